"""Work split over processes that all read one moment of the database (docs/adr/0017).

A long read (the national control file reads every board) done in several processes at once must still see the
register as it was at one moment: a board changed halfway must not appear half old, half new, nor be in two
shares or in none. PostgreSQL gives that with an exported snapshot: this process opens a REPEATABLE READ
transaction on a connection of its own, exports its snapshot (``pg_export_snapshot``) and keeps the transaction
open; each worker process, forked from this one, starts its own read-only transaction on that snapshot
(``SET TRANSACTION SNAPSHOT``) before it reads anything, so all of them see exactly the same rows (as
``pg_dump --jobs`` does).

Forking, not spawning: a fork starts in milliseconds with Django already set up, where a spawned process would
import and set up everything again. A forked process must not use a database connection of its parent (both
would talk over one socket): Django's connections are closed before the fork, a child starts with new connection
wrappers of its own and puts aside (never closes) whatever it inherited, and the connection that holds the
snapshot is never touched by a child (a child leaves through ``os._exit``, which runs no finalisers).

Where that is not possible (SQLite, or inside a transaction whose own changes a child could not see), ``kan_verdelen``
says so and the caller does the work in one process.
"""

import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from contextlib import closing
from multiprocessing.connection import Connection, wait
from typing import Any

from django.db import connection, connections, transaction
from django.urls import get_resolver
from django.utils import translation

Melder = Callable[[int], None]  # a worker reports progress: how many units it finished since the last report


class DeelMislukt(RuntimeError):
    """A worker process failed; the message carries its traceback."""


def kan_verdelen() -> bool:
    """Whether work can be split over processes that read one snapshot: PostgreSQL, on Linux (fork), and not inside
    a transaction (a child would not see its uncommitted changes)."""
    return (connection.vendor == "postgresql" and not connection.in_atomic_block
            and "fork" in multiprocessing.get_all_start_methods())


def verdeel[D](delen: Sequence[D], werk: Callable[[D, Melder], None], processen: int,
               voortgang: Melder | None = None) -> None:
    """Run ``werk(deel, meld)`` for every deel in ``processen`` forked processes, all on one snapshot of the database;
    a process that is done takes the next deel not yet taken, so give more delen than processes for an even load.
    ``voortgang(n)`` here for every ``meld(n)`` there. Returns when all have finished; raises ``DeelMislukt`` (after
    stopping the others) when one fails. Call only where ``kan_verdelen()``."""
    if not kan_verdelen():
        raise RuntimeError("verdeel vraagt PostgreSQL buiten een transactie (zie kan_verdelen)")
    if processen < 1:
        raise ValueError(f"verdeel vraagt minstens één proces, niet {processen}")
    instellingen = connection.get_connection_params()
    with closing(connection.get_new_connection(instellingen)) as houder:
        houder.autocommit = True
        houder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        momentopname = houder.execute("SELECT pg_export_snapshot()").fetchone()[0]
        connections.close_all()  # a child opens its own; nothing of ours may cross the fork
        _laad_vooraf()
        _draai(delen, werk, min(processen, len(delen)), momentopname, voortgang)
        houder.execute("COMMIT")


_WILLEKEURIG = "ja"  # any text: asking its translation loads the active language's catalogue


def _laad_vooraf() -> None:
    """What every child would otherwise load for itself, loaded once here so that each inherits it: the URLconf
    (the first ``reverse`` imports every view module, some 0.5 s, measured: bench/README.md) and the active
    language's translations."""
    get_resolver().reverse_dict  # noqa: B018 (the property fills the resolver)
    translation.gettext(_WILLEKEURIG)  # a name, not a literal: makemessages must not take it for a message id


def _draai[D](delen: Sequence[D], werk: Callable[[D, Melder], None], aantal: int, momentopname: str,
              voortgang: Melder | None) -> None:
    context = multiprocessing.get_context("fork")
    volgende = context.Value("i", 0)  # the next deel to take, shared by the children
    processen, lijnen = [], []
    try:
        for _ in range(aantal):
            hier, daar = context.Pipe(duplex=False)
            proces = context.Process(target=_kind, args=(werk, delen, volgende, momentopname, daar), daemon=True)
            proces.start()
            daar.close()
            processen.append(proces)
            lijnen.append(hier)
        _volg(processen, lijnen, voortgang)
    finally:
        for proces in processen:
            if proces.is_alive():
                # SIGKILL, not SIGTERM: a child inherits the worker's own SIGTERM handler (finish the task, then
                # stop). It holds only a read-only transaction and its own temporary files.
                proces.kill()
            proces.join()


def _volg(processen: list[Any], lijnen: list[Connection], voortgang: Melder | None) -> None:
    """Relay progress until every child has closed its line, then check how each ended. The first failure a child
    reports ends it at once (``_draai`` then stops the others)."""
    open_ = list(lijnen)
    while open_:
        for lijn in wait(open_):
            assert isinstance(lijn, Connection)
            try:
                soort, waarde = lijn.recv()
            except EOFError:
                open_.remove(lijn)
                continue
            if soort == "fout":
                raise DeelMislukt(waarde)
            if voortgang:
                voortgang(waarde)
    for proces in processen:
        proces.join()
    if mislukt := [p.exitcode for p in processen if p.exitcode != 0]:
        raise DeelMislukt(f"een werkproces stopte met code {mislukt[0]}")


def _kind[D](werk: Callable[[D, Melder], None], delen: Sequence[D], volgende: Any, momentopname: str,
             lijn: Connection) -> None:
    """In the child: the parent's snapshot in a read-only transaction, then delen until none is left, and word of
    how it went."""
    try:
        _eigen_verbindingen()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                cursor.execute("SET TRANSACTION SNAPSHOT %s", [momentopname])
            while (i := _neem(volgende)) < len(delen):
                werk(delen[i], lambda n: lijn.send(("voortgang", n)))
        connection.close()
    except BaseException:
        lijn.send(("fout", traceback.format_exc()))
        lijn.close()
        os._exit(1)
    lijn.close()


# The parent's connection wrappers a child found, kept referenced until it ends (through os._exit): never used,
# never closed, never finalised, since closing would end the parent's session on the socket they share.
_GEERFD: list[Any] = []


def _eigen_verbindingen() -> None:
    """Give this child new connection wrappers. What it inherited may include open connections of its parent:
    ``close_all`` before the fork closes only those of the parent's current thread and context (measured: a worker
    run from a Playwright test left the child another wrapper, with an open connection of the parent's)."""
    for alias in connections:
        _GEERFD.append(connections[alias])
        connections[alias] = connections.create_connection(alias)


def _neem(volgende: Any) -> int:
    with volgende.get_lock():
        i: int = volgende.value
        volgende.value = i + 1
    return i
