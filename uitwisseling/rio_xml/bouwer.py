"""Builds DUO's Raadplegen V4 response documents (DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4.xsd) with lxml.

Element order, cardinality and types follow the XSD (copied in uitwisseling/schemas/); the tests validate every
document. The mapping of this portal's fields onto RIO's elements, and the choices where the schema asks for
something the portal does not hold, are listed in uitwisseling/schemas/SOURCE.md ("Mapping").

Dates: xs:date (JJJJ-MM-DD). Every end date in RIO's XML is EXCLUSIVE (the first day on which something no longer
holds), while the portal stores the last valid day (docs/adr/0001): ``eind()`` adds one day, here and only here.
Optional elements without a value are left out, never sent empty (Edukoppeling, rio-po.md §8.4).
"""

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from lxml import etree

from registratie.models import (
    AangebodenOpleiding,
    BestuurPeriode,
    Onderwijsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
)
from uitwisseling.rio_xml.schema import NAMESPACE

# DUO's OIN (rio-po.md §1.2): a LAS built against DUO's service expects it as the sender. A deployment that must
# present its own OIN sets RIO_XML_OIN in the settings.
DUO_OIN = "00000001800866472000"
# Every JuridischeRelatie of an aanbieder points to an OCW onderwijsinstellingserkenning (BRIN4); the portal does
# not store the erkenner, so it is always OCW.
ERKENNER_BRIN4 = "OCW"
MAX_FOUTTEKST = 200  # Fouttekst
MAX_SLEUTEL = 25  # Sleutelnaam-v01 / Sleutelwaarde-v01

# Characters XML 1.0 cannot carry (control characters other than tab, newline and carriage return).
_GEEN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Kop:
    """The Bedrijfsdocument part every response starts with."""

    identificatie: str
    verzender: str
    ontvanger: str
    tijdstip: datetime

    @classmethod
    def nieuw(cls, ontvanger: str) -> "Kop":
        """A new document id (UUID), this portal as sender, ``ontvanger`` as receiver, now."""
        return cls(str(uuid.uuid4()), getattr(settings, "RIO_XML_OIN", DUO_OIN), ontvanger, timezone.now())


@dataclass(frozen=True)
class Paginering:
    pagina: int  # from 0, as in RIO's request
    aantal_paginas: int
    aantal_resultaten: int


def datum(d: date) -> str:
    return d.isoformat()


def eind(d: date | None) -> str | None:
    """The portal's inclusive einddatum as RIO's exclusive end: one day later (31-07-2027 → 2027-08-01)."""
    return (d + timedelta(days=1)).isoformat() if d is not None else None


def _tekst(waarde: object) -> str:
    return _GEEN_XML.sub("", str(waarde))


def _el(ouder: etree._Element, naam: str, waarde: object = None) -> etree._Element:
    element = etree.SubElement(ouder, f"{{{NAMESPACE}}}{naam}")
    if waarde is not None:
        element.text = _tekst(waarde)
    return element


def _opt(ouder: etree._Element, naam: str, waarde: object) -> None:
    """An optional element: left out when there is no value (None or blank text)."""
    if waarde is None or (isinstance(waarde, str) and not waarde.strip()):
        return
    _el(ouder, naam, waarde.strip() if isinstance(waarde, str) else waarde)


def _kenmerk(ouder: etree._Element, naam: str, *, tekst: str | None = None, enumeratie: str | None = None) -> None:
    """A Kenmerk: kenmerknaam and exactly one value; codes of waardenlijsten as enumeration, free text as text."""
    kenmerk = _el(ouder, "kenmerken")
    _el(kenmerk, "kenmerknaam", naam)
    if enumeratie is not None:
        _el(kenmerk, "kenmerkwaardeEnumeratiewaarde", enumeratie)
    else:
        _el(kenmerk, "kenmerkwaardeTekst", tekst)


def _afgekapt(tekst: str, maximum: int) -> str:
    tekst = _tekst(tekst).strip() or "-"
    return tekst if len(tekst) <= maximum else tekst[: maximum - 1] + "…"


def document(operatie: str, kop: Kop) -> etree._Element:
    """The response element ``<operatie>_response`` with its Bedrijfsdocument header."""
    root = etree.Element(f"{{{NAMESPACE}}}{operatie}_response", nsmap={"duo": NAMESPACE})
    _el(root, "identificatiecodeBedrijfsdocument", kop.identificatie)
    _el(root, "verzendendeInstantie", kop.verzender)
    _el(root, "ontvangendeInstantie", kop.ontvanger)
    _el(root, "datumTijdBedrijfsdocument", kop.tijdstip.isoformat(timespec="milliseconds"))
    return root


def als_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- Errors ---------------------------------------------------------------------------------------------------

def fout_document(operatie: str, kop: Kop, foutcode: str, fouttekst: str,
                  sleutels: Sequence[tuple[str, str]]) -> etree._Element:
    """The operation's own response with requestGoedgekeurd=false and one Foutmelding (the schema's way to refuse
    a request; it has no separate fault element). Foutmelding needs 1..5 sleutelgegevens (name/value ≤25)."""
    root = document(operatie, kop)
    _el(root, "requestGoedgekeurd", "false")
    melding = _el(root, "foutmelding")
    _el(melding, "foutcode", _afgekapt(foutcode, 60))
    _el(melding, "fouttekst", _afgekapt(fouttekst, MAX_FOUTTEKST))
    for naam, waarde in list(sleutels)[:5]:
        sleutel = _el(melding, "sleutelgegeven")
        _el(sleutel, "sleutelnaam", _afgekapt(naam, MAX_SLEUTEL))
        _el(sleutel, "sleutelwaarde", _afgekapt(waarde, MAX_SLEUTEL))
    return root


# --- opvragen_onderwijsaanbiedersVanOrganisatie -------------------------------------------------------------------

def _naamperioden(ouder: etree._Element, element: str, perioden: Iterable) -> None:
    """OnderwijsbestuurPeriode / OnderwijsaanbiederPeriode: begindatum, naam, [internationaleNaam]. RIO's periods
    carry no end: each lasts until the next one starts."""
    for periode in perioden:
        p = _el(ouder, element)
        _el(p, "begindatum", datum(periode.begindatum))
        _el(p, "naam", periode.naam)
        _opt(p, "internationaleNaam", periode.internationale_naam)


def _aanbieder(ouder: etree._Element, obj: Onderwijsaanbieder, bestuursperioden: Sequence[BestuurPeriode]) -> None:
    a = _el(ouder, "onderwijsaanbieder")
    _el(a, "onderwijsaanbiedercode", obj.code)
    _el(a, "inBedrijfdatum", datum(obj.begindatum))
    _opt(a, "uitBedrijfdatum", eind(obj.einddatum))
    _naamperioden(a, "onderwijsaanbiederPeriode", obj.perioden.all())
    for relatie in obj.juridische_relaties.all():
        r = _el(a, "juridischeRelatie")
        _el(r, "instellingserkenningscode", relatie.instelling.code)
        _el(r, "erkenner", ERKENNER_BRIN4)
        _el(r, "begindatum", datum(relatie.begindatum))
        _opt(r, "einddatum", eind(relatie.einddatum))
    if obj.eigen_sleutel.strip():
        _kenmerk(a, "eigenOnderwijsaanbiederSleutel", tekst=obj.eigen_sleutel.strip())
    # The portal links an aanbieder to one board for its whole life: the organisatierelatie runs from the
    # aanbieder's begin to its end.
    b = _el(a, "bijbehorendOnderwijsbestuur")
    _el(b, "onderwijsbestuurcode", obj.bestuur.code)
    _el(b, "organisatierelatieBegindatum", datum(obj.begindatum))
    _opt(b, "organisatierelatieEinddatum", eind(obj.einddatum))
    _naamperioden(b, "onderwijsbestuurPeriode", bestuursperioden)


def aanbieders_document(kop: Kop, bestuur: Onderwijsbestuur,
                        aanbieders: Iterable[Onderwijsaanbieder]) -> etree._Element:
    """The board with the given aanbieders (all of this board). Onderwijsaanbiedersgroepen are not returned: every
    aanbieder appears once, directly under the board."""
    root = document("opvragen_onderwijsaanbiedersVanOrganisatie", kop)
    _el(root, "requestGoedgekeurd", "true")
    b = _el(root, "onderwijsbestuur")
    _el(b, "onderwijsbestuurcode", bestuur.code)
    if bestuur.bevoegd_gezag_id:
        _el(b, "bevoegdGezagNummer", bestuur.bevoegd_gezag.nummer)
    _el(b, "inBedrijfdatum", datum(bestuur.begindatum))
    _opt(b, "uitBedrijfdatum", eind(bestuur.einddatum))
    bestuursperioden = list(bestuur.perioden.all())
    _naamperioden(b, "onderwijsbestuurPeriode", bestuursperioden)
    for obj in aanbieders:
        _aanbieder(b, obj, bestuursperioden)
    return root


# --- opvragen_onderwijslocatiegebruikVanOrganisatie --------------------------------------------------------------

def _locatie(ouder: etree._Element, locatie: Onderwijslocatie) -> None:
    """Onderwijslocatie: code and the Dutch address the portal holds (no BAG id or GPS: not stored)."""
    loc = _el(ouder, "onderwijslocatie")
    _el(loc, "onderwijslocatiecode", locatie.code)
    _el(loc, "postcode", locatie.postcode)
    _el(loc, "huisnummer", locatie.huisnummer)
    _opt(loc, "huisnummertoevoeging", locatie.huisnummertoevoeging)
    _opt(loc, "plaatsnaam", locatie.plaatsnaam)


def _locatiegebruik(ouder: etree._Element, obj: Onderwijslocatiegebruik) -> None:
    g = _el(ouder, "onderwijslocatiegebruik")
    _el(g, "onderwijsbestuurcode", obj.bestuur.code)
    _el(g, "inBedrijfdatum", datum(obj.begindatum))
    _locatie(g, obj.locatie)
    _opt(g, "uitBedrijfdatum", eind(obj.einddatum))
    for relatie in obj.vestigingsrelaties.all():
        r = _el(g, "juridischeOnderwijslocatiegebruikRelatie")
        _el(r, "instellingserkenningscode", relatie.vestiging.code)  # BRIN6
        _el(r, "begindatum", datum(relatie.begindatum))
        _opt(r, "einddatum", eind(relatie.einddatum))
    if obj.eigen_sleutel.strip():
        _kenmerk(g, "eigenOnderwijslocatiegebruikSleutel", tekst=obj.eigen_sleutel.strip())


def locatiegebruik_document(kop: Kop, gebruiken: Iterable[Onderwijslocatiegebruik]) -> etree._Element:
    root = document("opvragen_onderwijslocatiegebruikVanOrganisatie", kop)
    _el(root, "requestGoedgekeurd", "true")
    for obj in gebruiken:
        _locatiegebruik(root, obj)
    return root


# --- opvragen_aangebodenOpleidingenVanOrganisatie ----------------------------------------------------------------

def _aangeboden_opleiding(ouder: etree._Element, obj: AangebodenOpleiding, peildatum: date) -> None:
    """aangebodenBOOpleiding / aangebodenSOOpleiding / aangebodenVSOOpleiding (substitutes of aangebodenOpleiding).
    The opleiding is identified by its opleidingseenheidcode; no opleidingserkenningSleutel (optional, not held)."""
    sector = obj.opleiding.sector  # BO, SO or VSO
    ao = _el(ouder, f"aangeboden{sector}Opleiding")
    _el(ao, "aangebodenOpleidingCode", str(obj.code))
    _el(ao, "onderwijsaanbiedercode", obj.aanbieder.code)
    _el(ao, "opleidingseenheidcode", obj.opleiding.code)
    _opt(ao, "onderwijslocatiecode", obj.locatie.code if obj.locatie_id else None)
    _el(ao, "begindatum", datum(obj.begindatum))
    _opt(ao, "eersteInstroomDatum", datum(obj.eerste_instroomdatum) if obj.eerste_instroomdatum else None)
    _opt(ao, "einddatum", eind(obj.einddatum))
    for periode in obj.perioden.all():
        p = _el(ao, f"aangeboden{sector}OpleidingPeriode")
        _el(p, "begindatum", datum(periode.begindatum))
        _opt(p, "eigenNaamAangebodenOpleiding", periode.eigen_naam)
        _opt(p, "eigenNaamInternationaal", periode.internationale_naam)
        _opt(p, "eigenOmschrijving", periode.omschrijving)
        for code in periode.samenwerkende_aanbieders:
            _kenmerk(p, "samenwerkendeOnderwijsaanbiedercode", tekst=code)
    for kenmerk in obj.kenmerken_op(peildatum):
        _kenmerk(ao, kenmerk.naam, enumeratie=kenmerk.waarde)
    if obj.eigen_sleutel.strip():
        _kenmerk(ao, "eigenAangebodenOpleidingSleutel", tekst=obj.eigen_sleutel.strip())


def opleidingen_document(kop: Kop, peildatum: date, opleidingen: Iterable[AangebodenOpleiding],
                         paginering: Paginering) -> etree._Element:
    root = document("opvragen_aangebodenOpleidingenVanOrganisatie", kop)
    _el(root, "requestGoedgekeurd", "true")
    _el(root, "peildatum", datum(peildatum))
    for obj in opleidingen:
        _aangeboden_opleiding(root, obj, peildatum)
    p = _el(root, "paginering")
    _el(p, "pagina", paginering.pagina)
    _el(p, "aantalPaginas", paginering.aantal_paginas)
    _el(p, "aantalResultaten", paginering.aantal_resultaten)
    return root


# --- Single objects (opvragen_onderwijsaanbieder, _onderwijslocatie, _onderwijslocatiegebruik, _aangebodenOpleiding)

def goedgekeurd(operatie: str, kop: Kop) -> etree._Element:
    """The operation's response with requestGoedgekeurd=true, ready for its content."""
    root = document(operatie, kop)
    _el(root, "requestGoedgekeurd", "true")
    return root


def aanbieder_document(kop: Kop, obj: Onderwijsaanbieder) -> etree._Element:
    root = goedgekeurd("opvragen_onderwijsaanbieder", kop)
    _aanbieder(root, obj, list(obj.bestuur.perioden.all()))
    return root


def locatie_document(kop: Kop, locatie: Onderwijslocatie) -> etree._Element:
    root = goedgekeurd("opvragen_onderwijslocatie", kop)
    _locatie(root, locatie)
    return root


def een_locatiegebruik_document(kop: Kop, obj: Onderwijslocatiegebruik) -> etree._Element:
    root = goedgekeurd("opvragen_onderwijslocatiegebruik", kop)
    _locatiegebruik(root, obj)
    return root


def opleiding_document(kop: Kop, peildatum: date, obj: AangebodenOpleiding) -> etree._Element:
    root = goedgekeurd("opvragen_aangebodenOpleiding", kop)
    _aangeboden_opleiding(root, obj, peildatum)
    return root


# --- Changes (opvragen_gewijzigde…): codes with soortWijziging, 500 per page ---------------------------------

def _paginering(root: etree._Element, paginering: Paginering) -> None:
    p = _el(root, "paginering")
    _el(p, "pagina", paginering.pagina)
    _el(p, "aantalPaginas", paginering.aantal_paginas)
    _el(p, "aantalResultaten", paginering.aantal_resultaten)


def gewijzigde_aanbieders_document(kop: Kop, wijzigingen: Iterable[tuple[str, str]],
                                   paginering: Paginering) -> etree._Element:
    root = goedgekeurd("opvragen_gewijzigdeOnderwijsaanbieders", kop)
    for code, soort in wijzigingen:
        w = _el(root, "gewijzigde_Onderwijsaanbieder")
        _el(w, "onderwijsaanbiedercode", code)
        _el(w, "soortWijziging", soort)
    _paginering(root, paginering)
    return root


def gewijzigd_locatiegebruik_document(kop: Kop, wijzigingen: Iterable[tuple[str, str]],
                                      paginering: Paginering) -> etree._Element:
    """Schema order differs here: the items and paginering come BEFORE requestGoedgekeurd. ``wijzigingen`` holds
    (objectcode 'bestuurcode-locatiecode', soortWijziging)."""
    root = document("opvragen_gewijzigdOnderwijslocatiegebruik", kop)
    for code, soort in wijzigingen:
        bestuurcode, _, locatiecode = code.partition("-")
        w = _el(root, "gewijzigd_Onderwijslocatiegebruik")
        _el(w, "onderwijsbestuurcode", bestuurcode)
        _el(w, "onderwijslocatiecode", locatiecode)
        _el(w, "soortWijziging", soort)
    _paginering(root, paginering)
    _el(root, "requestGoedgekeurd", "true")
    return root


def gewijzigde_opleidingen_document(kop: Kop, wijzigingen: Iterable[tuple[str, str]],
                                    paginering: Paginering) -> etree._Element:
    """Schema order: paginering, requestGoedgekeurd, then the items."""
    root = document("opvragen_gewijzigdeAangebodenOpleidingen", kop)
    _paginering(root, paginering)
    _el(root, "requestGoedgekeurd", "true")
    for code, soort in wijzigingen:
        w = _el(root, "gewijzigde_AangebodenOpleiding")
        _el(w, "aangebodenOpleidingCode", str(uuid.UUID(code)))
        _el(w, "soortWijziging", soort)
    return root


def geweigerd_locatiegebruik_document(kop: Kop) -> etree._Element:
    """opvragen_gewijzigdOnderwijslocatiegebruik_response has no foutmelding: a refusal is requestGoedgekeurd=false
    alone (the reason goes to the call log)."""
    root = document("opvragen_gewijzigdOnderwijslocatiegebruik", kop)
    _el(root, "requestGoedgekeurd", "false")
    return root


# --- opvragen_rioIdentificatiecode, opleidingseenheden ---------------------------------------------------------

def identificatiecode_document(kop: Kop, element: str, code: str) -> etree._Element:
    """The one RIO code found: ``element`` is aangebodenOpleidingCode, opleidingseenheidcode,
    onderwijsaanbiedercode or onderwijslocatiecode."""
    root = goedgekeurd("opvragen_rioIdentificatiecode", kop)
    _el(root, element, code)
    return root


def opleidingseenheden_document(kop: Kop, paginering: Paginering) -> etree._Element:
    """A PO board owns no opleidingseenheden (it offers OCW's opleidingen, rio-po.md §1.10; the schema's only
    concrete opleidingseenheid is HO's): the answer is approved and holds none."""
    root = goedgekeurd("opvragen_opleidingseenhedenVanOrganisatie", kop)
    _paginering(root, paginering)
    return root


def samenhang_document(kop: Kop, opleidingseenheidcode: str) -> etree._Element:
    """The opleidingseenheid as RIO relates it: an OCW opleiding of PO has no opleidingsrelaties."""
    root = goedgekeurd("opvragen_opleidingsrelatiesBijOpleidingseenheid", kop)
    s = _el(root, "samenhangOpleidingseenheid")
    _el(s, "opleidingseenheidcode", opleidingseenheidcode)
    _el(s, "opleidingseenheidtype", "OPLEIDING")
    return root


# --- opvragen_instellingsstructuur: the bevoegd gezag with its schools (BRIN4) and their vestigingen (BRIN6) ----

# The schema asks for facts DUO's erkenningenregister has and this portal does not keep; these are the choices
# (uitwisseling/schemas/SOURCE.md, "Mapping"). The portal's erkenningen come from DUO's open data of bekostigd
# primary education, hence BEKOSTIGD.
BEKOSTIGINGSCODE = "BEKOSTIGD"
ONBEKEND = "ONBEKEND"
_WAARDENLIJST = re.compile(r"[^A-Za-z0-9._\-/ ]")


def _erkenning(e: etree._Element, code: str, begindatum: date, einddatum: date | None) -> None:
    _el(e, "code", code)
    _el(e, "erkenner", ERKENNER_BRIN4)
    _el(e, "begindatum", datum(begindatum))
    _opt(e, "einddatum", eind(einddatum))


def _erkenningsperiode(ouder: etree._Element, element: str, begindatum: date, naam: str, soort: str,
                       richting: str = "") -> None:
    """One InstellingserkenningPeriode: the portal keeps no history of names, so one period from the begin."""
    p = _el(ouder, element)
    _el(p, "begindatum", datum(begindatum))
    _el(p, "naamLang", _afgekapt(naam, 80))
    _el(p, "bekostigingscode", BEKOSTIGINGSCODE)
    richting = _WAARDENLIJST.sub("", richting).strip()[:70]
    if richting:
        _el(p, "richtingen", richting)
    _el(p, "soort", soort)


def instellingsstructuur_document(kop: Kop, bevoegd_gezag, begindatum: date, instellingen: Iterable) -> etree._Element:
    """``begindatum`` stands in for an erkenning whose begindatum the first import did not know (null)."""
    root = goedgekeurd("opvragen_instellingsstructuur", kop)
    bg = _el(root, "bevoegdGezag")
    bg_begin = bevoegd_gezag.begindatum or begindatum
    _erkenning(bg, bevoegd_gezag.nummer, bg_begin, bevoegd_gezag.einddatum)
    _erkenningsperiode(bg, "bevoegdGezagPeriode", bg_begin, bevoegd_gezag.naam, ONBEKEND)
    for instelling in instellingen:
        i = _el(bg, "erkendeOnderwijsinstelling")
        i_begin = instelling.begindatum or bg_begin
        _erkenning(i, instelling.code, i_begin, instelling.einddatum)
        _el(i, "instellingsrelatieBegindatum", datum(i_begin))
        _opt(i, "instellingsrelatieEinddatum", eind(instelling.einddatum))
        _erkenningsperiode(i, "erkendeOnderwijsinstellingPeriode", i_begin, instelling.naam,
                           instelling.soort or ONBEKEND, instelling.denominatie)
        for vestiging in instelling.vestigingen.all():
            v = _el(i, "erkendeVestiging")
            v_begin = vestiging.begindatum or i_begin
            _erkenning(v, vestiging.code, v_begin, vestiging.einddatum)
            _el(v, "instellingsrelatieBegindatum", datum(v_begin))
            _opt(v, "instellingsrelatieEinddatum", eind(vestiging.einddatum))
            # DUO numbers the hoofdvestiging 00 and nevenvestigingen from 01.
            soort = "HOOFDVESTIGING" if vestiging.code.endswith("00") else "NEVENVESTIGING"
            _erkenningsperiode(v, "erkendeVestigingPeriode", v_begin, vestiging.naam, soort)
    return root
