"""The stored data the FHIR searches answer from: an encounter's current verdict, and the claims an 835 settled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from billing.access import Actor
from billing.audit import record
from billing.db.models import ClaimEvent, ClaimLineRow, ClaimRow, Member, ResponseFile
from billing.db.models import Encounter as EncounterRow
from billing.fhir.outbound import ClaimRemit, LineRemit
from billing.reads import get_encounter
from schemas.api import EncounterOut

SETTLED = ("paid", "denied", "partially_paid", "reversed")


def encounter_verdict(s: Session, actor: Actor, agencies: tuple[str, ...], encounter_id: str) -> EncounterOut:
    """The encounter and its current verdict, read (and audited) exactly as GET /v1/encounters/{id} does."""
    return get_encounter(s, actor, agencies, encounter_id)


@dataclass(frozen=True)
class DateFilter:
    """A FHIR date search value with its prefix: eq, ge, gt, le or lt."""

    prefix: str
    day: date

    @classmethod
    def parse(cls, value: str) -> DateFilter:
        prefix = value[:2] if value[:2] in ("eq", "ge", "gt", "le", "lt") else "eq"
        raw = value[2:] if value[:2] == prefix else value
        try:
            return cls(prefix, date.fromisoformat(raw[:10]))
        except ValueError as exc:
            raise ValueError(f"created: '{value}' is not a date (YYYY-MM-DD, with an optional prefix "
                             "eq, ge, gt, le or lt)") from exc

    def holds(self, d: date) -> bool:
        return {"eq": d == self.day, "ge": d >= self.day, "gt": d > self.day, "le": d <= self.day,
                "lt": d < self.day}[self.prefix]


def settled_claims(s: Session, actor: Actor, agencies: tuple[str, ...], medicaid_id: str,
                   created: list[DateFilter], limit: int = 200) -> list[ClaimRemit]:
    """Every claim of the member that an 835 settled, one entry per remittance, oldest first."""
    rows = s.execute(
        select(ClaimEvent, ClaimRow, Member, ResponseFile.received_at)
        .join(ClaimRow, ClaimRow.id == ClaimEvent.claim_id)
        .join(Member, Member.id == ClaimRow.member_id)
        .join(ResponseFile, ResponseFile.id == ClaimEvent.response_id)
        .where(ClaimRow.agency_id.in_(agencies), Member.medicaid_id == medicaid_id,
               ClaimEvent.line_id.is_(None), ClaimEvent.status.in_(SETTLED), ResponseFile.kind == "835")
        .order_by(ClaimEvent.at, ClaimEvent.id)
    ).all()
    out = []
    for ev, claim, member, received in rows:
        if not all(f.holds(received.date()) for f in created):
            continue
        out.append(_remit(s, ev, claim, member, received))
        if len(out) >= limit:
            break
    if actor.is_person and agencies:
        for ag in {c.agency_id for _, c, _, _ in rows}:
            record(s, actor, "eob.search", "member", "(by medicaid id)", ag)
    return out


def _remit(s: Session, ev: ClaimEvent, claim: ClaimRow, member: Member, received: Any) -> ClaimRemit:
    lines = s.execute(
        select(ClaimEvent, ClaimLineRow, EncounterRow.rendering_npi)
        .join(ClaimLineRow, ClaimLineRow.id == ClaimEvent.line_id)
        .join(EncounterRow, EncounterRow.id == ClaimLineRow.encounter_id)
        .where(and_(ClaimEvent.claim_id == claim.id, ClaimEvent.response_id == ev.response_id))
        .order_by(ClaimLineRow.line_number)
    ).all()
    d835 = (ev.detail or {}).get("835", {})
    payment = (ev.detail or {}).get("payment", {})
    remits = [LineRemit(sequence=ln.line_number, hcpcs=ln.hcpcs, modifiers=ln.modifiers.split(":") if ln.modifiers
                        else [], service_date=ln.service_date, units=ln.units, charge=le.charge or ln.charge,
                        paid=le.paid or Decimal("0"), adjustments=(le.detail or {}).get("835", {}).get(
                            "adjustments", []), remarks=(le.detail or {}).get("835", {}).get("remarks", []))
              for le, ln, _ in lines]
    npi = lines[0][2] if lines else ""
    return ClaimRemit(
        claim_control=claim.claim_control, payer_claim_number=claim.payer_claim_number, status=ev.status,
        state=member.state, medicaid_id=member.medicaid_id, rendering_npi=npi, received_at=received,
        payment_date=None, trace=payment.get("trace", ""), charge=ev.charge or claim.total_charge,
        paid=ev.paid or Decimal("0"), adjustments=d835.get("adjustments", []), remarks=d835.get("remarks", []),
        lines=remits)
