"""Old verdict against new: what changed for one encounter, and the totals over many (pure, no I/O)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from schemas.verdict import Citation, Verdict

ZERO = Decimal("0")


class Judged(NamedTuple):
    """One stored encounter's facts that the report groups by, with both verdicts (a tuple: one is made per
    encounter judged)."""

    encounter_id: str
    agency_id: str
    service_date: Any
    payer_id: str | None
    rendering_npi: str
    before: Any  # a Verdict, or a stored verdict (billable, units, expected_payment, codes, citation())
    after: Verdict


@dataclass(frozen=True)
class Change:
    encounter_id: str
    agency_id: str
    service_date: Any
    payer_id: str | None
    rendering_npi: str
    billable_before: bool
    billable_after: bool
    units_before: int
    units_after: int
    payment_before: Decimal | None
    payment_after: Decimal | None
    findings_added: tuple[str, ...]
    findings_removed: tuple[str, ...]

    @property
    def delta(self) -> Decimal:
        return (self.payment_after or ZERO) - (self.payment_before or ZERO)

    def row(self) -> dict[str, Any]:
        return {"encounter_id": self.encounter_id, "agency_id": self.agency_id,
                "service_date": self.service_date.isoformat(), "payer_id": self.payer_id,
                "rendering_npi": self.rendering_npi, "billable_before": self.billable_before,
                "billable_after": self.billable_after, "units_before": self.units_before,
                "units_after": self.units_after,
                "payment_before": None if self.payment_before is None else str(self.payment_before),
                "payment_after": None if self.payment_after is None else str(self.payment_after),
                "delta": str(self.delta), "findings_added": list(self.findings_added),
                "findings_removed": list(self.findings_removed)}


def _code_list(v: Any) -> tuple[str, ...]:
    if isinstance(v, Verdict):  # (getattr on a pydantic model for a name it lacks raises, slowly)
        return tuple([f.code for f in v.findings])
    return v.codes  # a stored verdict read from its columns


def _citation(v: Any, code: str) -> Citation | None:
    if isinstance(v, Verdict):
        return next((f.citation for f in v.findings if f.code == code), None)
    return v.citation(code)


def change_of(j: Judged) -> Change | None:
    """The difference between the two verdicts, or None when a clerk would see the same verdict."""
    b, a = j.before, j.after
    before_codes, after_codes = _code_list(b), _code_list(a)
    same = b.billable == a.billable and b.units == a.units and b.expected_payment == a.expected_payment
    if same and before_codes == after_codes:
        return None  # the usual case, decided without counting
    added = tuple(sorted((Counter(after_codes) - Counter(before_codes)).elements()))
    removed = tuple(sorted((Counter(before_codes) - Counter(after_codes)).elements()))
    if same and not added and not removed:
        return None
    return Change(j.encounter_id, j.agency_id, j.service_date, j.payer_id, j.rendering_npi, b.billable,
                  a.billable, b.units, a.units, b.expected_payment, a.expected_payment, added, removed)


@dataclass
class FindingShift:
    """A finding code that appears or disappears, with the rule that causes it."""

    code: str
    appeared: int = 0
    disappeared: int = 0
    money: Decimal = ZERO
    citation: Citation | None = None


@dataclass
class Report:
    judged: int = 0
    changed: int = 0
    became_billable: int = 0
    became_not_billable: int = 0
    units_up: int = 0
    units_down: int = 0
    payment_up: int = 0
    payment_down: int = 0
    total_before: Decimal = ZERO
    total_after: Decimal = ZERO
    by_month: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    by_payer: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    by_peer: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    findings: dict[str, FindingShift] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    def add(self, j: Judged) -> Change | None:
        self.judged += 1
        self.total_before += j.before.expected_payment or ZERO
        self.total_after += j.after.expected_payment or ZERO
        c = change_of(j)
        if c is None:
            return None
        self.changed += 1
        self.became_billable += not c.billable_before and c.billable_after
        self.became_not_billable += c.billable_before and not c.billable_after
        self.units_up += c.units_after > c.units_before
        self.units_down += c.units_after < c.units_before
        self.payment_up += c.delta > 0
        self.payment_down += c.delta < 0
        if c.delta:
            self.by_month[c.service_date.strftime("%Y-%m")] += c.delta
            self.by_payer[c.payer_id or "(none)"] += c.delta
            self.by_peer[c.rendering_npi] += c.delta
        self._shift(c.findings_added, j.after, c.delta, appeared=True)
        self._shift(c.findings_removed, j.before, c.delta, appeared=False)
        self.changes.append(c)
        return c

    def _shift(self, codes: tuple[str, ...], v: Any, delta: Decimal, appeared: bool) -> None:
        for code in set(codes):
            s = self.findings.setdefault(code, FindingShift(code))
            s.appeared += appeared
            s.disappeared += not appeared
            s.money += delta
            s.citation = s.citation or _citation(v, code)

    def summary(self) -> dict[str, Any]:
        money = lambda d: {k: str(v) for k, v in sorted(d.items()) if v}  # noqa: E731
        return {
            "judged": self.judged, "changed": self.changed, "became_billable": self.became_billable,
            "became_not_billable": self.became_not_billable, "units_up": self.units_up,
            "units_down": self.units_down, "payment_up": self.payment_up, "payment_down": self.payment_down,
            "expected_before": str(self.total_before), "expected_after": str(self.total_after),
            "difference": str(self.total_after - self.total_before),
            "by_month": money(self.by_month), "by_payer": money(self.by_payer), "by_peer": money(self.by_peer),
            "findings": [{"code": s.code, "appeared": s.appeared, "disappeared": s.disappeared,
                          "difference": str(s.money),
                          "citation": s.citation.model_dump(mode="json", exclude_none=True) if s.citation else None}
                         for s in sorted(self.findings.values(), key=lambda s: (-(s.appeared + s.disappeared),
                                                                                 s.code))],
        }


def write_csv(report: Report, fh: Any) -> None:
    """The changed encounters as CSV, one row each (findings space-separated)."""
    import csv

    w = csv.DictWriter(fh, CSV_FIELDS)
    w.writeheader()
    for c in report.changes:
        row = c.row()
        w.writerow({**row, "findings_added": " ".join(row["findings_added"]),
                    "findings_removed": " ".join(row["findings_removed"])})


CSV_FIELDS = ("encounter_id", "agency_id", "service_date", "payer_id", "rendering_npi", "billable_before",
              "billable_after", "units_before", "units_after", "payment_before", "payment_after", "delta",
              "findings_added", "findings_removed")
