"""Benchmark: intake's bulk path (billing/db/bulk.py) against a SQLAlchemy Core executemany of the same rows.

    python bench/bulk_insert.py [--sizes 100,1000,10000] [--rounds 5] [--url postgresql+psycopg://.../db]

Rows shaped as intake writes them (rejections: text, JSON, money, dates) go into a fresh SQLite file (or the
given database's `rejections` table, emptied first; only a database named peerbill_bench* is accepted), each
way in alternating rounds inside one process, best of `--rounds`; prints rows/s of each and the ratio per size,
and the load average. Only this process's work is timed, so the ratio holds on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, make_url, text  # noqa: E402

from billing.db.bulk import insert_rows  # noqa: E402
from billing.db.connection import Database  # noqa: E402
from billing.db.models import Rejection  # noqa: E402


def rows(n: int) -> list[dict[str, Any]]:
    at = datetime.now(UTC)
    return [{"agency_id": "a" * 32, "source": "engine", "at": at, "code": f"units.cap_{i % 7}",
             "reason": "The member's weekly cap of 16 units is used up (TX HHSC UMCM 3.22, effective 2024-09-01).",
             "is_primary": i % 3 == 0, "state": "TX", "payer_id": None, "provider_npi": "1234567893",
             "member_id": f"{i:032d}", "service_date": date(2025, 1, 1 + i % 28), "encounter_id": f"{i:032x}",
             "encounter_version": 1, "claim_id": None, "line_id": None, "response_id": None,
             "charge": Decimal("42.50"), "paid": None, "amount": Decimal(i % 100) / 4,
             "detail": {"rule_pack": "TX@3", "path": "service.units",
                        "citation": {"document": "UMCM", "section": "3.22", "effective": "2024-09-01"}}}
            for i in range(n)]


def timed(db: Database, work: Any) -> float:
    """One transaction on a plain connection (Database.writing() also refreshes SQLite's statistics now and then,
    which is not what is measured here)."""
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM rejections"))
    with db.engine.begin() as conn:
        t = time.perf_counter()
        work(conn)
        return time.perf_counter() - t  # the commit (an fsync, whatever the insert path) is left out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--url", help="a database named peerbill_bench* (default: a fresh SQLite file)")
    args = ap.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='peerbill-bulk-')) / 'bulk.db'}"
    if not url.startswith("sqlite") and not (make_url(url).database or "").startswith("peerbill_bench"):
        raise SystemExit("only a database named peerbill_bench* is written to")
    db = Database(url)
    db.upgrade()
    table = Rejection.__table__
    print(f"database: {db.engine.dialect.name}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for n in (int(x) for x in args.sizes.split(",")):
        batch = rows(n)
        core, bulk = [], []
        for _ in range(args.rounds):
            core.append(timed(db, lambda s, b=batch: s.execute(insert(table), b)))
            bulk.append(timed(db, lambda s, b=batch: insert_rows(s, table, b)))
        print(f"{n:>7,} rows: Core executemany {n / min(core):>9,.0f} rows/s, bulk path {n / min(bulk):>9,.0f} "
              f"rows/s: {min(core) / min(bulk):.2f}x (best of {args.rounds}, before commit)")
    print(f"load average {os.getloadavg()[0]:.1f} after")
    db.dispose()


if __name__ == "__main__":
    main()
