"""Where a person's read writes its audit events: in the read's own transaction on PostgreSQL's primary (one
connection and one commit per request), apart through the writer queue on SQLite and from a replica."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from billing.access import Actor
from billing.audit import record
from billing.db.connection import Database
from billing.db.models import AuditEvent

WHO = Actor(key_id="k-reader", role="auditor", agency_ids=("a1",), request_id="r1")


def _read_and_record(session_of: Any, action: str) -> None:
    with session_of() as s:
        s.execute(select(func.count()).select_from(AuditEvent))
        record(s, WHO, action, "rejection", "3 items", "a1", {"ids": [1, 2, 3]})
        s.commit()


def _spy(db: Database, monkeypatch) -> list[int]:
    apart: list[int] = []
    original = db.append_audit

    def append_audit(rows: list[dict[str, Any]]) -> None:
        apart.append(len(rows))
        original(rows)

    monkeypatch.setattr(db, "append_audit", append_audit)
    return apart


def _events(db: Database, action: str) -> list[AuditEvent]:
    with db.reading() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_reads_audit_event_commits_with_it_on_postgresql_and_apart_on_sqlite(db, monkeypatch):
    apart = _spy(db, monkeypatch)
    _read_and_record(db.reading, "test.read")
    [event] = _events(db, "test.read")
    assert (event.actor, event.request_id, event.detail) == ("k-reader", "r1", {"ids": [1, 2, 3]})
    assert apart == ([1] if db.is_sqlite else [])


def test_a_read_that_is_not_committed_records_nothing(db, monkeypatch):
    apart = _spy(db, monkeypatch)
    with db.reading() as s:
        record(s, WHO, "test.unread", "rejection", "0 items", "a1")
    assert _events(db, "test.unread") == [] and apart == []


def test_a_replicas_read_writes_its_audit_event_on_the_primary_apart(db, monkeypatch):
    # The "replica" is a second engine on the same database: what matters is which engine the session reads on.
    both = Database(db.url, read_url=db.url)
    try:
        apart = _spy(both, monkeypatch)
        _read_and_record(both.listing, "test.replica_read")
        assert len(_events(db, "test.replica_read")) == 1
        assert apart == [1]
    finally:
        both.dispose()


def test_the_key_liveness_read_leaves_sqlites_connections_as_configured(db):
    # On PostgreSQL it reads in autocommit; on SQLite that would hand the connection back to the pool with
    # pysqlite's implicit transactions on, under the BEGIN (IMMEDIATE) the engine issues itself.
    from billing.keys import check_live

    assert check_live(db, "no-such-key") is False
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw.isolation_level is None if db.is_sqlite else raw.autocommit is False
