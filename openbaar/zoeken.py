"""Zoeken en vinden: the public search over the register and the public register file (no login needed).

What the public sees: register data (names, codes, dates, erkenningen, locaties, aangeboden opleidingen) and
the contactgegevens of the communicatiecontexten an anonymous visitor may read. Which contexts those are is
decided in one place, ``toegang.mag_context_lezen`` (it follows each context's openbaarheid in
registratie.domein.enumeraties); restricted contexts are never loaded here.

The search runs a few indexed or bounded queries per kind of object (at most ``LIMIET_PER_SOORT`` rows
each), fetches names and places in the same queries (annotations, one prefetch of the name periods), and
merges the kinds in Python: an exact code first, then names that start with the query, then the rest.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from autorisatie import toegang
from kern.geldigheid import geldig_op_q
from registratie.domein import enumeraties
from registratie.domein.enumeraties import CONTEXT_PER_CODE, KENMERKEN, Sector
from registratie.models import (
    AanbiederPeriode,
    AangebodenOpleiding,
    BestuurPeriode,
    BevoegdGezag,
    Contactgegevens,
    Instellingserkenning,
    JuridischeRelatie,
    Onderwijsaanbieder,
    Onderwijsaanbiedersgroep,
    Onderwijsbestuur,
    Onderwijslocatie,
    Onderwijslocatiegebruik,
    Opvolging,
    Vestigingserkenning,
    Vestigingsrelatie,
)
from registratie.models.juridisch import bevoegd_gezag_nummer_validator, brin4_validator, brin6_validator
from registratie.models.locatie import locatiecode_validator, toon_postcode
from registratie.models.organisatie import aanbiedercode_validator, bestuurcode_validator
from registratie.services.contact import Eenheid, effectief_contact_via

MIN_LENGTE = 2
MAX_LENGTE = 100
LIMIET_PER_SOORT = 200
PAGINAGROOTTE = 25


class Soort(StrEnum):
    """The kinds of object the search finds, as shown in the column 'Soort' (Dutch; translated when shown)."""

    BESTUUR = gettext_noop("Onderwijsbestuur")
    AANBIEDER = gettext_noop("Onderwijsaanbieder")
    LOCATIE = gettext_noop("Onderwijslocatie")
    INSTELLING = gettext_noop("Instellingserkenning")
    VESTIGING = gettext_noop("Vestigingserkenning")
    BEVOEGD_GEZAG = gettext_noop("Bevoegd gezag")


# The code formats of rio-po.md §1.2: the model validators' own patterns (ASCII digits only), not a copy.
CODEPATRONEN: dict[Soort, re.Pattern[str]] = {
    Soort.BESTUUR: bestuurcode_validator.regex,
    Soort.AANBIEDER: aanbiedercode_validator.regex,
    Soort.LOCATIE: locatiecode_validator.regex,
    Soort.INSTELLING: brin4_validator.regex,
    Soort.VESTIGING: brin6_validator.regex,
    Soort.BEVOEGD_GEZAG: bevoegd_gezag_nummer_validator.regex,
}
CODEVORM = {
    Soort.BESTUUR: "999B999", Soort.AANBIEDER: "999A999", Soort.LOCATIE: "999X999",
    Soort.INSTELLING: gettext_noop("BRIN, bijvoorbeeld 12AB"),
    Soort.VESTIGING: gettext_noop("BRIN6, bijvoorbeeld 12AB00"),
    Soort.BEVOEGD_GEZAG: gettext_noop("5 cijfers"),
}
POSTCODE = re.compile(r"^[1-9][0-9]{3}([A-Z]{2})?$")  # 1234AB, or only the 4-digit part
CODEACHTIG = re.compile(r"^(?=.*[0-9])[0-9A-Z]+$")
VOLGORDE = {soort: i for i, soort in enumerate(
    (Soort.AANBIEDER, Soort.VESTIGING, Soort.LOCATIE, Soort.INSTELLING, Soort.BESTUUR, Soort.BEVOEGD_GEZAG))}


@dataclass(frozen=True)
class Zoekterm:
    tekst: str  # as typed, spaces collapsed
    compact: str  # upper case without spaces: how codes and postcodes are stored

    @property
    def te_kort(self) -> bool:
        return len(self.compact) < MIN_LENGTE

    @property
    def codesoort(self) -> Soort | None:
        """The kind of code the query has the exact form of, if any."""
        return next((s for s, patroon in CODEPATRONEN.items() if patroon.match(self.compact)), None)

    @property
    def codeachtig(self) -> bool:
        """Letters and digits only, with a digit: compared with the start of every code."""
        return bool(CODEACHTIG.match(self.compact))

    @property
    def postcode(self) -> str:
        """'1234AB' or '1234' when the query is a postcode or its 4-digit part (1234 AB, 1234ab), else ''."""
        return self.compact if POSTCODE.match(self.compact) else ""

    @property
    def is_tekst(self) -> bool:
        """Searched in names and place names: anything that is not a code or a postcode."""
        return self.codesoort is None and not self.postcode


def ontleed(q: str | None) -> Zoekterm:
    """Spaces collapsed, control characters dropped (PostgreSQL refuses a NUL), at most MAX_LENGTE long."""
    tekst = " ".join("".join(t if t.isprintable() else " " for t in (q or "")).split())[:MAX_LENGTE]
    return Zoekterm(tekst=tekst, compact=tekst.replace(" ", "").upper())


Pagina = tuple[str, str] | None


@dataclass(frozen=True)
class Treffer:
    """One matching object of one kind, before the hits are grouped per school."""

    kenmerk: str  # the code
    soort: Soort
    naam: str
    plaats: str
    status: str  # actief, beëindigd, toekomstig, niet in gebruik
    pagina: Pagina  # the public page (URL name and code), None when there is none
    exact: bool = False
    aanbieder: str = ""  # the school (aanbiedercode) this hit belongs to, when registered
    brin4: str = ""  # the school's instellingscode, when the hit is or belongs to one

    @property
    def url(self) -> str:
        return reverse(self.pagina[0], args=[self.pagina[1]]) if self.pagina else ""


@dataclass(frozen=True)
class Vestiging:
    """A location of a school, shown under it: a BRIN6 with its address, or a registered onderwijslocatie."""

    code: str
    naam: str
    adres: str
    plaats: str
    status: str
    pagina: Pagina
    treffer: bool = False  # this location itself matched the query (its code, name, postcode or place)
    exact: bool = False
    leerlingen: str = ""  # DUO's latest count of a BRIN6, e.g. "312 leerlingen (2025)"

    @property
    def url(self) -> str:
        return reverse(self.pagina[0], args=[self.pagina[1]]) if self.pagina else ""


class Soortgroep(StrEnum):
    """What one result row is: a school (aanbieder and/or BRIN4, with its locations), a board, or a loose locatie."""

    SCHOOL = gettext_noop("School")
    BESTUUR = gettext_noop("Onderwijsbestuur")
    LOCATIE = gettext_noop("Onderwijslocatie")


GROEPVOLGORDE = {Soortgroep.SCHOOL: 0, Soortgroep.LOCATIE: 1, Soortgroep.BESTUUR: 2}


@dataclass
class Resultaat:
    """One row of the result list: one school with its locations under it (or a board, or a loose locatie)."""

    soort: Soortgroep
    kenmerk: str  # aanbiedercode of a registered school, else the BRIN4; bestuurcode; locatiecode
    naam: str
    plaats: str
    status: str
    pagina: Pagina
    exact: bool = False
    codes: list[str] = field(default_factory=list)  # the other codes of the same thing: BRIN4s, bevoegd gezag
    locaties: list[Vestiging] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Reversed when shown: a search fetches many rows and shows a page of 25."""
        return reverse(self.pagina[0], args=[self.pagina[1]]) if self.pagina else ""

    @property
    def codes_met_soort(self) -> list[tuple[str, str]]:
        """The codes of the row, each with what it is: ('aanbieder', '100A001'), ('BRIN', '11AA'); the kind in the
        language of the request."""
        if self.soort == Soortgroep.SCHOOL:
            eerste = _("aanbieder") if CODEPATRONEN[Soort.AANBIEDER].match(self.kenmerk) else "BRIN"
            return [(eerste, self.kenmerk)] + [("BRIN", code) for code in self.codes]
        if self.soort == Soortgroep.BESTUUR:
            eerste = _("bestuur") if CODEPATRONEN[Soort.BESTUUR].match(self.kenmerk) else _("bevoegd gezag")
            return [(eerste, self.kenmerk)] + [(_("bevoegd gezag"), code) for code in self.codes]
        return [(_("locatie"), self.kenmerk)]


class Zoekuitslag(list):
    """The result rows (a list), and whether some kind had more matches than were fetched."""

    def __init__(self, rijen: Iterable[Resultaat] = (), afgekapt: bool = False) -> None:
        super().__init__(rijen)
        self.afgekapt = afgekapt

    @property
    def aantallen(self) -> str:
        """'12 scholen gevonden', '1 school en 1 bestuur gevonden': what is above the table."""
        per_soort = Counter(r.soort for r in self)
        woorden = {Soortgroep.SCHOOL: lambda n: ngettext("%(aantal)d school", "%(aantal)d scholen", n),
                   Soortgroep.BESTUUR: lambda n: ngettext("%(aantal)d bestuur", "%(aantal)d besturen", n),
                   Soortgroep.LOCATIE: lambda n: ngettext("%(aantal)d locatie", "%(aantal)d locaties", n)}
        delen = [woorden[s](per_soort[s]) % {"aantal": per_soort[s]}
                 for s in (Soortgroep.SCHOOL, Soortgroep.BESTUUR, Soortgroep.LOCATIE) if per_soort[s]]
        if not delen:
            return _("Niets gevonden")
        opsomming = (_("%(eerste)s en %(laatste)s") % {"eerste": ", ".join(delen[:-1]), "laatste": delen[-1]}
                     if len(delen) > 1 else delen[0])
        return _("%(opsomming)s gevonden") % {"opsomming": opsomming}


def zoek(q: str | None, peildatum: date, *, alleen_actief: bool = True) -> Zoekuitslag:
    """Search every kind of object by code, name, postcode or place, and show one row per school with its
    locations under it; an exact code comes first.

    ``alleen_actief`` keeps what is valid on peildatum; an exact code is always shown (with its status),
    because the person asked for that one object.
    """
    term = ontleed(q)
    if term.te_kort:
        return Zoekuitslag()
    plaatsen = plaatsnamen_voor(term) if term.is_tekst else []
    treffers: list[Treffer] = []
    afgekapt = False
    for zoeker in (_besturen, _aanbieders, _locaties, _instellingen, _vestigingen, _bevoegde_gezagen):
        gevonden = zoeker(term, peildatum, alleen_actief, plaatsen)
        afgekapt = afgekapt or len(gevonden) > LIMIET_PER_SOORT
        treffers += gevonden[:LIMIET_PER_SOORT]
    rijen = _groepeer(treffers, peildatum, alleen_actief)
    begin = term.tekst.lower()
    rijen.sort(key=lambda r: (not r.exact, not r.naam.lower().startswith(begin), GROEPVOLGORDE[r.soort],
                              r.naam.lower(), r.kenmerk))
    return Zoekuitslag(rijen, afgekapt)


# --- Place names: without case, diacritics or the apostrophe-s form, and the official double names ----------

# Names people use for a place that DUO and the BAG register under another (official) name; both sides are
# written as plaatssleutel makes them. The key is what is typed, the value the official name.
PLAATSALIASSEN: dict[str, str] = {
    "den haag": "s gravenhage",
    "den bosch": "s hertogenbosch",
    "ljouwert": "leeuwarden",
    "snits": "sneek",
    "harns": "harlingen",
    "frjentsjer": "franeker",
    "boalsert": "bolsward",
    "de jouwer": "joure",
    "it hearrenfean": "heerenveen",
    "drylts": "ijlst",
    "starum": "stavoren",
    "hylpen": "hindeloopen",
    "warkum": "workum",
}


@lru_cache(maxsize=8192)  # a few thousand place names in the register, each normalised once per process
def plaatssleutel(naam: str) -> str:
    """A place name as it is compared: lower case, no diacritics, no apostrophes, hyphens and dots as spaces,
    'a/d' as 'aan den' and 'sint' as 'st': "'s-Hertogenbosch", "s-Hertogenbosch" and "'S-HERTOGENBOSCH" all
    become "s hertogenbosch", "Súdwest-Fryslân" becomes "sudwest fryslan"."""
    tekst = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode().lower()
    tekst = re.sub(r"\ba\s*[/.]\s*d\b\.?", " aan den ", tekst)
    tekst = re.sub(r"['`´]", "", tekst)
    tekst = re.sub(r"[-./()]", " ", tekst)
    woorden = ["st" if w == "sint" else w for w in tekst.split()]
    return " ".join(woorden)


def officiele_plaats(naam: str) -> str:
    """The sleutel of the official name: an alias ('den haag') becomes the official name ('s gravenhage')."""
    sleutel = plaatssleutel(naam)
    return PLAATSALIASSEN.get(sleutel, sleutel)


def plaatsnamen_voor(term: Zoekterm) -> list[str]:
    """The place names in the register (as stored) that start with what was typed, compared by plaatssleutel,
    and through the alias list; two queries over the distinct names of vestigingen and locaties (a few thousand)."""
    getypt = plaatssleutel(term.tekst)
    if len(getypt) < MIN_LENGTE:
        return []
    # What was typed may be the start of an alias too ("Den Ha"): the official names those aliases stand for.
    officieel = {officiele_plaats(term.tekst)} | {naam for alias, naam in PLAATSALIASSEN.items()
                                                   if alias.startswith(getypt)}
    namen = {naam for model in (Vestigingserkenning, Onderwijslocatie)
             for naam in model.objects.exclude(plaatsnaam="").order_by().values_list("plaatsnaam", flat=True)
             .distinct()}
    return sorted(naam for naam in namen
                  if plaatssleutel(naam).startswith(getypt) or officiele_plaats(naam).startswith(tuple(officieel)))


# --- One query per kind --------------------------------------------------------------------------------------

def _kies(qs: QuerySet, codeveld: str, term: Zoekterm, voorwaarden: list[Q], actief: Q) -> list:
    """The exact code (always), or any of the conditions within ``actief``; exact first, at most one row more
    than the limit (to know that there were more)."""
    exact = Q(**{codeveld: term.compact})
    treffer = Q()
    for voorwaarde in voorwaarden:
        treffer |= voorwaarde
    filter_ = exact | (treffer & actief) if voorwaarden else exact
    volgorde = Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(qs.filter(filter_).order_by(volgorde, codeveld)[:LIMIET_PER_SOORT + 1])


def _naam_perioden(model, veld: str, term: Zoekterm, peildatum: date, alleen_actief: bool) -> Q:
    """A name period matching the query: the name on peildatum, or any former or later name when not
    only active objects are asked for."""
    perioden = model.objects.filter(**{veld: OuterRef("pk"), "naam__icontains": term.tekst})
    if alleen_actief:
        perioden = perioden.filter(geldig_op_q(peildatum))
    return Q(Exists(perioden))


def _plaats_van_bevoegd_gezag(veld: str) -> Subquery:
    """The place of a board's first school (a board has no address of its own in the register)."""
    return Subquery(Vestigingserkenning.objects.filter(instelling__bevoegd_gezag=OuterRef(veld))
                    .order_by("code").values("plaatsnaam")[:1])


def _aanbieder_van_instelling(veld: str) -> Subquery:
    """The aanbieder registered for a BRIN4 (the latest relation): the school that BRIN4 is in the portal."""
    return Subquery(JuridischeRelatie.objects.filter(instelling=OuterRef(veld))
                    .order_by("-begindatum").values("aanbieder__code")[:1])


def _besturen(term: Zoekterm, peildatum: date, alleen_actief: bool, plaatsen: list[str]) -> list[Treffer]:
    voorwaarden = []
    if term.codeachtig:
        voorwaarden.append(Q(code__startswith=term.compact))
    if term.is_tekst:
        voorwaarden.append(_naam_perioden(BestuurPeriode, "bestuur", term, peildatum, alleen_actief))
    qs = (Onderwijsbestuur.objects.prefetch_related("perioden")
          .annotate(plaats=_plaats_van_bevoegd_gezag("bevoegd_gezag")))
    return [Treffer(b.code, Soort.BESTUUR, _naam(b, peildatum), b.plaats or "", b.status_op(peildatum),
                    ("openbaar:bestuur", b.code), b.code == term.compact)
            for b in _kies(qs, "code", term, voorwaarden, geldig_op_q(peildatum) if alleen_actief else Q())]


def _aanbieders(term: Zoekterm, peildatum: date, alleen_actief: bool, plaatsen: list[str]) -> list[Treffer]:
    opleidingen = AangebodenOpleiding.objects.filter(aanbieder=OuterRef("pk"), locatie__isnull=False)
    if alleen_actief:
        opleidingen = opleidingen.filter(geldig_op_q(peildatum))
    voorwaarden = []
    if term.codeachtig:
        voorwaarden.append(Q(code__startswith=term.compact))
    if term.is_tekst:
        voorwaarden.append(_naam_perioden(AanbiederPeriode, "aanbieder", term, peildatum, alleen_actief))
    if plaatsen:
        voorwaarden.append(Q(Exists(opleidingen.filter(locatie__plaatsnaam__in=plaatsen))))
    if term.postcode:
        voorwaarden.append(Q(Exists(opleidingen.filter(locatie__postcode__startswith=term.postcode))))
    plaats = Subquery(AangebodenOpleiding.objects.filter(aanbieder=OuterRef("pk"), locatie__isnull=False)
                      .order_by("-begindatum").values("locatie__plaatsnaam")[:1])
    qs = Onderwijsaanbieder.objects.prefetch_related("perioden").annotate(plaats=plaats)
    return [Treffer(a.code, Soort.AANBIEDER, _naam(a, peildatum), a.plaats or "", a.status_op(peildatum),
                    ("openbaar:aanbieder", a.code), a.code == term.compact, aanbieder=a.code)
            for a in _kies(qs, "code", term, voorwaarden, geldig_op_q(peildatum) if alleen_actief else Q())]


def _locaties(term: Zoekterm, peildatum: date, alleen_actief: bool, plaatsen: list[str]) -> list[Treffer]:
    in_gebruik = Exists(Onderwijslocatiegebruik.objects.filter(locatie=OuterRef("pk")).filter(geldig_op_q(peildatum)))
    voorwaarden = []
    if term.codeachtig:
        voorwaarden.append(Q(code__startswith=term.compact))
    if term.is_tekst:
        voorwaarden.append(Q(straatnaam__icontains=term.tekst))
    if plaatsen:
        voorwaarden.append(Q(plaatsnaam__in=plaatsen))
    if term.postcode:
        voorwaarden.append(Q(postcode__startswith=term.postcode))
    # The school on this locatie: through the BRIN6 linked to it (the current relation first, else the latest).
    relaties = Vestigingsrelatie.objects.filter(gebruik__locatie=OuterRef("pk"))
    actueel = Case(When(geldig_op_q(peildatum), then=Value(0)), default=Value(1), output_field=IntegerField())
    brin4 = Subquery(relaties.order_by(actueel, "-begindatum").values("vestiging__instelling__code")[:1])
    qs = Onderwijslocatie.objects.annotate(in_gebruik=in_gebruik, brin4=brin4)
    return [Treffer(loc.code, Soort.LOCATIE, loc.adres, loc.plaatsnaam, "actief" if loc.in_gebruik else
                    gettext_noop("niet in gebruik"), ("openbaar:locatie", loc.code), loc.code == term.compact,
                    brin4=loc.brin4 or "")
            for loc in _kies(qs, "code", term, voorwaarden, Q(in_gebruik) if alleen_actief else Q())]


def _instellingen(term: Zoekterm, peildatum: date, alleen_actief: bool, plaatsen: list[str]) -> list[Treffer]:
    voorwaarden = []
    if term.codeachtig:
        voorwaarden.append(Q(code__startswith=term.compact))
    if term.is_tekst:
        voorwaarden.append(Q(naam__icontains=term.tekst))
    plaats = Subquery(Vestigingserkenning.objects.filter(instelling=OuterRef("pk")).order_by("code")
                      .values("plaatsnaam")[:1])
    qs = (Instellingserkenning.objects.select_related("bevoegd_gezag__onderwijsbestuur")
          .annotate(aanbiedercode=_aanbieder_van_instelling("pk"), plaats=plaats))
    return [Treffer(e.code, Soort.INSTELLING, e.naam, e.plaats or "", e.status_op(peildatum),
                    _pagina_aanbieder_of_bestuur(e.aanbiedercode, e.bevoegd_gezag), e.code == term.compact,
                    aanbieder=e.aanbiedercode or "", brin4=e.code)
            for e in _kies(qs, "code", term, voorwaarden,
                           geldig_op_q(peildatum, begin_kan_leeg=True) if alleen_actief else Q())]


def _vestigingen(term: Zoekterm, peildatum: date, alleen_actief: bool, plaatsen: list[str]) -> list[Treffer]:
    voorwaarden = []
    if term.codeachtig:
        voorwaarden.append(Q(code__startswith=term.compact))
    if term.is_tekst:
        voorwaarden.append(Q(naam__icontains=term.tekst))
    if plaatsen:
        voorwaarden.append(Q(plaatsnaam__in=plaatsen))
    if term.postcode:
        voorwaarden.append(Q(postcode__startswith=term.postcode))
    qs = (Vestigingserkenning.objects.select_related("instelling")
          .annotate(aanbiedercode=_aanbieder_van_instelling("instelling")))
    return [Treffer(v.code, Soort.VESTIGING, v.naam, v.plaatsnaam, v.status_op(peildatum), None,
                    v.code == term.compact, aanbieder=v.aanbiedercode or "", brin4=v.instelling.code)
            for v in _kies(qs, "code", term, voorwaarden,
                           geldig_op_q(peildatum, begin_kan_leeg=True) if alleen_actief else Q())]


def _bevoegde_gezagen(term: Zoekterm, peildatum: date, alleen_actief: bool, plaatsen: list[str]) -> list[Treffer]:
    voorwaarden = [Q(naam__icontains=term.tekst)] if term.is_tekst else []  # a number only matches exactly
    qs = BevoegdGezag.objects.select_related("onderwijsbestuur").annotate(plaats=_plaats_van_bevoegd_gezag("pk"))
    return [Treffer(bg.nummer, Soort.BEVOEGD_GEZAG, bg.naam, bg.plaats or "", bg.status_op(peildatum),
                    _pagina_aanbieder_of_bestuur(None, bg), bg.nummer == term.compact)
            for bg in _kies(qs, "nummer", term, voorwaarden,
                            geldig_op_q(peildatum, begin_kan_leeg=True) if alleen_actief else Q())]


def _pagina_aanbieder_of_bestuur(aanbiedercode: str | None, bevoegd_gezag: BevoegdGezag | None) -> Pagina:
    if aanbiedercode:
        return ("openbaar:aanbieder", aanbiedercode)
    bestuur = getattr(bevoegd_gezag, "onderwijsbestuur", None) if bevoegd_gezag else None
    return ("openbaar:bestuur", bestuur.code) if bestuur else None


def _naam(obj, peildatum: date) -> str:
    periode = obj.huidige_periode(peildatum)
    return periode.naam if periode else ""


# --- One row per school ----------------------------------------------------------------------------------------

def _groepeer(treffers: list[Treffer], peildatum: date, alleen_actief: bool) -> list[Resultaat]:
    """The hits as result rows: per school (its aanbieder, else its BRIN4) one row with every BRIN4 and every
    BRIN6 of it, the matching ones marked; a board and its bevoegd gezag as one row; a locatie without a BRIN6 on
    its own. A fixed number of queries, whatever the number of hits."""
    scholen: dict[str, list[Treffer]] = {}
    besturen: dict[str, list[Treffer]] = {}
    losse_locaties: list[Treffer] = []
    aanbieder_van = _aanbieders_van({t.brin4 for t in treffers if t.brin4 and not t.aanbieder})
    treffers = [replace(t, aanbieder=aanbieder_van.get(t.brin4, "")) if t.brin4 and not t.aanbieder else t
                for t in treffers]
    for t in treffers:
        if t.soort in (Soort.BESTUUR, Soort.BEVOEGD_GEZAG):
            sleutel = t.pagina[1] if t.pagina and t.pagina[0] == "openbaar:bestuur" else t.kenmerk
            besturen.setdefault(sleutel, []).append(t)
        elif t.aanbieder or t.brin4:
            scholen.setdefault(t.aanbieder or t.brin4, []).append(t)
        else:
            losse_locaties.append(t)
    rijen = _scholen(scholen, peildatum, alleen_actief)
    rijen += [_bestuur(groep) for groep in besturen.values()]
    rijen += [Resultaat(Soortgroep.LOCATIE, t.kenmerk, t.naam, t.plaats, t.status, t.pagina, t.exact)
              for t in losse_locaties]
    return rijen


def _aanbieders_van(brin4s: set[str]) -> dict[str, str]:
    """The aanbieder registered for each BRIN4 (its latest relation), so that a locatie found by its address
    joins the row of its school."""
    if not brin4s:
        return {}
    relaties = (JuridischeRelatie.objects.filter(instelling__code__in=brin4s).order_by("begindatum")
                .values_list("instelling__code", "aanbieder__code"))
    return dict(relaties)  # later relations overwrite earlier ones


def _bestuur(groep: list[Treffer]) -> Resultaat:
    """A board's row: the onderwijsbestuur with its bevoegd-gezagnummer, also when only the latter was found."""
    kop = next((t for t in groep if t.soort == Soort.BESTUUR), groep[0])
    gezagen = sorted({t.kenmerk for t in groep if t.soort == Soort.BEVOEGD_GEZAG})
    kenmerk = kop.pagina[1] if kop.pagina and kop.pagina[0] == "openbaar:bestuur" else kop.kenmerk
    return Resultaat(Soortgroep.BESTUUR, kenmerk, kop.naam, kop.plaats, kop.status, kop.pagina,
                     any(t.exact for t in groep), [c for c in gezagen if c != kenmerk])


def _scholen(scholen: dict[str, list[Treffer]], peildatum: date, alleen_actief: bool) -> list[Resultaat]:
    """One row per school, with its name and status from the aanbieder (or, unregistered, from the BRIN4) and
    all its BRIN6 with their address and public locatie page."""
    if not scholen:
        return []
    aanbiedercodes = {sleutel for sleutel in scholen if CODEPATRONEN[Soort.AANBIEDER].match(sleutel)}
    aanbieders = {a.code: a for a in Onderwijsaanbieder.objects.filter(code__in=aanbiedercodes).prefetch_related(
        "perioden", Prefetch("juridische_relaties", queryset=JuridischeRelatie.objects.select_related("instelling")
                             .order_by("instelling__code")))}
    brin4_per_school: dict[str, list[str]] = {}
    for sleutel in scholen:
        aanbieder = aanbieders.get(sleutel)
        if aanbieder is not None:
            brin4_per_school[sleutel] = sorted({r.instelling.code for r in aanbieder.juridische_relaties.all()
                                                if not alleen_actief or r.is_relevant_op(peildatum)}
                                               or {r.instelling.code for r in aanbieder.juridische_relaties.all()})
        else:
            brin4_per_school[sleutel] = [sleutel]
    alle_brin4 = {code for codes in brin4_per_school.values() for code in codes}
    instellingen = {i.code: i for i in Instellingserkenning.objects.filter(code__in=alle_brin4)
                    .select_related("bevoegd_gezag__onderwijsbestuur")}
    getroffen_brin6 = {t.kenmerk for groep in scholen.values() for t in groep if t.soort == Soort.VESTIGING}
    vestigingen = _vestigingen_van(alle_brin4, peildatum, alleen_actief, getroffen_brin6)
    rijen = []
    for sleutel, groep in scholen.items():
        brin4s = brin4_per_school[sleutel]
        getroffen = {t.kenmerk for t in groep if t.soort in (Soort.VESTIGING, Soort.LOCATIE)}
        exact = {t.kenmerk for t in groep if t.exact}
        locaties = [replace(v, treffer=v.code in getroffen or _locatiecode(v) in getroffen,
                            exact=v.code in exact or _locatiecode(v) in exact)
                    for code in brin4s for v in vestigingen.get(code, [])]
        aanbieder = aanbieders.get(sleutel)
        instelling = instellingen.get(brin4s[0]) if brin4s else None
        if aanbieder is not None:
            naam, status, pagina = _naam(aanbieder, peildatum), aanbieder.status_op(peildatum), \
                ("openbaar:aanbieder", aanbieder.code)
        elif instelling is not None:
            naam, status = instelling.naam, instelling.status_op(peildatum)
            pagina = _pagina_aanbieder_of_bestuur(None, instelling.bevoegd_gezag)
        else:  # a hit whose school row vanished between the queries: show the hit itself
            naam, status, pagina = groep[0].naam, groep[0].status, groep[0].pagina
        plaats = next((v.plaats for v in (vestigingen.get(brin4s[0], []) if brin4s else [])), "") or groep[0].plaats
        rijen.append(Resultaat(Soortgroep.SCHOOL, sleutel, naam, plaats, status, pagina,
                               any(t.exact for t in groep), [c for c in brin4s if c != sleutel], locaties))
    return rijen


def _locatiecode(v: Vestiging) -> str:
    return v.pagina[1] if v.pagina else ""


def _vestigingen_van(brin4s: set[str], peildatum: date, alleen_actief: bool,
                     getroffen: set[str]) -> dict[str, list[Vestiging]]:
    """Per BRIN4 its BRIN6 (valid on peildatum, or all of them; a BRIN6 that was found itself always), each with
    the locatie linked to it."""
    relaties = Vestigingsrelatie.objects.filter(vestiging=OuterRef("pk"))
    actueel = Case(When(geldig_op_q(peildatum), then=Value(0)), default=Value(1), output_field=IntegerField())
    locatie = Subquery(relaties.order_by(actueel, "-begindatum").values("gebruik__locatie__code")[:1])
    qs = Vestigingserkenning.objects.filter(instelling__code__in=brin4s).select_related("instelling")
    if alleen_actief:
        qs = qs.filter(geldig_op_q(peildatum, begin_kan_leeg=True) | Q(code__in=getroffen))
    uit: dict[str, list[Vestiging]] = {}
    for v in qs.annotate(locatiecode=locatie).order_by("code"):
        adres = ", ".join(deel for deel in (
            f"{v.straatnaam} {v.huisnummer or ''}{v.huisnummertoevoeging}".strip(),
            f"{toon_postcode(v.postcode)} {v.plaatsnaam}".strip()) if deel)
        uit.setdefault(v.instelling.code, []).append(Vestiging(
            v.code, v.naam, adres, v.plaatsnaam, v.status_op(peildatum),
            ("openbaar:locatie", v.locatiecode) if v.locatiecode else None, leerlingen=v.leerlingen_tekst))
    return uit


# --- Public contactgegevens ----------------------------------------------------------------------------------

ANONIEM = AnonymousUser()


def openbare_contexten(bestuur: Onderwijsbestuur) -> tuple[str, ...]:
    """The contexts anyone may read, as the access helper decides for a visitor who is not logged in
    (also when the person is logged in: public pages show the same to everyone)."""
    return tuple(code for code in CONTEXT_PER_CODE if toegang.mag_context_lezen(ANONIEM, bestuur, code))


def openbare_contacten(eenheden: Iterable[Eenheid], peildatum: date) -> list[Contactgegevens]:
    """Contactgegevens of public contexts valid on peildatum of these units (all of one board)."""
    eenheden = list(eenheden)
    if not eenheden:
        return []
    contexten = openbare_contexten(eenheden[0].bestuur)
    per_veld: dict[str, list[int]] = {}
    for eenheid in eenheden:
        per_veld.setdefault(_eenheid_veld(eenheid), []).append(eenheid.pk)
    wie = Q()
    for veld, pks in per_veld.items():
        wie |= Q(**{f"{veld}__in": pks})
    return list(Contactgegevens.objects.filter(wie, context__in=contexten).filter(geldig_op_q(peildatum))
                .order_by("context", "begindatum"))


def _eenheid_veld(eenheid: Eenheid) -> str:
    return {Onderwijsbestuur: "bestuur", Onderwijsaanbiedersgroep: "groep", Onderwijsaanbieder: "aanbieder"}[
        type(eenheid)]


class ContactBoek:
    """Public contactgegevens in memory, looked up per (unit, context) for the fallback of rio-po.md §2."""

    def __init__(self, contacten: Iterable[Contactgegevens]) -> None:
        self._rijen: dict[tuple[str, int, str], Contactgegevens] = {}
        for c in contacten:
            eenheid = ("bestuur", c.bestuur_id) if c.bestuur_id else ("groep", c.groep_id) if c.groep_id else (
                "aanbieder", c.aanbieder_id)
            self._rijen.setdefault((*eenheid, c.context), c)

    def zoek(self, eenheid: Eenheid, context: str) -> Contactgegevens | None:
        return self._rijen.get((_eenheid_veld(eenheid), eenheid.pk, context))


def effectieve_openbare_contacten(aanbieder: Onderwijsaanbieder, boek: ContactBoek) -> list:
    """Per public context the contact that applies to the aanbieder (own, groep, bestuur, then Algemeen);
    a context is listed when it is registered somewhere up the chain, Algemeen always."""
    uitkomst = []
    for context in openbare_contexten(aanbieder.bestuur):
        effectief = effectief_contact_via(aanbieder, context, boek.zoek)
        if context == "ALGEMEEN" or (effectief.contact and effectief.contact.context == context):
            uitkomst.append(effectief)
    return uitkomst


# --- Labels of kenmerken -------------------------------------------------------------------------------------

def kenmerk_labels(ao: AangebodenOpleiding, peildatum: date) -> list[tuple[str, str]]:
    """(label, value label) of every kenmerk valid on peildatum, e.g. ('Doelgroep', 'Regulier basisonderwijs')."""
    return enumeraties.kenmerk_labels(ao.opleiding.sector, ((k.naam, k.waarde) for k in ao.kenmerken_op(peildatum)))


DOELGROEPKENMERKEN = ("doelgroepBasisonderwijs", "doelgroepSpeciaalOnderwijs")


def doelgroepen(ao: AangebodenOpleiding, peildatum: date) -> list[str]:
    doelgroep_labels = {s.label for s in KENMERKEN[Sector(ao.opleiding.sector)] if s.naam in DOELGROEPKENMERKEN}
    return [waarde for label, waarde in kenmerk_labels(ao, peildatum) if label in doelgroep_labels]


# --- The public register as one flat file --------------------------------------------------------------------

@dataclass(frozen=True)
class Kolom:
    kop: str
    uitleg: str


REGISTER_KOLOMMEN: tuple[Kolom, ...] = (
    Kolom("Onderwijsbestuurcode", gettext_noop("Code van het onderwijsbestuur (999B999).")),
    Kolom("Naam onderwijsbestuur", gettext_noop("Naam van het bestuur op de peildatum.")),
    Kolom("Bevoegd-gezagnummer", gettext_noop("Nummer van de erkenning van het bevoegd gezag (5 cijfers).")),
    Kolom("Onderwijsaanbiedercode", gettext_noop("Code van de onderwijsaanbieder, de school (999A999).")),
    Kolom("Naam onderwijsaanbieder", gettext_noop("Naam van de school op de peildatum.")),
    Kolom("Oprichtingsdatum", gettext_noop("Datum waarop de onderwijsaanbieder begon (dd-mm-jjjj).")),
    Kolom("Instellingscode (BRIN)",
          gettext_noop("De instellingserkenning(en) van de aanbieder, gescheiden door een komma.")),
    Kolom("Onderwijslocatiecode",
          gettext_noop("Code van de locatie (999X999); leeg voor onderwijs zonder vaste locatie.")),
    Kolom("Vestigingscode (BRIN6)", gettext_noop("De vestigingserkenning(en) van het bestuur op deze locatie.")),
    Kolom("Straatnaam", gettext_noop("Adres van de locatie.")),
    Kolom("Huisnummer", ""),
    Kolom("Toevoeging", ""),
    Kolom("Postcode", gettext_noop("Postcode zonder spatie (1234AB).")),
    Kolom("Plaatsnaam", gettext_noop("In hoofdletters, zoals de BAG.")),
    Kolom("Opleidingen",
          gettext_noop("De opleidingen die de aanbieder op deze locatie aanbiedt, gescheiden door ' | '.")),
    Kolom("Doelgroepen", gettext_noop("Doelgroeponderwijs van die opleidingen, gescheiden door ' | '.")),
    Kolom("E-mailadres (Algemeen)",
          gettext_noop("Contactgegevens van de openbare context Algemeen die voor de school gelden "
                       "(van de school zelf, of anders van de groep of het bestuur).")),
    Kolom("Telefoonnummer (Algemeen)", ""),
    Kolom("Website (Algemeen)", ""),
    # Organisatierelatie OVERGANG (rio-po.md §1.12, issue 18 §2): predecessors and successor of a school.
    Kolom("Voortgezet uit", gettext_noop("De onderwijsaanbieder(s) die in deze school zijn opgegaan (bijvoorbeeld "
                                         "bij een fusie), gescheiden door een komma.")),
    Kolom("Opgevolgd door", gettext_noop("De onderwijsaanbieder waarin deze school opgaat als zij eindigt.")),
)
BLOKGROOTTE = 50  # besturen per block (with all their aanbieders, locaties and contacts)


def register_rijen(peildatum: date) -> Iterator[list[Any]]:
    """One row per aanbieder × locatie of its aangeboden opleidingen, both valid on peildatum.

    Read board by board in blocks of ``BLOKGROOTTE`` with their related rows prefetched per block, so
    memory stays bounded and the number of queries grows with the number of blocks, not of rows.
    """
    for bestuur in _register_besturen(peildatum).iterator(chunk_size=BLOKGROOTTE):
        openbaar = openbare_contexten(bestuur)
        brin6_per_locatie = {g.locatie_id: [r.vestiging.code for r in g.vestigingsrelaties.all()]
                             for g in bestuur.locatiegebruiken.all()}
        for aanbieder in bestuur.register_aanbieders:
            yield from _rijen_van(aanbieder, peildatum, openbaar, brin6_per_locatie)


def _register_besturen(peildatum: date) -> QuerySet[Onderwijsbestuur]:
    # The columns show Algemeen; whether it is public is asked per board (openbare_contexten).
    contact = Contactgegevens.objects.filter(context="ALGEMEEN").filter(geldig_op_q(peildatum))
    aanbieders = (
        Onderwijsaanbieder.objects.filter(geldig_op_q(peildatum)).select_related("groep", "opvolging__opvolger")
        .order_by("code")
        .prefetch_related(
            "perioden",
            Prefetch("voortzettingen", queryset=Opvolging.objects.select_related("voorganger")
                     .order_by("voorganger__code")),
            Prefetch("juridische_relaties", queryset=JuridischeRelatie.objects.filter(geldig_op_q(peildatum))
                     .select_related("instelling").order_by("instelling__code")),
            Prefetch("aangeboden_opleidingen", queryset=AangebodenOpleiding.objects.filter(geldig_op_q(peildatum))
                     .select_related("opleiding", "locatie").prefetch_related("kenmerken")),
            Prefetch("contactgegevens", queryset=contact, to_attr="openbaar_contact"),
            Prefetch("groep__contactgegevens", queryset=contact, to_attr="openbaar_contact"),
        )
    )
    return (
        Onderwijsbestuur.objects.filter(Exists(Onderwijsaanbieder.objects.filter(bestuur=OuterRef("pk"))
                                               .filter(geldig_op_q(peildatum))))
        .select_related("bevoegd_gezag").order_by("code")
        .prefetch_related(
            "perioden",
            Prefetch("aanbieders", queryset=aanbieders, to_attr="register_aanbieders"),
            Prefetch("locatiegebruiken", queryset=Onderwijslocatiegebruik.objects.prefetch_related(
                Prefetch("vestigingsrelaties", queryset=Vestigingsrelatie.objects.filter(geldig_op_q(peildatum))
                         .select_related("vestiging").order_by("vestiging__code")))),
            Prefetch("contactgegevens", queryset=contact, to_attr="openbaar_contact"),
        )
    )


def _rijen_van(aanbieder: Onderwijsaanbieder, peildatum: date, openbaar: tuple[str, ...],
               brin6_per_locatie: dict[int, list[str]]) -> Iterator[list[Any]]:
    bestuur = aanbieder.bestuur
    eenheden = [aanbieder, bestuur] + ([aanbieder.groep] if aanbieder.groep else [])
    boek = ContactBoek(c for e in eenheden for c in e.openbaar_contact if c.context in openbaar)
    algemeen = effectief_contact_via(aanbieder, "ALGEMEEN", boek.zoek).contact if "ALGEMEEN" in openbaar else None
    per_locatie: dict[int | None, list[AangebodenOpleiding]] = {}
    for ao in aanbieder.aangeboden_opleidingen.all():
        per_locatie.setdefault(ao.locatie_id, []).append(ao)
    kop = [bestuur.code, _naam(bestuur, peildatum), bestuur.bevoegd_gezag.nummer if bestuur.bevoegd_gezag else "",
           aanbieder.code, _naam(aanbieder, peildatum), aanbieder.begindatum,
           ", ".join(r.instelling.code for r in aanbieder.juridische_relaties.all())]
    staart = [algemeen.email, algemeen.telefoonnummer, algemeen.website] if algemeen else ["", "", ""]
    opvolging = getattr(aanbieder, "opvolging", None)
    staart += [", ".join(v.voorganger.code for v in aanbieder.voortzettingen.all()),
               opvolging.opvolger.code if opvolging else ""]
    if not per_locatie:
        yield kop + [""] * 9 + staart
    for opleidingen in sorted(per_locatie.values(), key=lambda aos: aos[0].locatie.code if aos[0].locatie else ""):
        loc = opleidingen[0].locatie
        plek = ([loc.code, ", ".join(brin6_per_locatie.get(loc.pk, [])), loc.straatnaam, loc.huisnummer,
                 loc.huisnummertoevoeging, loc.postcode, loc.plaatsnaam] if loc else [""] * 7)
        namen = sorted({ao.opleiding.naam for ao in opleidingen})
        groepen = sorted({d for ao in opleidingen for d in doelgroepen(ao, peildatum)})
        yield kop + plek + [" | ".join(namen), " | ".join(groepen)] + staart
