"""Every page and download, for every persona: a restricted (Leerplicht) contact of board B shows only to those who
may read that context (autorisatie.toegang.mag_context_lezen): B's own role holders and the gemeente of B's school.
A school leader (Blauwdruk inzien), the inspectie (Toezicht, not Leerplicht) and a person of board A never see it,
not in the register, nor in a blauwdruk's tree or its difference with the register (issue 15 §2)."""

import pytest
from django.urls import reverse

from autorisatie.models import Roltoewijzing
from autorisatie.rollen import Rol
from modelleertool.inhoud import uit_registratie
from modelleertool.models import Blauwdruk
from registratie.models import Vestigingserkenning
from registratie.services import contact as contact_services
from tests.helpers import factories
from tests.helpers.urls import elders, patronen, url_voor

pytestmark = pytest.mark.django_db

IN_REGISTER = "leerplicht-marker-register@b.example.nl"
IN_BLAUWDRUK = "leerplicht-marker-blauwdruk@b.example.nl"
GEMEENTE_B = "0363"


def _raadpleger(naam: str, rol: Rol, gemeentenummer: str = ""):
    gebruiker = factories.collega(naam, None)
    Roltoewijzing.objects.create(gebruiker=gebruiker, rol=rol, gemeentenummer=gemeentenummer,
                                 begindatum=factories.BEGIN, bron="claim")
    return gebruiker


@pytest.fixture
def wereld(objecten_van_b, bestuur, vandaag):
    """Board B with a Leerplicht contact on its school, and a concept blauwdruk that changes its e-mail address."""
    b = objecten_van_b["bestuur"]
    Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=b.bevoegd_gezag).update(gemeentenummer=GEMEENTE_B)
    contact = contact_services.registreer_contact(objecten_van_b["aanbieder"], door="test", context="LEERPLICHT",
                                                  begindatum=vandaag, email=IN_REGISTER)
    inhoud = uit_registratie(b, vandaag)
    for rij in inhoud.contacten:
        if rij.nummer == contact.pk:
            rij.email = IN_BLAUWDRUK
    blauwdruk = Blauwdruk.objects.create(bestuur=b, inhoud=inhoud.naar_json())
    return {**objecten_van_b, "contact": contact, "blauwdruk": blauwdruk}


PERSONAS = {
    # name: (how to make them, may read B's Leerplicht context)
    "beheerder": (lambda b, a: factories.gebruiker_met_rollen("p_beheerder", b), True),
    "lezer": (lambda b, a: factories.gebruiker_met_rollen("p_lezer", b, rollen=[Rol.RPL_CONTEXT_INSTELLINGEN]), True),
    "schoolleider": (lambda b, a: factories.gebruiker_met_rollen("p_schoolleider", b, rollen=[Rol.BLAUWDRUK_INZIEN]),
                     False),
    "leerplicht_gemeente_b": (lambda b, a: _raadpleger("p_leerplicht", Rol.RAADPLEGEN_LEERPLICHT, GEMEENTE_B), True),
    "inspectie": (lambda b, a: _raadpleger("p_inspectie", Rol.RAADPLEGEN_TOEZICHT), False),
    "ander_bestuur": (lambda b, a: factories.gebruiker_met_rollen("p_ander", a), False),
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

    met_marker = sorted(url for url, tekst in teksten.items() if IN_REGISTER in tekst or IN_BLAUWDRUK in tekst)
    if mag_lezen:
        assert met_marker, f"{persona} mag de context Leerplicht lezen, maar ziet hem nergens"
    else:
        assert met_marker == [], f"{persona} mag de context Leerplicht niet lezen, maar ziet hem op {met_marker}"


def test_de_schoolleider_ziet_de_blauwdruk_zelf_wel(client, wereld, bestuur):
    """The filter hides the restricted contact, not the page: the preview still opens for Blauwdruk inzien."""
    client.force_login(PERSONAS["schoolleider"][0](wereld["bestuur"], bestuur))
    url = reverse("blauwdruk:voorbeeld", args=[wereld["bestuur"].code, wereld["blauwdruk"].pk])
    antwoord = client.get(url)
    assert antwoord.status_code == 200, url
    assert "besloten communicatiecontext worden niet getoond" in antwoord.content.decode()
