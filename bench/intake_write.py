"""Benchmark: what one batch's write transaction costs SQLite as the database grows, replayed on copies.

    python bench/intake_write.py [--sizes 15000,100000] [--repeat 5]

For each size: a fresh SQLite file is filled through the batch route's own function (in this process, the intake
bench's synthetic batches of 1,000, bench/synthetic.py) up to that many encounters and checkpointed; then one
more batch is posted, and the statements of its write transaction are captured as the driver received them (from
BEGIN IMMEDIATE to the commit). Those statements are then run `--repeat` times, each time on a fresh copy of the
file taken before that batch, on a connection made by the service's own engine (its pragmas), and the script
prints the CPU of each statement kind and of the commit (median of the repeats), the WAL frames the commit wrote,
and those frames by table or index. Replaying the same statements on the same file takes the rest of the
service (and the other load of a shared machine, mostly) out of the figure, so a change to the schema, a trigger
or a pragma shows as a difference of a few per cent; the last lines compare the sizes, so a cost that grows with
the database shows. Synthetic data only.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import shutil
import sqlite3
import statistics
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from api.routers import encounters as route  # noqa: E402
from bench.intake import created_count, in_process  # noqa: E402
from bench.synthetic import encounter  # noqa: E402
from billing.db.connection import make_engine  # noqa: E402
from billing.gcpause import paused  # noqa: E402

Statement = tuple[str, Any, bool]  # SQL, parameters, executemany
FRAME_HEADER = 24  # bytes before each page in a WAL file; the file's own header is 32


def build(size: int, folder: Path) -> tuple[Path, list[Statement]]:
    """A database of `size` encounters (a copy kept before the next batch), and that batch's write statements."""
    path = folder / "grown.db"
    url = f"sqlite:///{path}"
    db, actor, svc = in_process(url)
    states, rng = sorted(svc.registry.packs), random.Random(7)
    captured: list[Statement] = []
    capturing = [False]

    @event.listens_for(db.engine, "before_cursor_execute")
    def _capture(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        if capturing[0]:
            captured.append((sql, params, many))

    for start in range(0, size + 1000, 1000):
        docs = [encounter(i, states[i % len(states)], rng) for i in range(start, start + 1000)]
        if start == size:
            db.dispose()
            raw = sqlite3.connect(path)
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.close()
            shutil.copy(path, folder / "before.db")
            capturing[0] = True
        with paused():
            answer = route._answer_batch(None, actor, json.dumps({"items": docs}).encode(), svc)  # type: ignore[arg-type]
        assert created_count(answer.body) == 1000, answer.body[:200]
    db.dispose()
    begin = next(i for i, (sql, _, _) in enumerate(captured) if sql.startswith("BEGIN IMMEDIATE"))
    # Up to the next transaction (the batch is followed, now and then, by an ANALYZE of its own).
    end = next((i for i, (sql, _, _) in enumerate(captured) if i > begin and sql.startswith("BEGIN")), None)
    return folder / "before.db", [c for c in captured[begin + 1:end] if not c[0].startswith("PRAGMA")]


def replay(before: Path, statements: list[Statement], folder: Path) -> tuple[dict[str, float], list[str]]:
    """CPU seconds by statement kind (and the commit) of one run on a fresh copy, and the WAL's page numbers."""
    path = folder / "replay.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy(before, path)
    engine = make_engine(f"sqlite:///{path}")  # the service's pragmas, from its connect hook
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        conn.execute("PRAGMA temp_store=MEMORY")  # as the service's writing transactions set it
        spent: dict[str, float] = collections.defaultdict(float)
        conn.execute("BEGIN IMMEDIATE")
        for sql, params, many in statements:
            t = time.process_time()
            if many:
                conn.executemany(sql, params)
            else:
                conn.execute(sql, params).fetchall()
            spent[" ".join(sql.split()[:3])[:40]] += time.process_time() - t
        t = time.process_time()
        conn.execute("COMMIT")
        spent["COMMIT"] += time.process_time() - t
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        data = Path(f"{path}-wal").read_bytes()
        pages = [struct.unpack(">I", data[32 + k * (FRAME_HEADER + page):36 + k * (FRAME_HEADER + page)])[0]
                 for k in range((len(data) - 32) // (FRAME_HEADER + page))]
        owners = dict(conn.execute("SELECT pageno, name FROM dbstat").fetchall())
        return spent, [owners.get(p, "?") for p in pages]
    finally:
        raw.close()
        engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="15000,100000", help="encounters stored before the measured batch")
    ap.add_argument("--repeat", type=int, default=5, help="replays of the batch's statements per size")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    if any(n % 1000 for n in sizes):
        raise SystemExit("--sizes: multiples of 1,000 (the batches' size)")
    totals: dict[int, float] = {}
    for size in sizes:
        folder = Path(tempfile.mkdtemp(prefix="peerbill-write-"))
        before, statements = build(size, folder)
        runs: dict[str, list[float]] = collections.defaultdict(list)
        owners: list[str] = []
        for _ in range(args.repeat):
            spent, owners = replay(before, statements, folder)
            for kind, seconds in spent.items():
                runs[kind].append(seconds)
        total = [sum(r[i] for r in runs.values()) for i in range(args.repeat)]
        totals[size] = statistics.median(total)
        print(f"at {size:,} encounters: the next batch of 1,000's write transaction, {args.repeat} replays: "
              f"CPU median {totals[size] * 1000:.1f} ms (min {min(total) * 1000:.1f}); "
              f"the commit wrote {len(owners):,} WAL frames")
        for kind, values in sorted(runs.items(), key=lambda kv: -statistics.median(kv[1])):
            print(f"  {statistics.median(values) * 1000:7.1f} ms  {kind}")
        print("  WAL frames by table or index:")
        for name, n in collections.Counter(owners).most_common(12):
            print(f"  {n:7,}  {name}")
        shutil.rmtree(folder, ignore_errors=True)
    if len(sizes) > 1:
        first = sizes[0]
        print(f"write transaction CPU relative to {first:,}: " + ", ".join(
            f"{n:,}: {totals[n] / totals[first]:.2f}x" for n in sizes))


if __name__ == "__main__":
    main()
