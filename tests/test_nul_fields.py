"""A NUL character in any text field of an encounter (or a history entry) is refused on that field.

The check runs inside pydantic-core (schemas/text.py) rather than as a Python validator per field, so these
tests hold it to what the per-field validator did: every text field, from a dict (HTTP, batch, FHIR) and from
JSON text (stored payloads, the CLI), names the field and says why; the rest of the document is unaffected."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from pydantic_core import core_schema

from schemas.encounter import Encounter, History
from schemas.text import NUL_ERROR, NUL_MESSAGE

FULL = json.loads((Path(__file__).resolve().parent.parent / "examples" / "encounter.json").read_text())
FULL["payer"] = {"state": "NY", "program": "managed_care", "plan": "some-plan", "payer_id": "NYMCD"}
FULL["program"] = "cftss-fpss"
FULL["member"]["address"]["line2"] = "Apt 4"
FULL["rendering"]["practitioner_level"] = "L5"
FULL["service"].update({"rate_region": "upstate", "county": "Ulster", "rate_code": "7915", "modifiers": ["HQ"],
                        "setting": "group", "group_size": 6})
FULL["prior_authorization"] = "PA-1"
FULL["member_enrollments"] = ["peer-recovery-service"]
FULL["authorization"] = {"number": "SA-1"}
HISTORY = {"services": [{"encounter_id": "e1", "member_id": "M1", "date": "2026-11-01", "hcpcs": "H0038",
                         "modifiers": ["HQ"], "units": 2}]}


def _leaves(node: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))]
    return [path] if isinstance(node, str) else []


def _with(doc: dict, path: tuple, value: str) -> dict:
    out = copy.deepcopy(doc)
    node = out
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return out


def _errors(model: type[BaseModel], doc: dict, as_json: bool) -> list[dict]:
    with pytest.raises(ValidationError) as exc:
        if as_json:
            model.model_validate_json(json.dumps(doc))
        else:
            model.model_validate(doc)
    return exc.value.errors()


TEXT_LEAVES = [(Encounter, FULL, p) for p in _leaves(FULL)] + [(History, HISTORY, p) for p in _leaves(HISTORY)]


def test_the_documents_are_valid_without_a_nul():
    Encounter.model_validate(FULL)
    History.model_validate(HISTORY)
    assert len(TEXT_LEAVES) > 40


@pytest.mark.parametrize("as_json", [False, True], ids=["dict", "json"])
@pytest.mark.parametrize(("model", "doc", "path"), TEXT_LEAVES, ids=[".".join(map(str, p)) for _, _, p in TEXT_LEAVES])
def test_a_nul_in_any_text_field_is_refused_on_that_field(model, doc, path, as_json):
    original = doc
    for k in path:
        original = original[k]
    errors = _errors(model, _with(doc, path, original[:1] + "\x00" + original[1:]), as_json)
    assert [e["loc"] for e in errors] == [path], errors
    # Free text says NUL; a field whose own pattern or type already excludes it (a code, a date, a choice) is
    # refused in its own words.
    assert errors[0]["type"] in (NUL_ERROR, "string_pattern_mismatch", "literal_error", "date_from_datetime_parsing",
                                 "time_parsing", "date_parsing"), errors
    if errors[0]["type"] == NUL_ERROR:
        assert errors[0]["msg"] == NUL_MESSAGE


@settings(max_examples=60, deadline=None)
@given(path=st.sampled_from([p for m, _, p in TEXT_LEAVES if m is Encounter]),
       text=st.text(min_size=1, max_size=8).filter(lambda t: "\x00" not in t and t.strip() == t),
       cut=st.integers(min_value=0, max_value=8))
def test_wherever_the_nul_sits_in_the_text_the_field_is_named(path, text, cut):
    value = text[:cut] + "\x00" + text[cut:]
    errors = _errors(Encounter, _with(FULL, path, value), as_json=True)
    assert any(e["loc"] == path for e in errors), errors
    assert all("\x00" not in e["msg"] for e in errors)


def _str_schemas(schema: Any, guarded: bool = False):
    """(str schema, whether a NUL check follows it in a chain) for every str schema in a core schema."""
    if isinstance(schema, dict):
        if schema.get("type") == "chain":
            steps = schema["steps"]
            checked = any(s.get("type") == "custom-error" and s.get("custom_error_type") == NUL_ERROR for s in steps)
            for s in steps:
                if s.get("type") != "custom-error":
                    yield from _str_schemas(s, guarded or checked)
            return
        if schema.get("type") == "str":
            yield schema, guarded
        for v in schema.values():
            yield from _str_schemas(v, guarded)
    elif isinstance(schema, list | tuple):
        for v in schema:
            yield from _str_schemas(v, guarded)


@pytest.mark.parametrize("model", [Encounter, History])
def test_every_text_field_of_the_models_is_checked(model):
    """No text field is left out: each str in the schema is followed by the NUL check, or its own pattern
    cannot match a NUL (a new field typed plain `str` fails here)."""
    import re

    assert isinstance(model.__pydantic_core_schema__, dict)
    seen = 0
    for s, guarded in _str_schemas(model.__pydantic_core_schema__):
        seen += 1
        if guarded or s.get("pattern") == r"^[^\x00]*$":
            continue
        assert s.get("pattern") and re.search(s["pattern"], "A1\x00") is None and re.search(s["pattern"], "\x00") \
            is None, s
    assert seen >= (20 if model is Encounter else 5)
    assert core_schema  # the check is built from pydantic-core's own schema types


def test_the_check_leaves_the_published_schema_alone():
    """OpenAPI shows each field's own constraints (request and response), never the NUL check's pattern."""
    for mode in ("validation", "serialization"):
        props = Encounter.model_json_schema(mode=mode)["$defs"]["Member"]["properties"]
        assert props["last_name"] == {"description": "Family name.", "examples": ["Doe"], "maxLength": 60,
                                      "minLength": 1, "title": "Last Name", "type": "string"}, mode
        assert "\\x00" not in str(Encounter.model_json_schema(mode=mode))
