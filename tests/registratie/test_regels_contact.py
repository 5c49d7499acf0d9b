"""Contactgegevens per communicatiecontext (rio-po.md §2) and the fallback of rule 17 (a signal, not blocking)."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kern.fouten import RegelFout
from registratie.models import Contactgegevens
from registratie.services import contact as cs
from registratie.services import organisatie as org
from tests.helpers import factories
from tests.helpers.factories import BEGIN, weigert

pytestmark = pytest.mark.django_db

EINDE_SCHOOLJAAR = date(2027, 7, 31)
HANDELSREGISTER = "niets geregistreerd: Handelsregister (KvK) van het bestuur"


@pytest.fixture
def aanbieder(bestuur):
    return factories.aanbieder(bestuur)


def _contact(eenheid, context="ALGEMEEN", begindatum=None, **gegevens):
    from kern.tijd import vandaag

    gegevens = gegevens or {"email": f"{context.lower()}@{eenheid.code.lower()}.nl"}
    return cs.registreer_contact(eenheid, door="test", context=context, begindatum=begindatum or vandaag(),
                                 **gegevens)


# --- Validation --------------------------------------------------------------------------------------------

def test_overlappend_dezelfde_context_op_dezelfde_eenheid_geweigerd(aanbieder, vandaag):
    _contact(aanbieder, "LEERPLICHT")
    with weigert("context", f"{aanbieder.code} heeft al contactgegevens voor Leerplicht in die periode (vanaf "
                            "28-11-2026). Wijzig die, of beëindig ze eerst."):
        _contact(aanbieder, "LEERPLICHT", begindatum=date(2027, 8, 1), telefoonnummer="050 599 7738")


def test_zelfde_context_aansluitend_of_op_andere_eenheid_toegestaan(bestuur, aanbieder, vandaag):
    eerste = _contact(aanbieder, "LEERPLICHT")
    cs.beeindig_contact(eerste, door="test", versie=eerste.versie, einddatum=EINDE_SCHOOLJAAR)
    volgende = _contact(aanbieder, "LEERPLICHT", begindatum=date(2027, 8, 1))
    op_bestuur = _contact(bestuur, "LEERPLICHT")
    andere_context = _contact(aanbieder, "TOEZICHT")
    assert Contactgegevens.objects.filter(aanbieder=aanbieder, context="LEERPLICHT").count() == 2
    assert (volgende.begindatum, op_bestuur.bestuur_id, andere_context.context) == (
        date(2027, 8, 1), bestuur.pk, "TOEZICHT")


def test_zonder_enig_contactmiddel_geweigerd(aanbieder, vandaag):
    with weigert("__all__", "Vul minstens één manier van contact in: e-mailadres, telefoonnummer, website, "
                            "bezoekadres of postadres."):
        cs.registreer_contact(aanbieder, door="test", context="ALGEMEEN", begindatum=vandaag, afdeling="Directie",
                              toelichting="Bel niet")


def test_alleen_een_postadres_is_genoeg(aanbieder, vandaag):
    contact = cs.registreer_contact(aanbieder, door="test", context="ALGEMEEN", begindatum=vandaag,
                                    post_straatnaam="Postbus", post_huisnummer=123, post_postcode="9700 ab",
                                    post_plaatsnaam="Groningen")
    assert (contact.post_postcode, contact.post_plaatsnaam) == ("9700AB", "GRONINGEN")


@pytest.mark.parametrize(("veld", "waarde", "bericht"), [
    ("email", "info@", "Vul een geldig e-mailadres in, bijvoorbeeld info@school.nl."),
    ("email", "geen e-mail", "Vul een geldig e-mailadres in, bijvoorbeeld info@school.nl."),
    ("telefoonnummer", "bel ons", "Vul een telefoonnummer in met cijfers, eventueel beginnend met +"),
    ("telefoonnummer", "06", "Vul een telefoonnummer in met cijfers"),
    ("telefoonnummer", "0" * 23, "Telefoonnummer is hoogstens 22 tekens (nu 23)."),
    ("website", "www.school.nl", "Vul een webadres in dat begint met https:// of http://."),
    ("website", "ftp://school.nl", "Vul een webadres in dat begint met https:// of http://."),
    ("website", "https://school.nl/" + "a" * 303, "Website is hoogstens 320 tekens (nu 321)."),
    ("website", "https://school.nl/\x00", "Website bevat een teken dat niet kan"),
    ("afdeling", "x" * 201, "Afdeling of functie is hoogstens 200 tekens (nu 201)."),
])
def test_ongeldig_contactmiddel_geweigerd(aanbieder, vandaag, veld, waarde, bericht):
    gegevens = {"email": "info@school.nl", veld: waarde}
    with weigert(veld, bericht):
        cs.registreer_contact(aanbieder, door="test", context="ALGEMEEN", begindatum=vandaag, **gegevens)


def test_te_lang_maar_verder_geldig_emailadres_geweigerd(aanbieder, vandaag):
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".schoolbestuur.nl"
    assert len(email) > 253
    with weigert("email", f"E-mailadres is hoogstens 253 tekens (nu {len(email)})."):
        cs.registreer_contact(aanbieder, door="test", context="ALGEMEEN", begindatum=vandaag, email=email)


@pytest.mark.parametrize(("gegevens", "veld", "bericht"), [
    ({"bezoek_straatnaam": "Schoolstraat"}, "bezoek_postcode", "Vul de postcode in, bijvoorbeeld 1234 AB."),
    ({"bezoek_straatnaam": "Schoolstraat"}, "bezoek_huisnummer", "Vul het huisnummer in"),
    ({"bezoek_straatnaam": "Schoolstraat"}, "bezoek_plaatsnaam", "Vul de plaatsnaam in."),
    ({"bezoek_postcode": "0123AB", "bezoek_huisnummer": 1, "bezoek_plaatsnaam": "X"}, "bezoek_postcode",
     "'0123AB' is geen geldige postcode."),
    ({"post_huisnummer": 0}, "post_huisnummer", "Het huisnummer ligt tussen 1 en 99999."),
    ({"post_toevoeging": "1234567"}, "post_toevoeging", "De toevoeging is hoogstens 6 tekens"),
])
def test_onvolledig_of_ongeldig_adres_geweigerd(aanbieder, vandaag, gegevens, veld, bericht):
    with weigert(veld, bericht):
        cs.registreer_contact(aanbieder, door="test", context="ALGEMEEN", begindatum=vandaag,
                              email="info@school.nl", **gegevens)


def test_onbekende_context_geweigerd(aanbieder, vandaag):
    with weigert("context", "Kies een communicatiecontext uit de lijst."):
        _contact(aanbieder, "BPV")


def test_contact_voor_het_begin_van_de_eenheid_geweigerd(bestuur, vandaag):
    later = factories.aanbieder(bestuur, begindatum=date(2027, 8, 1))
    with weigert("begindatum", f"De begindatum (28-11-2026) ligt vóór de begindatum van onderwijsaanbieder "
                               f"{later.code} (01-08-2027)."):
        _contact(later)


def test_wijzigen_met_ongeldig_emailadres_geweigerd_en_niets_gewijzigd(aanbieder, vandaag):
    contact = _contact(aanbieder, email="oud@school.nl")
    with weigert("email", "Vul een geldig e-mailadres in"):
        cs.wijzig_contact(contact, door="test", versie=contact.versie, email="nieuw@")
    contact.refresh_from_db()
    assert (contact.email, contact.versie) == ("oud@school.nl", 1)


def test_gedeeltelijk_wijzigen_laat_de_andere_velden_staan(aanbieder, vandaag):
    contact = _contact(aanbieder, email="oud@school.nl", bezoek_straatnaam="Schoolstraat", bezoek_huisnummer=1,
                       bezoek_postcode="1234AB", bezoek_plaatsnaam="Utrecht")
    cs.wijzig_contact(contact, door="test", versie=contact.versie, email="nieuw@school.nl")
    contact.refresh_from_db()
    assert (contact.email, contact.bezoek_straatnaam, contact.bezoek_huisnummer, contact.bezoek_postcode,
            contact.bezoek_plaatsnaam) == ("nieuw@school.nl", "Schoolstraat", 1, "1234AB", "UTRECHT")


TEKST = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "info@school.nl", "@", "a@b", "https://school.nl", "http://", "www.school.nl",
                     "+31 (0)50-5997738", "050 599 7738", "\x00", "https://school.nl/\x00", "1234 AB", "0123AB",
                     "a" * 330, "info@" + "b" * 250 + ".nl"]),
)
HUISNUMMER = st.one_of(st.none(), st.integers(min_value=-5, max_value=100_005), st.integers())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=TEKST, telefoonnummer=TEKST, website=TEKST, postcode=TEKST, huisnummer=HUISNUMMER, toevoeging=TEKST)
def test_willekeurige_contactinvoer_geeft_alleen_regelfout_en_bewaart_dan_niets(
        aanbieder, vandaag, email, telefoonnummer, website, postcode, huisnummer, toevoeging):
    with transaction.atomic():
        voor = factories.stand()
        try:
            contact = cs.registreer_contact(
                aanbieder, door="test", context="ALGEMEEN", begindatum=vandaag, email=email,
                telefoonnummer=telefoonnummer, website=website, bezoek_postcode=postcode,
                bezoek_huisnummer=huisnummer, bezoek_toevoeging=toevoeging, bezoek_plaatsnaam="Utrecht")
        except RegelFout as fout:
            assert fout.message_dict
            assert factories.stand() == voor
        else:
            contact.full_clean()  # what was stored fits the columns and the model's own validators
            assert factories.stand()["AuditRegel"] == voor["AuditRegel"] + 1
        transaction.set_rollback(True)


# --- Rule 17: a signal, and the fallback for readers ---------------------------------------------------------

def test_registreren_zonder_algemeen_op_het_bestuur_kan(bestuur, aanbieder, vandaag):
    contact = _contact(aanbieder, "LEERPLICHT")
    assert not Contactgegevens.objects.filter(bestuur=bestuur).exists()
    assert contact.aanbieder_id == aanbieder.pk


def test_effectief_contact_valt_terug_langs_aanbieder_groep_bestuur_en_handelsregister(bestuur, vandaag):
    groep = org.registreer_groep(bestuur, door="test", naam="Cluster Noord", internationale_naam="", begindatum=BEGIN)
    aanbieder = org.registreer_aanbieder(bestuur, door="test", naam="De Regenboog", begindatum=BEGIN,
                                         instellingen=[bestuur.bevoegd_gezag.instellingen.first()], groep=groep)

    def effectief(context="LEERPLICHT", peildatum=vandaag):
        resultaat = cs.effectief_contact(aanbieder, context, peildatum)
        assert resultaat.context == context
        assert cs.effectieve_contacten(aanbieder, peildatum, [context]) == [resultaat], "één query, zelfde uitkomst"
        return resultaat.contact, resultaat.herkomst

    assert effectief() == (None, HANDELSREGISTER)
    assert effectief("ALGEMEEN") == (None, HANDELSREGISTER)

    bestuur_algemeen = _contact(bestuur, "ALGEMEEN")
    assert effectief() == (bestuur_algemeen, f"onderwijsbestuur {bestuur.code} (Algemeen)")

    groep_algemeen = _contact(groep, "ALGEMEEN")
    assert effectief() == (groep_algemeen, f"onderwijsaanbiedersgroep {groep.code} (Algemeen)")

    aanbieder_algemeen = _contact(aanbieder, "ALGEMEEN")
    assert effectief() == (aanbieder_algemeen, f"onderwijsaanbieder {aanbieder.code} (Algemeen)")
    assert effectief("ALGEMEEN") == (aanbieder_algemeen, f"onderwijsaanbieder {aanbieder.code} (Algemeen)")

    # The asked context anywhere up the chain wins over Algemeen on the aanbieder itself.
    bestuur_leerplicht = _contact(bestuur, "LEERPLICHT")
    assert effectief() == (bestuur_leerplicht, f"onderwijsbestuur {bestuur.code} (Leerplicht)")
    assert effectief("TOEZICHT") == (aanbieder_algemeen, f"onderwijsaanbieder {aanbieder.code} (Algemeen)")

    groep_leerplicht = _contact(groep, "LEERPLICHT")
    assert effectief() == (groep_leerplicht, f"onderwijsaanbiedersgroep {groep.code} (Leerplicht)")

    aanbieder_leerplicht = _contact(aanbieder, "LEERPLICHT")
    assert effectief() == (aanbieder_leerplicht, f"onderwijsaanbieder {aanbieder.code} (Leerplicht)")


def test_effectief_contact_kijkt_naar_de_peildatum(bestuur, aanbieder, vandaag):
    eigen = _contact(aanbieder, "LEERPLICHT")
    cs.beeindig_contact(eigen, door="test", versie=eigen.versie, einddatum=EINDE_SCHOOLJAAR)
    bestuur_vanaf_augustus = _contact(bestuur, "ALGEMEEN", begindatum=date(2027, 8, 1))

    assert cs.effectief_contact(aanbieder, "LEERPLICHT", EINDE_SCHOOLJAAR).contact == eigen
    volgende_dag = cs.effectief_contact(aanbieder, "LEERPLICHT", date(2027, 8, 1))
    assert (volgende_dag.contact, volgende_dag.herkomst) == (bestuur_vanaf_augustus,
                                                             f"onderwijsbestuur {bestuur.code} (Algemeen)")
    eerder = cs.effectief_contact(aanbieder, "LEERPLICHT", date(2026, 11, 27))
    assert (eerder.contact, eerder.herkomst) == (None, HANDELSREGISTER)


def test_effectief_contact_zonder_groep_gaat_van_aanbieder_naar_bestuur(bestuur, aanbieder, vandaag):
    assert aanbieder.groep is None
    bestuur_toezicht = _contact(bestuur, "TOEZICHT")
    resultaat = cs.effectief_contact(aanbieder, "TOEZICHT", vandaag)
    assert (resultaat.contact, resultaat.herkomst, resultaat.label) == (
        bestuur_toezicht, f"onderwijsbestuur {bestuur.code} (Toezicht)", "Toezicht")


def test_aanbiederpagina_haalt_de_contactketen_in_een_keer(beheerder_client, bestuur, vandaag,
                                                           django_assert_max_num_queries):
    """Every context on aanbieder, groep and bestuur: the page's effective contacts cost no query per context."""
    from django.urls import reverse

    from registratie.domein.enumeraties import CONTEXT_PER_CODE

    groep = org.registreer_groep(bestuur, door="test", naam="Cluster Zuid", internationale_naam="", begindatum=BEGIN)
    aanbieder = org.registreer_aanbieder(bestuur, door="test", naam="De Wilg", begindatum=BEGIN,
                                         instellingen=[bestuur.bevoegd_gezag.instellingen.first()], groep=groep)
    for context in CONTEXT_PER_CODE:
        for eenheid in (bestuur, groep, aanbieder):
            _contact(eenheid, context)
    # 18: the page's own blocks (samenwerkingsschool, opvolging) cost a query each, once per page, not per context.
    with django_assert_max_num_queries(18):
        pagina = beheerder_client.get(reverse("registratie:aanbieder", args=[aanbieder.code])).content.decode()
    for context, omschrijving in CONTEXT_PER_CODE.items():
        assert f"onderwijsaanbieder {aanbieder.code} ({omschrijving.label})" in pagina, context
