"""Every setting of billing/settings.py takes effect, under its PEERBILL_ environment variable; bad values stop a
command with the variable named; docs/configuration.md is the generated table."""

from __future__ import annotations

import logging
import logging.config
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from api.app import create_app
from billing.db.connection import Database, make_engine, upgrade
from billing.db.models import IdempotencyRecord
from billing.settings import Settings, SettingsError, document, load
from tests.conftest import Api
from tests.test_api_encounters import enc

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_the_configuration_doc_is_the_generated_table():
    assert (ROOT / "docs" / "configuration.md").read_text() == document(), \
        "run: peerbill settings --markdown > docs/configuration.md"
    for name in Settings.model_fields:
        assert f"`PEERBILL_{name.upper()}`" in document()


def test_bad_settings_stop_every_command_naming_each_variable(monkeypatch):
    from billing.cli import app

    monkeypatch.setenv("PEERBILL_DB_POOL_SIZE", "none")
    monkeypatch.setenv("PEERBILL_DATABASE_URL", "mysql://x@y/z")
    monkeypatch.setenv("PEERBILL_CORS_ORIGINS", "ehr.example")
    r = runner.invoke(app, ["rules", "list"])
    assert r.exit_code == 2
    for name in ("PEERBILL_DB_POOL_SIZE", "PEERBILL_DATABASE_URL", "PEERBILL_CORS_ORIGINS"):
        assert name in r.output
    assert "sqlite or postgresql" in r.output and "not an origin" in r.output
    with pytest.raises(SettingsError, match="PEERBILL_DB_POOL_SIZE"):
        load()


def test_the_replica_must_be_the_same_kind_of_database(monkeypatch):
    monkeypatch.setenv("PEERBILL_DATABASE_URL", "sqlite:///a.db")
    monkeypatch.setenv("PEERBILL_READ_DATABASE_URL", "postgresql+psycopg://u@h/db")
    with pytest.raises(SettingsError, match="same kind of database"):
        load()


def test_settings_prints_what_is_in_force_without_passwords(monkeypatch):
    from billing.cli import app

    monkeypatch.setenv("PEERBILL_DATABASE_URL", "postgresql+psycopg://pb:s3cret@db.example:5432/pb")
    r = runner.invoke(app, ["settings"])
    assert r.exit_code == 0, r.output
    assert "PEERBILL_DATABASE_URL=postgresql+psycopg://pb:***@db.example:5432/pb" in r.output
    assert "s3cret" not in r.output


# --- database ------------------------------------------------------------------------------------------------


def test_database_url_and_pool_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("PEERBILL_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    db = Database()
    assert db.url == f"sqlite:///{tmp_path / 'x.db'}" and db.replica_engine is None
    db.dispose()
    for name, value in {"DB_POOL_SIZE": "3", "DB_MAX_OVERFLOW": "4", "DB_POOL_TIMEOUT": "7.5",
                        "DB_POOL_RECYCLE": "90"}.items():
        monkeypatch.setenv(f"PEERBILL_{name}", value)
    engine = make_engine("postgresql+psycopg://u@127.0.0.1:1/none")  # no connection is made
    assert (engine.pool.size(), engine.pool._max_overflow, engine.pool._timeout, engine.pool._recycle) == \
        (3, 4, 7.5, 90)
    engine.dispose()


def _two_sqlite_files(tmp_path: Path) -> tuple[str, str]:
    primary = tmp_path / "primary.db"
    upgrade(f"sqlite:///{primary}")
    return f"sqlite:///{primary}", f"sqlite:///{tmp_path / 'replica.db'}"


def test_auditor_and_list_reads_go_to_the_replica(monkeypatch, tmp_path, zz):
    """Two SQLite files stand for a primary and a replica that has not caught up: what was written after the
    copy is on the primary only, so every answer shows which database it came from."""
    primary, replica = _two_sqlite_files(tmp_path)
    monkeypatch.setenv("PEERBILL_DATABASE_URL", primary)
    monkeypatch.setenv("PEERBILL_READ_DATABASE_URL", replica)
    db = Database()
    assert db.replica_engine is not None and db.replica_engine.url.database.endswith("replica.db")
    api = Api(db, zz)
    shutil.copy(tmp_path / "primary.db", tmp_path / "replica.db")  # the replica: agencies and keys, no encounter
    posted = api.call("POST", "/v1/encounters", json=enc(encounter_id="e-late"))
    assert posted.status_code == 201, posted.text

    # a single read by an EHR key: the primary
    assert api.call("GET", "/v1/encounters/e-late").status_code == 200
    # the list: the replica, which does not have it yet
    assert api.call("GET", "/v1/encounters").json()["items"] == []
    assert api.call("GET", "/v1/encounters", as_="billing").json()["items"] == []
    # an auditor's read of the very encounter: the replica too
    assert api.call("GET", "/v1/encounters/e-late", as_="auditor").status_code == 404
    # a write by the auditor's read (the audit trail) still goes to the primary, never to the replica
    with db.reading() as s:
        from billing.db.models import AuditEvent

        audits_on_primary = s.scalar(select(func.count()).select_from(AuditEvent))
    assert audits_on_primary > 0
    db.dispose()

    # without the setting, the same list reads the primary
    monkeypatch.delenv("PEERBILL_READ_DATABASE_URL")
    db2 = Database()
    assert db2.replica_engine is None
    api2 = TestClient(create_app(db2, zz, lambda: api.today))
    r = api2.get("/v1/encounters", headers={"Authorization": f"Bearer {api.keys['ehr']}"})
    assert [i["id"] for i in r.json()["items"]] == ["e-late"]
    db2.dispose()


# --- requests ------------------------------------------------------------------------------------------------


def test_body_limits_come_from_the_environment(monkeypatch, db, zz):
    monkeypatch.setenv("PEERBILL_MAX_BODY_BYTES", "2048")
    monkeypatch.setenv("PEERBILL_MAX_X12_BYTES", "4096")
    api = Api(db, zz)
    big = {**enc(encounter_id="big"), "pad": "x" * 3000}
    assert api.call("POST", "/v1/encounters", json=big).status_code == 413
    assert api.call("POST", "/v1/encounters", json=enc(encounter_id="small")).status_code == 201
    x12 = "ISA*" + "0" * 5000
    r = api.call("POST", "/v1/responses", as_="billing", content=x12, headers={"Content-Type": "text/plain"})
    assert r.status_code == 413 and "4096" in r.json()["detail"]


def test_cors_origins(monkeypatch, db, zz):
    preflight = {"Origin": "https://ehr.example", "Access-Control-Request-Method": "POST"}
    plain = TestClient(create_app(db, zz))
    assert "access-control-allow-origin" not in plain.options("/v1/encounters", headers=preflight).headers
    monkeypatch.setenv("PEERBILL_CORS_ORIGINS", "https://ehr.example, https://other.example")
    app = TestClient(create_app(db, zz))
    r = app.options("/v1/encounters", headers=preflight)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://ehr.example"
    bad = app.options("/v1/encounters", headers={**preflight, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in bad.headers


# --- keys, sessions, idempotency -----------------------------------------------------------------------------


def test_key_cache_seconds_and_size(monkeypatch, db, zz):
    from api import deps

    calls = []
    real = deps.authenticate

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(deps, "authenticate", counting)
    api = Api(db, zz)  # default: 30 s
    for _ in range(3):
        assert api.call("GET", "/v1/encounters").status_code == 200
    assert len(calls) == 1
    monkeypatch.setenv("PEERBILL_KEY_CACHE_SECONDS", "0")
    monkeypatch.setenv("PEERBILL_KEY_CACHE_SIZE", "1")
    api.client = TestClient(create_app(db, zz, lambda: api.today))
    calls.clear()
    for _ in range(3):
        assert api.call("GET", "/v1/encounters").status_code == 200
    assert len(calls) == 3
    api.call("GET", "/v1/encounters", as_="billing")
    assert len(api.client.app.state.key_cache) == 1  # the size bound: the cache started over


def test_idempotency_retention_purges_old_answers(monkeypatch, db, zz, tmp_path):
    from billing.cli import app
    from billing.idempotency import purge

    api = Api(db, zz)
    for key in ("old", "new"):
        r = api.call("POST", "/v1/encounters", json=enc(encounter_id=f"e-{key}"), headers={"Idempotency-Key": key})
        assert r.status_code == 201
    with db.writing() as s:
        s.get(IdempotencyRecord, (api.a, "old")).created_at = datetime.now(UTC) - timedelta(hours=30)
        s.commit()
    monkeypatch.setenv("PEERBILL_IDEMPOTENCY_RETENTION_HOURS", "72")
    assert purge(db) == 0
    monkeypatch.setenv("PEERBILL_IDEMPOTENCY_RETENTION_HOURS", "24")
    monkeypatch.setenv("PEERBILL_DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    r = runner.invoke(app, ["db", "purge"])
    assert r.exit_code == 0 and "deleted 1 idempotency record(s) older than 24 h" in r.output, r.output
    with db.reading() as s:
        assert s.scalars(select(IdempotencyRecord.key)).all() == ["new"]


def test_console_idle_minutes(monkeypatch):
    from api.console.sessions import idle_limit

    assert idle_limit() == timedelta(minutes=30)
    monkeypatch.setenv("PEERBILL_CONSOLE_IDLE_MINUTES", "5")
    assert idle_limit() == timedelta(minutes=5)


def test_rules_dir(monkeypatch, tmp_path):
    from billing.rules.packs import rules_dir

    monkeypatch.setenv("PEERBILL_RULES_DIR", str(tmp_path))
    assert rules_dir() == tmp_path
    monkeypatch.setenv("PEERBILL_RULES_DIR", str(tmp_path / "missing"))
    with pytest.raises(SettingsError, match="PEERBILL_RULES_DIR: .* is not a folder"):
        rules_dir()


# --- logs ----------------------------------------------------------------------------------------------------


@pytest.fixture
def restore_logging():
    names = ("peerbill", "uvicorn", "uvicorn.error", "uvicorn.access")
    saved = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).propagate, logging.getLogger(n).level)
             for n in names}
    yield
    for n, (handlers, propagate, level) in saved.items():
        lg = logging.getLogger(n)
        lg.handlers[:] = handlers
        lg.propagate, lg.level = propagate, level


def test_log_format_json_level_and_service_name(monkeypatch, db, zz, capfd, restore_logging):
    import json

    from api.logs import log_config

    monkeypatch.setenv("PEERBILL_LOG_FORMAT", "json")
    monkeypatch.setenv("PEERBILL_SERVICE_NAME", "pb-test")
    logging.config.dictConfig(log_config())
    api = Api(db, zz)
    capfd.readouterr()
    r = api.call("GET", "/v1/encounters/nope", headers={"X-Request-ID": "json-1"})
    assert r.status_code == 404
    lines = [json.loads(ln) for ln in capfd.readouterr().err.splitlines() if ln.startswith("{")]
    access = [ln for ln in lines if ln["logger"] == "peerbill.http" and ln.get("request_id") == "json-1"]
    assert len(access) == 1, lines
    a = access[0]
    assert (a["method"], a["route"], a["status"], a["service"], a["level"]) == \
        ("GET", "/v1/encounters/{encounter_id}", 404, "pb-test", "INFO")
    assert isinstance(a["latency_ms"], float) and a["key_id"]
    assert "nope" not in json.dumps(a)  # the route template, never the path

    monkeypatch.setenv("PEERBILL_LOG_LEVEL", "warning")
    logging.config.dictConfig(log_config())
    capfd.readouterr()
    api.call("GET", "/v1/encounters/nope", headers={"X-Request-ID": "json-2"})
    assert "json-2" not in capfd.readouterr().err  # INFO (the access log) is below WARNING


# --- processes -------------------------------------------------------------------------------------------------


def test_workers_and_webhook_settings_reach_serve(monkeypatch, tmp_path):
    import uvicorn

    from billing import cli

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.update(k))
    monkeypatch.setattr(cli._events_cli, "start_worker",
                        lambda db, concurrency, timeout, after: seen.update(concurrency=concurrency, timeout=timeout,
                                                                            after=after))
    stale = tmp_path / "metrics" / "counter_1.db"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(stale.parent))
    monkeypatch.setenv("PEERBILL_DATABASE_URL", f"sqlite:///{tmp_path / 's.db'}")
    monkeypatch.setenv("PEERBILL_WORKERS", "3")
    monkeypatch.setenv("PEERBILL_WEBHOOK_CONCURRENCY", "5")
    monkeypatch.setenv("PEERBILL_WEBHOOK_TIMEOUT", "2.5")
    monkeypatch.setenv("PEERBILL_WORKER_HEALTHCHECK_TIMEOUT", "45")
    r = runner.invoke(cli.app, ["serve", "--port", "1"])
    assert r.exit_code == 0, r.output
    assert (seen["workers"], seen["concurrency"], seen["timeout"]) == (3, 5, 2.5)
    assert seen["timeout_worker_healthcheck"] == 45  # uvicorn kills a worker that does not answer for this long
    assert seen["after"].is_set()  # the webhook thread's start signal, given at the latest when serving ends
    assert not stale.exists()  # a past run's metric files are removed
    r = runner.invoke(cli.app, ["serve", "--port", "1", "--workers", "2"])
    assert seen["workers"] == 2


def test_settings_objects_can_be_injected(db, zz):
    app = create_app(db, zz, settings=Settings(metrics_enabled=False, rate_limit_enabled=False))
    assert app.state.settings.metrics_enabled is False
    assert TestClient(app).get("/metrics").status_code == 404
    assert db.url.startswith(("sqlite", "postgresql"))


def test_a_database_built_for_a_url_does_not_take_the_configured_replica(monkeypatch, tmp_path):
    primary, replica = _two_sqlite_files(tmp_path)
    monkeypatch.setenv("PEERBILL_READ_DATABASE_URL", replica)
    monkeypatch.setenv("PEERBILL_DATABASE_URL", primary)
    other = Database(f"sqlite:///{tmp_path / 'other.db'}")
    assert other.replica_engine is None
    other.dispose()
    shutil.copy(tmp_path / "primary.db", tmp_path / "replica.db")
    explicit = Database(primary, read_url=replica)
    assert explicit.replica_engine is not None
    with explicit.listing() as s:
        assert s.get_bind().url.database.endswith("replica.db")
    explicit.dispose()


def test_the_jobs_settings_take_effect(monkeypatch):
    """Lease, attempts and backoff of background jobs, the worker's concurrency and the sizes above which a
    request becomes a job come from PEERBILL_JOBS_* (each async threshold also has a test in test_jobs.py)."""
    from billing.jobs.queue import Config

    monkeypatch.setenv("PEERBILL_JOBS_LEASE_SECONDS", "2.5")
    monkeypatch.setenv("PEERBILL_JOBS_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("PEERBILL_JOBS_BACKOFF_SECONDS", "0.5")
    monkeypatch.setenv("PEERBILL_JOBS_CONCURRENCY", "4")
    config = Config.from_env()
    assert (config.lease_seconds, config.max_attempts, config.backoff_first) == (2.5, 3, 0.5)
    assert load().jobs_concurrency == 4
    monkeypatch.setenv("PEERBILL_JOBS_LEASE_SECONDS", "0")
    with pytest.raises(SettingsError, match="PEERBILL_JOBS_LEASE_SECONDS"):
        load()
