"""Issue 18 §2: the soort of school DUO recognised drives what may be offered (rio-po.md §1.9-1.10a): BO at a BAO
or SBO, SO at an SO or (V)SO school, VSO at a VSO or (V)SO school; a mismatch is refused with the reason. The
cluster is named in the reason but decides nothing (rio-po.md ties no opleiding or doelgroep to it). A real
special school's board, imported from DUO's file, completes its registration through the screens."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from kern.fouten import RegelFout
from registratie.importer.lezen import BESTUREN_BESTAND, SPECIAAL_BESTAND
from registratie.models import AangebodenOpleiding, Instellingserkenning, Onderwijsaanbieder, Onderwijsbestuur
from registratie.services import opleiding as opleiding_services
from tests.helpers import factories

OPLEIDING = {"BO": "Basisonderwijs", "SO": "Speciaal onderwijs regulier", "VSO": "Vso-vervolgonderwijs"}
PAST = {"BAO": {"BO"}, "SBO": {"BO"}, "SO": {"SO"}, "VSO": {"VSO"}, "(V)SO": {"SO", "VSO"}}


def _kenmerken(sector: str, soort: str) -> dict[str, list[str]]:
    if sector == "BO":
        return {"doelgroepBasisonderwijs": ["SBO" if soort == "SBO" else "BO"]}
    return {"doelgroepSpeciaalOnderwijs": ["ZEER_MOEILIJK_OPVOEDBAAR"]}


@pytest.mark.django_db
@pytest.mark.parametrize("soort", list(PAST))
@pytest.mark.parametrize("sector", list(OPLEIDING))
def test_elke_soort_krijgt_precies_het_aanbod_dat_erbij_past(bestuur, soort, sector):
    Instellingserkenning.objects.filter(code="11AA").update(soort=soort, cluster="" if soort == "SBO" else "4")
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    voor = factories.stand()

    def registreer():
        return opleiding_services.registreer_aangeboden_opleiding(
            aanbieder, door="test", opleiding=factories.opleiding_naam(OPLEIDING[sector]), locatie=None,
            begindatum=aanbieder.begindatum, kenmerken=_kenmerken(sector, soort))

    if sector in PAST[soort]:
        assert AangebodenOpleiding.objects.filter(pk=registreer().pk).exists()
        return
    with pytest.raises(RegelFout) as fout:
        registreer()
    bericht = " ".join(fout.value.message_dict["opleiding"])
    label = Instellingserkenning.Soort(soort).label
    assert f"11AA is een {label}" in bericht and "past niet bij de school" in bericht
    assert ("(cluster 4)" in bericht) == (soort != "SBO")  # the cluster is named, so the reader sees it all
    assert "Kies een opleiding die bij de school past" in bericht  # and how to fix it
    assert factories.stand() == voor


@pytest.mark.django_db
@pytest.mark.parametrize("doelgroep", ["VISUEEL_GEHANDICAPT", "MOEILIJK_LEREND", "ZEER_MOEILIJK_OPVOEDBAAR"])
def test_cluster_weigert_geen_doelgroep(bestuur, doelgroep):
    """rio-po.md lists soCluster on the erkenning but no rule tying doelgroepen to it: nothing is refused."""
    Instellingserkenning.objects.filter(code="11AA").update(soort="SO", cluster="4")
    aanbieder = factories.aanbieder(bestuur, brin4="11AA")
    ao = opleiding_services.registreer_aangeboden_opleiding(
        aanbieder, door="test", opleiding=factories.opleiding_naam("Speciaal onderwijs regulier"), locatie=None,
        begindatum=aanbieder.begindatum, kenmerken={"doelgroepSpeciaalOnderwijs": [doelgroep]})
    assert {k.waarde for k in ao.kenmerken.all()} == {doelgroep}


@pytest.fixture
def so_bestuur(db):
    """Board 20233 (Onderwijscentrum Leijpark) as DUO's special-school file and board list give it."""
    call_command("importeer_duo_open_data", str(SPECIAAL_BESTAND), str(BESTUREN_BESTAND), "--peildatum",
                 "2026-08-01", stdout=io.StringIO())
    return Onderwijsbestuur.objects.get(bevoegd_gezag__nummer="20233")


def _tekst(antwoord) -> str:
    return antwoord.content.decode()


@pytest.mark.django_db
def test_speciale_school_registreert_so_en_vso_via_de_schermen(client, so_bestuur, vandaag):
    client.force_login(factories.gebruiker_met_rollen("leijpark", so_bestuur))
    [school] = so_bestuur.bevoegd_gezag.instellingen.all()
    [vestiging] = school.vestigingen.all()
    assert school.soort == "(V)SO" and so_bestuur.kvk_nummer  # from DUO, with the board's real KvK number
    pagina = _tekst(client.get(reverse("registratie:organisatie", args=[so_bestuur.code])))
    assert so_bestuur.bevoegd_gezag.naam in pagina

    antwoord = client.post(reverse("registratie:aanbieder_toevoegen", args=[so_bestuur.code]),
                           {"naam": school.naam, "begindatum": vandaag.isoformat(), "instellingen": [school.pk]})
    assert antwoord.status_code == 302, _tekst(antwoord)[:3000]
    aanbieder = Onderwijsaanbieder.objects.get(bestuur=so_bestuur)
    antwoord = client.post(reverse("registratie:locatie_toevoegen", args=[so_bestuur.code]),
                           {"postcode": vestiging.postcode, "huisnummer": vestiging.huisnummer,
                            "huisnummertoevoeging": vestiging.huisnummertoevoeging,
                            "begindatum": vandaag.isoformat(), "vestiging": vestiging.pk})
    assert antwoord.status_code == 302, _tekst(antwoord)[:3000]
    locatie = so_bestuur.locatiegebruiken.get().locatie

    def bied_aan(sector: str, opleiding: str, kenmerken: dict):
        return client.post(reverse("registratie:opleiding_toevoegen", args=[aanbieder.code]) + f"?sector={sector}",
                           {"opleiding": factories.opleiding_naam(opleiding).pk, "locatie": locatie.pk,
                            "begindatum": vandaag.isoformat(), "eigen_naam": "", "internationale_naam": "",
                            "omschrijving": "", **kenmerken})

    # Basisonderwijs does not fit a (V)SO school: refused with the reason, nothing saved.
    fout = bied_aan("BO", "Basisonderwijs", {"doelgroepBasisonderwijs": "BO"})
    assert fout.status_code in (200, 400)
    assert "past niet bij de school" in _tekst(fout) and "((V)SO)" in _tekst(fout)
    assert not AangebodenOpleiding.objects.exists()
    # SO and VSO do: the board completes its registration.
    for sector, opleiding in (("SO", "Speciaal onderwijs zml/mg"), ("VSO", "Vso-vervolgonderwijs")):
        antwoord = bied_aan(sector, opleiding, {"doelgroepSpeciaalOnderwijs": ["MOEILIJK_LEREND"]})
        assert antwoord.status_code == 302, _tekst(antwoord)[:3000]
    assert {ao.opleiding.sector for ao in AangebodenOpleiding.objects.filter(aanbieder=aanbieder)} == {"SO", "VSO"}
    pagina = _tekst(client.get(reverse("registratie:organisatie", args=[so_bestuur.code])))
    assert "Speciaal onderwijs zml/mg" in pagina and "Vso-vervolgonderwijs" in pagina
