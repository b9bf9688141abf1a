"""OpenTelemetry tracing of requests and SQL statements, when PEERBILL_TRACING_ENABLED is set.

Needs the `tracing` extra (`pip install 'peerbill[tracing]'`). Spans are named by route template; the request's
path, query string and full URL, which can carry member ids, are replaced on every server span by the route
template; SQL spans carry statements without their values (SQLAlchemy binds them).
"""

from __future__ import annotations

from typing import Any

from billing.settings import Settings, SettingsError

URL_ATTRIBUTES = ("http.target", "http.url", "url.full", "url.path", "url.query", "http.request.header.referer")


def _scrub(span: Any, scope: dict[str, Any]) -> None:
    if span is None or not span.is_recording():
        return
    for name in URL_ATTRIBUTES:
        if name in getattr(span, "attributes", {}):
            span.set_attribute(name, "[redacted]")


def install(app: Any, engines: list[Any], settings: Settings, exporter: Any = None) -> Any:
    """Instrument the app and the engines; the tracer provider (its exporter: `exporter` if given, e.g. a test's
    in-memory one, else the one the settings name)."""
    try:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
        from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
    except ImportError:
        raise SettingsError("PEERBILL_TRACING_ENABLED needs the tracing extra: pip install 'peerbill[tracing]'"
                            ) from None
    provider = TracerProvider(resource=Resource.create({"service.name": settings.service_name}))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        provider.add_span_processor(BatchSpanProcessor(_exporter(settings)))
    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, server_request_hook=_scrub,
                                       excluded_urls="healthz,readyz,metrics")
    for engine in engines:
        SQLAlchemyInstrumentor().instrument(engine=engine, tracer_provider=provider, enable_commenter=False)
    return provider


def _exporter(settings: Settings) -> Any:
    if settings.tracing_exporter == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError:
        raise SettingsError("PEERBILL_TRACING_EXPORTER=otlp needs the tracing extra: pip install 'peerbill[tracing]'"
                            ) from None
    return OTLPSpanExporter()
