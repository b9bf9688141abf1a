"""Properties of the engine that must hold for any input (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from billing.rules import adjudicate, adjudicate_many
from billing.rules.calendar import add_months
from billing.rules.units import minutes_to_units
from schemas.encounter import History
from schemas.rulepack import UnitRule
from tests.conftest import make_encounter, zz_registry

ZZ = zz_registry()
CITE = {"document": "synthetic", "section": "1", "effective": "2020-01-01"}


@st.composite
def unit_rules(draw) -> UnitRule:
    rounding = draw(st.sampled_from(["whole_units", "any_part", "midpoint", "actual_time"]))
    per = draw(st.integers(1, 120))
    mid = draw(st.integers(1, per)) if rounding == "midpoint" else None
    return UnitRule.model_validate({"from": "2020-01-01", "cite": CITE, "minutes_per_unit": per,
                                    "rounding": rounding, "midpoint_minutes": mid})


@given(st.integers(-10, 1440), unit_rules())
def test_units_never_negative_nor_more_than_the_minutes_allow(minutes, rule):
    units = minutes_to_units(minutes, rule)
    assert units >= 0
    if rule.rounding == "actual_time":
        assert units == max(minutes, 0)
    else:
        assert units <= -(-max(minutes, 0) // rule.minutes_per_unit)  # ceiling
        assert units >= max(minutes, 0) // rule.minutes_per_unit  # whole units always count


sessions = st.lists(
    st.tuples(st.integers(0, 400), st.integers(1, 240), st.sampled_from(["SYN0001", "SYN0002"])),
    min_size=1, max_size=40,
)


@given(sessions)
def test_approved_units_never_exceed_a_cap_in_any_order(items):
    start = date(2024, 1, 1)
    encs = [
        make_encounter(encounter_id=f"e{i}", member={"medicaid_id": member},
                       service={"date": (start + timedelta(days=day)).isoformat(), "start_time": None,
                                "end_time": None, "minutes": minutes},
                       recovery_plan={"written_on": "2023-12-01", "last_reviewed_on": None, "enrolled_on": None})
        for i, (day, minutes, member) in enumerate(items)
    ]
    verdicts = adjudicate_many(encs, None, None, ZZ)
    approved = [(e.member.medicaid_id, e.service.date, v.units) for e, v in zip(encs, verdicts, strict=True)]
    for member in ("SYN0001", "SYN0002"):
        mine = [(d, u) for m, d, u in approved if m == member]
        for d in {d for d, _ in mine}:
            assert sum(u for x, u in mine if x == d) <= 16  # daily cap
            # every six-month window that starts on a session day
            end = add_months(d, 6) - timedelta(days=1)
            assert sum(u for x, u in mine if d <= x <= end) <= 104
        for fy in (date(2023, 7, 1), date(2024, 7, 1)):  # PA-gated fiscal-year cap, no PA given
            assert sum(u for x, u in mine if fy <= x < add_months(fy, 12)) <= 200


@given(st.integers(0, 2000), st.integers(1, 600), st.sampled_from(["none", "audio_video", "audio_only"]),
       st.sampled_from([[], ["HQ"], ["95"], ["GT"], ["TN"]]))
def test_same_input_same_verdict(day, minutes, modality, mods):
    enc = make_encounter(service={"date": (date(2019, 6, 1) + timedelta(days=day)).isoformat(),
                                  "start_time": None, "end_time": None, "minutes": minutes,
                                  "telehealth": modality, "modifiers": mods})
    a = adjudicate(enc, History(), date(2026, 1, 1), ZZ)
    b = adjudicate(enc, History(), date(2026, 1, 1), zz_registry())
    assert a == b
    assert a.billable == (not any(f.severity == "error" for f in a.findings))
    assert a.units >= 0 and (a.billable or a.units == 0)
