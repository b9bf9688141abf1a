"""Date arithmetic the rules need: months, windows, business days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=65536)
def add_months(d: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (Jan 31 + 1 = Feb 28/29)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


@lru_cache(maxsize=256)
def _holidays(state: str, year: int) -> frozenset[date]:
    try:
        return frozenset(holidays.US(subdiv=state, years=year).keys())
    except NotImplementedError:
        return frozenset(holidays.US(years=year).keys())


def next_business_day(d: date, state: str) -> date:
    """`d` itself if a weekday and not a public holiday in `state`, else the next such day."""
    while d.weekday() >= 5 or d in _holidays(state, d.year):
        d += timedelta(days=1)
    return d
