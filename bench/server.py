"""Benchmarks' `peerbill serve`: started in a subprocess on a free loopback port, its log kept in a file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


PIDS: dict[str, int] = {}  # base URL -> the server's process id


def tree_cpu(root: int) -> float:
    """User + system CPU seconds of `root` and every process under it, from /proc (0 where /proc is absent)."""
    return sum(branch_cpu(root).values())


def workers_cpu(base: str) -> dict[int, float]:
    """CPU seconds so far of the server at `base`: its own (key: its pid), and each child's with the processes
    under it (key: the child's pid; uvicorn's workers are its children)."""
    return branch_cpu(PIDS[base])


def branch_cpu(root: int) -> dict[int, float]:
    """User + system CPU seconds from /proc (empty where /proc is absent): `root`'s own, and each of its
    children's with every process under that child."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    if root not in stats:
        return {}
    branch = {root: root}  # process -> the child of root it descends from (root for itself)
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _) in stats.items():
            if ppid in branch and pid not in branch:
                branch[pid] = pid if ppid == root else branch[ppid]
                grew = True
    out: dict[int, float] = {}
    for pid, top in branch.items():
        out[top] = out.get(top, 0.0) + stats[pid][1]
    return out


@contextmanager
def serving(url: str, workers: int, log_dir: Path) -> Iterator[str]:
    """The base URL of a server on `url`, once /healthz answers; stopped on leaving."""
    with _running([sys.executable, "-m", "billing.cli", "serve", "--workers", str(workers)],
                  {"PEERBILL_DATABASE_URL": url}, log_dir / "server.log") as base:
        yield base


@contextmanager
def serving_baseline(url: str, workers: int, log_dir: Path, spreading: bool = False) -> Iterator[str]:
    """bench/baseline_app.py (the bare FastAPI + pydantic + SQLAlchemy Core peer) under uvicorn, like `serving`.
    `spreading`: on the service's event loop (api/accept.py), which spreads new connections over the workers
    as `peerbill serve` does; by default uvicorn's own, as a bare deployment has it."""
    loop = ["--loop", "api.accept:new_event_loop"] if spreading else []
    with _running([sys.executable, "-m", "uvicorn", "bench.baseline_app:create_app", "--factory", "--host",
                   "127.0.0.1", "--workers", str(workers), "--no-access-log", *loop],
                  {"PEERBILL_BASELINE_URL": url, **({"PEERBILL_BASELINE_SPREAD": "1"} if spreading else {})},
                  log_dir / "baseline.log") as base:
        yield base


@contextmanager
def _running(argv: list[str], env_extra: dict[str, str], log_path: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, **env_extra}
    log = log_path.open("w")
    server = subprocess.Popen([*argv, "--port", str(port)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=log)
    base = f"http://127.0.0.1:{port}"
    PIDS[base] = server.pid
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
