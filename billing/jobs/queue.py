"""The job queue: enqueue, lease, heartbeat, progress, finish, fail and retry.

Exclusivity is decided in the database. A worker leases a job in a short transaction: on PostgreSQL the row is
picked with SELECT ... FOR UPDATE SKIP LOCKED (workers never wait on each other's pick, nor take the same row);
on SQLite the writing transaction is BEGIN IMMEDIATE behind the writer queue (billing.db.connection), so one
claimer at a time reads and updates the row. The lease (an id and a deadline) is pushed on by heartbeats while
the job runs; a worker that dies stops them, its lease runs out, and the next worker takes the job again.
Only the holder of the current lease can record an outcome, by an UPDATE ... WHERE lease = its lease, and where
the job's effect writes anything that UPDATE is in the effect's own transaction: the effect commits together
with `done`, or not at all, so a job taken over from a dead (or too slow) worker is done once.

Configuration: the `jobs_*` settings (billing.settings, docs/configuration.md), read when used.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from billing.access import Actor
from billing.db.connection import Database
from billing.db.models import new_id
from billing.jobs.models import JobRow
from schemas.problems import Problem

KINDS = ("claim_build", "response_ingest", "whatif", "filing_watch")
# Every setting this package reads, with its default: the lead wires these into billing/settings.py.


@dataclass(frozen=True)
class Config:
    lease_seconds: float = 60.0
    max_attempts: int = 5
    backoff_first: float = 10.0
    backoff_max: float = 3600.0

    @classmethod
    def from_env(cls) -> Config:
        from billing.settings import load

        cfg = load()  # read afresh: a test may change a variable between two jobs
        return cls(lease_seconds=cfg.jobs_lease_seconds, max_attempts=cfg.jobs_max_attempts,
                   backoff_first=cfg.jobs_backoff_seconds)

    def lease(self) -> timedelta:
        return timedelta(seconds=self.lease_seconds)

    def backoff(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.backoff_first * 2 ** max(attempts - 1, 0), self.backoff_max))


@dataclass(frozen=True)
class Lease:
    """A job as a worker holds it: what to run, as whom, and the lease that lets it record the outcome."""

    job_id: str
    lease: str
    kind: str
    attempt: int
    actor: Actor
    params: dict[str, Any]
    payload: str | None


class LeaseLost(Exception):
    """The lease ran out and another worker holds the job now: this worker's outcome is not recorded."""


def now() -> datetime:
    return datetime.now(UTC)


def problem(status: int, title: str, detail: str, instance: str | None = None) -> dict[str, Any]:
    return Problem(title=title, status=status, detail=detail, instance=instance).model_dump(exclude_none=True)


def enqueue(s: Session, actor: Actor, kind: str, agencies: tuple[str, ...], params: dict[str, Any],
            payload: str | None = None, config: Config | None = None) -> JobRow:
    """Queue a job in the caller's transaction (the caller commits); it runs as `actor`."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind}")
    config = config or Config.from_env()
    at = now()
    row = JobRow(id=new_id(), agency_id=agencies[0], agencies=list(agencies), kind=kind, status="queued",
                 params=params, payload=payload, created_by=actor.key_id, role=actor.role,
                 request_id=actor.request_id[:36], attempts=0, max_attempts=config.max_attempts, run_after=at,
                 progress_done=0, created_at=at)
    s.add(row)
    s.flush()
    return row


SYSTEM = Actor(key_id="system", role="system")  # a chore the workers schedule themselves, over every agency


def daily_id(kind: str, day: date) -> str:
    """The id of `kind`'s chore for `day`, as every worker computes it: laid out like new_id (midnight UTC's
    milliseconds, a sequence, then 64 bits, here from the kind's name) so it sorts among the other jobs."""
    ms = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)
    return f"{ms:012x}ffff{hashlib.sha256(kind.encode()).hexdigest()[:16]}"


def schedule_daily(db: Database, kind: str, day: date, params: dict[str, Any], config: Config | None = None) -> bool:
    """Queue `kind`'s chore for `day` unless a worker already has: whether this call queued it. The chore is
    over no agency in particular, so no agency's key lists or reads it (the operator's `peerbill jobs` does)."""
    from billing.intake import insert_once

    config = config or Config.from_env()
    at = now()
    row = {"id": daily_id(kind, day), "agency_id": "", "agencies": [], "kind": kind, "status": "queued",
           "params": params, "payload": None, "created_by": SYSTEM.key_id, "role": SYSTEM.role,
           "request_id": f"{kind}-{day.isoformat()}", "attempts": 0, "max_attempts": config.max_attempts,
           "run_after": at, "progress_done": 0, "created_at": at}
    with db.writing() as s:
        queued = insert_once(s, JobRow, row, ["id"])
        s.commit()
    return queued


def _due(at: datetime) -> Any:
    j = JobRow
    return or_(and_(j.status == "queued", j.run_after <= at),
               and_(j.status == "running", j.lease_until < at))  # a dead worker's job


def claim(db: Database, worker: str, config: Config, kinds: tuple[str, ...] = KINDS) -> Lease | None:
    """Lease the next due job (oldest first), or None. A job whose worker died `max_attempts` times is failed."""
    while True:
        at = now()
        with db.writing() as s:
            q = select(JobRow).where(_due(at), JobRow.kind.in_(kinds)).order_by(JobRow.run_after, JobRow.id).limit(1)
            if not db.is_sqlite:
                q = q.with_for_update(skip_locked=True)
            row = s.scalars(q).first()
            if row is None:
                return None
            if row.attempts >= row.max_attempts:  # its last lease ran out: the worker died on it every time
                _finish_failed(row, at, problem(500, "Internal server error", f"the job's worker stopped "
                                                f"{row.attempts} times before finishing it", row.request_id))
                s.commit()
                continue
            row.attempts += 1
            row.status, row.lease, row.lease_until, row.worker = "running", new_id(), at + config.lease(), worker
            row.started_at = row.started_at or at
            lease = Lease(row.id, row.lease, row.kind, row.attempts,
                          Actor(key_id=row.created_by, role=row.role, agency_ids=tuple(row.agencies),
                                request_id=row.request_id),
                          dict(row.params), row.payload)
            s.commit()
            return lease


def _finish_failed(row: JobRow, at: datetime, error: dict[str, Any]) -> None:
    row.status, row.error, row.finished_at, row.lease, row.lease_until = "failed", error, at, None, None


def _mine(lease: Lease) -> Any:
    return (JobRow.id == lease.job_id) & (JobRow.lease == lease.lease)


def heartbeat(db: Database, lease: Lease, config: Config, done: int | None = None, total: int | None = None
              ) -> bool:
    """Push the lease on (and record progress); False when the lease is no longer this worker's."""
    values: dict[str, Any] = {"lease_until": now() + config.lease()}
    if done is not None:
        values["progress_done"] = done
    if total is not None:
        values["progress_total"] = total
    with db.writing() as s:
        n = s.execute(update(JobRow).where(_mine(lease)).values(**values)).rowcount
        s.commit()
    return n == 1


def finish(s: Session, lease: Lease, result: dict[str, Any], done: int | None = None) -> None:
    """Mark the job done with its result, in the caller's transaction (the effect's); LeaseLost if the lease is
    not this worker's any more, and the caller must roll back."""
    result = json.loads(json.dumps(result, default=str))  # Decimals and dates as the API writes them
    values: dict[str, Any] = {"status": "done", "result": result, "error": None, "finished_at": now(),
                              "lease": None, "lease_until": None}
    if done is not None:
        values.update(progress_done=done, progress_total=done)
    if s.execute(update(JobRow).where(_mine(lease)).values(**values)).rowcount != 1:
        raise LeaseLost(lease.job_id)


def fail(db: Database, lease: Lease, error: dict[str, Any], config: Config, retry: bool) -> str:
    """Record a failure: queued again after a backoff when `retry` and attempts remain, else failed. The status."""
    at = now()
    with db.writing() as s:
        row = s.scalars(select(JobRow).where(_mine(lease)).with_for_update()).first()
        if row is None:
            return "lost"
        if retry and row.attempts < row.max_attempts:
            row.status, row.error, row.lease, row.lease_until = "queued", error, None, None
            row.run_after = at + config.backoff(row.attempts)
        else:
            _finish_failed(row, at, error)
        status = row.status
        s.commit()
    return status
