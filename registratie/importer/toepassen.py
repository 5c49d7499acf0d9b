"""Applying a read snapshot of DUO's open data to the erkenningen and their boards.

Why: in RIO the juridische werkelijkheid (bevoegd gezag, BRIN4, BRIN6) comes from DUO, never from the
board (rio-po.md §1.11); every bevoegd gezag gets its onderwijsbestuur (999B999), the way DUO creates
boards from erkenningen (§1.3). The records come from lezen.py; nothing here reads the file.

- ``importeer`` runs in one transaction and compares the snapshot with what is stored: new codes are
  created, differences (renames, moves, a BRIN4 under another bevoegd gezag) are updated, codes absent
  from the newer snapshot are closed per the day before the peildatum (einddatum is inclusive,
  docs/adr/0001). A second run of the same file changes nothing. Every change gets its own AuditRegel
  in the same transaction.
- Speed (issue #7): new rows (erkenningen, boards with their periods, audit entries) are written in bulk,
  on PostgreSQL with COPY (``services/bulk.py``), and the boards through the domain service's batch
  variant; the rule that decides what is written is the same as row by row. The COPYs run on a thread of their
  own (issue 19, docs/adr/0018), so the database stores one step while Python builds the next; the audit entries
  are written per step, which is why the missing boards are made right after the bevoegde gezagen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import attrgetter
from time import perf_counter
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone

from kern import geheugen
from kern.fouten import RegelFout
from kern.tijd import dag_voor
from registratie.importer.aanvullend import Besturenbestand, Leerlingenbestand
from registratie.importer.lezen import Bestand, Weigering, soort_van_instelling
from registratie.models import (
    NAAM_ONBEKEND,
    AuditRegel,
    BevoegdGezag,
    EerdereNaam,
    Instellingserkenning,
    JuridischeRelatie,
    Onderwijsbestuur,
    Vestigingserkenning,
    Vestigingsrelatie,
)
from registratie.services import audit, bulk
from registratie.services import organisatie as organisatie_services
from registratie.services.regels import datum

Actie = AuditRegel.Actie

DOOR = "importeer_duo_open_data"
# RIO for primary education went live on 1 August 2021: boards (and hence everything registered under
# them) exist in RIO from that day. DUO's file carries no dates, so on the very first import this is
# the only honest begindatum for a board; the erkenningen themselves get an unknown (NULL) begindatum.
RIO_PO_START = date(2021, 8, 1)

SOORTEN = ("bevoegd gezag", "BRIN4", "BRIN6", "onderwijsbestuur")
LEERLINGEN = "BRIN6 (leerlingen)"  # counts of BRIN6s that no vestigingen file of the run listed


@dataclass
class Telling:
    aangemaakt: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0
    beeindigd: int = 0
    geweigerd: int = 0


@dataclass
class Importresultaat:
    bestand: str
    formaat: str
    peildatum: date
    eerste_import: bool
    tellingen: dict[str, Telling] = field(default_factory=lambda: {s: Telling() for s in SOORTEN})
    weigeringen: list[Weigering] = field(default_factory=list)
    meldingen: list[str] = field(default_factory=list)
    duur: float = 0.0
    # Per file what it held (rows, rejected, schools/boards/vestigingen by kind), for the report.
    per_bestand: list[str] = field(default_factory=list)
    # Bevoegde gezagen by name source, after the import: "met naam van DUO" / "naam onbekend bij DUO".
    besturen_naam: dict[str, int] = field(default_factory=dict)


def toestand(obj: models.Model) -> dict[str, Any]:
    """An erkenning's state for the audit trail, as every audit entry takes it (erkenningen have no child rows)."""
    return audit.momentopname_van(obj, {})


def _toestand_tekst(obj: models.Model) -> bulk.JsonTekst:
    """``toestand`` as the JSON text the audit entry stores: the import only writes it (13,000 of them), so no
    dict is made for the encoder to read again."""
    return audit.momentopname_json(obj)


@dataclass
class _Notitie:
    actie: str
    obj: models.Model
    bevoegd_gezag: str
    omschrijving: str
    ingangsdatum: date | None
    voor: audit.Momentopname | bulk.JsonTekst | None
    na: audit.Momentopname | bulk.JsonTekst | None  # None: an object made in this step, snapshot when written


class Auditboek:
    """Collects the audit entries of one import and writes them in bulk, each step's as the step ends.

    Not before the boards are made: an entry names the board whose trail shows it (its bestuurcode), also for a
    bevoegd gezag whose board this same import creates. The codes come from the step that made the boards
    (``ken_bestuurcodes``); without it they are read at the first write.
    """

    def __init__(self) -> None:
        self._notities: list[_Notitie] = []
        self._bestuurcodes: dict[str, str] | None = None  # bevoegd-gezagnummer -> its board's code

    def ken_bestuurcodes(self, codes: dict[str, str]) -> None:
        """The code of every bevoegd gezag's board, as the caller knows them after making the missing boards: the
        next write need not read them (a query that would wait for the rows queued before it)."""
        self._bestuurcodes = codes

    def noteer(self, actie: str, obj: models.Model, *, bevoegd_gezag: str,
               voor: audit.Momentopname | bulk.JsonTekst | None, omschrijving: str, ingangsdatum: date | None,
               na: audit.Momentopname | bulk.JsonTekst | None = None) -> None:
        self._notities.append(_Notitie(actie, obj, bevoegd_gezag, omschrijving, ingangsdatum, voor,
                                       _toestand_tekst(obj) if na is None else na))

    def noteer_nieuw(self, obj: models.Model, *, bevoegd_gezag: str, omschrijving: str,
                     ingangsdatum: date | None) -> None:
        """An object made in this step: its snapshot is taken when the step's entries are written (``schrijf``),
        after its row went to the database, so that PostgreSQL stores the rows while Python makes the snapshots.
        The step must not change the object after noting it."""
        self._notities.append(_Notitie(Actie.AANGEMAAKT, obj, bevoegd_gezag, omschrijving, ingangsdatum, None, None))

    def schrijf(self) -> None:
        """Write the entries noted since the last write."""
        if not self._notities:
            return
        if self._bestuurcodes is None:
            self._bestuurcodes = dict(Onderwijsbestuur.objects.filter(bevoegd_gezag__isnull=False)
                                      .values_list("bevoegd_gezag__nummer", "code"))
        bestuurcodes = self._bestuurcodes
        bulk.schrijf_waarden(AuditRegel, [
            audit.regelwaarden(door=DOOR, actie=n.actie, obj=n.obj, bestuurcode=bestuurcodes.get(n.bevoegd_gezag, ""),
                               omschrijving=n.omschrijving, voor=n.voor,
                               na=_toestand_tekst(n.obj) if n.na is None else n.na, ingangsdatum=n.ingangsdatum)
            for n in self._notities
        ])
        self._notities = []


def _is_beeindigd(obj: models.Model, peildatum: date) -> bool:
    return obj.einddatum is not None and obj.einddatum < peildatum


def _verschillen(obj: models.Model, waarden: dict[str, Any]) -> list[str]:
    """Fields whose stored value differs; a foreign key compares by id so no query is needed."""
    anders = []
    for naam, waarde in waarden.items():
        if isinstance(waarde, models.Model):
            if getattr(obj, f"{naam}_id") != waarde.pk:
                anders.append(naam)
        elif getattr(obj, naam) != waarde:
            anders.append(naam)
    return anders


@dataclass
class _Toepassing:
    """The context every step of one import needs."""

    peildatum: date
    eerste_import: bool
    boek: Auditboek
    resultaat: Importresultaat
    hernoemd: list[BevoegdGezag] = field(default_factory=list)  # changed bevoegde gezagen: their boards follow

    @property
    def begindatum_nieuw(self) -> date | None:
        """Unknown on the first import (DUO's file has no dates); else the snapshot's date."""
        return None if self.eerste_import else self.peildatum

    @cached_property
    def per(self) -> str:
        """"peildatum 1 augustus 2026" for the omschrijving of every audit entry: formatted once per import."""
        return f"peildatum {datum(self.peildatum)}"

    @property
    def einddatum_weg(self) -> date:
        """Absent from the snapshot of the peildatum: its last valid day is the day before."""
        return dag_voor(self.peildatum)


def _pas_erkenningen_toe(ctx: _Toepassing, soort: str, model: type[models.Model], bestaand: dict[str, Any],
                         gewenst: dict[str, dict[str, Any]], gezag_van: Callable[[str], str],
                         aanmaakwaarden: Callable[[str], dict[str, Any]] = lambda _code: {},
                         heropenen: bool = True, sleutels: Iterable[int] = (),
                         boek_per_blok: bool = False) -> list[Any]:
    """Create what is new, update what differs (and reopen what was closed), leave the rest alone; returns
    the objects that changed.

    The new objects are added to ``bestaand`` with their ids (bulk.schrijf_nieuw sets them), so the next
    step can refer to them without reading the table again. ``heropenen=False`` for a supplementary file
    (names, pupils): it describes erkenningen, it does not say they exist, so it never reopens one.

    ``sleutels``: keys reserved for the new objects (``bulk.reserveer_sleutels``), in code order. With them, the new
    objects are written a block at a time as they are made, and with ``boek_per_blok`` their audit entries too:
    PostgreSQL stores one block while Python makes the next (bulk.op_de_achtergrond), instead of idling until a
    step's objects are all made and then storing all their entries after Python is done (bench/README.md).
    Only where every entry's board exists already (not in the step of the bevoegde gezagen).
    """
    sleutel, pk_naam = iter(sleutels), model._meta.pk.name
    blok: list[models.Model] = []  # new objects with a reserved key, not yet written
    telling = ctx.resultaat.tellingen[soort]
    sleutelveld = "nummer" if model is BevoegdGezag else "code"
    nu = timezone.now()
    nieuw: list[models.Model] = []
    gewijzigd: list[models.Model] = []
    gewijzigde_velden: set[str] = set()
    begindatum = ctx.begindatum_nieuw  # the same for every new row: asked once, not twice per row
    per = _per(ctx)
    for code in sorted(gewenst):
        waarden = gewenst[code]
        obj = bestaand.get(code)
        if obj is None:
            # A dict display, not dict(**...): keyword unpacking checks and copies every key again (0.7 us a row).
            # The callers give no field twice (the file's values would win).
            # Without a reserved key (None) schrijf_nieuw takes one when it writes the rest, at the end.
            pk = next(sleutel, None)
            obj = bulk.nieuw_object(model, {pk_naam: pk, sleutelveld: code, "begindatum": begindatum,
                                            **aanmaakwaarden(code), **waarden})
            nieuw.append(obj)
            telling.aangemaakt += 1
            ctx.boek.noteer_nieuw(obj, bevoegd_gezag=gezag_van(code), ingangsdatum=begindatum,
                                  omschrijving=f"{soort} {code} aangemaakt uit DUO open data ({per})")
            if pk is not None:
                blok.append(obj)
                if len(blok) == bulk.BLOK:
                    bulk.schrijf_nieuw(blok)
                    blok = []
                    if boek_per_blok:
                        ctx.boek.schrijf()
            continue
        anders = _verschillen(obj, waarden)
        heropend = heropenen and _is_beeindigd(obj, ctx.peildatum)
        if not anders and not heropend:
            telling.ongewijzigd += 1
            continue
        voor = _toestand_tekst(obj)
        for naam in anders:
            setattr(obj, naam, waarden[naam])
        if heropend:
            obj.einddatum = None
            anders.append("einddatum")
        obj.bijgewerkt_op = nu
        gewijzigd.append(obj)
        gewijzigde_velden.update(anders)
        telling.gewijzigd += 1
        wat = "heropend" if heropend else "gewijzigd"
        ctx.boek.noteer(Actie.GEWIJZIGD, obj, bevoegd_gezag=gezag_van(code), voor=voor,
                        ingangsdatum=ctx.peildatum,
                        omschrijving=f"{soort} {code} {wat} ({', '.join(sorted(anders))}) uit DUO open "
                                     f"data ({_per(ctx)})")
    bulk.schrijf_nieuw([obj for obj in nieuw if obj._state.adding])
    bestaand.update(zip(map(attrgetter(sleutelveld), nieuw), nieuw, strict=True))
    if gewijzigd:
        werk_bij(model, gewijzigd, [*sorted(gewijzigde_velden), "bijgewerkt_op"])
    return gewijzigd


def werk_bij(model: type[models.Model], objecten: list[models.Model], veldnamen: list[str]) -> None:
    """Write the given fields of many rows with one prepared UPDATE run through executemany.

    Why not bulk_update: it builds a CASE WHEN expression per row and field, whose cost grows with the rows
    times the fields; an import that renames thousands of vestigingen spent most of its time there
    (bench/README.md, importer).
    Table and column names come from the model's meta, the values are parameters.
    """
    if not objecten:
        return
    verbinding = connections[router.db_for_write(model)]
    naam = verbinding.ops.quote_name
    velden = [model._meta.get_field(v) for v in veldnamen]
    toewijzingen = ", ".join(f"{naam(v.column)} = %s" for v in velden)
    sql = (f"UPDATE {naam(model._meta.db_table)} SET {toewijzingen} "  # noqa: S608 - names from model meta
           f"WHERE {naam(model._meta.pk.column)} = %s")
    parameters = [[v.get_db_prep_save(getattr(obj, v.attname), verbinding) for v in velden] + [obj.pk]
                  for obj in objecten]
    with verbinding.cursor() as cursor:
        cursor.executemany(sql, parameters)


def _per(ctx: _Toepassing) -> str:
    return ctx.per


def _door_importer_aangemaakt(model: type[models.Model]) -> set[str]:
    """Codes this importer created (its audit entries say so).

    Only those are closed when absent: the file lists basisonderwijs only, so an erkenning that came
    from elsewhere (a future SO/VSO file, or entered by a functioneel beheerder) is not "gone".
    """
    return set(AuditRegel.objects.filter(gebruikersnaam=DOOR, actie=Actie.AANGEMAAKT,
                                         objecttype=str(model._meta.verbose_name))
               .values_list("objectcode", flat=True))


def _sluit_verdwenen(ctx: _Toepassing, soort: str, model: type[models.Model], bestaand: dict[str, Any],
                     aanwezig: Iterable[str], beschermd: set[str], eigen: set[str],
                     gezag_van: Callable[[Any], str], binnen_bereik: Callable[[Any], bool]) -> list[Any]:
    """Close (einddatum = day before the peildatum) what the importer created (``eigen``) and the snapshot lacks.

    ``binnen_bereik``: only what the file speaks for can be gone from it; the basisonderwijs file says nothing
    about a special school, nor about a board that has only special schools.
    """
    telling = ctx.resultaat.tellingen[soort]
    aanwezig = set(aanwezig)
    nu = timezone.now()
    gesloten = []
    for code in sorted(bestaand):
        obj = bestaand[code]
        if code in aanwezig or code in beschermd or code not in eigen or not binnen_bereik(obj):
            continue
        if obj.einddatum is not None and obj.einddatum <= ctx.einddatum_weg:
            continue
        voor = _toestand_tekst(obj)
        # An erkenning that only began on this very peildatum ends on its first day, never before it.
        obj.einddatum = max(ctx.einddatum_weg, obj.begindatum) if obj.begindatum else ctx.einddatum_weg
        obj.bijgewerkt_op = nu
        gesloten.append(obj)
        telling.beeindigd += 1
        ctx.boek.noteer(Actie.BEEINDIGD, obj, bevoegd_gezag=gezag_van(obj), voor=voor,
                        ingangsdatum=obj.einddatum,
                        omschrijving=f"{soort} {code} beëindigd per {datum(obj.einddatum)}: niet meer in "
                                     f"DUO open data ({_per(ctx)})")
    werk_bij(model, gesloten, ["einddatum", "bijgewerkt_op"])
    return gesloten


@dataclass(frozen=True)
class _Besturen:
    """The boards of bevoegde gezagen as they were before this import wrote anything (``_lees_besturen``)."""

    einddatum: dict[int, date | None]  # bevoegd gezag's id -> its board's einddatum
    code: dict[str, str]  # bevoegd-gezagnummer -> its board's code


def _lees_besturen() -> _Besturen:
    """Read before the first row is queued: a query afterwards waits for every row queued before it
    (bulk.op_de_achtergrond), and this import's new bevoegde gezagen have no board yet anyway."""
    rijen = list(Onderwijsbestuur.objects.filter(bevoegd_gezag__isnull=False)
                 .values_list("bevoegd_gezag_id", "bevoegd_gezag__nummer", "code", "einddatum"))
    return _Besturen({pk: einddatum for pk, _, _, einddatum in rijen}, {nummer: code for _, nummer, code, _ in rijen})


def _maak_besturen(ctx: _Toepassing, gezagen: Iterable[BevoegdGezag], besturen: _Besturen) -> None:
    """One onderwijsbestuur per bevoegd gezag in the file, only through the domain service, never two.

    The missing ones go to the service in one batch, in order of bevoegd-gezagnummer, so they get their
    codes in that order. ``besturen``: the boards before this import; the audit book learns the new ones' codes.
    """
    telling = ctx.resultaat.tellingen["onderwijsbestuur"]
    met_bestuur = besturen.einddatum
    begindatum = RIO_PO_START if ctx.eerste_import else max(ctx.peildatum, RIO_PO_START)
    zonder_bestuur: list[BevoegdGezag] = []
    for gezag in sorted(gezagen, key=lambda g: g.nummer):
        if gezag.pk not in met_bestuur:
            zonder_bestuur.append(gezag)
            continue
        telling.ongewijzigd += 1
        if met_bestuur[gezag.pk] is not None and met_bestuur[gezag.pk] < ctx.peildatum:
            ctx.resultaat.meldingen.append(
                f"Bevoegd gezag {gezag.nummer} staat weer in het bestand, maar zijn onderwijsbestuur is "
                f"beëindigd per {datum(met_bestuur[gezag.pk])}. Een bestuur heropenen kan alleen een "
                "functioneel beheerder.")
    nieuw = organisatie_services.maak_besturen_voor_bevoegde_gezagen(zonder_bestuur, begindatum, door=DOOR)
    ctx.boek.ken_bestuurcodes({**besturen.code, **{b.bevoegd_gezag.nummer: b.code for b in nieuw}})
    telling.aangemaakt += len(zonder_bestuur)


def _beeindig_besturen(ctx: _Toepassing, gezagen: list[BevoegdGezag]) -> None:
    """Rule 14: a vanished bevoegd gezag's board ends only when it has no active aanbieders; else report."""
    telling = ctx.resultaat.tellingen["onderwijsbestuur"]
    for bestuur in Onderwijsbestuur.objects.filter(bevoegd_gezag__in=gezagen).select_related("bevoegd_gezag"):
        einddatum = bestuur.bevoegd_gezag.einddatum
        if bestuur.einddatum is not None and bestuur.einddatum <= einddatum:
            continue
        if bestuur.begindatum > einddatum:
            telling.geweigerd += 1
            ctx.resultaat.meldingen.append(
                f"{_bestuur_tekst(bestuur)} is niet beëindigd: pas op {datum(bestuur.begindatum)}, na de einddatum "
                f"{datum(einddatum)}.")
            continue
        try:
            # DUO records the closure after the fact, so the portal's 'not in the past' rule does not apply.
            organisatie_services.beeindig_bestuur(bestuur, door=DOOR, einddatum=einddatum, vanuit_erkenning=True)
        except RegelFout as fout:
            telling.geweigerd += 1
            ctx.resultaat.meldingen.append(f"{_bestuur_tekst(bestuur)} is niet beëindigd: {' '.join(fout.messages)}")
        else:
            telling.beeindigd += 1


def _bestuur_tekst(bestuur: Onderwijsbestuur) -> str:
    return f"Onderwijsbestuur {bestuur.code} (bevoegd gezag {bestuur.bevoegd_gezag.nummer})"


def _meld_losse_koppelingen(ctx: _Toepassing, verhuisd: set[str], gesloten_instellingen: list[Any],
                            gesloten_vestigingen: list[Any]) -> None:
    """Tell the reader where the board's own registration now points at a changed erkenning.

    The importer does not touch aanbieders or locaties (that is the board's side); it only reports.
    """
    einde = ctx.einddatum_weg
    lopend = JuridischeRelatie.objects.exclude(einddatum__lte=einde).select_related("aanbieder__bestuur",
                                                                                     "instelling")
    gesloten4 = [i.code for i in gesloten_instellingen]
    for relatie in lopend.filter(instelling__code__in=gesloten4):
        ctx.resultaat.meldingen.append(
            f"BRIN4 {relatie.instelling.code} is beëindigd per {datum(relatie.instelling.einddatum)}, maar "
            f"{_aanbieder_tekst(relatie)} heeft er nog een lopende juridische relatie mee.")
    for relatie in lopend.filter(instelling__code__in=verhuisd):
        if relatie.aanbieder.bestuur.bevoegd_gezag_id != relatie.instelling.bevoegd_gezag_id:
            ctx.resultaat.meldingen.append(
                f"BRIN4 {relatie.instelling.code} hoort nu bij een ander bevoegd gezag, maar "
                f"{_aanbieder_tekst(relatie)} heeft er nog een lopende juridische relatie mee.")
    gesloten6 = [v.code for v in gesloten_vestigingen]
    gekoppeld = (Vestigingsrelatie.objects.exclude(einddatum__lte=einde).filter(vestiging__code__in=gesloten6)
                 .select_related("gebruik__bestuur", "gebruik__locatie", "vestiging"))
    for relatie in gekoppeld:
        ctx.resultaat.meldingen.append(
            f"BRIN6 {relatie.vestiging.code} is beëindigd per {datum(relatie.vestiging.einddatum)}, maar "
            f"locatiegebruik {relatie.gebruik.code} is er nog aan gekoppeld.")


def _aanbieder_tekst(relatie: JuridischeRelatie) -> str:
    return f"aanbieder {relatie.aanbieder.code} (bestuur {relatie.aanbieder.bestuur.code})"


def _is_open(obj: models.Model, peildatum: date) -> bool:
    return obj.einddatum is None or obj.einddatum >= peildatum


def _soort_binnen(bereik: frozenset[str]) -> Callable[[Instellingserkenning], bool]:
    """An erkenning without a soort came from a basisonderwijs file before soorten were kept: BAO."""
    return lambda instelling: (instelling.soort or Instellingserkenning.Soort.BAO) in bereik


def _gezagwaarden(gezag: BevoegdGezag | None, besturen: Besturenbestand | None) -> dict[str, Any]:
    """Name and KvK number from DUO's board list; a board it lacks is 'naam onbekend bij DUO', never invented.

    A real name already stored is kept when the list no longer has the board (the list is silent, not saying
    the name is wrong); a placeholder of an earlier version ('Bevoegd gezag NNNNN') becomes the honest one.
    """
    if besturen is not None and gezag is not None and gezag.nummer in besturen.besturen:
        bekend = besturen.besturen[gezag.nummer]
        return {"naam": bekend.naam, "kvk_nummer": bekend.kvk_nummer}
    if gezag is not None and organisatie_services.is_plaatsvervangende_naam(gezag.naam) \
            and gezag.naam != NAAM_ONBEKEND:
        return {"naam": NAAM_ONBEKEND}
    return {}


def _pas_eerdere_namen_toe(ctx: _Toepassing, gezagen: dict[str, BevoegdGezag], besturen: Besturenbestand) -> None:
    """The older names of DUO's list (RIO's, undated) as the bevoegd gezag's name history; each added or
    removed name is an audit entry on the board's history. Only for boards in the register and in the list."""
    telling = ctx.resultaat.tellingen.setdefault("eerdere naam", Telling())
    bestaand: dict[tuple[int, str], EerdereNaam] = {
        (n.bevoegd_gezag_id, n.naam): n
        for n in EerdereNaam.objects.filter(bevoegd_gezag__in=[g.pk for g in gezagen.values()])
        .select_related("bevoegd_gezag")}
    gewenst: dict[tuple[int, str], BevoegdGezag] = {
        (gezag.pk, naam): gezag
        for nummer, gezag in gezagen.items() if nummer in besturen.besturen
        for naam in besturen.besturen[nummer].eerdere_namen}
    nieuw = []
    for (_pk, naam), gezag in sorted(gewenst.items(), key=lambda x: (x[1].nummer, x[0][1])):
        if (gezag.pk, naam) in bestaand:
            telling.ongewijzigd += 1
            continue
        obj = EerdereNaam(bevoegd_gezag=gezag, naam=naam)
        nieuw.append(obj)
        telling.aangemaakt += 1
        ctx.boek.noteer(Actie.AANGEMAAKT, obj, bevoegd_gezag=gezag.nummer, voor=None, ingangsdatum=None,
                        omschrijving=f"Eerdere naam '{naam[:120]}' van bevoegd gezag {gezag.nummer} uit DUO's "
                                     f"besturenlijst ({_per(ctx)})")
    weg = [obj for sleutel, obj in bestaand.items() if sleutel not in gewenst
           and obj.bevoegd_gezag.nummer in besturen.besturen]
    for obj in weg:
        telling.beeindigd += 1
        ctx.boek.noteer(Actie.VERWIJDERD, obj, bevoegd_gezag=obj.bevoegd_gezag.nummer, voor=_toestand_tekst(obj), na={},
                        ingangsdatum=ctx.peildatum,
                        omschrijving=f"Eerdere naam '{obj.naam[:120]}' van bevoegd gezag {obj.bevoegd_gezag.nummer} "
                                     f"staat niet meer in DUO's besturenlijst ({_per(ctx)})")
    bulk.schrijf_nieuw(nieuw)
    EerdereNaam.objects.filter(pk__in=[obj.pk for obj in weg]).delete()


def _wijkt_af_van_duo(bestuur: Onderwijsbestuur, peildatum: date) -> bool:
    """Does the board's name or KvK number differ from its bevoegd gezag's (decided on prefetched rows)?"""
    gezag = bestuur.bevoegd_gezag
    assert gezag is not None
    naam = gezag.naam[:80]
    if gezag.kvk_nummer and bestuur.kvk_nummer != gezag.kvk_nummer:
        return True
    perioden = bestuur.perioden_geladen()
    if any(organisatie_services.is_plaatsvervangende_naam(p.naam) and p.naam != naam for p in perioden):
        return True
    huidige = bestuur.huidige_periode(max(peildatum, bestuur.begindatum))
    return gezag.naam_bekend and huidige is not None and huidige.naam != naam


def _neem_bestuursnamen_over(ctx: _Toepassing, gezagen: Iterable[BevoegdGezag]) -> None:
    """Boards whose bevoegd gezag got another name or KvK number in this run take it over (domain service,
    audited). A first import (its boards are made with DUO's name) and a rerun have none, so query nothing;
    corrections of placeholder names are written in bulk, only a real rename costs queries of its own.
    """
    pks = [g.pk for g in gezagen if g.pk]
    if not pks:
        return
    besturen = (Onderwijsbestuur.objects.filter(bevoegd_gezag__in=pks, einddatum__isnull=True)
                .select_related("bevoegd_gezag").prefetch_related("perioden").order_by("code"))
    afwijkend = [b for b in besturen if _wijkt_af_van_duo(b, ctx.peildatum)]
    if not afwijkend:
        return
    telling = ctx.resultaat.tellingen.setdefault("bestuursnaam", Telling())
    hernoemen = organisatie_services.corrigeer_duo_gegevens(afwijkend, door=DOOR, per=ctx.peildatum)
    telling.gewijzigd += len(afwijkend) - len(hernoemen)
    for bestuur in hernoemen:  # a real new name: a new period from the peildatum, one board at a time (rare)
        if organisatie_services.neem_gegevens_van_duo_over(bestuur, door=DOOR, per=ctx.peildatum):
            telling.gewijzigd += 1


def _tel_bestuursnamen(resultaat: Importresultaat) -> None:
    open_gezagen = BevoegdGezag.objects.filter(einddatum__isnull=True)
    onbekend = open_gezagen.filter(naam=NAAM_ONBEKEND).count()
    resultaat.besturen_naam = {"met naam van DUO": open_gezagen.count() - onbekend,
                               "naam onbekend bij DUO": onbekend}


@transaction.atomic
def importeer(bestand: Bestand | None, peildatum: date, *, besturen: Besturenbestand | None = None,
              leerlingen: Leerlingenbestand | None = None) -> Importresultaat:
    """Apply a snapshot as of peildatum: all or nothing, rejected rows skipped and reported.

    ``bestand``: the vestigingen file(s) (basisonderwijs and/or special schools), or None to apply only the
    supplementary files: ``besturen`` (names, KvK numbers, older names) and ``leerlingen`` (latest count per
    BRIN6, and the soort of a BRIN4 where the vestigingen files gave none).

    PostgreSQL stores each step's rows while Python builds the next step (bulk.op_de_achtergrond, docs/adr/0018).
    The import keeps every object it makes until it is done, so the cyclic garbage collector is paused (it would
    go through them and through Django's own objects again and again, and free nothing: kern.geheugen).
    """
    with geheugen.zonder_automatische_opruiming(), bulk.op_de_achtergrond():
        return _importeer(bestand, peildatum, besturen, leerlingen)


def _importeer(bestand: Bestand | None, peildatum: date, besturen: Besturenbestand | None,
               leerlingen: Leerlingenbestand | None) -> Importresultaat:
    start = perf_counter()
    eerste_import = not (BevoegdGezag.objects.exists() or Instellingserkenning.objects.exists()
                         or Vestigingserkenning.objects.exists())
    weigeringen = [*(bestand.weigeringen if bestand else []), *(besturen.weigeringen if besturen else []),
                   *(leerlingen.weigeringen if leerlingen else [])]
    resultaat = Importresultaat(bestand.naam if bestand else "", bestand.formaat if bestand else "-", peildatum,
                                eerste_import, weigeringen=weigeringen)
    ctx = _Toepassing(peildatum, eerste_import, Auditboek(), resultaat)
    gezagen = {g.nummer: g for g in BevoegdGezag.objects.all()}
    instellingen = {i.code: i for i in Instellingserkenning.objects.select_related("bevoegd_gezag")}
    vestigingen = {v.code: v for v in Vestigingserkenning.objects.select_related("instelling__bevoegd_gezag")}
    if bestand is not None:
        _pas_vestigingen_toe(ctx, bestand, gezagen, instellingen, vestigingen, besturen, leerlingen)
    else:
        for soort in SOORTEN:
            del resultaat.tellingen[soort]
    if besturen is not None:
        # Boards of the register that this run's vestigingen files did not list: names only, never reopened.
        in_bestand = bestand.bevoegde_gezagen() if bestand else set()
        buiten = {n: g for n, g in gezagen.items() if n not in in_bestand}
        resultaat.tellingen.setdefault("bevoegd gezag", Telling())
        ctx.hernoemd += _pas_erkenningen_toe(ctx, "bevoegd gezag", BevoegdGezag, buiten,
                             {n: _gezagwaarden(g, besturen) for n, g in buiten.items()},
                             gezag_van=lambda nummer: nummer, heropenen=False)
        _pas_eerdere_namen_toe(ctx, gezagen, besturen)
    _neem_bestuursnamen_over(ctx, ctx.hernoemd)
    if leerlingen is not None:
        al_gedaan = set(bestand.vestigingen()) if bestand else set()
        _pas_leerlingen_toe(ctx, leerlingen, instellingen, vestigingen, al_gedaan)
    ctx.boek.schrijf()
    _tel_bestuursnamen(resultaat)
    resultaat.duur = perf_counter() - start
    return resultaat


def _leerlingwaarden(leerlingen: Leerlingenbestand | None, code: str) -> dict[str, Any]:
    if leerlingen is None:
        return {}
    telling = leerlingen.tellingen.get(code)
    return {"leerlingen": telling.aantal if telling else "", "leerlingen_jaar": telling.jaar if telling else None}


def _pas_leerlingen_toe(ctx: _Toepassing, leerlingen: Leerlingenbestand, instellingen: dict[str, Any],
                        vestigingen: dict[str, Any], al_gedaan: set[str]) -> None:
    """The latest counts of the BRIN6s that this run's vestigingen files did not list (those got theirs with
    the rest of the BRIN6), and the pupils file's kind of school where no other file gave a soort."""
    overige = {code: v for code, v in vestigingen.items() if code not in al_gedaan}
    if overige:
        ctx.resultaat.tellingen.setdefault(LEERLINGEN, Telling())
        _pas_erkenningen_toe(ctx, LEERLINGEN, Vestigingserkenning, overige,
                             {code: _leerlingwaarden(leerlingen, code) for code in overige},
                             gezag_van=lambda code: overige[code].instelling.bevoegd_gezag.nummer,
                             heropenen=False)
    soorten: dict[str, set[str]] = {}
    for code, telling in leerlingen.tellingen.items():
        soorten.setdefault(code[:4], set()).add(telling.soort)
    zonder_soort = {code: i for code, i in instellingen.items() if not i.soort and code in soorten}
    if zonder_soort:
        ctx.resultaat.tellingen.setdefault("BRIN4", Telling())
        _pas_erkenningen_toe(
            ctx, "BRIN4", Instellingserkenning, zonder_soort,
            {code: {"soort": soort_van_instelling(soorten[code], next(iter(sorted(soorten[code]))))}
             for code in zonder_soort},
            gezag_van=lambda code: zonder_soort[code].bevoegd_gezag.nummer, heropenen=False)


def _pas_vestigingen_toe(ctx: _Toepassing, bestand: Bestand, gezagen: dict[str, Any], instellingen: dict[str, Any],
                         vestigingen: dict[str, Any], besturen: Besturenbestand | None,
                         leerlingen: Leerlingenbestand | None) -> None:
    """The erkenningen of the vestigingen file(s): create, update, reopen, close; then the boards (rule 14)."""
    resultaat = ctx.resultaat
    resultaat.tellingen["BRIN6"].geweigerd = len(bestand.weigeringen)
    beschermd = bestand.beschermde_codes()
    # What earlier imports created, read before this one writes anything (its own new codes are in the file).
    eigen = {model: _door_importer_aangemaakt(model)
             for model in (BevoegdGezag, Instellingserkenning, Vestigingserkenning)}
    besturen_voor = _lees_besturen()
    in_bestand = bestand.bevoegde_gezagen()
    instellingen_bestand = bestand.instellingen()
    vestigingen_bestand = bestand.vestigingen()
    # The keys of every new erkenning, taken before anything is queued: their writes then need no query, which
    # would wait for the rows queued before it (bulk.reserveer_sleutels).
    sleutels = {model: bulk.reserveer_sleutels(model, len(uit_bestand.keys() - bestaand.keys()))
                for model, uit_bestand, bestaand in ((BevoegdGezag, dict.fromkeys(in_bestand), gezagen),
                                                     (Instellingserkenning, instellingen_bestand, instellingen),
                                                     (Vestigingserkenning, vestigingen_bestand, vestigingen))}

    # 1. Bevoegde gezagen: name and KvK number from DUO's board list when it came along; a new one it lacks
    #    is "naam onbekend bij DUO". Without the list an existing name is never overwritten.
    ctx.hernoemd += _pas_erkenningen_toe(ctx, "bevoegd gezag", BevoegdGezag, gezagen,
                         {n: _gezagwaarden(gezagen.get(n) or BevoegdGezag(nummer=n, naam=NAAM_ONBEKEND), besturen)
                          for n in in_bestand},
                         gezag_van=lambda nummer: nummer,
                         aanmaakwaarden=lambda nummer: {} if besturen and nummer in besturen.besturen
                         else {"naam": NAAM_ONBEKEND}, sleutels=sleutels[BevoegdGezag])
    # The missing boards now, so that every entry from here on knows its board and is written as its step ends:
    # the database stores them while the next step is built (bulk.op_de_achtergrond).
    _maak_besturen(ctx, [gezagen[n] for n in in_bestand], besturen_voor)
    ctx.boek.schrijf()

    # 2. BRIN4: name, denominatie, soort and cluster; a move to another bevoegd gezag is an update.
    #    The basisonderwijs files list basisscholen (BAO), the special-school file gives SBO, SO, VSO, (V)SO:
    #    that is what lets registration refuse an offer that does not fit (registratie.services.plausibel).
    verhuisd = {code for code, gegevens in instellingen_bestand.items()
                if code in instellingen and instellingen[code].bevoegd_gezag.nummer != gegevens.bevoegd_gezag}
    _pas_erkenningen_toe(
        ctx, "BRIN4", Instellingserkenning, instellingen,
        {code: {"naam": g.naam, "bevoegd_gezag": gezagen[g.bevoegd_gezag], "denominatie": g.denominatie,
                "soort": g.soort, "cluster": g.cluster}
         for code, g in instellingen_bestand.items()},
        gezag_van=lambda code: instellingen_bestand[code].bevoegd_gezag, sleutels=sleutels[Instellingserkenning],
        boek_per_blok=True)
    ctx.boek.schrijf()

    # 3. BRIN6: names, addresses, phone and website (and the latest pupil count when that file came along).
    _pas_erkenningen_toe(
        ctx, "BRIN6", Vestigingserkenning, vestigingen,
        {code: {"instelling": instellingen[r.instellingscode], **r.vestigingswaarden(),
                **_leerlingwaarden(leerlingen, code)}
         for code, r in vestigingen_bestand.items()},
        gezag_van=lambda code: vestigingen_bestand[code].bevoegd_gezag, sleutels=sleutels[Vestigingserkenning],
        boek_per_blok=True)
    ctx.boek.schrijf()

    # 4. Closures: what the importer created earlier, the file speaks for and no longer lists. A bevoegd
    #    gezag is gone only when none of its schools is left (it may hold schools of another file's kind).
    binnen = _soort_binnen(bestand.bereik)
    instelling_op_pk = {i.pk: i for i in instellingen.values()}
    gesloten6 = _sluit_verdwenen(ctx, "BRIN6", Vestigingserkenning, vestigingen, vestigingen_bestand,
                                 beschermd, eigen[Vestigingserkenning],
                                 gezag_van=lambda v: v.instelling.bevoegd_gezag.nummer,
                                 binnen_bereik=lambda v: binnen(instelling_op_pk[v.instelling_id]))
    gesloten4 = _sluit_verdwenen(ctx, "BRIN4", Instellingserkenning, instellingen, instellingen_bestand,
                                 beschermd, eigen[Instellingserkenning],
                                 gezag_van=lambda i: i.bevoegd_gezag.nummer, binnen_bereik=binnen)
    met_scholen = {i.bevoegd_gezag_id for i in instellingen.values() if _is_open(i, ctx.peildatum)}
    gesloten_gezagen = _sluit_verdwenen(ctx, "bevoegd gezag", BevoegdGezag, gezagen, in_bestand, beschermd,
                                        eigen[BevoegdGezag], gezag_van=lambda g: g.nummer,
                                        binnen_bereik=lambda g: g.pk not in met_scholen)

    # 5. Boards (the missing ones were made after step 1): end those of vanished bevoegde gezagen (rule 14).
    _beeindig_besturen(ctx, gesloten_gezagen)
    _meld_losse_koppelingen(ctx, verhuisd, gesloten4, gesloten6)
