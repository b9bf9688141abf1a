"""The driver's bulk path (billing.db.bulk) stores exactly what a SQLAlchemy Core insert stores, and the batch
member lookup finds exactly the members asked for, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select, text

from billing.access import Actor, create_agency
from billing.db import bulk
from billing.db.bulk import insert_rows
from billing.db.models import AuditEvent, Member, Rejection
from billing.db.models import Encounter as EncounterRow
from billing.intake import _insert_or_skip, _select_members, findings_json, insert_new
from billing.rejection_reports import fold_counts
from schemas.api import AgencyIn
from schemas.verdict import Citation, Finding
from tests.conftest import ON_POSTGRES

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
MONEY = st.none() | st.decimals(min_value=Decimal("-99999.99"), max_value=Decimal("99999.99"), places=2)
DETAIL = st.dictionaries(st.text("abcxyz", min_size=1, max_size=5),
                         st.none() | st.integers(-10**6, 10**6) | TEXT | st.lists(TEXT, max_size=3), max_size=4)


def rejection(code: str, reason: str, charge: Decimal | None, paid: Decimal | None, detail: dict[str, Any],
              day: date, at: datetime, primary: bool) -> dict[str, Any]:
    return {"agency_id": "a" * 32, "source": "835", "at": at, "code": code, "reason": reason, "is_primary": primary,
            "state": "TX", "payer_id": None if primary else "P1", "provider_npi": "1234567893", "member_id": "m" * 32,
            "service_date": day, "encounter_id": "e" * 32, "encounter_version": 1, "claim_id": None, "line_id": None,
            "response_id": None, "charge": charge, "paid": paid, "amount": charge, "detail": detail}


ROWS = st.lists(st.builds(rejection, st.text("ABC-0123456789:", min_size=1, max_size=12), TEXT, MONEY, MONEY,
                          DETAIL, st.dates(date(1990, 1, 1), date(2040, 12, 31)),
                          st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1), timezones=st.just(UTC)),
                          st.booleans()), min_size=1, max_size=8)


def stored(db, table: str, order: str) -> list[tuple[Any, ...]]:
    """Every column but the id, as the database holds it (raw: no SQLAlchemy result processing)."""
    with db.engine.connect() as c:
        rows = c.exec_driver_sql(f"SELECT * FROM {table} ORDER BY {order}").all()
        cols = list(c.exec_driver_sql(f"SELECT * FROM {table} LIMIT 0").keys())
    keep = [i for i, n in enumerate(cols) if n != "id"]
    return [tuple(r[i] for i in keep) for r in rows]


def core_then_bulk(db, table: Any, rows: list[dict[str, Any]], core_rows: list[dict[str, Any]] | None = None
                   ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The table as the database holds it after a Core insert of the rows, then (emptied) after insert_rows."""
    with db.writing() as s:
        s.execute(text(f"DELETE FROM {table.name}"))
        s.execute(insert(table), rows if core_rows is None else core_rows)
        s.commit()
    core = stored(db, table.name, "id")
    with db.writing() as s:
        s.execute(text(f"DELETE FROM {table.name}"))
        insert_rows(s, table, rows)
        s.commit()
    return core, stored(db, table.name, "id")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS)
def test_bulk_rows_are_stored_as_a_core_insert_stores_them(db, rows):
    core, bulk_stored = core_then_bulk(db, Rejection.__table__, rows)
    assert bulk_stored == core
    with db.reading() as s:  # and read back through the model: the same values that went in
        back = [(r.charge, r.paid, r.detail, r.service_date, r.at.astimezone(UTC) if r.at.tzinfo else r.at)
                for r in s.query(Rejection).order_by(Rejection.id)]
    assert [b[:4] for b in back] == [(r["charge"], r["paid"], r["detail"], r["service_date"]) for r in rows]


def test_bulk_audit_rows_keep_a_missing_detail_as_core_does(db):
    at = datetime(2025, 3, 10, 12, 0, 0, 123456, tzinfo=UTC)
    rows = [{"at": at + timedelta(seconds=i), "actor": "k", "actor_role": "ehr", "agency_id": None,
             "action": "encounter.create", "object_type": "encounter", "object_id": f"e{i}", "request_id": "r",
             "detail": None if i % 2 else {"version": i, "billable": bool(i % 3)}} for i in range(4)]
    core, bulk_stored = core_then_bulk(db, AuditEvent.__table__, rows)
    assert bulk_stored == core


def test_nothing_to_insert_is_nothing_written(db):
    with db.writing() as s:
        insert_rows(s, Rejection.__table__, [])
        s.commit()
    assert stored(db, "rejections", "id") == []


def test_a_batch_member_lookup_finds_exactly_the_members_asked_for_across_states(db):
    from billing.access import Actor, create_agency
    from schemas.api import AgencyIn

    admin = Actor(key_id="test", role="admin")
    agency = {"name": "Synthetic Agency", "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
              "address": {"line1": "1 Main St", "city": "Sampletown", "state": "TX", "zip": "787010001"}}
    states = ["CA", "NY", "OH", "TX", "WA"]
    with db.writing() as s:
        a = create_agency(s, AgencyIn.model_validate(agency), admin).id
        b = create_agency(s, AgencyIn.model_validate({**agency, "name": "Other"}), admin).id
        tag = {a: "A", b: "B"}
        rows = [{"id": f"{tag[ag]}{st_}{k:024d}", "agency_id": ag, "state": st_, "medicaid_id": f"M{k}",
                 "first_name": "A", "last_name": "B", "date_of_birth": date(1980, 1, 1)}
                for ag in (a, b) for st_ in states for k in range(1300)]
        insert_new(s, Member, rows, ["agency_id", "state", "medicaid_id"])
        s.commit()
    # More keys than one statement takes (5,000), some unknown, some in another state, some repeated.
    asked = [(st_, f"M{k}") for st_ in states for k in range(0, 1400, 1)] + [("TX", "M5"), ("ZZ", "M1")]
    with db.writing() as s:
        found = _select_members(s, a, asked)
        s.rollback()
    expected = {(st_, f"M{k}"): f"A{st_}{k:024d}" for st_ in states for k in range(1300)}
    assert found == expected
    with db.reading() as s:
        assert _select_members(s, a, [], lock=False) == {}
        assert _select_members(s, b, [("OH", "M7")], lock=False) == {("OH", "M7"): f"BOH{7:024d}"}


def test_a_clash_in_a_bulk_insert_is_an_integrity_error_and_writes_nothing(db):
    import pytest
    from sqlalchemy.exc import IntegrityError

    row = rejection("CO-45", "cut", Decimal("10.00"), Decimal("0.00"), {}, date(2025, 1, 2),
                    datetime(2025, 1, 3, tzinfo=UTC), True)
    with pytest.raises(IntegrityError), db.writing() as s:
        insert_rows(s, Rejection.__table__, [{"id": 7, **row}, {"id": 8, **row}, {"id": 7, **row}])
    assert stored(db, "rejections", "id") == []


def test_the_history_query_reads_what_a_plain_statement_reads(api):
    """The batch history (the driver's SQL with a probe per peer and day on SQLite, a join with arrays on
    PostgreSQL) returns the rows, typed, that a plain SQLAlchemy statement returns: members' services in the
    window, peers' sessions on the days, voids and other agencies left out."""
    from sqlalchemy import and_, or_, tuple_

    from billing.db.models import Encounter as EncounterRow
    from billing.intake import _HISTORY, _history_rows
    from tests.conftest import base_encounter_dict

    docs = []
    for k in range(24):
        d = base_encounter_dict()
        d["encounter_id"] = f"h-{k}"
        d["member"]["medicaid_id"] = f"HM{k % 5}"
        d["rendering"]["npi"] = ["1234567893", "1245319599"][k % 2]
        d["service"]["date"] = (date(2025, 1, 6) + timedelta(days=k % 9)).isoformat()
        d["service"]["start_time"] = f"{8 + k % 8:02d}:00"
        d["service"]["end_time"] = f"{8 + k % 8:02d}:30"
        docs.append(d)
    body = json.dumps({"items": docs}, default=str)
    for as_ in ("ehr", "ehr_b"):
        r = api.call("POST", "/v1/encounters/batch", as_=as_, content=body,
                     headers={"Content-Type": "application/json"})
        assert r.status_code == 200 and r.json()["created"] == len(docs), r.text[:500]
    assert api.call("DELETE", "/v1/encounters/h-3").status_code == 200
    with api.db.reading() as s:
        members = sorted(s.scalars(select(Member.id).where(Member.agency_id == api.a)))[:3]
        days = [("1234567893", date(2025, 1, 6)), ("1245319599", date(2025, 1, 9)), ("1234567893", date(2025, 1, 14))]
        for lo, hi in ((date(2025, 1, 1), date(2025, 1, 31)), (date(2025, 1, 8), date(2025, 1, 10))):
            got = sorted(tuple(r) for r in _history_rows(s, api.a, members, lo, hi, days))
            e = EncounterRow
            plain = select(*_HISTORY).where(e.status != "void", or_(
                and_(e.member_id.in_(members), e.service_date.between(lo, hi)),
                and_(e.agency_id == api.a, tuple_(e.rendering_npi, e.service_date).in_(days))))
            want = sorted(set(tuple(r) for r in s.execute(plain)))
            got = sorted(set(got))  # a member's session on a probed day comes from both parts
            assert got == want and got
            assert all(isinstance(r[3], date) and r[4] is not None and r[4].minute == 0 for r in got)
        assert not [r for r in got if r[0] == "h-3"]  # the void
        # No known member (a dry run for a new one): the peers' sessions alone.
        alone = sorted(tuple(r) for r in _history_rows(s, api.a, [], lo, hi, days[:1]))
        only = select(*_HISTORY).where(e.status != "void", e.agency_id == api.a, e.rendering_npi == days[0][0],
                                       e.service_date == days[0][1])
        assert alone == sorted(tuple(r) for r in s.execute(only)) and alone
        assert s.scalar(select(EncounterRow.id).where(EncounterRow.agency_id == api.b)) is not None


def test_insert_new_leaves_rows_already_there_as_they_are(db):
    """Rows whose key is taken are skipped (their stored values kept), the others written: on SQLite through the
    driver's path, on PostgreSQL through the ON CONFLICT statement, stored alike."""
    from billing.access import Actor, create_agency
    from schemas.api import AgencyIn

    agency = {"name": "Synthetic Agency", "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
              "address": {"line1": "1 Main St", "city": "Sampletown", "state": "TX", "zip": "787010001"}}
    with db.writing() as s:
        a = create_agency(s, AgencyIn.model_validate(agency), Actor(key_id="test", role="admin")).id
        s.commit()

    def member(k: int, name: str) -> dict[str, Any]:
        return {"id": f"{name}{k:030d}", "agency_id": a, "state": "TX", "medicaid_id": f"M{k}", "first_name": name,
                "last_name": "B", "date_of_birth": date(1980, 1, 1 + k)}

    with db.writing() as s:
        insert_new(s, Member, [member(k, "A") for k in range(0, 6, 2)], ["agency_id", "state", "medicaid_id"])
        s.commit()
    with db.writing() as s:
        insert_new(s, Member, [member(k, "C") for k in range(6)], ["agency_id", "state", "medicaid_id"])
        s.commit()
    with db.reading() as s:
        got = sorted((m.medicaid_id, m.id, m.first_name, m.date_of_birth) for m in s.query(Member))
    assert got == sorted((f"M{k}", f"{n}{k:030d}", n, date(1980, 1, 1 + k)) for k in range(6) for n in "AC"
                         if (n == "A") == (k % 2 == 0))
    raw = stored(db, "members", "medicaid_id")
    with db.writing() as s:  # the statement's way, into a fresh table state: the same bytes
        s.execute(text("DELETE FROM members"))
        s.execute(_insert_or_skip(s, Member, ["agency_id", "state", "medicaid_id"]),
                  [member(k, "A") for k in range(0, 6, 2)])
        s.execute(_insert_or_skip(s, Member, ["agency_id", "state", "medicaid_id"]), [member(k, "C") for k in range(6)])
        s.commit()
    assert stored(db, "members", "medicaid_id") == raw


def test_ids_made_in_bulk_are_unique_and_ordered_with_those_made_one_by_one():
    from billing.db.models import new_id, new_ids

    before = new_id()
    bulk = new_ids(70_000)  # more than one millisecond's 65,536 sequence numbers
    after = new_id()
    assert len(set(bulk)) == len(bulk) == 70_000
    assert [before, *bulk, after] == sorted([before, *bulk, after])
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in bulk[:100])
    assert new_ids(0) == []


# Findings made anew may share a citation object (as those the engine makes per encounter share a rule's).
SHARED_CITATION = Citation(document="1 TAC \u00a7 354.1003", section="(a)", effective=date(2016, 12, 1),
                           url="https://example.org/x")
FINDINGS = st.lists(st.builds(Finding, code=st.text("abc._", min_size=1, max_size=10),
                              severity=st.sampled_from(["error", "warning", "info"]), message=TEXT,
                              path=st.none() | TEXT,
                              citation=st.none() | st.just(SHARED_CITATION) | st.builds(
                                  Citation, document=TEXT, section=TEXT,
                                  effective=st.none() | st.dates(date(2000, 1, 1)))), max_size=4)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(findings=FINDINGS)
def test_findings_encoded_once_are_stored_as_a_core_insert_stores_them(db, findings):
    twice = [*findings, *findings]  # the same finding objects again: from the cache
    for seen in (findings, twice):
        made = findings_json(seen)
        plain = [f.model_dump(mode="json") for f in seen]
        assert made == plain and made.text == json.dumps(plain)
    detail = {"v": 1}
    rows = [{**rejection("C", "r", None, None, detail, date(2025, 1, 2), datetime(2025, 1, 2, tzinfo=UTC), True),
             "detail": findings_json(f)} for f in (findings, twice, [])]
    core, bulk_stored = core_then_bulk(db, Rejection.__table__, rows,
                                       core_rows=[{**r, "detail": list(r["detail"])} for r in rows])
    assert bulk_stored == core


def test_rows_of_a_table_with_a_trigger_are_stored_as_a_core_insert_stores_them(db, monkeypatch):
    """`encounters` (its counts trigger) goes in many rows per statement on SQLite: cut into statements of 3
    here, the rows and the counts its trigger keeps are what a Core insert leaves."""
    monkeypatch.setattr(bulk, "_ROWS_PER_STATEMENT", 3)
    admin = Actor(key_id="t", role="admin")
    with db.writing() as s:
        agency = create_agency(s, AgencyIn.model_validate({
            "name": "A", "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
            "address": {"line1": "1 Main St", "city": "Sampletown", "state": "TX", "zip": "787010001"}}), admin).id
        s.add(Member(id="m1", agency_id=agency, state="TX", medicaid_id="SYN1", first_name="A", last_name="B",
                     date_of_birth=date(1990, 1, 1)))
        s.commit()
    at = datetime(2025, 6, 1, tzinfo=UTC)
    rows = [{"id": f"e{n:04d}", "agency_id": agency, "external_id": f"x{n}", "member_id": "m1", "state": "TX",
             "status": "void" if n % 4 == 3 else "billable", "version": 1, "service_date": date(2025, 1 + n % 3, 5),
             "start_time": time(9, n), "end_time": None if n % 2 else time(10), "hcpcs": "H0038", "modifiers": "",
             "setting": "individual", "rendering_npi": f"100000000{n % 2}", "program": "fee_for_service",
             "payer_id": None if n % 3 else "P1", "units": n, "claim_line_id": None,
             "expected_payment": Decimal("12.34") if n % 2 else None, "filing_deadline": None, "created_at": at,
             "updated_at": at} for n in range(7)]
    with db.writing() as s:
        s.execute(insert(EncounterRow.__table__), rows)
        s.commit()
    core = stored(db, "encounters", "id")
    if db.is_sqlite:  # one change row per encounter not void (migration 0020), until folded into the counts
        assert len(stored(db, "encounter_count_changes", "id")) == sum(r["status"] != "void" for r in rows)
    assert fold_counts(db, at_least=1) > 0
    core_counts = stored(db, "encounter_counts", "id")
    with db.writing() as s:
        s.execute(text("DELETE FROM encounters"))
        insert_rows(s, EncounterRow.__table__, rows)
        s.commit()
    assert stored(db, "encounters", "id") == core
    fold_counts(db, at_least=1)
    assert stored(db, "encounter_count_changes", "id") == []
    # The trigger ran for each row (voids not counted), and the same way.
    expected: dict[tuple[str, str, str], int] = {}
    for r in rows:
        if r["status"] != "void":
            k = (r["service_date"].isoformat()[:7], r["payer_id"] or "", r["rendering_npi"])
            expected[k] = expected.get(k, 0) + 1
    assert sorted((r[1], r[3], r[4], r[5]) for r in core_counts) == sorted((*k, n) for k, n in expected.items())
    assert sorted(stored(db, "encounter_counts", "id")) == sorted(core_counts)


def test_equal_plain_dates_and_naive_times_are_processed_once_and_aware_ones_apart():
    seen: list[Any] = []

    def process(v: Any) -> str:
        seen.append(v)
        return v.isoformat()

    days = [date(2025, 1, 1 + n % 2) for n in range(6)]  # distinct objects, two values
    assert bulk._each(process, days) == [d.isoformat() for d in days] and len(seen) == 2
    seen.clear()
    naive = [time(9, n % 3) for n in range(6)]
    assert bulk._each(process, naive) == [t.isoformat() for t in naive] and len(seen) == 3
    seen.clear()
    # Equal instants written in two zones are stored as written: each is processed on its own.
    aware = [time(12, tzinfo=UTC), time(13, tzinfo=timezone(timedelta(hours=1)))]
    assert aware[0] == aware[1]
    assert bulk._each(process, aware) == ["12:00:00+00:00", "13:00:00+01:00"]
    seen.clear()
    stamps = [datetime(2025, 1, 1, 12, tzinfo=UTC), datetime(2025, 1, 1, 13, tzinfo=timezone(timedelta(hours=1)))]
    assert bulk._each(process, stamps) == [s.isoformat() for s in stamps]
    mixed = [date(2025, 1, 1), datetime(2025, 1, 1), None, date(2025, 1, 1)]
    assert bulk._each(lambda v: repr(v), mixed) == [repr(v) for v in mixed]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(st.sampled_from([(2025, 1, 5), (2025, 2, 28), (2024, 12, 31)]), min_size=1, max_size=12),
       times=st.lists(st.sampled_from([(9, 0, 0), (9, 30, 0), (23, 59, 59, 999999)]), min_size=12, max_size=12))
def test_repeated_dates_and_times_are_stored_as_a_core_insert_stores_them(db, days, times):
    """A batch's rows carry equal dates and times as distinct objects (each encounter parses its own): taken
    once per value on the bulk path, stored exactly as a Core insert stores them."""
    rows = [rejection("C", "r", None, None, {}, date(*d), datetime(2025, 1, 2, tzinfo=UTC), True) for d in days]
    core, bulk_stored = core_then_bulk(db, Rejection.__table__, rows)
    assert bulk_stored == core
    seen: list[Any] = []
    proc = bulk._processor(EncounterRow.__table__.c.start_time.type, db.engine.dialect)
    if proc is not None:  # SQLite's TIME: the bulk path's values equal the column processor's on each object
        got = bulk._each(lambda v: seen.append(v) or proc(v), [time(*t) for t in times])
        assert got == [proc(time(*t)) for t in times] and len(seen) == len(set(times))


CITED = st.lists(st.builds(Finding, code=st.text("abc._", min_size=1, max_size=10), severity=st.just("error"),
                           message=TEXT, path=st.none() | TEXT,
                           citation=st.none() | st.just(SHARED_CITATION) | st.builds(Citation, document=TEXT,
                                                                                     section=TEXT,
                                                          effective=st.none() | st.dates(date(2000, 1, 1)),
                                                          url=st.none() | st.just("https://example.org/x"))),
                 min_size=1, max_size=3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(findings=CITED, pack=st.none() | st.sampled_from(["TX@r1:2025-01-01", "NY@r2:2024-07-01"]))
def test_a_refusals_detail_made_once_per_finding_is_stored_as_a_core_insert_stores_it(db, findings, pack):
    """billing.rejections keeps each finding's detail with its JSON text (the same finding refuses many
    encounters): the detail is what it says, and the rows stored through the bulk path are a Core insert's."""
    from billing.rejections import _detail

    details = [_detail(f, pack) for f in [*findings, *findings]]  # the second time from the cache
    for f, d in zip([*findings, *findings], details, strict=True):
        plain = {"rule_pack": pack, "path": f.path,
                 "citation": f.citation.model_dump(mode="json") if f.citation else None}
        assert d == plain and d.text == json.dumps(plain)
    rows = [{**rejection("C", "r", None, None, {}, date(2025, 1, 2), datetime(2025, 1, 2, tzinfo=UTC), True),
             "detail": d} for d in details]
    core, bulk_stored = core_then_bulk(db, Rejection.__table__, rows,
                                       core_rows=[{**r, "detail": dict(r["detail"])} for r in rows])
    assert bulk_stored == core


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's temporary storage")
def test_sqlite_writes_keep_temporary_storage_in_memory_and_reads_on_file(db):
    """A write's statement journals stay in memory (a batch's trigger-firing inserts spill them otherwise); a
    read on the same pooled connection is back on SQLite's default, which its large sorts run faster on."""
    with db.writing() as s:
        assert s.connection().exec_driver_sql("PRAGMA temp_store").scalar_one() == 2  # MEMORY
        raw = s.connection().connection.dbapi_connection
        s.commit()
    with db.reading() as s:
        assert s.connection().connection.dbapi_connection is raw  # the same connection, from the pool
        assert s.connection().exec_driver_sql("PRAGMA temp_store").scalar_one() == 0  # DEFAULT
