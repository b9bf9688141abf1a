"""/v1/encounters: post, resend, correct, void, read, list, and dry-run encounters."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session

from api.deps import database, intake, role
from api.errors import problem
from api.idempotency import IDEMPOTENT
from api.routers.worklists import CSV, Cursor, listing
from billing.access import Actor
from billing.db.connection import Database
from billing.gcpause import paused
from billing.intake import Intake, Outcome
from billing.reads import get_encounter, list_encounters
from billing.timelines import at_risk, encounter_timeline
from billing.worklists.pages import decode, page
from schemas.api import (
    AtRiskItem,
    BatchIn,
    BatchItemOut,
    BatchOut,
    EncounterOut,
    EncounterPage,
    EncounterStatus,
    TimelineEntry,
    ValidateOut,
)
from schemas.encounter import Encounter
from schemas.problems import field_errors
from schemas.worklists import Page

router = APIRouter(prefix="/v1/encounters", tags=["encounters"])
Writer = Annotated[Actor, Depends(role("ehr", "billing"))]
Reader = Annotated[Actor, Depends(role("ehr", "billing", "auditor"))]
Auditing = Annotated[Actor, Depends(role("billing", "auditor"))]
AgencyQ = Annotated[str | None, Query(description="Agency to read, for auditor keys granted several.")]


def _json(status: int, content: BaseModel) -> Response:
    """The answer serialized once by pydantic (a batch answer is a thousand verdicts)."""
    return Response(content.model_dump_json(), status_code=status, media_type="application/json")


def _single(db: Database, who: Actor, o: Outcome, request: Request,
            encounter: Encounter | None = None) -> JSONResponse | EncounterOut:
    if o.status in (404, 409):
        return problem(o.status, o.title, request=request)
    if o.status == 201 and encounter is not None and o.verdict is not None and o.at is not None:
        # Just written: answer from memory rather than reading it back.
        return EncounterOut(id=o.encounter_id, agency_id=who.agency_ids[0], version=1, created_at=o.at,
                            updated_at=o.at, status="billable" if o.verdict.billable else "not_billable",
                            encounter=encounter, verdict=o.verdict)
    with db.reading() as s:
        return get_encounter(s, who, who.agency_ids, o.encounter_id).model_copy(update={"versions": None})


@router.post("", status_code=201, response_model=EncounterOut, summary="Post one encounter",
             responses={200: {"description": "The same encounter was already stored (a resend)"},
                        409: {"description": "The id exists with a different payload"}},
             dependencies=[IDEMPOTENT])
async def post_encounter(request: Request, encounter: Encounter, who: Writer, db: Database = Depends(database),
                         svc: Intake = Depends(intake)) -> Any:
    # The database work runs in the thread pool, so the event loop keeps serving other requests.
    return await run_in_threadpool(_post_one, request, encounter, who, db, svc)


def _post_one(request: Request, encounter: Encounter, who: Actor, db: Database, svc: Intake) -> Any:
    o = svc.submit(who, [(0, encounter)])[0]
    out = _single(db, who, o, request, encounter)
    return out if isinstance(out, JSONResponse) else _json(o.status, out)


_BATCH_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": BatchIn.model_json_schema()}}}}


@router.post("/batch", response_model=BatchOut, summary="Post up to 1,000 encounters; each item is atomic",
             openapi_extra=_BATCH_BODY, dependencies=[IDEMPOTENT])
async def post_batch(request: Request, who: Writer, svc: Intake = Depends(intake)) -> Any:
    body = await request.body()
    return await run_in_threadpool(_post_batch, request, who, body, svc)


class _ValidBatch(BaseModel):
    """A batch whose every item is valid: read straight from the JSON text in one pass (the usual case)."""

    model_config = ConfigDict(extra="forbid")
    items: list[Encounter] = Field(min_length=1, max_length=1000)


def _parse_batch(body: bytes) -> tuple[int, list[tuple[int, Encounter]], dict[int, BatchItemOut]]:
    """The batch's items: every one valid in one pass (the usual case), else item by item with its errors."""
    try:
        encs = _ValidBatch.model_validate_json(body).items
        return len(encs), list(enumerate(encs)), {}
    except ValidationError:
        pass
    batch = BatchIn.model_validate_json(body)  # a body that is not a batch at all is a 422 for the whole request
    valid, failed = [], {}
    for i, raw in enumerate(batch.items):
        try:
            valid.append((i, Encounter.model_validate(raw)))
        except ValidationError as exc:
            failed[i] = BatchItemOut(index=i, status=422, title="invalid encounter",
                                     errors=field_errors(exc, ("items", i)))
    return len(batch.items), valid, failed


def _post_batch(request: Request, who: Actor, body: bytes, svc: Intake) -> Any:
    # A batch makes a few hundred thousand objects that live until it is answered and form no cycles: the cyclic
    # collector would traverse them (and every object of the worker, in its full passes) again and again for
    # nothing, a third of a batch's CPU time in measurements. It resumes once the batch's objects are gone.
    with paused():
        return _answer_batch(request, who, body, svc)


def _answer_batch(request: Request, who: Actor, body: bytes, svc: Intake) -> Any:
    try:
        count, valid, results = _parse_batch(body)
    except ValidationError as exc:
        return problem(422, "the body is not a batch of items", field_errors(exc), request)
    for o in svc.submit(who, valid) if valid else []:
        results[o.index] = BatchItemOut(index=o.index, status=o.status, id=o.encounter_id, version=o.version,
                                        verdict=o.verdict, title=o.title)
    items = [results[i] for i in range(count)]
    out = BatchOut(created=sum(r.status == 201 for r in items), unchanged=sum(r.status == 200 for r in items),
                   failed=sum(r.status >= 400 for r in items), items=items)
    return _json(200, out)


@router.post("/validate", response_model=ValidateOut, summary="Dry run: judge an encounter, store nothing")
def validate(encounter: Encounter, who: Writer, svc: Intake = Depends(intake)) -> ValidateOut:
    return ValidateOut(verdict=svc.preview(who, encounter))


@router.put("/{encounter_id}", response_model=EncounterOut, summary="Correct an encounter (keeps every version)",
            dependencies=[IDEMPOTENT])
def correct(encounter_id: str, encounter: Encounter, request: Request, who: Writer,
            db: Database = Depends(database), svc: Intake = Depends(intake)) -> Any:
    if encounter.encounter_id != encounter_id:
        return problem(422, "encounter_id in the body must match the id in the path", request=request)
    o = svc.submit(who, [(0, encounter)], mode="correct")[0]
    return _single(db, who, o, request)


@router.delete("/{encounter_id}", response_model=EncounterOut, summary="Void an encounter (history is kept)",
               dependencies=[IDEMPOTENT])
def void(encounter_id: str, request: Request, who: Writer, db: Database = Depends(database),
         svc: Intake = Depends(intake)) -> Any:
    o = svc.void(who, encounter_id)
    return _single(db, who, o, request)


@router.get("/at-risk", response_model=Page[AtRiskItem], responses=CSV,
            summary="Timely-filing watch: billable, not yet accepted, deadline within N days (soonest first)")
def get_at_risk(request: Request, who: Auditing,
                within_days: Annotated[int, Query(ge=0, le=3650, description="Days from today.")] = 30,
                overdue: Annotated[bool, Query(description="Also list those whose deadline has passed.")] = False,
                limit: Annotated[int, Query(ge=1, le=5000)] = 500, agency: AgencyQ = None, cursor: Cursor = None,
                db: Database = Depends(database)) -> Any:
    agencies, today = who.readable(agency), request.app.state.intake.today()

    def fetch(s: Session, c: str | None) -> Page[AtRiskItem]:
        rows = at_risk(s, who, agencies, within_days, today, include_overdue=overdue, limit=limit + 1,
                       after=decode(c, str, str, str, str))
        return page(rows, limit, lambda i: i, lambda i: [i.filing_deadline, i.service_date, i.id, i.agency_id])

    return listing(request, db, fetch, cursor, list(AtRiskItem.model_fields), "at-risk")


@router.get("/{encounter_id}/timeline", response_model=list[TimelineEntry],
            summary="Every version, verdict, claim, acknowledgement and remittance of an encounter, in order")
def get_timeline(encounter_id: str, who: Auditing, agency: AgencyQ = None,
                 db: Database = Depends(database)) -> list[TimelineEntry]:
    with db.reading() as s:
        out = encounter_timeline(s, who, who.readable(agency), encounter_id)
        s.commit()
        return out


@router.get("/{encounter_id}", response_model=EncounterOut, summary="One encounter with every version")
def read(encounter_id: str, who: Reader, agency: AgencyQ = None, db: Database = Depends(database)) -> EncounterOut:
    with db.reading() as s:
        out = get_encounter(s, who, who.readable(agency), encounter_id)
        s.commit()  # the audit event of a person's read
        return out


@router.get("", response_model=EncounterPage, summary="List encounters (cursor pagination)")
def list_(request: Request, who: Reader, status: EncounterStatus | None = None,
          member: Annotated[str | None, Query(max_length=80, description="Member's Medicaid id.")] = None,
          from_: Annotated[date | None, Query(alias="from", description="First date of service.")] = None,
          to: Annotated[date | None, Query(description="Last date of service.")] = None,
          cursor: Annotated[str | None, Query(max_length=200)] = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 100, agency: AgencyQ = None,
          db: Database = Depends(database)) -> Any:
    with db.reading() as s:
        try:
            page = list_encounters(s, who, who.readable(agency), status=status, member=member, date_from=from_,
                                   date_to=to, cursor=cursor, limit=limit)
        except ValueError as exc:
            return problem(400, str(exc), request=request)
        s.commit()
        return page

