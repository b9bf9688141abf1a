"""Migrations go up and down cleanly, and the models match the migrated schema."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

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
