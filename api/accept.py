"""New connections spread over the server's worker processes: a worker that is busy leaves them to an idle one.

uvicorn's workers share one listening socket, and each worker's event loop accepts every connection waiting
when it wakes. Two batches posted at once therefore often land on one worker, whose request threads then share
one core (and its GIL) while the other worker idles: in bench/intake.py, 6 rounds in 10 ran so, at half speed.
Here each worker accepts one connection at a time, and while it is serving a request (or has just accepted a
connection) it waits up to MAX_WAIT for an idle worker to take the next one before taking it itself: an idle
worker, woken by the kernel as the connection arrives, takes it within a millisecond or two. With
`peerbill serve --workers N` (N > 1), uvicorn runs every worker on this module's event loop (`new_event_loop`).

A connection is never refused. When no idle worker took it within MAX_WAIT, every worker is busy: the worker
takes it, and takes the connections that come in the next CROWDED seconds at once (waiting would then only
slow the accepting of many new connections down). A client that keeps its connection open (keep-alive) sends
its next requests to the same worker, as before.
"""

from __future__ import annotations

import asyncio
import logging
import select
import socket
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

log = logging.getLogger("peerbill.http")

POLL = 0.002  # seconds between a busy worker's looks at a waiting connection
MAX_WAIT = 0.02  # seconds a busy worker leaves a waiting connection to the others before taking it
CROWDED = 0.2  # seconds a worker takes new connections at once after one waited MAX_WAIT in vain
GRACE = 0.02  # seconds a worker counts as busy after accepting, until the connection's request begins

_state = {"in_flight": 0, "accepted_at": float("-inf")}


def request_started() -> None:
    """A request of this worker began (the edge middleware calls this; the event loop's thread only)."""
    _state["in_flight"] += 1


def request_finished() -> None:
    _state["in_flight"] -= 1


def busy(now: float) -> bool:
    """Whether this worker is serving a request, or accepted a connection whose request has not begun yet."""
    return _state["in_flight"] > 0 or now - _state["accepted_at"] < GRACE


class Listener:
    """Accepts connections from a socket shared with other worker processes, one at a time, leaving them to an
    idle worker while this one is busy (see the module's text). It stands in for the asyncio Server that
    `loop.create_server` returns, as far as uvicorn uses one (close, wait_closed)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, factory: Callable[[], asyncio.Protocol],
                 sock: socket.socket) -> None:
        sock.setblocking(False)
        self.loop, self.factory, self.sock = loop, factory, sock
        self.sockets = (sock,)
        self.waiting_since: float | None = None  # when this worker began leaving a connection to the others
        self.crowded_until = float("-inf")  # till when every worker is taken to be busy (see CROWDED)
        self.serving = True
        self.tasks: set[asyncio.Task[Any]] = set()
        loop.add_reader(sock.fileno(), self._ready)

    def _ready(self) -> None:
        now = time.monotonic()
        if busy(now) and now >= self.crowded_until:
            if self.waiting_since is None:
                self.waiting_since = now
            if now - self.waiting_since < MAX_WAIT:
                self._pause(POLL)  # level-triggered: stop watching, or the loop would wake at once, again and again
                return
            self.crowded_until = now + CROWDED  # no idle worker took it: take it, and the next ones at once
        try:
            conn, _ = self.sock.accept()
        except (BlockingIOError, InterruptedError, ConnectionAbortedError):
            self.waiting_since = None  # another worker took it
            return
        except OSError as exc:  # out of file descriptors, say: try again in a moment, as asyncio does
            log.warning("could not accept a connection: %s", exc.strerror or exc)
            self._pause(1.0)
            return
        self.waiting_since = None
        _state["accepted_at"] = now
        conn.setblocking(False)
        task = self.loop.create_task(self._connect(conn))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _connect(self, conn: socket.socket) -> None:
        try:
            await self.loop.connect_accepted_socket(self.factory, conn)
        except OSError:  # the client went away before it was set up
            conn.close()

    def _pause(self, seconds: float) -> None:
        self.loop.remove_reader(self.sock.fileno())
        self.loop.call_later(seconds, self._resume)

    def _resume(self) -> None:
        if not self.serving:
            return
        if not select.select([self.sock], [], [], 0)[0]:
            self.waiting_since = None  # another worker took the connection this one left: the next is new
        self.loop.add_reader(self.sock.fileno(), self._ready)

    def close(self) -> None:
        if self.serving:
            self.serving = False
            self.loop.remove_reader(self.sock.fileno())

    def is_serving(self) -> bool:
        return self.serving

    async def wait_closed(self) -> None:
        return None


class _Spreading:
    """An event loop whose `create_server` on a shared listening socket (plain HTTP) returns a Listener."""

    async def create_server(self, protocol_factory: Callable[[], asyncio.Protocol], host: Any = None,
                            port: Any = None, *, sock: socket.socket | None = None, ssl: Any = None,
                            backlog: int = 100, **kw: Any) -> Any:
        if sock is None or ssl is not None:
            return await super().create_server(  # type: ignore[misc]
                protocol_factory, host, port, sock=sock, ssl=ssl, backlog=backlog, **kw)
        sock.listen(backlog)  # as create_server does: the supervisor only binds it
        return Listener(self, protocol_factory, sock)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _loop_class() -> type[asyncio.AbstractEventLoop]:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings uvloop on Linux and macOS
        return type("SpreadingLoop", (_Spreading, asyncio.SelectorEventLoop), {})
    return type("SpreadingLoop", (_Spreading, uvloop.Loop), {})


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvicorn's `loop` setting for several workers ("api.accept:new_event_loop"): uvloop's loop where it is
    installed (as uvicorn's "auto" picks), else asyncio's, each with the Listener."""
    return _loop_class()()
