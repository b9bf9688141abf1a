"""Webhooks: endpoints, Standard Webhooks signatures, retries with backoff, timeouts, replay, disabling, and
workers that never deliver an event twice at once. The receiver is a tiny HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook, WebhookVerificationError

from billing.db.connection import Database
from billing.events.delivery import Policy, Result, Worker
from billing.events.models import WebhookAttempt, WebhookDelivery
from tests.test_api_encounters import enc

FAST = Policy(timeout=0.5, first_delay=0.2, lease_margin=1.0)


class Receiver:
    """Answers per path: `mode[path]` is ok (204), fail (500) or slow (answers after `slow` seconds)."""

    def __init__(self) -> None:
        self.mode: dict[str, str] = {}
        self.slow = 2.0
        self.got: list[tuple[str, dict[str, str], str]] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                mode = outer.mode.get(self.path, "ok")
                if mode == "slow":
                    time.sleep(outer.slow)
                with outer.lock:
                    outer.got.append((self.path, dict(self.headers), body))
                self.send_response(204 if mode != "fail" else 500)
                self.end_headers()

            def log_message(self, *_a) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def bodies(self, path: str) -> list[dict]:
        with self.lock:
            return [json.loads(b) for p, _, b in self.got if p == path]


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.server.shutdown()
    r.server.server_close()


def endpoint(api, url: str, types: list[str] | None = None) -> dict:
    r = api.call("POST", "/v1/webhook-endpoints", as_="billing",
                 json={"url": url, "event_types": types or ["encounter.judged"]})
    assert r.status_code == 201, r.text
    return r.json()


def post_encounters(api, n: int, prefix: str = "e") -> None:
    items = [enc(encounter_id=f"{prefix}{i}", member={"medicaid_id": f"SYN{i:04d}"}) for i in range(n)]
    assert api.call("POST", "/v1/encounters/batch", json={"items": items}).json()["created"] == n


def deliveries(api, endpoint_id: str) -> list[dict]:
    r = api.call("GET", f"/v1/webhook-endpoints/{endpoint_id}/deliveries", as_="billing")
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_signed_delivery_retried_after_a_failure_and_a_timeout_then_replayed(api, db, receiver):
    ep = endpoint(api, receiver.url + "/hook")
    assert ep["secret"].startswith("whsec_")
    shown = api.call("GET", f"/v1/webhook-endpoints/{ep['id']}", as_="billing").json()
    assert shown["secret"] is None and shown["enabled"] is True
    worker = Worker(db, FAST)
    receiver.mode["/hook"] = "fail"
    post_encounters(api, 1)
    assert worker.run_once() == 1
    assert worker.run_once() == 0  # not due again before its backoff
    receiver.mode["/hook"], receiver.slow = "slow", 1.5
    time.sleep(0.25)
    assert worker.run_once() == 1  # times out after 0.5 s
    receiver.mode["/hook"] = "ok"
    time.sleep(0.45)  # the third attempt is due 0.4 s after the second
    assert worker.run_once() == 1
    [d] = deliveries(api, ep["id"])
    assert d["status"] == "delivered" and d["event_type"] == "encounter.judged"
    assert [a["status_code"] for a in d["attempts"]] == [500, None, 204]
    assert [a["ok"] for a in d["attempts"]] == [False, False, True]
    assert "timed out" in d["attempts"][1]["error"] and d["attempts"][1]["latency_ms"] >= 450
    # What arrived last verifies with the endpoint's secret and is the event of the feed.
    _, headers, body = receiver.got[-1]
    payload = Webhook(ep["secret"]).verify(body, headers)
    [event] = api.call("GET", "/v1/events").json()["items"]
    assert payload == event and headers["webhook-id"] == event["id"] == d["event_id"]
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 32).verify(body, headers)
    # Replayed by hand: the same event (same webhook-id) once more.
    r = api.call("POST", f"/v1/webhook-endpoints/{ep['id']}/deliveries/{d['id']}/replay", as_="billing")
    assert r.status_code == 202
    assert worker.run_once() == 1
    assert [h["webhook-id"] for _, h, _ in receiver.got[-2:]] == [event["id"]] * 2
    assert len(deliveries(api, ep["id"])[0]["attempts"]) == 4
    assert api.call("POST", f"/v1/webhook-endpoints/{ep['id']}/deliveries/nope/replay",
                    as_="billing").status_code == 404
    worker.close()


def test_a_rotated_secret_signs_beside_the_old_one_until_the_overlap_ends(api, db, receiver):
    ep = endpoint(api, receiver.url + "/hook")
    r = api.call("POST", f"/v1/webhook-endpoints/{ep['id']}/rotate-secret", as_="billing",
                 json={"overlap_seconds": 3600})
    assert r.status_code == 200 and r.json()["secret"] != ep["secret"] and r.json()["previous_secret_until"]
    new = r.json()["secret"]
    worker = Worker(db, FAST)
    post_encounters(api, 1)
    assert worker.run_once() == 1
    _, headers, body = receiver.got[-1]
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (ep["secret"], new):
        Webhook(secret).verify(body, headers)
    r = api.call("POST", f"/v1/webhook-endpoints/{ep['id']}/rotate-secret", as_="billing",
                 json={"overlap_seconds": 0})
    newest = r.json()["secret"]
    post_encounters(api, 1, prefix="f")
    assert worker.run_once() == 1
    _, headers, body = receiver.got[-1]
    Webhook(newest).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new).verify(body, headers)
    worker.close()


def test_an_endpoint_that_keeps_failing_is_disabled_with_an_event(api, db, receiver):
    failing = endpoint(api, receiver.url + "/down")
    watcher = endpoint(api, receiver.url + "/watch", ["webhook_endpoint.disabled"])
    receiver.mode["/down"] = "fail"
    patient = Worker(db, Policy(timeout=0.5, first_delay=0.1, lease_margin=1.0))
    post_encounters(api, 1)
    assert patient.run_once() == 1
    time.sleep(0.15)
    assert patient.run_once() == 1
    assert deliveries(api, failing["id"])[0]["status"] == "pending"  # still inside its three days
    # The same schedule, three days on (a window of 0.3 s here): the next failure is the last.
    worker = Worker(db, Policy(timeout=0.5, first_delay=0.1, window=timedelta(seconds=0.3), lease_margin=1.0))
    time.sleep(0.3)
    assert worker.run_once() == 1
    [d] = deliveries(api, failing["id"])
    assert d["status"] == "failed" and len(d["attempts"]) == 3
    at = [datetime.fromisoformat(a["at"]) for a in d["attempts"]]
    gaps = [(b - a).total_seconds() for a, b in zip(at, at[1:], strict=False)]
    assert all(g >= 0.1 * 2 ** n for n, g in enumerate(gaps))  # exponential: each wait at least its delay
    shown = api.call("GET", f"/v1/webhook-endpoints/{failing['id']}", as_="billing").json()
    assert shown["enabled"] is False and "every attempt failed" in shown["disabled_reason"]
    [disabled] = api.call("GET", "/v1/events", as_="billing", params={"types": "webhook_endpoint.disabled"}
                          ).json()["items"]
    assert disabled["object_id"] == failing["id"]
    while worker.run_once():
        pass
    assert [b["type"] for b in receiver.bodies("/watch")] == ["webhook_endpoint.disabled"]
    assert [d["status"] for d in deliveries(api, watcher["id"])] == ["delivered"]
    post_encounters(api, 1, prefix="g")  # nothing is queued for a disabled endpoint
    assert len(deliveries(api, failing["id"])) == 1
    back = api.call("PATCH", f"/v1/webhook-endpoints/{failing['id']}", as_="billing", json={"enabled": True})
    assert back.json()["enabled"] is True and back.json()["disabled_reason"] is None
    worker.close()


def test_backoff_doubles_and_stops_after_three_days():
    p = Policy()
    assert [p.delay(n).total_seconds() for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert p.delay(30) == timedelta(hours=6) and p.window == timedelta(days=3)


def test_a_slow_endpoint_does_not_hold_up_the_others(api, db, receiver):
    endpoint(api, receiver.url + "/slow")
    endpoint(api, receiver.url + "/fast")
    receiver.mode["/slow"], receiver.slow = "slow", 6.0
    post_encounters(api, 6)
    # A long timeout, so that "before one slow attempt times out" holds on a loaded machine too.
    worker = Worker(db, Policy(timeout=3.0, lease_margin=1.0), concurrency=4, per_endpoint=2)
    stop = threading.Event()
    t = threading.Thread(target=worker.run, args=(stop, 0.05))
    start = time.monotonic()
    t.start()
    while len(receiver.bodies("/fast")) < 6 and time.monotonic() - start < 10:
        time.sleep(0.02)
    took = time.monotonic() - start
    stop.set()
    t.join()
    assert len(receiver.bodies("/fast")) == 6 and took < 2.9  # all six before one slow attempt times out
    worker.close()


def test_two_workers_deliver_each_event_exactly_once(api, db, receiver):
    ep = endpoint(api, receiver.url + "/hook")
    receiver.mode["/hook"], receiver.slow = "slow", 0.02
    post_encounters(api, 40)
    policy = Policy(timeout=3.0, first_delay=0.1, lease_margin=1.0)
    workers = [Worker(Database(db.url), policy, concurrency=4, per_endpoint=4) for _ in range(2)]
    stop = threading.Event()
    threads = [threading.Thread(target=w.run, args=(stop, 0.05)) for w in workers]
    for t in threads:
        t.start()
    start = time.monotonic()
    while len(receiver.got) < 40 and time.monotonic() - start < 20:
        time.sleep(0.05)
    time.sleep(0.2)  # a duplicate would have time to arrive
    stop.set()
    for t in threads:
        t.join()
    ids = [h["webhook-id"] for _, h, _ in receiver.got]
    assert len(ids) == 40 and len(set(ids)) == 40
    assert {d["status"] for d in deliveries(api, ep["id"])} == {"delivered"}
    with db.reading() as s:
        # Exactly one success each (a loaded machine may add a failed attempt, retried: never a second success).
        assert s.scalar(select(func.count()).select_from(WebhookAttempt).where(WebhookAttempt.ok)) == 40
    for w in workers:
        w.close()
        w.db.dispose()


def test_a_dead_workers_lease_runs_out_and_its_late_answer_is_ignored(api, db, receiver):
    endpoint(api, receiver.url + "/hook")
    post_encounters(api, 1)
    policy = Policy(timeout=0.1, lease_margin=0.0)
    dead, alive = Worker(db, policy), Worker(db, policy)
    [job] = dead.claim(5)  # then killed before sending
    assert alive.run_once() == 0  # leased: nobody else sends it
    time.sleep(0.45)
    assert alive.run_once() == 1 and len(receiver.got) == 1
    dead.record(job, Result(True, 204, 5, None))  # comes back to life: its lease is gone
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(WebhookAttempt)) == 1
        assert s.scalar(select(WebhookDelivery.status)) == "delivered"
    dead.close()
    alive.close()


def test_endpoint_routes_check_roles_and_types(api, db, receiver):
    assert api.call("POST", "/v1/webhook-endpoints", as_="ehr",
                    json={"url": receiver.url}).status_code == 403
    r = api.call("POST", "/v1/webhook-endpoints", as_="billing",
                 json={"url": receiver.url, "event_types": ["claim.exploded"]})
    assert r.status_code == 422 and "event_types" in r.json()["detail"]
    r = api.call("POST", "/v1/webhook-endpoints", as_="billing", json={"url": "not a url"})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "url"
    ep = endpoint(api, receiver.url + "/hook", [])  # every type
    listed = api.call("GET", "/v1/webhook-endpoints", as_="billing").json()["items"]
    assert [e["id"] for e in listed] == [ep["id"]] and listed[0]["secret"] is None
    patched = api.call("PATCH", f"/v1/webhook-endpoints/{ep['id']}", as_="billing",
                       json={"event_types": ["claim.paid"], "description": "claims desk"}).json()
    assert patched["event_types"] == ["claim.paid"] and patched["description"] == "claims desk"
    assert api.call("DELETE", f"/v1/webhook-endpoints/{ep['id']}", as_="billing").status_code == 204
    assert api.call("GET", f"/v1/webhook-endpoints/{ep['id']}", as_="billing").status_code == 404
    assert api.call("GET", "/v1/webhook-endpoints", as_="billing").json()["items"] == []
    post_encounters(api, 1)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


def test_peerbill_worker_delivers_and_stops_on_sigterm(api, db, receiver):
    import os
    import signal
    import subprocess
    import sys

    ep = endpoint(api, receiver.url + "/hook")
    post_encounters(api, 3)
    env = {**os.environ, "PEERBILL_DATABASE_URL": db.url}
    proc = subprocess.Popen([sys.executable, "-m", "billing.cli", "worker", "--timeout", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        start = time.monotonic()
        while len(receiver.got) < 3 and time.monotonic() - start < 20:
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0, proc.stderr.read().decode()[-2000:]
    assert sorted(b["object_id"] for b in receiver.bodies("/hook")) == ["e0", "e1", "e2"]
    assert {d["status"] for d in deliveries(api, ep["id"])} == {"delivered"}
