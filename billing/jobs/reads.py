"""Reading jobs, tenant-scoped: a key sees the jobs of its agencies only."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.access import AccessError
from billing.jobs.models import JobRow
from schemas.jobs import JobOut, JobProgress


def _utc(at: datetime | None) -> datetime | None:
    return None if at is None else at if at.tzinfo else at.replace(tzinfo=UTC)


def job_out(row: JobRow) -> JobOut:
    return JobOut(id=row.id, kind=row.kind, status=row.status, agency_id=row.agency_id,
                  progress=JobProgress(done=row.progress_done, total=row.progress_total), attempts=row.attempts,
                  max_attempts=row.max_attempts, created_at=_utc(row.created_at),  # type: ignore[arg-type]
                  started_at=_utc(row.started_at), finished_at=_utc(row.finished_at),
                  run_after=_utc(row.run_after) if row.status == "queued" else None,
                  result=row.result, error=row.error)  # type: ignore[arg-type]


def get_job(s: Session, agencies: tuple[str, ...] | None, job_id: str) -> JobRow:
    """The job, if every agency it touches is one of `agencies` (None: any, for the operator's CLI); else 404.
    A system chore (over no agency) is the operator's alone."""
    row = s.get(JobRow, job_id)
    if row is None or (agencies is not None and not (row.agencies and set(row.agencies) <= set(agencies))):
        raise AccessError(404, f"no job {job_id}")
    return row


def list_jobs(s: Session, agencies: tuple[str, ...] | None, status: str | None, kind: str | None,
              before: str | None, limit: int) -> list[JobRow]:
    """Up to `limit` jobs, newest first (ids are time-ordered); `before` is the last id of the previous page.

    A job over several agencies is listed under its first; a key that does not hold all of them must not see
    it. Those are dropped after reading, so reading goes on past them until the page is full or the rows run
    out: a page is never short while older visible jobs remain."""
    q = select(JobRow).order_by(JobRow.id.desc())
    if agencies is not None:
        q = q.where(JobRow.agency_id.in_(agencies))
    if status:
        q = q.where(JobRow.status == status)
    if kind:
        q = q.where(JobRow.kind == kind)
    out: list[JobRow] = []
    while len(out) < limit:
        rows = s.scalars((q.where(JobRow.id < before) if before else q).limit(limit)).all()
        out += [r for r in rows if agencies is None or set(r.agencies) <= set(agencies)]
        if len(rows) < limit:
            break
        before = rows[-1].id
    return out[:limit]
