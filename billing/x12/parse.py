"""Small helpers the readers share: the X12Error they raise, element access on raw rows, typed values that fail
as X12Error, functional-group checks, models made without a second validation, and a pause of the cyclic
garbage collector for bulk reads.

Rows are lists of element strings (row[0] is the segment id), as billing.x12.reader.scan returns them; a
segment's number is its row's index + 1. Errors name the number and id, never a value (it may be PHI).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from pydantic import BaseModel

from billing.gcpause import paused

Row = list[str]
M = TypeVar("M", bound=BaseModel)


class X12Error(ValueError):
    """A structural or content problem, located by segment number and segment id."""

    def __init__(self, number: int, segment_id: str, message: str) -> None:
        super().__init__(f"segment {number} ({segment_id or 'none'}): {message}")
        self.number, self.segment_id, self.reason = number, segment_id, message


# Reading a large file makes millions of small acyclic objects; the cyclic collector would traverse them over
# and over (4x slower in measurements) and can free none of them: readers and claim assembly pause it.
gc_paused = paused


def el(row: Row, n: int) -> str:
    """The n-th element, '' when absent."""
    return row[n] if n < len(row) else ""


def fail(row: Row, number: int, message: str) -> X12Error:
    return X12Error(number, row[0], message)


class Values:
    """Decimal and date parsing with a cache: remittances repeat the same few amounts and dates thousands
    of times, and parsing is the costly part."""

    def __init__(self) -> None:
        self.cache: dict[str, Decimal] = {}  # raw text -> value, for callers that look up first
        self.dates: dict[str, dt.date] = {}  # the same for dates

    def money(self, row: Row, n: int, number: int) -> Decimal:
        raw = row[n] if n < len(row) else ""
        value = self.cache.get(raw)
        if value is None:
            value = self._parse_decimal(row, n, number, raw)
        return value

    def optional_money(self, row: Row, n: int, number: int) -> Decimal | None:
        return self.money(row, n, number) if n < len(row) and row[n] else None

    def _parse_decimal(self, row: Row, n: int, number: int, raw: str) -> Decimal:
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = Decimal("NaN")
        if not raw or not value.is_finite() or "e" in raw.lower() or raw.strip() != raw or not raw.isascii():
            problem = "is not a decimal number" if raw else "is missing"
            raise fail(row, number, f"{row[0]}{n:02d} {problem}")
        self.cache[raw] = value
        return value

    def date(self, row: Row, n: int, number: int, raw: str | None = None) -> dt.date | None:
        """A CCYYMMDD date, None when the element is empty; `raw` overrides the element (for RD8 halves)."""
        text = el(row, n) if raw is None else raw
        if not text:
            return None
        value = self.dates.get(text)
        if value is None:
            value = self.dates[text] = _ccyymmdd(row, n, number, text)
        return value


def _ccyymmdd(row: Row, n: int, number: int, text: str) -> dt.date:
    if len(text) == 8 and text.isdigit() and text.isascii():
        try:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            pass
    raise fail(row, number, f"{row[0]}{n:02d} is not a valid CCYYMMDD date")


def date_range(values: Values, row: Row, qualifier_at: int, number: int) -> tuple[dt.date | None, dt.date | None]:
    """A DTP date (D8) or range (RD8 'from-to'): the qualifier element is followed by the value."""
    text = el(row, qualifier_at + 1)
    start, _, end = text.partition("-")
    first = values.date(row, qualifier_at + 1, number, start)
    return first, values.date(row, qualifier_at + 1, number, end) if end else first


def integer(row: Row, n: int, number: int) -> int:
    raw = el(row, n)
    if not (raw.isdigit() and raw.isascii()):
        raise fail(row, number, f"{row[0]}{n:02d} is not a whole number")
    return int(raw)


def digits(text: str) -> bool:
    """Only 0-9: str.isdigit() is true of '²' and other Unicode digits, which int() refuses."""
    return text.isascii() and text.isdigit()


def optional_int(text: str) -> int | None:
    return int(text) if digits(text) else None


def check_group(row: Row, number: int, functional_id: str, version: str, what: str) -> None:
    """GS01 and GS08 say which transaction the group holds; a file of another type is refused here."""
    if el(row, 1) != functional_id or not el(row, 8).startswith(version):
        raise fail(row, number, f"not {what}: GS01/GS08 name another transaction")


def check_set(row: Row, number: int, set_id: str, what: str) -> None:
    if el(row, 1) != set_id:
        raise fail(row, number, f"not {what}: ST01 is not {set_id}")


def control(value: str) -> str:
    return value.strip()


def trusted(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """A constructor of frozen `cls` models from values the reader has already typed (Decimal, date, str,
    tuples), without pydantic's validation pass: for bulk remittances validation was half the time, and
    model_construct is slower still. The dict must hold every field in declaration order (`complete` fills in
    defaults) and becomes the model's __dict__ as is, so a reader may finish filling it before it hands the
    model out. The attributes are those model_construct sets; tests compare the result with a validated copy."""
    # Every field counts as set, as in a validated copy of the model's dump. One set shared by all: frozen
    # models never add to it (model_copy copies it first), and a million fewer objects make the collector's
    # pass after a bulk read cheaper.
    fields_set = set(cls.model_fields)
    new = cls.__new__

    def build(values: dict[str, Any]) -> M:
        obj = new(cls)
        _set_dict(obj, values)
        _set_fields_set(obj, fields_set)
        _set_extra(obj, None)
        _set_private(obj, None)
        return obj

    return build


def complete(cls: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """`values` with a default for each field it lacks, in declaration order, for `trusted`. The caller makes
    sure the required fields are there."""
    return {name: values[name] if name in values else field.get_default(call_default_factory=True)
            for name, field in cls.model_fields.items()}


# BaseModel's slots, set through their descriptors: what object.__setattr__ (and so model_construct) ends up
# calling, without the attribute lookup, which was a quarter of the cost of making a model.
_slots = vars(BaseModel)
_set_dict = _slots["__dict__"].__set__
_set_fields_set = _slots["__pydantic_fields_set__"].__set__
_set_extra = _slots["__pydantic_extra__"].__set__
_set_private = _slots["__pydantic_private__"].__set__
