"""Caps in time over services of different unit lengths, and the authorization kind."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from billing.rules import adjudicate
from billing.rules.packs import Registry
from schemas.encounter import History, PriorService
from schemas.rulepack import RulePack
from tests.conftest import DATA, make_encounter

CITE = {"document": "Synthetic limits", "section": "4", "effective": "2020-01-01"}


def registry(**kinds: Any) -> Registry:
    doc = yaml.safe_load((DATA / "ZZ.yaml").read_text())
    doc["rules"].update(kinds)
    return Registry({"ZZ": RulePack.model_validate(doc)})


def judge(reg, history=(), **over):
    return adjudicate(make_encounter(**over), History(services=list(history)), None, reg)


def codes(v) -> list[str]:
    return sorted(f.code for f in v.findings)


def prior(code: str, units: int, **kw) -> PriorService:
    return PriorService.model_validate({"encounter_id": f"p-{code}-{units}", "member_id": "SYN0001",
                                        "date": "2025-03-04", "hcpcs": code, "units": units, **kw})


TIME_CAP = registry(
    units=[{"from": "2020-01-01", "cite": CITE, "minutes_per_unit": 15, "rounding": "whole_units"},
           {"from": "2020-01-01", "cite": CITE, "codes": ["H2017"], "minutes_per_unit": 60, "rounding": "whole_units"}],
    caps=[{"from": "2020-01-01", "cite": CITE, "id": "four_hours", "services": ["H0038", "H2017"], "hours": "4",
           "window": "day", "on_exceed": "deny"}],
)


def test_a_time_cap_adds_each_codes_units_times_its_unit_length():
    # 2 hour-units of H2017 (120 min) + 8 quarter-hours of H0038 (120 min) = 4 hours: nothing left
    full = judge(TIME_CAP, [prior("H2017", 2), prior("H0038", 8, encounter_id="p2")])
    assert codes(full) == ["units.cap_exceeded"] and full.units == 0
    # 1 hour-unit used: 3 hours = 12 quarter-hours left, the session's 4 fit
    assert judge(TIME_CAP, [prior("H2017", 1)]).units == 4
    # 3.5 hours used: 30 minutes = 2 units left of 4
    cut = judge(TIME_CAP, [prior("H2017", 3), prior("H0038", 2, encounter_id="p2")])
    assert cut.units == 2 and codes(cut) == ["units.cap_reduced"]
    assert "4 hours per day" in cut.findings[0].message


def test_a_time_cap_in_minutes_leaves_whole_units_only():
    reg = registry(caps=[{"from": "2020-01-01", "cite": CITE, "id": "m", "services": ["H0038"], "minutes": 50,
                          "window": "day", "on_exceed": "deny"}])
    v = judge(reg, service={"date": "2025-03-04", "start_time": None, "end_time": None, "minutes": 60})
    assert v.units == 3  # 50 minutes hold three 15-minute units, not 3.33


AUTH = registry(authorizations=[{"from": "2020-01-01", "cite": CITE, "id": "sa", "services": ["H0038"],
                                 "before_service": True, "valid_days": 90}])


def test_authorization_before_service_and_its_validity_window():
    assert codes(judge(AUTH)) == ["auth.required"]
    assert judge(AUTH, prior_authorization="PA-1").billable  # a number without dates: nothing more to check
    ok = {"number": "SA-1", "approved_on": "2024-12-05"}  # day 90 is 2025-03-04
    assert judge(AUTH, authorization=ok).billable
    assert codes(judge(AUTH, authorization={"number": "SA-1", "approved_on": "2024-12-04"})) == ["auth.outside_window"]
    assert codes(judge(AUTH, authorization={"number": "SA-1", "approved_on": "2025-03-05"})) == ["auth.after_service"]
    stated = {"number": "SA-1", "approved_on": "2024-01-01", "ends_on": "2025-12-31"}  # a stated end wins
    assert judge(AUTH, authorization=stated).billable
    assert judge(AUTH, service={"date": "2025-03-04", "hcpcs": "H0039"}).billable is False  # other code: no auth rule
    assert "auth.required" not in codes(judge(AUTH, service={"date": "2025-03-04", "hcpcs": "H0039"}))


def test_a_cap_gives_exactly_one_measure():
    import pytest
    from pydantic import ValidationError

    from schemas.rulepack import CapRule
    base = {"from": "2020-01-01", "cite": CITE, "id": "x", "services": ["H0038"], "window": "day",
            "on_exceed": "deny"}
    with pytest.raises(ValidationError):
        CapRule.model_validate({**base, "units": 4, "hours": "1"})
    with pytest.raises(ValidationError):
        CapRule.model_validate(base)
    assert date(2020, 1, 1) == CapRule.model_validate({**base, "hours": "1.5"}).valid_from


EXCL = registry(exclusions=[
    {"from": "2020-01-01", "cite": CITE, "id": "no_same_day_h2019", "services": ["H0038"], "when": "same_day",
     "with_codes": ["H2019"]},
    {"from": "2020-01-01", "cite": CITE, "id": "no_same_time_any", "services": ["H0038"], "when": "same_time",
     "with_any_service": True},
    {"from": "2020-01-01", "cite": CITE, "id": "not_in_act", "services": ["H0038"], "when": "while_enrolled",
     "with_enrollments": ["act"]},
], overlap=[])


def test_exclusions_same_day_same_time_and_enrollment():
    assert judge(EXCL).billable
    same_day = prior("H2019", 2, start_time="13:00", end_time="13:30")
    assert codes(judge(EXCL, [same_day])) == ["exclusion.same_day"]
    other_day = prior("H2019", 2, date="2025-03-03")
    assert judge(EXCL, [other_day]).billable
    overlapping = prior("H0036", 2, start_time="09:30", end_time="10:30")
    assert codes(judge(EXCL, [overlapping])) == ["exclusion.same_time"]
    back_to_back = prior("H0036", 2, start_time="10:00", end_time="10:30")
    assert judge(EXCL, [back_to_back]).billable
    other_member = prior("H2019", 2, member_id="SYN0002")
    assert judge(EXCL, [other_member]).billable
    assert codes(judge(EXCL, member_enrollments=["act"])) == ["exclusion.enrolled"]
    assert judge(EXCL, member_enrollments=["clinic"]).billable
