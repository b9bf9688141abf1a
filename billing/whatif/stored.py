"""Stored encounters with the history each was judged against, as it stood when its verdict was given.

Intake judges an encounter against every stored service of its member (caps, overlaps) and its peer's other
sessions that day. To judge it again under another pack and compare like with like, that history is rebuilt
from the versions table: every version is replayed in the order it was written (time, then its time-ordered
id, which keeps a batch's items in batch order), and each target encounter's current version is judged
against what had been written before it. With the same pack, this gives back every stored verdict.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, time, timedelta
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import Text, and_, bindparam, case, false, func, null, or_, select, type_coerce
from sqlalchemy.orm import Session

from billing.db.models import Encounter as EncounterRow
from billing.db.models import EncounterVersion, Member
from billing.rules.history import Prior
from schemas.encounter import Encounter
from schemas.verdict import Citation


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


# A finding's code as the stored JSON spells it. Inside a JSON string every quote is escaped, so this matches keys
# only, and `code` is a key of a finding alone (not of its citation): tests/test_whatif.py checks both schemas.
_CODE = re.compile(r'"code":\s*"([^"\\]*)"')


def finding_codes(findings: Any) -> tuple[str, ...]:
    """The codes of a stored verdict's findings, in order, from the column as read: its JSON text (SQLite, read
    raw: a regex is ~20 times cheaper than decoding a verdict's findings) or the list the driver decoded."""
    if findings is None:
        return ()
    if isinstance(findings, str):
        return tuple(_CODE.findall(findings))
    return tuple(f["code"] for f in findings)


class StoredVerdict:
    """The stored verdict's facts a comparison needs, read from its columns. Findings stay as read; a citation is
    decoded only for a finding code that disappears (the report names the rule of each code once)."""

    __slots__ = ("billable", "units", "expected_payment", "codes", "pack_revision", "_findings")

    def __init__(self, billable: Any, units: int | None, expected_payment: Any, findings: Any,
                 pack_revision: int | None) -> None:
        self.billable = bool(billable)
        self.units = units or 0
        self.expected_payment = expected_payment
        self.codes = finding_codes(findings)
        self.pack_revision = pack_revision
        self._findings = findings

    def citation(self, code: str) -> Citation | None:
        """The citation of the first finding with this code, as verdict_from_row would build it."""
        findings = json.loads(self._findings) if isinstance(self._findings, str) else self._findings or ()
        found = next((f.get("citation") for f in findings if f["code"] == code), None)
        return None if found is None else Citation.model_validate(found)


class Stored(NamedTuple):
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
         e_.start_time, e_.end_time, e_.hcpcs, e_.modifiers, e_.setting, e_.rendering_npi)


_FACTS = (v_.expected_payment, type_coerce(v_.findings, Text).label("findings"), v_.pack_revision, v_.as_of,
          e_.agency_id, e_.payer_id, e_.claim_line_id)


def _own_columns(scope: Scope) -> tuple[Any, ...]:
    """_META, and for a target (the current version of an encounter in the scope) what a comparison reads: its
    payload and verdict columns, the findings as stored (JSON text on SQLite: decoding every verdict's findings
    cost more than judging them again). One query: a second one for the targets alone led SQLite's planner down
    the agency's whole (agency, status, date) index for every chunk, quadratic in the agency's encounters."""
    target = and_(v_.version == e_.version, *scope.where())
    return (*_META, case((or_(v_.version != e_.version, target), v_.payload), else_=None).label("payload"),
            case((target, True), else_=False).label("target"), *(case((target, c), else_=None).label(c.name)
                                                                  for c in _FACTS))


# Other members' versions: the same columns, never a target.
_OTHER = (*_META, case((v_.version != e_.version, v_.payload), else_=None).label("payload"),
          false().label("target"), *(null().label(c.name) for c in _FACTS))


class Version(NamedTuple):
    """A version row as the replay reads it (a tuple: a database row's attributes cost ten times a tuple's, and
    the replay reads some thirty a target)."""

    id: str
    encounter_id: str
    version: int
    kind: str
    created_at: Any
    billable: bool | None
    units: int | None
    current: int
    external_id: str
    member_id: str
    medicaid_id: str
    service_date: date
    start_time: time | None
    end_time: time | None
    hcpcs: str
    modifiers: str | None
    setting: str
    rendering_npi: str | None
    payload: str | None
    target: bool
    expected_payment: Any
    findings: Any
    pack_revision: int | None
    as_of: date | None
    agency_id: str | None
    payer_id: str | None
    claim_line_id: str | None


def count(s: Session, scope: Scope) -> int:
    return s.scalar(select(func.count()).select_from(EncounterRow).where(*scope.where())) or 0


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def _prior(row: Any, units: int | None = None) -> Prior:
    """What the engine reads of a stored version: the encounter's columns when it is the current version, else
    its payload (read without building the whole model)."""
    units = (row.units or 0) if units is None else units
    if row.version == row.current:
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


@dataclass(frozen=True)
class _Reads:
    """The two statements a chunk runs, built once per what-if with their lists as expanding parameters: building
    `IN (...)` from Python lists coerced every value again for every query, most of a chunk's reading time."""

    own: Any
    others: Any

    @classmethod
    def of(cls, scope: Scope) -> _Reads:
        chunk = bindparam("members", expanding=True)
        own = select(*_own_columns(scope)).join(e_, v_.encounter_id == e_.id).join(
            Member, Member.id == e_.member_id).where(e_.member_id.in_(chunk))
        # The peers' other sessions on the targets' days: one (agency, NPI, date IN ...) range probe per peer of
        # the peer-history index; a row-value IN over (NPI, date) pairs makes SQLite scan instead.
        others = select(*_OTHER).join(e_, v_.encounter_id == e_.id).join(Member, Member.id == e_.member_id).where(
            e_.agency_id.in_(scope.agencies), e_.rendering_npi == bindparam("npi"),
            e_.service_date.in_(bindparam("days", expanding=True)), e_.member_id.not_in(chunk))
        return cls(own, others)


def _versions(s: Session, reads: _Reads, members: list[str], span: timedelta) -> tuple[list[Any], dict[str, Any]]:
    """Every version of the chunk's members' encounters near the targets' dates, plus the versions of other
    members' sessions with the same peers on the same days; and the targets' current versions."""
    # Plain column rows through the connection: the ORM's row loading is a sixth of a what-if's time and these
    # rows are read as tuples anyway.
    db = s.connection()
    own = list(map(Version._make, db.execute(reads.own, {"members": members})))
    targets = {r.encounter_id: r for r in own if r.target}
    if not targets:
        return [], {}
    lo = min(t.service_date for t in targets.values()) - span
    hi = max(t.service_date for t in targets.values()) + span
    own = [r for r in own if lo <= r.service_date <= hi]
    days_by_peer: defaultdict[str, set[date]] = defaultdict(set)
    for t in targets.values():
        days_by_peer[t.rendering_npi].add(t.service_date)
    others: list[Any] = []
    for npi, days in sorted(days_by_peer.items()):
        others += map(Version._make, db.execute(reads.others, {"npi": npi, "days": sorted(days), "members": members}))
    return own + others, targets


def _order(rows: list[Any]) -> list[Any]:
    """Versions in the order they were written. A re-judged version (kind `rejudge`) takes its predecessor's
    place: it is that verdict given again under new rules, with the history the predecessor had."""
    if not any(r.kind == "rejudge" for r in rows):  # the usual case: one sort on (time, id), in C
        return sorted(rows, key=_WRITTEN)
    keys: dict[tuple[str, int], tuple[Any, ...]] = {}
    for r in sorted(rows, key=lambda r: (r.encounter_id, r.version)):
        before = keys.get((r.encounter_id, r.version - 1))
        keys[(r.encounter_id, r.version)] = before + (r.version,) if r.kind == "rejudge" and before else \
            (r.created_at, r.id)
    return sorted(rows, key=lambda r: keys[(r.encounter_id, r.version)])


_WRITTEN = attrgetter("created_at", "id")
Judge = Callable[[Stored], int | None]


def _replay(rows: list[Any], targets: dict[str, Any], judge: Judge) -> int:
    """Replays the versions; each target is handed to `judge` with what came before it. The units `judge`
    returns (if any) stand in the history of later services instead of the stored ones, so a counterfactual
    carries forward (a lower cap cuts an early session, and a later one then has more room)."""
    by_member: defaultdict[str, dict[str, Prior]] = defaultdict(dict)
    by_peer_day: defaultdict[tuple[str | None, date], dict[str, tuple[str, Prior]]] = defaultdict(dict)
    where: dict[str, tuple[str, tuple[str | None, date]]] = {}  # encounter -> (member, peer-day) it sits in
    judged = 0
    parse = Encounter.model_validate_json
    for r in _order(rows):
        units = None
        t = targets.get(r.encounter_id) if r.version == r.current else None
        if t is not None and t.billable is not None:
            enc = parse(t.payload)
            key = (enc.rendering.npi, enc.service.date)
            prior = [*by_member[r.member_id].values(),
                     *(p for m, p in by_peer_day[key].values() if m != r.member_id)]
            verdict = StoredVerdict(t.billable, t.units, t.expected_payment, t.findings, t.pack_revision)
            units = judge(Stored(r.encounter_id, t.agency_id, r.version, t.payer_id, enc, verdict, t.as_of, prior,
                                 t.claim_line_id is not None))
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


def replay_stored(s: Session, scope: Scope, span: timedelta, judge: Judge, members_per_chunk: int = 1000,
                  progress: Callable[[int], None] | None = None) -> None:
    """Hands every encounter in the scope, member by member, with its rebuilt history, to `judge`. A chunk's
    rows are all that is held (about 20 versions a member, two chunks at a time); each peer's days are read
    once a chunk, so larger chunks read fewer times.

    The next chunk is read on a second thread while this one is judged: the database driver lets go of the GIL
    while it steps through rows (about a third of a what-if's time on SQLite), so reading and judging overlap on a
    second core. The session is only ever used by one thread at a time: `judge` must not use it."""
    members = _members(s, scope)
    reads = _Reads.of(scope)
    chunks = [members[k:k + members_per_chunk] for k in range(0, len(members), members_per_chunk)]
    if not chunks:
        return
    with ThreadPoolExecutor(1, thread_name_prefix="whatif-read") as reader:
        pending = reader.submit(_versions, s, reads, chunks[0], span)
        for nxt in [*chunks[1:], None]:
            rows, targets = pending.result()
            if nxt is not None:
                pending = reader.submit(_versions, s, reads, nxt, span)
            done = _replay(rows, targets, judge)
            del rows, targets
            if progress is not None:
                progress(done)
