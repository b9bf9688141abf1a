"""The intake benchmark's peer: a bare FastAPI endpoint that parses a batch of encounters with the same pydantic
`Encounter` model and stores each one with a SQLAlchemy Core executemany into a SQLite file (WAL, the same
pragmas the service uses). No rules, no history, no versions, verdicts, audit or rejections: what the stack
itself costs for the same client and documents, so bench/intake.py can print the service's ratio to it.

    PEERBILL_BASELINE_URL=sqlite:////tmp/x/baseline.db uvicorn bench.baseline_app:create_app --factory --workers 2

With PEERBILL_BASELINE_SPREAD=1 and `--loop api.accept:new_event_loop`, it spreads new connections over its
workers as `peerbill serve` does (bench/intake.py --peer-spreading).
"""

from __future__ import annotations

import os
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Column, Date, MetaData, String, Table, Text, create_engine, event, insert

from schemas.encounter import Encounter

metadata = MetaData()
encounters = Table(
    "encounters", metadata,
    Column("id", String(36), primary_key=True),
    Column("external_id", String(80), nullable=False, unique=True),
    Column("member_id", String(80), nullable=False),
    Column("state", String(2), nullable=False),
    Column("rendering_npi", String(10), nullable=False),
    Column("service_date", Date, nullable=False),
    Column("hcpcs", String(5), nullable=False),
    Column("payload", Text, nullable=False),
)


class _Batch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Encounter] = Field(min_length=1, max_length=1000)


def create_app() -> FastAPI:
    url = os.environ["PEERBILL_BASELINE_URL"]
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

    @event.listens_for(engine, "connect")
    def _pragmas(conn: Any, _record: Any) -> None:
        cur = conn.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=60000", "cache_size=-131072"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    metadata.create_all(engine)
    app = FastAPI()

    def store(body: bytes) -> bytes:
        items = _Batch.model_validate_json(body).items
        rows = [{"id": str(uuid.uuid4()), "external_id": e.encounter_id, "member_id": e.member.medicaid_id,
                 "state": e.payer.state, "rendering_npi": e.rendering.npi, "service_date": e.service.date,
                 "hcpcs": e.service.hcpcs, "payload": e.model_dump_json()} for e in items]
        with engine.begin() as conn:
            conn.execute(insert(encounters), rows)
        return b'{"created": %d}' % len(rows)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/encounters/batch")
    async def batch(request: Request) -> Response:
        body = await request.body()
        return Response(await run_in_threadpool(store, body), media_type="application/json")

    if os.environ.get("PEERBILL_BASELINE_SPREAD"):  # on api/accept.py's loop: it must know when a request runs
        return _Counted(app)  # type: ignore[return-value]
    return app


class _Counted:
    """The app, telling api/accept.py when a request begins and ends (as the service's edge middleware does)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        from api import accept

        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        accept.request_started()
        try:
            await self.app(scope, receive, send)
        finally:
            accept.request_finished()
