"""Build a claim file, then ingest the payer's 999, 277CA and 835 for it: every status and amount checks."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from billing.db.models import ClaimEvent, ClaimLineRow, ClaimRow, ResponseFile
from tests.test_api_claims import setup_payer
from tests.test_api_encounters import enc
from tests.test_x12_responses import build_835

ISA = "ISA*00*          *00*          *ZZ*SYNPAYER       *ZZ*PEERBILLTEST   *250311*1200*^*00501*{n:09d}*0*T*:"


def envelope(gs: str, body: list[str], n: int) -> str:
    st = [*body, f"SE*{len(body) + 1}*0001"]
    return "~\n".join([ISA.format(n=n), gs.format(n=n), *st, f"GE*1*{n}", f"IEA*1*{n:09d}"]) + "~\n"


def ack_999(accepted: bool) -> str:
    code = "A" if accepted else "R"
    body = ["ST*999*0001*005010X231A1", "AK1*HC*1*005010X222A1", "AK2*837*0001*005010X222A1"]
    if not accepted:
        body += ["IK3*NM1*9*2010BA*8", "IK4*9**7"]
    body += [f"IK5*{code}" + ("" if accepted else "*5"), f"AK9*{code}*1*1*{1 if accepted else 0}"]
    return envelope("GS*FA*SYNPAYER*PEERBILLTEST*20250311*1200*{n}*X*005010X231A1", body, 8)


def status_277(accept: list[str], reject: list[str]) -> str:
    body = ["ST*277*0001*005010X214", "BHT*0085*08*TRACE1*20250312*1200*TH", "HL*1**20*1",
            "NM1*PR*2*SYN MEDICAID*****PI*SYNMCD", "TRN*1*RCV1", "DTP*050*D8*20250312", "DTP*009*D8*20250312",
            "HL*2*1*21*1", "NM1*41*2*SYNTHETIC AGENCY*****46*SUB123", "TRN*2*SUBTRACE",
            "STC*A1:19:PR*20250312*WQ*90", "HL*3*2*19*1", "NM1*85*2*SYNTHETIC AGENCY*****XX*1992999999"]
    hl = 4
    for control, ok in [(c, True) for c in accept] + [(c, False) for c in reject]:
        body += [f"HL*{hl}*3*PT", "NM1*QC*1*EXAMPLE*ALEX****MI*SYN0000", f"TRN*2*{control}",
                 "STC*A2:20:PR*20250312*WQ*30" if ok else "STC*A7:562:85*20250312*U*30"]
        body += [f"REF*1K*PAYER{control[-4:]}"] if ok else []
        body += ["DTP*472*D8*20250301"]
        hl += 1
    return envelope("GS*HN*SYNPAYER*PEERBILLTEST*20250312*1200*{n}*X*005010X214", body, 9)


def statuses(db) -> dict[str, str]:
    with db.reading() as s:
        return dict(s.execute(select(ClaimRow.claim_control, ClaimRow.status)).all())


def build_three(api) -> None:
    payer = setup_payer(api, charges={"H0038": "10.00"})
    items = [enc(encounter_id=f"e{i}", member={"medicaid_id": f"SYN000{i}"},
                 service={"date": "2025-03-01", "start_time": f"{9 + i:02d}:00", "end_time": f"{9 + i:02d}:45"})
             for i in range(3)]
    assert api.call("POST", "/v1/encounters/batch", json={"items": items}).json()["created"] == 3
    f = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()["file"]
    assert f["claims"] == 3 and f["group_control"] == 1 and f["first_st_control"] == 1


def ingest(api, text: str):
    return api.call("POST", "/v1/responses", as_="billing", content=text.encode(),
                    headers={"Content-Type": "application/edi-x12"})


def test_999_277ca_835_close_the_loop(api, db):
    build_three(api)
    r = ingest(api, ack_999(True))
    assert r.status_code == 201, r.text
    assert set(statuses(db).values()) == {"submitted"}
    r = ingest(api, status_277(["PB0000000001", "PB0000000002"], ["PB0000000003"]))
    assert r.status_code == 201, r.text
    assert statuses(db) == {"PB0000000001": "accepted", "PB0000000002": "accepted", "PB0000000003": "rejected"}
    with db.reading() as s:
        assert s.scalar(select(ClaimRow.payer_claim_number).where(ClaimRow.claim_control == "PB0000000001")) \
            == "PAYER0001"
    day = 59  # 2025-03-01 in build_835's day count from 2025-01-01
    paid_line = {"charge": Decimal("30.00"), "cut": 10, "copay": 3, "deny": False, "mods": (), "day": day,
                 "reversal": False}
    denied_line = {**paid_line, "deny": True}
    text = build_835([[paid_line], [denied_line]], Decimal("0"))
    r = ingest(api, text)
    assert r.status_code == 201, r.text
    assert r.json()["summary"]["unmatched_claims"] == 0 and r.json()["summary"]["unmatched_lines"] == 0
    assert statuses(db) == {"PB0000000001": "paid", "PB0000000002": "denied", "PB0000000003": "rejected"}
    with db.reading() as s:
        lines = dict(s.execute(select(ClaimLineRow.line_control, ClaimLineRow.status)).all())
        events = s.scalar(select(func.count()).select_from(ClaimEvent))
        paid = s.scalar(select(ClaimEvent.paid).where(ClaimEvent.status == "paid", ClaimEvent.line_id.is_not(None)))
    assert lines["PB0000000001L1"] == "paid" and lines["PB0000000002L1"] == "denied"
    assert paid == Decimal("24.00")  # 30.00 - CO-45 3.00 - PR-3 3.00
    again = ingest(api, text)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ClaimEvent)) == events
    claim = api.call("GET", "/v1/claims/" + _claim_id(db, "PB0000000002") + "/timeline", as_="auditor").json()
    assert [e["status"] for e in claim] == ["built", "submitted", "accepted", "denied", "denied"]
    assert claim[-1]["detail"]["835"]["clp02"] == "4"


def test_999_rejection_and_refusals_store_nothing(api, db):
    build_three(api)
    r = ingest(api, ack_999(False))
    assert r.status_code == 201
    assert set(statuses(db).values()) == {"rejected"}
    broken = ack_999(True).replace("SE*6*0001", "SE*9*0001")
    bad = ingest(api, broken)
    assert bad.status_code == 400 and bad.headers["content-type"] == "application/problem+json"
    assert "SE" in bad.json()["detail"]
    line = {"charge": Decimal("30.00"), "cut": 0, "copay": 0, "deny": False, "mods": (), "day": 59,
            "reversal": False}
    unbalanced = build_835([[line]], Decimal("0")).replace("BPR*I*30.00", "BPR*I*31.00")
    r = ingest(api, unbalanced)
    assert r.status_code == 400 and "balance" in r.json()["detail"]
    assert ingest(api, "hello").status_code == 400
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ResponseFile)) == 1


def test_responses_roles(api):
    assert ingest(api, ack_999(True)).status_code == 201  # no claims: the set is kept as unmatched
    assert api.call("POST", "/v1/responses", as_="ehr", content=b"x").status_code == 403
    assert api.call("POST", "/v1/responses", as_="auditor", content=b"x").status_code == 403


def _claim_id(db, control: str) -> str:
    with db.reading() as s:
        return s.scalar(select(ClaimRow.id).where(ClaimRow.claim_control == control))
