"""Expected-verdict cases (`state_rules/tests/XX.yaml`): loading and comparing; and the shared base encounter."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import state_rules
from billing import yamlload
from schemas.encounter import Encounter, History
from schemas.verdict import Verdict

CASES_DIR = state_rules.DIR / "tests"


def deep_merge(base: Any, over: Any) -> Any:
    """Mappings merge key by key; anything else (lists included) is replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = deep_merge(base.get(k), v) if k in base else copy.deepcopy(v)
        return out
    return copy.deepcopy(over)


@dataclass(frozen=True)
class Case:
    state: str
    name: str
    encounter: Encounter
    history: History
    as_of: date | None
    expect: dict[str, Any]


def base_encounter() -> dict[str, Any]:
    """The shared synthetic encounter (state_rules/tests/_base.yaml), as plain JSON-ready data."""
    doc = yamlload.safe_load((CASES_DIR / "_base.yaml").read_text())["encounter"]
    return json.loads(json.dumps(doc, default=str))


def load_cases(path: Path) -> list[Case]:
    base = yamlload.safe_load((CASES_DIR / "_base.yaml").read_text())
    doc = yamlload.safe_load(path.read_text())
    defaults = deep_merge(base, doc.get("defaults") or {})
    out = []
    for c in doc["cases"]:
        enc = deep_merge(defaults["encounter"], c.get("encounter") or {})
        as_of = c.get("as_of", defaults.get("as_of"))
        out.append(Case(
            state=doc["state"], name=c["name"], encounter=Encounter.model_validate(enc),
            history=History.model_validate({"services": c.get("history") or []}),
            as_of=as_of, expect=c["expect"],
        ))
    return out


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("[A-Z][A-Z].yaml"))


def mismatches(case: Case, verdict: Verdict) -> list[str]:
    """What differs between the verdict and the case's expectation (empty when it matches)."""
    exp, out = case.expect, []
    if "billable" in exp and verdict.billable != exp["billable"]:
        out.append(f"billable: expected {exp['billable']}, got {verdict.billable}")
    if "units" in exp and verdict.units != exp["units"]:
        out.append(f"units: expected {exp['units']}, got {verdict.units}")
    if "expected_payment" in exp:
        want = None if exp["expected_payment"] is None else Decimal(str(exp["expected_payment"]))
        if verdict.expected_payment != want:
            out.append(f"expected_payment: expected {want}, got {verdict.expected_payment}")
    if "filing_deadline" in exp and verdict.filing_deadline != exp["filing_deadline"]:
        out.append(f"filing_deadline: expected {exp['filing_deadline']}, got {verdict.filing_deadline}")
    if "rate_code" in exp and verdict.rate_code != (None if exp["rate_code"] is None else str(exp["rate_code"])):
        out.append(f"rate_code: expected {exp['rate_code']}, got {verdict.rate_code}")
    if "claim_form" in exp and verdict.claim_form != exp["claim_form"]:
        out.append(f"claim_form: expected {exp['claim_form']}, got {verdict.claim_form}")
    if "add_ons" in exp:
        want = [(str(a["rate_code"]), a["units"], None if a.get("expected_payment") is None
                 else Decimal(str(a["expected_payment"]))) for a in exp["add_ons"] or []]
        got = [(a.rate_code, a.units, a.expected_payment) for a in verdict.add_ons]
        if want != got:
            out.append(f"add_ons: expected {want}, got {got}")
    want_codes = sorted(exp.get("findings") or [])
    got_codes = sorted(f.code for f in verdict.findings)
    if want_codes != got_codes:
        out.append(f"findings: expected {want_codes}, got {got_codes}")
    return out
