"""The cyclic garbage collector paused where a burst of long-lived, acyclic objects is made: a worker's start-up,
a large X12 read, claim assembly, an intake batch.

Importing the app and building it allocates some hundreds of thousands of objects (pydantic schemas, SQLAlchemy
tables, routes, parsed rule packs), almost none of them garbage, and every allocation threshold crossed makes
the collector walk them again: about a fifth of a worker's start-up CPU. Paused for the imports and
`create_app` only; what little garbage they leave is collected at the next collection after. The readers and
claim assembly make millions of small objects the collector could only traverse again and again (4x slower).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside; the use that found it on turns it back on when it leaves (a nested or concurrent
    use that found it off leaves it to that one), so it is never left off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
