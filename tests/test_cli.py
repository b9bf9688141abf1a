"""The `peerbill` rules and adjudicate commands, as a user runs them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from billing.cli import app
from billing.rules.packs import default_registry
from tests.conftest import DATA, base_encounter_dict

runner = CliRunner()


@pytest.fixture(autouse=True)
def synthetic_rules(monkeypatch):
    monkeypatch.setenv("PEERBILL_RULES_DIR", str(DATA))
    default_registry.cache_clear()
    yield
    default_registry.cache_clear()


def test_adjudicate_prints_json_verdicts_for_a_list(tmp_path):
    one = base_encounter_dict()
    two = {**base_encounter_dict(), "encounter_id": "case-0002"}
    two["service"] = {**two["service"], "start_time": "11:00", "end_time": "14:30"}
    f = tmp_path / "encs.json"
    f.write_text(json.dumps([one, two], default=str))
    res = runner.invoke(app, ["adjudicate", str(f), "--as-of", "2025-03-10", "--json"])
    assert res.exit_code == 0, res.output
    verdicts = json.loads(res.stdout)
    assert [v["units"] for v in verdicts] == [4, 12]  # the daily cap of 16 carries over
    assert verdicts[1]["findings"][0]["code"] == "units.cap_reduced"
    assert verdicts[0]["expected_payment"] == "49.38"


def test_adjudicate_table_names_the_rule(tmp_path):
    enc = base_encounter_dict()
    enc["service"]["modifiers"] = ["95"]
    f = tmp_path / "enc.json"
    f.write_text(json.dumps(enc, default=str))
    res = runner.invoke(app, ["adjudicate", str(f)], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "NOT BILLABLE" in res.stdout and "code.modifier_rejected" in res.stdout


def test_bad_encounter_gets_field_by_field_errors_not_a_traceback(tmp_path):
    enc = base_encounter_dict()
    enc["service"]["minutes"] = -5
    enc["member"]["sex"] = "X"
    enc["surprise"] = 1
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(enc, default=str))
    res = runner.invoke(app, ["adjudicate", str(f)])
    assert res.exit_code == 2
    assert "service.minutes" in res.stderr and "member.sex" in res.stderr and "surprise" in res.stderr
    assert "Traceback" not in res.output


def test_missing_file_and_bad_date_are_clear(tmp_path):
    res = runner.invoke(app, ["adjudicate", str(tmp_path / "nope.json")])
    assert res.exit_code == 2 and "No such file" in res.stderr
    f = tmp_path / "e.json"
    f.write_text(json.dumps(base_encounter_dict(), default=str))
    res = runner.invoke(app, ["adjudicate", str(f), "--as-of", "03/10/2025"])
    assert res.exit_code == 2 and "--as-of" in res.stderr


def test_rules_commands(tmp_path):
    res = runner.invoke(app, ["rules", "list", "--json"])
    assert json.loads(res.stdout)[0]["state"] == "ZZ"
    res = runner.invoke(app, ["rules", "show", "ZZ", "--on", "2027-02-01", "--json"])
    creds = json.loads(res.stdout)["rules"]["credentials"]
    assert [c["accepted_types"] for c in creds] == [["CPS"]]
    assert runner.invoke(app, ["rules", "show", "QQ"]).exit_code == 2
    assert runner.invoke(app, ["rules", "lint"]).exit_code == 0


def test_lint_catches_overlapping_versions_and_bad_files(tmp_path, monkeypatch):
    text = (DATA / "ZZ.yaml").read_text().replace("to: 2023-12-31, cite: *c, minutes_per_unit", "to: 2024-01-01, "
                                                  "cite: *c, minutes_per_unit")
    (tmp_path / "ZZ.yaml").write_text(text)
    (tmp_path / "YY.yaml").write_text("state: YY\nname: x\nrevision: 1\nrules: {units: [{minutes_per_unit: 15}]}\n")
    monkeypatch.setenv("PEERBILL_RULES_DIR", str(tmp_path))
    res = runner.invoke(app, ["rules", "lint"], env={"COLUMNS": "300"})
    assert res.exit_code == 1
    assert "rules.units[0] and [1] are both in force from 2024-01-01" in res.stdout
    assert "YY.yaml: rules.units.0.from: Field required" in res.stdout
    assert "YY.yaml: rules.units.0.cite: Field required" in res.stdout


def test_the_shipped_json_schema_is_current():
    """Editors check state files against state_rules/rulepack.schema.json: it must match the model."""
    from state_rules import DIR

    res = runner.invoke(app, ["rules", "schema"])
    assert json.loads(res.stdout) == json.loads((DIR / "rulepack.schema.json").read_text())
