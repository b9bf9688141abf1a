"""Test mode: test keys work in their agency's sandbox; claim files built there carry ISA15 T and are answered by
the synthetic payer (999, 277CA, 835) through the ordinary ingestion; test and live data never mix; a live payer
never gets a test file. And PATCH /v1/payers/{id} and /v1/agencies/{id}."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update
from typer.testing import CliRunner

from billing.access import Actor
from billing.cli import app as cli
from billing.db.models import Agency, AuditEvent, ClaimFileRow, PayerConfig, ResponseFile
from billing.sandbox import answer_file
from billing.sandbox.payer import outcome
from billing.x12.payer_sim import batch_trace, remit_835, status_277ca
from billing.x12.reader import read_837p
from billing.x12.responses import balance_problems, read_277ca, read_835
from tests.test_api_claims import PARTNER, setup_payer
from tests.test_api_encounters import enc
from tests.x12util import pyx12_text_errors

DOS = "2025-03-01"


def isa15(content: str) -> str:
    return content.split("~", 1)[0].split("*")[15]


def make_test_keys(api) -> str:
    """Test ehr and billing keys for agency A; the sandbox agency's id."""
    for role in ("ehr", "billing"):
        r = api.call("POST", "/v1/keys", as_="admin", json={"role": role, "name": "sandbox", "agency_id": api.a,
                                                            "test": True})
        assert r.status_code == 201, r.text
        k = r.json()
        assert k["test"] is True and k["key"].startswith("pb_test_") and k["agency_id"] != api.a
        api.keys[f"{role}_test"] = k["key"]
    return k["agency_id"]


def session(i: int, ext: str, member: str) -> dict:
    return enc(encounter_id=ext, member={"medicaid_id": member},
               service={"date": DOS, "start_time": f"{8 + i:02d}:00", "end_time": f"{8 + i:02d}:45"})


def post(api, as_: str, items: list[dict]) -> None:
    r = api.call("POST", "/v1/encounters/batch", as_=as_, json={"items": items})
    assert r.status_code == 200 and r.json()["created"] == len(items), r.text


def build(api, as_: str, payer: str) -> dict:
    r = api.call("POST", "/v1/claim-files", as_=as_, json={"payer": payer})
    assert r.status_code == 200, r.text
    return r.json()


def sandbox_loop(api) -> dict:
    """A test integration's whole loop: payer, four sessions, a build the synthetic payer answers."""
    sandbox = make_test_keys(api)
    payer = _payer(api, "billing_test")
    post(api, "ehr_test", [session(0, "t-paid", "SYN0001"), session(1, "t-two", "SYN0002"),
                           session(2, "t-two-deny", "SYN0002"), session(3, "t-gone-reject", "SYN0003"),
                           session(4, "t-no-deny", "SYN0004")])
    out = build(api, "billing_test", payer)
    return {"sandbox": sandbox, "payer": payer, "build": out}


def _payer(api, as_: str, **over) -> str:
    body = {"payer_id": "ZZMCD", "name": "ZZ Medicaid", "state": "ZZ", "program": "fee_for_service",
            "partner": PARTNER, "charges": {"H0038": "10.00"}, **over}
    r = api.call("POST", "/v1/payers", as_=as_, json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def claims_by_encounter(api, as_: str) -> dict[str, dict]:
    """Each encounter's (active) claim as GET /v1/claims/{id} shows it, through the claims list."""
    out = {}
    for c in api.call("GET", "/v1/claims", as_=as_).json()["items"]:
        full = api.call("GET", f"/v1/claims/{c['id']}", as_=as_).json()
        for line in full["lines"]:
            if full["active"] or line["encounter_id"] not in out:  # its active claim, once replaced
                out[line["encounter_id"]] = {**full, "line": line}
    return out


def test_a_test_key_runs_the_whole_loop_and_the_synthetic_payer_answers(api, db):
    run = sandbox_loop(api)
    f, responses = run["build"]["file"], run["build"]["sandbox_responses"]
    assert f["claims"] == 4 and len(responses) == 3
    content = api.call("GET", f"/v1/claim-files/{f['id']}/content", as_="billing_test").text
    assert isa15(content) == "T" and pyx12_text_errors(content) == []
    with db.reading() as s:
        answers = {r.kind: r.content for r in s.scalars(select(ResponseFile).where(ResponseFile.id.in_(responses)))}
    assert set(answers) == {"999", "277CA", "835"}
    for kind, text in answers.items():  # the synthetic payer's files are valid X12, as a real payer's must be
        assert pyx12_text_errors(text) == [], kind
        assert isa15(text) == "T"

    claims = claims_by_encounter(api, "billing_test")
    assert claims["t-paid"]["status"] == "paid" and claims["t-paid"]["line"]["status"] == "paid"
    assert claims["t-two"]["status"] == "partially_paid"
    assert claims["t-two"]["line"]["status"] == "paid" and claims["t-two-deny"]["line"]["status"] == "denied"
    assert claims["t-gone-reject"]["status"] == "rejected"
    assert claims["t-no-deny"]["status"] == "denied"

    # Rejections are recorded as from a real payer: the 277CA's and the 835's CARC 96.
    rej = api.call("GET", "/v1/rejections", as_="billing_test").json()["items"]
    assert {(r["encounter_id"], r["source"]) for r in rej} >= {("t-gone-reject", "277CA"), ("t-two-deny", "835"),
                                                               ("t-no-deny", "835")}
    assert any(r["code"].endswith("96") for r in rej if r["encounter_id"] == "t-no-deny")

    # Events fire for the test integration, in order: judged, built, submitted/accepted, paid and denied.
    events = api.call("GET", "/v1/events?limit=1000", as_="ehr_test").json()["items"]
    types = [e["type"] for e in events]
    for t in ("encounter.judged", "claim.built", "claim.accepted", "claim.rejected", "claim.paid",
              "claim.partially_paid", "claim.denied", "claim_line.paid", "claim_line.denied", "response.ingested"):
        assert t in types, t
    assert types.index("claim.built") < types.index("claim.accepted") < types.index("claim.paid")
    paid = next(e for e in events if e["type"] == "claim.paid")
    assert Decimal(paid["data"]["paid"]) == Decimal(claims["t-paid"]["total_charge"])


def _live(api) -> dict:
    """Live data beside the sandbox: a live payer, one live session, built."""
    payer = setup_payer(api, charges={"H0038": "10.00"})
    post(api, "ehr", [session(0, "live-1", "SYN0009")])
    out = build(api, "billing", payer)
    return {"payer": payer, "build": out}


def test_test_and_live_data_never_mix(api, db):
    live = _live(api)
    run = sandbox_loop(api)
    box, live_file, test_file = run["sandbox"], live["build"]["file"]["id"], run["build"]["file"]["id"]
    with db.reading() as s:
        test_ids = [box, test_file, run["payer"], *run["build"]["sandbox_responses"],
                    *s.scalars(select(ClaimFileRow.id).where(ClaimFileRow.agency_id == box))]
    test_ids += [c["id"] for c in api.call("GET", "/v1/claims", as_="billing_test").json()["items"]]
    live_ids = [api.a, live_file, live["payer"]]
    live_ids += [c["id"] for c in api.call("GET", "/v1/claims", as_="billing").json()["items"]]
    lists = ["/v1/encounters", "/v1/claims", "/v1/claim-files", "/v1/responses", "/v1/unmatched",
             "/v1/rejections", "/v1/rejections/summary", "/v1/payers", "/v1/encounters/at-risk",
             "/v1/events?limit=1000", "/v1/webhook-endpoints"]
    exports = ["/v1/claims", "/v1/claim-files", "/v1/responses", "/v1/unmatched", "/v1/rejections",
               "/v1/encounters/at-risk"]
    asks = [(u, "application/json") for u in lists] + [(u, "text/csv") for u in exports]
    for url, accept in asks:
        for as_, hidden, text in (("billing", test_ids, "t-"), ("billing_test", live_ids, "live-")):
            r = api.call("GET", url, as_=as_, headers={"Accept": accept})
            assert r.status_code == 200, (url, r.text)
            leaked = [i for i in hidden if i in r.text]
            assert not leaked and f'"{text}' not in r.text and f"\n{text}" not in r.text, (url, as_, leaked)
    assert "t-gone-reject" in api.call("GET", "/v1/rejections", as_="billing_test", headers={
        "Accept": "text/csv"}).text  # the sandbox's export has its own
    assert "t-paid" in api.call("GET", "/v1/encounters", as_="ehr_test").text  # the sandbox sees its own
    for url, hidden in (("/v1/agencies", test_ids), ("/v1/payers", test_ids),
                        ("/v1/audit-events?limit=1000", test_ids[1:])):
        r = api.call("GET", url, as_="admin")
        assert r.status_code == 200 and not [i for i in hidden if i in r.text], url
    # The admin's trail says a sandbox was made for the agency (key management), and nothing done in it.
    for as_ in ("admin", "auditor"):
        trail = api.call("GET", "/v1/audit-events?limit=1000", as_=as_).json()["items"]
        assert [e["action"] for e in trail if box in str(e)] == ["agency.sandbox"]
        assert not [e for e in trail if e["action"] != "agency.sandbox" and (
            e["object_id"] in test_ids or e["object_id"].startswith("t-"))]

    # By id: each side's objects are someone else's (404) to the other.
    assert api.call("GET", f"/v1/claim-files/{test_file}/content", as_="billing").status_code == 404
    assert api.call("GET", f"/v1/claim-files/{live_file}", as_="billing_test").status_code == 404
    assert api.call("GET", "/v1/encounters/t-paid", as_="ehr").status_code == 404
    assert api.call("GET", "/v1/encounters/live-1", as_="ehr_test").status_code == 404
    # The live integration's webhook-facing feed has none of the sandbox's events, and the reverse.
    assert not [e for e in api.call("GET", "/v1/events?limit=1000", as_="ehr").json()["items"]
                if e["object_id"].startswith("t-") or e["object_id"] in test_ids]


def test_a_live_payer_never_receives_a_test_file(api, db):
    live = _live(api)
    assert live["build"]["sandbox_responses"] == []  # nobody answers a live file on its behalf
    live_content = api.call("GET", f"/v1/claim-files/{live['build']['file']['id']}/content", as_="billing").text
    assert isa15(live_content) == "T"  # the payer's own usage setting (not yet live); PATCH below flips it
    make_test_keys(api)
    post(api, "ehr_test", [session(0, "t-1", "SYN0001")])
    # A test key cannot bill the live agency's payer, nor see it.
    assert api.call("POST", "/v1/claim-files", as_="billing_test", json={"payer": live["payer"]}).status_code == 404
    assert api.call("PATCH", f"/v1/payers/{live['payer']}", as_="billing_test",
                    json={"name": "x"}).status_code == 404
    # A sandbox payer is a test payer: production is refused by name ...
    r = api.call("POST", "/v1/payers", as_="billing_test", json={
        "payer_id": "ZZMCD", "name": "ZZ Medicaid", "state": "ZZ", "program": "fee_for_service",
        "partner": {**PARTNER, "usage": "P"}})
    assert r.status_code == 422 and [e["path"] for e in r.json()["errors"]] == ["partner.usage"]
    payer = _payer(api, "billing_test")
    r = api.call("PATCH", f"/v1/payers/{payer}", as_="billing_test", json={"partner": {"usage": "P"}})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "partner.usage"
    # ... and even a row forced to production in the database builds a test file.
    with db.writing() as s:
        s.execute(update(PayerConfig).where(PayerConfig.id == payer).values(partner={**PARTNER, "usage": "P"}))
        s.commit()
    f = build(api, "billing_test", payer)["file"]
    assert isa15(api.call("GET", f"/v1/claim-files/{f['id']}/content", as_="billing_test").text) == "T"
    # The synthetic payer answers sandbox files only.
    with pytest.raises(ValueError, match="test files only"):
        answer_file(db, Actor(key_id="x", role="billing"), live["build"]["file"]["id"])
    # Keys: the prefix is part of the key; an admin or auditor key is never a test key, an auditor never reads a
    # sandbox.
    test_key = api.keys["ehr_test"]
    assert api.call("GET", "/v1/encounters", headers={"Authorization": "Bearer " + test_key.replace(
        "pb_test_", "pb_", 1)}, as_="ehr").status_code == 401
    assert api.call("GET", "/v1/encounters", headers={"Authorization": "Bearer " + api.keys["ehr"].replace(
        "pb_", "pb_test_", 1)}, as_="ehr").status_code == 401
    for body in ({"role": "admin", "name": "x", "test": True},
                 {"role": "auditor", "name": "x", "agencies": [api.a], "test": True}):
        r = api.call("POST", "/v1/keys", as_="admin", json=body)
        assert r.status_code == 422 and r.json()["errors"][0]["path"] == "test", r.text
    with db.reading() as s:
        box = s.scalar(select(Agency.id).where(Agency.sandbox_of == api.a))
    r = api.call("POST", "/v1/keys", as_="admin", json={"role": "auditor", "name": "x", "agencies": [box]})
    assert r.status_code == 422 and "sandbox" in r.json()["detail"]
    # One sandbox per agency: a second test key joins it; the agency's key list shows test keys as such.
    again = api.call("POST", "/v1/keys", as_="admin", json={"role": "ehr", "name": "2", "agency_id": api.a,
                                                            "test": True}).json()
    assert again["agency_id"] == box
    listed = api.call("GET", f"/v1/keys?agency={api.a}", as_="admin").json()
    listed = listed["items"] if isinstance(listed, dict) else listed
    assert {k["id"]: k["test"] for k in listed}[again["id"]] is True
    # Going live: the agency's own payer is switched to production, audited; its next file says P.
    r = api.call("PATCH", f"/v1/payers/{live['payer']}", as_="billing", json={"partner": {"usage": "P"}})
    assert r.status_code == 200 and r.json()["partner"]["usage"] == "P"
    post(api, "ehr", [session(1, "live-2", "SYN0008")])
    f = build(api, "billing", live["payer"])["file"]
    assert isa15(api.call("GET", f"/v1/claim-files/{f['id']}/content", as_="billing").text) == "P"
    with db.reading() as s:
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "payer.update")).one()
    assert audit.detail == {"fields": ["partner"], "usage": {"from": "T", "to": "P"}}


def test_replacement_and_void_in_the_sandbox_are_answered_with_reversals(api, db):
    run = sandbox_loop(api)
    claims = claims_by_encounter(api, "billing_test")
    paid = claims["t-paid"]
    r = api.call("POST", f"/v1/claims/{paid['id']}/replace", as_="billing_test", json={})
    assert r.status_code == 200, r.text
    assert len(r.json()["sandbox_responses"]) == 3
    after = claims_by_encounter(api, "billing_test")
    assert after["t-paid"]["id"] != paid["id"] and after["t-paid"]["status"] == "paid"
    timeline = api.call("GET", f"/v1/claims/{paid['id']}/timeline", as_="billing_test").json()
    assert [e["status"] for e in timeline if e["line_id"] is None][-1] == "reversed"
    r = api.call("POST", f"/v1/claims/{after['t-paid']['id']}/void", as_="billing_test", json={})
    assert r.status_code == 200, r.text
    with db.reading() as s:
        texts = s.scalars(select(ResponseFile.content).where(ResponseFile.id.in_(r.json()["sandbox_responses"])))
        assert all(pyx12_text_errors(t) == [] for t in texts)
    timeline = api.call("GET", f"/v1/claims/{after['t-paid']['id']}/timeline", as_="billing_test").json()
    assert [e["status"] for e in timeline if e["line_id"] is None][-1] == "reversed"
    voided = api.call("GET", "/v1/events?types=claim.voided", as_="billing_test").json()["items"]
    assert [e["object_id"] for e in voided] == [after["t-paid"]["id"]]
    assert voided[0]["data"]["file_id"] == r.json()["file"]["id"] != run["build"]["file"]["id"]


def test_an_unmatched_item_resolved_is_an_event_of_its_own_side(api, db):
    sandbox_loop(api)
    with db.reading() as s:
        text = s.scalars(select(ResponseFile.content).where(ResponseFile.kind == "835")).one()
    stray = text.replace("CLP*PB0000000001*", "CLP*PB0000000099*").replace("TRN*1*EFT1*", "TRN*1*EFT2*")
    r = api.call("POST", "/v1/responses", as_="billing_test", content=stray.encode(),
                 headers={"Content-Type": "application/edi-x12"})
    assert r.status_code == 201 and r.json()["summary"]["unmatched_claims"] == 1, r.text
    item = api.call("GET", "/v1/unmatched", as_="billing_test").json()["items"][0]["id"]
    assert api.call("GET", "/v1/unmatched", as_="billing").json()["items"] == []
    ok = api.call("POST", f"/v1/unmatched/{item}/resolve", as_="billing_test",
                  json={"action": "dismiss", "reason": "a resend under another trace"})
    assert ok.status_code == 200, ok.text
    done = api.call("GET", "/v1/events?types=unmatched_item.resolved", as_="billing_test").json()["items"]
    assert [(e["object_id"], e["data"]["resolution"]) for e in done] == [(str(item), "dismissed")]
    assert api.call("GET", "/v1/events?types=unmatched_item.resolved", as_="billing").json()["items"] == []


def test_patch_payer_checks_fields_roles_and_tenants(api, db):
    payer = setup_payer(api)
    r = api.call("PATCH", f"/v1/payers/{payer}", as_="billing", json={"name": "ZZ Medicaid FFS",
                                                                     "charges": {"H0038": "12.50"}})
    assert r.status_code == 200 and r.json()["name"] == "ZZ Medicaid FFS" and r.json()["charges"] == {
        "H0038": "12.50"} and r.json()["partner"] == PARTNER
    for body, path in (({"claim_span": "week"}, "claim_span"), ({"partner": {"contact_phone": "12"}},
                                                                 "partner.contact_phone"),
                       ({"name": None}, "name"), ({"nickname": "x"}, "nickname"), ({"state": "Texas"}, "state")):
        r = api.call("PATCH", f"/v1/payers/{payer}", as_="billing", json=body)
        assert r.status_code == 422 and path in [e["path"] for e in r.json()["errors"]], (body, r.text)
    assert api.call("GET", "/v1/payers", as_="billing").json()["items"][0]["name"] == "ZZ Medicaid FFS"
    assert api.call("PATCH", f"/v1/payers/{payer}", as_="ehr", json={"name": "x"}).status_code == 403
    assert api.call("PATCH", f"/v1/payers/{payer}", as_="auditor", json={"name": "x"}).status_code == 403
    assert api.call("PATCH", "/v1/payers/ffff", as_="billing", json={"name": "x"}).status_code == 404
    r = api.call("PATCH", f"/v1/payers/{payer}", as_="admin", json={"claim_span": "month"})
    assert r.status_code == 200 and r.json()["claim_span"] == "month"
    # Another agency's billing key cannot touch it.
    r = api.call("POST", "/v1/keys", as_="admin", json={"role": "billing", "name": "b", "agency_id": api.b})
    api.keys["billing_b"] = r.json()["key"]
    assert api.call("PATCH", f"/v1/payers/{payer}", as_="billing_b", json={"name": "x"}).status_code == 404
    other = api.call("POST", "/v1/payers", as_="billing_b", json={
        "payer_id": "OTHER", "name": "Other", "state": "ZZ", "program": "fee_for_service", "partner": PARTNER})
    r = api.call("PATCH", f"/v1/payers/{payer}", as_="billing", json={"payer_id": "OTHER"})
    assert r.status_code == 200 and other.status_code == 201  # payer ids are unique per agency only
    with db.reading() as s:
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "payer.update")
                          .order_by(AuditEvent.id)).all()
    assert [a.detail["fields"] for a in audit] == [["charges", "name"], ["claim_span"], ["payer_id"]]


def test_patch_agency_checks_fields_and_its_sandbox_follows(api, db):
    box = make_test_keys(api)
    r = api.call("PATCH", f"/v1/agencies/{api.a}", as_="admin",
                 json={"name": "Renamed Agency", "address": {"line1": "14 Elm St"}})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Renamed Agency" and r.json()["address"]["line1"] == "14 Elm St"
    assert r.json()["address"]["zip"] == "787010001"
    with db.reading() as s:
        sandbox = s.get(Agency, box)
        assert sandbox is not None and (sandbox.name, sandbox.address_line1) == ("Renamed Agency", "14 Elm St")
    for body, path in (({"npi": "1992999998"}, "npi"), ({"address": {"line1": "PO Box 12"}}, "address"),
                       ({"address": {"state": "XX"}}, "address"), ({"name": ""}, "name"),
                       ({"colour": "red"}, "colour")):
        r = api.call("PATCH", f"/v1/agencies/{api.a}", as_="admin", json=body)
        assert r.status_code == 422 and any(e["path"].startswith(path) for e in r.json()["errors"]), (body, r.text)
    assert api.call("PATCH", f"/v1/agencies/{api.a}", as_="billing", json={"name": "x"}).status_code == 403
    assert api.call("PATCH", "/v1/agencies/ffff", as_="admin", json={"name": "x"}).status_code == 404
    assert api.call("PATCH", f"/v1/agencies/{box}", as_="admin", json={"name": "x"}).status_code == 404
    assert api.call("GET", "/v1/agencies", as_="admin").json()["items"][0]["name"] == "Renamed Agency"
    with db.reading() as s:
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "agency.update")).one()
    assert audit.detail == {"fields": ["address", "name"]} and audit.agency_id == api.a


def test_cli_issues_a_test_key(tmp_path):
    runner = CliRunner()
    env = {"PEERBILL_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "COLUMNS": "200"}
    assert runner.invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    made = runner.invoke(cli, ["agencies", "create", "--name", "Synthetic", "--npi", "1992999999", "--tax-id",
                               "123456789", "--taxonomy", "251S00000X", "--line1", "1 Main St", "--city",
                               "Sampletown", "--state", "TX", "--zip", "787010001"], env=env)
    agency = made.stdout.split()[1]
    created = runner.invoke(cli, ["keys", "create", "--role", "billing", "--agency", agency, "--test"], env=env)
    assert created.exit_code == 0, created.output
    assert "test key" in created.stdout and created.stdout.strip().splitlines()[-1].startswith("pb_test_")
    refused = runner.invoke(cli, ["keys", "create", "--role", "admin", "--test"], env=env)
    assert refused.exit_code != 0 and "test keys are" in refused.output
    listed = runner.invoke(cli, ["keys", "list", "--agency", agency], env=env)
    assert " test " in listed.stdout


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(marks=st.lists(st.sampled_from(["", "-deny", "-reject"]), min_size=6, max_size=6),
       reversed_too=st.booleans())
def test_synthetic_answers_are_valid_and_balance_whatever_the_outcomes(api_file, marks, reversed_too):
    """Any mix of paid, denied and rejected lines (and a reversal of all of it) gives a 277CA and an 835 that
    pyx12 passes, that balance, and that pay exactly the charges of the lines not denied or rejected (when every
    claim is rejected there is nothing to remit, and `answer_file` sends no 835)."""
    claims = api_file.claims
    ids = {line.line_control: f"e{n}{marks[n % 6]}" for n, line in enumerate(
        line for c in claims for line in c.lines)}
    decided = [(c, outcome(c, ids)) for c in claims]
    paid = [(c, o) for c, o in decided if o.accept]
    if not paid and not reversed_too:  # every claim rejected: no 835 is sent (nothing to remit); the 277CA says so
        assert all(not o.accept for _, o in decided)
        assert pyx12_text_errors(status_277ca(decided, "SYNPAYER", "PEERBILLTEST", "1-0001")) == []
        return
    remit = remit_835(paid, "SYNPAYER", "PEERBILLTEST", date(2025, 3, 20), reversals=decided if reversed_too else ())
    status = status_277ca(decided, "SYNPAYER", "PEERBILLTEST", batch_trace(api_file.isa_control,
                                                                           api_file.transaction_control))
    assert pyx12_text_errors(remit) == [] and pyx12_text_errors(status) == []
    (parsed,) = read_835(remit)
    assert balance_problems(parsed) == []
    expected = sum((line.charge for c, o in paid for n, line in enumerate(c.lines) if n not in o.deny_lines),
                   Decimal("0"))
    assert sum((c.paid for c in parsed.claims if not c.reversal), Decimal("0")) == expected
    assert [c.patient_control for c in read_277ca(status).claims if c.statuses[0].codes[0].category == "A7"] == \
        [c.claim_id for c, o in decided if not o.accept]


@pytest.fixture
def api_file(api, db):
    """A live 837P of four claims (one with two lines) to answer."""
    payer = setup_payer(api, charges={"H0038": "10.00"})
    post(api, "ehr", [session(0, "a", "SYN0001"), session(1, "b", "SYN0002"), session(2, "c", "SYN0002"),
                      session(3, "d", "SYN0003"), session(4, "e", "SYN0004")])
    f = build(api, "billing", payer)["file"]
    return read_837p(api.call("GET", f"/v1/claim-files/{f['id']}/content", as_="billing").text)


def test_encounters_at_filing_risk_are_told_once_in_their_own_feed(api, db):
    from billing.db.models import Encounter as EncounterRow
    from billing.events.filing_risk import warn

    make_test_keys(api)
    post(api, "ehr", [session(0, "live-1", "SYN0001")])
    post(api, "ehr_test", [session(0, "t-1", "SYN0001")])
    with db.reading() as s:
        deadline = s.scalar(select(EncounterRow.filing_deadline).where(EncounterRow.external_id == "live-1"))
    assert deadline is not None
    before = date.fromordinal(deadline.toordinal() - 40)
    assert warn(db, before, within_days=30) == 0  # not yet within 30 days
    near = date.fromordinal(deadline.toordinal() - 10)
    assert warn(db, near, within_days=30) == 2 and warn(db, near, within_days=30) == 0  # once each
    live = api.call("GET", "/v1/events?types=encounter.at_filing_risk", as_="ehr").json()["items"]
    test = api.call("GET", "/v1/events?types=encounter.at_filing_risk", as_="ehr_test").json()["items"]
    assert [e["object_id"] for e in live] == ["live-1"] and [e["object_id"] for e in test] == ["t-1"]
    assert live[0]["data"]["days_left"] == 10 and live[0]["data"]["filing_deadline"] == deadline.isoformat()
    # Billed and accepted in the sandbox (the synthetic payer accepts it): no longer at risk, nothing new told.
    build(api, "billing_test", _payer(api, "billing_test"))
    assert warn(db, date.fromordinal(near.toordinal() + 1), within_days=30) == 0


def test_a_rotated_test_key_is_a_test_key_of_the_same_sandbox(api):
    box = make_test_keys(api)
    post(api, "ehr_test", [session(0, "t-1", "SYN0001")])
    old_id = api.keys["ehr_test"].split("_")[2]
    r = api.call("POST", f"/v1/keys/{old_id}/rotate", as_="admin", json={})
    assert r.status_code == 201, r.text
    new = r.json()
    assert new["test"] is True and new["agency_id"] == box and new["key"].startswith("pb_test_")
    api.keys["rotated"] = new["key"]
    assert [e["id"] for e in api.call("GET", "/v1/encounters", as_="rotated").json()["items"]] == ["t-1"]
    assert api.call("POST", f"/v1/keys/{new['id']}/revoke", as_="admin").status_code == 200
    assert api.call("GET", "/v1/encounters", as_="rotated").status_code == 401


def test_the_console_of_a_test_key_says_test_mode_and_shows_sandbox_data_only(api):
    from tests.test_console import signed_in

    run = sandbox_loop(api)
    live = _live(api)
    test_console, live_console = signed_in(api, "billing_test"), signed_in(api, "billing")
    assert "Test mode (sandbox)" in test_console.get("/console/claims").text
    assert "Test mode" not in live_console.get("/console/claims").text
    test_file, live_file = run["build"]["file"]["id"], live["build"]["file"]["id"]
    test_files, live_files = (c.get("/console/claim-files").text for c in (test_console, live_console))
    assert test_file in test_files and live_file not in test_files
    assert live_file in live_files and test_file not in live_files
    _payer(api, "billing_test", payer_id="SANDPAY", name="Sandbox Only Payer")
    assert "Sandbox Only Payer" in test_console.get("/console/payers").text
    assert "Sandbox Only Payer" not in live_console.get("/console/payers").text
