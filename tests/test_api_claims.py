"""Claims as billing staff build them: payers, claim files, content, replacements and voids."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from billing.db.models import ClaimLineRow
from tests.conftest import ON_POSTGRES
from tests.test_api_encounters import enc
from tests.x12util import pyx12_errors

PARTNER = {"sender_id": "PEERBILLTEST", "receiver_id": "SYNPAYER", "submitter_name": "Synthetic Agency",
           "submitter_id": "SUB123", "contact_name": "Billing Desk", "contact_phone": "5125550100",
           "receiver_name": "Synthetic Medicaid", "usage": "T"}


def setup_payer(api, **over) -> str:
    body = {"payer_id": "ZZMCD", "name": "ZZ Medicaid", "state": "ZZ", "program": "fee_for_service",
            "partner": PARTNER, **over}
    r = api.call("POST", "/v1/payers", as_="billing", json=body)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def post_sessions(api, n: int, start: int = 0) -> None:
    items = [enc(encounter_id=f"s{i}", member={"medicaid_id": f"SYN{i % 3:04d}"},
                 service={"date": f"2025-03-0{1 + i % 4}", "start_time": f"{8 + i // 4:02d}:00",
                          "end_time": f"{8 + i // 4:02d}:45"}) for i in range(start, start + n)]
    out = api.call("POST", "/v1/encounters/batch", json={"items": items}).json()
    assert out["created"] == n, out


def test_build_file_is_pyx12_valid_and_bills_each_encounter_once(api, tmp_path):
    payer = setup_payer(api)
    post_sessions(api, 12)
    r = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer, "from": "2025-03-01",
                                                                  "to": "2025-03-31"})
    assert r.status_code == 200, r.text
    f = r.json()["file"]
    assert f["lines"] == 12 and f["claims"] == 12 and f["isa_control"] == 1
    text = api.call("GET", f"/v1/claim-files/{f['id']}/content", as_="billing").text
    assert text.startswith("ISA*") and f"*{f['isa_control']:09d}*" in text
    path = tmp_path / "out.x12"
    path.write_text(text)
    assert pyx12_errors(str(path)) == []
    again = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()
    assert again["file"] is None  # nothing left to bill


def test_excluded_encounters_carry_the_content_rule(api):
    payer = setup_payer(api)
    api.call("POST", "/v1/encounters", json=enc(encounter_id="future", service={"date": "2025-03-09"}))
    api.today = __import__("datetime").date(2025, 3, 8)  # the build runs before the date of service
    out = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()
    assert out["file"] is None
    assert out["excluded"][0]["encounter_id"] == "future"
    assert out["excluded"][0]["findings"][0]["code"] == "claim.future_date"


def test_replace_and_void_need_the_payer_claim_number_and_validate(api, tmp_path):
    payer = setup_payer(api)
    post_sessions(api, 2)
    f = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()["file"]
    claim = _first_claim(api, f["id"])
    assert api.call("POST", f"/v1/claims/{claim}/replace", as_="billing", json={}).status_code == 422
    rep = api.call("POST", f"/v1/claims/{claim}/replace", as_="billing", json={"payer_claim_number": "PCN123"})
    assert rep.status_code == 200, rep.text
    text = api.call("GET", f"/v1/claim-files/{rep.json()['file']['id']}/content", as_="billing").text
    assert "CLM*" in text and ":B:7*" in text and "REF*F8*PCN123" in text
    (tmp_path / "r.x12").write_text(text)
    assert pyx12_errors(str(tmp_path / "r.x12")) == []
    assert api.call("POST", f"/v1/claims/{claim}/replace", as_="billing",
                    json={"payer_claim_number": "PCN123"}).status_code == 409
    new_claim = _first_claim(api, rep.json()["file"]["id"])
    void = api.call("POST", f"/v1/claims/{new_claim}/void", as_="billing", json={"payer_claim_number": "PCN124"})
    text = api.call("GET", f"/v1/claim-files/{void.json()['file']['id']}/content", as_="billing").text
    assert ":B:8*" in text
    (tmp_path / "v.x12").write_text(text)
    assert pyx12_errors(str(tmp_path / "v.x12")) == []


def _first_claim(api, file_id: str) -> str:
    from billing.db.models import ClaimRow

    with api.db.reading() as s:
        return s.scalars(select(ClaimRow.id).where(ClaimRow.file_id == file_id)).first()


def test_roles_and_tenants_for_claims(api):
    payer = setup_payer(api)
    assert api.call("POST", "/v1/claim-files", as_="ehr", json={"payer": payer}).status_code == 403
    assert api.call("POST", "/v1/claim-files", as_="auditor", json={"payer": payer}).status_code == 403
    assert api.call("GET", "/v1/payers", as_="ehr_b").status_code == 403
    post_sessions(api, 1)
    f = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()["file"]
    assert api.call("GET", f"/v1/claim-files/{f['id']}", as_="auditor").status_code == 200
    assert api.call("GET", f"/v1/claim-files/{f['id']}/content", as_="ehr").status_code == 403


@pytest.mark.skipif(not ON_POSTGRES, reason="concurrent builds are a PostgreSQL matter")
def test_two_racing_builds_bill_each_encounter_exactly_once(api, db):
    payer = setup_payer(api)
    post_sessions(api, 40)
    answers: list[dict] = []

    def build():
        answers.append(api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json())

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    files = [a["file"] for a in answers if a.get("file")]
    assert sum(f["lines"] for f in files) == 40
    assert len({f["isa_control"] for f in files}) == len(files)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ClaimLineRow)) == 40
        assert s.scalar(select(func.count(func.distinct(ClaimLineRow.encounter_id)))) == 40


def test_a_corrected_encounter_is_not_billed_again_but_flagged_for_replacement(api):
    payer = setup_payer(api)
    post_sessions(api, 2)
    first = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()
    assert first["file"]["lines"] == 2
    fixed = enc(encounter_id="s0", member={"medicaid_id": "SYN0000"},
                service={"date": "2025-03-01", "start_time": "08:00", "end_time": "08:30"})
    assert api.call("PUT", "/v1/encounters/s0", json=fixed).json()["version"] == 2
    again = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()
    assert again["file"] is None  # no second original
    assert [c["encounter_id"] for c in again["corrected"]] == ["s0"]
    rep = api.call("POST", f"/v1/claims/{again['corrected'][0]['claim_id']}/replace", as_="billing",
                   json={"payer_claim_number": "PCN9"}).json()
    text = api.call("GET", f"/v1/claim-files/{rep['file']['id']}/content", as_="billing").text
    assert ":B:7*" in text and "SV1*HC:H0038*" in text
