"""Rate limits per API key (api/ratelimit.py): a token bucket per key, sized by role; 429 problem + Retry-After."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.ratelimit import RateLimited, RateLimiter
from billing.settings import Settings
from tests.conftest import Api


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_bucket_refills_at_the_roles_rate_and_holds_burst_seconds_of_it():
    clock = Clock()
    limiter = RateLimiter(Settings(rate_limit_ehr=60, rate_limit_burst_seconds=10), clock)  # 1/s, 10 at once
    for _ in range(10):
        limiter.check("k", "ehr")
    with pytest.raises(RateLimited) as refused:
        limiter.check("k", "ehr")
    assert refused.value.status_code == 429 and refused.value.headers == {"Retry-After": "1"}
    limiter.check("other-key", "ehr")  # per key
    clock.now += 3.0
    for _ in range(3):
        limiter.check("k", "ehr")
    with pytest.raises(RateLimited):
        limiter.check("k", "ehr")
    clock.now += 1000  # long idle: a full bucket, never more
    for _ in range(10):
        limiter.check("k", "ehr")
    with pytest.raises(RateLimited):
        limiter.check("k", "ehr")


def test_retry_after_is_the_wait_for_the_next_token():
    clock = Clock()
    limiter = RateLimiter(Settings(rate_limit_auditor=6, rate_limit_burst_seconds=10), clock)  # 1 per 10 s
    limiter.check("a", "auditor")
    with pytest.raises(RateLimited) as refused:
        limiter.check("a", "auditor")
    assert refused.value.headers["Retry-After"] == "10"
    clock.now += 7
    with pytest.raises(RateLimited) as refused:
        limiter.check("a", "auditor")
    assert refused.value.headers["Retry-After"] == "3"


def test_the_defaults_let_an_ehr_stream_a_thousand_batches_at_once():
    """A 1,000-item batch stream is one request per 1,000 encounters (each takes a second or so to judge): the
    default ehr bucket (6,000 a minute, a minute's burst) takes 6,000 back to back (6 million encounters) before
    the first 429, then 100 a second."""
    clock = Clock()
    limiter = RateLimiter(Settings(), clock)
    for _ in range(6000):
        limiter.check("k", "ehr")
    with pytest.raises(RateLimited):
        limiter.check("k", "ehr")
    clock.now += 1
    for _ in range(100):  # then 100 a second, steadily
        limiter.check("k", "ehr")
    with pytest.raises(RateLimited):
        limiter.check("k", "ehr")


@pytest.mark.parametrize("role", ["ehr", "billing", "auditor", "admin"])
def test_each_roles_limit_is_its_own_setting_and_answers_429(monkeypatch, db, zz, role):
    monkeypatch.setenv(f"PEERBILL_RATE_LIMIT_{role.upper()}", "2")
    monkeypatch.setenv("PEERBILL_RATE_LIMIT_BURST_SECONDS", "60")  # 2 at once, then one every 30 s
    api = Api(db, zz)
    url = "/v1/keys" if role == "admin" else "/v1/encounters"
    assert [api.call("GET", url, as_=role).status_code for _ in range(2)] == [200, 200]
    r = api.call("GET", url, as_=role)
    assert r.status_code == 429 and r.headers["content-type"] == "application/problem+json"
    assert 29 <= int(r.headers["Retry-After"]) <= 30
    assert r.json()["title"] == "Too many requests" and "2 requests a minute" in r.json()["detail"]
    others = [k for k in ("ehr", "billing", "auditor", "admin") if k != role]
    other_url = {"admin": "/v1/keys"}.get(others[0], "/v1/encounters")
    assert api.call("GET", other_url, as_=others[0]).status_code == 200  # another key, another bucket


def test_rate_limiting_can_be_switched_off(monkeypatch, db, zz):
    monkeypatch.setenv("PEERBILL_RATE_LIMIT_EHR", "1")
    monkeypatch.setenv("PEERBILL_RATE_LIMIT_ENABLED", "false")
    api = Api(db, zz)
    assert {api.call("GET", "/v1/encounters").status_code for _ in range(5)} == {200}


def test_an_unauthenticated_request_is_not_limited_and_the_limit_is_counted(db, zz):
    from prometheus_client import REGISTRY

    app = create_app(db, zz, settings=Settings(rate_limit_ehr=1, rate_limit_burst_seconds=1))
    c = TestClient(app)
    assert {c.get("/v1/encounters").status_code for _ in range(3)} == {401}
    api = Api(db, zz)
    api.client = c
    labels = {"method": "GET", "route": "/v1/encounters", "status": "429"}
    before = (REGISTRY.get_sample_value("peerbill_http_requests_total", labels) or 0,
              REGISTRY.get_sample_value("peerbill_rate_limited_total", {"role": "ehr"}) or 0)
    assert [api.call("GET", "/v1/encounters").status_code for _ in range(2)] == [200, 429]
    assert (REGISTRY.get_sample_value("peerbill_http_requests_total", labels),
            REGISTRY.get_sample_value("peerbill_rate_limited_total", {"role": "ehr"})) == \
        (before[0] + 1, before[1] + 1)
