"""Packs compiled into per-date-band views give, for every date, exactly the rules computed afresh for that date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from billing.rules.coverage import coverage_on
from billing.rules.packs import Registry, band_cuts, default_registry, in_force, merge_plan
from schemas.rulepack import RuleSet

REG = default_registry()
KEYS = [(s, None, None) for s in sorted(REG.packs)] + [
    (s, plan, None) for s, p in sorted(REG.packs.items()) for plan in p.plans] + [
    (s, None, prog) for s, p in sorted(REG.packs.items()) for prog in p.programs]


def _fresh(reg: Registry, state: str, plan: str | None, program: str | None, on: date):
    rules = merge_plan(reg.packs[state], plan, program)
    cov = coverage_on(rules.coverage, on)
    return cov, in_force(rules, on, cov.judged_on if cov.judged_on != on else None)


def _same(reg: Registry, key: tuple, on: date) -> None:
    state, plan, program = key
    view = reg.view(state, plan, on, program)
    cov, fresh = _fresh(reg, state, plan, program, on)
    for kind in RuleSet.model_fields:
        assert getattr(view.rules, kind) == getattr(fresh.rules, kind), (key, on, kind)
    assert view.since == fresh.since and view.ref is not None and view.ref.in_force_since == fresh.since
    assert (view.coverage.status, view.coverage.entry) == (cov.status, cov.entry), (key, on)


def test_every_day_around_every_cut_matches_a_fresh_computation():
    """The day before, of and after each cut of each (state, plan, program): where a band boundary is off by one
    day, one of these differs."""
    reg = Registry(REG.packs)
    for key in KEYS:
        cuts = band_cuts(reg.compiled(*key).rules)
        assert cuts == sorted(set(cuts))
        for cut in cuts:
            for d in (cut - timedelta(days=1), cut, cut + timedelta(days=1)):
                _same(reg, key, d)


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(KEYS), on=st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)))
def test_any_date_matches_a_fresh_computation(key, on):
    _same(REG, key, on)


def test_a_new_registry_over_changed_packs_sees_the_change():
    """Views are compiled per registry: a candidate pack (what-if, rules test) never reads another's views."""
    state = "TX"
    pack = REG.packs[state]
    on = date(2025, 6, 2)
    before = REG.view(state, None, on)
    rules = pack.rules.model_copy(update={"caps": []})
    changed = Registry({state: pack.model_copy(update={"rules": rules, "revision": pack.revision + 1})})
    after = changed.view(state, None, on)
    assert after.rules.caps == [] and after.ref.revision == pack.revision + 1
    assert REG.view(state, None, on) is before
