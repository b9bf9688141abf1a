"""Migrations go up and down cleanly, and the models match the migrated schema."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from billing.db.connection import alembic_config
from billing.db.models import Base
from tests.conftest import ON_POSTGRES, TEST_DB


@contextmanager
def scratch_database(tmp_path) -> Iterator[str]:
    """A database of its own, so dropping tables never touches the one other tests share."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    name = f"peerbill_migr_{uuid.uuid4().hex[:8]}"
    admin = create_engine(TEST_DB, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DB).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_downgrade_upgrade_and_no_drift(tmp_path):
    with scratch_database(tmp_path) as url:
        cfg = alembic_config(url)
        command.upgrade(cfg, "head")
        command.downgrade(cfg, "base")
        command.upgrade(cfg, "head")
        engine = create_engine(url)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        engine.dispose()
    assert diff == []


def test_upgrading_a_database_with_refused_encounters_back_fills_their_rejections(tmp_path):
    """A database at 0003 (before the rejections table) holding a refused encounter: after the upgrade its
    error findings are rows auditors can query, and the encounter carries its filing deadline."""
    from datetime import UTC, date, datetime

    from sqlalchemy import MetaData, Table, select

    from schemas.encounter import Encounter
    from tests.conftest import base_encounter_dict

    enc = Encounter.model_validate(base_encounter_dict())
    now = datetime(2025, 3, 10, tzinfo=UTC)
    finding = {"code": "units.cap_exceeded", "severity": "error", "message": "Over the daily cap.",
               "path": "service", "citation": {"document": "Synthetic manual", "section": "4.2",
                                               "effective": "2020-01-01", "url": None, "confidence": "verified"}}
    with scratch_database(tmp_path) as url:
        cfg = alembic_config(url)
        command.upgrade(cfg, "0003")
        engine = create_engine(url)
        meta = MetaData()
        t = {n: Table(n, meta, autoload_with=engine) for n in ("agencies", "members", "encounters",
                                                                "encounter_versions")}
        with engine.begin() as c:
            c.execute(t["agencies"].insert(), [{"id": "a1", "name": "A", "npi": "1992999999", "tax_id": "1",
                                                "taxonomy": "x", "address_line1": "1", "city": "c", "state": "TX",
                                                "zip": "787010001", "created_at": now}])
            c.execute(t["members"].insert(), [{"id": "m1", "agency_id": "a1", "state": "ZZ", "medicaid_id": "SYN1",
                                               "first_name": "A", "last_name": "B", "date_of_birth": date(1990, 1, 1)}])
            c.execute(t["encounters"].insert(), [{
                "id": "e1", "agency_id": "a1", "external_id": "case-0001", "member_id": "m1", "state": "ZZ",
                "status": "not_billable", "version": 1, "service_date": enc.service.date, "hcpcs": "H0038",
                "modifiers": "", "setting": "individual", "rendering_npi": enc.rendering.npi,
                "program": "fee_for_service", "units": 0, "created_at": now, "updated_at": now}])
            c.execute(t["encounter_versions"].insert(), [{
                "id": "v1", "encounter_id": "e1", "version": 1, "kind": "original", "payload": enc.model_dump_json(),
                "payload_hash": "h", "created_at": now, "created_by": "k", "request_id": "r", "billable": False,
                "units": 0, "filing_deadline": date(2025, 9, 30), "findings": [finding], "pack_state": "ZZ",
                "pack_revision": 3, "pack_in_force_since": date(2020, 1, 1)}])
        command.upgrade(cfg, "head")
        meta = MetaData()
        rejections = Table("rejections", meta, autoload_with=engine)
        encounters = Table("encounters", meta, autoload_with=engine)
        counts = Table("encounter_counts", meta, autoload_with=engine)
        with engine.connect() as c:
            rows = c.execute(select(rejections)).mappings().all()
            deadline = c.scalar(select(encounters.c.filing_deadline))
            counted = c.execute(select(counts.c.agency_id, counts.c.month, counts.c.state, counts.c.payer_id,
                                       counts.c.rendering_npi, counts.c.encounters)).all()
        engine.dispose()
    assert len(rows) == 1 and deadline == date(2025, 9, 30)
    # The summary's denominators (0018) are back-filled from the encounters already stored.
    assert [tuple(r) for r in counted] == [("a1", enc.service.date.isoformat()[:7], "ZZ", "", enc.rendering.npi, 1)]
    r = rows[0]
    assert (r["source"], r["code"], r["encounter_id"], r["member_id"], r["state"]) == (
        "engine", "units.cap_exceeded", "e1", "m1", "ZZ")
    assert r["service_date"] == enc.service.date and r["provider_npi"] == enc.rendering.npi and r["is_primary"]
    assert r["detail"]["rule_pack"] == "ZZ@r3:2020-01-01" and r["detail"]["citation"]["section"] == "4.2"


@pytest.mark.skipif(ON_POSTGRES, reason="0020 changes SQLite's trigger only")
def test_sqlite_counts_appended_then_downgraded_keep_every_encounter(tmp_path):
    """At 0020 SQLite appends a change row per new encounter; going back to 0019 folds them into the counts (whose
    trigger then adds in place again), and up once more the counts stay whole."""
    from datetime import UTC, date, datetime

    now = datetime(2025, 3, 10, tzinfo=UTC).isoformat(" ")

    def add(c, n: int, npi: str) -> None:
        c.execute(text("INSERT INTO encounters (id, agency_id, external_id, member_id, state, status, version, "
                       "service_date, hcpcs, modifiers, setting, rendering_npi, units, created_at, updated_at, "
                       "program) VALUES (:id, 'a1', :id, 'm1', 'ZZ', 'billable', 1, :day, 'H0038', '', "
                       "'individual', :npi, 4, :now, :now, 'fee_for_service')"),
                  {"id": f"e{n}", "day": date(2025, 3, 1 + n).isoformat(), "npi": npi, "now": now})

    def counts(c) -> tuple[list[tuple], int]:
        rows = c.execute(text("SELECT rendering_npi, encounters FROM encounter_counts ORDER BY 1")).all()
        return [tuple(r) for r in rows], c.execute(text("SELECT count(*) FROM encounter_count_changes")).scalar()

    with scratch_database(tmp_path) as url:
        cfg = alembic_config(url)
        command.upgrade(cfg, "0020")
        engine = create_engine(url)
        with engine.begin() as c:
            for n, npi in enumerate(["1000000001", "1000000001", "1000000002"]):
                add(c, n, npi)
            assert counts(c) == ([], 3)
        command.downgrade(cfg, "0019")
        with engine.begin() as c:
            assert counts(c) == ([("1000000001", 2), ("1000000002", 1)], 0)
            add(c, 3, "1000000002")  # 0018's trigger: in place
            assert counts(c) == ([("1000000001", 2), ("1000000002", 2)], 0)
        command.upgrade(cfg, "head")
        with engine.begin() as c:
            add(c, 4, "1000000001")
            assert counts(c) == ([("1000000001", 2), ("1000000002", 2)], 1)
        engine.dispose()
