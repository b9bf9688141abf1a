"""Every expected-verdict case in state_rules/tests/ is judged by the engine and must match."""

from __future__ import annotations

import pytest

from billing.rules import adjudicate
from billing.rules.cases import case_files, load_cases, mismatches

CASES = [c for path in case_files() for c in load_cases(path)]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.state}: {c.name}" for c in CASES])
def test_case(case):
    verdict = adjudicate(case.encounter, case.history, as_of=case.as_of)
    assert mismatches(case, verdict) == [], [f.message for f in verdict.findings]


def test_every_pack_has_at_least_eight_cases():
    from billing.rules.packs import pack_files

    counts = {p.stem: 0 for p in pack_files()}
    for c in CASES:
        counts[c.state] = counts.get(c.state, 0) + 1
    assert {s: n for s, n in counts.items() if n < 8} == {}
