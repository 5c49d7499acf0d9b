"""Plausibility of an aangeboden opleiding: does the offer fit the kind of school DUO recognised?

BO offerings belong on a basisschool (BAO) or a speciale school voor basisonderwijs (SBO; speciaal
basisonderwijs is Basisonderwijs with doelgroep SBO, rio-po.md §1.9); SO and VSO offerings on a school for
(voortgezet) speciaal onderwijs. Registration refuses a known mismatch; the controle rule uses the same
judgement (``oordeel``) on data already in the register. Where DUO does not tell the soort, nothing is refused.
The cluster (1-4) of an SO/VSO school is named in the reason but refuses nothing: rio-po.md (§1.11) lists it on
the erkenning without a rule that ties doelgroepen or opleidingen to it (only the begeleidingsaanbieder, §1.6).
"""

from collections.abc import Iterable
from datetime import date
from enum import Enum

from django.utils.translation import gettext

from kern.fouten import Fouten
from registratie.domein.enumeraties import Sector
from registratie.models import Instellingserkenning, JuridischeRelatie, Onderwijsaanbieder, Opleiding

Soort = Instellingserkenning.Soort

PASSENDE_SOORTEN: dict[Sector, frozenset[str]] = {
    Sector.BO: frozenset({Soort.BAO, Soort.SBO}),
    Sector.SO: frozenset({Soort.SO, Soort.VSO_SO}),
    Sector.VSO: frozenset({Soort.VSO, Soort.VSO_SO}),
}


class Oordeel(Enum):
    PAST = "past"
    PAST_NIET = "past niet"
    ONBEKEND = "onbekend"  # DUO gives no soort for (one of) the school(s), or the aanbieder has no BRIN4


def oordeel(sector: Sector, scholen: Iterable[Instellingserkenning]) -> Oordeel:
    """PAST if one of the aanbieder's schools is of a fitting soort; ONBEKEND where DUO cannot tell."""
    soorten = {school.soort for school in scholen}
    if soorten & PASSENDE_SOORTEN[sector]:
        return Oordeel.PAST
    if not soorten or "" in soorten:
        return Oordeel.ONBEKEND
    return Oordeel.PAST_NIET


def lopende_relaties(relaties: Iterable[JuridischeRelatie], op: date) -> list[JuridischeRelatie]:
    """The aanbieder's BRIN4 links that have not ended before ``op`` (einddatum inclusive, ADR 0001)."""
    return [r for r in relaties if r.einddatum is None or r.einddatum >= op]


def scholen_van(aanbieder: Onderwijsaanbieder, op: date) -> list[Instellingserkenning]:
    relaties = aanbieder.juridische_relaties.select_related("instelling")
    return [r.instelling for r in lopende_relaties(relaties, op)]


def soort_onbekend(aanbieder: Onderwijsaanbieder, op: date) -> bool:
    """For the note on the opleiding screens: the portal cannot check the fit for this aanbieder."""
    scholen = scholen_van(aanbieder, op)
    return not scholen or any(not school.soort for school in scholen)


def bericht_past_niet(opleiding: Opleiding, scholen: Iterable[Instellingserkenning]) -> str:
    sector = Sector(opleiding.sector)
    beschrijving = ", ".join(
        (gettext("%(code)s is een %(soort)s (cluster %(cluster)s)") if s.cluster
         else gettext("%(code)s is een %(soort)s"))
        % {"code": s.code, "soort": s.get_soort_display(), "cluster": s.cluster} for s in scholen)
    passend = ", ".join(str(Soort(s).label) for s in sorted(PASSENDE_SOORTEN[sector]))
    return gettext("%(naam)s (%(sector)s) past niet bij de school: volgens DUO %(beschrijving)s. Deze opleiding hoort "
                   "bij een %(passend)s. Kies een opleiding die bij de school past, of registreer deze bij de "
                   "aanbieder van zo'n school. Klopt de soort school niet, meld dat dan bij DUO.") % {
        "naam": opleiding.naam, "sector": sector.label, "beschrijving": beschrijving, "passend": passend}


def school_fouten(fouten: Fouten, aanbieder: Onderwijsaanbieder, opleiding: Opleiding, begindatum: date) -> None:
    """Refuse an offer that does not fit the kind of school (e.g. SO on a regular basisschool)."""
    scholen = scholen_van(aanbieder, begindatum)
    if oordeel(Sector(opleiding.sector), scholen) is Oordeel.PAST_NIET:
        fouten.voeg_toe("opleiding", bericht_past_niet(opleiding, scholen))
