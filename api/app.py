"""The FastAPI application."""

from __future__ import annotations

from billing.gcpause import paused

with paused():  # a worker's start-up: see billing/gcpause.py
    from collections.abc import Callable
    from datetime import date

    from fastapi import FastAPI

    from api import console, contract, docs, errors, health, idempotency, operations
    from api.edge import Edge, Limits
    from api.routers import (
        admin,
        claims,
        encounters,
        events,
        fhir,
        jobs,
        keys,
        rejections,
        responses,
        rules,
        whatif,
        worklists,
    )
    from billing.claims.build import ClaimBuilder
    from billing.db.connection import Database
    from billing.intake import Intake
    from billing.rules import Registry, default_registry
    from billing.settings import Settings, load


def create_app(db: Database | None = None, registry: Registry | None = None,
               today: Callable[[], date] | None = None, limits: Limits | None = None,
               settings: Settings | None = None) -> FastAPI:
    """The app; `today` (the filing date verdicts judge timeliness against), the body size `limits` and the
    `settings` (default: the environment's, billing/settings.py) are injectable for tests."""
    with paused():
        return _build(db, registry, today, limits, settings)


def serve_app() -> FastAPI:
    """The app as `peerbill serve` runs it, its start-up objects then frozen out of the collector's sight: every
    full collection walked those hundreds of thousands of long-lived objects again, a 100-180 ms pause about
    every 300 list requests (the slowest of them). Not in create_app: a test process builds many apps."""
    import gc

    app = create_app()
    gc.freeze()
    return app


def _build(db: Database | None, registry: Registry | None, today: Callable[[], date] | None, limits: Limits | None,
           settings: Settings | None) -> FastAPI:
    settings = settings or load()
    app = FastAPI(
        title="Peerbill", version="0.1.0", docs_url=None, redoc_url=None,  # served by api.docs, without a CDN
        generate_unique_id_function=contract.operation_id, separate_input_output_schemas=False,
        description="Medicaid billing for peer support services: post encounters, get verdicts that explain "
        "themselves (findings with citations, units, expected payment).",
    )
    app.state.settings = settings
    app.state.db = db or Database(settings=settings)
    app.state.registry = registry or default_registry()
    app.state.key_cache = {}
    app.state.claims = ClaimBuilder(app.state.db, **({"today": today} if today else {}))
    app.state.intake = Intake(app.state.db, app.state.registry, **({"today": today} if today else {}))
    errors.install(app)
    idempotency.install(app)
    # The health routes first: FastAPI (0.165) builds an included router's routes on the first request that is
    # matched against them, so a /healthz after all the routers would build every route (~0.06 s of CPU) before a
    # starting worker could answer it. Nothing else matches /healthz or /readyz, so where they sit changes no
    # answer (the OpenAPI document lists them first).
    health.install(app)
    app.include_router(encounters.router)
    app.include_router(rules.router)
    app.include_router(claims.router)
    app.include_router(responses.router)
    app.include_router(rejections.router)
    app.include_router(admin.router)
    app.include_router(keys.router)
    app.include_router(fhir.router)
    app.include_router(whatif.router)
    app.include_router(events.router)
    app.include_router(worklists.router)
    app.include_router(jobs.router)
    console.install(app)
    docs.install(app)
    contract.install(app)

    operations.install(app, settings)  # rate limits, CORS, /metrics, tracing (api/operations.py)
    # Request ids, body limits, the access log and every 500 (see api/edge.py).
    app.add_middleware(Edge, limits=limits or Limits.from_env(settings))

    return app
