"""Benchmark: the auditors' rejections list and summary over HTTP, on a database of 1,000,000 encounters.

    python bench/queries.py [--db sqlite|postgresql | --url URL] [--n 1000000] [--reuse] [--requests 300]
    python bench/queries.py --db postgresql --reuse --only summary --drop-index ix_encounters_peer_history
    python bench/queries.py --reuse --analyze app     # SQLite with the sampled statistics the service writes

Builds a database shaped as two years of service leave it (bench/querydata.py: 3 agencies, 10 states, 3 payers
per state, ~2,000 peers, ~60,000 members; encounters with versions and verdicts, claims, lines, 999/277CA/835
responses, claim events and about 270,000 rejection rows), migrated with Alembic and bulk-loaded; with --reuse
an existing one of the same size is used as it is. Then starts `peerbill serve` against it on 127.0.0.1 and
times, from one client, one request at a time:

- GET /v1/rejections with two filters (source+code, state+payer, provider+dates, member+source, ...; values
  drawn from the data), --requests of them with a billing key (one agency) and as many with an auditor key
  granted two agencies, then the next page of up to 100 of them by cursor. Floor: p95 under 20 ms.
- GET /v1/rejections/summary for each group_by, with no filter, a state and the last 90 days, --summary-runs
  times each, with both keys. Floor: p95 under 300 ms for each group_by.

Every query kind prints p50/p95/max; the script exits 1 below a floor. With --small N it first measures a
database of N encounters with the same requests and prints how each p95 grows with the data; it also prints
the load average (on a shared machine the absolute figures move with it).

Generation takes about three minutes at 1,000,000 on a quiet machine, 14-18 minutes at load 8-10 (indexes are
built after the load, then ANALYZE). SQLite: a file in --dir (default /tmp/peerbill-queries; about 7 GB at
1,000,000, check `df -h` first). PostgreSQL: the
database peerbill_bench_<n> on postgres@127.0.0.1:5432 (about 5.4 GB), or --url naming one with "bench" in its
name, dropped and created by this script; no other database is touched. The summary's denominators come from
encounter_counts (migration 0018's triggers); the bulk load bypasses the triggers and fills the counts after it.
Before measuring, --analyze full (default) runs a full ANALYZE; `app` runs the
sampled one Database.writing() runs as a SQLite server's writes grow. --drop-index NAME (repeatable) drops an
index for the measurement and recreates it afterwards. Synthetic data only; every request goes to loopback
and the loops are bounded.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, make_url, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.querydata import (  # noqa: E402
    AGENCIES,
    DAYS,
    EngineCatalog,
    Generator,
    PostgresSink,
    SqliteSink,
    check_columns,
    create_tenants,
    pg_conninfo,
)
from bench.server import serving  # noqa: E402
from billing.access import Actor, create_key  # noqa: E402
from billing.db.connection import Database, upgrade  # noqa: E402
from billing.db.models import Agency, Encounter, Member, Rejection  # noqa: E402
from schemas.api import KeyIn  # noqa: E402

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/peerbill_bench"
LIST_FLOOR_MS, SUMMARY_FLOOR_MS = 20.0, 300.0  # p95 of each (issue 19)
GROUPS = ("code", "state", "payer", "provider", "month")


# --- the database -----------------------------------------------------------------------------------------


def target(args: argparse.Namespace) -> str:
    """The database URL: --url, else a SQLite file in --dir or PostgreSQL's peerbill_bench."""
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    url = args.url or (f"sqlite:///{Path(args.dir) / f'bench-{args.n}.db'}" if args.db == "sqlite"
                       else f"{PG_URL}_{args.n}")
    name = make_url(url).database or ""
    if not url.startswith("sqlite") and "bench" not in name:
        raise SystemExit(f"refusing to use database {name!r}: only databases with 'bench' in their name are "
                         "(re)created")
    return url


def encounters_in(url: str) -> int | None:
    """How many encounters the database holds, or None when there is no such database (or no schema)."""
    if url.startswith("sqlite") and not Path(make_url(url).database or "").exists():
        return None
    db = Database(url)
    try:
        with db.reading() as s:
            return int(s.scalar(select(func.count()).select_from(Encounter)) or 0)
    except Exception:  # no database, or not migrated
        return None
    finally:
        db.dispose()


def reset(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(make_url(url).database or "")
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        return
    name = make_url(url).database
    with psycopg.connect(pg_conninfo(str(make_url(url).set(database="postgres"))), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def generate(url: str, n: int, seed: int, sink: Any = None) -> None:
    """Migrate, create agencies, keys and payers with the app's functions, then bulk-load the rest (into `sink`,
    by default the database's own: bench/whatif.py passes one that leaves out what it does not read)."""
    check_columns()
    t0 = time.perf_counter()
    upgrade(url)
    db = Database(url)
    tenants = create_tenants(db)
    db.dispose()
    start = date.today() - timedelta(days=DAYS)
    catalog = EngineCatalog(sorted({st for t in tenants for st in t.states}), start)
    gen = Generator(n, tenants, catalog, start, seed)
    if sink is None:
        sink = SqliteSink(Path(make_url(url).database or "")) if url.startswith("sqlite") else PostgresSink(url)
    counts: Counter[str] = Counter()

    def write(rows: dict[str, list[tuple[Any, ...]]]) -> None:
        for table, batch in rows.items():
            sink.write(table, batch)
            counts[table] += len(batch)

    schedule = gen.schedule()
    write({"members": gen.member_rows(), "providers": gen.providers})
    for w, week in enumerate(gen.weeks(schedule)):
        write(week)
        if w % 10 == 0:
            print(f"  week {w} of {len(schedule)} ({time.perf_counter() - t0:.0f} s)", flush=True)
    write(gen.closing())
    sink.commit()
    t1 = time.perf_counter()
    sink.create_indexes()
    t2 = time.perf_counter()
    sink.analyze()
    t3 = time.perf_counter()
    print(f"generated in {t3 - t0:.0f} s (rows {t1 - t0:.0f} s, indexes {t2 - t1:.0f} s, ANALYZE {t3 - t2:.0f} s); "
          f"dates of service {start} to {start + timedelta(days=DAYS - 1)}")
    print("rows: " + ", ".join(f"{t} {c:,}" for t, c in counts.most_common()))


def size_of(url: str) -> str:
    if url.startswith("sqlite"):
        path = Path(make_url(url).database or "")
        size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    else:
        with psycopg.connect(pg_conninfo(url)) as conn:
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]  # type: ignore[index]
    return f"{size / 2**30:.2f} GiB"


def refresh_stats(url: str, mode: str) -> None:
    """Planner statistics before measuring: `full` (ANALYZE every row; on PostgreSQL plain ANALYZE), `app`
    (SQLite: what Database.writing() runs as a server's writes grow: ANALYZE with analysis_limit=1000), `none`."""
    if mode == "none":
        return
    t = time.perf_counter()
    db = Database(url)
    with db.engine.connect() as conn:
        if db.is_sqlite:
            conn.exec_driver_sql(f"PRAGMA analysis_limit={1000 if mode == 'app' else 0}")
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    db.dispose()
    print(f"statistics: {mode} ANALYZE ({time.perf_counter() - t:.1f} s)")


@contextmanager
def without_indexes(url: str, names: list[str]) -> Iterator[None]:
    """Drop these indexes for the measurement; put them back (and their statistics) whatever happens."""
    if not names:
        yield
        return
    db = Database(url)
    sql = ("SELECT sql, tbl_name FROM sqlite_master WHERE type = 'index' AND name = :n" if db.is_sqlite
           else "SELECT indexdef, tablename FROM pg_indexes WHERE indexname = :n")
    with db.engine.begin() as conn:
        ddl = {n: conn.execute(text(sql), {"n": n}).first() for n in names}
    if missing := [n for n, found in ddl.items() if not found or not found[0]]:
        raise SystemExit(f"no such index (or one a constraint owns): {', '.join(missing)}")
    print(f"dropped for this run: {', '.join(names)}")
    with db.engine.begin() as conn:
        for n in names:
            conn.exec_driver_sql(f'DROP INDEX "{n}"')
    try:
        yield
    finally:
        with db.engine.begin() as conn:
            for n, (create, table) in ddl.items():  # type: ignore[misc]
                conn.exec_driver_sql(create)
                conn.exec_driver_sql(f'ANALYZE "{n}"' if db.is_sqlite else f'ANALYZE "{table}"')
        db.dispose()
        print(f"recreated: {', '.join(names)}")


# --- keys and the values the requests filter on ----------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    agency: str
    source: str
    code: str
    state: str
    payer: str | None
    provider: str
    member: str
    day: date


def keys(url: str) -> tuple[list[str], str, str]:
    """The agencies (largest first), a billing key for the first, an auditor key for the first two."""
    db = Database(url)
    admin = Actor(key_id="bench", role="admin")
    # A plain session, not db.writing(): on SQLite that would also refresh the planner statistics (--analyze).
    with Session(db.engine) as s:
        names = {name: k for k, (name, _, _) in enumerate(AGENCIES)}
        found = sorted(s.execute(select(Agency.name, Agency.id).where(Agency.name.in_(names))).all(),
                       key=lambda r: names[r.name])
        agencies = [r.id for r in found]
        billing = create_key(s, KeyIn(role="billing", name="bench queries", agency_id=agencies[0]), admin).key
        auditor = create_key(s, KeyIn(role="auditor", name="bench queries", agencies=agencies[:2]), admin).key
        s.commit()
    db.dispose()
    assert billing and auditor
    return agencies, billing, auditor


def samples(url: str, k: int, rng: random.Random) -> list[Sample]:
    """Rejection rows picked at random: the filter values requests use exist in the data."""
    db = Database(url)
    r = Rejection
    with db.reading() as s:
        top = int(s.scalar(select(func.max(r.id))) or 0)
        ids = rng.sample(range(1, top + 1), min(k, top))
        rows = s.execute(select(r.agency_id, r.source, r.code, r.state, r.payer_id, r.provider_npi, Member.medicaid_id,
                                r.service_date).join(Member, Member.id == r.member_id).where(r.id.in_(ids))).all()
    db.dispose()
    return [Sample(*row) for row in rows]


def window(day: date, rng: random.Random) -> dict[str, str]:
    start = day - timedelta(days=rng.randrange(0, 30))
    return {"from": start.isoformat(), "to": (start + timedelta(days=rng.choice((30, 90)))).isoformat()}


# Two filters each (a date range counts as one), as auditors combine them.
PAIRS: dict[str, Callable[[Sample, random.Random], dict[str, str]]] = {
    "source+code": lambda x, _: {"source": x.source, "code": x.code},
    "state+payer": lambda x, _: {"state": x.state, "payer": x.payer or ""},
    "provider+dates": lambda x, rng: {"provider": x.provider, **window(x.day, rng)},
    "member+source": lambda x, _: {"member": x.member, "source": x.source},
    "code+dates": lambda x, rng: {"code": x.code, **window(x.day, rng)},
    "state+source": lambda x, _: {"state": x.state, "source": x.source},
    "payer+code": lambda x, _: {"payer": x.payer or "", "code": x.code},
    "provider+source": lambda x, _: {"provider": x.provider, "source": x.source},
    "source+dates": lambda x, rng: {"source": x.source, **window(x.day, rng)},
    "state+dates": lambda x, rng: {"state": x.state, **window(x.day, rng)},
}


def requests_for(pool: list[Sample], count: int, rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    out = []
    with_payer = [x for x in pool if x.payer]
    for i in range(count):
        kind = list(PAIRS)[i % len(PAIRS)]
        x = rng.choice(with_payer if "payer" in kind else pool)
        out.append((kind, PAIRS[kind](x, rng)))
    return out


# --- the service and the clock ----------------------------------------------------------------------------


def pct(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def timed_get(client: httpx.Client, path: str, params: dict[str, str]) -> tuple[float, Any]:
    t = time.perf_counter()
    r = client.get(path, params=params)
    ms = (time.perf_counter() - t) * 1000
    if r.status_code != 200:
        raise SystemExit(f"GET {path} {params}: {r.status_code} {r.text[:300]}")
    return ms, r.json()


def figures(ms: list[float]) -> str:
    return f"p50 {pct(ms, 50):.1f} ms, p95 {pct(ms, 95):.1f} ms, max {max(ms):.1f} ms"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def measure_list(client: httpx.Client, label: str, work: list[tuple[str, dict[str, str]]],
                 seen: dict[str, float] | None = None) -> bool:
    by_kind: dict[str, list[float]] = defaultdict(list)
    rows: dict[str, list[int]] = defaultdict(list)
    follow: list[dict[str, str]] = []
    for kind, params in work:
        ms, page = timed_get(client, "/v1/rejections", params)
        by_kind[kind].append(ms)
        rows[kind].append(len(page["items"]))
        if page["next_cursor"] and len(follow) < 100:
            follow.append({**params, "cursor": page["next_cursor"]})
    every = [m for ms in by_kind.values() for m in ms]
    ok = pct(every, 95) < LIST_FLOOR_MS
    print(f"list, {label}: {len(every)} requests, {figures(every)}  "
          f"[{verdict(ok)}: p95 < {LIST_FLOOR_MS:.0f} ms]")
    for kind, ms in by_kind.items():
        print(f"    {kind:16} {len(ms):4} requests, {figures(ms)}, rows/page {statistics.mean(rows[kind]):.0f}")
    nxt = [timed_get(client, "/v1/rejections", params)[0] for params in follow]
    if nxt:
        print(f"    next page (cursor): {len(nxt)} requests, {figures(nxt)}")
    if seen is not None:
        seen[f"list {label}"] = pct(every, 95)
    return ok


def measure_summary(client: httpx.Client, label: str, state: str, today: date, runs: int,
                    seen: dict[str, float] | None = None) -> bool:
    filters = {"no filter": {}, f"state={state}": {"state": state},
               "last 90 days": {"from": (today - timedelta(days=90)).isoformat(), "to": today.isoformat()}}
    ok = True
    print(f"summary, {label} ({runs} runs per filter):")
    for group in GROUPS:
        ms = {name: [timed_get(client, "/v1/rejections/summary", {"group_by": group, **f})[0] for _ in range(runs)]
              for name, f in filters.items()}
        every = [m for v in ms.values() for m in v]
        good = pct(every, 95) < SUMMARY_FLOOR_MS
        ok &= good
        detail = "; ".join(f"{name} {figures(v)}" for name, v in ms.items())
        print(f"    {group:9} {figures(every)}  [{verdict(good)}: p95 < {SUMMARY_FLOOR_MS:.0f} ms]  ({detail})")
        if seen is not None:
            seen[f"summary {label} {group}"] = pct(every, 95)
    return ok


def measure(url: str, args: argparse.Namespace, log_dir: Path, seen: dict[str, float] | None = None) -> bool:
    rng = random.Random(args.seed)
    agencies, billing, auditor = keys(url)
    pool = samples(url, 4000, rng)
    first = [x for x in pool if x.agency == agencies[0]]
    both = [x for x in pool if x.agency in agencies[:2]]
    state = Counter(x.state for x in first).most_common(1)[0][0]
    results = []
    with serving(url, args.workers, log_dir) as base:
        for label, key, mine in (("billing key, 1 agency", billing, first), ("auditor key, 2 agencies", auditor, both)):
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120) as client:
                for _, params in requests_for(mine, 10, rng):  # warm-up: the worker's first requests, not timed
                    timed_get(client, "/v1/rejections", params)
                if args.only in (None, "list"):
                    results.append(measure_list(client, label, requests_for(mine, args.requests, rng), seen))
                if args.only in (None, "summary"):
                    results.append(measure_summary(client, label, state, date.today(), args.summary_runs, seen))
    return all(results)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--url", help="instead of --db: a SQLite URL, or a PostgreSQL one whose database name has "
                    "'bench' in it")
    ap.add_argument("--dir", default="/tmp/peerbill-queries", help="where the SQLite file and server log go")
    ap.add_argument("--n", type=int, default=1_000_000, help="encounters")
    ap.add_argument("--reuse", action="store_true", help="use the database if it already holds --n encounters")
    ap.add_argument("--requests", type=int, default=300, help="list requests per key")
    ap.add_argument("--summary-runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--only", choices=("list", "summary"))
    ap.add_argument("--drop-index", action="append", default=[], help="index to drop while measuring")
    ap.add_argument("--analyze", choices=("full", "app", "none"), default="full",
                    help="planner statistics to measure with (app: SQLite's sampled ANALYZE the service runs)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--small", type=int, default=0, help="also measure a database of this many encounters first "
                    "(kept and reused), and print how each p95 grows from it")
    args = ap.parse_args()
    small: dict[str, float] = {}
    if args.small and args.url:
        raise SystemExit("--small names its own databases: use --db (and --dir) rather than --url")
    if args.small:  # the same requests on a small database first: how the figures grow with the data
        print(f"--- {args.small:,} encounters ---")
        run_on(argparse.Namespace(**{**vars(args), "n": args.small, "reuse": True}), small)
        print(f"--- {args.n:,} encounters ---")
    large: dict[str, float] = {}
    ok = run_on(args, large)
    for name, p95 in large.items():
        if name in small:
            print(f"    p95 {name}: {small[name]:.1f} ms at {args.small:,} -> {p95:.1f} ms at {args.n:,} "
                  f"({p95 / small[name]:.1f}x for {args.n / args.small:.0f}x the data)")
    one, five, _ = os.getloadavg()
    print(f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores")
    print(f"overall: {verdict(ok)}")
    if not ok:
        sys.exit(1)


def run_on(args: argparse.Namespace, seen: dict[str, float]) -> bool:
    url = target(args)
    found = encounters_in(url) if args.reuse else None
    if found == args.n:
        print(f"reusing {make_url(url).render_as_string(hide_password=True)} ({found:,} encounters)")
    else:
        reset(url)
        generate(url, args.n, args.seed)
    refresh_stats(url, args.analyze)
    print(f"database: {make_url(url).get_backend_name()}, {size_of(url)}; server workers: {args.workers}")
    with without_indexes(url, args.drop_index):
        return measure(url, args, Path(args.dir), seen)


if __name__ == "__main__":
    main()
