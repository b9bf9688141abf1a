"""Nothing half-written, nothing twice, no cap slipped under concurrency."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from billing import intake as intake_mod
from billing.db.models import Encounter, EncounterVersion
from tests.conftest import ON_POSTGRES, base_encounter_dict
from tests.test_api_encounters import enc


def race(run, clients: int) -> None:
    """`run(client)` for every client at once, each on its own thread."""
    threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def counts(db):
    with db.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Encounter, EncounterVersion))


def test_a_failure_in_the_middle_of_a_batch_leaves_nothing_half_written(api, db, monkeypatch):
    real_flush = intake_mod._Writes.flush

    def flush_then_fail_on_poison(self, s, at):
        real_flush(self, s, at)  # rows are written in the transaction ...
        if any(e["object_id"] == "poison" for e in self.events):
            raise IntegrityError("INSERT", {}, Exception("simulated clash"))  # ... then it fails

    monkeypatch.setattr(intake_mod._Writes, "flush", flush_then_fail_on_poison)
    items = [enc(encounter_id=n, service={"start_time": f"{8 + i:02d}:00", "end_time": f"{8 + i:02d}:15"})
             for i, n in enumerate(["ok1", "poison", "ok2"])]
    out = api.call("POST", "/v1/encounters/batch", json={"items": items}).json()
    assert [i["status"] for i in out["items"]] == [201, 409, 201]
    assert counts(db) == (2, 2)  # every stored encounter has its version and verdict; poison left no trace
    with db.reading() as s:
        unjudged = select(func.count()).select_from(EncounterVersion).where(EncounterVersion.billable.is_(None))
        assert s.scalar(unjudged) == 0


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks under real concurrency are a PostgreSQL matter")
def test_eight_clients_racing_never_duplicate_nor_exceed_a_cap(api, db):
    members = [f"SYN{n:04d}" for n in range(4)]
    # Each client posts 12 one-hour sessions (4 units) spread over the same members and day: 48 units per
    # member requested across clients, against a daily cap of 16. Clients also resend each other's ids.
    def payloads(client: int):
        for k in range(12):
            member = members[(client + k) % 4]
            hour = 6 + (client * 12 + k) % 14
            yield enc(encounter_id=f"r{(client * 12 + k) % 60}", member={"medicaid_id": member},
                      service={"start_time": f"{hour:02d}:00", "end_time": f"{hour:02d}:59"})

    errors: list[str] = []

    def run(client: int):
        try:
            for p in payloads(client):
                r = api.call("POST", "/v1/encounters", json=p)
                if r.status_code not in (200, 201, 409):
                    errors.append(f"{r.status_code} {r.text}")
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(repr(exc))

    race(run, 8)
    assert errors == []
    with db.reading() as s:
        rows = s.execute(select(Encounter.external_id, Encounter.member_id, Encounter.service_date,
                                Encounter.units)).all()
    ids = [r.external_id for r in rows]
    assert len(ids) == len(set(ids)) == 60
    per_member: dict[str, int] = {}
    for r in rows:
        per_member[r.member_id] = per_member.get(r.member_id, 0) + r.units
    assert per_member and max(per_member.values()) <= 16


def test_two_databases_agree_on_money(api, db):
    """Money survives the round trip exactly (stored as whole cents)."""
    r = api.call("POST", "/v1/encounters", json=json.loads(json.dumps(base_encounter_dict(), default=str)))
    assert r.json()["verdict"]["expected_payment"] == "49.38" and r.json()["verdict"]["rate"] == "12.345"


def test_a_verdict_judged_before_the_write_lock_is_judged_again_if_history_changed_meanwhile(api, db, monkeypatch):
    """Batches are judged before the write lock and kept only where the member's and peer-day's stored history
    did not change meanwhile. Here another request fills one member's daily cap in between."""
    from billing.access import Actor
    from billing.intake import SPECULATE_FROM, Intake
    from schemas.encounter import Encounter as EncounterIn

    intake: Intake = api.client.app.state.intake
    ehr = Actor(key_id="t", role="ehr", agency_ids=(api.a,), request_id="t")
    batch = [(i, EncounterIn.model_validate(enc(encounter_id=f"s{i}", member={"medicaid_id": f"SYN{1000 + i}"},
                                                service={"start_time": f"{2 + i:02d}:00",
                                                         "end_time": f"{3 + i:02d}:00"})))
             for i in range(SPECULATE_FROM)]
    last = SPECULATE_FROM - 1
    full_day = EncounterIn.model_validate(enc(encounter_id="other", member={"medicaid_id": f"SYN{1000 + last}"},
                                              rendering={"npi": "1003000126"},
                                              service={"start_time": "13:00", "end_time": "17:00"}))
    real = Intake._speculate
    guessed: list = []

    def speculate_then_another_request_writes(self, agency, items, *pinned):
        guess = real(self, agency, items, *pinned)
        guessed.append(guess)
        assert self.submit(ehr, [(0, full_day)])[0].verdict.units == 16  # one item: not speculated
        return guess

    monkeypatch.setattr(Intake, "_speculate", speculate_then_another_request_writes)
    out = intake.submit(ehr, batch)
    assert guessed and guessed[0].verdicts[last].units == 4  # before the lock, the member's day looked empty
    judged_again = out[last].verdict
    assert judged_again.units == 0 and not judged_again.billable
    assert "units.cap_exceeded" in {f.code for f in judged_again.findings}
    assert all(o.verdict.units == 4 and o.verdict.billable for o in out[:last])
    assert [o.index for o in out[:last] if o.verdict is not guessed[0].verdicts[o.index]] == []  # reused


def _batch_and_full_day():
    """SPECULATE_FROM sessions of different members, and a 4-hour session by another peer that fills the last
    member's day (a daily cap of 16 units)."""
    from billing.intake import SPECULATE_FROM
    from schemas.encounter import Encounter as EncounterIn

    batch = [(i, EncounterIn.model_validate(enc(encounter_id=f"s{i}", member={"medicaid_id": f"SYN{1000 + i}"},
                                                service={"start_time": f"{2 + i:02d}:00",
                                                         "end_time": f"{3 + i:02d}:00"})))
             for i in range(SPECULATE_FROM)]
    last = f"SYN{1000 + SPECULATE_FROM - 1}"
    full_day = EncounterIn.model_validate(enc(encounter_id="other", member={"medicaid_id": last},
                                              rendering={"npi": "1003000126"},
                                              service={"start_time": "13:00", "end_time": "17:00"}))
    return batch, full_day


def _counting_history(monkeypatch) -> list[int]:
    from billing.intake import Intake

    calls: list[int] = []
    real = Intake._history

    def history(self, s, agency, members, encs):
        calls.append(len(encs))
        return real(self, s, agency, members, encs)

    monkeypatch.setattr(Intake, "_history", history)
    return calls


def test_history_is_read_once_for_a_batch_when_nothing_was_committed_since_the_speculative_read(api, db,
                                                                                                 monkeypatch):
    """SQLite: the speculative read and the write share a connection, and no other connection committed in
    between (PRAGMA data_version), so the write reuses the read. PostgreSQL reads again under its row locks."""
    from billing.access import Actor

    intake = api.client.app.state.intake
    ehr = Actor(key_id="t", role="ehr", agency_ids=(api.a,), request_id="t")
    batch, full_day = _batch_and_full_day()
    assert intake.submit(ehr, [(0, full_day)])[0].verdict.units == 16
    calls = _counting_history(monkeypatch)
    out = intake.submit(ehr, batch)
    assert len(calls) == (2 if ON_POSTGRES else 1)
    assert out[-1].verdict.units == 0 and "units.cap_exceeded" in {f.code for f in out[-1].verdict.findings}
    assert all(o.status == 201 and o.verdict.units == 4 for o in out[:-1])


def test_a_void_committed_by_another_connection_after_the_speculative_read_is_seen_under_the_lock(api, db,
                                                                                                  monkeypatch):
    """The session that filled the member's day is voided in between: on SQLite through a connection of its own
    (as another worker process would), which only SQLite's data_version can tell; the batch is read again."""
    import sqlite3

    from billing.access import Actor
    from billing.intake import Intake

    intake = api.client.app.state.intake
    ehr = Actor(key_id="t", role="ehr", agency_ids=(api.a,), request_id="t")
    batch, full_day = _batch_and_full_day()
    assert intake.submit(ehr, [(0, full_day)])[0].verdict.units == 16
    real = Intake._speculate
    guessed: list = []

    def speculate_then_void_elsewhere(self, agency, items, *pinned):
        guess = real(self, agency, items, *pinned)
        guessed.append(guess)
        if ON_POSTGRES:
            assert self.void(ehr, "other").status == 200
        else:
            other = sqlite3.connect(db.engine.url.database)
            other.execute("UPDATE encounters SET status = 'void' WHERE external_id = 'other'")
            other.commit()
            other.close()
        return guess

    monkeypatch.setattr(Intake, "_speculate", speculate_then_void_elsewhere)
    calls = _counting_history(monkeypatch)
    out = intake.submit(ehr, batch)
    assert guessed and guessed[0].verdicts[len(batch) - 1].units == 0  # the day looked full before the lock
    assert len(calls) == 2  # read again under the lock
    assert out[-1].verdict.units == 4 and out[-1].verdict.billable
    assert all(o.status == 201 and o.verdict.units == 4 for o in out)


def test_clients_racing_with_batches_never_exceed_a_cap(api, db):
    """Batches big enough to be judged before the write lock, racing on the same members and days."""
    from billing.intake import SPECULATE_FROM

    members = [f"SYN{n:04d}" for n in range(3)]

    def batch(client: int) -> list[dict]:
        return [enc(encounter_id=f"c{client}-{k}", member={"medicaid_id": members[k % 3]},
                    service={"start_time": f"{6 + k % 14:02d}:00", "end_time": f"{6 + k % 14:02d}:59"})
                for k in range(SPECULATE_FROM + 4)]

    errors: list[str] = []

    def run(client: int) -> None:
        for attempt in range(2):  # the second send is a resend: nothing changes
            r = api.call("POST", "/v1/encounters/batch", json={"items": batch(client)})
            if r.status_code != 200 or r.json()["failed"]:
                errors.append(f"{attempt} {r.status_code} {r.text[:300]}")

    race(run, 4)
    assert errors == []
    with db.reading() as s:
        rows = s.execute(select(Encounter.member_id, Encounter.units)).all()
    assert len(rows) == 4 * (SPECULATE_FROM + 4)
    per_member: dict[str, int] = {}
    for r in rows:
        per_member[r.member_id] = per_member.get(r.member_id, 0) + r.units
    assert max(per_member.values()) == 16  # every member asked for far more than the daily cap of 16


def _writes_counted(monkeypatch) -> list[int]:
    """The number of items of each write transaction (Intake._submit) from now on."""
    from billing.intake import Intake

    writes: list[int] = []
    real = Intake._submit

    def submit_counted(self, s, actor, agency, items, *rest):
        writes.append(len(items))
        return real(self, s, actor, agency, items, *rest)

    monkeypatch.setattr(Intake, "_submit", submit_counted)
    return writes


def _then_meanwhile(monkeypatch, write) -> list:
    """Every batch's speculative read is followed by `write(intake)`, another request's; the guesses made."""
    from billing.intake import Intake

    real = Intake._speculate
    guessed: list = []

    def speculate_then_another_request_writes(self, *args):
        guess = real(self, *args)
        guessed.append(guess)
        write(self)
        return guess

    monkeypatch.setattr(Intake, "_speculate", speculate_then_another_request_writes)
    return guessed


def test_rows_made_before_the_lock_name_a_member_another_request_stored_meanwhile(api, db, monkeypatch):
    """A batch's rows are made with its verdicts before the write lock, with an id planned for each member not
    stored yet. Another request stores the batch's first member meanwhile, with an id of its own (a session
    years earlier, so the verdicts still hold): the batch's encounter names the stored member, in one write."""
    from billing.access import Actor
    from billing.db.models import Member
    from schemas.encounter import Encounter as EncounterIn

    intake = api.client.app.state.intake
    ehr = Actor(key_id="t", role="ehr", agency_ids=(api.a,), request_id="t")
    batch, _ = _batch_and_full_day()
    first = batch[0][1]
    elsewhere = EncounterIn.model_validate(enc(encounter_id="elsewhere", service={"date": "2021-03-04"},
                                               member={"medicaid_id": first.member.medicaid_id}))
    guessed = _then_meanwhile(monkeypatch, lambda i: i.submit(ehr, [(0, elsewhere)]))
    writes = _writes_counted(monkeypatch)
    out = intake.submit(ehr, batch)
    planned = guessed[0].new_members[(first.payer.state, first.member.medicaid_id)]
    with db.reading() as s:
        stored = s.scalars(select(Member.id).where(Member.medicaid_id == first.member.medicaid_id)).all()
        named = s.scalar(select(Encounter.member_id).where(Encounter.external_id == first.encounter_id))
    assert len(stored) == 1 and stored[0] != planned and named == stored[0]
    assert out[0].verdict is guessed[0].verdicts[0]  # the verdict held; only its rows were made again
    assert writes == [1, len(batch)]  # the other request, then the batch whole (no clash retried item by item)
    assert all(o.status == 201 for o in out) and counts(db) == (len(batch) + 1, len(batch) + 1)


def test_an_encounter_another_request_stored_meanwhile_is_not_written_twice(api, db, monkeypatch):
    """The batch's rows were made as if every encounter were new; one was stored by another request meanwhile
    (the same payload): it is answered as stored, and written once."""
    from billing.access import Actor

    intake = api.client.app.state.intake
    ehr = Actor(key_id="t", role="ehr", agency_ids=(api.a,), request_id="t")
    batch, _ = _batch_and_full_day()
    taken = batch[1][1]
    _then_meanwhile(monkeypatch, lambda i: i.submit(ehr, [(0, taken)]))
    out = intake.submit(ehr, batch)
    with db.reading() as s:
        copies = s.scalar(select(func.count()).select_from(Encounter)
                          .where(Encounter.external_id == taken.encounter_id))
    assert copies == 1 and out[1].status == 200 and out[1].version == 1 and out[1].verdict is not None
    assert [o.status for o in out if o.index != 1] == [201] * (len(batch) - 1)
    assert counts(db) == (len(batch), len(batch))


@pytest.mark.parametrize("fillers", [0, intake_mod.SPECULATE_FROM])
def test_a_peers_stored_session_with_another_member_overlaps_a_later_one(api, fillers):
    """The peer-day history (an index probe per peer and day of the batch): a session stored earlier by the same
    peer, with another member, at an overlapping time makes the later one `overlap.rendering`; once voided it
    does not. With fillers the batch is judged before the write lock, and probes a day per filler too."""
    first = enc(encounter_id="p1", member={"medicaid_id": "SYN3001"}, service={"start_time": "09:00",
                                                                               "end_time": "10:00"})
    assert api.call("POST", "/v1/encounters", json=first).status_code == 201

    def batch(tag: str) -> list[dict]:
        later = enc(encounter_id=f"p2{tag}", member={"medicaid_id": "SYN3002"},
                    service={"start_time": "09:30", "end_time": "10:30"})
        return [later, *(enc(encounter_id=f"f{tag}{i}", member={"medicaid_id": f"SYN31{i:02d}"},
                             service={"date": f"2025-02-{1 + i:02d}"}) for i in range(fillers))]

    def codes(tag: str) -> list[str]:
        r = api.call("POST", "/v1/encounters/batch", json={"items": batch(tag)})
        assert r.status_code == 200 and r.json()["created"] == 1 + fillers, r.text
        return [f["code"] for f in r.json()["items"][0]["verdict"]["findings"]]

    assert "overlap.rendering" in codes("a")
    assert api.call("DELETE", "/v1/encounters/p1").status_code == 200
    assert api.call("DELETE", "/v1/encounters/p2a").status_code == 200
    assert "overlap.rendering" not in codes("b")
