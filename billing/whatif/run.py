"""The what-if use case: judge a scope of stored encounters under a candidate pack, compare, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from billing.access import Actor
from billing.audit import record
from billing.db.connection import Database
from billing.intake import _max_window_days
from billing.rules import Registry, adjudicate
from billing.whatif.compare import Judged, Report
from billing.whatif.stored import Scope, Stored, count, replay_stored
from schemas.rulepack import RulePack


class WhatIfError(ValueError):
    """A what-if that cannot run as asked (a pack for another state, an empty scope of agencies)."""


def candidate_registry(pack: RulePack) -> Registry:
    return Registry({pack.state: pack})


def history_span(*registries: Registry) -> timedelta:
    """How far around the targets' dates history can matter, under either pack."""
    return timedelta(days=max(_max_window_days(r) for r in registries))


def what_if(db: Database, actor: Actor, scope: Scope, candidate: RulePack, current: Registry,
            on_total: Callable[[int], None] | None = None,
            progress: Callable[[int], None] | None = None) -> Report:
    """Judge every stored encounter of the scope again under `candidate`, against the history it was judged
    with, as of the day it was judged; nothing stored changes. Audited: who ran which pack over what."""
    if candidate.state != scope.state:
        raise WhatIfError(f"the pack is for {candidate.state}, the what-if is for {scope.state}")
    if not scope.agencies:
        raise WhatIfError("no agency to read")
    after = candidate_registry(candidate)
    report = Report()
    with db.reading() as s:
        if on_total is not None:
            on_total(count(s, scope))

        def judge(item: Stored) -> int:
            v = adjudicate(item.encounter, item.prior, item.as_of, after)
            report.add(Judged(item.encounter.encounter_id, item.agency_id, item.encounter.service.date,
                              item.payer_id, item.encounter.rendering.npi, item.verdict, v))
            return v.units

        replay_stored(s, scope, history_span(after, current), judge, progress=progress)
        for agency in scope.agencies:
            record(s, actor, "rules.whatif", "rule_pack", f"{candidate.state}@r{candidate.revision}", agency,
                   {"from": str(scope.date_from), "to": str(scope.date_to), "payer": scope.payer_id,
                    "judged": report.judged, "changed": report.changed})
        s.commit()
    return report
