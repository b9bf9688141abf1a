"""The Idempotency-Key header on every write a retry could double (rules: billing/idempotency.py).

A route takes it with `dependencies=[IDEMPOTENT]`: the dependency reserves the key (or answers with the stored
answer, or refuses a reused key); the middleware stores the answer the route gave before sending it, so a
client never sees an answer that a retry would not get again.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import actor
from api.errors import problem
from billing import idempotency as idem
from billing.access import Actor

DESCRIPTION = ("Optional, up to 255 characters, one per request (a UUID is a good choice). The same key and body "
               "again within 24 hours gets the first answer, errors included (with `Idempotent-Replayed: true`); "
               "the same key with another body is a 422; while the first request runs, a second waits for its "
               "answer.")
REPLAYED = "Idempotent-Replayed"
_STATE = "idempotency"
REFUSED = "idempotency_refused"  # set by the 422 handler for a body refused before the route ran


class Replay(Exception):
    def __init__(self, stored: idem.Stored) -> None:
        self.stored = stored


async def idempotent(request: Request, who: Annotated[Actor, Depends(actor)],
                     key: Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=255,
                                                       description=DESCRIPTION)] = None) -> None:
    if key is None:
        return
    claim = idem.Claim(scope_of(who), key, f"{request.method} {request.url.path}",
                       idem.fingerprint(await request.body()))
    stored = await run_in_threadpool(idem.begin, request.app.state.db, claim)
    if stored is not None:
        raise Replay(stored)
    request.state.idempotency = claim


def scope_of(who: Actor) -> str:
    """Whose keys a key shares: an agency's keys share its namespace; a key over no agency (an admin's) has its
    own, so two operators' retries never meet."""
    return who.agency_ids[0] if who.agency_ids else f"key:{who.key_id}"


IDEMPOTENT = Depends(idempotent)


class Recorder:
    """Stores the answer of a request that reserved an Idempotency-Key, before the answer is sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def hold(message: Message) -> None:
            claim = scope.get("state", {}).get(_STATE)
            if claim is None:
                await send(message)
                return
            held.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                await run_in_threadpool(_settle, scope, claim, held)
                scope["state"].pop(_STATE, None)
                for m in held:
                    await send(m)

        try:
            await self.app(scope, receive, hold)
        except BaseException:
            if (claim := scope.get("state", {}).pop(_STATE, None)) is not None:
                await run_in_threadpool(idem.release, scope["app"].state.db, claim)
            raise


def _settle(scope: Scope, claim: idem.Claim, messages: list[Message]) -> None:
    db = scope["app"].state.db
    start = messages[0]
    status = start["status"]
    if status in (401, 403) or status >= 500 or scope["state"].get(REFUSED):
        idem.release(db, claim)
        return
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in start.get("headers", [])}
    media_type = headers.get("content-type", "application/json").split(";")[0]
    raw = b"".join(m.get("body", b"") for m in messages[1:])
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode("utf-8", "replace")
    idem.finish(db, claim, status, body, media_type)


def _replayed(stored: idem.Stored) -> Response:
    if stored.body is None:
        content = b""
    elif isinstance(stored.body, str) and not stored.media_type.endswith("json"):
        content = stored.body.encode()
    else:
        content = json.dumps(stored.body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(content, status_code=stored.status, media_type=stored.media_type, headers={REPLAYED: "true"})


def install(app: FastAPI) -> None:
    @app.exception_handler(Replay)
    async def _replay(request: Request, exc: Replay) -> Response:
        return _replayed(exc.stored)

    @app.exception_handler(idem.KeyReused)
    async def _reused(request: Request, exc: idem.KeyReused) -> Any:
        return problem(422, f"Idempotency-Key: {exc}", request=request)

    @app.exception_handler(idem.InProgress)
    async def _busy(request: Request, exc: idem.InProgress) -> Any:
        return problem(409, f"Idempotency-Key: {exc}", request=request, headers={"Retry-After": "5"})

    app.add_middleware(Recorder)
