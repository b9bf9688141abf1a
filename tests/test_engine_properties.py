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


# --- issue 10: properties over every shipped pack and an all-secondary pack ------------------------------

from billing.rules.engine import DEFAULT_UNIT  # noqa: E402
from billing.rules.packs import default_registry  # noqa: E402

SHIPPED = default_registry()
STATES = sorted(SHIPPED.packs)


def _secondary_zz():
    """The ZZ pack with every citation marked secondary."""
    import yaml

    from billing.rules.packs import Registry
    from schemas.rulepack import RulePack
    from tests.conftest import DATA

    def walk(node):
        if isinstance(node, dict):
            if "document" in node and "section" in node:
                node["confidence"] = "secondary"
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    doc = yaml.safe_load((DATA / "ZZ.yaml").read_text())
    walk(doc)
    return Registry({"ZZ": RulePack.model_validate(doc)})


SECONDARY_ZZ = _secondary_zz()
encounters = st.fixed_dictionaries({
    "day": st.integers(0, 3650), "minutes": st.integers(1, 600),
    "modality": st.sampled_from(["none", "audio_video", "audio_only"]),
    "mods": st.sampled_from([[], ["HQ"], ["95"], ["GT"], ["HK"], ["U4"]]),
    "pos": st.sampled_from(["11", "02", "10", "53"]),
    "age": st.integers(5, 80), "expires": st.integers(-30, 30),
    "dx": st.sampled_from(["F33.1", "F11.20", "F70", "Z63.0", "F99.99"]),
    "supervised": st.booleans(),
})


def _enc(state: str, e: dict):
    dos = date(2016, 1, 1) + timedelta(days=e["day"])
    return make_encounter(
        payer={"state": state}, diagnoses=[e["dx"]],
        member={"date_of_birth": date(dos.year - e["age"], 1, 1).isoformat()},
        rendering={"credential": {"expires_on": (dos + timedelta(days=e["expires"])).isoformat()}},
        supervisor={"npi": "1245319599", "first_name": "J", "last_name": "S", "credential": "LCSW"}
        if e["supervised"] else None,
        service={"date": dos.isoformat(), "start_time": None, "end_time": None, "minutes": e["minutes"],
                 "telehealth": e["modality"], "modifiers": e["mods"], "place_of_service": e["pos"]},
        recovery_plan={"enrolled_on": None, "written_on": (dos - timedelta(days=10)).isoformat(),
                       "last_reviewed_on": None},
    )


@given(encounters)
def test_a_secondary_rule_never_produces_an_error(e):
    v = adjudicate(_enc("ZZ", e), History(), date(2030, 1, 1), SECONDARY_ZZ)
    for f in v.findings:
        assert not (f.severity == "error" and f.citation is not None and f.citation.confidence == "secondary")
    # every error left comes from a rule that holds in every state (not from the pack's secondary rules)
    assert {f.code for f in v.findings if f.severity == "error"} <= {"credential.expired", "diagnosis.invalid_code"}


@given(st.sampled_from(STATES), encounters)
def test_no_verdict_exceeds_the_units_the_minutes_allow(state, e):
    enc = _enc(state, e)
    v = adjudicate(enc, History(), date(2030, 1, 1), SHIPPED)
    view = SHIPPED.view(state, None, enc.service.date)
    unit = next((r for r in view.rules.units if not r.codes or enc.service.hcpcs in r.codes), DEFAULT_UNIT)
    most = minutes_to_units(e["minutes"], unit.model_copy(update={"rounding": "any_part"}))
    assert v.units <= most and v.units <= -(-e["minutes"] // unit.minutes_per_unit)
    assert all(not (f.severity == "error" and f.citation is not None and f.citation.confidence == "secondary")
               for f in v.findings)
