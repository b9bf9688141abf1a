"""Prometheus metrics, served at /metrics.

With several `peerbill serve` workers, prometheus_client's multiprocess mode is used: each process writes its
samples to files in PROMETHEUS_MULTIPROC_DIR (which `peerbill serve` creates when it is not set) and /metrics
adds them up across the processes, whichever worker answers the scrape. The variable must be set before this
module is first imported, so `peerbill serve` sets it first thing.

Domain counters are counted from the events a committed transaction wrote (billing/events/outbox.py: every
change worth telling writes one, in its transaction), so a rolled-back change counts nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client import generate_latest as _generate
from sqlalchemy import Engine
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

# Request latency buckets (seconds): single posts take milliseconds, 1,000-item batches a second or more.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

HTTP_REQUESTS = Counter("peerbill_http_requests_total", "HTTP requests answered, by route template and status",
                        ["method", "route", "status"])
HTTP_LATENCY = Histogram("peerbill_http_request_duration_seconds", "Time to answer an HTTP request",
                         ["method", "route", "status"], buckets=LATENCY_BUCKETS)
RATE_LIMITED = Counter("peerbill_rate_limited_total", "Requests refused with 429, by the key's role", ["role"])
ENCOUNTERS_JUDGED = Counter("peerbill_encounters_judged_total",
                            "Encounter versions judged (posted, corrected or re-judged), by state and outcome",
                            ["state", "outcome"])
CLAIMS_BUILT = Counter("peerbill_claims_built_total", "Claims written to 837P files (incl. replacements, voids)")
CLAIM_LINES_BUILT = Counter("peerbill_claim_lines_built_total", "Claim lines written to 837P files")
RESPONSES_INGESTED = Counter("peerbill_responses_ingested_total", "Payer responses ingested, by kind", ["kind"])
WEBHOOK_DELIVERIES = Counter("peerbill_webhook_deliveries_total", "Webhook delivery attempts, by outcome",
                             ["outcome"])
JOB_QUEUE_DEPTH = Gauge("peerbill_job_queue_depth", "Work waiting to be done, by queue (webhooks: deliveries due "
                        "or scheduled; jobs: background jobs not yet finished)", ["queue"],
                        multiprocess_mode="mostrecent")
DB_POOL_SIZE = Gauge("peerbill_db_pool_size", "Connections the pools may keep open (summed over processes)",
                     ["database"], multiprocess_mode="livesum")
DB_POOL_IN_USE = Gauge("peerbill_db_pool_connections_in_use", "Connections checked out of the pools now",
                       ["database"], multiprocess_mode="livesum")
DB_POOL_OPEN = Gauge("peerbill_db_pool_connections_open", "Connections the pools hold open now (in use or idle)",
                     ["database"], multiprocess_mode="livesum")


def registry() -> CollectorRegistry:
    if not MULTIPROCESS:
        return REGISTRY
    from prometheus_client import multiprocess

    reg = CollectorRegistry()
    multiprocess.MultiProcessCollector(reg)
    return reg


def exposition() -> tuple[bytes, str]:
    return _generate(registry()), CONTENT_TYPE_LATEST


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    labels = (method, route, str(status))
    HTTP_REQUESTS.labels(*labels).inc()
    HTTP_LATENCY.labels(*labels).observe(seconds)


def webhook_attempt(ok: bool) -> None:
    WEBHOOK_DELIVERIES.labels("delivered" if ok else "failed").inc()


# --- the database pool ------------------------------------------------------------------------------------


def watch_pool(engine: Engine, database: str) -> None:
    """Keep the pool gauges of this engine current (pool events, so every process reports its own)."""
    pool = engine.pool
    size = getattr(pool, "size", None)
    overflow = getattr(pool, "_max_overflow", 0)
    if callable(size):
        DB_POOL_SIZE.labels(database).inc(size() + max(overflow, 0))
    in_use, open_ = DB_POOL_IN_USE.labels(database), DB_POOL_OPEN.labels(database)
    sa_event.listen(engine, "connect", lambda *_: open_.inc())
    sa_event.listen(engine, "close", lambda *_: open_.dec())
    sa_event.listen(engine, "checkout", lambda *_: in_use.inc())
    sa_event.listen(engine, "checkin", lambda *_: in_use.dec())


def unwatch_pool(engine: Engine, database: str) -> None:
    """The engine is disposed: its capacity leaves the gauge."""
    size = getattr(engine.pool, "size", None)
    if callable(size):
        DB_POOL_SIZE.labels(database).dec(size() + max(getattr(engine.pool, "_max_overflow", 0), 0))


# --- domain counters, from the events of committed transactions --------------------------------------------

_SEEN = "pb_metrics_events"


@sa_event.listens_for(Session, "before_commit", insert=True)  # before the outbox takes its pending events
def _keep_events(s: Session) -> None:
    pending = s.info.get("pb_events")
    if pending:
        s.info[_SEEN] = list(pending)


@sa_event.listens_for(Session, "after_commit")
def _count_events(s: Session) -> None:
    count_events(s.info.pop(_SEEN, ()))


@sa_event.listens_for(Session, "after_rollback")
def _forget_events(s: Session) -> None:
    s.info.pop(_SEEN, None)


def count_events(events: Iterable[dict[str, Any]]) -> None:
    # Verdicts are tallied first and added once per label pair: a 1,000-item batch would otherwise make 1,000
    # label look-ups and increments (each a locked file write in multiprocess mode) for the same totals.
    judged: dict[tuple[str, str], int] = {}
    for e in events:
        kind, data = e["type"], e["data"]
        if kind in ("encounter.judged", "encounter.rejudged"):
            pack = data.get("rule_pack") or {}
            labels = (pack.get("state") or "none", "billable" if data.get("billable") else "not_billable")
            judged[labels] = judged.get(labels, 0) + 1
        elif kind == "claim.built":
            CLAIMS_BUILT.inc()
            CLAIM_LINES_BUILT.inc(len(data.get("lines") or ()))
        elif kind == "response.ingested":
            RESPONSES_INGESTED.labels(str(data.get("kind") or "unknown")).inc()
    for labels, n in judged.items():
        ENCOUNTERS_JUDGED.labels(*labels).inc(n)
