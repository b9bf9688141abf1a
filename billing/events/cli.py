"""`peerbill worker`: delivers webhooks until stopped (SIGTERM or Ctrl-C finish the deliveries in flight)."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer

from billing.db.connection import Database
from billing.events.delivery import Policy, Worker


def start_worker(db: Database, concurrency: int, timeout: float) -> tuple[threading.Event, threading.Thread]:
    """A worker on a thread (as `peerbill serve` runs one beside the API); set the event to stop it."""
    worker = Worker(db, Policy(timeout=timeout), concurrency=concurrency)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,), name="webhook-worker", daemon=True)
    thread.start()
    return stop, thread


def worker(concurrency: Annotated[int | None, typer.Option(help="Deliveries in flight at once (default "
                                                           "PEERBILL_WEBHOOK_CONCURRENCY).")] = None,
           timeout: Annotated[float | None, typer.Option(help="Seconds an endpoint has to answer each attempt "
                                                         "(default PEERBILL_WEBHOOK_TIMEOUT).")] = None,
           ) -> None:
    """Deliver webhooks (signed per Standard Webhooks, retried with backoff for up to three days). Run as many
    as you like on PostgreSQL: deliveries are leased with SELECT ... FOR UPDATE SKIP LOCKED."""
    import logging.config

    from api.logs import log_config
    from billing.settings import SettingsError, load

    try:
        settings = load()
    except SettingsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    logging.config.dictConfig(log_config(settings))
    concurrency, timeout = concurrency or settings.webhook_concurrency, timeout or settings.webhook_timeout
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
