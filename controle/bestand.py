"""The controlebestand: the registration of one board (or of all boards) as xlsx, or as CSV files in a zip.

Each sheet is declared once (kern.export.Blad: name, columns, rows); kern.export.schrijf makes xlsx or a CSV
zip of them, filling every sheet side by side in one pass over the boards, so the national file never holds
more than one batch of boards in memory.
"""

import gc
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from autorisatie import toegang
from autorisatie.models import Roltoewijzing
from controle import gegevens
from controle.regels import naam, periode, relevant
from controle.services import (
    Controle,
    Effectief,
    controleer,
    effectief_contact,
    effectieve_contacten_per_drager,
)
from kern import export, geheugen, momentopname
from kern.export import Blad, Kolom
from registratie.domein.enumeraties import CONTEXT_PER_CODE, Communicatiecontext, Openbaarheid, kenmerk_labels
from registratie.models import Contactgegevens, Handelsregistergegevens, Onderwijsbestuur, toon_postcode
from registratie.services.contact import EffectiefContact

Rij = tuple[Any, ...]


@dataclass(frozen=True)
class Bron:
    """What the rows of one board come from: its check, and the portal's address for the links to fix things."""

    controle: Controle
    basis_url: str
    # The communicatiecontexten the reader may see (autorisatie.toegang.leesbare_contexten); None: all (DUO).
    contexten: frozenset[str] | None = None

    def leesbaar(self, context: str) -> bool:
        return self.contexten is None or context in self.contexten


def _status(obj, peildatum: date) -> str:
    return obj.status_op(peildatum)


def _adres(straat: str, huisnummer: int | None, toevoeging: str, postcode: str, plaats: str) -> str:
    nummer = f"{huisnummer or ''}{'-' + toevoeging if toevoeging else ''}"
    regel1 = f"{straat} {nummer}".strip()
    regel2 = f"{toon_postcode(postcode)} {plaats}".strip()
    return ", ".join(d for d in (regel1, regel2) if d)


def bezoekadres(c: Contactgegevens | Handelsregistergegevens) -> str:
    return _adres(c.bezoek_straatnaam, c.bezoek_huisnummer, c.bezoek_toevoeging, c.bezoek_postcode,
                  c.bezoek_plaatsnaam)


def postadres(c: Contactgegevens | Handelsregistergegevens) -> str:
    return _adres(c.post_straatnaam, c.post_huisnummer, c.post_toevoeging, c.post_postcode, c.post_plaatsnaam)


def _kenmerken(c: Controle, ao, teksten: dict[tuple[str, tuple[tuple[str, str], ...]], str]) -> str:
    """The offer's kenmerken in words; ``teksten``: those already written per sector and kenmerken (most offers of
    a board have the same few)."""
    sleutel = (ao.opleiding.sector, tuple((k.naam, k.waarde) for k in c.gegevens.kenmerken_van(ao)))
    tekst = teksten.get(sleutel)
    if tekst is None:
        tekst = teksten[sleutel] = "; ".join(f"{label}: {waarde}" for label, waarde in kenmerk_labels(*sleutel))
    return tekst


def _lokaal(moment):
    return timezone.localtime(moment) if moment is not None else None


# --- One generator of rows per sheet ----------------------------------------------------------------------

def bestuur_rijen(bron: Bron) -> Iterator[Rij]:
    c = bron.controle
    b, p = c.bestuur, c.peildatum
    huidig = periode(b, p)
    yield (b.code, naam(b, p), huidig.internationale_naam if huidig else "",
           b.bevoegd_gezag.nummer if b.bevoegd_gezag else "", b.kvk_nummer, b.rsin, b.begindatum, b.einddatum,
           _status(b, p), p, c.score, c.aantal_fouten, c.aantal_waarschuwingen)


def aanbieder_rijen(bron: Bron) -> Iterator[Rij]:
    c = bron.controle
    p = c.peildatum
    for a in c.gegevens.aanbieders:
        huidig = periode(a, p)
        brin4 = ", ".join(r.instelling.code for r in c.gegevens.relaties_van(a) if r.is_actief_op(p))
        aantal = sum(1 for ao in c.gegevens.opleidingen_van(a) if relevant(ao, p))
        yield (c.bestuur.code, a.code, naam(a, p), huidig.internationale_naam if huidig else "",
               a.groep.code if a.groep else "", brin4, a.begindatum, a.einddatum, _status(a, p), aantal)


def begeleider_rijen(bron: Bron) -> Iterator[Rij]:
    """Onderwijsbegeleidingsaanbieders (999T999, rio-po.md §1.6), with where their Algemeen contact comes from
    (the fallback: own, else the board's, else the Handelsregister; the rule BEGELEIDING_CONTACT)."""
    c = bron.controle
    g, p = c.gegevens, c.peildatum
    for b in g.begeleiders:
        huidig = periode(b, p)
        brin4 = ", ".join(r.instelling.code for r in g.erkenningen_van(b) if r.is_actief_op(p))
        # The chain of the contact service (registratie.services.contact.contactketen), on the loaded data.
        gevonden = effectief_contact(g, b, "ALGEMEEN").contact
        algemeen = (f"{gevonden.eenheid._meta.verbose_name} {gevonden.eenheid_code}" if gevonden is not None
                    else "Handelsregister")
        yield (c.bestuur.code, b.code, naam(b, p), huidig.internationale_naam if huidig else "", brin4,
               ", ".join(b.expertise_labels), b.begindatum, b.einddatum, _status(b, p), algemeen)


def locatie_rijen(bron: Bron) -> Iterator[Rij]:
    c = bron.controle
    p = c.peildatum
    for g in c.gegevens.locatiegebruiken:
        loc = g.locatie
        brin6 = ", ".join(r.vestiging.code for r in c.gegevens.vestigingsrelaties_van(g) if r.is_actief_op(p))
        yield (c.bestuur.code, loc.code, loc.straatnaam, loc.huisnummer, loc.huisnummertoevoeging,
               toon_postcode(loc.postcode), loc.plaatsnaam, brin6, g.begindatum, g.einddatum, _status(g, p))


def _samenwerkingsschool(c: Controle, ao) -> str:
    """Who keeps an offer at a samenwerkingsschool (docs/adr/0011): empty for the board's own offer at its own
    aanbieder. Loaded with the registration (registratie.laden), so no query per row."""
    penvoerder = getattr(ao.aanbieder, "penvoerder", None)
    if penvoerder is not None:
        return f"samenwerkingsschool van {penvoerder.code}"
    if ao.samenwerkingsbestuur_id is not None and ao.samenwerkingsbestuur_id != c.bestuur.pk:
        return f"bijgehouden door bijbehorend bestuur {ao.samenwerkingsbestuur.code}"
    return ""


def opleiding_rijen(bron: Bron) -> Iterator[Rij]:
    """The offers of the board's aanbieders (also those a bijbehorend bestuur keeps there, as its tree shows them),
    then its own offers at the samenwerkingsscholen of other boards; the last column says which is which. In the
    national file an offer of a bijbehorend bestuur is thus listed under both boards, each row saying it."""
    c = bron.controle
    p = c.peildatum
    teksten: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
    for ao in chain(c.gegevens.aangeboden_opleidingen, c.gegevens.gedeelde_opleidingen):
        huidig = periode(ao, p)
        aanbieder, opleiding, locatie = ao.aanbieder, ao.opleiding, ao.locatie
        yield (c.bestuur.code, str(ao.code), aanbieder.code, naam(aanbieder, p), opleiding.naam, opleiding.sector,
               huidig.eigen_naam if huidig else "", locatie.code if locatie else "",
               locatie.adres if locatie else "geen vaste locatie", ao.begindatum, ao.eerste_instroomdatum,
               ao.einddatum, _kenmerken(c, ao, teksten), ", ".join(huidig.samenwerkende_aanbieders) if huidig else "",
               _status(ao, p), _samenwerkingsschool(c, ao))


def contact_rijen(bron: Bron) -> Iterator[Rij]:
    c = bron.controle
    p = c.peildatum
    for ct in c.gegevens.contacten:
        if not bron.leesbaar(ct.context):
            continue
        context = CONTEXT_PER_CODE[ct.context]
        yield (c.bestuur.code, ct.eenheid._meta.verbose_name, ct.eenheid_code, context.label,
               "ja" if context.openbaarheid == Openbaarheid.OPENBAAR else "nee", ct.afdeling, ct.toelichting,
               ct.email, ct.telefoonnummer, ct.website, bezoekadres(ct), postadres(ct), ct.begindatum, ct.einddatum,
               _status(ct, p))


def effectief_rijen(bron: Bron) -> Iterator[Rij]:
    """Per aanbieder, then per onderwijsbegeleidingsaanbieder (so/vso, rio-po.md §1.6), every context the reader may
    see, after the fallback; the last column says which of the two the row is about."""
    c = bron.controle
    code = c.bestuur.code
    # The columns from Context to Herkomst depend on the effective contacts alone, and most schools share their
    # board's (the same sequence, controle.services.effectieve_contacten_per_drager): worked out once per sequence.
    # The sequence is kept in the table with its columns, so its id() cannot be handed to another object meanwhile.
    midden: dict[int, tuple[Effectief, list[Rij]]] = {}
    for drager, drager_naam, per_context in effectieve_contacten_per_drager(c.gegevens):
        bekend = midden.get(id(per_context))
        if bekend is None or bekend[0] is not per_context:
            bekend = midden[id(per_context)] = (per_context, [
                _effectief_kolommen(context, effectief) for context, effectief in per_context
                if bron.leesbaar(context.code)])
        soort = str(drager._meta.verbose_name)
        for kolommen in bekend[1]:
            yield (code, drager.code, drager_naam, *kolommen, soort)


def _effectief_kolommen(context: Communicatiecontext, effectief: EffectiefContact) -> Rij:
    ct = effectief.gegevens  # the registered contact, else the board's Handelsregister snapshot
    return (context.label, context.openbaarheid.value, context.lezers, ct.email if ct else "",
            ct.telefoonnummer if ct else "", ct.website if ct else "", bezoekadres(ct) if ct else "",
            postadres(ct) if ct else "", effectief.herkomst)


def rol_rijen(bron: Bron) -> Iterator[Rij]:
    c = bron.controle
    # No e-mail addresses or login times here: the control file goes to school leaders; the full access
    # review (with e-mail) is the Beheerder PO's 'Rollen en toegang' download.
    p = c.peildatum
    for t in c.gegevens.rollen:
        yield (c.bestuur.code, t.gebruiker.get_username(), t.gebruiker.get_full_name(), t.get_rol_display(),
               t.bestuur.code if t.bestuur_id else "geen", t.begindatum, t.einddatum,
               t.toegekend_door_naam, t.bron,
               _geldig(t, p))


def _geldig(toewijzing: Roltoewijzing, peildatum: date) -> str:
    if not toewijzing.is_geldig_op(peildatum):
        return "nee"
    # A role of someone whose latest login was for another organisation exists but gives no access (ADR 0007).
    return "ja" if toegang.volgt_inlog(toewijzing) else "nee: laatste inlog voor een andere organisatie"


def mandaat_rijen(bron: Bron) -> Iterator[Rij]:
    c = bron.controle
    p = c.peildatum
    for m in c.gegevens.mandaten:
        yield (c.bestuur.code, m.instelling.code, m.get_dienst_display(), m.systeem.naam, m.systeem.leverancier.naam,
               m.begindatum, m.einddatum, m.status_op(p))


def signaal_rijen(bron: Bron) -> Iterator[Rij]:
    c = bron.controle
    # A rule's name and the link to its explanation, once per rule: a board has many signals of one rule (a school
    # without a mandate each), and each asks for a translation and a link.
    per_regel: dict[str, tuple[str, str]] = {}
    for s in c.signalen:
        regel = per_regel.get(s.regel)
        if regel is None:
            regel = per_regel[s.regel] = (s.regelnaam, bron.basis_url + s.uitleg_url)
        yield (c.bestuur.code, s.ernst.value, s.regel, regel[0], s.object.soort, s.object.code, s.object.naam,
               s.bericht, s.herstel.label if s.herstel else "", bron.basis_url + s.herstel.url if s.herstel else "",
               regel[1])


BESTUUR = Kolom("Bestuurcode", 12)
BLADEN: list[Blad[Bron]] = [
    Blad("Bestuur", [BESTUUR, Kolom("Naam", 40), Kolom("Internationale naam", 30), Kolom("Bevoegd gezag"),
                     Kolom("KvK-nummer"), Kolom("RSIN", 11), Kolom("Begindatum", 12), Kolom("Einddatum", 12),
                     Kolom("Status op peildatum"), Kolom("Peildatum", 12), Kolom("Score (%)"), Kolom("Fouten"),
                     Kolom("Waarschuwingen")], bestuur_rijen),
    Blad("Aanbieders", [BESTUUR, Kolom("Aanbiedercode", 14), Kolom("Naam", 40), Kolom("Internationale naam", 30),
                        Kolom("Groep"), Kolom("BRIN4 op peildatum"), Kolom("Oprichtingsdatum", 12),
                        Kolom("Einddatum", 12), Kolom("Status op peildatum"),
                        Kolom("Aangeboden opleidingen (aantal)")], aanbieder_rijen),
    Blad("Begeleidingsaanbieders", [BESTUUR, Kolom("Code", 12), Kolom("Naam", 40), Kolom("Internationale naam", 30),
                                    Kolom("BRIN4 op peildatum"), Kolom("Expertise", 50), Kolom("Oprichtingsdatum", 12),
                                    Kolom("Einddatum", 12), Kolom("Status op peildatum"),
                                    Kolom("Contact Algemeen van", 30)], begeleider_rijen),
    Blad("Locaties en gebruik", [BESTUUR, Kolom("Locatiecode", 12), Kolom("Straat", 30), Kolom("Huisnummer"),
                                 Kolom("Toevoeging"), Kolom("Postcode", 10), Kolom("Plaats", 20),
                                 Kolom("BRIN6 op peildatum"), Kolom("In gebruik vanaf", 12), Kolom("Tot en met", 12),
                                 Kolom("Status op peildatum")], locatie_rijen),
    Blad("Aangeboden opleidingen", [BESTUUR, Kolom("Code", 38), Kolom("Aanbiedercode", 14), Kolom("Aanbieder", 30),
                                    Kolom("Opleiding", 30), Kolom("Sector", 8), Kolom("Eigen naam", 30),
                                    Kolom("Locatiecode", 12), Kolom("Adres locatie", 40), Kolom("Begindatum", 12),
                                    Kolom("Eerste instroom", 12), Kolom("Einddatum", 12), Kolom("Kenmerken", 50),
                                    Kolom("Samenwerkende aanbieders"), Kolom("Status op peildatum"),
                                    Kolom("Samenwerkingsschool", 40)], opleiding_rijen),
    Blad("Contactgegevens", [BESTUUR, Kolom("Eenheid", 18), Kolom("Code", 12), Kolom("Context", 18),
                             Kolom("Openbaar"), Kolom("Afdeling of functie", 25), Kolom("Toelichting", 30),
                             Kolom("E-mail", 30), Kolom("Telefoon", 16), Kolom("Website", 30),
                             Kolom("Bezoekadres", 40), Kolom("Postadres", 40), Kolom("Begindatum", 12),
                             Kolom("Einddatum", 12), Kolom("Status op peildatum")], contact_rijen),
    Blad("Effectieve contacten", [BESTUUR, Kolom("Aanbiedercode", 14), Kolom("Aanbieder", 30), Kolom("Context", 18),
                                  Kolom("Openbaarheid"), Kolom("Wie leest dit", 30), Kolom("E-mail", 30),
                                  Kolom("Telefoon", 16), Kolom("Website", 30), Kolom("Bezoekadres", 40),
                                  Kolom("Postadres", 40), Kolom("Herkomst", 45), Kolom("Soort aanbieder", 30)],
         effectief_rijen),
    Blad("Rollen", [BESTUUR, Kolom("Gebruiker", 20), Kolom("Naam", 25), Kolom("Rol", 40), Kolom("Selectiekenmerk"),
                    Kolom("Vanaf", 12), Kolom("Tot en met", 12), Kolom("Toegekend door", 18), Kolom("Bron"),
                    Kolom("Geldig op peildatum")], rol_rijen),
    Blad("Mandaten", [BESTUUR, Kolom("BRIN4"), Kolom("Dienst", 20), Kolom("Systeem", 25), Kolom("Leverancier", 25),
                      Kolom("Vanaf", 12), Kolom("Tot en met", 12), Kolom("Status op peildatum")], mandaat_rijen),
    Blad("Signalen", [BESTUUR, Kolom("Ernst", 13), Kolom("Regel", 28), Kolom("Controle", 50), Kolom("Object", 24),
                      Kolom("Objectcode", 38), Kolom("Objectnaam", 30), Kolom("Melding", 80),
                      Kolom("Herstellen via", 28), Kolom("Link", 60),
                      Kolom("Uitleg van de regel", 60)], signaal_rijen),
]


def schrijf(controles: Iterable[Controle], formaat: str, doel: str | Path | IO[bytes], basis_url: str = "",
            contexten: frozenset[str] | None = None) -> None:
    """Write the sheets for every board in ``controles`` (consumed once, lazily) to ``doel``; ``contexten``: the
    communicatiecontexten the reader may see (None for DUO's national file: all)."""
    export.schrijf(BLADEN, (Bron(c, basis_url, contexten) for c in controles), formaat, doel)


def schrijf_landelijk(peildatum: date, formaat: str, doel: str | Path | IO[bytes], basis_url: str = "",
                     voortgang: Callable[[int, int], None] | None = None) -> None:
    """The national file (DUO's background task): ``schrijf`` of every board (``landelijke_controles``).

    On PostgreSQL the whole file reads one snapshot of the database, taken when it begins (kern.momentopname,
    docs/adr/0017): a board changed while the file is written is in it as it was, never half. A CSV zip is split
    into consecutive shares of the boards, written by ``settings.LANDELIJK_PROCESSEN`` processes at once and put
    together in board order: the same file as one process writes, in less time when the worker has more than one
    core. An xlsx cannot be put together from parts: one werkproces writes it. On SQLite, or inside a transaction
    (whose changes another process cannot see), this process writes it, batch by batch as the boards are read.

    Each process runs Python's cyclic garbage collector by hand, once per batch: the loaded objects hold each other
    (a child its parent in the relation cache, a parent its periods), so a batch is freed by the collector, not by
    reference counting. Run automatically, the collector also went through each batch's objects while they were
    still in use, and through all of Django's: about a tenth of the national zip (bench/README.md, issue 19). So
    what exists before the file (Django, the modules) is frozen (``gc.freeze``, which also keeps those pages shared
    with forked processes), and after each batch one collection frees that batch: memory stays at one batch."""
    totaal = Onderwijsbestuur.objects.count()
    klaar = 0

    def na_batch(n: int) -> None:
        nonlocal klaar
        klaar += n
        if voortgang:
            voortgang(klaar, totaal)

    with geheugen.zonder_automatische_opruiming():
        if not (totaal and momentopname.kan_verdelen()):
            schrijf(landelijke_controles(peildatum, _opgeruimd(na_batch)), formaat, doel, basis_url=basis_url)
        elif formaat == "zip":
            processen = max(1, settings.LANDELIJK_PROCESSEN)
            # Four shares per process: one that is done takes the next, so none waits long for the last.
            delen = _grenzen(min(DELEN_PER_PROCES * processen, totaal))
            _schrijf_verdeeld(peildatum, doel, basis_url, delen, processen, na_batch)
        else:
            _schrijf_op_momentopname(peildatum, formaat, doel, basis_url, na_batch)


def _opgeruimd(melder: Callable[[int], None]) -> Callable[[int], None]:
    """``melder`` after one collection: the batch just written is freed."""

    def na_batch(n: int) -> None:
        gc.collect()
        melder(n)

    return na_batch


DELEN_PER_PROCES = 4
Deel = tuple[str, str | None]  # boards with a code after the first and up to the second (None: to the end)


def _schrijf_verdeeld(peildatum: date, doel: str | Path | IO[bytes], basis_url: str, delen: list[Deel],
                      processen: int, voortgang: Callable[[int], None]) -> None:
    with tempfile.TemporaryDirectory(prefix="rio-landelijk-") as werkmap:
        mappen = [Path(werkmap) / str(i) for i in range(len(delen))]
        for map_ in mappen:
            map_.mkdir()

        def werk(deel: tuple[Deel, Path], meld: Callable[[int], None]) -> None:
            (van, tot), map_ = deel
            controles = landelijke_controles(peildatum, _opgeruimd(meld), van=van, tot=tot)
            export.schrijf_deel(BLADEN, (Bron(c, basis_url) for c in controles), map_)

        momentopname.verdeel(list(zip(delen, mappen, strict=True)), werk, processen, voortgang)
        export.zip_uit_delen(BLADEN, mappen, doel)


def _schrijf_op_momentopname(peildatum: date, formaat: str, doel: str | Path | IO[bytes], basis_url: str,
                             voortgang: Callable[[int], None]) -> None:
    with tempfile.TemporaryDirectory(prefix="rio-landelijk-") as werkmap:
        bestand = Path(werkmap) / f"landelijk.{formaat}"

        def werk(_: None, meld: Callable[[int], None]) -> None:
            schrijf(landelijke_controles(peildatum, _opgeruimd(meld)), formaat, bestand, basis_url=basis_url)

        momentopname.verdeel([None], werk, 1, voortgang)
        with bestand.open("rb") as inhoud:
            if isinstance(doel, str | Path):
                with open(doel, "wb") as uit:
                    shutil.copyfileobj(inhoud, uit, 1 << 16)
            else:
                shutil.copyfileobj(inhoud, doel, 1 << 16)


def _grenzen(aantal: int) -> list[Deel]:
    """``aantal`` consecutive shares of the boards in code order, about equal in schools (the rows of the largest
    sheets are per school): the code where each share ends."""
    gewichten = list(Onderwijsbestuur.objects.order_by("code").annotate(n=Count("aanbieders"))
                     .values_list("code", "n"))
    totaal = sum(n + 1 for _, n in gewichten)
    grenzen: list[str] = []
    opgeteld = 0
    for code, n in gewichten[:-1]:  # a share never ends after the last board: the next one would be empty
        opgeteld += n + 1
        if opgeteld * aantal >= totaal * (len(grenzen) + 1) and len(grenzen) < aantal - 1:
            grenzen.append(code)
    starts = ["", *grenzen]
    return list(zip(starts, [*grenzen, None], strict=True))


BATCH = 100  # boards per load in the national file: a fixed number of queries per batch, memory for 100 boards


def landelijke_controles(peildatum: date, na_batch: Callable[[int], None] | None = None, van: str = "",
                         tot: str | None = None) -> Iterator[Controle]:
    """Every board (or those with a code after ``van`` and up to ``tot``), a batch at a time; ``na_batch(n)`` after
    each batch of n boards."""
    qs = gegevens.besturen_qs()
    if tot is not None:
        qs = qs.filter(code__lte=tot)
    for batch in gegevens.in_batches(qs, BATCH, na=van):
        for g in gegevens.laad(batch, peildatum):
            yield controleer(g)
        if na_batch:
            na_batch(len(batch))

