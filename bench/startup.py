"""Benchmark: start-up of a server worker and of CLI commands, each in fresh processes (issue #19 item 3).

    python bench/startup.py [--runs 7] [--workers 1] [--only serve,cli,import]

Measured from just before the process is started (wall) and from /proc (CPU: user + system of the process and
its children, read the moment it is ready), run after run with the peer interleaved so both see the same load:

- server: until `GET /healthz` answers 200 on a fresh port, for
  `peerbill serve` on a SQLite file already migrated to head (`serve, migrated`), on no file at all (`serve,
  first start`: it creates and migrates the database), and the worker alone, `uvicorn api.app:create_app
  --factory` (`uvicorn api.app`); the peer is a bare FastAPI app with one route served by the same uvicorn
  the same way (`uvicorn peer`, this module's `peer_app`);
- CLI: `peerbill rules list`, `peerbill --help`, and peers `python -c pass` and a bare typer app's `--help`;
- import: `import api.app`, `import api.app; api.app.create_app()` (on a migrated file) and the peer's
  `import fastapi, uvicorn` with its app.

Printed: median, min and max wall and CPU seconds per case, the ratio of medians to the peer, and whether the
one-second goal (on an idle machine) is met; the load average before and after (on a busy machine wall time is
mostly waiting for a core: read CPU). This module imports only the standard library at its top, so serving
`bench.startup:peer_app` costs the peer nothing of ours.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.server import free_port, tree_cpu  # noqa: E402

GOAL = 1.0  # seconds, on an idle machine (issue #19 item 3)
PY = sys.executable


def peer_app() -> Any:
    """The peer: FastAPI with one route, nothing else (served by `uvicorn bench.startup:peer_app --factory`)."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


PEER_TYPER = """
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "x") -> None:
    print(name)
@app.command()
def bye() -> None:
    pass
app()
"""


@dataclass
class Case:
    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def healthy(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def env_for(db: Path | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # As installed (pip compiles every module): with PYTHONDONTWRITEBYTECODE set, an editable checkout would
    # compile all of our source at every start, which is not what a deployed worker does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    if db is not None:
        env["PEERBILL_DATABASE_URL"] = f"sqlite:///{db}"
    return env


def time_server(argv: list[str], db: Path | None, timeout: float = 120) -> tuple[float, float]:
    """(wall, CPU) seconds from starting `argv --port N` until GET /healthz answers 200; the server is stopped."""
    port = free_port()
    start = time.perf_counter()
    proc = subprocess.Popen([*argv, "--port", str(port)], env=env_for(db), cwd=db.parent if db else None,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while not healthy(port):
            if proc.poll() is not None:
                raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"{' '.join(argv)} not healthy after {timeout} s")
            time.sleep(0.005)
        wall = time.perf_counter() - start
        return wall, tree_cpu(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def time_command(argv: list[str], db: Path | None) -> tuple[float, float]:
    """(wall, CPU) seconds of a command run to its end (its exit status must be 0)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env_for(db), cwd=db.parent if db else None, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def peerbill() -> list[str]:
    script = Path(PY).with_name("peerbill")
    return [str(script)] if script.exists() else [PY, "-m", "billing.cli"]


def migrated_template(folder: Path) -> Path:
    """A SQLite file migrated to head, copied for each run that needs one."""
    db = folder / "template.db"
    time_command([*peerbill(), "db", "upgrade"], db)
    return db


def fresh(folder: Path, template: Path | None, run: int, name: str) -> Path:
    """A database path of its own for one run: a copy of the migrated template, or (None) no file yet."""
    d = folder / f"{name}-{run}"
    d.mkdir()
    db = d / "peerbill.db"
    if template is not None:
        shutil.copyfile(template, db)
    return db


Timer = Callable[[int], tuple[float, float]]  # run number -> (wall, CPU) seconds


def cases(workers: int, folder: Path, template: Path, only: set[str]) -> list[tuple[str, Timer]]:
    serve = [*peerbill(), "serve", "--workers", str(workers), "--host", "127.0.0.1"]
    uv = [PY, "-m", "uvicorn", "--factory", "--host", "127.0.0.1", "--workers", str(workers), "--no-access-log",
          "--log-level", "warning"]
    out: list[tuple[str, Timer]] = []
    if "serve" in only:
        out += [
            ("uvicorn peer", lambda r: time_server([*uv, "bench.startup:peer_app"], fresh(folder, None, r, "peer"))),
            ("uvicorn api.app", lambda r: time_server([*uv, "api.app:create_app"], fresh(folder, template, r, "uv"))),
            ("serve, migrated", lambda r: time_server(serve, fresh(folder, template, r, "serve"))),
            ("serve, first start", lambda r: time_server(serve, fresh(folder, None, r, "first"))),
        ]
    if "cli" in only:
        out += [
            ("python -c pass", lambda r: time_command([PY, "-c", "pass"], None)),
            ("typer peer --help", lambda r: time_command([PY, "-c", PEER_TYPER, "--help"], None)),
            ("peerbill --help", lambda r: time_command([*peerbill(), "--help"], fresh(folder, None, r, "help"))),
            ("peerbill rules list", lambda r: time_command([*peerbill(), "rules", "list"],
                                                          fresh(folder, None, r, "rules"))),
        ]
    if "import" in only:
        out += [
            ("import peer", lambda r: time_command(
                [PY, "-c", "import uvicorn.main, bench.startup as s; s.peer_app()" + EXIT], None)),
            ("import api.app", lambda r: time_command([PY, "-c", "import uvicorn.main, api.app" + EXIT], None)),
            ("import + create_app", lambda r: time_command(
                [PY, "-c", "import uvicorn.main, api.app; api.app.create_app()" + EXIT],
                fresh(folder, template, r, "imp"))),
        ]
    return out


EXIT = "; import os; os._exit(0)"  # the import alone: not the interpreter's teardown of every module after
PEERS = {"uvicorn api.app": "uvicorn peer", "serve, migrated": "uvicorn peer", "serve, first start": "uvicorn peer",
         "peerbill --help": "typer peer --help", "peerbill rules list": "typer peer --help",
         "import api.app": "import peer", "import + create_app": "import peer"}
GOALS = {"uvicorn api.app", "serve, migrated", "peerbill --help", "peerbill rules list"}


def report(results: dict[str, Case]) -> None:
    print(f"{'case':22} {'wall median':>11} {'min':>6} {'max':>6} {'CPU median':>10} {'min':>6} {'max':>6}"
          f" {'wall/peer':>9} {'CPU/peer':>8}  goal")
    for name, c in results.items():
        peer = results.get(PEERS.get(name, ""))
        ratio = (f"{statistics.median(c.wall) / statistics.median(peer.wall):9.2f} "
                 f"{statistics.median(c.cpu) / statistics.median(peer.cpu):8.2f}") if peer else f"{'':9} {'':8}"
        goal = ("" if name not in GOALS else
                ("met" if statistics.median(c.wall) < GOAL else f"wall over {GOAL:.0f} s"))
        print(f"{name:22} {statistics.median(c.wall):11.3f} {min(c.wall):6.3f} {max(c.wall):6.3f}"
              f" {statistics.median(c.cpu):10.3f} {min(c.cpu):6.3f} {max(c.cpu):6.3f} {ratio}  {goal}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="Runs of each case (after one warm-up run).")
    ap.add_argument("--workers", type=int, default=1, help="Worker processes of the servers.")
    ap.add_argument("--only", default="serve,cli,import", help="Which groups: serve, cli, import.")
    args = ap.parse_args()
    load = os.getloadavg()
    print(f"{args.runs} runs; {os.cpu_count()} cores; load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    with tempfile.TemporaryDirectory(prefix="pb-startup-") as tmp:
        folder = Path(tmp)
        template = migrated_template(folder)
        todo = cases(args.workers, folder, template, set(args.only.split(",")))
        results = {name: Case(name) for name, _ in todo}
        for run in range(args.runs + 1):  # run 0 warms the page cache and compiles the bytecode
            for name, fn in todo:  # interleaved: every case sees the same load over the runs
                wall, cpu = fn(run)
                if run:
                    results[name].wall.append(wall)
                    results[name].cpu.append(cpu)
    report(results)
    load = os.getloadavg()
    print(f"load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; goal: under {GOAL:.0f} s wall on an "
          "idle machine (CPU is the figure to read on a busy one)")


if __name__ == "__main__":
    main()
