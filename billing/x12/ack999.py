"""Reading a 999 implementation acknowledgement (005010X231A1), or the older 997 functional acknowledgement
some payers still send, into an Ack999. Pure: text in, objects out.

Per functional group we sent (AK1 ... AK9) and per transaction set in it (AK2 ... IK5): accepted or rejected,
and the segment (IK3, with CTX) and element (IK4) errors. A 997 says the same with AK3, AK4 and AK5 in place
of IK3, IK4 and IK5. IK404 / AK404, the copy of a bad value, is not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from billing.x12.parse import Row, check_group, control, el, fail, integer, optional_int
from billing.x12.reader import X12Error, scan
from schemas.responses import Ack999

ACCEPTED = frozenset(("A", "E"))  # IK501: accepted, or accepted with errors noted


def read_999(text: str) -> Ack999:
    """Every acknowledged group in the file (one 999 or 997 transaction set acknowledges one group)."""
    scanned = scan(text)
    reader = _Reader999(scanned.delimiters.component, scanned.delimiters.repetition)
    for number, row in enumerate(scanned.rows, 1):
        handler = reader.handlers.get(row[0])
        if handler is not None:
            handler(reader, row, number)
    return reader.result()


class _Reader999:
    handlers: ClassVar[dict[str, Callable[[_Reader999, Row, int], None]]]  # filled in below the class

    def __init__(self, component: str, repetition: str) -> None:
        self.component, self.repetition = component, repetition
        self.interchange = self.group_control = ""
        self.groups: list[dict[str, Any]] = []
        self.group: dict[str, Any] | None = None  # open between AK1 and AK9
        self.set: dict[str, Any] | None = None  # open between AK2 and IK5
        self.segment_error: dict[str, Any] | None = None  # the last IK3 of the open set
        self.in_st = False
        self.kind = ""  # 999 or 997, from the first ST
        self.versions: dict[str, str] = {}  # GS08 of the open group

    def _isa(self, row: Row, number: int) -> None:
        self.interchange = self.interchange or control(el(row, 13))

    def _gs(self, row: Row, number: int) -> None:
        # A 997's group names the X12 release only (004010, 005010); a 999's names the guide, 005010X231.
        check_group(row, number, "FA", "00", "a 999 or 997 acknowledgement (GS01 FA)")
        self.versions["gs08"] = el(row, 8)
        self.group_control = self.group_control or control(el(row, 6))

    def _st(self, row: Row, number: int) -> None:
        if el(row, 1) not in ("999", "997"):
            raise fail(row, number, "not a 999 or 997 transaction set: ST01 is neither")
        if el(row, 1) == "999" and not self.versions.get("gs08", "").startswith("005010X231"):
            raise fail(row, number, "a 999 in a group whose GS08 is not 005010X231")
        self.kind = self.kind or el(row, 1)
        self.in_st = True

    def _se(self, row: Row, number: int) -> None:
        if self.group is not None:
            raise fail(row, number, "the acknowledged group has no AK9")
        self.in_st = False

    def _ak1(self, row: Row, number: int) -> None:
        if not self.in_st or self.group is not None:
            raise fail(row, number, "AK1 outside a 999 transaction set or before the previous group's AK9")
        self.group = {"functional_id": el(row, 1), "group_control": control(el(row, 2)), "version": el(row, 3),
                      "sets": []}

    def _ak2(self, row: Row, number: int) -> None:
        group = self._need_group(row, number)
        self._need_closed_set(row, number)
        self.set = {"transaction_set_id": el(row, 1), "control_number": control(el(row, 2)),
                    "implementation": el(row, 3), "segment_errors": []}
        group["sets"].append(self.set)
        self.segment_error = None

    def _ik3(self, row: Row, number: int) -> None:
        current = self._need_set(row, number)
        self.segment_error = {"segment_id": el(row, 1), "position": integer(row, 2, number), "loop": el(row, 3),
                              "code": el(row, 4), "contexts": [], "element_errors": []}
        current["segment_errors"].append(self.segment_error)

    def _ctx(self, row: Row, number: int) -> None:
        if self.segment_error is None:
            return  # a CTX before any IK3 carries no place we model
        first = el(row, 1).split(self.repetition)[0] if self.repetition else el(row, 1)
        name, _, value = first.partition(self.component)
        self.segment_error["contexts"].append(name)
        if name == "CLM01" and value:
            self.segment_error["claim_control"] = value

    def _ik4(self, row: Row, number: int) -> None:
        if self.segment_error is None:
            raise fail(row, number, "IK4 without an IK3 before it")
        position = el(row, 1).split(self.component)
        if not (position[0].isdigit() and position[0].isascii()):
            raise fail(row, number, "IK401 is not an element position")
        extra = [*position[1:], "", ""]
        self.segment_error["element_errors"].append({
            "position": int(position[0]), "component": optional_int(extra[0]), "repetition": optional_int(extra[1]),
            "data_element": el(row, 2), "code": el(row, 3)})

    def _ik5(self, row: Row, number: int) -> None:
        current = self._need_set(row, number)
        status = el(row, 1)
        if not status:
            raise fail(row, number, "IK501 is missing")
        current.update(status=status, accepted=status in ACCEPTED, syntax_errors=[c for c in row[2:7] if c])
        self.set = self.segment_error = None

    def _ak9(self, row: Row, number: int) -> None:
        group = self._need_group(row, number)
        self._need_closed_set(row, number)
        if not el(row, 1):
            raise fail(row, number, "AK901 is missing")
        group.update(status=row[1], sets_included=integer(row, 2, number), sets_received=integer(row, 3, number),
                     sets_accepted=integer(row, 4, number), syntax_errors=[c for c in row[5:10] if c])
        self.groups.append(group)
        self.group = None

    def _need_group(self, row: Row, number: int) -> dict[str, Any]:
        if self.group is None:
            raise fail(row, number, f"{row[0]} without an AK1 before it")
        return self.group

    def _need_set(self, row: Row, number: int) -> dict[str, Any]:
        if self.set is None:
            raise fail(row, number, f"{row[0]} without an AK2 before it")
        return self.set

    def _need_closed_set(self, row: Row, number: int) -> None:
        if self.set is not None:
            raise fail(row, number, "the previous transaction set (AK2) has no IK5")

    def result(self) -> Ack999:
        if not self.groups:
            raise X12Error(1, "ISA", "no 999 acknowledgement (AK1 ... AK9) in the file")
        return Ack999.model_validate({"interchange_control": self.interchange, "group_control": self.group_control,
                                      "transaction_set": self.kind, "groups": self.groups})


_Reader999.handlers = {
    "ISA": _Reader999._isa, "GS": _Reader999._gs, "ST": _Reader999._st, "SE": _Reader999._se,
    "AK1": _Reader999._ak1, "AK2": _Reader999._ak2, "IK3": _Reader999._ik3, "CTX": _Reader999._ctx,
    "IK4": _Reader999._ik4, "IK5": _Reader999._ik5, "AK9": _Reader999._ak9,
    # the 997's names for the same segments
    "AK3": _Reader999._ik3, "AK4": _Reader999._ik4, "AK5": _Reader999._ik5,
}
