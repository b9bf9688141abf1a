"""Reading encounters back: one with every version, or a filtered, cursor-paginated list."""

from __future__ import annotations

import base64
import re
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from billing.access import Actor
from billing.audit import record
from billing.db.models import Encounter as EncounterRow
from billing.db.models import EncounterVersion, Member
from billing.intake import verdict_from_row
from schemas.api import EncounterOut, EncounterPage, EncounterSummary, VersionOut
from schemas.encounter import Encounter


class NotFound(Exception):
    pass


def find(s: Session, agencies: tuple[str, ...], encounter_id: str) -> EncounterRow:
    rows = s.scalars(select(EncounterRow).where(EncounterRow.agency_id.in_(agencies),
                                                EncounterRow.external_id == encounter_id)).all()
    if len(rows) != 1:  # none, or the same EHR id at two agencies an auditor reads: name the agency
        raise NotFound(encounter_id if not rows else f"{encounter_id} (several agencies: pass agency)")
    return rows[0]


def get_encounter(s: Session, actor: Actor, agencies: tuple[str, ...], encounter_id: str) -> EncounterOut:
    row = find(s, agencies, encounter_id)
    versions = s.scalars(select(EncounterVersion).where(EncounterVersion.encounter_id == row.id)
                         .order_by(EncounterVersion.version)).all()
    outs = [VersionOut(version=v.version, kind=v.kind, created_at=v.created_at, created_by=v.created_by,
                       encounter=Encounter.model_validate_json(v.payload),
                       verdict=verdict_from_row(v, row.external_id)) for v in versions]
    current = next(v for v in reversed(outs) if v.verdict is not None or v.kind == "void")
    last_judged = next((v for v in reversed(outs) if v.verdict is not None), None)
    if actor.is_person:
        record(s, actor, "encounter.read", "encounter", row.external_id, row.agency_id)
    return EncounterOut(
        id=row.external_id, agency_id=row.agency_id, status=row.status, version=row.version,
        created_at=row.created_at, updated_at=row.updated_at, encounter=current.encounter,
        verdict=last_judged.verdict if last_judged and row.status != "void" else None, versions=outs,
    )


def _cursor(d: date, ident: str) -> str:
    return base64.urlsafe_b64encode(f"{d.isoformat()}|{ident}".encode()).decode()


def _uncursor(cursor: str) -> tuple[date, str]:
    try:
        d, ident = base64.urlsafe_b64decode(cursor.encode()).decode().split("|", 1)
        if re.fullmatch(r"[0-9a-f]{32}", ident):  # the form of new_id(): nothing else reaches the query
            return date.fromisoformat(d), ident
    except (ValueError, UnicodeDecodeError):
        pass
    raise ValueError("cursor is not one this service gave out")


def list_encounters(s: Session, actor: Actor, agencies: tuple[str, ...], *, status: str | None = None,
                    member: str | None = None, date_from: date | None = None, date_to: date | None = None,
                    cursor: str | None = None, limit: int = 100) -> EncounterPage:
    e = EncounterRow
    q = (select(e.id, e.external_id, e.agency_id, e.status, e.version, e.service_date, Member.medicaid_id,
                e.hcpcs, e.units, e.expected_payment, e.updated_at)
         .join(Member, Member.id == e.member_id).where(e.agency_id.in_(agencies)))
    if status:
        q = q.where(e.status == status)
    if member:
        q = q.where(Member.medicaid_id == member)
    if date_from:
        q = q.where(e.service_date >= date_from)
    if date_to:
        q = q.where(e.service_date <= date_to)
    if cursor:
        d, ident = _uncursor(cursor)
        q = q.where(or_(e.service_date > d, and_(e.service_date == d, e.id > ident)))
    rows = s.execute(q.order_by(e.service_date, e.id).limit(limit + 1)).all()
    items = [EncounterSummary(id=r.external_id, agency_id=r.agency_id, status=r.status, version=r.version,
                              service_date=r.service_date, member_id=r.medicaid_id, hcpcs=r.hcpcs, units=r.units,
                              expected_payment=str(r.expected_payment) if r.expected_payment is not None else None,
                              updated_at=r.updated_at) for r in rows[:limit]]
    nxt = _cursor(rows[limit - 1].service_date, rows[limit - 1].id) if len(rows) > limit else None
    if actor.is_person and items:
        record(s, actor, "encounter.list", "encounter", f"{len(items)} items", agencies[0] if len(agencies) == 1
               else None, {"ids": [i.id for i in items]})
    return EncounterPage(items=items, next_cursor=nxt)
