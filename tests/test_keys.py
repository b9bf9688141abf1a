"""API keys: listed without secrets, revoked at once in every worker, rotated with an overlap, optional expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select, update
from typer.testing import CliRunner

from bench.server import serving
from billing.cli import app
from billing.db.models import ApiKey, AuditEvent

runner = CliRunner()


def new_key(api, **body) -> dict:
    r = api.call("POST", "/v1/keys", as_="admin", json={"role": "ehr", "name": "rotating EHR",
                                                       "agency_id": api.a, **body})
    assert r.status_code == 201, r.text
    return r.json()


def use(api, secret: str):
    return api.client.get("/v1/encounters", headers={"Authorization": f"Bearer {secret}"})


def test_list_shows_every_key_without_its_secret_and_when_it_was_last_used(api):
    k = new_key(api)
    assert use(api, k["key"]).status_code == 200
    r = api.call("GET", "/v1/keys", as_="admin")
    assert r.status_code == 200
    listed = {x["id"]: x for x in r.json()["items"]}
    assert listed[k["id"]]["key"] is None and listed[k["id"]]["agencies"] == [api.a]
    assert listed[k["id"]]["last_used_at"] is not None
    auditor = next(x for x in listed.values() if x["role"] == "auditor")
    assert auditor["agencies"] == [api.a]
    assert k["key"] not in r.text
    mine = api.call("GET", f"/v1/keys?agency={api.b}", as_="admin").json()["items"]
    assert {x["agency_id"] for x in mine} == {api.b}
    for role in ("ehr", "billing", "auditor"):
        assert api.call("GET", "/v1/keys", as_=role).status_code == 403


def test_a_revoked_key_is_refused_on_the_next_request_even_when_cached(api, db):
    k = new_key(api)
    assert use(api, k["key"]).status_code == 200  # now in the key cache
    r = api.call("POST", f"/v1/keys/{k['id']}/revoke", as_="admin")
    assert r.status_code == 200 and r.json()["revoked_at"] is not None
    assert use(api, k["key"]).status_code == 401
    again = api.call("POST", f"/v1/keys/{k['id']}/revoke", as_="admin")
    assert again.json()["revoked_at"] == r.json()["revoked_at"]
    assert api.call("POST", "/v1/keys/nosuchkey/revoke", as_="admin").status_code == 404
    assert api.call("POST", f"/v1/keys/{k['id']}/revoke", as_="billing").status_code == 403
    with db.reading() as s:
        assert s.scalars(select(AuditEvent.action).where(AuditEvent.object_id == k["id"])).all() == \
            ["key.create", "key.revoke"]


def test_rotation_gives_a_new_key_and_the_old_one_works_until_the_time_chosen(api):
    k = new_key(api)
    until = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    r = api.call("POST", f"/v1/keys/{k['id']}/rotate", as_="admin", json={"old_valid_until": until})
    assert r.status_code == 201, r.text
    new = r.json()
    assert new["key"] and new["key"] != k["key"] and new["rotated_from"] == k["id"]
    assert (new["role"], new["agency_id"]) == ("ehr", api.a)
    assert use(api, new["key"]).status_code == 200 and use(api, k["key"]).status_code == 200  # the overlap
    now = datetime.now(UTC).isoformat()
    cut = api.call("POST", f"/v1/keys/{new['id']}/rotate", as_="admin", json={"old_valid_until": now})
    assert use(api, new["key"]).status_code == 401 and use(api, cut.json()["key"]).status_code == 200
    naive = api.call("POST", f"/v1/keys/{cut.json()['id']}/rotate", as_="admin",
                     json={"old_valid_until": "2030-01-01T00:00:00"})
    assert naive.status_code == 422
    dead = api.call("POST", f"/v1/keys/{new['id']}/rotate", as_="admin")
    assert dead.status_code == 409


def test_an_auditor_key_rotates_with_its_grants(api):
    aud = api.call("POST", "/v1/keys", as_="admin", json={"role": "auditor", "name": "a",
                                                          "agencies": [api.a, api.b]}).json()
    new = api.call("POST", f"/v1/keys/{aud['id']}/rotate", as_="admin").json()
    assert sorted(new["agencies"]) == sorted([api.a, api.b])


def test_a_key_with_an_expiry_stops_working_then(api, db):
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    assert api.call("POST", "/v1/keys", as_="admin", json={"role": "ehr", "name": "x", "agency_id": api.a,
                                                           "expires_at": past}).status_code == 422
    k = new_key(api, expires_at=(datetime.now(UTC) + timedelta(days=30)).isoformat())
    assert k["expires_at"] is not None and use(api, k["key"]).status_code == 200
    with db.writing() as s:
        s.execute(update(ApiKey).where(ApiKey.id == k["id"]).values(
            expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        s.commit()
    assert use(api, k["key"]).status_code == 401


def test_every_worker_refuses_a_revoked_key_at_once(tmp_path):
    """Two server processes, each with its own key cache: after the revocation no request gets through."""
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    env = {"PEERBILL_DATABASE_URL": url, "COLUMNS": "200"}
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    made = runner.invoke(app, ["agencies", "create", "--name", "Synthetic", "--npi", "1992999999", "--tax-id",
                               "123456789", "--taxonomy", "251S00000X", "--line1", "1 Main St", "--city",
                               "Sampletown", "--state", "TX", "--zip", "787010001"], env=env)
    assert made.exit_code == 0, made.output
    from billing.db.connection import Database
    from billing.db.models import Agency
    with Database(url).reading() as s:
        agency = s.scalar(select(Agency.id))
    created = runner.invoke(app, ["keys", "create", "--role", "ehr", "--agency", agency], env=env)
    secret = created.stdout.strip().splitlines()[-1]
    key_id = secret.split("_")[1]
    with serving(url, 2, tmp_path) as base:
        headers = {"Authorization": f"Bearer {secret}"}
        with httpx.Client(base_url=base, headers=headers, timeout=10) as c:
            assert all(c.get("/v1/encounters").status_code == 200 for _ in range(20))  # both workers cache it
            revoked = runner.invoke(app, ["keys", "revoke", key_id], env=env)
            assert revoked.exit_code == 0 and "revoked" in revoked.stdout
            assert [c.get("/v1/encounters").status_code for _ in range(20)] == [401] * 20
    listed = runner.invoke(app, ["keys", "list"], env=env)
    assert key_id in listed.stdout and secret not in listed.stdout
