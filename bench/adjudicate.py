"""Benchmark: parse synthetic encounters from JSON and adjudicate them, in one process on one core.

    python bench/adjudicate.py [--n 100000] [--seed 1]

Each encounter is parsed from its own JSON text (pydantic), then judged by its state's rules with a running
history of the member's approved units (as the service does in a batch). No public library adjudicates
peer-support rules, so there is no peer to run the same work; the figure stands against the issue's floor.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import encounter  # noqa: E402
from billing.rules import adjudicate, as_prior, default_registry  # noqa: E402
from schemas.encounter import Encounter  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    registry = default_registry()
    states = sorted(registry.packs)
    rng = random.Random(args.seed)
    texts = [json.dumps(encounter(i, states[i % len(states)], rng)) for i in range(args.n)]
    history: defaultdict[str, list] = defaultdict(list)
    billable = 0
    t0 = time.perf_counter()
    for text in texts:
        enc = Encounter.model_validate_json(text)
        prior = history[enc.member.medicaid_id]
        v = adjudicate(enc, prior, None, registry)
        prior.append(as_prior(enc, v))
        billable += v.billable
    dt = time.perf_counter() - t0
    print(f"states: {len(states)} ({', '.join(states)})")
    print(f"encounters: {args.n:,}  billable: {billable:,}")
    print(f"parse + adjudicate: {dt:.2f} s  ->  {args.n / dt:,.0f} encounters/s (one process, one core)")


if __name__ == "__main__":
    main()
