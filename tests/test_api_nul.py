"""A NUL character in a query parameter is the client's error (422 naming the field), never a 500."""

from __future__ import annotations


def test_nul_in_a_query_parameter_is_a_422_naming_it(api):
    r = api.call("GET", "/v1/encounters", params={"member": "SYN\x000001"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert [e["path"] for e in body["errors"]] == ["member"]
    assert "SYN" not in r.text  # the value (a member id) is not echoed
    assert api.call("GET", "/v1/encounters", params={"member": "SYN0001"}).status_code == 200


def test_nul_in_a_body_is_refused_without_a_500_and_nothing_is_written(api, db):
    from sqlalchemy import func, select

    from billing.db.models import ClaimFileRow

    r = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": "\x00"})
    assert r.status_code in (404, 422), r.text  # SQLite looks the payer up and finds none; PostgreSQL refuses NUL
    assert r.headers["content-type"].startswith("application/problem+json")
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ClaimFileRow)) == 0
