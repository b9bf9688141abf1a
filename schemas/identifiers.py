"""Checks on identifiers and addresses shared by the intake models: the NPI check digit, US state codes and
post office boxes. Pure functions, so billing (claim assembly) uses the same ones."""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from pathlib import Path

# The 50 states, DC and the territories a Medicaid program serves (USPS codes).
US_STATES = frozenset(
    [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
        "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
        "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI",
    ]
)

# "PO Box 12", "P.O. Box", "Post Office Box", "POB 7", "Lock Box", "Lockbox", "Box 12" on its own.
_PO_BOX = re.compile(r"\b(?:p\.?\s*o\.?\s*b(?:ox)?|post\s+office\s+box|lock\s*box|^\s*box)\s*#?\s*\d", re.IGNORECASE)


# What an X12 identifier may hold: the 5010 extended character set (what pyx12 checks) less the four delimiters
# Peerbill writes with. Identifiers are never cleaned: a payer matches them character for character.
X12_IDENTIFIER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                           " !\"&'()+,-./;?=%@[]_{}\\|<>`#$")
X12_DELIMITERS = "*:^~"


def identifier_problem(value: str) -> str | None:
    """Why `value` cannot travel verbatim as an X12 identifier, or None when it can. Never names the value."""
    if any(ch in X12_DELIMITERS for ch in value):
        return "contains an X12 delimiter (* : ^ ~); it cannot be sent unaltered"
    if not set(value) <= X12_IDENTIFIER:
        return "contains a character outside the X12 extended character set (a line break, a non-ASCII letter)"
    return None


def check_identifier(value: str | None) -> str | None:
    """For a field validator: the identifier unchanged, or a ValueError saying why it cannot be sent."""
    problem = identifier_problem(value) if value else None
    if problem:
        raise ValueError(problem)
    return value


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # a Luhn digit doubled, its digits summed


@lru_cache(maxsize=4096)  # the same few NPIs (an agency's peers and supervisors) arrive over and over
def npi_valid(npi: str) -> bool:
    """The NPI check digit: the Luhn formula over the number with the 80840 prefix (CMS, "Requirements for
    National Provider Identifier (NPI) and NPI Enumerator", check digit algorithm). Counted from the check
    digit, the NPI's 1st, 3rd, ... 9th digits are doubled; the prefix 80840 adds a constant 24."""
    if len(npi) != 10 or not (npi.isdigit() and npi.isascii()):
        return False
    digits = [ord(ch) - 48 for ch in npi]
    total = 24 + sum(_DOUBLED[d] for d in digits[0:9:2]) + sum(digits[1:10:2])
    return total % 10 == 0


def check_npi(npi: str) -> str:
    """For a field validator: the NPI unchanged, or a ValueError naming the problem (never the value)."""
    if not npi_valid(npi):
        raise ValueError("the NPI's check digit is wrong (Luhn formula over 80840 and the first nine digits)")
    return npi


TAXONOMY_VERSION = "25.1"
TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "nucc_taxonomy_251.csv"  # source: data/README.md


@cache
def taxonomy_codes() -> frozenset[str]:
    """The NUCC Health Care Provider Taxonomy code set shipped with the schemas (read once, on first use)."""
    with TAXONOMY_FILE.open(encoding="utf-8", newline="") as f:
        return frozenset(row["Code"] for row in csv.DictReader(f))


def check_taxonomy(code: str) -> str:
    """For a field validator: the code unchanged, or a ValueError saying it is not in the code set."""
    if code not in taxonomy_codes():
        raise ValueError(f"not a code of the NUCC Health Care Provider Taxonomy code set (version {TAXONOMY_VERSION})")
    return code


def is_po_box(line: str) -> bool:
    return bool(_PO_BOX.search(line))
