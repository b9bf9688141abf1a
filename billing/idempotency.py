"""Idempotency-Key: a client may send any write again under the same key and gets the first answer, whatever it
was (a 201, a 409, a 422 the use case gave), instead of doing the work twice.

The rules (after the IETF draft "The Idempotency-Key HTTP Header Field", draft-ietf-httpapi-idempotency-key-header):

- A key belongs to the agency of the API key that used it, and to the route it was first used on.
- The first request with a key reserves it (a row with status 0, committed before the work starts). A second
  request with the key while the first runs waits for its answer (up to `WAIT_SECONDS`), then gets it; after
  that wait it is a 409. A reservation older than `STALE_AFTER` (its process died) can be taken over.
- The same key with another body, or on another route, is a 422 that says so.
- Answers the endpoint gave are stored, errors included. Requests refused before the endpoint ran
  (authentication, a body that does not match the schema) and server errors (5xx: nothing was written) are
  not: the reservation is released and the key can be used again.
- A key expires `ttl()` after its first use (24 hours by default; `PEERBILL_IDEMPOTENCY_RETENTION_HOURS`). An
  expired key is ignored and may be used again; `purge` (the `peerbill db purge` command) deletes expired keys.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, update

from billing.db.connection import Database
from billing.db.models import IdempotencyRecord
from billing.intake import insert_once

TTL_ENV = "PEERBILL_IDEMPOTENCY_RETENTION_HOURS"
PENDING = 0
STALE_AFTER = timedelta(minutes=10)
WAIT_SECONDS = 60.0
_POLL_SECONDS = 0.05


def ttl() -> timedelta:
    """How long a key is kept: the idempotency_retention_hours setting (billing.settings), read afresh."""
    from billing.settings import load

    return timedelta(hours=load().idempotency_retention_hours)


def fingerprint(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class Claim:
    """A key this request reserved: its answer is stored under it."""

    agency_id: str
    key: str
    route: str
    digest: str


@dataclass(frozen=True)
class Stored:
    """The first answer given under a key."""

    status: int
    body: Any
    media_type: str


class KeyReused(Exception):
    """The key was used before with another body or on another route (HTTP 422)."""


class InProgress(Exception):
    """The first request with the key is still running (HTTP 409)."""


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def begin(db: Database, claim: Claim, now: datetime | None = None, wait: float = WAIT_SECONDS) -> Stored | None:
    """Reserve the key for this request (None), or the answer stored under it. Raises KeyReused, InProgress."""
    deadline = time.monotonic() + wait
    while True:
        at = now or datetime.now(UTC)
        with db.reading() as s:
            rec = s.get(IdempotencyRecord, (claim.agency_id, claim.key))
            seen = None if rec is None else (_utc(rec.created_at), rec.status, rec.request_hash, rec.route,
                                             rec.body, rec.media_type)
        if seen is None or _lapsed(seen[0], seen[1], at):
            if _reserve(db, claim, at, None if seen is None else seen[0]):
                return None
            continue  # another request reserved it first: read what it left
        _, status, digest, route, body, media_type = seen
        if route is not None and route != claim.route:
            raise KeyReused(f"this Idempotency-Key was used on {route}; use a new key for each request")
        if digest != claim.digest:
            raise KeyReused("this Idempotency-Key was used with a different request body; use a new key for a "
                            "different request")
        if status != PENDING:
            return Stored(status, body, media_type or ("application/problem+json" if status >= 400
                                                       else "application/json"))
        if time.monotonic() >= deadline:
            raise InProgress("a request with this Idempotency-Key is still being processed; send it again later")
        time.sleep(_POLL_SECONDS)


def _lapsed(created: datetime, status: int, at: datetime) -> bool:
    """Expired, or a reservation whose request never finished."""
    return created <= at - ttl() or (status == PENDING and created <= at - STALE_AFTER)


def _reserve(db: Database, claim: Claim, at: datetime, lapsed_at: datetime | None) -> bool:
    with db.writing() as s:
        if lapsed_at is not None:  # only the row that was read: a racer's fresh reservation stays
            s.execute(delete(IdempotencyRecord).where(
                IdempotencyRecord.agency_id == claim.agency_id, IdempotencyRecord.key == claim.key,
                IdempotencyRecord.created_at == lapsed_at))
        row = {"agency_id": claim.agency_id, "key": claim.key, "request_hash": claim.digest, "status": PENDING,
               "body": None, "created_at": at, "route": claim.route, "media_type": None}
        kept = insert_once(s, IdempotencyRecord, row, ["agency_id", "key"])
        s.commit()
        return kept


def finish(db: Database, claim: Claim, status: int, body: Any, media_type: str) -> None:
    """Store the answer under the reserved key."""
    with db.writing() as s:
        s.execute(update(IdempotencyRecord).where(*_pending(claim)).values(status=status, body=body,
                                                                          media_type=media_type))
        s.commit()


def release(db: Database, claim: Claim) -> None:
    """Give the key up (the request was refused before it ran, or failed): it can be used again."""
    with db.writing() as s:
        s.execute(delete(IdempotencyRecord).where(*_pending(claim)))
        s.commit()


def _pending(claim: Claim) -> tuple[Any, ...]:
    return (IdempotencyRecord.agency_id == claim.agency_id, IdempotencyRecord.key == claim.key,
            IdempotencyRecord.request_hash == claim.digest, IdempotencyRecord.status == PENDING)


def purge(db: Database, now: datetime | None = None) -> int:
    """Delete every expired key; how many were deleted."""
    cutoff = (now or datetime.now(UTC)) - ttl()
    with db.writing() as s:
        n = s.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at <= cutoff)).rowcount
        s.commit()
    return n or 0
