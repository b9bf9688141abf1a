"""Readable text for the codes payers send back (CARC, RARC, claim status, 999 errors), from
billing/data/codes.json, where each text cites the page it was read on."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

CODES = Path(__file__).resolve().parent.parent / "data" / "codes.json"


@cache
def _codes() -> dict[str, Any]:
    return json.loads(CODES.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


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
