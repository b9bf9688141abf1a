"""/v1/responses (999, 277CA, 835 files in) and /v1/claims/{id}/timeline."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import database, role
from api.errors import problem
from api.routers.jobs import ACCEPTED, accepted
from billing.access import Actor
from billing.db.connection import Database
from billing.ingest import Ingestor, ResponseError
from billing.settings import load
from billing.timelines import claim_timeline
from schemas.api import IngestOut, TimelineEntry

router = APIRouter(tags=["responses"])
Billing = Annotated[Actor, Depends(role("billing"))]
Reader = Annotated[Actor, Depends(role("billing", "auditor"))]
_RAW = {"requestBody": {"required": True, "content": {"application/edi-x12": {"schema": {"type": "string"}},
                                                      "text/plain": {"schema": {"type": "string"}}}}}


@router.post("/v1/responses", summary="Ingest a payer's 999 (or 997), 277CA or 835 file (raw X12 body, UTF-8)",
             openapi_extra=_RAW, status_code=201, response_model=IngestOut,
             responses={200: {"description": "Already ingested: nothing changed", "model": IngestOut},
                        400: {"description": "Malformed or unbalanced: nothing stored"}, **ACCEPTED})
async def post_response(request: Request, who: Billing, db: Database = Depends(database),
                        run_async: Annotated[bool, Query(alias="async", description="Queue it as a job (202, "
                                                         "Location /v1/jobs/{id}); a file larger than "
                                                         "PEERBILL_JOBS_X12_ASYNC_BYTES always is.")] = False
                        ) -> Any:
    body = await request.body()  # bytes as received: their sha256 is what is stored
    if b"\x00" in body:  # not X12, and PostgreSQL cannot store it
        return problem(400, "an X12 file holds no NUL characters", request=request)
    if run_async or len(body) > load().jobs_x12_async_bytes:
        return await run_in_threadpool(_queue, db, who, body)
    try:
        done = await run_in_threadpool(Ingestor(db).ingest, who, body)
    except ResponseError as exc:
        return problem(400, str(exc), request=request)
    body_out = {"id": done.response_id, "kind": done.kind, "duplicate": done.duplicate, "summary": done.summary}
    return JSONResponse(body_out, status_code=200 if done.duplicate else 201)


def _queue(db: Database, who: Actor, body: bytes) -> JSONResponse:
    """The file as a job's payload: its text when it is UTF-8 (so its bytes are kept exactly), else base64."""
    try:
        payload, encoding = body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        payload, encoding = base64.b64encode(body).decode(), "base64"
    return accepted(db, who, "response_ingest", (who.agency_for_billing(),), {"encoding": encoding}, payload)


@router.get("/v1/claims/{claim_id}/timeline", response_model=list[TimelineEntry],
            summary="Every response and status change of a claim and its lines, in order")
def get_claim_timeline(claim_id: str, who: Reader, db: Database = Depends(database)) -> list[TimelineEntry]:
    with db.reading() as s:
        return claim_timeline(s, who.agency_ids, claim_id)
