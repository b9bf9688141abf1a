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


def test_per_day_aggregation_adds_the_days_minutes_before_rounding():
    reg = registry(units=[{"from": "2020-01-01", "cite": CITE, "minutes_per_unit": 15, "rounding": "whole_units",
                           "per_day": True}])
    short = {"date": "2025-03-04", "start_time": None, "end_time": None, "minutes": 10}
    alone = judge(reg, service=short)
    assert codes(alone) == ["units.zero"]  # 10 minutes alone: no unit
    morning = prior("H0038", 0, minutes=10)  # 10 minutes earlier, no unit approved
    assert judge(reg, [morning], service=short).units == 1  # 20 minutes that day: one unit
    two = prior("H0038", 1, minutes=25)
    assert judge(reg, [two], service={**short, "minutes": 20}).units == 2  # 45 min = 3 units, 1 already approved
    unknown = prior("H0038", 1)  # minutes not on record: its unit counts as 15 minutes
    assert judge(reg, [unknown], service={**short, "minutes": 15}).units == 1
    other_code = prior("H2019", 0, minutes=10)
    assert judge(reg, [other_code], service=short).units == 0


def test_age_through_the_end_of_the_birthday_month():
    reg = registry(age=[{"from": "2020-01-01", "cite": CITE, "max_years": 20, "through_birthday_month": True}])
    born = {"date_of_birth": "2004-03-10"}  # 21 on 2025-03-10
    assert judge(reg, member=born, service={"date": "2025-03-31"}).billable
    assert codes(judge(reg, member=born, service={"date": "2025-04-01"})) == ["age.out_of_range"]
    plain = registry(age=[{"from": "2020-01-01", "cite": CITE, "max_years": 20}])
    assert codes(judge(plain, member=born, service={"date": "2025-03-31"})) == ["age.out_of_range"]


def test_diagnosis_exclusion_only_when_every_diagnosis_is_in_it():
    reg = registry(diagnosis=[], diagnosis_exclusions=[
        {"from": "2020-01-01", "cite": CITE, "label": "an intellectual disability (F70-F79)", "when": "only",
         "ranges": [{"start": "F70", "end": "F79"}]}])
    assert codes(judge(reg, diagnoses=["F70"])) == ["diagnosis.excluded"]
    assert judge(reg, diagnoses=["F70", "F33.1"]).billable
    assert judge(reg, diagnoses=["F33.1"]).billable


def test_lesser_of_charge_or_fee_and_levels_from_credentials():
    reg = registry(
        payment=[{"from": "2020-01-01", "cite": CITE, "basis": "lesser_of_charge_or_fee"}],
        practitioner_levels=[{"from": "2020-01-01", "cite": CITE, "credential_types": ["CPS"], "level": "II"}],
        rates=[{"from": "2020-01-01", "cite": CITE, "code": "H0038", "amount": "10.00"},
               {"from": "2020-01-01", "cite": CITE, "code": "H0038", "amount": "12.00", "practitioner_level": "II"}],
    )
    from decimal import Decimal
    v = judge(reg)
    assert v.rate == Decimal("12.00") and v.expected_payment == Decimal("48.00")  # level II from CPS
    assert codes(v) == ["payment.charge_missing"]
    assert judge(reg, rendering={"credential": {"type": "CPC"}}).rate == Decimal("10.00")
    low = judge(reg, service={"date": "2025-03-04", "charge": "40.00"})
    assert low.expected_payment == Decimal("40.00") and codes(low) == ["payment.charge_lower"]
    high = judge(reg, service={"date": "2025-03-04", "charge": "60.00"})
    assert high.expected_payment == Decimal("48.00") and codes(high) == []


def test_prerequisites_dated_before_the_first_service_and_their_window():
    reg = registry(prerequisites=[{"from": "2020-01-01", "cite": CITE, "id": "rec", "document": "recommendation",
                                   "start_within_days": 30}])
    assert codes(judge(reg)) == ["prereq.not_given"] and judge(reg).billable
    ok = {"first_service_on": "2025-02-01", "recommendation_on": "2025-01-02"}
    assert judge(reg, prerequisites=ok).billable  # 30 days
    late = {"first_service_on": "2025-02-01", "recommendation_on": "2025-01-01"}
    assert codes(judge(reg, prerequisites=late)) == ["prereq.lapsed"]
    after = {"recommendation_on": "2025-03-05"}  # first service = this date of service, 2025-03-04
    assert codes(judge(reg, prerequisites=after)) == ["prereq.after_first_service"]


def test_telehealth_lookback_and_place_of_service_by_patient_location():
    tele = [{"from": "2020-01-01", "cite": CITE, "modality": "audio_only", "allowed": True, "lookback_months": 6,
             "pos_by_patient_location": {"home": "10", "other": "02"}}]
    reg = registry(telehealth=tele)
    ao = {"date": "2025-03-04", "telehealth": "audio_only", "place_of_service": "10"}
    assert codes(judge(reg, service=ao)) == ["telehealth.lookback_unknown"]
    assert judge(reg, service={**ao, "last_in_person_on": "2024-09-04"}).billable
    assert codes(judge(reg, service={**ao, "last_in_person_on": "2024-09-03"})) == ["telehealth.lookback"]
    home = {**ao, "last_in_person_on": "2025-01-01", "patient_location": "home"}
    assert judge(reg, service=home).billable
    assert codes(judge(reg, service={**home, "place_of_service": "02"})) == ["telehealth.pos_location"]
    away = {**home, "patient_location": "other", "place_of_service": "02"}
    assert judge(reg, service=away).billable


def test_a_cap_per_episode_counts_from_the_episode_start():
    reg = registry(caps=[{"from": "2020-01-01", "cite": CITE, "id": "ep", "services": ["H0038"], "units": 24,
                          "window": "state_fiscal_year", "on_exceed": "prior_authorization", "per_episode": True}])
    old = prior("H0038", 21, date="2024-08-01")
    assert codes(judge(reg, [old])) == ["auth.required"]  # no episode date: the whole fiscal year counts
    assert judge(reg, [old], episode_started_on="2024-08-02").billable
    assert codes(judge(reg, [old], episode_started_on="2024-08-01")) == ["auth.required"]
