"""Timely filing: the last day a claim for a date of service is on time."""

from __future__ import annotations

from datetime import date, timedelta

from billing.rules.calendar import add_months, month_end, next_business_day
from schemas.rulepack import TimelyFilingRule


def filing_deadline(dos: date, rule: TimelyFilingRule, state: str) -> date:
    if rule.basis == "days_from_service":
        deadline = dos + timedelta(days=rule.length)
    else:  # months after the month of service: Jan 3 and Jan 31 share July 31 for six months
        deadline = month_end(add_months(dos.replace(day=1), rule.length))
    return next_business_day(deadline, state) if rule.roll_to_business_day else deadline
