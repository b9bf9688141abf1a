"""The OpenAPI document as a client generator reads it: readable operation ids, descriptions, request examples
that are valid, and every error described as the problem+json the server sends."""

from __future__ import annotations

import json
import re

import jsonschema_rs
import pytest

from api.contract import openapi_json

DOC = json.loads(openapi_json())
OPS = [(m.upper(), p, o) for p, ops in DOC["paths"].items() for m, o in ops.items()]
PROBLEM = {"$ref": "#/components/schemas/Problem"}


def test_operation_ids_are_readable_and_unique():
    ids = [o["operationId"] for _, _, o in OPS]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)+", i)] == []
    named = {(m, p): o["operationId"] for m, p, o in OPS}
    assert named["POST", "/v1/encounters"] == "createEncounter"
    assert named["GET", "/v1/events"] == "listEvents"
    assert named["POST", "/v1/claim-files"] == "createClaimFile"


def test_every_operation_has_a_description_beyond_its_summary():
    bare = [f"{m} {p}" for m, p, o in OPS if len(o.get("description", "")) < 30
            or o.get("description") == o.get("summary")]
    assert bare == []


def test_every_request_body_has_examples_that_its_schema_accepts():
    checked = 0
    for method, path, op in OPS:
        for media_type, media in op.get("requestBody", {}).get("content", {}).items():
            if media_type == "application/octet-stream":
                continue  # the same X12 text as the text/plain example
            assert media.get("examples"), f"{method} {path} {media_type} has no example"
            # jsonschema_rs comes with schemathesis (a test dependency)
            validator = jsonschema_rs.Draft202012Validator({**media["schema"], "components": DOC["components"]})
            for name, example in media["examples"].items():
                errors = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(example["value"])]
                assert errors == [], f"{method} {path} example {name}"
                checked += 1
    assert checked >= 20


@pytest.mark.parametrize("status", ["401", "403", "404", "409", "413", "422"])
def test_errors_are_documented_as_problem_json(status):
    documented = 0
    for method, path, op in OPS:
        answer = op["responses"].get(status)
        if answer is None:
            continue
        assert answer["content"]["application/problem+json"]["schema"] == PROBLEM, f"{method} {path} {status}"
        assert "application/json" not in answer["content"]
        documented += 1
    assert documented >= 5


def test_what_applies_to_each_route_is_documented():
    by = {(m, p): set(o["responses"]) for m, p, o in OPS}
    assert {"401", "403", "409", "413", "422", "429"} <= by["POST", "/v1/encounters"]
    assert "404" in by["GET", "/v1/encounters/{encounter_id}"] and "413" not in by["GET", "/v1/encounters"]
    assert "401" not in by["GET", "/healthz"]
    assert "409" not in by["POST", "/v1/encounters/validate"]  # stores nothing
    assert "HTTPValidationError" not in DOC["components"]["schemas"]


def test_batch_items_are_encounters_and_trading_partner_settings_are_typed():
    batch = DOC["paths"]["/v1/encounters/batch"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert batch["properties"]["items"]["items"] == {"$ref": "#/components/schemas/Encounter"}
    partner = DOC["components"]["schemas"]["PayerIn"]["properties"]["partner"]
    assert partner["allOf"] == [{"$ref": "#/components/schemas/TradingPartner"}]
    assert "receiver_id" in DOC["components"]["schemas"]["TradingPartner"]["required"]


def test_idempotent_writes_document_the_header():
    def takes_key(method: str, path: str) -> bool:
        op = DOC["paths"][path][method.lower()]
        return any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in op.get("parameters", []))

    for method, path in [("POST", "/v1/encounters"), ("POST", "/v1/encounters/batch"), ("POST", "/v1/fhir/Bundle"),
                         ("POST", "/v1/claim-files"), ("POST", "/v1/claims/{claim_id}/replace"),
                         ("POST", "/v1/claims/{claim_id}/void"), ("POST", "/v1/payers"),
                         ("POST", "/v1/webhook-endpoints")]:
        assert takes_key(method, path), f"{method} {path}"
