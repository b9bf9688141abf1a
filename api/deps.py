"""Request-scoped dependencies: the database, the caller's key, and role checks."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from billing.access import AccessError, Actor, authenticate
from billing.db.connection import Database
from billing.intake import Intake

bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer pb_…`")


def database(request: Request) -> Database:
    return request.app.state.db


def intake(request: Request) -> Intake:
    return request.app.state.intake


def actor(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Actor:
    if creds is None:
        raise AccessError(401, "send an API key as Authorization: Bearer <key>")
    with request.app.state.db.reading() as s:
        return authenticate(s, creds.credentials, request.state.request_id)


def role(*allowed: str) -> Callable[[Actor], Actor]:
    def check(who: Actor = Depends(actor)) -> Actor:
        if who.role not in allowed:
            raise AccessError(403, f"a {who.role} key cannot do this (needs {' or '.join(allowed)})")
        return who

    return check
