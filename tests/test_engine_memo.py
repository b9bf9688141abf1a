"""The engine's memo (billing/rules/engine.py: `_Static` per pack view, routes per registry) never changes a verdict:
encounters judged through one warm registry, interleaved across packs, pack versions, plans, programs and dates,
get exactly what judging each one through a fresh registry gives."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from billing.rules import Registry, adjudicate, default_registry
from billing.rules.engine import as_prior
from schemas.encounter import Encounter
from schemas.rulepack import RulePack
from tests.conftest import base_encounter_dict, make_encounter, zz_registry

REAL = default_registry()
ZZ = zz_registry().packs["ZZ"]


def _fresh(packs: dict[str, RulePack], enc: Encounter, prior: list, as_of: date | None):
    return adjudicate(enc, prior, as_of, Registry(dict(packs)))  # no view, route or memo carried over


def _changed_zz() -> RulePack:
    """ZZ with other credential types, a smaller group and no caps: the same keys must give other verdicts."""
    rules = ZZ.rules.model_copy(update={
        "credentials": [c.model_copy(update={"accepted_types": ["CPC"]}) for c in ZZ.rules.credentials],
        "group": [g.model_copy(update={"max_size": 3}) for g in ZZ.rules.group],
        "caps": [],
    })
    return ZZ.model_copy(update={"rules": rules, "revision": ZZ.revision + 1})


def _zz_encounter(i: int, day: date, cred: str, setting: str) -> Encounter:
    return make_encounter(
        encounter_id=f"m{i}",
        member={"medicaid_id": f"SYN{i % 3:04d}"},
        rendering={"credential": {"type": cred}},
        service={"date": day.isoformat(), "setting": setting, "modifiers": ["HQ"] if setting == "group" else [],
                 "group_size": 6 if setting == "group" else None, "start_time": None, "end_time": None,
                 "minutes": 60},
        recovery_plan={"written_on": "2019-12-01", "last_reviewed_on": None, "enrolled_on": None},
    )


def test_two_pack_versions_judged_interleaved_match_fresh_judging():
    """Old and new ZZ through two warm registries, alternately, over dates either side of the 2027 credential
    cut: each verdict equals a fresh registry's, and the two versions do differ (the memo cannot hide that)."""
    old, new = {"ZZ": ZZ}, {"ZZ": _changed_zz()}
    warm = {"old": Registry(dict(old)), "new": Registry(dict(new))}
    rng = random.Random(5)
    history: dict[str, list] = {"old": [], "new": []}
    differ = 0
    for i in range(120):
        day = date(2026, 11, 1) + timedelta(days=rng.randrange(0, 120))
        enc = _zz_encounter(i, day, rng.choice(["CPS", "CPC", "XYZ"]), rng.choice(["individual", "group"]))
        got = {}
        for name, packs in (("old", old), ("new", new)):
            prior = history[name]
            v = adjudicate(enc, prior, day + timedelta(days=3), warm[name])
            assert v == _fresh(packs, enc, prior, day + timedelta(days=3)), (name, i)
            prior.append(as_prior(enc, v))
            got[name] = v
        differ += got["old"].model_dump() != got["new"].model_dump()
    assert differ > 20


def test_a_finding_that_prints_the_date_is_never_replayed_for_another_date():
    """Same fields, same band of rules (ZZ accepts only CPS from 2027): each refusal names its own date."""
    reg = Registry({"ZZ": ZZ})
    days = [date(2027, 3, 1), date(2027, 4, 2), date(2028, 1, 9)]
    for k, day in enumerate(days * 2):
        v = adjudicate(_zz_encounter(k, day, "CPC", "individual"), [], None, reg)
        refused = [f for f in v.findings if f.code == "credential.type_not_accepted"]
        assert len(refused) == 1 and f"on {day}" in refused[0].message
        assert v == _fresh({"ZZ": ZZ}, _zz_encounter(k, day, "CPC", "individual"), [], None)


def test_a_pack_replaced_in_a_registry_is_judged_by_its_new_rules():
    """Routes and compiled views are kept per pack object: replacing the pack in `packs` is seen at once."""
    reg = Registry({"ZZ": ZZ})
    enc = _zz_encounter(1, date(2025, 5, 5), "CPC", "group")
    before = adjudicate(enc, [], None, reg)
    reg.packs["ZZ"] = _changed_zz()
    after = adjudicate(enc, [], None, reg)
    assert after == _fresh(reg.packs, enc, [], None)
    assert after.rule_pack.revision == ZZ.revision + 1
    assert {f.code for f in after.findings} - {f.code for f in before.findings} == {"group.too_large"}


STATES = sorted(REAL.packs)
WARM = Registry(dict(REAL.packs))


@st.composite
def real_encounters(draw) -> tuple[Encounter, date | None]:
    state = draw(st.sampled_from(STATES))
    pack = REAL.packs[state]
    d = base_encounter_dict()
    day = draw(st.dates(min_value=date(2016, 1, 1), max_value=date(2027, 6, 30)))
    d["payer"]["state"] = state
    if pack.plans and draw(st.booleans()):
        d["payer"] |= {"program": "managed_care", "plan": draw(st.sampled_from([*pack.plans, "unknown-plan"]))}
    if pack.programs and draw(st.booleans()):
        d["program"] = draw(st.sampled_from([*pack.programs, "unknown-program"]))
    s = d["service"]
    s["date"] = day.isoformat()
    s["modifiers"] = draw(st.lists(st.sampled_from(["HQ", "GT", "95", "U1", "HN", "93"]), max_size=2, unique=True))
    s["telehealth"] = draw(st.sampled_from(["none", "none", "audio_video", "audio_only"]))
    s["place_of_service"] = draw(st.sampled_from(["11", "02", "10", "53"]))
    if draw(st.booleans()):
        s["setting"], s["group_size"] = "group", draw(st.sampled_from([4, 20]))
    d["rendering"]["credential"]["type"] = draw(st.sampled_from(["CPS", "CPRS", "PRSS", "CRPS", "XYZ"]))
    if draw(st.booleans()):
        d.pop("supervisor")
    d["diagnoses"] = draw(st.lists(st.sampled_from(["F33.1", "F10.20", "Z00.00", "F84.0"]), min_size=1, max_size=2,
                                   unique=True))
    as_of = draw(st.none() | st.just(day + timedelta(days=40)))
    return Encounter.model_validate(d), as_of


@settings(max_examples=150, deadline=None)
@given(real_encounters())
def test_any_encounter_of_any_state_through_a_warm_registry_matches_a_fresh_one(case):
    """WARM keeps its memo across examples (hypothesis varies one field at a time, so keys are shared often)."""
    enc, as_of = case
    assert adjudicate(enc, [], as_of, WARM) == _fresh(REAL.packs, enc, [], as_of)
