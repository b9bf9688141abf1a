"""Stored encounters with the history each was judged against, as it stood when its verdict was given.

Intake judges an encounter against every stored service of its member (caps, overlaps) and its peer's other
sessions that day. To judge it again under another pack and compare like with like, that history is rebuilt
from the versions table: every version is replayed in the order it was written (time, then its time-ordered
id, which keeps a batch's items in batch order), and each target encounter's current version is judged
against what had been written before it. With the same pack, this gives back every stored verdict.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import and_, func, select, tuple_
from sqlalchemy.orm import Session

from billing.db.models import Encounter as EncounterRow
from billing.db.models import EncounterVersion
from billing.intake import verdict_from_row
from billing.rules.history import Prior
from schemas.encounter import Encounter
from schemas.verdict import Verdict

PAIRS_PER_QUERY = 400  # (peer, day) pairs in one IN list: well inside SQLite's expression limits


@dataclass(frozen=True)
class Scope:
    """Which stored encounters to judge again."""

    agencies: tuple[str, ...]
    state: str
    date_from: date | None = None
    date_to: date | None = None
    payer_id: str | None = None
    statuses: tuple[str, ...] = ("billable", "not_billable")
    unbilled_only: bool = False

    def where(self) -> list[Any]:
        e = EncounterRow
        conds = [e.agency_id.in_(self.agencies), e.state == self.state, e.status.in_(self.statuses)]
        if self.date_from is not None:
            conds.append(e.service_date >= self.date_from)
        if self.date_to is not None:
            conds.append(e.service_date <= self.date_to)
        if self.payer_id is not None:
            conds.append(e.payer_id == self.payer_id)
        if self.unbilled_only:
            conds.append(e.claim_line_id.is_(None))
        return conds


@dataclass(frozen=True)
class Stored:
    """A target encounter: its current version, as judged, and the history it was judged against."""

    row_id: str
    agency_id: str
    version: int
    payer_id: str | None
    encounter: Encounter
    verdict: Verdict
    as_of: date | None
    prior: list[Prior]
    billed: bool


_V = (EncounterVersion.id, EncounterVersion.encounter_id, EncounterVersion.version, EncounterVersion.kind,
      EncounterVersion.payload, EncounterVersion.created_at, EncounterVersion.billable, EncounterVersion.units,
      EncounterVersion.minutes, EncounterVersion.rate, EncounterVersion.expected_payment,
      EncounterVersion.filing_deadline, EncounterVersion.findings, EncounterVersion.pack_state,
      EncounterVersion.pack_plan, EncounterVersion.pack_revision, EncounterVersion.pack_in_force_since,
      EncounterVersion.as_of)
_E = (EncounterRow.external_id, EncounterRow.member_id, EncounterRow.agency_id, EncounterRow.payer_id,
      EncounterRow.claim_line_id, EncounterRow.version.label("current"))


def count(s: Session, scope: Scope) -> int:
    return s.scalar(select(func.count()).select_from(EncounterRow).where(*scope.where())) or 0


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def _prior(row: Any, units: int | None = None) -> Prior:
    """What the engine reads of a stored version, from its payload without building the whole model."""
    p = json.loads(row.payload)
    svc = p["service"]
    return Prior(encounter_id=p["encounter_id"], member_id=p["member"]["medicaid_id"],
                 rendering_npi=p["rendering"]["npi"], date=date.fromisoformat(svc["date"]),
                 start_time=_time(svc.get("start_time")), end_time=_time(svc.get("end_time")), hcpcs=svc["hcpcs"],
                 modifiers=tuple(svc.get("modifiers") or ()), units=(row.units or 0) if units is None else units,
                 setting=svc["setting"])


def _members(s: Session, scope: Scope) -> list[str]:
    return list(s.scalars(select(EncounterRow.member_id).where(*scope.where()).distinct()
                          .order_by(EncounterRow.member_id)))


def _versions(s: Session, scope: Scope, members: list[str], span: timedelta) -> tuple[list[Any], set[str]]:
    """Every version of the chunk's members' encounters near the targets' dates, plus the versions of other
    members' sessions with the same peers on the same days; and the ids of the target encounters."""
    e = EncounterRow
    targets = s.execute(select(e.id, e.rendering_npi, e.service_date).where(*scope.where(),
                                                                             e.member_id.in_(members))).all()
    if not targets:
        return [], set()
    lo = min(t.service_date for t in targets) - span
    hi = max(t.service_date for t in targets) + span
    join = and_(EncounterVersion.encounter_id == e.id)
    own = s.execute(select(*_V, *_E).join(e, join).where(e.member_id.in_(members),
                                                         e.service_date.between(lo, hi))).all()
    pairs = sorted({(t.rendering_npi, t.service_date) for t in targets})
    others: list[Any] = []
    for k in range(0, len(pairs), PAIRS_PER_QUERY):
        others += s.execute(select(*_V, *_E).join(e, join).where(
            e.agency_id.in_(scope.agencies), tuple_(e.rendering_npi, e.service_date).in_(pairs[k:k + PAIRS_PER_QUERY]),
            e.member_id.not_in(members))).all()
    return own + others, {t.id for t in targets}


def _order(rows: list[Any]) -> list[Any]:
    """Versions in the order they were written. A re-judged version (kind `rejudge`) takes its predecessor's
    place: it is that verdict given again under new rules, with the history the predecessor had."""
    keys: dict[tuple[str, int], tuple[Any, ...]] = {}
    for r in sorted(rows, key=lambda r: (r.encounter_id, r.version)):
        before = keys.get((r.encounter_id, r.version - 1))
        keys[(r.encounter_id, r.version)] = before + (r.version,) if r.kind == "rejudge" and before else \
            (r.created_at, r.id)
    return sorted(rows, key=lambda r: keys[(r.encounter_id, r.version)])


Judge = Callable[[Stored], int | None]


def _replay(rows: list[Any], targets: set[str], judge: Judge) -> int:
    """Replays the versions; each target is handed to `judge` with what came before it. The units `judge`
    returns (if any) stand in the history of later services instead of the stored ones, so a counterfactual
    carries forward (a lower cap cuts an early session, and a later one then has more room)."""
    by_member: defaultdict[str, dict[str, Prior]] = defaultdict(dict)
    by_peer_day: defaultdict[tuple[str | None, date], dict[str, tuple[str, Prior]]] = defaultdict(dict)
    where: dict[str, tuple[str, tuple[str | None, date]]] = {}  # encounter -> (member, peer-day) it sits in
    judged = 0
    for r in _order(rows):
        units = None
        if r.encounter_id in targets and r.version == r.current and r.billable is not None:
            enc = Encounter.model_validate_json(r.payload)
            key = (enc.rendering.npi, enc.service.date)
            prior = [*by_member[r.member_id].values(),
                     *(p for m, p in by_peer_day[key].values() if m != r.member_id)]
            units = judge(Stored(r.encounter_id, r.agency_id, r.version, r.payer_id, enc,
                                 verdict_from_row(r, r.external_id), r.as_of, prior, r.claim_line_id is not None))
            judged += 1
        old = where.pop(r.encounter_id, None)
        if old is not None:
            by_member[old[0]].pop(r.encounter_id, None)
            by_peer_day[old[1]].pop(r.encounter_id, None)
        if r.kind == "void" or r.billable is None:
            continue
        p = _prior(r, units)
        day = (p.rendering_npi, p.date)
        by_member[r.member_id][r.encounter_id] = p
        by_peer_day[day][r.encounter_id] = (r.member_id, p)
        where[r.encounter_id] = (r.member_id, day)
    return judged


def replay_stored(s: Session, scope: Scope, span: timedelta, judge: Judge, members_per_chunk: int = 300,
                  progress: Callable[[int], None] | None = None) -> None:
    """Hands every encounter in the scope, member by member, with its rebuilt history, to `judge`."""
    members = _members(s, scope)
    for k in range(0, len(members), members_per_chunk):
        rows, targets = _versions(s, scope, members[k:k + members_per_chunk], span)
        done = _replay(rows, targets, judge)
        if progress is not None:
            progress(done)
