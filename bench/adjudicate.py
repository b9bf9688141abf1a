"""Benchmark: parse synthetic encounters from JSON and adjudicate them, in one process on one core.

    python bench/adjudicate.py [--sizes 1000,10000,100000] [--repeat 3] [--seed 1]
    python bench/adjudicate.py --n 100000          # one size
    git show main:billing/rules/engine.py > /tmp/main_engine.py
    python bench/adjudicate.py --baseline-engine /tmp/main_engine.py   # + main's engine, same passes

Each encounter is parsed from its own JSON text (pydantic) and judged by its state's rules with a running history
of the member's approved units (as the service does in a batch). No public library adjudicates peer-support rules;
the peer measured in the same run is pydantic alone parsing the same documents into the same `Encounter` model,
so the ratio (engine rate / parse-only rate) means something on a loaded machine where absolute rates do not.
Each size runs parse-only, parse + judge and judge-only passes in turn, `--repeat` times, and keeps the best of
each, so a burst of load from another process hits one pass, not one side. The figures at several sizes show
whether cost per encounter grows with the number judged (the members' histories grow with it).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import encounter  # noqa: E402
from billing.rules import adjudicate, as_prior, default_registry  # noqa: E402
from billing.rules.packs import Registry  # noqa: E402
from schemas.encounter import Encounter  # noqa: E402

FLOOR = 30_000  # encounters/s, parse + judge, one core, idle machine (issue 19)


def parse_only(texts: list[str], registry: Registry) -> int:
    validate = Encounter.model_validate_json
    for text in texts:
        validate(text)
    return 0


def parse_and_judge(texts: list[str], registry: Registry, engine: ModuleType | None = None) -> int:
    judge, record = (engine.adjudicate, engine.as_prior) if engine else (adjudicate, as_prior)
    history: defaultdict[str, list] = defaultdict(list)
    billable = 0
    validate = Encounter.model_validate_json
    for text in texts:
        enc = validate(text)
        prior = history[enc.member.medicaid_id]
        v = judge(enc, prior, None, registry)
        prior.append(record(enc, v))
        billable += v.billable
    return billable


def load_engine(path: Path) -> ModuleType:
    """Another version of billing/rules/engine.py, imported beside this one (it must read the same packs API)."""
    spec = importlib.util.spec_from_file_location("baseline_engine", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(fn: Callable[[], int]) -> tuple[float, int]:
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def run_size(n: int, repeat: int, seed: int, registry: Registry, states: list[str],
             baseline: ModuleType | None = None) -> dict[str, float]:
    rng = random.Random(seed)
    texts = [json.dumps(encounter(i, states[i % len(states)], rng)) for i in range(n)]
    parsed = [Encounter.model_validate_json(t) for t in texts]

    def judge_only() -> int:
        history: defaultdict[str, list] = defaultdict(list)
        billable = 0
        for enc in parsed:
            prior = history[enc.member.medicaid_id]
            v = adjudicate(enc, prior, None, registry)
            prior.append(as_prior(enc, v))
            billable += v.billable
        return billable

    best = {"parse": float("inf"), "engine": float("inf"), "judge": float("inf")}
    other = Registry(registry.packs)  # the baseline's own compiled views
    if baseline:
        best["baseline"] = float("inf")
    billable = 0
    for _ in range(repeat):
        best["parse"] = min(best["parse"], timed(lambda: parse_only(texts, registry))[0])
        dt, billable = timed(lambda: parse_and_judge(texts, registry))
        best["engine"] = min(best["engine"], dt)
        best["judge"] = min(best["judge"], timed(judge_only)[0])
        if baseline:
            dt, same = timed(lambda: parse_and_judge(texts, other, baseline))
            assert same == billable, "the baseline engine bills other encounters"
            best["baseline"] = min(best["baseline"], dt)
    return {k: n / v for k, v in best.items()} | {"billable": billable}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated numbers of encounters")
    ap.add_argument("--n", type=int, help="one size only (overrides --sizes)")
    ap.add_argument("--repeat", type=int, default=3, help="passes per size; the best of each kind is kept")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--baseline-engine", type=Path, help="another engine.py to time in the same passes")
    args = ap.parse_args()
    sizes = [args.n] if args.n else [int(s) for s in args.sizes.split(",")]
    registry = default_registry()
    states = sorted(registry.packs)
    baseline = load_engine(args.baseline_engine) if args.baseline_engine else None
    print(f"states: {len(states)}; load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'encounters':>11} {'billable':>9} {'parse+judge/s':>14} {'pydantic parse-only/s':>22} "
          f"{'ratio':>6} {'judge-only/s':>13}" + (f" {'baseline p+j/s':>15} {'ratio':>6}" if baseline else ""))
    results = []
    for n in sizes:
        r = run_size(n, args.repeat, args.seed, registry, states, baseline)
        results.append((n, r))
        extra = f" {r['baseline']:>15,.0f} {r['baseline'] / r['parse']:>6.2f}" if baseline else ""
        print(f"{n:>11,} {int(r['billable']):>9,} {r['engine']:>14,.0f} {r['parse']:>22,.0f} "
              f"{r['engine'] / r['parse']:>6.2f} {r['judge']:>13,.0f}{extra}", flush=True)
    n, r = results[-1]
    verdict = "PASS" if r["engine"] >= FLOOR else "BELOW (absolute figures mean little under load: see the ratio)"
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"floor {FLOOR:,} encounters/s (parse + judge, one core, idle machine) at {n:,}: {verdict}")


if __name__ == "__main__":
    main()
