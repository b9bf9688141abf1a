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


@contextmanager
def serving(url: str, workers: int, log_dir: Path) -> Iterator[str]:
    """The base URL of a server on `url`, once /healthz answers; stopped on leaving."""
    port = free_port()
    env = {**os.environ, "PEERBILL_DATABASE_URL": url}
    log = (log_dir / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "billing.cli", "serve", "--port", str(port),
                               "--workers", str(workers)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
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
