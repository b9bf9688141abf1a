"""Tables. Schema changes go through Alembic (billing/migrations), never create_all on the production path."""

from __future__ import annotations

import os
import threading
import time as clock
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql import text

from billing.db.types import ScaledDecimal

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


_last = [0, 0]  # the millisecond and sequence number of the latest id this process made
_id_lock = threading.Lock()


def new_id() -> str:
    """32 hex digits, time-ordered (milliseconds, a 16-bit sequence, then 64 random bits, as UUIDv7 lays them
    out with a counter): rows written together sit together in each primary-key index, so a batch dirties a
    few pages instead of one per row; and ids made by one process sort in the order they were made, which keeps
    a batch's versions in batch order for the what-if replay."""
    ms = clock.time_ns() // 1_000_000
    with _id_lock:
        if ms <= _last[0]:
            ms, seq = _last[0], _last[1] + 1
            if seq > 0xFFFF:  # more than 65,536 ids in one millisecond: borrow the next one
                ms, seq = ms + 1, 0
        else:
            seq = 0
        _last[0], _last[1] = ms, seq
    return f"{ms:012x}{seq:04x}{os.urandom(8).hex()}"



def new_ids(n: int) -> list[str]:
    """`n` ids exactly as `n` calls of new_id would make them (in order, after every id made before), with one
    clock read, one lock and one read of random bytes: a batch of a thousand encounters takes thousands."""
    if n <= 0:
        return []
    ms = clock.time_ns() // 1_000_000
    noise = os.urandom(8 * n).hex()
    out = []
    with _id_lock:
        ms, seq = (_last[0], _last[1] + 1) if ms <= _last[0] else (ms, 0)
        for i in range(n):
            if seq > 0xFFFF:
                ms, seq = ms + 1, 0
            out.append(f"{ms:012x}{seq:04x}{noise[16 * i:16 * i + 16]}")
            seq += 1
        _last[0], _last[1] = ms, seq - 1
    return out

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Agency(Base):
    """A billing provider: the agency that employs the peers and is paid."""

    __tablename__ = "agencies"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(60))
    npi: Mapped[str] = mapped_column(String(10))
    tax_id: Mapped[str] = mapped_column(String(9))
    taxonomy: Mapped[str] = mapped_column(String(10))
    address_line1: Mapped[str] = mapped_column(String(55))
    address_line2: Mapped[str | None] = mapped_column(String(55))
    city: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(2))
    zip: Mapped[str] = mapped_column(String(9))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Set on an agency's sandbox (test mode): the live agency it mirrors. Test keys work here, live keys never.
    sandbox_of: Mapped[str | None] = mapped_column(ForeignKey("agencies.id"), unique=True)


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(80))
    agency_id: Mapped[str | None] = mapped_column(ForeignKey("agencies.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # refused from then on
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # to the minute or so
    rotated_from: Mapped[str | None] = mapped_column(String(16))  # the key this one replaced


class AuditorGrant(Base):
    """An auditor key may read these agencies."""

    __tablename__ = "auditor_grants"
    key_id: Mapped[str] = mapped_column(ForeignKey("api_keys.id"), primary_key=True)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"), primary_key=True)


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("agency_id", "state", "medicaid_id"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    state: Mapped[str] = mapped_column(String(2))
    medicaid_id: Mapped[str] = mapped_column(String(80))
    first_name: Mapped[str] = mapped_column(String(35))
    last_name: Mapped[str] = mapped_column(String(60))
    date_of_birth: Mapped[date] = mapped_column(Date)


class Provider(Base):
    """A peer specialist or supervisor seen on the agency's encounters."""

    __tablename__ = "providers"
    __table_args__ = (UniqueConstraint("agency_id", "npi"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    npi: Mapped[str] = mapped_column(String(10))
    first_name: Mapped[str] = mapped_column(String(35))
    last_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(12))  # peer | supervisor
    credential: Mapped[str] = mapped_column(String(40))
    credential_expires_on: Mapped[date | None] = mapped_column(Date)


_HISTORY = ("status", "units", "hcpcs", "modifiers", "start_time", "end_time", "setting", "external_id")
_HISTORY_BY_MEMBER = ("member_id", "service_date", "rendering_npi", *_HISTORY)
# State and payer ride along at the end so the rejections summary counts encounters per state, payer, peer and
# month from this index alone (cheaper for every write than an index of their own).
_HISTORY_BY_PEER = ("agency_id", "rendering_npi", "service_date", "member_id", *_HISTORY, "state", "payer_id")


class Encounter(Base):
    """The current state of one EHR encounter; its versions hold every payload it ever had."""

    __tablename__ = "encounters"
    __table_args__ = (
        UniqueConstraint("agency_id", "external_id"),
        # The two history indexes cover every column the engine reads, so the per-batch history query never
        # touches the table itself (one probe per member, one per peer and day).
        Index("ix_encounters_member_history", *_HISTORY_BY_MEMBER),
        # state, payer and peer last: the auditors' summary counts a few days' encounters from this index alone.
        Index("ix_encounters_agency_status_date", "agency_id", "status", "service_date", "state", "payer_id",
              "rendering_npi"),
        Index("ix_encounters_peer_history", *_HISTORY_BY_PEER),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    external_id: Mapped[str] = mapped_column(String(50))
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    state: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(14))  # billable | not_billable | void
    version: Mapped[int] = mapped_column(Integer)
    # Denormalized from the current version, for caps, overlaps and listing without parsing payloads.
    service_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    hcpcs: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String(11))  # "HQ:GT"
    setting: Mapped[str] = mapped_column(String(10))
    rendering_npi: Mapped[str] = mapped_column(String(10))
    program: Mapped[str] = mapped_column(String(16))  # fee_for_service | managed_care
    payer_id: Mapped[str | None] = mapped_column(String(80))  # as the EHR sent it, else the payer it was billed to
    units: Mapped[int] = mapped_column(Integer)  # approved units of the current version (0 when void)
    claim_line_id: Mapped[str | None] = mapped_column(String(32))  # its active claim line, once billed
    expected_payment: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    filing_deadline: Mapped[date | None] = mapped_column(Date)  # of the current verdict, for the at-risk watch
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PayerConfig(Base):
    """A payer the agency bills, with its trading-partner (envelope) settings and claim span."""

    __tablename__ = "payers"
    __table_args__ = (UniqueConstraint("agency_id", "payer_id"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    payer_id: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(2))
    program: Mapped[str] = mapped_column(String(16))
    claim_span: Mapped[str] = mapped_column(String(5))  # day | month
    partner: Mapped[dict[str, Any]] = mapped_column(JSON)  # schemas.claims.TradingPartner
    charges: Mapped[dict[str, str]] = mapped_column(JSON)  # charge master: "H0038" or "H0038:HQ" -> per unit
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ControlCounter(Base):
    """The last control number used, per agency and kind (isa, gs, st), taken under a row lock."""

    __tablename__ = "control_counters"
    agency_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class ClaimFileRow(Base):
    __tablename__ = "claim_files"
    __table_args__ = (UniqueConstraint("agency_id", "isa_control"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    payer_ref: Mapped[str] = mapped_column(ForeignKey("payers.id"))
    isa_control: Mapped[int] = mapped_column(Integer)
    group_control: Mapped[int] = mapped_column(Integer)
    first_st_control: Mapped[int] = mapped_column(Integer)
    transaction_sets: Mapped[int] = mapped_column(Integer)
    claim_count: Mapped[int] = mapped_column(Integer)
    line_count: Mapped[int] = mapped_column(Integer)
    total_charge: Mapped[Decimal] = mapped_column(ScaledDecimal(2))
    content: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12))  # built | accepted | rejected
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(16))


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("agency_id", "claim_control"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    file_id: Mapped[str] = mapped_column(ForeignKey("claim_files.id"))
    payer_ref: Mapped[str] = mapped_column(ForeignKey("payers.id"))
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    claim_control: Mapped[str] = mapped_column(String(38))  # CLM01
    st_control: Mapped[int | None] = mapped_column(Integer)  # ST02 of the transaction set it was sent in
    frequency: Mapped[str] = mapped_column(String(1))
    replaces_claim_id: Mapped[str | None] = mapped_column(ForeignKey("claims.id"))
    payer_claim_number: Mapped[str | None] = mapped_column(String(50))
    total_charge: Mapped[Decimal] = mapped_column(ScaledDecimal(2))
    status: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean)  # false once replaced or voided
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Staff's own state beside the payer's: held | needs_review | written_off | finalized (null: none).
    work_state: Mapped[str | None] = mapped_column(String(16))
    work_note: Mapped[str | None] = mapped_column(String(500))
    work_state_by: Mapped[str | None] = mapped_column(String(16))
    work_state_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ResponseFile(Base):
    """A payer response file as received (999, 277CA, 835): stored once per agency, by its hash."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("agency_id", "sha256"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    kind: Mapped[str] = mapped_column(String(8))  # 999 | 277CA | 835
    sha256: Mapped[str] = mapped_column(String(64))  # its identity: the text's hash; an 835's content hash
    content: Mapped[str] = mapped_column(Text)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_by: Mapped[str] = mapped_column(String(16))


class ClaimEvent(Base):
    """One step in a claim's (or line's) life: built, acknowledged, accepted, rejected, paid, denied..."""

    __tablename__ = "claim_events"
    __table_args__ = (Index("ix_claim_events_claim", "claim_id", "at"),
                      Index("ix_claim_events_unmatched", "agency_id", "status", "id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_id: Mapped[str] = mapped_column(String(32))
    claim_id: Mapped[str | None] = mapped_column(ForeignKey("claims.id"))  # null: matched nothing
    line_id: Mapped[str | None] = mapped_column(ForeignKey("claim_lines.id"))
    response_id: Mapped[str | None] = mapped_column(ForeignKey("responses.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))
    charge: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    paid: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)  # codes and reasons; the control numbers it came with


class ConsoleSession(Base):
    """A person signed in to the web console with their API key: the cookie carries a random token, this row
    its hash, so sign-out and idle expiry hold across every API process."""

    __tablename__ = "console_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[str] = mapped_column(ForeignKey("api_keys.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UnmatchedResolution(Base):
    """What staff did with an unmatched item (an `unmatched` claim event): matched it to a claim, or dismissed
    it with a reason. One per item, decided by the primary key, so two clerks cannot both resolve it."""

    __tablename__ = "unmatched_resolutions"
    event_id: Mapped[int] = mapped_column(ForeignKey("claim_events.id"), primary_key=True)
    agency_id: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(10))  # resolved | dismissed
    claim_id: Mapped[str | None] = mapped_column(ForeignKey("claims.id"))
    reason: Mapped[str | None] = mapped_column(String(500))
    by: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ClaimLineRow(Base):
    __tablename__ = "claim_lines"
    __table_args__ = (
        # Nothing billed twice: an encounter sits on at most one active claim line.
        Index("uq_claim_lines_active_encounter", "encounter_id", unique=True,
              sqlite_where=text("active"), postgresql_where=text("active")),
        UniqueConstraint("claim_id", "line_number"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    line_control: Mapped[str] = mapped_column(String(50))  # REF*6R: CLM01 + line number, unique in its agency
    encounter_id: Mapped[str] = mapped_column(ForeignKey("encounters.id"))
    encounter_version: Mapped[int] = mapped_column(Integer)
    hcpcs: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String(11))
    units: Mapped[int] = mapped_column(Integer)
    charge: Mapped[Decimal] = mapped_column(ScaledDecimal(2))
    service_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean)


class EncounterVersion(Base):
    """One payload an encounter had, and the verdict it got (a void version has no verdict)."""

    __tablename__ = "encounter_versions"
    __table_args__ = (UniqueConstraint("encounter_id", "version"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    encounter_id: Mapped[str] = mapped_column(ForeignKey("encounters.id"))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # original | correction | void
    payload: Mapped[str] = mapped_column(Text)  # the encounter as JSON, exactly as judged
    payload_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(16))  # api key id
    request_id: Mapped[str] = mapped_column(String(36))
    # The verdict, with the rule pack version that gave it.
    billable: Mapped[bool | None] = mapped_column(Boolean)
    units: Mapped[int | None] = mapped_column(Integer)
    minutes: Mapped[int | None] = mapped_column(Integer)
    rate: Mapped[Decimal | None] = mapped_column(ScaledDecimal(4))
    expected_payment: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    filing_deadline: Mapped[date | None] = mapped_column(Date)
    findings: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    pack_state: Mapped[str | None] = mapped_column(String(2))
    pack_plan: Mapped[str | None] = mapped_column(String(60))
    pack_revision: Mapped[int | None] = mapped_column(Integer)
    pack_in_force_since: Mapped[date | None] = mapped_column(Date)
    pack_program: Mapped[str | None] = mapped_column(String(40))  # the program inside the state, if any
    rate_code: Mapped[str | None] = mapped_column(String(10))
    claim_form: Mapped[str | None] = mapped_column(String(4))
    add_ons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    code_set: Mapped[str | None] = mapped_column(String(160))  # the ICD-10-CM set the diagnoses were judged by
    as_of: Mapped[date | None] = mapped_column(Date)


class IdempotencyRecord(Base):
    """An Idempotency-Key seen on a POST: the same key and body again gets the stored answer."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (Index("ix_idempotency_keys_created_at", "created_at"),)
    agency_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)  # 0 while the first request with the key is still running
    body: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    route: Mapped[str | None] = mapped_column(String(255))  # "POST /v1/claim-files"; null on keys stored before 0016
    media_type: Mapped[str | None] = mapped_column(String(100))


class AuditEvent(Base):
    """Append-only: who did what to which object, when, in which request. Never holds PHI values."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_agency_at", "agency_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(16))  # api key id, or "cli"
    actor_role: Mapped[str] = mapped_column(String(10))
    agency_id: Mapped[str | None] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[str] = mapped_column(String(36))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)



class Rejection(Base):
    """One reason one encounter got a "no": an error finding of our rules engine, a 999-rejected transaction
    set, a 277CA-rejected claim, or an 835 denial or cut. Written when the "no" arrives, never changed, and
    denormalized (state, payer, peer, member, date, money) so auditors' queries need no joins.

    An item (an encounter version, or one claim line under one response) can have several reasons, each a row
    carrying the item's charge and payment; its first row is primary, so sums over primary rows count each
    item once.
    """

    __tablename__ = "rejections"
    __table_args__ = (
        # Newest first within the narrow filters: a list query walks one of these backwards and stops at a page.
        # The coarse filters (agency, source, state) walk the table itself backwards: its id is the rowid.
        # After the id, the other filters' columns: a walk checks them in the index, not in the table's rows.
        Index("ix_rejections_code", "agency_id", "code", "id", "payer_id", "source", "state", "provider_npi",
              "service_date"),
        Index("ix_rejections_payer", "agency_id", "payer_id", "id", "code", "source", "state", "provider_npi",
              "service_date"),
        Index("ix_rejections_provider", "agency_id", "provider_npi", "id"),
        Index("ix_rejections_member", "member_id", "id"),
        # No index of (agency, date, id) of its own: a list by dates reads the summary's (migration 0021).
        # The summary's numerators read this alone (every column they filter, group and add), a date range as a
        # range of it: it never reads the table's rows (their reasons and details). It carries the id (on SQLite
        # as the rowid), so a list by dates and a source or state reads it alone too (migration 0019).
        Index("ix_rejections_summary", "agency_id", "service_date", "source", "code", "state", "payer_id",
              "provider_npi", "is_primary", "encounter_id", "charge", "paid", "amount", postgresql_include=["id"]),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_id: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(8))  # engine | 999 | 277CA | 835
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    code: Mapped[str] = mapped_column(String(40))  # finding code, IK3/IK5 code, 277 category:status, CAS group-CARC
    reason: Mapped[str] = mapped_column(Text)  # what a person reads
    is_primary: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(2))
    payer_id: Mapped[str | None] = mapped_column(String(80))
    provider_npi: Mapped[str] = mapped_column(String(10))  # the rendering peer
    member_id: Mapped[str] = mapped_column(String(32))
    service_date: Mapped[date] = mapped_column(Date)
    encounter_id: Mapped[str] = mapped_column(String(32))
    encounter_version: Mapped[int | None] = mapped_column(Integer)
    claim_id: Mapped[str | None] = mapped_column(String(32))
    line_id: Mapped[str | None] = mapped_column(String(32))
    response_id: Mapped[str | None] = mapped_column(String(32))
    charge: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))  # billed for the item
    paid: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))  # paid for the item
    amount: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))  # denied or cut by this reason
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)  # citation and rule pack, or the payer's codes


class EncounterCount(Base):
    """Encounters received (not void) per agency, month of service, state, payer and peer: the denominators of
    the auditors' summary, so it need not count an agency's encounters one by one. Kept by database triggers on
    `encounters` (migrations 0018 and 0020), so every write path keeps it true. They append to
    `encounter_count_changes`, which billing.rejection_reports folds in here: on PostgreSQL every change (two
    writers never wait on one count row), on SQLite each new encounter (an append is cheap in a batch's write
    lock; its rare updates and deletes change these rows in place). The summary adds what is not folded yet."""

    __tablename__ = "encounter_counts"
    __table_args__ = (UniqueConstraint("agency_id", "month", "state", "payer_id", "rendering_npi"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_id: Mapped[str] = mapped_column(String(32))
    month: Mapped[str] = mapped_column(String(7))  # of the date of service, YYYY-MM
    state: Mapped[str] = mapped_column(String(2))
    payer_id: Mapped[str] = mapped_column(String(80))  # "" for none
    rendering_npi: Mapped[str] = mapped_column(String(10))
    encounters: Mapped[int] = mapped_column(Integer)


class EncounterCountChange(Base):
    """A change to the counts, by key, until folded into encounter_counts: on PostgreSQL one row per statement and
    key, on SQLite one per new encounter."""

    __tablename__ = "encounter_count_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_id: Mapped[str] = mapped_column(String(32))
    month: Mapped[str] = mapped_column(String(7))
    state: Mapped[str] = mapped_column(String(2))
    payer_id: Mapped[str] = mapped_column(String(80))
    rendering_npi: Mapped[str] = mapped_column(String(10))
    encounters: Mapped[int] = mapped_column(Integer)


from billing.events import models as _events  # noqa: E402,F401  (their tables join Base.metadata with these)
from billing.jobs import models as _jobs  # noqa: E402,F401  (the jobs table too)
