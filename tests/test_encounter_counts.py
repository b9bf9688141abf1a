"""The summary's denominators come from counts the database keeps as encounters change (migration 0018's
triggers): after any mix of writes they equal the encounters counted one by one, for every group_by and filter."""

from __future__ import annotations

import threading
import time as clock
from contextlib import ExitStack
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update

from billing.access import Actor, create_agency
from billing.db.models import Encounter, EncounterCount, EncounterCountChange, Member
from billing.rejection_reports import Filters, _counted_directly, _denominators, fold_counts, month_split
from schemas.api import AgencyIn

GROUPS = (None, "code", "state", "payer", "provider", "month")
START = date(2025, 1, 20)  # dates of service span four months, so ranges cut months at both ends
DAYS = 100
STATES, PAYERS, NPIS = ("ZZ", "YY"), (None, "P1", "P2"), ("1000000001", "1000000002", "1000000003")
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def _agencies(db) -> tuple[str, str]:
    agency = {"name": "A", "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
              "address": {"line1": "1 Main St", "city": "Sampletown", "state": "TX", "zip": "787010001"}}
    admin = Actor(key_id="t", role="admin")
    with db.writing() as s:
        ids = tuple(create_agency(s, AgencyIn.model_validate({**agency, "name": n}), admin).id for n in "AB")
        s.add_all([Member(id=f"m{k}", agency_id=a, state="ZZ", medicaid_id=f"SYN{k}", first_name="A",
                          last_name="B", date_of_birth=date(1990, 1, 1)) for k, a in enumerate(ids)])
        s.commit()
    return ids  # type: ignore[return-value]


def _row(n: int, agency: str, member: str, day: int, state: str, payer: str | None, npi: str, status: str
         ) -> dict:
    return {"id": f"e{n:08d}", "agency_id": agency, "external_id": f"x{n}", "member_id": member, "state": state,
            "status": status, "version": 1, "service_date": START + timedelta(days=day), "start_time": time(9),
            "end_time": time(10), "hcpcs": "H0038", "modifiers": "", "setting": "individual", "rendering_npi": npi,
            "program": "fee_for_service", "payer_id": payer, "units": 4, "claim_line_id": None,
            "expected_payment": None, "filing_deadline": None, "created_at": NOW, "updated_at": NOW}


def _every_answer(db, agencies: tuple[str, ...], filters: list[Filters]) -> None:
    with db.reading() as s:
        for f in filters:
            for by in GROUPS:
                assert _denominators(s, agencies, f, by) == _counted_directly(s, agencies, f, by), (f, by)


ADD = st.tuples(st.just("add"), st.integers(0, 1), st.integers(0, DAYS), st.sampled_from(STATES),
                st.sampled_from(PAYERS), st.sampled_from(NPIS), st.sampled_from(("billable", "not_billable", "void")))
CHANGE = st.tuples(st.sampled_from(("void", "revive", "move", "repay", "delete")), st.integers(0, 10_000),
                   st.integers(0, DAYS), st.sampled_from(STATES), st.sampled_from(PAYERS))
BULK = st.tuples(st.sampled_from(("bulk_payer", "bulk_void", "fold")), st.sampled_from(NPIS), st.sampled_from(PAYERS))
DAY = st.one_of(st.none(), st.integers(-5, DAYS + 5))


@st.composite
def filters(draw) -> Filters:
    lo, hi = draw(DAY), draw(DAY)
    return Filters(state=draw(st.one_of(st.none(), st.sampled_from(STATES))),
                   payer=draw(st.one_of(st.none(), st.sampled_from(("P1", "P2", "")))),
                   provider=draw(st.one_of(st.none(), st.sampled_from(NPIS))),
                   member=draw(st.one_of(st.none(), st.just("SYN0"))),
                   date_from=None if lo is None else START + timedelta(days=lo),
                   date_to=None if hi is None else START + timedelta(days=hi))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.one_of(ADD, ADD, CHANGE, BULK), max_size=40), queries=st.lists(filters(), min_size=3,
                                                                                        max_size=6))
def test_counts_equal_the_encounters_after_any_writes(db, ops, queries):
    """Inserts, voids, un-voids, corrections of date, state and payer, deletes and multi-row updates, in one
    transaction each or several, the change rows folded in between: the counts never drift."""
    with db.writing() as s:
        s.execute(delete(Encounter))
        s.commit()
    a, b = _existing_or_new_agencies(db)
    members = {a: "m0", b: "m1"}
    n = 0
    session = ExitStack()  # the writing session, ended for a fold (the writer's lock is not re-entrant)
    s = session.enter_context(db.writing())
    try:
        for op in ops:
            ids = s.scalars(select(Encounter.id).order_by(Encounter.id)).all()
            if op[0] == "add":
                _, k, day, state, payer, npi, status = op
                agency = (a, b)[k]
                s.execute(Encounter.__table__.insert(), [_row(n, agency, members[agency], day, state, payer, npi,
                                                             status)])
                n += 1
            elif op[0] in ("bulk_payer", "bulk_void"):
                _, npi, payer = op
                values = {"payer_id": payer} if op[0] == "bulk_payer" else {"status": "void"}
                s.execute(update(Encounter).where(Encounter.rendering_npi == npi).values(**values))
            elif op[0] == "fold":
                s.commit()
                session.close()
                fold_counts(db, at_least=1)
                session = ExitStack()
                s = session.enter_context(db.writing())
            elif ids:
                kind, pick, day, state, payer = op
                row = s.get(Encounter, ids[pick % len(ids)])
                if kind == "delete":
                    s.delete(row)
                elif kind == "void":
                    row.status = "void"
                elif kind == "revive":
                    row.status = "not_billable"
                elif kind == "move":
                    row.service_date, row.state = START + timedelta(days=day), state
                else:
                    row.payer_id = payer
                s.flush()
            if n % 7 == 3:
                s.commit()
        s.commit()
    finally:
        session.close()
    _every_answer(db, (a,), queries)
    _every_answer(db, (a, b), queries[:2])


def _existing_or_new_agencies(db) -> tuple[str, str]:
    with db.reading() as s:
        found = s.scalars(select(Member.agency_id).where(Member.id.in_(("m0", "m1"))).order_by(Member.id)).all()
    return (found[0], found[1]) if len(found) == 2 else _agencies(db)


def test_summary_from_the_counts_equals_the_summary_from_the_encounters(api, db, monkeypatch):
    """Through the API: encounters received, voided and corrected; every group_by of the summary, with and
    without a date range cutting a month, is the same when the denominators are counted one by one."""
    from tests.test_api_encounters import enc

    for k, (day, payer) in enumerate([("2025-03-03", "P1"), ("2025-03-17", None), ("2025-02-27", "P1"),
                                      ("2025-01-31", "P2")]):
        doc = enc(encounter_id=f"c{k}", member={"medicaid_id": f"SYN10{k}"}, service={"date": day})
        doc["payer"]["payer_id"] = payer
        assert api.call("POST", "/v1/encounters", json=doc).status_code == 201
    assert api.call("DELETE", "/v1/encounters/c1").status_code == 200
    moved = enc(encounter_id="c2", member={"medicaid_id": "SYN102"}, service={"date": "2025-03-04"})
    assert api.call("PUT", "/v1/encounters/c2", json=moved).status_code in (200, 201)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(EncounterCount)) + s.scalar(
            select(func.count()).select_from(EncounterCountChange)) > 0
    ranges = [{}, {"from": "2025-02-10", "to": "2025-03-05"}, {"from": "2025-03-01"}, {"to": "2025-02-28"}]
    answers = {}
    for counted in (False, True):
        if counted:
            monkeypatch.setattr("billing.rejection_reports._denominators", _counted_directly)
        answers[counted] = [api.call("GET", "/v1/rejections/summary", as_="billing",
                                     params={"group_by": by, **r}).json()
                            for by in ("code", "state", "payer", "provider", "month") for r in ranges]
    assert answers[False] == answers[True]
    assert any(g["encounters_total"] for a in answers[False] for g in a["groups"]) or any(
        a["total"]["encounters_total"] for a in answers[False])


@pytest.mark.parametrize(("lo", "hi", "months", "edges"), [
    (None, None, (None, None), []),
    (date(2025, 3, 1), date(2025, 3, 31), ("2025-03", "2025-03"), []),
    (date(2025, 2, 10), date(2025, 4, 5), ("2025-03", "2025-03"), [(date(2025, 2, 10), date(2025, 2, 28)),
                                                                   (date(2025, 4, 1), date(2025, 4, 5))]),
    (date(2025, 3, 2), date(2025, 3, 30), None, [(date(2025, 3, 2), date(2025, 3, 30))]),
    (date(2025, 3, 2), date(2025, 4, 30), ("2025-04", "2025-04"), [(date(2025, 3, 2), date(2025, 3, 31))]),
    (date(2025, 3, 9), None, ("2025-04", None), [(date(2025, 3, 9), date(2025, 3, 31))]),
    (None, date(2024, 2, 28), (None, "2024-01"), [(date(2024, 2, 1), date(2024, 2, 28))]),
    (date(2025, 3, 9), date(2025, 3, 1), None, []),
])
def test_month_split(lo, hi, months, edges):
    assert month_split(lo, hi) == (months, edges)


def test_new_encounters_are_counted_as_change_rows_which_the_job_runner_folds(api, db, monkeypatch):
    """A batch's encounters are counted by appending change rows (on SQLite one per encounter, migration 0020;
    on PostgreSQL one per statement and key), which the summary adds as they are; the job runner's loop folds
    them into the counts once there are enough, and every summary answers the same before and after."""
    from billing import rejection_reports
    from billing.jobs.runner import JobWorker
    from tests.test_api_encounters import enc

    items = [enc(encounter_id=f"f{k}", member={"medicaid_id": f"SYN20{k}"},
                 service={"date": f"2025-0{1 + k % 3}-1{k % 7}"}) for k in range(9)]
    items[4]["payer"]["payer_id"] = "P1"
    assert api.call("POST", "/v1/encounters/batch", json={"items": items}).status_code == 200
    with db.reading() as s:
        counted = s.scalar(select(func.count()).select_from(EncounterCount))
        changes = s.scalars(select(EncounterCountChange.encounters)).all()
    assert counted == 0 and changes and sum(changes) == 9  # nothing counted in place
    if db.is_sqlite:
        assert changes == [1] * 9
    summaries = {by: api.call("GET", "/v1/rejections/summary", as_="billing", params={"group_by": by}).json()
                 for by in GROUPS if by}
    assert summaries["month"]["total"]["encounters_total"] == 9

    monkeypatch.setattr(rejection_reports, "FOLD_AFTER", len(changes) + 1)
    runner = JobWorker(db, fold_every=0.05)
    assert runner.fold_counts() == 0  # fewer than FOLD_AFTER: left for later
    monkeypatch.setattr(rejection_reports, "FOLD_AFTER", len(changes))
    stop = threading.Event()
    loop = threading.Thread(target=runner.run, args=(stop, 0.05))
    loop.start()
    try:
        deadline = clock.monotonic() + 10
        while clock.monotonic() < deadline:
            with db.reading() as s:
                if not s.scalar(select(func.count()).select_from(EncounterCountChange)):
                    break
            clock.sleep(0.05)
    finally:
        stop.set()
        loop.join()
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(EncounterCountChange)) == 0
        assert s.scalar(select(func.sum(EncounterCount.encounters))) == 9
    for by, before in summaries.items():
        assert api.call("GET", "/v1/rejections/summary", as_="billing", params={"group_by": by}).json() == before
