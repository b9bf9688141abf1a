"""ICD-10-CM: code validity (the code set shipped by simple-icd-10-cm) and range membership."""

from __future__ import annotations

from functools import lru_cache

import simple_icd_10_cm as icd

from schemas.rulepack import IcdRange
from schemas.verdict import Citation

CODE_SET = Citation(
    document="ICD-10-CM code set, April 1, 2026 release (CMS/NCHS), as shipped by simple-icd-10-cm 1.5",
    section="Tabular list; only billable (leaf) codes may be reported",
    effective=__import__("datetime").date(2026, 4, 1),
    url="https://www.cms.gov/medicare/coding-billing/icd-10-codes",
)


def normalize(code: str) -> str:
    return code.replace(".", "").upper()


@lru_cache(maxsize=65536)
def is_billable(code: str) -> bool:
    """A valid ICD-10-CM code that is billable (a leaf, not a category header)."""
    return icd.is_valid_item(code) and icd.is_leaf(code)


def in_range(code: str, r: IcdRange) -> bool:
    """Prefix comparison, so F10..F19 holds F10.20 and F19.99."""
    c = normalize(code)
    return c[: len(r.start)] >= r.start and c[: len(r.end)] <= r.end
