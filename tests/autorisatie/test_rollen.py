"""The Beheerder PO hands out RIO roles: grant, bundle, end, announce, review; refusals change nothing."""

import io

import openpyxl
import pytest
from django.urls import reverse

from autorisatie import toegang
from autorisatie.models import Roltoewijzing
from autorisatie.rollen import GEBRUIKERSROLLEN, Rol
from autorisatie.toegang import Actie
from registratie.models import AuditRegel
from tests.helpers import factories


def _url(bestuur, naam="autorisatie:rollen", *args):
    return reverse(naam, args=[bestuur.code, *args])


@pytest.mark.django_db
def test_po_geeft_collega_rol_en_collega_mag_daarna_wijzigen(po_client, bestuur, vandaag):
    jan = factories.collega("jan", bestuur)
    assert not toegang.mag(jan, Actie.BEHEREN_AANBIEDER, bestuur)
    r = po_client.post(_url(bestuur), {"formulier": "toekennen", "gebruiker": jan.pk,
                                       "rol": Rol.BEHEREN_ONDERWIJSAANBIEDER.value, "begindatum": vandaag.isoformat()})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert toegang.mag(jan, Actie.BEHEREN_AANBIEDER, bestuur)
    assert not toegang.mag(jan, Actie.BEHEREN_OPLEIDING, bestuur)
    regel = AuditRegel.objects.get(objecttype="roltoewijzing", actie="aangemaakt")
    assert regel.bestuurcode == bestuur.code and regel.gebruikersnaam == "po" and "jan" in regel.omschrijving


@pytest.mark.django_db
def test_bundel_alle_rio_rollen_aan_zichzelf(po_client, po, bestuur, vandaag):
    r = po_client.post(_url(bestuur), {"formulier": "toekennen", "gebruiker": po.pk, "rol": "ALLE_RIO_ROLLEN",
                                       "begindatum": vandaag.isoformat()})
    assert r.status_code == 302
    gekregen = set(Roltoewijzing.objects.filter(gebruiker=po, rol__in=GEBRUIKERSROLLEN).values_list("rol", flat=True))
    assert gekregen == {r.value for r in GEBRUIKERSROLLEN}


@pytest.mark.django_db
def test_herhaald_formulier_geeft_geen_dubbele_rol(po_client, bestuur, vandaag):
    jan = factories.collega("jan", bestuur)
    data = {"formulier": "toekennen", "gebruiker": jan.pk, "rol": Rol.BEHEREN_CONTACTADRES.value,
            "begindatum": vandaag.isoformat()}
    assert po_client.post(_url(bestuur), data).status_code == 302
    voor = AuditRegel.objects.count()
    herhaald = po_client.post(_url(bestuur), data)
    assert herhaald.status_code == 200 and "heeft de rol" in herhaald.content.decode()
    assert Roltoewijzing.objects.filter(gebruiker=jan).count() == 1 and AuditRegel.objects.count() == voor


@pytest.mark.django_db
def test_persoon_van_andere_organisatie_krijgt_geen_rol(po_client, bestuur, ander_bestuur, vandaag):
    vreemde = factories.collega("vreemde", ander_bestuur)
    r = po_client.post(_url(bestuur), {"formulier": "toekennen", "gebruiker": vreemde.pk,
                                       "rol": Rol.BEHEREN_CONTACTADRES.value, "begindatum": vandaag.isoformat()})
    assert r.status_code == 200
    assert not Roltoewijzing.objects.filter(gebruiker=vreemde).exists()


@pytest.mark.django_db
def test_po_beeindigt_rol_en_toegang_stopt_direct(po_client, po, bestuur, vandaag):
    from autorisatie import services

    jan = factories.collega("jan", bestuur)
    [rol] = services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_ONDERWIJSAANBIEDER],
                                    begindatum=vandaag)
    r = po_client.post(_url(bestuur, "autorisatie:rol_beeindigen", rol.pk))
    assert r.status_code == 302
    assert not toegang.mag(jan, Actie.BEHEREN_AANBIEDER, bestuur)
    assert AuditRegel.objects.filter(objecttype="roltoewijzing", actie="beeindigd").count() == 1


@pytest.mark.django_db
def test_aangekondigde_collega(po_client, bestuur, vandaag):
    from autorisatie import services

    r = po_client.post(_url(bestuur), {"email": "Piet@School.nl", "rol": Rol.BEHEREN_CONTACTADRES.value,
                                       "begindatum": vandaag.isoformat()})
    assert r.status_code == 302, r.content.decode()[:2000]
    piet = factories.collega("piet", bestuur)
    piet.email = "piet@school.nl"
    piet.save()
    assert services.koppel_aankondigingen(piet, bestuur, email_geverifieerd=True) == 1
    assert toegang.mag(piet, Actie.BEHEREN_CONTACT, bestuur)


@pytest.mark.django_db
def test_overzicht_en_xlsx(po_client, po, bestuur, vandaag):
    from autorisatie import services

    jan = factories.collega("jan", bestuur)
    jan.first_name, jan.last_name = "=HYPERLINK(\"x\")", "Jansen"
    jan.save()
    services.ken_rollen_toe(bestuur, door=po, gebruiker=jan, rollen=[Rol.BEHEREN_ONDERWIJSAANBIEDER],
                            begindatum=vandaag)
    pagina = po_client.get(_url(bestuur)).content.decode()
    assert "RIO beheren onderwijsaanbieder" in pagina and "nog nooit" in pagina
    r = po_client.get(_url(bestuur, "autorisatie:rollen_xlsx"))
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    blad = openpyxl.load_workbook(io.BytesIO(r.content))["Rollen"]
    rijen = [[c.value for c in rij] for rij in blad.iter_rows()]
    assert rijen[0][:4] == ["Gebruiker", "Naam", "E-mail", "Rol"]
    jan_rij = next(rij for rij in rijen if rij[0] == "jan")
    assert jan_rij[1].startswith("'=HYPERLINK")  # formula injection neutralised
    assert jan_rij[3] == "RIO beheren onderwijsaanbieder" and jan_rij[4] == bestuur.code
    assert blad.freeze_panes == "A2"


@pytest.mark.django_db
def test_collega_zonder_beheerdersrol_mag_geen_rollen_geven(client, beheerder, bestuur, vandaag):
    """Holding all eight gebruikersrollen is not the same as being Beheerder PO."""
    client.force_login(beheerder)
    r = client.get(_url(bestuur))
    assert r.status_code == 403
    assert "Beheerder RIO Algemeen" in r.content.decode()
