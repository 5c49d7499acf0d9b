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
  variant; the rule that decides what is written is the same as row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from time import perf_counter
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone

from kern.fouten import RegelFout
from kern.tijd import dag_voor
from registratie.importer.lezen import Bestand, Weigering
from registratie.models import (
    AuditRegel,
    BevoegdGezag,
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


def toestand(obj: models.Model) -> dict[str, Any]:
    """An erkenning's state for the audit trail, as every audit entry takes it (erkenningen have no child rows)."""
    return audit.momentopname_van(obj, {})


@dataclass
class _Notitie:
    actie: str
    obj: models.Model
    bevoegd_gezag: str
    omschrijving: str
    ingangsdatum: date | None
    voor: dict[str, Any] | None
    na: dict[str, Any]


class Auditboek:
    """Collects the audit entries of one import and writes them in one bulk write at the end.

    They are written last so that the bestuurcode (the board whose trail shows the entry) is known
    even for a bevoegd gezag whose board this same import creates.
    """

    def __init__(self) -> None:
        self._notities: list[_Notitie] = []

    def noteer(self, actie: str, obj: models.Model, *, bevoegd_gezag: str, voor: dict[str, Any] | None,
               omschrijving: str, ingangsdatum: date | None) -> None:
        self._notities.append(_Notitie(actie, obj, bevoegd_gezag, omschrijving, ingangsdatum, voor, toestand(obj)))

    def schrijf(self) -> int:
        bestuurcodes = dict(Onderwijsbestuur.objects.filter(bevoegd_gezag__isnull=False)
                            .values_list("bevoegd_gezag__nummer", "code"))
        bulk.schrijf_nieuw([
            audit.nieuwe_regel(door=DOOR, actie=n.actie, obj=n.obj, bestuurcode=bestuurcodes.get(n.bevoegd_gezag, ""),
                               omschrijving=n.omschrijving, voor=n.voor, na=n.na, ingangsdatum=n.ingangsdatum)
            for n in self._notities
        ])
        return len(self._notities)


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

    @property
    def begindatum_nieuw(self) -> date | None:
        """Unknown on the first import (DUO's file has no dates); else the snapshot's date."""
        return None if self.eerste_import else self.peildatum

    @property
    def einddatum_weg(self) -> date:
        """Absent from the snapshot of the peildatum: its last valid day is the day before."""
        return dag_voor(self.peildatum)


def _pas_erkenningen_toe(ctx: _Toepassing, soort: str, model: type[models.Model], bestaand: dict[str, Any],
                         gewenst: dict[str, dict[str, Any]], gezag_van: Callable[[str], str],
                         aanmaakwaarden: Callable[[str], dict[str, Any]] = lambda _code: {}) -> None:
    """Create what is new, update what differs (and reopen what was closed), leave the rest alone.

    The new objects are added to ``bestaand`` with their ids (bulk.schrijf_nieuw sets them), so the next
    step can refer to them without reading the table again.
    """
    telling = ctx.resultaat.tellingen[soort]
    sleutelveld = "nummer" if model is BevoegdGezag else "code"
    nu = timezone.now()
    nieuw: list[models.Model] = []
    gewijzigd: list[models.Model] = []
    gewijzigde_velden: set[str] = set()
    for code in sorted(gewenst):
        waarden = gewenst[code]
        obj = bestaand.get(code)
        if obj is None:
            obj = model(**{sleutelveld: code}, begindatum=ctx.begindatum_nieuw, **aanmaakwaarden(code),
                        **waarden)
            nieuw.append(obj)
            telling.aangemaakt += 1
            ctx.boek.noteer(Actie.AANGEMAAKT, obj, bevoegd_gezag=gezag_van(code), voor=None,
                            ingangsdatum=ctx.begindatum_nieuw,
                            omschrijving=f"{soort} {code} aangemaakt uit DUO open data ({_per(ctx)})")
            continue
        anders = _verschillen(obj, waarden)
        heropend = _is_beeindigd(obj, ctx.peildatum)
        if not anders and not heropend:
            telling.ongewijzigd += 1
            continue
        voor = toestand(obj)
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
    bulk.schrijf_nieuw(nieuw)
    bestaand.update((getattr(obj, sleutelveld), obj) for obj in nieuw)
    if gewijzigd:
        werk_bij(model, gewijzigd, [*sorted(gewijzigde_velden), "bijgewerkt_op"])


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
    return f"peildatum {datum(ctx.peildatum)}"


def _door_importer_aangemaakt(model: type[models.Model]) -> set[str]:
    """Codes this importer created (its audit entries say so).

    Only those are closed when absent: the file lists basisonderwijs only, so an erkenning that came
    from elsewhere (a future SO/VSO file, or entered by a functioneel beheerder) is not "gone".
    """
    return set(AuditRegel.objects.filter(gebruikersnaam=DOOR, actie=Actie.AANGEMAAKT,
                                         objecttype=str(model._meta.verbose_name))
               .values_list("objectcode", flat=True))


def _sluit_verdwenen(ctx: _Toepassing, soort: str, model: type[models.Model], bestaand: dict[str, Any],
                     aanwezig: Iterable[str], beschermd: set[str],
                     gezag_van: Callable[[Any], str]) -> list[Any]:
    """Close (einddatum = day before the peildatum) what the importer created and the snapshot lacks."""
    telling = ctx.resultaat.tellingen[soort]
    eigen = _door_importer_aangemaakt(model)
    aanwezig = set(aanwezig)
    nu = timezone.now()
    gesloten = []
    for code in sorted(bestaand):
        obj = bestaand[code]
        if code in aanwezig or code in beschermd or code not in eigen:
            continue
        if obj.einddatum is not None and obj.einddatum <= ctx.einddatum_weg:
            continue
        voor = toestand(obj)
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


def _maak_besturen(ctx: _Toepassing, gezagen: Iterable[BevoegdGezag]) -> None:
    """One onderwijsbestuur per bevoegd gezag in the file, only through the domain service, never two.

    The missing ones go to the service in one batch, in order of bevoegd-gezagnummer, so they get their
    codes in that order.
    """
    telling = ctx.resultaat.tellingen["onderwijsbestuur"]
    met_bestuur = dict(Onderwijsbestuur.objects.filter(bevoegd_gezag__isnull=False)
                       .values_list("bevoegd_gezag_id", "einddatum"))
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
    organisatie_services.maak_besturen_voor_bevoegde_gezagen(zonder_bestuur, begindatum, door=DOOR)
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


@transaction.atomic
def importeer(bestand: Bestand, peildatum: date) -> Importresultaat:
    """Apply a snapshot as of peildatum: all or nothing, rejected rows skipped and reported."""
    start = perf_counter()
    eerste_import = not (BevoegdGezag.objects.exists() or Instellingserkenning.objects.exists()
                         or Vestigingserkenning.objects.exists())
    resultaat = Importresultaat(bestand.naam, bestand.formaat, peildatum, eerste_import,
                                weigeringen=list(bestand.weigeringen))
    resultaat.tellingen["BRIN6"].geweigerd = len(bestand.weigeringen)
    ctx = _Toepassing(peildatum, eerste_import, Auditboek(), resultaat)
    beschermd = bestand.beschermde_codes()

    # 1. Bevoegde gezagen. The file has no board names; an existing name (e.g. from DUO's board file)
    #    is therefore never overwritten, only a new one gets the placeholder.
    in_bestand = bestand.bevoegde_gezagen()
    gezagen = {g.nummer: g for g in BevoegdGezag.objects.all()}
    _pas_erkenningen_toe(ctx, "bevoegd gezag", BevoegdGezag, gezagen, {n: {} for n in in_bestand},
                         gezag_van=lambda nummer: nummer,
                         aanmaakwaarden=lambda nummer: {"naam": f"Bevoegd gezag {nummer}"})

    # 2. BRIN4: name and denominatie of the hoofdvestiging; a move to another bevoegd gezag is an update.
    #    DUO's file lists basisscholen only (SBO, SO and VSO have a file of their own), so its schools are BAO:
    #    that is what lets registration refuse an SO or VSO offer on them (registratie.services.plausibel).
    instellingen_bestand = bestand.instellingen()
    instellingen = {i.code: i for i in Instellingserkenning.objects.select_related("bevoegd_gezag")}
    verhuisd = {code for code, gegevens in instellingen_bestand.items()
                if code in instellingen and instellingen[code].bevoegd_gezag.nummer != gegevens.bevoegd_gezag}
    _pas_erkenningen_toe(
        ctx, "BRIN4", Instellingserkenning, instellingen,
        {code: {"naam": g.naam, "bevoegd_gezag": gezagen[g.bevoegd_gezag], "denominatie": g.denominatie,
                "soort": Instellingserkenning.Soort.BAO}
         for code, g in instellingen_bestand.items()},
        gezag_van=lambda code: instellingen_bestand[code].bevoegd_gezag)

    # 3. BRIN6: names, addresses, phone and website.
    vestigingen_bestand = bestand.vestigingen()
    vestigingen = {v.code: v for v in Vestigingserkenning.objects.select_related("instelling__bevoegd_gezag")}
    _pas_erkenningen_toe(
        ctx, "BRIN6", Vestigingserkenning, vestigingen,
        {code: {"instelling": instellingen[r.instellingscode], **r.vestigingswaarden()}
         for code, r in vestigingen_bestand.items()},
        gezag_van=lambda code: vestigingen_bestand[code].bevoegd_gezag)

    # 4. Closures: what the importer created earlier and this snapshot no longer lists.
    gesloten6 = _sluit_verdwenen(ctx, "BRIN6", Vestigingserkenning, vestigingen, vestigingen_bestand,
                                 beschermd, gezag_van=lambda v: v.instelling.bevoegd_gezag.nummer)
    gesloten4 = _sluit_verdwenen(ctx, "BRIN4", Instellingserkenning, instellingen, instellingen_bestand,
                                 beschermd, gezag_van=lambda i: i.bevoegd_gezag.nummer)
    gesloten_gezagen = _sluit_verdwenen(ctx, "bevoegd gezag", BevoegdGezag, gezagen, in_bestand, beschermd,
                                        gezag_van=lambda g: g.nummer)

    # 5. Boards: create the missing ones, end those of vanished bevoegde gezagen (rule 14).
    _maak_besturen(ctx, [gezagen[n] for n in in_bestand])
    _beeindig_besturen(ctx, gesloten_gezagen)
    _meld_losse_koppelingen(ctx, verhuisd, gesloten4, gesloten6)
    ctx.boek.schrijf()
    resultaat.duur = perf_counter() - start
    return resultaat
