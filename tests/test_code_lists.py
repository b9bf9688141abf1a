"""Code lists refreshed from X12's export: a data file per list with its date, read back in words."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from billing.x12 import code_lists, codes

EXPORT = '''Code,Description,Start,Last Modified,Stop
1,Deductible Amount,01/01/1995,,
45,"Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement. Usage: This
adjustment amount cannot equal the total service or claim charge amount.",01/01/1995,07/01/2017,
D1,Claim/service denied. Level of subluxation is missing or inadequate.,01/01/1995,,02/01/2007
'''


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(code_lists, "DATA", tmp_path / "codes")
    monkeypatch.setattr(codes, "LIST_FILES", tmp_path / "codes")
    codes._codes.cache_clear()
    yield tmp_path / "codes"
    codes._codes.cache_clear()


def test_read_export_keeps_texts_dates_and_joins_wrapped_descriptions():
    parsed = code_lists.read_export(EXPORT)
    assert parsed["45"]["text"].startswith("Charge exceeds fee schedule") and "\n" not in parsed["45"]["text"]
    assert parsed["D1"]["stop"] == "02/01/2007" and parsed["1"] == {"text": "Deductible Amount", "start": "01/01/1995"}


@pytest.mark.parametrize(("text", "words"), [("", "empty"), ("Name,Value\n1,x\n", "columns"),
                                             ("Code,Description\n7,\n", "no description")])
def test_a_file_that_is_not_the_list_is_refused(text, words):
    with pytest.raises(code_lists.CodeListError, match=words):
        code_lists.read_export(text)


def test_refresh_from_the_command_line_writes_the_list_with_its_date(folder, tmp_path):
    from billing.cli import app

    (tmp_path / "carc.csv").write_text(EXPORT, encoding="utf-8")
    before = codes.describe("CARC", "29")
    res = CliRunner().invoke(app, ["codes", "refresh", "CARC", str(tmp_path / "carc.csv"), "--list-date", "2026-07-01"])
    assert res.exit_code == 0, res.output
    body = json.loads((folder / "carc.json").read_text())
    assert body["list_date"] == "2026-07-01" and list(body["codes"]) == ["1", "45", "D1"]
    codes._codes.cache_clear()
    assert codes.list_date("CARC") == "2026-07-01" and codes.count("CARC") == 3
    assert codes.describe("CARC", "D1").endswith("(stopped 02/01/2007)")
    assert codes.source_of("CARC", "45")["url"] == "https://x12.org/codes"
    assert before is not None and codes.describe("CARC", "29") is None  # the complete list replaces the subset
    assert codes.list_date("RARC") is None  # lists not refreshed keep their sourced texts
    listed = CliRunner().invoke(app, ["codes", "list"])
    assert "CARC: 3 codes, X12 list of 2026-07-01" in listed.output and "RARC:" in listed.output


def test_refresh_refuses_an_unknown_list_and_a_bad_date(folder, tmp_path):
    from billing.cli import app

    (tmp_path / "x.csv").write_text(EXPORT, encoding="utf-8")
    assert CliRunner().invoke(app, ["codes", "refresh", "FOO", str(tmp_path / "x.csv"), "--list-date",
                                    "2026-07-01"]).exit_code == 2
    assert CliRunner().invoke(app, ["codes", "refresh", "CARC", str(tmp_path / "x.csv"), "--list-date",
                                    "July"]).exit_code == 2
    assert not folder.exists()
