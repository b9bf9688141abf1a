"""Coverage semantics: covered, not covered, unknown, unproven (start not known) and not in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import yaml

from billing.rules import adjudicate
from billing.rules.packs import Registry
from schemas.encounter import History
from schemas.rulepack import RulePack
from tests.conftest import DATA, make_encounter

CITE = {"document": "Synthetic coverage text", "section": "1", "effective": "2020-01-01"}
SECONDARY = {"document": "Synthetic blog", "section": "x", "effective": "2020-01-01", "confidence": "secondary"}


def registry(coverage: list[dict[str, Any]] | None, **kinds: Any) -> Registry:
    """The synthetic ZZ pack with its coverage replaced (None: no coverage kind at all) and kinds changed."""
    doc = yaml.safe_load((DATA / "ZZ.yaml").read_text())
    if coverage is None:
        del doc["rules"]["coverage"]
    else:
        doc["rules"]["coverage"] = coverage
    doc["rules"].update(kinds)
    return Registry({"ZZ": RulePack.model_validate(doc)})


def judge(reg: Registry, day: str, as_of: date | None = None, **over: Any):
    over.setdefault("service", {})["date"] = day
    return adjudicate(make_encounter(**over), History(), as_of, reg)


def codes(v) -> list[str]:
    return sorted(f.code for f in v.findings)


def finding(v, code: str):
    return next(f for f in v.findings if f.code == code)


def test_known_start_refuses_the_day_before_and_accepts_the_day_itself():
    reg = registry([{"from": "2020-01-01", "cite": CITE, "description": "covered"}])
    before, on = judge(reg, "2019-12-31"), judge(reg, "2020-01-01")
    assert codes(before) == ["pack.not_in_force"] and not before.billable and before.units == 0
    assert finding(before, "pack.not_in_force").citation.document == "Synthetic coverage text"
    assert "starts on 2020-01-01" in finding(before, "pack.not_in_force").message
    assert on.billable and codes(on) == []


def test_unknown_start_is_a_warning_and_judges_with_the_earliest_rules():
    reg = registry([{"from": "2020-01-01", "start_known": False, "cite": CITE, "description": "covered"}])
    v = judge(reg, "2019-12-31", service={"date": "2019-12-31", "start_time": "09:00", "end_time": "09:53"})
    assert codes(v) == ["coverage.unproven"] and v.billable
    f = finding(v, "coverage.unproven")
    assert f.severity == "warning" and "since at least 2020-01-01" in f.message and f.path == "service.date"
    # the 2020 rules judge it: whole 15-minute units (3 of 53 minutes) at the 2020 rate
    assert v.units == 3 and v.rate == Decimal("10.00") and v.expected_payment == Decimal("30.00")
    # other rules of the earliest version still bite: the 2020 age rule
    young = judge(reg, "2019-12-31", member={"date_of_birth": "2005-01-01"})
    assert codes(young) == ["age.out_of_range", "coverage.unproven"] and not young.billable
    # on the proven date there is no warning
    assert codes(judge(reg, "2020-01-01")) == []


def test_a_rule_in_force_on_the_date_of_service_wins_over_the_earliest_version():
    unit_2019 = {"from": "2019-01-01", "to": "2019-12-31", "cite": CITE, "minutes_per_unit": 15,
                 "rounding": "any_part"}
    unit_2020 = {"from": "2020-01-01", "cite": CITE, "minutes_per_unit": 15, "rounding": "whole_units"}
    reg = registry([{"from": "2020-01-01", "start_known": False, "cite": CITE, "description": "covered"}],
                   units=[unit_2019, unit_2020])
    v = judge(reg, "2019-06-03", service={"date": "2019-06-03", "start_time": "09:00", "end_time": "09:53"})
    assert v.units == 4 and "coverage.unproven" in codes(v)


def test_not_covered_is_an_error_citing_its_source_and_secondary_only_warns():
    verified = registry([
        {"from": "2020-01-01", "to": "2022-12-31", "cite": CITE, "description": "covered"},
        {"from": "2023-01-01", "status": "not_covered", "cite": CITE, "description": "repealed"},
    ])
    v = judge(verified, "2023-01-01")
    assert codes(v) == ["coverage.not_paid"] and not v.billable and v.units == 0
    f = finding(v, "coverage.not_paid")
    assert f.severity == "error" and "ZZ's Medicaid does not pay for peer support" in f.message
    assert "(Synthetic coverage text)" in f.message and f.citation.document == "Synthetic coverage text"
    assert judge(verified, "2022-12-31").billable

    secondary = registry([{"from": "2020-01-01", "status": "not_covered", "cite": SECONDARY, "description": "x"}])
    w = judge(secondary, "2024-03-04")
    assert finding(w, "coverage.not_paid").severity == "warning" and w.billable and w.units == 4


def test_no_coverage_entry_at_all_is_unknown_and_everything_else_is_judged():
    reg = registry(None, units=[], rates=[], services=[])
    v = judge(reg, "2025-03-04", as_of=date(2025, 3, 10),
              service={"date": "2025-03-04", "start_time": "09:00", "end_time": "09:59"})
    assert v.billable and v.units == 3  # the HCPCS descriptor's whole 15-minute units
    assert codes(v) == ["code.rule_unknown", "coverage.unknown", "rate.unknown", "units.default_rule"]
    assert finding(v, "coverage.unknown").severity == "warning"
    assert v.filing_deadline == date(2025, 9, 30)  # filing is sourced in ZZ, so it is still computed
    expired = judge(reg, "2025-03-04", rendering={"credential": {"expires_on": "2025-03-03"}})
    assert "credential.expired" in codes(expired) and not expired.billable
    invalid = judge(reg, "2025-03-04", diagnoses=["F99.99"])
    assert "diagnosis.invalid_code" in codes(invalid) and not invalid.billable


def test_after_a_coverage_end_is_not_in_force_unless_the_source_is_secondary():
    ended = registry([{"from": "2020-01-01", "to": "2024-06-30", "cite": CITE, "description": "covered"}])
    assert ended.view("ZZ", None, date(2024, 6, 30)).coverage.status == "covered"
    v = judge(ended, "2024-07-01")
    assert codes(v) == ["pack.not_in_force"] and "ended on 2024-06-30" in v.findings[0].message
    soft = registry([{"from": "2020-01-01", "to": "2024-06-30", "cite": SECONDARY, "description": "covered"}])
    w = judge(soft, "2024-07-01")
    assert w.billable and finding(w, "pack.not_in_force").severity == "warning"
    assert w.units == 4 and w.rate == Decimal("12.345")  # judged by the rules on record


def test_secondary_coverage_with_a_known_start_never_blocks():
    reg = registry([{"from": "2020-01-01", "cite": SECONDARY, "description": "covered"}])
    v = judge(reg, "2019-12-31")
    assert v.billable and finding(v, "pack.not_in_force").severity == "warning"


def test_a_not_covered_entry_with_an_unknown_start_says_unknown_before_it():
    reg = registry([{"from": "2022-01-01", "start_known": False, "status": "not_covered", "cite": CITE,
                     "description": "not paid"}])
    v = judge(reg, "2021-06-01")
    assert codes(v) == ["coverage.unknown"] and v.billable
    assert "before 2022-01-01" in v.findings[0].message
    assert codes(judge(reg, "2022-01-01")) == ["coverage.not_paid"]


def test_a_plan_with_its_own_coverage_and_a_state_without_any():
    doc = yaml.safe_load((DATA / "ZZ.yaml").read_text())
    del doc["rules"]["coverage"]
    doc["plans"]["synth-plan"]["rules"]["coverage"] = [
        {"from": "2021-01-01", "cite": CITE, "description": "plan covers"}]
    reg = Registry({"ZZ": RulePack.model_validate(doc)})
    plan = {"program": "managed_care", "plan": "synth-plan"}
    assert codes(judge(reg, "2020-12-31", payer=plan)) == ["pack.not_in_force"]
    assert judge(reg, "2021-01-01", payer=plan).billable
    assert codes(judge(reg, "2021-01-01")) == ["coverage.unknown"]
