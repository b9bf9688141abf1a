"""Start-up (issue #19 item 3): what a worker and a command load, the cheap migration checks agreeing with
alembic's, and uvicorn's supervisor sparing a worker that is slow to start."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest
from alembic import command
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from billing.db import connection
from billing.db.connection import NotReady, alembic_config, check_ready, current_revision, head_revision, upgrade
from tests.test_migrations import scratch_database

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str, env: dict[str, str] | None = None) -> str:
    """Run `code` in a fresh interpreter (this one has imported everything already); its stdout."""
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, **(env or {})}, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


# --- the head and the current migration, without alembic -------------------------------------------------------


def test_head_revision_read_from_the_files_is_alembics():
    head_revision.cache_clear()
    assert head_revision() == ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _migration(folder: Path, rev: str, down: str) -> None:
    (folder / f"{rev}_m.py").write_text(f'"""m"""\nrevision: str = "{rev}"\ndown_revision = {down}\n\n\n'
                                        "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n")


def test_head_revision_asks_alembic_when_the_lines_do_not_say(tmp_path, monkeypatch):
    versions = tmp_path / "versions"
    versions.mkdir()
    _migration(versions, "a1", "None")
    _migration(versions, "b2", '"a1"')
    monkeypatch.setattr(connection, "MIGRATIONS", tmp_path)
    head_revision.cache_clear()
    assert head_revision() == "b2"
    _migration(versions, "c3", '"a1"')  # a branch, then a merge whose down_revision is a tuple
    _migration(versions, "d4", '("b2", "c3")')
    head_revision.cache_clear()
    try:
        assert head_revision() == "d4"  # from alembic's ScriptDirectory
    finally:
        head_revision.cache_clear()


def test_current_revision_and_readiness_agree_with_alembic(tmp_path):
    with scratch_database(tmp_path) as url:
        engine = create_engine(url)
        try:
            for target in (None, "0003", "head"):
                if target:
                    command.upgrade(alembic_config(url), target)
                with engine.connect() as conn:
                    ours, theirs = current_revision(conn), MigrationContext.configure(conn).get_current_revision()
                assert ours == theirs == (None if target is None else "0003" if target == "0003" else head_revision())
                if target != "head":
                    with pytest.raises(NotReady, match=f"at migration {ours or 'none'} .* needs {head_revision()}"):
                        check_ready(engine)
            assert check_ready(engine) == head_revision()
            upgrade(url)  # at head already: nothing to do, and nothing changes
            with engine.connect() as conn:
                assert current_revision(conn) == head_revision()
        finally:
            engine.dispose()


# --- what a worker and a command import --------------------------------------------------------------------------


def test_a_worker_and_a_database_at_head_never_import_alembic(db):
    url = db.url
    out = _python(f"""
        import sys
        from fastapi.testclient import TestClient
        import api.app
        from billing.db.connection import Database, upgrade
        upgrade({url!r})  # already at head
        app = api.app.create_app(Database({url!r}))
        with TestClient(app) as c:
            assert c.get("/readyz").status_code == 200, c.get("/readyz").text
        print("alembic" in sys.modules, __import__("gc").isenabled())
    """)
    assert out.split() == ["False", "True"]  # and the garbage collector is back on after create_app


def test_cli_start_up_does_not_import_the_database_layer(tmp_path):
    out = _python("""
        import sys
        from typer.testing import CliRunner
        from billing.cli import app
        r = CliRunner().invoke(app, ["rules", "list", "--json"])
        assert r.exit_code == 0, r.output
        print(sorted(m for m in ("sqlalchemy", "alembic", "fastapi") if m in sys.modules))
    """, env={"PEERBILL_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    assert out.strip() == "[]"


def test_backend_name_is_sqlalchemys():
    from sqlalchemy.engine import make_url

    from billing.settings import backend_name

    for url in ("sqlite:///peerbill.db", "sqlite://", "sqlite:////abs/p.db", "postgresql://u@[::1]:5/db",
                "postgresql+psycopg://u:p%40ss@h:5432/db?sslmode=require", "mysql+pymysql://x", "oracle://"):
        assert backend_name(url) == make_url(url).get_backend_name(), url
    for bad in ("nope", "postgresql://h:port/db", "://x"):
        with pytest.raises(ValueError):
            backend_name(bad)


# --- uvicorn's supervisor and a worker that is slow to start -----------------------------------------------------

SLOW_CHILD = """
import sys, time
# A worker process of uvicorn's supervisor (multiprocessing spawn) that takes this long to boot, as on a machine
# loaded enough that its interpreter and imports take many seconds: it answers no health ping meanwhile.
if "--multiprocessing-fork" in sys.argv:
    time.sleep(float(__import__("os").environ["SLOW_CHILD_SECONDS"]))
"""


def _serve_slow_workers(tmp_path: Path, db_url: str, timeout: int, boot: float, wait: float) -> tuple[bool, str]:
    """Run `peerbill serve --workers 2` whose workers take `boot` seconds before they can answer uvicorn's pings;
    (whether /healthz answered within `wait` seconds, the server's log a little after)."""
    (tmp_path / "sitecustomize.py").write_text(SLOW_CHILD)
    port = httpx_free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]), "SLOW_CHILD_SECONDS": str(boot),
           "PEERBILL_DATABASE_URL": db_url, "PEERBILL_WORKER_HEALTHCHECK_TIMEOUT": str(timeout)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    log = tmp_path / f"serve-{timeout}.log"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "billing.cli", "serve", "--workers", "2", "--port", str(port),
                                 "--no-webhooks", "--no-jobs"], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                                stderr=err)
        answered = False
        try:
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                        answered = True
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            time.sleep(1.5)  # a few more rounds of the supervisor's pings
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    return answered, log.read_text()


def httpx_free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_worker_slow_to_start_is_not_killed(db, tmp_path):
    """Workers that need 8 s before they can answer a ping: with uvicorn's default patience (5 s, the setting's
    least) they are killed and replaced in a loop; with Peerbill's default (60 s) they start and serve."""
    if db.is_sqlite:
        db.dispose()
    answered, log = _serve_slow_workers(tmp_path, db.url, timeout=60, boot=8, wait=90)
    assert answered, log
    assert "died" not in log, log  # uvicorn logs "Child process [n] died" for each one it kills and replaces
    _, log = _serve_slow_workers(tmp_path, db.url, timeout=5, boot=8, wait=12)
    assert "died" in log, log  # the control: the setting is what spares them (uvicorn pings the workers in turn,
    # so the first one is killed after 5 s; a later one may have booted by the time its turn comes)


def test_serve_starts_its_background_threads_once_the_port_listens():
    import socket
    import threading

    from billing.cli import _when_serving

    port = httpx_free_port()
    serving = threading.Event()
    watcher = _when_serving("0.0.0.0", port, serving, patience=60)
    time.sleep(0.3)
    assert not serving.is_set()  # nothing listens yet
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
        s.listen()
        watcher.join(timeout=10)
        assert serving.is_set()
    late = threading.Event()
    _when_serving("127.0.0.1", httpx_free_port(), late, patience=0.3).join(timeout=10)
    assert late.is_set()  # a server that never listens does not keep them waiting for ever
