"""ICD-10-CM by date of service: the shipped dated index, the engine's findings and the verdict's code set."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from billing.rules import icd, icd_build
from tests.conftest import make_encounter
from tests.test_engine import codes, judge

D = date.fromisoformat
SHIPPED = json.loads(gzip.decompress(icd.DATA.read_bytes()))
SETS = icd.code_sets()
GROUPS = {g["key"]: g for g in SHIPPED["groups"]}
W = SHIPPED["record_width"]
RECORDS = [(SHIPPED["table"][i : i + W - 1].rstrip(), GROUPS[SHIPPED["table"][i + W - 1]])
           for i in range(0, len(SHIPPED["table"]), W)]


def test_the_shipped_file_names_its_sets_sources_and_dates():
    assert [s.id for s in SETS] == ["2021-01", "2025-04", "2026-04"]
    for s, meta in zip(SETS, SHIPPED["sets"], strict=True):
        assert s.effective_from <= s.effective_through
        assert meta["source"].startswith("simple-icd-10-cm ") and "sha256" in meta["source"]
        assert meta["billable_codes"] > 70_000 and s.version == str(s.effective_from.year)
    assert all(a.effective_through < b.effective_from for a, b in zip(SETS, SETS[1:], strict=False))
    assert "public domain" in SHIPPED["source"]
    # The January 2021 set was read by the library and checked against CMS's own order file (72,621 billable)
    assert SHIPPED["sets"][0]["checked_against_cms_order_file"] and SHIPPED["sets"][0]["billable_codes"] == 72_621


def test_f43_8_and_f43_81_around_the_fy2023_split():
    # In the January 2021 set (in force to 2021-09-30), F43.8 is billable and F43.81 does not exist.
    assert icd.is_billable("F43.8", on=D("2021-09-30")) and not icd.is_billable("F43.81", on=D("2021-09-30"))
    assert icd.lookup("F43.81", D("2021-09-30")).status == "not_billable"
    # FY2022-FY2025 sets are not on PyPI: on both sides of 2022-10-01 the change is known to lie between the sets
    # on record, so neither code is refused, and the reason says which sets disagree.
    for day in ("2022-06-15", "2022-09-30", "2022-10-01"):
        for code in ("F43.8", "F43.81"):
            hit = icd.lookup(code, D(day))
            assert hit.status == "unknown" and "January 2021" in hit.reason and "April 1, 2025" in hit.reason
    # From the April 2025 set on, F43.8 is a header (F43.81 prolonged grief, F43.89 other) and F43.81 is billable.
    assert not icd.is_billable("F43.8", on=D("2025-04-01")) and icd.is_billable("F43.81", on=D("2025-04-01"))
    assert icd.is_billable("F43.89", on=D("2026-11-20")) and not icd.is_billable("F43.8", on=D("2026-11-20"))


def test_a_code_added_after_april_2023_financial_insecurity_z59_86x():
    # Z59.86 (financial insecurity) is billable in April 2025 and subdivided by April 2026 into Z59.861/868/869.
    assert icd.is_billable("Z59.86", on=D("2025-09-30")) and not icd.is_billable("Z59.861", on=D("2025-09-30"))
    assert icd.lookup("Z59.861", D("2025-09-30")).status == "not_billable"
    assert icd.lookup("Z59.861", D("2026-01-15")).status == "unknown"  # FY2026's October set is not on record
    assert icd.is_billable("Z59.861", on=D("2026-04-01")) and not icd.is_billable("Z59.86", on=D("2026-04-01"))


def test_before_the_oldest_set_is_a_warning_not_a_guess_and_after_the_newest_is_judged_by_it():
    assert icd.set_in_force(D("2020-12-31")) is None and icd.set_in_force(D("2021-01-01")).id == "2021-01"
    assert icd.lookup("F33.1", D("2020-12-31")).status == "unknown"
    assert icd.code_set_label(D("2020-12-31")).startswith("none on record")
    late = icd.lookup("F32", D("2027-01-05"))  # a header in the newest set stays refused
    assert late.status == "not_billable" and "newest on record" in late.code_set
    assert icd.lookup("F99.99", D("2027-01-05")).status == "unknown"  # not in the newest set: may be newer


def test_engine_findings_and_code_set_on_the_verdict(zz):
    v = judge(zz, diagnoses=["F43.8"], service={"date": "2025-05-06"})
    assert codes(v) == ["diagnosis.invalid_code"] and not v.billable
    f = v.findings[0]
    assert f.path == "diagnoses[0]" and "F43.8" not in f.message  # no diagnosis in messages
    assert "April 1, 2025 update (FY2025)" in f.citation.document and f.citation.effective == D("2025-04-01")
    assert v.code_set == "ICD-10-CM April 1, 2025 update (FY2025)"
    ok = judge(zz, diagnoses=["F43.81"], service={"date": "2025-05-06"})
    assert ok.billable and ok.findings == [] and ok.code_set == v.code_set
    gap = judge(zz, diagnoses=["F43.8"], service={"date": "2022-06-15"})
    assert codes(gap) == ["diagnosis.code_set_unknown"] and gap.findings[0].severity == "warning" and gap.billable
    assert gap.code_set.startswith("between ICD-10-CM January 2021")
    early = judge(zz, service={"date": "2020-06-02"})
    assert "diagnosis.code_set_unknown" in codes(early) and early.code_set.startswith("none on record")


def test_claim_assembly_refuses_only_codes_known_not_billable():
    from billing.claims import assembly

    def problems(dx, day):
        e = make_encounter(diagnoses=dx, service={"date": day})
        b = assembly.Billable(encounter_pk="e1", version=1, encounter=e, units=4, charge=Decimal("40.00"))
        return [p for p in assembly.check(b, date(2030, 1, 1)) if p.code == "claim.diagnosis"]

    assert problems(["F43.8"], "2025-05-06") and not problems(["F43.8"], "2022-06-15")


def test_the_verdicts_code_set_is_stored_and_read_back(api):
    from tests.test_api_encounters import enc

    body = api.call("POST", "/v1/encounters", json=enc(service={"date": "2025-05-06"})).json()
    assert body["verdict"]["code_set"] == "ICD-10-CM April 1, 2025 update (FY2025)"
    read = api.call("GET", f"/v1/encounters/{body['id']}").json()
    assert read["verdict"]["code_set"] == body["verdict"]["code_set"]


def test_build_from_releases_writes_a_deterministic_index_the_runtime_reads(tmp_path):
    read = {
        "2021-01": {"version": "2021", "files": ["a.xml"], "codes": {"F43": "h", "F438": "b", "F331": "b"},
                    "wheel": "w1.whl", "wheel_sha256": "0" * 64},
        "2025-04": {"version": "2025", "files": ["b.xml"], "codes": {"F43": "h", "F438": "h", "F4381": "b",
                                                                     "F331": "b"},
                    "wheel": "w2.whl", "wheel_sha256": "1" * 64},
        "2026-04": {"version": "2026", "files": ["c.xml"], "codes": {"F43": "h", "F438": "h", "F4381": "b"},
                    "wheel": "w3.whl", "wheel_sha256": "2" * 64},
    }
    data = icd_build.encode(icd_build.build(read))
    assert data == icd_build.encode(icd_build.build(read))  # same input, same bytes
    path = tmp_path / "i.json.gz"
    path.write_bytes(data)
    idx = icd.load(path)
    assert idx.letters("F438") == "bhh" and idx.letters("F4381") == "-bb" and idx.letters("F331") == "bb-"
    assert idx.letters("F4") == "---" and idx.letters("Z999") == "---"
    groups = {g["status"]: g for g in json.loads(gzip.decompress(data))["groups"]}
    assert groups["bb-"]["billable_in"] == [["2021-01-01", "2021-09-30"], ["2025-04-01", "2025-09-30"]]


def test_loading_is_fast_in_a_fresh_process_and_does_not_import_simple_icd_10_cm():
    code = ("import time, sys; t = time.perf_counter(); from billing.rules import icd; import datetime;"
            "icd.lookup('F43.81', datetime.date(2026, 5, 1)); t2 = time.perf_counter();"
            "import billing.rules.engine;"
            "print(time.perf_counter() - t, 'simple_icd_10_cm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[1] == "False"
    assert float(out[0]) < 5  # generous for a loaded CI machine; bench/icd_load.py measures the real figure


codes_st = st.sampled_from(RECORDS)
days = st.dates(min_value=date(2015, 10, 1), max_value=date(2028, 12, 31))


@settings(max_examples=300, deadline=None)
@given(rec=codes_st, day=days)
def test_property_inside_a_set_the_answer_is_that_sets_own_status(rec, day):
    code, group = rec
    s = icd.set_in_force(day)
    hit = icd.lookup(code, day)
    in_interval = any(D(a) <= day <= D(b) for a, b in group["billable_in"])
    if s is not None:
        assert hit.status == ("billable" if in_interval else "not_billable")
        assert hit.code_set == s.name
    else:
        assert not in_interval  # billable intervals lie inside the sets' own dates
        if day < SETS[0].effective_from:
            assert hit.status == "unknown"


@settings(max_examples=300, deadline=None)
@given(rec=codes_st, day=days)
def test_property_billable_only_where_the_sets_on_record_say_so(rec, day):
    code, group = rec
    letters = group["status"]
    hit = icd.lookup(code, day)
    # The dotted, lower-case spelling gives the same answer.
    dotted = (code[:3] + "." + code[3:]) if len(code) > 3 else code
    assert icd.lookup(dotted.lower(), day) == hit
    if hit.status == "billable":
        before = max((i for i, s in enumerate(SETS) if s.effective_from <= day), default=None)
        assert before is not None and letters[before] == "b"
        if before + 1 < len(SETS) and SETS[before].effective_through < day:  # in a gap: both sides agree
            assert letters[before + 1] == "b"


@settings(max_examples=100, deadline=None)
@given(day=days)
def test_property_a_date_is_in_at_most_one_set_and_labels_say_where_it_stands(day):
    inside = [s for s in SETS if s.effective_from <= day <= s.effective_through]
    assert len(inside) <= 1
    label = icd.code_set_label(day)
    if inside:
        assert label == inside[0].name
    assert icd.code_set_label(day + timedelta(days=0)) == label
