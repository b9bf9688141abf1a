"""Date arithmetic the rules need: months, windows, business days.

Business days come from cited holiday calendars (`state_rules/calendars/XX.yaml`): a state's own where one is
sourced, else the federal legal public holidays (5 U.S.C. 6103, computed by the statute's rules), which the
verdict flags as a fallback. A date outside every calendar's dates rolls over weekends only.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import state_rules
from billing import yamlload
from schemas.verdict import Citation, Severity

CALENDARS = state_rules.DIR / "calendars"
FEDERAL = "US"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=65536)
def add_months(d: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (Jan 31 + 1 = Feb 28/29)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


# --- holiday calendars ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holiday:
    name: str
    month: int
    day: int | None = None  # a fixed date, or
    weekday: int | None = None  # the nth weekday of the month (nth -1: the last)
    nth: int | None = None
    plus_days: int = 0  # e.g. the Friday after Thanksgiving
    start: date | None = None  # in force from

    def on(self, year: int) -> date | None:
        first = date(year, self.month, 1)
        if self.day is not None:
            d = first.replace(day=self.day)
        elif self.nth is not None and self.weekday is not None and self.nth > 0:
            d = first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1))
        else:  # the last such weekday of the month
            assert self.weekday is not None
            last = month_end(first)
            d = last - timedelta(days=(last.weekday() - self.weekday) % 7)
        d += timedelta(days=self.plus_days)
        return d if self.start is None or d >= self.start else None


@dataclass(frozen=True)
class Calendar:
    jurisdiction: str
    name: str
    start: date
    cite: Citation
    holidays: tuple[Holiday, ...]
    saturday_to_friday: bool
    sunday_to_monday: bool

    def covers(self, d: date) -> bool:
        return d >= self.start

    @lru_cache(maxsize=256)  # noqa: B019 - calendars live as long as the process
    def days(self, year: int) -> frozenset[date]:
        """The days off in `year`: each holiday, or the weekday it is observed on (a Saturday New Year's Day
        of the next year is observed on December 31)."""
        out = set()
        for y in (year - 1, year, year + 1):
            for h in self.holidays:
                d = h.on(y)
                if d is None:
                    continue
                if d.weekday() == 5 and self.saturday_to_friday:
                    d -= timedelta(days=1)
                elif d.weekday() == 6 and self.sunday_to_monday:
                    d += timedelta(days=1)
                if d.year == year:
                    out.add(d)
        return frozenset(out)


def _holiday(h: dict[str, Any]) -> Holiday:
    return Holiday(
        name=h["name"], month=h["month"], day=h.get("day"),
        weekday=WEEKDAYS.index(h["weekday"]) if "weekday" in h else None, nth=h.get("nth"),
        plus_days=h.get("plus_days", 0), start=h.get("from"),
    )


def read_calendar(path: Path) -> Calendar:
    doc = yamlload.safe_load(path.read_text())
    observed = doc.get("observed") or {}
    return Calendar(
        jurisdiction=doc["jurisdiction"], name=doc["name"], start=doc["from"],
        cite=Citation.model_validate(doc["cite"]), holidays=tuple(_holiday(h) for h in doc["holidays"]),
        saturday_to_friday=observed.get("saturday") == "friday_before",
        sunday_to_monday=observed.get("sunday") == "monday_after",
    )


@lru_cache(maxsize=1)
def calendars() -> dict[str, Calendar]:
    """Every calendar on record, by jurisdiction (US is the federal one)."""
    return {p.stem: read_calendar(p) for p in sorted(CALENDARS.glob("[A-Z][A-Z].yaml"))}


@lru_cache(maxsize=4096)
def calendar_for(state: str, d: date) -> Calendar | None:
    """The calendar that decides whether `d` is a business day in `state`: its own, else the federal one."""
    cals = calendars()
    for key in (state, FEDERAL):
        cal = cals.get(key)
        if cal is not None and cal.covers(d):
            return cal
    return None


def next_business_day(d: date, state: str) -> date:
    """`d` itself if a weekday and not a holiday in `state`'s calendar, else the next such day."""
    while True:
        cal = calendar_for(state, d)
        if d.weekday() < 5 and (cal is None or d not in cal.days(d.year)):
            return d
        d += timedelta(days=1)


def holiday_note(state: str, d: date) -> tuple[str, Severity, str, str | None, Citation | None] | None:
    """A warning when the business day after `d` was found without the state's own, sourced calendar."""
    cal = calendar_for(state, d)
    if cal is not None and cal.jurisdiction == state:
        return None
    if cal is None:
        return ("filing.holidays_unsourced", "warning",
                f"No holiday calendar is on record for {state} on {d}; only weekends were rolled over.",
                "service.date", None)
    return ("filing.holidays_unsourced", "warning",
            f"{state}'s own holiday calendar is not sourced for {d}; the deadline rolls over the federal legal "
            "public holidays instead.", "service.date", cal.cite)
