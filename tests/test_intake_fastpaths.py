"""Intake's shortcuts give exactly what the long way gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from billing.intake import _sent_as_written
from billing.x12.text import clean

NAMES = st.text(st.sampled_from("abcXYZ019 -.'&éßıſ\t*:~^"), max_size=40) | st.text(max_size=40)


@given(value=NAMES, max_len=st.integers(1, 60))
def test_a_value_taken_as_sent_as_written_is_what_clean_sends(value, max_len):
    if _sent_as_written(value, max_len):
        assert clean(value, max_len) == " ".join(value.upper().split()) == value.upper()


@given(value=st.text(st.sampled_from("ABCdef 019-.'"), min_size=1, max_size=30).filter(
    lambda v: v == " ".join(v.split())))
def test_plain_names_take_the_shortcut(value):
    assert _sent_as_written(value, 60)


def _batch() -> list:
    """Twenty members' sessions, and four more for the first member's day: the last goes over its daily cap
    (refused, with rejection rows)."""
    from schemas.encounter import Encounter as EncounterIn
    from tests.test_api_encounters import enc

    docs = [enc(encounter_id=f"f{i}", member={"medicaid_id": f"SYN{2000 + i}"},
                service={"start_time": f"{2 + i // 2:02d}:{30 * (i % 2):02d}", "end_time": f"{3 + i // 2:02d}:00"})
            for i in range(20)]
    docs += [enc(encounter_id=f"g{k}", member={"medicaid_id": "SYN2000"},
                 service={"start_time": f"{14 + k:02d}:00", "end_time": f"{15 + k:02d}:00"}) for k in range(4)]
    return [(i, EncounterIn.model_validate(d)) for i, d in enumerate(docs)]


def _stored(db, agency: str) -> dict[str, list]:
    """What the agency's batch stored, with ids, agency and times left out (members and encounters named by
    their Medicaid and EHR ids)."""
    from sqlalchemy import text

    out: dict[str, list] = {}
    with db.engine.connect() as c:
        def rows(sql: str) -> list:
            return sorted(tuple(str(v) for v in r) for r in c.execute(text(sql), {"a": agency}))

        out["encounters"] = rows(
            "SELECT e.external_id, m.medicaid_id, e.state, e.status, e.version, e.service_date, e.start_time, "
            "e.end_time, e.hcpcs, e.modifiers, e.setting, e.rendering_npi, e.units, e.expected_payment, e.program, "
            "e.payer_id, e.filing_deadline FROM encounters e JOIN members m ON m.id = e.member_id "
            "WHERE e.agency_id = :a")
        out["versions"] = rows(
            "SELECT e.external_id, v.version, v.kind, v.payload, v.payload_hash, v.created_by, v.billable, v.units, "
            "v.minutes, v.rate, v.expected_payment, v.filing_deadline, v.findings, v.pack_state, v.pack_plan, "
            "v.pack_revision, v.pack_in_force_since, v.as_of, v.pack_program, v.rate_code, v.claim_form, v.add_ons, "
            "v.code_set FROM encounter_versions v JOIN encounters e ON e.id = v.encounter_id "
            "WHERE e.agency_id = :a")
        out["audit"] = rows("SELECT actor, actor_role, action, object_type, object_id, detail FROM audit_events "
                            "WHERE agency_id = :a AND action LIKE 'encounter.%'")
        out["rejections"] = rows(
            "SELECT r.source, r.code, r.reason, r.is_primary, r.state, r.payer_id, r.provider_npi, m.medicaid_id, "
            "r.service_date, e.external_id, r.encounter_version, r.detail FROM rejections r "
            "JOIN members m ON m.id = r.member_id JOIN encounters e ON e.id = r.encounter_id WHERE r.agency_id = :a")
        out["events"] = rows("SELECT type, object_id, data FROM events WHERE agency_id = :a")
    return out


def test_rows_made_before_the_write_lock_are_the_rows_made_under_it(api, db, monkeypatch):
    """A batch is written from rows made with its verdicts before the write lock (the usual case). The same
    documents posted for another agency, with every row made under the lock instead, store the same rows."""
    from billing import intake as intake_mod
    from billing.access import Actor

    made: list[str] = []
    real = intake_mod._new_rows

    def counted(*args, **kw):
        made.append(args[2].encounter_id)
        return real(*args, **kw)

    monkeypatch.setattr(intake_mod, "_new_rows", counted)
    svc = api.client.app.state.intake
    batch = _batch()
    ahead = svc.submit(Actor(key_id="t", role="ehr", agency_ids=(api.a,), request_id="t"), batch)
    assert len(made) == len(batch)  # each item's rows made once, before the lock, and used
    monkeypatch.setattr(intake_mod._Reuse, "rows", lambda self, index, member_id: None)
    made.clear()
    under = svc.submit(Actor(key_id="t", role="ehr", agency_ids=(api.b,), request_id="t"), batch)
    assert len(made) == 2 * len(batch)  # made before the lock, then again under it
    assert [(o.status, o.verdict) for o in ahead] == [(o.status, o.verdict) for o in under]
    assert [o.verdict.billable for o in ahead[-4:]] == [True, True, True, False]  # the cap refuses the last
    first, second = _stored(db, api.a), _stored(db, api.b)
    assert all(first[k] for k in first) and first == second


def test_a_batch_written_partly_from_rows_made_before_the_lock_stores_the_same_rows_at_one_time(api, db,
                                                                                                monkeypatch):
    """Items whose rows were made before the write lock are written beside items whose rows are made under it
    (a verdict judged again, a member stored meanwhile): the batch stores what it stores the usual way, in item
    order, and every row of it carries the batch's one time."""
    from sqlalchemy import text

    from billing import intake as intake_mod
    from billing.access import Actor

    svc = api.client.app.state.intake
    batch = _batch()
    ahead = svc.submit(Actor(key_id="t", role="ehr", agency_ids=(api.a,), request_id="t"), batch)
    real_rows = intake_mod._Reuse.rows
    monkeypatch.setattr(intake_mod._Reuse, "rows",
                        lambda self, index, member_id: None if index % 3 == 1 else real_rows(self, index, member_id))
    mixed = svc.submit(Actor(key_id="t", role="ehr", agency_ids=(api.b,), request_id="t"), batch)
    assert [(o.status, o.verdict) for o in ahead] == [(o.status, o.verdict) for o in mixed]
    assert _stored(db, api.a) == _stored(db, api.b)
    at = mixed[0].at
    assert at is not None and all(o.at == at for o in mixed)
    with db.engine.connect() as c:
        def times(sql: str) -> set:
            return {str(v) for (v,) in c.execute(text(sql), {"a": api.b})}

        stamped = (times("SELECT created_at FROM encounters WHERE agency_id = :a")
                   | times("SELECT updated_at FROM encounters WHERE agency_id = :a")
                   | times("SELECT v.created_at FROM encounter_versions v JOIN encounters e ON e.id = v.encounter_id "
                           "WHERE e.agency_id = :a")
                   | times("SELECT at FROM audit_events WHERE agency_id = :a AND action = 'encounter.create'")
                   | times("SELECT at FROM rejections WHERE agency_id = :a"))
        order = [r[0] for r in c.execute(text(
            "SELECT object_id FROM audit_events WHERE agency_id = :a AND action = 'encounter.create' ORDER BY id"),
            {"a": api.b})]
    assert len(stamped) == 1  # one time for the whole batch, in every table
    assert order == [e.encounter_id for _, e in batch]  # the audit trail in item order
