"""Payer files as they really arrive: acknowledgements for something else, 277CAs of another batch, 997s beside
999s, zero payments that are not denials, and envelopes with a byte-order mark, CR/LF, wrapped lines, short ISA
fields and several interchanges."""

from __future__ import annotations

import hashlib
import textwrap
from decimal import Decimal

import pytest
from sqlalchemy import select

from billing.db.models import ClaimEvent, ClaimLineRow, ResponseFile
from billing.x12.payer_sim import Outcome, ack_999, batch_trace, remit_835, status_277ca
from billing.x12.reader import X12Error, scan
from billing.x12.responses import read_835, read_999
from tests.test_auditors import everything
from tests.test_responses_e2e import PAYER, US, build, ingest, statuses


def _build_more(api, db, member: str):
    """Another file for the payer `build` set up."""
    from billing.db.models import ClaimFileRow
    from billing.x12.reader import read_837p
    from tests.test_api_encounters import enc

    r = api.call("POST", "/v1/encounters", json=enc(encounter_id=f"more-{member}", member={"medicaid_id": member},
                                                    service={"date": "2025-03-02"}))
    assert r.status_code == 201, r.text
    payer = api.call("GET", "/v1/payers", as_="billing").json()["items"][0]["id"]
    f = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()["file"]
    with db.reading() as s:
        return read_837p(s.get(ClaimFileRow, f["id"]).content)


def _unmatched(db) -> list[dict]:
    with db.reading() as s:
        return list(s.scalars(select(ClaimEvent.detail).where(ClaimEvent.claim_id.is_(None))))


# --- 4. acknowledgements are for what they say ------------------------------------------------------------


@pytest.mark.parametrize(("change", "reason"), [
    (("AK1*HC*", "AK1*HP*"), "AK101 is HP, not HC"),
    (("AK2*837*", "AK2*835*"), "AK201 is 835, not 837"),
    (("AK2*837*0001", "AK2*837*0002"), "AK202 is not the ST02"),
])
def test_a_999_for_another_transaction_is_kept_unmatched_with_its_reason(api, db, change, reason):
    f = build(api, db, ["SYN0001"])
    text = ack_999(f.group_control, f.transaction_control, False, PAYER, US).replace(*change)
    r = ingest(api, text)
    assert r.status_code == 201, r.text
    assert r.json()["summary"]["unmatched_sets"] == 1 and r.json()["summary"]["claims_rejected"] == 0
    assert set(statuses(db).values()) == {"built"}  # our claim is not marked rejected
    (kept,) = _unmatched(db)
    assert reason in kept["reason"]
    assert everything(api, source="999") == []


def test_a_997_acknowledges_like_a_999(api, db):
    f = build(api, db, ["SYN0001", "SYN0002"])
    accepted = ack_999(f.group_control, f.transaction_control, True, PAYER, US).replace(
        "ST*999*0001*005010X231A1", "ST*997*0001").replace("*X*005010X231A1", "*X*005010").replace(
        "IK5*A", "AK5*A")
    r = ingest(api, accepted)
    assert r.status_code == 201 and r.json()["kind"] == "997", r.text
    assert set(statuses(db).values()) == {"submitted"}
    f2 = _build_more(api, db, "SYN0003")
    rejected = ack_999(f2.group_control, f2.transaction_control, False, PAYER, US, n=7).replace(
        "ST*999*0001*005010X231A1", "ST*997*0001").replace("*X*005010X231A1", "*X*005010").replace(
        "IK3*", "AK3*").replace("IK4*", "AK4*").replace("IK5*", "AK5*")
    r = ingest(api, rejected)
    assert r.status_code == 201, r.text
    assert statuses(db)[f2.claims[0].claim_id] == "rejected"
    (row,) = everything(api, source="999")
    assert row["code"] == "IK3-8" and "NM1" in row["reason"]


def test_a_997_without_set_responses_speaks_for_the_whole_group(api, db):
    f = build(api, db, ["SYN0001"])
    text = ack_999(f.group_control, f.transaction_control, True, PAYER, US).replace(
        "ST*999*0001*005010X231A1", "ST*997*0001").replace("*X*005010X231A1", "*X*004010").replace(
        f"AK2*837*{f.transaction_control:04d}*005010X222A1~\nIK5*A~\n", "").replace("SE*6*", "SE*4*")
    assert ingest(api, text).status_code == 201
    assert set(statuses(db).values()) == {"submitted"}


def test_a_277ca_of_another_batch_does_not_touch_our_claims(api, db):
    f = build(api, db, ["SYN0001"])
    pairs = [(f.claims[0], Outcome(accept=False))]
    r = ingest(api, status_277ca(pairs, PAYER, US, "999-0001"))
    assert r.status_code == 201 and r.json()["summary"]["unmatched"] == 1
    assert set(statuses(db).values()) == {"built"}
    (kept,) = _unmatched(db)
    assert kept["patient_control"] == f.claims[0].claim_id and "not the BHT03" in kept["reason"]
    ours = ingest(api, status_277ca(pairs, PAYER, US, batch_trace(f.isa_control, f.transaction_control), n=3))
    assert ours.json()["summary"]["rejected"] == 1 and set(statuses(db).values()) == {"rejected"}


# --- 5. a zero payment is not always a denial -------------------------------------------------------------


def test_deductible_and_prior_payer_zero_payments_are_processed_not_denied(api, db):
    f = build(api, db, ["SYN0001", "SYN0002", "SYN0003"])
    a, b, c = f.claims
    plan = [(a, Outcome(zero_pay=("PR", "1"))), (b, Outcome(zero_pay=("OA", "23"))), (c, Outcome(deny_reason="29"))]
    r = ingest(api, remit_835(plan, PAYER, US, f.created.date()))
    assert r.status_code == 201, r.text
    assert statuses(db) == {a.claim_id: "no_payment", b.claim_id: "no_payment", c.claim_id: "denied"}
    with db.reading() as s:
        assert dict(s.execute(select(ClaimLineRow.line_control, ClaimLineRow.status)).all()) == {
            a.lines[0].line_control: "no_payment", b.lines[0].line_control: "no_payment",
            c.lines[0].line_control: "denied"}
    rows = everything(api, source="835")
    assert {r["claim_control"] for r in rows} == {c.claim_id} and rows[0]["code"] == "CO-29"
    summary = api.call("GET", "/v1/rejections/summary", as_="auditor", params={"group_by": "payer"}).json()
    assert summary["total"]["encounters"] == 1 and summary["total"]["encounters_total"] == 3


# --- 6. tolerant reading of real envelopes ----------------------------------------------------------------

ISA = "ISA*00*          *00*          *ZZ*SYNMEDICAID    *ZZ*PEERBILL       *250315*1200*^*00501*000000007*0*T*:"


def _remit(isa: str = ISA, term: str = "~", n: int = 7) -> str:
    segs = [isa.replace("000000007", f"{n:09d}"), f"GS*HP*SYNMEDICAID*PEERBILL*20250315*1200*{n}*X*005010X221A1",
            "ST*835*0001", "BPR*I*8.5*C*ACH*CCP*01*1*DA*1*1**01*1*DA*1*20250320", "TRN*1*EFT9*1512345678",
            "N1*PR*SYNTHETIC MEDICAID", "N1*PE*SYNTHETIC AGENCY*XX*1992999999", "LX*1",
            "CLP*PB0000000001*1*10*8.5*1.5*MC*PAY1*11*1", "NM1*QC*1*ZOË*RENÉE****MI*abc-123",
            "SVC*HC:H0038*10*8.5**1", "DTM*472*20250301", "CAS*PR*3*1.5", "REF*6R*PB0000000001L1",
            "SE*13*0001", f"GE*1*{n}", f"IEA*1*{n:09d}"]
    return term.join(segs) + term


def test_bom_crlf_and_accented_names_are_read():
    plain = read_835(_remit())
    assert read_835("\ufeff" + _remit(term="~\r\n")) == plain
    assert scan("\ufeff" + _remit()).warnings == ("the file starts with a UTF-8 byte-order mark",)
    assert plain[0].claims[0].lines[0].line_control == "PB0000000001L1"


def test_lines_wrapped_at_a_fixed_width_are_read_the_isa_included():
    text = _remit()
    for width in (80, 50, 106, 7):
        wrapped = "\r\n".join(textwrap.wrap(text, width, drop_whitespace=False, break_on_hyphens=False))
        assert read_835(wrapped) == read_835(text), width


def test_newline_as_the_segment_terminator():
    text = _remit(term="\n")
    assert read_835(text) == read_835(_remit())


def test_short_and_long_isa_fields_are_read_with_a_warning():
    short = ISA.replace("*SYNMEDICAID    *", "*SYNMEDICAID*").replace("*          *00", "**00", 1)
    scanned = scan(_remit(short))
    assert scanned.warnings == ("interchange 1: ISA02, ISA06 not at the fixed width; read by its separators",)
    assert read_835(_remit(short)) == read_835(_remit())
    long = ISA.replace("*PEERBILL       *", "*PEERBILL-AGENCY-1*")
    assert "ISA08" in scan(_remit(long)).warnings[0]


def test_isa_that_cannot_be_understood_is_refused_with_its_place():
    for bad, words in [(ISA[:60], "cut short"), ("ISA" + ISA[4:], "no element separator"),
                       (ISA.replace("*:", "**"), "not distinct")]:
        with pytest.raises(X12Error) as err:
            scan(_remit(bad))
        assert (err.value.number, err.value.segment_id) == (1, "ISA") and words in str(err.value)


def test_several_interchanges_in_one_file_each_with_its_delimiters():
    second = _remit(n=8).replace("*", "|").replace(":", ">").replace("^", "{").replace("~", "'")
    remits = read_835(_remit() + "\r\n" + second)
    assert len(remits) == 2 and remits[0].claims == remits[1].claims
    assert remits[1].interchange_control == "000000008"


def test_a_999_and_a_997_in_one_file_are_both_read():
    f999 = ack_999(1, 1, True, PAYER, US)
    f997 = ack_999(2, 2, True, PAYER, US, n=2).replace("ST*999*0001*005010X231A1", "ST*997*0001").replace(
        "*X*005010X231A1", "*X*005010").replace("IK5*A", "AK5*A")
    ack = read_999(f999 + f997)
    assert [g.group_control for g in ack.groups] == ["1", "2"]


def test_the_sha256_stored_is_that_of_the_bytes_received(api, db):
    f = build(api, db, ["SYN0001"])
    raw = ("\ufeff" + ack_999(f.group_control, f.transaction_control, True, PAYER, US).replace("~\n", "~\r\n")
           ).encode("utf-8")
    r = api.call("POST", "/v1/responses", as_="billing", content=raw, headers={"Content-Type": "application/edi-x12"})
    assert r.status_code == 201, r.text
    assert r.json()["summary"]["warnings"] == ["the file starts with a UTF-8 byte-order mark"]
    with db.reading() as s:
        assert s.scalars(select(ResponseFile.sha256)).one() == hashlib.sha256(raw).hexdigest()
    assert set(statuses(db).values()) == {"submitted"}
    latin = api.call("POST", "/v1/responses", as_="billing", content=_remit().encode("latin-1"),
                     headers={"Content-Type": "application/edi-x12"})
    assert latin.status_code == 201, latin.text
    assert latin.json()["summary"]["warnings"] == ["the file is not UTF-8; it was read as Latin-1"]


# --- property: any envelope shape a payer may send reads the same remittance -----------------------------

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.test_x12_responses import build_835, claims_st  # noqa: E402


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=claims_st, width=st.none() | st.integers(1, 200), crlf=st.booleans(), bom=st.booleans(),
       delims=st.sampled_from([("*", ":", "^", "~"), ("|", ">", "{", "'"), ("^", "\\", "!", "\n")]),
       copies=st.integers(1, 3))
@example(claims=[[{"charge": Decimal("1.00"), "cut": 0, "copay": 0, "deny": False, "mods": (), "day": 0,
                   "reversal": False}]], width=1, crlf=True, bom=False, delims=("*", ":", "^", "~"), copies=1)
def test_any_envelope_shape_reads_the_same_remittances(claims, width, crlf, bom, delims, copies):
    plain = build_835(claims, 0)
    element, component, repetition, terminator = delims
    table = str.maketrans({"*": element, ":": component, "^": repetition, "~": terminator})
    text = "".join(plain.replace("~\n", "~").translate(table) for _ in range(copies))
    if terminator != "\n":
        if width:
            text = "\n".join(text[i:i + width] for i in range(0, len(text), width))
        else:
            text = text.replace(terminator, terminator + "\n")
    if crlf:
        text = text.replace("\n", "\r\n")
    text = ("\ufeff" if bom else "") + text
    expected = read_835(plain)
    assert read_835(text) == expected * copies
