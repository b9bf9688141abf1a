"""Payer responses in: 999, 277CA and 835 move claims and lines to their status, with a timeline entry each.

One transaction per file. The same file twice changes nothing (it is stored once, by hash; an 835 by the hash
of its content, see identity). A malformed
file, or an 835 whose money does not balance, is refused whole: nothing of it is stored. Claims and lines
that match nothing are kept as unmatched events for staff, never dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from billing import events, rejections
from billing.access import Actor
from billing.audit import record
from billing.db.connection import Database
from billing.db.models import ClaimEvent, ClaimFileRow, ClaimLineRow, ClaimRow, ResponseFile
from billing.db.models import Encounter as EncounterRow
from billing.x12.parse import digits
from billing.x12.reader import X12Error, envelope_warnings, read_isa
from billing.x12.responses import balance_problems, read_277ca, read_835, read_999
from schemas.responses import (
    Ack999,
    ClaimPayment,
    ClaimStatus,
    ClaimStatus277,
    GroupAck999,
    Remittance835,
    ServicePayment,
    SetAck999,
)


class ResponseError(Exception):
    """The file is refused whole (malformed, of an unknown kind, or not balancing)."""


@dataclass
class Ingested:
    response_id: str
    kind: str
    duplicate: bool = False
    summary: dict[str, Any] = field(default_factory=dict)


def kind_of(text: str) -> str:
    """999 (or 997), 277CA or 835, from the first ST01."""
    try:
        delims, _ = read_isa(text.lstrip("\ufeff \t\r\n"))
    except X12Error as exc:
        raise ResponseError(str(exc)) from None
    term = delims.segment
    for seg in text.replace("\r", "").replace("\n", "").split(term) if term not in "\r\n" else text.splitlines():
        seg = seg.strip()
        if seg.startswith(f"ST{delims.element}"):
            st01 = seg.split(delims.element)[1]
            if st01 == "277":
                return "277CA"
            if st01 in ("999", "997", "835"):
                return st01
            raise ResponseError(f"ST01 {st01} is not a 999, 997, 277CA or 835")
    raise ResponseError("no ST segment: not an X12 transaction set")


def identity(kind: str, raw: bytes, parsed: Any) -> str:
    """What makes two files the same response (stored in the responses' sha256 column, unique per agency): the
    hash of the bytes as received, except for an 835, whose hash is of its content (payer, TRN02 trace, BPR
    payment, the claims and provider adjustments), so a payer's resend under new control numbers (ISA13, GS06, ST02) or
    with other line breaks is recognised as the same remittance and posts nothing twice."""
    if kind != "835":
        return hashlib.sha256(raw).hexdigest()
    content = [{"payer": r.payer_id, "originator": r.payer_trace_id, "trace": r.trace_number,
                "paid": r.total_paid, "credit_debit": r.credit_debit, "handling": r.handling,
                "claims": [c.model_dump() for c in r.claims],
                "adjustments": [a.model_dump() for a in r.provider_adjustments]} for r in parsed]
    return hashlib.sha256(json.dumps(_canonical(content), sort_keys=True).encode()).hexdigest()


def _canonical(value: Any) -> Any:
    """JSON-ready, with amounts written one way (100, 100.0 and 100.00 are the same payment)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value if isinstance(value, str | int | float | bool | None) else str(value)


def decode(data: bytes | str) -> tuple[str, list[str]]:
    """The text of a file as received: UTF-8 (a byte-order mark is read past by the scanner); bytes that are not
    UTF-8 are read as Latin-1, with a warning, rather than refused."""
    if isinstance(data, str):
        return data, []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return data.decode("latin-1"), ["the file is not UTF-8; it was read as Latin-1"]


class Ingestor:
    def __init__(self, db: Database):
        self.db = db

    def ingest(self, actor: Actor, data: bytes | str,
               then: Callable[[Session, Ingested], None] | None = None) -> Ingested:
        """`data` as received (bytes from HTTP or a file); its sha256 is taken over those bytes. `then` runs in
        the ingest's transaction before the commit (a job records its outcome there)."""
        agency = actor.agency_for_billing()
        raw = data if isinstance(data, bytes) else data.encode()
        text, warnings = decode(data)
        kind = kind_of(text)
        parsed = self._parse(kind, text)
        warnings += self._warnings(text)
        digest = identity(kind, raw, parsed)
        with self.db.writing() as s:
            prior = s.scalars(select(ResponseFile).where(ResponseFile.agency_id == agency,
                                                         ResponseFile.sha256 == digest)).first()
            if prior is not None:
                done = Ingested(prior.id, prior.kind, duplicate=True, summary=prior.summary)
                if then is not None:
                    then(s, done)
                    s.commit()
                return done
            row = ResponseFile(agency_id=agency, kind=kind, sha256=digest, content=text, summary={},
                               received_at=datetime.now(UTC), received_by=actor.key_id)
            s.add(row)
            s.flush()
            post = ResponsePosting(s, agency, row.id, row.received_at)
            summary = {"999": post.ack, "997": post.ack, "277CA": post.status, "835": post.remit}[kind](parsed)
            if warnings:
                summary["warnings"] = warnings
            post.record_rejections("999" if kind == "997" else kind)
            row.summary = summary
            record(s, actor, f"response.{kind.lower()}", "response", row.id, agency, summary)
            events.emit(s, agency, "response.ingested", row.id, {"response_id": row.id, "kind": kind, **summary})
            done = Ingested(row.id, kind, summary=summary)
            if then is not None:
                then(s, done)
            try:
                s.commit()
            except IntegrityError:  # the same file, ingested at the same moment by another request
                s.rollback()
                return self.ingest(actor, data, then)
            return done

    @staticmethod
    def _warnings(text: str) -> list[str]:
        try:
            return list(envelope_warnings(text))
        except X12Error:  # the reader has accepted the file; nothing more to say
            return []

    def _parse(self, kind: str, text: str) -> Any:
        try:
            if kind in ("999", "997"):
                return read_999(text)
            if kind == "277CA":
                return read_277ca(text)
            remits = read_835(text)
        except X12Error as exc:
            raise ResponseError(str(exc)) from None
        problems = [p for r in remits for p in balance_problems(r)]
        if problems:
            raise ResponseError("the 835 does not balance: " + "; ".join(problems[:10]))
        return remits


@dataclass
class ResponsePosting:
    """Applies one parsed response to the agency's claims, writing the timeline as it goes."""

    s: Session
    agency: str
    response_id: str
    at: datetime
    # The "no"s met on the way, as (claim, line or None for all its lines, reasons, paid, whole line at stake).
    nos: list[tuple[str, str | None, list[rejections.Reason], Decimal, bool]] = field(default_factory=list)

    def record_rejections(self, kind: str) -> None:
        """Write one rejection row per reason and line, with one query for every claim's line facts."""
        facts = rejections.line_facts(self.s, list(dict.fromkeys(n[0] for n in self.nos)))
        rows: list[dict[str, Any]] = []
        for claim_id, line_id, reasons, paid, whole in self.nos:
            for line in facts[claim_id]:
                if line_id is None or line.line_id == line_id:
                    rows += rejections.payer_rows(self.agency, kind, line, reasons, at=self.at,
                                                  response_id=self.response_id, paid=paid, whole_line=whole)
        rejections.write(self.s, rows)

    def event(self, claim: ClaimRow | None, line: ClaimLineRow | None, status: str, detail: dict[str, Any],
              charge: Decimal | None = None, paid: Decimal | None = None) -> None:
        row = ClaimEvent(agency_id=self.agency, claim_id=claim.id if claim else None,
                         line_id=line.id if line else None, response_id=self.response_id, at=self.at,
                         status=status, charge=charge, paid=paid, detail=detail)
        self.s.add(row)
        events.claim_event(self.s, row, claim, line)

    def set_status(self, c: ClaimRow, status: str) -> None:
        """A claim the payer rejected (999 or 277CA) never entered adjudication: its lines stop being active
        and its encounters are free to be billed again, as a new original once corrected."""
        c.status = status
        if status != "rejected" or not c.active:
            return
        c.active = False
        # The encounters by primary key, from their lines: nothing indexes encounters.claim_line_id, and a
        # `claim_line_id IN (the claim's lines)` read every encounter stored, per rejected claim (0.4 s at 1M).
        lines = self.s.execute(select(ClaimLineRow.id, ClaimLineRow.encounter_id)
                               .where(ClaimLineRow.claim_id == c.id)).all()
        if lines:
            self.s.execute(update(EncounterRow).where(EncounterRow.id.in_([e for _, e in lines]),
                                                      EncounterRow.claim_line_id.in_([ln for ln, _ in lines]))
                           .values(claim_line_id=None))
        self.s.execute(update(ClaimLineRow).where(ClaimLineRow.claim_id == c.id).values(active=False))

    def claim(self, control: str) -> ClaimRow | None:
        # The latest claim sent with this control number (a replacement keeps its own CLM01).
        return self.s.scalars(select(ClaimRow).where(ClaimRow.agency_id == self.agency,
                                                     ClaimRow.claim_control == control)).first()

    # --- 999 -------------------------------------------------------------------------------------------

    def ack(self, ack: Ack999) -> dict[str, Any]:
        """A 999 (or 997) applies to our claims only where it says it acknowledges them: AK101 HC (claims),
        AK102 the GS06 of one of our files, AK201 837 and AK202 one of that file's ST02s. Anything else is kept
        as unmatched, with the reason."""
        counts = {"accepted_sets": 0, "rejected_sets": 0, "claims_rejected": 0, "unmatched_sets": 0}
        for group in ack.groups:
            f, why = self._acked_file(group)
            if why and not group.sets:
                counts["unmatched_sets"] += 1
                self.event(None, None, "unmatched", {ack.transaction_set: "group", "gs06": group.group_control,
                                                     "ak101": group.functional_id, "ak9": group.status,
                                                     "reason": why})
            for st in group.sets or _whole_group(group, f):
                claims, set_why = self._acked_claims(f, why, st)
                if set_why:
                    counts["unmatched_sets"] += 1
                    self.event(None, None, "unmatched", {ack.transaction_set: "set", "gs06": group.group_control,
                                                         "ak101": group.functional_id, "ak201": st.transaction_set_id,
                                                         "st02": st.control_number, "ik5": st.status,
                                                         "reason": set_why})
                    continue
                self._apply_set(st, claims, counts)
            if f is not None:
                f.status = "rejected" if group.status == "R" else "accepted"
        return counts

    def _acked_file(self, group: GroupAck999) -> tuple[ClaimFileRow | None, str]:
        if group.functional_id != "HC":
            return None, f"AK101 is {group.functional_id or 'empty'}, not HC: it acknowledges another kind of " \
                         "transaction than our claims"
        f = self.s.scalars(select(ClaimFileRow).where(ClaimFileRow.agency_id == self.agency,
                                                      ClaimFileRow.group_control == int(group.group_control))
                           ).first() if digits(group.group_control) else None
        return f, "" if f is not None else "AK102 is not the GS06 of any claim file we sent"

    def _acked_claims(self, f: ClaimFileRow | None, why: str, st: SetAck999) -> tuple[list[ClaimRow], str]:
        if why:
            return [], why
        if st.transaction_set_id != "837":
            return [], f"AK201 is {st.transaction_set_id or 'empty'}, not 837"
        claims = self._set_claims(f, st.control_number)
        return claims, "" if claims else "AK202 is not the ST02 of a transaction set in that claim file"

    def _apply_set(self, st: SetAck999, claims: list[ClaimRow], counts: dict[str, Any]) -> None:
        errors = [{"segment": e.segment_id, "position": e.position, "loop": e.loop, "code": e.code,
                   "claim": e.claim_control, "elements": [x.code for x in e.element_errors]}
                  for e in st.segment_errors]
        status = "submitted" if st.accepted else "rejected"
        counts["accepted_sets" if st.accepted else "rejected_sets"] += 1
        reasons = [] if st.accepted else rejections.set_reasons(st)
        for c in claims:
            if c.active and c.status in ("built", "submitted"):
                self.set_status(c, status)
                counts["claims_rejected"] += status == "rejected"
            self.event(c, None, status, {"999": st.status, "errors": errors})
            if reasons:
                self.nos.append((c.id, None, reasons, Decimal("0"), True))

    def _set_claims(self, f: ClaimFileRow | None, st02: str) -> list[ClaimRow]:
        if f is None or not digits(st02):
            return []
        return list(self.s.scalars(select(ClaimRow).where(ClaimRow.file_id == f.id,
                                                          ClaimRow.st_control == int(st02))))

    # --- 277CA -----------------------------------------------------------------------------------------

    def status(self, report: ClaimStatus277) -> dict[str, Any]:
        """A 277CA claim applies to ours only when it sits under the trace of the batch we sent it in (2200B
        TRN02, our BHT03 "ISA13-ST02") and its 2200D TRN02 is our CLM01; anything else is kept as unmatched."""
        counts = {"accepted": 0, "rejected": 0, "other": 0, "unmatched": 0}
        self._level_rejections(report, counts)
        for cs in report.claims:
            c = self.claim(cs.patient_control)
            detail = {"277CA": _status_codes(cs.statuses), "patient_control": cs.patient_control,
                      "payer_claim_control": cs.payer_claim_control, "trace": cs.batch_trace}
            why = "2200D TRN02 is not the CLM01 of any claim we sent" if c is None else self._foreign_trace(cs, c)
            if c is None or why:
                counts["unmatched"] += 1
                self.event(None, None, "unmatched", {**detail, "reason": why}, charge=cs.total_charge)
                continue
            counts[cs.outcome] += 1
            if cs.payer_claim_control:
                c.payer_claim_number = cs.payer_claim_control  # needed later for replacements and voids
            if cs.outcome in ("accepted", "rejected") and c.status in ("built", "submitted", "accepted"):
                self.set_status(c, cs.outcome)
            if cs.outcome == "rejected":
                self.nos.append((c.id, None, rejections.status_reasons(cs.statuses), Decimal("0"), True))
            self.event(c, None, cs.outcome if cs.outcome != "other" else "status", detail, charge=cs.total_charge)
        return counts

    def _foreign_trace(self, cs: ClaimStatus, c: ClaimRow) -> str:
        """Why the claim's batch trace is not the one we sent the claim in ('' when it is)."""
        if not cs.batch_trace:
            return "no batch trace (2200B TRN02) above the claim: it cannot be tied to a file we sent"
        isa, _, st = cs.batch_trace.partition("-")
        f = self.s.get(ClaimFileRow, c.file_id)
        if not (digits(isa) and digits(st)) or f is None or (f.isa_control, c.st_control) != (int(isa), int(st)):
            return "the batch trace (2200B TRN02) is not the BHT03 of the transaction set the claim was sent in"
        return ""

    def _level_rejections(self, report: ClaimStatus277, counts: dict[str, Any]) -> None:
        """A rejection at the information receiver or billing provider level rejects every claim of the batch
        it names (TRN02: the BHT03 of our 837, "ISA13-ST02"), whether or not the claims are listed."""
        trace = ""
        for level in report.levels:
            if level.level == "receiver" and level.trace:
                trace = level.trace  # the batch, for a provider level under it that names none
            if level.outcome != "rejected":
                continue
            # A billing provider level's own TRN (2200C, required by the guide) names a batch only when the payer
            # echoes one there; otherwise the batch is the information receiver's above it.
            own = self._batch_claims(level.trace) if level.trace else []
            claims = own or (self._batch_claims(trace) if level.level == "provider" else [])
            detail = {"277CA": _status_codes(level.statuses), "level": level.level,
                      "identifier": level.identifier, "trace": level.trace if own or not trace else trace}
            if not claims:
                counts["unmatched"] += 1
                self.event(None, None, "unmatched", detail)
                continue
            for c in claims:
                counts["rejected"] += 1
                if c.status in ("built", "submitted", "accepted"):
                    self.set_status(c, "rejected")
                self.event(c, None, "rejected", detail)
                self.nos.append((c.id, None, rejections.status_reasons(level.statuses), Decimal("0"), True))

    def _batch_claims(self, trace: str) -> list[ClaimRow]:
        isa, _, st = trace.partition("-")
        if not (digits(isa) and digits(st)):
            return []
        f = self.s.scalars(select(ClaimFileRow).where(ClaimFileRow.agency_id == self.agency,
                                                      ClaimFileRow.isa_control == int(isa))).first()
        return self._set_claims(f, st)

    # --- 835 -------------------------------------------------------------------------------------------

    def remit(self, remits: tuple[Remittance835, ...]) -> dict[str, Any]:
        counts = {"claims": 0, "lines": 0, "unmatched_claims": 0, "unmatched_lines": 0, "paid": Decimal("0")}
        for r in remits:
            payment = {"trace": r.trace_number, "method": r.method, "total": str(r.total_paid),
                       "plb": [{"reason": p.reason, "reference": p.reference, "amount": str(p.amount)}
                               for p in r.provider_adjustments]}
            counts["paid"] += r.total_paid
            for cp in r.claims:
                self._remit_claim(cp, payment, counts)
        counts["paid"] = str(counts["paid"])
        return counts

    def _remit_claim(self, cp: ClaimPayment, payment: dict[str, Any], counts: dict[str, Any]) -> None:
        c = self.claim(cp.patient_control)
        counts["claims"] += 1
        detail = {"835": {"clp02": cp.status, "payer_claim_control": cp.payer_claim_control,
                          "adjustments": _adjustments(cp.adjustments), "remarks": list(cp.remarks)},
                  "payment": payment, "patient_control": cp.patient_control}
        if c is None:
            counts["unmatched_claims"] += 1
            self.event(None, None, "unmatched", detail, charge=cp.charge, paid=cp.paid)
            return
        if cp.payer_claim_control:
            c.payer_claim_number = cp.payer_claim_control
        lines = list(self.s.scalars(select(ClaimLineRow).where(ClaimLineRow.claim_id == c.id)
                                    .order_by(ClaimLineRow.line_number)))
        taken: set[str] = set()
        statuses = []
        for sp in cp.lines:
            line = _match_line(sp, lines, taken)
            counts["lines"] += 1
            status = "reversed" if cp.reversal else _line_status(sp)
            ldetail = {"835": {"procedure": sp.procedure, "modifiers": list(sp.modifiers),
                               "line_control": sp.line_control, "adjustments": _adjustments(sp.adjustments),
                               "remarks": list(sp.remarks), "units": str(sp.units)}}
            if line is None:
                counts["unmatched_lines"] += 1
                self.event(c, None, "unmatched", ldetail, charge=sp.charge, paid=sp.paid)
                continue
            taken.add(line.id)
            line.status = status
            statuses.append(status)
            self.event(c, line, status, ldetail, charge=sp.charge, paid=sp.paid)
            if not cp.reversal and (why := rejections.adjustment_reasons(sp.adjustments, sp.remarks,
                                                                       denied=status == "denied")):
                self.nos.append((c.id, line.id, why, sp.paid, status == "denied"))
        if not cp.lines and _claim_status(cp, []) == "denied":  # denied at claim level: every line of it
            why = rejections.adjustment_reasons(cp.adjustments, cp.remarks, denied=True)
            self.nos.append((c.id, None, why, Decimal("0"), True))
        c.status = _claim_status(cp, statuses)
        self.event(c, None, c.status, detail, charge=cp.charge, paid=cp.paid)


def _whole_group(group: GroupAck999, f: ClaimFileRow | None) -> tuple[SetAck999, ...]:
    """A group acknowledged without AK2 loops (a 997 may do this): AK9 speaks for every set of the file."""
    if f is None or not group.status:
        return ()
    accepted = group.status in ("A", "E")
    return tuple(SetAck999(transaction_set_id="837", control_number=str(f.first_st_control + n),
                           status="A" if accepted else "R", accepted=accepted, syntax_errors=group.syntax_errors)
                 for n in range(f.transaction_sets))


def _status_codes(statuses: Any) -> list[dict[str, str]]:
    return [{"category": x.category, "status": x.status, "entity": x.entity} for st in statuses for x in st.codes]


def _adjustments(adjs: Any) -> list[dict[str, str]]:
    return [{"group": a.group, "reason": a.reason, "amount": str(a.amount)} for a in adjs]


def _match_line(sp: ServicePayment, lines: list[ClaimLineRow], taken: set[str]) -> ClaimLineRow | None:
    """By our line control number first; then by code, date and modifiers, tolerating a payer that drops or
    reorders modifiers (a unique code+date match is enough)."""
    free = [ln for ln in lines if ln.id not in taken]
    if sp.line_control:
        for ln in free:
            if ln.line_control == sp.line_control:
                return ln
    same = [ln for ln in free if ln.hcpcs == sp.procedure and (sp.service_date is None
                                                               or ln.service_date == sp.service_date)]
    exact = [ln for ln in same if set(ln.modifiers.split(":") if ln.modifiers else []) == set(sp.modifiers)]
    if exact:
        return exact[0]
    return same[0] if len(same) == 1 else None


def _line_status(sp: ServicePayment) -> str:
    """paid; no_payment when the payer processed the line and paid 0 for a reason that is not a "no" (all of
    it went to the patient's deductible or coinsurance, or another payer already paid it); else denied."""
    if sp.paid > 0:
        return "paid"
    return "no_payment" if rejections.processed_without_payment(sp.adjustments) else "denied"


def _claim_status(cp: ClaimPayment, lines: list[str]) -> str:
    if cp.reversal:
        return "reversed"
    if not lines:  # adjudicated at claim level only
        if cp.status == "4" or (cp.paid == 0 and not rejections.processed_without_payment(cp.adjustments)):
            return "denied"
        return "paid" if cp.paid > 0 else "no_payment"
    if cp.status == "4" or all(s == "denied" for s in lines):
        return "denied"
    if any(s == "denied" for s in lines):
        return "partially_paid"
    return "no_payment" if all(s == "no_payment" for s in lines) else "paid"
