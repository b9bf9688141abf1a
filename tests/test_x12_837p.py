"""The 837P writer and reader: pyx12 finds zero errors in everything written, and what is read back is what
was written (text upper-cased and cleaned of delimiters). Synthetic data only."""

from __future__ import annotations

import datetime as dt
import string
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from billing.x12.reader import X12Error, _read_rows, read_837p, single_interchange, tokenize
from billing.x12.text import BASIC, amount, clean
from billing.x12.writer import MAX_CLAIMS_PER_SET, WriteError, write_837p
from schemas.claims import (
    BillingProvider,
    Claim,
    ClaimFile,
    PayerParty,
    PostalAddress,
    RenderingProvider,
    ServiceLine,
    Subscriber,
    SupervisingProvider,
    TradingPartner,
)
from tests.conftest import X12_SAMPLES
from tests.x12util import pyx12_errors, pyx12_text_errors

SAMPLES = X12_SAMPLES / "837p"
NPIS = ("1234567893", "1245319599", "1992999999", "1003000126")
CREATED = dt.datetime(2025, 1, 15, 10, 30, tzinfo=dt.UTC)
# Maximum lengths from the 005010X222A1 guide, stated here independently of the writer.
NAME, FIRST, ADDRESS, CITY, REF = 60, 35, 55, 30, 50


# --- builders --------------------------------------------------------------------------------------------


def address(zip_: str = "276011234", **over: Any) -> PostalAddress:
    return PostalAddress(**{"line1": "123 Main St", "city": "Raleigh", "state": "NC", "zip": zip_, **over})


def partner(**over: Any) -> TradingPartner:
    return TradingPartner(**{"sender_id": "PEERBILL", "receiver_id": "SYNMEDICAID", "submitter_name": "Peer Center",
                             "submitter_id": "PEERBILL", "contact_name": "Billing Desk", "contact_phone": "5125550100",
                             "receiver_name": "Synthetic Medicaid", **over})


def provider(**over: Any) -> BillingProvider:
    return BillingProvider(**{"name": "Peer Recovery Center", "npi": NPIS[0], "tax_id": "561234567",
                              "taxonomy": "251S00000X", "address": address(), **over})


def line(n: int, **over: Any) -> ServiceLine:
    return ServiceLine(**{"line_control": f"L{n}", "hcpcs": "H0038", "modifiers": ("HQ",), "charge": Decimal("23.94"),
                          "units": 4, "service_date": dt.date(2025, 1, 6), "place_of_service": "11",
                          "diagnosis_pointers": (1,), **over})


def claim(n: int = 1, lines: int | tuple[ServiceLine, ...] = 2, **over: Any) -> Claim:
    subscriber = Subscriber(first_name="Jane", last_name="Doe", member_id=f"SYN{n:06d}",
                            date_of_birth=dt.date(1980, 5, 15), sex="F", address=address("27603"))
    return Claim(**{"claim_id": f"PB{n:010d}", "place_of_service": "11", "diagnoses": ("F331", "F1020"),
                    "subscriber": subscriber, "payer": PayerParty(name="Synthetic Medicaid", payer_id="SYNMCD"),
                    "rendering": RenderingProvider(first_name="John", last_name="Smith", npi=NPIS[1],
                                                   taxonomy="175T00000X"),
                    "lines": tuple(line(k) for k in range(1, lines + 1)) if isinstance(lines, int) else lines,
                    **over})


def claim_file(claims: tuple[Claim, ...] | None = None, **over: Any) -> ClaimFile:
    return ClaimFile(**{"isa_control": 7, "group_control": 8, "transaction_control": 9, "created": CREATED,
                        "partner": partner(), "billing_provider": provider(), "claims": claims or (claim(),), **over})


def segments_of(text: str, seg_id: str) -> list[str]:
    return [s for s in text.split("~\n") if s.split("*")[0] == seg_id]


# --- writer basics ---------------------------------------------------------------------------------------


def test_file_passes_pyx12_and_has_the_expected_shape():
    supervisor = SupervisingProvider(first_name="Ann", last_name="Lee", npi=NPIS[2])
    c = claim(prior_authorization="PA-77", supervisor=supervisor,
              lines=(line(1, charge=Decimal("12.50")), line(2, charge=Decimal("0.50"), place_of_service="02",
                                                            modifiers=(), diagnosis_pointers=(2, 1))))
    text = write_837p(claim_file((c,)))
    assert pyx12_text_errors(text) == []
    assert text.index("~") == 105 and text.endswith("IEA*1*000000007~\n")
    assert all(s.endswith("~") for s in text.splitlines())
    assert segments_of(text, "CLM") == ["CLM*PB0000000001*13***11:B:1*Y*A*Y*Y"]
    assert segments_of(text, "SV1") == ["SV1*HC:H0038:HQ*12.5*UN*4***1", "SV1*HC:H0038*.5*UN*4*02**2:1"]
    assert segments_of(text, "HI") == ["HI*ABK:F331*ABF:F1020"]
    assert "NM1*DQ*1*LEE*ANN****XX*1992999999" in text and "REF*G1*PA-77" in text
    assert "SBR*P*18*******MC" in text and "PRV*BI*PXC*251S00000X" in text and "REF*EI*561234567" in text


def test_money_is_type_r_without_needless_zeros():
    assert [amount(Decimal(v)) for v in ("12.50", "12.00", "0.50", "100", "0.05", "0.00")] == \
        ["12.5", "12", ".5", "100", ".05", "0"]
    with pytest.raises(ValueError):
        amount(Decimal("100000000.00"))


def test_text_is_cleaned_upper_cased_transliterated_and_cut():
    assert clean("José*O'Brien~\n^:x", 60) == "JOSE O'BRIEN X"
    assert clean("Straße Łódź Ærø Þór", 60) == "STRASSE LODZ AERO THOR"
    assert clean("Dʼ’Angelo 😀 中", 60) == "D 'ANGELO"
    assert clean("A" * 70, 60) == "A" * 60 and clean("AB" + " " * 60 + "C", 3) == "AB"
    assert clean("a@b_c.org", 256, extra="@_") == "A@B_C.ORG"


def test_values_the_file_cannot_carry_are_named_not_shown():
    with pytest.raises(WriteError, match="billing_provider.address.zip"):
        write_837p(claim_file(billing_provider=provider(address=address("27601"))))
    with pytest.raises(WriteError, match="diagnosis_pointers"):
        write_837p(claim_file((claim(diagnoses=("F331",), lines=(line(1, diagnosis_pointers=(2,)),)),)))
    bad = claim().subscriber.model_copy(update={"last_name": "*~^:"})
    with pytest.raises(WriteError, match="subscriber.last_name") as err:
        write_837p(claim_file((claim(subscriber=bad),)))
    assert "*~^:" not in str(err.value)
    # A Unicode digit never reaches the writer: the schema takes ASCII digits only.
    with pytest.raises(ValidationError, match="zip"):
        address("٣٣٣٣٣")


# --- replacement, void, splitting ------------------------------------------------------------------------


@pytest.mark.parametrize("frequency", ["7", "8"])
def test_replacement_and_void_carry_ref_f8_and_pass_pyx12(frequency: str):
    text = write_837p(claim_file((claim(frequency=frequency, payer_claim_number="2025011500123"),)))
    assert pyx12_text_errors(text) == []
    assert f":B:{frequency}*" in text and "REF*F8*2025011500123" in text
    back = read_837p(text).claims[0]
    assert (back.frequency, back.payer_claim_number) == (frequency, "2025011500123")


def test_void_without_the_payer_claim_number_is_refused():
    with pytest.raises(WriteError, match="payer_claim_number"):
        write_837p(claim_file((claim(frequency="8"),)))


def test_more_than_5000_claims_split_into_transaction_sets_and_validate(tmp_path: Path):
    n = MAX_CLAIMS_PER_SET * 2 + 1
    base = claim(lines=1)
    claims = tuple(base.model_copy(update={"claim_id": f"PB{i:010d}"}) for i in range(n))
    text = write_837p(claim_file(claims))
    assert [s.split("*")[2] for s in segments_of(text, "ST")] == ["0009", "0010", "0011"]
    assert segments_of(text, "GE") == ["GE*3*8"] and len(segments_of(text, "ISA")) == 1
    assert len(segments_of(text, "CLM")) == n
    path = tmp_path / "big.x12"
    path.write_text(text)
    assert pyx12_errors(path) == []
    back = read_837p(text)
    assert [c.claim_id for c in back.claims] == [c.claim_id for c in claims]
    assert back.transaction_control == 9


# --- round trip, property -------------------------------------------------------------------------------

NOISE = "*~:^\n\r\t" + "éÉñÑüÜßøØæÆœłđþ’“—" + "中文😀" + "_@#%|<>`{}" + "abcxyz" + "ABC019 .-'&,"
STATES = ("NC", "TX", "CA", "NY", "PR", "DC", "WA")
PLACES = ("02", "03", "10", "11", "12", "14", "53", "57", "99")
TAXONOMIES = ("251S00000X", "175T00000X", "261QM0801X", "101YM0800X")


def noisy(max_size: int) -> st.SearchStrategy[str]:
    return st.text(st.one_of(st.sampled_from(NOISE), st.characters(exclude_categories=("Cs",))), max_size=max_size)


def name(limit: int, raw_max: int | None = None) -> st.SearchStrategy[str]:
    """Delimiters, non-ASCII letters and line breaks around two letters that survive cleaning; or a value
    exactly at the limit; or one longer than it. `raw_max` caps the raw length where the schema does."""
    raw_max = raw_max or limit + 40
    core = st.sampled_from(["Ab", "Éz", "Øy", "ßq", "ÅÖ"])
    noisy_value = st.builds(lambda a, c, b: (a + c + b)[-raw_max:], noisy(min(30, raw_max - 2)), core, noisy(10))
    options = [noisy_value.filter(lambda v: len(clean(v, limit)) >= 2),
               st.text(st.sampled_from(string.ascii_uppercase), min_size=limit, max_size=limit)]
    if raw_max > limit:
        options.append(st.text(st.sampled_from("ÉÅÖabc"), min_size=limit + 1, max_size=min(raw_max, limit + 15)))
    return st.one_of(options)


ident = st.from_regex(r"[A-Z0-9]{2,20}", fullmatch=True)


@st.composite
def addresses(draw: st.DrawFn, nine: bool) -> PostalAddress:
    zip_ = draw(st.from_regex(r"[0-9]{9}" if nine else r"[0-9]{5}([0-9]{4})?", fullmatch=True))
    return PostalAddress(line1=draw(name(ADDRESS)), line2=draw(st.none() | noisy(70)), city=draw(name(CITY)),
                         state=draw(st.sampled_from(STATES)), zip=zip_)


@st.composite
def lines(draw: st.DrawFn, n: int, diagnoses: int) -> ServiceLine:
    pointers = draw(st.lists(st.integers(1, min(diagnoses, 12)), min_size=1, max_size=4, unique=True))
    return ServiceLine(line_control=draw(st.from_regex(r"[A-Z0-9]{1,50}", fullmatch=True)),
                       hcpcs=draw(st.sampled_from(["H0038", "H0039", "T1017", "G0177"])),
                       modifiers=tuple(draw(st.lists(st.from_regex(r"[A-Z0-9]{2}", fullmatch=True), max_size=4))),
                       charge=draw(st.decimals(Decimal("0.01"), Decimal("99999.99"), places=2)),
                       units=draw(st.integers(1, 9999)),
                       service_date=draw(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))),
                       place_of_service=draw(st.sampled_from(PLACES)), diagnosis_pointers=tuple(pointers))


@st.composite
def claims(draw: st.DrawFn, n: int) -> Claim:
    diagnoses = draw(st.lists(st.from_regex(r"[A-TV-Z][0-9][0-9A-Z]{1,5}", fullmatch=True), min_size=1, max_size=12))
    frequency = draw(st.sampled_from(["1", "7", "8"]))
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2020, 1, 1)))
    subscriber = Subscriber(first_name=draw(name(FIRST) | noisy(5)), last_name=draw(name(NAME)),
                            member_id=draw(ident), date_of_birth=born,
                            sex=draw(st.sampled_from(["F", "M", "U"])), address=draw(addresses(nine=False)))
    supervisor = draw(st.none() | st.builds(SupervisingProvider, first_name=name(FIRST), last_name=name(NAME),
                                            npi=st.sampled_from(NPIS)))
    count = draw(st.integers(1, 6))
    return Claim(claim_id=f"C{n}{draw(st.from_regex(r'[A-Z0-9]{0,30}', fullmatch=True))}", frequency=frequency,
                 payer_claim_number=draw(ident) if frequency != "1" else None,
                 prior_authorization=draw(st.none() | ident), place_of_service=draw(st.sampled_from(PLACES)),
                 diagnoses=tuple(diagnoses), subscriber=subscriber,
                 payer=PayerParty(name=draw(name(NAME)), payer_id=draw(ident)),
                 rendering=RenderingProvider(first_name=draw(name(FIRST)), last_name=draw(name(NAME)),
                                             npi=draw(st.sampled_from(NPIS)),
                                             taxonomy=draw(st.sampled_from(TAXONOMIES))),
                 supervisor=supervisor, lines=tuple(draw(lines(k, len(diagnoses))) for k in range(count)))


@st.composite
def claim_files(draw: st.DrawFn) -> ClaimFile:
    p = TradingPartner(sender_id=draw(ident.map(lambda v: v[:15])), receiver_id=draw(ident.map(lambda v: v[:15])),
                       submitter_name=draw(name(NAME, raw_max=60)), submitter_id=draw(ident),
                       contact_name=draw(name(NAME, raw_max=60)), contact_phone="5125550100",
                       contact_email=draw(st.none() | st.just("Billing~Desk@Exämple.org")),
                       receiver_name=draw(name(NAME, raw_max=60)), usage=draw(st.sampled_from(["T", "P"])))
    bp = BillingProvider(name=draw(name(NAME)), npi=draw(st.sampled_from(NPIS)), tax_id="987654321",
                         taxonomy=draw(st.sampled_from(TAXONOMIES)), address=draw(addresses(nine=True)))
    count = draw(st.integers(1, 3))
    created = draw(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31), timezones=st.just(dt.UTC)))
    return ClaimFile(isa_control=draw(st.integers(1, 999_999_999)), group_control=draw(st.integers(1, 999_999_999)),
                     transaction_control=draw(st.integers(1, 999_999_999)), created=created,
                     partner=p, billing_provider=bp, claims=tuple(draw(claims(k)) for k in range(count)))


def expected_address(a: PostalAddress) -> PostalAddress:
    return a.model_copy(update={"line1": clean(a.line1, ADDRESS), "line2": clean(a.line2 or "", ADDRESS) or None,
                                "city": clean(a.city, CITY)})


def expected_person(p: Any) -> Any:
    return p.model_copy(update={"first_name": clean(p.first_name, FIRST), "last_name": clean(p.last_name, NAME)})


def expected_claim(c: Claim) -> Claim:
    s = c.subscriber
    return c.model_copy(update={
        "payer_claim_number": c.payer_claim_number if c.frequency != "1" else None,
        "subscriber": expected_person(s).model_copy(update={"address": expected_address(s.address)}),
        "payer": c.payer.model_copy(update={"name": clean(c.payer.name, NAME)}),
        "rendering": expected_person(c.rendering),
        "supervisor": expected_person(c.supervisor) if c.supervisor else None,
    })


def assert_x12_text(text: str) -> None:
    """Outside the delimiters, only the basic character set (plus '@' and '_' in the e-mail)."""
    body = text.replace("~\n", "").replace("*", "").replace(":", "").replace("^", "")
    assert set(body) <= BASIC | {"@", "_"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(claim_files())
def test_any_claim_file_passes_pyx12_and_reads_back(f: ClaimFile):
    text = write_837p(f)
    assert pyx12_text_errors(text) == []
    assert_x12_text(text)
    back = read_837p(text)
    assert back.claims == tuple(expected_claim(c) for c in f.claims)
    assert [(ln.units, ln.charge) for c in back.claims for ln in c.lines] == \
        [(ln.units, ln.charge) for c in f.claims for ln in c.lines]
    bp = f.billing_provider
    assert back.billing_provider == bp.model_copy(update={"name": clean(bp.name, NAME),
                                                          "address": expected_address(bp.address)})
    assert (back.isa_control, back.group_control, back.transaction_control) == \
        (f.isa_control, f.group_control, f.transaction_control)
    assert back.created == f.created.replace(second=0, microsecond=0)
    assert back.partner.submitter_name == clean(f.partner.submitter_name, NAME)
    assert back.partner.contact_email == (f.partner.contact_email and "BILLING DESK@EXAMPLE.ORG")


# --- reader and tokenizer --------------------------------------------------------------------------------


def test_reads_the_hand_written_sample():
    f = read_837p((SAMPLES / "peerbill__peer_support_837p_valid.x12").read_text())
    (c,) = f.claims
    assert (c.claim_id, c.total, c.diagnoses, c.place_of_service) == ("PB0001", Decimal("59.40"), ("F331",), "11")
    assert [(ln.modifiers, ln.charge, ln.units, ln.place_of_service, ln.line_control) for ln in c.lines] == [
        (("HQ",), Decimal("11.52"), 4, "11", "PB0001L1"), ((), Decimal("47.88"), 4, "02", "PB0001L2")]


def test_other_delimiters_and_no_line_breaks_read_the_same():
    original = write_837p(claim_file((claim(), claim(2, lines=3))))
    other = original.replace("~\n", "\x1e").translate(str.maketrans({"*": "|", ":": ">", "^": "{"}))
    assert "\n" not in other
    assert read_837p(other) == read_837p(original)
    assert len(tokenize(other)) == len(original.splitlines())


@pytest.mark.parametrize(("sample", "number", "seg_id", "words"), [
    ("peerbill__peer_support_837p_bad_date_and_se_count.x12", 31, "SE", "SE01 says 28 but there are 29"),
    ("ims__x12_segment_errors.txt", 25, "SE", "SE01 says 25 but there are 23"),
])
def test_tokenizer_names_the_segment_of_broken_samples(sample: str, number: int, seg_id: str, words: str):
    with pytest.raises(X12Error) as err:
        tokenize((SAMPLES / sample).read_text())
    assert (err.value.number, err.value.segment_id) == (number, seg_id)
    assert words in str(err.value) and f"segment {number} ({seg_id})" in str(err.value)


def test_reader_names_the_segment_of_a_bad_date():
    text = (SAMPLES / "peerbill__peer_support_837p_bad_date_and_se_count.x12").read_text()
    with pytest.raises(X12Error) as err:
        read_837p(text.replace("SE*28*0001", "SE*29*0001"))
    assert (err.value.number, err.value.segment_id) == (30, "DTP")


VALID = write_837p(claim_file())  # 35 segments: ST is 3, N3 11, SE 33, GE 34, IEA 35


@pytest.mark.parametrize(("text", "number", "seg_id", "words"), [
    ("", 1, "", "does not start with an ISA"),
    (VALID.split("\n", 1)[1], 1, "GS", "does not start with an ISA"),
    (VALID[:80], 1, "ISA", "cut short"),
    (VALID.replace("ISA*", "ISAA", 1), 1, "ISA", "no element separator"),
    (VALID.replace("IEA*1*", "IEA*2*"), 35, "IEA", "IEA01 says 2 but there are 1"),
    (VALID.replace("IEA*1*000000007", "IEA*1*000000006"), 35, "IEA", "IEA02 does not match"),
    (VALID.replace("GE*1*8~", "GE*2*8~"), 34, "GE", "GE01 says 2"),
    (VALID.replace("GE*1*8~", "GE*1*9~"), 34, "GE", "GE02 does not match"),
    (VALID.replace("SE*31*0009", "SE*31*0002"), 33, "SE", "SE02 does not match"),
    (VALID.replace("SE*31*", "SE*32*"), 33, "SE", "SE01 says 32 but there are 31"),
    (VALID.replace("SE*31*", "SE*X*"), 33, "SE", "SE01 is not a number"),
    (VALID.rsplit("IEA", 1)[0], 1, "ISA", "IEA missing"),
    (VALID.replace("SE*31*0009~\n", ""), 33, "GE", "the ST of segment 3 is open: SE missing"),
    (VALID.replace("IEA*1*000000007~", "IEA*1*000000007"), 35, "IEA", "no terminator"),
    (VALID.replace("ST*837*0009*005010X222A1~\n", ""), 3, "BHT", "outside a transaction set"),
    (VALID.replace("ST*837", "GS*HC*A*B*20250115*1030*2*X*005010X222A1~\nST*837"), 3, "GS", "inside an open GS"),
    (VALID.replace("N3*123 MAIN ST", "n3*123 MAIN ST", 1), 11, "n3", "not a valid segment id"),
    (VALID.replace("IEA*1*000000007~", "IEA*1*000000007~\nNM1*X~"), 36, "NM1", "outside a transaction set"),
])
def test_tokenizer_errors_name_the_segment_number_and_id(text: str, number: int, seg_id: str, words: str):
    with pytest.raises(X12Error) as err:
        tokenize(text)
    assert (err.value.number, err.value.segment_id) == (number, seg_id), str(err.value)
    assert words in str(err.value)


# --- the reader's builder is the model's validation, value for value -------------------------------------


def read_whole(text: str) -> ClaimFile:
    """The reference: the file scanned and checked whole first, then validated whole by the model."""
    return _read_rows(text).result(whole=True)


def same_models(a: Any, b: Any) -> None:
    """Equal, and equal in what == does not see: field order, fields set, a Decimal's exponent, types."""
    assert a == b and repr(a) == repr(b)
    if isinstance(a, tuple):
        for x, y in zip(a, b, strict=True):
            same_models(x, y)
    elif isinstance(a, BaseModel):
        assert type(a) is type(b) and a.model_fields_set == b.model_fields_set
        assert list(a.__dict__) == list(b.__dict__)
        for name in a.__dict__:
            same_models(getattr(a, name), getattr(b, name))
    else:
        assert type(a) is type(b)


def outcome(read: Any, text: str) -> Any:
    try:
        return read(text)
    except X12Error as exc:
        return (exc.number, exc.segment_id, exc.reason)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(claim_files())
def test_the_reader_builds_what_the_model_validates_whole(f: ClaimFile):
    text = write_837p(f)
    same_models(read_837p(text), read_whole(text))
    assert single_interchange(text) is not None  # so the one-pass path was the one compared


# A value each of these segments can carry that the model or the reader refuses, by element number.
CORRUPT = {"REF*6R": (2, ["L" * 51, ""]), "SV1": (1, ["HC:H003", "XX:H0038"]), "DTP*472": (3, ["20241340", "2024"]),
           "N4": (3, ["123", "ABCDE"]), "NM1*82": (9, ["12", "1234567893X"]), "HI": (1, ["ZZ:F331", "ABK:"])}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(claim_files(), st.data())
def test_a_bad_value_anywhere_is_reported_as_the_model_reports_it(f: ClaimFile, data: st.DataObject):
    segments = write_837p(f).split("~\n")
    where, (element, values) = data.draw(st.sampled_from(sorted(CORRUPT.items())))
    i = data.draw(st.sampled_from([i for i, s in enumerate(segments) if s.startswith(where + "*")]))
    parts = segments[i].split("*")
    parts[element] = data.draw(st.sampled_from(values))
    text = "~\n".join([*segments[:i], "*".join(parts), *segments[i + 1:]])
    mine, reference = outcome(read_837p, text), outcome(read_whole, text)
    if isinstance(reference, tuple):
        assert mine == reference
    else:  # an HI without a diagnosis it can read only when the claim has others: the others are read
        assert where == "HI"
        same_models(mine, reference)


def test_a_line_like_a_valid_one_but_for_its_control_number_is_refused():
    """The builder validates a line's SV1 fields once per distinct SV1: the second line, with the same SV1 as
    the first, is still checked for its own line control."""
    text = write_837p(claim_file((claim(), claim(2, lines=3))))
    bad = text.replace("REF*6R*L2~\nLX*3", "REF*6R*" + "L" * 51 + "~\nLX*3")
    assert bad != text
    with pytest.raises(X12Error) as err:
        read_837p(bad)
    second_clm = [i for i, s in enumerate(text.split("~\n"), 1) if s.startswith("CLM*")][1]
    assert (err.value.number, err.value.segment_id) == (second_clm, "CLM")
    assert "claims.1.lines.1.line_control: String should have at most 50 characters" in str(err.value)


MUTATIONS = ("drop", "double", "bad id", "blank", "unknown segment", "swap", "no terminator", "crlf", "none")
ONE_FILE = write_837p(claim_file((claim(), claim(2, lines=3, supervisor=SupervisingProvider(
    first_name="Ann", last_name="Lee", npi=NPIS[2])))))


def mutate(text: str, how: str, at: int) -> str:
    segments = text.split("~\n")[:-1]
    i = 1 + at % (len(segments) - 1)  # never the ISA
    edits = {"drop": segments[:i] + segments[i + 1:], "double": segments[:i + 1] + segments[i:],
             "bad id": [*segments[:i], segments[i].lower(), *segments[i + 1:]],
             "blank": [*segments[:i], "", *segments[i:]], "unknown segment": [*segments[:i], "ZZZ*1", *segments[i:]],
             "swap": [*segments[:i - 1], segments[i], segments[i - 1], *segments[i + 1:]]}
    if how in edits:
        return "~\n".join(edits[how]) + "~\n"
    if how == "no terminator":
        return text.rstrip("~\n")
    return text.replace("\n", "\r\n") if how == "crlf" else text


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(MUTATIONS), st.integers(0, 10_000))
def test_any_file_reads_as_the_reference_reads_it(how: str, at: int):
    """Whichever path a file takes (one pass over the usual file, or scanned whole first), the outcome is the
    reference's: the same ClaimFile, or the same error at the same segment."""
    text = mutate(ONE_FILE, how, at)
    mine, reference = outcome(read_837p, text), outcome(read_whole, text)
    if isinstance(reference, tuple):
        assert mine == reference
    else:
        same_models(mine, reference)
