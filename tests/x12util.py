"""pyx12 as an independent judge in tests: every error it finds, as a flat list (empty means valid)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from billing.x12.validate import validate_file, validate_text


def pyx12_errors(path: str | Path) -> list[dict[str, Any]]:
    """Every error pyx12 reports for the file at `path`; [] when it passes."""
    return validate_file(path).errors


def pyx12_text_errors(text: str) -> list[dict[str, Any]]:
    """The same for X12 text in memory."""
    return validate_text(text).errors
