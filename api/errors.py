"""Every error is RFC 9457 application/problem+json; a schema error lists each bad field with its path."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from billing.access import AccessError
from billing.reads import NotFound
from schemas.problems import FieldError, Problem, json_path

PROBLEM = "application/problem+json"
TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
          409: "Conflict", 413: "Payload too large", 422: "Unprocessable content", 429: "Too many requests",
          500: "Internal server error",
          503: "Service unavailable"}


def problem(status: int, detail: str | None = None, errors: list[FieldError] | None = None,
            request: Request | None = None, headers: dict[str, str] | None = None,
            instance: str | None = None) -> JSONResponse:
    """A problem+json answer; `instance` is the request id (read from the request when one is given)."""
    body = Problem(title=TITLES.get(status, "Error"), status=status, detail=detail, errors=errors,
                   instance=instance or getattr(getattr(request, "state", None), "request_id", None))
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM,
                        headers=headers)


def _field(e: dict[str, Any]) -> FieldError:
    loc = tuple(e.get("loc", ()))
    if loc and loc[0] in ("body", "query", "path", "header"):
        loc = loc[1:] if loc[0] == "body" else loc
    msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
    return FieldError(path=json_path(loc), problem=msg)


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [_field(e) for e in exc.errors()]
        request.state.idempotency_refused = True  # refused before the route ran: its Idempotency-Key is not kept
        return problem(422, f"{len(errors)} field(s) are invalid", errors, request)

    @app.exception_handler(AccessError)
    async def _access(request: Request, exc: AccessError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem(exc.status, str(exc), getattr(exc, "errors", None), request=request, headers=headers)

    @app.exception_handler(NotFound)
    async def _missing(request: Request, exc: NotFound) -> JSONResponse:
        return problem(404, f"no encounter {exc}", request=request)

    @app.exception_handler(IntegrityError)
    async def _clash(request: Request, exc: IntegrityError) -> JSONResponse:
        # A constraint caught what validation did not (e.g. a reference to nothing): the request's fault.
        return problem(409, "the request conflicts with stored data (a duplicate, or a reference to nothing)",
                       request=request)

    @app.exception_handler(DataError)
    async def _unstorable(request: Request, exc: DataError) -> JSONResponse:
        # The database refused a value validation let through (PostgreSQL text cannot hold a NUL character);
        # the transaction rolled back, so nothing was written. The value is not echoed (it may be PHI).
        return problem(422, "a value cannot be stored: text must not contain NUL (\\u0000) characters, and "
                       "numbers and dates must be in range", request=request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail) if exc.detail else None, request=request,
                       headers=exc.headers)
    # Anything else (a 500) is answered and logged, without patient data, by the edge (api/edge.py).
