"""Request-scoped dependencies: the database, the caller's key, and role checks."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import replace

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.replica import route_reads
from billing.access import AccessError, Actor, authenticate
from billing.db.connection import Database
from billing.intake import Intake
from billing.keys import check_live

bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer pb_…`")


async def database(request: Request) -> Database:
    # async: a plain attribute read needs no hop to the thread pool (a sync dependency takes one per request)
    return request.app.state.db


def intake(request: Request) -> Intake:
    return request.app.state.intake


def actor(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Actor:
    """The caller. A verified key is remembered for PEERBILL_KEY_CACHE_SECONDS (keyed by its hash, never the
    secret), so a changed auditor grant takes effect within that time; whether the key is revoked or expired is
    read on every request, so a revocation holds from the next request on in every worker."""
    if creds is None:
        raise AccessError(401, "send an API key as Authorization: Bearer <key>")
    cache: dict[str, tuple[float, Actor]] = request.app.state.key_cache
    digest = hashlib.sha256(creds.credentials.encode()).hexdigest()
    hit = cache.get(digest)
    settings = request.app.state.settings
    if hit is None or time.monotonic() - hit[0] >= settings.key_cache_seconds:
        with request.app.state.db.reading() as s:
            who = authenticate(s, creds.credentials, "-")
        if len(cache) >= settings.key_cache_size:
            cache.clear()
        cache[digest] = hit = (time.monotonic(), who)
    if not check_live(request.app.state.db, hit[1].key_id):
        cache.pop(digest, None)
        raise AccessError(401, "invalid API key")
    request.app.state.rate_limiter.check(hit[1].key_id, hit[1].role)  # 429 with Retry-After (api/ratelimit.py)
    request.state.key_id = hit[1].key_id  # for the access log
    return replace(hit[1], request_id=request.state.request_id)


def role(*allowed: str) -> Callable[[Actor], Actor]:
    async def check(request: Request, who: Actor = Depends(actor)) -> Actor:
        if who.role not in allowed:
            raise AccessError(403, f"a {who.role} key cannot do this (needs {' or '.join(allowed)})")
        route_reads(request, who.role)  # async, so the replica choice reaches the endpoint (api/replica.py)
        return who

    return check
