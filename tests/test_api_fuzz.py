"""schemathesis against the service's own OpenAPI document: every generated request (valid by the document, and
invalid ones) gets an answer the document describes: a documented status code, its content type, a body that
matches its schema; and never a 5xx."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import Api

# Examples per operation (about 55 operations): a full run stays near a minute on a quiet machine. A deeper
# probe: PEERBILL_FUZZ_EXAMPLES=200 (positive; negative a fifth of it, at least 4).
_N = int(os.environ.get("PEERBILL_FUZZ_EXAMPLES", "10"))
EXAMPLES = {GenerationMode.POSITIVE: _N, GenerationMode.NEGATIVE: max(4, _N // 5)}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _role(path: str) -> str:
    if path.startswith(("/v1/agencies", "/v1/keys")):
        return "admin"
    if path.startswith(("/v1/payers", "/v1/claim-files", "/v1/claims", "/v1/webhook-endpoints", "/v1/responses",
                        "/v1/unmatched", "/v1/rejections")):
        return "billing"
    return "auditor" if path.startswith("/v1/audit") else "ehr"


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_answer_to_a_generated_request_is_one_the_document_describes(db, zz, mode):
    """Valid requests (by the document) and invalid ones: a documented status, content type and body schema."""
    api = Api(db, zz)
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    failures: list[str] = []
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 50

    for op in operations:
        _fuzz(op, mode, {"Authorization": f"Bearer {api.keys[_role(op.path)]}"}, failures)
    found = sorted(set(failures))
    print("\n".join(found))  # noqa: T201 - shown in full when the test fails
    assert found == []


def _fuzz(op, mode: GenerationMode, headers: dict[str, str], failures: list[str]) -> None:
    @given(case=op.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES[mode], deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as exc:  # collected, so that every operation is tried
            found = "; ".join(f"{f.title}: {' '.join(f.message.split())[:300]}" for f in exc.exceptions)
            failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {found}")

    try:
        check()
    except Unsatisfiable:  # nothing about the operation can be made invalid (no parameters, no body)
        assert mode == GenerationMode.NEGATIVE
