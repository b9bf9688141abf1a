"""The outbox: events are collected on the session of the change and written by its commit, in its transaction
(no event without its change, no change without its event), with one delivery per matching webhook endpoint.

Why at commit time: the feed is read by cursor (`after=<id>`), so an agency's event ids must become visible in
the order they were numbered. On PostgreSQL two transactions can take ids 10 and 11 and commit 11 first; a reader
would move past 10 and never see it. So the events are numbered at the very end of the transaction under a
per-agency advisory lock held until commit: numbering and commit happen in the same order. (SQLite has one
writer at a time, which gives the same order.) Nothing else is done under the lock, so it is held for a few
inserts.

What goes in: ids, codes, amounts and statuses. Never PHI (names, Medicaid ids, dates of birth, diagnoses): each
builder below picks its fields by name, and finding and payer messages (which may quote a diagnosis) stay out.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from billing.db.bulk import EncodedDict, insert_rows, json_text
from billing.db.models import Encounter, new_id
from billing.events.models import EventRow, WebhookDelivery, WebhookEndpoint

_PENDING = "pb_events"

# Every type an integration can subscribe to. Claim and line types follow the statuses of billing/ingest.py.
CLAIM_STATUSES = ("submitted", "accepted", "rejected", "paid", "partially_paid", "denied", "reversed")
TYPES = (
    "encounter.judged", "encounter.rejudged", "encounter.at_filing_risk",
    "claim.built", *(f"claim.{s}" for s in CLAIM_STATUSES), "claim.status_reported", "claim.voided",
    "claim_line.paid", "claim_line.denied", "claim_line.reversed",
    "response.ingested", "unmatched_item.created", "unmatched_item.resolved", "webhook_endpoint.disabled",
)


def emit(s: Session, agency_id: str, type_: str, object_id: str, data: dict[str, Any]) -> None:
    """Queue one event on the session; it is written by the session's next commit, or dropped by a rollback."""
    assert type_ in TYPES, type_
    _pending(s).append({"agency_id": agency_id, "type": type_, "object_id": str(object_id),
                                            "data": _plain(data)})


def _pending(s: Session) -> list[dict[str, Any]]:
    """The session's queued events. The session's transaction is begun first, so that a rollback before any
    statement ran is a rollback (which drops them), not a no-op that leaves them for the next commit."""
    if not s.in_transaction():
        s.begin()
    return s.info.setdefault(_PENDING, [])


def _plain(value: Any) -> Any:
    """JSON-ready: money as strings (exact), dates as ISO text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# --- the builders called where things change -------------------------------------------------------------


def judged(s: Session, versions: list[dict[str, Any]], audit: list[dict[str, Any]]) -> None:
    """Encounter versions written with their audit rows (one each, in the same order, as intake and rejudge
    write them): an `encounter.judged` or `encounter.rejudged` event each."""
    assert len(versions) == len(audit)
    queue(s, [judged_event(v, a) for v, a in zip(versions, audit, strict=True)])


def judged_event(version: dict[str, Any], audit: dict[str, Any]) -> dict[str, Any]:
    """The `encounter.judged` (or `.rejudged`) event of an encounter version row and its audit row, ready to
    queue (intake makes a batch's before its write lock)."""
    return {"agency_id": audit["agency_id"],
            "type": "encounter.rejudged" if version["kind"] == "rejudge" else "encounter.judged",
            "object_id": str(audit["object_id"]), "data": judged_data(audit["object_id"], version)}


def queue(s: Session, made: list[dict[str, Any]]) -> None:
    """Queue events made by a builder of this module (JSON-ready already), as emit does one."""
    _pending(s).extend(made)


def judged_data(encounter_id: str, v: dict[str, Any]) -> EncodedDict:
    """An `encounter.judged` event's data from its version row, JSON-ready (what emit's _plain would make of it:
    the only non-JSON value is the money) with the text json.dumps makes of it, built from cached parts: a batch
    writes a thousand, and encoding each whole cost more than the insert."""
    money = v["expected_payment"]
    findings = _findings_part(v["findings"] or ())
    pack = _pack_part(v["pack_state"], v["pack_plan"], v["pack_revision"]) if v["pack_state"] else None
    plain = {"encounter_id": encounter_id, "version": v["version"], "kind": v["kind"], "billable": v["billable"],
             "units": v["units"], "expected_payment": None if money is None else str(money),
             "findings": findings[0], "rule_pack": None if pack is None else pack[0]}
    text = "".join((
        '{"encounter_id": ', _scalar(encounter_id), ', "version": ', _scalar(plain["version"]), ', "kind": ',
        _scalar(plain["kind"]), ', "billable": ', _scalar(plain["billable"]), ', "units": ', _scalar(plain["units"]),
        ', "expected_payment": ', _scalar(plain["expected_payment"]), ', "findings": ', findings[1],
        ', "rule_pack": ', "null" if pack is None else pack[1], "}"))
    return EncodedDict(plain, text)


_PARTS: dict[Any, tuple[Any, str]] = {}  # findings' (code, severity) lists and pack refs, with their JSON text


def _findings_part(findings: Any) -> tuple[list[dict[str, str]], str]:
    key = tuple((f["code"], f["severity"]) for f in findings)
    hit = _PARTS.get(key)
    if hit is None:
        plain = [{"code": c, "severity": sev} for c, sev in key]
        hit = _remember_part(key, plain)
    return hit


def _pack_part(state: str, plan: str | None, revision: int | None) -> tuple[dict[str, Any], str]:
    key = ("pack", state, plan, revision)
    hit = _PARTS.get(key)
    if hit is None:
        hit = _remember_part(key, {"state": state, "plan": plan, "revision": revision})
    return hit


def _remember_part(key: Any, plain: Any) -> tuple[Any, str]:
    if len(_PARTS) >= 20000:
        _PARTS.clear()
    _PARTS[key] = hit = (plain, json_text(plain))
    return hit


def _scalar(value: Any) -> str:
    """json.dumps of None, a bool, an int or a str."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value) if type(value) is int else json_text(value)


def claims_built(s: Session, claims: list[dict[str, Any]], lines: list[dict[str, Any]]) -> None:
    """`claim.built` per claim row written by the claim builder, its lines with the EHR's encounter ids."""
    external = dict(s.execute(select(Encounter.id, Encounter.external_id).where(
        Encounter.id.in_({ln["encounter_id"] for ln in lines}))).all()) if lines else {}
    by_claim: dict[str, list[dict[str, Any]]] = {}
    for ln in lines:
        by_claim.setdefault(ln["claim_id"], []).append({
            "line_id": ln["id"], "line_number": ln["line_number"], "line_control": ln["line_control"],
            "encounter_id": external.get(ln["encounter_id"]), "encounter_version": ln["encounter_version"],
            "hcpcs": ln["hcpcs"], "modifiers": ln["modifiers"].split(":") if ln["modifiers"] else [],
            "units": ln["units"], "charge": ln["charge"]})
    for c in claims:
        emit(s, c["agency_id"], "claim.built", c["id"], {
            "claim_id": c["id"], "claim_control": c["claim_control"], "file_id": c["file_id"],
            "payer_ref": c["payer_ref"], "frequency": c["frequency"], "replaces_claim_id": c["replaces_claim_id"],
            "total_charge": c["total_charge"], "status": c["status"], "lines": by_claim.get(c["id"], [])})


def claim_event(s: Session, row: Any, claim: Any, line: Any) -> None:
    """A step of a claim's timeline from a payer response (billing.ingest): the claim's new status, a line's
    payment or denial, or an item that matched nothing of ours."""
    data = {"claim_id": row.claim_id, "line_id": row.line_id, "response_id": row.response_id,
            "status": row.status, "charge": row.charge, "paid": row.paid, "codes": _codes(row.detail)}
    if claim is not None:
        data |= {"claim_control": claim.claim_control, "payer_claim_number": claim.payer_claim_number,
                 "claim_status": claim.status}
    if line is not None:
        data |= {"line_control": line.line_control, "line_number": line.line_number}
    if row.status == "unmatched":
        kind = "unmatched_item.created"
    elif line is not None:
        kind = f"claim_line.{row.status}"
    else:
        kind = f"claim.{row.status}" if row.status in CLAIM_STATUSES else "claim.status_reported"
    if kind in TYPES:
        emit(s, row.agency_id, kind, row.claim_id or row.response_id, data)


def _codes(detail: dict[str, Any]) -> dict[str, Any]:
    """The payer's codes from a timeline entry's detail: control numbers and code lists, no free text."""
    keep = ("999", "277CA", "835", "errors", "patient_control", "payer_claim_control", "level", "trace", "gs06",
            "st02", "ik5", "payment")
    return {k: v for k, v in detail.items() if k in keep}


# --- the commit hook --------------------------------------------------------------------------------------


@sa_event.listens_for(Session, "before_commit")
def _write_pending(s: Session) -> None:
    pending = s.info.pop(_PENDING, None)
    if not pending:
        return
    s.flush()  # the change itself first, so only the event inserts run under the lock
    now = datetime.now(UTC)
    for agency in sorted({p["agency_id"] for p in pending}):
        rows = [{**p, "at": now} for p in pending if p["agency_id"] == agency]
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(agency)})
        _insert(s, agency, rows, now)


def _insert(s: Session, agency: str, rows: list[dict[str, Any]], now: datetime) -> None:
    endpoints = s.execute(select(WebhookEndpoint.id, WebhookEndpoint.event_types).where(
        WebhookEndpoint.agency_id == agency, WebhookEndpoint.enabled)).all()
    if not endpoints:
        insert_rows(s, EventRow.__table__, rows)  # the driver's bulk path: a batch's thousand events
        return
    ids = s.scalars(insert(EventRow).returning(EventRow.id, sort_by_parameter_order=True), rows).all()
    deliveries = [{"id": new_id(), "agency_id": agency, "endpoint_id": ep.id, "event_id": event_id,
                   "status": "pending", "attempts": 0, "next_attempt_at": now, "window_start": now,
                   "created_at": now}
                  for event_id, row in zip(ids, rows, strict=True)
                  for ep in endpoints if not ep.event_types or row["type"] in ep.event_types]
    if deliveries:
        s.execute(insert(WebhookDelivery), deliveries)


def _lock_key(agency: str) -> int:
    """A stable 63-bit advisory lock key per agency (the high bits name this lock's purpose)."""
    return (0x7E << 48) | zlib.crc32(agency.encode())


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_pending(s: Session, previous_transaction: Any) -> None:
    """Every rollback drops the queued events, also one before any statement ran (`after_rollback` fires only
    when a database transaction was under way, so events queued before the first statement would otherwise
    be written by the session's next commit: an event without its change)."""
    s.info.pop(_PENDING, None)
