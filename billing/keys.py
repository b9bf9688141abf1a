"""API key lifecycle: list (never a secret), revoke, rotate with an overlap, and when a key was last used.

Revocation and expiry take effect on the next request in every worker process: the request path re-reads the
key's state on each request (`check_live`), caching only the secret's verification.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from billing.access import AccessError, Actor, create_key, live, now, utc
from billing.audit import record
from billing.db.connection import Database
from billing.db.models import Agency, ApiKey, AuditorGrant
from schemas.api import KeyIn, KeyOut

DEFAULT_OVERLAP = timedelta(hours=24)
TOUCH_EVERY = timedelta(minutes=5)  # last_used_at is written at most this often per key (a write per request
# would put every read behind SQLite's single writer)


def _grants(s: Session, key_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key_id, agency in s.execute(select(AuditorGrant.key_id, AuditorGrant.agency_id)
                                    .where(AuditorGrant.key_id.in_(key_ids))):
        out.setdefault(key_id, []).append(agency)
    return out


def _utc(at: datetime | None) -> datetime | None:
    return None if at is None else utc(at)


def _sandboxes(s: Session, agencies: list[str | None]) -> set[str]:
    """Which of these agencies are sandboxes (their keys are test keys)."""
    ids = [a for a in agencies if a]
    return set(s.scalars(select(Agency.id).where(Agency.id.in_(ids), Agency.sandbox_of.is_not(None)))) if ids \
        else set()


def key_out(k: ApiKey, agencies: list[str], test: bool = False) -> KeyOut:
    return KeyOut(id=k.id, role=k.role, name=k.name, agency_id=k.agency_id, agencies=agencies,  # type: ignore[arg-type]
                  created_at=utc(k.created_at), expires_at=_utc(k.expires_at), revoked_at=_utc(k.revoked_at),
                  last_used_at=_utc(k.last_used_at), rotated_from=k.rotated_from, test=test)


def list_keys(s: Session, agency: str | None = None, include_revoked: bool = True) -> list[KeyOut]:
    """Every key, oldest first, without its secret (only a hash is stored); an agency's include the test keys
    of its sandbox."""
    q = select(ApiKey).order_by(ApiKey.created_at, ApiKey.id)
    if agency is not None:
        q = q.where((ApiKey.agency_id == agency) | ApiKey.id.in_(
            select(AuditorGrant.key_id).where(AuditorGrant.agency_id == agency)) | ApiKey.agency_id.in_(
            select(Agency.id).where(Agency.sandbox_of == agency)))
    keys = [k for k in s.scalars(q) if include_revoked or k.revoked_at is None]
    grants = _grants(s, [k.id for k in keys if k.role == "auditor"])
    tests = _sandboxes(s, [k.agency_id for k in keys])
    return [key_out(k, grants.get(k.id, []) if k.role == "auditor" else ([k.agency_id] if k.agency_id else []),
                    k.agency_id in tests) for k in keys]


def _get(s: Session, key_id: str) -> ApiKey:
    k = s.get(ApiKey, key_id, with_for_update=True)
    if k is None:
        raise AccessError(404, f"no key {key_id}")
    return k


def revoke(s: Session, key_id: str, actor: Actor) -> KeyOut:
    """Refused from the next request on, by every worker. Revoking a revoked key changes nothing."""
    k = _get(s, key_id)
    if k.revoked_at is None:
        k.revoked_at = now()
        record(s, actor, "key.revoke", "api_key", k.id, k.agency_id)
    return key_out(k, _grants(s, [k.id]).get(k.id, [k.agency_id] if k.agency_id else []),
                   k.agency_id in _sandboxes(s, [k.agency_id]))


def rotate(s: Session, key_id: str, actor: Actor, old_valid_until: datetime | None = None) -> KeyOut:
    """A new key with the same role and agencies (its secret shown once); the old one keeps working until
    `old_valid_until` (default 24 hours), so a deployment can switch without a gap."""
    k = _get(s, key_id)
    if not live(k.revoked_at, k.expires_at):
        raise AccessError(409, f"key {key_id} is revoked or expired: create a new key instead")
    until = old_valid_until or now() + DEFAULT_OVERLAP
    if until.tzinfo is None:
        raise AccessError(422, "old_valid_until needs a UTC offset")
    until = max(until, now())
    agencies = _grants(s, [k.id]).get(k.id, [])
    new = create_key(s, KeyIn(role=k.role, name=k.name, agency_id=k.agency_id, agencies=agencies,  # type: ignore[arg-type]
                              expires_at=k.expires_at if k.expires_at and utc(k.expires_at) > now() else None),
                     actor)
    s.execute(update(ApiKey).where(ApiKey.id == new.id).values(rotated_from=k.id))
    if k.expires_at is None or utc(k.expires_at) > until:
        k.expires_at = until
    record(s, actor, "key.rotate", "api_key", k.id, k.agency_id, {"new_key": new.id, "old_valid_until":
                                                                  until.isoformat()})
    return new.model_copy(update={"rotated_from": k.id})


def check_live(db: Database, key_id: str) -> bool:
    """Whether the key still works, read now (one primary-key read); refreshes its last use now and then."""
    # Always the primary (never the replica). On PostgreSQL in autocommit: one statement needs no BEGIN and
    # ROLLBACK, two more round trips per request. Not on SQLite (no round trips), whose connections would come
    # back to the pool with pysqlite's implicit transactions on (SQLAlchemy's reset of the isolation level).
    options = {} if db.is_sqlite else {"isolation_level": "AUTOCOMMIT"}
    with db.engine.connect().execution_options(**options) as conn:
        row = conn.execute(select(ApiKey.revoked_at, ApiKey.expires_at, ApiKey.last_used_at)
                           .where(ApiKey.id == key_id)).first()
    if row is None or not live(row.revoked_at, row.expires_at):
        return False
    if row.last_used_at is None or utc(row.last_used_at) < now() - TOUCH_EVERY:
        _touch(db, key_id)
    return True


def _touch(db: Database, key_id: str) -> None:
    try:
        with db.writing() as s:
            s.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=now()))
            s.commit()
    except OperationalError:  # best effort: a busy database is no reason to refuse the request
        pass
