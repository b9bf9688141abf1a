"""The job runner inside `peerbill worker`: leases jobs, runs them with a heartbeat, records the outcome.

A job that fails with an answer the synchronous route would give (a 4xx: bad payer, malformed file) fails at
once with that problem. Anything else (the database went away, a bug) is retried after a backoff, up to the
job's attempts; the problem recorded names the error's type only, never its message (which may carry data).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from billing.db.connection import Database
from billing.db.models import new_id
from billing.jobs.kinds import HANDLERS, Context, JobError
from billing.jobs.queue import Config, Lease, LeaseLost, claim, fail, heartbeat, problem, schedule_daily
from billing.rules import Registry, default_registry

log = logging.getLogger("peerbill.jobs")
TITLES = {400: "Bad request", 403: "Forbidden", 404: "Not found", 409: "Conflict", 413: "Payload too large",
          422: "Unprocessable content"}


def _today() -> date:
    return datetime.now(UTC).date()


@dataclass
class JobWorker:
    db: Database
    config: Config = field(default_factory=Config.from_env)
    concurrency: int = 2
    registry: Registry | None = None  # the shipped packs, loaded when a job first needs them
    today: Callable[[], date] = _today
    name: str = field(default_factory=lambda: f"jobs-{new_id()[:12]}")
    progress_every: float = 0.5  # seconds between progress writes
    chores_every: float = 300.0  # seconds between checks that today's chores are queued
    fold_every: float = 30.0  # seconds between folds of the encounter counts' change rows (when there are many)

    def schedule_chores(self) -> None:
        """Queue today's chores unless another worker has: the timely-filing watch (PEERBILL_FILING_WATCH_DAYS)."""
        from billing.settings import load

        days = load().filing_watch_days
        if days > 0:
            day = self.today()
            schedule_daily(self.db, "filing_watch", day, {"day": day.isoformat(), "within_days": days}, self.config)

    def fold_counts(self) -> int:
        """Fold the encounter counts' change rows once there are many (billing.rejection_reports.fold_counts): a
        summary then reads few of them, and the first summary after a long intake does not wait for the fold."""
        from billing.rejection_reports import fold_counts

        try:
            return fold_counts(self.db)
        except Exception as exc:  # noqa: BLE001  (the database went away or was busy: the next turn folds)
            log.error("folding the encounter counts failed: %s", type(exc).__name__)
            return 0

    def run_one(self) -> Lease | None:
        """Lease one due job and run it to its outcome; the lease, or None when nothing was due."""
        lease = claim(self.db, self.name, self.config)
        if lease is not None:
            self.execute(lease)
        return lease

    def execute(self, lease: Lease) -> str:
        """Run a leased job with a heartbeat beside it; the status it ends in (done, queued, failed, lost)."""
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(lease, stop), name=f"job-beat-{lease.job_id[:8]}",
                                daemon=True)
        beat.start()
        try:
            return self._run(lease)
        finally:
            stop.set()
            beat.join()

    def _run(self, lease: Lease) -> str:
        if self.registry is None and lease.kind == "whatif":
            self.registry = default_registry()
        ctx = Context(self.db, lease, self.registry or Registry({}), self.today, self._reporter(lease))
        try:
            HANDLERS[lease.kind](ctx)
        except LeaseLost:
            log.warning("job %s: lease lost to another worker; its outcome is theirs", lease.job_id)
            return "lost"
        except JobError as exc:
            error = problem(exc.status, TITLES.get(exc.status, "Error"), str(exc), lease.actor.request_id)
            return fail(self.db, lease, error, self.config, retry=False)
        except Exception as exc:  # noqa: BLE001  (retried; the type only: a message may carry patient data)
            log.error("job %s (%s) attempt %d failed: %s", lease.job_id, lease.kind, lease.attempt,
                      type(exc).__name__)
            error = problem(500, "Internal server error", f"attempt {lease.attempt} failed ({type(exc).__name__})",
                            lease.actor.request_id)
            return fail(self.db, lease, error, self.config, retry=True)
        log.info("job %s (%s) done on attempt %d", lease.job_id, lease.kind, lease.attempt)
        return "done"

    def _reporter(self, lease: Lease) -> Callable[[int, int | None], None]:
        last = [0.0]

        def report(done: int, total: int | None) -> None:
            now = time.monotonic()
            if done == 0 or now - last[0] >= self.progress_every or (total is not None and done >= total):
                last[0] = now
                try:
                    heartbeat(self.db, lease, self.config, done, total)
                except Exception as exc:  # noqa: BLE001  (progress is best effort; the heartbeat keeps the lease)
                    log.warning("job %s: progress not recorded (%s)", lease.job_id, type(exc).__name__)

        return report

    def _beat(self, lease: Lease, stop: threading.Event) -> None:
        while not stop.wait(self.config.lease_seconds / 3):
            try:
                if not heartbeat(self.db, lease, self.config):
                    return
            except Exception as exc:  # noqa: BLE001  (the database went away for a moment: try again)
                log.warning("job %s: heartbeat failed (%s)", lease.job_id, type(exc).__name__)

    def run(self, stop: threading.Event, idle: float = 1.0) -> None:
        """Until `stop`: keep up to `concurrency` jobs running, leasing another as each one ends."""
        inflight: set[Future[str]] = set()
        chores_due = fold_due = 0.0
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="job") as pool:
            while not stop.is_set():
                if time.monotonic() >= chores_due:
                    chores_due = time.monotonic() + self.chores_every
                    try:
                        self.schedule_chores()
                    except Exception as exc:  # noqa: BLE001  (the database went away: the next check queues it)
                        log.error("scheduling today's chores failed: %s", type(exc).__name__)
                if time.monotonic() >= fold_due:
                    fold_due = time.monotonic() + self.fold_every
                    self.fold_counts()
                lease = None
                if len(inflight) < self.concurrency:
                    try:
                        lease = claim(self.db, self.name, self.config)
                    except Exception as exc:  # noqa: BLE001  (the database went away for a moment)
                        log.error("leasing a job failed: %s", type(exc).__name__)
                if lease is not None:
                    inflight.add(pool.submit(self.execute, lease))
                    continue
                if inflight:
                    done, inflight = wait(inflight, timeout=idle, return_when=FIRST_COMPLETED)
                    inflight = set(inflight)
                else:
                    stop.wait(idle)
            wait(inflight)
