"""Timely filing: the last day a claim for a date of service is on time.

A rule has a date-of-service clock, optional other clocks (retro eligibility, the other payer's remittance)
combined by their latest or earliest deadline, and resubmission windows for a corrected claim after a denial
or return. A clock whose start date the encounter does not carry does not apply."""

from __future__ import annotations

from datetime import date, timedelta

from billing.rules.calendar import add_months, month_end, next_business_day
from schemas.encounter import FilingDates
from schemas.rulepack import ClockBasis, FilingClock, TimelyFilingRule

_SERVICE_BASIS: dict[str, ClockBasis] = {
    "days_from_service": "days",
    "months_from_service": "months",
    "months_after_service_month": "months_after_month",
}


def clock_end(start: date, basis: ClockBasis, length: int) -> date:
    if basis == "days":
        return start + timedelta(days=length)
    if basis == "months":  # calendar months, clamped: Aug 31 + 6 months = Feb 28 (29)
        return add_months(start, length)
    return month_end(add_months(start.replace(day=1), length))  # Jan 3 and Jan 31 share July 31 for six


def _start(clock: FilingClock, dos: date, dates: FilingDates | None) -> date | None:
    if clock.start == "date_of_service":
        return dos
    if dates is None:
        return None
    return {
        "eligibility_decision": dates.eligibility_decided_on,
        "other_payer_remittance": dates.other_payer_remitted_on,
        "prior_claim_decision": dates.prior_claim_decided_on,
    }[clock.start]


def filing_deadline(dos: date, rule: TimelyFilingRule, state: str, dates: FilingDates | None = None) -> date:
    deadline = clock_end(dos, _SERVICE_BASIS[rule.basis], rule.length)
    others = [clock_end(s, c.basis, c.length) for c in rule.other_clocks if (s := _start(c, dos, dates))]
    if others:
        pick = max if rule.combine == "latest" else min
        deadline = pick([deadline, *others])
    if dates is not None and dates.prior_claim_decided_on is not None and rule.resubmission:
        windows = [clock_end(s, c.basis, c.length) for c in rule.resubmission if (s := _start(c, dos, dates))]
        deadline = max([deadline, *windows])
    return next_business_day(deadline, state) if rule.roll_to_business_day else deadline
