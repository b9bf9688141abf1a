"""`peerbill worker`: delivers webhooks until stopped (SIGTERM or Ctrl-C finish the deliveries in flight)."""

from __future__ import annotations

import logging
import signal
import threading
from typing import TYPE_CHECKING, Annotated

import typer

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


def worker(concurrency: Annotated[int, typer.Option(help="Deliveries in flight at once.")] = 8,
           timeout: Annotated[float, typer.Option(help="Seconds an endpoint has to answer each attempt.")] = 10.0,
           ) -> None:
    """Deliver webhooks (signed per Standard Webhooks, retried with backoff for up to three days). Run as many
    as you like on PostgreSQL: deliveries are leased with SELECT ... FOR UPDATE SKIP LOCKED."""
    from billing.db.connection import Database
    from billing.events.delivery import Policy, Worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    db = Database()
    w = Worker(db, Policy(timeout=timeout), concurrency=concurrency)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    logging.getLogger("peerbill.webhooks").info("webhook worker %s started", w.name)
    try:
        w.run(stop)
    finally:
        w.close()
        db.dispose()
