"""Intake validation that protects the claim: NPI check digits (rendering, supervising, agency), the taxonomy
format, a plausible date of birth, a billing provider address that is a street address in a US state. Each is
a 422 naming the field, before anything is stored."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from billing.db.models import Encounter
from schemas.identifiers import is_po_box, npi_valid
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
