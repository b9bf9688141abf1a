"""Recording every "no" as it arrives, one row per reason, in the `rejections` table auditors query.

Sources: an error finding of our rules engine (written by intake with the version it judged), a transaction
set a 999 rejected, a claim a 277CA rejected, and a line an 835 denied or cut (written by ingestion). Each
row names the encounter, and carries what auditors filter and add up (state, payer, peer, member, date of
service, money), so their queries read one table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.db.bulk import EncodedDict, insert_rows, json_text
from billing.db.models import ClaimLineRow, ClaimRow, PayerConfig, Rejection
from billing.db.models import Encounter as EncounterRow
from billing.x12.codes import describe
from schemas.encounter import Encounter
from schemas.responses import Adjustment, SegmentError999, SetAck999, Stc277
from schemas.verdict import Citation, Finding, Verdict

# CARC 45 (charge exceeds the fee schedule) is the ordinary gap between charge and allowed amount, and the
# PR group is the patient's share: neither is the payer saying no, so neither makes a paid line a "cut".
FEE_SCHEDULE_CARC = "45"
PATIENT_GROUP = "PR"
# CARC 23, "the impact of prior payer(s) adjudication including payments and/or adjustments", in group OA: what
# another payer already paid (coordination of benefits). Not a "no" either.
PRIOR_PAYER = ("OA", "23")


def says_no(a: Adjustment) -> bool:
    """Whether an adjustment is the payer saying no: not the fee-schedule gap, not the patient's share, not
    another payer's payment."""
    return a.reason != FEE_SCHEDULE_CARC and a.group != PATIENT_GROUP and (a.group, a.reason) != PRIOR_PAYER


def processed_without_payment(adjs: tuple[Adjustment, ...]) -> bool:
    """A zero payment that is not a denial: every adjustment is one that says no "no" (patient share, prior
    payer, fee schedule), and some of it went to the patient or another payer."""
    return bool(adjs) and not any(says_no(a) for a in adjs) and any(
        a.group == PATIENT_GROUP or (a.group, a.reason) == PRIOR_PAYER for a in adjs)


def engine_rows(agency: str, enc: Encounter, verdict: Verdict, encounter_id: str, version: int,
                member_id: str, at: datetime) -> list[dict[str, Any]]:
    """One row per error finding of a verdict that refused the encounter."""
    errors = [f for f in verdict.findings if f.severity == "error"]
    pack = verdict.rule_pack.id if verdict.rule_pack else None
    return [{
        "agency_id": agency, "source": "engine", "at": at, "code": f.code, "reason": f.message,
        "is_primary": i == 0, "state": enc.payer.state, "payer_id": enc.payer.payer_id,
        "provider_npi": enc.rendering.npi, "member_id": member_id, "service_date": enc.service.date,
        "encounter_id": encounter_id, "encounter_version": version, "claim_id": None, "line_id": None,
        "response_id": None, "charge": None, "paid": None, "amount": None, "detail": _detail(f, pack),
    } for i, f in enumerate(errors)]


# A refusal's detail with its JSON text, by citation, path and pack: the engine shares each pack rule's Citation
# across the findings it makes (even those made anew per encounter, whose message names the date), and a
# citation is most of a detail's text, so a batch's thousand refusals dump and encode a few dozen. The entry
# holds the citation, so its id is not reused while cached; cleared when full. The shared dicts are never changed.
_DETAILS: dict[tuple[int, str | None, str | None], tuple[Citation | None, EncodedDict]] = {}
_DETAILS_MAX = 20000


def _detail(f: Finding, pack: str | None) -> EncodedDict:
    """`{"rule_pack": pack, "path": f.path, "citation": f.citation as JSON}`, with its json.dumps text."""
    key = (id(f.citation), f.path, pack)
    hit = _DETAILS.get(key)
    if hit is None or hit[0] is not f.citation:
        plain = {"rule_pack": pack, "path": f.path,
                 "citation": f.citation.model_dump(mode="json") if f.citation else None}
        hit = (f.citation, EncodedDict(plain, json_text(plain)))
        if len(_DETAILS) >= _DETAILS_MAX:
            _DETAILS.clear()
        _DETAILS[key] = hit
    return hit[1]


@dataclass(frozen=True)
class LineFacts:
    """What a rejection row needs to know about one of our claim lines."""

    line_id: str
    claim_id: str
    encounter_id: str
    version: int
    charge: Decimal
    service_date: date
    state: str
    provider_npi: str
    member_id: str
    payer_id: str


def line_facts(s: Session, claim_ids: list[str]) -> dict[str, list[LineFacts]]:
    """The lines of these claims, in line order, with their encounter's state, peer and member."""
    out: dict[str, list[LineFacts]] = {c: [] for c in claim_ids}
    ln, e = ClaimLineRow, EncounterRow
    for i in range(0, len(claim_ids), 500):
        rows = s.execute(
            select(ln.id, ln.claim_id, ln.encounter_id, ln.encounter_version, ln.charge, ln.service_date, e.state,
                   e.rendering_npi, ClaimRow.member_id, PayerConfig.payer_id)
            .join(e, e.id == ln.encounter_id).join(ClaimRow, ClaimRow.id == ln.claim_id)
            .join(PayerConfig, PayerConfig.id == ClaimRow.payer_ref)
            .where(ln.claim_id.in_(claim_ids[i:i + 500])).order_by(ln.claim_id, ln.line_number))
        for r in rows:
            out[r.claim_id].append(LineFacts(r.id, r.claim_id, r.encounter_id, r.encounter_version, r.charge,
                                             r.service_date, r.state, r.rendering_npi, r.member_id, r.payer_id))
    return out


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    amount: Decimal | None = None
    detail: dict[str, Any] | None = None


def set_reasons(st: SetAck999) -> list[Reason]:
    """Why a 999 rejected a transaction set: each IK3 segment error with its IK4 element errors, or IK5."""
    reasons = [_segment_reason(e) for e in st.segment_errors]
    if reasons:
        return reasons
    codes = st.syntax_errors or (st.status,)
    texts = [describe("IK502", c) or describe("IK501", c) or "no reason given" for c in codes]
    return [Reason(f"IK5-{st.status}", f"transaction set {st.control_number} rejected: " + "; ".join(texts),
                   detail={"ik5": st.status, "ik502": list(st.syntax_errors)})]


def _segment_reason(e: SegmentError999) -> Reason:
    where = f"segment {e.segment_id} at position {e.position}" + (f" in loop {e.loop}" if e.loop else "")
    text = f"{describe('IK304', e.code) or 'segment error ' + e.code}: {where}"
    for x in e.element_errors:
        text += f"; element {e.segment_id}{x.position:02d}: {describe('IK403', x.code) or 'error ' + x.code}"
    return Reason(f"IK3-{e.code}", text, detail={"segment": e.segment_id, "position": e.position, "loop": e.loop,
                                                 "claim": e.claim_control,
                                                 "elements": [x.code for x in e.element_errors]})


def status_reasons(statuses: tuple[Stc277, ...]) -> list[Reason]:
    """Why a 277CA rejected a claim: every category and status code it sent, in words."""
    out = []
    for stc in statuses:
        for c in stc.codes:
            text = describe("CLAIM_STATUS_CATEGORY", c.category) or f"category {c.category}"
            if c.status:
                text += f": {describe('CLAIM_STATUS', c.status) or 'status ' + c.status}"
            if c.entity:
                text += f" (entity {c.entity})"
            if stc.message:
                text += f". Payer note: {stc.message}"
            out.append(Reason(f"{c.category}:{c.status}" if c.status else c.category, text,
                              detail={"category": c.category, "status": c.status, "entity": c.entity}))
    return out or [Reason("277CA", "rejected; the payer gave no status code")]


def adjustment_reasons(adjs: tuple[Adjustment, ...], remarks: tuple[str, ...], denied: bool) -> list[Reason]:
    """The adjustments that say no: for a denied line every one (the fee-schedule gap and patient share too,
    if nothing else explains it), for a paid line only those beyond the fee schedule, the patient's share and
    another payer's payment."""
    saying_no = [a for a in adjs if says_no(a)]
    chosen = saying_no or (list(adjs) if denied else [])
    notes = [f"remark {r}: {describe('RARC', r) or 'not in our code list'}" for r in remarks]
    out = []
    for a in chosen:
        text = f"{describe('ADJUSTMENT_GROUP', a.group) or a.group}: {describe('CARC', a.reason) or 'CARC ' + a.reason}"
        out.append(Reason(f"{a.group}-{a.reason}", ". ".join([text, *notes]), a.amount,
                          {"group": a.group, "carc": a.reason, "rarc": list(remarks)}))
    if denied and not out:
        out.append(Reason("denied", ". ".join(["paid nothing; the payer gave no adjustment reason", *notes]),
                          detail={"rarc": list(remarks)}))
    return out


def payer_rows(agency: str, source: str, line: LineFacts, reasons: list[Reason], *, at: datetime,
               response_id: str, paid: Decimal, whole_line: bool) -> list[dict[str, Any]]:
    """One row per reason for one of our lines; `whole_line` when the line's whole charge is at stake (a
    rejected claim, a denied line) rather than the amounts the payer names."""
    return [{
        "agency_id": agency, "source": source, "at": at, "code": r.code, "reason": r.text, "is_primary": i == 0,
        "state": line.state, "payer_id": line.payer_id, "provider_npi": line.provider_npi,
        "member_id": line.member_id, "service_date": line.service_date, "encounter_id": line.encounter_id,
        "encounter_version": line.version, "claim_id": line.claim_id, "line_id": line.line_id,
        "response_id": response_id, "charge": line.charge, "paid": paid,
        "amount": _amount(r, i == 0, line, paid, whole_line),
        "detail": r.detail or {},
    } for i, r in enumerate(reasons)]


def _amount(r: Reason, first: bool, line: LineFacts, paid: Decimal, whole_line: bool) -> Decimal | None:
    """What this reason took: the adjustment's own amount, or the line's unpaid charge (on the first reason
    only, so it is counted once) when the whole line is at stake or the payer named no amount."""
    if whole_line or r.amount is None:
        return line.charge - paid if first else None
    return r.amount


def write(s: Session, rows: list[dict[str, Any]]) -> None:
    insert_rows(s, Rejection.__table__, rows)
