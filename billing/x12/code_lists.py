"""Refreshing the code lists payers send back (CARC, RARC, claim status and its categories) from a complete
copy of each list: one data file per list in billing/data/codes/, with the list's date and where it came from.

    peerbill codes refresh CARC claim-adjustment-reason-codes.csv --list-date 2026-07-01
    peerbill codes refresh RARC codesini.zip --list-date 2026-07-01

Three forms of a list are read (docs/code-lists.md says where to get each):
- CSV with a header row: the columns whose names contain "code" and "desc" are required; "start", "stop" (or
  "deactiv") and "modif" are kept when present.
- The code list page of x12.org (or of WPC before it) saved as HTML: a table row per code, the code in the
  first cell and the text in the second, followed by "Start: ... | Last Modified: ... | Stop: ...".
- The code file CMS ships for its Medicare Remit Easy Print and PC Print software (Codesini.txt, or the
  codesini.zip it comes in): a [code] section per code with Message=, EffDate=, DeactDate= and Modified=.
A file may hold more than one list (the CMS file does): only the codes shaped like the list asked for are kept.

The lists are X12's copyrighted work (CMS maintains the RARC list; X12 publishes all four), viewable free of
charge at x12.org/codes; reproducing them whole needs X12's permission. So the repository ships none of them:
a deployment refreshes its own copy for its own use. A list written here takes precedence over the sourced
texts of codes.json (see codes.py); a code the list has stopped still reads, marked with its stop date.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

LISTS = {"CARC": "Claim Adjustment Reason Codes (X12 external code list 139)",
         "RARC": "Remittance Advice Remark Codes (X12 external code list 411)",
         "CLAIM_STATUS_CATEGORY": "Claim Status Category Codes (X12 external code list 507)",
         "CLAIM_STATUS": "Claim Status Codes (X12 external code list 508)"}
# What a code of each list looks like: CARC 1-299 and A0, B15, P1...; RARC M1, MA01, N290; category A1, RQ.
SHAPES = {"CARC": re.compile(r"\d{1,3}|[A-LO-Z]\d{1,3}"), "RARC": re.compile(r"(?:M|MA|N)\d{1,4}"),
          "CLAIM_STATUS_CATEGORY": re.compile(r"[A-Z][0-9A-Z]\d?"), "CLAIM_STATUS": re.compile(r"\d{1,4}")}
X12_URL = "https://x12.org/codes"
CMS_URL = "https://www.cms.gov/files/zip/codesini.zip"
TERMS = ("X12 copyright (x12.org/codes/faq: the lists are not in the public domain; viewable at x12.org/codes). "
         "Refreshed by this deployment for its own use; not for redistribution.")

Entry = dict[str, str]


class CodeListError(ValueError):
    """The file cannot be read as the code list asked for."""


def read_export(text: str) -> dict[str, Entry]:
    """code -> {"text", and "start", "stop", "modified" when the file has them (dates as YYYY-MM-DD)}, from any
    of the three forms of a list."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise CodeListError("the file is empty")
    kind = form(text)
    out = _READERS[kind](text)
    if not out:
        raise CodeListError("no codes in the file")
    return out


def form(text: str) -> str:
    """'ini' (the CMS code file), 'html' (a saved code list page) or 'csv'."""
    if re.search(r"^\s*\[[A-Z0-9]{1,5}\]\s*$", text, re.M) and re.search(r"^\s*Message\s*=", text, re.M | re.I):
        return "ini"
    if re.search(r"<t[dr][\s>]", text, re.I):
        return "html"
    return "csv"


def read_file(path: Path) -> tuple[dict[str, Entry], str]:
    """The codes of a file (a .zip is read member by member, each member in its own form) and its form."""
    if zipfile.is_zipfile(path):
        try:
            return _read_zip(path)
        except (zipfile.BadZipFile, NotImplementedError) as exc:  # a damaged or encrypted member
            raise CodeListError(f"the zip file cannot be read: {exc}") from None
    text = _decode(path.read_bytes())
    return read_export(text), form(text.lstrip("\ufeff"))


def _read_zip(path: Path) -> tuple[dict[str, Entry], str]:
    codes: dict[str, Entry] = {}
    kinds: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            text = "" if member.endswith("/") else _decode(archive.read(member))
            try:
                codes.update(read_export(text))
            except CodeListError:
                continue  # a folder, a readme or a file of another kind: the member is not a list
            kinds.add(form(text.lstrip("\ufeff")))
    if not codes:
        raise CodeListError("no member of the zip file is a code list")
    return codes, "+".join(sorted(kinds))


def refresh(code_list: str, export: Path, list_date: date, url: str | None = None,
            folder: Path | None = None) -> Path:
    """Write billing/data/codes/<list>.json from a complete copy of one list; returns the file written."""
    name = code_list.upper()
    if name not in LISTS:
        raise CodeListError(f"unknown list {code_list}: one of {', '.join(LISTS)}")
    codes, kind = read_file(export)
    shape = SHAPES[name]
    codes = {code: entry for code, entry in codes.items() if shape.fullmatch(code)}
    if not codes:
        raise CodeListError(f"no {name} codes in the file")
    if folder is None:
        from billing.x12.codes import list_folder

        folder = list_folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name.lower()}.json"
    body: dict[str, Any] = {"list": name, "title": LISTS[name], "list_date": list_date.isoformat(),
                            "source": _source(name, kind, export.name, list_date, url),
                            "codes": dict(sorted(codes.items(), key=lambda kv: _order(kv[0])))}
    target.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def _source(name: str, kind: str, filename: str, list_date: date, url: str | None) -> dict[str, str]:
    when = list_date.isoformat()
    if "ini" in kind:
        label = f"CMS, Medicare Remit Easy Print / PC Print code file ({filename}), {LISTS[name]}, list of {when}"
    elif "html" in kind:
        label = f"{LISTS[name]}, code list page saved as {filename}, list of {when}"
    else:
        label = f"X12, {LISTS[name]}, as exported on {when}"
    return {"name": label, "url": url or (CMS_URL if "ini" in kind else X12_URL), "terms": TERMS}


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # the CMS file is written on Windows


def _read_csv(text: str) -> dict[str, Entry]:
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip().lower() for h in rows[0]]
    col = {name: next((i for i, h in enumerate(header) if any(k in h for k in keys)), None)
           for name, keys in (("code", ("code",)), ("text", ("desc",)), ("start", ("start",)),
                              ("stop", ("stop", "deactiv")), ("modified", ("modif",)))}
    if col["code"] is None or col["text"] is None:
        raise CodeListError("no 'code' and 'description' columns in the header row")
    out: dict[str, Entry] = {}
    for n, row in enumerate(rows[1:], 2):
        code = row[col["code"]].strip().upper() if len(row) > col["code"] else ""
        if not code:
            continue
        text = " ".join(row[col["text"]].split()) if len(row) > col["text"] else ""
        if not text:
            raise CodeListError(f"row {n}: code {code} has no description")
        out[code] = _entry(text, {name: row[i] for name in ("start", "stop", "modified")
                                  if (i := col[name]) is not None and i < len(row)})
    return out


_INI_KEYS = {"effdate": "start", "deactdate": "stop", "modified": "modified"}


def _read_ini(text: str) -> dict[str, Entry]:
    """[code] sections with Message=, EffDate=, DeactDate=, Modified= (the lines before the first section, the
    file's date and version, are not codes)."""
    out: dict[str, Entry] = {}
    sections: list[tuple[str, dict[str, str]]] = []
    key = ""
    for line in text.splitlines():
        head = re.fullmatch(r"\s*\[([^\]]+)\]\s*", line)
        if head:
            sections.append((head.group(1).strip().upper(), {}))
            key = ""
        elif sections and "=" in line and re.match(r"\s*\w+\s*=", line):
            key, _, value = line.partition("=")
            key = key.strip().lower()
            sections[-1][1][key] = value.strip()
        elif sections and key and line.strip():
            sections[-1][1][key] += " " + line.strip()  # a message wrapped onto the next line
    for code, values in sections:
        text = " ".join(values.get("message", "").split())
        if text and re.fullmatch(r"[A-Z0-9]{1,5}", code):  # not a heading or settings section, nor an empty one
            out[code] = _entry(text, {name: values.get(k, "") for k, name in _INI_KEYS.items()})
    return out


def _read_html(text: str) -> dict[str, Entry]:
    table = _Rows()
    table.feed(text)
    out: dict[str, Entry] = {}
    for cells in table.rows:
        code = cells[0].strip().upper() if cells else ""
        if len(cells) < 2 or not re.fullmatch(r"[A-Z0-9]{1,5}", code):
            continue  # a header row, or a table that is not the code list
        body = cells[1]
        words, _, meta = body.partition("Start:")
        dates = {"start": _field(meta, r"^\s*([\d/]+)"), "modified": _field(meta, r"Last Modified:\s*([\d/]+)"),
                 "stop": _field(meta, r"Stop:\s*([\d/]+)")}
        description = " ".join(words.split())
        if description:
            out[code] = _entry(description, dates)
    return out


def _field(text: str, pattern: str) -> str:
    found = re.search(pattern, text)
    return found.group(1) if found else ""


_BREAKS = frozenset(("br", "p", "div", "li"))


class _Rows(HTMLParser):
    """The text of each table row's <td> cells, a <br> or a block (<p>, <div>) read as a line break."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td" and self.rows:  # a header row's <th> cells are not codes
            self._cell = []
        elif tag in _BREAKS and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BREAKS and self._cell is not None:
            self._cell.append("\n")  # text in blocks of its own is not run together
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


_READERS = {"csv": _read_csv, "ini": _read_ini, "html": _read_html}


def _entry(text: str, dates: dict[str, str]) -> Entry:
    entry = {"text": text}
    for name, value in dates.items():
        if value.strip():
            entry[name] = _iso(value.strip())
    return entry


def _iso(value: str) -> str:
    """A list's date as YYYY-MM-DD (the lists write 1/1/1995, 01/01/1995 or 3/01/16); kept as given otherwise."""
    for pattern in ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date().isoformat()
        except ValueError:
            continue
    return value


def _order(code: str) -> tuple[str, int, str]:
    """Numeric codes in number order (1, 2, 10), then lettered ones (A1, B5, M15, N1, N10)."""
    letters = code.rstrip("0123456789")
    digits = code[len(letters):]
    return (letters, int(digits) if digits else -1, code)
