"""What each kind of job does, as the use case the synchronous route calls, with its outcome recorded once.

claim_build and response_ingest write: their `done` (with the result: the claim file's id, the response's id)
commits in the same transaction as the file or the response, so a job taken over from a dead worker never
builds a second file nor ingests twice. whatif only reads (and audits the run); it is safe to run again.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy.orm import Session

from billing.access import AccessError
from billing.claims.build import BuildError, BuildResult, ClaimBuilder
from billing.claims.records import claim_file, file_out
from billing.db.connection import Database
from billing.ingest import Ingested, Ingestor, ResponseError
from billing.jobs.queue import Lease, finish
from billing.rules import Registry
from billing.whatif.run import WhatIfError, what_if
from billing.whatif.stored import Scope
from schemas.rulepack import RulePack


class JobError(Exception):
    """The job cannot succeed as asked (the same answer the synchronous route gives): failed, not retried."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status


@dataclass
class Context:
    """What a job's code gets: the database, its lease, the clock and rules, and a progress reporter."""

    db: Database
    lease: Lease
    registry: Registry
    today: Callable[[], date]
    progress: Callable[[int, int | None], None]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def claim_build(ctx: Context) -> dict[str, Any]:
    p = ctx.lease.params
    cb = ClaimBuilder(ctx.db, today=ctx.today)
    who = ctx.lease.actor
    args = (who, p["payer"], _day(p.get("from")), _day(p.get("to")), p.get("encounters"))
    try:
        total = cb.count(*args)
        ctx.progress(0, total)

        def record(s: Session, result: BuildResult) -> None:
            f = file_out(claim_file(s, who.agency_ids, result.file_id)) if result.file_id else None
            out = {"file": f.model_dump(mode="json") if f else None, "claims": result.claims,
                   "lines": result.lines, "excluded": result.excluded, "corrected": result.corrected}
            finish(s, ctx.lease, out, done=total)
            holder["out"] = out

        holder: dict[str, Any] = {}
        # On PostgreSQL, progress is written beside the build's transaction as it reads. On SQLite the build
        # holds the one writer, so progress stays 0 of N until the file commits with the job's outcome.
        cb.build(*args, then=record, progress=None if ctx.db.is_sqlite else ctx.progress)
    except BuildError as exc:
        raise JobError(422, str(exc)) from None
    except AccessError as exc:
        raise JobError(exc.status, str(exc)) from None
    return holder["out"]


def response_ingest(ctx: Context) -> dict[str, Any]:
    payload = ctx.lease.payload or ""
    raw = base64.b64decode(payload) if ctx.lease.params.get("encoding") == "base64" else payload.encode()
    ctx.progress(0, 1)

    def record(s: Session, done: Ingested) -> None:
        holder["out"] = {"id": done.response_id, "kind": done.kind, "duplicate": done.duplicate,
                         "summary": done.summary}
        finish(s, ctx.lease, holder["out"], done=1)

    holder: dict[str, Any] = {}
    try:
        Ingestor(ctx.db).ingest(ctx.lease.actor, raw, then=record)
    except ResponseError as exc:
        raise JobError(400, str(exc)) from None
    except AccessError as exc:
        raise JobError(exc.status, str(exc)) from None
    return holder["out"]


def candidate_pack(text: str | None, state: str, registry: Registry) -> RulePack:
    if text is None:
        pack = registry.get(state)
        if pack is None:
            raise JobError(404, f"no rule pack for {state}")
        return pack
    try:
        return RulePack.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError):
        raise JobError(422, "the candidate pack is not a valid rule pack") from None


def whatif(ctx: Context) -> dict[str, Any]:
    p = ctx.lease.params
    pack = candidate_pack(ctx.lease.payload, p["state"], ctx.registry)
    scope = Scope(tuple(p["agencies"]), p["state"], _day(p.get("from")), _day(p.get("to")), p.get("payer"))
    seen = {"done": 0, "total": None}

    def on_total(n: int) -> None:
        seen["total"] = n
        ctx.progress(0, n)

    def advance(n: int) -> None:
        seen["done"] += n
        ctx.progress(seen["done"], seen["total"])

    try:
        report = what_if(ctx.db, ctx.lease.actor, scope, pack, ctx.registry, on_total=on_total, progress=advance)
    except WhatIfError as exc:
        raise JobError(422, str(exc)) from None
    out = {**report.summary(), "changes": [c.row() for c in report.changes[:int(p.get("changes_limit", 1000))]]}
    with ctx.db.writing() as s:
        finish(s, ctx.lease, out, done=report.judged)
        s.commit()
    return out


def filing_watch(ctx: Context) -> dict[str, Any]:
    """The daily timely-filing watch: `encounter.at_filing_risk` for every agency's encounters newly at risk.
    Each event is emitted once per encounter and deadline, so a run taken over from a dead worker tells no one
    twice what it already told."""
    from billing.events.filing_risk import warn

    within = int(ctx.lease.params["within_days"])
    emitted = warn(ctx.db, date.fromisoformat(ctx.lease.params["day"]), within, progress=ctx.progress)
    out = {"emitted": emitted, "within_days": within, "day": ctx.lease.params["day"]}
    with ctx.db.writing() as s:
        finish(s, ctx.lease, out)
        s.commit()
    return out


HANDLERS: dict[str, Callable[[Context], dict[str, Any]]] = {
    "claim_build": claim_build, "response_ingest": response_ingest, "whatif": whatif,
    "filing_watch": filing_watch}
