"""The corpus: every public sample in tests/data/x12-samples (see its SOURCES.md) is read, or refused with the
segment where reading stopped and the reason; none crashes. Every 835 read is checked against an independent
sum of its amounts, and every file read is read the same again as payers really send it: with a byte-order
mark, CR/LF line ends and lines wrapped at 80 columns."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

import pytest

from billing.ingest import ResponseError, kind_of
from billing.x12.reader import X12Error, read_837p
from billing.x12.responses import balance_problems, read_277ca, read_835, read_999
from tests.conftest import X12_SAMPLES

# name -> what happens: ("read", kind) | ("unbalanced", problems) for an 835 ingestion refuses for its money |
# ("refused", segment number, segment id, words of the reason).
EXPECTED: dict[str, tuple[Any, ...]] = {
    "277ca/hdi__277CA-all-fields.edi": ("read", "277CA"),
    "277ca/hdi__277CA-receiver-rejected.edi": ("read", "277CA"),
    "277ca/hdi__X214-payer-response-multiple-responders.edi": ("read", "277CA"),
    "277ca/hdi__X214-payer-response.edi": ("read", "277CA"),
    "277ca/ims__x12_277CA_accepted.txt": ("read", "277CA"),
    "277ca/ims__x12_277CA_rejected.txt": ("read", "277CA"),
    "835/edi835parser__emedny_sample.txt": ("read", "835"),
    "835/edi835parser__united_healthcare_legacy_sample.txt": ("read", "835"),
    "835/hdi__835-all-fields.dat": ("unbalanced", 2),
    "835/hdi__835-denial.dat": ("read", "835"),
    "835/hdi__835-minimal.dat": ("unbalanced", 1),
    "835/hdi__835-provider-level-adjustment.dat": ("unbalanced", 2),
    "835/hdi__835-validation-issues.edi": ("refused", 24, "SE", "SE01 says 18"),
    "835/hdi__claim_adj_reason.dat": ("read", "835"),
    "835/hdi__dollars_data_separate.dat": ("read", "835"),
    "835/hdi__negotiated_discount.dat": ("refused", 74, "SE", "SE01 says 34"),
    "835/hdi__not_covered_inpatient.dat": ("refused", 30, "SE", "SE01 says 27"),
    "835/lfh__cob-contractural-adjustment.835": ("refused", 21, "SVC", "no procedure code"),
    "835/lfh__demo.835": ("read", "835"),
    "835/lfh__managed-care.835": ("refused", 4, "BPR", "not a valid CCYYMMDD date"),
    "835/lfh__medicare-part-a.835": ("read", "835"),
    "835/lfh__secondary-payment.835": ("refused", 29, "SVC", "no procedure code"),
    "835/lfh__tertiary-payment.835": ("refused", 20, "SVC", "no procedure code"),
    "837p/hdi__837P-all-fields.dat": ("refused", 37, "HL", "patient loop"),
    "837p/hdi__837P-minimal.dat": ("refused", 2, "GS", "not an 837P"),
    "837p/hdi__837P-validation-issues.edi": ("refused", 31, "SE", "SE01 says 25"),
    "837p/hdi__chiro.dat": ("refused", 1, "ISA", "billing_provider.taxonomy"),
    "837p/ims__x12_complex.txt": ("refused", 149, "SE", "SE01 says 25"),
    "837p/ims__x12_many_claims.txt": ("refused", 11488, "SE", "SE01 says 25"),
    "837p/ims__x12_missing_elements.txt": ("refused", 36, "SE", "SE01 says 25"),
    "837p/ims__x12_segment_errors.txt": ("refused", 25, "SE", "SE01 says 25"),
    "837p/lfh__demo.ambulance.example5.837": ("refused", 23, "CLM", "rendering"),
    "837p/lfh__demo.autoaccident.837": ("refused", 17, "HL", "patient loop"),
    "837p/lfh__demo.cob.2ndary.example4.837": ("refused", 28, "SV1", "not an HCPCS procedure"),
    "837p/lfh__demo.cob.example3.A.837": ("refused", 25, "HL", "patient loop"),
    "837p/lfh__demo.cob.example3.B.837": ("refused", 25, "HL", "patient loop"),
    "837p/lfh__demo.cob.example3.C.837": ("refused", 25, "HL", "patient loop"),
    "837p/lfh__demo.cob.example4.837": ("refused", 1, "ISA", "billing_provider.taxonomy"),
    "837p/lfh__demo.drug.example10.1.837": ("refused", 1, "ISA", "billing_provider.taxonomy"),
    "837p/lfh__demo.drug.example10.2.837": ("refused", 25, "DTP", "date range"),
    "837p/lfh__demo.drug.example10.3.837": ("refused", 25, "DTP", "date range"),
    "837p/lfh__demo.example1.837": ("refused", 21, "HL", "patient loop"),
    "837p/lfh__demo.example11.837": ("refused", 32, "SV1", "not an HCPCS procedure"),
    "837p/lfh__demo.example12.837": ("refused", 20, "HL", "patient loop"),
    "837p/lfh__demo.example2.837": ("refused", 1, "ISA", "billing_provider.taxonomy"),
    "837p/lfh__demo.example6.837": ("refused", 28, "SV1", "not an HCPCS procedure"),
    "837p/lfh__demo.example7.837": ("refused", 1, "ISA", "billing_provider.taxonomy"),
    "837p/lfh__demo.example8.837": ("refused", 1, "ISA", "billing_provider.taxonomy"),
    "837p/lfh__demo.example9.837": ("refused", 29, "SV1", "not an HCPCS procedure"),
    "837p/peerbill__peer_support_837p_bad_date_and_se_count.x12": ("refused", 31, "SE", "SE01 says 28"),
    "837p/peerbill__peer_support_837p_valid.x12": ("read", "837"),
    "997/pyx12__834_lui_id.997": ("read", "997"),
    "997/pyx12__bad_elements.997": ("read", "997"),
    "997/pyx12__simple1.997": ("read", "997"),
    "997/pyx12__trailing_terms.997": ("read", "997"),
    "999/greenriver__masshealth_999_rejected_lines.x12": ("read", "999"),
    "999/ims__x12_999_accepted.txt": ("refused", 10, "IEA", "IEA02 does not match"),
    "999/ims__x12_999_rejected.txt": ("read", "999"),
    "999/pyx12gen__accepted_for_peer_support_837p.999": ("read", "999"),
    "999/pyx12gen__rejected_dtp_date_and_se_count.999": ("read", "999"),
    "999/staedi__simple999_partial.edi": ("read", "999"),
    "other/edi835parser__blue_cross_nc_sample_no_envelope.txt": ("refused", 1, "ST", "does not start with an ISA"),
    "other/ims__x12_277_x212_claim_status_not_277CA.txt": ("refused", 111, "IEA", "IEA02 does not match"),
    "other/lfh__claim-level-status-ncpdp.277": ("refused", 2, "GS", "not a 277CA"),
    "other/lfh__claim-level-status.277": ("refused", 2, "GS", "not a 277CA"),
    "other/lfh__information-receiver-level-status.277": ("refused", 2, "GS", "not a 277CA"),
    "other/lfh__provider-level-status.277": ("refused", 2, "GS", "not a 277CA"),
    "other/tigershark__835-example_4010.txt": ("refused", 51, "IEA", "no terminator"),
}


def _files() -> list[str]:
    return sorted(str(p.relative_to(X12_SAMPLES)) for p in X12_SAMPLES.rglob("*") if p.is_file()
                  and p.suffix != ".md")


def read_any(text: str) -> tuple[str, Any]:
    """What ingestion does with a payer file (and, for an 837P, what our reader does): the kind and what was
    read. Raises X12Error (with its segment) or ResponseError, never anything else."""
    try:
        kind = kind_of(text)
    except ResponseError as exc:
        if "ST01 837 " not in str(exc):
            raise
        return "837", read_837p(text)
    if kind in ("999", "997"):
        return kind, read_999(text)
    if kind == "277CA":
        return kind, read_277ca(text)
    return kind, read_835(text)


def test_every_sample_is_classified():
    assert _files() == sorted(EXPECTED)
    assert len(EXPECTED) >= 68


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_is_read_or_refused_with_its_place(name: str) -> None:
    text = (X12_SAMPLES / name).read_bytes().decode("utf-8")
    expected = EXPECTED[name]
    if expected[0] == "refused":
        with pytest.raises((X12Error, ResponseError)) as err:
            read_any(text)
        number, seg_id, words = expected[1:]
        assert f"segment {number} ({seg_id})" in str(err.value) and words in str(err.value)
        return
    kind, parsed = read_any(text)
    if expected[0] == "unbalanced":
        assert kind == "835" and len([p for r in parsed for p in balance_problems(r)]) == expected[1]
    else:
        assert kind == expected[1]
    assert read_any(_as_in_the_wild(text)) == (kind, parsed)


def _as_in_the_wild(text: str) -> str:
    """The same file with a byte-order mark, CR/LF line ends and every line wrapped at 80 columns."""
    flat = text.replace("\r", "").replace("\n", "")
    return "\ufeff" + "\r\n".join(textwrap.wrap(flat, 80, drop_whitespace=False, break_on_hyphens=False)) + "\r\n"


# --- an independent sum of every 835 read -------------------------------------------------------------------


def independent_835(text: str) -> list[dict[str, Any]]:
    """Each transaction set's BPR02, claim payments, PLB total and whether its lines and claims balance, by a
    plain split on the ISA's fixed-position delimiters: no code shared with the reader."""
    element, terminator = text[3], text[105]
    sets: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    target: dict[str, Decimal] = {}
    for raw in text.split(terminator):
        s = raw.strip().split(element)
        tag = s[0]
        if tag == "ST":
            current = {"bpr": None, "debit": False, "claims": [], "plb": Decimal(0)}
        elif tag == "BPR":
            current["bpr"], current["debit"] = Decimal(s[2]), s[3] == "D"
        elif tag == "CLP":
            target = {"charge": Decimal(s[3]), "paid": Decimal(s[4]), "adjusted": Decimal(0), "lines": []}
            current["claims"].append(target)
        elif tag == "SVC":
            target = {"charge": Decimal(s[2]), "paid": Decimal(s[3]), "adjusted": Decimal(0)}
            current["claims"][-1]["lines"].append(target)
        elif tag == "CAS":
            target["adjusted"] += sum((Decimal(s[i]) for i in range(3, len(s), 3) if s[i]), Decimal(0))
        elif tag == "PLB":
            current["plb"] += sum((Decimal(s[i]) for i in range(4, len(s), 2) if s[i]), Decimal(0))
        elif tag == "SE":
            sets.append(current)
    for st in sets:
        paid = sum((c["paid"] for c in st["claims"]), Decimal(0))
        bpr = -st["bpr"] if st["debit"] else st["bpr"]
        lines_ok = all(ln["charge"] - ln["adjusted"] == ln["paid"] for c in st["claims"] for ln in c["lines"])
        claims_ok = all(c["charge"] - c["adjusted"] - sum((ln["adjusted"] for ln in c["lines"]), Decimal(0))
                        == c["paid"] for c in st["claims"])
        st.update(paid=paid, balanced=lines_ok and claims_ok and paid - st["plb"] == bpr)
    return sets


READ_835 = [n for n, e in sorted(EXPECTED.items()) if n.startswith("835/") and e[0] in ("read", "unbalanced")]


@pytest.mark.parametrize("name", READ_835)
def test_every_835_read_agrees_with_an_independent_sum(name: str) -> None:
    text = (X12_SAMPLES / name).read_text(encoding="utf-8")
    remits, sums = read_835(text), independent_835(text)
    assert len(remits) == len(sums)
    for remit, mine in zip(remits, sums, strict=True):
        assert remit.total_paid == mine["bpr"]
        assert sum((c.paid for c in remit.claims), Decimal(0)) == mine["paid"]
        assert sum((a.amount for a in remit.provider_adjustments), Decimal(0)) == mine["plb"]
        assert (balance_problems(remit) == []) == mine["balanced"]
    assert all(s["balanced"] for s in sums) == (EXPECTED[name][0] == "read")
