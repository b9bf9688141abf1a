"""Cap windows: how many units a member already used in the window(s) around a date of service."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from billing.rules.calendar import add_months, month_end
from schemas.rulepack import CapRule

_DAY = timedelta(days=1)


def fixed_window(cap: CapRule, dos: date) -> tuple[date, date]:
    """The calendar window that holds `dos`, for the non-rolling windows."""
    if cap.window == "day":
        return dos, dos
    if cap.window == "week":  # ISO week, Monday to Sunday
        start = dos - timedelta(days=dos.weekday())
        return start, start + timedelta(days=6)
    if cap.window == "month":
        return dos.replace(day=1), month_end(dos)
    if cap.window == "year":
        return date(dos.year, 1, 1), date(dos.year, 12, 31)
    if cap.window == "state_fiscal_year":
        m = cap.fiscal_year_start_month
        start = date(dos.year if dos.month >= m else dos.year - 1, m, 1)
        return start, add_months(start, 12) - _DAY
    raise ValueError(f"{cap.window} is a rolling window")


def _rolling_end(cap: CapRule, start: date) -> date:
    assert cap.length is not None
    return _end(cap.window, cap.length, start)


def _earliest_start(cap: CapRule, dos: date) -> date:
    assert cap.length is not None
    return _first_start(cap.window, cap.length, dos)


@lru_cache(maxsize=65536)
def _end(window: str, length: int, start: date) -> date:
    if window == "rolling_days":
        return start + timedelta(days=length - 1)
    return add_months(start, length) - _DAY


@lru_cache(maxsize=65536)
def _first_start(window: str, length: int, dos: date) -> date:
    """The first start date whose window still reaches `dos`."""
    if window == "rolling_days":
        return dos - timedelta(days=length - 1)
    start = add_months(dos, -length) + _DAY
    while _end(window, length, start - _DAY) >= dos:
        start -= _DAY
    while _end(window, length, start) < dos:
        start += _DAY
    return start


def used_units(cap: CapRule, dos: date, items: Iterable[tuple[date, int]]) -> int:
    """Units already used in the fullest window that contains `dos`.

    Rolling windows are checked in every position containing `dos`, so an earlier session posted late can
    never push any window over the cap.
    """
    items = list(items)
    if not items:
        return 0
    if not cap.window.startswith("rolling_"):
        lo, hi = fixed_window(cap, dos)
        return sum(u for d, u in items if lo <= d <= hi)
    first, last = _earliest_start(cap, dos), _rolling_end(cap, dos)
    near = [(d, u) for d, u in items if first <= d <= last]
    # A fullest window can be slid until it starts at an item (on or before `dos`) or ends at one (on or
    # after it); those positions, plus the first, are the only candidates.
    starts = {first} | {d for d, _ in near if d <= dos} | {_earliest_start(cap, d) for d, _ in near if d > dos}
    best = 0
    for s in starts:
        end = _rolling_end(cap, s)
        best = max(best, sum(u for d, u in near if s <= d <= end))
    return best
