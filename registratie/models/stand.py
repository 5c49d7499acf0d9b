"""Per board a counter that every audited change raises, in the change's own transaction (docs/adr/0015).

Why: a board's rendered tree and controle can then be cached under a key that holds the counters it was built
from. The key cannot go stale: a reader that reads the counter before a change commits builds from the data as
they were then and stores under the old counter, which the change's commit leaves behind; a reader after the
commit reads the new counter and the new data. A timestamp or the newest audit id would not do: two transactions
take their ids and times in one order and may commit in the other.

Every audit entry raises the counter of its ``bestuurcode`` (``AuditRegel.save`` and the bulk writers call
``verhoog``); entries without a board (an API key, an erkenning of a bevoegd gezag without board) raise the
counter of ``ALGEMEEN``, which every key includes.
"""

from collections.abc import Iterable

from django.db import connection, models

ALGEMEEN = ""  # the counter of changes that belong to no board (and of a DUO import as a whole)


class Bestuursstand(models.Model):
    bestuurcode = models.CharField("bestuurcode", max_length=7, primary_key=True, blank=True)
    teller = models.BigIntegerField("teller", default=0)

    class Meta:
        verbose_name = "bestuursstand"
        verbose_name_plural = "bestuursstanden"

    def __str__(self) -> str:
        return f"{self.bestuurcode or '(algemeen)'}: {self.teller}"


def verhoog(bestuurcodes: Iterable[str]) -> None:
    """Raise the counters of these boards by one, in the caller's transaction. One statement; the codes in sorted
    order, so that two transactions raising the same boards take their row locks in the same order."""
    codes = sorted(set(bestuurcodes))
    if not codes:
        return
    tabel = connection.ops.quote_name(Bestuursstand._meta.db_table)
    waarden = ", ".join(["(%s, 1)"] * len(codes))
    with connection.cursor() as cursor:
        # PostgreSQL and SQLite (>= 3.24) both have INSERT ... ON CONFLICT DO UPDATE.
        cursor.execute(f"INSERT INTO {tabel} (bestuurcode, teller) VALUES {waarden} "  # noqa: S608  # names from meta
                       f"ON CONFLICT (bestuurcode) DO UPDATE SET teller = {tabel}.teller + 1", codes)
