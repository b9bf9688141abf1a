"""Rate limits per API key: a token bucket per key in each process, sized by the key's role.

Each role has a rate (PEERBILL_RATE_LIMIT_<ROLE>, requests per minute) and every bucket holds
PEERBILL_RATE_LIMIT_BURST_SECONDS of that rate, so an idle key may burst. A request that finds the bucket empty
is answered 429 (application/problem+json) with `Retry-After`, the whole seconds until a token is back.

The buckets live in the process (no database write per request). With W worker processes on H hosts a key can
make up to W x H times the rate when the load balancer spreads its requests; set the rate per process
accordingly (docs/deploy.md). The defaults are generous: an EHR streaming 1,000-encounter batches sends a few
requests a second at most, far below 6,000 a minute (100 a second).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.exceptions import HTTPException

from billing.observability import metrics
from billing.settings import ROLES, Settings


class RateLimited(HTTPException):
    def __init__(self, retry_after: float, per_minute: float) -> None:
        seconds = max(1, math.ceil(retry_after))
        super().__init__(429, f"this key's limit of {per_minute:g} requests a minute is reached; retry after "
                              f"{seconds} s", {"Retry-After": str(seconds)})


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """Token buckets keyed by API key id; thread-safe (sync endpoints and dependencies run in a thread pool)."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        self.enabled = settings.rate_limit_enabled
        self.per_second = {r: settings.rate_per_minute(r) / 60.0 for r in ROLES}
        self.capacity = {r: max(1.0, rate * settings.rate_limit_burst_seconds) for r, rate in self.per_second.items()}
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def check(self, key_id: str, role: str) -> None:
        """Take a token for this key, or raise RateLimited with the wait until the next one."""
        if not self.enabled or role not in self.per_second:
            return
        rate, cap, now = self.per_second[role], self.capacity[role], self.clock()
        with self._lock:
            b = self._buckets.get(key_id)
            if b is None:
                if len(self._buckets) >= 100_000:  # keys unseen for long hold full buckets: forgetting is exact
                    self._forget_full(now)
                b = self._buckets[key_id] = _Bucket(cap, now)
            b.tokens = min(cap, b.tokens + (now - b.at) * rate)
            b.at = now
            if b.tokens < 1.0:
                metrics.RATE_LIMITED.labels(role).inc()
                raise RateLimited((1.0 - b.tokens) / rate, rate * 60)
            b.tokens -= 1.0

    def _forget_full(self, now: float) -> None:
        full = [k for k, b in self._buckets.items() if now - b.at > 3600]
        for k in full:
            del self._buckets[k]
