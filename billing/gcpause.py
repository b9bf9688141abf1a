"""Start-up with the cyclic garbage collector paused.

Importing the app and building it allocates some hundreds of thousands of objects (pydantic schemas, SQLAlchemy
tables, routes, parsed rule packs), almost none of them garbage, and every allocation threshold crossed makes
the collector walk them again: about a fifth of a worker's start-up CPU. Paused for the imports and
`create_app` only; what little garbage they leave is collected at the next collection after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside, and back as it was after (nested or concurrent uses leave it as they found it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
