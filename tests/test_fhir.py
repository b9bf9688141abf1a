"""FHIR R4: Bundles in (several EHR shapes), ClaimResponse and ExplanationOfBenefit out, errors as
OperationOutcome, and the same tenancy, roles, idempotency and audit as the native API."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal

import pytest
from fhir.resources.R4B import get_fhir_model_class
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from billing.db.models import AuditEvent
from billing.fhir.inbound import read_bundle
from billing.rules import adjudicate
from billing.x12.payer_sim import Outcome, remit_835
from tests.conftest import make_encounter, zz_registry
from tests.fhirutil import SHAPES, bundle_of, to_bundle
from tests.test_responses_e2e import build, ingest

FHIR = {"Accept": "application/fhir+json"}


def post(api, bundle, as_="ehr", headers=None):
    return api.call("POST", "/v1/fhir/Bundle", as_=as_, json=bundle, headers={**FHIR, **(headers or {})})


def valid(resource: dict) -> dict:
    """The resource parses as its R4B model (what a FHIR client library would do)."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return resource


# --- mapping ------------------------------------------------------------------------------------------

encounters = st.builds(
    lambda eid, first, sex, days, minutes, tele, group, mods, program, cred_days, sup, dx, pa, shape: (make_encounter(
        encounter_id=eid, member={"first_name": first, "sex": sex, "date_of_birth": (date(1960, 1, 1) + timedelta(
            days=days * 7)).isoformat()},
        payer={"program": program, "payer_id": "SYNPAYER" if program == "managed_care" else None},
        rendering={"credential": {"expires_on": (date(2025, 3, 4) + timedelta(days=cred_days)).isoformat()}},
        supervisor=None if not sup else {"npi": "1245319599", "first_name": "Jordan", "last_name": "Super",
                                         "credential": sup},
        service={"date": (date(2024, 1, 1) + timedelta(days=days)).isoformat(), "minutes": minutes,
                 "start_time": None if minutes else "09:00", "end_time": None if minutes else "10:00",
                 "telehealth": tele, "setting": "group" if group else "individual", "group_size": group,
                 "modifiers": mods, "place_of_service": "02" if tele != "none" else "11"},
        diagnoses=dx, prior_authorization=pa), shape),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.:_-]{0,20}", fullmatch=True),
    st.sampled_from(["Alex", "Ana María", "Jo-Ann", "Li"]), st.sampled_from(["F", "M", "U"]),
    st.integers(0, 700), st.one_of(st.none(), st.integers(1, 480)),
    st.sampled_from(["none", "audio_video", "audio_only"]), st.one_of(st.none(), st.integers(2, 20)),
    st.sampled_from([[], ["HQ"], ["GT"], ["HQ", "TN"]]), st.sampled_from(["fee_for_service", "managed_care"]),
    st.integers(-30, 30), st.sampled_from([None, "LCSW", "LPC"]),
    st.lists(st.sampled_from(["F33.1", "F10.20", "F43.10", "Z63.0", "F99"]), min_size=1, max_size=4, unique=True),
    st.sampled_from([None, "PA-1"]), st.sampled_from(SHAPES),
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(encounters)
def test_any_encounter_as_a_bundle_maps_back_to_itself_and_gets_the_same_verdict(case):
    enc, shape = case
    mapped, whole = read_bundle(to_bundle(enc, shape))
    assert whole == [] and [m.issues for m in mapped] == [[]]
    back = mapped[0].encounter
    assert back == enc
    reg = zz_registry()
    assert adjudicate(back, [], date(2026, 1, 1), reg) == adjudicate(enc, [], date(2026, 1, 1), reg)


def test_a_program_and_county_travel_as_extensions():
    """NY prices CFTSS by program and county: both come through a Bundle."""
    enc = make_encounter(encounter_id="ny-1", program="cftss-fpss", service={"county": "Ulster"})
    [m], whole = read_bundle(to_bundle(enc, "extension"))
    assert whole == [] and m.issues == [] and m.encounter == enc


@pytest.mark.parametrize("shape", SHAPES)
def test_each_ehr_shape_posts_and_gets_the_native_verdict(api, shape):
    enc = make_encounter(encounter_id=f"fhir-{shape}")
    r = post(api, to_bundle(enc, shape, "transaction"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/fhir+json")
    answer = valid(r.json())
    assert answer["type"] == "transaction-response"
    [entry] = answer["entry"]
    assert entry["response"]["status"] == "201 Created"
    cr = valid(entry["resource"])
    native = api.call("POST", "/v1/encounters/validate", json=enc.model_dump(mode="json")).json()["verdict"]
    stored = api.call("GET", f"/v1/encounters/fhir-{shape}").json()
    assert stored["encounter"] == enc.model_dump(mode="json")
    assert stored["verdict"]["billable"] is True and stored["verdict"]["units"] == native["units"] == 4
    assert cr["outcome"] == "complete" and cr["disposition"] == "billable"
    adj = {a["category"]["coding"][0]["code"]: a for a in cr["item"][0]["adjudication"]}
    assert adj["eligible"]["value"] == 4
    assert Decimal(str(adj["benefit"]["amount"]["value"])) == Decimal(native["expected_payment"])
    codes = [n["text"].split(" ")[1] for n in cr.get("processNote", [])]
    assert codes == [f["code"] for f in native["findings"]]


def test_a_refused_encounter_names_each_finding_with_its_citation(api):
    enc = make_encounter(encounter_id="fhir-refused", service={"date": "2025-03-04", "minutes": 5,
                                                               "start_time": None, "end_time": None})
    cr = post(api, to_bundle(enc)).json()["entry"][0]["resource"]
    assert cr["disposition"].startswith("not billable") and "units.zero" in cr["disposition"]
    assert [e["code"]["coding"][0]["code"] for e in cr["error"]] == ["units.zero"]
    note = next(n["text"] for n in cr["processNote"] if "units.zero" in n["text"])
    assert "Synthetic test rules" in note  # the citation travels with the finding


def test_several_encounters_in_one_bundle_behave_like_a_batch(api):
    a, b = make_encounter(encounter_id="fb-1"), make_encounter(
        encounter_id="fb-2", member={"medicaid_id": "SYN0002"}, service={"start_time": "11:00", "end_time": "12:00"})
    r = post(api, bundle_of(to_bundle(a), to_bundle(b, "extension")))
    assert [e["response"]["status"] for e in r.json()["entry"]] == ["201 Created", "201 Created"]
    again = post(api, bundle_of(to_bundle(a), to_bundle(b, "extension")))
    assert [e["response"]["status"] for e in again.json()["entry"]] == ["200 OK", "200 OK"]
    changed = make_encounter(encounter_id="fb-1", service={"start_time": "09:00", "end_time": "09:45"})
    clash = post(api, to_bundle(changed)).json()["entry"][0]
    assert clash["response"]["status"] == "409 Conflict" and "resource" not in clash
    assert api.call("GET", "/v1/encounters").json()["items"].__len__() == 2


# --- errors -------------------------------------------------------------------------------------------

def _issues(r) -> list[tuple[str, str]]:
    body = valid(r.json())
    assert body["resourceType"] == "OperationOutcome"
    return [(i["expression"][0], i["diagnostics"]) for i in body["issue"]]


def test_missing_and_wrong_elements_are_named_by_fhir_path_and_nothing_is_stored(api):
    good = to_bundle(make_encounter(encounter_id="ok-1"))
    bad = to_bundle(make_encounter(encounter_id="bad-1", member={"medicaid_id": "SYN0009"}))
    bad["entry"] = [e for e in bad["entry"] if e["resource"]["resourceType"] != "Patient"]
    r = post(api, bundle_of(good, bad, bundle_type="transaction"))
    assert r.status_code == 422
    paths = _issues(r)
    assert any(p.endswith(".subject") and "Patient" in msg for p, msg in paths)
    assert api.call("GET", "/v1/encounters").json()["items"] == []  # the good one was not half-taken


def test_a_value_the_encounter_model_refuses_points_at_its_fhir_element(api):
    b = to_bundle(make_encounter(encounter_id="npi-1"))
    peer = next(e["resource"] for e in b["entry"] if e["fullUrl"].endswith("-peer"))
    peer["identifier"][0]["value"] = "12345"
    r = post(api, b)
    assert r.status_code == 422
    [(path, msg)] = _issues(r)
    assert path.endswith(".identifier") and "rendering.npi" in msg


def test_fhir_schema_errors_and_non_peer_bundles_are_clear(api):
    b = to_bundle(make_encounter(encounter_id="dob-1"))
    b["entry"][1]["resource"]["birthDate"] = "1985-13-40"
    assert any("birthDate" in p for p, _ in _issues(post(api, b)))
    labs = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "x"}}}]}
    assert _issues(post(api, labs)) == [("Bundle.entry", "the Bundle holds no Encounter: nothing to judge")]
    no_code = to_bundle(make_encounter(encounter_id="nocode-1"), "extension")
    del no_code["entry"][0]["resource"]["serviceType"]
    assert any("HCPCS" in msg for _, msg in _issues(post(api, no_code)))
    planned = to_bundle(make_encounter(encounter_id="planned-1"))
    planned["entry"][0]["resource"]["status"] = "planned"
    assert any(p.endswith(".status") for p, _ in _issues(post(api, planned)))
    assert _issues(post(api, {"resourceType": "Patient"}))[0][0] == "Bundle"
    not_json = api.call("POST", "/v1/fhir/Bundle", content=b"{", headers=FHIR)
    assert not_json.status_code == 400 and _issues(not_json)


def test_errors_are_problem_json_when_the_client_does_not_ask_for_fhir(api):
    r = api.call("POST", "/v1/fhir/Bundle", json={"resourceType": "Bundle", "type": "collection", "entry": []})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["path"] == "Bundle.entry"


# --- access, idempotency, audit -----------------------------------------------------------------------

def test_roles_and_tenancy_are_those_of_the_native_api(api):
    b = to_bundle(make_encounter(encounter_id="tenant-1"))
    assert post(api, b, as_="auditor").status_code == 403
    assert post(api, b, as_="admin").status_code == 403
    assert api.client.post("/v1/fhir/Bundle", json=b).status_code == 401
    assert post(api, b).status_code == 200
    mine = api.call("GET", "/v1/fhir/ClaimResponse?encounter=tenant-1", headers=FHIR).json()
    assert mine["total"] == 1 and valid(mine["entry"][0]["resource"])["identifier"][0]["value"] == "tenant-1"
    theirs = api.call("GET", "/v1/fhir/ClaimResponse?encounter=tenant-1", as_="ehr_b").json()
    assert theirs["total"] == 0
    assert api.call("GET", "/v1/fhir/ExplanationOfBenefit?patient=SYN0001", as_="ehr").status_code == 403


def test_idempotency_key_replays_the_first_answer(api):
    b = to_bundle(make_encounter(encounter_id="idem-1"))
    first = post(api, b, headers={"Idempotency-Key": "k-1"})
    second = post(api, b, headers={"Idempotency-Key": "k-1"})
    assert second.status_code == 200 and second.json() == first.json()
    other = copy.deepcopy(b)
    other["entry"][0]["resource"]["identifier"][0]["value"] = "idem-2"
    assert post(api, other, headers={"Idempotency-Key": "k-1"}).status_code == 422


def test_a_persons_read_is_audited_without_the_medicaid_id(api, db):
    post(api, to_bundle(make_encounter(encounter_id="aud-1")))
    api.call("GET", "/v1/fhir/ClaimResponse?encounter=aud-1", as_="billing")
    with db.reading() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == "encounter.read")).all()
    assert [r.object_id for r in rows] == ["aud-1"]
    assert all("SYN0001" not in str(r.detail) for r in rows)


# --- remittances and metadata -------------------------------------------------------------------------

def test_an_835_comes_back_as_explanation_of_benefit(api, db):
    f = build(api, db, ["SYN0001", "SYN0002"])
    claims = {c.claim_id: c for c in f.claims}
    plan = [(claims["PB0000000001"], Outcome(contractual_pct=10, copay=Decimal("3.00"))),
            (claims["PB0000000002"], Outcome(deny_reason="29"))]
    assert ingest(api, remit_835(plan, "SYNPAYER", "PEERBILLTEST", f.created.date())).status_code == 201
    r = api.call("GET", "/v1/fhir/ExplanationOfBenefit?patient=SYN0001", as_="billing", headers=FHIR)
    bundle = valid(r.json())
    [eob] = [valid(e["resource"]) for e in bundle["entry"]]
    charge = claims["PB0000000001"].lines[0].charge
    paid = charge - (charge / 10).quantize(Decimal("0.01")) - Decimal("3.00")
    total = {t["category"]["coding"][0]["code"]: Decimal(str(t["amount"]["value"])) for t in eob["total"]}
    assert total == {"submitted": charge, "benefit": paid}
    reasons = {(a["category"]["coding"][0]["code"], a["reason"]["coding"][0]["code"])
               for a in eob["item"][0]["adjudication"] if "reason" in a}
    assert reasons == {("CO", "45"), ("PR", "3")}
    denied = valid(api.call("GET", "/v1/fhir/ExplanationOfBenefit?patient=SYN0002", as_="auditor").json())
    assert denied["entry"][0]["resource"]["disposition"] == "denied"
    assert api.call("GET", "/v1/fhir/ExplanationOfBenefit?patient=SYN0001&created=lt2000-01-01",
                    as_="billing").json()["total"] == 0
    bad = api.call("GET", "/v1/fhir/ExplanationOfBenefit?patient=SYN0001&created=soon", as_="billing",
                   headers=FHIR)
    assert bad.status_code == 400 and "created" in _issues(bad)[0][1]


def test_capability_statement_lists_exactly_what_is_supported(api):
    cs = valid(api.client.get("/v1/fhir/metadata").json())
    assert cs["fhirVersion"] == "4.0.1"
    types = {r["type"]: r for r in cs["rest"][0]["resource"]}
    assert set(types) == {"Bundle", "ClaimResponse", "ExplanationOfBenefit"}
    assert [p["name"] for p in types["ExplanationOfBenefit"]["searchParam"]] == ["patient", "created"]
