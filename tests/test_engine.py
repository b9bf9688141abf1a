"""The engine, kind by kind, on the synthetic ZZ pack (tests/data/ZZ.yaml)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from billing.rules import adjudicate, adjudicate_many
from schemas.encounter import History, PriorService
from tests.conftest import make_encounter


def codes(v):
    return sorted(f.code for f in v.findings)


def prior(d: str, units: int, **kw) -> PriorService:
    fields = dict(encounter_id=f"p-{d}-{units}", member_id="SYN0001", date=d, hcpcs="H0038", units=units)
    fields.update(kw)
    return PriorService.model_validate(fields)


def judge(zz, history=(), as_of=None, **over):
    return adjudicate(make_encounter(**over), History(services=list(history)), as_of, zz)


def test_clean_encounter_is_billable_with_units_rate_and_pack_version(zz):
    v = judge(zz, as_of=date(2025, 3, 10))
    assert v.billable and v.units == 4 and v.minutes == 60
    assert v.rate == Decimal("12.345") and v.expected_payment == Decimal("49.38")
    assert v.filing_deadline == date(2025, 9, 30)
    assert v.findings == []
    assert v.rule_pack.id == "ZZ@r3:2024-01-01"


def test_rules_in_force_on_the_date_of_service_not_today(zz):
    old = judge(zz, service={"date": "2023-05-02", "start_time": "09:00", "end_time": "09:53"})
    assert old.units == 3 and old.rate == Decimal("10.00") and old.expected_payment == Decimal("30.00")
    new = judge(zz, service={"date": "2024-05-02", "start_time": "09:00", "end_time": "09:53"})
    assert new.units == 4 and new.expected_payment == Decimal("49.38")  # midpoint rounding from 2024
    assert old.rule_pack.in_force_since == date(2020, 1, 1)


def test_midpoint_boundary(zz):
    seven = judge(zz, service={"start_time": None, "end_time": None, "minutes": 52})
    eight = judge(zz, service={"start_time": None, "end_time": None, "minutes": 53})
    assert (seven.units, eight.units) == (3, 4)


def test_before_coverage_and_unknown_state(zz):
    v = judge(zz, service={"date": "2019-12-31"})
    assert codes(v) == ["pack.not_in_force"] and not v.billable and v.units == 0
    u = judge(zz, payer={"state": "QQ"})
    assert codes(u) == ["pack.unknown_state"] and u.findings[0].path == "payer.state"


def test_rejected_and_unknown_modifiers_name_the_field(zz):
    v = judge(zz, service={"modifiers": ["95"]})
    assert codes(v) == ["code.modifier_rejected"]
    assert v.findings[0].path == "service.modifiers[0]"
    w = judge(zz, service={"modifiers": ["TN", "U1"]})
    assert codes(w) == ["code.modifier_not_allowed"] and w.findings[0].path == "service.modifiers[1]"


def test_group_code_setting_size_and_region_rate(zz):
    g = {"modifiers": ["HQ"], "setting": "group", "group_size": 12, "rate_region": "south"}
    v = judge(zz, service=g)
    assert v.billable and v.rate == Decimal("4.00") and v.expected_payment == Decimal("16.00")
    assert codes(judge(zz, service={**g, "group_size": 13})) == ["group.too_large"]
    assert codes(judge(zz, service={**g, "rate_region": None})) == ["rate.region_missing"]
    assert codes(judge(zz, service={"modifiers": ["HQ"]})) == ["code.setting_mismatch", "rate.region_missing"]


def test_daily_cap_reduces_then_denies(zz):
    v = judge(zz, history=[prior("2025-03-04", 14)])
    assert v.billable and v.units == 2 and codes(v) == ["units.cap_reduced"]
    w = judge(zz, history=[prior("2025-03-04", 16)])
    assert not w.billable and w.units == 0 and codes(w) == ["units.cap_exceeded"]


def test_rolling_six_months_104_vs_105(zz):
    base = [prior(f"2024-{m:02d}-10", 16) for m in range(10, 13)] + [prior("2025-01-10", 16)]
    # 64 units, plus 36 more spread over other days = 100 in the window ending 2025-03-04
    hist = base + [prior("2025-02-10", 16), prior("2025-02-11", 16), prior("2025-02-12", 4)]
    ok = judge(zz, history=hist)
    assert ok.units == 4 and ok.billable
    over = judge(zz, history=[*hist, prior("2025-02-13", 1)])
    assert over.units == 3 and codes(over) == ["units.cap_reduced"]


def test_rolling_window_counts_late_posted_sessions_after_the_date(zz):
    later = [prior(f"2025-03-{d:02d}", 16) for d in range(5, 11)] + [prior("2025-03-11", 8)]  # 104 after DOS
    v = judge(zz, history=later)
    assert codes(v) == ["units.cap_exceeded"]


def test_prior_authorization_cap_and_service(zz):
    # 197 units on 2024-07-02: outside the rolling six months of 2025-03-04, inside its fiscal year.
    hist = [prior("2024-07-02", 197)]
    v = judge(zz, history=hist)
    assert "auth.required" in codes(v) and not v.billable
    assert judge(zz, history=hist, prior_authorization="PA-1").billable
    assert codes(judge(zz, service={"modifiers": ["HK"]})) == ["auth.required", "rate.unknown"]


def test_people_credential_supervisor_age(zz):
    assert codes(judge(zz, rendering={"credential": {"expires_on": "2025-03-03"}})) == ["credential.expired"]
    assert judge(zz, rendering={"credential": {"expires_on": "2025-03-04"}}).billable
    assert codes(judge(zz, rendering={"credential": {"type": "PEER"}})) == ["credential.type_not_accepted"]
    cpc_2027 = judge(zz, rendering={"credential": {"type": "CPC"}}, service={"date": "2027-01-01"})
    assert "credential.type_not_accepted" in codes(cpc_2027)
    assert codes(judge(zz, supervisor=None)) == ["supervision.missing"]
    assert codes(judge(zz, supervisor={"credential": "RN"})) == ["supervision.credential_not_accepted"]
    assert codes(judge(zz, member={"date_of_birth": "2007-03-05"})) == ["age.out_of_range"]
    assert judge(zz, member={"date_of_birth": "2007-03-04"}).billable


def test_plan_override_replaces_a_kind(zz):
    twenty = {"date_of_birth": "2005-01-01"}
    assert judge(zz, member=twenty).billable
    plan = judge(zz, member=twenty, payer={"program": "managed_care", "payer_id": "SYNPLAN"})
    assert codes(plan) == ["age.out_of_range"] and plan.rule_pack.plan == "synth-plan"
    unknown = judge(zz, member=twenty, payer={"program": "managed_care", "plan": "nope"})
    assert codes(unknown) == ["pack.unknown_plan"] and unknown.billable


def test_telehealth_and_secondary_source_downgrade(zz):
    av = {"telehealth": "audio_video", "place_of_service": "10", "modifiers": ["GT"]}
    assert judge(zz, service=av).billable
    assert codes(judge(zz, service={**av, "place_of_service": "11"})) == ["telehealth.pos"]
    assert codes(judge(zz, service={**av, "modifiers": []})) == ["telehealth.modifier_missing"]
    ao = judge(zz, service={"telehealth": "audio_only"})
    assert codes(ao) == ["telehealth.not_covered"] and ao.findings[0].severity == "warning" and ao.billable
    assert codes(judge(zz, service={"place_of_service": "03"})) == ["pos.not_allowed"]


def test_diagnoses(zz):
    bad = judge(zz, diagnoses=["F33.1", "F32"])
    assert codes(bad) == ["diagnosis.invalid_code"] and bad.findings[0].path == "diagnoses[1]"
    assert "F32" not in bad.findings[0].message  # no PHI in messages
    assert codes(judge(zz, diagnoses=["J45.909"])) == ["diagnosis.not_qualifying"]
    assert judge(zz, diagnoses=["J45.909", "F10.20"]).billable


def test_recovery_plan(zz):
    assert codes(judge(zz, recovery_plan=None)) == ["plan.missing"]
    grace = {"enrolled_on": "2025-02-10", "written_on": None, "last_reviewed_on": None}
    assert judge(zz, recovery_plan=grace).billable
    late = {"enrolled_on": "2025-01-01", "written_on": "2025-03-20", "last_reviewed_on": None}
    assert codes(judge(zz, recovery_plan=late)) == ["plan.not_written"]
    stale = {"written_on": "2024-09-01", "last_reviewed_on": "2024-09-03"}
    assert codes(judge(zz, recovery_plan=stale)) == ["plan.review_overdue"]
    assert judge(zz, recovery_plan={"written_on": "2024-09-01", "last_reviewed_on": "2024-09-04"}).billable


def test_overlap_member_and_rendering(zz):
    other = prior("2025-03-04", 0, encounter_id="x", start_time="09:30", end_time="10:30", hcpcs="H2019")
    assert codes(judge(zz, history=[other])) == ["overlap.member"]
    peer = prior("2025-03-04", 2, encounter_id="y", member_id="SYN0002", rendering_npi="1234567893",
                 start_time="09:45", end_time="10:15")
    assert codes(judge(zz, history=[peer])) == ["overlap.rendering"]
    touching = prior("2025-03-04", 2, encounter_id="z", member_id="SYN0002", rendering_npi="1234567893",
                     start_time="10:00", end_time="10:30")
    assert judge(zz, history=[touching]).billable


def test_timely_filing_end_of_sixth_month(zz):
    jan3 = judge(zz, service={"date": "2025-01-03"}, as_of=date(2025, 7, 31),
                 recovery_plan={"written_on": "2025-01-02"})
    jan31 = judge(zz, service={"date": "2025-01-31"}, as_of=date(2025, 8, 1),
                  recovery_plan={"written_on": "2025-01-02"})
    assert jan3.filing_deadline == jan31.filing_deadline == date(2025, 7, 31)
    assert codes(jan3) == ["filing.deadline_near"] and jan3.billable
    assert codes(jan31) == ["filing.late"] and not jan31.billable


def test_a_correction_does_not_count_its_own_earlier_units(zz):
    own = prior("2025-03-04", 16, encounter_id="case-0001")
    assert judge(zz, history=[own]).units == 4


def test_batch_feeds_each_approved_encounter_into_the_next(zz):
    encs = [make_encounter(encounter_id=f"e{i}", service={"start_time": None, "end_time": None, "minutes": 90})
            for i in range(4)]
    vs = adjudicate_many(encs, None, None, zz)
    assert [v.units for v in vs] == [6, 6, 4, 0]
    assert sum(v.units for v in vs) == 16
