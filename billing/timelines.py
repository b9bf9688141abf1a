"""Timelines for auditors: everything that happened to an encounter or a claim, in order, and the timely-filing
watch (billable encounters not yet accepted whose deadline is near)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select, tuple_
from sqlalchemy.orm import Session

from billing.access import AccessError, Actor
from billing.audit import record
from billing.db.models import ClaimEvent, ClaimLineRow, ClaimRow, EncounterVersion
from billing.db.models import Encounter as EncounterRow
from billing.intake import verdict_from_row
from billing.reads import find
from schemas.api import AtRiskItem, TimelineEntry

_ORDER = {"version": 0, "billed": 1, "response": 2}  # same instant: the cause before its effect
NOT_YET_ACCEPTED = ("built", "submitted")  # an active claim the payer has not taken in yet


def _money(v: Any) -> str | None:
    return None if v is None else str(v)


def _version_entry(v: EncounterVersion, encounter_id: str) -> TimelineEntry:
    verdict = verdict_from_row(v, encounter_id)  # None for a void version
    status = "void" if verdict is None else ("billable" if verdict.billable else "not_billable")
    detail: dict[str, Any] = {"kind": v.kind}
    if verdict is not None:
        detail |= {"units": verdict.units, "expected_payment": _money(verdict.expected_payment),
                   "filing_deadline": verdict.filing_deadline.isoformat() if verdict.filing_deadline else None,
                   "rule_pack": verdict.rule_pack.id if verdict.rule_pack else None,
                   "judged_as_of": v.as_of.isoformat() if v.as_of else None,
                   "findings": [f.model_dump(include={"code", "severity", "message"}) for f in verdict.findings]}
    return TimelineEntry(at=v.created_at, kind="version", status=status, by=v.created_by, version=v.version,
                         detail=detail)


def _event_entry(e: ClaimEvent) -> TimelineEntry:
    return TimelineEntry(at=e.at, kind="response", status=e.status, claim_id=e.claim_id, line_id=e.line_id,
                         response_id=e.response_id, charge=_money(e.charge), paid=_money(e.paid), detail=e.detail)


def _built_entry(c: ClaimRow, line: ClaimLineRow | None = None) -> TimelineEntry:
    return TimelineEntry(at=c.created_at, kind="billed", status="built", claim_id=c.id, file_id=c.file_id,
                         line_id=line.id if line else None, version=line.encounter_version if line else None,
                         charge=_money(line.charge if line else c.total_charge),
                         detail={"claim_control": c.claim_control, "frequency": c.frequency,
                                 "replaces_claim_id": c.replaces_claim_id,
                                 **({"line_control": line.line_control} if line else {})})


def _in_order(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    return sorted(entries, key=lambda t: (t.at, _ORDER[t.kind]))


def encounter_timeline(s: Session, actor: Actor, agencies: tuple[str, ...], encounter_id: str) -> list[TimelineEntry]:
    """Every version with its verdict, every claim line it went out on, and every response about those."""
    row = find(s, agencies, encounter_id)
    versions = s.scalars(select(EncounterVersion).where(EncounterVersion.encounter_id == row.id)).all()
    billed = s.execute(select(ClaimLineRow, ClaimRow).join(ClaimRow, ClaimRow.id == ClaimLineRow.claim_id)
                       .where(ClaimLineRow.encounter_id == row.id)).all()
    entries = [_version_entry(v, row.external_id) for v in versions] + [_built_entry(c, ln) for ln, c in billed]
    if billed:
        lines = [ln.id for ln, _ in billed]
        events = s.scalars(select(ClaimEvent).where(
            ClaimEvent.claim_id.in_({c.id for _, c in billed}),
            or_(ClaimEvent.line_id.is_(None), ClaimEvent.line_id.in_(lines)))).all()
        entries += [_event_entry(e) for e in events]
    if actor.is_person:
        record(s, actor, "encounter.timeline", "encounter", row.external_id, row.agency_id)
    return _in_order(entries)


def claim_timeline(s: Session, agencies: tuple[str, ...], claim_id: str) -> list[TimelineEntry]:
    """The claim's build, then every response and status change, of the claim and of its lines."""
    c = s.get(ClaimRow, claim_id)
    if c is None or c.agency_id not in agencies:
        raise AccessError(404, f"no claim {claim_id}")
    events = s.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)).all()
    return _in_order([_built_entry(c)] + [_event_entry(e) for e in events])


def at_risk(s: Session, actor: Actor, agencies: tuple[str, ...], within_days: int, today: date,
            include_overdue: bool = False, limit: int = 500, after: list[Any] | None = None) -> list[AtRiskItem]:
    """Billable encounters the payer has not accepted (never billed, billed but not yet acknowledged, or on a
    claim the payer rejected, which frees them to be billed again) whose filing deadline falls within
    `within_days` of today, soonest first; `after` is the sort key of the last item of the previous page."""
    e = EncounterRow
    last_claim = (select(ClaimRow.status).join(ClaimLineRow, ClaimLineRow.claim_id == ClaimRow.id)
                  .where(ClaimLineRow.encounter_id == e.id).order_by(ClaimRow.created_at.desc()).limit(1)
                  .scalar_subquery())
    q = (select(e.external_id, e.agency_id, e.state, e.payer_id, e.service_date, e.filing_deadline,
                e.expected_payment, last_claim.label("claim_status"))
         .outerjoin(ClaimLineRow, ClaimLineRow.id == e.claim_line_id)
         .outerjoin(ClaimRow, ClaimRow.id == ClaimLineRow.claim_id)
         .where(e.agency_id.in_(agencies), e.status == "billable", e.filing_deadline.is_not(None),
                e.filing_deadline <= today + timedelta(days=within_days),
                # A deadline is never before its date of service: this bounds the walk of the date index.
                e.service_date <= today + timedelta(days=within_days),
                or_(e.claim_line_id.is_(None), ClaimRow.status.in_(NOT_YET_ACCEPTED)))
         .order_by(e.filing_deadline, e.service_date, e.external_id, e.agency_id).limit(limit))
    if not include_overdue:
        q = q.where(e.filing_deadline >= today)
    if after is not None:
        q = q.where(tuple_(e.filing_deadline, e.service_date, e.external_id, e.agency_id)
                    > tuple_(date.fromisoformat(after[0]), date.fromisoformat(after[1]), after[2], after[3]))
    items = [AtRiskItem(id=r.external_id, agency_id=r.agency_id, state=r.state, payer_id=r.payer_id,
                        service_date=r.service_date, filing_deadline=r.filing_deadline,
                        days_left=(r.filing_deadline - today).days, expected_payment=_money(r.expected_payment),
                        claim_status=r.claim_status) for r in s.execute(q)]
    if actor.is_person and items:
        record(s, actor, "encounter.at_risk", "encounter", f"{len(items)} items",
               agencies[0] if len(agencies) == 1 else None, {"within_days": within_days})
    return items
