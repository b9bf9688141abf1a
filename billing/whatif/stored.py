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

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from billing.db.models import Encounter as EncounterRow
from billing.db.models import EncounterVersion, Member
from billing.intake import verdict_from_row
from billing.rules.history import Prior
from schemas.encounter import Encounter
from schemas.verdict import Verdict


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
class StoredVerdict:
    """The stored verdict's facts a comparison needs, read from its columns; the full Verdict (with findings and
    citations) is built only for an encounter whose verdict changed."""

    row: Any
    external_id: str

    @property
    def billable(self) -> bool:
        return bool(self.row.billable)

    @property
    def units(self) -> int:
        return self.row.units or 0

    @property
    def expected_payment(self) -> Any:
        return self.row.expected_payment

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f["code"] for f in self.row.findings or ())

    def full(self) -> Verdict:
        v = verdict_from_row(self.row, self.external_id)
        assert v is not None
        return v


@dataclass(frozen=True)
class Stored:
    """A target encounter: its current version, as judged, and the history it was judged against."""

    row_id: str
    agency_id: str
    version: int
    payer_id: str | None
    encounter: Encounter
    verdict: StoredVerdict
    as_of: date | None
    prior: list[Prior]
    billed: bool


e_, v_ = EncounterRow, EncounterVersion
# What the history needs of every version: the version's own facts, and the encounter's current columns (which
# are the version's when it is the current one, as most are; older versions are read from their payload).
_META = (v_.id, v_.encounter_id, v_.version, v_.kind, v_.created_at, v_.billable, v_.units,
         e_.version.label("current"), e_.external_id, e_.member_id, Member.medicaid_id, e_.service_date,
         e_.start_time, e_.end_time, e_.hcpcs, e_.modifiers, e_.setting, e_.rendering_npi,
         case((v_.version != e_.version, v_.payload), else_=None).label("payload"))
# And of a target's current version: all of it.
_TARGET = (*v_.__table__.c, e_.external_id, e_.agency_id, e_.payer_id, e_.claim_line_id, e_.service_date)


def count(s: Session, scope: Scope) -> int:
    return s.scalar(select(func.count()).select_from(EncounterRow).where(*scope.where())) or 0


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def _prior(row: Any, units: int | None = None) -> Prior:
    """What the engine reads of a stored version: the encounter's columns when it is the current version, else
    its payload (read without building the whole model)."""
    units = (row.units or 0) if units is None else units
    if row.payload is None:
        return Prior(encounter_id=row.external_id, member_id=row.medicaid_id, rendering_npi=row.rendering_npi,
                     date=row.service_date, start_time=row.start_time, end_time=row.end_time, hcpcs=row.hcpcs,
                     modifiers=tuple(row.modifiers.split(":")) if row.modifiers else (), units=units,
                     setting=row.setting)
    p = json.loads(row.payload)
    svc = p["service"]
    return Prior(encounter_id=p["encounter_id"], member_id=p["member"]["medicaid_id"],
                 rendering_npi=p["rendering"]["npi"], date=date.fromisoformat(svc["date"]),
                 start_time=_time(svc.get("start_time")), end_time=_time(svc.get("end_time")), hcpcs=svc["hcpcs"],
                 modifiers=tuple(svc.get("modifiers") or ()), units=units, setting=svc["setting"])


def _members(s: Session, scope: Scope) -> list[str]:
    return list(s.scalars(select(EncounterRow.member_id).where(*scope.where()).distinct()
                          .order_by(EncounterRow.member_id)))


def _versions(s: Session, scope: Scope, members: list[str], span: timedelta) -> tuple[list[Any], dict[str, Any]]:
    """Every version of the chunk's members' encounters near the targets' dates, plus the versions of other
    members' sessions with the same peers on the same days; and the targets' current versions, whole."""
    # Plain column rows through the connection: the ORM's row loading is a sixth of a what-if's time and these
    # rows are read as tuples anyway.
    db = s.connection()
    targets = {r.encounter_id: r for r in db.execute(
        select(*_TARGET).join(e_, and_(v_.encounter_id == e_.id, v_.version == e_.version))
        .where(*scope.where(), e_.member_id.in_(members))).all()}
    if not targets:
        return [], {}
    lo = min(t.service_date for t in targets.values()) - span
    hi = max(t.service_date for t in targets.values()) + span
    base = select(*_META).join(e_, v_.encounter_id == e_.id).join(Member, Member.id == e_.member_id)
    own = db.execute(base.where(e_.member_id.in_(members), e_.service_date.between(lo, hi))).all()
    # The peers' other sessions on the targets' days: one (agency, NPI, date IN ...) range probe per peer of the
    # peer-history index; a row-value IN over (NPI, date) pairs makes SQLite scan instead.
    days_by_peer: defaultdict[str, set[date]] = defaultdict(set)
    for r in own:
        if r.encounter_id in targets:
            days_by_peer[r.rendering_npi].add(r.service_date)
    others: list[Any] = []
    for npi, days in sorted(days_by_peer.items()):
        others += db.execute(base.where(e_.agency_id.in_(scope.agencies), e_.rendering_npi == npi,
                                       e_.service_date.in_(sorted(days)), e_.member_id.not_in(members))).all()
    return own + others, targets


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


def _replay(rows: list[Any], targets: dict[str, Any], judge: Judge) -> int:
    """Replays the versions; each target is handed to `judge` with what came before it. The units `judge`
    returns (if any) stand in the history of later services instead of the stored ones, so a counterfactual
    carries forward (a lower cap cuts an early session, and a later one then has more room)."""
    by_member: defaultdict[str, dict[str, Prior]] = defaultdict(dict)
    by_peer_day: defaultdict[tuple[str | None, date], dict[str, tuple[str, Prior]]] = defaultdict(dict)
    where: dict[str, tuple[str, tuple[str | None, date]]] = {}  # encounter -> (member, peer-day) it sits in
    judged = 0
    for r in _order(rows):
        units = None
        t = targets.get(r.encounter_id) if r.version == r.current else None
        if t is not None and t.billable is not None:
            enc = Encounter.model_validate_json(t.payload)
            key = (enc.rendering.npi, enc.service.date)
            prior = [*by_member[r.member_id].values(),
                     *(p for m, p in by_peer_day[key].values() if m != r.member_id)]
            units = judge(Stored(r.encounter_id, t.agency_id, r.version, t.payer_id, enc,
                                 StoredVerdict(t, t.external_id), t.as_of, prior, t.claim_line_id is not None))
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
