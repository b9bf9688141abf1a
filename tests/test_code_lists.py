"""Code lists: the sourced texts of codes.json, and complete lists refreshed from a CSV export, a saved code
list page or the CMS code file into a data file per list with its date, read back in words."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from billing.x12 import code_lists, codes
from billing.x12.reader import X12Error
from billing.x12.remit835 import read_835
from billing.x12.status277 import read_277ca

SAMPLES = Path(__file__).parent / "data" / "x12-samples"

EXPORT = '''Code,Description,Start,Last Modified,Stop
1,Deductible Amount,01/01/1995,,
45,"Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement. Usage: This
adjustment amount cannot equal the total service or claim charge amount.",01/01/1995,07/01/2017,
D1,Claim/service denied. Level of subluxation is missing or inadequate.,01/01/1995,,02/01/2007
'''

# The layout of the CMS MREP/PC Print code file (Codesini.txt): the file's date and version, then a section
# per code. Here both lists in one file, as a refresh of either must pick its own codes out of it.
CODESINI = """3/01/16
3.2.2
[1]
Message=Deductible Amount
EffDate=1/1/1995
DeactDate=_
Modified=_
Note=
Scenario=
[Settings]
Message=not a code
[D1]
Message=Claim/service denied. Level of subluxation is missing or inadequate.
EffDate=1/1/1995
DeactDate=2/1/2007
Modified=_
[M1]
Message=X-ray not taken within the past 12 months or near enough to the start of treatment.
EffDate=1/1/1997
DeactDate=_
[MA01]
Message=Alert: If you do not agree with what we approved for these services, you may appeal our decision.
 To make sure that we are fair to you, we require another individual.
EffDate=1/1/1997
DeactDate=_
Modified=4/1/2007
""".replace("=_\n", "= \n")  # the file leaves a space after an empty value

# A row of the code list page as x12.org (and WPC before it) lays it out.
PAGE = """<html><body><div class="code_list__code-list-table"><table><thead><tr><th>Code</th><th>Description</th>
</tr></thead><tbody>
<tr class="prod_set current"><td class="code">M143</td><td class="description">The provider must update license
information with the payer.<br />Start: 01/01/1997 | Last Modified: 12/01/2006<br />Notes: (Modified 12/1/06)</td></tr>
<tr><td class="code">45</td><td><p>Charge exceeds fee schedule.</p><p>Usage: Not the total charge.</p>
<div class="dates">Start: 01/01/1995 | Last Modified: 07/01/2017</div></td></tr>
<tr><td class="code">M4</td><td class="description"><span style="color:#cc0000;">Alert: </span>This is the last
monthly installment payment.<span class="dates"><br />Start: 01/01/1997 | Last Modified:
04/01/2007<br /><span style="font-style:italic;">Notes: (Modified 4/1/07)</span></span></td></tr>
<tr class="prod_set deactivated"><td class="code">M16</td><td class="description">Alert: Please see our web page
&amp; bulletin.<br />Start: 01/01/1997 | Last Modified: 03/01/2014 | Stop: 01/01/2015</td></tr>
</tbody></table></div></body></html>"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PEERBILL_CODE_LISTS_DIR", str(tmp_path / "codes"))  # as a read-only install would
    codes._codes.cache_clear()
    yield tmp_path / "codes"
    codes._codes.cache_clear()


def test_read_export_keeps_texts_dates_and_joins_wrapped_descriptions():
    parsed = code_lists.read_export(EXPORT)
    assert parsed["45"]["text"].startswith("Charge exceeds fee schedule") and "\n" not in parsed["45"]["text"]
    assert parsed["D1"]["stop"] == "2007-02-01" and parsed["1"] == {"text": "Deductible Amount", "start": "1995-01-01"}


def test_the_cms_code_file_is_read_section_by_section():
    parsed = code_lists.read_export(CODESINI)
    assert code_lists.form(CODESINI) == "ini" and set(parsed) == {"1", "D1", "M1", "MA01"}  # no date, no [Settings]
    assert parsed["D1"] == {"text": "Claim/service denied. Level of subluxation is missing or inadequate.",
                            "start": "1995-01-01", "stop": "2007-02-01"}
    assert parsed["MA01"]["text"].endswith("we require another individual.")  # the wrapped line joined
    assert parsed["MA01"]["modified"] == "2007-04-01" and "stop" not in parsed["M1"]
    assert parsed["1"] == {"text": "Deductible Amount", "start": "1995-01-01"}  # [Settings] changed nothing


def test_a_saved_code_list_page_is_read_row_by_row():
    parsed = code_lists.read_export(PAGE)
    assert parsed.pop("45") == {"text": "Charge exceeds fee schedule. Usage: Not the total charge.",
                                "start": "1995-01-01", "modified": "2017-07-01"}  # blocks not run together
    assert parsed.pop("M4") == {"text": "Alert: This is the last monthly installment payment.",  # WPC's 2011 rows
                                "start": "1997-01-01", "modified": "2007-04-01"}
    assert parsed == {"M143": {"text": "The provider must update license information with the payer.",
                               "start": "1997-01-01", "modified": "2006-12-01"},
                      "M16": {"text": "Alert: Please see our web page & bulletin.", "start": "1997-01-01",
                              "modified": "2014-03-01", "stop": "2015-01-01"}}


@pytest.mark.parametrize(("text", "words"), [("", "empty"), ("Name,Value\n1,x\n", "columns"),
                                             ("Code,Description\n7,\n", "no description"),
                                             ("[7]\nEffDate=1/1/1995\nMessage=\n", "no codes"),
                                             ("<table><tr><td>Code</td></tr></table>", "no codes")])
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
    assert "not for redistribution" in body["source"]["terms"]
    codes._codes.cache_clear()
    assert codes.list_date("CARC") == "2026-07-01" and codes.count("CARC") == len(codes._codes()["lists"]["CARC"])
    assert codes.describe("CARC", "D1") == ("Claim/service denied. Level of subluxation is missing or inadequate. "
                                            "(stopped 2007-02-01)")
    assert codes.source_of("CARC", "45")["url"] == "https://x12.org/codes"
    # the complete list is preferred for the codes it has; a code it lacks keeps its sourced text
    assert codes.describe("CARC", "45").endswith("total service or claim charge amount.")
    assert codes.describe("CARC", "29") == before and codes.source_of("CARC", "29")["url"] != "https://x12.org/codes"
    assert codes.list_date("RARC") is None  # lists not refreshed keep their sourced texts
    listed = CliRunner().invoke(app, ["codes", "list"])
    assert "CARC: " in listed.output and "X12 list of 2026-07-01" in listed.output and "RARC:" in listed.output


def test_refresh_from_the_cms_zip_keeps_only_the_codes_of_the_list_asked_for(folder, tmp_path):
    with zipfile.ZipFile(tmp_path / "codesini.zip", "w") as archive:
        archive.writestr("Codesini.txt", CODESINI.encode("cp1252"))
        archive.writestr("readme.txt", b"Medicare Remit Easy Print code file")
    rarc = code_lists.refresh("RARC", tmp_path / "codesini.zip", code_lists.date(2016, 3, 1))
    body = json.loads(rarc.read_text())
    assert list(body["codes"]) == ["M1", "MA01"] and body["source"]["url"] == code_lists.CMS_URL
    carc = json.loads(code_lists.refresh("CARC", tmp_path / "codesini.zip", code_lists.date(2016, 3, 1)).read_text())
    assert list(carc["codes"]) == ["1", "D1"]
    codes._codes.cache_clear()
    assert codes.describe("RARC", "MA01").startswith("Alert: If you do not agree") and codes.list_date("RARC")
    assert codes.describe("CARC", "D1").endswith("(stopped 2007-02-01)")  # a stopped code still reads
    (tmp_path / "rarc.html").write_text("<table><tr><td>M1</td><td>X-ray not taken.</td></tr></table>")
    with pytest.raises(code_lists.CodeListError, match="no CARC codes"):  # the RARC page given for CARC
        code_lists.refresh("CARC", tmp_path / "rarc.html", code_lists.date(2016, 3, 1))


def test_refresh_refuses_an_unknown_list_and_a_bad_date(folder, tmp_path):
    from billing.cli import app

    (tmp_path / "x.csv").write_text(EXPORT, encoding="utf-8")
    assert CliRunner().invoke(app, ["codes", "refresh", "FOO", str(tmp_path / "x.csv"), "--list-date",
                                    "2026-07-01"]).exit_code == 2
    assert CliRunner().invoke(app, ["codes", "refresh", "CARC", str(tmp_path / "x.csv"), "--list-date",
                                    "July"]).exit_code == 2
    assert not folder.exists()


def _sample_codes() -> dict[str, set[str]]:
    """Every CARC, group, RARC, status category and status code of the sample 835s and 277CAs we can read."""
    found: dict[str, set[str]] = {k: set() for k in ("CARC", "ADJUSTMENT_GROUP", "RARC", "CLAIM_STATUS_CATEGORY",
                                                     "CLAIM_STATUS")}
    for path in sorted((SAMPLES / "835").iterdir()):
        try:
            remits = read_835(path.read_text(encoding="utf-8", errors="replace"))
        except X12Error:
            continue  # files the reader refuses are tested elsewhere
        for item in (x for r in remits for c in r.claims for x in (c, *c.lines)):
            found["CARC"].update(a.reason for a in item.adjustments)
            found["ADJUSTMENT_GROUP"].update(a.group for a in item.adjustments)
            found["RARC"].update(item.remarks)
    for path in sorted((SAMPLES / "277ca").iterdir()):
        try:
            status = read_277ca(path.read_text(encoding="utf-8", errors="replace")).model_dump()
        except X12Error:
            continue
        for level in (*status["levels"], *status["claims"], *(ln for c in status["claims"] for ln in c["lines"])):
            for stc in level["statuses"]:
                found["CLAIM_STATUS_CATEGORY"].update(c["category"] for c in stc["codes"])
                found["CLAIM_STATUS"].update(c["status"] for c in stc["codes"] if c["status"])
    return found


# The claim status codes of the sample 277CAs (STC01-2), each read in words on a cited page (docs/code-lists.md).
SAMPLE_STATUS = {"19", "20", "21", "24", "116", "187", "249", "453", "454", "562"}


def test_every_code_of_the_sample_responses_reads_in_words():
    codes._codes.cache_clear()
    found = _sample_codes()
    assert len(found["CARC"]) >= 10 and len(found["RARC"]) >= 5 and found["CLAIM_STATUS_CATEGORY"]
    for name in ("CARC", "ADJUSTMENT_GROUP", "RARC", "CLAIM_STATUS_CATEGORY"):
        assert {c for c in found[name] if not codes.describe(name, c)} == set(), name
        assert all(codes.source_of(name, c)["url"].startswith("https://") for c in found[name])
    assert found["CLAIM_STATUS"] == SAMPLE_STATUS
    assert {c for c in found["CLAIM_STATUS"] if not codes.describe("CLAIM_STATUS", c)} == set()
    # the NGS CEDI page of 2011 (status 562) is cited at the http address it was read on
    assert all(codes.source_of("CLAIM_STATUS", c)["url"].startswith(("https://", "http://"))
               for c in found["CLAIM_STATUS"])


def test_every_sourced_text_names_a_page_it_was_read_on():
    data = json.loads(codes.CODES.read_text(encoding="utf-8"))
    pages = data["source"]["pages"]
    for name, entries in data["lists"].items():
        for code, entry in entries.items():
            assert entry["text"].strip() and entry["source"] in pages, (name, code)
