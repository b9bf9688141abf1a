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
        trace_sql(engine, provider.get_tracer("peerbill.sql"))
    return provider


def trace_sql(engine: Any, tracer: Any) -> None:
    """A span per SQL statement, child of the request's span: the statement's text (SQLAlchemy binds every value,
    so it holds none), its operation and the database system. (opentelemetry-instrumentation-sqlalchemy declares
    sqlalchemy < 2.1 and imports its asyncio extension, which needs greenlet; these few lines need neither.)"""
    from sqlalchemy import event

    system = engine.dialect.name

    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn, cursor, statement, parameters, context, executemany) -> None:
        operation = statement.lstrip().split(" ", 1)[0].upper()
        span = tracer.start_span(f"{operation} {system}", attributes={
            "db.system": system, "db.operation": operation, "db.statement": " ".join(statement.split())[:2000]})
        conn.info.setdefault("pb_spans", []).append(span)

    @event.listens_for(engine, "after_cursor_execute")
    def _end(conn, cursor, statement, parameters, context, executemany) -> None:
        spans = conn.info.get("pb_spans")
        if spans:
            spans.pop().end()

    @event.listens_for(engine, "handle_error")
    def _failed(ctx) -> None:
        spans = ctx.connection.info.get("pb_spans") if ctx.connection is not None else None
        if spans:
            span = spans.pop()
            span.set_attribute("error.type", type(ctx.original_exception).__qualname__)
            span.end()


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
