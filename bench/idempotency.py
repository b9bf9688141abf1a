"""Benchmark: what an Idempotency-Key costs a single POST /v1/encounters, and what a replay costs.

    python bench/idempotency.py [--n 600]

Starts `peerbill serve` on 127.0.0.1 with a fresh SQLite file and posts, from one client, `--n` new encounters
without a key, `--n` new encounters each with its own key (the key is reserved, then the answer stored), and the
second batch again with the same keys (each answered from the store). The peer is the same work without a key,
measured in the same run: the ratio is the figure, the absolute numbers move with the machine's load (printed).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.intake import setup  # noqa: E402
from bench.server import serving  # noqa: E402
from bench.synthetic import encounter  # noqa: E402


def run(client: httpx.Client, bodies: list[dict], keys: list[str | None], want: int) -> float:
    started = time.perf_counter()
    for body, key in zip(bodies, keys, strict=True):
        r = client.post("/v1/encounters", json=body, headers={"Idempotency-Key": key} if key else {})
        assert r.status_code == want, (r.status_code, r.text[:200])
    return len(bodies) / (time.perf_counter() - started)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=600)
    args = ap.parse_args()
    rng = random.Random(13)
    bodies = [encounter(i, "TX", rng) for i in range(2 * args.n)]
    plain, keyed = bodies[:args.n], bodies[args.n:]
    keys = [f"bench-{i}" for i in range(args.n)]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        key = setup(url)
        with serving(url, 1, Path(tmp)) as base, httpx.Client(
                base_url=base, timeout=60, headers={"Authorization": f"Bearer {key}"}) as client:
            run(client, bodies[:20], [None] * 20, 201)  # warm up (these ids are posted again below: 200)
            without = run(client, plain[20:], [None] * (args.n - 20), 201)
            with_key = run(client, keyed, keys, 201)
            replay = run(client, keyed, keys, 201)
    print(f"load average {os.getloadavg()[0]:.1f}; {args.n} single POST /v1/encounters each, one client")
    print(f"  without a key        {without:8.1f} encounters/s  (peer)")
    print(f"  with a new key       {with_key:8.1f} encounters/s  ({with_key / without:.2f}x the peer)")
    print(f"  replayed (same key)  {replay:8.1f} answers/s     ({replay / without:.2f}x the peer)")


if __name__ == "__main__":
    main()
