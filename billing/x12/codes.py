"""Readable text for the codes payers send back (CARC, RARC, claim status, 999 errors), from
billing/data/codes.json, where each text cites the page it was read on, overlaid by any complete list that
`peerbill codes refresh` wrote to billing/data/codes/<list>.json (see code_lists.py and docs/code-lists.md):
the complete list is preferred for every code it has."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

CODES = Path(__file__).resolve().parent.parent / "data" / "codes.json"
LIST_FILES = CODES.parent / "codes"


def list_folder() -> Path:
    """Where the refreshed complete lists live: PEERBILL_CODE_LISTS_DIR, else billing/data/codes."""
    from billing.settings import load

    return load().code_lists_dir or LIST_FILES


@cache
def _codes() -> dict[str, Any]:
    codes: dict[str, Any] = json.loads(CODES.read_text(encoding="utf-8"))
    folder = list_folder()
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        _overlay(codes, json.loads(path.read_text(encoding="utf-8")))
    return codes


def _overlay(codes: dict[str, Any], full: dict[str, Any]) -> None:
    """A complete list is preferred: its text for every code it has (a stopped code marked with its stop date);
    a sourced text stays only for a code the list lacks (a list older than the code)."""
    key = f"x12_{full['list'].lower()}"
    codes["source"]["pages"][key] = full["source"]
    codes.setdefault("list_dates", {})[full["list"]] = full["list_date"]
    merged = dict(codes["lists"].get(full["list"], {}))
    merged.update({code: {"text": e["text"] + (f" (stopped {e['stop']})" if e.get("stop") else ""), "source": key}
                   for code, e in full["codes"].items()})
    codes["lists"][full["list"]] = merged


def list_date(code_list: str) -> str | None:
    """The date of the complete list in use (an X12 export refreshed into billing/data/codes), or None while
    only the sourced subset of codes.json is there."""
    return _codes().get("list_dates", {}).get(code_list.upper())  # type: ignore[no-any-return]


def count(code_list: str) -> int:
    return len(_codes()["lists"].get(code_list.upper(), {}))


def lists() -> tuple[str, ...]:
    """The code lists known: CARC, RARC, CLAIM_STATUS_CATEGORY, CLAIM_STATUS, IK501, AK901, IK502, IK304, IK403,
    ADJUSTMENT_GROUP."""
    return tuple(_codes()["lists"])


def describe(code_list: str, code: str) -> str | None:
    """The text of a code, e.g. describe("CARC", "29"); None when we have not sourced it."""
    entry = _codes()["lists"].get(code_list.upper(), {}).get(code.strip().upper())
    return entry["text"] if entry else None


def source_of(code_list: str, code: str) -> dict[str, str] | None:
    """Name and URL of the page a code's text was read on."""
    entry = _codes()["lists"].get(code_list.upper(), {}).get(code.strip().upper())
    return _codes()["source"]["pages"][entry["source"]] if entry else None  # type: ignore[no-any-return]
