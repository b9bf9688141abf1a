"""Payer responses: the 999, 277CA and 835 readers on the shared public samples, an 835 property test
(synthetic claims in, the same payments and a clean balance out), and the code descriptions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing.x12.codes import describe, lists, source_of
from billing.x12.reader import X12Error, scan, tokenize
from billing.x12.responses import balance_problems, read_277ca, read_835, read_999
from schemas.responses import Remittance835
from tests.conftest import X12_SAMPLES  # noqa: E402

SAMPLES = X12_SAMPLES


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


# --- 835 samples --------------------------------------------------------------------------------------

# Well-formed 835s, with the imbalances the sample data really has (checked by hand against the file).
BALANCED_835 = ["edi835parser__emedny_sample.txt", "edi835parser__united_healthcare_legacy_sample.txt",
                "hdi__835-denial.dat", "hdi__claim_adj_reason.dat", "hdi__dollars_data_separate.dat",
                "lfh__demo.835", "lfh__medicare-part-a.835"]
UNBALANCED_835 = {
    # CAS*CO*197*2000*1*45*30000 on a 384.00 claim, and BPR02 132 against 238 paid.
    "hdi__835-all-fields.dat": ["claim 7722337:", "transaction set 35681: BPR02 132"],
    # BPR02 132 against a claim paid 500.
    "hdi__835-minimal.dat": ["transaction set 0002: BPR02 132"],
    # Sets 2 and 3 withhold 298.18 by PLB but pay as if they did not; set 1 nets WO 298.18 against 72 -298.18.
    "hdi__835-provider-level-adjustment.dat": ["transaction set 0002: BPR02 500", "transaction set 0003: BPR02 0"],
}
# Broken 835s: (segment number, segment id) of the refusal.
BROKEN_835 = {
    "hdi__835-validation-issues.edi": (24, "SE"),  # SE01 off, TRN missing, an XX segment
    "hdi__negotiated_discount.dat": (74, "SE"),  # SE01 says 34
    "hdi__not_covered_inpatient.dat": (30, "SE"),  # SE01 says 27
    "lfh__managed-care.835": (4, "BPR"),  # BPR16 20002316 is no date
    "lfh__cob-contractural-adjustment.835": (21, "SVC"),  # SVC01 uses '>' where ISA16 declares ':'
    "lfh__secondary-payment.835": (29, "SVC"),  # the same
    "lfh__tertiary-payment.835": (20, "SVC"),  # SVC01 is just 'HC', the code shifted into SVC02
}
OTHER = {
    "edi835parser__blue_cross_nc_sample_no_envelope.txt": (1, "ST"),
    "ims__x12_277_x212_claim_status_not_277CA.txt": (111, "IEA"),
    "tigershark__835-example_4010.txt": (51, "IEA"),  # terminators lead each line; the last IEA has none
}


def test_every_835_sample_is_classified() -> None:
    names = {p.name for p in (SAMPLES / "835").iterdir()}
    assert names == set(BALANCED_835) | set(UNBALANCED_835) | set(BROKEN_835)


@pytest.mark.parametrize("name", BALANCED_835)
def test_well_formed_835_reads_and_balances(name: str) -> None:
    remits = read_835(sample(f"835/{name}"))
    assert remits and all(r.claims for r in remits)
    for remit in remits:
        assert balance_problems(remit) == []
        assert Remittance835.model_validate(remit.model_dump()) == remit  # built without validation, still valid


@pytest.mark.parametrize("name", sorted(UNBALANCED_835))
def test_unbalanced_835_samples_report_their_known_imbalance(name: str) -> None:
    problems = [p for r in read_835(sample(f"835/{name}")) for p in balance_problems(r)]
    assert len(problems) == len(UNBALANCED_835[name])
    for problem, start in zip(problems, UNBALANCED_835[name], strict=True):
        assert problem.startswith(start)


@pytest.mark.parametrize(("name", "where"), sorted({**BROKEN_835, **OTHER}.items()))
def test_broken_835_is_refused_at_its_place(name: str, where: tuple[int, str]) -> None:
    folder = "835" if name in BROKEN_835 else "other"
    with pytest.raises(X12Error) as caught:
        read_835(sample(f"{folder}/{name}"))
    assert (caught.value.number, caught.value.segment_id) == where


def test_835_sample_details() -> None:
    (remit,) = read_835(sample("835/edi835parser__emedny_sample.txt"))
    assert (remit.total_paid, remit.method, remit.payment_date) == (Decimal("45.75"), "ACH", dt.date(2010, 1, 1))
    assert (remit.trace_number, remit.payer_name, remit.payee_id) == ("10100000000", "NYSDOH", "9999999995")
    denied = remit.claims[2].lines[2]
    assert (denied.procedure, denied.modifiers, denied.paid, denied.remarks) == ("V2700", ("RB",), 0, ("N206",))
    assert [(a.group, a.reason, a.amount) for a in denied.adjustments] == [("CO", "251", Decimal("2.75"))]
    (uhc,) = read_835(sample("835/edi835parser__united_healthcare_legacy_sample.txt"))
    line = uhc.claims[1].lines[2]
    assert line.line_control == "123456789014" and line.units == 178
    assert [(a.reason, a.amount, a.units) for a in line.adjustments][:2] == [("2", Decimal("5.13"), None),
                                                                             ("1", Decimal("110"), None)]
    (demo,) = read_835(sample("835/lfh__demo.835"))
    assert [(p.reason, p.reference, p.amount) for p in demo.provider_adjustments] == [("CV", "CP", Decimal("-1.27"))]


# --- 999 samples --------------------------------------------------------------------------------------


def test_999_accepted() -> None:
    ack = read_999(sample("999/pyx12gen__accepted_for_peer_support_837p.999"))
    (group,) = ack.groups
    assert (group.status, group.sets_accepted, group.group_control) == ("A", 1, "1")
    assert [(s.control_number, s.accepted, s.segment_errors) for s in group.sets] == [("0001", True, ())]


def test_999_rejected_names_segment_and_element() -> None:
    (group,) = read_999(sample("999/pyx12gen__rejected_dtp_date_and_se_count.999")).groups
    (rejected,) = group.sets
    assert (rejected.accepted, rejected.syntax_errors, group.status) == (False, ("4", "5"), "R")
    (error,) = rejected.segment_errors
    assert (error.segment_id, error.position, error.code) == ("DTP", 28, "8")
    assert [(e.position, e.data_element, e.code) for e in error.element_errors] == [(3, "1251", "8")]


def test_999_partial_acceptance_per_set_with_claim_context() -> None:
    (group,) = read_999(sample("999/staedi__simple999_partial.edi")).groups
    assert group.status == "P"
    assert [(s.control_number, s.accepted) for s in group.sets] == [("0001", True), ("0002", False), ("0003", False)]
    assert group.sets[1].segment_errors[0].claim_control == "123456789"
    assert group.sets[1].segment_errors[0].element_errors[0].code == "1"
    assert group.sets[2].segment_errors[0].contexts == ("SITUATIONAL TRIGGER", "CLM01")


def test_999_many_line_errors() -> None:
    (group,) = read_999(sample("999/greenriver__masshealth_999_rejected_lines.x12")).groups
    (rejected,) = group.sets
    assert len(rejected.segment_errors) == 49 and not rejected.accepted
    assert {e.claim_control for e in rejected.segment_errors} >= {"62", "571"}
    assert read_999(sample("999/ims__x12_999_rejected.txt")).groups[0].sets[0].status == "R"


def test_999_broken_or_wrong_type_is_refused() -> None:
    with pytest.raises(X12Error) as caught:
        read_999(sample("999/ims__x12_999_accepted.txt"))  # IEA02 does not match ISA13
    assert (caught.value.number, caught.value.segment_id) == (10, "IEA")
    with pytest.raises(X12Error) as caught:
        read_999(sample("835/hdi__835-minimal.dat"))
    assert (caught.value.number, caught.value.segment_id) == (2, "GS")


# --- 277CA samples ------------------------------------------------------------------------------------


def test_277ca_accepted_and_rejected_claims() -> None:
    (accepted,) = read_277ca(sample("277ca/ims__x12_277CA_accepted.txt")).claims
    assert (accepted.patient_control, accepted.payer_claim_control, accepted.outcome) == (
        "5781", "1107000000014420", "accepted")
    assert accepted.total_charge == Decimal(125)
    (rejected,) = read_277ca(sample("277ca/ims__x12_277CA_rejected.txt")).claims
    assert rejected.outcome == "rejected"
    assert [(c.category, c.status, c.entity) for c in rejected.statuses[0].codes] == [("A7", "562", "85")]


def test_277ca_receiver_rejection_rejects_the_batch() -> None:
    status = read_277ca(sample("277ca/hdi__277CA-receiver-rejected.edi"))
    assert status.claims == ()
    assert [(level.level, level.outcome) for level in status.levels] == [("receiver", "rejected")]


@pytest.mark.parametrize("name", ["hdi__277CA-all-fields.edi", "hdi__X214-payer-response.edi",
                                  "hdi__X214-payer-response-multiple-responders.edi"])
def test_277ca_samples_a_validator_rejects_are_read(name: str) -> None:
    status = read_277ca(sample(f"277ca/{name}"))
    outcomes = {c.patient_control: c.outcome for c in status.claims}
    assert outcomes["PATIENT33333"] == outcomes["JONES44444"] == "rejected"
    assert outcomes["JOHNSON55555"] == "accepted"


def test_277ca_line_statuses() -> None:
    claim = read_277ca(sample("277ca/hdi__277CA-all-fields.edi")).claims[0]
    assert [(line.line_control, line.procedure, line.modifiers, line.outcome) for line in claim.lines] == [
        ("001", "99213", ("26", "27"), "rejected"), ("001", "0300", (), "rejected")]
    assert [c.category for c in claim.lines[0].statuses[0].codes] == ["A8", "A8", "A8"]
    assert claim.outcome == "rejected"  # STC01 A2, but STC10 says A3


def test_277ca_wrong_type_is_refused() -> None:
    with pytest.raises(X12Error) as caught:
        read_277ca(sample("999/ims__x12_999_rejected.txt"))
    assert (caught.value.number, caught.value.segment_id) == (2, "GS")


# --- an honest 835 builder for synthetic claims ---------------------------------------------------------

ISA = "ISA*00*          *00*          *ZZ*SYNMEDICAID    *ZZ*PEERBILL       *250315*1200*^*00501*000000007*0*T*:"
cents = st.integers(min_value=1, max_value=50_000).map(lambda c: Decimal(c) / 100)
line_st = st.fixed_dictionaries({"charge": cents, "cut": st.integers(0, 100), "copay": st.sampled_from([0, 1, 3]),
                                 "deny": st.booleans(), "mods": st.sampled_from([(), ("HQ",), ("U1", "GT")]),
                                 "day": st.integers(0, 364), "reversal": st.just(False)})
claims_st = st.lists(st.lists(line_st, min_size=1, max_size=5), min_size=1, max_size=8)


def line_835(claim_id: str, n: int, spec: dict[str, object]) -> tuple[list[str], Decimal, Decimal]:
    """SVC loop, its payment and patient share: CO-45 for the contractual cut, PR-3 for a copay, or CO-29."""
    charge = spec["charge"]
    assert isinstance(charge, Decimal)
    if spec["deny"]:
        cas, paid, copay = [f"CAS*CO*29*{charge}"], Decimal(0), Decimal(0)
    else:
        cut = (charge * int(spec["cut"]) / 100).quantize(Decimal("0.01"))  # type: ignore[call-overload]
        copay = min(Decimal(spec["copay"]), charge - cut)  # type: ignore[arg-type]
        cas = [f"CAS*CO*45*{cut}"] + ([f"CAS*PR*3*{copay}"] if copay else [])
        paid = charge - cut - copay
    date = dt.date(2025, 1, 1) + dt.timedelta(days=int(spec["day"]))  # type: ignore[call-overload]
    code = ":".join(("HC", "H0038", *spec["mods"]))  # type: ignore[misc]
    return ([f"SVC*{code}*{charge}*{paid}**1", f"DTM*472*{date:%Y%m%d}", *cas, f"REF*6R*{claim_id}L{n}"],
            paid, copay)


def build_835(claims: list[list[dict[str, object]]], withheld: Decimal) -> str:
    body, total = [], Decimal(0)
    for c, lines in enumerate(claims, 1):
        claim_id, segs, paid, copay = f"PB{c:010d}", [], Decimal(0), Decimal(0)
        for n, spec in enumerate(lines, 1):
            more, line_paid, line_copay = line_835(claim_id, n, spec)
            segs, paid, copay = segs + more, paid + line_paid, copay + line_copay
        charge = sum((s["charge"] for s in lines), Decimal(0))  # type: ignore[misc]
        body += [f"CLP*{claim_id}*{'1' if paid else '4'}*{charge}*{paid}*{copay}*MC*SYN{c}*11*1", *segs]
        total += paid
    st_ = ["ST*835*0001", f"BPR*I*{total - withheld}*C*ACH*CCP*01*1*DA*1*1**01*1*DA*1*20250315",
           "TRN*1*EFT1*1512345678", "N1*PR*SYNTHETIC MEDICAID", "REF*2U*SYNMCD", "N1*PE*PEER CENTER*XX*1992999999",
           "LX*1", *body]
    if withheld:
        st_.append(f"PLB*1992999999*20251231*WO:OVERPAY1*{withheld}")
    st_.append(f"SE*{len(st_) + 1}*0001")
    return "~\n".join([ISA, "GS*HP*SYNMEDICAID*PEERBILL*20250315*1200*7*X*005010X221A1", *st_, "GE*1*7",
                       "IEA*1*000000007"]) + "~\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=claims_st, withheld=st.sampled_from([Decimal(0), Decimal("12.50"), Decimal("-3.00")]))
def test_generated_835_reads_back_and_balances(claims: list[list[dict[str, object]]], withheld: Decimal) -> None:
    text = build_835(claims, withheld)
    (remit,) = read_835(text)
    assert balance_problems(remit) == []
    assert remit.payer_id == "SYNMCD" and [p.amount for p in remit.provider_adjustments] == ([withheld] if withheld
                                                                                             else [])
    assert [len(c.lines) for c in remit.claims] == [len(lines) for lines in claims]
    for c, (claim, specs) in enumerate(zip(remit.claims, claims, strict=True), 1):
        assert claim.patient_control == f"PB{c:010d}" and not claim.reversal
        for n, (line, spec) in enumerate(zip(claim.lines, specs, strict=True), 1):
            assert (line.line_control, line.charge, line.modifiers) == (f"PB{c:010d}L{n}", spec["charge"], spec["mods"])
            assert {a.group for a in line.adjustments} <= {"CO", "PR"}
    assert Remittance835.model_validate(remit.model_dump()) == remit


@settings(max_examples=30, deadline=None)
@given(claims=claims_st, cents_off=st.integers(1, 99))
def test_a_changed_payment_is_caught_and_named_by_control_number(claims: list[list[dict[str, object]]],
                                                                 cents_off: int) -> None:
    text = build_835(claims, Decimal(0))
    (remit,) = read_835(text)
    first = remit.claims[0]
    line = first.lines[0].model_copy(update={"paid": first.lines[0].paid + Decimal(cents_off) / 100})
    tampered = remit.model_copy(update={"claims": (first.model_copy(update={"lines": (line, *first.lines[1:])}),
                                                   *remit.claims[1:])})
    problems = balance_problems(tampered)
    assert problems and problems[0].startswith(f"claim {first.patient_control} line {first.patient_control}L1:")


def test_reversal_and_debit() -> None:
    claims = [[{"charge": Decimal("40.00"), "cut": 10, "copay": 0, "deny": False, "mods": (), "day": 3}]]
    text = build_835(claims, Decimal(0)).replace("CLP*PB0000000001*1*40.00*36.00*0",
                                                 "CLP*PB0000000001*22*-40.00*-36.00*0")
    text = text.replace("SVC*HC:H0038*40.00*36.00", "SVC*HC:H0038*-40.00*-36.00").replace("CAS*CO*45*4.00",
                                                                                       "CAS*CO*45*-4.00")
    text = text.replace("BPR*I*36.00*C", "BPR*I*36.00*D")
    (remit,) = read_835(text)
    assert remit.claims[0].reversal and remit.claims[0].paid == Decimal("-36.00")
    assert balance_problems(remit) == []


def test_835_errors_name_the_segment_not_the_value() -> None:
    claims = [[{"charge": Decimal("40.00"), "cut": 10, "copay": 0, "deny": False, "mods": (), "day": 3}]]
    text = build_835(claims, Decimal(0))
    with pytest.raises(X12Error) as caught:
        read_835(text.replace("SVC*HC:H0038*40.00", "SVC*HC:H0038*4O.00"))
    assert (caught.value.segment_id, "4O" in str(caught.value)) == ("SVC", False)
    with pytest.raises(X12Error) as caught:
        read_835(text.replace("CLP*PB0000000001", "SVC*HC:H0038*1*1~\nCLP*PB0000000001").replace("SE*13", "SE*14"))
    assert caught.value.segment_id == "SVC" and "outside a claim" in caught.value.reason
    with pytest.raises(X12Error) as caught:
        read_835(text.replace("DTM*472*2025", "DTM*472*2024").replace("DTM*472*20240104", "DTM*472*20241304"))
    assert caught.value.segment_id == "DTM"


# --- the fast scanner keeps tokenize's behaviour ----------------------------------------------------------

segment_st = st.lists(st.text(alphabet="ABC123 .", min_size=0, max_size=6), min_size=1, max_size=4)


@settings(max_examples=80, deadline=None)
@given(bodies=st.lists(segment_st, min_size=0, max_size=12),
       breaks=st.sampled_from(["", "\n", "\r\n"]), final_break=st.booleans())
def test_scan_and_tokenize_agree(bodies: list[list[str]], breaks: str, final_break: bool) -> None:
    segs = [ISA, "GS*HP*A*B*20250101*1200*1*X*005010X221A1", "ST*835*0001",
            *("REF*" + "*".join(b) for b in bodies), f"SE*{len(bodies) + 2}*0001", "GE*1*1", "IEA*1*000000007"]
    text = f"~{breaks}".join(segs) + "~" + (breaks if final_break else "")
    rows = scan(text).rows
    assert [list(s.elements) for s in tokenize(text)] == rows
    assert rows == [s.split("*") for s in segs]


def test_scan_reports_like_tokenize() -> None:
    good = f"{ISA}~\nGS*HP*A*B*20250101*1200*1*X*005010X221A1~\nST*835*0001~\nREF*X*1~\nSE*3*0001~\nGE*1*1~\n"
    for text, where in ((good + "IEA*1*000000007", (7, "IEA")), (good.replace("REF*X", "r!F*X"), (4, "?")),
                        (good.replace("SE*3", "SE*4") + "IEA*1*000000007~", (5, "SE")),
                        (good.replace("~\nREF*X*1", "~REF*X*1") + "IEA*1*7~", None)):
        if where is None:
            assert len(scan(text).rows) == 7
            continue
        with pytest.raises(X12Error) as caught:
            scan(text)
        assert (caught.value.number, caught.value.segment_id) == where


# --- codes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code_list", "code"), [("CARC", "29"), ("CARC", "45"), ("CARC", "197"), ("CARC", "16"),
                                                 ("RARC", "N290"), ("RARC", "M51"), ("CLAIM_STATUS_CATEGORY", "A3"),
                                                 ("IK304", "8"), ("IK403", "I10"), ("IK501", "R"), ("AK901", "P")])
def test_codes_have_text_and_a_cited_source(code_list: str, code: str) -> None:
    assert describe(code_list, code)
    source = source_of(code_list, code)
    assert source and source["url"].startswith("https://")


def test_unknown_codes_are_none() -> None:
    assert describe("CARC", "ZZ9") is None and describe("NOPE", "1") is None and "CARC" in lists()
