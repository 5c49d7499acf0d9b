"""The difference between a blauwdruk and the live registration: what is new, what changes (field: old → new),
what ends, and what cannot be done (e.g. changing an oprichtingsdatum: RIO needs a new object for that).

A row with a code is compared with the object of that code as ``inhoud.uit_registratie`` shows it today,
so a roundtrip of the template without edits gives no changes at all. A live object that is not in the
blauwdruk stays as it is (ending is done with the Einddatum column); it is listed for information.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.utils.translation import gettext

from kern.tijd import vandaag
from modelleertool.inhoud import (
    AANBIEDERS,
    BESTUUR,
    CONTACTEN,
    KENMERKKOLOMMEN,
    LOCATIES,
    OPLEIDINGEN,
    Blad,
    Blauwdruk,
    context_label,
    uit_registratie,
)
from modelleertool.lezer import Probleem
from modelleertool.sjabloon import kenmerklijst
from registratie.models import Onderwijsbestuur, Opleiding
from registratie.services.regels import datum

NIEUW, GEWIJZIGD, BEEINDIGD = "nieuw", "gewijzigd", "beeindigd"
SOORTLABEL = {NIEUW: "nieuw", GEWIJZIGD: "gewijzigd", BEEINDIGD: "beëindigd"}


@dataclass(frozen=True)
class Regels:
    """Per sheet: the key, the fields a change may touch, the fields that are fixed once an object exists."""

    blad: Blad
    sleutel: str
    wijzigbaar: tuple[str, ...]
    vast: tuple[str, ...]
    objectnaam: str


REGELS = (
    Regels(AANBIEDERS, "code", ("naam", "internationale_naam", "brin4"), ("begindatum",), "Aanbieder"),
    Regels(LOCATIES, "code", ("brin6",), ("postcode", "huisnummer", "toevoeging", "begindatum"), "Locatie"),
    Regels(OPLEIDINGEN, "code",
           ("eigen_naam", "internationale_naam", "omschrijving", "doelgroepen", "onderwijsconcept", "leerlijn",
            "inrichting", "samenwerkende"),
           ("aanbieder", "opleiding", "locatie", "begindatum", "eerste_instroomdatum"), "Aangeboden opleiding"),
    Regels(CONTACTEN, "nummer",
           ("afdeling", "toelichting", "email", "telefoonnummer", "website", "bezoek_straatnaam", "bezoek_huisnummer",
            "bezoek_toevoeging", "bezoek_postcode", "bezoek_plaatsnaam", "post_straatnaam", "post_huisnummer",
            "post_toevoeging", "post_postcode", "post_plaatsnaam"),
           ("eenheid", "context", "begindatum"), "Contactgegevens"),
)
LIJST_VAN = {AANBIEDERS.titel: "aanbieders", LOCATIES.titel: "locaties", OPLEIDINGEN.titel: "opleidingen",
             CONTACTEN.titel: "contacten"}
# Fields that may be left empty in a row of an existing object, meaning "as it is".
LEEG_IS_ONGEWIJZIGD = {"begindatum", "eerste_instroomdatum", "postcode", "huisnummer"}


@dataclass
class Wijziging:
    soort: str
    blad: str
    rij: int
    objectnaam: str
    sleutel: str  # the code, or "" for a new object
    naam: str
    velden: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new) for display
    nieuw: Any = None  # the blauwdruk row
    oud: Any = None  # the live row

    @property
    def soortlabel(self) -> str:
        return SOORTLABEL[self.soort]

    @property
    def omschrijving(self) -> str:
        return f"{gettext(self.objectnaam)} {self.sleutel or gettext('(nieuw)')} {self.naam}".strip()


@dataclass
class Verschil:
    wijzigingen: list[Wijziging] = field(default_factory=list)
    problemen: list[Probleem] = field(default_factory=list)
    niet_in_blauwdruk: list[str] = field(default_factory=list)

    @property
    def leeg(self) -> bool:
        return not self.wijzigingen

    def van(self, blad: Blad, soort: str | None = None) -> list[Wijziging]:
        return [w for w in self.wijzigingen if w.blad == blad.titel and (soort is None or w.soort == soort)]

    def tellingen(self) -> dict[str, int]:
        return {s: sum(1 for w in self.wijzigingen if w.soort == s) for s in (NIEUW, GEWIJZIGD, BEEINDIGD)}


# --- Display of values ----------------------------------------------------------------------------------------

def toon(regels: Regels, veld: str, waarde: Any, sector: str | None = None) -> str:
    if waarde is None or waarde == "" or waarde == []:
        return "(leeg)"
    if isinstance(waarde, date):
        return datum(waarde)
    if regels.blad is OPLEIDINGEN and veld in KENMERKKOLOMMEN:
        lijst = kenmerklijst(veld, sector)
        codes = waarde if isinstance(waarde, list) else [waarde]
        labels = [(lijst.waarde(c).label if lijst and lijst.waarde(c) else c) for c in codes]
        return "; ".join(labels)
    if regels.blad is CONTACTEN and veld == "context":
        return context_label(waarde)
    if isinstance(waarde, list):
        return "; ".join(str(w) for w in waarde)
    return str(waarde)


def _naam(regels: Regels, rij: Any) -> str:
    if regels.blad is AANBIEDERS:
        return rij.naam
    if regels.blad is LOCATIES:
        return f"{rij.straatnaam} {rij.huisnummer or ''}{rij.toevoeging}, {rij.plaatsnaam}".strip(" ,")
    if regels.blad is OPLEIDINGEN:
        return f"{rij.eigen_naam or rij.opleiding} ({rij.aanbieder})"
    eenheid = rij.eenheid if rij.eenheid != BESTUUR else gettext("het bestuur")
    return gettext("%(context)s van %(eenheid)s") % {"context": context_label(rij.context), "eenheid": eenheid}


# --- The comparison -------------------------------------------------------------------------------------------

def bereken(bestuur: Onderwijsbestuur, blauwdruk: Blauwdruk, peildatum: date | None = None,
            contexten: frozenset[str] | None = None) -> Verschil:
    """``contexten``: for display, the communicatiecontexten the reader may see (autorisatie.toegang
    .leesbare_contexten); contact rows of other contexts, in the blauwdruk or in the register, are left out.
    None compares everything (applying needs the whole difference)."""
    huidig = uit_registratie(bestuur, peildatum or vandaag())
    if contexten is not None:
        blauwdruk, huidig = alleen_contexten(blauwdruk, contexten), alleen_contexten(huidig, contexten)
    sectoren = dict(Opleiding.objects.values_list("naam", "sector"))
    verschil = Verschil()
    for regels in REGELS:
        _vergelijk(regels, getattr(blauwdruk, LIJST_VAN[regels.blad.titel]),
                   getattr(huidig, LIJST_VAN[regels.blad.titel]), sectoren, verschil)
    return verschil


def alleen_contexten(blauwdruk: Blauwdruk, contexten: frozenset[str]) -> Blauwdruk:
    """A copy without the contact rows whose communicatiecontext is not in contexten (nothing else changes)."""
    return replace(blauwdruk, contacten=[c for c in blauwdruk.contacten if c.context in contexten])


def _probleem(verschil: Verschil, regels: Regels, rij: Any, veld: str, bericht: str) -> None:
    kop = regels.blad.kolom(veld).kop if veld else ""
    verschil.problemen.append(Probleem(regels.blad.titel, rij.rij, kop, bericht))


def _vergelijk(regels: Regels, rijen: list[Any], live: list[Any], sectoren: dict[str, str],
               verschil: Verschil) -> None:
    per_sleutel = {getattr(r, regels.sleutel): r for r in live}
    gezien = set()
    for rij in rijen:
        sleutel = getattr(rij, regels.sleutel)
        sector = sectoren.get(getattr(rij, "opleiding", ""))
        if sleutel in (None, ""):
            velden = [(regels.blad.kolom(k.veld).kop, "", toon(regels, k.veld, getattr(rij, k.veld), sector))
                      for k in regels.blad.kolommen if k.veld != regels.sleutel and getattr(rij, k.veld) not in
                      (None, "", [])]
            verschil.wijzigingen.append(Wijziging(NIEUW, regels.blad.titel, rij.rij, regels.objectnaam, "",
                                                  _naam(regels, rij), velden, nieuw=rij))
            continue
        gezien.add(sleutel)
        oud = per_sleutel.get(sleutel)
        if oud is None:
            _probleem(verschil, regels, rij, regels.sleutel, gettext(
                "%(object)s %(code)s is al beëindigd of bestaat niet meer. Haal de rij weg, of laat de code leeg om "
                "iets nieuws te registreren.") % {"object": gettext(regels.objectnaam), "code": sleutel})
            continue
        _vergelijk_rij(regels, rij, oud, sector, verschil)
    for sleutel, oud in per_sleutel.items():
        if sleutel not in gezien:
            verschil.niet_in_blauwdruk.append(f"{gettext(regels.objectnaam)} {sleutel} ({_naam(regels, oud)})")


def _vergelijk_rij(regels: Regels, rij: Any, oud: Any, sector: str | None, verschil: Verschil) -> None:
    for veld in regels.vast:
        nieuw_waarde = getattr(rij, veld)
        if veld in LEEG_IS_ONGEWIJZIGD and nieuw_waarde in (None, ""):
            continue
        if nieuw_waarde != getattr(oud, veld):
            kop = regels.blad.kolom(veld).kop
            van, naar = toon(regels, veld, getattr(oud, veld), sector), toon(regels, veld, nieuw_waarde, sector)
            _probleem(verschil, regels, rij, veld,
                      gettext("%(kop)s van %(object)s %(code)s kan niet wijzigen (%(van)s → %(naar)s). Zet de oude "
                              "waarde terug, of beëindig de rij en voeg een nieuwe rij zonder code toe.")
                      % {"kop": kop, "object": gettext(regels.objectnaam).lower(), "code": getattr(rij, regels.sleutel),
                         "van": van, "naar": naar})
    velden = [(regels.blad.kolom(v).kop, toon(regels, v, getattr(oud, v), sector),
               toon(regels, v, getattr(rij, v), sector))
              for v in regels.wijzigbaar if getattr(rij, v) != getattr(oud, v)]
    naam = _naam(regels, oud)
    sleutel = str(getattr(rij, regels.sleutel))
    if velden:
        verschil.wijzigingen.append(Wijziging(GEWIJZIGD, regels.blad.titel, rij.rij, regels.objectnaam, sleutel, naam,
                                              velden, nieuw=rij, oud=oud))
    if rij.einddatum == oud.einddatum:
        return
    if rij.einddatum is None or (oud.einddatum is not None and rij.einddatum > oud.einddatum):
        _probleem(verschil, regels, rij, "einddatum",
                  gettext("%(object)s %(code)s is al beëindigd per %(datum)s. Een latere of lege einddatum kan "
                          "niet; kies %(datum)s of eerder.")
                  % {"object": gettext(regels.objectnaam), "code": sleutel, "datum": datum(oud.einddatum)})
        return
    verschil.wijzigingen.append(Wijziging(BEEINDIGD, regels.blad.titel, rij.rij, regels.objectnaam, sleutel, naam,
                                          [("Einddatum", toon(regels, "einddatum", oud.einddatum),
                                            datum(rij.einddatum))], nieuw=rij, oud=oud))
