"""Idempotency-Key on every write a retry could double: claim builds, replacements, voids, payers, webhook
endpoints, encounters and FHIR Bundles; errors are replayed too; keys expire and are purged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from billing import idempotency
from billing.db.models import ClaimFileRow as ClaimFile
from billing.db.models import IdempotencyRecord
from billing.db.models import PayerConfig as Payer
from billing.events.models import WebhookEndpoint
from tests.test_api_claims import PARTNER, _first_claim, post_sessions, setup_payer
from tests.test_api_encounters import enc

PAYER = {"payer_id": "ZZMCD", "name": "ZZ Medicaid", "state": "ZZ", "program": "fee_for_service", "partner": PARTNER}


def count(db, model) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_a_resent_payer_creation_makes_one_payer_and_answers_the_same(api, db):
    h = {"Idempotency-Key": "payer-1"}
    first = api.call("POST", "/v1/payers", as_="billing", json=PAYER, headers=h)
    second = api.call("POST", "/v1/payers", as_="billing", json=PAYER, headers=h)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() and second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(db, Payer) == 1
    # Without a key, a client whose first answer was lost reads the resend's 409 as a failure.
    assert api.call("POST", "/v1/payers", as_="billing", json=PAYER).status_code == 409
    assert count(db, Payer) == 1


def test_a_resent_claim_build_builds_one_file(api, db):
    payer = setup_payer(api)
    post_sessions(api, 3)
    h = {"Idempotency-Key": "build-1"}
    first = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}, headers=h)
    second = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}, headers=h)
    assert first.status_code == second.status_code == 200
    assert first.json()["file"]["id"] == second.json()["file"]["id"]
    assert count(db, ClaimFile) == 1


def test_replace_and_void_replay_their_answers_and_errors(api, db):
    payer = setup_payer(api)
    post_sessions(api, 2)
    f = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()["file"]
    claim = _first_claim(api, f["id"])
    body = {"payer_claim_number": "PCN1"}
    rep = [api.call("POST", f"/v1/claims/{claim}/replace", as_="billing", json=body,
                    headers={"Idempotency-Key": "rep-1"}) for _ in range(2)]
    assert rep[0].status_code == rep[1].status_code == 200 and rep[0].json() == rep[1].json()
    assert count(db, ClaimFile) == 2  # the first build and one replacement
    # A second replacement under a new key is refused (the claim was replaced): that refusal is replayed too,
    # as a problem, even after the state that caused it changes.
    errs = [api.call("POST", f"/v1/claims/{claim}/replace", as_="billing", json=body,
                     headers={"Idempotency-Key": "rep-2"}) for _ in range(2)]
    assert errs[0].status_code == errs[1].status_code == 409
    assert errs[1].headers["content-type"] == "application/problem+json"
    assert errs[0].json() == errs[1].json() and errs[1].headers["Idempotent-Replayed"] == "true"
    new_claim = _first_claim(api, rep[0].json()["file"]["id"])
    voids = [api.call("POST", f"/v1/claims/{new_claim}/void", as_="billing", json={"payer_claim_number": "PCN2"},
                      headers={"Idempotency-Key": "void-1"}) for _ in range(2)]
    assert voids[0].status_code == voids[1].status_code == 200 and voids[0].json() == voids[1].json()
    assert count(db, ClaimFile) == 3


def test_a_resent_webhook_endpoint_creation_makes_one_endpoint(api, db):
    body = {"url": "https://ehr.example/hooks", "event_types": ["encounter.judged"]}
    h = {"Idempotency-Key": "ep-1"}
    first = api.call("POST", "/v1/webhook-endpoints", as_="billing", json=body, headers=h)
    second = api.call("POST", "/v1/webhook-endpoints", as_="billing", json=body, headers=h)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"] and first.json()["secret"] == second.json()["secret"]
    assert count(db, WebhookEndpoint) == 1


def test_a_key_reused_with_another_body_or_route_is_a_422_that_says_so(api):
    h = {"Idempotency-Key": "k"}
    assert api.call("POST", "/v1/payers", as_="billing", json=PAYER, headers=h).status_code == 201
    other = api.call("POST", "/v1/payers", as_="billing", json={**PAYER, "name": "Other"}, headers=h)
    assert other.status_code == 422 and other.headers["content-type"] == "application/problem+json"
    assert "Idempotency-Key" in other.json()["detail"] and "different request body" in other.json()["detail"]
    elsewhere = api.call("POST", "/v1/webhook-endpoints", as_="billing", json=PAYER, headers=h)
    assert elsewhere.status_code == 422 and "POST /v1/payers" in elsewhere.json()["detail"]


def test_a_resent_agency_creation_makes_one_agency_and_each_admin_key_has_its_own_keys(api, db):
    from billing.access import Actor, create_key
    from billing.db.models import Agency
    from schemas.api import KeyIn

    with db.writing() as s:
        api.keys["admin2"] = create_key(s, KeyIn(role="admin", name="t2"), Actor(key_id="test", role="admin")).key
        s.commit()
    body = {"name": "Resent Agency", "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
            "address": {"line1": "1 Main St", "city": "Sampletown", "state": "TX", "zip": "787010001"}}
    before = count(db, Agency)
    h = {"Idempotency-Key": "agency-1"}
    first = api.call("POST", "/v1/agencies", as_="admin", json=body, headers=h)
    second = api.call("POST", "/v1/agencies", as_="admin", json=body, headers=h)
    assert first.status_code == second.status_code == 201, first.text
    assert first.json() == second.json() and second.headers["Idempotent-Replayed"] == "true"
    other = api.call("POST", "/v1/agencies", as_="admin2", json=body, headers=h)  # another operator's key
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert count(db, Agency) - before == 2
    patch = {"name": "Renamed Agency"}
    url = f"/v1/agencies/{first.json()['id']}"
    p1 = api.call("PATCH", url, as_="admin", json=patch, headers={"Idempotency-Key": "rename-1"})
    p2 = api.call("PATCH", url, as_="admin", json=patch, headers={"Idempotency-Key": "rename-1"})
    assert p1.status_code == p2.status_code == 200 and p2.headers["Idempotent-Replayed"] == "true"
    with db.reading() as s:  # a key's secret is never stored to be replayed
        stored = s.scalars(select(IdempotencyRecord.route)).all()
    assert "POST /v1/keys" not in stored


def test_keys_belong_to_the_agency(api):
    h = {"Idempotency-Key": "same-key-two-agencies"}
    a = api.call("POST", "/v1/encounters", json=enc(), headers=h)
    b = api.call("POST", "/v1/encounters", as_="ehr_b", json=enc(), headers=h)
    assert a.status_code == b.status_code == 201 and a.json()["agency_id"] != b.json()["agency_id"]


def test_refusals_before_the_route_runs_do_not_use_the_key(api, db):
    h = {"Idempotency-Key": "fix-me"}
    bad = api.call("POST", "/v1/payers", as_="billing", json={**PAYER, "state": "texas"}, headers=h)
    assert bad.status_code == 422
    forbidden = api.call("POST", "/v1/payers", as_="ehr", json=PAYER, headers=h)
    assert forbidden.status_code == 403
    assert count(db, IdempotencyRecord) == 0
    fixed = api.call("POST", "/v1/payers", as_="billing", json=PAYER, headers=h)
    assert fixed.status_code == 201  # the corrected request may use the same key


def test_an_encounter_conflict_is_stored_and_replayed(api):
    api.call("POST", "/v1/encounters", json=enc())
    changed = enc(service={"minutes": 30})
    h = {"Idempotency-Key": "conflict"}
    first = api.call("POST", "/v1/encounters", json=changed, headers=h)
    assert first.status_code == 409
    api.call("DELETE", f"/v1/encounters/{changed['encounter_id']}")  # the state changes; the answer does not
    again = api.call("POST", "/v1/encounters", json=changed, headers=h)
    assert again.status_code == 409 and again.json() == first.json()


def test_a_running_request_is_waited_for_then_a_409(api, db):
    claim = idempotency.Claim(api.a, "slow", "POST /v1/payers", idempotency.fingerprint(b"{}"))
    assert idempotency.begin(db, claim) is None  # reserved, as a request still running would hold it
    with pytest.raises(idempotency.InProgress):
        idempotency.begin(db, claim, wait=0.2)
    idempotency.finish(db, claim, 201, {"id": "p1"}, "application/json")
    assert idempotency.begin(db, claim) == idempotency.Stored(201, {"id": "p1"}, "application/json")


def test_a_reservation_left_by_a_dead_request_is_taken_over(api, db):
    claim = idempotency.Claim(api.a, "orphan", "POST /v1/payers", idempotency.fingerprint(b"{}"))
    idempotency.begin(db, claim)
    later = datetime.now(UTC) + idempotency.STALE_AFTER + timedelta(seconds=1)
    assert idempotency.begin(db, claim, now=later) is None


def test_keys_expire_after_the_documented_period_and_are_purged(api, db, monkeypatch):
    assert idempotency.ttl() == timedelta(hours=24)
    h = {"Idempotency-Key": "old"}
    body = {"url": "https://ehr.example/hooks", "event_types": ["encounter.judged"]}
    first = api.call("POST", "/v1/webhook-endpoints", as_="billing", json=body, headers=h)
    api.call("POST", "/v1/webhook-endpoints", as_="billing", json=body, headers={"Idempotency-Key": "new"})
    with db.writing() as s:
        s.execute(update(IdempotencyRecord).where(IdempotencyRecord.key == "old")
                  .values(created_at=datetime.now(UTC) - timedelta(hours=25)))
        s.commit()
    # An expired key is a new request: another endpoint.
    again = api.call("POST", "/v1/webhook-endpoints", as_="billing", json=body, headers=h)
    assert again.status_code == 201 and again.json()["id"] != first.json()["id"]
    with db.writing() as s:
        s.execute(update(IdempotencyRecord).where(IdempotencyRecord.key == "old")
                  .values(created_at=datetime.now(UTC) - timedelta(hours=25)))
        s.commit()
    monkeypatch.setenv("PEERBILL_DATABASE_URL", str(db.engine.url.render_as_string(hide_password=False)))
    from billing.cli import app

    result = CliRunner().invoke(app, ["db", "purge"])
    assert result.exit_code == 0, result.output
    assert "deleted 1 idempotency record(s) older than 24 h" in result.output
    with db.reading() as s:
        assert s.scalars(select(IdempotencyRecord.key)).all() == ["new"]
    monkeypatch.setenv(idempotency.TTL_ENV, "0.0001")  # a third of a second
    assert idempotency.ttl() == timedelta(hours=0.0001)
    assert idempotency.purge(db, now=datetime.now(UTC) + timedelta(seconds=1)) == 1
