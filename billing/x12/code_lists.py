"""Refreshing the code lists payers send back (CARC, RARC, claim status and its categories) from X12's own
download: one data file per list in billing/data/codes/, with the list's date and where it came from.

    peerbill codes refresh CARC claim-adjustment-reason-codes.csv --list-date 2026-07-01

X12 publishes each list (x12.org/codes) with every code's text and its start, last-modified and stop dates.
The export is read as CSV with a header row: the columns whose names contain "code" and "desc" are required,
"start", "stop" (or "deactiv") and "modif" are kept when present. A list written here replaces the sourced
subset in codes.json for that list: an auditor then reads every code in words, and a code the payer sends
that the list has stopped still reads, marked with its stop date.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "codes"
LISTS = {"CARC": "Claim Adjustment Reason Codes (X12 external code list 139)",
         "RARC": "Remittance Advice Remark Codes (X12 external code list 411)",
         "CLAIM_STATUS_CATEGORY": "Claim Status Category Codes (X12 external code list 507)",
         "CLAIM_STATUS": "Claim Status Codes (X12 external code list 508)"}


class CodeListError(ValueError):
    """The file cannot be read as the code list asked for."""


def read_export(text: str) -> dict[str, dict[str, str]]:
    """code -> {"text", and "start", "stop", "modified" when the export has them}, from X12's CSV export."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise CodeListError("the file is empty")
    header = [h.strip().lower() for h in rows[0]]
    col = {name: next((i for i, h in enumerate(header) if any(k in h for k in keys)), None)
           for name, keys in (("code", ("code",)), ("text", ("desc",)), ("start", ("start",)),
                              ("stop", ("stop", "deactiv")), ("modified", ("modif",)))}
    if col["code"] is None or col["text"] is None:
        raise CodeListError("no 'code' and 'description' columns in the header row")
    out: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows[1:], 2):
        code = row[col["code"]].strip().upper() if len(row) > col["code"] else ""
        if not code:
            continue
        text = " ".join(row[col["text"]].split()) if len(row) > col["text"] else ""
        if not text:
            raise CodeListError(f"row {n}: code {code} has no description")
        entry = {"text": text}
        for name in ("start", "stop", "modified"):
            i = col[name]
            if i is not None and i < len(row) and row[i].strip():
                entry[name] = row[i].strip()
        out[code] = entry
    if not out:
        raise CodeListError("no codes in the file")
    return out


def refresh(code_list: str, export: Path, list_date: date, url: str | None = None,
            folder: Path | None = None) -> Path:
    """Write billing/data/codes/<list>.json from X12's export of one list; returns the file written."""
    name = code_list.upper()
    if name not in LISTS:
        raise CodeListError(f"unknown list {code_list}: one of {', '.join(LISTS)}")
    codes = read_export(export.read_text(encoding="utf-8-sig"))
    folder = folder or DATA
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name.lower()}.json"
    body: dict[str, Any] = {"list": name, "title": LISTS[name], "list_date": list_date.isoformat(),
                            "source": {"name": f"X12, {LISTS[name]}, as exported on {list_date.isoformat()}",
                                       "url": url or "https://x12.org/codes"},
                            "codes": dict(sorted(codes.items(), key=lambda kv: _order(kv[0])))}
    target.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def _order(code: str) -> tuple[str, int, str]:
    """Numeric codes in number order (1, 2, 10), then lettered ones (A1, B5, M15, N1, N10)."""
    letters = code.rstrip("0123456789")
    digits = code[len(letters):]
    return (letters, int(digits) if digits else -1, code)
