"""The coverage matrix, docs/states.md, and the credential vocabulary (API, CLI, lint)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from billing.cli import app
from billing.rules import coverage_matrix as coverage
from billing.rules.packs import Registry, default_registry, read_pack
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
STATES_MD = ROOT / "docs" / "states.md"
REGENERATE = "peerbill rules coverage --markdown -o docs/states.md"
runner = CliRunner()

NOT_PAYING = """
state: {state}
name: Synthetic not-paying state
revision: 1
rules:
  coverage:
    - from: 2020-01-01
      status: not_covered
      description: the synthetic program does not pay for peer support
      cite: {{document: Synthetic notice, section: "1", effective: 2020-01-01, confidence: secondary}}
"""


def test_docs_states_md_matches_the_packs():
    want = coverage.markdown(Registry.load()) + "\n"
    assert STATES_MD.read_text(encoding="utf-8") == want, f"docs/states.md is stale: run `{REGENERATE}`"


def test_matrix_statuses(tmp_path):
    (tmp_path / "ZZ.yaml").write_text((DATA / "ZZ.yaml").read_text())
    (tmp_path / "QQ.yaml").write_text(NOT_PAYING.format(state="QQ"))
    reg = Registry.load(tmp_path)
    m = coverage.matrix(reg)
    assert set(coverage.JURISDICTIONS) <= set(m) and len(coverage.JURISDICTIONS) == 51
    zz, qq = m["ZZ"], m["QQ"]
    assert zz["credentials"] == coverage.Cell("sourced", ("verified",), 2)
    assert zz["telehealth"].confidence == ("verified", "secondary")
    assert zz["timely_filing"].status == "sourced" and "optional_modifiers" not in zz
    assert qq["coverage"].status == "sourced" and qq["coverage"].confidence == ("secondary",)
    assert qq["rates"].status == "not_applicable" and coverage.mark(qq["rates"]) == "n/a"
    assert m["FL"]["coverage"].status == "no_pack"
    empty = read_pack(tmp_path / "ZZ.yaml").model_copy(update={"rules": read_pack(tmp_path / "QQ.yaml").rules})
    assert coverage.cell(empty, "rates").status == "not_applicable"


def test_matrix_unknown_kinds_and_markdown_rows():
    reg = default_registry()
    m = coverage.matrix(reg)
    assert m["TX"]["rates"].status == "unknown"  # TX lists its rate as unknown
    assert m["TX"]["credentials"].status == "sourced"
    md = coverage.markdown(reg)
    tx_row = next(line for line in md.splitlines() if line.startswith("| TX |"))
    assert tx_row.count("|") == len(coverage.kinds()) + 2
    assert "MHPS = Mental Health Peer Specialist endorsement" in md


def test_cli_coverage_json_markdown_and_file(tmp_path, monkeypatch):
    monkeypatch.delenv("PEERBILL_RULES_DIR", raising=False)
    default_registry.cache_clear()
    res = runner.invoke(app, ["rules", "coverage", "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert len(doc["jurisdictions"]) >= 51 and doc["kinds"] == coverage.kinds()
    tx = doc["jurisdictions"]["TX"]
    assert tx["pack"] and "MHPS" in tx["credential_types"]
    assert tx["kinds"]["credentials"] == {"status": "sourced", "confidence": ["verified"], "entries": 1}
    out = tmp_path / "states.md"
    assert runner.invoke(app, ["rules", "coverage", "--markdown", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == STATES_MD.read_text(encoding="utf-8")
    table = runner.invoke(app, ["rules", "coverage"])
    assert table.exit_code == 0 and table.stdout.splitlines()[0].startswith("state")


def test_vocabulary_lint_warns_without_failing(monkeypatch):
    monkeypatch.setenv("PEERBILL_RULES_DIR", str(DATA))
    default_registry.cache_clear()
    try:
        res = runner.invoke(app, ["rules", "lint"])
    finally:
        default_registry.cache_clear()
    assert res.exit_code == 0, res.output
    assert "supervision[0] accepts LPC, which credential_types does not name" in res.stdout
    assert "1 credential vocabulary warning" in res.stdout
    zz = read_pack(DATA / "ZZ.yaml")
    assert coverage.vocabulary_warnings(zz.model_copy(update={"credential_types": []}), "ZZ.yaml")[0].startswith(
        "ZZ.yaml: rules.credentials[0] accepts CPC")


def test_every_shipped_pack_names_every_credential_it_accepts():
    reg = Registry.load()
    assert {"CA", "CO", "GA", "IN", "KY", "LA", "MD", "MI", "MN", "MT", "NC", "NJ", "NM", "NY", "OH", "OR", "PA",
            "SC", "TX", "VA", "WA", "WY"} <= set(reg.packs)
    for st, pack in reg.packs.items():
        assert coverage.vocabulary_warnings(pack, st) == [], st
        for c in pack.credential_types:
            assert c.name and c.code, (st, c.code)


def test_rules_show_prints_the_vocabulary(monkeypatch):
    monkeypatch.delenv("PEERBILL_RULES_DIR", raising=False)
    default_registry.cache_clear()
    res = runner.invoke(app, ["rules", "show", "TX"], env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert "Credential vocabulary" in res.stdout and "Recovery Support Peer Specialist endorsement" in res.stdout
    js = json.loads(runner.invoke(app, ["rules", "show", "TX", "--json"]).stdout)
    assert {c["code"] for c in js["credential_types"]} >= {"MHPS", "RSPS", "LPHA", "QMHP-CS"}
    assert next(c for c in js["credential_types"] if c["code"] == "LPHA")["role"] == "supervising"


def test_api_serves_the_vocabulary(api):
    body = api.call("GET", "/v1/rules/ZZ").json()
    assert [c["code"] for c in body["credential_types"]] == ["CPS", "CPC", "LCSW"]
    cps = body["credential_types"][0]
    assert cps["name"] == "Synthetic certified peer specialist" and cps["issuer"] == "Synthetic certification board"
    assert cps["role"] == "rendering" and cps["cite"]["document"] == "Synthetic test rules"
    assert api.call("GET", "/v1/rules/ZZ", params={"on": "2027-02-01"}).json()["credential_types"] == body[
        "credential_types"]
