"""/v1/agencies, /v1/keys (admin) and /v1/audit-events (auditors and admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from api.deps import database, role
from billing.access import Actor, agency_out, create_agency, create_key
from billing.db.connection import Database
from billing.db.models import Agency, AuditEvent
from billing.rejection_reports import MAX_ROW_ID
from schemas.api import AgencyIn, AgencyOut, AuditEventOut, KeyIn, KeyOut

router = APIRouter(tags=["admin"])
Admin = Annotated[Actor, Depends(role("admin"))]


@router.post("/v1/agencies", status_code=201, response_model=AgencyOut, summary="Create an agency")
def post_agency(data: AgencyIn, who: Admin, db: Database = Depends(database)) -> AgencyOut:
    with db.writing() as s:
        out = create_agency(s, data, who)
        s.commit()
        return out


@router.get("/v1/agencies", response_model=list[AgencyOut], summary="All agencies")
def get_agencies(who: Admin, db: Database = Depends(database)) -> list[AgencyOut]:
    with db.reading() as s:
        return [agency_out(a) for a in s.scalars(select(Agency).order_by(Agency.created_at))]


@router.post("/v1/keys", status_code=201, response_model=KeyOut, summary="Create an API key (shown once)")
def post_key(data: KeyIn, who: Admin, db: Database = Depends(database)) -> KeyOut:
    with db.writing() as s:
        out = create_key(s, data, who)
        s.commit()
        return out


@router.get("/v1/audit-events", response_model=list[AuditEventOut], summary="The audit trail")
def audit_events(who: Annotated[Actor, Depends(role("auditor", "admin"))], db: Database = Depends(database),
                 actor: str | None = None, action: str | None = None,
                 object: Annotated[str | None, Query(description="Object id, e.g. an encounter id.")] = None,
                 from_: Annotated[datetime | None, Query(alias="from")] = None, to: datetime | None = None,
                 after: Annotated[int | None, Query(ge=0, le=MAX_ROW_ID, description="Events after this id.")] = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[AuditEventOut]:
    q = select(AuditEvent)
    if who.role == "auditor":
        q = q.where(AuditEvent.agency_id.in_(who.agency_ids))
    for col, val in ((AuditEvent.actor, actor), (AuditEvent.action, action), (AuditEvent.object_id, object)):
        if val is not None:
            q = q.where(col == val)
    if from_ is not None:
        q = q.where(AuditEvent.at >= from_)
    if to is not None:
        q = q.where(AuditEvent.at <= to)
    if after is not None:
        q = q.where(AuditEvent.id > after)
    with db.reading() as s:
        rows = s.scalars(q.order_by(AuditEvent.id).limit(limit)).all()
        return [AuditEventOut.model_validate(r, from_attributes=True) for r in rows]
