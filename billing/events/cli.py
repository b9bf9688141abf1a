"""The webhook worker on a thread, for `peerbill serve`; `peerbill worker` (billing/jobs/cli.py) runs it beside the
job runner."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from billing.db.connection import Database


def start_worker(db: Database, concurrency: int, timeout: float) -> tuple[threading.Event, threading.Thread]:
    """A worker on a thread (as `peerbill serve` runs one beside the API); set the event to stop it."""
    from billing.events.delivery import Policy, Worker

    worker = Worker(db, Policy(timeout=timeout), concurrency=concurrency)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), name="webhook-worker", daemon=True)
    thread.start()
    return stop, thread
