"""Every page and download, for every persona: a restricted contact of board B shows only to those who may read its
context (autorisatie.toegang.leesbare_contexten, docs/adr/0012): B's own people with RIO RPL context instellingen (or
beheren contactadres), the gemeente of B's school for Leerplicht, the inspectie for Toezicht, the politie for
Schoolalert, DUO's bekostiging for Bekostiging, and a samenwerkingsverband of which B is a member today for Passend
onderwijs. A school leader (Blauwdruk inzien), B's people without RPL, a samenwerkingsverband B is not (or no longer)
a member of and a person of board A never see one, not in the register, nor in a blauwdruk's tree or its difference
with the register (issue 15 §2)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from modelleertool.inhoud import uit_registratie
from modelleertool.models import Blauwdruk
from registratie.models import Lidmaatschap, Samenwerkingsverband, Vestigingserkenning
from registratie.services import contact as contact_services
from tests.helpers import factories
from tests.helpers.urls import elders, patronen, url_voor

pytestmark = pytest.mark.django_db

BESLOTEN = ("LEERPLICHT", "TOEZICHT", "BEKOSTIGING", "PASSEND_ONDERWIJS", "SCHOOLALERT")
GEMEENTE_B = "0363"
SWV_VAN_B, SWV_ZONDER_B, SWV_VROEGER_B = "PO2001", "PO2002", "PO2003"


def _in_register(context: str) -> str:
    return f"{context.lower()}-marker-register@b.example.nl"


def _in_blauwdruk(context: str) -> str:
    return f"{context.lower()}-marker-blauwdruk@b.example.nl"


def _raadpleger(naam: str, rol: Rol, gemeentenummer: str = "", swv: str = ""):
    gebruiker = factories.collega(naam, None)
    Roltoewijzing.objects.create(gebruiker=gebruiker, rol=rol, gemeentenummer=gemeentenummer,
                                 samenwerkingsverband=Samenwerkingsverband.objects.get(code=swv) if swv else None,
                                 begindatum=factories.BEGIN, bron="claim")
    return gebruiker


@pytest.fixture
def wereld(objecten_van_b, bestuur, vandaag):
    """Board B with a contact in every restricted context on its school, and a concept blauwdruk that changes their
    e-mail addresses; B is a member of one samenwerkingsverband, was one of another, and board A of a third."""
    b = objecten_van_b["bestuur"]
    Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=b.bevoegd_gezag).update(gemeentenummer=GEMEENTE_B)
    contacten = {context: contact_services.registreer_contact(
        objecten_van_b["aanbieder"], door="test", context=context, begindatum=vandaag, email=_in_register(context))
        for context in BESLOTEN}
    inhoud = uit_registratie(b, vandaag)
    per_pk = {c.pk: context for context, c in contacten.items()}
    for rij in inhoud.contacten:
        if rij.nummer in per_pk:
            rij.email = _in_blauwdruk(per_pk[rij.nummer])
    blauwdruk = Blauwdruk.objects.create(bestuur=b, inhoud=inhoud.naar_json())
    for code, lid, einde in ((SWV_VAN_B, b, None), (SWV_ZONDER_B, bestuur, None),
                             (SWV_VROEGER_B, b, vandaag - timedelta(days=1))):
        swv = Samenwerkingsverband.objects.create(code=code, naam=f"SWV {code}")
        Lidmaatschap.objects.create(samenwerkingsverband=swv, bestuur=lid, begindatum=factories.BEGIN,
                                    einddatum=einde)
    return {**objecten_van_b, "contact": contacten["LEERPLICHT"], "blauwdruk": blauwdruk}


ALLE = frozenset(BESLOTEN)
PERSONAS = {
    # name: (how to make them, the restricted contexts of B they may read)
    "beheerder": (lambda b, a: factories.gebruiker_met_rollen("p_beheerder", b), ALLE),
    "lezer": (lambda b, a: factories.gebruiker_met_rollen("p_lezer", b, rollen=[Rol.RPL_CONTEXT_INSTELLINGEN]), ALLE),
    "contactbeheerder": (lambda b, a: factories.gebruiker_met_rollen("p_contact", b,
                                                                     rollen=[Rol.BEHEREN_CONTACTADRES]), ALLE),
    "bestuurslid_zonder_rpl": (lambda b, a: factories.gebruiker_met_rollen(
        "p_zonder_rpl", b, rollen=[Rol.BEHEREN_ONDERWIJSAANBIEDER, Rol.BEHEREN_AANGEBODEN_OPLEIDING,
                                   Rol.BEHEERDER_ALGEMEEN]), frozenset()),
    "schoolleider": (lambda b, a: factories.gebruiker_met_rollen("p_schoolleider", b, rollen=[Rol.BLAUWDRUK_INZIEN]),
                     frozenset()),
    "leerplicht_gemeente_b": (lambda b, a: _raadpleger("p_leerplicht", Rol.RAADPLEGEN_LEERPLICHT, GEMEENTE_B),
                              frozenset({"LEERPLICHT"})),
    "leerplicht_andere_gemeente": (lambda b, a: _raadpleger("p_leerplicht2", Rol.RAADPLEGEN_LEERPLICHT, "0344"),
                                   frozenset()),
    "inspectie": (lambda b, a: _raadpleger("p_inspectie", Rol.RAADPLEGEN_TOEZICHT), frozenset({"TOEZICHT"})),
    "politie_schoolalert": (lambda b, a: _raadpleger("p_politie", Rol.RAADPLEGEN_SCHOOLALERT),
                            frozenset({"SCHOOLALERT"})),
    "duo_bekostiging": (lambda b, a: _raadpleger("p_bekostiging", Rol.RAADPLEGEN_BEKOSTIGING),
                        frozenset({"BEKOSTIGING"})),
    "swv_van_b": (lambda b, a: _raadpleger("p_swv", Rol.RAADPLEGEN_PASSEND_ONDERWIJS, swv=SWV_VAN_B),
                  frozenset({"PASSEND_ONDERWIJS"})),
    "swv_zonder_b": (lambda b, a: _raadpleger("p_swv2", Rol.RAADPLEGEN_PASSEND_ONDERWIJS, swv=SWV_ZONDER_B),
                     frozenset()),
    "swv_lidmaatschap_b_beeindigd": (lambda b, a: _raadpleger("p_swv3", Rol.RAADPLEGEN_PASSEND_ONDERWIJS,
                                                              swv=SWV_VROEGER_B), frozenset()),
    "ander_bestuur": (lambda b, a: factories.gebruiker_met_rollen("p_ander", a), frozenset()),
}


def _alle_antwoorden(client, o) -> dict[str, str]:
    """GET every page and download (skipping the login flow and the key-authenticated APIs)."""
    teksten = {}
    for naam, patroon in patronen():
        if elders(naam) or naam in {"logout"}:
            continue
        url = _openbaar(naam, patroon, o) or url_voor(naam, patroon, o)
        antwoord = client.get(url)
        if antwoord.status_code != 200:
            continue
        inhoud = b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content
        teksten[f"{naam} {url}"] = inhoud.decode("utf-8", errors="replace")
    return teksten


def _openbaar(naam: str, patroon: str, o) -> str:
    """The public pages of board B's objects (url_voor fills only the pages behind a login)."""
    code = {"openbaar:bestuur": o["bestuur"].code, "openbaar:aanbieder": o["aanbieder"].code,
            "openbaar:locatie": getattr(o["gebruik"], "code", "")}.get(naam)
    return "/" + patroon.replace("<str:code>", code) if code else ""


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_besloten_context_alleen_voor_wie_hem_mag_lezen(client, wereld, bestuur, persona):
    maak, mag_lezen = PERSONAS[persona]
    client.force_login(maak(wereld["bestuur"], bestuur))

    teksten = _alle_antwoorden(client, wereld)

    for context in BESLOTEN:
        met_marker = sorted(url for url, tekst in teksten.items()
                            if _in_register(context) in tekst or _in_blauwdruk(context) in tekst)
        if context in mag_lezen:
            assert met_marker, f"{persona} mag de context {context} lezen, maar ziet hem nergens"
        else:
            assert met_marker == [], f"{persona} mag de context {context} niet lezen, maar ziet hem op {met_marker}"


def test_de_schoolleider_ziet_de_blauwdruk_zelf_wel(client, wereld, bestuur):
    """The filter hides the restricted contact, not the page: the preview still opens for Blauwdruk inzien."""
    client.force_login(PERSONAS["schoolleider"][0](wereld["bestuur"], bestuur))
    url = reverse("blauwdruk:voorbeeld", args=[wereld["bestuur"].code, wereld["blauwdruk"].pk])
    antwoord = client.get(url)
    assert antwoord.status_code == 200, url
    assert "besloten communicatiecontext worden niet getoond" in antwoord.content.decode()
