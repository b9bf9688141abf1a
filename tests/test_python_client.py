"""The typed Python client in clients/python: made from today's OpenAPI document, and usable against a live
server the way an EHR integration would use it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from api.contract import openapi_json
from tests.test_api_encounters import enc
from tests.test_reliability import Live

CLIENTS = Path(__file__).resolve().parent.parent / "clients" / "python"
sys.path.insert(0, str(CLIENTS))

from peerbill_client import AuthenticatedClient  # noqa: E402
from peerbill_client.api.encounters import create_encounter, get_encounter, list_encounters  # noqa: E402
from peerbill_client.api.events import list_events  # noqa: E402
from peerbill_client.models import Encounter, EncounterOut, EncounterPage, EventPage, Problem  # noqa: E402

REGENERATE = "python clients/python/generate.py"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_committed_document_is_the_one_the_server_serves():
    assert (CLIENTS / "openapi.json").read_text() == openapi_json(), f"the API changed: run {REGENERATE}"


def test_the_committed_client_is_what_the_generator_makes_from_it(tmp_path):
    pytest.importorskip("openapi_python_client")
    sys.path.insert(0, str(CLIENTS))
    from generate import PACKAGE, generate

    generate(tmp_path)
    made, kept = _tree(tmp_path / PACKAGE), _tree(CLIENTS / PACKAGE)
    assert sorted(made) == sorted(kept), f"files differ: run {REGENERATE}"
    changed = [name for name in made if made[name] != kept[name]]
    assert changed == [], f"{changed[:5]} differ from what the generator makes: run {REGENERATE}"


def test_an_ehr_posts_lists_and_reads_events_through_the_client(api):
    with Live(api) as live:
        client = AuthenticatedClient(base_url=f"http://127.0.0.1:{live.port}", token=api.keys["ehr"], timeout=60)
        body = Encounter.from_dict(enc(encounter_id="visit-1"))
        made = create_encounter.sync_detailed(client=client, body=body, idempotency_key="visit-1-try")
        assert made.status_code == 201
        out = made.parsed
        assert isinstance(out, EncounterOut) and out.id == "visit-1" and out.verdict.billable is True
        assert out.verdict.units == 4  # a 60-minute session in 15-minute units
        again = create_encounter.sync_detailed(client=client, body=body, idempotency_key="visit-1-try")
        assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
        assert again.parsed.to_dict() == out.to_dict()

        page = list_encounters.sync(client=client)
        assert isinstance(page, EncounterPage) and [e.id for e in page.items] == ["visit-1"]
        events = list_events.sync(client=client, types="encounter.judged")
        assert isinstance(events, EventPage)
        assert [(e.type_, e.object_id) for e in events.items] == [("encounter.judged", "visit-1")]
        assert list_events.sync(client=client, after=events.items[-1].id).items == []

        missing = get_encounter.sync_detailed(client=client, encounter_id="nope")
        assert missing.status_code == 404 and isinstance(missing.parsed, Problem)
        assert missing.headers["content-type"] == "application/problem+json"
        anonymous = AuthenticatedClient(base_url=client._base_url, token="pb_not_a_key")
        refused = list_encounters.sync_detailed(client=anonymous)
        assert refused.status_code == 401 and isinstance(refused.parsed, Problem)


def test_peerbill_openapi_prints_the_document(tmp_path):
    from typer.testing import CliRunner

    from billing.cli import app

    result = CliRunner().invoke(app, ["openapi", "--out", str(tmp_path / "openapi.json")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "openapi.json").read_text())["paths"]["/v1/encounters"]["post"][
        "operationId"] == "createEncounter"
