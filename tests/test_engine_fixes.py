"""Fixes of issue 10, kind by kind, on variants of the synthetic ZZ pack: filing clocks, plan review in days,
modifiers a source once required, supervision on the claim, stand-in diagnosis ranges, and citation lint."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from billing.rules import adjudicate
from billing.rules.filing import clock_end, filing_deadline
from billing.rules.packs import Registry, lint
from schemas.encounter import FilingDates, History
from schemas.rulepack import RulePack, TimelyFilingRule
from tests.conftest import DATA, make_encounter

CITE = {"document": "Synthetic rule", "section": "1", "effective": "2020-01-01"}


def registry(**kinds: Any) -> Registry:
    doc = yaml.safe_load((DATA / "ZZ.yaml").read_text())
    doc["rules"].update(kinds)
    return Registry({"ZZ": RulePack.model_validate(doc)})


def judge(reg: Registry, as_of: date | None = None, **over: Any):
    return adjudicate(make_encounter(**over), History(), as_of, reg)


def codes(v) -> list[str]:
    return sorted(f.code for f in v.findings)


def rule(**kw: Any) -> TimelyFilingRule:
    return TimelyFilingRule.model_validate({"from": "2020-01-01", "cite": CITE, **kw})


def test_calendar_months_clamp_to_the_month_end_unlike_365_days():
    assert clock_end(date(2024, 2, 29), "months", 12) == date(2025, 2, 28)
    assert clock_end(date(2024, 8, 31), "months", 6) == date(2025, 2, 28)
    assert clock_end(date(2023, 3, 1), "months", 12) == date(2024, 3, 1)
    assert clock_end(date(2023, 3, 1), "days", 365) == date(2024, 2, 29)  # what the old 365-day rule gave
    assert clock_end(date(2025, 1, 3), "months_after_month", 6) == date(2025, 7, 31)


def test_other_clocks_combine_by_latest_or_earliest_and_only_when_their_date_is_known():
    latest = rule(basis="months_from_service", length=12,
                  other_clocks=[{"start": "eligibility_decision", "basis": "months", "length": 12}])
    dos = date(2025, 3, 15)
    assert filing_deadline(dos, latest, "ZZ") == date(2026, 3, 15)
    later = FilingDates(eligibility_decided_on=date(2025, 8, 31))
    assert filing_deadline(dos, latest, "ZZ", later) == date(2026, 8, 31)
    earliest = latest.model_copy(update={"combine": "earliest"})
    assert filing_deadline(dos, earliest, "ZZ", later) == date(2026, 3, 15)


def test_resubmission_windows_only_for_a_corrected_claim_and_never_shorten_the_original():
    r = rule(basis="days_from_service", length=90,
             resubmission=[{"start": "prior_claim_decision", "basis": "days", "length": 60}])
    dos = date(2025, 3, 4)
    assert filing_deadline(dos, r, "ZZ") == date(2025, 6, 2)
    assert filing_deadline(dos, r, "ZZ", FilingDates(prior_claim_decided_on=date(2025, 7, 1))) == date(2025, 8, 30)
    early = FilingDates(prior_claim_decided_on=date(2025, 3, 10))
    assert filing_deadline(dos, r, "ZZ", early) == date(2025, 6, 2)
    assert filing_deadline(dos, r, "ZZ", FilingDates(other_payer_remitted_on=date(2025, 7, 1))) == date(2025, 6, 2)


def test_the_engine_reads_the_encounters_filing_dates():
    reg = registry(timely_filing=[rule(basis="months_from_service", length=12, other_clocks=[
        {"start": "other_payer_remittance", "basis": "months", "length": 6}]).model_dump(by_alias=True)])
    late = judge(reg, as_of=date(2026, 3, 5))
    assert "filing.late" in codes(late) and late.filing_deadline == date(2026, 3, 4)
    cob = judge(reg, as_of=date(2026, 3, 5), timely_filing={"other_payer_remitted_on": "2026-01-31"})
    assert cob.billable and cob.filing_deadline == date(2026, 7, 31)


def test_plan_review_in_days():
    reg = registry(recovery_plan=[{"from": "2020-01-01", "cite": CITE, "review_every_days": 90}])
    plan = {"enrolled_on": "2025-06-15", "written_on": "2025-07-01", "last_reviewed_on": "2025-07-01"}
    on_day_90 = judge(reg, service={"date": "2025-09-29"}, recovery_plan=plan)
    on_day_91 = judge(reg, service={"date": "2025-09-30"}, recovery_plan=plan)
    assert on_day_90.billable
    assert codes(on_day_91) == ["plan.review_overdue"]
    assert "every 90 days (due 2025-09-29)" in on_day_91.findings[0].message


def test_a_modifier_once_required_is_accepted_with_a_warning_where_the_modifier_is_unsourced():
    tele = [
        {"from": "2020-01-01", "to": "2022-04-30", "cite": CITE, "modality": "audio_video", "allowed": True,
         "required_modifiers": ["GT"]},
        {"from": "2023-12-01", "cite": CITE, "modality": "audio_video", "allowed": True, "modifiers_known": False},
        {"from": "2020-01-01", "cite": CITE, "modality": "audio_only", "allowed": True, "allowed_modifiers": ["FQ"]},
    ]
    reg = registry(telehealth=tele)
    av = {"telehealth": "audio_video", "place_of_service": "02"}
    assert judge(reg, service={**av, "date": "2022-04-30", "modifiers": ["GT"]}).billable
    gap = judge(reg, service={**av, "date": "2022-05-01", "modifiers": ["GT"]})
    assert gap.billable and codes(gap) == ["code.modifier_unsourced", "telehealth.rule_unknown"]
    assert "until 2022-04-30" in next(f for f in gap.findings if f.code == "code.modifier_unsourced").message
    unsourced = judge(reg, service={**av, "date": "2024-01-02", "modifiers": ["GT"]})
    assert unsourced.billable and codes(unsourced) == ["code.modifier_unsourced"]
    assert codes(judge(reg, service={**av, "date": "2024-01-02", "modifiers": ["GQ"]})) == ["code.modifier_not_allowed"]
    assert codes(judge(reg, service={"date": "2024-01-02", "modifiers": ["GT"]})) == ["code.modifier_not_allowed"]
    # allowed, not required: with or without it
    ao = {"telehealth": "audio_only", "date": "2024-01-02"}
    assert judge(reg, service={**ao, "modifiers": ["FQ"]}).billable and judge(reg, service=ao).billable


def test_supervisor_missing_is_an_error_only_when_the_claim_must_name_one():
    off = registry(supervision=[{"from": "2020-01-01", "cite": CITE, "required": True,
                                 "accepted_credentials": ["LCSW"]}])
    assert judge(off, supervisor=None).billable
    assert codes(judge(off, supervisor={"credential": "RN"})) == ["supervision.credential_not_accepted"]
    on = registry(supervision=[{"from": "2020-01-01", "cite": CITE, "required": True, "on_claim": True}])
    assert codes(judge(on, supervisor=None)) == ["supervision.missing"]


def test_a_stand_in_diagnosis_range_only_warns():
    reg = registry(diagnosis=[{"from": "2020-01-01", "cite": CITE, "label": "mental illness", "stand_in": True,
                               "ranges": [{"start": "F01", "end": "F99"}]}])
    inside, outside = judge(reg, diagnoses=["F70"]), judge(reg, diagnoses=["Z63.0"])
    assert inside.billable and codes(inside) == ["diagnosis.stand_in"]
    assert outside.billable and codes(outside) == ["diagnosis.not_qualifying"]
    assert outside.findings[0].severity == "warning"


def _write(tmp: Path, doc: dict) -> Path:
    (tmp / "ZZ.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return tmp


def test_lint_flags_an_effective_date_after_from_and_a_known_url_left_out(tmp_path):
    doc = yaml.safe_load((DATA / "ZZ.yaml").read_text())
    assert lint(_write(tmp_path, doc)) == []
    doc["rules"]["group"][0]["cite"] = {**CITE, "effective": "2021-05-01"}
    doc["rules"]["age"][0]["cite"] = {"document": "Synthetic rule", "section": "2", "effective": None}
    doc["rules"]["overlap"][0]["cite"] = {**CITE, "url": "https://example.org/rule"}
    problems = lint(_write(tmp_path, doc))
    assert any("group[0]: cite.effective 2021-05-01 is later than from 2020-01-01" in p for p in problems)
    assert any("age[0]: citation of 'Synthetic rule' has no url; https://example.org/rule" in p for p in problems)
    assert not any("overlap[0]" in p for p in problems)
