"""The FastAPI application."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import date

from fastapi import FastAPI, Request
from sqlalchemy import text

from api import console, docs, errors
from api.routers import admin, claims, encounters, fhir, keys, rejections, responses, rules, whatif, worklists
from billing.claims.build import ClaimBuilder
from billing.db.connection import Database
from billing.intake import Intake
from billing.rules import Registry, default_registry

log = logging.getLogger("peerbill.http")


def create_app(db: Database | None = None, registry: Registry | None = None,
               today: Callable[[], date] | None = None) -> FastAPI:
    """The app; `today` (the filing date verdicts judge timeliness against) is injectable for tests."""
    app = FastAPI(
        title="Peerbill", version="0.1.0", docs_url=None, redoc_url=None,  # served by api.docs, without a CDN
        description="Medicaid billing for peer support services: post encounters, get verdicts that explain "
        "themselves (findings with citations, units, expected payment).",
    )
    app.state.db = db or Database()
    app.state.registry = registry or default_registry()
    app.state.key_cache = {}
    app.state.claims = ClaimBuilder(app.state.db, **({"today": today} if today else {}))
    app.state.intake = Intake(app.state.db, app.state.registry, **({"today": today} if today else {}))
    errors.install(app)
    app.include_router(encounters.router)
    app.include_router(rules.router)
    app.include_router(claims.router)
    app.include_router(responses.router)
    app.include_router(rejections.router)
    app.include_router(admin.router)
    app.include_router(keys.router)
    app.include_router(fhir.router)
    app.include_router(whatif.router)
    app.include_router(worklists.router)
    console.install(app)
    docs.install(app)

    @app.middleware("http")
    async def request_id(request: Request, call_next):
        request.state.request_id = request.headers.get("X-Request-ID", "")[:36] or str(uuid.uuid4())
        start = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Request-ID"] = request.state.request_id
        # Method, route template and status only: paths and query strings can carry member ids (PHI).
        route = getattr(request.scope.get("route"), "path", "?")
        log.info("%s %s %s %.1fms rid=%s", request.method, route, response.status_code,
                 (time.perf_counter() - start) * 1000, request.state.request_id)
        return response

    @app.get("/healthz", tags=["health"], summary="Liveness and database check")
    def healthz() -> dict[str, str]:
        with app.state.db.reading() as s:
            s.execute(text("SELECT 1"))
        return {"status": "ok"}

    return app
