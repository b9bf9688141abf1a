"""/v1/rules: the state rule packs, as data with their citations."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from api.deps import actor
from api.errors import problem
from billing.access import Actor
from billing.rules.packs import in_force, merge_plan

router = APIRouter(prefix="/v1/rules", tags=["rules"])


@router.get("", summary="States with rule packs")
def list_rules(request: Request, who: Annotated[Actor, Depends(actor)]) -> list[dict[str, Any]]:
    return [{"state": p.state, "name": p.name, "revision": p.revision, "plans": sorted(p.plans),
             "programs": sorted(p.programs),
             "covered_from": min((c.valid_from for c in p.rules.coverage), default=None),
             "unknown": [u.topic for u in p.unknown]}
            for p in sorted(request.app.state.registry.packs.values(), key=lambda p: p.state)]


@router.get("/{state}", summary="One state's rules, optionally as in force on a date and for a plan")
def show_rules(state: str, request: Request, who: Annotated[Actor, Depends(actor)],
               on: Annotated[date | None, Query(description="Only rules in force on this date.")] = None,
               plan: Annotated[str | None, Query(max_length=60)] = None,
               program: Annotated[str | None, Query(max_length=40, description="Apply this program's rules.")] = None
               ) -> Any:
    pack = request.app.state.registry.get(state.upper())
    if pack is None:
        return problem(404, f"no rule pack for state {state}", request=request)
    if plan is not None and plan not in pack.plans:
        return problem(404, f"{pack.state} has no plan {plan}", request=request)
    if program is not None and program not in pack.programs:
        return problem(404, f"{pack.state} has no program {program}", request=request)
    rules = merge_plan(pack, plan, program)
    if on is not None:
        rules = in_force(rules, on).rules
    return {"state": pack.state, "name": pack.name, "revision": pack.revision, "summary": pack.summary,
            "plans": {k: {"name": p.name, "payer_ids": p.payer_ids} for k, p in pack.plans.items()},
            "programs": {k: {"name": p.name, "description": p.description, "region_table": p.region_table,
                             "claim_form": p.claim_form, "unknown": [u.model_dump() for u in p.unknown]}
                         for k, p in pack.programs.items()},
            "region_tables": {k: t.model_dump(mode="json") for k, t in pack.region_tables.items()},
            "rules": rules.model_dump(mode="json", by_alias=True),
            "unknown": [u.model_dump() for u in pack.unknown]}
