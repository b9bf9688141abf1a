"""A billing clerk's day at a glance: today's intake, why encounters are not billable, claims by status, money
billed, paid and denied, and how many encounters are near their filing deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from billing.access import Actor
from billing.db.models import ClaimEvent, ClaimLineRow, ClaimRow, Rejection
from billing.db.models import Encounter as EncounterRow
from billing.timelines import at_risk

PAID_STATUSES = ("paid", "partially_paid", "denied", "reversed")


@dataclass
class Dashboard:
    intake_today: dict[str, int] = field(default_factory=dict)  # status -> encounters received today
    not_billable_by_reason: list[tuple[str, int]] = field(default_factory=list)  # finding code -> encounters
    claims_by_status: dict[str, int] = field(default_factory=dict)
    billed: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")
    denied: Decimal = Decimal("0.00")
    at_risk_30_days: int = 0


def dashboard(s: Session, actor: Actor, agencies: tuple[str, ...], today: date) -> Dashboard:
    e = EncounterRow
    d = Dashboard()
    since = datetime.combine(today, time(0), tzinfo=UTC)
    d.intake_today = dict(s.execute(select(e.status, func.count()).where(e.agency_id.in_(agencies),
                                                                         e.created_at >= since)
                                    .group_by(e.status)).all())
    # The reasons of the verdicts that stand now (the current version of each not-billable encounter).
    r = Rejection
    d.not_billable_by_reason = [(c, n) for c, n in s.execute(
        select(r.code, func.count(func.distinct(r.encounter_id)))
        .join(e, and_(e.id == r.encounter_id, e.version == r.encounter_version))
        .where(e.agency_id.in_(agencies), e.status == "not_billable", r.source == "engine")
        .group_by(r.code).order_by(func.count(func.distinct(r.encounter_id)).desc(), r.code))]
    d.claims_by_status = dict(s.execute(select(ClaimRow.status, func.count()).where(ClaimRow.agency_id.in_(agencies))
                                        .group_by(ClaimRow.status)).all())
    d.billed = s.scalar(select(func.coalesce(func.sum(ClaimRow.total_charge), 0)).where(
        ClaimRow.agency_id.in_(agencies), ClaimRow.frequency != "8")) or Decimal("0")
    d.paid = s.scalar(select(func.coalesce(func.sum(ClaimEvent.paid), 0)).where(
        ClaimEvent.agency_id.in_(agencies), ClaimEvent.line_id.is_(None), ClaimEvent.claim_id.is_not(None),
        ClaimEvent.status.in_(PAID_STATUSES))) or Decimal("0")
    d.denied = s.scalar(select(func.coalesce(func.sum(ClaimLineRow.charge), 0))
                        .join(ClaimRow, ClaimRow.id == ClaimLineRow.claim_id)
                        .where(ClaimRow.agency_id.in_(agencies), ClaimLineRow.status == "denied")) or Decimal("0")
    d.at_risk_30_days = len(at_risk(s, actor, agencies, 30, today, limit=100_000))
    return d
