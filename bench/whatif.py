"""Benchmark: what-if over every stored encounter of a database (one state at a time, every agency).

    python bench/whatif.py [--n 1000000] [--reuse] [--dir /tmp/peerbill-queries] [--edit cap] [--full]

Uses the database bench/queries.py builds (bench/querydata.py: 3 agencies, 10 states, two years of service),
less the tables a what-if never reads (audit events, claim events, 999/277CA/835 responses, rejections; --full
keeps them): 5.6 GB and about 12 minutes at 1,000,000 on SQLite on a loaded 2-core machine, against ~7 GB and
much longer for the whole database. The encounters, versions, verdicts and claims are the same rows either way
(the same generator and seed). Then for each state it runs billing.whatif.run.what_if with the shipped pack
(or, with --edit cap, the pack with every cap halved), reading the encounters back with their history, judging
each, comparing. Prints encounters/s per state and overall, and the share of the time the rules engine took
(the rest is reading and rebuilding history). No public library does this, so the engine's own share is the
comparison: what-if can never be faster than judging alone. Floor (issue 16): 5,000 encounters/s including
reading. Synthetic data only; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import make_url  # noqa: E402

from bench.queries import encounters_in, generate, reset  # noqa: E402
from bench.querydata import (  # noqa: E402
    SqliteSink,
)
from billing.access import Actor  # noqa: E402
from billing.db.connection import Database  # noqa: E402
from billing.rules import default_registry  # noqa: E402
from billing.whatif import run as run_mod  # noqa: E402
from billing.whatif.stored import Scope  # noqa: E402
from schemas.rulepack import RulePack  # noqa: E402

FLOOR = 5_000
# What a what-if never reads: the generator still makes these rows (its claims need them), the lean sink drops them.
UNREAD = frozenset({"audit_events", "claim_events", "responses", "rejections"})


class LeanSink(SqliteSink):
    """bench/querydata.py's SQLite sink, less the tables a what-if does not read: the bulk of the file at 1M."""

    def write(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if table not in UNREAD:
            super().write(table, rows)


def generate_lean(url: str, n: int, seed: int) -> None:
    """bench/queries.py's generate() into a LeanSink: the same encounters, versions, verdicts and claims."""
    generate(url, n, seed, sink=LeanSink(Path(make_url(url).database or "")))


def _halved(cap: Any) -> Any:
    """The cap at half its amount, in whichever measure it is given (units, minutes or hours)."""
    return cap.model_copy(update={k: getattr(cap, k) // 2 if k != "hours" else getattr(cap, k) / 2
                                  for k in ("units", "minutes", "hours") if getattr(cap, k) is not None})


def halved_caps(pack: RulePack) -> RulePack:
    caps = [_halved(c) for c in pack.rules.caps]
    return pack.model_copy(update={"revision": pack.revision + 1, "rules": pack.rules.model_copy(
        update={"caps": caps})})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--dir", default="/tmp/peerbill-queries")
    ap.add_argument("--reuse", action="store_true", help="use the database if it already holds --n encounters")
    ap.add_argument("--edit", choices=("none", "cap"), default="none")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--full", action="store_true", help="generate bench/queries.py's whole database (audit events, "
                    "responses, rejections: ~7 GB at 1M) instead of only the tables a what-if reads")
    args = ap.parse_args()
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{Path(args.dir) / f'peerbill-{args.n}.db'}"
    if not (args.reuse and encounters_in(url) == args.n):
        reset(url)
        (generate if args.full else generate_lean)(url, args.n, args.seed)
    db = Database(url)
    from sqlalchemy import select

    from billing.db.models import Agency, Encounter

    with db.reading() as s:
        agencies = tuple(s.scalars(select(Agency.id)))
        states = sorted(set(s.scalars(select(Encounter.state).distinct())))
    who = Actor(key_id="bench", role="auditor", agency_ids=agencies)
    registry = default_registry()
    # Time spent inside the engine, measured by wrapping the function the what-if calls.
    spent = [0.0]
    inner = run_mod.adjudicate

    def timed(*a, **k):
        t = time.perf_counter()
        try:
            return inner(*a, **k)
        finally:
            spent[0] += time.perf_counter() - t

    run_mod.adjudicate = timed
    total_n, total_t, total_cpu, changed = 0, 0.0, 0.0, 0
    edit = "shipped packs" if args.edit == "none" else "caps halved"
    print(f"database: {url} ({args.n:,} encounters), candidate: {edit}")
    for st in states:
        pack = registry.get(st)
        assert pack is not None
        candidate = pack if args.edit == "none" else halved_caps(pack)
        t0, c0 = time.perf_counter(), time.process_time()
        report = run_mod.what_if(db, who, Scope(agencies, st), candidate, registry)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        total_n, total_t, changed = total_n + report.judged, total_t + dt, changed + report.changed
        total_cpu += cpu
        print(f"  {st}: {report.judged:>8,} judged in {dt:6.1f} s -> {report.judged / dt:>7,.0f}/s; "
              f"CPU {cpu:6.1f} s -> {report.judged / cpu:>7,.0f}/s ({report.changed:,} change)", flush=True)
    rate = total_n / total_t
    print(f"total: {total_n:,} encounters in {total_t:.1f} s -> {rate:,.0f} encounters/s "
          f"(floor {FLOOR:,}: {'met' if rate >= FLOOR else 'NOT met'}); rules engine {spent[0] / total_t:.0%} of "
          f"the time ({total_n / spent[0]:,.0f}/s judging alone); {changed:,} verdicts differ")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS) of this process: {peak:,.0f} MiB (reading streams by chunks of members; the "
          f"changed encounters are kept for the answer)")
    print(f"CPU time of this process: {total_cpu:.1f} s -> {total_n / total_cpu:,.0f} encounters/s (on a shared "
          f"machine the wall-clock rate above is this process's share of the cores; load average "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    main()
