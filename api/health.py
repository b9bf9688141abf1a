"""/healthz (the process is alive) and /readyz (the database answers and is migrated to head)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.errors import problem
from billing.db.connection import Database, NotReady, check_ready


def readiness(db: Database) -> tuple[bool, str]:
    """Whether the database can serve requests (and its migration), or why not."""
    try:
        return True, check_ready(db.engine)
    except NotReady as exc:
        return False, str(exc)


def install(app: FastAPI) -> None:
    @app.get("/healthz", tags=["health"], summary="Liveness: the process answers (no database work)")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], summary="Readiness: the database answers and is migrated to head",
             responses={503: {"description": "Not ready: the database is unreachable or not migrated"}})
    async def readyz() -> JSONResponse:
        ok, why = await run_in_threadpool(readiness, app.state.db)
        if not ok:
            return problem(503, why, headers={"Retry-After": "5"})
        return JSONResponse({"status": "ok", "migration": why})
