"""Controleregels: small, separate units that each check one thing of a board's registration.

A rule has a code, a severity (fout/waarschuwing) and a function that yields signals for one board
(``Bestuursgegevens``); its name, meaning and fix are in controle.catalogus. Every signal carries a Dutch
message and, where the portal has a screen for it, the link to that screen. The checks call the same domain
helpers as data entry (registratie.services.regels and friends), so a rule cannot drift from what a form refuses.

Which objects count: what is valid on the peildatum or starts later ("relevant"). What ended before the
peildatum is history and is not checked; the control file still lists it, with its status.

See docs/adr/0004-controleregels.md for the score and the choices made per rule.

Samenwerkingsschool (docs/adr/0011, "each edits what is theirs"): the rules about an aangeboden opleiding check
the offers the board *keeps* (``g.gehouden_opleidingen``): at its own aanbieders those no bijbehorend bestuur
registered, and its own offers at another board's samenwerkingsschool. An offer kept by a bijbehorend bestuur is
that board's to fix (only it may change it, autorisatie.toegang; its audit and attestation are that board's), so
it is signalled in that board's controle, with a fix link it may open, and not in the penvoerder's: a signal the
penvoerder cannot act on would only lower its score and block its attestation. The rules about the aanbieder
itself (its name, BRIN, offers at all) stay with the penvoerder, whose aanbieder it is.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext, gettext_noop

from autorisatie.models import Dienst
from autorisatie.rollen import GEBRUIKERSROLLEN
from autorisatie.toegang import Actie
from controle import catalogus
from controle.gegevens import Bestuursgegevens
from kern.fouten import Fouten, RegelFout
from kern.tijd import is_31_juli, vandaag
from kern.urls import link
from registratie.domein.enumeraties import CONTEXT_PER_CODE, Openbaarheid, Sector
from registratie.handelsregister import aan as handelsregister_aan
from registratie.models import (
    AangebodenOpleiding,
    Contactgegevens,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbegeleidingsaanbieder,
    Onderwijsbestuur,
    Onderwijslocatiegebruik,
)
from registratie.services.begeleiding import erkenning_fouten, expertise_fouten
from registratie.services.contact import handelsregister_momentopname
from registratie.services.handelsregister import namen_wijken_sterk_af
from registratie.services.opleiding import kenmerk_fouten
from registratie.services.plausibel import Oordeel, bericht_past_niet, lopende_relaties, oordeel
from registratie.services.regels import datum, periode_binnen_levensduur, perioden_problemen


class Ernst(StrEnum):
    FOUT = "fout"
    WAARSCHUWING = "waarschuwing"

    @property
    def label(self) -> str:
        bron = {"fout": gettext_noop("Fout"), "waarschuwing": gettext_noop("Waarschuwing")}[self]
        return gettext(bron)


@dataclass(frozen=True)
class Herstel:
    """Where to fix a signal: an existing screen of the portal and the Actie it needs (for the button)."""

    label: str
    url: str
    recht: Actie


@dataclass(frozen=True)
class Object:
    """The object a signal is about, for grouping on screen and in the file."""

    soort: str  # e.g. "Onderwijsaanbieder": Dutch (the control file's column), shown on screen through |vertaal
    code: str
    naam: str
    url: str
    volgorde: int  # bestuur first, then groepen, aanbieders, locaties, opleidingen, contacten, personen

    @property
    def toon_code(self) -> bool:
        """Headings show a code people use (100A001, 11AA), not a UUID or row number (opleiding, contact):
        those are named by their naam, and the file keeps the code."""
        return self.soort not in ("Aangeboden opleiding", "Contactgegevens")


@dataclass(frozen=True)
class Signaal:
    regel: str
    ernst: Ernst
    bericht: str
    object: Object
    herstel: Herstel | None

    @property
    def regelnaam(self) -> str:
        return gettext(catalogus.tekst(self.regel).naam)  # in the language of the request

    @property
    def uitleg_url(self) -> str:
        return uitleg_url(self.regel)


@dataclass(frozen=True)
class Regel:
    code: str
    ernst: Ernst
    controleer: Callable[[Bestuursgegevens], Iterator[Signaal]] | None
    niet_beschikbaar: str = ""  # why a rule cannot be checked yet (it then does not count in the score)
    # Why it cannot be checked in this portal now ("" when it can), e.g. its source is switched off in settings.
    voorwaarde: Callable[[], str] | None = None

    @property
    def beschikbaar(self) -> bool:
        return self.controleer is not None and not (self.voorwaarde and self.voorwaarde())

    @property
    def reden(self) -> str:
        """Why it is not available (shown on the controle screen)."""
        return (self.voorwaarde() if self.voorwaarde else "") or self.niet_beschikbaar

    @property
    def titel(self) -> str:
        """The rule's Dutch name, from the catalogue (its one place, with meaning and fix)."""
        return gettext(catalogus.tekst(self.code).naam)

    @property
    def uitleg_url(self) -> str:
        return uitleg_url(self.code)


def uitleg_url(code: str) -> str:
    """The public catalogue page of a rule: code, name, what it means and how to fix it."""
    return link("controle:regel", code)


REGELS: list[Regel] = []


def regel(code: str, ernst: Ernst, voorwaarde: Callable[[], str] | None = None):
    """Register a check function as a rule; the order of registration is the order on screen. Its name and
    explanation are in controle.catalogus under the same code. ``voorwaarde`` says why it cannot be checked now."""

    def registreer(functie: Callable[[Bestuursgegevens], Iterator[Signaal]]):
        REGELS.append(Regel(code, ernst, functie, voorwaarde=voorwaarde))
        return functie

    return registreer


# --- Helpers ------------------------------------------------------------------------------------------

def relevant(obj, peildatum: date) -> bool:
    """Valid on the peildatum, or scheduled to start later; ended objects are history and not checked."""
    return obj.is_relevant_op(peildatum)


def moment(obj, peildatum: date) -> date:
    """The day a rule about obj is judged on: the peildatum, or obj's start if that lies later."""
    return max(peildatum, obj.begindatum)


def periode(obj, peildatum: date):
    """obj's period on peildatum, or the nearest one (first future, else last) as the screens show it.

    PeriodeHouder.huidige_periode (on the loaded periods), remembered per object: the control file
    asks for a school's name in many rows.
    """
    bewaard = obj.__dict__.get("_controle_periode")
    if bewaard is not None and bewaard[0] == peildatum:
        return bewaard[1]
    gevonden = obj.huidige_periode(peildatum)
    obj.__dict__["_controle_periode"] = (peildatum, gevonden)
    return gevonden


def naam(obj, peildatum: date) -> str:
    gevonden = periode(obj, peildatum)
    return getattr(gevonden, "naam", "") if gevonden else ""


def object_van(obj, peildatum: date) -> Object:
    if isinstance(obj, Onderwijsbestuur):
        return Object(gettext_noop("Onderwijsbestuur"), obj.code, naam(obj, peildatum), obj.get_absolute_url(), 0)
    if isinstance(obj, Onderwijsaanbiedersgroep):
        return Object(gettext_noop("Onderwijsaanbiedersgroep"), obj.code, naam(obj, peildatum),
                      obj.get_absolute_url(), 1)
    if isinstance(obj, Onderwijsaanbieder):
        return Object(gettext_noop("Onderwijsaanbieder"), obj.code, naam(obj, peildatum), obj.get_absolute_url(), 2)
    if isinstance(obj, Onderwijsbegeleidingsaanbieder):
        return Object(gettext_noop("Onderwijsbegeleidingsaanbieder"), obj.code, naam(obj, peildatum),
                      obj.get_absolute_url(), 2)
    if isinstance(obj, Onderwijslocatiegebruik):
        return Object(gettext_noop("Onderwijslocatiegebruik"), obj.code, obj.locatie.adres, obj.get_absolute_url(), 3)
    if isinstance(obj, AangebodenOpleiding):
        return Object(gettext_noop("Aangeboden opleiding"), str(obj.code),
                      f"{naam(obj, peildatum)} ({obj.aanbieder.code}{_gedeeld(obj.aanbieder)})", obj.get_absolute_url(),
                      4)
    if isinstance(obj, Contactgegevens):
        return Object(gettext_noop("Contactgegevens"), str(obj.pk),
                      f"{obj.communicatiecontext.label} van {obj.eenheid_code}", obj.get_absolute_url(), 5)
    raise TypeError(type(obj))


def _gedeeld(aanbieder: Onderwijsaanbieder) -> str:
    """", samenwerkingsschool van <penvoerder>" for this board's offer at another board's school (registratie.laden
    marks those copies of the aanbieder with ``penvoerder``), so the board sees whose school it is."""
    penvoerder = getattr(aanbieder, "penvoerder", None)
    return ", " + gettext("samenwerkingsschool van %(bestuur)s") % {"bestuur": penvoerder.code} if penvoerder else ""


def signaal(r: str, ernst: Ernst, obj, peildatum: date, bericht: str, herstel: Herstel | None) -> Signaal:
    return Signaal(r, ernst, bericht, object_van(obj, peildatum), herstel)


def meldingen(fouten: Fouten) -> list[tuple[str, str]]:
    """(veld, bericht) of what a domain check collected, through the public way a service reports them."""
    try:
        fouten.gooi()
    except RegelFout as fout:
        return [(veld, bericht) for veld, berichten in fout.message_dict.items() for bericht in berichten]
    return []


def tijdlijn_herstel(obj) -> Herstel:
    """Periods are repaired on the object's page: its timeline has 'Annuleer geplande wijziging'."""
    recht = {Onderwijsbestuur: Actie.BEHEREN_BESTUUR, Onderwijsaanbiedersgroep: Actie.BEHEREN_GROEP,
             Onderwijsaanbieder: Actie.BEHEREN_AANBIEDER, Onderwijsbegeleidingsaanbieder: Actie.BEHEREN_AANBIEDER,
             AangebodenOpleiding: Actie.BEHEREN_OPLEIDING}[type(obj)]
    return Herstel(gettext("Tijdlijn bekijken"), obj.get_absolute_url(), recht)


def beeindig_herstel(obj) -> Herstel:
    """End an object earlier (on 31 July) through its own 'beëindigen' screen; DUO ends boards."""
    schermen = {Onderwijsaanbiedersgroep: ("registratie:groep_beeindigen", Actie.BEHEREN_GROEP),
                Onderwijsaanbieder: ("registratie:aanbieder_beeindigen", Actie.BEHEREN_AANBIEDER),
                Onderwijsbegeleidingsaanbieder: ("registratie:begeleidingsaanbieder_beeindigen",
                                                 Actie.BEHEREN_AANBIEDER),
                Onderwijslocatiegebruik: ("registratie:locatiegebruik_beeindigen", Actie.BEHEREN_LOCATIEGEBRUIK),
                AangebodenOpleiding: ("registratie:opleiding_beeindigen", Actie.BEHEREN_OPLEIDING)}
    if type(obj) not in schermen:
        return Herstel(gettext("Bestuur bekijken (einde wijzigt DUO)"), obj.get_absolute_url(), Actie.LEZEN)
    naam_url, recht = schermen[type(obj)]
    return Herstel(gettext("Einddatum aanpassen"), link(naam_url, str(obj.code)), recht)


# --- The rules ------------------------------------------------------------------------------------------

@regel("AANBIEDER_ZONDER_OPLEIDING", Ernst.FOUT)
def aanbieder_zonder_opleiding(g: Bestuursgegevens) -> Iterator[Signaal]:
    # The aanbieder is the penvoerder's: every offer at it counts, also one a bijbehorend bestuur keeps there (RIO
    # asks whether the school offers anything, not who registered it). A bijbehorend bestuur gets no signal about
    # another board's aanbieder (it is not in g.aanbieders), it may not add the penvoerder's offers.
    for aanbieder in g.aanbieders:
        if not relevant(aanbieder, g.peildatum):
            continue
        op = moment(aanbieder, g.peildatum)
        if not any(ao.is_actief_op(op) for ao in g.opleidingen_van(aanbieder)):
            yield signaal("AANBIEDER_ZONDER_OPLEIDING", Ernst.FOUT, aanbieder, g.peildatum,
                          gettext("Onderwijsaanbieder %(code)s heeft op %(datum)s geen aangeboden opleiding. In "
                                  "het po heeft elke aanbieder er minstens één.") % {
                                      "code": aanbieder.code, "datum": datum(op)},
                          Herstel(gettext("Aangeboden opleiding toevoegen"),
                                  link("registratie:opleiding_toevoegen", aanbieder.code),
                                  Actie.BEHEREN_OPLEIDING))


@regel("BESTUUR_ZONDER_LOCATIE", Ernst.FOUT)
def bestuur_zonder_locatie(g: Bestuursgegevens) -> Iterator[Signaal]:
    if not relevant(g.bestuur, g.peildatum):
        return
    op = moment(g.bestuur, g.peildatum)
    if not any(gebruik.is_actief_op(op) for gebruik in g.locatiegebruiken):
        yield signaal("BESTUUR_ZONDER_LOCATIE", Ernst.FOUT, g.bestuur, g.peildatum,
                      gettext("Het bestuur gebruikt op %(datum)s geen onderwijslocatie. In het po is minstens één "
                              "onderwijslocatie verplicht.") % {"datum": datum(op)},
                      Herstel(gettext("Onderwijslocatie toevoegen"),
                              link("registratie:locatie_toevoegen", g.bestuur.code),
                              Actie.BEHEREN_LOCATIEGEBRUIK))


@regel("LOCATIE_ZONDER_BRIN6", Ernst.FOUT)
def locatie_zonder_brin6(g: Bestuursgegevens) -> Iterator[Signaal]:
    for gebruik in g.locatiegebruiken:
        if not relevant(gebruik, g.peildatum):
            continue
        op = moment(gebruik, g.peildatum)
        if not any(r.is_actief_op(op) for r in g.vestigingsrelaties_van(gebruik)):
            yield signaal("LOCATIE_ZONDER_BRIN6", Ernst.FOUT, gebruik, g.peildatum,
                          gettext("Locatie %(code)s (%(adres)s) is op %(datum)s niet gekoppeld aan een "
                                  "vestigingserkenning (BRIN6).") % {
                                      "code": gebruik.locatie.code, "adres": gebruik.locatie.adres,
                                      "datum": datum(op)},
                          Herstel(gettext("Vestiging (BRIN6) koppelen"),
                                  link("registratie:vestiging_toevoegen", gebruik.code),
                                  Actie.BEHEREN_LOCATIEGEBRUIK))


@regel("BRIN4_NIET_GEBRUIKT", Ernst.WAARSCHUWING)
def brin4_niet_gebruikt(g: Bestuursgegevens) -> Iterator[Signaal]:
    # Same definition as 'Erkenningen zonder registratie' on the organisation page (registratie.selectors).
    gebruikt = {r.instelling_id for a in g.aanbieders for r in g.relaties_van(a)
                if r.is_actief_op(g.peildatum)}
    for instelling in g.instellingen:
        if instelling.is_actief_op(g.peildatum) and instelling.pk not in gebruikt:
            yield signaal("BRIN4_NIET_GEBRUIKT", Ernst.WAARSCHUWING, g.bestuur, g.peildatum,
                          gettext("Instellingserkenning %(code)s (%(naam)s) hoort op %(datum)s bij geen enkele "
                                  "onderwijsaanbieder.") % {
                                      "code": instelling.code, "naam": instelling.naam, "datum": datum(g.peildatum)},
                          Herstel(gettext("Onderwijsaanbieder toevoegen"),
                                  link("registratie:aanbieder_toevoegen", g.bestuur.code),
                                  Actie.BEHEREN_AANBIEDER))


@regel("BRIN6_NIET_GEBRUIKT", Ernst.WAARSCHUWING)
def brin6_niet_gebruikt(g: Bestuursgegevens) -> Iterator[Signaal]:
    gebruikt = {r.vestiging_id for gebruik in g.locatiegebruiken for r in g.vestigingsrelaties_van(gebruik)
                if r.is_actief_op(g.peildatum)}
    for vestiging in g.vestigingen:
        if vestiging.is_actief_op(g.peildatum) and vestiging.pk not in gebruikt:
            yield signaal("BRIN6_NIET_GEBRUIKT", Ernst.WAARSCHUWING, g.bestuur, g.peildatum,
                          gettext("Vestigingserkenning %(code)s (%(naam)s) hoort op %(datum)s bij geen enkele "
                                  "onderwijslocatie.") % {
                                      "code": vestiging.code, "naam": vestiging.naam, "datum": datum(g.peildatum)},
                          Herstel(gettext("Onderwijslocatie toevoegen"),
                                  link("registratie:locatie_toevoegen", g.bestuur.code),
                                  Actie.BEHEREN_LOCATIEGEBRUIK))


@regel("GEEN_ALGEMEEN_CONTACT", Ernst.FOUT)
def geen_algemeen_contact(g: Bestuursgegevens) -> Iterator[Signaal]:
    if not relevant(g.bestuur, g.peildatum):
        return
    op = moment(g.bestuur, g.peildatum)
    if not any(c.context == "ALGEMEEN" and c.is_actief_op(op) for c in g.contacten_van(g.bestuur)):
        yield signaal("GEEN_ALGEMEEN_CONTACT", Ernst.FOUT, g.bestuur, g.peildatum,
                      gettext("Het bestuur heeft op %(datum)s geen contactgegevens voor de context Algemeen. "
                              "Zonder Algemeen toont RIO de gegevens uit het Handelsregister.") % {"datum": datum(op)},
                      Herstel(gettext("Contactgegevens toevoegen"),
                              link("registratie:contact_toevoegen", "bestuur", g.bestuur.code),
                              Actie.BEHEREN_CONTACT))


@regel("PERIODEN_SLUITEN_AAN", Ernst.FOUT)
def perioden_sluiten_aan(g: Bestuursgegevens) -> Iterator[Signaal]:
    # An offer's names are kept by whoever keeps the offer (module docstring: gehouden_opleidingen).
    houders = [g.bestuur, *g.groepen, *g.aanbieders, *g.begeleiders, *g.gehouden_opleidingen]
    for houder in houders:
        if not relevant(houder, g.peildatum):
            continue
        for probleem in perioden_problemen(g.perioden_van(houder), houder):
            yield signaal("PERIODEN_SLUITEN_AAN", Ernst.FOUT, houder, g.peildatum, probleem,
                          tijdlijn_herstel(houder))


@regel("OPLEIDING_BINNEN_AANBIEDER", Ernst.FOUT)
def opleiding_binnen_aanbieder(g: Bestuursgegevens) -> Iterator[Signaal]:
    # The offer's dates are its keeper's to fix (its end date, or its start), even when the aanbieder ended at the
    # penvoerder: ending the aanbieder ends every offer, so a remaining signal is about the offer's own dates.
    for ao in g.gehouden_opleidingen:
        if not relevant(ao, g.peildatum):
            continue
        fouten = Fouten()
        # As data entry: from the eerste instroomdatum (else the begindatum) up to the einddatum (rule 6).
        periode_binnen_levensduur(fouten, ao.eerste_instroomdatum or ao.begindatum, ao.einddatum, ao.aanbieder,
                                  "begindatum", "einddatum", "de aangeboden opleiding")
        for veld, bericht in meldingen(fouten):
            herstel = (beeindig_herstel(ao) if veld == "einddatum"
                       else Herstel(gettext("Aangeboden opleiding bekijken"), ao.get_absolute_url(),
                                    Actie.BEHEREN_OPLEIDING))
            yield signaal("OPLEIDING_BINNEN_AANBIEDER", Ernst.FOUT, ao, g.peildatum, bericht, herstel)


@regel("KENMERK_GELDIG", Ernst.FOUT)
def kenmerk_geldig(g: Bestuursgegevens) -> Iterator[Signaal]:
    for ao in g.gehouden_opleidingen:  # kenmerken are changed by the offer's keeper only
        if not relevant(ao, g.peildatum):
            continue
        # The set valid on the peildatum, against its own dates (a kenmerk changes per ingangsdatum, so an old
        # value is judged on the days it held, not on the whole life of the offer): the check of data entry.
        rijen = g.kenmerken_van(ao)
        begin, eind = (rijen[0].begindatum, rijen[0].einddatum) if rijen else (ao.begindatum, ao.einddatum)
        kenmerken: dict[str, list[str]] = defaultdict(list)
        for kenmerk in rijen:
            kenmerken[kenmerk.naam].append(kenmerk.waarde)
        fouten = Fouten()
        kenmerk_fouten(fouten, ao.opleiding, kenmerken, begin, eind)
        for _veld, bericht in meldingen(fouten):
            yield signaal("KENMERK_GELDIG", Ernst.FOUT, ao, g.peildatum, bericht,
                          Herstel(gettext("Kenmerken wijzigen"),
                                  link("registratie:opleiding_wijzigen", str(ao.code)),
                                  Actie.BEHEREN_OPLEIDING))


@regel("OPLEIDING_PAST_BIJ_SCHOOL", Ernst.FOUT)
def opleiding_past_bij_school(g: Bestuursgegevens) -> Iterator[Signaal]:
    """The judgement of data entry (registratie.services.plausibel) on the register; where DUO gives no soort
    for the school it is a warning: the portal cannot tell, and only DUO can fill it in.

    At a samenwerkingsschool the school (BRIN4) is the penvoerder's, but the fix (end the offer) is the keeper's:
    the bijbehorend bestuur gets the signal for its own offer there (registratie.laden loads the school's BRIN4
    relations with it; its people see them on the aanbieder's page)."""
    for ao in g.gehouden_opleidingen:
        if not relevant(ao, g.peildatum):
            continue
        scholen = [r.instelling for r in lopende_relaties(g.relaties_van(ao.aanbieder), moment(ao, g.peildatum))]
        uitkomst = oordeel(Sector(ao.opleiding.sector), scholen)
        if uitkomst is Oordeel.PAST_NIET:
            yield signaal("OPLEIDING_PAST_BIJ_SCHOOL", Ernst.FOUT, ao, g.peildatum,
                          bericht_past_niet(ao.opleiding, scholen), beeindig_herstel(ao))
        elif uitkomst is Oordeel.ONBEKEND:
            codes = ", ".join(s.code for s in scholen if not s.soort) or gettext("geen BRIN4")
            yield signaal("OPLEIDING_PAST_BIJ_SCHOOL", Ernst.WAARSCHUWING, ao, g.peildatum,
                          gettext("Soort school onbekend bij DUO (%(codes)s): het portaal kan niet nagaan of "
                                  "%(naam)s bij de school past. Controleer het zelf; klopt het niet, beëindig dan "
                                  "deze aangeboden opleiding.") % {"codes": codes, "naam": ao.opleiding.naam},
                          Herstel(gettext("Aangeboden opleiding bekijken"), ao.get_absolute_url(),
                                  Actie.BEHEREN_OPLEIDING))


@regel("EINDE_OP_31_JULI", Ernst.WAARSCHUWING)
def einde_op_31_juli(g: Bestuursgegevens) -> Iterator[Signaal]:
    # The offer's einddatum is its keeper's (module docstring: gehouden_opleidingen).
    objecten = [g.bestuur, *g.groepen, *g.aanbieders, *g.begeleiders, *g.locatiegebruiken, *g.gehouden_opleidingen]
    for obj in objecten:
        if obj.einddatum is None or not relevant(obj, g.peildatum) or is_31_juli(obj.einddatum):
            continue
        yield signaal("EINDE_OP_31_JULI", Ernst.WAARSCHUWING, obj, g.peildatum,
                      gettext("De einddatum %(datum)s is geen 31 juli. In het po eindigt een object meestal op 31 "
                              "juli, het einde van het schooljaar.") % {
                                  "datum": datum(obj.einddatum)}, beeindig_herstel(obj))


@regel("OSR_MANDAAT", Ernst.FOUT)
def osr_mandaat(g: Bestuursgegevens) -> Iterator[Signaal]:
    """Same question as autorisatie.osr.scholen_zonder_rio_mandaat, on the loaded data."""
    gemandateerd = {m.instelling_id for m in g.mandaten if m.dienst == Dienst.RIO and m.is_actief_op(g.peildatum)}
    overzicht = link("autorisatie:mandaten", g.bestuur.code)
    # Translated once per board, not once per school (a board without mandates has a signal for every school).
    bericht = gettext("School %(code)s heeft op %(datum)s geen actief mandaat voor de dienst RIO in het OSR. Zonder "
                      "mandaat kan het leerlingadministratiesysteem (LAS) de RIO-gegevens van deze school niet "
                      "ophalen: voeg een RIO-mandaat toe voor het systeem van uw leverancier.")
    herstel, peildatum = gettext("Mandaten beheren"), datum(g.peildatum)
    for school in g.instellingen:
        if not school.is_actief_op(g.peildatum) or school.pk in gemandateerd:
            continue
        yield Signaal("OSR_MANDAAT", Ernst.FOUT, bericht % {"code": school.code, "datum": peildatum},
                      Object(gettext_noop("School (BRIN4)"), school.code, school.naam,
                             f"{overzicht}#school-{school.code}", 2),
                      Herstel(herstel, f"{overzicht}#school-{school.code}", Actie.BEHEREN_MANDATEN))


@regel("ROL_ZONDER_SELECTIEKENMERK", Ernst.FOUT)
def rol_zonder_selectiekenmerk(g: Bestuursgegevens) -> Iterator[Signaal]:
    """A gebruikersrol without selectiekenmerk gives nothing ("Mijn organisatie" stays empty). It is a problem
    as long as the person does not also hold that role with this board's code; granting it fixes it."""
    met_kenmerk = {(t.gebruiker_id, t.rol) for t in g.rollen if t.bestuur_id and t.is_geldig_op(g.peildatum)}
    gemeld = set()
    for t in g.rollen:
        if (t.bestuur_id or t.rol not in GEBRUIKERSROLLEN or not t.is_geldig_op(g.peildatum)
                or (t.gebruiker_id, t.rol) in met_kenmerk or (t.gebruiker_id, t.rol) in gemeld):
            continue
        gemeld.add((t.gebruiker_id, t.rol))
        persoon = t.gebruiker.get_full_name() or t.gebruiker.get_username()
        yield Signaal("ROL_ZONDER_SELECTIEKENMERK", Ernst.FOUT,
                      gettext("%(persoon)s heeft de rol '%(waarde)s' zonder selectiekenmerk. Daarmee ziet en "
                              "wijzigt deze persoon niets van bestuur %(code)s: ken de rol toe met de bestuurcode.") % {
                                  "persoon": persoon, "waarde": t.get_rol_display(), "code": g.bestuur.code},
                      Object(gettext_noop("Persoon"), t.gebruiker.get_username(), persoon,
                             link("autorisatie:rollen", g.bestuur.code), 6),
                      Herstel(gettext("Rol toekennen"), link("autorisatie:rollen", g.bestuur.code),
                              Actie.BEHEREN_ROLLEN))


# Heuristic for "looks like a personal e-mail address" (docs/adr/0004-controleregels.md):
# - a local part that names a function or department (info@, administratie@, directie.obs@, ...) is fine;
# - a local part shaped like a person's name is suspect: voornaam.achternaam@, j.jansen@,
#   jan.de.vries@, p.j.jansen@, jan_jansen@, jan-jansen@ (two or more parts of letters only).
# It deliberately misses single-word names (jjansen@): those cannot be told apart from 'bestuur@'.
FUNCTIONELE_NAMEN = frozenset({
    "info", "informatie", "administratie", "admin", "adm", "secretariaat", "secretaris", "directie", "directeur",
    "bestuur", "bestuurder", "bestuursbureau", "office", "kantoor", "contact", "post", "mail", "receptie",
    "school", "basisschool", "obs", "cbs", "rkbs", "ikc", "kbs", "sbo", "so", "vso", "leerlingenadministratie",
    "leerlingzaken", "ll", "zorg", "ib", "intern", "begeleider", "facturen", "facturatie", "factuur", "crediteuren",
    "debiteuren", "financien", "financiele", "hrm", "hr", "personeelszaken", "pz", "salaris", "ict", "helpdesk",
    "servicedesk", "support", "communicatie", "aanmelden", "aanmeldingen", "inschrijving", "verzuim",
    "leerplicht", "noreply", "no", "reply", "team", "teamleider", "locatie", "locatieleider", "ouders",
    "klachten", "privacy", "fg", "avg", "schoolalert", "toezicht", "inspectie", "bekostiging", "passend",
    "onderwijs", "samenwerkingsverband", "swv", "rio", "duo", "stichting", "vereniging", "groep", "algemeen",
})
PERSOONSNAAM = re.compile(r"^[a-z]+(?:[._-][a-z]+)+$")


def lijkt_persoonlijk(email: str) -> bool:
    """True for firstname.lastname@ or initials.lastname@ shapes; False for info@ and other function names."""
    lokaal = email.partition("@")[0].lower()
    if not PERSOONSNAAM.match(lokaal):
        return False
    return not any(deel in FUNCTIONELE_NAMEN for deel in re.split(r"[._-]", lokaal))


@regel("PERSOONSGEGEVENS_OPENBAAR", Ernst.WAARSCHUWING)
def persoonsgegevens_openbaar(g: Bestuursgegevens) -> Iterator[Signaal]:
    for contact in g.contacten:
        if (not relevant(contact, g.peildatum) or not contact.email
                or CONTEXT_PER_CODE[contact.context].openbaarheid != Openbaarheid.OPENBAAR):
            continue
        if lijkt_persoonlijk(contact.email):
            yield signaal("PERSOONSGEGEVENS_OPENBAAR", Ernst.WAARSCHUWING, contact, g.peildatum,
                          gettext("Het e-mailadres %(email)s in de openbare context %(label)s lijkt van een "
                                  "persoon. Openbare contactgegevens zijn voor iedereen zichtbaar (ook als open "
                                  "data): gebruik een functioneel adres, zoals info@ of administratie@.") % {
                                      "email": contact.email, "label": contact.communicatiecontext.label},
                          Herstel(gettext("Contactgegevens wijzigen"),
                                  link("registratie:contact_wijzigen", contact.pk), Actie.BEHEREN_CONTACT))


# --- Onderwijsbegeleidingsaanbieders (999T999, rio-po.md §1.6; issue 18 §2) ----------------------------------------
# Their names and end date are also checked by PERIODEN_SLUITEN_AAN and EINDE_OP_31_JULI above.

def _begeleider_wijzigen(begeleider: Onderwijsbegeleidingsaanbieder) -> Herstel:
    return Herstel(gettext("Begeleidingsaanbieder wijzigen"),
                   link("registratie:begeleidingsaanbieder_wijzigen", begeleider.code),
                   Actie.BEHEREN_AANBIEDER)


@regel("BEGELEIDING_ERKENNING", Ernst.FOUT)
def begeleiding_erkenning(g: Bestuursgegevens) -> Iterator[Signaal]:
    """Each relevant begeleidingsaanbieder hangs, on the day it is judged, under at least one running so/vso
    erkenning of cluster 1 or 2 of the board's own bevoegd gezag: the check of data entry (registratie.services.
    begeleiding.erkenning_fouten) on what DUO's erkenningen say now, plus an erkenning DUO has ended since."""
    for begeleider in g.begeleiders:
        # Ending it is the fix, and the portal ends nothing before today: one that ends today has been fixed (the
        # days before lie in the past, which only DUO corrects).
        if not relevant(begeleider, g.peildatum) or (begeleider.einddatum and begeleider.einddatum <= vandaag()):
            continue
        op = moment(begeleider, g.peildatum)
        lopend = [r for r in g.erkenningen_van(begeleider) if r.is_actief_op(op)]
        berichten: list[str] = []
        if not lopend:
            berichten.append(gettext("Onderwijsbegeleidingsaanbieder %(code)s hoort op %(datum)s bij geen "
                                     "instellingserkenning (BRIN) voor (voortgezet) speciaal onderwijs.") % {
                                         "code": begeleider.code, "datum": datum(op)})
        for relatie in lopend:
            instelling = relatie.instelling
            if instelling.einddatum is not None and instelling.einddatum < op:
                berichten.append(gettext("De erkenning %(brin)s van onderwijsbegeleidingsaanbieder %(code)s is "
                                         "beëindigd per %(einde)s, maar de begeleidingsaanbieder hoort er op "
                                         "%(datum)s nog bij.") % {
                                             "brin": instelling.code, "code": begeleider.code,
                                             "einde": datum(instelling.einddatum),
                                             "datum": datum(op)})
                continue
            fouten = Fouten()
            erkenning_fouten(fouten, g.bestuur, instelling, relatie.begindatum, "instellingen")
            berichten.extend(bericht for _veld, bericht in meldingen(fouten))
        for bericht in berichten:
            yield signaal("BEGELEIDING_ERKENNING", Ernst.FOUT, begeleider, g.peildatum, bericht,
                          beeindig_herstel(begeleider))


@regel("BEGELEIDING_EXPERTISE", Ernst.FOUT)
def begeleiding_expertise(g: Bestuursgegevens) -> Iterator[Signaal]:
    """At least one expertise, each from the list (registratie.services.begeleiding.expertise_fouten)."""
    for begeleider in g.begeleiders:
        if not relevant(begeleider, g.peildatum):
            continue
        fouten = Fouten()
        expertise_fouten(fouten, list(begeleider.expertises))
        for _veld, bericht in meldingen(fouten):
            yield signaal("BEGELEIDING_EXPERTISE", Ernst.FOUT, begeleider, g.peildatum,
                          gettext("Onderwijsbegeleidingsaanbieder %(code)s: %(bericht)s") % {
                              "code": begeleider.code, "bericht": bericht}, _begeleider_wijzigen(begeleider))


@regel("BEGELEIDING_CONTACT", Ernst.FOUT)
def begeleiding_contact(g: Bestuursgegevens) -> Iterator[Signaal]:
    """The fallback of rio-po.md §2 for a begeleidingsaanbieder: its own context Algemeen, then the board's
    Algemeen (rule 17), and only then the Handelsregister. A begeleidingsaanbieder works for schools and parents
    elsewhere; when it would reach the Handelsregister, nobody finds the begeleiding through RIO."""
    for begeleider in g.begeleiders:
        if not relevant(begeleider, g.peildatum):
            continue
        op = moment(begeleider, g.peildatum)
        if any(c.context == "ALGEMEEN" and c.is_actief_op(op)
               for eenheid in (begeleider, g.bestuur) for c in g.contacten_van(eenheid)):
            continue
        yield signaal("BEGELEIDING_CONTACT", Ernst.FOUT, begeleider, g.peildatum,
                      gettext("Onderwijsbegeleidingsaanbieder %(code)s heeft op %(datum)s geen contactgegevens voor "
                              "de context Algemeen, en het bestuur ook niet. RIO toont dan de gegevens uit het "
                              "Handelsregister, niet die van de begeleiding.") % {
                                  "code": begeleider.code, "datum": datum(op)},
                      Herstel(gettext("Contactgegevens toevoegen"),
                              link("registratie:contact_toevoegen", "begeleidingsaanbieder", begeleider.code),
                              Actie.BEHEREN_CONTACT))


def regel_per_code() -> dict[str, Regel]:
    return {r.code: r for r in REGELS}


# --- Handelsregister (KvK): from the snapshot that manage.py ververs_handelsregister stored ---------------------

def handelsregister_uit() -> str:
    """Without the Handelsregister (off by default) the portal cannot know: the KvK rules do not count."""
    return "" if handelsregister_aan() else gettext("Het Handelsregister (KvK) is in dit portaal niet aangesloten.")


def _kvk_herstel(g: Bestuursgegevens) -> Herstel:
    """The KvK number and DUO's name are DUO's: the board sees them on its page and reports a change to DUO."""
    return Herstel(gettext("Bestuur bekijken (KvK-nummer wijzigt DUO)"), g.bestuur.get_absolute_url(), Actie.LEZEN)


@regel("KVK_INSCHRIJVING_BEEINDIGD", Ernst.FOUT, handelsregister_uit)
def kvk_inschrijving_beeindigd(g: Bestuursgegevens) -> Iterator[Signaal]:
    h = handelsregister_momentopname(g.bestuur)
    if h is None or h.datum_einde is None or h.datum_einde > g.peildatum or not relevant(g.bestuur, g.peildatum):
        return
    yield signaal("KVK_INSCHRIJVING_BEEINDIGD", Ernst.FOUT, g.bestuur, g.peildatum,
                  gettext("Volgens het Handelsregister is de KvK-inschrijving van het bestuur (KvK %(kvk)s) "
                          "beëindigd op %(datum)s, maar het bestuur bestaat nog. Is het bestuur opgegaan in "
                          "een andere rechtspersoon, geef DUO dan het nieuwe KvK-nummer door; bestaat het bestuur "
                          "niet meer, vraag DUO dan het bestuur te beëindigen.")
                  % {"kvk": h.kvk_nummer, "datum": datum(h.datum_einde)}, _kvk_herstel(g))


@regel("KVK_NAAM_WIJKT_AF", Ernst.WAARSCHUWING, handelsregister_uit)
def kvk_naam_wijkt_af(g: Bestuursgegevens) -> Iterator[Signaal]:
    h = handelsregister_momentopname(g.bestuur)
    gezag = g.bestuur.bevoegd_gezag
    if (h is None or not h.naam or gezag is None or not gezag.naam_bekend or not relevant(g.bestuur, g.peildatum)
            or not namen_wijken_sterk_af(gezag.naam, h.naam)):
        return
    yield signaal("KVK_NAAM_WIJKT_AF", Ernst.WAARSCHUWING, g.bestuur, g.peildatum,
                  gettext("De naam in het Handelsregister (KvK %(kvk)s: %(kvknaam)s) lijkt niet op de naam van het "
                          "bevoegd gezag %(nummer)s bij DUO (%(naam)s). Hoort het KvK-nummer bij een andere "
                          "organisatie, of is een nieuwe naam maar bij één van beide doorgegeven, geef het dan door "
                          "aan DUO.")
                  % {"kvk": h.kvk_nummer, "kvknaam": h.naam, "nummer": gezag.nummer, "naam": gezag.naam},
                  _kvk_herstel(g))
