"""Agencies, API keys and who may do what. Keys are stored hashed and shown once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.audit import record
from billing.db.models import Agency, ApiKey, AuditorGrant
from schemas.api import AgencyIn, AgencyOut, KeyIn, KeyOut

KEY_PREFIX = "pb"


class AccessError(Exception):
    """A request the caller is not allowed to make; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Actor:
    """Who is calling: a key with its role and the agencies it may see."""

    key_id: str
    role: str
    agency_ids: tuple[str, ...] = ()
    request_id: str = field(default="-")

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
    a = Agency(name=data.name, npi=data.npi, tax_id=data.tax_id, taxonomy=data.taxonomy,
               address_line1=data.address.line1, address_line2=data.address.line2, city=data.address.city,
               state=data.address.state, zip=data.address.zip, created_at=now())
    s.add(a)
    s.flush()
    record(s, actor, "agency.create", "agency", a.id, a.id)
    return agency_out(a)


def agency_out(a: Agency) -> AgencyOut:
    return AgencyOut.model_validate({
        "id": a.id, "name": a.name, "npi": a.npi, "tax_id": a.tax_id, "taxonomy": a.taxonomy,
        "created_at": a.created_at,
        "address": {"line1": a.address_line1, "line2": a.address_line2, "city": a.city, "state": a.state,
                    "zip": a.zip},
    })


def create_key(s: Session, data: KeyIn, actor: Actor) -> KeyOut:
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
    key_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    k = ApiKey(id=key_id, secret_hash=_hash(secret), role=data.role, name=data.name,
               agency_id=data.agency_id, created_at=now(), expires_at=data.expires_at)
    s.add(k)
    s.flush()
    if data.role == "auditor":
        s.add_all(AuditorGrant(key_id=key_id, agency_id=a) for a in agencies)
    record(s, actor, "key.create", "api_key", key_id, data.agency_id, {"role": data.role})
    return KeyOut(id=key_id, role=data.role, name=data.name, agency_id=data.agency_id, agencies=agencies,
                  created_at=k.created_at, expires_at=k.expires_at, key=f"{KEY_PREFIX}_{key_id}_{secret}")


def authenticate(s: Session, token: str, request_id: str) -> Actor:
    """The actor for a bearer token; any problem is the same 401, so keys cannot be probed."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        raise AccessError(401, "invalid API key")
    key = s.get(ApiKey, parts[1])
    if key is None or not live(key.revoked_at, key.expires_at) or \
            not hmac.compare_digest(key.secret_hash, _hash(parts[2])):
        raise AccessError(401, "invalid API key")
    return key_actor(s, key, request_id)


def key_actor(s: Session, key: ApiKey, request_id: str) -> Actor:
    """The actor of a verified, unrevoked key, with the agencies it may see."""
    if key.role == "auditor":
        agencies = tuple(s.scalars(select(AuditorGrant.agency_id).where(AuditorGrant.key_id == key.id)))
    else:
        agencies = (key.agency_id,) if key.agency_id else ()
    return Actor(key_id=key.id, role=key.role, agency_ids=agencies, request_id=request_id)

