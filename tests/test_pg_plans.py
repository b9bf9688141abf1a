"""PostgreSQL: a batch's lookups read the rows they need, whatever the table statistics say.

A batch looks up its members, its stored encounters and its peers' sessions by lists of keys. Planned with the
statistics stale (analysed when the tables were nearly empty, or never: this machine's PostgreSQL runs with
autovacuum off), key lists written as `IN (...)` or a plain join with arrays were run as a read of every member
or encounter of the agency: a batch's lookups cost ~2 s at 300,000 encounters. The test loads an agency's
history in bulk after the statistics were taken, posts a batch, and runs each of its reads again under EXPLAIN
ANALYZE: none may read more than a small multiple of the batch's rows from the members or encounters table.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, text

from tests.conftest import ON_POSTGRES, base_encounter_dict

on_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL's planner")

STORED = 20_000  # the agency's history, loaded in bulk
BATCH = 40
TABLES = {"members", "encounters"}


def _load_history(api: Any) -> None:
    """STORED members and one session each, by fifty peers (one of them the batch's) over the batch's days:
    ~14 sessions a peer a day. The statistics first (taken with the tables empty), then the rows."""
    with api.db.engine.begin() as c:
        c.execute(text("ANALYZE members"))
        c.execute(text("ANALYZE encounters"))
        c.execute(text(
            "INSERT INTO members (id, agency_id, state, medicaid_id, first_name, last_name, date_of_birth) "
            "SELECT lpad(to_hex(g), 32, '0'), :a, 'ZZ', 'BULK' || g, 'Syn', 'Thetic', DATE '1980-01-01' "
            "FROM generate_series(1, :n) g"), {"a": api.a, "n": STORED})
        c.execute(text(
            "INSERT INTO encounters (id, agency_id, external_id, member_id, state, status, version, service_date, "
            "start_time, end_time, hcpcs, modifiers, setting, rendering_npi, units, created_at, updated_at) "
            "SELECT 'e' || lpad(to_hex(g), 31, '0'), :a, 'bulk-' || g, lpad(to_hex(g), 32, '0'), 'ZZ', "
            "'not_billable', 1, "
            "DATE '2025-02-01' + (g % 28), TIME '07:00', TIME '07:15', 'H0038', '', 'individual', "
            "CASE WHEN g % 50 = 0 THEN '1234567893' ELSE '99999999' || lpad((g % 50)::text, 2, '0') END, 1, "
            "now(), now() "
            "FROM generate_series(1, :n) g"), {"a": api.a, "n": STORED})


def _batch() -> list[dict[str, Any]]:
    docs = []
    for k in range(BATCH):
        d = base_encounter_dict()
        d["encounter_id"] = f"plan-{k}"
        d["member"]["medicaid_id"] = f"BULK{k + 1}" if k % 2 else f"NEW{k}"  # half of them stored members
        d["service"]["date"] = (date(2025, 2, 1) + timedelta(days=k % 28)).isoformat()
        docs.append(d)
    return docs


def _capturing(kinds: tuple[str, ...], seen: list[tuple[str, Any]]) -> Any:
    """A listener that keeps the engine's statements of these kinds that touch the members or encounters."""
    def capture(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if not executemany and statement.lstrip().upper().startswith(kinds) and any(t in statement for t in TABLES):
            seen.append((statement, parameters))
    return capture


def _explained(api: Any, seen: list[tuple[str, Any]]) -> dict[str, int]:
    """Each statement run again under EXPLAIN ANALYZE (rolled back): the rows it read from the two tables."""
    reads = {}
    raw = api.db.engine.raw_connection()
    try:
        cur = raw.cursor()
        for statement, params in seen:
            cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, params)
            reads[" ".join(statement.split())] = _rows_read(cur.fetchone()[0][0]["Plan"])
            raw.rollback()
    finally:
        raw.close()
    return reads


def _rows_read(plan: dict[str, Any]) -> int:
    """Rows a plan's scans of the members and encounters tables produced or threw away, over all their loops."""
    node = plan
    read = 0
    if node.get("Relation Name") in TABLES:
        kept = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0) + \
            node.get("Rows Removed by Index Recheck", 0)
        read += kept * node.get("Actual Loops", 1)
    return read + sum(_rows_read(p) for p in node.get("Plans", []))


@on_postgres
def test_a_batch_reads_only_its_own_rows_with_stale_statistics(api):
    _load_history(api)
    seen: list[tuple[str, Any]] = []
    capture = _capturing(("SELECT",), seen)
    body = json.dumps({"items": _batch()}, default=str)
    event.listen(api.db.engine, "before_cursor_execute", capture)
    try:
        r = api.call("POST", "/v1/encounters/batch", content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 200 and r.json()["created"] == BATCH, r.text[:500]
        # The same batch again: every item a resend, answered from what is stored.
        again = api.call("POST", "/v1/encounters/batch", content=body, headers={"Content-Type": "application/json"})
        assert again.status_code == 200 and again.json()["unchanged"] == BATCH, again.text[:500]
    finally:
        event.remove(api.db.engine, "before_cursor_execute", capture)

    reads = _explained(api, seen)
    assert any("FROM members" in s for s in reads) and any("FROM encounters" in s for s in reads), list(reads)
    # The batch's peer has ~400 sessions on its days; a read of the agency is 20,000 rows.
    too_many = {s[:200]: n for s, n in reads.items() if n > 2_000}
    assert not too_many, too_many


@on_postgres
def test_a_rejected_claim_frees_its_encounters_by_key(api, db):
    """A 999 that rejects a claim frees its encounters to be billed again, writing them by primary key: an
    `UPDATE ... WHERE claim_line_id IN (...)` read every encounter stored (nothing indexes that column), per
    rejected claim."""
    from billing.x12.payer_sim import ack_999
    from tests.test_responses_e2e import PAYER, US, build, ingest, statuses

    _load_history(api)
    f = build(api, db, ["SYN0001", "SYN0002"])
    seen: list[tuple[str, Any]] = []
    capture = _capturing(("UPDATE",), seen)
    event.listen(api.db.engine, "before_cursor_execute", capture)
    try:
        assert ingest(api, ack_999(f.group_control, f.transaction_control, False, PAYER, US)).status_code == 201
    finally:
        event.remove(api.db.engine, "before_cursor_execute", capture)
    assert set(statuses(db).values()) == {"rejected"}
    with db.reading() as s:
        billed = s.scalar(text("SELECT count(*) FROM encounters WHERE claim_line_id IS NOT NULL"))
    assert billed == 0  # both free again
    reads = _explained(api, [(q, p) for q, p in seen if "UPDATE encounters" in q])
    assert reads and max(reads.values()) <= 10, reads


def test_serve_warns_when_postgresql_keeps_no_statistics(db):
    """The start-up warning appears exactly when PostgreSQL's autovacuum is off (never on SQLite), and says
    what to do."""
    from billing.db.connection import statistics_warning

    warning = statistics_warning(db.engine)
    if not ON_POSTGRES:
        assert warning is None
        return
    with db.engine.connect() as c:
        off = c.exec_driver_sql("SHOW autovacuum").scalar() == "off"
    assert (warning is not None) == off
    if warning is not None:
        assert "autovacuum off" in warning and "ANALYZE" in warning and "docs/deploy.md" in warning
