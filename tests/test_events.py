"""Events: written with their change (an outbox), read as a cursor-ordered feed per agency, never with PHI."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from billing.db.models import Encounter as EncounterRow
from billing.events import outbox
from billing.events.feed import list_events
from billing.events.models import EventRow
from billing.x12.payer_sim import Outcome, ack_999, batch_trace, remit_835, status_277ca
from tests.conftest import make_encounter
from tests.test_api_encounters import enc
from tests.test_responses_e2e import PAYER, US, build, ingest

PHI = ("SYN0001", "SYN0002", "SYN0003", "Alex", "Example", "1985-06-15", "F33.1", "100 Test Way", "Sam", "Peer")


def feed(api, as_="ehr", **params) -> list[dict]:
    """Every event, page by page, as an integration reads them."""
    out, after = [], None
    while True:
        r = api.call("GET", "/v1/events", as_=as_, params={**params, "limit": 4, **({"after": after} if after else {})})
        assert r.status_code == 200, r.text
        out += r.json()["items"]
        after = r.json()["next_cursor"]
        if after is None:
            return out


def event_count(db) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(EventRow))


def test_encounters_judged_and_corrected_are_events_without_phi(api, db):
    assert api.call("POST", "/v1/encounters", json=enc(encounter_id="e1")).status_code == 201
    bad = enc(encounter_id="e2", member={"medicaid_id": "SYN0002"}, service={"start_time": "13:00",
                                                                           "end_time": "13:05"})
    assert api.call("POST", "/v1/encounters", json=bad).status_code == 201
    assert api.call("POST", "/v1/encounters", json=enc(encounter_id="e1")).status_code == 200  # a resend: no-op
    fixed = enc(encounter_id="e1", service={"start_time": "09:00", "end_time": "09:30"})
    assert api.call("PUT", "/v1/encounters/e1", json=fixed).status_code == 200
    events = feed(api)
    assert [(e["type"], e["object_id"], e["data"]["version"]) for e in events] == [
        ("encounter.judged", "e1", 1), ("encounter.judged", "e2", 1), ("encounter.judged", "e1", 2)]
    first = events[0]["data"]
    assert first["billable"] is True and first["units"] == 4 and Decimal(first["expected_payment"]) > 0
    assert first["rule_pack"]["state"] == "ZZ"
    assert events[2]["data"]["kind"] == "correction" and events[2]["data"]["units"] == 2
    assert events[1]["data"]["billable"] is False and events[1]["data"]["units"] == 0
    assert {"severity": "error"} in [{"severity": f["severity"]} for f in events[1]["data"]["findings"]]
    assert [int(e["id"].removeprefix("evt_")) for e in events] == sorted(
        int(e["id"].removeprefix("evt_")) for e in events)
    text = json.dumps(events)
    assert not [p for p in PHI if p in text]
    # Per agency: the other agency's integration sees none of them; filters by type.
    assert feed(api, as_="ehr_b") == []
    assert feed(api, as_="billing", types="claim.built") == []
    assert len(feed(api, as_="billing", types="encounter.judged,claim.built")) == 3
    later = api.call("GET", "/v1/events", params={"after": events[1]["id"]}).json()
    assert [e["id"] for e in later["items"]] == [events[2]["id"]]


def test_feed_refuses_bad_cursors_and_types_and_auditors(api):
    assert api.call("GET", "/v1/events", params={"after": "evt_x"}).status_code == 422
    r = api.call("GET", "/v1/events", params={"types": "claim.exploded"})
    assert r.status_code == 422 and "claim.exploded" in r.json()["detail"]
    assert api.call("GET", "/v1/events", as_="auditor").status_code == 403
    assert api.call("GET", "/v1/events", as_="admin").status_code == 403


def test_claims_built_submitted_accepted_paid_denied_and_responses_are_events(api, db):
    f = build(api, db, ["SYN0001", "SYN0002", "SYN0003", "SYN0003"])
    claims = {c.claim_id: c for c in f.claims}
    assert ingest(api, ack_999(f.group_control, f.transaction_control, True, PAYER, US)).status_code == 201
    plan = [(claims["PB0000000001"], Outcome()), (claims["PB0000000002"], Outcome(deny_reason="29")),
            (claims["PB0000000003"], Outcome(deny_lines=(1,)))]
    trace = batch_trace(f.isa_control, f.transaction_control)
    assert ingest(api, status_277ca(plan, PAYER, US, trace)).status_code == 201
    assert ingest(api, remit_835(plan, PAYER, US, f.created.date())).status_code == 201
    events = feed(api, as_="billing")
    by_type: dict[str, list[dict]] = {}
    for e in events:
        by_type.setdefault(e["type"], []).append(e)
    built = {e["data"]["claim_control"]: e["data"] for e in by_type["claim.built"]}
    assert sorted(built) == ["PB0000000001", "PB0000000002", "PB0000000003"]
    two = built["PB0000000003"]
    assert [ln["encounter_id"] for ln in two["lines"]] == ["e2", "e3"] and two["status"] == "built"
    assert Decimal(two["total_charge"]) == sum(Decimal(ln["charge"]) for ln in two["lines"])
    assert len(by_type["claim.submitted"]) == 3 and len(by_type["claim.accepted"]) == 3
    assert [e["data"]["claim_control"] for e in by_type["claim.paid"]] == ["PB0000000001"]
    assert [e["data"]["claim_control"] for e in by_type["claim.denied"]] == ["PB0000000002"]
    partial = by_type["claim.partially_paid"][0]["data"]
    assert partial["claim_control"] == "PB0000000003" and Decimal(partial["paid"]) > 0
    assert partial["codes"]["835"]["clp02"] in ("1", "2", "3")
    denied_line = [e["data"] for e in by_type["claim_line.denied"] if e["data"]["claim_control"] == "PB0000000003"]
    assert [d["line_control"] for d in denied_line] == ["PB0000000003L2"] and Decimal(denied_line[0]["paid"]) == 0
    assert [e["data"]["kind"] for e in by_type["response.ingested"]] == ["999", "277CA", "835"]
    assert not [p for p in PHI if p in json.dumps(events)]
    # The same file again changes nothing, so tells nothing.
    before = event_count(db)
    assert ingest(api, remit_835(plan, PAYER, US, f.created.date())).json()["duplicate"] is True
    assert event_count(db) == before


def test_a_rejection_and_an_unmatched_item_are_events(api, db):
    f = build(api, db, ["SYN0001"])
    assert ingest(api, ack_999(f.group_control, f.transaction_control, False, PAYER, US)).status_code == 201
    stranger = f.claims[0].model_copy(update={"claim_id": "XX0000000099"})
    assert ingest(api, remit_835([(stranger, Outcome())], PAYER, US, f.created.date())).status_code == 201
    types = [e["type"] for e in feed(api, as_="billing")]
    assert types.count("claim.rejected") == 1 and types.count("unmatched_item.created") == 1
    unmatched = feed(api, as_="billing", types="unmatched_item.created")[0]["data"]
    assert unmatched["claim_id"] is None and unmatched["codes"]["patient_control"] == "XX0000000099"


def test_a_failing_change_writes_no_event_and_a_failing_event_undoes_the_change(api, db, monkeypatch):
    from billing import intake
    from billing.access import Actor
    from billing.events import outbox

    service = api.client.app.state.intake
    who = Actor(key_id="k", role="ehr", agency_ids=(api.a,))

    def broken(*_a, **_k):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(intake.Intake, "_fill_unchanged", broken)  # fails after the rows are written
    with pytest.raises(RuntimeError):
        service.submit(who, [(0, make_encounter(encounter_id="x1"))])
    monkeypatch.undo()
    monkeypatch.setattr(outbox, "_insert", broken)  # the change is fine; writing its event fails
    with pytest.raises(RuntimeError):
        service.submit(who, [(0, make_encounter(encounter_id="x2"))])
    monkeypatch.undo()
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(EncounterRow)) == 0
    assert event_count(db) == 0
    service.submit(who, [(0, make_encounter(encounter_id="x3"))])
    assert [e["object_id"] for e in feed(api)] == ["x3"]


def test_a_rejudge_tells_each_new_verdict(db):
    from billing.rules import Registry
    from billing.whatif.rejudge import rejudge
    from billing.whatif.stored import Scope
    from tests.test_whatif import CITE, edited, new_agency, post, session

    who = new_agency(db)
    post(db, who, [session(1, start=9), session(2, start=10)])
    cap = [{"from": "2020-01-01", "cite": CITE, "id": "daily", "services": ["H0038"], "units": 6,
            "window": "day", "on_exceed": "deny"}]
    rejudge(db, who, Scope(who.agency_ids, "ZZ"), Registry({"ZZ": edited(caps=cap)}))
    with db.reading() as s:
        rows = s.execute(select(EventRow.type, EventRow.object_id, EventRow.data).order_by(EventRow.id)).all()
    assert [(t, o) for t, o, _ in rows] == [("encounter.judged", "s1"), ("encounter.judged", "s2"),
                                            ("encounter.rejudged", "s1"), ("encounter.rejudged", "s2")]
    assert [(d["version"], d["units"], d["kind"]) for _, _, d in rows[2:]] == [(2, 4, "rejudge"), (2, 2, "rejudge")]


def test_a_reader_polling_during_concurrent_writes_misses_no_event(api, db, monkeypatch):
    """Ids are numbered in commit order per agency, so `after=<last seen>` never skips an event committed late
    (each writer lingers between numbering its events and committing, where a race would show)."""
    import random
    import threading
    import time

    from billing.access import Actor
    from billing.events import outbox

    numbered = outbox._insert

    def lingering(*args, **kw) -> None:
        numbered(*args, **kw)
        time.sleep(random.uniform(0, 0.03))

    monkeypatch.setattr(outbox, "_insert", lingering)

    service = api.client.app.state.intake
    who = Actor(key_id="k", role="ehr", agency_ids=(api.a,))
    seen: list[str] = []
    done = threading.Event()

    def write(t: int) -> None:
        for b in range(4):
            service.submit(who, [(i, make_encounter(encounter_id=f"t{t}b{b}i{i}", member={"medicaid_id": f"SYN{t}{i}"},
                                                    service={"start_time": f"{8 + b:02d}:00",
                                                             "end_time": f"{8 + b:02d}:30"}))
                                 for i in range(5)])

    def poll() -> None:
        after = None
        while True:
            last = done.is_set()
            with db.reading() as s:
                page = list_events(s, api.a, after, None, 1000)
            seen.extend(e.id for e in page.items)
            after = page.items[-1].id if page.items else after
            if last and not page.items:
                return

    writers = [threading.Thread(target=write, args=(t,)) for t in range(3)]
    reader = threading.Thread(target=poll)
    reader.start()
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    done.set()
    reader.join()
    with db.reading() as s:
        every = [f"evt_{n}" for n in s.scalars(select(EventRow.id).order_by(EventRow.id))]
    assert len(every) == 60 and seen == every


@pytest.mark.parametrize("statement_first", [False, True])
def test_a_rollback_drops_queued_events_even_before_any_statement(api, db, statement_first):
    """No event without its change: events queued on a session and rolled back are never written by the
    session's next commit, whether or not a statement had opened a database transaction first."""
    from sqlalchemy import text

    from billing.events import outbox

    before = event_count(db)
    with db.writing() as s:
        if statement_first:
            s.execute(text("SELECT 1"))
        outbox.emit(s, api.a, "encounter.judged", "rolled-back", {"billable": True})
        s.rollback()
        s.execute(text("SELECT 1"))
        s.commit()
    assert event_count(db) == before
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(EventRow).where(EventRow.object_id == "rolled-back")) == 0


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(version=st.integers(1, 10**6), kind=st.sampled_from(["original", "correction", "rejudge"]),
       billable=st.none() | st.booleans(), units=st.none() | st.integers(0, 10**4),
       money=st.none() | st.decimals(min_value=Decimal("-99999.99"), max_value=Decimal("99999.99"), places=2),
       findings=st.none() | st.lists(st.fixed_dictionaries({"code": _TEXT, "severity": _TEXT, "message": _TEXT}),
                                     max_size=4),
       pack=st.none() | st.tuples(st.sampled_from(["TX", "NY", "ZZ"]), st.none() | _TEXT,
                                  st.none() | st.integers(0, 99)),
       encounter_id=_TEXT)
def test_an_encounter_event_is_written_as_json_would_write_it(version, kind, billable, units, money, findings,
                                                                pack, encounter_id):
    """The `encounter.judged` data is built from cached parts with its text (billing.events.outbox.judged_data):
    the text is exactly json.dumps of the data, and the data what the version row says (no message: PHI)."""
    row = {"version": version, "kind": kind, "billable": billable, "units": units, "expected_payment": money,
           "findings": findings, "pack_state": pack[0] if pack else None, "pack_plan": pack[1] if pack else None,
           "pack_revision": pack[2] if pack else None}
    for _ in range(2):  # the second time from the cache
        data = outbox.judged_data(encounter_id, row)
        assert data.text == json.dumps(data)
        assert data == {
            "encounter_id": encounter_id, "version": version, "kind": kind, "billable": billable, "units": units,
            "expected_payment": None if money is None else str(money),
            "findings": [{"code": f["code"], "severity": f["severity"]} for f in findings or []],
            "rule_pack": {"state": pack[0], "plan": pack[1], "revision": pack[2]} if pack else None}
