"""Reading a 277CA claim acknowledgement (005010X214) into a ClaimStatus277. Pure: text in, objects out.

Tolerant on purpose: real 277CAs often break the guide's hierarchy (a provider level with no STC, HL counts
that do not add up, levels in odd orders), which a structural validator rejects. This reader follows HL03
(21 receiver, 19 provider, PT patient) and reads what each level carries; patient names are never read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from billing.x12.parse import Row, Values, check_group, check_set, control, date_range, el, fail
from billing.x12.reader import X12Error, scan
from schemas.responses import ClaimStatus277

# Claim status category codes (code list 507): the acknowledgement categories that accept and that reject.
ACCEPTING = frozenset(("A0", "A1", "A2", "A5"))
REJECTING = frozenset(("A3", "A4", "A6", "A7", "A8"))
_LEVELS = {"21": "receiver", "19": "provider"}


def read_277ca(text: str) -> ClaimStatus277:
    scanned = scan(text)
    reader = _Reader277(scanned.delimiters.component)
    for number, row in enumerate(scanned.rows, 1):
        handler = reader.handlers.get(row[0])
        if handler is not None:
            handler(reader, row, number)
    return reader.result()


def outcome(statuses: list[dict[str, Any]]) -> str:
    """Rejected when any status code rejects (a rejection is never hidden behind an accepting STC01),
    accepted when one accepts, otherwise other (pending, finalized, request for information)."""
    categories = {code["category"] for stc in statuses for code in stc["codes"]}
    if categories & REJECTING:
        return "rejected"
    return "accepted" if categories & ACCEPTING else "other"


class _Reader277:
    handlers: ClassVar[dict[str, Callable[[_Reader277, Row, int], None]]]  # filled in below the class

    def __init__(self, component: str) -> None:
        self.component = component
        self.values = Values()
        self.interchange = self.group_control = ""
        self.levels: list[dict[str, Any]] = []
        self.claims: list[dict[str, Any]] = []
        self.target: dict[str, Any] | None = None  # the level, claim or line an STC/REF/DTP applies to
        self.claim: dict[str, Any] | None = None
        self.in_line = False
        self.sets = 0
        self.batch = ""  # TRN02 of the last information receiver level (2200B): the BHT03 of our 837

    def _isa(self, row: Row, number: int) -> None:
        self.interchange = self.interchange or control(el(row, 13))

    def _gs(self, row: Row, number: int) -> None:
        check_group(row, number, "HN", "005010X214", "a 277CA (005010X214) functional group")
        self.group_control = self.group_control or control(el(row, 6))

    def _st(self, row: Row, number: int) -> None:
        check_set(row, number, "277", "a 277 transaction set")
        self.sets += 1
        self.batch = ""
        self._close()

    def _close(self) -> None:
        self.target, self.claim, self.in_line = None, None, False

    def _hl(self, row: Row, number: int) -> None:
        self._close()
        level = el(row, 3)
        if level in _LEVELS:
            self.target = {"level": _LEVELS[level], "identifier": "", "trace": "", "statuses": []}
            self.levels.append(self.target)
            if level == "21":
                self.batch = ""
        elif level == "PT":
            self.claim = self.target = {"patient_control": "", "batch_trace": self.batch, "statuses": [],
                                        "lines": []}
            self.claims.append(self.claim)

    def _nm1(self, row: Row, number: int) -> None:
        if self.target is not None and "level" in self.target:
            self.target["identifier"] = el(row, 9)

    def _trn(self, row: Row, number: int) -> None:
        if self.target is None or self.in_line:
            return
        self.target["trace" if "level" in self.target else "patient_control"] = el(row, 2)
        if self.target.get("level") == "receiver":
            self.batch = el(row, 2)

    def _stc(self, row: Row, number: int) -> None:
        if self.target is None:
            return  # the information source (2000A) carries no STC in a 277CA
        codes = [self._code(row, n, number) for n in (1, 10, 11) if el(row, n)]
        if not codes:
            raise fail(row, number, "STC01 is missing")
        self.target["statuses"].append({"codes": codes, "effective": self.values.date(row, 2, number),
                                        "action": el(row, 3), "charge": self.values.optional_money(row, 4, number),
                                        "message": el(row, 12)})

    def _code(self, row: Row, n: int, number: int) -> dict[str, str]:
        parts = [*el(row, n).split(self.component), "", ""]
        if not parts[0]:
            raise fail(row, number, f"STC{n:02d} has no status category code")
        return {"category": parts[0], "status": parts[1], "entity": parts[2]}

    def _ref(self, row: Row, number: int) -> None:
        qualifier = el(row, 1)
        if self.in_line and qualifier == "FJ" and self.target is not None:
            self.target["line_control"] = el(row, 2)
        elif not self.in_line and qualifier == "1K" and self.claim is not None:
            self.claim["payer_claim_control"] = el(row, 2)

    def _dtp(self, row: Row, number: int) -> None:
        if el(row, 1) != "472" or self.claim is None or self.target is None:
            return
        start, end = date_range(self.values, row, 2, number)
        if self.in_line:
            self.target["service_date"] = start
        else:
            self.claim.update(service_from=start, service_to=end)

    def _svc(self, row: Row, number: int) -> None:
        if self.claim is None:
            raise fail(row, number, "SVC outside a claim (patient level)")
        procedure = [*el(row, 1).split(self.component), ""]
        self.target = {"procedure": procedure[1], "modifiers": [m for m in procedure[2:6] if m],
                       "charge": self.values.optional_money(row, 2, number), "statuses": []}
        self.claim["lines"].append(self.target)
        self.in_line = True

    def result(self) -> ClaimStatus277:
        if not self.sets:
            raise X12Error(1, "ISA", "no 277 transaction set in the file")
        for item in [*self.levels, *self.claims, *(line for c in self.claims for line in c["lines"])]:
            item["outcome"] = outcome(item["statuses"])
        for claim in self.claims:
            first = claim["statuses"][0] if claim["statuses"] else {}
            claim["total_charge"] = first.get("charge")
        return ClaimStatus277.model_validate({"interchange_control": self.interchange,
                                              "group_control": self.group_control,
                                              "levels": self.levels, "claims": self.claims})


_Reader277.handlers = {
    "ISA": _Reader277._isa, "GS": _Reader277._gs, "ST": _Reader277._st, "HL": _Reader277._hl,
    "NM1": _Reader277._nm1, "TRN": _Reader277._trn, "STC": _Reader277._stc, "REF": _Reader277._ref,
    "DTP": _Reader277._dtp, "SVC": _Reader277._svc,
}
