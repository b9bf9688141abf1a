"""The service's edge, one ASGI middleware around every request: its request id, body size limits, NUL
characters in the URL, the access log, and a 500 for anything unexpected, logged without patient data.

It sits inside Starlette's ServerErrorMiddleware and catches every exception itself: that middleware would
re-raise it to the server, which logs the full exception text (a database error's text can carry a
member's name or Medicaid id) and may drop the connection.
"""

from __future__ import annotations

import logging
import re
import time
import traceback
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import accept
from api.errors import problem
from billing.observability import metrics
from billing.settings import Settings, load
from schemas.problems import FieldError

access_log = logging.getLogger("peerbill.http")
error_log = logging.getLogger("peerbill.errors")

# A client's X-Request-ID is kept only when it is short and made of safe characters (it goes into logs,
# headers and the audit trail's 36-character column); anything else is replaced by a fresh UUID.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,36}")
MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Request body limits in bytes: JSON bodies (a 1,000-encounter batch is about 2 MB), and X12 files."""

    body: int = 8 * MiB
    x12: int = 32 * MiB
    x12_paths: tuple[str, ...] = ("/v1/responses",)

    @classmethod
    def from_env(cls, settings: Settings | None = None) -> Limits:
        """PEERBILL_MAX_BODY_BYTES and PEERBILL_MAX_X12_BYTES (billing/settings.py)."""
        settings = settings or load()
        return cls(body=settings.max_body_bytes, x12=settings.max_x12_bytes)

    def for_path(self, path: str) -> int:
        return self.x12 if path in self.x12_paths else self.body


class BodyTooLarge(HTTPException):
    """Raised from the body stream as soon as it passes the limit (FastAPI re-raises HTTPExceptions met while
    reading a body, so this reaches the 413 handler instead of becoming a 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes", {"Connection": "close"})


def request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text if SAFE_REQUEST_ID.fullmatch(text) else str(uuid.uuid4())
    return str(uuid.uuid4())


def nul_problems(scope: Scope) -> list[FieldError]:
    """Path and query values holding a NUL character (PostgreSQL cannot store or compare them)."""
    bad = []
    if "\x00" in scope.get("path", ""):
        bad.append(FieldError(path="path", problem="the URL path contains a NUL character"))
    query = scope.get("query_string", b"").decode("latin-1")
    if "%00" in query or "\x00" in query:
        names = {k for k, v in parse_qsl(query, keep_blank_values=True) if "\x00" in k or "\x00" in v}
        bad += [FieldError(path=n.replace("\x00", "") or "?", problem="contains a NUL character")
                for n in sorted(names) or ["?"]]
    return bad


def describe(exc: BaseException) -> str:
    """An exception for the log without its message, which may quote stored values: the chain of exception
    types (with the database's error code), the SQL statement without its values, and where it was raised."""
    parts, seen = [], 0
    e: BaseException | None = exc
    while e is not None and seen < 4:
        orig = getattr(e, "orig", None)
        code = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None)
        parts.append(type(e).__qualname__ + (f"[{code}]" if code else ""))
        e, seen = e.__cause__ or e.__context__, seen + 1
    sql = getattr(exc, "statement", None)
    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    return " from ".join(parts) + (f"; sql: {' '.join(str(sql).split())[:300]}" if sql else "") + f"; at {where}"


class Edge:
    def __init__(self, app: ASGIApp, limits: Limits | None = None) -> None:
        self.app = app
        self.limits = limits or Limits.from_env()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        scope.setdefault("state", {})["request_id"] = rid
        start, sent = time.perf_counter(), {"status": 0}
        accept.request_started()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            await self._guarded(scope, receive, send_with_id, rid)
        except Exception as exc:  # noqa: BLE001 - the edge answers every failure itself
            error_log.error("unhandled error in request %s: %s", rid, describe(exc))
            if not sent["status"]:
                await _respond(problem(500, "unexpected error; quote the request id", instance=rid),
                               scope, receive, send_with_id)
            else:
                sent["status"] = 500  # the answer was cut short: the server closes the connection
        finally:
            accept.request_finished()
            # Method, route template and status only: paths and query strings can carry member ids (PHI).
            route = getattr(scope.get("route"), "path", "?")
            seconds, status = time.perf_counter() - start, sent["status"] or 500
            key_id = scope["state"].get("key_id")
            access_log.info("%s %s %s %.1fms rid=%s", scope.get("method"), route, status, seconds * 1000, rid,
                            extra={"request_id": rid, "method": scope.get("method"), "route": route,
                                   "status": status, "latency_ms": round(seconds * 1000, 1), "key_id": key_id})
            metrics.observe_request(scope.get("method", "?"), route, status, seconds)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, rid: str) -> None:
        limit = self.limits.for_path(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:  # refused before a byte of the body is read
            exc = BodyTooLarge(limit)
            await _respond(problem(413, exc.detail, instance=rid, headers=exc.headers), scope, receive, send)
            return
        if bad := nul_problems(scope):
            await _respond(problem(422, "the URL contains a NUL character", bad, instance=rid), scope, receive,
                           send)
            return
        await self.app(scope, _limited(receive, limit), send)


def _limited(receive: Receive, limit: int) -> Receive:
    """The body stream, refused once it passes `limit` bytes (a body sent without Content-Length)."""
    total = 0

    async def counting() -> Message:
        nonlocal total
        message = await receive()
        if message["type"] == "http.request":
            total += len(message.get("body", b""))
            if total > limit:
                raise BodyTooLarge(limit)
        return message

    return counting


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _respond(response: Any, scope: Scope, receive: Receive, send: Send) -> None:
    await response(scope, receive, send)
