"""Staff's and auditors' lists: claims, claim files, responses, unmatched items, work states; one page shape for
every list (agencies, payers, audit events, at-risk too), CSV exports, roles and tenants."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from sqlalchemy import select

from billing.db.models import AuditEvent, ClaimRow
from billing.worklists.unmatched import get_unmatched, match_candidates
from billing.x12.payer_sim import Outcome, ack_999, remit_835
from tests.test_auditors import _extra_keys
from tests.test_responses_e2e import PAYER, US, build, ingest


def walk(api, url: str, as_: str = "billing", limit: int = 2, **params) -> list[dict]:
    """Every item of a list, following next_cursor; checks the page shape on the way."""
    out, cursor = [], None
    while True:
        r = api.call("GET", url, as_=as_, params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == {"items", "next_cursor"} and len(body["items"]) <= limit
        out += body["items"]
        if (cursor := body["next_cursor"]) is None:
            return out


@pytest.fixture
def sent(api, db):
    """A file of three claims the 999 accepted."""
    f = build(api, db, ["SYN0001", "SYN0002", "SYN0003"])
    assert ingest(api, ack_999(f.group_control, f.transaction_control, True, PAYER, US)).status_code == 201
    return f


def test_claims_list_filters_pages_and_exports(api, sent):
    claims = walk(api, "/v1/claims")
    assert sorted(c["claim_control"] for c in claims) == ["PB0000000001", "PB0000000002", "PB0000000003"]
    assert len({c["id"] for c in claims}) == 3 and all(c["status"] == "submitted" for c in claims)
    one = next(c for c in claims if c["member_id"] == "SYN0002")
    assert one["lines"] == 1 and one["service_from"] == one["service_to"] == "2025-03-01" and one["paid"] is None
    assert [c["id"] for c in walk(api, "/v1/claims", member="SYN0002")] == [one["id"]]
    assert walk(api, "/v1/claims", status="paid") == []
    assert len(walk(api, "/v1/claims", payer="ZZMCD", file=one["file_id"])) == 3
    assert walk(api, "/v1/claims", **{"from": "2025-03-02"}) == []
    r = api.call("GET", "/v1/claims", as_="billing", headers={"Accept": "text/csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.headers["content-type"].startswith("text/csv") and len(rows) == 3
    assert {row["claim_control"] for row in rows} == {c["claim_control"] for c in claims}
    assert api.call("GET", "/v1/claims", as_="billing", params={"cursor": "nonsense"}).status_code == 400


def test_peer_filter_matches_the_rendering_npi(api, sent):
    npi = api.call("GET", "/v1/encounters/e0", as_="billing").json()["encounter"]["rendering"]["npi"]
    assert len(walk(api, "/v1/claims", peer=npi)) == 3
    assert walk(api, "/v1/claims", peer="1000000004") == []


def test_claim_files_and_responses_read_back(api, sent):
    files = walk(api, "/v1/claim-files")
    assert len(files) == 1 and files[0]["claims"] == 3
    assert walk(api, "/v1/claim-files", created_to="2000-01-01T00:00:00Z") == []
    claims = {c.claim_id: c for c in sent.claims}
    paid = [(claims["PB0000000001"], Outcome(contractual_pct=10)), (claims["PB0000000002"], Outcome(deny_reason="29"))]
    assert ingest(api, remit_835(paid, PAYER, US, sent.created.date())).status_code == 201
    responses = walk(api, "/v1/responses")
    assert [r["kind"] for r in responses] == ["835", "999"]
    assert [r["kind"] for r in walk(api, "/v1/responses", kind="999")] == ["999"]
    detail = api.call("GET", f"/v1/responses/{responses[0]['id']}", as_="auditor").json()
    assert detail["raw"].startswith("ISA*") and "CLP*PB0000000002*4" in detail["raw"]
    payment = detail["document"]["payments"][0]
    assert payment["trace_number"] == "EFT1" and payment["method"] == "ACH"
    denied = next(c for c in payment["claims"] if c["patient_control"] == "PB0000000002")
    adj = denied["lines"][0]["adjustments"][0]
    assert (adj["group"], adj["reason"]) == ("CO", "29")
    assert "time limit for filing" in adj["reason_text"].lower() and adj["group_text"]
    ack = api.call("GET", f"/v1/responses/{responses[1]['id']}", as_="billing").json()["document"]
    api.call("GET", f"/v1/claim-files/{files[0]['id']}/content", as_="auditor")
    with api.db.reading() as s:  # a person's reads of files that name patients are in the trail
        reads = s.execute(select(AuditEvent.action, AuditEvent.actor_role, AuditEvent.object_id)
                          .where(AuditEvent.action.in_(("response.read", "claim_file.read")))
                          .order_by(AuditEvent.id)).all()
    assert [tuple(r) for r in reads] == [("response.read", "auditor", responses[0]["id"]),
                                         ("response.read", "billing", responses[1]["id"]),
                                         ("claim_file.read", "auditor", files[0]["id"])]
    assert ack["groups"][0]["sets"][0]["status_text"]
    claim = walk(api, "/v1/claims", status="paid")[0]
    total = claims["PB0000000001"].total
    assert claim["claim_control"] == "PB0000000001"
    assert Decimal(claim["paid"]) == total - (total / 10).quantize(Decimal("0.01"))  # CO-45 took 10%


def test_an_unmatched_remittance_is_matched_by_staff_and_posted(api, db, sent):
    claims = {c.claim_id: c for c in sent.claims}
    text = remit_835([(claims["PB0000000001"], Outcome())], PAYER, US, sent.created.date())
    r = ingest(api, text.replace("CLP*PB0000000001*", "CLP*PB0000000099*"))
    assert r.json()["summary"]["unmatched_claims"] == 1
    items = walk(api, "/v1/unmatched")
    assert len(items) == 1 and items[0]["item"] == "claim" and items[0]["reference"] == "PB0000000099"
    assert items[0]["kind"] == "835" and items[0]["resolution"] == "open"
    target = next(c["id"] for c in walk(api, "/v1/claims") if c["claim_control"] == "PB0000000001")
    item = items[0]["id"]
    with db.reading() as s:  # the console offers the claims billed for the amount the payer echoed
        offered = match_candidates(s, (api.a,), get_unmatched(s, (api.a,), item))
    assert target in [c.id for c in offered]
    assert {c.total_charge for c in offered} == {claims["PB0000000001"].total}
    url = f"/v1/unmatched/{item}/resolve"
    assert api.call("POST", url, as_="auditor", json={"action": "match", "claim_id": target}).status_code == 403
    assert api.call("POST", url, as_="billing", json={"action": "match"}).status_code == 422
    assert api.call("POST", url, as_="billing", json={"action": "match", "claim_id": "nope"}).status_code == 422
    done = api.call("POST", url, as_="billing", json={"action": "match", "claim_id": target})
    assert done.status_code == 200, done.text
    assert done.json()["resolution"] == "resolved" and done.json()["resolved_claim_id"] == target
    with db.reading() as s:
        assert s.get(ClaimRow, target).status == "paid"
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(item))).all()
    assert actions == ["unmatched.match"]
    assert api.call("POST", url, as_="billing", json={"action": "dismiss", "reason": "x"}).status_code == 409
    assert walk(api, "/v1/unmatched") == []
    assert [i["id"] for i in walk(api, "/v1/unmatched", resolution="resolved")] == [item]
    timeline = api.call("GET", f"/v1/claims/{target}/timeline", as_="auditor").json()
    assert timeline[-1]["status"] == "paid"


def test_an_unmatched_item_is_dismissed_with_a_reason(api, db, sent):
    r = ingest(api, ack_999(sent.group_control + 50, 1, True, PAYER, US, n=9))
    assert r.json()["summary"]["unmatched_sets"] == 1
    item = walk(api, "/v1/unmatched", kind="999")[0]
    assert item["item"] == "set"
    url = f"/v1/unmatched/{item['id']}/resolve"
    target = walk(api, "/v1/claims")[0]["id"]
    assert api.call("POST", url, as_="billing", json={"action": "match", "claim_id": target}).status_code == 422
    assert api.call("POST", url, as_="billing", json={"action": "dismiss"}).status_code == 422
    ok = api.call("POST", url, as_="billing", json={"action": "dismiss", "reason": "a test file from the payer"})
    assert ok.status_code == 200 and ok.json()["resolution"] == "dismissed"
    assert ok.json()["reason"] == "a test file from the payer"
    keys = _extra_keys(api)
    api.keys.update(keys)
    assert walk(api, "/v1/unmatched", as_="billing_b", resolution="all") == []
    assert api.call("GET", f"/v1/unmatched/{item['id']}", as_="billing_b").status_code == 404
    assert api.call("POST", url, as_="billing_b", json={"action": "dismiss", "reason": "x"}).status_code == 404


def test_claim_work_state_with_note_and_audit(api, db, sent):
    claim = walk(api, "/v1/claims")[0]["id"]
    url = f"/v1/claims/{claim}/work-state"
    assert api.call("PUT", url, as_="auditor", json={"state": "held"}).status_code == 403
    assert api.call("PUT", url, as_="billing", json={"state": "lost"}).status_code == 422
    r = api.call("PUT", url, as_="billing", json={"state": "held", "note": "waiting on the supervisor's signature"})
    assert r.status_code == 200, r.text
    assert r.json()["work_state"] == "held" and r.json()["work_state_by"] and r.json()["status"] == "submitted"
    assert [c["id"] for c in walk(api, "/v1/claims", work_state="held")] == [claim]
    api.call("PUT", url, as_="billing", json={"state": "finalized"})
    with db.reading() as s:
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "claim.work_state")
                            .order_by(AuditEvent.id)).all()
    assert [(d["from"], d["to"]) for d in details] == [(None, "held"), ("held", "finalized")]
    api.keys.update(_extra_keys(api))
    assert api.call("PUT", url, as_="billing_b", json={"state": "held"}).status_code == 404


def test_every_list_has_the_same_page_shape(api, sent):
    assert len(walk(api, "/v1/agencies", as_="admin", limit=1)) == 2
    every_key = walk(api, "/v1/keys", as_="admin", limit=2)
    assert len({k["id"] for k in every_key}) == len(every_key) == len(api.keys)
    assert len(walk(api, "/v1/payers", limit=1)) == 1
    events = walk(api, "/v1/audit-events", as_="auditor", limit=3)
    assert [e["id"] for e in events] == sorted(e["id"] for e in events) and len(events) > 3
    assert [e["id"] for e in walk(api, "/v1/audit-events", as_="auditor", after=events[2]["id"])] == \
        [e["id"] for e in events[3:]]
    at_risk = walk(api, "/v1/encounters/at-risk", limit=1, within_days=3650, overdue=True)
    assert sorted(i["id"] for i in at_risk) == ["e0", "e1", "e2"]  # billed, the payer has not accepted yet
    rows = list(csv.DictReader(io.StringIO(api.call("GET", "/v1/audit-events", as_="auditor",
                                                      headers={"Accept": "text/csv"}).text)))
    assert len(rows) == len(walk(api, "/v1/audit-events", as_="auditor", limit=1000))


@pytest.mark.parametrize("url", ["/v1/claims", "/v1/claim-files", "/v1/responses", "/v1/unmatched"])
def test_roles_and_tenants_for_every_new_list(api, sent, url):
    assert api.call("GET", url, as_="ehr").status_code == 403
    assert api.call("GET", url, as_="admin").status_code == 403
    assert api.call("GET", url, as_="auditor").status_code == 200
    api.keys.update(_extra_keys(api))
    assert api.call("GET", url, as_="billing_b").json()["items"] == []
    assert api.call("GET", url, as_="auditor", params={"agency": api.b}).json()["items"] == []


def test_admins_read_every_agencys_payers_and_others_their_own(api, sent):
    api.keys.update(_extra_keys(api))
    from tests.test_api_claims import PARTNER

    body = {"payer_id": "BBMCD", "name": "B Medicaid", "state": "ZZ", "program": "fee_for_service",
            "partner": PARTNER}
    assert api.call("POST", "/v1/payers", as_="billing_b", json=body).status_code == 201
    assert api.call("POST", "/v1/payers", as_="admin", json=body).status_code == 403  # set up by billing only
    every = walk(api, "/v1/payers", as_="admin")
    assert sorted((p["agency_id"], p["payer_id"]) for p in every) == sorted([(api.a, "ZZMCD"), (api.b, "BBMCD")])
    assert [p["payer_id"] for p in walk(api, "/v1/payers", as_="admin", agency=api.b)] == ["BBMCD"]
    assert [p["payer_id"] for p in walk(api, "/v1/payers", as_="billing")] == ["ZZMCD"]
    assert [p["payer_id"] for p in walk(api, "/v1/payers", as_="auditor")] == ["ZZMCD"]
    assert walk(api, "/v1/payers", as_="auditor", agency=api.b) == []
    assert api.call("GET", "/v1/payers", as_="ehr").status_code == 403


@pytest.mark.parametrize("url,as_", [("/v1/claims", "billing"), ("/v1/claim-files", "billing"),
                                     ("/v1/responses", "billing"), ("/v1/unmatched", "billing"),
                                     ("/v1/payers", "billing"), ("/v1/agencies", "admin"),
                                     ("/v1/audit-events", "auditor"), ("/v1/encounters/at-risk", "billing"),
                                     ("/v1/keys", "admin")])
def test_a_forged_cursor_is_a_400_never_a_500(api, url, as_):
    import base64
    import json

    def status(key) -> int:
        cursor = base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")
        return api.call("GET", url, as_=as_, params={"cursor": cursor}).status_code

    for key in ([1], ["x"], ["x", "y", "z", "w"], ["2025-01-01", "2025-01-01", "e", "a"]):
        assert status(key) in (200, 400), key  # well-formed for some list: a page, or a 400 where it is not
    for key in ([{"a": 1}], [None], [None, None, None, None], "x", [], [True], [1.5], [2**31], [-1]):
        assert status(key) == 400, key
    assert api.call("GET", url, as_=as_, params={"cursor": "%%%"}).status_code == 400


def test_ids_beyond_32_bits_are_a_422_not_a_database_error(api):
    assert api.call("GET", f"/v1/unmatched/{2**31}", as_="billing").status_code == 422
    assert api.call("POST", f"/v1/unmatched/{2**40}/resolve", as_="billing",
                    json={"action": "dismiss", "reason": "x"}).status_code == 422
    assert api.call("GET", "/v1/audit-events", as_="auditor", params={"after": 2**40}).status_code == 422
    assert api.call("GET", f"/v1/unmatched/{2**31 - 1}", as_="billing").status_code == 404


def test_nul_characters_are_refused_before_the_database(api, sent):
    claim = walk(api, "/v1/claims")[0]["id"]
    for params in ({"status": "\x00"}, {"member": "a\x00"}, {"payer": "\x00"}, {"file": "\x00"}):
        assert api.call("GET", "/v1/claims", as_="billing", params=params).status_code == 422  # the edge refuses
    assert api.call("GET", "/v1/claim-files", as_="billing", params={"payer": "\x00"}).status_code == 422
    assert api.call("PUT", f"/v1/claims/{claim}/work-state", as_="billing",
                    json={"state": "held", "note": "a\u0000b"}).status_code == 422
    assert api.call("POST", "/v1/claim-files", as_="billing", json={"payer": "\u0000"}).status_code == 422
    assert api.call("POST", "/v1/unmatched/1/resolve", as_="billing",
                    json={"action": "match", "claim_id": "\u0000"}).status_code == 422


def test_a_value_the_database_cannot_store_is_a_422(api):
    agency = {"name": "N", "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
              "address": {"line1": "1 Main\u0000St", "city": "Sampletown", "state": "TX", "zip": "787010001"}}
    r = api.call("POST", "/v1/agencies", as_="admin", json=agency)
    # Refused at validation on both databases (PostgreSQL could not store it): the field is named, never a 500.
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["path"] == "address.line1"
