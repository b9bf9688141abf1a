"""A NUL character in a query parameter is the client's error (422 naming the field), never a 500."""

from __future__ import annotations


def test_nul_in_a_query_parameter_is_a_422_naming_it(api):
    r = api.call("GET", "/v1/encounters", params={"member": "SYN\x000001"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert [e["path"] for e in body["errors"]] == ["member"]
    assert "SYN" not in r.text  # the value (a member id) is not echoed
    assert api.call("GET", "/v1/encounters", params={"member": "SYN0001"}).status_code == 200
