"""Reading an 835 remittance (005010X221A1) into Remittance835 objects, and checking that its money adds up.

Pure: text in, objects out. Tolerant of what payers send: segments it has no use for (names, addresses,
contacts, TS3/TS2 totals, QTY, MIA amounts) are skipped and optional loops may be missing. Built for bulk:
rows from the fast scanner, values parsed once per distinct text, and each model made without validation when
its segment opens, its dict filled in by the segments that follow (see parse.trusted).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from billing.x12.parse import Row, Values, check_group, check_set, complete, control, el, fail, gc_paused, trusted
from billing.x12.reader import Delimiters, X12Error, feed_pieces, feed_rows, scan, single_interchange
from schemas.responses import Adjustment, ClaimPayment, ProviderAdjustment, Remittance835, ServicePayment

ZERO = Decimal(0)
ONE = Decimal(1)
_PAD = [""] * 8  # appended to SVC and CAS rows so optional elements index safely
_CAS_TRIPLETS = (2, 5, 8, 11, 14, 17)
_PLB_PAIRS = (3, 5, 7, 9, 11, 13)

_adjustment, _line, _claim = trusted(Adjustment), trusted(ServicePayment), trusted(ClaimPayment)
_provider_adjustment, _remittance = trusted(ProviderAdjustment), trusted(Remittance835)

Procedure = tuple[str, str, tuple[str, ...]]  # SVC01: qualifier, code, modifiers


def read_835(text: str) -> tuple[Remittance835, ...]:
    """Every 835 transaction set in the file, each a payment (or a notification) of its own."""
    with gc_paused():
        return _read(text)


def _read(text: str) -> tuple[Remittance835, ...]:
    # A function of its own so that what the reading made is freed before the collector runs again.
    usual = single_interchange(text)
    done = _read_pieces(*usual) if usual is not None else None
    return done if done is not None else _read_rows(text)


def _read_pieces(delims: Delimiters, pieces: list[str]) -> tuple[Remittance835, ...] | None:
    """None when anything is wrong with the file, its content included: _read_rows then reports it as scan
    does (same error, same precedence)."""
    reader = _Reader835(delims.component)
    if not feed_pieces(reader, reader.handlers, delims, pieces):
        return None
    try:
        return reader.result()
    except X12Error:
        return None


def _read_rows(text: str) -> tuple[Remittance835, ...]:
    scanned = scan(text)
    reader = _Reader835(scanned.delimiters.component)
    feed_rows(reader, reader.handlers, scanned.rows)
    return reader.result()


class _Reader835:
    """A state machine over rows: CLP opens a claim, SVC a line; CAS, DTM, REF, AMT and LQ apply to the
    innermost one open. `claim` and `line` are the __dict__s of models already made: every field is there
    from the start, and the sequences segments add to are lists until their loop ends (then tuples)."""

    handlers: ClassVar[dict[str, Callable[[_Reader835, Row, int], None]]]  # filled in below the class

    def __init__(self, component: str) -> None:
        self._component = component
        self.values = Values()
        self.cached = self.values.cache.get
        self.dated = self.values.dates.get
        self.procedures: dict[str, Procedure] = {}  # SVC01 text -> its parts: a file bills a few codes
        self.cas_seen: dict[tuple[str, ...], tuple[Adjustment, ...]] = {}
        self.svc_seen: dict[tuple[str, ...], dict[str, Any]] = {}
        self.interchange = self.group = ""
        self.remit: dict[str, Any] | None = None  # None outside ST/SE
        self.claim: dict[str, Any] | None = None
        self.line: dict[str, Any] | None = None
        self.party = ""  # N101 of the last N1, for REF*2U
        self.st: tuple[Row, int] = ([], 0)
        self.done: list[Remittance835] = []
        self.envelope_at: list[int] = []  # indexes of the envelope segments, for check_pieces

    # envelope

    def _envelope(self, row: Row, number: int) -> None:
        self.envelope_at.append(number - 1)

    def _isa(self, row: Row, number: int) -> None:
        self.envelope_at.append(number - 1)
        self.interchange = control(el(row, 13))

    def _gs(self, row: Row, number: int) -> None:
        self.envelope_at.append(number - 1)
        check_group(row, number, "HP", "005010X221", "an 835 (005010X221) functional group")
        self.group = control(el(row, 6))

    def _st(self, row: Row, number: int) -> None:
        self.envelope_at.append(number - 1)
        check_set(row, number, "835", "an 835 transaction set")
        self._end_claim()
        self.remit = {"interchange_control": self.interchange, "group_control": self.group,
                      "transaction_control": control(el(row, 2)), "claims": [], "provider_adjustments": []}
        self.st, self.party = (row, number), ""

    def _se(self, row: Row, number: int) -> None:
        self.envelope_at.append(number - 1)
        remit = self._need_remit(row, number)
        if "total_paid" not in remit:
            raise fail(*self.st, "the transaction set has no BPR (financial information)")
        if "method" not in remit or not remit["handling"]:
            raise fail(*self.st, "BPR01 or BPR04 is missing")
        self._end_claim()
        remit.update(claims=tuple(remit["claims"]), provider_adjustments=tuple(remit["provider_adjustments"]))
        self.done.append(_remittance(complete(Remittance835, remit)))
        self.remit = None

    def _need_remit(self, row: Row, number: int) -> dict[str, Any]:
        if self.remit is None:
            raise fail(row, number, "outside an 835 transaction set")
        return self.remit

    # header

    def _bpr(self, row: Row, number: int) -> None:
        v = self.values
        self._need_remit(row, number).update(
            handling=el(row, 1), total_paid=v.money(row, 2, number), credit_debit=el(row, 3) or "C",
            method=el(row, 4), payment_date=v.date(row, 16, number))

    def _trn(self, row: Row, number: int) -> None:
        if self.claim is None:
            self._need_remit(row, number).update(trace_number=el(row, 2), payer_trace_id=el(row, 3))

    def _n1(self, row: Row, number: int) -> None:
        remit = self._need_remit(row, number)
        self.party = el(row, 1)
        if self.party == "PR":
            remit["payer_name"] = el(row, 2)
            remit.setdefault("payer_id", el(row, 4))
        elif self.party == "PE":
            remit.update(payee_name=el(row, 2), payee_id_qualifier=el(row, 3), payee_id=el(row, 4))

    # claims

    def _clp(self, row: Row, number: int) -> None:
        remit = self._need_remit(row, number)
        v = self.values
        for n in (1, 2):
            if not el(row, n):
                raise fail(row, number, f"CLP{n:02d} is missing")
        self._end_claim()
        status = row[2]
        claim = {"patient_control": row[1], "status": status, "charge": v.money(row, 3, number),
                 "paid": v.money(row, 4, number), "patient_responsibility": v.optional_money(row, 5, number),
                 "filing_indicator": el(row, 6), "payer_claim_control": el(row, 7), "frequency": el(row, 9),
                 "reversal": status == "22", "adjustments": (), "remarks": (), "lines": []}
        remit["claims"].append(_claim(claim))
        self.claim = claim

    def _end_claim(self) -> None:
        self.line = None
        claim = self.claim
        if claim is not None:
            claim["lines"] = tuple(claim["lines"])
        self.claim = None

    def _cas(self, row: Row, number: int) -> None:
        target = self.line if self.line is not None else self.claim
        if target is None:
            raise fail(row, number, "CAS outside a claim (CLP) or service line (SVC)")
        key = tuple(row)  # a file repeats the same few CAS segments: each is read once, its frozen models shared
        adjustments = self.cas_seen.get(key)
        if adjustments is None:
            adjustments = self.cas_seen[key] = self._adjustments(row, number)
        before = target["adjustments"]
        target["adjustments"] = before + adjustments if before else adjustments

    def _adjustments(self, row: Row, number: int) -> tuple[Adjustment, ...]:
        r, money, out = row + _PAD, self.values.money, []
        for n in _CAS_TRIPLETS:
            if not r[n]:
                break
            out.append(_adjustment({"group": r[1], "reason": r[n], "amount": money(row, n + 1, number),
                                    "units": money(row, n + 2, number) if r[n + 2] else None}))
        return tuple(out)

    def _moa(self, row: Row, number: int) -> None:
        if self.claim is not None:
            self.claim["remarks"] += tuple(filter(None, row[3:8]))

    def _mia(self, row: Row, number: int) -> None:
        if self.claim is not None:
            self.claim["remarks"] += tuple(filter(None, (el(row, 5), *row[20:24])))

    # lines

    def _svc(self, row: Row, number: int) -> None:
        claim = self.claim
        if claim is None:
            raise fail(row, number, "SVC outside a claim (no CLP before it)")
        self.line = None
        key = tuple(row)  # the same code, units and amounts recur: their values are read once
        values = self.svc_seen.get(key)
        if values is None:
            values = self.svc_seen[key] = self._svc_values(row, number)
        line = dict(values)
        claim["lines"].append(_line(line))
        self.line = line

    def _svc_values(self, row: Row, number: int) -> dict[str, Any]:
        """A line's fields from its SVC, with empty sequences for the segments that follow to fill in."""
        r = row + _PAD
        qualifier, procedure, modifiers = self.procedures.get(r[1]) or self._procedure(row, r[1], number)
        money = self.values.money
        return {"qualifier": qualifier, "procedure": procedure, "modifiers": modifiers,
                "charge": money(row, 2, number), "paid": money(row, 3, number),
                "units": money(row, 5, number) if r[5] else ONE,
                "submitted_procedure": self._submitted(r[6]) if r[6] else None, "line_control": None,
                "service_date": None, "service_to": None, "allowed": None, "adjustments": (), "remarks": ()}

    def _procedure(self, row: Row, text: str, number: int) -> Procedure:
        parts = text.split(self._component)
        if len(parts) < 2 or not parts[1]:
            raise fail(row, number, "SVC01 has no procedure code")
        parsed = self.procedures[text] = (parts[0], parts[1], tuple(filter(None, parts[2:6])))
        return parsed

    def _submitted(self, text: str) -> str | None:
        """SVC06-2, the code as billed when the payer paid another."""
        original = text.split(self._component)
        return original[1] if len(original) > 1 and original[1] else None

    def _dtm(self, row: Row, number: int) -> None:
        line = self.line
        if line is None or len(row) < 3:
            return
        qualifier = row[1]
        if qualifier == "472" or qualifier == "150":
            line["service_date"] = self.dated(row[2]) or self.values.date(row, 2, number)
        elif qualifier == "151":
            line["service_to"] = self.dated(row[2]) or self.values.date(row, 2, number)

    def _ref(self, row: Row, number: int) -> None:
        qualifier = row[1] if len(row) > 2 else ""
        if self.line is not None:
            if qualifier == "6R":  # the 837P line item control number, returned as sent (X221A1 2110 REF)
                self.line["line_control"] = row[2]
        elif qualifier == "2U" and self.party == "PR" and self.claim is None:
            self._need_remit(row, number)["payer_id"] = row[2]

    def _amt(self, row: Row, number: int) -> None:
        if self.line is not None and len(row) > 2 and row[1] == "B6":
            allowed = self.cached(row[2])
            self.line["allowed"] = self.values.money(row, 2, number) if allowed is None else allowed

    def _lq(self, row: Row, number: int) -> None:
        if self.line is not None and el(row, 1) == "HE" and el(row, 2):
            self.line["remarks"] += (row[2],)

    # footer

    def _plb(self, row: Row, number: int) -> None:
        remit = self._need_remit(row, number)
        self._end_claim()
        v, provider, period = self.values, el(row, 1), self.values.date(row, 2, number)
        for n in _PLB_PAIRS:
            if not el(row, n):
                break
            reason, _, reference = row[n].partition(self._component)
            remit["provider_adjustments"].append(_provider_adjustment(
                {"provider_id": provider, "fiscal_period": period, "reason": reason, "reference": reference,
                 "amount": v.money(row, n + 1, number)}))

    def result(self) -> tuple[Remittance835, ...]:
        if not self.done:
            raise X12Error(1, "ISA", "no 835 transaction set in the file")
        return tuple(self.done)


_Reader835.handlers = {
    "ISA": _Reader835._isa, "GS": _Reader835._gs, "ST": _Reader835._st, "SE": _Reader835._se,
    "BPR": _Reader835._bpr, "TRN": _Reader835._trn, "N1": _Reader835._n1, "CLP": _Reader835._clp,
    "CAS": _Reader835._cas, "MOA": _Reader835._moa, "MIA": _Reader835._mia, "SVC": _Reader835._svc,
    "DTM": _Reader835._dtm, "REF": _Reader835._ref, "AMT": _Reader835._amt, "LQ": _Reader835._lq,
    "PLB": _Reader835._plb, "GE": _Reader835._envelope, "IEA": _Reader835._envelope, "TA1": _Reader835._envelope,
}


# --- balancing ------------------------------------------------------------------------------------------


def balance_problems(remit: Remittance835) -> list[str]:
    """Where the money does not add up, per the X221A1 balancing rules: each line's charge less its
    adjustments is its payment; each claim's charge less its claim and line adjustments is its payment; the
    BPR total is the claims' payments less the PLB amounts (a positive PLB amount reduces the payment).
    Claims and lines are named by control number, never by person."""
    problems: list[str] = []
    for claim in remit.claims:
        problems += _claim_problems(claim)
    paid = sum((c.paid for c in remit.claims), ZERO)
    withheld = sum((a.amount for a in remit.provider_adjustments), ZERO)
    total = -remit.total_paid if remit.credit_debit == "D" else remit.total_paid
    if paid - withheld != total:
        problems.append(f"transaction set {remit.transaction_control}: BPR02 {remit.total_paid} is not the claim "
                        f"payments {paid} less provider adjustments {withheld} (= {paid - withheld})")
    return problems


def _claim_problems(claim: ClaimPayment) -> list[str]:
    problems: list[str] = []
    adjusted = sum((a.amount for a in claim.adjustments), ZERO)
    for n, line in enumerate(claim.lines, 1):
        line_adjusted = sum((a.amount for a in line.adjustments), ZERO)
        adjusted += line_adjusted
        if line.charge - line_adjusted != line.paid:
            name = line.line_control or f"#{n}"
            problems.append(f"claim {claim.patient_control} line {name}: charge {line.charge} less adjustments "
                            f"{line_adjusted} is {line.charge - line_adjusted}, but {line.paid} was paid")
    if claim.charge - adjusted != claim.paid:
        problems.append(f"claim {claim.patient_control}: charge {claim.charge} less adjustments {adjusted} is "
                        f"{claim.charge - adjusted}, but {claim.paid} was paid")
    return problems
