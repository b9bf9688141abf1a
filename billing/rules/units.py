"""Minutes to billable units, by the state's rounding policy."""

from __future__ import annotations

from schemas.rulepack import UnitRule


def minutes_to_units(minutes: int, rule: UnitRule) -> int:
    """Units for a session of `minutes`; never negative, never more than the minutes allow."""
    if minutes <= 0:
        return 0
    if rule.rounding == "actual_time":
        return minutes
    whole, rest = divmod(minutes, rule.minutes_per_unit)
    if rest == 0 or rule.rounding == "whole_units":
        return whole
    if rule.rounding == "any_part":
        return whole + 1
    # midpoint: the last partial unit counts once it reaches the threshold
    assert rule.midpoint_minutes is not None
    return whole + (1 if rest >= rule.midpoint_minutes else 0)
