"""Claims and claim files as lists (newest first), and staff's work state on a claim."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from billing.access import AccessError, Actor
from billing.audit import record
from billing.claims.records import file_out
from billing.db.models import ClaimEvent, ClaimFileRow, ClaimLineRow, ClaimRow, Member, PayerConfig
from billing.db.models import Encounter as EncounterRow
from billing.worklists.pages import decode, page
from schemas.api import ClaimFileOut
from schemas.worklists import ClaimSummary, Page, WorkStateIn


@dataclass(frozen=True)
class ClaimFilters:
    status: str | None = None
    work_state: str | None = None
    payer: str | None = None  # the payer set-up id, or the electronic payer id
    member: str | None = None  # the member's Medicaid id
    peer: str | None = None  # the rendering NPI of any of its lines
    date_from: date | None = None  # a date of service of any of its lines
    date_to: date | None = None
    file: str | None = None
    active: bool | None = None


def _audit_list(s: Session, actor: Actor, agencies: tuple[str, ...], what: str, ids: list[str]) -> None:
    if actor.is_person and ids:
        record(s, actor, f"{what}.list", what, f"{len(ids)} items", agencies[0] if len(agencies) == 1 else None,
               {"ids": ids})


def _claims(agencies: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """Claims with their payer id, member, span of service dates, line count and what 835s paid."""
    c, ln = ClaimRow, ClaimLineRow

    def of_lines(agg: Any) -> Any:  # per claim, from its own lines (the line index starts with claim_id)
        return select(agg).where(ln.claim_id == c.id).scalar_subquery()

    paid = (select(func.sum(ClaimEvent.paid)).where(ClaimEvent.claim_id == c.id, ClaimEvent.line_id.is_(None),
                                                    ClaimEvent.paid.is_not(None)).scalar_subquery())
    q = (select(c, PayerConfig.payer_id, Member.medicaid_id, of_lines(func.min(ln.service_date)).label("first"),
                of_lines(func.max(ln.service_date)).label("last"), of_lines(func.count()).label("n"),
                paid.label("paid"))
         .join(PayerConfig, PayerConfig.id == c.payer_ref).join(Member, Member.id == c.member_id)
         .where(c.agency_id.in_(agencies)))
    return q


def list_claims(s: Session, actor: Actor, agencies: tuple[str, ...], f: ClaimFilters, cursor: str | None = None,
                limit: int = 100) -> Page[ClaimSummary]:
    c, ln = ClaimRow, ClaimLineRow
    q = _claims(agencies)
    for col, val in ((c.status, f.status), (c.work_state, f.work_state), (c.file_id, f.file),
                     (Member.medicaid_id, f.member), (c.active, f.active)):
        if val is not None:
            q = q.where(col == val)
    if f.payer is not None:
        q = q.where((PayerConfig.id == f.payer) | (PayerConfig.payer_id == f.payer))
    if f.peer is not None or f.date_from is not None or f.date_to is not None:
        cond = [ln.claim_id == c.id]
        if f.peer is not None:
            cond.append(exists().where(EncounterRow.id == ln.encounter_id, EncounterRow.rendering_npi == f.peer))
        if f.date_from is not None:
            cond.append(ln.service_date >= f.date_from)
        if f.date_to is not None:
            cond.append(ln.service_date <= f.date_to)
        q = q.where(exists().where(*cond))
    if (key := decode(cursor, str)) is not None:
        q = q.where(c.id < key[0])
    rows = s.execute(q.order_by(c.id.desc()).limit(limit + 1)).all()
    out = page(rows, limit, _claim_summary, lambda r: [r[0].id])
    _audit_list(s, actor, agencies, "claim", [i.id for i in out.items])
    return out


def _claim_summary(r: tuple) -> ClaimSummary:  # type: ignore[type-arg]
    cl, payer_id, medicaid_id, first, last, n, paid = r
    return ClaimSummary(id=cl.id, agency_id=cl.agency_id, file_id=cl.file_id, payer=cl.payer_ref, payer_id=payer_id,
                        claim_control=cl.claim_control, frequency=cl.frequency, member_id=medicaid_id,
                        service_from=first, service_to=last, lines=n or 0, total_charge=str(cl.total_charge),
                        paid=None if paid is None else str(paid), status=cl.status, active=cl.active,
                        work_state=cl.work_state, work_note=cl.work_note,  # type: ignore[arg-type]
                        work_state_by=cl.work_state_by, work_state_at=cl.work_state_at, created_at=cl.created_at)


def list_claim_files(s: Session, agencies: tuple[str, ...], payer: str | None = None,
                     created_from: datetime | None = None, created_to: datetime | None = None,
                     cursor: str | None = None, limit: int = 100) -> Page[ClaimFileOut]:
    q = select(ClaimFileRow).where(ClaimFileRow.agency_id.in_(agencies))
    if payer is not None:
        q = q.join(PayerConfig, PayerConfig.id == ClaimFileRow.payer_ref).where(
            (PayerConfig.id == payer) | (PayerConfig.payer_id == payer))
    if created_from is not None:
        q = q.where(ClaimFileRow.created_at >= created_from)
    if created_to is not None:
        q = q.where(ClaimFileRow.created_at <= created_to)
    if (key := decode(cursor, str)) is not None:
        q = q.where(ClaimFileRow.id < key[0])
    rows = s.scalars(q.order_by(ClaimFileRow.id.desc()).limit(limit + 1)).all()
    return page(rows, limit, file_out, lambda r: [r.id])


def set_work_state(s: Session, actor: Actor, claim_id: str, data: WorkStateIn) -> ClaimSummary:
    """Staff's state of a claim, with a note and who set it; the change (from, to) is in the audit trail."""
    agency = actor.agency_for_billing()
    c = s.get(ClaimRow, claim_id, with_for_update=True)
    if c is None or c.agency_id != agency:
        raise AccessError(404, f"no claim {claim_id}")
    before = c.work_state
    c.work_state, c.work_note = data.state, data.note
    c.work_state_by, c.work_state_at = actor.key_id, datetime.now(UTC)
    record(s, actor, "claim.work_state", "claim", c.id, agency, {"from": before, "to": data.state,
                                                                  "note": data.note})
    s.flush()
    return claim_summary(s, (agency,), c.id)


def claim_summary(s: Session, agencies: tuple[str, ...], claim_id: str) -> ClaimSummary:
    """One claim in the list's shape (used after a change)."""
    row = s.execute(_claims(agencies).where(ClaimRow.id == claim_id)).first()
    if row is None:
        raise AccessError(404, f"no claim {claim_id}")
    return _claim_summary(row)
