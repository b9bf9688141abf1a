"""The reliability suite: what real traffic and a fault injector hit first, on SQLite and PostgreSQL alike.

Bad inputs get 4xx (never a 5xx), readers are never locked out by writers, an EHR's retry of a 1,000-item
batch works, no patient data reaches a log, limits hold, errors leave the connection usable, a payer's
re-sent 835 posts nothing twice, health endpoints tell the truth, and a future session is not billable.
The concurrent window is PEERBILL_RELIABILITY_SECONDS (default 10 s; the issue's 60 s run is the same test).
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, func, select, text
from typer.testing import CliRunner

from api.app import create_app
from billing.claims.assembly import npi_valid
from billing.db.models import ClaimEvent, IdempotencyRecord, Rejection, ResponseFile
from billing.db.models import Encounter as EncounterRow
from tests.conftest import ON_POSTGRES, TEST_DB, Api
from tests.test_api_encounters import enc

WINDOW = float(os.environ.get("PEERBILL_RELIABILITY_SECONDS", "10"))
# Distinctive synthetic patient data: any of these in a log line is a leak.
PHI = {"first": "Quixotlbert", "last": "Zanzibarowicz", "medicaid": "PHI777000111", "dob": "1961-07-23"}


def phi_encounter(i: int = 0, **over):
    return enc(encounter_id=f"phi-{i}", member={"medicaid_id": f"{PHI['medicaid']}{i}", "first_name": PHI["first"],
                                               "last_name": PHI["last"], "date_of_birth": PHI["dob"]}, **over)


def leaks(text: str) -> list[str]:
    return [v for v in PHI.values() if v in text]


def peer_npi(i: int) -> str:
    """A valid NPI (check digit included) per peer number."""
    base = f"1{i:08d}"
    return next(base + d for d in "0123456789" if npi_valid(base + d))


def many(n: int, prefix: str = "b", day: int = 1, first_peer: int = 0) -> list[dict]:
    """n sessions on one day of March 2025, each of its own member and peer: no cap or overlap ties them."""
    return [enc(encounter_id=f"{prefix}{i}", member={"medicaid_id": f"SYN{prefix.upper()}{i:05d}"},
                rendering={"npi": peer_npi(first_peer + i)},
                service={"date": f"2025-03-{day:02d}", "start_time": "09:00", "end_time": "09:45"})
            for i in range(n)]


# --- a real server (uvicorn in a thread) for connection, logging and concurrency probes --------------------


class Live:
    def __init__(self, api: Api, **app_options) -> None:
        app = create_app(api.db, api.client.app.state.registry, lambda: api.today, **app_options)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, log_level="info"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.keys = api.keys

    def __enter__(self) -> Live:
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                return self
            time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def client(self, role: str) -> httpx.Client:
        return httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=120,
                            headers={"Authorization": f"Bearer {self.keys[role]}"})


@pytest.fixture
def api(db, zz):
    return Api(db, zz)


# --- 1. patient data never reaches a log ---------------------------------------------------------------------


def _break_member_writes(db) -> None:
    """Every insert of a member now fails inside the database (not a constraint: a plain error)."""
    with db.engine.begin() as c:
        if ON_POSTGRES:
            c.execute(text("CREATE OR REPLACE FUNCTION pb_refuse() RETURNS trigger AS "
                           "$$ BEGIN RAISE EXCEPTION 'forced failure'; END $$ LANGUAGE plpgsql"))
            c.execute(text("CREATE TRIGGER pb_refuse BEFORE INSERT ON members FOR EACH ROW "
                           "EXECUTE FUNCTION pb_refuse()"))
        else:
            c.execute(text("CREATE TRIGGER pb_refuse BEFORE INSERT ON members "
                           "BEGIN SELECT pb_no_such_function(); END"))


def _unbreak(db) -> None:
    with db.engine.begin() as c:
        c.execute(text("DROP TRIGGER pb_refuse ON members" if ON_POSTGRES else "DROP TRIGGER pb_refuse"))


def test_a_database_error_logs_no_patient_data(api, db, caplog, capfd):
    _break_member_writes(db)
    try:
        with caplog.at_level(logging.DEBUG), Live(api) as live, live.client("ehr") as c:
            r = c.post("/v1/encounters/batch", json={"items": [phi_encounter(i) for i in range(5)]})
            one = c.post("/v1/encounters", json=phi_encounter(9))
    finally:
        _unbreak(db)
    assert r.status_code == 500 and one.status_code == 500
    assert r.headers["content-type"] == "application/problem+json" and r.json()["instance"]
    assert leaks(r.text) == [] and leaks(one.text) == []
    logged = "\n".join(f"{rec.name} {rec.getMessage()} {rec.exc_text or ''}" for rec in caplog.records)
    out, err = capfd.readouterr()
    assert "unhandled error in request" in logged  # the failure itself is logged...
    assert leaks(logged + out + err) == []  # ...without a name, Medicaid id or date of birth
    assert f"rid={r.json()['instance']}" in logged  # and the 500 is in the access log with its request id
    # The same records as PEERBILL_LOG_FORMAT=json writes them: no PHI either, the 500 with its request fields.
    from billing.observability.logs import JsonFormatter

    as_json = [JsonFormatter().format(rec) for rec in caplog.records]
    assert leaks("\n".join(as_json)) == []
    access = [json.loads(line) for line in as_json if '"peerbill.http"' in line]
    assert {"request_id": r.json()["instance"], "route": "/v1/encounters/batch", "status": 500} in [
        {k: a.get(k) for k in ("request_id", "route", "status")} for a in access]


def test_every_engine_hides_bound_parameters(db):
    from billing.db.connection import make_engine

    assert db.engine.hide_parameters
    assert make_engine("sqlite://").hide_parameters


def test_dispose_waits_for_a_checkpoint_under_way(tmp_path, monkeypatch):
    """Once a SQLite Database is disposed, its background checkpointer has stopped, with any checkpoint it had
    begun finished: nothing writes the file afterwards, so a copy taken then is whole (bench/intake_write.py
    copies a grown database so)."""
    from billing.db import connection

    finished = threading.Event()

    def slow_checkpoint(self: connection._Checkpointer) -> None:
        self.done.wait()
        time.sleep(0.3)  # a checkpoint still copying pages when dispose is called
        finished.set()

    monkeypatch.setattr(connection._Checkpointer, "_run", slow_checkpoint)
    db = connection.Database(f"sqlite:///{tmp_path / 'c.db'}")
    with db.writing() as s:
        s.execute(text("CREATE TABLE t (x)"))
        s.commit()
    db.dispose()
    assert finished.is_set()


# --- 2. readers are never locked out by writers --------------------------------------------------------------


def test_readers_and_writers_at_once_have_no_failures(api, db):
    """EHR batches flow for the whole window while billing staff and an auditor read (each audited read
    writes its audit event): every request succeeds."""
    seed = many(20, "r")
    assert api.call("POST", "/v1/encounters/batch", json={"items": seed}).json()["created"] == 20
    statuses: Counter[str] = Counter()
    failures: list[str] = []
    stop = time.monotonic() + WINDOW

    def writer(n: int) -> None:
        with live.client("ehr") as c:
            k = 0
            while time.monotonic() < stop:
                items = many(100, f"w{n}x{k}x", day=2 + k % 20, first_peer=(n * 10_000 + k) * 100)
                r = c.post("/v1/encounters/batch", json={"items": items})
                statuses[f"write {r.status_code}"] += 1
                if r.status_code != 200 or r.json()["failed"]:
                    failures.append(f"write {r.status_code} {r.text[:200]}")
                k += 1

    def reader(role: str) -> None:
        with live.client(role) as c:
            k = 0
            while time.monotonic() < stop:
                for url in (f"/v1/encounters/r{k % 20}", "/v1/encounters?limit=50", "/v1/rejections?limit=20",
                            f"/v1/encounters/r{k % 20}/timeline", "/v1/rejections/summary?group_by=code"):
                    r = c.get(url)
                    statuses[f"read {r.status_code}"] += 1
                    if r.status_code != 200:
                        failures.append(f"{role} GET {url}: {r.status_code} {r.text[:200]}")
                k += 1

    with Live(api) as live:
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
        threads += [threading.Thread(target=reader, args=(role,)) for role in ("billing", "auditor", "billing")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    print(f"\n{WINDOW:.0f} s window on {db.engine.dialect.name}: {dict(statuses)}")
    assert failures == []
    assert statuses["write 200"] >= 2 and statuses["read 200"] >= 20
    with db.reading() as s:
        audited = s.scalar(select(func.count()).select_from(text("audit_events"))
                           .where(text("action = 'encounter.read'")))
    assert audited >= 1  # the reads' audit events were written, not dropped


# --- 3. a retried batch of 1,000 ---------------------------------------------------------------------------


def test_a_retried_batch_of_1000_is_answered_as_stored(api):
    items = many(1000, "retry")
    first = api.call("POST", "/v1/encounters/batch", json={"items": items})
    assert first.status_code == 200 and first.json()["created"] == 1000
    again = api.call("POST", "/v1/encounters/batch", json={"items": items})
    assert again.status_code == 200, again.text[:300]
    assert (again.json()["unchanged"], again.json()["failed"]) == (1000, 0)
    assert [i["verdict"] for i in again.json()["items"]] == [i["verdict"] for i in first.json()["items"]]


# --- 4. out-of-range values are 422, never 500 ----------------------------------------------------------


@pytest.mark.parametrize("field,value", [
    ("service.date", "0001-01-01"), ("service.date", "9999-12-31"), ("member.date_of_birth", "0001-01-01"),
    ("member.date_of_birth", "9999-12-31"), ("rendering.credential.expires_on", "9999-12-31"),
    ("recovery_plan.written_on", "0001-01-02"),
])
def test_a_date_far_out_of_range_is_that_items_422_only(api, field, value):
    bad = enc(encounter_id="far")
    node = bad
    *parents, leaf = field.split(".")
    for p in parents:
        node = node[p]
    node[leaf] = value
    r = api.call("POST", "/v1/encounters/batch", json={"items": [*many(3, "ok"), bad]})
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    assert (body["created"], body["failed"]) == (3, 1)
    assert body["items"][3]["status"] == 422 and body["items"][3]["errors"][0]["path"] == f"items[3].{field}"
    single = api.call("POST", "/v1/encounters", json=bad)
    assert single.status_code == 422 and single.json()["errors"][0]["path"] == field


NUL = "a\x00b"


@pytest.mark.parametrize("field", ["member.first_name", "member.last_name", "member.address.line1",
                                   "rendering.last_name", "service.rate_region", "payer.plan"])
def test_a_nul_character_in_a_batch_item_is_that_items_422_only(api, db, field):
    bad = enc(encounter_id="nul")
    node = bad
    *parents, leaf = field.split(".")
    for p in parents:
        node = node[p]
    node[leaf] = NUL
    r = api.call("POST", "/v1/encounters/batch", json={"items": [*many(2, "ok"), bad]})
    assert r.status_code == 200 and (r.json()["created"], r.json()["failed"]) == (2, 1), r.text[:300]
    assert r.json()["items"][2]["errors"][0] == {"path": f"items[2].{field}",
                                                  "problem": "must not contain a NUL character"}


def test_nul_characters_anywhere_else_are_4xx(api):
    payer = {"payer_id": "ZZMCD", "name": NUL, "state": "ZZ", "program": "fee_for_service", "partner": {}}
    agency = {"name": NUL, "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
              "address": {"line1": "1 Main St", "city": "X", "state": "TX", "zip": "787010001"}}
    probes = [
        ("GET", "/v1/encounters/e%00x", "ehr", {}), ("GET", "/v1/encounters?member=SYN%00", "ehr", {}),
        ("GET", "/v1/rejections?payer=%00", "auditor", {}), ("GET", "/v1/rejections?code=A%00&state=TX", "billing", {}),
        ("GET", "/v1/claims/%00", "billing", {}), ("GET", "/v1/claim-files/x%00/content", "billing", {}),
        ("GET", "/v1/audit-events?actor=%00", "admin", {}), ("GET", "/v1/rules/TX?plan=%00", "ehr", {}),
        ("POST", "/v1/payers", "billing", {"json": payer}),
        ("POST", "/v1/payers", "billing", {"json": {**payer, "name": "ok", "partner": {"sender_id": NUL}}}),
        ("POST", "/v1/agencies", "admin", {"json": agency}),
        ("POST", "/v1/keys", "admin", {"json": {"role": "auditor", "name": NUL, "agencies": [api.a]}}),
        ("POST", "/v1/keys", "admin", {"json": {"role": "ehr", "name": "k", "agency_id": f"{api.a}\x00"}}),
        ("POST", "/v1/claim-files", "billing", {"json": {"payer": NUL}}),
        ("POST", "/v1/responses", "billing", {"content": b"ISA*00*\x00~"}),
        ("PUT", "/v1/encounters/e%00", "ehr", {"json": enc(encounter_id="e")}),
    ]
    for method, url, role, kw in probes:
        r = api.call(method, url, as_=role, **kw)
        assert 400 <= r.status_code < 500, (method, url, r.status_code, r.text[:200])
    assert api.call("GET", "/v1/encounters/e%00x").json()["errors"][0]["path"] == "path"
    assert api.call("GET", "/v1/encounters?member=SYN%00").json()["errors"][0]["path"] == "member"


def _b64(s: str) -> str:
    return base64.urlsafe_b64encode(s.encode()).decode()


def test_cursors_and_after_values_beyond_the_id_columns_are_4xx(api):
    probes = [("/v1/rejections?cursor=" + _b64(f"r{2**31}"), "auditor"),
              ("/v1/rejections?cursor=" + _b64(f"r{2**63 + 5}"), "auditor"),
              ("/v1/rejections?cursor=" + _b64("r" + "9" * 40), "billing"),
              (f"/v1/audit-events?after={2**31}", "admin"), (f"/v1/audit-events?after={2**63}", "admin"),
              ("/v1/encounters?cursor=" + _b64("2025-01-01|\x00"), "ehr"),
              ("/v1/encounters?cursor=" + _b64("0001-01-01|" + "0" * 32) + "&from=0001-01-01", "ehr")]
    for url, role in probes:
        r = api.call("GET", url, as_=role)
        assert r.status_code < 500, (url, r.status_code, r.text[:200])
    assert api.call("GET", probes[0][0], as_="auditor").status_code == 400
    assert api.call("GET", probes[3][0], as_="admin").status_code == 422
    assert api.call("GET", f"/v1/audit-events?after={2**31 - 1}", as_="admin").status_code == 200


# --- 5. limits --------------------------------------------------------------------------------------------


def test_bodies_over_the_limit_are_413_before_they_are_read(api):
    from api.edge import Limits

    app = create_app(api.db, api.client.app.state.registry, lambda: api.today, limits=Limits(body=4096, x12=8192))
    from fastapi.testclient import TestClient

    c = TestClient(app, raise_server_exceptions=False)
    auth = {"Authorization": f"Bearer {api.keys['ehr']}"}
    big = json.dumps({"items": many(10)}).encode()
    assert len(big) > 4096
    r = c.post("/v1/encounters/batch", content=big, headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"

    def chunks():  # no Content-Length: refused once the stream passes the limit
        for _ in range(100):
            yield b" " * 1024

    r = c.post("/v1/encounters/batch", content=chunks(), headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 413
    billing = {"Authorization": f"Bearer {api.keys['billing']}"}
    assert c.post("/v1/responses", content=b"x" * 6000, headers=billing).status_code == 400  # X12's own limit
    assert c.post("/v1/responses", content=b"x" * 9000, headers=billing).status_code == 413


def test_a_1000_item_batch_fits_the_default_limit(api):
    from api.edge import Limits

    body = json.dumps({"items": many(1000, "fit")}).encode()
    assert len(body) < Limits().body
    assert api.call("POST", "/v1/encounters/batch", content=body,
                    headers={"Content-Type": "application/json"}).json()["created"] == 1000


def test_large_upload_does_not_stall_healthz(api):
    from api.edge import Limits

    with Live(api, limits=Limits(body=1024 * 1024)) as live, live.client("ehr") as c:
        s = socket.create_connection(("127.0.0.1", live.port))
        s.sendall(b"POST /v1/encounters/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 95000000\r\n\r\n" + b" " * 65536)
        started = time.perf_counter()
        assert c.get("/healthz").status_code == 200
        assert time.perf_counter() - started < 2
        assert b" 413 " in s.recv(4096)
        s.close()


def test_request_ids_are_kept_only_when_short_and_safe(api):
    assert api.call("GET", "/healthz", headers={"X-Request-ID": "ehr-42.retry_1"}).headers["X-Request-ID"] \
        == "ehr-42.retry_1"
    for unsafe in ("x" * 200, "a b", "<script>", "idé".encode(), "a;DROP"):
        rid = api.call("GET", "/healthz", headers={"X-Request-ID": unsafe}).headers["X-Request-ID"]
        assert rid != unsafe and len(rid) == 36
    r = api.call("GET", "/v1/encounters/nope", headers={"X-Request-ID": "a" * 37})
    assert r.json()["instance"] == r.headers["X-Request-ID"] != "a" * 37


# --- 6. errors behave ---------------------------------------------------------------------------------------


def test_a_500_leaves_the_connection_usable_and_is_in_the_access_log(api, monkeypatch, caplog):
    import api.routers.encounters as routes

    def crash(*_a, **_k):
        raise RuntimeError(f"boom for {PHI['last']} {PHI['medicaid']}")  # an exception text quoting PHI

    monkeypatch.setattr(routes, "get_encounter", crash)
    with caplog.at_level(logging.INFO), Live(api) as live:
        conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=30)
        auth = {"Authorization": f"Bearer {api.keys['billing']}", "X-Request-ID": "probe-500"}
        conn.request("GET", "/v1/encounters/x", headers=auth)
        r = conn.getresponse()
        body = json.loads(r.read())
        assert r.status == 500 and body["instance"] == "probe-500" and leaks(json.dumps(body)) == []
        sock = conn.sock
        conn.request("GET", "/healthz")
        again = conn.getresponse()
        assert again.status == 200 and json.loads(again.read()) == {"status": "ok"}
        assert r.getheader("Connection") == "close" or conn.sock is sock  # the same connection served both
        conn.close()
    messages = [rec.getMessage() for rec in caplog.records]
    assert any("GET /v1/encounters/{encounter_id} 500" in m and "rid=probe-500" in m for m in messages)
    assert any("unhandled error in request probe-500: RuntimeError" in m for m in messages)
    assert leaks("\n".join(messages)) == []


def test_concurrent_requests_with_one_idempotency_key_keep_the_first_answer(api, db):
    items = many(40, "idem")
    answers: list[httpx.Response] = []
    with Live(api) as live:
        def post() -> None:
            with live.client("ehr") as c:
                answers.append(c.post("/v1/encounters/batch", json={"items": items},
                                      headers={"Idempotency-Key": "same-key"}))

        threads = [threading.Thread(target=post) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    with db.reading() as s:
        stored = s.get(IdempotencyRecord, (api.a, "same-key"))
    assert [a.status_code for a in answers] == [200] * 6
    assert all(a.json() == stored.body for a in answers)  # one answer, the one stored first
    # Which racer stores first is up to the scheduler: the one that created the encounters, or one that found
    # them already there. Either way every item is accounted for once, and each encounter is stored once.
    assert stored.body["created"] + stored.body["unchanged"] == 40 and stored.body["failed"] == 0
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(EncounterRow)) == 40
    replay = api.call("POST", "/v1/encounters/batch", json={"items": items}, headers={"Idempotency-Key": "same-key"})
    assert replay.json() == stored.body


def test_logging_works_the_same_with_several_workers(tmp_path):
    """`peerbill serve --workers 2`: every worker process writes the access log."""
    env = {**os.environ, "PEERBILL_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "billing.cli", "serve", "--workers", "2", "--port", str(port)],
                            env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 120
        codes = []
        while time.monotonic() < deadline and len(codes) < 6:
            try:
                codes.append(httpx.get(f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": f"w{len(codes)}"},
                                       timeout=5).status_code)
            except httpx.TransportError:
                time.sleep(0.5)
        assert codes == [200] * 6
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=60)
    logged = [ln for ln in err.splitlines() if "peerbill.http" in ln and "GET /healthz 200" in ln]
    assert {f"rid=w{i}" for i in range(6)} <= {ln.split()[-1] for ln in logged}, err[-2000:]


# --- 7. the same remittance is not posted twice --------------------------------------------------------------


def test_a_resent_835_with_new_control_numbers_and_line_breaks_is_a_duplicate(api, db):
    from billing.x12.payer_sim import Outcome, remit_835
    from tests.test_responses_e2e import PAYER, US, build, ingest

    f = build(api, db, ["SYN0001", "SYN0002", "SYN0003"])
    pairs = [(c, Outcome(deny_reason="29") if i == 1 else Outcome()) for i, c in enumerate(f.claims)]
    original = remit_835(pairs, PAYER, US, f.created.date())
    first = ingest(api, original)
    assert first.status_code == 201, first.text

    def counts():
        with db.reading() as s:
            return (s.scalar(select(func.count()).select_from(ClaimEvent)),
                    s.scalar(select(func.count()).select_from(Rejection)),
                    s.scalar(select(func.count()).select_from(ResponseFile)))

    before = counts()
    resent = "~\r\n".join(_renumbered(seg) for seg in original.split("~"))  # new ISA13/GS06, CR LF breaks
    assert resent != original
    again = ingest(api, resent)
    assert again.status_code == 200, again.text
    assert again.json()["duplicate"] is True and again.json()["id"] == first.json()["id"]
    assert counts() == before  # no second line event, rejection row or stored file


def _renumbered(segment: str) -> str:
    e = segment.strip().split("*")
    if e[0] in ("ISA", "IEA"):
        e[13 if e[0] == "ISA" else 2] = "000000777"
    elif e[0] in ("GS", "GE"):
        e[6 if e[0] == "GS" else 2] = "777"
    return "*".join(e)


# --- 8. health tells the truth ---------------------------------------------------------------------------------


def _unmigrated_url(tmp_path: Path) -> str:
    """An empty database (PostgreSQL: an empty schema of the test database)."""
    if not ON_POSTGRES:
        return f"sqlite:///{tmp_path / 'empty.db'}"
    eng = create_engine(TEST_DB)
    with eng.begin() as c:
        c.execute(text("DROP SCHEMA IF EXISTS pb_unmigrated CASCADE"))
        c.execute(text("CREATE SCHEMA pb_unmigrated"))
    eng.dispose()
    return TEST_DB + ("&" if "?" in TEST_DB else "?") + "options=-csearch_path%3Dpb_unmigrated"


def test_healthz_is_alive_and_readyz_checks_the_migration(api, tmp_path):
    assert api.call("GET", "/healthz").json() == {"status": "ok"}
    ready = api.call("GET", "/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    from billing.db.connection import Database

    empty = Database(_unmigrated_url(tmp_path))
    try:
        from fastapi.testclient import TestClient

        c = TestClient(create_app(empty, api.client.app.state.registry), raise_server_exceptions=False)
        assert c.get("/healthz").status_code == 200
        r = c.get("/readyz")
        assert r.status_code == 503 and "peerbill db upgrade" in r.json()["detail"]
    finally:
        empty.dispose()


def test_cli_before_db_upgrade_says_so_and_leaves_no_file(tmp_path, monkeypatch):
    from billing.cli import app

    url = _unmigrated_url(tmp_path)
    monkeypatch.setenv("PEERBILL_DATABASE_URL", url)
    runner = CliRunner()
    for args in (["keys", "create", "--role", "admin"], ["at-risk"], ["rejections"]):
        r = runner.invoke(app, args)
        said = " ".join(r.output.split())  # rich wraps long lines
        assert r.exit_code == 2, r.output
        assert "peerbill db upgrade" in said and "Traceback" not in said
    assert not (tmp_path / "empty.db").exists()
    if ON_POSTGRES:  # serve refuses an unmigrated PostgreSQL unless told to migrate
        r = runner.invoke(app, ["serve", "--port", "1"])
        said = " ".join(r.output.split())
        assert r.exit_code == 2 and "peerbill db upgrade" in said and "--migrate" in said, r.output


# --- 9. future dates ---------------------------------------------------------------------------------------


def test_a_session_dated_after_today_is_not_billable_at_intake(api, db):
    api.today = date(2025, 3, 10)
    r = api.call("POST", "/v1/encounters", json=enc(encounter_id="future", service={"date": "2025-03-11"}))
    assert r.status_code == 201
    v = r.json()["verdict"]
    assert v["billable"] is False and v["units"] == 0
    finding = next(f for f in v["findings"] if f["code"] == "service.future_date")
    assert finding["severity"] == "error" and finding["path"] == "service.date" and "2025-03-11" in finding["message"]
    today = api.call("POST", "/v1/encounters", json=enc(encounter_id="today", service={"date": "2025-03-10"}))
    assert "service.future_date" not in {f["code"] for f in today.json()["verdict"]["findings"]}
    dry = api.call("POST", "/v1/encounters/validate", json=enc(encounter_id="f2", service={"date": "2026-01-01"}))
    assert "service.future_date" in {f["code"] for f in dry.json()["verdict"]["findings"]}
    with db.reading() as s:
        assert s.scalar(select(Rejection.code).where(Rejection.code == "service.future_date")) is not None
