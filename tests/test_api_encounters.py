"""The encounter API as an EHR integration and billing staff use it."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from billing.db.models import AuditEvent, Encounter, EncounterVersion
from tests.conftest import base_encounter_dict


def enc(**over):
    d = json.loads(json.dumps(base_encounter_dict(), default=str))
    for k, v in over.items():
        if isinstance(v, dict):
            d[k] = {**d[k], **v}
        else:
            d[k] = v
    return d


def test_post_returns_201_with_verdict_and_a_resend_is_a_no_op(api, db):
    r = api.call("POST", "/v1/encounters", json=enc())
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["id"] == "case-0001" and body["status"] == "billable" and body["version"] == 1
    assert body["verdict"]["units"] == 4 and body["verdict"]["rule_pack"]["state"] == "ZZ"
    again = api.call("POST", "/v1/encounters", json=enc())
    assert again.status_code == 200 and again.json()["version"] == 1
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Encounter)) == 1
        assert s.scalar(select(func.count()).select_from(EncounterVersion)) == 1


def test_changed_payload_is_409_until_sent_as_a_correction_which_keeps_history(api):
    api.call("POST", "/v1/encounters", json=enc())
    changed = enc(service={"end_time": "09:20"})
    r = api.call("POST", "/v1/encounters", json=changed)
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    assert "PUT /v1/encounters/case-0001" in r.json()["detail"]
    put = api.call("PUT", "/v1/encounters/case-0001", json=changed)
    assert put.status_code == 200 and put.json()["version"] == 2 and put.json()["verdict"]["units"] == 1
    got = api.call("GET", "/v1/encounters/case-0001").json()
    assert [v["version"] for v in got["versions"]] == [1, 2]
    assert [v["verdict"]["units"] for v in got["versions"]] == [4, 1]
    assert api.call("PUT", "/v1/encounters/nope", json=enc(encounter_id="nope")).status_code == 404
    assert api.call("PUT", "/v1/encounters/other", json=changed).status_code == 422


def test_void_keeps_history_and_frees_the_units(api):
    api.call("POST", "/v1/encounters", json=enc(service={"start_time": "08:00", "end_time": "12:00"}))
    second = enc(encounter_id="case-0002", service={"start_time": "13:00", "end_time": "14:00"})
    assert api.call("POST", "/v1/encounters", json=second).json()["verdict"]["findings"][0]["code"] == \
        "units.cap_exceeded"
    r = api.call("DELETE", "/v1/encounters/case-0001")
    assert r.status_code == 200 and r.json()["status"] == "void"
    third = enc(encounter_id="case-0003", service={"start_time": "14:00", "end_time": "15:00"})
    assert api.call("POST", "/v1/encounters", json=third).json()["verdict"]["units"] == 4
    got = api.call("GET", "/v1/encounters/case-0001").json()
    assert [v["kind"] for v in got["versions"]] == ["original", "void"]


def test_schema_errors_are_422_problem_json_listing_every_field(api, db):
    bad = enc(service={"minutes": 0, "hcpcs": "X"}, member={"sex": "Q"})
    bad["extra_field"] = True
    r = api.call("POST", "/v1/encounters", json=bad)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    paths = {e["path"] for e in r.json()["errors"]}
    assert {"service.minutes", "service.hcpcs", "member.sex", "extra_field"} <= paths
    assert api.call("POST", "/v1/encounters", content=b"{not json", headers={"Content-Type": "application/json"}
                    ).status_code == 422
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Encounter)) == 0


def test_batch_partial_success_and_per_item_errors(api, db):
    items = [enc(encounter_id=f"b{i}", service={"start_time": f"{8 + i:02d}:00", "end_time": f"{8 + i:02d}:30"})
             for i in range(5)]
    items[2] = {**items[2], "diagnoses": []}
    items.append(enc(encounter_id="b0", service={"start_time": "08:00", "end_time": "08:45"}))  # clash in batch
    r = api.call("POST", "/v1/encounters/batch", json={"items": items})
    assert r.status_code == 200, r.text
    out = r.json()
    assert [i["status"] for i in out["items"]] == [201, 201, 422, 201, 201, 409]
    assert out["items"][2]["errors"][0]["path"] == "items[2].diagnoses"
    assert (out["created"], out["failed"]) == (4, 2)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Encounter)) == 4
        assert s.scalar(select(func.count()).select_from(EncounterVersion)) == 4
    again = api.call("POST", "/v1/encounters/batch", json={"items": items[:2]}).json()
    assert [i["status"] for i in again["items"]] == [200, 200] and again["items"][0]["verdict"]["units"] == 2


def test_batch_caps_carry_across_items_and_stored_history(api):
    api.call("POST", "/v1/encounters", json=enc(encounter_id="first", service={"start_time": "08:00",
                                                                                 "end_time": "10:00"}))
    items = [enc(encounter_id=f"c{i}", service={"start_time": f"{11 + i:02d}:00", "end_time": f"{12 + i:02d}:00"})
             for i in range(3)]
    units = [i["verdict"]["units"] for i in api.call("POST", "/v1/encounters/batch", json={"items": items}
                                                      ).json()["items"]]
    assert units == [4, 4, 0]


def test_idempotency_key_replays_the_first_answer(api, db):
    h = {"Idempotency-Key": "k-1"}
    first = api.call("POST", "/v1/encounters", json=enc(), headers=h)
    second = api.call("POST", "/v1/encounters", json=enc(), headers=h)
    assert first.status_code == second.status_code == 201 and first.json() == second.json()
    other = api.call("POST", "/v1/encounters", json=enc(encounter_id="zz"), headers=h)
    assert other.status_code == 422


def test_validate_is_a_dry_run(api, db):
    r = api.call("POST", "/v1/encounters/validate", json=enc(service={"modifiers": ["95"]}))
    assert r.status_code == 200 and r.json()["verdict"]["billable"] is False
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Encounter)) == 0


def test_list_filters_and_cursor_pagination(api):
    for i in range(7):
        api.call("POST", "/v1/encounters", json=enc(encounter_id=f"l{i}", service={"date": f"2025-03-0{i + 1}"}))
    page = api.call("GET", "/v1/encounters", params={"limit": 3}).json()
    seen = [i["id"] for i in page["items"]]
    while page["next_cursor"]:
        page = api.call("GET", "/v1/encounters", params={"limit": 3, "cursor": page["next_cursor"]}).json()
        seen += [i["id"] for i in page["items"]]
    assert seen == [f"l{i}" for i in range(7)]
    few = api.call("GET", "/v1/encounters", params={"from": "2025-03-02", "to": "2025-03-03"}).json()
    assert [i["id"] for i in few["items"]] == ["l1", "l2"]
    assert api.call("GET", "/v1/encounters", params={"member": "NOBODY"}).json()["items"] == []
    assert api.call("GET", "/v1/encounters", params={"cursor": "garbage"}).status_code == 400


def test_tenant_isolation_is_404_for_every_endpoint(api):
    api.call("POST", "/v1/encounters", json=enc())
    assert api.call("GET", "/v1/encounters/case-0001", as_="ehr_b").status_code == 404
    assert api.call("PUT", "/v1/encounters/case-0001", as_="ehr_b", json=enc()).status_code == 404
    assert api.call("DELETE", "/v1/encounters/case-0001", as_="ehr_b").status_code == 404
    assert api.call("GET", "/v1/encounters", as_="ehr_b").json()["items"] == []
    # agency B posting the same EHR id is its own encounter, not a clash
    assert api.call("POST", "/v1/encounters", as_="ehr_b", json=enc()).status_code == 201
    assert api.call("GET", "/v1/encounters/case-0001", as_="auditor", params={"agency": api.b}).status_code == 404


def test_role_matrix(api):
    api.call("POST", "/v1/encounters", json=enc())
    assert api.call("GET", "/v1/audit-events", as_="ehr").status_code == 403
    assert api.call("GET", "/v1/audit-events", as_="billing").status_code == 403
    assert api.call("GET", "/v1/audit-events", as_="auditor").status_code == 200
    assert api.call("POST", "/v1/encounters", as_="auditor", json=enc(encounter_id="x")).status_code == 403
    assert api.call("DELETE", "/v1/encounters/case-0001", as_="auditor").status_code == 403
    assert api.call("GET", "/v1/encounters/case-0001", as_="auditor").status_code == 200
    assert api.call("POST", "/v1/encounters", as_="admin", json=enc(encounter_id="y")).status_code == 403
    assert api.call("GET", "/v1/encounters", as_="admin").status_code == 403
    assert api.call("POST", "/v1/keys", as_="billing", json={"role": "admin", "name": "x"}).status_code == 403
    assert api.call("GET", "/v1/agencies", as_="ehr").status_code == 403
    r = api.call("POST", "/v1/keys", as_="admin", json={"role": "ehr", "name": "new", "agency_id": api.a})
    assert r.status_code == 201 and r.json()["key"].startswith("pb_")
    assert api.call("GET", "/v1/rules", as_=None if False else "ehr").status_code == 200
    assert api.client.get("/v1/encounters").status_code == 401
    assert api.client.get("/v1/encounters", headers={"Authorization": "Bearer pb_x_y"}).status_code == 401


def test_audit_trail_records_writes_and_person_reads_not_phi(api, db):
    api.call("POST", "/v1/encounters", json=enc())
    api.call("GET", "/v1/encounters/case-0001", as_="ehr")
    api.call("GET", "/v1/encounters/case-0001", as_="billing")
    api.call("GET", "/v1/encounters/case-0001", as_="auditor")
    with db.reading() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [(e.action, e.actor_role) for e in events if e.object_type == "encounter"]
    assert actions == [("encounter.create", "ehr"), ("encounter.read", "billing"), ("encounter.read", "auditor")]
    assert all(e.request_id for e in events)
    blob = json.dumps([e.detail for e in events])
    assert "SYN0001" not in blob and "Example" not in blob
    trail = api.call("GET", "/v1/audit-events", as_="auditor", params={"object": "case-0001"}).json()["items"]
    assert [e["action"] for e in trail] == ["encounter.create", "encounter.read", "encounter.read"]


def test_rules_and_health(api):
    assert api.client.get("/healthz").json() == {"status": "ok"}
    rules = api.call("GET", "/v1/rules/ZZ", params={"on": "2027-02-01"}).json()
    assert rules["rules"]["credentials"][0]["accepted_types"] == ["CPS"]
    assert rules["rules"]["credentials"][0]["cite"]["document"] == "Synthetic test rules"
    assert api.call("GET", "/v1/rules/QQ").status_code == 404


def test_rules_of_a_program_and_a_program_encounter(db):
    from billing.rules.packs import default_registry
    from tests.conftest import Api

    api = Api(db, default_registry())
    listing = {r["state"]: r for r in api.call("GET", "/v1/rules").json()}
    assert listing["NY"]["programs"] == ["cftss-fpss", "cftss-yps", "oasas-peer", "omh-core-peer"]
    ny = api.call("GET", "/v1/rules/NY", params={"on": "2025-06-01", "program": "cftss-fpss"}).json()
    assert ny["programs"]["cftss-fpss"]["region_table"] == "cftss"
    assert "Ulster" in ny["region_tables"]["cftss"]["regions"]["downstate"]
    assert {r["rate_code"] for r in ny["rules"]["rates"]} == {"7915", "7916", "7923", "7930"}
    assert api.call("GET", "/v1/rules/NY", params={"program": "nope"}).status_code == 404
    posted = api.call("POST", "/v1/encounters", json=enc(
        program="cftss-fpss", payer={"state": "NY"},
        member={"date_of_birth": "2012-05-01"},
        service={"date": "2025-03-04", "county": "Ulster", "offsite": True},
        diagnoses=["F41.1"]))
    assert posted.status_code == 201, posted.text
    v = posted.json()["verdict"]
    assert v["rate_code"] == "7915" and v["rule_pack"]["program"] == "cftss-fpss"
    assert [a["rate_code"] for a in v["add_ons"]] == ["7923"]
    back = api.call("GET", "/v1/encounters/case-0001").json()
    assert back["verdict"]["rate_code"] == "7915" and back["verdict"]["add_ons"][0]["rate_code"] == "7923"


def test_times_with_a_utc_offset_are_refused_not_a_500(api):
    """Found by schemathesis: 07:27+04:00 to 04:25Z passed the order check in UTC but gave -182 minutes."""
    r = api.call("POST", "/v1/encounters", json=enc(service={"start_time": "07:27:00+04:00", "end_time": "04:25:00Z"}))
    assert r.status_code == 422
    assert {e["path"] for e in r.json()["errors"]} == {"service.start_time", "service.end_time"}
