"""Agencies, API keys and who may do what. Keys are stored hashed and shown once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.audit import record
from billing.db.models import Agency, ApiKey, AuditorGrant
from schemas.api import AgencyIn, AgencyOut, AgencyPatch, KeyIn, KeyOut
from schemas.problems import FieldError, field_errors

KEY_PREFIX = "pb"
TEST_PREFIX = "pb_test"  # a test key reads pb_test_<id>_<secret>; a live key pb_<id>_<secret> (ids are hex)
TEST_ROLES = ("ehr", "billing")


class AccessError(Exception):
    """A request the caller is not allowed to make; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class InvalidFields(AccessError):
    """A 422 naming each bad field (answered like a body that failed its schema)."""

    def __init__(self, errors: list[FieldError]):
        super().__init__(422, f"{len(errors)} field(s) are invalid: " +
                         "; ".join(f"{e.path}: {e.problem}" for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Actor:
    """Who is calling: a key with its role and the agencies it may see."""

    key_id: str
    role: str
    agency_ids: tuple[str, ...] = ()
    request_id: str = field(default="-")
    test: bool = False  # a test key: its agency is a sandbox (see billing.sandbox)

    @property
    def is_person(self) -> bool:
        """EHR keys are systems; every other key is used by a person, whose PHI reads are audited."""
        return self.role != "ehr"

    def agency_for_write(self) -> str:
        if self.role not in ("ehr", "billing") or len(self.agency_ids) != 1:
            raise AccessError(403, f"a {self.role} key cannot write encounters")
        return self.agency_ids[0]

    def agency_for_billing(self) -> str:
        if self.role != "billing" or len(self.agency_ids) != 1:
            raise AccessError(403, f"a {self.role} key cannot build or change claims (needs billing)")
        return self.agency_ids[0]

    def readable(self, agency: str | None) -> tuple[str, ...]:
        """The agencies a read covers; naming one the key cannot see reads nothing (so answers 404)."""
        if self.role == "admin":
            raise AccessError(403, "admin keys manage agencies and keys, not encounters")
        if agency is None:
            return self.agency_ids
        return (agency,) if agency in self.agency_ids else ()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def utc(at: datetime) -> datetime:
    """A stored timestamp as an aware UTC time (SQLite hands them back without their offset)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def live(revoked_at: datetime | None, expires_at: datetime | None) -> bool:
    """A key works when it is neither revoked nor past its expiry."""
    return revoked_at is None and (expires_at is None or utc(expires_at) > now())


def create_agency(s: Session, data: AgencyIn, actor: Actor) -> AgencyOut:
    a = Agency(created_at=now(), **_columns(data))
    s.add(a)
    s.flush()
    record(s, actor, "agency.create", "agency", a.id, a.id)
    return agency_out(a)


def update_agency(s: Session, agency_id: str, patch: AgencyPatch, actor: Actor) -> AgencyOut:
    """A partial update of a live agency, checked as a new agency would be and audited with the fields changed;
    its sandbox (test mode) takes the same billing-provider details."""
    a = s.get(Agency, agency_id, with_for_update=True)
    if a is None or a.sandbox_of is not None:
        raise AccessError(404, f"no agency {agency_id}")
    old = agency_out(a)
    current = old.model_dump(include=set(AgencyIn.model_fields))
    sent = patch.model_dump(exclude_unset=True)
    if isinstance(sent.get("address"), dict):
        sent["address"] = {**current["address"], **sent["address"]}
    try:
        merged = AgencyIn.model_validate({**current, **sent})
    except ValidationError as exc:
        raise InvalidFields(field_errors(exc)) from None
    changed = sorted(k for k in sent if getattr(merged, k) != getattr(old, k))
    columns = _columns(merged)
    for box in [a, *s.scalars(select(Agency).where(Agency.sandbox_of == a.id))]:
        for col, value in columns.items():
            setattr(box, col, value)
    if changed:
        record(s, actor, "agency.update", "agency", a.id, a.id, {"fields": changed})
    return agency_out(a)


def _columns(data: AgencyIn) -> dict[str, Any]:
    return {"name": data.name, "npi": data.npi, "tax_id": data.tax_id, "taxonomy": data.taxonomy,
            "address_line1": data.address.line1, "address_line2": data.address.line2, "city": data.address.city,
            "state": data.address.state, "zip": data.address.zip}


def agency_out(a: Agency) -> AgencyOut:
    return AgencyOut.model_validate({
        "id": a.id, "name": a.name, "npi": a.npi, "tax_id": a.tax_id, "taxonomy": a.taxonomy,
        "created_at": a.created_at,
        "address": {"line1": a.address_line1, "line2": a.address_line2, "city": a.city, "state": a.state,
                    "zip": a.zip},
    })


def create_key(s: Session, data: KeyIn, actor: Actor) -> KeyOut:
    data = _test_agency(s, data, actor)
    agencies = [data.agency_id] if data.agency_id else []
    if data.role in ("ehr", "billing"):
        if not data.agency_id or data.agencies:
            raise AccessError(422, f"a {data.role} key needs agency_id (one agency) and no agencies list")
    elif data.role == "auditor":
        if data.agency_id or not data.agencies:
            raise AccessError(422, "an auditor key needs agencies (the ones it may read), not agency_id")
        agencies = list(dict.fromkeys(data.agencies))
    elif data.agency_id is not None or data.agencies:
        raise AccessError(422, "an admin key belongs to no agency")
    if data.expires_at is not None and (data.expires_at.tzinfo is None or data.expires_at <= now()):
        raise AccessError(422, "expires_at must be a future time with a UTC offset")
    known = set(s.scalars(select(Agency.id).where(Agency.id.in_(agencies)))) if agencies else set()
    if missing := [a for a in agencies if a not in known]:
        raise AccessError(422, f"no such agency: {', '.join(missing)}")
    if data.role == "auditor" and (sandboxes := set(s.scalars(select(Agency.id).where(
            Agency.id.in_(agencies), Agency.sandbox_of.is_not(None))))):
        raise AccessError(422, f"agencies: {', '.join(sorted(sandboxes))} is a sandbox (test mode), which a live "
                          "key never reads")
    key_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    k = ApiKey(id=key_id, secret_hash=_hash(secret), role=data.role, name=data.name,
               agency_id=data.agency_id, created_at=now(), expires_at=data.expires_at)
    s.add(k)
    s.flush()
    if data.role == "auditor":
        s.add_all(AuditorGrant(key_id=key_id, agency_id=a) for a in agencies)
    record(s, actor, "key.create", "api_key", key_id, data.agency_id, {"role": data.role, "test": data.test})
    prefix = TEST_PREFIX if data.test else KEY_PREFIX
    return KeyOut(id=key_id, role=data.role, name=data.name, agency_id=data.agency_id, agencies=agencies,
                  created_at=k.created_at, expires_at=k.expires_at, test=data.test, key=f"{prefix}_{key_id}_{secret}")


def _test_agency(s: Session, data: KeyIn, actor: Actor) -> KeyIn:
    """A test key belongs to its agency's sandbox (made on the first test key); a key naming a sandbox is a test
    key. Test keys are ehr or billing keys."""
    target = s.get(Agency, data.agency_id) if data.agency_id else None
    if target is not None and target.sandbox_of is not None:
        data = data.model_copy(update={"test": True})
    if not data.test:
        return data
    if data.role not in TEST_ROLES:
        raise InvalidFields([FieldError(path="test", problem=f"test keys are {' or '.join(TEST_ROLES)} keys")])
    if target is None:
        raise InvalidFields([FieldError(path="agency_id", problem="a test key needs the agency it tests")])
    if target.sandbox_of is None:
        target = sandbox_for(s, target, actor)
    return data.model_copy(update={"agency_id": target.id})


def sandbox_for(s: Session, live_agency: Agency, actor: Actor) -> Agency:
    """The agency's sandbox, made now (a copy of its billing-provider details) if it has none."""
    box = s.scalars(select(Agency).where(Agency.sandbox_of == live_agency.id)).first()
    if box is not None:
        return box
    box = Agency(sandbox_of=live_agency.id, created_at=now(),
                 **{c: getattr(live_agency, c) for c in PROVIDER_COLUMNS})
    s.add(box)
    s.flush()
    record(s, actor, "agency.sandbox", "agency", box.id, live_agency.id, {"sandbox": box.id})
    return box


PROVIDER_COLUMNS = ("name", "npi", "tax_id", "taxonomy", "address_line1", "address_line2", "city", "state", "zip")


def authenticate(s: Session, token: str, request_id: str) -> Actor:
    """The actor for a bearer token; any problem is the same 401, so keys cannot be probed."""
    test = token.startswith(TEST_PREFIX + "_")
    parts = token.removeprefix(TEST_PREFIX + "_" if test else KEY_PREFIX + "_").split("_", 1)
    if len(parts) != 2 or not token.startswith(KEY_PREFIX + "_"):
        raise AccessError(401, "invalid API key")
    key = s.get(ApiKey, parts[0])
    if key is None or not live(key.revoked_at, key.expires_at) or \
            not hmac.compare_digest(key.secret_hash, _hash(parts[1])):
        raise AccessError(401, "invalid API key")
    who = key_actor(s, key, request_id)
    if who.test != test:  # a test key's secret with the live prefix (or the reverse) is no key
        raise AccessError(401, "invalid API key")
    return who


def key_actor(s: Session, key: ApiKey, request_id: str) -> Actor:
    """The actor of a verified, unrevoked key, with the agencies it may see."""
    if key.role == "auditor":
        agencies = tuple(s.scalars(select(AuditorGrant.agency_id).where(AuditorGrant.key_id == key.id)))
    else:
        agencies = (key.agency_id,) if key.agency_id else ()
    test = key.agency_id is not None and s.scalar(select(Agency.sandbox_of).where(Agency.id == key.agency_id)) \
        is not None
    return Actor(key_id=key.id, role=key.role, agency_ids=agencies, request_id=request_id, test=test)

