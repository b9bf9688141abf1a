"""Console sign-in: a person's API key (billing, auditor, admin) is exchanged for a session cookie. The cookie
holds a random token; the database holds its hash, the key, a CSRF token and when it was last used, so sign-out,
idle expiry and key revocation hold on every process."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from fastapi import Request
from sqlalchemy import delete
from starlette.responses import Response

from billing.access import AccessError, Actor, authenticate, key_actor, live
from billing.audit import record
from billing.db.connection import Database
from billing.db.models import ApiKey, ConsoleSession
from billing.settings import load

COOKIE = "pb_console"
LOGIN_CSRF = "pb_login_csrf"
PERSON_ROLES = ("billing", "auditor", "admin")


def idle_limit() -> timedelta:
    return timedelta(minutes=load().console_idle_minutes)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Signed:
    """The person behind a console request, and the CSRF token their forms carry."""

    actor: Actor
    csrf: str


def sign_in(db: Database, api_key: str, request_id: str) -> tuple[str, Signed]:
    """A new session for a person's key; an EHR key, or any bad key, is refused."""
    with db.writing() as s:
        who = authenticate(s, api_key.strip(), request_id)
        if who.role not in PERSON_ROLES:
            raise AccessError(403, "an EHR key is for systems, not people: sign in with a billing, auditor or "
                              "admin key")
        token, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), datetime.now(UTC)
        s.add(ConsoleSession(token_hash=_hash(token), key_id=who.key_id, csrf=csrf, created_at=now, seen_at=now))
        record(s, who, "console.sign_in", "api_key", who.key_id, who.agency_ids[0] if len(who.agency_ids) == 1
               else None)
        s.commit()
        return token, Signed(who, csrf)


def current(db: Database, request: Request) -> Signed | None:
    """The signed-in person, or None (no cookie, unknown, idle too long, or the key revoked)."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    now = datetime.now(UTC)
    with db.writing() as s:
        row = s.get(ConsoleSession, _hash(token))
        if row is None:
            return None
        key = s.get(ApiKey, row.key_id)
        seen = row.seen_at if row.seen_at.tzinfo else row.seen_at.replace(tzinfo=UTC)
        if key is None or not live(key.revoked_at, key.expires_at) or now - seen > idle_limit():
            s.delete(row)
            s.commit()
            return None
        if now - seen > timedelta(seconds=30):  # not a write on every click
            row.seen_at = now
        who = key_actor(s, key, getattr(request.state, "request_id", "-"))
        csrf = row.csrf
        s.commit()
    return Signed(replace(who, request_id=getattr(request.state, "request_id", "-")), csrf)


def sign_out(db: Database, request: Request, who: Actor) -> None:
    token = request.cookies.get(COOKIE)
    if token:
        with db.writing() as s:
            s.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == _hash(token)))
            record(s, who, "console.sign_out", "api_key", who.key_id, who.agency_ids[0] if len(who.agency_ids) == 1
                   else None)
            s.commit()


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int | None = None) -> None:
    """HttpOnly, SameSite=Strict, path /console; Secure whenever the request came over TLS."""
    response.set_cookie(name, value, max_age=max_age, path="/console", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
