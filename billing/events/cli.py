"""The webhook worker on a thread, for `peerbill serve`; `peerbill worker` (billing/jobs/cli.py) runs it beside the
job runner."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from billing.db.connection import Database


def start_worker(db: Database, concurrency: int, timeout: float, after: threading.Event | None = None
                 ) -> tuple[threading.Event, threading.Thread]:
    """A worker on a thread (as `peerbill serve` runs one beside the API); set the event to stop it. With `after`,
    the thread waits for that event before it imports and starts anything (serve sets it once its workers
    answer, so their start-up does not share the process with this one's)."""
    stop = threading.Event()

    def run() -> None:
        if after is not None:
            after.wait()
        from billing.events.delivery import Policy, Worker

        Worker(db, Policy(timeout=timeout), concurrency=concurrency).run(stop)

    thread = threading.Thread(target=run, name="webhook-worker", daemon=True)
    thread.start()
    return stop, thread
