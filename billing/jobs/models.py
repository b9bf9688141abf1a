"""The jobs table: long work (claim builds over large ranges, big 835 ingests, what-if runs) queued by a request
and run by `peerbill worker`, with its lease, attempts, progress and result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from billing.db.models import Base, new_id


class JobRow(Base):
    """One job. `queued` until a worker leases it (a lease id and a deadline its heartbeats push on), `running`
    while leased, then `done` (with `result`) or `failed` (with `error`, an RFC 9457 problem). A lease that runs
    out (the worker died) puts it back in reach of the next worker; only the holder of the current lease can
    record an outcome, in the same transaction as the job's effect where the effect writes anything."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_due", "status", "run_after"),
        Index("ix_jobs_agency", "agency_id", "created_at"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(String(32))  # the first of `agencies`: listing and tenancy index
    agencies: Mapped[list[str]] = mapped_column(JSON)  # every agency the job reads or writes
    kind: Mapped[str] = mapped_column(String(20))  # claim_build | response_ingest | whatif
    status: Mapped[str] = mapped_column(String(10))  # queued | running | done | failed
    params: Mapped[dict[str, Any]] = mapped_column(JSON)  # the request, without the payload below
    payload: Mapped[str | None] = mapped_column(Text)  # a large input (an X12 file), never logged
    created_by: Mapped[str] = mapped_column(String(16))  # the key id
    role: Mapped[str] = mapped_column(String(10))  # the key's role when it was queued: the job runs as it
    request_id: Mapped[str] = mapped_column(String(36))
    attempts: Mapped[int] = mapped_column(Integer)  # leases taken so far
    max_attempts: Mapped[int] = mapped_column(Integer)
    run_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # not before (backoff after a failure)
    lease: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(String(64))  # who holds (or last held) the lease
    progress_done: Mapped[int] = mapped_column(Integer)
    progress_total: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the last failure, as a problem
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # the first lease
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
