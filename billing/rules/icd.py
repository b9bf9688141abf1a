"""ICD-10-CM by date of service: which code set was in force, and whether a code was billable in it.

The data is `billing/data/icd10cm.json.gz`, built by `python -m billing.rules.icd_build` from the code sets
that simple-icd-10-cm's releases on PyPI ship (see that module). Loading it takes a few tens of
milliseconds; nothing here imports simple_icd_10_cm.

Only some sets are on record (one per release). A date of service is judged:
- inside a set's dates: by that set;
- between two sets on record: by the two together; where they agree (billable in both, or in neither) that
  is the answer, where they disagree the code changed in between and the answer is unknown (a warning);
- after the newest set: by the newest, except that a code it does not hold at all may be a newer code
  (a warning, not a refusal);
- before the oldest set: unknown (a warning), never a guess.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from schemas.rulepack import IcdRange
from schemas.verdict import Citation, Severity

DATA = Path(__file__).resolve().parent.parent / "data" / "icd10cm.json.gz"
CMS_URL = "https://www.cms.gov/medicare/coding-billing/icd-10-codes"
Status = Literal["billable", "not_billable", "unknown"]


@dataclass(frozen=True)
class CodeSet:
    id: str
    name: str
    version: str
    effective_from: date
    effective_through: date
    source: str

    @property
    def citation(self) -> Citation:
        return Citation(
            document=f"{self.name} (CDC NCHS / CMS, public domain), read from {self.source.split(' (')[0]}",
            section="Tabular list: only billable codes (no subdivisions below them) may be reported",
            effective=self.effective_from,
            current_through=self.effective_through,
            url=CMS_URL,
        )


@dataclass(frozen=True)
class Lookup:
    """The answer for one code on one date, and the code set(s) it rests on."""

    status: Status
    code_set: str  # what the verdict records, e.g. "ICD-10-CM April 1, 2026 update (FY2026)"
    reason: str  # plain English, no code in it (a diagnosis is PHI)
    citation: Citation | None


@dataclass(frozen=True)
class _Index:
    sets: tuple[CodeSet, ...]
    table: str  # sorted fixed-width records: code padded to width-1, then its group's key
    width: int
    status: dict[str, str]  # group key -> one letter per set: b billable, h header, - absent

    def letters(self, code: str) -> str:
        """Binary search of the table: no per-code objects are built at load time, so loading stays fast."""
        w, key = self.width, code.ljust(self.width - 1)
        lo, hi = 0, len(self.table) // w
        while lo < hi:
            mid = (lo + hi) // 2
            if self.table[mid * w : mid * w + w - 1] < key:
                lo = mid + 1
            else:
                hi = mid
        if self.table[lo * w : lo * w + w - 1] == key:
            return self.status[self.table[lo * w + w - 1]]
        return "-" * len(self.sets)


@lru_cache(maxsize=1)
def _index() -> _Index:
    return load(DATA)


def load(path: Path) -> _Index:
    """Read an index file written by `billing.rules.icd_build`."""
    doc = json.loads(gzip.decompress(path.read_bytes()))
    sets = tuple(
        CodeSet(s["id"], s["name"], s["version"], date.fromisoformat(s["effective_from"]),
                date.fromisoformat(s["effective_through"]), s["source"])
        for s in doc["sets"]
    )
    return _Index(sets, doc["table"], doc["record_width"], {g["key"]: g["status"] for g in doc["groups"]})


def code_sets() -> tuple[CodeSet, ...]:
    """The code sets on record, oldest first."""
    return _index().sets


def normalize(code: str) -> str:
    return code.replace(".", "").upper()


@lru_cache(maxsize=4096)
def _place(on: date) -> tuple[int | None, int | None]:
    """(set before or in force, set after): equal indexes when a set on record is in force on `on`."""
    sets = _index().sets
    for i, s in enumerate(sets):
        if s.effective_from <= on <= s.effective_through:
            return i, i
        if on < s.effective_from:
            return (i - 1 if i else None), i
    return len(sets) - 1, None


def set_in_force(on: date) -> CodeSet | None:
    """The code set on record that was in force on `on`, if one is."""
    before, after = _place(on)
    return _index().sets[before] if before is not None and before == after else None


@lru_cache(maxsize=4096)
def code_set_label(on: date) -> str:
    """What a verdict records as the code set its diagnoses were judged by."""
    sets, (before, after) = _index().sets, _place(on)
    if before is None:
        return f"none on record (before {sets[0].name})"
    if after is None:
        return f"{sets[before].name}, the newest on record (in force until {sets[before].effective_through})"
    if before == after:
        return sets[before].name
    return f"between {sets[before].name} and {sets[after].name} (the sets in force then are not on record)"


@lru_cache(maxsize=65536)
def lookup(code: str, on: date) -> Lookup:
    idx, (before, after) = _index(), _place(on)
    c = normalize(code)
    letters = idx.letters(c) if len(c) < idx.width else "-" * len(idx.sets)
    label = code_set_label(on)
    if before is None:
        first = idx.sets[0]
        return Lookup("unknown", label, f"no ICD-10-CM code set before {first.effective_from} is on record", None)
    prev = idx.sets[before]
    if after is None:  # after the newest set on record
        if letters[before] == "-":
            return Lookup("unknown", label, f"not in {prev.name}, the newest code set on record; it may be a "
                          f"code added after {prev.effective_through}", prev.citation)
        return _known(letters[before] == "b", label, prev, prev.name)
    nxt = idx.sets[after]
    if before == after:
        return _known(letters[after] == "b", label, nxt, nxt.name)
    if (letters[before] == "b") == (letters[after] == "b"):  # the sets either side agree
        return _known(letters[after] == "b", label, prev, f"{prev.name} and {nxt.name} alike")
    was, now = ("billable", "not billable") if letters[before] == "b" else ("not billable", "billable")
    return Lookup("unknown", label, f"{was} in {prev.name} and {now} in {nxt.name}; the set in force on the date "
                  "of service is not on record", nxt.citation)


def _known(billable: bool, label: str, cited: CodeSet, where: str) -> Lookup:
    reason = "billable" if billable else "not a billable code"
    return Lookup("billable" if billable else "not_billable", label, f"{reason} in {where}", cited.citation)


def is_billable(code: str, on: date) -> bool:
    """True only when the code is known to have been billable on `on` (unknown is not billable)."""
    return lookup(code, on).status == "billable"


def findings(codes: list[str], on: date) -> list[tuple[str, Severity, str, str | None, Citation | None]]:
    """The diagnosis-validity findings for an encounter's codes (code, severity, message, path, citation)."""
    out: list[tuple[str, Severity, str, str | None, Citation | None]] = []
    if codes and _place(on)[0] is None:
        first = code_sets()[0]
        out.append(("diagnosis.code_set_unknown", "warning",
                    f"No ICD-10-CM code set in force on {on} is on record (the oldest is {first.name}, in force "
                    f"from {first.effective_from}); the diagnosis codes were not checked.", "diagnoses", None))
        return out
    for i, code in enumerate(codes):
        hit = lookup(code, on)
        if hit.status == "not_billable":
            out.append(("diagnosis.invalid_code", "error",
                        f"Diagnosis {i + 1} is not a valid billable ICD-10-CM code on {on} "
                        f"({hit.reason}).", f"diagnoses[{i}]", hit.citation))
        elif hit.status == "unknown":
            out.append(("diagnosis.code_set_unknown", "warning",
                        f"Diagnosis {i + 1} could not be checked for {on}: {hit.reason}.", f"diagnoses[{i}]",
                        hit.citation))
    return out


def in_range(code: str, r: IcdRange) -> bool:
    """Prefix comparison, so F10..F19 holds F10.20 and F19.99."""
    c = normalize(code)
    return c[: len(r.start)] >= r.start and c[: len(r.end)] <= r.end
