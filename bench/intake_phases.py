"""Benchmark: where a batch's CPU goes inside one server process, phase by phase and statement by statement.

    python bench/intake_phases.py [--warm 4] [--batches 10] [--stale] [--wal]

Posts the intake bench's synthetic batches of 1,000 encounters (bench/synthetic.py) through the batch route's own
function (`api.routers.encounters._answer_batch`, the collector paused as the route pauses it) into a fresh SQLite
file, one after another in this process, and prints for the timed batches (after `--warm` untimed ones) the CPU
time of each phase (min / median per batch: parsing, the speculative pass before the write lock, the write
transaction) and of each SQL statement kind inside them (mean per batch, and how many per batch).

--stale: before each batch's write, another connection commits a write (as the other worker's batch does between
a round's second batch's read and its write over HTTP), so the write re-reads what it must. --wal: the background
checkpointer is left off, and the WAL frames each batch's commit wrote are counted, by table or index. CPU time
on a shared machine still moves with other load: compare trees in alternating runs, or count instructions,
which do not move (1 warm-up batch and 3 timed, minus 1 and none, divided by 3,000):

    valgrind --tool=callgrind --callgrind-out-file=cg3 python bench/intake_phases.py --warm 1 --batches 3
    valgrind --tool=callgrind --callgrind-out-file=cg0 python bench/intake_phases.py --warm 1 --batches 0

Synthetic data only.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sqlite3
import statistics
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

import billing.db.connection as connection  # noqa: E402
from api.routers import encounters as route  # noqa: E402
from bench.intake import created_count, in_process  # noqa: E402
from bench.synthetic import encounter  # noqa: E402
from billing.gcpause import paused  # noqa: E402
from billing.intake import Intake  # noqa: E402

WAL_FRAME = 24  # bytes of a WAL frame's header, before its page


class _NoCheckpoints:
    def __init__(self, *_: Any) -> None:
        pass

    def stop(self) -> None:
        pass


def timed(phases: dict[str, list[float]], label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kw: Any) -> Any:
        t = time.process_time()
        try:
            return fn(*args, **kw)
        finally:
            phases[label].append(time.process_time() - t)
    return run


def wal_frames(path: Path, page_size: int) -> list[int]:
    """The page number of every frame in the WAL file, in order."""
    data = path.read_bytes() if path.exists() else b""
    size = WAL_FRAME + page_size
    return [struct.unpack(">I", data[32 + k * size:36 + k * size])[0] for k in range((len(data) - 32) // size)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--warm", type=int, default=4, help="untimed batches first")
    ap.add_argument("--batches", type=int, default=10, help="timed batches of 1,000")
    ap.add_argument("--stale", action="store_true", help="another connection commits before each batch's write")
    ap.add_argument("--wal", action="store_true", help="count the WAL frames of each batch (no checkpoints)")
    args = ap.parse_args()
    if args.wal:
        connection._Checkpointer = _NoCheckpoints  # type: ignore[assignment,misc]
    tmp = Path(tempfile.mkdtemp(prefix="peerbill-phases-"))
    url = f"sqlite:///{tmp / 'phases.db'}"
    db, actor, svc = in_process(url)
    states, rng = sorted(svc.registry.packs), random.Random(7)
    n = (args.warm + args.batches) * 1000
    docs = [encounter(i, states[i % len(states)], rng) for i in range(n)]
    bodies = [json.dumps({"items": docs[i:i + 1000]}).encode() for i in range(0, n, 1000)]

    phases: dict[str, list[float]] = collections.defaultdict(list)
    statements: collections.Counter[str] = collections.Counter()
    counts: collections.Counter[str] = collections.Counter()

    @event.listens_for(db.engine, "before_cursor_execute")
    def _before(conn: Any, *_: Any) -> None:
        conn.info["pb_t0"] = time.process_time()

    @event.listens_for(db.engine, "after_cursor_execute")
    def _after(conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        kind = " ".join(sql.split()[:3])[:50]
        statements[kind] += time.process_time() - conn.info["pb_t0"]
        counts[kind] += 1

    Intake._speculate = timed(phases, "speculative pass", Intake._speculate)  # type: ignore[method-assign]
    Intake._retrying = timed(phases, "write transaction", Intake._retrying)  # type: ignore[method-assign]
    route._parse_batch = timed(phases, "parse", route._parse_batch)
    if args.stale:
        store = Intake._store

        def poke_then_store(self: Intake, *a: Any, **kw: Any) -> Any:
            with db.writing() as s:
                s.connection().exec_driver_sql("CREATE TABLE IF NOT EXISTS bench_poke (x)")
                s.connection().exec_driver_sql("INSERT INTO bench_poke VALUES (1)")
                s.commit()
            return store(self, *a, **kw)
        Intake._store = poke_then_store  # type: ignore[method-assign]

    wal = tmp / "phases.db-wal"
    page_size = 0
    seen = 0
    frames: collections.Counter[str] = collections.Counter()
    total = 0.0
    for i, body in enumerate(bodies):
        if i == args.warm:
            phases.clear()
            statements.clear()
            counts.clear()
        t = time.process_time()
        with paused():
            answer = route._answer_batch(None, actor, body, svc)  # type: ignore[arg-type]
        if i >= args.warm:
            total += time.process_time() - t
        assert created_count(answer.body) == 1000, answer.body[:200]
        if args.wal:  # read on a connection of its own, outside the statements counted above
            raw = sqlite3.connect(tmp / "phases.db")
            page_size = page_size or int(raw.execute("PRAGMA page_size").fetchone()[0])
            pages = wal_frames(wal, page_size)
            if i >= args.warm:
                owner = dict(raw.execute("SELECT pageno, name FROM dbstat").fetchall())
                frames.update(owner.get(p, "?") for p in pages[seen:])
            raw.close()
            seen = len(pages)

    b = args.batches
    if not b:  # warm-up only: the base a callgrind count of timed batches is taken against
        return
    print(f"{b} batches of 1,000 after {args.warm}; CPU per batch {total / b * 1000:.1f} ms"
          + (" (another connection committed before each write)" if args.stale else ""))
    for label, values in phases.items():
        print(f"  {label:18s} min {min(values) * 1000:6.1f} ms, median {statistics.median(values) * 1000:6.1f} ms")
    print("SQL statements (CPU per batch, statements per batch):")
    for kind, seconds in statements.most_common(12):
        print(f"  {seconds / b * 1000:6.1f} ms {counts[kind] / b:5.1f}x  {kind}")
    if args.wal:
        print(f"WAL frames written per batch: {sum(frames.values()) / b:,.0f} of {page_size:,} bytes; by b-tree:")
        for name, k in frames.most_common(14):
            print(f"  {k / b:7,.0f}  {name}")


if __name__ == "__main__":
    main()
