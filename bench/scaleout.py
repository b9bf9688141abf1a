"""Benchmark: K independent `peerbill serve` processes and one `peerbill worker` on one PostgreSQL database.

    python bench/scaleout.py --url postgresql+psycopg://postgres@127.0.0.1:5432/pb_scale [--ks 1,2,4]
                             [--clients 8] [--seconds 30]

For each K the database is emptied and migrated (so use a database of its own: everything in it is dropped),
four synthetic agencies are set up (Virginia: four hours, 16 units, a day per member, on_exceed deny, which
concurrent posts for the same members and days contend on), K servers start on distinct loopback ports, each one process
with its own connection pool as a separate host would have, and a worker runs jobs. `--clients` threads, spread
round-robin over the servers, then for `--seconds` post batches of encounters (with resends), correct earlier
ones, build claim files (some as jobs), ingest 999s for them, run what-if jobs and read as auditors.

Then the invariants are checked in the database: no encounter stored twice, no member's day over the cap in
billable units, no encounter on two active claim lines, every job done once (none left queued or running, no
claim file that neither a request nor one job answered with, one what-if audit entry per what-if job).

Printed per K: operations, throughput, p95 latency (all and per operation), and the database's share of the
time: PostgreSQL's active time (pg_stat_database.active_time: statements executing) over the clients' summed
request time. No public peer-support billing service exists to run the same work against; the figures compare
K with K = 1 in the same run. Every request goes to loopback only and every loop is bounded.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import free_port  # noqa: E402
from bench.synthetic import encounter, npi  # noqa: E402
from billing.access import Actor, create_agency, create_key  # noqa: E402
from billing.db.connection import Database, upgrade  # noqa: E402
from billing.x12.payer_sim import ack_999  # noqa: E402
from schemas.api import AgencyIn, KeyIn  # noqa: E402

# state_rules/VA.yaml: va_four_hours_per_day (12VAC30-130-5210 F, verified), on_exceed deny: 16 units of 15 minutes
STATE, DAILY_CAP = "VA", 16
PARTNER = {"sender_id": "PEERBILLBENCH", "receiver_id": "SYNPAYER", "submitter_name": "Bench Agency",
           "submitter_id": "SUB123", "contact_name": "Billing Desk", "contact_phone": "5125550100",
           "receiver_name": "Synthetic Medicaid", "usage": "T"}
OPS = (("post", 40), ("correct", 12), ("build", 12), ("ingest", 8), ("audit", 24), ("whatif", 4))


@dataclass
class Tenant:
    agency: str
    ehr: str
    billing: str
    auditor: str
    payer: str


@dataclass
class Stats:
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sync_files: set[str] = field(default_factory=set)
    jobs: dict[str, str] = field(default_factory=dict)  # job id -> kind
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, op: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latency[op].append(seconds)
            if not ok:
                self.errors[op] += 1


# --- the database ---------------------------------------------------------------------------------------------

def reset(url: str) -> None:
    """Empty the database (everything in schema public) and migrate it to head."""
    eng = create_engine(url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    eng.dispose()
    upgrade(url)


def setup(url: str, agencies: int) -> list[Tenant]:
    db = Database(url)
    admin = Actor(key_id="bench", role="admin")
    tenants = []
    with db.writing() as s:
        for a in range(agencies):
            ag = create_agency(s, AgencyIn.model_validate({
                "name": f"Bench Agency {a}", "npi": npi(1_000 + a), "tax_id": "123456789", "taxonomy": "251S00000X",
                "address": {"line1": "1 Main St", "city": "Richmond", "state": STATE, "zip": "232190001"}}), admin)
            keys = {r: create_key(s, KeyIn(role=r, name="bench", **({"agencies": [ag.id]} if r == "auditor" else
                                                                     {"agency_id": ag.id})), admin).key
                    for r in ("ehr", "billing", "auditor")}
            tenants.append(Tenant(ag.id, keys["ehr"], keys["billing"], keys["auditor"], ""))  # type: ignore[arg-type]
        s.commit()
    db.dispose()
    return tenants


def active_time_ms(url: str) -> float:
    eng = create_engine(url)
    with eng.connect() as c:
        c.execute(text("SELECT pg_stat_force_next_flush()"))
        value = c.execute(text("SELECT active_time FROM pg_stat_database WHERE datname = current_database()"))
        out = float(value.scalar() or 0.0)
    eng.dispose()
    return out


# --- the processes --------------------------------------------------------------------------------------------

def _wait_healthy(base: str, proc: subprocess.Popen, log: Path) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server never became healthy: {log.read_text()[-2000:]}")


@contextmanager
def cluster(url: str, k: int, logs: Path) -> Iterator[list[str]]:
    """K servers (no webhook or job threads of their own) and one `peerbill worker`; their base URLs."""
    env = {**os.environ, "PEERBILL_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    procs: list[subprocess.Popen] = []
    bases = []
    try:
        for i in range(k):
            port = free_port()
            log = logs / f"serve-{k}-{i}.log"
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "billing.cli", "serve", "--port", str(port), "--no-webhooks", "--no-jobs"],
                env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w")))
            bases.append(f"http://127.0.0.1:{port}")
        procs.append(subprocess.Popen([sys.executable, "-m", "billing.cli", "worker", "--jobs", "2"], env=env,
                                      cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=(logs / f"worker-{k}.log").open("w")))
        for i, base in enumerate(bases):
            _wait_healthy(base, procs[i], logs / f"serve-{k}-{i}.log")
        yield bases
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


# --- the clients ----------------------------------------------------------------------------------------------

class Client:
    """One concurrent user of one server and one agency, doing a weighted mix of what staff and EHRs do."""

    def __init__(self, n: int, base: str, tenant: Tenant, stats: Stats, seed: int) -> None:
        self.n, self.tenant, self.stats = n, tenant, stats
        self.rng = random.Random(seed)
        self.http = httpx.Client(base_url=base, timeout=120)
        self.posted: list[dict[str, Any]] = []
        self.files: list[dict[str, Any]] = []
        self.count = 0
        today = datetime.now(UTC).date()
        self.days = [(today - timedelta(days=d)).isoformat() for d in range(3, 6)]

    def call(self, op: str, method: str, url: str, key: str, **kw: Any) -> httpx.Response | None:
        t = time.perf_counter()
        try:
            r = self.http.request(method, url, headers={"Authorization": f"Bearer {key}", **kw.pop("headers", {})},
                                  **kw)
        except httpx.HTTPError:
            self.stats.add(op, time.perf_counter() - t, False)
            return None
        self.stats.add(op, time.perf_counter() - t, r.status_code < 500)
        return r

    def encounter(self) -> dict[str, Any]:
        self.count += 1
        d = encounter(self.count, STATE, self.rng, members=6)  # few members: concurrent posts contend on caps
        d["encounter_id"] = f"c{self.n}-{self.count}"
        d["rendering"]["credential"]["type"] = "PRS"  # VA: peer recovery specialist
        d["authorization"] = {"number": "SA-1", "approved_on": self.days[-1]}  # VA: approved before service
        d["service"].update(date=self.rng.choice(self.days), modifiers=[], setting="individual", group_size=None)
        return d

    def post(self) -> None:
        items = [self.encounter() for _ in range(10)]
        if self.posted:
            items.append(self.rng.choice(self.posted))  # a resend: a no-op
        r = self.call("post", "POST", "/v1/encounters/batch", self.tenant.ehr, json={"items": items})
        if r is not None and r.status_code == 200:
            self.posted += items[:10]

    def correct(self) -> None:
        if not self.posted:
            return self.post()
        d = self.rng.choice(self.posted)
        start = d["service"]["start_time"]
        minutes = self.rng.choice([15, 30, 45, 60])
        end = (datetime.strptime(start, "%H:%M") + timedelta(minutes=minutes)).strftime("%H:%M")
        d = {**d, "service": {**d["service"], "end_time": end}}
        self.call("correct", "POST", "/v1/encounters", self.tenant.ehr, json=d)

    def build(self) -> None:
        run_async = self.rng.random() < 0.3
        r = self.call("build", "POST", "/v1/claim-files" + ("?async=true" if run_async else ""), self.tenant.billing,
                      json={"payer": self.tenant.payer})
        if r is None:
            return
        if r.status_code == 202:
            with self.stats.lock:
                self.stats.jobs[r.json()["id"]] = "claim_build"
        elif r.status_code == 200 and r.json()["file"]:
            f = r.json()["file"]
            self.files.append(f)
            with self.stats.lock:
                self.stats.sync_files.add(f["id"])

    def ingest(self) -> None:
        if not self.files:
            return self.build()
        f = self.rng.choice(self.files)
        body = ack_999(f["group_control"], f["first_st_control"], True, PARTNER["receiver_id"], PARTNER["sender_id"])
        self.call("ingest", "POST", "/v1/responses", self.tenant.billing, content=body.encode(),
                  headers={"Content-Type": "application/edi-x12"})

    def audit(self) -> None:
        path = self.rng.choice(["/v1/claims?limit=50", "/v1/rejections?limit=50", "/v1/claim-files?limit=20"])
        self.call("audit", "GET", path, self.tenant.auditor)

    def whatif(self) -> None:
        r = self.call("whatif", "POST", "/v1/rules/whatif?async=true", self.tenant.auditor, json={"state": STATE})
        if r is not None and r.status_code == 202:
            with self.stats.lock:
                self.stats.jobs[r.json()["id"]] = "whatif"

    def run(self, until: float) -> None:
        names = [o for o, _ in OPS]
        weights = [w for _, w in OPS]
        try:
            while time.monotonic() < until:
                getattr(self, self.rng.choices(names, weights)[0])()
        finally:
            self.http.close()


def payers(base: str, tenants: list[Tenant]) -> None:
    for t in tenants:
        r = httpx.post(f"{base}/v1/payers", headers={"Authorization": f"Bearer {t.billing}"}, timeout=60, json={
            "payer_id": "VAMCD", "name": "VA Medicaid", "state": STATE, "program": "fee_for_service",
            "partner": PARTNER, "charges": {"H0038": "12.00"}})
        assert r.status_code == 201, r.text
        t.payer = r.json()["id"]


# --- the invariants -------------------------------------------------------------------------------------------

INVARIANTS = {
    "duplicate encounters": "SELECT count(*) FROM (SELECT 1 FROM encounters GROUP BY agency_id, external_id "
                            "HAVING count(*) > 1) d",
    "cap breaches": f"SELECT count(*) FROM (SELECT 1 FROM encounters WHERE status = 'billable' AND state = '{STATE}' "
                    f"GROUP BY agency_id, member_id, service_date HAVING sum(units) > {DAILY_CAP}) d",
    "encounters on two active claim lines": "SELECT count(*) FROM (SELECT 1 FROM claim_lines WHERE active "
                                            "GROUP BY encounter_id HAVING count(*) > 1) d",
    "encounters whose claim line is not theirs": "SELECT count(*) FROM encounters e JOIN claim_lines l ON "
                                                 "l.id = e.claim_line_id WHERE l.encounter_id <> e.id",
}


def drain(url: str, timeout: float) -> None:
    """Wait for the worker to finish every queued job."""
    eng = create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with eng.connect() as c:
                if not c.execute(text("SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')")).scalar():
                    return
            time.sleep(0.5)
    finally:
        eng.dispose()


def check(url: str, stats: Stats) -> dict[str, int]:
    eng = create_engine(url)
    out: dict[str, int] = {}
    with eng.connect() as c:
        for name, sql in INVARIANTS.items():
            out[name] = int(c.execute(text(sql)).scalar() or 0)
        rows = c.execute(text("SELECT id, kind, status, attempts, result FROM jobs")).all()
        files = {r[0] for r in c.execute(text("SELECT id FROM claim_files"))}
        whatif_audits = c.execute(text("SELECT count(*) FROM audit_events WHERE action = 'rules.whatif'")).scalar()
        out["_cap refusals"] = int(c.execute(text("SELECT count(DISTINCT encounter_id) FROM rejections "
                                                  "WHERE code = 'units.cap_exceeded'")).scalar() or 0)
        counts = c.execute(text("SELECT count(*), count(*) FILTER (WHERE claim_line_id IS NOT NULL) "
                                "FROM encounters")).one()
    eng.dispose()
    jobs = {r[0]: r for r in rows}
    job_files = [r[4]["file"]["id"] for r in rows if r[1] == "claim_build" and r[2] == "done" and r[4]["file"]]
    out["jobs lost (not done)"] = sum(1 for j in stats.jobs if j not in jobs or jobs[j][2] != "done")
    out["jobs run twice"] = (len(files - stats.sync_files - set(job_files))  # a file no one answered with
                             + len(job_files) - len(set(job_files))
                             + abs(int(whatif_audits or 0) - sum(1 for r in rows if r[1] == "whatif"
                                                                 and r[2] == "done")))
    out["_jobs"], out["_files"], out["_encounters"], out["_billed"] = len(rows), len(files), counts[0], counts[1]
    out["_retried jobs"] = sum(1 for r in rows if r[3] > 1)
    return out


# --- one K ----------------------------------------------------------------------------------------------------

def pct(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def run_k(url: str, k: int, clients: int, seconds: float, logs: Path, agencies: int = 4, settle: float = 11.0
          ) -> dict[str, Any]:
    """One run at K servers; `settle` waits for PostgreSQL 15 to flush idle backends' statistics (within 10 s)
    before the database's active time is read (0 when the share is not wanted)."""
    reset(url)
    tenants = setup(url, agencies)
    stats = Stats()
    with ExitStack() as stack:
        bases = stack.enter_context(cluster(url, k, logs))
        payers(bases[0], tenants)
        before = active_time_ms(url)
        until = time.monotonic() + seconds
        workers = [Client(i, bases[i % k], tenants[i % agencies], stats, seed=1000 * k + i) for i in range(clients)]
        threads = [threading.Thread(target=w.run, args=(until,)) for w in workers]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        time.sleep(settle)
        db_ms = active_time_ms(url) - before
        drain(url, 180)
    invariants = check(url, stats)
    every = [x for v in stats.latency.values() for x in v]
    return {"k": k, "clients": clients, "wall": wall, "ops": len(every), "throughput": len(every) / wall,
            "p95": pct(every, 95), "p95_by_op": {op: pct(v, 95) for op, v in sorted(stats.latency.items())},
            "n_by_op": {op: len(v) for op, v in sorted(stats.latency.items())},
            "errors": dict(stats.errors), "db_share": db_ms / 1000 / sum(every) if every else 0.0,
            "invariants": invariants}


def report(r: dict[str, Any]) -> str:
    inv = r["invariants"]
    lines = [f"K={r['k']}: {r['ops']:,} requests from {r['clients']} clients in {r['wall']:.1f} s -> "
             f"{r['throughput']:.1f} req/s, p95 {r['p95'] * 1000:.0f} ms, database share {r['db_share']:.0%}, "
             f"5xx/failed {sum(r['errors'].values())}",
             "  p95 by operation: " + ", ".join(f"{op} {v * 1000:.0f} ms (n={r['n_by_op'][op]})"
                                                for op, v in r["p95_by_op"].items()),
             f"  stored: {inv['_encounters']:,} encounters, {inv['_billed']:,} on claim lines, {inv['_files']} claim "
             f"files, {inv['_jobs']} jobs ({inv['_retried jobs']} retried), {inv['_cap refusals']} encounters refused "
             "by the daily cap",
             "  invariants: " + ", ".join(f"{name} {v}" for name, v in inv.items() if not name.startswith("_"))]
    return "\n".join(lines)


def violations(r: dict[str, Any]) -> dict[str, int]:
    return {n: v for n, v in r["invariants"].items() if not n.startswith("_") and v}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("PEERBILL_BENCH_DATABASE_URL"),
                    help="A PostgreSQL database of its own (it is emptied).")
    ap.add_argument("--ks", default="1,2,4")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args()
    if not args.url or not args.url.startswith("postgresql"):
        raise SystemExit("give --url postgresql+psycopg://... (a database of its own: it is emptied)")
    logs = Path(tempfile.mkdtemp(prefix="peerbill-scaleout-"))
    results = []
    for k in (int(x) for x in args.ks.split(",")):
        results.append(run_k(args.url, k, args.clients, args.seconds, logs))
        print(report(results[-1]), flush=True)
    base = results[0]
    print(f"throughput relative to K={base['k']}: "
          + ", ".join(f"K={r['k']} {r['throughput'] / base['throughput']:.2f}x" for r in results))
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}; cores: {os.cpu_count()}; "
          f"server logs in {logs}")
    if any(violations(r) for r in results):
        raise SystemExit(f"invariants broken: {[violations(r) for r in results]}")


if __name__ == "__main__":
    main()
