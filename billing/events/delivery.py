"""The webhook worker (`peerbill worker`): sends pending deliveries, signed per Standard Webhooks, and retries.

Exclusivity is decided in the database: a worker leases a delivery (a lease id and a deadline) in a short
transaction that claims rows with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite runs one writer at a
time), then sends it outside any transaction and records the attempt only while the lease is still its own. So
several workers never send one delivery at once, and a worker killed mid-delivery leaves a lease that runs out:
the delivery is sent again (receivers dedupe by the webhook-id header, which is the event's id).

A slow endpoint holds up nobody else: each attempt has a timeout, deliveries run on a thread pool, and a worker
takes at most `per_endpoint` deliveries of one endpoint at a time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, or_, select
from standardwebhooks import Webhook

from billing.db.connection import Database
from billing.db.models import new_id
from billing.events.feed import event_out, utc
from billing.events.models import EventRow, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from billing.events.outbox import emit
from billing.observability import metrics

log = logging.getLogger("peerbill.webhooks")


@dataclass(frozen=True)
class Policy:
    """Timeout per attempt, and the retry schedule: exponential from `first_delay`, capped at `max_delay`, for
    `window` after the delivery was queued (or replayed). Then it is given up, and its endpoint disabled unless
    some other delivery got through to it since this one's first attempt."""

    timeout: float = 10.0
    first_delay: float = 10.0
    max_delay: float = 6 * 3600.0
    window: timedelta = timedelta(days=3)
    lease_margin: float = 30.0

    def delay(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.first_delay * 2 ** (attempts - 1), self.max_delay))

    def lease(self) -> timedelta:
        # httpx's timeout is per phase (connect, write, read): allow each its share, then a margin.
        return timedelta(seconds=4 * self.timeout + self.lease_margin)


@dataclass(frozen=True)
class Job:
    delivery_id: str
    lease: str
    endpoint_id: str
    url: str
    secrets: tuple[str, ...]
    msg_id: str
    body: str


@dataclass(frozen=True)
class Result:
    ok: bool
    status_code: int | None
    latency_ms: int
    error: str | None


def sign(secrets: tuple[str, ...], msg_id: str, at: datetime, body: str) -> str:
    """The webhook-signature header: one `v1,<base64>` per secret in use, space-separated (during a rotation's
    overlap the receiver may still hold the old secret)."""
    return " ".join(Webhook(s).sign(msg_id, at, body) for s in secrets)


@dataclass
class Worker:
    db: Database
    policy: Policy = field(default_factory=Policy)
    concurrency: int = 8
    per_endpoint: int = 2
    name: str = field(default_factory=lambda: new_id()[:12])

    def __post_init__(self) -> None:
        self.http = httpx.Client(timeout=self.policy.timeout, follow_redirects=False,
                                 headers={"User-Agent": "Peerbill-Webhooks/0.1"})

    # --- claiming -------------------------------------------------------------------------------------

    def claim(self, limit: int, busy: Counter[str] | None = None) -> list[Job]:
        """Lease up to `limit` due deliveries, at most `per_endpoint` per endpoint counting those in `busy`."""
        busy = Counter(busy or {})
        now = datetime.now(UTC)
        with self.db.writing() as s:
            d, ep = WebhookDelivery, WebhookEndpoint
            q = (select(d).join(ep, ep.id == d.endpoint_id)
                 .where(d.status == "pending", d.next_attempt_at <= now,
                        or_(d.lease_until.is_(None), d.lease_until < now), ep.enabled, ep.deleted_at.is_(None))
                 .order_by(d.next_attempt_at, d.id).limit(limit * 4))
            if not self.db.is_sqlite:
                q = q.with_for_update(of=d, skip_locked=True)
            taken: list[WebhookDelivery] = []
            for row in s.scalars(q):
                if len(taken) == limit:
                    break
                if busy[row.endpoint_id] < self.per_endpoint:
                    busy[row.endpoint_id] += 1
                    taken.append(row)
            jobs = [self._lease(s, row, now) for row in taken]
            s.commit()
        return jobs

    def _lease(self, s, row: WebhookDelivery, now: datetime) -> Job:
        row.lease, row.lease_until = new_id(), now + self.policy.lease()
        ep = s.get(WebhookEndpoint, row.endpoint_id)
        ev = s.get(EventRow, row.event_id)
        secrets = (ep.secret,)
        if ep.previous_secret and ep.previous_until and utc(ep.previous_until) > now:
            secrets += (ep.previous_secret,)
        out = event_out(ev)
        return Job(row.id, row.lease, ep.id, ep.url, secrets, out.id, out.model_dump_json())

    # --- sending and recording ------------------------------------------------------------------------

    def send(self, job: Job) -> Result:
        at = datetime.now(UTC)
        headers = {"webhook-id": job.msg_id, "webhook-timestamp": str(int(at.timestamp())),
                   "webhook-signature": sign(job.secrets, job.msg_id, at, job.body),
                   "content-type": "application/json"}
        start = time.perf_counter()
        try:
            r = self.http.post(job.url, content=job.body.encode(), headers=headers)
        except httpx.TimeoutException:
            return Result(False, None, _ms(start), f"timed out after {self.policy.timeout:g}s")
        except httpx.HTTPError as exc:
            return Result(False, None, _ms(start), f"{type(exc).__name__}: {exc}"[:200])
        ok = 200 <= r.status_code < 300
        return Result(ok, r.status_code, _ms(start), None if ok else f"HTTP {r.status_code}")

    def record(self, job: Job, result: Result) -> None:
        now = datetime.now(UTC)
        with self.db.writing() as s:
            d = s.get(WebhookDelivery, job.delivery_id, with_for_update=True)
            if d is None or d.lease != job.lease:  # our lease ran out and another worker took it over
                return
            s.add(WebhookAttempt(delivery_id=d.id, at=now, status_code=result.status_code,
                                 latency_ms=result.latency_ms, ok=result.ok, error=result.error))
            # NO KEY UPDATE: new deliveries' foreign keys (KEY SHARE) to this endpoint need not wait for it.
            ep = s.get(WebhookEndpoint, d.endpoint_id, with_for_update={"key_share": True})
            assert ep is not None
            d.attempts, d.lease, d.lease_until = d.attempts + 1, None, None
            if result.ok:
                d.status, d.delivered_at, ep.failing_since = "delivered", now, None
            else:
                self._failed(s, d, ep, now)
            s.commit()

    def _failed(self, s, d: WebhookDelivery, ep: WebhookEndpoint, now: datetime) -> None:
        ep.failing_since = ep.failing_since or now
        due = now + self.policy.delay(d.attempts)
        if due <= utc(d.window_start) + self.policy.window:
            d.next_attempt_at = due
            return
        d.status = "failed"
        # Its whole schedule failed; disabled if nothing else got through to the endpoint meanwhile.
        first = s.scalar(select(func.min(WebhookAttempt.at)).where(WebhookAttempt.delivery_id == d.id))
        if ep.enabled and first is not None and utc(ep.failing_since) <= utc(first):
            ep.enabled = False
            ep.disabled_reason = (f"every attempt failed from {utc(ep.failing_since).isoformat(timespec='seconds')}"
                                  f" to {now.isoformat(timespec='seconds')}")
            emit(s, ep.agency_id, "webhook_endpoint.disabled", ep.id,
                 {"endpoint_id": ep.id, "failing_since": utc(ep.failing_since), "last_delivery_id": d.id})
            log.warning("webhook endpoint %s disabled after failing since %s", ep.id, ep.failing_since)

    def deliver(self, job: Job) -> Result:
        result = self.send(job)
        self.record(job, result)
        metrics.webhook_attempt(result.ok)
        return result

    # --- loops ----------------------------------------------------------------------------------------

    def run_once(self) -> int:
        """Claim one batch, send it concurrently, record every attempt; the number sent."""
        jobs = self.claim(self.concurrency)
        if jobs:
            with ThreadPoolExecutor(len(jobs)) as pool:
                list(pool.map(self.deliver, jobs))
        return len(jobs)

    def run(self, stop: threading.Event, idle: float = 1.0) -> None:
        """Until `stop`: keep up to `concurrency` deliveries in flight, claiming more as each one finishes."""
        inflight: dict[Future[Result], Job] = {}
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="webhook") as pool:
            while not stop.is_set():
                free = self.concurrency - len(inflight)
                jobs: list[Job] = []
                if free > 0:
                    try:
                        jobs = self.claim(free, Counter(j.endpoint_id for j in inflight.values()))
                    except Exception:  # the database went away for a moment: try again after a pause
                        log.exception("claiming webhook deliveries failed")
                for j in jobs:
                    inflight[pool.submit(self.deliver, j)] = j
                if inflight:
                    done, _ = wait(inflight, timeout=idle if not jobs else 0.05, return_when=FIRST_COMPLETED)
                    for f in done:
                        inflight.pop(f)
                        if f.exception() is not None:
                            log.error("recording a webhook attempt failed: %s", type(f.exception()).__name__)
                else:
                    stop.wait(idle)
            wait(inflight)

    def close(self) -> None:
        self.http.close()


def _ms(start: float) -> int:
    return int((time.perf_counter() - start) * 1000)

