"""Holiday calendars as cited data: the federal list computed by 5 U.S.C. 6103, Texas by Gov't Code 662.003."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from billing.rules import adjudicate, default_registry
from billing.rules.calendar import calendar_for, calendars, holiday_note, next_business_day
from tests.conftest import make_encounter

D = date.fromisoformat


def test_every_calendar_is_cited_with_a_url_and_dated():
    cals = calendars()
    assert {"US", "TX"} <= set(cals)
    for cal in cals.values():
        assert cal.cite.url and cal.cite.document and cal.holidays and cal.start


def test_federal_days_follow_the_statute_and_the_observance_rules():
    us = calendars()["US"]
    days_2025 = sorted(us.days(2025))
    assert days_2025 == [D(x) for x in ("2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19",
                                         "2025-07-04", "2025-09-01", "2025-10-13", "2025-11-11", "2025-11-27",
                                         "2025-12-25")]
    assert D("2021-12-31") in us.days(2021)  # New Year's Day 2022 fell on a Saturday: observed Friday
    assert D("2022-12-26") in us.days(2022)  # Christmas 2022 on a Sunday: observed Monday
    assert D("2021-06-18") in us.days(2021) and D("2020-06-19") not in us.days(2020)  # Juneteenth from 2021-06-17
    assert len(us.days(2019)) == 10 and len(us.days(2023)) == 11


def test_texas_closes_on_its_own_days_and_not_on_columbus_day():
    assert next_business_day(D("2025-12-24"), "TX") == D("2025-12-29")  # Dec 24, 25, 26 then the weekend
    assert next_business_day(D("2025-12-24"), "OH") == D("2025-12-24")  # federal fallback: a working day
    assert next_business_day(D("2025-11-28"), "TX") == D("2025-12-01")  # the Friday after Thanksgiving
    assert next_business_day(D("2025-10-13"), "TX") == D("2025-10-13")  # Columbus Day is not a Texas holiday
    assert next_business_day(D("2025-10-13"), "OH") == D("2025-10-14")
    assert next_business_day(D("2021-07-05"), "TX") == D("2021-07-05")  # Texas gives no substitute weekday
    assert calendar_for("TX", D("2021-07-05")).jurisdiction == "TX"


def test_fallback_and_missing_calendars_are_warned_about():
    assert holiday_note("TX", D("2025-06-02")) is None
    code, severity, message, _, cite = holiday_note("TX", D("2020-06-02"))  # before the Texas copy read
    assert (code, severity) == ("filing.holidays_unsourced", "warning") and "6103" in cite.document
    assert "federal" in message
    assert holiday_note("OH", D("2025-06-02"))[4].document.startswith("5 U.S.C.")
    old = holiday_note("TX", D("1985-03-04"))
    assert old[4] is None and "only weekends" in old[2]
    assert next_business_day(D("1985-12-25"), "TX") == D("1985-12-25")  # no calendar that early: weekday stands


def test_engine_rolls_a_texas_deadline_over_december_24_to_26():
    # 95 days after 2025-09-20 is Wednesday 2025-12-24; Texas offices are closed Dec 24-26, then the weekend.
    enc = make_encounter(payer={"state": "TX"}, service={"date": "2025-09-20"})
    v = adjudicate(enc, as_of=D("2025-12-26"), registry=default_registry())
    assert v.filing_deadline == D("2025-12-29")
    assert "filing.late" not in [f.code for f in v.findings]
    assert "filing.holidays_unsourced" not in [f.code for f in v.findings]
    early = adjudicate(make_encounter(payer={"state": "TX"}, service={"date": "2019-03-04"}),
                       as_of=D("2019-03-10"), registry=default_registry())
    note = next(f for f in early.findings if f.code == "filing.holidays_unsourced")
    assert note.severity == "warning" and note.citation.url.endswith("/5/6103")


@settings(max_examples=300, deadline=None)
@given(d=st.dates(min_value=date(1980, 1, 1), max_value=date(2035, 12, 31)),
       state=st.sampled_from(["TX", "OH", "NY", "ZZ"]))
def test_property_next_business_day_is_the_first_open_weekday(d, state):
    out = next_business_day(d, state)
    assert d <= out <= d + timedelta(days=6)
    cal = calendar_for(state, out)
    assert out.weekday() < 5 and (cal is None or out not in cal.days(out.year))
    day = d
    while day < out:  # every day skipped was a weekend or a holiday of the calendar in force on it
        c = calendar_for(state, day)
        assert day.weekday() >= 5 or (c is not None and day in c.days(day.year))
        day += timedelta(days=1)
    assert next_business_day(out, state) == out
