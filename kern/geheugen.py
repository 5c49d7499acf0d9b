"""Python's cyclic garbage collector during bulk work: frozen and paused, then restored.

Why: the collector runs when enough objects were made since its last run, and a full run goes through every
object the process holds, Django's own included. A bulk job (the national control file, a DUO import) makes
hundreds of thousands of objects that it keeps until it is done, so those runs find nothing to free and cost
a tenth of the job (bench/README.md, issue 19): 130 ms of a 1.4 s import, one full run 80 ms.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def zonder_automatische_opruiming() -> Iterator[None]:
    """Within the block the collector runs only when called (``gc.collect()``), and the objects that existed
    before it are frozen (``gc.freeze``: no run goes through them; their memory pages stay shared with a forked
    process). Afterwards both are as they were: a collector that was off stays off."""
    automatisch = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if automatisch:
            gc.enable()
