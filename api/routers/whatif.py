"""POST /v1/rules/whatif: what a candidate pack would change in an agency's stored verdicts and money."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from api.deps import database, role
from api.errors import problem
from api.routers.jobs import ACCEPTED, accepted
from billing import yamlload
from billing.access import Actor
from billing.db.connection import Database
from billing.settings import load
from billing.whatif.compare import Report, write_csv
from billing.whatif.run import WhatIfError, what_if
from billing.whatif.stored import Scope, count
from schemas.problems import field_errors
from schemas.rulepack import RulePack

router = APIRouter(prefix="/v1/rules", tags=["rules"])
Reader = Annotated[Actor, Depends(role("billing", "auditor"))]
# Changed encounters one answer lists at most. A what-if over many encounters runs as a job (billing.jobs).
SYNC_LIMIT = 200_000


class WhatIfIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: str = Field(pattern=r"^[A-Z]{2}$", description="The state whose encounters are judged again.")
    pack: str | None = Field(None, max_length=2_000_000, description="The candidate pack as YAML text (the format "
                             "of state_rules/XX.yaml); the shipped pack when absent (to re-check old verdicts).")
    date_from: date | None = Field(None, alias="from", description="First date of service.")
    date_to: date | None = Field(None, alias="to", description="Last date of service.")
    payer: str | None = Field(None, max_length=80, pattern=r"^[A-Za-z0-9]+$", description="Only this payer id.")
    agency: str | None = Field(None, max_length=32, description="For auditor keys granted several agencies.")
    changes_limit: int = Field(1000, ge=0, le=SYNC_LIMIT, description="Changed encounters listed in JSON.")


def _candidate(body: WhatIfIn, request: Request) -> RulePack | JSONResponse:
    if body.pack is None:
        pack = request.app.state.registry.get(body.state)
        return pack if pack is not None else problem(404, f"no rule pack for {body.state}", request=request)
    try:
        return RulePack.model_validate(yamlload.safe_load(body.pack))
    except yaml.YAMLError as exc:
        return problem(422, f"pack: not valid YAML ({getattr(exc, 'problem', 'syntax error')})", request=request)
    except ValidationError as exc:
        return problem(422, "the candidate pack does not match the rule-pack format", field_errors(exc, ("pack",)),
                       request)


@router.post("/whatif", summary="What-if: judge stored encounters again under a candidate pack (read-only)",
             responses={200: {"content": {"text/csv": {}}}, **ACCEPTED})
async def post_whatif(body: WhatIfIn, request: Request, who: Reader,
                      db: Database = Depends(database),
                      run_async: Annotated[bool, Query(alias="async", description="Run it as a job (202, Location "
                                                       "/v1/jobs/{id}); a what-if over more encounters than "
                                                       "PEERBILL_JOBS_WHATIF_ASYNC_ENCOUNTERS always is.")] = False
                      ) -> Any:
    pack = _candidate(body, request)
    if isinstance(pack, JSONResponse):
        return pack
    scope = Scope(who.readable(body.agency), body.state, body.date_from, body.date_to, body.payer)
    if not scope.agencies:
        return problem(404, "no such agency", request=request)
    with db.reading() as s:
        n = count(s, scope)
    if run_async or n > load().jobs_whatif_async_encounters:
        params = {"state": body.state, "from": body.date_from and body.date_from.isoformat(),
                  "to": body.date_to and body.date_to.isoformat(), "payer": body.payer,
                  "agencies": list(scope.agencies), "changes_limit": body.changes_limit}
        return await run_in_threadpool(accepted, db, who, "whatif", scope.agencies, params, body.pack)
    try:
        report = await run_in_threadpool(what_if, db, who, scope, pack, request.app.state.registry)
    except WhatIfError as exc:
        return problem(422, str(exc), request=request)
    if "text/csv" in request.headers.get("accept", ""):
        return Response(_csv(report), media_type="text/csv")
    return {**report.summary(), "changes": [c.row() for c in report.changes[:body.changes_limit]]}


def _csv(report: Report) -> str:
    buf = io.StringIO()
    write_csv(report, buf)
    return buf.getvalue()
