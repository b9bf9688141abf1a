"""Metrics at /metrics (billing/observability/metrics.py), JSON logs across worker processes, and tracing."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from api.app import create_app
from billing.settings import Settings
from tests.conftest import Api
from tests.test_api_encounters import enc
from tests.test_reliability import PHI, leaks, phi_encounter


def scrape(client) -> dict[tuple[str, tuple], float]:
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_by_route_template_and_status(api):
    before = scrape(api.client)
    for i in range(3):
        api.call("GET", f"/v1/encounters/missing-{i}")
    api.call("GET", "/v1/encounters")
    after = scrape(api.client)
    route = {"method": "GET", "route": "/v1/encounters/{encounter_id}", "status": "404"}
    assert value(after, "peerbill_http_requests_total", **route) - value(before, "peerbill_http_requests_total",
                                                                          **route) == 3
    assert value(after, "peerbill_http_request_duration_seconds_count", **route) - \
        value(before, "peerbill_http_request_duration_seconds_count", **route) == 3
    assert not any("missing-" in str(k) for k in after)  # paths never become labels
    names = {k[0] for k in after}
    assert {"peerbill_db_pool_size", "peerbill_db_pool_connections_in_use", "peerbill_job_queue_depth"} <= names


def test_domain_counters_count_committed_work(api, db):
    from tests.test_responses_e2e import build, ingest

    before = scrape(api.client)
    bad = enc(encounter_id="late", service={"date": "2024-01-02"})  # filed far too late: not billable
    assert api.call("POST", "/v1/encounters", json=bad).status_code == 201
    f = build(api, db, ["SYN0001", "SYN0001", "SYN0002"])  # 3 encounters, 2 claims, 3 lines
    from billing.x12.payer_sim import Outcome, remit_835
    from tests.test_responses_e2e import PAYER, US

    assert ingest(api, remit_835([(c, Outcome()) for c in f.claims], PAYER, US, f.created.date())).status_code == 201
    after = scrape(api.client)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("peerbill_encounters_judged_total", state="ZZ", outcome="billable") == 3
    assert delta("peerbill_encounters_judged_total", state="ZZ", outcome="not_billable") == 1
    assert delta("peerbill_claims_built_total") == 2
    assert delta("peerbill_claim_lines_built_total") == 3
    assert delta("peerbill_responses_ingested_total", kind="835") == 1


def test_a_rolled_back_change_counts_nothing(api, db):
    from billing.events import outbox

    before = scrape(api.client)
    with db.writing() as s:
        s.execute(text("SELECT 1"))  # a transaction under way, then rolled back
        outbox.emit(s, api.a, "encounter.judged", "x", {"billable": True, "rule_pack": {"state": "ZZ"}})
        s.rollback()
    assert value(scrape(api.client), "peerbill_encounters_judged_total", state="ZZ", outcome="billable") == \
        value(before, "peerbill_encounters_judged_total", state="ZZ", outcome="billable")


def test_webhook_queue_depth_and_deliveries(api, db):
    from billing.events.delivery import Result, Worker
    from tests.test_webhooks import FAST, endpoint, post_encounters

    endpoint(api, "http://127.0.0.1:9/hook")
    post_encounters(api, 2)  # a worker sends at most two at once to one endpoint
    assert value(scrape(api.client), "peerbill_job_queue_depth", queue="webhooks") == 2
    worker = Worker(db, FAST)
    worker.send = lambda job: Result(False, 500, 1, "HTTP 500")  # the endpoint answers 500
    before = scrape(api.client)
    assert worker.run_once() == 2
    after = scrape(api.client)
    assert value(after, "peerbill_webhook_deliveries_total", outcome="failed") - \
        value(before, "peerbill_webhook_deliveries_total", outcome="failed") == 2
    assert value(after, "peerbill_job_queue_depth", queue="webhooks") == 2  # pending again, for a retry
    worker.close()


def test_pool_gauges_follow_the_connections(db, zz):
    from billing.db.connection import Database

    other = Database(db.url)  # a second engine on the test database, with its own pool
    app = create_app(other, zz, settings=Settings())
    from fastapi.testclient import TestClient

    c = TestClient(app)
    in_use = lambda text: value(text, "peerbill_db_pool_connections_in_use", database="primary")  # noqa: E731
    seen = []
    # The gauge is process-wide: a thread left by another test may check a connection in or out between two
    # scrapes, so the step is looked for a few times; one clean +1 / -1 proves the gauge follows the pool.
    for _ in range(5):
        s0 = scrape(c)
        conn = other.engine.connect()
        s1 = scrape(c)
        conn.close()
        s2 = scrape(c)
        seen.append((in_use(s0), in_use(s1), in_use(s2)))
        if in_use(s1) == in_use(s0) + 1 and in_use(s2) == in_use(s0):
            break
    else:
        raise AssertionError(f"the in-use gauge never followed one checkout and checkin: {seen}")
    capacity = other.engine.pool.size() + other.engine.pool._max_overflow
    size = value(s2, "peerbill_db_pool_size", database="primary")
    assert size >= capacity
    other.dispose()
    assert value(scrape(c), "peerbill_db_pool_size", database="primary") == size - capacity


def test_json_logs_and_metrics_across_two_workers(tmp_path):
    """`peerbill serve --workers 2` with PEERBILL_LOG_FORMAT=json: each line a JSON object with the request
    fields; /metrics adds up both processes (prometheus_client's multiprocess mode), whichever one answers."""
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    env |= {"PEERBILL_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}", "PEERBILL_LOG_FORMAT": "json"}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "billing.cli", "serve", "--workers", "2", "--port", str(port),
                             "--no-webhooks"], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline, codes = time.monotonic() + 300, []  # workers take a while to start on a loaded machine
        while time.monotonic() < deadline and len(codes) < 8:
            try:
                codes.append(httpx.get(f"{base}/healthz", headers={"X-Request-ID": f"j{len(codes)}"},
                                       timeout=5).status_code)
            except httpx.TransportError:
                time.sleep(0.5)
        assert codes == [200] * 8
        totals = set()
        for _ in range(6):  # new connections: either worker may answer
            with httpx.Client(base_url=base, timeout=10) as c:
                samples = scrape(c)
            totals.add(value(samples, "peerbill_http_requests_total", method="GET", route="/healthz",
                             status="200"))
        assert totals == {8.0}
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=60)
    records = [json.loads(ln) for ln in err.splitlines() if ln.startswith("{")]
    access = [r for r in records if r["logger"] == "peerbill.http" and r.get("route") == "/healthz"]
    assert {r["request_id"] for r in access} >= {f"j{i}" for i in range(8)}, err[-2000:]
    assert len({r["process"] for r in records}) >= 2  # the supervisor and its workers, each in JSON
    assert all(r["status"] == 200 and r["method"] == "GET" and r["latency_ms"] >= 0 for r in access)


def test_tracing_spans_name_routes_and_never_carry_phi(db, zz):
    pytest.importorskip("opentelemetry.sdk")
    from fastapi.testclient import TestClient
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from billing.observability import tracing

    settings = Settings(tracing_enabled=False, service_name="pb-trace")
    app = create_app(db, zz, lambda: __import__("datetime").date(2025, 3, 10), settings=settings)
    exporter = InMemorySpanExporter()
    provider = tracing.install(app, [db.engine], settings, exporter=exporter)
    api = Api(db, zz)
    api.client = TestClient(app, raise_server_exceptions=False)
    posted = api.call("POST", "/v1/encounters", json=phi_encounter(1))
    assert posted.status_code == 201, posted.text
    api.call("GET", f"/v1/encounters?member={PHI['medicaid']}1", as_="billing")
    provider.force_flush()
    spans = exporter.get_finished_spans()
    names = {s.name for s in spans}
    assert "POST /v1/encounters" in names and "GET /v1/encounters" in names
    sql = [s for s in spans if s.attributes.get("db.system") in ("sqlite", "postgresql")]
    assert any(s.attributes["db.operation"] == "INSERT" for s in sql)
    request_span = next(s for s in spans if s.name == "POST /v1/encounters")
    assert any(s.context.trace_id == request_span.context.trace_id for s in sql)  # children of the request
    assert {s.resource.attributes["service.name"] for s in spans} == {"pb-trace"}
    dumped = "\n".join(f"{s.name} {dict(s.attributes)} {[e.attributes for e in s.events]}" for s in spans)
    assert leaks(dumped) == []


def test_tracing_is_switched_on_by_its_settings(db, zz, monkeypatch):
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace.export import ConsoleSpanExporter

    from billing.observability.tracing import _exporter

    monkeypatch.setenv("PEERBILL_TRACING_ENABLED", "true")
    monkeypatch.setenv("PEERBILL_TRACING_EXPORTER", "console")
    app = create_app(db, zz)
    assert app.state.tracer_provider is not None
    assert isinstance(_exporter(Settings(tracing_exporter="console")), ConsoleSpanExporter)
    assert type(_exporter(Settings(tracing_exporter="otlp"))).__name__ == "OTLPSpanExporter"
    monkeypatch.delenv("PEERBILL_TRACING_ENABLED")
    assert not hasattr(create_app(db, zz).state, "tracer_provider")


def test_job_queue_depth_counts_background_jobs_until_done(api, db):
    from billing.jobs.runner import JobWorker
    from tests.test_api_claims import setup_payer

    payer = setup_payer(api)
    for _ in range(2):
        r = api.call("POST", "/v1/claim-files?async=true", as_="billing", json={"payer": payer})
        assert r.status_code == 202, r.text
    assert value(scrape(api.client), "peerbill_job_queue_depth", queue="jobs") == 2
    runner = JobWorker(db, concurrency=1)
    while runner.run_one():
        pass
    assert value(scrape(api.client), "peerbill_job_queue_depth", queue="jobs") == 0
