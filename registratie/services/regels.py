"""Checks of RIO's business rules (rio-po.md §9) shared by every service; each adds a message (Dutch source, in
the language of the request: the date rules below are translated; the rest of the services' messages not yet)."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import pairwise

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext, gettext_noop, ngettext

from kern.fouten import Fouten
from kern.tijd import dag_na, vandaag
from registratie.domein.enumeraties import KENMERKEN, Sector, kenmerksoort
from registratie.models import Levensduur, Periode

ALGEMEEN = NON_FIELD_ERRORS
# How the services name a date field (``wat``); translated where the message is made.
DATUMNAMEN = (gettext_noop("De begindatum"), gettext_noop("De einddatum"), gettext_noop("De ingangsdatum"),
              gettext_noop("De oprichtingsdatum"), gettext_noop("De datum in gebruik"),
              gettext_noop("De (eerste instroom)datum"))


def datum(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def eind_niet_voor_begin(fouten: Fouten, begin: date, eind: date | None, veld: str = "einddatum") -> None:
    """Rule 3: an end (the last day, inclusive) may not lie before the start."""
    if eind is not None and eind < begin:
        fouten.voeg_toe(veld, gettext("De einddatum (%(eind)s) ligt vóór de begindatum (%(begin)s). Kies een "
                                      "einddatum op of na de begindatum.")
                        % {"eind": datum(eind), "begin": datum(begin)})


def niet_later_dan_bestaand_einde(fouten: Fouten, obj: Levensduur, einddatum: date,
                                  veld: str = "einddatum") -> None:
    """An ended object can be ended earlier, not later: extending would leave its periods and relations
    (which ended with it) short, a gap of rule 4 and 8. Re-opening is a functioneel beheerder's job."""
    if obj.einddatum is not None and einddatum > obj.einddatum:
        fouten.voeg_toe(veld, gettext("Dit is al beëindigd per %(datum)s. Een latere einddatum kan niet; kies "
                                      "%(datum)s of eerder.") % {"datum": datum(obj.einddatum)})


def niet_in_verleden(fouten: Fouten, d: date, veld: str, wat: str = "De ingangsdatum", *,
                     nieuw: bool = False) -> None:
    """Rule 16: a change in the portal takes effect today or later; the past is not changed here.

    ``wat`` names the field as its form labels it ("De oprichtingsdatum"). ``nieuw``: the object is being
    registered and has no page yet, so the way out is to register it from today and have DUO correct the date."""
    if d < vandaag():
        if nieuw:
            vervolg = gettext("iets nieuws begint in het portaal vandaag of later. Begon het eerder? Registreer het "
                              "dan met vandaag als datum en vraag daarna een functioneel beheerder van DUO om de datum "
                              "te corrigeren; geef de reden erbij.")
        else:
            vervolg = gettext("het verleden corrigeert alleen een functioneel beheerder van DUO. Vraag DUO om een "
                              "correctie en geef de reden; DUO voert die in met de knop 'Corrigeren' op de pagina van "
                              "dit object.")
        fouten.voeg_toe(veld, gettext("%(wat)s (%(datum)s) ligt in het verleden. Kies vandaag (%(vandaag)s) of een "
                                      "latere datum; %(vervolg)s") % {
            "wat": gettext(wat), "datum": datum(d), "vandaag": datum(vandaag()), "vervolg": vervolg})


def binnen_levensduur(fouten: Fouten, d: date, houder: Levensduur, veld: str, wat: str) -> None:
    """Rule 5/6: a date lies within the lifespan of the object it belongs to."""
    if d < houder.begindatum:
        fouten.voeg_toe(veld, gettext("%(wat)s (%(datum)s) ligt vóór de begindatum van %(soort)s %(code)s "
                                      "(%(grens)s).") % {
            "wat": gettext(wat), "datum": datum(d), "soort": houder._meta.verbose_name,
            "code": getattr(houder, "code", ""), "grens": datum(houder.begindatum)})
    if houder.einddatum is not None and d > houder.einddatum:
        fouten.voeg_toe(veld, gettext("%(wat)s (%(datum)s) ligt na de einddatum van %(soort)s %(code)s "
                                      "(%(grens)s).") % {
            "wat": gettext(wat), "datum": datum(d), "soort": houder._meta.verbose_name,
            "code": getattr(houder, "code", ""), "grens": datum(houder.einddatum)})


def periode_binnen_levensduur(fouten: Fouten, begin: date, eind: date | None, houder: Levensduur,
                              veld_begin: str, veld_eind: str, wat: str) -> None:
    binnen_levensduur(fouten, begin, houder, veld_begin, f"De begindatum van {wat}")
    if houder.einddatum is not None and (eind is None or eind > houder.einddatum):
        fouten.voeg_toe(veld_eind, gettext("%(waarde)s moet uiterlijk op de einddatum van %(verbose_name)s "
                                           "(%(datum)s) eindigen.") % {
                                               "waarde": wat[:1].upper() + wat[1:],
                                               "verbose_name": houder._meta.verbose_name,
                                               "datum": datum(houder.einddatum)})


def einddatum_fouten(fouten: Fouten, einddatum: date | None, *, begin: date, verleden_toegestaan: bool = False,
                     bestaand: Levensduur | None = None, houder: Levensduur | None = None,
                     veld: str = "einddatum") -> None:
    """The end-date rules together, in one order: not in the past (16, unless ``verleden_toegestaan``), not
    later than the end ``bestaand`` already has, not before ``begin`` (3), not after the end of the ``houder``
    it belongs to (5/6). Nothing to check without an einddatum."""
    if einddatum is None:
        return
    if not verleden_toegestaan:
        niet_in_verleden(fouten, einddatum, veld, "De einddatum")
    if bestaand is not None:
        niet_later_dan_bestaand_einde(fouten, bestaand, einddatum, veld)
    eind_niet_voor_begin(fouten, begin, einddatum, veld)
    if houder is not None and houder.einddatum is not None and einddatum > houder.einddatum:
        binnen_levensduur(fouten, einddatum, houder, veld, "De einddatum")


def overlapt(begin_a: date, eind_a: date | None, begin_b: date, eind_b: date | None) -> bool:
    return (eind_b is None or begin_a <= eind_b) and (eind_a is None or begin_b <= eind_a)


def perioden_problemen(perioden: Sequence[Periode], houder: Levensduur) -> list[str]:
    """Rule 4: periods are contiguous, start on the object's start and the last ends with the object."""
    if not perioden:
        return [gettext("Er is geen periode met een naam.")]
    problemen = []
    gesorteerd = sorted(perioden, key=lambda p: p.begindatum)
    if gesorteerd[0].begindatum != houder.begindatum:
        problemen.append(gettext("De eerste periode begint op %(datum)s, niet op de begindatum %(datum2)s.") % {
            "datum": datum(gesorteerd[0].begindatum), "datum2": datum(houder.begindatum)})
    for vorige, volgende in pairwise(gesorteerd):
        if vorige.einddatum is None or dag_na(vorige.einddatum) > volgende.begindatum:
            problemen.append(gettext("De perioden vanaf %(datum)s en %(datum2)s overlappen.") % {
                "datum": datum(vorige.begindatum), "datum2": datum(volgende.begindatum)})
        elif dag_na(vorige.einddatum) < volgende.begindatum:
            problemen.append(gettext("Tussen %(datum)s en %(datum2)s ligt een gat.") % {
                "datum": datum(vorige.einddatum), "datum2": datum(volgende.begindatum)})
    if gesorteerd[-1].einddatum != houder.einddatum:
        problemen.append(gettext("De laatste periode eindigt niet op de einddatum van het object."))
    return problemen


def kenmerken_problemen(sector: Sector, kenmerken: Mapping[str, Iterable[str]], begin: date,
                        eind: date | None) -> list[tuple[str, str]]:
    """Rule 12: cardinality per kenmerk, known names only, no duplicates, values valid on the dates."""
    problemen: list[tuple[str, str]] = []
    for naam in kenmerken:
        if kenmerksoort(sector, naam) is None:
            problemen.append((naam, gettext("Kenmerk '%(naam)s' bestaat niet voor sector %(label)s.") % {
                "naam": naam, "label": sector.label}))
    for soort in KENMERKEN[sector]:
        waarden = list(kenmerken.get(soort.naam, []))
        if len(set(waarden)) != len(waarden):
            problemen.append((soort.naam, gettext("%(label)s: elke waarde mag maar één keer voorkomen.") % {
                "label": soort.label}))
        if len(waarden) < soort.minimum:
            problemen.append((soort.naam, (gettext("%(label)s is verplicht: kies er precies één.") if soort.maximum == 1
                                           else gettext("%(label)s is verplicht: kies er minstens één."))
                              % {"label": soort.label}))
        if len(waarden) > soort.maximum:
            problemen.append((soort.naam, ngettext("%(label)s: kies er hoogstens één.", "%(label)s: kies er hoogstens "
                                                   "%(aantal)d.", soort.maximum)
                              % {"label": soort.label, "aantal": soort.maximum}))
        for code in waarden:
            waarde = soort.lijst.waarde(code)
            if waarde is None:
                problemen.append((soort.naam, gettext("%(label)s: '%(code)s' is geen geldige waarde.") % {
                    "label": soort.label, "code": code}))
            elif not waarde.geldig_op(begin) or (eind is not None and not waarde.geldig_op(eind)):
                bericht = (gettext("%(label)s: '%(waarde)s' is niet geldig op de datums van deze aangeboden opleiding "
                                   "(geldig vanaf %(datum)s).") if waarde.begindatum
                           else gettext("%(label)s: '%(waarde)s' is niet geldig op de datums van deze aangeboden "
                                        "opleiding."))
                problemen.append((soort.naam, bericht % {"label": soort.label, "waarde": waarde.label,
                                                         "datum": datum(waarde.begindatum) if waarde.begindatum
                                                         else ""}))
    return problemen
