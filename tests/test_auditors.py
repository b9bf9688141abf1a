"""What auditors ask: every "no" from every source with its reason, summaries, timelines, the filing watch,
and who may see what."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from sqlalchemy import select

from billing.access import Actor, create_agency, create_key
from billing.db.models import AuditEvent, ClaimRow
from billing.x12.payer_sim import Outcome, ack_999, batch_trace, remit_835, status_277ca
from schemas.api import AgencyIn, KeyIn
from tests.test_api_encounters import enc
from tests.test_responses_e2e import PAYER, US, build, ingest


def _claim_id(db, control: str) -> str:
    with db.reading() as s:
        return s.scalar(select(ClaimRow.id).where(ClaimRow.claim_control == control))


@pytest.fixture
def story(api, db):
    """One agency's month: an encounter our rules refuse, a file whose 277CA rejects a claim and whose 835
    pays, cuts and denies (CO-29, CO-119, CO-197, a CO-96 line), and a second file a 999 rejects."""
    f = build(api, db, ["SYN0001", "SYN0002", "SYN0003", "SYN0004", "SYN0005", "SYN0005", "SYN0006"])
    claims = {c.claim_id: c for c in f.claims}
    ingest(api, ack_999(f.group_control, f.transaction_control, True, PAYER, US))
    plan = {"PB0000000001": Outcome(contractual_pct=10, copay=Decimal("3.00")),
            "PB0000000002": Outcome(deny_reason="29"), "PB0000000003": Outcome(deny_reason="119"),
            "PB0000000004": Outcome(accept=False), "PB0000000005": Outcome(deny_lines=(1,)),
            "PB0000000006": Outcome(deny_reason="197")}
    pairs = [(claims[k], v) for k, v in plan.items()]
    ingest(api, status_277ca(pairs, PAYER, US, batch_trace(f.isa_control, f.transaction_control)))
    assert ingest(api, remit_835([p for p in pairs if p[1].accept], PAYER, US, f.created.date())).status_code == 201
    # Our rules refuse one: four hours, then an hour more the same day, over the synthetic 16-unit daily cap.
    api.call("POST", "/v1/encounters", json=enc(encounter_id="long", member={"medicaid_id": "SYN0009"},
                                               service={"date": "2025-03-03", "start_time": "08:00",
                                                        "end_time": "12:00"}))
    over = api.call("POST", "/v1/encounters", json=enc(encounter_id="over", member={"medicaid_id": "SYN0009"},
                                                      service={"date": "2025-03-03", "start_time": "13:00",
                                                               "end_time": "14:00"}))
    assert over.json()["verdict"]["billable"] is False
    later = build_second_file(api, db)
    assert ingest(api, ack_999(later.group_control, later.transaction_control, False, PAYER, US, n=7)
                  ).status_code == 201
    return {"claims": claims, "second": later}


def build_second_file(api, db):
    items = [enc(encounter_id="late-1", member={"medicaid_id": "SYN0007"},
                 service={"date": "2025-03-04", "start_time": "09:00", "end_time": "09:30"})]
    assert api.call("POST", "/v1/encounters/batch", json={"items": items}).json()["created"] == 1
    payer = api.call("GET", "/v1/payers", as_="billing").json()["items"][0]["id"]
    f = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()["file"]
    from billing.db.models import ClaimFileRow
    from billing.x12.reader import read_837p
    with db.reading() as s:
        return read_837p(s.get(ClaimFileRow, f["id"]).content)


def everything(api, as_="auditor", **params) -> list[dict]:
    """Every page of /v1/rejections, following the cursor."""
    out, cursor = [], None
    while True:
        q = {**params, "limit": 3, **({"cursor": cursor} if cursor else {})}
        r = api.call("GET", "/v1/rejections", as_=as_, params=q)
        assert r.status_code == 200, r.text
        out += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return out


def test_every_source_of_a_no_is_listed_with_a_reason_a_person_can_read(api, story):
    rows = everything(api)
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)  # newest first, no repeats
    by = {(r["source"], r["code"]) for r in rows}
    assert ("engine", "units.cap_exceeded") in by
    assert any(src == "999" and code.startswith("IK3-") for src, code in by)
    assert any(src == "277CA" for src, _ in by)
    assert {("835", "CO-29"), ("835", "CO-119"), ("835", "CO-197"), ("835", "CO-96")} <= by
    engine = next(r for r in rows if r["source"] == "engine")
    assert engine["encounter_id"] == "over" and engine["member_id"] == "SYN0009"
    assert engine["rule_pack"].startswith("ZZ@r") and engine["citation"]["document"]
    assert "16" in engine["reason"] or "cap" in engine["reason"].lower()
    late = next(r for r in rows if r["code"] == "CO-29")
    assert "time limit for filing" in late["reason"].lower()
    assert late["claim_control"] == "PB0000000002" and late["paid"] == "0.00"
    assert Decimal(late["amount"]) == Decimal(late["charge"]) > 0
    rejected = [r for r in rows if r["source"] == "277CA"]
    assert {r["claim_control"] for r in rejected} == {"PB0000000004"}
    assert all(r["reason"] and not r["reason"].startswith("category") for r in rejected)
    cut = next(r for r in rows if r["code"] == "CO-96")
    assert cut["claim_control"] == "PB0000000005" and cut["encounter_id"] == "e5"
    # The paid claim with only a fee-schedule cut and a copay is not a "no".
    assert not [r for r in rows if r["claim_control"] == "PB0000000001"]
    nine = [r for r in rows if r["source"] == "999"]
    # The second file's claims: two new encounters, and e3, freed by its 277CA rejection and billed again.
    assert {r["encounter_id"] for r in nine} == {"late-1", "long", "e3"}
    assert all("segment" in r["reason"] and r["claim_control"] for r in nine)


def test_filters_narrow_the_list(api, story):
    denied = everything(api, source="835", code="CO-29")
    assert denied and {(r["source"], r["code"]) for r in denied} == {("835", "CO-29")}
    assert {r["member_id"] for r in everything(api, member="SYN0006")} == {"SYN0006"}
    assert {r["code"] for r in everything(api, member="SYN0006", source="835")} == {"CO-197"}
    assert everything(api, state="TX") == []  # every synthetic encounter is in ZZ
    assert len(everything(api, state="ZZ")) == len(everything(api))
    march3 = everything(api, **{"from": "2025-03-03", "to": "2025-03-03"})
    assert {r["encounter_id"] for r in march3} == {"over", "long"}
    npi = march3[0]["provider_npi"]
    assert {r["provider_npi"] for r in everything(api, provider=npi)} == {npi}
    assert everything(api, payer="NOSUCHPAYER") == []
    bad = api.call("GET", "/v1/rejections", as_="auditor", params={"cursor": "garbage"})
    assert bad.status_code == 400 and bad.headers["content-type"] == "application/problem+json"
    assert api.call("GET", "/v1/rejections", as_="auditor", params={"source": "fax"}).status_code == 422


def test_csv_export_has_every_row(api, story):
    r = api.call("GET", "/v1/rejections", as_="auditor", headers={"Accept": "text/csv"}, params={"source": "835"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert len(table) == len(everything(api, source="835"))
    row = next(t for t in table if t["code"] == "CO-197")
    assert row["claim_control"] == "PB0000000006" and row["reason"] and row["amount"] == row["charge"]


def test_summary_counts_dollars_and_denial_rate(api, story):
    rows = everything(api)
    primary = [r for r in rows if r["primary"]]
    total_encounters = api.call("GET", "/v1/encounters", as_="billing", params={"limit": 500}).json()["items"]
    for by in ("code", "state", "payer", "provider", "month"):
        r = api.call("GET", "/v1/rejections/summary", as_="auditor", params={"group_by": by})
        assert r.status_code == 200, r.text
        body = r.json()
        t = body["total"]
        assert t["rejections"] == len(primary)
        assert t["encounters"] == len({(r["encounter_id"]) for r in rows})
        assert t["encounters_total"] == len(total_encounters)
        assert t["denial_rate"] == round(t["encounters"] / t["encounters_total"], 4)
        assert Decimal(t["billed"]) == sum(Decimal(r["charge"] or 0) for r in primary)
        assert Decimal(t["denied"]) == sum(Decimal(r["amount"] or 0) for r in rows)
        if by != "code":
            assert sum(g["rejections"] for g in body["groups"]) == t["rejections"]
            assert sum(g["encounters_total"] for g in body["groups"]) <= t["encounters_total"]
    by_code = {g["key"]: g for g in api.call("GET", "/v1/rejections/summary", as_="auditor").json()["groups"]}
    co29 = [r for r in rows if r["code"] == "CO-29"]
    assert by_code["CO-29"]["rejections"] == len(co29)
    assert Decimal(by_code["CO-29"]["denied"]) == sum(Decimal(r["amount"]) for r in co29)
    months = api.call("GET", "/v1/rejections/summary", as_="auditor", params={"group_by": "month"}).json()
    assert [g["key"] for g in months["groups"]] == ["2025-03"]
    only = api.call("GET", "/v1/rejections/summary", as_="auditor", params={"source": "engine"}).json()["total"]
    assert only["rejections"] == 1 and only["billed"] == "0.00"


def test_encounter_timeline_tells_the_whole_story(api, db, story):
    t = api.call("GET", "/v1/encounters/e2/timeline", as_="auditor").json()
    kinds = [(e["kind"], e["status"]) for e in t]
    assert kinds[0] == ("version", "billable") and kinds[1] == ("billed", "built")
    statuses = [s for k, s in kinds if k == "response"]
    assert statuses[0] == "submitted" and "accepted" in statuses and statuses[-1] == "denied"
    assert [e["at"] for e in t] == sorted(e["at"] for e in t)
    refused = api.call("GET", "/v1/encounters/over/timeline", as_="billing").json()
    assert [e["status"] for e in refused] == ["not_billable"]
    assert refused[0]["detail"]["findings"][0]["code"] == "units.cap_exceeded"
    assert refused[0]["detail"]["rule_pack"].startswith("ZZ@r")
    assert api.call("GET", "/v1/encounters/nope/timeline", as_="auditor").status_code == 404
    claim = api.call("GET", f"/v1/claims/{_claim_id(db, 'PB0000000004')}/timeline", as_="auditor").json()
    assert [e["status"] for e in claim] == ["built", "submitted", "rejected"]


def test_at_risk_lists_billable_unaccepted_encounters_soonest_first(api, story):
    # ZZ's rule: six months after the month of service. Today is 2025-03-10 in the test app.
    soon = api.call("GET", "/v1/encounters/at-risk", as_="billing", params={"within_days": 250}).json()["items"]
    ids = [i["id"] for i in soon]
    assert "late-1" in ids  # its only claim was rejected by the 999
    assert "e3" in ids  # its claim was rejected by the 277CA
    assert "e0" not in ids and "e1" not in ids  # accepted by the payer (paid or denied: no longer at risk)
    assert "over" not in ids  # not billable
    assert [i["filing_deadline"] for i in soon] == sorted(i["filing_deadline"] for i in soon)
    late = next(i for i in soon if i["id"] == "late-1")
    assert late["filing_deadline"] == "2025-09-30" and late["days_left"] == 204
    assert late["claim_status"] == "rejected"
    nothing = api.call("GET", "/v1/encounters/at-risk", as_="billing", params={"within_days": 30}).json()
    assert nothing == {"items": [], "next_cursor": None}
    assert api.call("GET", "/v1/encounters/at-risk", as_="billing", params={"within_days": -1}).status_code == 422


AUDIT_READS = ["/v1/rejections", "/v1/rejections/summary", "/v1/encounters/at-risk",
               "/v1/encounters/e2/timeline"]


def _extra_keys(api) -> dict[str, str]:
    admin = Actor(key_id="test", role="admin")
    with api.db.writing() as s:
        keys = {
            "both": create_key(s, KeyIn(role="auditor", name="state", agencies=[api.a, api.b]), admin).key,
            "billing_b": create_key(s, KeyIn(role="billing", name="b", agency_id=api.b), admin).key,
        }
        s.commit()
    api.keys.update(keys)
    return keys


def test_roles_and_tenants_for_every_auditor_endpoint(api, db, story):
    _extra_keys(api)
    for url in AUDIT_READS:
        assert api.call("GET", url, as_="ehr").status_code == 403, url
        assert api.call("GET", url, as_="admin").status_code == 403, url
        assert api.call("GET", url, as_="auditor").status_code == 200, url
        assert api.call("GET", url, as_="billing").status_code == 200, url
    # Agency B sees none of A: empty lists, and A's objects are 404s.
    assert api.call("GET", "/v1/rejections", as_="billing_b").json()["items"] == []
    assert api.call("GET", "/v1/rejections/summary", as_="billing_b").json()["total"]["rejections"] == 0
    assert api.call("GET", "/v1/encounters/at-risk", as_="billing_b",
                    params={"within_days": 3000}).json()["items"] == []
    assert api.call("GET", "/v1/encounters/e2/timeline", as_="billing_b").status_code == 404
    claim = _claim_id(db, "PB0000000002")
    assert api.call("GET", f"/v1/claims/{claim}/timeline", as_="billing_b").status_code == 404
    assert api.call("GET", "/v1/rejections", as_="auditor", params={"agency": api.b}).json()["items"] == []


def test_an_auditor_reads_across_granted_agencies_and_writes_nothing(api, db, story):
    _extra_keys(api)
    admin = Actor(key_id="test", role="admin")
    with db.writing() as s:
        c = create_agency(s, AgencyIn.model_validate({"name": "Third", "npi": "1992999999", "tax_id": "123456789",
                                                      "taxonomy": "251S00000X", "address": {
                                                          "line1": "1 Main St", "city": "Sampletown", "state": "TX",
                                                          "zip": "787010001"}}), admin).id
        ehr_c = create_key(s, KeyIn(role="ehr", name="c", agency_id=c), admin).key
        s.commit()
    api.keys["ehr_c"] = ehr_c
    day = enc(encounter_id="b-day", member={"medicaid_id": "SYNB01"}, service={"start_time": "08:00",
                                                                                 "end_time": "12:00"})
    over_b = enc(encounter_id="b-over", member={"medicaid_id": "SYNB01"}, service={"start_time": "13:00",
                                                                                     "end_time": "14:00"})
    for key in ("ehr_b", "ehr_c"):
        api.call("POST", "/v1/encounters", as_=key, json=day)
        assert api.call("POST", "/v1/encounters", as_=key, json=over_b).json()["verdict"]["billable"] is False
    rows = everything(api, as_="both", source="engine")
    assert {r["agency_id"] for r in rows} == {api.a, api.b}  # not the third agency, never granted
    assert api.call("GET", "/v1/rejections/summary", as_="both").json()["total"]["rejections"] == len(
        everything(api, as_="both"))
    assert api.call("GET", "/v1/encounters/b-over/timeline", as_="both").status_code == 200
    assert api.call("GET", "/v1/encounters/b-over/timeline", as_="auditor").status_code == 404
    writes = [("POST", "/v1/encounters", {"json": enc(encounter_id="x")}),
              ("POST", "/v1/encounters/batch", {"json": {"items": [enc(encounter_id="x")]}}),
              ("PUT", "/v1/encounters/e2", {"json": enc(encounter_id="e2")}),
              ("DELETE", "/v1/encounters/e2", {}),
              ("POST", "/v1/claim-files", {"json": {"payer": "x"}}),
              ("POST", f"/v1/claims/{_claim_id(db, 'PB0000000002')}/void", {"json": {}}),
              ("POST", "/v1/responses", {"content": b"ISA"}),
              ("POST", "/v1/payers", {"json": {}}),
              ("POST", "/v1/keys", {"json": {"role": "ehr", "name": "x", "agency_id": api.a}})]
    for method, url, kw in writes:
        assert api.call(method, url, as_="both", **kw).status_code == 403, (method, url)


def test_auditor_reads_are_recorded_without_phi(api, db, story):
    api.call("GET", "/v1/rejections", as_="auditor", params={"member": "SYN0006"})
    api.call("GET", "/v1/encounters/e2/timeline", as_="auditor")
    api.call("GET", "/v1/rejections", as_="auditor", headers={"Accept": "text/csv"})
    api.call("GET", "/v1/rejections/summary", as_="auditor", params={"group_by": "payer"})
    with db.reading() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.actor_role == "auditor")).all()
    actions = [e.action for e in events]
    assert {"rejections.list", "encounter.timeline", "rejections.export", "rejections.summary"} <= set(actions)
    listed = next(e for e in events if e.action == "rejections.list")
    assert "SYN0006" not in str(listed.detail) and listed.detail["filters"]["member"] == "(given)"
    trail = api.call("GET", "/v1/audit-events", as_="auditor",
                     params={"action": "encounter.timeline"}).json()["items"]
    assert [e["object_id"] for e in trail] == ["e2"]


def test_cli_rejections_summary_csv_and_at_risk(api, db, story, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from billing.cli import app

    monkeypatch.setenv("PEERBILL_DATABASE_URL", db.url)
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    res = runner.invoke(app, ["rejections", "--source", "835", "--code", "CO-29"])
    assert res.exit_code == 0, res.output
    assert "CO-29" in res.output and "time limit for filing" in res.output and "CO-119" not in res.output
    res = runner.invoke(app, ["rejections", "--by", "source"])
    assert res.exit_code == 2 and "--by 'source'" in res.output
    res = runner.invoke(app, ["rejections", "--by", "code", "--agency", api.a])
    assert res.exit_code == 0 and "units.cap_exceeded" in res.output and "total" in res.output
    out = tmp_path / "rej.csv"
    res = runner.invoke(app, ["rejections", "--csv", str(out), "--from", "2025-03-01", "--to", "2025-03-31"])
    assert res.exit_code == 0, res.output
    assert len(list(csv.DictReader(out.open()))) == len(everything(api, **{"from": "2025-03-01"}))
    res = runner.invoke(app, ["rejections", "--agency", "nope"])
    assert res.exit_code == 2 and "no such agency" in res.output
    # Real today is long past the synthetic 2025 deadlines: they show only as overdue.
    res = runner.invoke(app, ["at-risk", "--within-days", "30"])
    assert res.exit_code == 0 and "0 encounters at risk" in res.output
    res = runner.invoke(app, ["at-risk", "--within-days", "30", "--overdue"])
    assert res.exit_code == 0 and "late-1" in res.output and "rejected" in res.output


def _provider_rejected(text: str) -> str:
    """The synthetic 277CA with its billing provider level's STC (2200C) an A3 (rejected) instead of an A1."""
    import re

    out, n = re.subn(r"(NM1\*85\*[^~]*~\nTRN\*1\*[^~]*~\n)STC\*A1:19:PR\*\*WQ\*[0-9.]+", r"\1STC*A3:562:85**U*0", text)
    assert n == 1
    return out


def test_a_277ca_rejecting_at_the_provider_level_rejects_every_claim_of_the_batch(api, db):
    """No claim is listed: the billing provider level's STC rejects the whole batch its trace names."""
    f = build(api, db, ["SYN0001", "SYN0002"])
    batch = f"{f.isa_control}-{f.transaction_control:04d}"  # our BHT03, echoed in 2200B TRN02
    r = ingest(api, _provider_rejected(status_277ca([], PAYER, US, batch)))
    assert r.status_code == 201, r.text
    with db.reading() as s:
        assert set(s.scalars(select(ClaimRow.status))) == {"rejected"}
    rows = everything(api, source="277CA")
    assert {r["claim_control"] for r in rows} == {c.claim_id for c in f.claims}
    assert all(r["code"] == "A3:562" and "reject" in r["reason"].lower() for r in rows)
    other = ingest(api, _provider_rejected(status_277ca([], PAYER, US, "SUBTRACE", n=9)))
    assert other.json()["summary"]["unmatched"] == 1  # a batch that is not ours: kept for staff, not applied
