"""Encounter intake: store what an EHR posts, judge it against the member's stored history, keep every version.

One transaction per batch: members are locked (SELECT ... FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on
SQLite) before their history is read, so two sessions posted at once can never both slip under a cap.
History comes from one query per batch (on SQLite, a batch's history read before the lock is used as is when no
other connection has committed since: see Intake._pinned). If the bulk write fails, each item is retried in its own
transaction, so a bad item never leaves a half-written encounter and never sinks the others.
"""

from __future__ import annotations

import hashlib
import threading
import time as _time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Date,
    QueuePool,
    String,
    and_,
    bindparam,
    column,
    func,
    insert,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, aliased

from billing import rejections
from billing.access import Actor
from billing.audit import event_row, record_many
from billing.db.bulk import (
    EncodedList,
    bind_rows,
    bind_value,
    each_processed,
    encoded_list,
    insert_bound,
    insert_rows,
    json_text,
)
from billing.db.connection import Database
from billing.db.models import AuditEvent, EncounterVersion, Member, Provider, Rejection, new_id, new_ids
from billing.db.models import Encounter as EncounterRow
from billing.events.outbox import judged_event, queue
from billing.rules import Registry, adjudicate, as_prior, default_registry
from billing.rules.history import Prior, PriorLike
from billing.x12.text import _CLEAN, clean
from schemas.encounter import Encounter
from schemas.verdict import Citation, Finding, Verdict

Mode = Literal["create", "correct"]
SPECULATE_FROM = 20  # items: below this, judging twice costs more than the write lock is held
PINNED_AT_ONCE = 4  # batches holding a connection from their speculative read to their write (pool: 5 + 10)
Buckets = defaultdict[Any, dict[str, PriorLike]]


@dataclass(frozen=True)
class Outcome:
    index: int
    status: int  # 201 created, 200 unchanged, 404 not found, 409 conflict
    encounter_id: str
    version: int | None = None
    verdict: Verdict | None = None
    title: str | None = None
    at: datetime | None = None  # when it was written, for a new encounter


def canonical(enc: Encounter) -> tuple[str, str]:
    """The payload as stored (JSON in the model's field order), and its hash: the same encounter sent with
    its keys in any order, or with defaults left out, stores and hashes the same."""
    payload = enc.model_dump_json()
    return payload, hashlib.sha256(payload.encode()).hexdigest()


def verdict_columns(v: Verdict, as_of: date) -> dict[str, Any]:
    ref = v.rule_pack
    return {
        "billable": v.billable, "units": v.units, "minutes": v.minutes, "rate": v.rate,
        "expected_payment": v.expected_payment, "filing_deadline": v.filing_deadline,
        "findings": findings_json(v.findings),
        "pack_state": ref.state if ref else None, "pack_plan": ref.plan if ref else None,
        "pack_revision": ref.revision if ref else None, "pack_in_force_since": ref.in_force_since if ref else None,
        "pack_program": ref.program if ref else None, "rate_code": v.rate_code, "claim_form": v.claim_form,
        "add_ons": [a.model_dump(mode="json") for a in v.add_ons] or None,
        "code_set": v.code_set, "as_of": as_of,
    }


# Each finding's stored form and its JSON text, by finding: the engine replays the same frozen Finding objects
# across encounters, so most of a batch's findings are dumped and encoded once. The entry holds the finding, so
# its id is not reused while cached; cleared when full. A finding made per encounter (a message that names the
# date, x12 text) misses it, but its citation, most of its text, is a pack rule's and shared: see _CITATIONS.
_DUMPED: dict[int, tuple[Finding, dict[str, Any], str]] = {}
_DUMPED_MAX = 20000
_CITATIONS: dict[int, tuple[Citation, dict[str, Any], str]] = {}
# _dumped builds a finding's JSON by hand in the model's field order: a field added to Finding must be added there.
assert tuple(Finding.model_fields) == ("code", "severity", "message", "path", "citation"), Finding.model_fields


def findings_json(findings: Sequence[Finding]) -> EncodedList:
    """`[f.model_dump(mode="json") for f in findings]`, with the JSON text json.dumps makes of it."""
    dicts, texts = [], []
    for f in findings:
        hit = _DUMPED.get(id(f))
        if hit is None or hit[0] is not f:
            hit = (f, *_dumped(f))
            if len(_DUMPED) >= _DUMPED_MAX:
                _DUMPED.clear()
            _DUMPED[id(f)] = hit
        dicts.append(hit[1])
        texts.append(hit[2])
    return encoded_list(dicts, texts)


def _dumped(f: Finding) -> tuple[dict[str, Any], str]:
    """`f.model_dump(mode="json")` and its json.dumps text, the citation's part from _CITATIONS."""
    cited, cited_text = None, "null"
    if (c := f.citation) is not None:
        hit = _CITATIONS.get(id(c))
        if hit is None or hit[0] is not c:
            dumped = c.model_dump(mode="json")
            hit = (c, dumped, json_text(dumped))
            if len(_CITATIONS) >= _DUMPED_MAX:
                _CITATIONS.clear()
            _CITATIONS[id(c)] = hit
        cited, cited_text = hit[1], hit[2]
    plain = {"code": f.code, "severity": f.severity, "message": f.message, "path": f.path, "citation": cited}
    return plain, "".join(('{"code": ', json_text(f.code), ', "severity": ', json_text(f.severity),
                           ', "message": ', json_text(f.message), ', "path": ', json_text(f.path),
                           ', "citation": ', cited_text, "}"))


def verdict_from_row(r: EncounterVersion, encounter_id: str) -> Verdict | None:
    if r.billable is None:
        return None
    ref = None
    if r.pack_state is not None:
        ref = {"state": r.pack_state, "plan": r.pack_plan, "program": r.pack_program, "revision": r.pack_revision,
               "in_force_since": r.pack_in_force_since}
    return Verdict.model_validate({
        "encounter_id": encounter_id, "billable": r.billable, "units": r.units, "minutes": r.minutes,
        "rate": r.rate, "expected_payment": r.expected_payment, "filing_deadline": r.filing_deadline,
        "rate_code": r.rate_code, "claim_form": r.claim_form, "add_ons": r.add_ons or [],
        "findings": r.findings, "rule_pack": ref, "code_set": r.code_set,
    })


# Text fields the 837P carries as text (cleaned to the X12 basic character set), with the element's length.
_X12_TEXT = (("member.last_name", 60), ("member.first_name", 35), ("member.address.line1", 55),
             ("member.address.line2", 55), ("member.address.city", 30), ("rendering.last_name", 60),
             ("rendering.first_name", 35), ("supervisor.last_name", 60), ("supervisor.first_name", 35))
_REQUIRED_TEXT = frozenset(("member.last_name", "member.address.line1", "member.address.city",
                            "rendering.last_name", "supervisor.last_name"))


def judge(enc: Encounter, prior: list[PriorLike], as_of: date, registry: Registry) -> Verdict:
    """The rules engine's verdict, with what intake itself knows: a session dated after today (`as_of`, the
    app's clock) has not happened yet and is not billable; and warnings about what the claim will carry."""
    verdict = not_yet_happened(adjudicate(enc, prior, as_of, registry), enc, as_of)
    extra = x12_text_findings(enc)
    return verdict.model_copy(update={"findings": [*verdict.findings, *extra]}) if extra else verdict


def x12_text_findings(enc: Encounter) -> list[Finding]:
    """A name or address that will not reach the payer as written: a warning with what it will be sent as
    (X12 carries upper-case basic Latin letters, digits and a few marks). A required one with nothing left
    will keep the encounter off claims until corrected, which the claim build names too."""
    out = []
    for path, get, max_len in _X12_PATHS:
        value = _field(enc, get)
        if not value:
            continue
        if _sent_as_written(value, max_len):
            continue
        sent = clean(value, max_len)
        if sent == " ".join(value.upper().split()):
            continue
        if sent:
            message = f"Sent on the claim as '{sent}': X12 carries only basic upper-case Latin letters, digits " \
                      "and a few marks."
        elif path in _REQUIRED_TEXT:
            message = "Has no character the X12 837P can carry (basic Latin letters and digits): the claim " \
                      "build will leave this encounter out until it is corrected."
        else:
            message = "Has no character the X12 837P can carry: it will be left off the claim."
        out.append(Finding(code="intake.x12_text", severity="warning", message=message, path=path))
    return out


@lru_cache(maxsize=65536)  # names, streets and cities repeat across a batch's encounters
def _sent_as_written(value: str, max_len: int) -> bool:
    """The usual case: the value goes on the claim as written, in upper case (exactly what clean() gives then)."""
    return len(value) <= max_len and value.isascii() and _CLEAN.fullmatch(value.upper()) is not None


_X12_PATHS = tuple((path, attrgetter(path), max_len) for path, max_len in _X12_TEXT)


def _field(enc: Encounter, get: attrgetter[Any]) -> str | None:
    """The text at a dotted path, or None where a part of it is absent (no supervisor, no second line)."""
    try:
        value = get(enc)
    except AttributeError:  # an absent part on the way (None has no such attribute)
        return None
    return value if isinstance(value, str) else None


class Intake:
    def __init__(self, db: Database, registry: Registry | None = None,
                 today: Callable[[], date] = lambda: datetime.now(UTC).date()):
        self.db = db
        self.registry = registry or default_registry()
        self.today = today
        self.span = timedelta(days=_max_window_days(self.registry))
        self._pins = threading.BoundedSemaphore(PINNED_AT_ONCE)

    # --- public use cases -----------------------------------------------------------------------------

    def submit(self, actor: Actor, items: list[tuple[int, Encounter]], mode: Mode = "create") -> list[Outcome]:
        """Store and judge encounters (already validated), answering per item."""
        agency = actor.agency_for_write()
        # The stored form and hash of each payload, worked out before the write lock is taken.
        encoded = {id(e): canonical(e) for _, e in items}
        if len(items) < SPECULATE_FROM:
            return self._store(actor, agency, items, mode, encoded, None)
        with self._pinned() as conn:
            return self._store(actor, agency, items, mode, encoded,
                               self._speculate(actor, agency, items, encoded, conn))

    def _store(self, actor: Actor, agency: str, items: list[tuple[int, Encounter]], mode: Mode,
               encoded: dict[int, tuple[str, str]], guess: _Guess | None) -> list[Outcome]:
        try:
            return self._retrying(lambda s: self._submit(s, actor, agency, items, mode, encoded, guess),
                                  guess.connection if guess is not None else None)
        except IntegrityError:
            # Something in the batch clashed (e.g. a concurrent resend): judge each item on its own.
            out: list[Outcome] = []
            for item in items:
                try:
                    out.extend(self._retrying(
                        lambda s, item=item: self._submit(s, actor, agency, [item], mode, encoded, None)))
                except IntegrityError:
                    out.append(Outcome(item[0], 409, item[1].encounter_id,
                                       title="a concurrent write changed this encounter; send it again"))
            return out

    def preview(self, actor: Actor, enc: Encounter) -> Verdict:
        """The verdict the encounter would get now, against stored history; nothing is written."""
        agency = actor.agency_for_write()
        with self.db.reading() as s:
            rows = s.execute(select(Member.id, Member.state, Member.medicaid_id).where(
                Member.agency_id == agency, Member.medicaid_id == enc.member.medicaid_id)).all()
            members = {(r.state, r.medicaid_id): r.id for r in rows}
            by_member, by_peer_day = self._history(s, agency, members, [enc])
        return judge(enc, _prior(by_member, by_peer_day, enc), self.today(), self.registry)

    def void(self, actor: Actor, encounter_id: str) -> Outcome:
        agency = actor.agency_for_write()

        def run(s: Session) -> Outcome:
            row = s.scalars(select(EncounterRow).where(EncounterRow.agency_id == agency,
                                                       EncounterRow.external_id == encounter_id)
                            .with_for_update()).first()
            if row is None:
                return Outcome(0, 404, encounter_id, title="no such encounter")
            if row.status == "void":
                return Outcome(0, 200, encounter_id, row.version, title="already void")
            at = datetime.now(UTC)
            last = s.scalars(select(EncounterVersion.payload).where(
                EncounterVersion.encounter_id == row.id, EncounterVersion.version == row.version)).one()
            s.execute(insert(EncounterVersion), [{
                "id": new_id(), "encounter_id": row.id, "version": row.version + 1, "kind": "void",
                "payload": last, "payload_hash": "void", "created_at": at, "created_by": actor.key_id,
                "request_id": actor.request_id}])
            row.version, row.status, row.units, row.expected_payment, row.filing_deadline, row.updated_at = (
                row.version + 1, "void", 0, None, None, at)
            record_many(s, [event_row(actor, "encounter.void", "encounter", encounter_id, agency)])
            return Outcome(0, 200, encounter_id, row.version)

        return self._retrying(run)

    # --- the batch transaction ------------------------------------------------------------------------

    @contextmanager
    def _pinned(self) -> Iterator[Connection | None]:
        """On a SQLite file, a connection held from a batch's speculative read to its write: under the lock, SQLite's
        `PRAGMA data_version` on it then tells whether any other connection (any thread, any process) committed
        in between, and if none did, what was read is still what is stored and is not read again. A few at
        once only, so a writer holding the lock always finds a free connection in the pool."""
        if not (self.db.is_sqlite and isinstance(self.db.engine.pool, QueuePool)) or \
                not self._pins.acquire(blocking=False):
            yield None
            return
        try:
            with self.db.engine.connect() as conn:
                yield conn
        finally:
            self._pins.release()

    def _speculate(self, actor: Actor, agency: str, items: list[tuple[int, Encounter]],
                   encoded: dict[int, tuple[str, str]], conn: Connection | None = None) -> _Guess:
        """Judge the batch against history read without the write lock (SQLite has one writer: time spent
        judging while holding it is time every other writer waits). Under the lock, a verdict is kept only
        where the history it was judged on turns out unchanged; see _Reuse. Each item's rows are made here too,
        as a new encounter's: under the lock, while another worker waits for it, a kept verdict's rows are only
        stamped and written. On `conn` (see _pinned), the read's data version is kept too."""
        encs = [e for _, e in items]
        keys = sorted({(e.payer.state, e.member.medicaid_id) for e in encs})
        with self.db.reading() if conn is None else Session(bind=conn) as s:
            version = _data_version(s) if conn is not None else None  # first: the read's snapshot starts here
            members = _select_members(s, agency, keys, lock=False)
            by_member, by_peer_day = self._history(s, agency, members, encs)
        guess = _Guess(self.today(), {}, *_snapshot(by_member, by_peer_day, encs))
        guess.found = dict(members)
        if version is not None:
            guess.connection, guess.version = conn, version
        # Ids for the members not stored yet: the rows below name them, and _lock_members creates them so.
        guess.new_members = dict(zip([k for k in keys if k not in members], new_ids(len(keys) - len(members)),
                                     strict=True))
        guess.providers = _provider_rows(agency, encs)
        ids = iter(new_ids(2 * len(items)))
        for index, enc in items:
            verdict = judge(enc, _prior(by_member, by_peer_day, enc), guess.as_of, self.registry)
            guess.priors[index] = prior = as_prior(enc, verdict)
            _remember(by_member, by_peer_day, prior)
            guess.verdicts[index] = verdict
            guess.columns[index] = columns = verdict_columns(verdict, guess.as_of)  # the stored form
            # Its rows as a new encounter, the usual case (a resend or a correction is told apart under the lock):
            # made here, outside the lock; under it they are only stamped with the time and written.
            key = (enc.payer.state, enc.member.medicaid_id)
            guess.rows[index] = _new_rows(actor, agency, enc, encoded[id(enc)], verdict, columns,
                                          members.get(key) or guess.new_members[key], next(ids), next(ids))
        _bind(list(guess.rows.values()), self.db.engine.dialect)
        return guess


    def _retrying(self, work: Callable[[Session], Any], connection: Connection | None = None) -> Any:
        """Run `work` in a writing transaction, retrying a PostgreSQL deadlock or serialization failure."""
        for attempt in range(6):
            with self.db.writing(connection) as s:
                try:
                    result = work(s)
                    s.commit()
                    return result
                except DBAPIError as exc:
                    s.rollback()
                    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
                    if isinstance(exc, IntegrityError) or code not in ("40P01", "40001") or attempt == 5:
                        raise
            _time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def _submit(self, s: Session, actor: Actor, agency: str, items: list[tuple[int, Encounter]],
                mode: Mode, encoded: dict[int, tuple[str, str]], guess: _Guess | None) -> list[Outcome]:
        unchanged = guess is not None and guess.still_stored(s)
        members = self._lock_members(s, agency, [e for _, e in items], guess.stored_members(s) if guess else None,
                                     guess.new_members if guess is not None else {})
        self._upsert_providers(s, agency, [e for _, e in items], guess.providers if guess is not None else None)
        ext_ids = [e.encounter_id for _, e in items]
        enc, narrow = _by_external_id(s, agency, ext_ids)
        existing = {r.external_id: r for r in s.scalars(narrow(select(enc)))}
        hashes = self._current_hashes(s, existing)
        if unchanged:  # nothing committed since the speculative read: the history read then is the stored one
            by_member, by_peer_day = guess.history()
        else:
            by_member, by_peer_day = self._history(s, agency, members, [e for _, e in items])
        at, as_of = datetime.now(UTC), self.today()
        reuse = _Reuse(guess, by_member, by_peer_day, as_of)
        w = _Writes(len(items))
        out: list[Outcome] = []
        seen: dict[str, str] = {}
        for index, enc in items:
            payload, digest = encoded[id(enc)]
            ext, row = enc.encounter_id, existing.get(enc.encounter_id)
            if ext in seen:
                same = seen[ext] == digest
                out.append(Outcome(index, 200 if same else 409, ext, title=None if same else DIFFERENT_REPEAT))
                reuse.skipped(enc)
                continue
            seen[ext] = digest
            problem = _refusal(mode, row, hashes.get(ext), digest)
            if problem is not None:
                out.append(Outcome(index, problem[0], ext, row.version if row else None, title=problem[1] or None))
                reuse.skipped(enc)
                continue
            verdict, prior = reuse.verdict(index, enc)
            member_id = members[(enc.payer.state, enc.member.medicaid_id)]
            if verdict is not None and prior is not None and row is None and \
                    (made := reuse.rows(index, member_id)) is not None:
                _remember(by_member, by_peer_day, prior)
                w.add_rows(made)
                out.append(Outcome(index, 201, ext, 1, verdict, at=at))
                continue
            columns = reuse.columns(index) if verdict is not None and prior is not None else None
            if verdict is None or prior is None:
                verdict = judge(enc, _prior(by_member, by_peer_day, enc), as_of, self.registry)
                reuse.judged(index, enc, verdict)
                prior = as_prior(enc, verdict)
            _remember(by_member, by_peer_day, prior)
            version = w.add(actor, agency, enc, (payload, digest), verdict, row, member_id, at,
                            columns if columns is not None else verdict_columns(verdict, as_of))
            out.append(Outcome(index, 201 if row is None else 200, ext, version, verdict, at=at))
        w.flush(s, at)
        self._fill_unchanged(s, agency, out)
        return out

    def _lock_members(self, s: Session, agency: str, encs: list[Encounter],
                      known: dict[tuple[str, str], str] | None = None,
                      planned: dict[tuple[str, str], str] | None = None) -> dict[tuple[str, str], str]:
        """The batch's members by (state, Medicaid id), locked; those seen for the first time are created, with
        the id `planned` for them where it names one. `known`: members of the batch found stored before the lock
        (SQLite only, where the write lock is the lock: see _Guess.stored_members); the others are looked for."""
        people = {(e.payer.state, e.member.medicaid_id): e.member for e in encs}
        found = dict(known) if known is not None else _select_members(s, agency, list(people))
        if missing := sorted(k for k in people if k not in found):
            planned = planned or {}
            fresh = iter(new_ids(len(missing)))
            rows = [{"id": planned.get((st, mid)) or next(fresh), "agency_id": agency, "state": st,
                     "medicaid_id": mid, "first_name": people[(st, mid)].first_name,
                     "last_name": people[(st, mid)].last_name, "date_of_birth": people[(st, mid)].date_of_birth}
                    for st, mid in missing]
            inserted = insert_new(s, Member, rows, ["agency_id", "state", "medicaid_id"])
            if inserted == len(rows):  # every one stored as made here (the usual case): no need to read them back
                found |= {(r["state"], r["medicaid_id"]): r["id"] for r in rows}
            else:  # some were stored by another writer meanwhile, under ids of their own
                found |= _select_members(s, agency, missing)
        return found

    def _upsert_providers(self, s: Session, agency: str, encs: list[Encounter],
                          rows: list[dict[str, Any]] | None = None) -> None:
        """The batch's peers and supervisors, stored where new; `rows`: _provider_rows, made before the lock."""
        insert_new(s, Provider, rows if rows is not None else _provider_rows(agency, encs), ["agency_id", "npi"])

    def _current_hashes(self, s: Session, existing: dict[str, EncounterRow]) -> dict[str, str]:
        if not existing:
            return {}
        # A join on the current version, not an OR of (id, version) pairs: SQLite refuses an OR chain of ~1,000
        # terms ("Expression tree is too large"), which is exactly an EHR's retry of a timed-out batch.
        ids = {r.id: r.external_id for r in existing.values()}
        rows = s.execute(select(EncounterVersion.encounter_id, EncounterVersion.payload_hash)
                         .join(EncounterRow, and_(EncounterRow.id == EncounterVersion.encounter_id,
                                                  EncounterRow.version == EncounterVersion.version))
                         .where(EncounterRow.id.in_(list(ids))))
        return {ids[r.encounter_id]: r.payload_hash for r in rows}

    def _history(self, s: Session, agency: str, members: dict[tuple[str, str], str], encs: list[Encounter]
                 ) -> tuple[Buckets, Buckets]:
        """Every stored service that can bear on the batch's caps and overlaps, in one query."""
        dates = [e.service.date for e in encs]
        lo, hi = _shift(min(dates), -self.span), _shift(max(dates), self.span)
        peer_days = sorted({(e.rendering.npi, e.service.date) for e in encs})
        medicaid = {internal: mid for (_, mid), internal in members.items()}
        by_member: Buckets = defaultdict(dict)  # member id -> encounter id -> service
        by_peer_day: Buckets = defaultdict(dict)  # (rendering NPI, date) -> encounter id -> service
        split: dict[str | None, tuple[str, ...]] = {}  # a batch's rows carry a handful of modifier strings
        for ext, member, npi, day, start, end, hcpcs, modifiers, units, setting in \
                _history_rows(s, agency, sorted(set(members.values())), lo, hi, peer_days):
            mods = split.get(modifiers)
            if mods is None:
                mods = split[modifiers] = tuple(modifiers.split(":")) if modifiers else ()
            # Other members' sessions keep their internal id: only "not this member" matters for them.
            p = Prior(ext, medicaid.get(member, member), npi, day, start, end, hcpcs, mods, units, setting)
            by_member[p.member_id][ext] = p  # as _remember does, inline: thousands of rows a batch
            by_peer_day[(npi, day)][ext] = p
        return by_member, by_peer_day

    def _fill_unchanged(self, s: Session, agency: str, out: list[Outcome]) -> None:
        """Resends answer with the verdict already stored for the current version."""
        need = [o.encounter_id for o in out if o.status == 200 and o.verdict is None and o.title is None]
        if not need:
            return
        enc, narrow = _by_external_id(s, agency, need)
        rows = s.execute(narrow(select(enc.external_id, enc.version, EncounterVersion))
                         .join(EncounterVersion, and_(EncounterVersion.encounter_id == enc.id,
                                                      EncounterVersion.version == enc.version))).all()
        found = {r.external_id: (r.version, verdict_from_row(r.EncounterVersion, r.external_id)) for r in rows}
        for i, o in enumerate(out):
            if o.encounter_id in found and o.status == 200 and o.verdict is None and o.title is None:
                version, verdict = found[o.encounter_id]
                out[i] = Outcome(o.index, 200, o.encounter_id, version, verdict)


DIFFERENT_REPEAT = "the same encounter id appears twice in this batch with different payloads"


def _shift(day: date, by: timedelta) -> date:
    """`day + by`, held within the calendar (schemas refuse such dates; this keeps a direct caller safe)."""
    try:
        return day + by
    except OverflowError:
        return date.max if by > timedelta(0) else date.min


FUTURE_DATE = "service.future_date"


def not_yet_happened(verdict: Verdict, enc: Encounter, today: date) -> Verdict:
    """The verdict of a session dated after `today`: refused at intake with a finding (no state rule is
    involved, so it cites none), approving no units."""
    if enc.service.date <= today:
        return verdict
    finding = Finding(code=FUTURE_DATE, severity="error", path="service.date",
                      message=f"The date of service {enc.service.date} is after today ({today}): a session that "
                      "has not happened yet cannot be billed. Post it again once it has taken place.")
    payment = Decimal("0.00") if verdict.expected_payment is not None else None
    return verdict.model_copy(update={"billable": False, "units": 0, "expected_payment": payment,
                                      "findings": [*verdict.findings, finding]})


_HISTORY = (EncounterRow.external_id, EncounterRow.member_id, EncounterRow.rendering_npi,
            EncounterRow.service_date, EncounterRow.start_time, EncounterRow.end_time, EncounterRow.hcpcs,
            EncounterRow.modifiers, EncounterRow.units, EncounterRow.setting)


def _history_rows(s: Session, agency: str, member_ids: list[str], lo: date, hi: date,
                  peer_days: list[tuple[str, date]]) -> Iterable[Sequence[Any]]:
    """The members' services between `lo` and `hi`, and the peers' sessions on the batch's days (probes of the
    peer-history index), live ones only; duplicates are harmless (buckets are keyed by encounter id). On SQLite
    sent as the driver's SQL, with SQLAlchemy's own bind and result processing: rendering a thousand row values
    per batch cost more than the query, and the statement objects form cycles that the collector must then free."""
    if s.get_bind().dialect.name != "sqlite":
        return s.execute(_history_statement(agency, member_ids, lo, hi, peer_days))
    conn = s.connection()
    day = EncounterRow.service_date.type._cached_bind_processor(conn.dialect)
    results = [c.type._cached_result_processor(conn.dialect, None) for c in _HISTORY]
    cols = ", ".join(c.key for c in _HISTORY)
    sql = (f"SELECT {cols} FROM encounters WHERE member_id IN ({', '.join('?' * len(member_ids))}) AND "
           "service_date BETWEEN ? AND ? AND status != 'void'")
    result = conn.exec_driver_sql(sql, (*member_ids, day(lo), day(hi)))
    rows = result.cursor.fetchall()
    result.close()
    # The peers' sessions: one probe of the peer-history index per (peer, day), the same prepared statement run
    # for each pair. Sent as one statement (a row-value IN list, or a join with a VALUES list), SQLite 3.40 read
    # every encounter of the agency instead, a cost that grew with the database (29 ms a batch at 80,000
    # encounters, against 7 ms for the probes).
    cursor = conn.connection.cursor()
    try:
        by_peer = (f"SELECT {cols} FROM encounters WHERE agency_id = ? AND rendering_npi = ? AND service_date = ? "
                   "AND status != 'void'")
        for npi, d in zip([p[0] for p in peer_days], each_processed(day, [p[1] for p in peer_days]), strict=True):
            rows += cursor.execute(by_peer, (agency, npi, d)).fetchall()
    finally:
        cursor.close()
    if not rows:
        return []
    # Column by column through C-level map and zip: a generator per row cost more than the processors, and a
    # batch reads several thousand rows once its members have a history.
    cols_out = [col if p is None else map(p, col) for p, col in zip(results, zip(*rows, strict=True), strict=True)]
    return list(zip(*cols_out, strict=True))


def _history_statement(agency: str, member_ids: list[str], lo: date, hi: date, peer_days: list[tuple[str, date]]
                       ) -> Any:
    """The history query for PostgreSQL. The peers' sessions: the batch's (peer, day) pairs passed as two arrays,
    each joined LATERAL to its sessions, which makes the plan one probe of the peer-history index per pair
    whatever the table's statistics say. A row-value IN list, and then a plain join, were planned, with the
    statistics stale or missing (never analysed: autovacuum off, or a table just loaded), as a read and sort of
    every encounter of the agency: 600 ms a batch at 30,000 encounters, 760 ms at 300,000."""
    e = EncounterRow
    live = e.status != "void"
    by_members = select(*_HISTORY).where(e.member_id.in_(member_ids), e.service_date.between(lo, hi), live)
    days = func.unnest(bindparam("history_npis", [n for n, _ in peer_days], type_=postgresql.ARRAY(String)),
                       bindparam("history_days", [d for _, d in peer_days], type_=postgresql.ARRAY(Date))
                       ).table_valued(column("npi", String), column("day", Date)).render_derived()
    # OFFSET 0 keeps the planner from flattening the LATERAL subquery back into a plain join.
    sessions = select(*_HISTORY).where(e.agency_id == agency, e.rendering_npi == days.c.npi,
                                       e.service_date == days.c.day, live).offset(0).lateral("sessions")
    by_peers = select(*sessions.c).select_from(days).join(sessions, true())
    return union_all(by_members, by_peers)


def _by_external_id(s: Session, agency: str, ext_ids: list[str]) -> tuple[Any, Callable[[Any], Any]]:
    """The agency's encounters with these external ids: the entity to select, and what narrows a select of it to
    them. PostgreSQL: the ids as an array, each joined LATERAL to its row (one probe of the unique index per id;
    LIMIT 1, the pair being unique, keeps the planner from flattening it into a plain join). `external_id IN
    (...)` was planned there, with the statistics stale or missing, as a read of every encounter of the agency
    filtered by the list (120 ms a batch at 300,000)."""
    if s.get_bind().dialect.name != "postgresql":
        return EncounterRow, lambda q: q.where(EncounterRow.agency_id == agency, EncounterRow.external_id.in_(ext_ids))
    ids = func.unnest(bindparam("external_ids", ext_ids, type_=postgresql.ARRAY(String))
                      ).table_valued(column("ext", String)).render_derived()
    row = select(EncounterRow).where(EncounterRow.agency_id == agency,
                                     EncounterRow.external_id == ids.c.ext).limit(1).lateral("stored")
    return aliased(EncounterRow, row), lambda q: q.select_from(ids.join(row, true()))


def _provider_rows(agency: str, encs: list[Encounter]) -> list[dict[str, Any]]:
    """A row per peer and supervisor of the batch (new ids; rows already stored are kept as they are)."""
    people: dict[str, dict[str, Any]] = {}
    for e in encs:
        r = e.rendering
        people[r.npi] = {"first_name": r.first_name, "last_name": r.last_name, "role": "peer",
                         "credential": r.credential.type, "credential_expires_on": r.credential.expires_on}
        if (sup := e.supervisor) is not None:
            people.setdefault(sup.npi, {"first_name": sup.first_name, "last_name": sup.last_name,
                                        "role": "supervisor", "credential": sup.credential,
                                        "credential_expires_on": None})
    return [{"id": i, "agency_id": agency, "npi": npi, **p}
            for i, (npi, p) in zip(new_ids(len(people)), sorted(people.items()), strict=True)]


def _select_members(s: Session, agency: str, keys: list[tuple[str, str]], lock: bool = True
                    ) -> dict[tuple[str, str], str]:
    """Members by (state, Medicaid id), locked in that order, in one statement. SQLite: a UNION ALL of one
    `state = ? AND medicaid_id IN (...)` probe of the unique index per state (a row-value IN list made it read
    every member of the agency); PostgreSQL: the pairs as two arrays, rows locked FOR UPDATE in key order.
    Sent as the driver's own SQL: compiling a fresh IN list of a thousand parameters per state cost more than
    the queries (~15% of a batch's intake)."""
    if not keys:
        return {}
    conn = s.connection()
    if conn.dialect.name == "postgresql":
        states, mids = zip(*sorted(set(keys)), strict=True)
        # Each key joined LATERAL to its row: one probe of the unique index per key, locked in key order (the
        # arrays' order), whatever the statistics say. `(state, medicaid_id) IN (SELECT * FROM unnest(...))` was
        # planned, with them stale or missing, as a hash join over every member of the agency (90 ms a batch at
        # 260,000 members).
        sql = ("SELECT m.id, m.state, m.medicaid_id FROM unnest(%s::varchar[], %s::varchar[]) "
               "AS k(state, medicaid_id) CROSS JOIN LATERAL (SELECT id, state, medicaid_id FROM members "
               "WHERE agency_id = %s AND state = k.state AND medicaid_id = k.medicaid_id"
               + " LIMIT 1" + (" FOR UPDATE" if lock else "") + ") AS m")  # LIMIT: not flattened into a plain join
        rows = conn.exec_driver_sql(sql, (list(states), list(mids), agency))
        return {(r[1], r[2]): r[0] for r in rows}
    found: dict[tuple[str, str], str] = {}
    ordered = sorted(set(keys))
    for i in range(0, len(ordered), 5000):  # within SQLite's limits on parameters and UNION terms
        by_state: dict[str, list[str]] = defaultdict(list)
        for state, mid in ordered[i:i + 5000]:
            by_state[state].append(mid)
        parts, params = [], []
        for state, mids in by_state.items():
            parts.append("SELECT id, state, medicaid_id FROM members WHERE agency_id = ? AND state = ? AND "
                         f"medicaid_id IN ({', '.join('?' * len(mids))})")
            params += [agency, state, *mids]
        found.update(((r[1], r[2]), r[0]) for r in conn.exec_driver_sql(" UNION ALL ".join(parts), tuple(params)))
    return found


def insert_new(s: Session, model: Any, rows: list[dict[str, Any]], keys: list[str]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING on either database: rows already there are left as they are. On SQLite
    through the driver's bulk path (a batch upserts its few hundred peers every time). How many were inserted on
    SQLite; -1 on PostgreSQL (not counted: there the caller reads the rows back, locking them)."""
    if s.get_bind().dialect.name == "sqlite":
        return insert_rows(s, model.__table__, rows, skip_existing=keys)
    s.execute(_insert_or_skip(s, model, keys), rows)
    return -1


def insert_once(s: Session, model: Any, row: dict[str, Any], keys: list[str]) -> bool:
    """Insert one row unless one with the same keys exists; whether it was inserted."""
    stmt = _insert_or_skip(s, model, keys).returning(*(model.__table__.c[k] for k in keys))
    return s.execute(stmt, row).first() is not None


def _insert_or_skip(s: Session, model: Any, keys: list[str]) -> Any:
    dialect = postgresql if s.bind.dialect.name == "postgresql" else sqlite
    return dialect.insert(model.__table__).on_conflict_do_nothing(index_elements=keys)


def _refusal(mode: Mode, row: EncounterRow | None, current: str | None, digest: str) -> tuple[int, str] | None:
    """Why an item is not written: a resend is answered as stored, a changed create is a conflict."""
    if row is not None and current == digest:
        return (200, "") if row.status != "void" else (409, "the encounter is void")
    if mode == "create" and row is not None:
        return 409, (f"encounter {row.external_id} already exists with a different payload; send the change as "
                     f"a correction (PUT /v1/encounters/{row.external_id})")
    if mode == "correct" and row is None:
        return 404, "no such encounter to correct"
    if mode == "correct" and row is not None and row.status == "void":
        return 409, "the encounter is void; post it again under a new id"
    return None


def _prior(by_member: Buckets, by_peer_day: Buckets, enc: Encounter) -> list[PriorLike]:
    """What the engine judges `enc` against: the member's services, and the peer's other sessions that day."""
    mid = enc.member.medicaid_id
    return [*by_member[mid].values(),
            *(p for p in by_peer_day[(enc.rendering.npi, enc.service.date)].values() if p.member_id != mid)]


DayKey = tuple[str, date]


def _snapshot(by_member: Buckets, by_peer_day: Buckets, encs: list[Encounter]
              ) -> tuple[dict[str, dict[str, PriorLike]], dict[DayKey, dict[str, PriorLike]]]:
    """Copies of the stored history the batch's members and peer-days start from."""
    members = {e.member.medicaid_id for e in encs}
    days = {(e.rendering.npi, e.service.date) for e in encs}
    return ({m: dict(by_member.get(m, {})) for m in members}, {d: dict(by_peer_day.get(d, {})) for d in days})


@dataclass
class _Guess:
    """Verdicts judged before the write lock, with the stored history they were judged on."""

    as_of: date
    verdicts: dict[int, Verdict]
    members: dict[str, dict[str, PriorLike]]
    days: dict[DayKey, dict[str, PriorLike]]
    priors: dict[int, Prior] = field(default_factory=dict)  # what each verdict leaves in history (immutable)
    columns: dict[int, dict[str, Any]] = field(default_factory=dict)  # each verdict's columns (verdict_columns)
    rows: dict[int, _Rows] = field(default_factory=dict)  # a new encounter's rows, with its speculative verdict
    new_members: dict[tuple[str, str], str] = field(default_factory=dict)  # ids for members not stored at the read
    providers: list[dict[str, Any]] | None = None  # the batch's _provider_rows
    found: dict[tuple[str, str], str] = field(default_factory=dict)  # the batch's members stored at the read
    # On a pinned SQLite connection (Intake._pinned): it, and the read's data version.
    connection: Connection | None = None
    version: int | None = None

    def still_stored(self, s: Session) -> bool:
        """Whether `s` writes on the connection the guess was read on and nothing was committed since by any
        other connection (SQLite's data_version, read after BEGIN IMMEDIATE took the write lock)."""
        if self.connection is None or self.version is None or s.connection() is not self.connection:
            return False
        return _data_version(s) == self.version

    def stored_members(self, s: Session) -> dict[tuple[str, str], str] | None:
        """The members the speculative read found, for a write on SQLite: there the write lock is the only lock,
        and a member once stored is never deleted nor given another id, so what was found then is stored now,
        whatever was committed since. None on PostgreSQL, whose writers lock the members' rows (FOR UPDATE)."""
        return self.found if s.get_bind().dialect.name == "sqlite" else None

    def history(self) -> tuple[Buckets, Buckets]:
        """The stored history the batch's members and peer-days started from, as buckets to add to."""
        return (defaultdict(dict, {m: dict(b) for m, b in self.members.items()}),
                defaultdict(dict, {d: dict(b) for d, b in self.days.items()}))


def _data_version(s: Session) -> int:
    """SQLite's counter of commits made by other connections, as this connection's transaction sees it."""
    return int(s.connection().exec_driver_sql("PRAGMA data_version").scalar_one())


class _Reuse:
    """Which speculative verdicts still hold under the lock. Adjudication is a pure function of the encounter,
    its member's services and its peer's sessions that day, and the date; so a verdict holds when neither the
    stored history of its member nor of its peer-day changed since it was read, and no earlier item of the
    batch on the same member or peer-day came out differently (or was not written at all)."""

    def __init__(self, guess: _Guess | None, by_member: Buckets, by_peer_day: Buckets, as_of: date) -> None:
        self.guess = guess if guess is not None and guess.as_of == as_of else None
        self.dirty_members: set[str] = set()
        self.dirty_days: set[DayKey] = set()
        if self.guess is not None:
            self.dirty_members = {m for m, b in self.guess.members.items() if by_member.get(m, {}) != b}
            self.dirty_days = {d for d, b in self.guess.days.items() if by_peer_day.get(d, {}) != b}

    def verdict(self, index: int, enc: Encounter) -> tuple[Verdict | None, Prior | None]:
        """The speculative verdict if it still holds, with the history record it leaves."""
        if self.guess is None or enc.member.medicaid_id in self.dirty_members or \
                (enc.rendering.npi, enc.service.date) in self.dirty_days:
            return None, None
        return self.guess.verdicts.get(index), self.guess.priors.get(index)

    def columns(self, index: int) -> dict[str, Any] | None:
        """The stored form of the speculative verdict of `index` (for when `verdict` kept it)."""
        return self.guess.columns.get(index) if self.guess is not None else None

    def rows(self, index: int, member_id: str) -> _Rows | None:
        """The rows made before the lock for `index` (for when `verdict` kept it, and the encounter is new), if
        they name the member as stored now."""
        found = self.guess.rows.get(index) if self.guess is not None else None
        return found if found is not None and found.member_id == member_id else None

    def skipped(self, enc: Encounter) -> None:
        """An item not written: the history of later items differs from the one they were judged on."""
        self.dirty_members.add(enc.member.medicaid_id)
        self.dirty_days.add((enc.rendering.npi, enc.service.date))

    def judged(self, index: int, enc: Encounter, verdict: Verdict) -> None:
        """Judged again under the lock: if its units changed, so did the history of later items."""
        before = self.guess.verdicts.get(index) if self.guess is not None else None
        if before is not None and before.units != verdict.units:
            self.skipped(enc)


def _remember(by_member: Buckets, by_peer_day: Buckets, p: PriorLike) -> None:
    """Add `p` to the in-memory history, replacing an earlier version of the same encounter."""
    by_member[p.member_id][p.encounter_id] = p
    by_peer_day[(p.rendering_npi, p.date)][p.encounter_id] = p


@lru_cache(maxsize=256)
def _audit_detail(version: int, billable: bool) -> dict[str, Any]:
    """An item's audit detail, one shared dict per value (never changed once made): the bulk path encodes each
    distinct object once, rather than a thousand equal dicts per batch."""
    return {"version": version, "billable": billable}


def _fields(enc: Encounter, verdict: Verdict, member_id: str, payer_id: str | None) -> dict[str, Any]:
    """The `encounters` columns an item's payload and verdict set (but its time: see _LATE)."""
    svc = enc.service
    return {
        "member_id": member_id, "state": enc.payer.state,
        "status": "billable" if verdict.billable else "not_billable", "service_date": svc.date,
        "start_time": svc.start_time, "end_time": svc.end_time, "hcpcs": svc.hcpcs,
        "modifiers": ":".join(svc.modifiers), "setting": svc.setting, "rendering_npi": enc.rendering.npi,
        "program": enc.payer.program, "payer_id": payer_id, "units": verdict.units,
        "expected_payment": verdict.expected_payment, "filing_deadline": verdict.filing_deadline,
        "updated_at": None,
    }


@dataclass(slots=True)
class _Rows:
    """A new encounter's rows (encounter, version, audit, refusals), made before the write lock from its
    speculative verdict, and their values bound for the driver there too (`bound`, see _bind); their time is
    the batch's, bound when written under the lock (so times keep the order in which batches commit)."""

    member_id: str
    encounter: dict[str, Any]
    version: dict[str, Any]
    audit: dict[str, Any]
    rejections: list[dict[str, Any]]
    event: dict[str, Any]
    # The four tables' bound values (refusals: a list), in _TABLES' order, after the columns bound (see _bind).
    bound: tuple[Any, ...] | None = None


# The tables a batch inserts into, and their columns set to the batch's time under the write lock: bound last,
# after the rest of each row's values, which can be bound before the lock.
_TABLES = (EncounterRow.__table__, EncounterVersion.__table__, AuditEvent.__table__, Rejection.__table__)
_LATE: dict[str, tuple[str, ...]] = {"encounters": ("created_at", "updated_at"),
                                     "encounter_versions": ("created_at",), "audit_events": ("at",),
                                     "rejections": ("at",)}


@lru_cache(maxsize=64)
def _early(table_name: str, keys: frozenset[str]) -> tuple[str, ...]:
    """The columns of a row with these keys bound before its time is known (all but _LATE), in one order."""
    late = _LATE[table_name]
    return tuple(sorted(k for k in keys if k not in late))


def _bind(made: list[_Rows], dialect: Any) -> None:
    """Bind the values of new encounters' rows (but their time) for the driver, table by table across the batch
    (column-wise, as bulk.bind_rows does fastest), before the write lock."""
    if not made:
        return
    flat = [d for r in made for d in r.rejections]
    samples = (made[0].encounter, made[0].version, made[0].audit, flat[0] if flat else None)
    names = tuple(None if row is None else _early(t.name, frozenset(row)) for t, row in zip(_TABLES, samples,
                                                                                           strict=True))
    enc_t, ver_t, aud_t, rej_t = _TABLES
    enc = bind_rows(enc_t, names[0], [r.encounter for r in made], dialect)
    ver = bind_rows(ver_t, names[1], [r.version for r in made], dialect)
    aud = bind_rows(aud_t, names[2], [r.audit for r in made], dialect)
    rej = iter(bind_rows(rej_t, names[3], flat, dialect) if names[3] is not None else [])
    for r, e, v, a in zip(made, enc, ver, aud, strict=True):
        r.bound = (names, e, v, a, [next(rej) for _ in r.rejections])


def _new_rows(actor: Actor, agency: str, enc: Encounter, encoded: tuple[str, str], verdict: Verdict,
              columns: dict[str, Any], member_id: str, enc_id: str, version_id: str) -> _Rows:
    """The rows of a new encounter (version 1) with this verdict; `columns`: verdict_columns of it."""
    payload, digest = encoded
    version = {"id": version_id, "encounter_id": enc_id, "version": 1, "kind": "original", "payload": payload,
               "payload_hash": digest, "created_at": None, "created_by": actor.key_id,
               "request_id": actor.request_id, **columns}
    audit = event_row(actor, "encounter.create", "encounter", enc.encounter_id, agency,
                      _audit_detail(1, verdict.billable))
    return _Rows(
        member_id,
        {"id": enc_id, "agency_id": agency, "external_id": enc.encounter_id, "version": 1, "created_at": None,
         **_fields(enc, verdict, member_id, enc.payer.payer_id)},
        version, audit,
        [] if verdict.billable else rejections.engine_rows(agency, enc, verdict, enc_id, 1, member_id, _NO_TIME),
        judged_event(version, audit))


_NO_TIME = datetime.min.replace(tzinfo=UTC)  # a row's time until it is written (never written so: see _LATE)


class _Writes:
    """The rows one batch writes, flushed as bulk inserts and updates. Rows come as dicts, or bound already
    (made before the lock: _Rows.bound); all are written with the batch's time."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.ids: Iterator[str] | None = None  # made when first needed: most items come with their rows made
        self.changed: list[dict[str, Any]] = []
        # Per table of _TABLES, its rows in item order: a dict, or a tuple of the row's values bound but the time.
        self.rows: tuple[list[Any], ...] = ([], [], [], [])
        self.names: tuple[tuple[str, ...] | None, ...] = (None, None, None, None)  # columns of the bound rows
        self.events: list[dict[str, Any]] = []

    def next_id(self) -> str:
        if self.ids is None:
            self.ids = iter(new_ids(2 * self.size))  # an encounter's and its version's, for each item at most
        return next(self.ids)

    def add(self, actor: Actor, agency: str, enc: Encounter, encoded: tuple[str, str], verdict: Verdict,
            row: EncounterRow | None, member_id: str, at: datetime, columns: dict[str, Any]) -> int:
        """Rows for one item; `columns`: verdict_columns of `verdict` (maybe made before the lock)."""
        if row is None:
            self.add_rows(_new_rows(actor, agency, enc, encoded, verdict, columns, member_id, self.next_id(),
                                    self.next_id()))
            return 1
        version = row.version + 1
        fields = _fields(enc, verdict, member_id, enc.payer.payer_id or row.payer_id)  # or the payer billed
        self.changed.append({"id": row.id, "version": version, **fields, "updated_at": at})
        versions, audit, refusals = self.rows[1], self.rows[2], self.rows[3]
        versions.append({"id": self.next_id(), "encounter_id": row.id, "version": version, "kind": "correction",
                         "payload": encoded[0], "payload_hash": encoded[1], "created_at": at,
                         "created_by": actor.key_id, "request_id": actor.request_id, **columns})
        audit.append(event_row(actor, "encounter.correct", "encounter", enc.encounter_id, agency,
                               _audit_detail(version, verdict.billable), at))
        self.events.append(judged_event(versions[-1], audit[-1]))
        if not verdict.billable:
            refusals += rejections.engine_rows(agency, enc, verdict, row.id, version, member_id, at)
        return version

    def add_rows(self, made: _Rows) -> None:
        enc, versions, audit, refusals = self.rows
        if made.bound is not None:
            names, e, v, a, r = made.bound
            self.names = names
            enc.append(e)
            versions.append(v)
            audit.append(a)
            refusals += r
        else:
            enc.append(made.encounter)
            versions.append(made.version)
            audit.append(made.audit)
            refusals += made.rejections
        self.events.append(made.event)

    def flush(self, s: Session, at: datetime) -> None:
        # The driver's bulk path (billing.db.bulk): no ORM bookkeeping for rows nobody reads back here.
        conn = s.connection()
        for i in (0, 1):
            _insert(conn, _TABLES[i], self.rows[i], self.names[i], at)
        if self.changed:  # bulk UPDATE by primary key
            s.execute(update(EncounterRow), self.changed)
        for i in (2, 3):
            _insert(conn, _TABLES[i], self.rows[i], self.names[i], at)
        queue(s, self.events)


def _insert(conn: Connection, table: Any, rows: list[Any], bound: tuple[str, ...] | None, at: datetime) -> None:
    """Insert a table's rows of this batch (see _Writes.rows), all with time `at`; `bound`: the columns of the
    rows bound before the lock, if any."""
    if not rows:
        return
    loose = [i for i, r in enumerate(rows) if type(r) is dict]
    names = bound
    if loose:
        made_here = _early(table.name, frozenset(rows[loose[0]]))
        if names is not None and made_here != names:
            raise AssertionError(f"{table.name}: rows made under the lock have other columns than those made before")
        names = made_here
        for i, values in zip(loose, bind_rows(table, names, [rows[i] for i in loose], conn.dialect), strict=True):
            rows[i] = values
    assert names is not None
    late = _LATE[table.name]
    times = tuple(bind_value(table, c, at, conn.dialect) for c in late)
    insert_bound(conn, table, names + late, [r + times for r in rows])


def _max_window_days(registry: Registry) -> int:
    """How far back and forward a cap can look, over every pack: the history query's reach."""
    days = {"day": 1, "week": 7, "month": 31, "year": 366, "state_fiscal_year": 366}
    span = 1
    for pack in registry.packs.values():
        for rules in [pack.rules, *(p.rules for p in pack.plans.values())]:
            for cap in rules.caps:
                if cap.window == "rolling_days":
                    span = max(span, cap.length or 1)
                elif cap.window == "rolling_months":
                    span = max(span, (cap.length or 1) * 31 + 1)
                else:
                    span = max(span, days[cap.window])
    return span
