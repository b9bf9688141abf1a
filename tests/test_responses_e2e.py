"""Build a claim file, then ingest the payer's 999, 277CA and 835 for it: every status and amount checks."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from billing.db.models import ClaimEvent, ClaimFileRow, ClaimLineRow, ClaimRow, ResponseFile
from billing.x12.payer_sim import Outcome, ack_999, batch_trace, remit_835, status_277ca
from billing.x12.reader import read_837p
from tests.test_api_claims import setup_payer
from tests.test_api_encounters import enc

PAYER, US = "SYNPAYER", "PEERBILLTEST"


def statuses(db) -> dict[str, str]:
    with db.reading() as s:
        return dict(s.execute(select(ClaimRow.claim_control, ClaimRow.status)).all())


def build(api, db, members: list[str]):
    """One session per entry (a member twice gives a two-line claim); the file as the payer reads it."""
    payer = setup_payer(api, charges={"H0038": "10.00"})
    items = [enc(encounter_id=f"e{i}", member={"medicaid_id": m},
                 service={"date": "2025-03-01", "start_time": f"{9 + i:02d}:00", "end_time": f"{9 + i:02d}:45"})
             for i, m in enumerate(members)]
    assert api.call("POST", "/v1/encounters/batch", json={"items": items}).json()["created"] == len(items)
    f = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()["file"]
    with db.reading() as s:
        return read_837p(s.get(ClaimFileRow, f["id"]).content)


def ingest(api, text: str):
    return api.call("POST", "/v1/responses", as_="billing", content=text.encode(),
                    headers={"Content-Type": "application/edi-x12"})


def test_999_277ca_835_close_the_loop(api, db):
    f = build(api, db, ["SYN0001", "SYN0002", "SYN0003", "SYN0004", "SYN0005", "SYN0005", "SYN0006"])
    claims = {c.claim_id: c for c in f.claims}
    assert len(claims) == 6 and len(claims["PB0000000005"].lines) == 2
    assert ingest(api, ack_999(f.group_control, f.transaction_control, True, PAYER, US)).status_code == 201
    assert set(statuses(db).values()) == {"submitted"}
    plan = {"PB0000000001": Outcome(contractual_pct=10, copay=Decimal("3.00")),
            "PB0000000002": Outcome(deny_reason="29"), "PB0000000003": Outcome(deny_reason="119"),
            "PB0000000004": Outcome(accept=False), "PB0000000005": Outcome(deny_lines=(1,)),
            "PB0000000006": Outcome(deny_reason="197")}
    pairs = [(claims[k], v) for k, v in plan.items()]
    r = ingest(api, status_277ca(pairs, PAYER, US, batch_trace(f.isa_control, f.transaction_control)))
    assert r.status_code == 201 and r.json()["summary"]["rejected"] == 1
    assert statuses(db)["PB0000000004"] == "rejected" and statuses(db)["PB0000000001"] == "accepted"
    with db.reading() as s:
        assert s.scalar(select(ClaimRow.payer_claim_number).where(ClaimRow.claim_control == "PB0000000001")) \
            == "PAYER00000001"
    paid_for = [p for p in pairs if p[1].accept]
    text = remit_835(paid_for, PAYER, US, f.created.date())
    r = ingest(api, text)
    assert r.status_code == 201, r.text
    summary = r.json()["summary"]
    assert (summary["unmatched_claims"], summary["unmatched_lines"]) == (0, 0)
    assert statuses(db) == {"PB0000000001": "paid", "PB0000000002": "denied", "PB0000000003": "denied",
                            "PB0000000004": "rejected", "PB0000000005": "partially_paid",
                            "PB0000000006": "denied"}
    with db.reading() as s:
        lines = dict(s.execute(select(ClaimLineRow.line_control, ClaimLineRow.status)).all())
        events = s.scalar(select(func.count()).select_from(ClaimEvent))
        paid = s.scalar(select(ClaimEvent.paid).where(ClaimEvent.status == "paid", ClaimEvent.line_id.is_not(None),
                                                      ClaimEvent.claim_id == _claim_id(db, "PB0000000001")))
        reasons = s.scalar(select(ClaimEvent.detail).where(ClaimEvent.claim_id == _claim_id(db, "PB0000000003"),
                                                           ClaimEvent.line_id.is_(None), ClaimEvent.status == "denied"))
    assert lines["PB0000000005L1"] == "paid" and lines["PB0000000005L2"] == "denied"
    charge = claims["PB0000000001"].lines[0].charge
    assert paid == charge - (charge / 10).quantize(Decimal("0.01")) - Decimal("3.00")  # CO-45 and PR-3
    assert reasons["835"]["clp02"] == "4"
    again = ingest(api, text)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ClaimEvent)) == events
    timeline = api.call("GET", f"/v1/claims/{_claim_id(db, 'PB0000000002')}/timeline", as_="auditor").json()
    assert [e["status"] for e in timeline] == ["built", "submitted", "accepted", "denied", "denied"]


def test_999_rejection_and_refusals_store_nothing(api, db):
    f = build(api, db, ["SYN0001", "SYN0002"])
    assert ingest(api, ack_999(f.group_control, f.transaction_control, False, PAYER, US)).status_code == 201
    assert set(statuses(db).values()) == {"rejected"}
    broken = ack_999(f.group_control, f.transaction_control, True, PAYER, US, n=5).replace("SE*6*0001", "SE*9*0001")
    bad = ingest(api, broken)
    assert bad.status_code == 400 and bad.headers["content-type"] == "application/problem+json"
    assert "SE" in bad.json()["detail"]
    text = remit_835([(f.claims[0], Outcome())], PAYER, US, f.created.date())
    unbalanced = text.replace(f"BPR*I*{f.claims[0].total}", f"BPR*I*{f.claims[0].total + 1}")
    r = ingest(api, unbalanced)
    assert r.status_code == 400 and "balance" in r.json()["detail"]
    assert ingest(api, "hello").status_code == 400
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ResponseFile)) == 1


def test_control_numbers_with_unicode_digits_are_unmatched_not_a_500(api, db):
    """'²' passes str.isdigit() but not int(): a payer file carrying one where a control number goes (AK102,
    AK202, the 277CA's batch trace) is read, and what it names is kept as unmatched with the reason."""
    f = build(api, db, ["SYN0001"])
    ack = ack_999(f.group_control, f.transaction_control, True, PAYER, US)
    for where in ("AK1*HC*", "AK2*837*"):
        r = ingest(api, ack.replace(where, where + "\u00b2", 1))
        assert r.status_code in (201, 400), r.text
        assert r.headers["content-type"].startswith("application/json" if r.status_code == 201
                                                    else "application/problem+json")
    trace = batch_trace(f.isa_control, f.transaction_control) + "\u00b2"
    r = ingest(api, status_277ca([(f.claims[0], Outcome())], PAYER, US, trace))
    assert r.status_code in (201, 400), r.text
    assert set(statuses(db).values()) == {"built"}  # nothing was applied to our claim
    assert api.call("GET", "/v1/events?after=evt_\u00b2", as_="billing").status_code == 422
    # Decimal() and int() read Arabic-Indic digits as numbers: an amount written so is refused, not read as 3.
    text = remit_835([(f.claims[0], Outcome())], PAYER, US, f.created.date())
    amount = f"BPR*I*{f.claims[0].total}*"
    r = ingest(api, text.replace(amount, amount.replace("0", "\u0660"), 1))
    assert "0" in amount and r.status_code == 400, r.text
    assert "BPR02 is not a decimal number" in r.json()["detail"]


def test_unmatched_claims_are_kept_for_staff(api, db):
    f = build(api, db, ["SYN0001"])
    stranger = f.claims[0].model_copy(update={"claim_id": "XX0000000099"})
    r = ingest(api, remit_835([(stranger, Outcome())], PAYER, US, f.created.date()))
    assert r.json()["summary"]["unmatched_claims"] == 1
    with db.reading() as s:
        kept = s.scalar(select(ClaimEvent.detail).where(ClaimEvent.claim_id.is_(None)))
    assert kept["patient_control"] == "XX0000000099"


def test_a_reversed_payment_paid_again(api, db):
    f = build(api, db, ["SYN0001"])
    claim = f.claims[0]
    first = Outcome(contractual_pct=10)
    assert ingest(api, remit_835([(claim, first)], PAYER, US, f.created.date())).status_code == 201
    assert statuses(db) == {claim.claim_id: "paid"}
    again = remit_835([(claim, Outcome(contractual_pct=20))], PAYER, US, f.created.date(), n=4,
                      reversals=[(claim, first)])
    r = ingest(api, again)
    assert r.status_code == 201, r.text
    assert statuses(db) == {claim.claim_id: "paid"}
    timeline = api.call("GET", f"/v1/claims/{_claim_id(db, claim.claim_id)}/timeline", as_="billing").json()
    claim_level = [e for e in timeline if e["line_id"] is None]
    assert [e["status"] for e in claim_level] == ["built", "paid", "reversed", "paid"]
    assert Decimal(claim_level[-1]["paid"]) == claim.total - (claim.total / 5).quantize(Decimal("0.01"))


def test_responses_roles(api):
    assert api.call("POST", "/v1/responses", as_="ehr", content=b"x").status_code == 403
    assert api.call("POST", "/v1/responses", as_="auditor", content=b"x").status_code == 403


def _claim_id(db, control: str) -> str:
    with db.reading() as s:
        return s.scalar(select(ClaimRow.id).where(ClaimRow.claim_control == control))


outcomes = st.lists(st.builds(Outcome, contractual_pct=st.integers(0, 60),
                              copay=st.sampled_from([Decimal("0"), Decimal("1.00"), Decimal("3.00")]),
                              deny_reason=st.sampled_from([None, None, "29", "119", "197"])),
                    min_size=4, max_size=4)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(plan=outcomes)
def test_any_835_for_our_claims_ingests_balances_and_matches_every_line(db, zz, plan):
    from tests.conftest import Api

    api = Api(db, zz)  # a fresh agency per example: the same database, nothing shared
    f = build(api, db, ["SYN0001", "SYN0002", "SYN0003", "SYN0003"])
    pairs = list(zip(f.claims, plan, strict=False))
    r = ingest(api, remit_835(pairs, PAYER, US, f.created.date()))
    assert r.status_code == 201, r.text
    summary = r.json()["summary"]
    assert (summary["unmatched_claims"], summary["unmatched_lines"]) == (0, 0)
    assert summary["lines"] == sum(len(c.lines) for c, _ in pairs)
    assert Decimal(summary["paid"]) == sum(expected_paid(c, o) for c, o in pairs)


def expected_paid(claim, o: Outcome) -> Decimal:
    """What the payer's rules above pay: nothing when denied; else charge less CO-45 less the PR-3 copay."""
    if o.deny_reason:
        return Decimal(0)
    cuts = [(ln.charge * o.contractual_pct / 100).quantize(Decimal("0.01")) for ln in claim.lines]
    copay = min(o.copay, claim.lines[0].charge - cuts[0])
    return claim.total - sum(cuts, Decimal(0)) - copay


def test_a_rejected_claim_frees_its_encounters_to_be_billed_again_as_originals(api, db):
    f = build(api, db, ["SYN0001", "SYN0002"])
    assert ingest(api, ack_999(f.group_control, f.transaction_control, False, PAYER, US)).status_code == 201
    payer = api.call("GET", "/v1/payers", as_="billing").json()["items"][0]["id"]
    again = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()
    assert again["file"]["claims"] == 2, again
    with db.reading() as s:
        rows = s.execute(select(ClaimRow.claim_control, ClaimRow.frequency, ClaimRow.status, ClaimRow.active)
                         .order_by(ClaimRow.claim_control)).all()
        active_lines = s.scalar(select(func.count()).select_from(ClaimLineRow).where(ClaimLineRow.active))
    assert [(r.status, r.active) for r in rows] == [("rejected", False)] * 2 + [("built", True)] * 2
    assert {r.frequency for r in rows} == {"1"} and active_lines == 2  # new originals, each encounter once
    nothing = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()
    assert nothing["file"] is None  # billed once more, not twice
