"""Reads an uploaded blauwdruk (xlsx) into a ``Blauwdruk``, or reports every problem by sheet, row and column
with a Dutch message that says how to fix it. Never raises on bad input: a problem report is the answer.

Decisions (stated on the upload page and in the template's instructions):
- Columns are found by their header, so their order is free. Every column of the template must be there;
  an unknown extra column is a *warning* and its cells are ignored. An unknown extra sheet is a warning too.
- A formula (or a text starting with '='), an error value (#REF!) and merged cells are refused: the value
  must be in the cell itself.
- Dates may be Excel dates or text as dd-mm-jjjj (also d-m-jjjj, dd/mm/jjjj and jjjj-mm-dd).
- Limits (settings): BLAUWDRUK_MAX_RIJEN rows per sheet. The sheets are read streaming (openpyxl read_only) and
  reading stops at the row limit, so a sheet of 100,000 (empty) rows is refused without loading it.
- Opening the untrusted file safely (size limit, zip bombs, XML entities) is bestand.py's job; its refusal becomes
  the one problem of the report.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext, gettext_noop
from openpyxl.utils import get_column_letter

from kern.export import GEVAARLIJKE_BEGINTEKENS
from modelleertool.bestand import OnbruikbaarBestand, open_werkmap, samengevoegde_cellen, upload_inhoud
from modelleertool.inhoud import (
    AANBIEDERS,
    BESTUUR,
    CONTACTEN,
    GEGEVENSBLADEN,
    HULPBLADEN,
    KENMERKKOLOMMEN,
    LOCATIES,
    OPLEIDINGEN,
    RIJSOORT,
    Blad,
    Blauwdruk,
    Kol,
)
from modelleertool.sjabloon import kenmerklijst, max_rijen
from registratie.domein.enumeraties import COMMUNICATIECONTEXTEN, Sector
from registratie.models import (
    AanbiederPeriode,
    AangebodenOpleiding,
    AangebodenOpleidingPeriode,
    Contactgegevens,
    Instellingserkenning,
    Onderwijsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Opleiding,
    Vestigingserkenning,
)

logger = logging.getLogger(__name__)


def _maxima(rijsoort: type, model: type[models.Model], andere_namen: dict[str, str] | None = None,
            eigen_bericht: frozenset[str] = frozenset()) -> dict[str, int]:
    """The max_length of the model field behind each text column of a blauwdruk row. A too long text is refused
    when the file is read: applying it later would have to cut it off (or fail), so the check sits where the
    data enters. Codes are left out (their form is checked on its own), and so are the columns in eigen_bericht
    that the Omzetter checks with a message of their own."""
    maxima = {}
    for kolom in fields(rijsoort):
        if kolom.type != "str" or kolom.name == "code" or kolom.name in eigen_bericht:
            continue
        with contextlib.suppress(FieldDoesNotExist):
            max_length = model._meta.get_field((andere_namen or {}).get(kolom.name, kolom.name)).max_length
            if max_length:
                maxima[kolom.name] = max_length
    return maxima


MAXIMA: dict[str, dict[str, int]] = {
    AANBIEDERS.titel: _maxima(RIJSOORT[AANBIEDERS.titel], AanbiederPeriode, eigen_bericht=frozenset({"naam"})),
    LOCATIES.titel: _maxima(RIJSOORT[LOCATIES.titel], Onderwijslocatie, eigen_bericht=frozenset({"toevoeging"})),
    OPLEIDINGEN.titel: _maxima(RIJSOORT[OPLEIDINGEN.titel], AangebodenOpleidingPeriode),
    CONTACTEN.titel: _maxima(RIJSOORT[CONTACTEN.titel], Contactgegevens),
}

FOUT, WAARSCHUWING = "fout", "waarschuwing"
MAX_KOLOMMEN = 60  # columns read per row; the template has at most 20
MAX_SAMENGEVOEGD = 50  # merged cells reported; more add nothing the user needs
DATUMFORMATEN = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y")
CODEVORM = {AANBIEDERS.titel: (re.compile(r"[0-9]{3}A[0-9]{3}"), "999A999"),
            LOCATIES.titel: (re.compile(r"[0-9]{3}X[0-9]{3}"), "999X999")}
POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
AANBIEDERCODE = re.compile(r"[0-9]{3}A[0-9]{3}")


@dataclass(frozen=True)
class Probleem:
    blad: str
    rij: int | None
    kolom: str
    bericht: str
    ernst: str = FOUT
    # A stored warning keeps its Dutch msgid and parameters, so it is shown in the reader's language later.
    sjabloon: str = field(default="", compare=False)
    parameters: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    @property
    def plek(self) -> str:
        # The sheet and column names are those of the Dutch file: quoted, untranslated.
        delen = [gettext("blad %(blad)s") % {"blad": self.blad} if self.blad else gettext("bestand")]
        if self.rij:
            delen.append(gettext("rij %(rij)s") % {"rij": self.rij})
        if self.kolom:
            delen.append(gettext("kolom %(kolom)s") % {"kolom": self.kolom})
        return ", ".join(delen)

    def naar_json(self) -> dict[str, Any]:
        uit = {"blad": self.blad, "rij": self.rij, "kolom": self.kolom, "bericht": self.bericht, "ernst": self.ernst}
        if self.sjabloon:
            uit |= {"sjabloon": self.sjabloon, "parameters": dict(self.parameters)}
        return uit


def _waarschuwing(blad: str, rij: int | None, kolom: str, sjabloon: str, **parameters: Any) -> Probleem:
    """A reading warning, stored with the blauwdruk: translated now, and kept as msgid plus parameters."""
    return Probleem(blad, rij, kolom, gettext(sjabloon) % parameters, WAARSCHUWING, sjabloon,
                    tuple(parameters.items()))



@dataclass
class Leesresultaat:
    blauwdruk: Blauwdruk | None
    problemen: list[Probleem] = field(default_factory=list)

    @property
    def fouten(self) -> list[Probleem]:
        return [p for p in self.problemen if p.ernst == FOUT]

    @property
    def waarschuwingen(self) -> list[Probleem]:
        return [p for p in self.problemen if p.ernst == WAARSCHUWING]


@dataclass
class Kader:
    """What the board's blauwdruk may refer to: its erkenningen, existing objects and the opleiding catalogue."""

    brin4: set[str]
    brin6: set[str]
    aanbiedercodes: set[str]
    locatiecodes: set[str]
    opleidingcodes: set[str]
    contactnummers: set[int]
    opleidingen: dict[str, Opleiding]  # lower-case name or code → opleiding

    @classmethod
    def voor(cls, bestuur: Onderwijsbestuur) -> Kader:
        catalogus = list(Opleiding.objects.all())
        return cls(
            brin4=set(Instellingserkenning.objects.filter(bevoegd_gezag=bestuur.bevoegd_gezag_id)
                      .values_list("code", flat=True)),
            brin6=set(Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=bestuur.bevoegd_gezag_id)
                      .values_list("code", flat=True)),
            aanbiedercodes=set(Onderwijsaanbieder.objects.filter(bestuur=bestuur).values_list("code", flat=True)),
            locatiecodes=set(Onderwijslocatiegebruik.objects.filter(bestuur=bestuur)
                             .values_list("locatie__code", flat=True)),
            opleidingcodes={str(c) for c in AangebodenOpleiding.objects.filter(aanbieder__bestuur=bestuur)
                            .values_list("code", flat=True)},
            contactnummers=set(Contactgegevens.objects.filter(bestuur=bestuur).values_list("pk", flat=True))
            | set(Contactgegevens.objects.filter(aanbieder__bestuur=bestuur).values_list("pk", flat=True)),
            opleidingen={**{o.naam.lower(): o for o in catalogus}, **{o.code.lower(): o for o in catalogus}},
        )


# --- Entry points -------------------------------------------------------------------------------------------

def lees_upload(upload: Any, bestuur: Onderwijsbestuur) -> Leesresultaat:
    """An uploaded file (Django UploadedFile): the size is checked before anything is read."""
    try:
        data = upload_inhoud(upload)
    except OnbruikbaarBestand as fout:
        return _alleen(str(fout))
    return lees(data, Kader.voor(bestuur))


def lees(data: bytes, kader: Kader) -> Leesresultaat:
    try:
        boek = open_werkmap(data)
    except OnbruikbaarBestand as fout:
        return _alleen(str(fout))
    try:
        return _lees_boek(boek, data, kader)
    finally:
        boek.close()


def _alleen(bericht: str) -> Leesresultaat:
    return Leesresultaat(None, [Probleem("", None, "", bericht)])


# --- Sheets, headers and raw cells ----------------------------------------------------------------------------

def _vind_bladen(boek: Any) -> tuple[dict[str, str], list[Probleem]]:
    """The sheet name for every data sheet, and problems for missing, renamed and unknown sheets."""
    problemen: list[Probleem] = []
    aanwezig = list(boek.sheetnames)
    gevonden: dict[str, str] = {}
    for blad in GEGEVENSBLADEN:
        if blad.titel in aanwezig:
            gevonden[blad.titel] = blad.titel
            continue
        bijna = [n for n in aanwezig if n.strip().lower() == blad.titel.lower()]
        if bijna:
            problemen.append(Probleem(bijna[0], None, "", gettext(
                "Het blad heet '%(naam)s' maar moet '%(titel)s' heten. Geef het blad zijn oorspronkelijke naam "
                "terug.") % {"naam": bijna[0], "titel": blad.titel}))
        else:
            problemen.append(Probleem(blad.titel, None, "", gettext(
                "Het blad '%(titel)s' ontbreekt. Gebruik het sjabloon en hernoem of verwijder geen bladen.")
                % {"titel": blad.titel}))
    bekend = {b.titel for b in GEGEVENSBLADEN} | set(HULPBLADEN)
    for naam in aanwezig:
        if naam not in bekend and not any(naam.strip().lower() == b.titel.lower() for b in GEGEVENSBLADEN):
            problemen.append(_waarschuwing(naam, None, "",
                                           gettext_noop("Dit blad kent het portaal niet; het wordt genegeerd.")))
    return gevonden, problemen


def _samengevoegd_probleem(titel: str, bereik: str) -> Probleem:
    rij = re.search(r"[0-9]+", bereik)
    return Probleem(titel, int(rij.group()) if rij else None, bereik.split(":")[0],
                    gettext("De cellen %(bereik)s zijn samengevoegd. Maak het samenvoegen ongedaan en zet de waarde "
                            "in één cel per kolom.") % {"bereik": bereik})


@dataclass
class RuweRij:
    nummer: int
    cellen: dict[str, tuple[Any, str, str]]  # veld → (value, data_type, column label)


def _kolomlabel(index: int, kop: str) -> str:
    return f"{get_column_letter(index)} ({kop})"


def _koppen(blad: Blad, kopcellen: tuple[Any, ...]) -> tuple[dict[int, Kol], list[Probleem]]:
    problemen: list[Probleem] = []
    per_kop = {k.kop.lower(): k for k in blad.kolommen}
    kolommen: dict[int, Kol] = {}
    for index, cel in enumerate(kopcellen, start=1):
        tekst = str(cel.value).strip() if cel.value is not None else ""
        sleutel = tekst.removesuffix("*").strip().lower()
        if not sleutel:
            continue
        kol = per_kop.get(sleutel)
        if kol is None:
            problemen.append(_waarschuwing(
                blad.titel, 1, _kolomlabel(index, tekst),
                gettext_noop("De kolom '%(kop)s' kent het portaal niet; de inhoud wordt genegeerd."), kop=tekst[:60]))
        elif kol in kolommen.values():
            problemen.append(Probleem(blad.titel, 1, _kolomlabel(index, tekst), gettext(
                "De kolom '%(kop)s' staat er twee keer. Verwijder één van beide.") % {"kop": kol.kop}))
        else:
            kolommen[index] = kol
    for kol in blad.kolommen:
        if kol not in kolommen.values():
            problemen.append(Probleem(blad.titel, 1, kol.kop, gettext(
                "De kolom '%(kop)s' ontbreekt. Zet de kolomkop terug zoals in het sjabloon (de kolommen mogen in een "
                "andere volgorde staan).") % {"kop": kol.kop}))
    return kolommen, problemen


def _is_leeg(waarde: Any) -> bool:
    return waarde is None or (isinstance(waarde, str) and not waarde.strip())


def _ruwe_rijen(werkblad: Any, blad: Blad) -> tuple[list[RuweRij], list[Probleem]]:
    limiet = max_rijen()
    rijen = werkblad.iter_rows(min_row=1, max_row=limiet + 2, max_col=MAX_KOLOMMEN)
    kop = next(rijen, None)
    if kop is None:
        return [], [Probleem(blad.titel, 1, "",
                             gettext("Het blad is leeg: de kolomkoppen ontbreken. Gebruik het sjabloon."))]
    kolommen, problemen = _koppen(blad, tuple(kop))
    if any(p.ernst == FOUT for p in problemen):
        return [], problemen
    uit: list[RuweRij] = []
    for nummer, cellen in enumerate(rijen, start=2):
        if nummer > limiet + 1:
            problemen.append(Probleem(
                blad.titel, nummer, "", gettext(
                    "Het blad heeft rijen voorbij rij %(laatste)s; er mogen hoogstens %(limiet)s rijen in staan. "
                    "Verwijder lege of opgemaakte rijen onderaan het blad, of splits de blauwdruk.")
                % {"laatste": limiet + 1, "limiet": limiet}))
            break
        gevonden = {}
        for index, cel in enumerate(cellen, start=1):
            kol = kolommen.get(index)
            if kol is not None and not _is_leeg(cel.value):
                gevonden[kol.veld] = (cel.value, getattr(cel, "data_type", "n"), _kolomlabel(index, kol.kop))
        if gevonden:
            uit.append(RuweRij(nummer, gevonden))
    return uit, problemen


def _lees_boek(boek: Any, data: bytes, kader: Kader) -> Leesresultaat:
    bladen, problemen = _vind_bladen(boek)
    try:
        samengevoegd = samengevoegde_cellen(data, bladen, MAX_SAMENGEVOEGD)
    except Exception:  # a damaged sheet XML: reported as such (the row reading below would fail the same way)
        logger.info("Blauwdruk: bladen niet te doorzoeken", exc_info=True)
        return _alleen(gettext("Het bestand is beschadigd: een blad kon niet worden gelezen. Sla het opnieuw op "
                                   "als .xlsx."))
    problemen += [_samengevoegd_probleem(titel, bereik) for titel, bereik in samengevoegd]
    ruw: dict[str, list[RuweRij]] = {}
    for titel, naam in bladen.items():
        blad = next(b for b in GEGEVENSBLADEN if b.titel == titel)
        try:
            ruw[titel], bladproblemen = _ruwe_rijen(boek[naam], blad)
        except Exception:
            logger.info("Blauwdruk: blad %s niet te lezen", titel, exc_info=True)
            bladproblemen = [Probleem(titel, None, "", gettext(
                "Dit blad is beschadigd en kon niet worden gelezen. Sla het bestand opnieuw op als Excel-werkmap "
                "(.xlsx)."))]
        problemen += bladproblemen
    if any(p.ernst == FOUT for p in problemen) or len(ruw) < len(GEGEVENSBLADEN):
        return Leesresultaat(None, problemen)
    omzetter = Omzetter(kader)
    blauwdruk = omzetter.zet_om(ruw)
    problemen += omzetter.problemen
    if any(p.ernst == FOUT for p in problemen):
        return Leesresultaat(None, problemen)
    return Leesresultaat(blauwdruk, problemen)


# --- Cells → values -------------------------------------------------------------------------------------------

class Ongeldig(Exception):
    """A cell's value cannot be used; the message says how to fix it."""


def _tekst(waarde: Any) -> str:
    if isinstance(waarde, bool):
        raise Ongeldig(gettext("Verwacht tekst, geen WAAR/ONWAAR."))
    if isinstance(waarde, datetime | date):
        raise Ongeldig(gettext("Verwacht tekst, geen datum. Maak de cel op als tekst."))
    if isinstance(waarde, float):
        if not math.isfinite(waarde):
            raise Ongeldig(gettext("Verwacht tekst."))
        waarde = int(waarde) if waarde.is_integer() else waarde
    if not isinstance(waarde, str | int | float):
        raise Ongeldig(gettext("Verwacht tekst. Typ de waarde opnieuw in."))
    tekst = str(waarde).strip()
    if len(tekst) > 1 and tekst[0] == "'" and tekst[1] in GEVAARLIJKE_BEGINTEKENS:
        tekst = tekst[1:]  # written so by the template (kern.export): the text itself starts with =, + ...
    if not tekst.isprintable():
        raise Ongeldig(gettext("De tekst bevat een teken dat niet kan, zoals een tab of regelovergang. "
                               "Typ hem opnieuw in."))
    return tekst


def _datum(waarde: Any) -> date:
    if isinstance(waarde, datetime):
        return waarde.date()
    if isinstance(waarde, date):
        return waarde
    if isinstance(waarde, bool | int | float):
        raise Ongeldig(gettext("Dit is een getal, geen datum. Typ de datum als dd-mm-jjjj, bijvoorbeeld "
                               "01-08-2027."))
    if isinstance(waarde, str):
        tekst = waarde.strip()
        for formaat in DATUMFORMATEN:
            try:
                d = datetime.strptime(tekst, formaat).date()
            except ValueError:
                continue
            if 1900 <= d.year <= 2100:
                return d
        raise Ongeldig(gettext("'%(tekst)s' is geen geldige datum. Typ de datum als dd-mm-jjjj, bijvoorbeeld "
                               "01-08-2027.") % {"tekst": tekst[:30]})
    raise Ongeldig(gettext("Verwacht een datum als dd-mm-jjjj, bijvoorbeeld 01-08-2027."))


def _getal(waarde: Any) -> int:
    if isinstance(waarde, bool):
        raise Ongeldig(gettext("Verwacht een geheel getal."))
    if isinstance(waarde, float) and math.isfinite(waarde) and waarde.is_integer():
        waarde = int(waarde)
    if isinstance(waarde, str) and waarde.strip().isdigit() and waarde.strip().isascii():
        waarde = int(waarde.strip())
    if not isinstance(waarde, int):
        raise Ongeldig(gettext("Verwacht een geheel getal, bijvoorbeeld 12."))
    if not 1 <= waarde <= 99999:
        raise Ongeldig(gettext("Een huisnummer ligt tussen 1 en 99999."))
    return waarde


def _lijst(waarde: Any) -> list[str]:
    return [deel.strip() for deel in re.split(r"[;,]", _tekst(waarde)) if deel.strip()]


def _postcode(waarde: Any) -> str:
    postcode = _tekst(waarde).replace(" ", "").upper()
    if not POSTCODE.fullmatch(postcode):
        raise Ongeldig(gettext("Vul een postcode in als 1234 AB: vier cijfers (niet beginnend met 0) en twee "
                               "letters."))
    return postcode


OMZETTING = {"tekst": _tekst, "code": lambda w: _tekst(w).upper(), "datum": _datum, "getal": _getal,
             "lijst": _lijst, "postcode": _postcode}


class Omzetter:
    """Turns raw rows into blauwdruk rows and checks them against the board (BRIN, codes, references)."""

    def __init__(self, kader: Kader) -> None:
        self.kader = kader
        self.problemen: list[Probleem] = []

    def fout(self, blad: Blad, rij: int, kolom: str, bericht: str) -> None:
        self.problemen.append(Probleem(blad.titel, rij, kolom, bericht))

    def zet_om(self, ruw: dict[str, list[RuweRij]]) -> Blauwdruk:
        rijen = {titel: list(self._rijen(next(b for b in GEGEVENSBLADEN if b.titel == titel), lijst))
                 for titel, lijst in ruw.items()}
        blauwdruk = Blauwdruk(aanbieders=[r for r, _ in rijen[AANBIEDERS.titel]],
                              locaties=[r for r, _ in rijen[LOCATIES.titel]],
                              opleidingen=[r for r, _ in rijen[OPLEIDINGEN.titel]],
                              contacten=[r for r, _ in rijen[CONTACTEN.titel]])
        aanbieder_ref = self._aanbieders(rijen[AANBIEDERS.titel])
        locatie_ref = self._locaties(rijen[LOCATIES.titel])
        self._opleidingen(rijen[OPLEIDINGEN.titel], aanbieder_ref, locatie_ref)
        self._contacten(rijen[CONTACTEN.titel], aanbieder_ref)
        return blauwdruk

    def _rijen(self, blad: Blad, ruwe: list[RuweRij]) -> Iterator[tuple[Any, dict[str, str]]]:
        """Each row as its dataclass, with the column label per field (for messages)."""
        for ruwe_rij in ruwe:
            waarden: dict[str, Any] = {}
            labels = {k.veld: k.kop for k in blad.kolommen}
            for veld, (waarde, soort, label) in ruwe_rij.cellen.items():
                labels[veld] = label
                kol = blad.kolom(veld)
                if soort == "f" or (isinstance(waarde, str) and waarde.lstrip().startswith("=")):
                    self.fout(blad, ruwe_rij.nummer, label, gettext(
                        "Deze cel bevat een formule. Typ de waarde zelf in (kopiëren en 'plakken als waarden' kan "
                        "ook)."))
                    continue
                if soort == "e":
                    self.fout(blad, ruwe_rij.nummer, label, gettext(
                        "Deze cel bevat een foutwaarde (%(waarde)s). Typ de juiste waarde in.")
                        % {"waarde": str(waarde)[:10]})
                    continue
                try:
                    waarden[veld] = OMZETTING[kol.soort](waarde)
                except Ongeldig as ongeldig:
                    self.fout(blad, ruwe_rij.nummer, label, str(ongeldig))
            for kol in blad.kolommen:
                if kol.verplicht and not waarden.get(kol.veld) and kol.veld not in ruwe_rij.cellen:
                    self.fout(blad, ruwe_rij.nummer, labels[kol.veld], " ".join(filter(None, [
                        gettext("Vul %(kop)s in.") % {"kop": kol.kop}, gettext(kol.uitleg) if kol.uitleg else ""])))
            rij = RIJSOORT[blad.titel](rij=ruwe_rij.nummer, **waarden)
            self._lengtes(blad, rij, labels)
            yield rij, labels

    def _lengtes(self, blad: Blad, rij: Any, labels: dict[str, str]) -> None:
        for veld, maximum in MAXIMA[blad.titel].items():
            waarde = getattr(rij, veld)
            if len(waarde) > maximum:
                self.fout(blad, rij.rij, labels[veld], gettext(
                    "Deze tekst is %(lengte)s tekens; het maximum is %(maximum)s. Maak hem korter.")
                    % {"lengte": len(waarde), "maximum": maximum})

    def _codes(self, blad: Blad, rijen: list[tuple[Any, dict[str, str]]], bestaand: set[str], veld: str = "code",
               wat: str = "") -> None:
        gezien: dict[str, int] = {}
        for rij, labels in rijen:
            code = getattr(rij, veld)
            if not code:
                continue
            if code in gezien:
                self.fout(blad, rij.rij, labels[veld], gettext(
                    "De code %(code)s staat ook in rij %(rij)s. Elke code hoort bij één rij; laat de code leeg voor "
                    "iets nieuws.") % {"code": code, "rij": gezien[code]})
            gezien.setdefault(code, rij.rij)
            vorm = CODEVORM.get(blad.titel)
            if vorm and not vorm[0].fullmatch(code):
                self.fout(blad, rij.rij, labels[veld], gettext(
                    "'%(code)s' is geen %(wat)s (vorm %(vorm)s). Laat de code leeg voor een nieuwe rij.")
                    % {"code": code, "wat": wat, "vorm": vorm[1]})
            elif code not in bestaand:
                self.fout(blad, rij.rij, labels[veld], gettext(
                    "De code %(code)s hoort niet bij een %(wat)s van dit bestuur. Laat de code leeg voor een nieuwe "
                    "rij.") % {"code": code, "wat": wat})

    def _aanbieders(self, rijen: list[tuple[Any, dict[str, str]]]) -> dict[str, str]:
        """Checks the sheet; returns how other sheets may refer to an aanbieder (code or lower-case name)."""
        self._codes(AANBIEDERS, rijen, self.kader.aanbiedercodes, wat=gettext("onderwijsaanbiedercode"))
        ref: dict[str, str] = {}
        namen: dict[str, int] = {}
        for rij, labels in rijen:
            sleutel = rij.naam.lower()
            if sleutel and sleutel in namen:
                self.fout(AANBIEDERS, rij.rij, labels["naam"],
                          gettext("De naam '%(naam)s' staat ook in rij %(rij)s. Elke aanbieder heeft een eigen "
                                  "naam.") % {"naam": rij.naam, "rij": namen[sleutel]})
            namen.setdefault(sleutel, rij.rij)
            if len(rij.naam) > 80:
                self.fout(AANBIEDERS, rij.rij, labels["naam"], gettext(
                    "De naam is %(lengte)s tekens; het maximum is 80.") % {"lengte": len(rij.naam)})
            rij.brin4 = [b.upper() for b in rij.brin4]
            for brin in rij.brin4:
                if brin not in self.kader.brin4:
                    self.fout(AANBIEDERS, rij.rij, labels["brin4"], gettext(
                        "Onbekende BRIN %(brin)s: kies een BRIN4 van uw eigen bevoegd gezag (zie het blad "
                        "Erkenningen).") % {"brin": brin})
            rij.brin4 = sorted(set(rij.brin4))
            doel = rij.code or rij.naam
            if rij.code:
                ref[rij.code.lower()] = doel
            if sleutel:
                ref.setdefault(sleutel, doel)
        return ref

    def _locaties(self, rijen: list[tuple[Any, dict[str, str]]]) -> dict[str, str]:
        self._codes(LOCATIES, rijen, self.kader.locatiecodes,
                    wat=gettext("onderwijslocatiecode van een locatie in gebruik"))
        ref: dict[str, str] = {}
        for rij, labels in rijen:
            rij.brin6 = sorted({b.upper() for b in rij.brin6})
            rij.plaatsnaam, rij.toevoeging = rij.plaatsnaam.upper(), rij.toevoeging.upper()
            for brin in rij.brin6:
                if brin not in self.kader.brin6:
                    self.fout(LOCATIES, rij.rij, labels["brin6"], gettext(
                        "Onbekende BRIN %(brin)s: kies een BRIN6 van uw eigen bevoegd gezag (zie het blad "
                        "Erkenningen).") % {"brin": brin})
            if len(rij.toevoeging) > 6:
                self.fout(LOCATIES, rij.rij, labels["toevoeging"], gettext(
                    "Een huisnummertoevoeging is hoogstens 6 tekens."))
            doel = rij.code or (rij.brin6[0] if rij.brin6 else "")
            if rij.code:
                ref[rij.code] = doel
            for brin in rij.brin6:
                ref.setdefault(brin, doel)
        return ref

    def _opleidingen(self, rijen: list[tuple[Any, dict[str, str]]], aanbieder_ref: dict[str, str],
                     locatie_ref: dict[str, str]) -> None:
        for rij, _ in rijen:
            if rij.code:
                with contextlib.suppress(ValueError):  # not a UUID: reported below as not a code of this board
                    rij.code = str(uuid.UUID(rij.code))
        self._codes(OPLEIDINGEN, rijen, self.kader.opleidingcodes, wat=gettext("aangeboden opleiding"))
        for rij, labels in rijen:
            if rij.aanbieder:
                gevonden = aanbieder_ref.get(rij.aanbieder.lower())
                if gevonden is None:
                    self.fout(OPLEIDINGEN, rij.rij, labels["aanbieder"],
                              gettext("Aanbieder '%(aanbieder)s' staat niet in het blad Aanbieders. Gebruik een "
                                      "code of naam uit dat blad.") % {"aanbieder": rij.aanbieder})
                rij.aanbieder = gevonden or rij.aanbieder
            opleiding = self.kader.opleidingen.get(rij.opleiding.lower()) if rij.opleiding else None
            if rij.opleiding and opleiding is None:
                self.fout(OPLEIDINGEN, rij.rij, labels["opleiding"], gettext(
                    "Onbekende opleiding '%(opleiding)s'. Kies er één uit de keuzelijst.")
                    % {"opleiding": rij.opleiding})
            if opleiding is not None:
                rij.opleiding = opleiding.naam
                self._kenmerken(rij, labels, Sector(opleiding.sector))
            if rij.locatie:
                sleutel = rij.locatie.upper()
                if sleutel not in locatie_ref:
                    self.fout(OPLEIDINGEN, rij.rij, labels["locatie"],
                              gettext("Locatie '%(locatie)s' staat niet in het blad Locaties. Gebruik een "
                                      "locatiecode of BRIN6 uit dat blad, of laat de cel leeg.")
                              % {"locatie": rij.locatie})
                rij.locatie = locatie_ref.get(sleutel, sleutel)
            rij.samenwerkende = [c.upper() for c in rij.samenwerkende]
            for code in rij.samenwerkende:
                if not AANBIEDERCODE.fullmatch(code):
                    self.fout(OPLEIDINGEN, rij.rij, labels["samenwerkende"], gettext(
                        "'%(code)s' is geen onderwijsaanbiedercode (vorm 999A999).") % {"code": code})

    def _kenmerken(self, rij: Any, labels: dict[str, str], sector: Sector) -> None:
        for veld in KENMERKKOLOMMEN:
            waarden = getattr(rij, veld)
            waarden = waarden if isinstance(waarden, list) else [waarden] if waarden else []
            lijst = kenmerklijst(veld, sector.value)
            codes = []
            for waarde in waarden:
                gevonden = None
                if lijst is not None:
                    gevonden = next((w.code for w in lijst.waarden
                                     if waarde.lower() in (w.code.lower(), w.label.lower())), None)
                if gevonden is None:
                    keuze = (gettext("Kies uit de keuzelijst voor %(sector)s.") if lijst else
                             gettext("Deze kolom geldt niet voor %(sector)s; laat hem leeg.")) % {
                        "sector": str(sector.label).lower()}
                    self.fout(OPLEIDINGEN, rij.rij, labels[veld],
                              gettext("'%(waarde)s' past niet. %(keuze)s") % {"waarde": waarde[:60], "keuze": keuze})
                else:
                    codes.append(gevonden)
            if veld == "doelgroepen":
                if sector == Sector.BO and len(codes) > 1:
                    self.fout(OPLEIDINGEN, rij.rij, labels[veld], gettext(
                        "Basisonderwijs heeft precies één doelgroep."))
                rij.doelgroepen = sorted(set(codes))
            else:
                if len(codes) > 1:
                    self.fout(OPLEIDINGEN, rij.rij, labels[veld], gettext("Kies hoogstens één waarde."))
                setattr(rij, veld, codes[0] if codes else "")

    def _contacten(self, rijen: list[tuple[Any, dict[str, str]]], aanbieder_ref: dict[str, str]) -> None:
        gezien: dict[int, int] = {}
        contexten = {**{c.code.lower(): c.code for c in COMMUNICATIECONTEXTEN},
                     **{c.label.lower(): c.code for c in COMMUNICATIECONTEXTEN}}
        for rij, labels in rijen:
            if rij.nummer is not None:
                if rij.nummer not in self.kader.contactnummers:
                    self.fout(CONTACTEN, rij.rij, labels["nummer"], gettext(
                        "Nummer %(nummer)s hoort niet bij contactgegevens van dit bestuur. Laat het leeg voor nieuwe "
                        "contactgegevens.") % {"nummer": rij.nummer})
                elif rij.nummer in gezien:
                    self.fout(CONTACTEN, rij.rij, labels["nummer"], gettext(
                        "Nummer %(nummer)s staat ook in rij %(rij)s.") % {"nummer": rij.nummer,
                                                                          "rij": gezien[rij.nummer]})
                gezien.setdefault(rij.nummer, rij.rij)
            if rij.eenheid.lower() == BESTUUR.lower():
                rij.eenheid = BESTUUR
            elif rij.eenheid:
                gevonden = aanbieder_ref.get(rij.eenheid.lower())
                if gevonden is None:
                    self.fout(CONTACTEN, rij.rij, labels["eenheid"], gettext(
                        "Eenheid '%(eenheid)s' is niet 'Bestuur' en staat niet in het blad Aanbieders.")
                        % {"eenheid": rij.eenheid})
                rij.eenheid = gevonden or rij.eenheid
            if rij.context:
                code = contexten.get(rij.context.lower())
                if code is None:
                    self.fout(CONTACTEN, rij.rij, labels["context"], gettext(
                        "Onbekende communicatiecontext '%(context)s'. Kies er één uit de keuzelijst.")
                        % {"context": rij.context})
                rij.context = code or rij.context
            rij.bezoek_plaatsnaam, rij.post_plaatsnaam = rij.bezoek_plaatsnaam.upper(), rij.post_plaatsnaam.upper()
