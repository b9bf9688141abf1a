"""/v1/rejections: every "no" (our rules, 999, 277CA, 835), as a list, a CSV export or a summary."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from api.deps import database, role
from api.errors import problem
from billing.access import Actor
from billing.db.connection import Database
from billing.rejection_reports import Filters, iter_csv, list_rejections, summarize
from schemas.api import GroupBy, RejectionPage, RejectionSource, SummaryOut

router = APIRouter(prefix="/v1/rejections", tags=["auditors"])
Reader = Annotated[Actor, Depends(role("billing", "auditor"))]
_CSV = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
              "description": "The rows, or with `Accept: text/csv` every matching row as CSV (streamed)."}}


async def filters(source: Annotated[RejectionSource | None, Query(description="Where the \"no\" came from.")] = None,
            state: Annotated[str | None, Query(pattern="^[A-Z]{2}$", description="Medicaid state.")] = None,
            payer: Annotated[str | None, Query(max_length=80, description="Payer id.")] = None,
            provider: Annotated[str | None, Query(pattern="^[0-9]{10}$", description="Rendering NPI.")] = None,
            member: Annotated[str | None, Query(max_length=80, description="Member's Medicaid id.")] = None,
            code: Annotated[str | None, Query(max_length=40, description="e.g. CO-29, A7:21, units.cap_exceeded."
                                              )] = None,
            from_: Annotated[date | None, Query(alias="from", description="First date of service.")] = None,
            to: Annotated[date | None, Query(description="Last date of service.")] = None) -> Filters:
    # async: parsing needs no hop to the thread pool
    return Filters(source=source, state=state, payer=payer, provider=provider, member=member, code=code,
                   date_from=from_, date_to=to)


Filtered = Annotated[Filters, Depends(filters)]
AgencyQ = Annotated[str | None, Query(description="Agency to read, for auditor keys granted several.")]


@router.get("", response_model=RejectionPage, responses=_CSV,
            summary="Every rejected or denied item and why, newest first (JSON pages, or CSV)")
def get_rejections(request: Request, who: Reader, f: Filtered, agency: AgencyQ = None,
                   cursor: Annotated[str | None, Query(max_length=200)] = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100, db: Database = Depends(database)) -> Any:
    agencies = who.readable(agency)
    if "text/csv" in request.headers.get("accept", ""):
        return StreamingResponse(iter_csv(db.reading, who, agencies, f), media_type="text/csv",
                                 headers={"Content-Disposition": 'attachment; filename="rejections.csv"'})
    with db.reading() as s:
        try:
            page = list_rejections(s, who, agencies, f, cursor, limit)
        except ValueError as exc:
            return problem(400, str(exc), request=request)
        s.commit()  # the audit event of a person's read
    # Serialized once, by pydantic: returned as the model, FastAPI would validate it again, convert it to Python
    # values and then encode those with json.dumps (twice the CPU for a page of 100 rows).
    return Response(page.model_dump_json(), media_type="application/json")


@router.get("/summary", response_model=SummaryOut,
            summary="Rejections grouped by code, state, payer, provider or month: counts, dollars, denial rate")
def get_summary(who: Reader, f: Filtered, group_by: GroupBy = "code", agency: AgencyQ = None,
                db: Database = Depends(database)) -> SummaryOut:
    return summarize(db, who, who.readable(agency), f, group_by)
