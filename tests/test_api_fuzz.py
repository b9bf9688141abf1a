"""schemathesis against the service's own OpenAPI schema: no generated request gets a 5xx."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.conftest import Api


def _role(path: str) -> str:
    if path.startswith(("/v1/agencies", "/v1/keys")):
        return "admin"
    if path.startswith(("/v1/payers", "/v1/claim-files", "/v1/claims")):
        return "billing"
    return "auditor" if path.startswith("/v1/audit") else "ehr"


def test_no_server_errors_for_any_generated_request(db, zz):
    api = Api(db, zz)
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    failures: list[str] = []
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 12

    for op in operations:
        _fuzz(op, {"Authorization": f"Bearer {api.keys[_role(op.path)]}"}, failures)
    assert failures == []


def _fuzz(op, headers: dict[str, str], failures: list[str]) -> None:
    @given(case=op.as_strategy())
    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = case.call(headers=headers)
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}")

    check()
