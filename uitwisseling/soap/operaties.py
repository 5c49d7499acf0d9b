"""The 14 operations of DUO's Raadplegen V4 WSDL over SOAP: read the request element, ask ``selectie`` (the same
mandate rule as the JSON and XML APIs: only schools that mandate the system TODAY, docs/adr/0005) and let
``rio_xml.bouwer`` build the response element. A business refusal is an ``ApiFout``; the endpoint turns it into
the operation's own response with requestGoedgekeurd=false (views.py).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from django.core.cache import cache
from django.db.models import Case, IntegerField, Max, Prefetch, QuerySet, Value, When
from lxml import etree

from autorisatie import toegang
from kern.geldigheid import geldig_op_q
from registratie.models import (
    AangebodenOpleiding,
    Onderwijsaanbieder,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Opleiding,
    Vestigingserkenning,
)
from uitwisseling import selectie
from uitwisseling.aanroep import Aanroep, ApiFout, vandaag_genoemd, vereis_mandaat
from uitwisseling.rio_xml import bouwer
from uitwisseling.rio_xml.bouwer import Kop, Paginering
from uitwisseling.rio_xml.schema import NAMESPACE

PER_PAGINA = 500  # maxOccurs of the items in the paged responses
MAX_OBJECTEN = 999  # maxOccurs of onderwijsaanbieder / onderwijslocatiegebruik in the unpaged responses
CURSOR_SECONDEN = 3600  # how long the keyset cursor of a delta page is kept


@dataclass
class Verzoek:
    """The request element of one call, its peildatum and the response header to answer with."""

    element: etree._Element
    kop: Kop

    def waarde(self, naam: str) -> str:
        gevonden = self.element.find(f"{{{NAMESPACE}}}{naam}")
        return (gevonden.text or "").strip() if gevonden is not None else ""

    def peildatum(self) -> date | None:
        tekst = self.waarde("peildatum")
        return date.fromisoformat(tekst) if tekst else None  # the XSD validated the form

    def pagina(self) -> int:
        return int(self.waarde("pagina") or 0)


Uitvoering = tuple[etree._Element, int]  # the response element and the number of records in it
Operatie = Callable[[Verzoek, Aanroep], Uitvoering]
OPERATIES: dict[str, Operatie] = {}


def operatie(naam: str) -> Callable[[Operatie], Operatie]:
    def registreer(func: Operatie) -> Operatie:
        OPERATIES[naam] = func
        return func
    return registreer


def _hoogstens(objecten: QuerySet) -> list:
    return list(objecten[:MAX_OBJECTEN])


def _pagina_van(objecten: QuerySet, nummer: int) -> tuple[list, Paginering]:
    totaal = objecten.count()
    aantal_paginas = max(1, -(-totaal // PER_PAGINA))
    if nummer >= aantal_paginas:
        raise ApiFout(404, "pagina_bestaat_niet", f"Pagina {nummer} bestaat niet: er zijn {aantal_paginas} "
                                                  "pagina's, genummerd vanaf 0.")
    lijst = list(objecten[nummer * PER_PAGINA:(nummer + 1) * PER_PAGINA])
    return lijst, Paginering(nummer, aantal_paginas, totaal)


# --- The three operations the XML GET API also serves ----------------------------------------------------------

@operatie("opvragen_onderwijsaanbiedersVanOrganisatie")
def aanbieders_van_organisatie(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    bestuur = selectie.organisatie(verzoek.waarde("onderwijsbestuurCode") or verzoek.waarde("bevoegdGezagNummer"))
    selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
    aanbieders = _hoogstens(selectie.aanbieders_van(aanroep, bestuur))
    return bouwer.aanbieders_document(verzoek.kop, bestuur, aanbieders), len(aanbieders)


@operatie("opvragen_onderwijslocatiegebruikVanOrganisatie")
def locatiegebruik_van_organisatie(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    bestuur = selectie.organisatie(verzoek.waarde("onderwijsbestuurCode"))
    selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
    gebruiken = _hoogstens(selectie.locatiegebruik_van(aanroep, bestuur))
    return bouwer.locatiegebruik_document(verzoek.kop, gebruiken), len(gebruiken)


@operatie("opvragen_aangebodenOpleidingenVanOrganisatie")
def opleidingen_van_organisatie(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    if verzoek.waarde("onderwijsaanbiedercode"):
        aanbieder = selectie.aanbieder(verzoek.waarde("onderwijsaanbiedercode"))
        selectie.vereis_aanbieder_zichtbaar(aanroep, aanbieder)
        opleidingen = selectie.aangeboden_opleidingen(aanroep, aanbieder=aanbieder)
    else:
        vestiging = selectie.vestiging(verzoek.waarde("erkendeVestigingCode"))
        vereis_mandaat(aanroep, vestiging.instelling)
        opleidingen = selectie.aangeboden_opleidingen(aanroep, vestiging=vestiging)
    if verzoek.waarde("onderwijslocatiecode"):
        opleidingen = opleidingen.filter(locatie__code=verzoek.waarde("onderwijslocatiecode"))
    pagina, paginering = _pagina_van(opleidingen, verzoek.pagina())
    return bouwer.opleidingen_document(verzoek.kop, aanroep.peildatum, pagina, paginering), len(pagina)


# --- Single objects ---------------------------------------------------------------------------------------------

@operatie("opvragen_onderwijsaanbieder")
def aanbieder(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    obj = selectie.aanbieder(verzoek.waarde("onderwijsaanbiedercode"))
    selectie.vereis_aanbieder_zichtbaar(aanroep, obj)
    gevonden = selectie.aanbieders_van(aanroep, obj.bestuur).filter(pk=obj.pk).first()
    if gevonden is None:
        raise ApiFout(404, "niet_gevonden", f"Onderwijsaanbieder {obj.code} bestaat niet op "
                                            f"{aanroep.peildatum.isoformat()}.")
    return bouwer.aanbieder_document(verzoek.kop, gevonden), 1


def _zichtbaar_gebruik(aanroep: Aanroep, gebruiken: QuerySet[Onderwijslocatiegebruik], wat: str):
    """The first of these gebruiken the system may read today (on the peildatum), or a refusal naming ``wat``."""
    if not gebruiken.exists():
        raise ApiFout(404, "niet_gevonden", f"Er is geen {wat} in het register.")
    zichtbaar = toegang.beperk_voor_systeem(gebruiken, aanroep.systeem, aanroep.peildatum)
    gevonden = zichtbaar.select_related("locatie", "bestuur").first()
    if gevonden is None:
        raise ApiFout(403, "geen_mandaat", f"Geen school van {wat} heeft systeem '{aanroep.systeem.naam}' "
                                           f"{vandaag_genoemd()} een mandaat gegeven voor dienst RIO.")
    return gevonden


@operatie("opvragen_onderwijslocatie")
def locatie(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    """A locatie is shared by the boards that use it: readable when one of its gebruiken is."""
    code = verzoek.waarde("onderwijslocatieCode")
    obj = Onderwijslocatie.objects.filter(code=code).first()
    if obj is None:
        raise ApiFout(404, "niet_gevonden", f"Er is geen onderwijslocatie met code {code}.")
    _zichtbaar_gebruik(aanroep, Onderwijslocatiegebruik.objects.filter(locatie=obj), f"onderwijslocatie {code}")
    return bouwer.locatie_document(verzoek.kop, obj), 1


@operatie("opvragen_onderwijslocatiegebruik")
def locatiegebruik(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    bestuur = selectie.organisatie(verzoek.waarde("onderwijsbestuurCode"))
    code = verzoek.waarde("onderwijslocatieCode")
    gebruiken = Onderwijslocatiegebruik.objects.filter(bestuur=bestuur, locatie__code=code)
    gevonden = _zichtbaar_gebruik(aanroep, gebruiken, f"onderwijslocatiegebruik {bestuur.code}-{code}")
    obj = selectie.locatiegebruik_van(aanroep, bestuur).filter(pk=gevonden.pk).first() or gevonden
    return bouwer.een_locatiegebruik_document(verzoek.kop, obj), 1


@operatie("opvragen_aangebodenOpleiding")
def aangeboden_opleiding(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    code = verzoek.waarde("aangebodenOpleidingCode")
    try:
        sleutel = uuid.UUID(code)
    except ValueError:
        raise ApiFout(400, "code_ongeldig", f"'{code[:40]}' is geen aangeboden-opleidingcode (UUID).") from None
    obj = AangebodenOpleiding.objects.filter(code=sleutel).select_related("aanbieder").first()
    if obj is None:
        raise ApiFout(404, "niet_gevonden", f"Er is geen aangeboden opleiding met code {code}.")
    selectie.vereis_aanbieder_zichtbaar(aanroep, obj.aanbieder)
    gevonden = selectie.aangeboden_opleidingen(aanroep, aanbieder=obj.aanbieder).filter(pk=obj.pk).first()
    if gevonden is None:
        raise ApiFout(404, "niet_gevonden", f"Aangeboden opleiding {code} bestaat niet op "
                                            f"{aanroep.peildatum.isoformat()}.")
    return bouwer.opleiding_document(verzoek.kop, aanroep.peildatum, gevonden), 1


# --- Changes since a moment: the audit trail, per object, paged by a keyset cursor ---------------------------

SOORT_WIJZIGING = (("verwijderd", "VERWIJDERD"), ("aangemaakt", "TOEGEVOEGD"))  # else GEWIJZIGD


def _sinds(verzoek: Verzoek) -> datetime:
    tijdstip = datetime.fromisoformat(verzoek.waarde("peildatumtijdMutaties"))  # the XSD validated the form
    if tijdstip.tzinfo is None:
        raise ApiFout(400, "peildatumtijd_ongeldig", "peildatumtijdMutaties heeft geen tijdzone; geef bijvoorbeeld "
                                                     "2026-08-01T00:00:00Z of 2026-08-01T02:00:00+02:00.")
    return tijdstip


def gewijzigde_objecten(aanroep: Aanroep, sinds: datetime, objecten: QuerySet) -> QuerySet:
    """One row per changed object of ``objecten`` (objectcode, soort): the JSON feed's own selection (mandate today
    and on the day of the change), narrowed to these objects, grouped per object and ordered by code, so a page is
    a keyset range."""
    # The type filter first (index audit_object), so the visibility subquery only runs on this model's rows.
    regels = selectie.wijzigingen_sinds(aanroep, sinds, objecten).filter(
        objecttype=objecten.model._meta.verbose_name).order_by()
    soort = Case(*(When(actie=actie, then=Value(rang)) for rang, (actie, _) in enumerate(SOORT_WIJZIGING, 1)),
                 default=Value(0), output_field=IntegerField())
    return regels.values("objectcode").annotate(soort=Max(soort)).values_list("objectcode", "soort").order_by(
        "objectcode")


def _soort(rang: int) -> str:
    """The strongest change of the object: removed beats added beats changed."""
    return "GEWIJZIGD" if rang == 0 else SOORT_WIJZIGING[rang - 1][1]


class Feed(Protocol):
    """Rows (objectcode, rank) of a delta operation in code order: a page, and their number."""

    def rijen(self, na: str | None, vanaf: int, aantal: int) -> list[tuple[str, int]]: ...

    def tel(self) -> int: ...


@dataclass
class QuerySetFeed:
    """A feed from the ORM (``gewijzigde_objecten``)."""

    objecten: QuerySet

    def rijen(self, na: str | None, vanaf: int, aantal: int) -> list[tuple[str, int]]:
        objecten = self.objecten if na is None else self.objecten.filter(objectcode__gt=na)
        return list(objecten[vanaf:vanaf + aantal])

    def tel(self) -> int:
        return self.objecten.count()


def _delta_pagina(aanroep: Aanroep, verzoek: Verzoek, feed: Feed, model: type, *filter_sleutel: str):
    """Page ``pagina`` of the changed objects (of ``model``), by a keyset cursor: the last code of the previous
    page (kept in the cache for an hour per system and question) starts the next, so a page never re-reads what
    came before (OFFSET) and the feed is counted once per synchronisation; a first page that is not full needs no
    count at all. Without a cursor (a client that jumps, or another worker process) the page falls back to
    OFFSET, with the same result."""
    nummer = verzoek.pagina()
    vraag = ":".join(("soap-delta", str(aanroep.systeem.pk), verzoek.waarde("peildatumtijdMutaties"),
                      str(model._meta.label), *filter_sleutel))
    if nummer == 0:
        rijen = feed.rijen(None, 0, PER_PAGINA)
        totaal = len(rijen) if len(rijen) < PER_PAGINA else feed.tel()
        cache.set(f"{vraag}:totaal", totaal, CURSOR_SECONDEN)
    else:
        totaal = cache.get(f"{vraag}:totaal")
        if totaal is None:
            totaal = feed.tel()
            cache.set(f"{vraag}:totaal", totaal, CURSOR_SECONDEN)
    aantal_paginas = max(1, -(-totaal // PER_PAGINA))
    if nummer >= aantal_paginas:
        raise ApiFout(404, "pagina_bestaat_niet", f"Pagina {nummer} bestaat niet: er zijn {aantal_paginas} "
                                                  "pagina's, genummerd vanaf 0.")
    if nummer > 0:
        cursor = cache.get(f"{vraag}:na:{nummer - 1}")
        if cursor is not None:
            rijen = feed.rijen(cursor, 0, PER_PAGINA)
        else:
            rijen = feed.rijen(None, nummer * PER_PAGINA, PER_PAGINA)
    if rijen and len(rijen) == PER_PAGINA:
        cache.set(f"{vraag}:na:{nummer}", rijen[-1][0], CURSOR_SECONDEN)
    return [(code, _soort(rang)) for code, rang in rijen], Paginering(nummer, aantal_paginas, totaal)


@operatie("opvragen_gewijzigdeOnderwijsaanbieders")
def gewijzigde_aanbieders(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    aanbieders = Onderwijsaanbieder.objects.all()
    bestuurcode = verzoek.waarde("onderwijsbestuurcode")
    if bestuurcode:
        bestuur = selectie.organisatie(bestuurcode)
        selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
        aanbieders = aanbieders.filter(bestuur=bestuur)
    objecten = gewijzigde_objecten(aanroep, _sinds(verzoek), aanbieders)
    if bestuurcode:  # the audit rows of these aanbieders by index, not the whole feed
        objecten = objecten.filter(objectcode__in=list(aanbieders.values_list("code", flat=True)))
    wijzigingen, paginering = _delta_pagina(aanroep, verzoek, QuerySetFeed(objecten), Onderwijsaanbieder,
                                           bestuurcode)
    return bouwer.gewijzigde_aanbieders_document(verzoek.kop, wijzigingen, paginering), len(wijzigingen)


@operatie("opvragen_gewijzigdOnderwijslocatiegebruik")
def gewijzigd_locatiegebruik(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    objecten = gewijzigde_objecten(aanroep, _sinds(verzoek), Onderwijslocatiegebruik.objects.all())
    wijzigingen, paginering = _delta_pagina(aanroep, verzoek, QuerySetFeed(objecten), Onderwijslocatiegebruik)
    return bouwer.gewijzigd_locatiegebruik_document(verzoek.kop, wijzigingen, paginering), len(wijzigingen)


# The portal's extension (docs/soap.md): this request without onderwijsaanbiederCode asks for the changed opleidingen
# of every aanbieder the system may read, paged like the other delta operations. DUO's XSD requires the code, so a
# client built against DUO's WSDL always sends it and gets DUO's answer; without the extension a full
# synchronisation is one call per aanbieder (bench/README.md, "SOAP").
ALLE_AANBIEDERS = "*"


@operatie("opvragen_gewijzigdeAangebodenOpleidingen")
def gewijzigde_opleidingen(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    if not verzoek.waarde("onderwijsaanbiederCode"):
        objecten = gewijzigde_objecten(aanroep, _sinds(verzoek), AangebodenOpleiding.objects.all())
        wijzigingen, paginering = _delta_pagina(aanroep, verzoek, QuerySetFeed(objecten), AangebodenOpleiding,
                                                ALLE_AANBIEDERS)
        return bouwer.gewijzigde_opleidingen_document(verzoek.kop, wijzigingen, paginering), len(wijzigingen)
    wijzigingen, paginering = opleidingen_van_aanbieder(verzoek, aanroep)
    return bouwer.gewijzigde_opleidingen_document(verzoek.kop, wijzigingen, paginering), len(wijzigingen)


def opleidingen_van_aanbieder(verzoek: Verzoek, aanroep: Aanroep) -> tuple[list[tuple[str, str]], Paginering]:
    """DUO's request: the changed opleidingen of one aanbieder, one call per aanbieder in a full synchronisation
    (6,011). The answer of selectie.object_uit_feed and gewijzigde_objecten narrowed to the aanbieder, as one
    hand-written statement per page (selectie.GewijzigdeOpleidingenVanAanbieder; the ORM form is kept in
    tests/uitwisseling/soap/test_delta_aanbieder_snel.py, which holds the two equal)."""
    code = verzoek.waarde("onderwijsaanbiederCode")
    rangen = [actie for actie, _ in SOORT_WIJZIGING]
    try:
        sinds = _sinds(verzoek)
    except ApiFout:  # an unknown or unmandated aanbieder is refused first, as object_uit_feed did
        selectie.GewijzigdeOpleidingenVanAanbieder(aanroep, datetime.now(UTC), code, rangen).controleer()
        raise
    feed = selectie.GewijzigdeOpleidingenVanAanbieder(aanroep, sinds, code, rangen)
    if verzoek.pagina() > 0:  # the refusal before the page's range is checked, as object_uit_feed did
        feed.controleer()
    return _delta_pagina(aanroep, verzoek, feed, AangebodenOpleiding, code)


# --- Structure, identification codes, opleidingseenheden -------------------------------------------------------

@operatie("opvragen_instellingsstructuur")
def instellingsstructuur(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    """The bevoegd gezag with the schools that mandate the system today (on the peildatum) and their BRIN6s."""
    bestuur = selectie.organisatie(verzoek.waarde("bevoegdGezagNummer"))
    selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
    scholen = toegang.gemandateerde_instellingen(aanroep.systeem).filter(
        geldig_op_q(aanroep.peildatum, begin_kan_leeg=True), bevoegd_gezag=bestuur.bevoegd_gezag).prefetch_related(
        Prefetch("vestigingen", queryset=Vestigingserkenning.objects.filter(
            geldig_op_q(aanroep.peildatum, begin_kan_leeg=True))
                 .order_by("code"))).order_by("code")
    lijst = list(scholen[:99])  # maxOccurs of erkendeOnderwijsinstelling
    element = bouwer.instellingsstructuur_document(verzoek.kop, bestuur.bevoegd_gezag, bestuur.begindatum, lijst)
    return element, len(lijst)


@operatie("opvragen_rioIdentificatiecode")
def rio_identificatiecode(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    """Find a RIO code by the supplier's own key or by address, among what the system may read today."""
    if sleutel := verzoek.waarde("eigenOnderwijsaanbiederSleutel"):
        zichtbaar = toegang.beperk_voor_systeem(
            Onderwijsaanbieder.objects.filter(eigen_sleutel=sleutel), aanroep.systeem, aanroep.peildatum)
        return _een_code(verzoek, "onderwijsaanbiedercode", zichtbaar.values_list("code", flat=True), sleutel)
    if sleutel := verzoek.waarde("eigenAangebodenOpleidingSleutel"):
        zichtbaar = selectie.aangeboden_opleidingen(aanroep).filter(eigen_sleutel=sleutel)
        return _een_code(verzoek, "aangebodenOpleidingCode", [str(c) for c in zichtbaar.values_list(
            "code", flat=True)], sleutel)
    if verzoek.element.find(f"{{{NAMESPACE}}}aanduidingAdres") is not None:
        adres = Verzoek(verzoek.element.find(f"{{{NAMESPACE}}}aanduidingAdres"), verzoek.kop)
        gebruiken = Onderwijslocatiegebruik.objects.filter(
            locatie__postcode=adres.waarde("postcode").replace(" ", "").upper(),
            locatie__huisnummer=int(adres.waarde("huisnummer")),
            locatie__huisnummertoevoeging=adres.waarde("huisnummertoevoeging"))
        zichtbaar = toegang.beperk_voor_systeem(gebruiken, aanroep.systeem, aanroep.peildatum)
        codes = sorted(set(zichtbaar.values_list("locatie__code", flat=True)))
        return _een_code(verzoek, "onderwijslocatiecode", codes, adres.waarde("postcode"))
    # eigenOpleidingseenheidSleutel and kadasterPlaatscode: the portal keeps neither (PO boards own no
    # opleidingseenheden; a locatie is known by its address, not by a cadastral place code).
    raise ApiFout(404, "niet_gevonden", "Het register van het PO houdt geen eigen opleidingseenheidsleutels of "
                                        "kadastrale plaatscodes bij; zoek op adres of eigen sleutel.")


def _een_code(verzoek: Verzoek, element: str, codes, gezocht: str) -> Uitvoering:
    gevonden = list(codes[:2])
    if not gevonden:
        raise ApiFout(404, "niet_gevonden", f"Niets gevonden voor '{gezocht[:60]}' bij de scholen die dit systeem "
                                            f"{vandaag_genoemd()} mandateren.")
    if len(gevonden) > 1:
        raise ApiFout(409, "niet_eenduidig", f"'{gezocht[:60]}' hoort bij meer dan één object; RIO geeft één code.")
    return bouwer.identificatiecode_document(verzoek.kop, element, str(gevonden[0])), 1


@operatie("opvragen_opleidingseenhedenVanOrganisatie")
def opleidingseenheden(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    bestuur = selectie.organisatie(verzoek.waarde("onderwijsbestuurcode"))
    selectie.vereis_organisatie_zichtbaar(aanroep, bestuur)
    if verzoek.pagina() > 0:
        raise ApiFout(404, "pagina_bestaat_niet", "Pagina 0 is de enige pagina.")
    return bouwer.opleidingseenheden_document(verzoek.kop, Paginering(0, 1, 0)), 0


@operatie("opvragen_opleidingsrelatiesBijOpleidingseenheid")
def opleidingsrelaties(verzoek: Verzoek, aanroep: Aanroep) -> Uitvoering:
    """OCW's catalogue is public (it names no school): any identified system may read it."""
    code = verzoek.waarde("opleidingseenheidcode")
    if not Opleiding.objects.filter(code=code).exists():
        raise ApiFout(404, "niet_gevonden", f"Er is geen opleidingseenheid met code {code[:40]}.")
    return bouwer.samenhang_document(verzoek.kop, code), 1

