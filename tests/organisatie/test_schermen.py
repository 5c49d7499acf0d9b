"""The register screens through Django's test client: every flow of the issue, refusals and nothing half-saved."""

from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse

from registratie.models import (
    AangebodenOpleiding,
    AuditRegel,
    Contactgegevens,
    Onderwijsaanbieder,
    Onderwijslocatiegebruik,
)
from tests.helpers import factories


def _post(client, url, data):
    return client.post(url, data)


@pytest.mark.django_db
def test_mijn_organisatie_toont_de_boom(beheerder_client, bestuur, vandaag):
    a = factories.aanbieder(bestuur, naam="OBS De Regenboog")
    g = factories.locatiegebruik(bestuur)
    factories.bo_opleiding(a, locatie=g.locatie)
    r = beheerder_client.get(reverse("registratie:organisatie", args=[bestuur.code]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "OBS De Regenboog" in html and a.code in html and g.locatie.code in html
    assert "Basisonderwijs" in html


@pytest.mark.django_db
def test_aanbieder_toevoegen_via_scherm(beheerder_client, bestuur, vandaag):
    url = reverse("registratie:aanbieder_toevoegen", args=[bestuur.code])
    assert beheerder_client.get(url).status_code == 200
    brin = bestuur.bevoegd_gezag.instellingen.get(code="11AA")
    r = _post(beheerder_client, url, {"naam": "Basisschool Het Anker", "begindatum": "2026-11-28",
                                      "instellingen": [brin.pk]})
    assert r.status_code == 302, r.content.decode()[:3000]
    aanbieder = Onderwijsaanbieder.objects.get()
    assert r["Location"] == aanbieder.get_absolute_url()
    detail = beheerder_client.get(r["Location"])
    assert "Basisschool Het Anker" in detail.content.decode()


def _fouten(r) -> str:
    return r.content.decode()


@pytest.fixture
def geregistreerd(bestuur, vandaag):
    """A board with an aanbieder, a locatiegebruik and a BO offer there."""
    a = factories.aanbieder(bestuur, naam="OBS De Regenboog")
    g = factories.locatiegebruik(bestuur)
    ao = factories.bo_opleiding(a, locatie=g.locatie)
    return a, g, ao


@pytest.mark.django_db
def test_volledige_registratie_via_schermen(beheerder_client, bestuur, vandaag):
    """The issue's flow: aanbieder + BRIN4, locatie + BRIN6, BO opleiding with doelgroep, Algemeen contact."""
    c = beheerder_client
    brin4 = bestuur.bevoegd_gezag.instellingen.get(code="11AA")
    brin6 = brin4.vestigingen.get()
    r = c.post(reverse("registratie:aanbieder_toevoegen", args=[bestuur.code]),
               {"naam": "OBS De Regenboog", "begindatum": "28-11-2026", "instellingen": [brin4.pk]})
    assert r.status_code == 302, _fouten(r)
    aanbieder = Onderwijsaanbieder.objects.get()
    r = c.post(reverse("registratie:locatie_toevoegen", args=[bestuur.code]),
               {"postcode": brin6.postcode.lower()[:4] + " " + brin6.postcode[4:].lower(),
                "huisnummer": brin6.huisnummer, "huisnummertoevoeging": "", "begindatum": "2026-11-28",
                "vestiging": brin6.pk})
    assert r.status_code == 302, _fouten(r)
    gebruik = Onderwijslocatiegebruik.objects.get()
    assert gebruik.locatie.postcode == brin6.postcode  # stored without space, upper case
    assert gebruik.locatie.straatnaam == "Schoolstraat"  # taken from the BRIN6 with the same address
    r = c.post(reverse("registratie:opleiding_toevoegen", args=[aanbieder.code]) + "?sector=BO",
               {"opleiding": AangebodenOpleiding._meta.get_field("opleiding").related_model.objects.get(
                   naam="Basisonderwijs").pk, "locatie": gebruik.locatie.pk, "begindatum": "2026-11-28",
                "doelgroepBasisonderwijs": "BO", "onderwijsconcept": "DALTON", "eigen_naam": "Regenboog Dalton"})
    assert r.status_code == 302, _fouten(r)
    ao = AangebodenOpleiding.objects.get()
    assert {(k.naam, k.waarde) for k in ao.kenmerken.all()} == {("doelgroepBasisonderwijs", "BO"),
                                                                ("onderwijsconcept", "DALTON")}
    r = c.post(reverse("registratie:contact_toevoegen", args=["bestuur", bestuur.code]),
               {"context": "ALGEMEEN", "begindatum": vandaag.isoformat(), "email": "info@stichting.nl",
                "telefoonnummer": "050 123 4567", "website": "https://www.stichting.nl"})
    assert r.status_code == 302, _fouten(r)
    assert Contactgegevens.objects.get().bestuur == bestuur
    boom = c.get(reverse("registratie:organisatie", args=[bestuur.code])).content.decode()
    for verwacht in ("OBS De Regenboog", "Regenboog Dalton", gebruik.locatie.code, brin6.code, "info@stichting.nl"):
        assert verwacht in boom
    assert AuditRegel.objects.filter(bestuurcode=bestuur.code, actie="aangemaakt").count() == 5  # bestuur + 4


@pytest.mark.django_db
def test_geplande_naamswijziging_toont_beide_namen(beheerder_client, geregistreerd, vandaag):
    aanbieder, _, _ = geregistreerd
    url = reverse("registratie:aanbieder_wijzigen", args=[aanbieder.code])
    r = beheerder_client.post(url, {"versie": aanbieder.versie, "ingangsdatum": "2027-08-01",
                                    "naam": "IKC De Regenboog", "internationale_naam": ""})
    assert r.status_code == 302, _fouten(r)
    pagina = beheerder_client.get(aanbieder.get_absolute_url()).content.decode()
    assert "OBS De Regenboog" in pagina and "IKC De Regenboog" in pagina and "gepland" in pagina
    assert "31-07-2027" in pagina and "01-08-2027" in pagina
    later = beheerder_client.get(aanbieder.get_absolute_url() + "?peildatum=2027-08-01").content.decode()
    assert "<h1 class=\"mb-0\">IKC De Regenboog</h1>" in later


@pytest.mark.django_db
def test_locatiegebruik_beeindigen(beheerder_client, geregistreerd, vandaag):
    _, gebruik, ao = geregistreerd
    url = reverse("registratie:locatiegebruik_beeindigen", args=[gebruik.code])
    assert 'value="2027-07-31"' in beheerder_client.get(url).content.decode()  # 31 July proposed
    r = beheerder_client.post(url, {"versie": gebruik.versie, "einddatum": "2027-07-31"})
    assert r.status_code == 302, _fouten(r)
    gebruik.refresh_from_db()
    ao.refresh_from_db()
    assert gebruik.einddatum == date(2027, 7, 31)
    assert ao.einddatum == date(2027, 7, 31)
    assert gebruik.vestigingsrelaties.get().einddatum == date(2027, 7, 31)
    pagina = beheerder_client.get(gebruik.get_absolute_url()).content.decode()
    assert "eindigt 31-07-2027" in pagina


@pytest.mark.django_db
@pytest.mark.parametrize(("veld", "waarde", "melding"), [
    ("postcode", "0123AB", "geen geldige postcode"),
    ("postcode", "1234 A", "geen geldige postcode"),
    ("huisnummer", "12a", "Vul alleen cijfers in"),
    ("huisnummer", "0", "tussen 1 en 99999"),
    ("begindatum", "2019-08-01", "ligt in het verleden"),
    ("begindatum", "31-02-2022", "Vul een geldige datum in"),
])
def test_foute_locatie_invoer_wordt_geweigerd(beheerder_client, bestuur, vandaag, veld, waarde, melding):
    brin6 = bestuur.bevoegd_gezag.instellingen.get(code="11AA").vestigingen.get()
    data = {"postcode": "3511AB", "huisnummer": "12", "begindatum": "2026-11-28", "vestiging": brin6.pk, veld: waarde}
    voor = (Onderwijslocatiegebruik.objects.count(), AuditRegel.objects.count())
    r = beheerder_client.post(reverse("registratie:locatie_toevoegen", args=[bestuur.code]), data)
    assert r.status_code == 200
    assert melding in _fouten(r)
    assert "Het formulier is niet opgeslagen" in _fouten(r)
    assert (Onderwijslocatiegebruik.objects.count(), AuditRegel.objects.count()) == voor


@pytest.mark.django_db
def test_tweede_gebruik_van_dezelfde_locatie_wordt_geweigerd(beheerder_client, geregistreerd, bestuur, vandaag):
    _, gebruik, _ = geregistreerd
    vestiging = gebruik.vestigingsrelaties.get().vestiging
    r = beheerder_client.post(reverse("registratie:locatie_toevoegen", args=[bestuur.code]),
                              {"postcode": gebruik.locatie.postcode, "huisnummer": gebruik.locatie.huisnummer,
                               "begindatum": "2026-11-28", "vestiging": vestiging.pk})
    assert r.status_code == 200
    assert f"al (locatie {gebruik.locatie.code})" in _fouten(r)
    assert Onderwijslocatiegebruik.objects.count() == 1


@pytest.mark.django_db
def test_wijziging_in_het_verleden_en_einde_voor_begin_worden_geweigerd(beheerder_client, geregistreerd, vandaag):
    aanbieder, _, ao = geregistreerd
    r = beheerder_client.post(reverse("registratie:aanbieder_wijzigen", args=[aanbieder.code]),
                              {"versie": aanbieder.versie, "ingangsdatum": "2026-01-01", "naam": "Oud"})
    assert r.status_code == 200 and "ligt in het verleden" in _fouten(r)
    r = beheerder_client.post(reverse("registratie:opleiding_beeindigen", args=[ao.code]),
                              {"versie": ao.versie, "einddatum": "2020-07-31"})
    assert r.status_code == 200 and "ligt in het verleden" in _fouten(r)
    aanbieder.refresh_from_db()
    assert aanbieder.perioden.count() == 1 and aanbieder.perioden.get().naam == "OBS De Regenboog"


@pytest.mark.django_db
def test_kenmerk_niet_geldig_op_datum_en_ontbrekende_doelgroep(beheerder_client, geregistreerd, vandaag):
    aanbieder, _, _ = geregistreerd
    url = reverse("registratie:opleiding_toevoegen", args=[aanbieder.code]) + "?sector=BO"
    basis = {"opleiding": AangebodenOpleiding.objects.get().opleiding.pk, "begindatum": "2017-08-01"}
    r = beheerder_client.post(url, {**basis, "doelgroepBasisonderwijs": "BO"})
    assert "ligt in het verleden" in _fouten(r)  # a new offer starts today or later (rule 16)
    r = beheerder_client.post(url, {**basis, "begindatum": "2026-11-28"})
    assert r.status_code == 200 and "Doelgroep" in _fouten(r)
    assert AangebodenOpleiding.objects.count() == 1


@pytest.mark.django_db
def test_gelijktijdig_opslaan_geeft_conflict(client, beheerder, geregistreerd, vandaag):
    """Two people open the same aanbieder; the second save gets a conflict message, not an overwrite."""
    aanbieder, _, _ = geregistreerd
    url = reverse("registratie:aanbieder_wijzigen", args=[aanbieder.code])
    client.force_login(beheerder)
    gelezen_versie = aanbieder.versie
    eerste = client.post(url, {"versie": gelezen_versie, "ingangsdatum": vandaag.isoformat(), "naam": "Naam A"})
    assert eerste.status_code == 302
    tweede = client.post(url, {"versie": gelezen_versie, "ingangsdatum": vandaag.isoformat(), "naam": "Naam B"})
    assert tweede.status_code == 200
    assert "Iemand anders heeft deze gegevens gewijzigd" in _fouten(tweede)
    aanbieder.refresh_from_db()
    assert aanbieder.periode_op(vandaag).naam == "Naam A"


@pytest.mark.django_db
def test_lezer_kan_niets_wijzigen(client, lezer, geregistreerd, bestuur, vandaag):
    aanbieder, _, _ = geregistreerd
    client.force_login(lezer)
    assert client.get(aanbieder.get_absolute_url()).status_code == 200
    r = client.post(reverse("registratie:aanbieder_wijzigen", args=[aanbieder.code]),
                    {"versie": 1, "ingangsdatum": vandaag.isoformat(), "naam": "Gekaapt"})
    assert r.status_code == 403
    assert "RIO beheren onderwijsaanbieder" in r.content.decode()
    aanbieder.refresh_from_db()
    assert aanbieder.periode_op(vandaag).naam == "OBS De Regenboog"


@pytest.mark.django_db
def test_ander_bestuur_ziet_niets(client, geregistreerd, ander_bestuur, vandaag):
    aanbieder, gebruik, ao = geregistreerd
    client.force_login(factories.gebruiker_met_rollen("ander", ander_bestuur))
    for url in (aanbieder.get_absolute_url(), gebruik.get_absolute_url(), ao.get_absolute_url(),
                reverse("registratie:organisatie", args=[aanbieder.bestuur.code]),
                reverse("registratie:aanbieder_wijzigen", args=[aanbieder.code])):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_locatie_zonder_adres_neemt_adres_van_vestiging(beheerder_client, bestuur, vandaag):
    brin6 = bestuur.bevoegd_gezag.instellingen.get(code="11AB").vestigingen.get()
    r = beheerder_client.post(reverse("registratie:locatie_toevoegen", args=[bestuur.code]),
                              {"postcode": "", "huisnummer": "", "begindatum": "2026-11-28", "vestiging": brin6.pk})
    assert r.status_code == 302, _fouten(r)
    locatie = Onderwijslocatiegebruik.objects.get().locatie
    assert (locatie.postcode, locatie.huisnummer, locatie.straatnaam) == (brin6.postcode, brin6.huisnummer,
                                                                         "Schoolstraat")


@pytest.mark.django_db
def test_koppelingen_beeindigen_via_scherm(beheerder_client, geregistreerd, bestuur, vandaag):
    aanbieder, gebruik, _ = geregistreerd
    enige = aanbieder.juridische_relaties.get()
    url = reverse("registratie:relatie_beeindigen", args=[aanbieder.code, enige.pk])
    r = beheerder_client.post(url, {"einddatum": "2027-07-31"})
    assert r.status_code == 200 and "minstens één relatie" in _fouten(r)
    tweede = bestuur.bevoegd_gezag.instellingen.get(code="11AB")
    r = beheerder_client.post(reverse("registratie:relatie_toevoegen", args=[aanbieder.code]),
                              {"instelling": tweede.pk, "begindatum": vandaag.isoformat()})
    assert r.status_code == 302, _fouten(r)
    assert beheerder_client.post(url, {"einddatum": "2027-07-31"}).status_code == 302
    enige.refresh_from_db()
    assert enige.einddatum == date(2027, 7, 31)
    vestiging = gebruik.vestigingsrelaties.get()
    r = beheerder_client.post(reverse("registratie:vestiging_beeindigen", args=[gebruik.code, vestiging.pk]),
                              {"einddatum": "2027-07-31"})
    assert r.status_code == 200 and "minstens één vestigingserkenning" in _fouten(r)
    assert beheerder_client.get(reverse("registratie:vestiging_beeindigen", args=[gebruik.code, 99999])
                                ).status_code == 404


@pytest.mark.parametrize(("begin", "einde", "peildatum", "verwacht"), [
    (date(2024, 8, 1), None, date(2025, 1, 1), '<span class="badge text-bg-success">actief</span>'),
    (date(2024, 8, 1), date(2025, 7, 31), date(2025, 1, 1),
     '<span class="badge text-bg-success">actief</span> <span class="badge text-bg-warning">eindigt 31-07-2025</span>'),
    (date(2025, 8, 1), None, date(2025, 1, 1), '<span class="badge text-bg-info">vanaf 01-08-2025</span>'),
    (date(2024, 8, 1), date(2024, 12, 31), date(2025, 1, 1),
     '<span class="badge text-bg-secondary">beëindigd per 31-12-2024</span>'),
])
def test_statuslabel_per_stand(begin, einde, peildatum, verwacht):
    obj = Onderwijsaanbieder(code="100A001", begindatum=begin, einddatum=einde)
    html = Template("{% load rio %}{% status obj peildatum %}").render(Context({"obj": obj, "peildatum": peildatum}))
    assert html == verwacht
