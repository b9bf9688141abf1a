"""Benchmark: encounters through the HTTP API into SQLite, persisted with their verdicts.

    python bench/intake.py [--n 100000] [--batch 1000] [--singles 2000] [--clients 50] [--workers 2]
    python bench/intake.py --db postgresql [--url postgresql+psycopg://...@127.0.0.1/peerbill_bench_intake]

Starts the peer, bench/baseline_app.py (bare FastAPI + the same pydantic `Encounter` + SQLAlchemy Core
executemany into a SQLite file, same pragmas), and `peerbill serve` on 127.0.0.1 with a fresh database, and
posts the same `--n` synthetic encounters in batches of `--batch` to each from the same client, in alternating
rounds of `--streams` concurrent batches (so both meet the same load on a shared machine), then
`--singles` single POSTs from `--clients` concurrent clients to the service. Prints throughput (overall and
per quarter of the run, as the database grows), the ratio to the peer, how many rounds one worker served alone
(the workers share one listening socket: under uvicorn's own event loop, one worker often accepts both of a
round's connections and the round runs on one core; `peerbill serve` spreads them, see api/accept.py, and
`--peer-spreading` gives the peer the same), latency percentiles and the load average, and exits 1 below the
floors (SQLite: 4,000 encounters/s and a ratio of 0.4). Every request goes to loopback only and the loops are
bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import ssl
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import PIDS, serving, serving_baseline, workers_cpu  # noqa: E402
from bench.synthetic import encounter  # noqa: E402
from billing.access import Actor, create_agency, create_key  # noqa: E402
from billing.db.connection import Database  # noqa: E402
from billing.db.models import ApiKey  # noqa: E402
from billing.intake import Intake  # noqa: E402
from billing.rules import default_registry  # noqa: E402
from schemas.api import AgencyIn, KeyIn  # noqa: E402


def setup(url: str) -> str:
    db = Database(url)
    db.upgrade()
    admin = Actor(key_id="bench", role="admin")
    with db.writing() as s:
        agency = create_agency(s, AgencyIn.model_validate({
            "name": "Bench Agency", "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
            "address": {"line1": "1 Main St", "city": "Sampletown", "state": "TX", "zip": "787010001"}}), admin)
        key = create_key(s, KeyIn(role="ehr", name="bench", agency_id=agency.id), admin).key
        s.commit()
    db.dispose()
    assert key is not None
    return key


def in_process(url: str) -> tuple[Database, Actor, Intake]:
    """A fresh database at `url` (see setup), with the batch route's caller and use case, for the benches that
    call the route's function in their own process."""
    setup(url)
    db = Database(url)
    with db.reading() as s:
        key = s.scalars(select(ApiKey)).one()
    actor = Actor(key_id=key.id, role="ehr", agency_ids=(key.agency_id,), request_id="bench")
    return db, actor, Intake(db, default_registry())


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


async def singles(base: str, key: str, docs: list[dict], clients: int) -> list[float]:
    latencies: list[float] = []
    queue = list(docs)
    headers = {"Authorization": f"Bearer {key}"}

    async def worker(client: httpx.AsyncClient) -> None:
        while queue:
            doc = queue.pop()
            t = time.perf_counter()
            r = await client.post(f"{base}/v1/encounters", json=doc, headers=headers)
            latencies.append(time.perf_counter() - t)
            assert r.status_code in (200, 201), r.text[:300]

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    return latencies


def batches(base: str, key: str | None, bodies: list[bytes], streams: int) -> tuple[int, list[float]]:
    """Post the batch bodies from `streams` concurrent clients: the number of encounters created, and when
    (seconds from the start) each batch was answered, in order of answer."""
    from concurrent.futures import ThreadPoolExecutor

    headers = {"Authorization": f"Bearer {key}"} if key else {}
    done: list[float] = []
    # A new connection per batch (so the kernel spreads each round's batches over the workers afresh), but one
    # TLS context for all: httpx builds one per client, loading the CA bundle, ~40 ms of the client's CPU per
    # batch on this machine, spent before each request is sent, for both servers alike (plain HTTP needs none).
    t0 = time.perf_counter()

    def post(body: bytes) -> int:
        with httpx.Client(timeout=300, verify=_TLS) as client:
            r = client.post(f"{base}/v1/encounters/batch", content=body,
                            headers={**headers, "Content-Type": "application/json"})
        assert r.status_code == 200, r.text[:300]
        done.append(time.perf_counter() - t0)
        return created_count(r.content)

    with ThreadPoolExecutor(streams) as pool:
        return sum(pool.map(post, bodies)), sorted(done)


def timed_round(base: str, key: str | None, chunk: list[bytes], streams: int) -> tuple[int, float, float, bool]:
    """One round of concurrent batches: encounters stored, seconds, the server's CPU seconds, and whether a
    single worker did (nearly) all of that CPU work."""
    before = workers_cpu(base)
    t0 = time.perf_counter()
    n = batches(base, key, chunk, streams)[0]
    seconds = time.perf_counter() - t0
    after = workers_cpu(base)
    used = {pid: after[pid] - before.get(pid, 0.0) for pid in after}
    busiest = sorted((v for pid, v in used.items() if pid != PIDS[base]), reverse=True)[:2]
    one = len(busiest) == 2 and busiest[1] < 0.15 * sum(busiest)
    return n, seconds, sum(used.values()), one


_TLS = ssl.create_default_context()
_CREATED = re.compile(rb'^\{"created":\s*(\d+),')


def created_count(body: bytes) -> int:
    """The answer's `created`, read from its start: the service answers a thousand verdicts (~2 MB), and parsing
    them all on the client (which shares the machine with the servers) would be charged to neither server."""
    m = _CREATED.match(body[:64])
    return int(m.group(1)) if m else int(json.loads(body)["created"])


def by_quarter(done: list[float], per_batch: int) -> str:
    """Throughput over each quarter of the batches, as the database grows (non-linear cost shows here)."""
    q = max(1, len(done) // 4)
    out, prev = [], 0.0
    for i in range(0, len(done), q):
        chunk = done[i:i + q]
        out.append(f"{len(chunk) * per_batch / max(chunk[-1] - prev, 1e-9):,.0f}")
        prev = chunk[-1]
    return " -> ".join(out) + " encounters/s"


def cpu_by_quarter(spent: list[float], per_round: int) -> str:
    """The server's CPU per encounter over each quarter of the rounds (beside by_quarter: whether a quarter that
    persists less is spending more CPU, or waiting)."""
    q = max(1, len(spent) // 4)
    return " -> ".join(f"{sum(spent[i:i + q]) / (len(spent[i:i + q]) * per_round) * 1e6:.0f}"
                       for i in range(0, len(spent), q)) + " us per encounter"


PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/peerbill_bench_intake"


def fresh_postgres(url: str) -> None:
    from sqlalchemy import make_url

    from bench.querydata import pg_conninfo

    name = make_url(url).database or ""
    if not name.startswith("peerbill_bench"):
        raise SystemExit(f"refusing to use database {name!r}: only databases named peerbill_bench* are recreated")
    import psycopg

    with psycopg.connect(pg_conninfo(str(make_url(url).set(database="postgres"))), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


SQLITE_FLOOR, RATIO_FLOOR = 4000.0, 0.4


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000, help="encounters posted in batches (the size)")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--singles", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2, help="server worker processes")
    ap.add_argument("--streams", type=int, default=2, help="concurrent batch clients")
    ap.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--url", default=PG_URL, help="with --db postgresql: a database named peerbill_bench*, "
                    "dropped and created")
    ap.add_argument("--no-baseline", action="store_true", help="skip the bare FastAPI + SQLAlchemy Core peer")
    ap.add_argument("--peer-spreading", action="store_true",
                    help="run the peer on the service's event loop (api/accept.py), which spreads new connections "
                    "over the workers, instead of uvicorn's own (which often gives one worker both of a round's "
                    "batches): the ratio then compares the work per encounter alone")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="peerbill-bench-"))
    if args.db == "sqlite":
        url = f"sqlite:///{tmp / 'bench.db'}"
    else:
        url = args.url
        fresh_postgres(url)
    key = setup(url)
    states = sorted(default_registry().packs)
    rng = random.Random(7)
    docs = [encounter(i, states[i % len(states)], rng) for i in range(args.n + args.singles)]
    # Encoded before the clock starts: the client's JSON work is not the server's throughput.
    bodies = [json.dumps({"items": docs[i:i + args.batch]}).encode() for i in range(0, args.n, args.batch)]
    print(f"states: {len(states)}; database: {'SQLite file (WAL)' if args.db == 'sqlite' else 'PostgreSQL'}; "
          f"server workers: {args.workers}; batch streams: {args.streams}; {load()}")
    base_rate = None
    with ExitStack() as stack:
        base = stack.enter_context(serving(url, args.workers, tmp))  # the server's log is kept beside the database
        peer = None if args.no_baseline else stack.enter_context(
            serving_baseline(f"sqlite:///{tmp / 'baseline.db'}", args.workers, tmp, args.peer_spreading))
        # Rounds of `streams` batches, the peer's then the service's: both see the same machine load over time.
        batch_s, peer_s, created, stored = 0.0, 0.0, 0, 0
        done: list[float] = []
        spent: list[float] = []  # the service's CPU seconds, round by round
        cpu = {"service": 0.0, "peer": 0.0}
        alone = {"service": 0, "peer": 0}  # rounds whose batches one worker served by itself
        for i in range(0, len(bodies), args.streams):
            chunk = bodies[i:i + args.streams]
            if peer is not None:
                n, seconds, used, one = timed_round(peer, None, chunk, args.streams)
                stored, peer_s, cpu["peer"], alone["peer"] = stored + n, peer_s + seconds, cpu["peer"] + used, \
                    alone["peer"] + one
            n, seconds, used, one = timed_round(base, key, chunk, args.streams)
            created, batch_s, cpu["service"], alone["service"] = created + n, batch_s + seconds, \
                cpu["service"] + used, alone["service"] + one
            done.append(batch_s)
            spent.append(used)
        rounds = -(-len(bodies) // args.streams)
        lat = asyncio.run(singles(base, key, docs[args.n:], args.clients)) if args.singles else []
    if peer_s:
        base_rate = args.n / peer_s
        print(f"baseline (FastAPI + pydantic Encounter + SQLAlchemy Core executemany, SQLite WAL; "
              f"{'the service' if args.peer_spreading else 'uvicorn'}'s event loop): {stored:,} in "
              f"{peer_s:.1f} s -> {base_rate:,.0f} encounters/s; server CPU {cpu['peer'] / args.n * 1e6:.0f} us "
              "per encounter")
    print(f"service server CPU (all workers): {cpu['service'] / args.n * 1e6:.0f} us per encounter"
          + (f"; CPU time ratio peer/service {cpu['peer'] / cpu['service']:.2f} (less moved by other load than "
             "wall time)" if peer_s and cpu["service"] else ""))
    if args.workers > 1 and args.streams > 1:
        print(f"rounds whose batches all went to one worker (such a round runs on one core): "
              f"service {alone['service']}/{rounds}"
              + (f", peer {alone['peer']}/{rounds}" if peer_s else ""))
    rate = args.n / batch_s
    print(f"batches: {args.n:,} encounters in {len(bodies)} requests of {args.batch}: {batch_s:.1f} s "
          f"-> {rate:,.0f} encounters/s ({created:,} created, persisted with verdicts); "
          f"by quarter: {by_quarter(done, args.batch * args.streams)}; server CPU by quarter: "
          f"{cpu_by_quarter(spent, args.batch * args.streams)}")
    ok = True
    if args.db == "sqlite":
        ok = rate >= SQLITE_FLOOR
        print(f"floor {SQLITE_FLOOR:,.0f} encounters/s on SQLite: {'PASS' if ok else 'FAIL'}")
    if base_rate is not None:
        ratio = rate / base_rate
        good = ratio >= RATIO_FLOOR or args.db != "sqlite"
        ok &= good
        print(f"ratio to the baseline (same run, same documents and client): {ratio:.2f}"
              + (f" [{'PASS' if good else 'FAIL'}: >= {RATIO_FLOOR}]" if args.db == "sqlite" else ""))
    if len(lat) >= 2:
        print(f"single POSTs: {len(lat):,} from {args.clients} concurrent clients: p50 {pct(lat, 50) * 1000:.1f} "
              f"ms, p99 {pct(lat, 99) * 1000:.1f} ms, {len(lat) / sum(lat) * args.clients:,.0f} req/s (approx.)")
    print(f"after: {load()}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
