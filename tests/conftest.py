"""Shared fixtures: a synthetic rule pack (state ZZ) and a synthetic encounter builder."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

from billing.rules.cases import CASES_DIR, deep_merge
from billing.rules.packs import Registry, read_pack
from schemas.encounter import Encounter

DATA = Path(__file__).parent / "data"
# Public X12 samples (835, 277CA, 999, 837P) copied from other projects into the repository, so a fresh clone
# runs the suite: tests/data/x12-samples/SOURCES.md names each file's repository, commit and licence.
X12_SAMPLES = DATA / "x12-samples"

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def zz_registry() -> Registry:
    return Registry({"ZZ": read_pack(DATA / "ZZ.yaml")})


def base_encounter_dict() -> dict[str, Any]:
    base = yaml.safe_load((CASES_DIR / "_base.yaml").read_text())["encounter"]
    return deep_merge(base, {"payer": {"state": "ZZ"}})


def make_encounter(**over: Any) -> Encounter:
    return Encounter.model_validate(deep_merge(base_encounter_dict(), over))


@pytest.fixture
def zz() -> Registry:
    return zz_registry()


# --- databases: SQLite by default, PostgreSQL when PEERBILL_TEST_DATABASE_URL names one ---------------

TEST_DB = os.environ.get("PEERBILL_TEST_DATABASE_URL", "sqlite")
ON_POSTGRES = TEST_DB.startswith("postgresql")


@pytest.fixture(scope="session")
def _migrated(tmp_path_factory) -> str:
    """A database at head: a template SQLite file copied per test, or the PostgreSQL schema rebuilt once."""
    from sqlalchemy import create_engine, text

    from billing.db.connection import upgrade

    if ON_POSTGRES:
        eng = create_engine(TEST_DB)
        with eng.begin() as c:
            c.execute(text("DROP SCHEMA public CASCADE"))
            c.execute(text("CREATE SCHEMA public"))
        eng.dispose()
        upgrade(TEST_DB)
        return TEST_DB
    path = tmp_path_factory.mktemp("db") / "template.db"
    upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture
def db(_migrated, tmp_path):
    import shutil

    from sqlalchemy import text

    from billing.db.connection import Database
    from billing.db.models import Base

    if ON_POSTGRES:
        database = Database(TEST_DB)
        with database.engine.begin() as c:
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            c.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        shutil.copy(_migrated, tmp_path / "test.db")
        database = Database(f"sqlite:///{tmp_path / 'test.db'}")
    yield database
    database.dispose()


class Api:
    """A test client with keys for two agencies and every role."""

    def __init__(self, db, registry) -> None:
        from fastapi.testclient import TestClient

        from api.app import create_app
        from billing.access import Actor, create_agency, create_key
        from schemas.api import AgencyIn, KeyIn

        self.db = db
        self.today = date(2025, 3, 10)
        self.client = TestClient(create_app(db, registry, lambda: self.today), raise_server_exceptions=False)
        admin = Actor(key_id="test", role="admin")
        agency = {"name": "Synthetic Agency", "npi": "1992999999", "tax_id": "123456789",
                  "taxonomy": "251S00000X", "address": {"line1": "1 Main St", "city": "Sampletown",
                                                        "state": "TX", "zip": "787010001"}}
        with db.writing() as s:
            self.a = create_agency(s, AgencyIn.model_validate(agency), admin).id
            self.b = create_agency(s, AgencyIn.model_validate({**agency, "name": "Other Agency"}), admin).id
            self.keys = {
                "ehr": create_key(s, KeyIn(role="ehr", name="t", agency_id=self.a), admin).key,
                "billing": create_key(s, KeyIn(role="billing", name="t", agency_id=self.a), admin).key,
                "ehr_b": create_key(s, KeyIn(role="ehr", name="t", agency_id=self.b), admin).key,
                "auditor": create_key(s, KeyIn(role="auditor", name="t", agencies=[self.a]), admin).key,
                "admin": create_key(s, KeyIn(role="admin", name="t"), admin).key,
            }
            s.commit()

    def call(self, method: str, url: str, as_: str = "ehr", **kw):
        headers = {"Authorization": f"Bearer {self.keys[as_]}", **kw.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kw)


@pytest.fixture
def api(db, zz):
    return Api(db, zz)
