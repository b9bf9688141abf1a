"""Synthetic data for bench/queries.py: a Peerbill database as two years of service would leave it, in bulk.

Made-up people only: members are SYN<state><n> named Alex Example<n>, peers and agencies have synthetic NPIs
(valid check digit), payers are SYN<state>MCD / MCO1 / MCO2. Every row has the shape the service writes (the
column lists are checked against the models): encounters with their version, verdict and audit event; claim
files, claims and lines as the claim builder numbers them; 999, 277CA and 835 response files with their claim
events; and the `rejections` rows, made by billing.rejections: engine_rows over verdicts the real rules engine
gave deliberately flawed encounters, payer_rows with the set, status and adjustment reasons ingestion builds.

Time runs week by week: encounters are posted (sorted by when), billed the Monday after, acknowledged (999)
a day later, accepted or rejected (277CA) three days later, paid, cut or denied (835) three weeks later.
Claim file contents and response files are short stubs (nothing reads them back here).
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import make_url

from bench.synthetic import encounter, npi
from billing.access import Actor, create_agency, create_key
from billing.claims.records import create_payer
from billing.db.connection import Database
from billing.db.models import Base
from billing.rejection_reports import recount_sql
from billing.rejections import (
    LineFacts,
    Reason,
    adjustment_reasons,
    engine_rows,
    payer_rows,
    set_reasons,
    status_reasons,
)
from billing.rules import adjudicate, default_registry
from billing.rules.history import Prior
from schemas.api import AgencyIn, KeyIn, PayerIn
from schemas.encounter import Encounter
from schemas.responses import Adjustment, ElementError999, SegmentError999, SetAck999, StatusCode277, Stc277
from schemas.verdict import Verdict

# --- the shape ------------------------------------------------------------------------------------------

AGENCIES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Synthetic Peer Services A", 0.5, ("TX", "NC", "OH", "PA")),
    ("Synthetic Peer Services B", 0.3, ("WA", "CA", "MN")),
    ("Synthetic Peer Services C", 0.2, ("SC", "IN", "WY")),
)
# Per state: fee-for-service Medicaid billed a claim per day, two managed-care plans billed per month.
PAYERS = (("MCD", "fee_for_service", "day", 0.4), ("MCO1", "managed_care", "month", 0.35),
          ("MCO2", "managed_care", "month", 0.25))
DAYS = 730  # dates of service: two years up to yesterday
VOID, REFUSED = 0.01, 0.12  # of encounters
SET_REJECTED = 0.01  # of claim files (one transaction set each): 999 R
CLAIM_REJECTED = 0.03  # of claims: 277CA rejected
LINE_DENIED, LINE_CUT = 0.08, 0.05  # of paid-for lines in an 835
MINUTES = (15, 30, 45, 60, 60, 90)
DIAGNOSES = ("F33.1", "F20.9", "F10.20", "F11.20", "F41.1", "F31.9", "F32.9", "F43.10")

COLUMNS: dict[str, tuple[str, ...]] = {
    "members": ("id", "agency_id", "state", "medicaid_id", "first_name", "last_name", "date_of_birth"),
    "providers": ("id", "agency_id", "npi", "first_name", "last_name", "role", "credential",
                  "credential_expires_on"),
    "encounters": ("id", "agency_id", "external_id", "member_id", "state", "status", "version", "service_date",
                   "start_time", "end_time", "hcpcs", "modifiers", "setting", "rendering_npi", "program", "payer_id",
                   "units", "claim_line_id", "expected_payment", "filing_deadline", "created_at", "updated_at"),
    "encounter_versions": ("id", "encounter_id", "version", "kind", "payload", "payload_hash", "created_at",
                           "created_by", "request_id", "billable", "units", "minutes", "rate", "expected_payment",
                           "filing_deadline", "findings", "pack_state", "pack_plan", "pack_revision",
                           "pack_in_force_since", "as_of", "pack_program", "rate_code", "claim_form", "add_ons",
                           "code_set"),
    "audit_events": ("at", "actor", "actor_role", "agency_id", "action", "object_type", "object_id", "request_id",
                     "detail"),
    "claim_files": ("id", "agency_id", "payer_ref", "isa_control", "group_control", "first_st_control",
                    "transaction_sets", "claim_count", "line_count", "total_charge", "content", "sha256", "status",
                    "created_at", "created_by"),
    "claims": ("id", "agency_id", "file_id", "payer_ref", "member_id", "claim_control", "st_control", "frequency",
               "replaces_claim_id", "payer_claim_number", "total_charge", "status", "active", "created_at",
               "work_state", "work_note", "work_state_by", "work_state_at"),
    "claim_lines": ("id", "claim_id", "line_number", "line_control", "encounter_id", "encounter_version", "hcpcs",
                    "modifiers", "units", "charge", "service_date", "status", "active"),
    "responses": ("id", "agency_id", "kind", "sha256", "content", "summary", "received_at", "received_by"),
    "claim_events": ("agency_id", "claim_id", "line_id", "response_id", "at", "status", "charge", "paid", "detail"),
    "rejections": ("agency_id", "source", "at", "code", "reason", "is_primary", "state", "payer_id", "provider_npi",
                   "member_id", "service_date", "encounter_id", "encounter_version", "claim_id", "line_id",
                   "response_id", "charge", "paid", "amount", "detail"),
    "control_counters": ("agency_id", "kind", "value"),
}
Row = tuple[Any, ...]
Rows = dict[str, list[Row]]


def check_columns() -> None:
    """Every column of every table written is filled (autoincrement ids aside): the rows are the app's shape."""
    for table, cols in COLUMNS.items():
        model = {c.name for c in Base.metadata.tables[table].columns} - {"id"}
        if set(cols) - {"id"} != model or len(set(cols)) != len(cols):
            raise AssertionError(f"{table}: columns differ from the model: {sorted(set(cols) ^ model)}")


def cents(v: Decimal | None) -> int | None:
    return None if v is None else int(v * 100)


# --- tenants, made with the app's own functions ------------------------------------------------------------


@dataclass(frozen=True)
class PayerPlan:
    ref: str  # payers.id
    payer_id: str
    state: str
    program: str
    span: str
    per_unit: int  # cents, the charge master's H0038


@dataclass(frozen=True)
class Tenant:
    id: str
    name: str
    share: float
    states: tuple[str, ...]
    ehr_key: str
    billing_key: str
    payers: dict[str, tuple[PayerPlan, ...]]


def create_tenants(db: Database) -> list[Tenant]:
    """The agencies, an EHR and a billing key each, and three payers per state (create_agency, create_key,
    create_payer, as the API does)."""
    admin = Actor(key_id="bench", role="admin")
    out = []
    with db.writing() as s:
        for k, (name, share, states) in enumerate(AGENCIES):
            agency = create_agency(s, AgencyIn.model_validate({
                "name": name, "npi": npi(9_000_000 + k), "tax_id": f"99000000{k}", "taxonomy": "251S00000X",
                "address": {"line1": f"{k + 1} Example Way", "city": "Sampletown", "state": states[0],
                            "zip": "787010001"}}), admin)
            ehr = create_key(s, KeyIn(role="ehr", name="bench EHR", agency_id=agency.id), admin)
            billing = create_key(s, KeyIn(role="billing", name="bench billing", agency_id=agency.id), admin)
            clerk = Actor(key_id=billing.id, role="billing", agency_ids=(agency.id,))
            payers = {st: tuple(_payer(s, clerk, name, st, i) for i in range(len(PAYERS))) for st in states}
            out.append(Tenant(agency.id, name, share, states, ehr.id, billing.id, payers))
        s.commit()
    return out


def _payer(s: Any, clerk: Actor, agency: str, state: str, i: int) -> PayerPlan:
    suffix, program, span, _ = PAYERS[i]
    per_unit = 1800 + 350 * i
    partner = {"sender_id": "SYNBENCH", "receiver_id": f"SYN{state}{suffix}", "submitter_name": agency[:60],
               "submitter_id": "SYNBENCH", "contact_name": "Bench Contact", "contact_phone": "5555550100",
               "receiver_name": f"Synthetic {state} {suffix}"}
    p = create_payer(s, clerk, PayerIn(payer_id=f"SYN{state}{suffix}", name=f"Synthetic {state} {suffix}",
                                       state=state, program=program, claim_span=span,  # type: ignore[arg-type]
                                       partner=partner, charges={"H0038": f"{per_unit / 100:.2f}"}))
    return PayerPlan(p.id, p.payer_id, state, program, span, per_unit)


# --- what the engine says, harvested from the real engine ---------------------------------------------------


@dataclass(frozen=True)
class Judged:
    """A verdict of the engine, less what varies per encounter: the version's verdict columns, and for a refusal
    the rows engine_rows made of it (code, reason, primary, detail JSON)."""

    findings: str
    pack: tuple[str | None, str | None, int | None, date | None]
    deadline_days: int | None
    rate: int | None  # ScaledDecimal(4)
    more: tuple[str | None, str | None, str | None, str | None, str | None] = (None,) * 5  # program .. code set
    reasons: tuple[tuple[str, str, bool, str], ...] = ()


# Flaws put into an encounter, and how often each is the cause of a refusal.
Flaw = Callable[[dict[str, Any]], None]
FLAWS: dict[str, tuple[float, Flaw]] = {
    "credential_type": (14, lambda d: d["rendering"]["credential"].update(type="XYZ")),
    "credential_expired": (10, lambda d: d["rendering"]["credential"].update(expires_on="2020-01-31")),
    "diagnosis_invalid": (12, lambda d: d.update(diagnoses=["F99.9X9"])),
    "diagnosis_not_qualifying": (4, lambda d: d.update(diagnoses=["Z00.00"])),
    "age": (3, lambda d: d["member"].update(date_of_birth=f"{int(d['service']['date'][:4]) - 14}-03-03")),
    "no_supervisor": (6, lambda d: d.update(supervisor=None)),
    "plan_overdue": (8, lambda d: d.update(recovery_plan={"enrolled_on": "2020-01-01", "written_on": "2020-01-15",
                                                         "last_reviewed_on": "2020-02-01"})),
    "no_plan": (8, lambda d: d.update(recovery_plan=None)),
    "group_too_large": (5, lambda d: d["service"].update(setting="group", group_size=40, modifiers=["HQ"])),
    "long_session": (8, lambda d: d["service"].update(start_time="08:00", end_time="17:00")),
}
LATE, CAPPED, OVERLAP = 12.0, 10.0, 6.0  # filed too late; over a cap (history); overlapping another session
COMBOS = (("credential_expired", "diagnosis_invalid", 3.0), ("no_plan", "no_supervisor", 2.0))


class EngineCatalog:
    """Per state and quarter of the two years: the verdict of a clean encounter (units by minutes) and the
    refusals the engine gives flawed ones, with their weights."""

    def __init__(self, states: list[str], start: date, registry: Any = None) -> None:
        self.registry = registry or default_registry()
        self.start = start
        self.quarters = DAYS // 91 + 1
        self.billable: dict[tuple[str, int], Judged] = {}
        self.units: dict[tuple[str, int, int], int] = {}
        self.refusals: dict[tuple[str, int], tuple[list[Judged], list[float]]] = {}
        self.group_modifier: dict[str, str] = {}
        self.credential: dict[str, str] = {}
        for st in states:
            for q in range(self.quarters):
                self._harvest(st, q)

    def quarter(self, day: int) -> int:
        return min(day // 91, self.quarters - 1)

    def refusal(self, state: str, q: int, rng: random.Random) -> Judged:
        judged, weights = self.refusals[(state, q)]
        return rng.choices(judged, weights)[0]

    def _doc(self, state: str, on: date) -> dict[str, Any]:
        view = self.registry.view(state, None, on)
        accepted = view.rules.credentials[0].accepted_types if view.rules.credentials else ["CPS"]
        self.credential[state] = accepted[0]
        doc = encounter(0, state, random.Random(0))
        doc["service"].update(date=on.isoformat(), modifiers=[], setting="individual", group_size=None,
                              start_time="10:00", end_time="11:00")
        doc["rendering"]["credential"]["type"] = accepted[0]
        doc["recovery_plan"] = {"enrolled_on": (on - timedelta(days=60)).isoformat(),
                                "written_on": (on - timedelta(days=50)).isoformat(),
                                "last_reviewed_on": (on - timedelta(days=20)).isoformat()}
        return doc

    def _judge(self, doc: dict[str, Any], prior: list[Prior] | None = None, late: bool = False) -> Verdict:
        enc = Encounter.model_validate(doc)
        return adjudicate(enc, prior or [], enc.service.date + timedelta(days=500 if late else 2), self.registry)

    def _harvest(self, state: str, q: int) -> None:
        on = self.start + timedelta(days=min(q * 91 + 45, DAYS - 1))
        clean = self._judge(self._doc(state, on))
        if not clean.billable:
            raise AssertionError(f"{state}: the clean synthetic encounter is refused: {clean.findings}")
        self.billable[(state, q)] = self._judged(clean, on)
        for minutes in set(MINUTES):
            doc = self._doc(state, on)
            doc["service"]["end_time"] = f"{10 + minutes // 60:02d}:{minutes % 60:02d}"
            self.units[(state, q, minutes)] = self._judge(doc).units
        group = self._doc(state, on)
        group["service"].update(setting="group", group_size=6, modifiers=["HQ"])
        self.group_modifier[state] = "HQ" if self._judge(group).billable else ""
        self.refusals[(state, q)] = self._refusals(state, on)

    def _refusals(self, state: str, on: date) -> tuple[list[Judged], list[float]]:
        tried: list[tuple[float, Verdict, dict[str, Any]]] = []
        for weight, flaw in FLAWS.values():
            doc = self._doc(state, on)
            flaw(doc)
            tried.append((weight, self._judge(doc), doc))
        for a, b, weight in COMBOS:
            doc = self._doc(state, on)
            FLAWS[a][1](doc)
            FLAWS[b][1](doc)
            tried.append((weight, self._judge(doc), doc))
        doc = self._doc(state, on)
        tried.append((LATE, self._judge(doc, late=True), doc))
        tried.append((CAPPED, self._judge(doc, _history(doc, on, 180, 8)), doc))
        tried.append((OVERLAP, self._judge(doc, _overlap(doc, on)), doc))
        refused = [(w, v, d) for w, v, d in tried if not v.billable]
        return [self._judged(v, on, d) for _, v, d in refused], [w for w, _, _ in refused]

    def _judged(self, v: Verdict, on: date, doc: dict[str, Any] | None = None) -> Judged:
        ref = v.rule_pack
        reasons: tuple[tuple[str, str, bool, str], ...] = ()
        if doc is not None:
            rows = engine_rows("-", Encounter.model_validate(doc), v, "-", 1, "-", datetime.now(UTC))
            assert all(tuple(r) == COLUMNS["rejections"] for r in rows)
            reasons = tuple((r["code"], r["reason"], r["is_primary"], json.dumps(r["detail"])) for r in rows)
        return Judged(findings=json.dumps([f.model_dump(mode="json") for f in v.findings]),
                      pack=(ref.state, ref.plan, ref.revision, ref.in_force_since) if ref else (None, None, None, None),
                      deadline_days=(v.filing_deadline - on).days if v.filing_deadline else None,
                      rate=int(v.rate * 10_000) if v.rate is not None else None, reasons=reasons,
                      more=(ref.program if ref else None, v.rate_code, v.claim_form,
                            json.dumps([a.model_dump(mode="json") for a in v.add_ons]) if v.add_ons else None,
                            v.code_set))


def _history(doc: dict[str, Any], on: date, days: int, units: int) -> list[Prior]:
    """The member's approved sessions every other day before `on`: enough to use up any cap."""
    return [Prior(encounter_id=f"h{k}", member_id=doc["member"]["medicaid_id"], rendering_npi=doc["rendering"]["npi"],
                  date=on - timedelta(days=k), start_time=time(10), end_time=time(12), hcpcs="H0038", modifiers=(),
                  units=units, setting="individual") for k in range(1, days, 2)]


def _overlap(doc: dict[str, Any], on: date) -> list[Prior]:
    return [Prior(encounter_id="o1", member_id=doc["member"]["medicaid_id"], rendering_npi=npi(7_999_999),
                  date=on, start_time=time(10, 30), end_time=time(11, 30), hcpcs="H0038", modifiers=(), units=2,
                  setting="individual")]


# --- what payers say ------------------------------------------------------------------------------------

STATUSES_277 = (("A7", "21", "", "", 30), ("A7", "562", "82", "", 20), ("A6", "35", "", "", 15),
                ("A3", "21", "", "MEMBER NOT ELIGIBLE ON DATE OF SERVICE", 20), ("A8", "454", "", "", 10),
                ("A7", "145", "IL", "", 5))
DENIALS = (((("CO", "29"),), (), 30), ((("CO", "119"),), ("N362",), 20), ((("CO", "197"),), ("N54",), 15),
           ((("CO", "96"),), ("N431",), 15), ((("CO", "16"),), ("MA130", "M51"), 12), ((("CO", "18"),), ("N111",), 5),
           ((("CO", "16"), ("CO", "96")), ("N290",), 3))
CUTS = ((("CO", "253"), 0.02, 35), (("OA", "23"), 0.3, 25), (("CO", "97"), 0.5, 20), (("CO", "119"), 0.4, 10),
        (("CO", "151"), 0.25, 10))


def set_ack(control: str, variant: int) -> SetAck999:
    """A 999 rejecting one transaction set: an IK5 syntax error, or an IK3 segment error (with IK4)."""
    if variant == 0:
        return SetAck999(transaction_set_id="837", control_number=control, status="R", accepted=False,
                         syntax_errors=("5",))
    seg = SegmentError999(segment_id="NM1", position=23, loop="2010BA", code="8",
                          element_errors=(ElementError999(position=9, data_element="67", code="7"),)
                          ) if variant == 1 else SegmentError999(segment_id="REF", position=31, loop="2010BB", code="3")
    return SetAck999(transaction_set_id="837", control_number=control, status="R", accepted=False,
                     segment_errors=(seg,))


STATUS_REASONS = [(status_reasons((Stc277(codes=(StatusCode277(category=c, status=s, entity=e),), action="U",
                                          message=m),)), [{"category": c, "status": s, "entity": e}])
                  for c, s, e, m, _ in STATUSES_277]
STATUS_WEIGHTS = [w for *_, w in STATUSES_277]


# --- writing: SQLite through sqlite3, PostgreSQL through COPY ---------------------------------------------


def _sqlite_adapters() -> None:
    # As SQLAlchemy stores them on SQLite: ISO text, microseconds always, times in UTC without an offset.
    sqlite3.register_adapter(datetime, lambda v: v.strftime("%Y-%m-%d %H:%M:%S.%f"))
    sqlite3.register_adapter(date, lambda v: v.isoformat())
    sqlite3.register_adapter(time, lambda v: v.strftime("%H:%M:%S.%f"))


class SqliteSink:
    """Bulk inserts on one connection, without journal or sync; indexes dropped first and rebuilt at the end."""

    def __init__(self, path: Path) -> None:
        _sqlite_adapters()
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000", "temp_store=MEMORY",
                       "threads=2", "foreign_keys=OFF"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.indexes = [sql for (sql,) in self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")]
        for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                                         ).fetchall():
            self.conn.execute(f"DROP INDEX {name}")
        # The encounter-count triggers too: the counts are made once from the loaded rows (recount_sql).
        found = self.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        self.triggers = [sql for _, sql in found]
        for name, _ in found:
            self.conn.execute(f"DROP TRIGGER {name}")
        self.conn.execute("BEGIN")

    def write(self, table: str, rows: list[Row]) -> None:
        cols = COLUMNS[table]
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                              rows)

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def create_indexes(self) -> None:
        for sql in self.indexes:
            self.conn.execute(sql)
        for sql in [*recount_sql("sqlite"), *self.triggers]:
            self.conn.execute(sql)

    def analyze(self) -> None:
        self.conn.execute("ANALYZE")
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.close()


def pg_conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresSink:
    """COPY into the tables, triggers off for the session (the generator keeps foreign keys true; the encounter
    counts are made from the rows at the end), the plain indexes dropped first and rebuilt at the end;
    constraints (primary keys, unique) stay throughout."""

    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(pg_conninfo(url))
        for setting in ("session_replication_role = replica", "maintenance_work_mem = '1GB'",
                        "synchronous_commit = off"):
            self.conn.execute(f"SET {setting}")
        found = self.conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)").fetchall()
        self.indexes = [sql for _, sql in found]
        for name, _ in found:
            self.conn.execute(f'DROP INDEX "{name}"')

    def write(self, table: str, rows: list[Row]) -> None:
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)

    def commit(self) -> None:
        self.conn.commit()

    def create_indexes(self) -> None:
        for sql in self.indexes:
            self.conn.execute(sql)
            self.conn.commit()
        for sql in recount_sql("postgresql"):  # the triggers slept (replica role): counts from the loaded rows
            self.conn.execute(sql)
        self.conn.commit()

    def analyze(self) -> None:
        self.conn.autocommit = True
        self.conn.execute("VACUUM ANALYZE")
        self.conn.close()


Sink = SqliteSink | PostgresSink


# --- the generator ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    id: str
    tenant: Tenant
    state: str
    medicaid_id: str
    n: int
    payer: PayerPlan
    peers: tuple[str, ...]
    supervisor: str


@dataclass(slots=True)
class Line:
    """A billable encounter on its way to a claim line."""

    id: str
    encounter_id: str
    person: Person
    day: int
    service_date: date
    npi: str
    modifiers: str
    units: int


@dataclass(slots=True)
class Claim:
    id: str
    control: str
    lines: list[Line]
    charges: list[int]
    status: str = "built"
    line_status: list[str] = field(default_factory=list)
    payer_claim_number: str | None = None

    @property
    def total(self) -> int:
        return sum(self.charges)


Visit = tuple[int, int, int, int, int]  # created (minutes from the start), person, day of service, start, minutes


class Generator:
    """Rows week by week (`weeks`), then what is known only at the end (`closing`)."""

    def __init__(self, n: int, tenants: list[Tenant], catalog: EngineCatalog, start: date, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.n, self.tenants, self.catalog, self.start = n, tenants, catalog, start
        self.t0 = datetime.combine(start, time(0), UTC)
        self.now = self.t0 + timedelta(days=DAYS) - timedelta(seconds=1)
        self.dates = [start + timedelta(days=d) for d in range(DAYS + 60)]
        self.people: list[Person] = []
        self.providers: list[Row] = []
        self.rejections: list[Row] = []
        self.counters: defaultdict[tuple[str, str], int] = defaultdict(int)
        self.seq = 0
        self.build_times: dict[tuple[int, str], datetime] = {}
        self.template = _payload_template()
        self._population()

    def new_id(self, at: datetime) -> str:
        """As billing.db.models.new_id lays ids out: milliseconds of `at`, then 80 random bits."""
        return f"{int(at.timestamp() * 1000):012x}{self.rng.getrandbits(80):020x}"

    def at(self, minutes: int) -> datetime:
        return self.t0 + timedelta(minutes=minutes)

    # population

    def _population(self) -> None:
        members, peers = max(50, round(self.n * 0.06)), max(10, round(self.n * 0.002))
        for t in self.tenants:
            states = {st: self.rng.uniform(0.5, 1.5) for st in t.states}
            total = sum(states.values())
            for st, w in states.items():
                share = t.share * w / total
                npis = self._peers(t, st, max(1, round(peers * share)))
                sups = [npi(8_000_000 + self.counters[("sup", "")] + k) for k in range(3)]
                self.counters[("sup", "")] += 3
                self.providers += [(self.new_id(self.t0), t.id, s, "Jordan", "Supervisor", "supervisor", "LCSW", None)
                                   for s in sups]
                for _ in range(max(1, round(members * share))):
                    self._person(t, st, npis, sups)

    def _peers(self, t: Tenant, state: str, count: int) -> list[str]:
        first = self.counters[("peer", "")]
        self.counters[("peer", "")] += count
        npis = [npi(7_000_000 + first + k) for k in range(count)]
        cred = self.catalog.credential[state]
        self.providers += [(self.new_id(self.t0), t.id, p, "Sam", f"Peer{first + k}", "peer", cred, date(2030, 12, 31))
                           for k, p in enumerate(npis)]
        return npis

    def _person(self, t: Tenant, state: str, npis: list[str], sups: list[str]) -> None:
        k = len(self.people)
        payer = self.rng.choices(t.payers[state], [w for *_, w in PAYERS])[0]
        home = self.rng.randrange(len(npis))
        peers = (npis[home], *(npis[(home + j) % len(npis)] for j in (1, 2)))
        self.people.append(Person("", t, state, f"SYN{state}{k:07d}", k, payer, peers,
                                  sups[k % len(sups)]))

    def member_rows(self) -> list[Row]:
        return [(p.id, p.tenant.id, p.state, p.medicaid_id, "Alex", f"Example{p.n}",
                 date(1950 + p.n % 50, 1 + p.n % 12, 1 + p.n % 28)) for p in self.people]

    # schedule: which encounters are posted in which week

    def schedule(self) -> list[list[Visit]]:
        # Every member has at least one encounter (intake creates members from encounters), most a dozen or so.
        weights = [self.rng.lognormvariate(0, 0.8) for _ in self.people]
        total, rest = sum(weights), self.n - len(self.people)
        counts = [1 + int(rest * w / total) for w in weights]
        for i in self.rng.sample(range(len(self.people)), self.n - sum(counts)):
            counts[i] += 1
        weeks: list[list[Visit]] = [[] for _ in range((DAYS + self.start.weekday()) // 7 + 1)]
        for person, count in enumerate(counts):
            visits = list(self._visits(person, count))
            self.people[person].id = self.new_id(self.at(min(v[0] for v in visits)))  # made by its first encounter
            for visit in visits:
                weeks[(visit[0] // 1440 + self.start.weekday()) // 7].append(visit)
        return weeks

    def _visits(self, person: int, count: int) -> Iterator[Visit]:
        rng = self.rng
        gaps = rng.choices((0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 14, 21), (3, 2, 3, 5, 6, 8, 10, 30, 8, 8, 10, 7), k=count)
        gaps[0] = 0
        span = sum(gaps)
        scale = min(1.0, (DAYS - 1) / span) if span else 1.0
        day = rng.randrange(0, max(1, DAYS - int(span * scale)))
        for g in gaps:
            day = min(DAYS - 1, day + int(g * scale))
            start, minutes = rng.randrange(8 * 60, 17 * 60, 15), rng.choice(MINUTES)
            r = rng.random()
            delay = rng.randrange(30, 600) if r < 0.7 else rng.randrange(1440, 4 * 1440) if r < 0.95 else \
                rng.randrange(4 * 1440, 40 * 1440)
            created = min(day * 1440 + start + minutes + delay, DAYS * 1440 - 1)
            yield created, person, day, start, minutes

    # week by week

    def weeks(self, schedule: list[list[Visit]]) -> Iterator[Rows]:
        for w, visits in enumerate(schedule):
            out: Rows = defaultdict(list)
            billed: list[Line] = []
            for visit in sorted(visits):
                self._encounter(visit, out, billed, w)
            self._bill(w + 1, billed, out)
            schedule[w] = []
            yield out

    def built_at(self, week: int, payer: PayerPlan) -> datetime:
        """When the payer's claim file of `week` is built: its Monday morning."""
        if (week, payer.ref) not in self.build_times:
            monday = week * 7 - self.start.weekday()
            self.build_times[(week, payer.ref)] = self.at(monday * 1440 + 6 * 60 + self.rng.randrange(0, 600))
        return self.build_times[(week, payer.ref)]

    def _encounter(self, visit: Visit, out: Rows, billed: list[Line], week: int) -> None:
        created_min, k, day, start, minutes = visit
        rng, p = self.rng, self.people[visit[1]]
        t, state, q = p.tenant, p.state, self.catalog.quarter(day)
        created, service_date = self.at(created_min), self.dates[day]
        r = rng.random()
        status = "void" if r < VOID else "not_billable" if r < VOID + REFUSED else "billable"
        judged = self.catalog.refusal(state, q, rng) if status == "not_billable" else self.catalog.billable[(state, q)]
        group = rng.random() < 0.2
        modifiers = self.catalog.group_modifier[state] if group else ""
        peer = p.peers[0] if rng.random() < 0.8 else rng.choice(p.peers)
        sent_payer = p.payer.payer_id if rng.random() < 0.85 else None
        units = self.catalog.units[(state, q, minutes)] if status == "billable" else 0
        billed_at = self.built_at(week + 1, p.payer)
        line_id = self.new_id(billed_at) if status == "billable" and billed_at <= self.now else None
        enc_id, ext = self.new_id(created), f"syn-{self.seq:07d}"
        self.seq += 1
        begin, end = time(start // 60, start % 60), time((start + minutes) // 60, (start + minutes) % 60)
        deadline = service_date + timedelta(days=judged.deadline_days) if judged.deadline_days is not None else None
        expected = round(judged.rate * units / 100) if judged.rate is not None and status == "billable" else None
        updated = created + timedelta(hours=rng.randrange(1, 200)) if status == "void" else created
        out["encounters"].append((
            enc_id, t.id, ext, p.id, state, status, 2 if status == "void" else 1, service_date, begin, end, "H0038",
            modifiers, "group" if group else "individual", peer, p.payer.program,
            p.payer.payer_id if line_id else sent_payer, units, line_id, expected,
            None if status == "void" else deadline, created, updated))
        payload = self.template.format(
            eid=ext, mid=p.medicaid_id, last=f"Example{p.n}", dob=f"{1950 + p.n % 50}-{1 + p.n % 12:02d}-"
            f"{1 + p.n % 28:02d}", sex="FMU"[p.n % 3], st=state, program=p.payer.program,
            payer=json.dumps(sent_payer), npi=peer, cred=self.catalog.credential[state], sup=p.supervisor,
            date=service_date.isoformat(), start=begin.isoformat(), end=end.isoformat(),
            mods=json.dumps([modifiers] if modifiers else []), setting="group" if group else "individual",
            size="6" if group else "null", dx=DIAGNOSES[p.n % len(DIAGNOSES)])
        self._version(out, t, enc_id, ext, payload, created, judged, status, units, minutes, expected, deadline)
        if status == "void":
            self._void(out, t, enc_id, ext, payload, updated)
        if status == "not_billable":
            self.rejections += [(t.id, "engine", created, code, reason, primary, state, sent_payer, peer, p.id,
                                 service_date, enc_id, 1, None, None, None, None, None, None, detail)
                                for code, reason, primary, detail in judged.reasons]
        if line_id:
            billed.append(Line(line_id, enc_id, p, day, service_date, peer, modifiers, units))

    def _version(self, out: Rows, t: Tenant, enc_id: str, ext: str, payload: str, at: datetime, judged: Judged,
                 status: str, units: int, minutes: int, expected: int | None, deadline: date | None) -> None:
        request = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        billable = status != "not_billable"
        out["encounter_versions"].append((
            self.new_id(at), enc_id, 1, "original", payload, hashlib.sha256(payload.encode()).hexdigest(), at,
            t.ehr_key, request, billable, units, minutes, judged.rate, expected, deadline, judged.findings,
            *judged.pack, at.date(), *judged.more))
        out["audit_events"].append((at, t.ehr_key, "ehr", t.id, "encounter.create", "encounter", ext, request,
                                    json.dumps({"version": 1, "billable": billable})))

    def _void(self, out: Rows, t: Tenant, enc_id: str, ext: str, payload: str, at: datetime) -> None:
        request = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        out["encounter_versions"].append((self.new_id(at), enc_id, 2, "void", payload, "void", at, t.ehr_key, request,
                                          *(None,) * 17))
        out["audit_events"].append((at, t.ehr_key, "ehr", t.id, "encounter.void", "encounter", ext, request, None))

    # billing: one file per payer each Monday, claims per member and day (or month), as assemble() groups them

    def _bill(self, week: int, lines: list[Line], out: Rows) -> None:
        by_payer: dict[PayerPlan, list[Line]] = defaultdict(list)
        for line in lines:
            by_payer[line.person.payer].append(line)
        for payer, items in by_payer.items():
            groups: dict[tuple[str, Any], list[Line]] = defaultdict(list)
            for line in sorted(items, key=lambda x: (x.person.id, x.day)):
                key = line.day if payer.span == "day" else line.service_date.strftime("%Y-%m")
                groups[(line.person.id, key)].append(line)
            FileRun(self, payer, self.built_at(week, payer), list(groups.values()), out).run()

    def closing(self) -> Rows:
        """The rejections in the order they arrived (ids follow time), and the control counters."""
        self.rejections.sort(key=lambda r: r[2])
        counters = [(a, kind, v) for (a, kind), v in self.counters.items() if kind in ("clm", "isa", "gs", "st")]
        return {"rejections": self.rejections, "control_counters": counters}


class FileRun:
    """One claim file: its claims and lines, then the 999, 277CA and 835 that came back by now."""

    def __init__(self, g: Generator, payer: PayerPlan, built: datetime, groups: list[list[Line]], out: Rows):
        self.g, self.payer, self.built, self.out = g, payer, built, out
        self.t = groups[0][0].person.tenant
        self.id, self.agency, self.status = g.new_id(built), self.t.id, "built"
        first = self._next("clm", len(groups))
        self.isa, self.gs, self.st = self._next("isa"), self._next("gs"), self._next("st")
        self.claims = [Claim(g.new_id(built), f"PB{first + i:010d}", lines, [payer.per_unit * ln.units for ln in lines],
                             line_status=["built"] * len(lines)) for i, lines in enumerate(groups)]

    def _next(self, kind: str, count: int = 1) -> int:
        first = self.g.counters[(self.t.id, kind)] + 1
        self.g.counters[(self.t.id, kind)] += count
        return first

    def run(self) -> None:
        g, rng = self.g, self.g.rng
        ack = self.built + timedelta(days=1, minutes=rng.randrange(0, 600))
        if ack <= g.now and self._ack(ack, rng.random() < SET_REJECTED):
            status_at = self.built + timedelta(days=3, minutes=rng.randrange(0, 600))
            if status_at <= g.now:
                self._statuses(status_at)
                paid_at = self.built + timedelta(days=21, minutes=rng.randrange(0, 600))
                if paid_at <= g.now:
                    self._remit(paid_at)
        self._write()

    def _response(self, kind: str, at: datetime, summary: dict[str, Any]) -> str:
        rid = self.g.new_id(at)
        content = f"ISA*00*SYNTHETIC {kind} FOR FILE {self.id}~IEA*1*{self.isa:09d}~"
        self.out["responses"].append((rid, self.agency, kind, hashlib.sha256(content.encode()).hexdigest(), content,
                                      json.dumps(summary), at, self.t.billing_key))
        self.out["audit_events"].append((at, self.t.billing_key, "billing", self.agency, f"response.{kind.lower()}",
                                         "response", rid, str(uuid.uuid4()), json.dumps(summary)))
        return rid

    def _event(self, c: Claim, line: str | None, rid: str, at: datetime, status: str, detail: dict[str, Any],
               charge: int | None = None, paid: int | None = None) -> None:
        self.out["claim_events"].append((self.agency, c.id, line, rid, at, status, charge, paid, json.dumps(detail)))

    def _no(self, kind: str, c: Claim, i: int, reasons: list[Reason], at: datetime, rid: str, paid: Decimal,
            whole: bool) -> None:
        ln = c.lines[i]
        facts = LineFacts(ln.id, c.id, ln.encounter_id, 1, Decimal(c.charges[i]) / 100, ln.service_date,
                          ln.person.state, ln.npi, ln.person.id, self.payer.payer_id)
        for r in payer_rows(self.agency, kind, facts, reasons, at=at, response_id=rid, paid=paid, whole_line=whole):
            self.g.rejections.append(tuple(
                cents(v) if k in ("charge", "paid", "amount") else json.dumps(v) if k == "detail" else v
                for k, v in r.items()))

    def _ack(self, at: datetime, rejected: bool) -> bool:
        st = set_ack(f"{self.st:04d}", self.g.rng.randrange(3)) if rejected else None
        summary = {"accepted_sets": 0 if rejected else 1, "rejected_sets": 1 if rejected else 0,
                   "claims_rejected": len(self.claims) if rejected else 0, "unmatched_sets": 0}
        rid = self._response("999", at, summary)
        errors = [{"segment": e.segment_id, "position": e.position, "loop": e.loop, "code": e.code,
                   "claim": e.claim_control, "elements": [x.code for x in e.element_errors]}
                  for e in (st.segment_errors if st else ())]
        for c in self.claims:
            c.status = "rejected" if st else "submitted"
            self._event(c, None, rid, at, c.status, {"999": "R" if st else "A", "errors": errors})
            if st:
                for i in range(len(c.lines)):
                    self._no("999", c, i, set_reasons(st), at, rid, Decimal(0), True)
        self.status = "rejected" if rejected else "accepted"
        return not rejected

    def _statuses(self, at: datetime) -> None:
        rng = self.g.rng
        outcomes = [rng.random() < CLAIM_REJECTED for _ in self.claims]
        rid = self._response("277CA", at, {"accepted": outcomes.count(False), "rejected": outcomes.count(True),
                                           "other": 0, "unmatched": 0})
        for c, rejected in zip(self.claims, outcomes, strict=True):
            c.payer_claim_number = f"SYN{rng.getrandbits(40):012d}"
            reasons, codes = rng.choices(STATUS_REASONS, STATUS_WEIGHTS)[0] if rejected else (
                [], [{"category": "A2", "status": "20", "entity": "PR"}])
            c.status = "rejected" if rejected else "accepted"
            self._event(c, None, rid, at, c.status, {"277CA": codes, "patient_control": c.control,
                                                     "payer_claim_control": c.payer_claim_number}, charge=c.total)
            for i in range(len(c.lines)):
                if rejected:
                    self._no("277CA", c, i, reasons, at, rid, Decimal(0), True)

    def _remit(self, at: datetime) -> None:
        claims = [c for c in self.claims if c.status == "accepted"]
        if not claims:
            return
        paid = {c.id: [self._pay(c, i) for i in range(len(c.lines))] for c in claims}
        total = sum(p for lines in paid.values() for p, _, _, _ in lines)
        rid = self._response("835", at, {"claims": len(claims), "lines": sum(len(c.lines) for c in claims),
                                         "unmatched_claims": 0, "unmatched_lines": 0, "paid": f"{total / 100:.2f}"})
        payment = {"trace": f"SYNEFT{self.g.rng.getrandbits(32)}", "method": "ACH", "total": f"{total / 100:.2f}",
                   "plb": []}
        for c in claims:
            for i, (line_paid, adjs, remarks, denied) in enumerate(paid[c.id]):
                self._line_paid(c, i, line_paid, adjs, remarks, denied, at, rid)
            c.status = "denied" if all(s == "denied" for s in c.line_status) else (
                "partially_paid" if "denied" in c.line_status else "paid")
            self._event(c, None, rid, at, c.status, {
                "835": {"clp02": "4" if c.status == "denied" else "1", "payer_claim_control": c.payer_claim_number,
                        "adjustments": [], "remarks": []}, "payment": payment, "patient_control": c.control},
                charge=c.total, paid=sum(p for p, _, _, _ in paid[c.id]))

    def _pay(self, c: Claim, i: int) -> tuple[int, list[Adjustment], tuple[str, ...], bool]:
        """What the 835 says of one line: paid (less the fee-schedule gap), cut by a reason, or denied."""
        rng, charge = self.g.rng, c.charges[i]
        r = rng.random()
        if r < LINE_DENIED:
            carcs, remarks, _ = rng.choices(DENIALS, [w for *_, w in DENIALS])[0]
            shares = [charge - charge // 2, charge // 2] if len(carcs) == 2 else [charge]
            return 0, [_adj(g, c_, s) for (g, c_), s in zip(carcs, shares, strict=True)], remarks, True
        fee = charge * rng.randrange(10, 26) // 100
        adjs = [_adj("CO", "45", fee)]
        if r < LINE_DENIED + LINE_CUT:
            (group, carc), part, _ = rng.choices(CUTS, [w for *_, w in CUTS])[0]
            cut = max(1, int((charge - fee) * part))
            adjs.append(_adj(group, carc, cut))
            fee += cut
        elif rng.random() < 0.1:
            adjs.append(_adj("PR", "3", min(100, charge - fee)))
            fee += min(100, charge - fee)
        return charge - fee, adjs, (), False

    def _line_paid(self, c: Claim, i: int, paid: int, adjs: list[Adjustment], remarks: tuple[str, ...],
                   denied: bool, at: datetime, rid: str) -> None:
        ln = c.lines[i]
        c.line_status[i] = "denied" if denied else "paid"
        self._event(c, ln.id, rid, at, c.line_status[i], {"835": {
            "procedure": "H0038", "modifiers": [ln.modifiers] if ln.modifiers else [],
            "line_control": f"{c.control}L{i + 1}",
            "adjustments": [{"group": a.group, "reason": a.reason, "amount": str(a.amount)} for a in adjs],
            "remarks": list(remarks), "units": str(ln.units)}}, charge=c.charges[i], paid=paid)
        if why := adjustment_reasons(tuple(adjs), remarks, denied=denied):
            self._no("835", c, i, why, at, rid, Decimal(paid) / 100, denied)

    def _write(self) -> None:
        out, total = self.out, sum(c.total for c in self.claims)
        content = f"ISA*00*SYNTHETIC 837P*{self.isa:09d}~ST*837*{self.st:04d}*005010X222A1~SE~IEA~"
        out["claim_files"].append((self.id, self.agency, self.payer.ref, self.isa, self.gs, self.st, 1,
                                   len(self.claims), sum(len(c.lines) for c in self.claims), total, content,
                                   hashlib.sha256(content.encode()).hexdigest(), self.status, self.built,
                                   self.t.billing_key))
        out["audit_events"].append((self.built, self.t.billing_key, "billing", self.agency, "claim_file.build",
                                    "claim_file", self.id, str(uuid.uuid4()),
                                    json.dumps({"claims": len(self.claims), "isa13": self.isa})))
        for c in self.claims:
            out["claims"].append((c.id, self.agency, self.id, self.payer.ref, c.lines[0].person.id, c.control,
                                  self.st, "1", None, c.payer_claim_number, c.total, c.status, True, self.built,
                                  None, None, None, None))
            out["claim_lines"] += [(ln.id, c.id, i + 1, f"{c.control}L{i + 1}", ln.encounter_id, 1, "H0038",
                                    ln.modifiers, ln.units, c.charges[i], ln.service_date, c.line_status[i], True)
                                   for i, ln in enumerate(c.lines)]


def _adj(group: str, reason: str, amount: int) -> Adjustment:
    return Adjustment(group=group, reason=reason, amount=Decimal(amount) / 100)


def _payload_template() -> str:
    """The stored payload (Encounter.model_dump_json of a synthetic encounter) with its varying values as
    str.format fields."""
    doc = encounter(0, "ZZ", random.Random(0))
    doc["encounter_id"] = "QQEIDQQ"
    doc["member"].update(medicaid_id="QQMIDQQ", last_name="QQLASTQQ", date_of_birth="1901-01-01", sex="F")
    doc["payer"].update(program="fee_for_service", payer_id="QQPAYERQQ")
    rendering, supervisor = npi(99_999_991), npi(99_999_992)  # placeholders with valid check digits
    doc["rendering"]["npi"] = rendering
    doc["supervisor"]["npi"] = supervisor
    doc["service"].update(date="1902-02-02", start_time="07:07", end_time="08:08", setting="group", group_size=77,
                          modifiers=["QQ"])
    doc["diagnoses"] = ["Z99.89"]
    dumped = Encounter.model_validate(doc).model_dump(mode="json")
    dumped["payer"]["program"] = "QQPROGRAMQQ"
    dumped["service"]["setting"] = "QQSETTINGQQ"
    text = json.dumps(dumped, separators=(",", ":")).replace("{", "{{").replace("}", "}}")
    swaps = {'"QQEIDQQ"': '"{eid}"', '"QQMIDQQ"': '"{mid}"', '"QQLASTQQ"': '"{last}"', '"1901-01-01"': '"{dob}"',
             '"sex":"F"': '"sex":"{sex}"', '"ZZ"': '"{st}"', '"QQPROGRAMQQ"': '"{program}"', '"QQPAYERQQ"': "{payer}",
             '"CPS"': '"{cred}"', f'"{rendering}"': '"{npi}"', f'"{supervisor}"': '"{sup}"',
             '"1902-02-02"': '"{date}"',
             '"07:07:00"': '"{start}"', '"08:08:00"': '"{end}"', '["QQ"]': "{mods}", '"QQSETTINGQQ"': '"{setting}"',
             '"group_size":77': '"group_size":{size}', '["Z99.89"]': '["{dx}"]'}
    for old, new in swaps.items():
        if old not in text:
            raise AssertionError(f"payload template: {old} not found in {text}")
        text = text.replace(old, new)
    return text
