"""Remittance and acknowledgement items that matched no claim: the queue, and staff's answer to each (match it
to a claim, which posts it as if it had matched, or dismiss it with a reason). Both are audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from billing import events
from billing.access import AccessError, Actor
from billing.audit import record
from billing.db.connection import Database
from billing.db.models import ClaimEvent, ClaimRow, ResponseFile, UnmatchedResolution
from billing.ingest import ResponsePosting
from billing.worklists.pages import decode, page
from billing.x12.remit835 import read_835
from billing.x12.status277 import read_277ca
from schemas.worklists import Page, ResolveIn, UnmatchedOut

OPEN = "open"


def _item(detail: dict[str, Any], claim_id: str | None) -> tuple[str, str | None]:
    """What matched nothing, and the control number it came with."""
    if detail.get("999") == "set":
        return "set", detail.get("st02")
    if "level" in detail:
        return "level", detail.get("trace")
    if claim_id is not None:  # a service line of a claim that matched
        return "line", (detail.get("835") or {}).get("line_control")
    return "claim", detail.get("patient_control")


def _out(e: ClaimEvent, kind: str, res: UnmatchedResolution | None) -> UnmatchedOut:
    item, ref = _item(e.detail, e.claim_id)
    return UnmatchedOut(
        id=e.id, agency_id=e.agency_id, kind=kind, response_id=e.response_id, at=e.at, item=item,  # type: ignore[arg-type]
        reference=ref, claim_id=e.claim_id, charge=None if e.charge is None else str(e.charge),
        paid=None if e.paid is None else str(e.paid), detail=e.detail,
        resolution=res.action if res else OPEN,  # type: ignore[arg-type]
        resolved_claim_id=res.claim_id if res else None, reason=res.reason if res else None,
        resolved_by=res.by if res else None, resolved_at=res.at if res else None)


def _query(agencies: tuple[str, ...]):  # type: ignore[no-untyped-def]
    return (select(ClaimEvent, ResponseFile.kind, UnmatchedResolution)
            .join(ResponseFile, ResponseFile.id == ClaimEvent.response_id)
            .outerjoin(UnmatchedResolution, UnmatchedResolution.event_id == ClaimEvent.id)
            .where(ClaimEvent.agency_id.in_(agencies), ClaimEvent.status == "unmatched"))


def list_unmatched(s: Session, agencies: tuple[str, ...], resolution: str | None = OPEN, kind: str | None = None,
                   cursor: str | None = None, limit: int = 100) -> Page[UnmatchedOut]:
    """Newest first; `resolution` open (the default), resolved, dismissed, or None for all."""
    q = _query(agencies)
    if resolution == OPEN:
        q = q.where(UnmatchedResolution.event_id.is_(None))
    elif resolution is not None:
        q = q.where(UnmatchedResolution.action == resolution)
    if kind is not None:
        q = q.where(ResponseFile.kind == kind)
    if (key := decode(cursor, int)) is not None:
        q = q.where(ClaimEvent.id < key[0])
    rows = s.execute(q.order_by(ClaimEvent.id.desc()).limit(limit + 1)).all()
    return page(rows, limit, lambda r: _out(*r), lambda r: [r[0].id])


def get_unmatched(s: Session, agencies: tuple[str, ...], item_id: int) -> UnmatchedOut:
    row = s.execute(_query(agencies).where(ClaimEvent.id == item_id)).first()
    if row is None:
        raise AccessError(404, f"no unmatched item {item_id}")
    return _out(*row)


def match_candidates(s: Session, agencies: tuple[str, ...], item: UnmatchedOut, limit: int = 50) -> list[ClaimRow]:
    """Claims an unmatched claim item could be for: the agency's active claims billed for the same amount,
    newest first (a payer echoes the charge even when it garbles the control number); else the newest ones."""
    q = select(ClaimRow).where(ClaimRow.agency_id.in_(agencies), ClaimRow.active).order_by(ClaimRow.id.desc())
    if item.charge is not None:
        same = s.scalars(q.where(ClaimRow.total_charge == Decimal(item.charge)).limit(limit)).all()
        if same:
            return list(same)
    return list(s.scalars(q.limit(limit)))


@dataclass
class _Matched(ResponsePosting):
    """Ingestion's posting, with the claim staff chose in place of the one the control number names."""

    target: ClaimRow | None = None

    def claim(self, control: str) -> ClaimRow | None:
        return self.target


def resolve(db: Database, actor: Actor, item_id: int, data: ResolveIn) -> UnmatchedOut:
    agency = actor.agency_for_billing()
    with db.writing() as s:
        out = get_unmatched(s, (agency,), item_id)
        if out.resolution != OPEN:
            raise AccessError(409, f"unmatched item {item_id} was already {out.resolution}")
        if data.action == "dismiss":
            if not data.reason:
                raise AccessError(422, "reason: a dismissal needs a reason")
            claim_id = None
        else:
            claim_id = _post_matched(s, agency, out, data.claim_id)
        s.add(UnmatchedResolution(event_id=item_id, agency_id=agency, claim_id=claim_id, reason=data.reason,
                                  action="resolved" if data.action == "match" else "dismissed", by=actor.key_id,
                                  at=datetime.now(UTC)))
        try:
            s.flush()
        except IntegrityError:  # another clerk resolved it at the same moment
            raise AccessError(409, f"unmatched item {item_id} was already resolved") from None
        record(s, actor, f"unmatched.{data.action}", "unmatched", str(item_id), agency,
               {"claim_id": claim_id} if claim_id else None)
        events.emit(s, agency, "unmatched_item.resolved", str(item_id), {
            "item_id": item_id, "resolution": "resolved" if data.action == "match" else "dismissed",
            "claim_id": claim_id, "response_id": out.response_id})
        done = get_unmatched(s, (agency,), item_id)
        s.commit()
        return done


def _post_matched(s: Session, agency: str, item: UnmatchedOut, claim_id: str | None) -> str:
    """Post the item to the claim staff chose, exactly as ingestion would have had its control number matched."""
    if item.item != "claim":
        raise AccessError(422, f"action: an unmatched {'transaction set' if item.item == 'set' else item.item} "
                          "cannot be matched to a claim; dismiss it with a reason")
    if not claim_id:
        raise AccessError(422, "claim_id: matching needs the claim it is for")
    target = s.get(ClaimRow, claim_id, with_for_update=True)
    if target is None or target.agency_id != agency:
        raise AccessError(422, f"claim_id: no claim {claim_id}")
    resp = s.get(ResponseFile, item.response_id)
    assert resp is not None  # the event's foreign key
    post = _Matched(s, agency, resp.id, datetime.now(UTC), target=target)
    if item.kind == "835":
        _post_835(post, resp.content, item)
    else:
        report = read_277ca(resp.content)
        cs = next(c for c in report.claims if c.patient_control == item.reference)
        post.status(report.model_copy(update={"levels": (), "claims": (cs,)}))
    post.record_rejections(item.kind)
    return target.id


def _post_835(post: _Matched, content: str, item: UnmatchedOut) -> None:
    for r in read_835(content):
        for cp in r.claims:
            if cp.patient_control == item.reference and item.paid is not None and cp.paid == Decimal(item.paid):
                counts = {"claims": 0, "lines": 0, "unmatched_claims": 0, "unmatched_lines": 0}
                payment = {"trace": r.trace_number, "method": r.method, "total": str(r.total_paid), "plb": []}
                post._remit_claim(cp, payment, counts)
                return
    raise AccessError(409, "the item is no longer in its response file")
