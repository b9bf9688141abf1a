"""Benchmark: the cost of ICD-10-CM validity in a fresh process (what a server worker pays at start-up).

    python bench/icd_load.py [--runs 5]

Each run starts a new interpreter and times, after the schemas are imported (pydantic, shared by everything):
`import billing.rules.icd` (which imports the package `billing.rules`, so the whole engine and its state packs
come along), the first lookup (which loads the dated index `billing/data/icd10cm.json.gz`), a warm lookup, and
the import time of the module `billing.rules.icd` alone (`python -X importtime`). The peer is
what the code did before: `import simple_icd_10_cm` (parses its tabular XML on import), timed the same way
when that package is installed. Medians of the runs are printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

OURS = """
import json, time, datetime
import schemas.rulepack, schemas.verdict
t0 = time.perf_counter()
import billing.rules.icd as icd
t1 = time.perf_counter()
icd.lookup("F43.81", datetime.date(2026, 5, 1))
t2 = time.perf_counter()
icd.lookup("Z59.861", datetime.date(2026, 5, 2))
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first_lookup": t2 - t1, "warm_lookup": t3 - t2, "total": t2 - t0}))
"""

PEER = """
import json, time
t0 = time.perf_counter()
import simple_icd_10_cm as cm
cm.is_leaf("F43.81")
print(json.dumps({"total": time.perf_counter() - t0}))
"""


def _runs(code: str, n: int) -> list[dict[str, float]] | None:
    out = []
    for _ in range(n):
        p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        if p.returncode != 0:
            return None
        out.append(json.loads(p.stdout))
    return out


def _icd_module_import_us() -> int:
    """Cumulative microseconds `python -X importtime` gives the module billing.rules.icd (schemas already in)."""
    p = subprocess.run([sys.executable, "-X", "importtime", "-c",
                        "import gzip, json, schemas.rulepack, schemas.verdict; import billing.rules"], cwd=ROOT,
                       capture_output=True, text=True, check=True)
    line = next(x for x in p.stderr.splitlines() if x.rstrip().endswith("billing.rules.icd"))
    return int(line.split("|")[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    n = ap.parse_args().runs
    ours = _runs(OURS, n) or []
    for key in ("import", "first_lookup", "warm_lookup", "total"):
        print(f"peerbill icd {key:13s} median {statistics.median(r[key] for r in ours) * 1000:8.1f} ms")
    module = statistics.median(_icd_module_import_us() for _ in range(n))
    print(f"billing.rules.icd module alone  median {module / 1000:8.1f} ms (python -X importtime, cumulative)")
    icd_only = statistics.median(r["first_lookup"] for r in ours) * 1000 + module / 1000
    print(f"ICD cost per process (module + index load + first lookup): {icd_only:.1f} ms")
    peer = _runs(PEER, max(1, n // 2))
    if peer is None:
        print("simple_icd_10_cm: not installed (it is only a build-time download now)")
    else:
        print(f"simple_icd_10_cm import+lookup median {statistics.median(r['total'] for r in peer) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
