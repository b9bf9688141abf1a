"""`peerbill worker` (webhook deliveries and jobs, in one process) and `peerbill jobs list|show`."""

from __future__ import annotations

import json
import logging
import signal
import threading
import time
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # imported where used: every CLI command loads this module, most never touch a database
    from billing.db.connection import Database

jobs_app = typer.Typer(help="Background jobs: large claim builds, big 835 ingests, what-if runs.",
                       no_args_is_help=True)


def start_jobs(db: Database, concurrency: int, after: threading.Event | None = None
               ) -> tuple[threading.Event, threading.Thread]:
    """A job runner on a thread (as `peerbill serve` runs one beside the API); set the event to stop it. With
    `after`, it waits for that event before it imports and starts anything (as start_worker in events/cli.py)."""
    stop = threading.Event()

    def run() -> None:
        if after is not None:
            after.wait()
        from billing.jobs.runner import JobWorker

        JobWorker(db, concurrency=concurrency).run(stop)

    thread = threading.Thread(target=run, name="job-worker", daemon=True)
    thread.start()
    return stop, thread


def worker(concurrency: Annotated[int | None, typer.Option(help="Webhook deliveries in flight at once (default "
                                                           "PEERBILL_WEBHOOK_CONCURRENCY).")] = None,
           timeout: Annotated[float | None, typer.Option(help="Seconds an endpoint has to answer each attempt "
                                                         "(default PEERBILL_WEBHOOK_TIMEOUT).")] = None,
           jobs: Annotated[int | None, typer.Option(help="Jobs run at once (default PEERBILL_JOBS_CONCURRENCY, "
                                                    "2); 0 runs none.")] = None,
           webhooks: Annotated[bool, typer.Option(help="Deliver webhooks.")] = True,
           ) -> None:
    """Deliver webhooks (signed per Standard Webhooks, retried with backoff for up to three days) and run
    background jobs (leased, with heartbeats; a killed worker's job is taken up again after its lease), and fold
    the auditors' summary's encounter counts every 30 seconds when many changes wait. Run as
    many as you like on PostgreSQL: both queues are leased with SELECT ... FOR UPDATE SKIP LOCKED. SIGTERM or
    Ctrl-C finish what is in flight."""
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
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    from billing.db.connection import Database
    from billing.events.delivery import Policy, Worker

    db = Database(settings=settings)
    threads = []
    w = Worker(db, Policy(timeout=timeout), concurrency=concurrency)
    if webhooks:
        threads.append(threading.Thread(target=w.run, args=(stop,), name="webhook-worker"))
        logging.getLogger("peerbill.webhooks").info("webhook worker %s started", w.name)
    n = settings.jobs_concurrency if jobs is None else jobs
    if n > 0:  # the job runner imports the use cases on its own thread: webhooks do not wait for that
        threads.append(threading.Thread(target=_run_jobs, args=(db, n, stop), name="job-worker"))
    for t in threads:
        t.start()
    try:
        while any(t.is_alive() for t in threads) and not stop.is_set():
            stop.wait(1.0)
        for t in threads:
            t.join()
    finally:
        w.close()
        db.dispose()


def _run_jobs(db: Database, concurrency: int, stop: threading.Event) -> None:
    from billing.jobs.runner import JobWorker

    runner = JobWorker(db, concurrency=concurrency)
    logging.getLogger("peerbill.jobs").info("job runner %s started (%d at once)", runner.name, concurrency)
    runner.run(stop)


@jobs_app.command("list")
def jobs_list(agency: Annotated[str | None, typer.Option(help="Only this agency's jobs.")] = None,
              status: Annotated[str | None, typer.Option(help="queued, running, done or failed.")] = None,
              limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 50) -> None:
    """Jobs, newest first."""
    from rich.console import Console
    from rich.table import Column, Table

    from billing.db.connection import Database
    from billing.jobs.reads import list_jobs

    db = Database()
    with db.reading() as s:
        rows = list_jobs(s, (agency,) if agency else None, status, None, None, limit)
    table = Table("kind", "status", "progress", "attempts", "created")
    table.columns.insert(0, Column("id", no_wrap=True, min_width=32))
    for r in rows:
        total = "?" if r.progress_total is None else str(r.progress_total)
        table.add_row(r.id, r.kind, r.status, f"{r.progress_done}/{total}", str(r.attempts),
                      r.created_at.isoformat(timespec="seconds"))
    Console().print(table)
    db.dispose()


@jobs_app.command("show")
def jobs_show(job_id: Annotated[str, typer.Argument(help="The job's id.")],
              follow: Annotated[bool, typer.Option("--follow", "-f", help="Show a progress bar until it ends.")]
              = False,
              every: Annotated[float, typer.Option(help="Seconds between reads when following.")] = 0.5) -> None:
    """A job's status, progress, and result or error (JSON); with --follow, a progress bar first."""
    from rich.console import Console

    from billing.access import AccessError
    from billing.db.connection import Database
    from billing.jobs.reads import get_job, job_out

    db = Database()
    try:
        def read():  # noqa: ANN202
            with db.reading() as s:
                return job_out(get_job(s, None, job_id))

        try:
            job = read()
        except AccessError as exc:
            Console(stderr=True).print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from None
        if follow:
            job = _follow(read, job, every)
        Console().print_json(json.dumps(job.model_dump(mode="json")))
        if job.status == "failed":
            raise typer.Exit(1)
    finally:
        db.dispose()


def _follow(read, job, every: float):  # noqa: ANN001,ANN202
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns) as bar:
        task = bar.add_task(f"{job.kind} {job.status}", total=job.progress.total)
        while job.status in ("queued", "running"):
            time.sleep(every)
            job = read()
            bar.update(task, completed=job.progress.done, total=job.progress.total,
                       description=f"{job.kind} {job.status} (attempt {job.attempts})")
    return job
