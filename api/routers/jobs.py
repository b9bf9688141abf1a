"""/v1/jobs: long work queued by a request (a large claim build, a big 835, a what-if), its progress and result.

Routes that queue a job answer 202 with `Location: /v1/jobs/{id}` and the job; `accepted` builds that answer.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from api.deps import database, role
from api.routers.worklists import Cursor, no_nul
from billing.access import AccessError, Actor
from billing.db.connection import Database
from billing.jobs.models import JobRow
from billing.jobs.queue import KINDS, enqueue
from billing.jobs.reads import get_job, job_out, list_jobs
from billing.worklists.pages import decode, page
from schemas.jobs import JobOut
from schemas.worklists import Page

router = APIRouter(tags=["jobs"], dependencies=[Depends(no_nul)])
Reader = Annotated[Actor, Depends(role("billing", "auditor"))]
ACCEPTED = {202: {"model": JobOut, "description": "Queued as a job: follow the Location header (GET /v1/jobs/{id})."}}


def accepted(db: Database, who: Actor, kind: str, agencies: tuple[str, ...], params: dict[str, Any],
             payload: str | None = None) -> JSONResponse:
    """Queue a job as `who` and answer 202 with where to follow it."""
    with db.writing() as s:
        row = enqueue(s, who, kind, agencies, params, payload)
        s.commit()
        body = job_out(row).model_dump(mode="json")
    return JSONResponse(body, status_code=202, headers={"Location": f"/v1/jobs/{row.id}"})


@router.get("/v1/jobs/{job_id}", response_model=JobOut, summary="A job: status, progress, and result or error")
def get_one(job_id: str, who: Reader, db: Database = Depends(database)) -> JobOut:
    with db.reading() as s:
        return job_out(get_job(s, who.agency_ids, job_id))


@router.get("/v1/jobs", response_model=Page[JobOut], summary="The agency's jobs, newest first")
def get_many(who: Reader, db: Database = Depends(database), cursor: Cursor = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 100,
             status: Annotated[str | None, Query(pattern="^(queued|running|done|failed)$")] = None,
             kind: Annotated[str | None, Query(pattern=f"^({'|'.join(KINDS)})$")] = None) -> Any:
    try:
        key = decode(cursor, str)
    except ValueError as exc:
        raise AccessError(400, str(exc)) from None

    def rows(s: Session) -> list[JobRow]:
        return list_jobs(s, who.agency_ids, status, kind, key[0] if key else None, limit + 1)

    with db.reading() as s:
        return page(rows(s), limit, job_out, lambda r: [r.id])
