"""New connections spread over `peerbill serve`'s workers (api/accept.py): a busy worker leaves a new connection
to an idle one, takes it itself when none is idle, and never refuses one."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from api import accept
from bench.intake import setup
from billing.rules.cases import deep_merge
from schemas.encounter import Encounter
from tests.conftest import base_encounter_dict


class _Recorder(asyncio.Protocol):
    made: list[float] = []

    def connection_made(self, transport: Any) -> None:
        _Recorder.made.append(time.monotonic())
        transport.close()


@pytest.fixture
def listening():
    sock = socket.create_server(("127.0.0.1", 0))
    _Recorder.made = []
    yield sock
    sock.close()


def _run(main: Any) -> Any:
    loop = accept.new_event_loop()
    try:
        return loop.run_until_complete(main(loop))
    finally:
        loop.close()


def test_an_idle_worker_accepts_each_new_connection_at_once(listening):
    port = listening.getsockname()[1]

    async def main(loop: asyncio.AbstractEventLoop) -> list[float]:
        server = await loop.create_server(_Recorder, sock=listening, backlog=16)
        assert isinstance(server, accept.Listener)
        await asyncio.sleep(accept.GRACE * 2)
        t0 = time.monotonic()
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        while len(_Recorder.made) < 3 and time.monotonic() - t0 < 5:
            await asyncio.sleep(0.001)
        server.close()
        for c in clients:
            c.close()
        return [t - t0 for t in _Recorder.made]

    waited = _run(main)
    assert len(waited) == 3
    # One accept at a time, but without waiting: a worker that has just accepted counts as busy (GRACE), so the
    # second and third may wait for another worker up to MAX_WAIT each, never more.
    assert waited[0] < accept.MAX_WAIT
    assert max(waited) < 3 * accept.MAX_WAIT + 0.5


def test_a_busy_worker_leaves_a_new_connection_to_another_worker(listening):
    port = listening.getsockname()[1]

    async def main(loop: asyncio.AbstractEventLoop) -> tuple[bool, int]:
        server = await loop.create_server(_Recorder, sock=listening, backlog=16)
        accept.request_started()  # this worker is serving a request
        try:
            client = socket.create_connection(("127.0.0.1", port))
            await asyncio.sleep(accept.MAX_WAIT / 4)  # the listener has looked, and left it waiting
            # The other worker (here a plain accept on the same shared socket) finds it still waiting.
            other, _ = listening.accept()
            other.close()
            client.close()
            await asyncio.sleep(accept.MAX_WAIT * 2)
            return True, len(_Recorder.made)
        finally:
            accept.request_finished()
            server.close()

    took_it, made = _run(main)
    assert took_it and made == 0


def test_when_every_worker_is_busy_the_connection_is_taken_after_the_wait(listening):
    port = listening.getsockname()[1]

    async def main(loop: asyncio.AbstractEventLoop) -> float:
        server = await loop.create_server(_Recorder, sock=listening, backlog=16)
        accept.request_started()
        try:
            t0 = time.monotonic()
            client = socket.create_connection(("127.0.0.1", port))
            while not _Recorder.made and time.monotonic() - t0 < 5:
                await asyncio.sleep(0.002)
            client.close()
            return _Recorder.made[0] - t0 if _Recorder.made else float("inf")
        finally:
            accept.request_finished()
            server.close()

    waited = _run(main)
    assert accept.MAX_WAIT * 0.8 <= waited < accept.MAX_WAIT + 1.0


def test_when_every_worker_is_busy_new_connections_are_not_held_back_one_by_one(listening):
    """Once a connection waited in vain (no idle worker), the next ones are taken at once: a hundred new
    connections are not each held MAX_WAIT (2 s in all)."""
    port = listening.getsockname()[1]

    async def main(loop: asyncio.AbstractEventLoop) -> float:
        server = await loop.create_server(_Recorder, sock=listening, backlog=128)
        accept.request_started()
        clients = []
        try:
            t0 = time.monotonic()
            for _ in range(100):
                clients.append(socket.create_connection(("127.0.0.1", port)))
                await asyncio.sleep(0)
            while len(_Recorder.made) < 100 and time.monotonic() - t0 < 10:
                await asyncio.sleep(0.002)
            return time.monotonic() - t0
        finally:
            accept.request_finished()
            server.close()
            for c in clients:
                c.close()

    took = _run(main)
    assert len(_Recorder.made) == 100
    assert took < 50 * accept.MAX_WAIT


def test_a_socket_with_tls_or_an_address_gets_the_loops_own_server():
    async def main(loop: asyncio.AbstractEventLoop) -> Any:
        server = await loop.create_server(asyncio.Protocol, "127.0.0.1", 0)
        server.close()
        await server.wait_closed()
        return server

    assert not isinstance(_run(main), accept.Listener)


# --- `peerbill serve --workers 2` -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _batch(round_: int, k: int, size: int = 400) -> dict[str, Any]:
    base = Encounter.model_validate(deep_merge(base_encounter_dict(), {"payer": {"state": "TX"}})).model_dump(
        mode="json")
    return {"items": [{**base, "encounter_id": f"spread-{round_}-{k}-{i}"} for i in range(size)]}


def _wait_for_workers(base: str, log: Path, workers: int) -> None:
    """Until `workers` processes have each answered a /healthz (read off the access log): the first worker up
    answers while the other may still be importing, and a batch it cannot take is rightly taken by the first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/healthz", timeout=5)  # a new connection each time, so either worker may take it
        except httpx.TransportError:
            time.sleep(0.3)
            continue
        pids = set(re.findall(r"^\S+ \S+ (\d+) peerbill\.http INFO GET /healthz 200", log.read_text(), re.MULTILINE))
        if len(pids) >= workers:
            return
        time.sleep(0.05)
    raise AssertionError(f"{workers} workers did not answer within 120 s:\n{log.read_text()[-2000:]}")


def test_two_batches_posted_at_once_are_served_by_two_workers(tmp_path: Path):
    """Three rounds of two batches posted at once, each on a new connection: every round's two batches are
    logged by two different worker processes. (uvicorn's own accept put both on one worker in most rounds.)"""
    url = f"sqlite:///{tmp_path / 'spread.db'}"
    port = _free_port()
    env = {**os.environ, "PEERBILL_DATABASE_URL": url}
    log = tmp_path / "serve.log"
    with log.open("w") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "billing.cli", "serve", "--workers", "2", "--port", str(port),
                                 "--no-webhooks", "--no-jobs"],
                                env=env, stderr=sink, stdout=subprocess.DEVNULL, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_workers(base, log, 2)
        key = setup(url)  # the bench's agency and EHR key
        bodies = {(r, k): _batch(r, k) for r in range(3) for k in range(2)}

        def post(rk: tuple[int, int]) -> int:
            with httpx.Client(timeout=120) as client:  # a new connection for each batch
                return client.post(f"{base}/v1/encounters/batch", json=bodies[rk],
                                   headers={"Authorization": f"Bearer {key}", "X-Request-ID": f"r{rk[0]}k{rk[1]}"}
                                   ).status_code

        with ThreadPoolExecutor(2) as pool:
            for r in range(3):
                assert list(pool.map(post, [(r, 0), (r, 1)])) == [200, 200]
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    err = log.read_text()
    served = {m.group(2): m.group(1) for m in
              re.finditer(r"^\S+ \S+ (\d+) peerbill\.http INFO POST /v1/encounters/batch 200 .* rid=(\S+)$", err,
                          re.MULTILINE)}
    assert len(served) == 6, err[-2000:]
    for r in range(3):
        assert served[f"r{r}k0"] != served[f"r{r}k1"], served
