"""The summary at the top of Mijn organisatie: how much is registered and what needs attention, read from the tree
that the page draws anyway (no extra queries). The full checks stay on the controle screen."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registratie.models import Onderwijsaanbieder, Onderwijslocatiegebruik
from registratie.selectors import Boom

# A signal names at most this many objects; the rest is a count (a 57-school board must not fill the screen).
MAX_GENOEMD = 5


@dataclass(frozen=True)
class Signaal:
    """One thing to look at: a sentence, the objects it is about (the first few) and where on the page to go."""

    tekst: str
    anker: str
    objecten: list[tuple[str, str]] = field(default_factory=list)  # (naam, url)
    meer: int = 0


@dataclass(frozen=True)
class Samenvatting:
    aantal_aanbieders: int
    aantal_groepen: int
    aantal_locaties: int
    aantal_opleidingen: int
    signalen: list[Signaal]


def _signaal(tekst: str, anker: str, objecten: list[tuple[str, str]]) -> Signaal:
    return Signaal(tekst, anker, objecten[:MAX_GENOEMD], max(0, len(objecten) - MAX_GENOEMD))


def _aanbieder(a: Onderwijsaanbieder, boom: Boom) -> tuple[str, str]:
    periode = a.huidige_periode(boom.peildatum)
    return f"{periode.naam if periode else ''} ({a.code})".strip(), a.get_absolute_url()


def _gebruik(g: Onderwijslocatiegebruik) -> tuple[str, str]:
    return f"{g.locatie.code} {g.locatie.adres}", g.get_absolute_url()


def samenvatting(boom: Boom) -> Samenvatting:
    aanbieders = boom.aanbieders
    zonder_opleiding: list[Onderwijsaanbieder] = [a for a in aanbieders if not boom.opleidingen_van(a)]
    zonder_brin6: list[Onderwijslocatiegebruik] = [g for g in boom.locatiegebruiken if not boom.brin6_van(g)]
    ongebruikt = len(boom.ongebruikte_brin4) + len(boom.ongebruikte_brin6)
    signalen = []
    if not aanbieders:
        signalen.append(_signaal(_("Nog geen onderwijsaanbieder geregistreerd."), "structuur-kop", []))
    if zonder_opleiding:  # PO requires at least one aangeboden opleiding per aanbieder
        signalen.append(_signaal(ngettext("%(n)d aanbieder heeft nog geen aangeboden opleiding.",
                                          "%(n)d aanbieders hebben nog geen aangeboden opleiding.",
                                          len(zonder_opleiding)) % {"n": len(zonder_opleiding)}, "structuur-kop",
                                 [_aanbieder(a, boom) for a in zonder_opleiding]))
    if not boom.locatiegebruiken:
        signalen.append(_signaal(_("Nog geen onderwijslocatie: in het po is minstens één locatie verplicht."),
                                 "locaties-kop", []))
    if zonder_brin6:
        signalen.append(_signaal(ngettext("%(n)d locatie heeft geen vestiging (BRIN6).",
                                          "%(n)d locaties hebben geen vestiging (BRIN6).",
                                          len(zonder_brin6)) % {"n": len(zonder_brin6)}, "locaties-kop",
                                 [_gebruik(g) for g in zonder_brin6]))
    if not any(c.context == "ALGEMEEN" for c in boom.contacten):
        signalen.append(_signaal(_("Het bestuur heeft geen contactgegevens Algemeen."), "contact-kop", []))
    if ongebruikt:
        signalen.append(_signaal(ngettext("%(n)d erkenning is nog niet geregistreerd.",
                                          "%(n)d erkenningen zijn nog niet geregistreerd.", ongebruikt)
                                 % {"n": ongebruikt}, "erkenning-kop", []))
    opleidingen = sum(len(boom.opleidingen_van(a)) for a in aanbieders)
    return Samenvatting(len(aanbieders), len(boom.groepen), len(boom.locatiegebruiken), opleidingen, signalen)
