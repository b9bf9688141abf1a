"""Intake validation that protects the claim: NPI check digits (rendering, supervising, agency), the taxonomy
format, a plausible date of birth, a billing provider address that is a street address in a US state. Each is
a 422 naming the field, before anything is stored. A taxonomy code must be one of the NUCC code set (25.1)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from billing.db.models import Encounter
from schemas.identifiers import check_taxonomy, is_po_box, npi_valid, taxonomy_codes
from tests.test_api_encounters import enc

AGENCY = {"name": "Synthetic Agency", "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
          "address": {"line1": "1 Main St", "city": "Sampletown", "state": "TX", "zip": "787010001"}}


def _paths(r) -> list[str]:
    assert r.status_code == 422, r.text
    return [e["path"] for e in r.json()["errors"]]


@pytest.mark.parametrize(("over", "path"), [
    ({"rendering": {**enc()["rendering"], "npi": "1234567890"}}, "rendering.npi"),
    ({"supervisor": {**enc()["supervisor"], "npi": "1245319590"}}, "supervisor.npi"),
    ({"rendering": {**enc()["rendering"], "taxonomy": "175T0000X"}}, "rendering.taxonomy"),
    ({"rendering": {**enc()["rendering"], "taxonomy": "175T99999X"}}, "rendering.taxonomy"),  # not in NUCC 25.1
    ({"member": {**enc()["member"], "date_of_birth": "2025-03-05"}}, "member.date_of_birth"),  # after the service
    ({"member": {**enc()["member"], "date_of_birth": "1890-01-01"}}, "member.date_of_birth"),
    ({"rendering": {**enc()["rendering"], "last_name": "\x00"}}, "rendering.last_name"),  # PostgreSQL: no NUL
])
def test_encounter_field_checks_are_422_naming_the_field(api, db, over, path):
    r = api.call("POST", "/v1/encounters", json=enc(**over))
    assert any(p.endswith(path) for p in _paths(r)), r.json()
    assert "1234567890" not in r.text and "1245319590" not in r.text  # no value echoed back
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Encounter)) == 0


def test_a_date_of_birth_on_the_day_of_service_is_accepted(api):
    r = api.call("POST", "/v1/encounters", json=enc(member={**enc()["member"], "date_of_birth": "2007-03-04"}))
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(("over", "path"), [
    ({"npi": "1992999998"}, "npi"),
    ({"address": {**AGENCY["address"], "line1": "PO Box 1234"}}, "address"),
    ({"address": {**AGENCY["address"], "line1": "P.O. BOX 12"}}, "address"),
    ({"address": {**AGENCY["address"], "line2": "Lockbox 77"}}, "address"),
    ({"address": {**AGENCY["address"], "state": "ZZ"}}, "address"),
    ({"taxonomy": "251S99999X"}, "taxonomy"),  # the right shape, but no NUCC code
])
def test_agency_checks_are_422_naming_the_field(api, over, path):
    r = api.call("POST", "/v1/agencies", as_="admin", json={**AGENCY, **over})
    assert any(p.endswith(path) for p in _paths(r)), r.json()


def test_a_street_address_with_box_in_its_name_is_not_a_po_box(api):
    r = api.call("POST", "/v1/agencies", as_="admin",
                 json={**AGENCY, "address": {**AGENCY["address"], "line1": "12 Boxwood Ln", "line2": "Post Office Sq"}})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(("line", "box"), [
    ("PO Box 12", True), ("P.O. Box 12", True), ("P O BOX 9", True), ("Post Office Box 3", True), ("POB 7", True),
    ("Box 44", True), ("Lock Box 5", True), ("12 Boxwood Ln", False), ("1 Post Office Square", False),
    ("100 Pobox Rd", False), ("4 Main St, Suite 5", False),
])
def test_po_box_recognition(line, box):
    assert is_po_box(line) is box


@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_exactly_one_check_digit_makes_an_npi_valid(base):
    assert sum(npi_valid(base + str(d)) for d in range(10)) == 1


# --- the NUCC taxonomy code set shipped with the schemas -------------------------------------------------


def test_the_taxonomy_code_set_is_nucc_25_1_whole():
    codes = taxonomy_codes()
    assert len(codes) == 883  # NUCC's nucc_taxonomy_251.csv, every row (schemas/data/README.md)
    assert all(re.fullmatch(r"[0-9A-Z]{9}X", c) for c in codes)
    # Peer Specialist, the agencies' usual codes, and the behavioral-health codes the tests use
    assert {"175T00000X", "251S00000X", "261QM0801X", "101YM0800X"} <= codes


@given(code=st.from_regex(r"[0-9A-Z]{9}X", fullmatch=True))
def test_a_taxonomy_is_accepted_exactly_when_nucc_lists_it(code):
    try:
        assert check_taxonomy(code) == code
        accepted = True
    except ValueError as exc:
        accepted = False
        assert code not in str(exc)  # the message never echoes the value
    assert accepted == (code in taxonomy_codes())


@pytest.mark.parametrize("code", ["175T00000X", "101YP2500X", "251S00000X"])
def test_a_listed_taxonomy_is_accepted_at_intake(api, code):
    r = api.call("POST", "/v1/encounters", json=enc(rendering={**enc()["rendering"], "taxonomy": code}))
    assert r.status_code in (200, 201), r.text
