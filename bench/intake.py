"""Benchmark: encounters through the HTTP API into SQLite, persisted with their verdicts.

    python bench/intake.py [--n 100000] [--batch 1000] [--singles 2000] [--clients 50]

Starts `peerbill serve` on 127.0.0.1 with a fresh SQLite file, posts `--n` synthetic encounters in batches
of `--batch` from one client, then `--singles` single POSTs from `--clients` concurrent clients, and prints
throughput and latency percentiles. Every request goes to loopback only and the loops are bounded.
No public peer-support intake service exists to run the same work; the figures stand against the floors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import serving  # noqa: E402
from bench.synthetic import encounter  # noqa: E402
from billing.access import Actor, create_agency, create_key  # noqa: E402
from billing.db.connection import Database  # noqa: E402
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


def batches(base: str, key: str, bodies: list[bytes], streams: int) -> int:
    """Post the batch bodies from `streams` concurrent clients; the number of encounters created."""
    from concurrent.futures import ThreadPoolExecutor

    headers = {"Authorization": f"Bearer {key}"}

    def post(body: bytes) -> int:
        with httpx.Client(timeout=300) as client:
            r = client.post(f"{base}/v1/encounters/batch", content=body,
                            headers={**headers, "Content-Type": "application/json"})
        assert r.status_code == 200, r.text[:300]
        return r.json()["created"]

    with ThreadPoolExecutor(streams) as pool:
        return sum(pool.map(post, bodies))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--singles", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2, help="server worker processes")
    ap.add_argument("--streams", type=int, default=2, help="concurrent batch clients")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="peerbill-bench-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    key = setup(url)
    with serving(url, args.workers, tmp) as base:  # the server's own log is kept beside the database
        states = sorted(default_registry().packs)
        rng = random.Random(7)
        docs = [encounter(i, states[i % len(states)], rng) for i in range(args.n + args.singles)]
        # Encoded before the clock starts: the client's JSON work is not the server's throughput.
        bodies = [json.dumps({"items": docs[i:i + args.batch]}).encode() for i in range(0, args.n, args.batch)]
        t0 = time.perf_counter()
        created = batches(base, key, bodies, args.streams)
        batch_s = time.perf_counter() - t0
        lat = asyncio.run(singles(base, key, docs[args.n:], args.clients))
    print(f"states: {len(states)}; database: SQLite file (WAL); server workers: {args.workers}; "
          f"batch streams: {args.streams}")
    print(f"batches: {args.n:,} encounters in {args.n // args.batch} requests of {args.batch}: {batch_s:.1f} s "
          f"-> {args.n / batch_s:,.0f} encounters/s ({created:,} created, persisted with verdicts)")
    if len(lat) < 2:  # --singles 0 or 1: nothing to take percentiles of
        return
    print(f"single POSTs: {len(lat):,} from {args.clients} concurrent clients: p50 {pct(lat, 50) * 1000:.1f} ms, "
          f"p99 {pct(lat, 99) * 1000:.1f} ms, {len(lat) / sum(lat) * args.clients:,.0f} req/s (approx.)")


if __name__ == "__main__":
    main()
