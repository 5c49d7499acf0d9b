"""What a blauwdruk holds: one row per aanbieder, locatie(gebruik), aangeboden opleiding and set of
contactgegevens, in the form the spreadsheet shows (codes, BRIN lists, dates, kenmerk codes).

The same dataclasses describe the live registration (``uit_registratie``), so the template, the parser and
the diff speak one language: a roundtrip without edits gives two equal blauwdrukken.

Not in a blauwdruk (left as they are by applying one): groepen, contactgegevens of groepen, periods and
scheduled changes, eigen sleutels.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_noop

from registratie.domein.enumeraties import (
    CONTEXT_PER_CODE,
    KENMERKEN,
    Sector,
    Waardenlijst,
)
from registratie.models import AangebodenOpleiding, Contactgegevens, Kenmerk, Onderwijsbestuur
from registratie.selectors import organisatie_boom

BESTUUR = "Bestuur"  # the value of the Eenheid column for the board's own contactgegevens


# --- Sheets and columns (shared by the template writer and the parser) ----------------------------------------

@dataclass(frozen=True)
class Kol:
    veld: str
    kop: str
    breedte: int = 14
    soort: str = "tekst"  # tekst | code | datum | getal | lijst (several values, ';' or ',') | postcode
    verplicht: bool = False
    uitleg: str = ""


@dataclass(frozen=True)
class Blad:
    titel: str
    kolommen: tuple[Kol, ...]

    def kolom(self, veld: str) -> Kol:
        return next(k for k in self.kolommen if k.veld == veld)


AANBIEDERS = Blad("Aanbieders", (
    Kol("code", "Aanbiedercode", 15, "code", uitleg=gettext_noop("Leeg voor een nieuwe aanbieder; RIO geeft de code.")),
    Kol("naam", "Naam", 40, verplicht=True, uitleg=gettext_noop("1 tot 80 tekens, uniek binnen de blauwdruk.")),
    Kol("internationale_naam", "Internationale naam", 30),
    Kol("brin4", "BRIN4", 12, "lijst", verplicht=True,
        uitleg=gettext_noop("Instellingserkenning(en) van uw bevoegd gezag.")),
    Kol("begindatum", "Oprichtingsdatum", 16, "datum",
        uitleg=gettext_noop("Voor een nieuwe aanbieder; leeg = ingangsdatum.")),
    Kol("einddatum", "Einddatum", 14, "datum",
        uitleg=gettext_noop("Laatste dag; vul in om de aanbieder te beëindigen.")),
))
LOCATIES = Blad("Locaties", (
    Kol("code", "Locatiecode", 13, "code", uitleg=gettext_noop("Leeg voor een nieuwe locatie; RIO geeft de code.")),
    Kol("straatnaam", "Straat", 30),
    Kol("huisnummer", "Huisnummer", 12, "getal"),
    Kol("toevoeging", "Toevoeging", 12),
    Kol("postcode", "Postcode", 10, "postcode", uitleg=gettext_noop("Leeg: het adres van de (eerste) BRIN6.")),
    Kol("plaatsnaam", "Plaats", 20),
    Kol("brin6", "BRIN6", 14, "lijst", verplicht=True,
        uitleg=gettext_noop("Vestigingserkenning(en) van uw bevoegd gezag.")),
    Kol("begindatum", "In gebruik vanaf", 16, "datum",
        uitleg=gettext_noop("Voor een nieuwe locatie; leeg = ingangsdatum.")),
    Kol("einddatum", "Einddatum", 14, "datum",
        uitleg=gettext_noop("Laatste dag; vul in om het gebruik te beëindigen.")),
))
OPLEIDINGEN = Blad("Aangeboden opleidingen", (
    Kol("code", "Code", 38, "code", uitleg=gettext_noop("Leeg voor een nieuwe aangeboden opleiding.")),
    Kol("aanbieder", "Aanbieder", 30, verplicht=True,
        uitleg=gettext_noop("Aanbiedercode of naam uit het blad Aanbieders.")),
    Kol("opleiding", "Opleiding", 30, verplicht=True),
    Kol("locatie", "Locatie", 14,
        uitleg=gettext_noop("Locatiecode of een BRIN6 uit het blad Locaties; leeg = geen vaste locatie.")),
    Kol("eigen_naam", "Eigen naam", 30),
    Kol("internationale_naam", "Internationale naam", 25),
    Kol("omschrijving", "Omschrijving", 30),
    Kol("begindatum", "Begindatum", 14, "datum",
        uitleg=gettext_noop("Voor een nieuwe opleiding; leeg = ingangsdatum.")),
    Kol("eerste_instroomdatum", "Eerste instroomdatum", 14, "datum"),
    Kol("einddatum", "Einddatum", 14, "datum", uitleg=gettext_noop("Laatste dag; vul in om te beëindigen.")),
    Kol("doelgroepen", "Doelgroep", 36, "lijst", verplicht=True,
        uitleg=gettext_noop("Basisonderwijs: precies één; so/vso: 1 tot 10, gescheiden door ;")),
    Kol("onderwijsconcept", "Onderwijsconcept", 22),
    Kol("leerlijn", "Doorlopende leerlijn", 24),
    Kol("inrichting", "Bijzondere inrichting", 26),
    Kol("samenwerkende", "Samenwerkende aanbieders", 24, "lijst",
        uitleg=gettext_noop("Aanbiedercodes (999A999), gescheiden door ;")),
))
CONTACTEN = Blad("Contactgegevens", (
    Kol("nummer", "Nummer", 10, "getal", uitleg=gettext_noop("Leeg voor nieuwe contactgegevens.")),
    Kol("eenheid", "Eenheid", 30, verplicht=True, uitleg=gettext_noop("'Bestuur', of een aanbiedercode of -naam.")),
    Kol("context", "Communicatiecontext", 20, verplicht=True),
    Kol("afdeling", "Afdeling of functie", 22),
    Kol("toelichting", "Toelichting", 22),
    Kol("email", "E-mailadres", 28),
    Kol("telefoonnummer", "Telefoonnummer", 16),
    Kol("website", "Website", 28),
    Kol("bezoek_straatnaam", "Bezoekadres straat", 22),
    Kol("bezoek_huisnummer", "Bezoekadres huisnummer", 12, "getal"),
    Kol("bezoek_toevoeging", "Bezoekadres toevoeging", 12),
    Kol("bezoek_postcode", "Bezoekadres postcode", 12, "postcode"),
    Kol("bezoek_plaatsnaam", "Bezoekadres plaats", 18),
    Kol("post_straatnaam", "Postadres straat of postbus", 22),
    Kol("post_huisnummer", "Postadres huisnummer", 12, "getal"),
    Kol("post_toevoeging", "Postadres toevoeging", 12),
    Kol("post_postcode", "Postadres postcode", 12, "postcode"),
    Kol("post_plaatsnaam", "Postadres plaats", 18),
    Kol("begindatum", "Begindatum", 14, "datum",
        uitleg=gettext_noop("Voor nieuwe contactgegevens; leeg = ingangsdatum.")),
    Kol("einddatum", "Einddatum", 14, "datum", uitleg=gettext_noop("Laatste dag; vul in om te beëindigen.")),
))
GEGEVENSBLADEN = (AANBIEDERS, LOCATIES, OPLEIDINGEN, CONTACTEN)
INSTRUCTIE = "Instructie"
ERKENNINGEN = "Erkenningen"
KEUZELIJSTEN = "Keuzelijsten"
HULPBLADEN = (INSTRUCTIE, ERKENNINGEN, KEUZELIJSTEN)

# Kenmerk columns of an aangeboden opleiding → the kenmerknaam and waardenlijst per sector (rio-po.md §1.9).
# The blauwdruk's kenmerk columns. One column holds the same kind of kenmerk for every sector (a BO school's
# doelgroep and an SO school's doelgroepen share "doelgroepen"); which kenmerk and list that is per sector comes
# from the register's one definition, KENMERKEN.
KOLOM_VAN_KENMERK = {
    "doelgroepBasisonderwijs": "doelgroepen", "doelgroepSpeciaalOnderwijs": "doelgroepen",
    "onderwijsconcept": "onderwijsconcept",
    "doorlopendeLeerlijnBoVo": "leerlijn", "doorlopendeLeerlijnVsoMbo": "leerlijn",
    "bijzondereInrichting": "inrichting",
}
KENMERKKOLOMMEN: dict[str, dict[Sector, tuple[str, Waardenlijst]]] = {}
for _sector, _soorten in KENMERKEN.items():
    for _soort in _soorten:
        KENMERKKOLOMMEN.setdefault(KOLOM_VAN_KENMERK[_soort.naam], {})[_sector] = (_soort.naam, _soort.lijst)


# --- Rows ------------------------------------------------------------------------------------------------------

@dataclass
class AanbiederRij:
    code: str = ""
    naam: str = ""
    internationale_naam: str = ""
    brin4: list[str] = field(default_factory=list)
    begindatum: date | None = None
    einddatum: date | None = None
    rij: int = field(default=0, compare=False)


@dataclass
class LocatieRij:
    code: str = ""
    straatnaam: str = ""
    huisnummer: int | None = None
    toevoeging: str = ""
    postcode: str = ""
    plaatsnaam: str = ""
    brin6: list[str] = field(default_factory=list)
    begindatum: date | None = None
    einddatum: date | None = None
    rij: int = field(default=0, compare=False)


@dataclass
class OpleidingRij:
    code: str = ""
    aanbieder: str = ""
    opleiding: str = ""
    locatie: str = ""
    eigen_naam: str = ""
    internationale_naam: str = ""
    omschrijving: str = ""
    begindatum: date | None = None
    eerste_instroomdatum: date | None = None
    einddatum: date | None = None
    doelgroepen: list[str] = field(default_factory=list)
    onderwijsconcept: str = ""
    leerlijn: str = ""
    inrichting: str = ""
    samenwerkende: list[str] = field(default_factory=list)
    rij: int = field(default=0, compare=False)

    def kenmerken(self, sector: Sector) -> dict[str, list[str]]:
        """The kenmerken as the opleiding service takes them, for the sector of the chosen opleiding."""
        uit: dict[str, list[str]] = {}
        for veld, per_sector in KENMERKKOLOMMEN.items():
            waarden = getattr(self, veld)
            waarden = list(waarden) if isinstance(waarden, list) else [waarden] if waarden else []
            if waarden and sector in per_sector:
                uit[per_sector[sector][0]] = waarden
        return uit


@dataclass
class ContactRij:
    nummer: int | None = None
    eenheid: str = BESTUUR
    context: str = ""
    afdeling: str = ""
    toelichting: str = ""
    email: str = ""
    telefoonnummer: str = ""
    website: str = ""
    bezoek_straatnaam: str = ""
    bezoek_huisnummer: int | None = None
    bezoek_toevoeging: str = ""
    bezoek_postcode: str = ""
    bezoek_plaatsnaam: str = ""
    post_straatnaam: str = ""
    post_huisnummer: int | None = None
    post_toevoeging: str = ""
    post_postcode: str = ""
    post_plaatsnaam: str = ""
    begindatum: date | None = None
    einddatum: date | None = None
    rij: int = field(default=0, compare=False)

    CONTACTVELDEN = ("afdeling", "toelichting", "email", "telefoonnummer", "website",
                     "bezoek_straatnaam", "bezoek_huisnummer", "bezoek_toevoeging", "bezoek_postcode",
                     "bezoek_plaatsnaam", "post_straatnaam", "post_huisnummer", "post_toevoeging", "post_postcode",
                     "post_plaatsnaam")

    def gegevens(self) -> dict[str, Any]:
        return {v: getattr(self, v) for v in self.CONTACTVELDEN}


RIJSOORT = {AANBIEDERS.titel: AanbiederRij, LOCATIES.titel: LocatieRij, OPLEIDINGEN.titel: OpleidingRij,
            CONTACTEN.titel: ContactRij}


@dataclass
class Blauwdruk:
    aanbieders: list[AanbiederRij] = field(default_factory=list)
    locaties: list[LocatieRij] = field(default_factory=list)
    opleidingen: list[OpleidingRij] = field(default_factory=list)
    contacten: list[ContactRij] = field(default_factory=list)

    def naar_json(self) -> dict[str, list[dict[str, Any]]]:
        return {naam: [_rij_naar_json(r) for r in getattr(self, naam)] for naam in _LIJSTEN}

    @classmethod
    def van_json(cls, data: dict[str, Any]) -> Blauwdruk:
        return cls(**{naam: [_rij_van_json(soort, r) for r in data.get(naam, [])] for naam, soort in _LIJSTEN.items()})


_LIJSTEN: dict[str, type] = {"aanbieders": AanbiederRij, "locaties": LocatieRij, "opleidingen": OpleidingRij,
                             "contacten": ContactRij}


def _rij_naar_json(rij: Any) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in dataclasses.asdict(rij).items()}


def _rij_van_json(soort: type, data: dict[str, Any]) -> Any:
    namen = {f.name for f in dataclasses.fields(soort)}
    waarden = {k: v for k, v in data.items() if k in namen}
    for k, v in waarden.items():
        if "datum" in k and isinstance(v, str):
            waarden[k] = date.fromisoformat(v)
    return soort(**waarden)


# --- The live registration as a blauwdruk ----------------------------------------------------------------------

def _kenmerkvelden(kenmerken: list[Kenmerk], ao: AangebodenOpleiding) -> dict[str, Any]:
    sector = Sector(ao.opleiding.sector)
    per_naam: dict[str, list[str]] = {}
    for k in kenmerken:
        per_naam.setdefault(k.naam, []).append(k.waarde)
    uit: dict[str, Any] = {}
    for veld, per_sector in KENMERKKOLOMMEN.items():
        naam = per_sector.get(sector, ("", None))[0]
        waarden = sorted(per_naam.get(naam, []))
        uit[veld] = waarden if veld == "doelgroepen" else (waarden[0] if waarden else "")
    return uit


def _opleiding_rij(ao: AangebodenOpleiding, kenmerken: list[Kenmerk], peildatum: date) -> OpleidingRij:
    periode = ao.huidige_periode(peildatum)
    return OpleidingRij(
        code=str(ao.code), aanbieder=ao.aanbieder.code, opleiding=ao.opleiding.naam,
        locatie=ao.locatie.code if ao.locatie else "", eigen_naam=periode.eigen_naam if periode else "",
        internationale_naam=periode.internationale_naam if periode else "",
        omschrijving=periode.omschrijving if periode else "", begindatum=ao.begindatum,
        eerste_instroomdatum=ao.eerste_instroomdatum, einddatum=ao.einddatum,
        samenwerkende=list(periode.samenwerkende_aanbieders) if periode else [], **_kenmerkvelden(kenmerken, ao))


def contact_rij(c: Contactgegevens, eenheid: str) -> ContactRij:
    return ContactRij(nummer=c.pk, eenheid=eenheid, context=c.context, begindatum=c.begindatum,
                      einddatum=c.einddatum, **{v: getattr(c, v) or ("" if "huisnummer" not in v else None)
                                                for v in ContactRij.CONTACTVELDEN})


def _loopt_nog(obj: Any, peildatum: date) -> bool:
    return obj.einddatum is None or obj.einddatum >= peildatum


def uit_registratie(bestuur: Onderwijsbestuur, peildatum: date) -> Blauwdruk:
    """The board's registration on peildatum (and what is scheduled to start later) as a blauwdruk."""
    boom = organisatie_boom(bestuur, peildatum)
    blauwdruk = Blauwdruk()
    for a in sorted(boom.aanbieders, key=lambda a: a.code):
        periode = a.huidige_periode(peildatum)
        blauwdruk.aanbieders.append(AanbiederRij(
            code=a.code, naam=periode.naam if periode else "",
            internationale_naam=periode.internationale_naam if periode else "",
            brin4=sorted({r.instelling.code for r in boom.registratie.relaties_van(a) if _loopt_nog(r, peildatum)}),
            begindatum=a.begindatum, einddatum=a.einddatum))
        for ao in sorted(boom.opleidingen_van(a), key=lambda ao: (ao.begindatum, str(ao.code))):
            blauwdruk.opleidingen.append(_opleiding_rij(ao, boom.registratie.kenmerken_van(ao), peildatum))
        for c in boom.registratie.contacten_van(a):
            if _loopt_nog(c, peildatum):
                blauwdruk.contacten.append(contact_rij(c, a.code))
    for g in sorted(boom.locatiegebruiken, key=lambda g: g.locatie.code):
        loc = g.locatie
        blauwdruk.locaties.append(LocatieRij(
            code=loc.code, straatnaam=loc.straatnaam, huisnummer=loc.huisnummer, toevoeging=loc.huisnummertoevoeging,
            postcode=loc.postcode, plaatsnaam=loc.plaatsnaam,
            brin6=sorted({r.vestiging.code for r in boom.registratie.vestigingsrelaties_van(g)
                          if _loopt_nog(r, peildatum)}),
            begindatum=g.begindatum, einddatum=g.einddatum))
    bestuurscontacten = [contact_rij(c, BESTUUR) for c in boom.contacten]
    blauwdruk.contacten = sorted(bestuurscontacten, key=_contactvolgorde) + sorted(blauwdruk.contacten,
                                                                                   key=_contactvolgorde)
    return blauwdruk


def _contactvolgorde(c: ContactRij) -> tuple:
    return (c.eenheid, c.context, c.begindatum or date.min)


def context_label(code: str) -> str:
    return CONTEXT_PER_CODE[code].label if code in CONTEXT_PER_CODE else code
