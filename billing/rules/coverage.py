"""Whether a state's Medicaid pays for peer support on a date of service, from the pack's coverage entries.

Five answers, each a finding code of its own (docs/rules.md):
- covered: a `covered` entry is in force.
- not_covered: a `not_covered` entry is in force (`coverage.not_paid`).
- unknown: the pack (or the plan's override) has no coverage entry at all (`coverage.unknown`).
- unproven: the date is before the earliest entry and that entry's start is not known (`start_known: false`):
  coverage is proven "since at least" that date, not refuted before it (`coverage.unproven`).
- not_in_force: the date is before a known start, or after a coverage end (`pack.not_in_force`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from schemas.rulepack import CoverageRule

Status = Literal["covered", "not_covered", "unknown", "unproven", "not_in_force"]


@dataclass(frozen=True)
class CoverageState:
    status: Status
    entry: CoverageRule | None  # the entry that decides (its citation goes on the finding)
    judged_on: date  # the date whose rules judge the encounter: the date of service, or the nearest proven one


def coverage_on(entries: Sequence[CoverageRule], on: date) -> CoverageState:
    if not entries:
        return CoverageState("unknown", None, on)
    for e in entries:
        if e.in_force(on):
            return CoverageState("covered" if e.status == "covered" else "not_covered", e, on)
    earliest = min(entries, key=lambda e: e.valid_from)
    if on < earliest.valid_from:
        if earliest.start_known:
            return CoverageState("not_in_force", earliest, earliest.valid_from)
        # A source proves the state's position only from its date; before it nothing is known either way.
        status: Status = "unproven" if earliest.status == "covered" else "unknown"
        return CoverageState(status, earliest, earliest.valid_from)
    ended = max((e for e in entries if e.valid_to is not None and e.valid_to < on), key=lambda e: e.valid_to or on)
    assert ended.valid_to is not None
    return CoverageState("not_in_force", ended, ended.valid_to)
