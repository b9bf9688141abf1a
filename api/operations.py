"""What operators bolt onto the app from the settings: CORS, the Prometheus endpoint, rate limits, tracing."""

from __future__ import annotations

import contextlib

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response

from api.ratelimit import RateLimiter
from billing.observability import metrics, tracing
from billing.settings import Settings


def install(app: FastAPI, settings: Settings) -> None:
    app.state.rate_limiter = RateLimiter(settings)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
                           allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"],
                           expose_headers=["X-Request-ID", "Retry-After", "Location"])
    if settings.metrics_enabled:
        app.add_api_route("/metrics", _metrics, methods=["GET"], include_in_schema=False)
    if settings.tracing_enabled:
        db = app.state.db
        engines = [db.engine] + ([db.replica_engine] if db.replica_engine is not None else [])
        app.state.tracer_provider = tracing.install(app, engines, settings)


def _metrics(request: Request) -> Response:
    """Prometheus text format; the queues' depths are read from the database at scrape time (left as they
    were when the database does not answer: the metrics still do, and say so through the pool and error rates)."""
    with contextlib.suppress(SQLAlchemyError):
        webhooks, jobs = _queue_depths(request)
        metrics.JOB_QUEUE_DEPTH.labels("webhooks").set(webhooks)
        metrics.JOB_QUEUE_DEPTH.labels("jobs").set(jobs)
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)


def _queue_depths(request: Request) -> tuple[int, int]:
    """Webhook deliveries pending, and background jobs queued or running."""
    from sqlalchemy import func, select

    from billing.events.models import WebhookDelivery
    from billing.jobs.models import JobRow

    with request.app.state.db.reading() as s:
        webhooks = s.scalar(select(func.count()).select_from(WebhookDelivery)
                            .where(WebhookDelivery.status == "pending"))
        jobs = s.scalar(select(func.count()).select_from(JobRow).where(JobRow.status.in_(("queued", "running"))))
    return int(webhooks or 0), int(jobs or 0)
