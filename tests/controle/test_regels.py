"""Each controleregel: a board with the defect shows the exact signal, and the signal disappears once the
defect is fixed through the screen its fix link points to (a POST to that screen's form)."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from autorisatie.models import Organisatielid, Roltoewijzing
from autorisatie.rollen import Rol
from controle.regels import REGELS, lijkt_persoonlijk
from registratie.models import AanbiederPeriode, Kenmerk, Opleiding
from registratie.services import contact as contact_services
from registratie.services import organisatie as organisatie_services
from registratie.services.vergrendeling import ZONDER_VERSIECONTROLE
from tests.helpers import factories

pytestmark = pytest.mark.usefixtures("zonder_fragmentcache")  # reads the screen's context; data changed directly


def signalen(client, bestuur, regel: str | None = None, peildatum: str = ""):
    """The signals the check screen shows (from its context), after asserting each message is on the page."""
    url = reverse("controle:bestuur", args=[bestuur.code]) + (f"?peildatum={peildatum}" if peildatum else "")
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    pagina = antwoord.content.decode()
    gevonden = antwoord.context["controle"].signalen
    for s in gevonden:
        assert html.escape(s.bericht) in pagina, s.bericht
    return [s for s in gevonden if regel is None or s.regel == regel]


def enige(client, bestuur, regel: str):
    lijst = signalen(client, bestuur, regel)
    assert len(lijst) == 1, [s.bericht for s in lijst]
    return lijst[0]


def post_ok(client, url: str, data: dict) -> None:
    antwoord = client.post(url, data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]


@pytest.mark.django_db
def test_schoon_bestuur_heeft_geen_signalen_en_score_100(beheerder_client, schoon_bestuur):
    antwoord = beheerder_client.get(reverse("controle:bestuur", args=[schoon_bestuur.code]))
    controle = antwoord.context["controle"]
    assert controle.signalen == []
    assert controle.score == 100
    assert 'id="score">100%<' in antwoord.content.decode()


@pytest.mark.django_db
def test_aanbieder_zonder_opleiding(beheerder_client, schoon_bestuur, vandaag):
    aanbieder = factories.aanbieder(schoon_bestuur, naam="Nieuwe School", brin4="11AA")
    s = enige(beheerder_client, schoon_bestuur, "AANBIEDER_ZONDER_OPLEIDING")
    assert s.bericht == (f"Onderwijsaanbieder {aanbieder.code} heeft op 28-11-2026 geen aangeboden opleiding. "
                         "In het po heeft elke aanbieder er minstens één.")
    assert s.ernst == "fout" and s.object.code == aanbieder.code
    assert s.herstel.url == reverse("registratie:opleiding_toevoegen", args=[aanbieder.code])
    post_ok(beheerder_client, s.herstel.url + "?sector=BO", {
        "opleiding": Opleiding.objects.get(naam="Basisonderwijs").pk, "begindatum": vandaag.isoformat(),
        "doelgroepBasisonderwijs": "BO"})
    assert signalen(beheerder_client, schoon_bestuur, "AANBIEDER_ZONDER_OPLEIDING") == []


@pytest.mark.django_db
def test_bestuur_zonder_locatie(beheerder_client, bestuur, vandaag):
    s = enige(beheerder_client, bestuur, "BESTUUR_ZONDER_LOCATIE")
    assert s.bericht == ("Het bestuur gebruikt op 28-11-2026 geen onderwijslocatie. In het po is minstens één "
                         "onderwijslocatie verplicht.")
    assert s.herstel.url == reverse("registratie:locatie_toevoegen", args=[bestuur.code])
    vestiging = bestuur.bevoegd_gezag.instellingen.get(code="11AA").vestigingen.get()
    post_ok(beheerder_client, s.herstel.url, {"vestiging": vestiging.pk, "begindatum": vandaag.isoformat()})
    assert signalen(beheerder_client, bestuur, "BESTUUR_ZONDER_LOCATIE") == []


@pytest.mark.django_db
def test_locatiegebruik_zonder_brin6(beheerder_client, schoon_bestuur, vandaag):
    gebruik = schoon_bestuur.locatiegebruiken.order_by("locatie__code").first()
    vestiging = gebruik.vestigingsrelaties.get().vestiging
    gebruik.vestigingsrelaties.all().delete()  # e.g. an import without vestiging; the screens refuse this
    s = enige(beheerder_client, schoon_bestuur, "LOCATIE_ZONDER_BRIN6")
    assert s.bericht == (f"Locatie {gebruik.locatie.code} ({gebruik.locatie.adres}) is op 28-11-2026 niet "
                         "gekoppeld aan een vestigingserkenning (BRIN6).")
    assert s.object.soort == "Onderwijslocatiegebruik" and s.object.code == gebruik.code
    assert s.herstel.url == reverse("registratie:vestiging_toevoegen", args=[gebruik.code])
    assert [x.bericht for x in signalen(beheerder_client, schoon_bestuur, "BRIN6_NIET_GEBRUIKT")] == [
        f"Vestigingserkenning {vestiging.code} ({vestiging.naam}) hoort op 28-11-2026 bij geen enkele "
        "onderwijslocatie."]
    post_ok(beheerder_client, s.herstel.url, {"vestiging": vestiging.pk, "begindatum": vandaag.isoformat()})
    assert signalen(beheerder_client, schoon_bestuur) == []


@pytest.mark.django_db
def test_brin4_niet_gebruikt(beheerder_client, bestuur, vandaag):
    a = factories.aanbieder(bestuur, naam="School 11AA", brin4="11AA")
    factories.bo_opleiding(a, locatie=factories.locatiegebruik(bestuur, brin6="11AA00").locatie)
    s = enige(beheerder_client, bestuur, "BRIN4_NIET_GEBRUIKT")
    assert s.bericht == ("Instellingserkenning 11AB (School 11AB) hoort op 28-11-2026 bij geen enkele "
                         "onderwijsaanbieder.")
    assert s.ernst == "waarschuwing"
    assert s.herstel.url == reverse("registratie:aanbieder_toevoegen", args=[bestuur.code])
    brin = bestuur.bevoegd_gezag.instellingen.get(code="11AB")
    post_ok(beheerder_client, s.herstel.url, {"naam": "School 11AB", "begindatum": vandaag.isoformat(),
                                             "instellingen": [brin.pk]})
    assert signalen(beheerder_client, bestuur, "BRIN4_NIET_GEBRUIKT") == []


@pytest.mark.django_db
def test_brin6_niet_gebruikt(beheerder_client, bestuur, vandaag):
    for code in ("11AA", "11AB"):
        factories.bo_opleiding(factories.aanbieder(bestuur, naam=f"School {code}", brin4=code))
    factories.locatiegebruik(bestuur, brin6="11AA00")
    s = enige(beheerder_client, bestuur, "BRIN6_NIET_GEBRUIKT")
    vestiging = bestuur.bevoegd_gezag.instellingen.get(code="11AB").vestigingen.get()
    assert s.bericht == (f"Vestigingserkenning 11AB00 ({vestiging.naam}) hoort op 28-11-2026 bij geen enkele "
                         "onderwijslocatie.")
    assert s.herstel.url == reverse("registratie:locatie_toevoegen", args=[bestuur.code])
    post_ok(beheerder_client, s.herstel.url, {"vestiging": vestiging.pk, "begindatum": vandaag.isoformat()})
    assert signalen(beheerder_client, bestuur, "BRIN6_NIET_GEBRUIKT") == []


@pytest.mark.django_db
def test_geen_algemeen_contact(beheerder_client, schoon_bestuur, vandaag):
    schoon_bestuur.contactgegevens.all().delete()
    s = enige(beheerder_client, schoon_bestuur, "GEEN_ALGEMEEN_CONTACT")
    assert s.bericht == ("Het bestuur heeft op 28-11-2026 geen contactgegevens voor de context Algemeen. Zonder "
                         "Algemeen toont RIO de gegevens uit het Handelsregister.")
    assert s.herstel.url == reverse("registratie:contact_toevoegen", args=["bestuur", schoon_bestuur.code])
    post_ok(beheerder_client, s.herstel.url, {"context": "ALGEMEEN", "begindatum": vandaag.isoformat(),
                                             "email": "info@stichting.example"})
    assert signalen(beheerder_client, schoon_bestuur) == []


@pytest.mark.django_db
def test_gat_in_perioden_hersteld_door_geplande_wijziging_te_annuleren(beheerder_client, schoon_bestuur, vandaag):
    aanbieder = schoon_bestuur.aanbieders.order_by("code").first()
    eerste = aanbieder.perioden.get()
    eerste.einddatum = date(2027, 1, 31)
    eerste.save()
    later = AanbiederPeriode.objects.create(aanbieder=aanbieder, begindatum=date(2027, 3, 1), naam="Later")
    s = enige(beheerder_client, schoon_bestuur, "PERIODEN_SLUITEN_AAN")
    assert s.bericht == "Tussen 31-01-2027 en 01-03-2027 ligt een gat."
    assert s.object.code == aanbieder.code and s.herstel.url == aanbieder.get_absolute_url()
    # The fix link opens the timeline; its 'Annuleer geplande wijziging' form closes the gap.
    tijdlijn = beheerder_client.get(s.herstel.url).content.decode()
    annuleer = reverse("registratie:annuleer_wijziging", args=["aanbieder", aanbieder.code, later.pk])
    assert f'action="{annuleer}"' in tijdlijn
    post_ok(beheerder_client, annuleer, {})
    assert signalen(beheerder_client, schoon_bestuur) == []


@pytest.mark.django_db
def test_overlappende_perioden(beheerder_client, schoon_bestuur, vandaag):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL refuses overlapping periods itself (exclusion constraint)")
    aanbieder = schoon_bestuur.aanbieders.order_by("code").first()
    AanbiederPeriode.objects.create(aanbieder=aanbieder, begindatum=date(2024, 8, 1), naam="Dubbel")
    berichten = [s.bericht for s in signalen(beheerder_client, schoon_bestuur, "PERIODEN_SLUITEN_AAN")]
    assert berichten == ["De perioden vanaf 01-08-2021 en 01-08-2024 overlappen."]


@pytest.mark.django_db
def test_opleiding_buiten_levensduur_aanbieder(beheerder_client, schoon_bestuur, vandaag):
    aanbieder = schoon_bestuur.aanbieders.order_by("code").first()
    organisatie_services.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE,
                                            einddatum=date(2027, 7, 31))
    ao = aanbieder.aangeboden_opleidingen.get()
    ao.einddatum = None  # as an older import left it: the offer runs on after its school
    ao.save()
    ao.perioden.update(einddatum=None)
    s = enige(beheerder_client, schoon_bestuur, "OPLEIDING_BINNEN_AANBIEDER")
    assert s.bericht == ("De aangeboden opleiding moet uiterlijk op de einddatum van onderwijsaanbieder "
                         "(31-07-2027) eindigen.")
    assert s.herstel.url == reverse("registratie:opleiding_beeindigen", args=[ao.code])
    ao.refresh_from_db()
    post_ok(beheerder_client, s.herstel.url, {"versie": ao.versie, "einddatum": "2027-07-31"})
    assert signalen(beheerder_client, schoon_bestuur) == []


@pytest.mark.django_db
def test_kenmerk_niet_geldig(beheerder_client, schoon_bestuur, vandaag):
    ao = schoon_bestuur.aanbieders.order_by("code").first().aangeboden_opleidingen.get()
    Kenmerk.objects.create(aangeboden_opleiding=ao, naam="onderwijsconcept", waarde="STEINER", begindatum=ao.begindatum)
    s = enige(beheerder_client, schoon_bestuur, "KENMERK_GELDIG")
    assert s.bericht == "Onderwijsconcept: 'STEINER' is geen geldige waarde."
    assert s.herstel.url == reverse("registratie:opleiding_wijzigen", args=[ao.code])
    ao.refresh_from_db()
    post_ok(beheerder_client, s.herstel.url, {"versie": ao.versie, "ingangsdatum": vandaag.isoformat(),
                                             "doelgroepBasisonderwijs": "BO", "onderwijsconcept": "DALTON"})
    assert signalen(beheerder_client, schoon_bestuur) == []


@pytest.mark.django_db
def test_kenmerkwaarde_niet_geldig_op_de_datums(beheerder_client, bestuur, vandaag):
    """Tienerschool exists from 1-8-2018: an offer from 2017 cannot carry it (rule 12, K01051)."""
    bestuur.begindatum = date(2015, 8, 1)
    bestuur.save()
    bestuur.perioden.update(begindatum=date(2015, 8, 1))
    aanbieder = factories.aanbieder(bestuur, begindatum=date(2015, 8, 1))
    ao = factories.bo_opleiding(aanbieder, begindatum=date(2017, 8, 1))
    Kenmerk.objects.create(aangeboden_opleiding=ao, naam="doorlopendeLeerlijnBoVo", waarde="TIENERSCHOOL",
                           begindatum=ao.begindatum)
    s = enige(beheerder_client, bestuur, "KENMERK_GELDIG")
    assert s.bericht == ("Doorlopende leerlijn: 'Tienerschool' is niet geldig op de datums van deze aangeboden "
                         "opleiding (geldig vanaf 01-08-2018).")
    post_ok(beheerder_client, s.herstel.url, {"versie": ao.versie, "ingangsdatum": vandaag.isoformat(),
                                             "doelgroepBasisonderwijs": "BO"})
    assert signalen(beheerder_client, bestuur, "KENMERK_GELDIG") == []


@pytest.mark.django_db
def test_einddatum_niet_op_31_juli(beheerder_client, schoon_bestuur, vandaag):
    aanbieder = schoon_bestuur.aanbieders.order_by("code").first()
    organisatie_services.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE,
                                            einddatum=date(2027, 8, 15))
    lijst = signalen(beheerder_client, schoon_bestuur, "EINDE_OP_31_JULI")
    assert {s.object.soort for s in lijst} == {"Onderwijsaanbieder", "Aangeboden opleiding"}  # ended with it
    s = next(s for s in lijst if s.object.soort == "Onderwijsaanbieder")
    assert s.bericht == ("De einddatum 15-08-2027 is geen 31 juli. In het po eindigt een object meestal op 31 juli, "
                         "het einde van het schooljaar.")
    assert s.ernst == "waarschuwing"
    assert s.herstel.url == reverse("registratie:aanbieder_beeindigen", args=[aanbieder.code])
    aanbieder.refresh_from_db()
    post_ok(beheerder_client, s.herstel.url, {"versie": aanbieder.versie, "einddatum": "2027-07-31"})
    assert signalen(beheerder_client, schoon_bestuur) == []


@pytest.mark.django_db
def test_rol_zonder_selectiekenmerk(client, schoon_bestuur, vandaag):
    beheerder_po = factories.beheerder_po("beheerder_po", schoon_bestuur)
    collega = factories.collega("collega", schoon_bestuur)
    Roltoewijzing.objects.create(gebruiker=collega, rol=Rol.BEHEREN_CONTACTADRES, bestuur=None,
                                 begindatum=factories.BEGIN, bron="test")
    client.force_login(beheerder_po)
    s = enige(client, schoon_bestuur, "ROL_ZONDER_SELECTIEKENMERK")
    assert s.bericht == (f"collega heeft de rol 'RIO beheren contactadres' zonder selectiekenmerk. Daarmee ziet en "
                         f"wijzigt deze persoon niets van bestuur {schoon_bestuur.code}: ken de rol toe met de "
                         "bestuurcode.")
    assert s.herstel.url == reverse("autorisatie:rollen", args=[schoon_bestuur.code])
    post_ok(client, s.herstel.url, {"formulier": "toekennen", "gebruiker": collega.pk,
                                    "rol": Rol.BEHEREN_CONTACTADRES.value, "begindatum": vandaag.isoformat()})
    assert signalen(client, schoon_bestuur) == []


@pytest.mark.django_db
def test_rol_zonder_selectiekenmerk_van_iemand_van_een_ander_bestuur_telt_niet(
        beheerder_client, schoon_bestuur, ander_bestuur):
    ander = factories.collega("ander", ander_bestuur)
    Roltoewijzing.objects.create(gebruiker=ander, rol=Rol.BEHEREN_CONTACTADRES, bestuur=None,
                                 begindatum=factories.BEGIN, bron="test")
    assert signalen(beheerder_client, schoon_bestuur) == []


@pytest.mark.django_db
def test_persoonlijk_emailadres_in_openbare_context(beheerder_client, schoon_bestuur, vandaag):
    contact = schoon_bestuur.contactgegevens.get()
    contact_services.wijzig_contact(contact, door="test", versie=ZONDER_VERSIECONTROLE,
                                    email="jan.de.vries@stichting.example")
    besloten = contact_services.registreer_contact(schoon_bestuur, door="test", context="TOEZICHT",
                                                   begindatum=vandaag, email="p.jansen@stichting.example")
    s = enige(beheerder_client, schoon_bestuur, "PERSOONSGEGEVENS_OPENBAAR")  # the besloten one is fine
    assert s.object.code == str(contact.pk) and besloten.pk != contact.pk
    assert s.bericht == ("Het e-mailadres jan.de.vries@stichting.example in de openbare context Algemeen lijkt "
                         "van een persoon. Openbare contactgegevens zijn voor iedereen zichtbaar (ook als open "
                         "data): gebruik een functioneel adres, zoals info@ of administratie@.")
    assert s.herstel.url == reverse("registratie:contact_wijzigen", args=[contact.pk])
    contact.refresh_from_db()
    post_ok(beheerder_client, s.herstel.url, {"versie": contact.versie, "email": "administratie@stichting.example",
                                             "telefoonnummer": contact.telefoonnummer})
    assert signalen(beheerder_client, schoon_bestuur) == []


@pytest.mark.parametrize(("email", "persoonlijk"), [
    ("jan.jansen@school.nl", True), ("j.jansen@school.nl", True), ("jan.de.vries@school.nl", True),
    ("p.j.jansen@school.nl", True), ("jan_jansen@school.nl", True), ("Jan-Jansen@School.nl", True),
    ("info@school.nl", False), ("administratie@school.nl", False), ("directie.obs@school.nl", False),
    ("info.obsdebrug@school.nl", False), ("leerlingenadministratie@school.nl", False), ("jjansen@school.nl", False),
    ("obs.de.brug@school.nl", False), ("admin2@school.nl", False), ("no-reply@school.nl", False),
])
def test_heuristiek_persoonlijk_emailadres(email, persoonlijk):
    assert lijkt_persoonlijk(email) is persoonlijk


def controle_van(client, bestuur):
    return client.get(reverse("controle:bestuur", args=[bestuur.code])).context["controle"]


@pytest.mark.django_db
def test_osr_mandaat_per_school_zonder_actief_rio_mandaat(beheerder_client, schoon_bestuur, vandaag):
    from datetime import timedelta

    from autorisatie.models import Mandaat

    osr = next(r for r in REGELS if r.code == "OSR_MANDAAT")
    assert osr.beschikbaar and len(controle_van(beheerder_client, schoon_bestuur).beschikbaar) == sum(
        r.beschikbaar for r in REGELS)
    # 11AA: the RIO mandate ended yesterday and a mandate for another dienst does not count.
    Mandaat.objects.filter(instelling__code="11AA").update(einddatum=vandaag - timedelta(days=1))
    factories.mandaat(schoon_bestuur, "11AA", Mandaat.objects.first().systeem, dienst="ROD_PO")
    antwoord = beheerder_client.get(reverse("controle:bestuur", args=[schoon_bestuur.code]))
    signalen = [s for s in antwoord.context["controle"].signalen if s.regel == "OSR_MANDAAT"]
    assert [(s.object.soort, s.object.code) for s in signalen] == [("School (BRIN4)", "11AA")]
    assert "geen actief mandaat voor de dienst RIO" in signalen[0].bericht
    overzicht = reverse("autorisatie:mandaten", args=[schoon_bestuur.code])
    assert signalen[0].herstel.url == f"{overzicht}#school-11AA"
    rij = re.search(r'<tr id="regel-OSR_MANDAAT">.*?</tr>', antwoord.content.decode(), re.S).group(0)
    assert "1 signaal" in rij and "niet beschikbaar" not in rij


@pytest.mark.django_db
@pytest.mark.django_db
def test_score_is_aandeel_geslaagde_regels(beheerder_client, schoon_bestuur, vandaag):
    schoon_bestuur.contactgegevens.all().delete()
    factories.aanbieder(schoon_bestuur, naam="Zonder aanbod", brin4="11AA")
    controle = beheerder_client.get(reverse("controle:bestuur", args=[schoon_bestuur.code])).context["controle"]
    beschikbaar = sum(r.beschikbaar for r in REGELS)  # the KvK rules count only with the Handelsregister on
    assert controle.aantal_geslaagd == beschikbaar - 2
    assert controle.score == 100 * (beschikbaar - 2) // beschikbaar


@pytest.mark.django_db
def test_beeindigde_objecten_worden_niet_meer_gecontroleerd(beheerder_client, schoon_bestuur, vandaag):
    """An aanbieder that ended before the peildatum is history: no signal about its missing offer."""
    aanbieder = factories.aanbieder(schoon_bestuur, naam="Oud", brin4="11AA")
    organisatie_services.beeindig_aanbieder(aanbieder, door="test", versie=ZONDER_VERSIECONTROLE,
                                            einddatum=date(2027, 7, 31))
    assert len(signalen(beheerder_client, schoon_bestuur, "AANBIEDER_ZONDER_OPLEIDING")) == 1
    assert signalen(beheerder_client, schoon_bestuur, "AANBIEDER_ZONDER_OPLEIDING", peildatum="2027-08-01") == []


@pytest.mark.django_db
def test_organisatielid_zonder_rollen_en_rollen_van_leden(beheerder_client, schoon_bestuur):
    """Members without roles give no signal; a member's role *with* the code is fine."""
    lid = factories.collega("lid", schoon_bestuur)
    assert Organisatielid.objects.filter(gebruiker=lid).exists()
    assert signalen(beheerder_client, schoon_bestuur) == []
