"""/api/rio/v4/<operatie>/: three operations of DUO's Raadplegen V4 service in DUO's own XML, so a LAS built
against DUO's interface can read from this portal (issue 4 item 5; rio-po.md §4, §8.2).

GET with the API key (``Authorization: Bearer`` or ``X-API-Key``) and, as query parameters, the identifiers of
the operation's real request element (DUO_RIO_Raadplegen_OnderwijsOrganisatie_V4.xsd):

- opvragen_onderwijsaanbiedersVanOrganisatie: ``onderwijsBestuurCode`` | ``bevoegdGezagNummer``
- opvragen_onderwijslocatiegebruikVanOrganisatie: ``onderwijsBestuurCode``
- opvragen_aangebodenOpleidingenVanOrganisatie: ``onderwijsaanbiedercode`` | ``erkendeVestigingCode`` (BRIN6),
  optional ``onderwijslocatiecode`` and ``pagina`` (from 0, as in RIO; 500 per page)

Each also accepts ``organisatie`` (an onderwijsbestuurcode or bevoegd-gezagnummer), ``peildatum`` (JJJJ-MM-DD,
default today; it picks the version of the data, never the mandate) and ``verzendendeInstantie`` (the caller's OIN,
echoed as ontvangendeInstantie; default: the key's prefix). Exactly one identifier per request.

``api_view`` authenticates, reads the peildatum and logs the call (formaat 'xml'); ``selectie`` decides what the
system may read (only schools that mandate it for RIO today), the same functions the JSON API uses.
A refusal is the operation's own response with requestGoedgekeurd=false and a Foutmelding (the XSD has no fault
element), with HTTP 400/401/403/404/405. A POSTed SOAP request is not supported: api_view only allows GET.
"""

import logging
import re
from collections.abc import Callable, Sequence
from types import TracebackType

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse

from registratie.models.locatie import locatiecode_validator
from uitwisseling import selectie
from uitwisseling.aanroep import Aanroep, Antwoord, ApiFout, api_view, vereis_mandaat
from uitwisseling.rio_xml import bouwer
from uitwisseling.rio_xml.bouwer import Kop, Paginering

logger = logging.getLogger("uitwisseling.rio_xml")

AANBIEDERS = "opvragen_onderwijsaanbiedersVanOrganisatie"
LOCATIEGEBRUIK = "opvragen_onderwijslocatiegebruikVanOrganisatie"
OPLEIDINGEN = "opvragen_aangebodenOpleidingenVanOrganisatie"
OPERATIES = (AANBIEDERS, LOCATIEGEBRUIK, OPLEIDINGEN)

CONTENT_TYPE = "text/xml; charset=utf-8"
PER_PAGINA = 500  # maxOccurs of aangebodenOpleiding in the response
MAX_OBJECTEN = 999  # maxOccurs of onderwijsaanbieder / onderwijslocatiegebruik; these responses have no paging
OIN = re.compile(r"^[A-Za-z0-9]{1,22}$")
LOCATIECODE = locatiecode_validator.regex  # the register's own format, not a copy
ONBEKENDE_ONTVANGER = "onbekend"  # a refusal before the caller is known (no or invalid key, bad peildatum)


def _xml(root, status: int = 200) -> HttpResponse:
    return HttpResponse(bouwer.als_bytes(root), content_type=CONTENT_TYPE, status=status)


def fout_antwoord(operatie: str) -> Callable[[ApiFout], HttpResponse]:
    """api_view's error answer for this operation: its response element with a Foutmelding. The sleutelgegevens
    are the request's identifiers when the operation got that far (see Verzoek), else the HTTP status."""

    def antwoord(fout: ApiFout) -> HttpResponse:
        sleutels = getattr(fout, "rio_sleutels", None) or [("httpStatus", str(fout.status))]
        kop = Kop.nieuw(getattr(fout, "rio_ontvanger", ONBEKENDE_ONTVANGER))
        return _xml(bouwer.fout_document(operatie, kop, fout.code, fout.melding, sleutels), fout.status)

    return antwoord


class Verzoek:
    """The query parameters of one call. Used as a context manager: an ApiFout raised inside carries the
    receiver and the identifiers read so far, so the XML error can name them."""

    def __init__(self, request: HttpRequest, aanroep: Aanroep) -> None:
        self.request = request
        self.sleutels: list[tuple[str, str]] = []
        self.ontvanger = ONBEKENDE_ONTVANGER
        oin = self._waarde("verzendendeInstantie")
        if oin and not OIN.match(oin):
            fout = ApiFout(400, "verzendendeInstantie_ongeldig", "verzendendeInstantie is een OIN: 1 tot 22 letters "
                                                                  "of cijfers, zoals 00000001234567890000.")
            fout.rio_sleutels = [("verzendendeInstantie", oin)]
            raise fout
        self.ontvanger = oin or (aanroep.sleutel.prefix if aanroep.sleutel else ONBEKENDE_ONTVANGER)

    def __enter__(self) -> "Verzoek":
        return self

    def __exit__(self, soort: type | None, fout: BaseException | None, tb: TracebackType | None) -> bool:
        if isinstance(fout, ApiFout):
            fout.rio_ontvanger = self.ontvanger
            fout.rio_sleutels = list(self.sleutels)
        return False

    def _waarde(self, naam: str) -> str:
        return self.request.GET.get(naam, "").strip()

    def een_van(self, namen: Sequence[str]) -> tuple[str, str]:
        """Exactly one of these identifiers (the choice in RIO's request element)."""
        gegeven = [(naam, self._waarde(naam)) for naam in namen if self._waarde(naam)]
        self.sleutels += gegeven
        if len(gegeven) != 1:
            reden = "ontbreekt" if not gegeven else "is meer dan één keer gegeven"
            raise ApiFout(400, "organisatie_ontbreekt" if not gegeven else "organisatie_dubbel",
                          f"De organisatie {reden}. Geef precies één van de parameters {', '.join(namen)}.")
        return gegeven[0]

    def optioneel(self, naam: str) -> str:
        waarde = self._waarde(naam)
        if waarde:
            self.sleutels.append((naam, waarde))
        return waarde

    def pagina(self) -> int:
        waarde = self.optioneel("pagina") or "0"
        if not (waarde.isascii() and waarde.isdigit()) or int(waarde) > 999999:
            raise ApiFout(400, "pagina_ongeldig", f"pagina moet een geheel getal van 0 tot en met 999999 zijn (de "
                                                  f"eerste pagina is 0), niet '{waarde[:20]}'.")
        return int(waarde)


def _bestuur(naam: str, waarde: str):
    """The board named by onderwijsBestuurCode (999B999), bevoegdGezagNummer (5 digits) or organisatie (either)."""
    vorm = {"onderwijsBestuurCode": (selectie.BESTUURCODE, "een onderwijsbestuurcode (999B999)"),
            "bevoegdGezagNummer": (selectie.BEVOEGD_GEZAG, "een bevoegd-gezagnummer (5 cijfers)")}.get(naam)
    if vorm is not None and not vorm[0].match(waarde.upper()):
        raise ApiFout(400, "code_ongeldig", f"{naam} '{waarde[:40]}' is geen geldige code. Verwacht: {vorm[1]}.")
    return selectie.organisatie(waarde)


def _hoogstens(objecten, operatie: str) -> list:
    """At most MAX_OBJECTEN records (the schema's maximum for a response without paging)."""
    lijst = list(objecten[: MAX_OBJECTEN + 1])
    if len(lijst) > MAX_OBJECTEN:
        logger.warning("%s: meer dan %s objecten, afgekapt", operatie, MAX_OBJECTEN)
    return lijst[:MAX_OBJECTEN]


@api_view(AANBIEDERS, formaat="xml", fout_antwoord=fout_antwoord(AANBIEDERS))
def onderwijsaanbieders(request: HttpRequest, aanroep: Aanroep) -> Antwoord:
    with Verzoek(request, aanroep) as verzoek:
        bestuur = _bestuur(*verzoek.een_van(("onderwijsBestuurCode", "bevoegdGezagNummer", "organisatie")))
        selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
        aanbieders = _hoogstens(selectie.aanbieders_van(aanroep, bestuur), AANBIEDERS)
    root = bouwer.aanbieders_document(Kop.nieuw(verzoek.ontvanger), bestuur, aanbieders)
    return Antwoord(_xml(root), len(aanbieders))


@api_view(LOCATIEGEBRUIK, formaat="xml", fout_antwoord=fout_antwoord(LOCATIEGEBRUIK))
def onderwijslocatiegebruik(request: HttpRequest, aanroep: Aanroep) -> Antwoord:
    with Verzoek(request, aanroep) as verzoek:
        bestuur = _bestuur(*verzoek.een_van(("onderwijsBestuurCode", "organisatie")))
        selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
        gebruiken = _hoogstens(selectie.locatiegebruik_van(aanroep, bestuur), LOCATIEGEBRUIK)
    root = bouwer.locatiegebruik_document(Kop.nieuw(verzoek.ontvanger), gebruiken)
    return Antwoord(_xml(root), len(gebruiken))


def _opleidingen_van(verzoek: Verzoek, aanroep: Aanroep):
    naam, waarde = verzoek.een_van(("onderwijsaanbiedercode", "erkendeVestigingCode", "organisatie"))
    if naam == "onderwijsaanbiedercode":
        aanbieder = selectie.aanbieder(waarde)
        selectie.vereis_aanbieder_zichtbaar(aanroep, aanbieder)
        return selectie.aangeboden_opleidingen(aanroep, aanbieder=aanbieder)
    if naam == "erkendeVestigingCode":
        vestiging = selectie.vestiging(waarde)
        vereis_mandaat(aanroep, vestiging.instelling)
        return selectie.aangeboden_opleidingen(aanroep, vestiging=vestiging)
    bestuur = selectie.organisatie(waarde)
    selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
    return selectie.aangeboden_opleidingen(aanroep, bestuur=bestuur)


@api_view(OPLEIDINGEN, formaat="xml", fout_antwoord=fout_antwoord(OPLEIDINGEN))
def aangeboden_opleidingen(request: HttpRequest, aanroep: Aanroep) -> Antwoord:
    with Verzoek(request, aanroep) as verzoek:
        opleidingen = _opleidingen_van(verzoek, aanroep)
        locatiecode = verzoek.optioneel("onderwijslocatiecode").upper()
        if locatiecode:
            if not LOCATIECODE.match(locatiecode):
                raise ApiFout(400, "code_ongeldig", f"onderwijslocatiecode '{locatiecode[:40]}' is geen geldige "
                                                    "code. Verwacht: de vorm 999X999.")
            opleidingen = opleidingen.filter(locatie__code=locatiecode)
        nummer = verzoek.pagina()
        paginator = Paginator(opleidingen, PER_PAGINA)
        if nummer >= paginator.num_pages:
            raise ApiFout(404, "pagina_bestaat_niet", f"Pagina {nummer} bestaat niet: er zijn {paginator.num_pages} "
                                                      "pagina's, genummerd vanaf 0.")
        pagina = list(paginator.page(nummer + 1).object_list)
    paginering = Paginering(nummer, paginator.num_pages, paginator.count)
    root = bouwer.opleidingen_document(Kop.nieuw(verzoek.ontvanger), aanroep.peildatum, pagina, paginering)
    return Antwoord(_xml(root), len(pagina))
