"""The organisation picture: bestuur → aanbieders → aangeboden opleidingen → locaties, laid out in Python.

The layout is a band per aanbieder, read from left to right: the aanbieder, its aangeboden opleidingen
stacked, and the locaties where they are given. The bestuur sits on top; a trunk on the left links it
to every aanbieder (and to the onderwijsbegeleidingsaanbieders, each with its expertise, below the aanbieders).
A locatie is drawn once (in the band of its first opleiding); an opleiding of a later
band that uses it gets a dashed line to it. Locaties the bestuur uses without any opleiding close the
picture. The template (registratie/_plaatje_svg.html, in plaatje.html and afdrukken.html) only draws what
this module computed; the template engine escapes every text.

Sizes are in SVG user units. Width is fixed, the height follows the content; for printing the bands are
split over sheets (``bladen``) that each fit an A4 landscape page.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registratie.models import AangebodenOpleiding, Onderwijslocatie
from registratie.selectors import Boom

MARGE = 16
TEKST = 13  # font size of the first line; the second line is smaller
TEKENBREEDTE = 0.62 * TEKST  # a wide sans-serif's average glyph width (DejaVu Sans), so cut text always fits
VET = 1.08  # bold glyphs are wider
BESTUUR_B, BESTUUR_H = 460, 52
TRONK_X = MARGE + 14
AANBIEDER_X, AANBIEDER_B, AANBIEDER_H = MARGE + 34, 300, 44
OPLEIDING_X, OPLEIDING_B, OPLEIDING_H = AANBIEDER_X + AANBIEDER_B + 50, 300, 40
LOCATIE_X, LOCATIE_B, LOCATIE_H = OPLEIDING_X + OPLEIDING_B + 50, 340, 40
BREEDTE = LOCATIE_X + LOCATIE_B + MARGE
RIJ = 48  # vertical step between stacked opleidingen or locaties
BAND_RUIMTE = 12  # space between two aanbieders' bands
KOP_RUIMTE = 20  # space between the bestuur and the first band
# Printed on A4 landscape (static/css/afdrukken.css prints the picture BREEDTE × AFDRUK_MM = 243 mm wide): 13 units
# of text print at 8 pt, so a board of 57 schools fits its picture on 5 sheets and the whole blauwdruk on 8 pages.
AFDRUK_MM = 0.22
A4_HOOGTE = int(185 / AFDRUK_MM)  # a sheet fills the page (190 mm between the margins)
A4_EERSTE_HOOGTE = int(150 / AFDRUK_MM)  # page 1 also holds the heading and the summary
# Fill, border and text colour per kind; text contrast ≥ 4.5:1 on its fill (WCAG 1.4.3).
KLEUREN: dict[str, tuple[str, str, str]] = {
    "bestuur": ("#154273", "#154273", "#ffffff"),
    "aanbieder": ("#e6eef6", "#154273", "#0b2a4a"),
    "opleiding": ("#ffffff", "#5b7fa6", "#0b2a4a"),
    "locatie": ("#f4f4f4", "#6c757d", "#212529"),
    "begeleiding": ("#fff4e0", "#8a5a00", "#4a3000"),
    "kop": ("#ffffff", "#6c757d", "#212529"),
    "leeg": ("none", "none", "#6b4e00"),
}


# --- What the picture shows: a view-model, built from the register (uit_registratie) or from a concept
# blauwdruk (modelleertool.plaatje), so that the layout reads no model objects.

@dataclass(frozen=True)
class PlaatjeLocatie:
    code: str
    straat: str  # street and number, or the code when there is no address
    plaats: str  # "code · postcode plaats"
    adres: str  # Onderwijslocatie.adres
    leerlingen: str = ""  # DUO's latest count of the BRIN6(s) linked to it, e.g. "312 leerlingen (2025)"


@dataclass(frozen=True)
class PlaatjeOpleiding:
    code: str
    naam: str  # the aangeboden opleiding's own name, else that of the opleiding
    opleidingnaam: str  # the opleiding in the catalogue
    sector: str
    locatie: PlaatjeLocatie | None
    begindatum: date


@dataclass(frozen=True)
class PlaatjeAanbieder:
    code: str
    naam: str
    groepnaam: str | None  # None: not in a group shown
    brin4: tuple[str, ...]
    begindatum: date
    opleidingen: tuple[PlaatjeOpleiding, ...]


@dataclass(frozen=True)
class PlaatjeBegeleider:
    """An onderwijsbegeleidingsaanbieder (999T999, rio-po.md §1.6): a box of its own under the aanbieders."""

    code: str
    naam: str
    brin4: tuple[str, ...]
    expertise: tuple[str, ...]  # labels
    begindatum: date


@dataclass(frozen=True)
class PlaatjeBestuur:
    code: str
    naam: str
    peildatum: date
    aanbieders: tuple[PlaatjeAanbieder, ...]
    locaties: tuple[PlaatjeLocatie, ...]  # every locatie the bestuur uses, in the order of the tables
    begeleiders: tuple[PlaatjeBegeleider, ...] = ()

    def zonder_opleiding(self) -> list[PlaatjeLocatie]:
        getekend = {o.locatie.code for a in self.aanbieders for o in a.opleidingen if o.locatie is not None}
        return [loc for loc in self.locaties if loc.code not in getekend]


@dataclass(frozen=True)
class Tekstregel:
    x: int
    y: int
    tekst: str
    vet: bool = False
    klein: bool = False


@dataclass(frozen=True)
class Knoop:
    """One object: a <g> with <title> (the full text), a <rect> and its lines."""

    soort: str  # bestuur, aanbieder, opleiding, locatie
    sleutel: str  # unique within the picture, e.g. "aanbieder-100A001"
    x: int
    y: int
    breedte: int
    hoogte: int
    titel: str
    regels: tuple[Tekstregel, ...]
    toekomstig: bool = False

    @property
    def midden_y(self) -> int:
        return self.y + self.hoogte // 2

    @property
    def vulling(self) -> str:
        return KLEUREN[self.soort][0]

    @property
    def rand(self) -> str:
        return KLEUREN[self.soort][1]

    @property
    def tekstkleur(self) -> str:
        return KLEUREN[self.soort][2]


@dataclass(frozen=True)
class Lijn:
    d: str  # SVG path data
    gedeeld: bool = False  # to a locatie drawn in another band


@dataclass(frozen=True)
class Plaatje:
    id: str
    breedte: int
    hoogte: int
    titel: str
    omschrijving: str
    knopen: tuple[Knoop, ...]
    lijnen: tuple[Lijn, ...]

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.breedte} {self.hoogte}"

    def van_soort(self, soort: str) -> list[Knoop]:
        return [k for k in self.knopen if k.soort == soort]


def kort(tekst: str, breedte: int, grootte: float = TEKST, vet: bool = False) -> str:
    """Cut a text to what fits in breedte units, ending in '…' when cut (the <title> keeps it whole)."""
    past = max(4, int(breedte / (TEKENBREEDTE * grootte / TEKST * (VET if vet else 1))))
    return tekst if len(tekst) <= past else tekst[:past - 1].rstrip() + "…"


def _naam(obj, peildatum: date) -> str:
    periode = obj.huidige_periode(peildatum)
    return getattr(periode, "naam", "") or ""


def _vanaf(begindatum: date, peildatum: date) -> str:
    return " · " + _("vanaf %(datum)s") % {"datum": f"{begindatum:%d-%m-%Y}"} if begindatum > peildatum else ""


def _knoop(soort: str, sleutel: str, x: int, y: int, b: int, h: int, eerste: str, tweede: str, titel: str,
           toekomstig: bool = False) -> Knoop:
    binnen = b - 20
    regels = (Tekstregel(x + 10, y + 18, kort(eerste, binnen, vet=True), vet=True),
              Tekstregel(x + 10, y + h - 10 if h > 44 else y + 33, kort(tweede, binnen, TEKST - 2), klein=True))
    return Knoop(soort, sleutel, x, y, b, h, titel, regels, toekomstig)


def _boog(x1: int, y1: int, x2: int, y2: int) -> str:
    """A smooth S-curve from the right edge of one box to the left edge of the next."""
    m = (x1 + x2) // 2
    return f"M{x1},{y1} C{m},{y1} {m},{y2} {x2},{y2}"


def opleidingnaam(ao: AangebodenOpleiding, peildatum: date) -> str:
    return _naam(ao, peildatum) or ao.opleiding.naam


# --- The view-model from the register ----------------------------------------------------------------------------

def plaatje_locatie(locatie: Onderwijslocatie) -> PlaatjeLocatie:
    """Also for the unsaved locaties of a concept (modelleertool.plaatje): only the address fields are read."""
    return PlaatjeLocatie(
        code=locatie.code,
        straat=f"{locatie.straatnaam} {locatie.huisnummer}{locatie.huisnummertoevoeging}".strip() or locatie.code,
        plaats=f"{locatie.code} · {locatie.postcode_weergave} {locatie.plaatsnaam}".strip(),
        adres=locatie.adres)


def uit_registratie(boom: Boom) -> PlaatjeBestuur:
    """The tree of Mijn organisatie (what it shows on its peildatum) as the picture's view-model."""
    p = boom.peildatum
    locaties: dict[int, PlaatjeLocatie] = {}

    leerlingen = {g.locatie_id: ", ".join(v.leerlingen_tekst for v in boom.brin6_van(g) if v.leerlingen)
                  for g in boom.locatiegebruiken}

    def locatie(loc: Onderwijslocatie) -> PlaatjeLocatie:
        if loc.pk not in locaties:
            locaties[loc.pk] = replace(plaatje_locatie(loc), leerlingen=leerlingen.get(loc.pk, ""))
        return locaties[loc.pk]

    groepnamen = {g.pk: _naam(g, p) for g in boom.groepen}
    aanbieders = tuple(
        PlaatjeAanbieder(
            code=a.code, naam=_naam(a, p), groepnaam=groepnamen.get(a.groep_id),
            brin4=tuple(i.code for i in boom.brin4_van(a)), begindatum=a.begindatum,
            opleidingen=tuple(
                PlaatjeOpleiding(code=str(ao.code), naam=opleidingnaam(ao, p), opleidingnaam=ao.opleiding.naam,
                                 sector=ao.opleiding.sector, begindatum=ao.begindatum,
                                 locatie=locatie(ao.locatie) if ao.locatie is not None else None)
                for ao in boom.opleidingen_van(a)))
        for a in boom.aanbieders)
    begeleiders = tuple(
        PlaatjeBegeleider(code=r.begeleider.code, naam=_naam(r.begeleider, p), brin4=tuple(i.code for i in r.brin4),
                          expertise=tuple(r.begeleider.expertise_labels), begindatum=r.begeleider.begindatum)
        for r in boom.begeleiderregels)
    return PlaatjeBestuur(code=boom.bestuur.code, naam=_naam(boom.bestuur, p), peildatum=p, aanbieders=aanbieders,
                          locaties=tuple(locatie(g.locatie) for g in boom.locatiegebruiken), begeleiders=begeleiders)


# --- The layout ------------------------------------------------------------------------------------------------

@dataclass
class _Opbouw:
    """Running state while bands are laid out."""

    peildatum: date
    y: int
    knopen: list[Knoop] = field(default_factory=list)
    lijnen: list[Lijn] = field(default_factory=list)
    locatie_knoop: dict[str, Knoop] = field(default_factory=dict)  # by locatie code
    laatste_midden: int | None = None  # the trunk runs down to the last aanbieder (or to the locaties row)


def _band(o: _Opbouw, aanbieder: PlaatjeAanbieder) -> None:
    p = o.peildatum
    brin = ", ".join(f"BRIN {code}" for code in aanbieder.brin4)
    groep = f" · {_('groep')} {aanbieder.groepnaam}" if aanbieder.groepnaam is not None else ""
    naam = aanbieder.naam
    tweede = " · ".join(d for d in (aanbieder.code, brin) if d) + groep + _vanaf(aanbieder.begindatum, p)
    a = _knoop("aanbieder", f"aanbieder-{aanbieder.code}", AANBIEDER_X, o.y, AANBIEDER_B, AANBIEDER_H,
               naam, tweede,
               f"{_('Onderwijsaanbieder')} {naam} ({aanbieder.code}){' · ' + brin if brin else ''}{groep}",
               aanbieder.begindatum > p)
    o.knopen.append(a)
    o.lijnen.append(Lijn(f"M{TRONK_X},{a.midden_y} H{AANBIEDER_X}"))
    o.laatste_midden = a.midden_y
    oy, ly, onderkant = o.y, o.y, o.y + AANBIEDER_H
    if not aanbieder.opleidingen:
        o.knopen.append(Knoop("leeg", f"leeg-{aanbieder.code}", OPLEIDING_X, o.y + 6, OPLEIDING_B, 40,
                              f"{naam}: {_('nog geen aangeboden opleiding')}",
                              (Tekstregel(OPLEIDING_X + 4, o.y + 30, _("nog geen aangeboden opleiding"), klein=True),)))
    for ao in aanbieder.opleidingen:
        waar = _("geen vaste locatie") if ao.locatie is None else _("locatie %(code)s") % {"code": ao.locatie.code}
        k = _knoop("opleiding", f"opleiding-{ao.code}", OPLEIDING_X, oy, OPLEIDING_B, OPLEIDING_H, ao.naam,
                   f"{ao.sector} · {waar}{_vanaf(ao.begindatum, p)}",
                   _("Aangeboden opleiding %(naam)s (%(opleiding)s, %(sector)s) van %(aanbieder)s")
                   % {"naam": ao.naam, "opleiding": ao.opleidingnaam, "sector": ao.sector, "aanbieder": naam},
                   ao.begindatum > p)
        o.knopen.append(k)
        o.lijnen.append(Lijn(_boog(AANBIEDER_X + AANBIEDER_B, a.midden_y, OPLEIDING_X, k.midden_y)))
        if ao.locatie is not None:
            doel = o.locatie_knoop.get(ao.locatie.code)
            gedeeld = doel is not None and doel.y < o.y
            if doel is None:
                ly = max(ly, oy)
                doel = _locatie_knoop(ao.locatie, ly, _("Onderwijslocatie"))
                o.knopen.append(doel)
                o.locatie_knoop[ao.locatie.code] = doel
                ly += RIJ
            o.lijnen.append(Lijn(_boog(OPLEIDING_X + OPLEIDING_B, k.midden_y, LOCATIE_X, doel.midden_y), gedeeld))
        oy += RIJ
    onderkant = max(onderkant, oy - RIJ + OPLEIDING_H, ly - RIJ + LOCATIE_H)
    o.y = onderkant + BAND_RUIMTE


def _locatie_knoop(locatie: PlaatjeLocatie, y: int, soort: str) -> Knoop:
    leerlingen = f" · {locatie.leerlingen}" if locatie.leerlingen else ""
    return _knoop("locatie", f"locatie-{locatie.code}", LOCATIE_X, y, LOCATIE_B, LOCATIE_H,
                  locatie.straat, locatie.plaats, f"{soort} {locatie.code} · {locatie.adres}{leerlingen}")


def _begeleiders(o: _Opbouw, begeleiders: Sequence[PlaatjeBegeleider]) -> None:
    """The onderwijsbegeleidingsaanbieders: each a box hung from the trunk like an aanbieder, with its expertise
    beside it (they offer no opleidingen and use no locatie)."""
    p = o.peildatum
    for b in begeleiders:
        brin = ", ".join(f"BRIN {code}" for code in b.brin4)
        tweede = " · ".join(d for d in (_("begeleiding"), b.code, brin) if d) + _vanaf(b.begindatum, p)
        expertise = ", ".join(b.expertise)
        k = _knoop("begeleiding", f"begeleiding-{b.code}", AANBIEDER_X, o.y, AANBIEDER_B, AANBIEDER_H, b.naam, tweede,
                   _("Onderwijsbegeleidingsaanbieder %(naam)s (%(code)s)") % {"naam": b.naam, "code": b.code}
                   + (f" · {brin}" if brin else "") + (f" · {_('expertise')}: {expertise}" if expertise else ""),
                   b.begindatum > p)
        o.knopen.append(k)
        o.lijnen.append(Lijn(f"M{TRONK_X},{k.midden_y} H{AANBIEDER_X}"))
        o.laatste_midden = k.midden_y
        if expertise:
            e = Knoop("begeleiding", f"expertise-{b.code}", OPLEIDING_X, o.y + 2, OPLEIDING_B + LOCATIE_B // 2, 40,
                      f"{_('Expertise van')} {b.naam}: {expertise}",
                      (Tekstregel(OPLEIDING_X + 10, o.y + 18, _("Expertise"), vet=True),
                       Tekstregel(OPLEIDING_X + 10, o.y + 34,
                                  kort(expertise, OPLEIDING_B + LOCATIE_B // 2 - 20, TEKST - 2), klein=True)),
                      b.begindatum > p)
            o.knopen.append(e)
            o.lijnen.append(Lijn(_boog(AANBIEDER_X + AANBIEDER_B, k.midden_y, OPLEIDING_X, e.midden_y)))
        o.y += AANBIEDER_H + BAND_RUIMTE


def _ongebruikte_locaties(o: _Opbouw, locaties: Sequence[PlaatjeLocatie]) -> None:
    """Locaties of the bestuur that no drawn opleiding uses: a last band, hung from the trunk."""
    rest = [loc for loc in locaties if loc.code not in o.locatie_knoop]
    if not rest:
        return
    kop = Knoop("kop", "kop-ongebruikt", AANBIEDER_X, o.y, AANBIEDER_B, 40,
                _("Locaties zonder aangeboden opleiding"),
                (Tekstregel(AANBIEDER_X + 10, o.y + 25, _("Locaties zonder aangeboden opleiding"), vet=True),))
    o.knopen.append(kop)
    o.lijnen.append(Lijn(f"M{TRONK_X},{kop.midden_y} H{AANBIEDER_X}"))
    o.laatste_midden = kop.midden_y
    y = o.y
    for locatie in rest:
        k = _locatie_knoop(locatie, y, _("Onderwijslocatie zonder aangeboden opleiding:"))
        o.knopen.append(k)
        o.locatie_knoop[locatie.code] = k
        o.lijnen.append(Lijn(_boog(AANBIEDER_X + AANBIEDER_B, kop.midden_y, LOCATIE_X, k.midden_y)))
        y += RIJ
    o.y = y - RIJ + LOCATIE_H + BAND_RUIMTE


def teken(bestuur: PlaatjeBestuur, aanbieders: Sequence[PlaatjeAanbieder] | None = None,
          locaties: Sequence[PlaatjeLocatie] | None = None, id: str = "plaatje", vervolg: str = "",
          begeleiders: Sequence[PlaatjeBegeleider] | None = None) -> Plaatje:
    """Lay out the bestuur with the given aanbieders (default: all), extra locaties (default: all it uses) and
    begeleidingsaanbieders (default: all)."""
    aanbieders = bestuur.aanbieders if aanbieders is None else aanbieders
    locaties = bestuur.locaties if locaties is None else locaties
    begeleiders = bestuur.begeleiders if begeleiders is None else begeleiders
    p = bestuur.peildatum
    naam = bestuur.naam
    kop = _knoop("bestuur", f"bestuur-{bestuur.code}", MARGE, MARGE, BESTUUR_B, BESTUUR_H,
                 naam + vervolg, _("Onderwijsbestuur %(code)s · stand op %(datum)s") % {
                     "code": bestuur.code, "datum": f"{p:%d-%m-%Y}"},
                 _("Onderwijsbestuur %(naam)s (%(code)s)") % {"naam": naam, "code": bestuur.code})
    o = _Opbouw(p, MARGE + BESTUUR_H + KOP_RUIMTE, [kop])
    for aanbieder in aanbieders:
        _band(o, aanbieder)
    _begeleiders(o, begeleiders)
    _ongebruikte_locaties(o, locaties)
    if o.laatste_midden is not None:
        o.lijnen.insert(0, Lijn(f"M{TRONK_X},{MARGE + BESTUUR_H} V{o.laatste_midden}"))
    hoogte = o.y - BAND_RUIMTE + MARGE if o.laatste_midden is not None else MARGE * 2 + BESTUUR_H
    aantallen = (len([k for k in o.knopen if k.soort == "aanbieder"]),
                 len([k for k in o.knopen if k.soort == "opleiding"]),
                 len([k for k in o.knopen if k.soort == "locatie"]))
    return Plaatje(
        id=id, breedte=BREEDTE, hoogte=hoogte,
        titel=_("Organisatieplaatje van %(naam)s (%(code)s)") % {"naam": naam, "code": bestuur.code} + vervolg,
        omschrijving=_("Het bestuur met %(aanbieders)s, %(opleidingen)s en %(locaties)s, op %(datum)s. Van links "
                       "naar rechts: aanbieder, aangeboden opleidingen, locaties. Dezelfde gegevens staan in de "
                       "tabel onder het plaatje.") % {
            "aanbieders": ngettext("%(aantal)d onderwijsaanbieder", "%(aantal)d onderwijsaanbieders",
                                   aantallen[0]) % {"aantal": aantallen[0]},
            "opleidingen": ngettext("%(aantal)d aangeboden opleiding", "%(aantal)d aangeboden opleidingen",
                                    aantallen[1]) % {"aantal": aantallen[1]},
            "locaties": ngettext("%(aantal)d onderwijslocatie", "%(aantal)d onderwijslocaties",
                                 aantallen[2]) % {"aantal": aantallen[2]},
            "datum": f"{p:%d-%m-%Y}"} + (" " + ngettext(
                "Onder de aanbieders staat %(aantal)d onderwijsbegeleidingsaanbieder met zijn expertise.",
                "Onder de aanbieders staan %(aantal)d onderwijsbegeleidingsaanbieders met hun expertise.",
                len(begeleiders)) % {"aantal": len(begeleiders)} if begeleiders else ""),
        knopen=tuple(o.knopen), lijnen=tuple(o.lijnen))


def band_hoogte(aanbieder: PlaatjeAanbieder) -> int:
    """Upper bound of one band's height (every locatie of the band drawn in it)."""
    n = max(1, len(aanbieder.opleidingen))
    return max(AANBIEDER_H, (n - 1) * RIJ + OPLEIDING_H) + BAND_RUIMTE


def bladen(bestuur: PlaatjeBestuur, max_hoogte: int = A4_HOOGTE,
           eerste_hoogte: int = A4_EERSTE_HOOGTE) -> list[Plaatje]:
    """The picture split over sheets for printing: whole bands per sheet, each sheet at most max_hoogte high and
    the first at most eerste_hoogte (a single band taller than a sheet gets a sheet of its own)."""
    kop = MARGE + BESTUUR_H + KOP_RUIMTE + MARGE
    groepen: list[list[PlaatjeAanbieder]] = [[]]
    hoogte = kop

    def grens() -> int:
        return eerste_hoogte if len(groepen) == 1 else max_hoogte

    for aanbieder in bestuur.aanbieders:
        h = band_hoogte(aanbieder)
        if groepen[-1] and hoogte + h > grens():
            groepen.append([])
            hoogte = kop
        groepen[-1].append(aanbieder)
        hoogte += h
    rest = bestuur.zonder_opleiding()
    # The begeleidingsaanbieders and the locaties without opleiding close the last sheet, or get one of their own.
    slot = len(bestuur.begeleiders) * (AANBIEDER_H + BAND_RUIMTE) + (len(rest) * RIJ + BAND_RUIMTE if rest else 0)
    if slot and groepen[-1] and hoogte + slot > grens():
        groepen.append([])
    resultaat = []
    for i, groep in enumerate(groepen, start=1):
        laatste = i == len(groepen)
        vervolg = " " + _("(blad %(nummer)d van %(aantal)d)") % {"nummer": i, "aantal": len(groepen)} \
            if len(groepen) > 1 else ""
        resultaat.append(teken(bestuur, groep, rest if laatste else [], id=f"plaatje-{i}", vervolg=vervolg,
                               begeleiders=bestuur.begeleiders if laatste else []))
    return resultaat
