"""/v1/responses (999, 277CA, 835 files in) and /v1/claims/{id}/timeline."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import select

from api.deps import database, role
from api.errors import problem
from billing.access import AccessError, Actor
from billing.db.connection import Database
from billing.db.models import ClaimEvent, ClaimRow
from billing.ingest import Ingestor, ResponseError

router = APIRouter(tags=["responses"])
Billing = Annotated[Actor, Depends(role("billing"))]
Reader = Annotated[Actor, Depends(role("billing", "auditor"))]
_RAW = {"requestBody": {"required": True, "content": {"application/edi-x12": {"schema": {"type": "string"}},
                                                      "text/plain": {"schema": {"type": "string"}}}}}


@router.post("/v1/responses", summary="Ingest a payer's 999, 277CA or 835 file (raw X12 body)",
             openapi_extra=_RAW, responses={200: {"description": "Already ingested: nothing changed"},
                                           400: {"description": "Malformed or unbalanced: nothing stored"}})
async def post_response(request: Request, who: Billing, db: Database = Depends(database)) -> Any:
    body = await request.body()
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return problem(400, "an X12 file is ASCII text", request=request)
    try:
        done = await run_in_threadpool(Ingestor(db).ingest, who, text)
    except ResponseError as exc:
        return problem(400, str(exc), request=request)
    body_out = {"id": done.response_id, "kind": done.kind, "duplicate": done.duplicate, "summary": done.summary}
    return JSONResponse(body_out, status_code=200 if done.duplicate else 201)


@router.get("/v1/claims/{claim_id}/timeline", summary="Every response and status change of a claim, in order")
def claim_timeline(claim_id: str, who: Reader, db: Database = Depends(database)) -> list[dict[str, Any]]:
    with db.reading() as s:
        c = s.get(ClaimRow, claim_id)
        if c is None or c.agency_id not in who.agency_ids:
            raise AccessError(404, f"no claim {claim_id}")
        events = s.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)
                           .order_by(ClaimEvent.at, ClaimEvent.id)).all()
        built = {"at": c.created_at, "status": "built", "line_id": None, "response_id": None,
                 "charge": str(c.total_charge), "paid": None, "detail": {"file_id": c.file_id}}
        return [built] + [{"at": e.at, "status": e.status, "line_id": e.line_id, "response_id": e.response_id,
                           "charge": str(e.charge) if e.charge is not None else None,
                           "paid": str(e.paid) if e.paid is not None else None, "detail": e.detail}
                          for e in events]
