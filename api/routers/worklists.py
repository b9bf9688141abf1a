"""Staff's and auditors' lists: /v1/claims, /v1/claim-files, /v1/responses, /v1/unmatched, and claim work states.
Every list pages the same way ({items, next_cursor}) and answers `Accept: text/csv` with every matching row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from api.deps import database, role
from api.errors import problem
from billing.access import AccessError, Actor
from billing.db.connection import Database
from billing.worklists.claims import ClaimFilters, list_claim_files, list_claims, set_work_state
from billing.worklists.pages import MAX_ID, csv_lines, walk
from billing.worklists.responses import get_response, list_responses
from billing.worklists.unmatched import get_unmatched, list_unmatched, resolve
from schemas.api import ClaimFileOut
from schemas.worklists import (
    ClaimSummary,
    Page,
    ResolveIn,
    ResponseDetail,
    ResponseKind,
    ResponseSummary,
    UnmatchedOut,
    WorkState,
    WorkStateIn,
)


def no_nul(request: Request) -> None:
    """A NUL in a query or path value is refused here: PostgreSQL cannot compare text holding one."""
    if any("\x00" in v for v in (*request.query_params.values(), *request.path_params.values())):
        raise AccessError(400, "a query or path value holds a NUL character")


router = APIRouter(tags=["work queues"], dependencies=[Depends(no_nul)])
Billing = Annotated[Actor, Depends(role("billing"))]
Reader = Annotated[Actor, Depends(role("billing", "auditor"))]
AgencyQ = Annotated[str | None, Query(description="Agency to read, for auditor keys granted several.")]
Cursor = Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page.")]
Limit = Annotated[int, Query(ge=1, le=1000)]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="The unmatched item's id.")]
CSV = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
             "description": "A page, or with `Accept: text/csv` every matching row as CSV."}}


def wants_csv(request: Request) -> bool:
    return "text/csv" in request.headers.get("accept", "")


def listing(request: Request, db: Database, fetch: Callable[[Any, str | None], Page[Any]], cursor: str | None,
            columns: Sequence[str], name: str) -> Any:
    """One page, or (Accept: text/csv) every page as CSV; a cursor not given out here is a 400."""
    with db.reading() as s:
        try:
            if wants_csv(request):
                body = "".join(csv_lines(walk(lambda c: fetch(s, c)), columns))
                s.commit()
                return Response(body, media_type="text/csv",
                                headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
            out = fetch(s, cursor)
        except ValueError as exc:
            return problem(400, str(exc), request=request)
        s.commit()  # the audit events of a person's reads
        return out


@router.get("/v1/claims", response_model=Page[ClaimSummary], responses=CSV, summary="Claims, newest first")
def get_claims(request: Request, who: Reader, db: Database = Depends(database), agency: AgencyQ = None,
               status: Annotated[str | None, Query(max_length=16, description="The payer's status.")] = None,
               work_state: WorkState | None = None,
               payer: Annotated[str | None, Query(max_length=80, description="Payer set-up id or payer id.")] = None,
               member: Annotated[str | None, Query(max_length=80, description="Member's Medicaid id.")] = None,
               peer: Annotated[str | None, Query(pattern="^[0-9]{10}$", description="Rendering NPI.")] = None,
               from_: Annotated[date | None, Query(alias="from", description="First date of service.")] = None,
               to: Annotated[date | None, Query(description="Last date of service.")] = None,
               file: Annotated[str | None, Query(max_length=32, description="Claim file id.")] = None,
               active: bool | None = None, cursor: Cursor = None, limit: Limit = 100) -> Any:
    f = ClaimFilters(status=status, work_state=work_state, payer=payer, member=member, peer=peer, date_from=from_,
                     date_to=to, file=file, active=active)
    agencies = who.readable(agency)
    return listing(request, db, lambda s, c: list_claims(s, who, agencies, f, c, limit), cursor,
                   list(ClaimSummary.model_fields), "claims")


@router.put("/v1/claims/{claim_id}/work-state", response_model=ClaimSummary,
            summary="Set staff's work state of a claim (held, needs review, written off, finalized) with a note")
def put_work_state(claim_id: str, data: WorkStateIn, who: Billing, db: Database = Depends(database)) -> ClaimSummary:
    with db.writing() as s:
        out = set_work_state(s, who, claim_id, data)
        s.commit()
        return out


@router.get("/v1/claim-files", response_model=Page[ClaimFileOut], responses=CSV, summary="Claim files, newest first")
def get_claim_files(request: Request, who: Reader, db: Database = Depends(database), agency: AgencyQ = None,
                    payer: Annotated[str | None, Query(max_length=80, description="Payer set-up id or payer id.")
                                     ] = None,
                    created_from: datetime | None = None, created_to: datetime | None = None,
                    cursor: Cursor = None, limit: Limit = 100) -> Any:
    agencies = who.readable(agency)
    return listing(request, db, lambda s, c: list_claim_files(s, agencies, payer, created_from, created_to, c, limit),
                   cursor, list(ClaimFileOut.model_fields), "claim-files")


@router.get("/v1/responses", response_model=Page[ResponseSummary], responses=CSV,
            summary="Every 999, 277CA and 835 ingested, newest first")
def get_responses(request: Request, who: Reader, db: Database = Depends(database), agency: AgencyQ = None,
                  kind: ResponseKind | None = None, cursor: Cursor = None, limit: Limit = 100) -> Any:
    agencies = who.readable(agency)
    return listing(request, db, lambda s, c: list_responses(s, agencies, kind, c, limit), cursor,
                   list(ResponseSummary.model_fields), "responses")


@router.get("/v1/responses/{response_id}", response_model=ResponseDetail,
            summary="One response file: readable JSON (codes with their texts) and the raw X12")
def get_one_response(response_id: str, who: Reader, db: Database = Depends(database),
                     agency: AgencyQ = None) -> ResponseDetail:
    with db.reading() as s:
        out = get_response(s, who, who.readable(agency), response_id)
        s.commit()  # the audit event of a person's read
        return out


@router.get("/v1/unmatched", response_model=Page[UnmatchedOut], responses=CSV,
            summary="Remittance and acknowledgement items that matched no claim, newest first")
def get_unmatched_list(request: Request, who: Reader, db: Database = Depends(database), agency: AgencyQ = None,
                       resolution: Annotated[str, Query(pattern="^(open|resolved|dismissed|all)$",
                                                        description="open (default), resolved, dismissed or all.")
                                             ] = "open",
                       kind: ResponseKind | None = None, cursor: Cursor = None, limit: Limit = 100) -> Any:
    agencies = who.readable(agency)
    res = None if resolution == "all" else resolution
    return listing(request, db, lambda s, c: list_unmatched(s, agencies, res, kind, c, limit), cursor,
                   list(UnmatchedOut.model_fields), "unmatched")


@router.get("/v1/unmatched/{item_id}", response_model=UnmatchedOut, summary="One unmatched item")
def get_unmatched_item(item_id: ItemId, who: Reader, db: Database = Depends(database),
                       agency: AgencyQ = None) -> UnmatchedOut:
    with db.reading() as s:
        return get_unmatched(s, who.readable(agency), item_id)


@router.post("/v1/unmatched/{item_id}/resolve", response_model=UnmatchedOut,
             summary="Match an unmatched item to a claim (posted as if it had matched) or dismiss it with a reason")
def post_resolve(item_id: ItemId, data: ResolveIn, who: Billing, db: Database = Depends(database)) -> UnmatchedOut:
    return resolve(db, who, item_id, data)
