"""The Corrigeren screens (docs/adr/0008-correcties.md): only DUO reaches them; a board sees how to ask for one;
the history marks a correction with its reason and shows the object as known on a date."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from registratie.models import AuditRegel
from registratie.services import correctie
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories

REDEN = "Oprichtingsakte van 1 september 2021"


@pytest.fixture
def duo_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("duo", "duo@example.test", "geheim-wachtwoord"))
    return client


@pytest.fixture
def aanbieder(bestuur, vandaag):
    return factories.aanbieder(bestuur)


def _url(aanbieder) -> str:
    return reverse("registratie:corrigeren", args=["aanbieder", aanbieder.code])


def test_beheerder_van_het_bestuur_kan_niet_corrigeren(beheerder_client, aanbieder):
    """All eight gebruikersrollen of the board are not enough: the past is DUO's; a forged POST changes nothing."""
    periode = aanbieder.perioden.get()
    voor = factories.stand()
    assert beheerder_client.get(_url(aanbieder)).status_code == 403
    assert beheerder_client.post(_url(aanbieder), {"begindatum": "2021-09-01", "reden": REDEN}).status_code == 403
    periode_url = reverse("registratie:periode_corrigeren", args=["aanbieder", aanbieder.code, periode.pk])
    assert beheerder_client.post(periode_url, {"begindatum": "2021-08-01", "naam": "X", "reden": REDEN}
                                 ).status_code == 403
    assert factories.stand() == voor
    pagina = beheerder_client.get(aanbieder.get_absolute_url()).content.decode()
    assert "Vraag een correctie aan" in pagina
    assert _url(aanbieder) not in pagina


def test_ander_bestuur_en_anoniem_komen_er_niet(client, aanbieder, ander_bestuur):
    client.force_login(factories.gebruiker_met_rollen("b", ander_bestuur))
    assert client.get(_url(aanbieder)).status_code == 403
    client.logout()
    assert client.get(_url(aanbieder)).status_code == 302  # to the login page


def test_duo_corrigeert_begindatum_en_de_historie_toont_correctie_met_reden(duo_client, aanbieder, bestuur):
    assert _url(aanbieder) in duo_client.get(aanbieder.get_absolute_url()).content.decode()  # the Corrigeren button

    r = duo_client.post(_url(aanbieder), {"versie": aanbieder.versie, "begindatum": "2021-09-01", "reden": REDEN})

    assert r.status_code == 302, r.content.decode()
    aanbieder.refresh_from_db()
    assert aanbieder.begindatum == date(2021, 9, 1)
    regel = AuditRegel.objects.filter(objectcode=aanbieder.code).first()
    assert (regel.actie, regel.reden) == (AuditRegel.Actie.CORRECTIE, REDEN)
    historie = duo_client.get(reverse("registratie:historie", args=[bestuur.code])).content.decode()
    assert ">correctie</span>" in historie
    assert f"Reden: {REDEN}" in historie


def test_correctie_zonder_reden_wordt_geweigerd_en_niets_opgeslagen(duo_client, aanbieder):
    voor = factories.stand()
    r = duo_client.post(_url(aanbieder), {"versie": aanbieder.versie, "begindatum": "2021-09-01", "reden": ""})
    assert r.status_code == 200
    assert "Vul de reden van de correctie in" in r.content.decode()
    assert factories.stand() == voor


def test_periode_correctie_die_overlapt_wordt_geweigerd(duo_client, aanbieder, beheerder, vandaag):
    from registratie.services import organisatie as org

    org.wijzig_aanbieder(aanbieder, door=beheerder, versie=ZONDER_VERSIECONTROLE, ingangsdatum=vandaag,
                         naam="Nieuwe naam",
                         internationale_naam="", groep=None)
    tweede = aanbieder.perioden.order_by("begindatum").last()
    url = reverse("registratie:periode_corrigeren", args=["aanbieder", aanbieder.code, tweede.pk])
    voor = factories.stand()
    aanbieder.refresh_from_db()
    r = duo_client.post(url, {"versie": aanbieder.versie, "begindatum": "2021-08-01", "naam": "Nieuwe naam",
                              "reden": REDEN})
    assert r.status_code == 200
    assert "overlappen" in r.content.decode()
    assert factories.stand() == voor


def test_bekend_op_toont_voor_de_correctie_het_oude_en_erna_het_nieuwe(duo_client, aanbieder, time_machine):
    time_machine.move_to("2026-12-02 10:00:00+01:00", tick=False)
    duo_client.post(_url(aanbieder), {"versie": aanbieder.versie, "begindatum": "2021-09-01", "reden": REDEN})

    ervoor = duo_client.get(_url(aanbieder), {"bekend_op": "2026-11-30"}).content.decode()
    erna = duo_client.get(_url(aanbieder), {"bekend_op": "2026-12-02"}).content.decode()
    assert "levensduur <strong>01-08-2021</strong>" in ervoor
    assert "levensduur <strong>01-09-2021</strong>" in erna


@pytest.mark.parametrize("soort", ["groep", "aanbieder", "locatiegebruik", "opleiding", "contact"])
def test_elke_objectpagina_toont_bekend_op_naast_geldig_op(client, objecten_van_b, soort, time_machine):
    """Formal history on every object's own page, for the board's own people (not only on DUO's correction
    page): before DUO's correction the register knew the old value, after it the corrected one."""
    obj = {"groep": objecten_van_b["groep"], "aanbieder": objecten_van_b["aanbieder"],
           "locatiegebruik": objecten_van_b["gebruik"], "opleiding": objecten_van_b["opleiding"],
           "contact": objecten_van_b["contact"]}[soort]
    client.force_login(factories.beheerder_po("beheerder_b", objecten_van_b["bestuur"]))
    time_machine.move_to("2026-12-02 10:00:00+01:00", tick=False)
    obj.refresh_from_db()
    if hasattr(obj, "perioden"):  # a wrong name in the past
        veld = "eigen_naam" if soort == "opleiding" else "naam"
        correctie.corrigeer_periode(obj.perioden.get(), door="duo", reden=REDEN, **{veld: "Juist gespeld"})
        nieuw = "<td>Juist gespeld</td>"
    else:  # a wrong end
        correctie.corrigeer_levensduur(obj, door="duo", begindatum=obj.begindatum, einddatum=date(2030, 7, 31),
                                       reden=REDEN)
        nieuw = "t/m <strong>31-07-2030</strong>"
    ervoor = client.get(obj.get_absolute_url(), {"bekend_op": "2026-12-01"}).content.decode()
    erna = client.get(obj.get_absolute_url(), {"bekend_op": "2026-12-02"}).content.decode()
    assert 'id="bekend-op-kop"' in ervoor and "Bekend op 01-12-2026" in ervoor
    assert nieuw not in ervoor.split('id="bekend-op-kop"', 1)[1].split("</section>", 1)[0]
    assert nieuw in erna.split('id="bekend-op-kop"', 1)[1].split("</section>", 1)[0]
    assert REDEN in erna  # the audit line, marked as a correction, with its reason
