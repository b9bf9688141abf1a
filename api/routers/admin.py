"""/v1/agencies, /v1/keys (admin) and /v1/audit-events (auditors and admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import database, role
from api.idempotency import IDEMPOTENT
from api.routers.worklists import CSV, Cursor, listing
from billing.access import Actor, agency_out, create_agency, create_key, update_agency
from billing.audit import events_page, events_query
from billing.db.connection import Database
from billing.db.models import Agency
from billing.worklists.pages import MAX_ID, decode, page
from schemas.api import AgencyIn, AgencyOut, AgencyPatch, AuditEventOut, KeyIn, KeyOut
from schemas.worklists import Page

router = APIRouter(tags=["admin"])
Admin = Annotated[Actor, Depends(role("admin"))]


@router.post("/v1/agencies", status_code=201, response_model=AgencyOut, summary="Create an agency",
             dependencies=[IDEMPOTENT])
def post_agency(data: AgencyIn, who: Admin, db: Database = Depends(database)) -> AgencyOut:
    with db.writing() as s:
        out = create_agency(s, data, who)
        s.commit()
        return out


@router.patch("/v1/agencies/{agency_id}", response_model=AgencyOut, summary="Change an agency's details",
              dependencies=[IDEMPOTENT])
def patch_agency(agency_id: str, data: AgencyPatch, who: Admin, db: Database = Depends(database)) -> AgencyOut:
    """Only the fields sent change (`address` key by key); the result is checked as a new agency's would be, the
    change is audited, and the agency's sandbox (test mode) follows."""
    with db.writing() as s:
        out = update_agency(s, agency_id, data, who)
        s.commit()
        return out


@router.get("/v1/agencies", response_model=Page[AgencyOut], summary="All agencies, in the order they were created")
def get_agencies(request: Request, who: Admin, db: Database = Depends(database), cursor: Cursor = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Any:
    def fetch(s: Session, c: str | None) -> Page[AgencyOut]:
        q = select(Agency).where(Agency.sandbox_of.is_(None))  # sandboxes are test mode's: never listed here
        if (key := decode(c, str)) is not None:
            q = q.where(Agency.id > key[0])
        return page(s.scalars(q.order_by(Agency.id).limit(limit + 1)).all(), limit, agency_out, lambda a: [a.id])

    return listing(request, db, fetch, cursor, list(AgencyOut.model_fields), "agencies")


# No Idempotency-Key here: the answer holds the new key's secret, which must never be stored to be replayed.
@router.post("/v1/keys", status_code=201, response_model=KeyOut, summary="Create an API key (shown once)")
def post_key(data: KeyIn, who: Admin, db: Database = Depends(database)) -> KeyOut:
    with db.writing() as s:
        out = create_key(s, data, who)
        s.commit()
        return out


@router.get("/v1/audit-events", response_model=Page[AuditEventOut], responses=CSV,
            summary="The audit trail, oldest first")
def audit_events(request: Request, who: Annotated[Actor, Depends(role("auditor", "admin"))],
                 db: Database = Depends(database),
                 actor: str | None = None, action: str | None = None,
                 object: Annotated[str | None, Query(description="Object id, e.g. an encounter id.")] = None,
                 from_: Annotated[datetime | None, Query(alias="from")] = None, to: datetime | None = None,
                 after: Annotated[int | None, Query(ge=0, le=MAX_ID, description="Events after this id.")] = None,
                 cursor: Cursor = None, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> Any:
    q = events_query(who.agency_ids if who.role == "auditor" else None, actor, action, object, from_, to, after)

    return listing(request, db, lambda s, c: events_page(s, q, c, limit), cursor,
                   list(AuditEventOut.model_fields), "audit-events")
