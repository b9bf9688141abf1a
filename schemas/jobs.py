"""A background job as the API shows it (GET /v1/jobs/{id})."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from schemas.problems import Problem


class JobProgress(BaseModel):
    done: int = Field(description="Items done so far (encounters judged, candidates built, files ingested).")
    total: int | None = Field(None, description="Items in all, once known.")


class JobOut(BaseModel):
    id: str
    kind: str = Field(description="claim_build, response_ingest, whatif, or filing_watch (the daily chore the "
                      "workers queue themselves; only the operator's `peerbill jobs` shows it).")
    status: str = Field(description="queued, running, done or failed (a failure may be retried: queued again).")
    agency_id: str
    progress: JobProgress
    attempts: int = Field(description="Times a worker has taken it up.")
    max_attempts: int
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    run_after: datetime | None = Field(None, description="When a queued job is next due (after a backoff).")
    result: dict[str, Any] | None = Field(None, description="When done: what the synchronous route answers.")
    error: Problem | None = Field(None, description="When failed (or the last failed attempt of a retried job).")
