"""/v1/fhir: FHIR R4 in and out. Intake goes through the very same use case, roles, idempotency and audit as
POST /v1/encounters; errors are an OperationOutcome when the client accepts application/fhir+json."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from api.deps import database, intake, role
from api.errors import problem
from api.idempotency import IDEMPOTENT
from billing.access import Actor
from billing.db.connection import Database
from billing.fhir.inbound import Issue, Mapped, read_bundle
from billing.fhir.outbound import (
    capability_statement,
    claim_response,
    explanation_of_benefit,
    operation_outcome,
    searchset,
)
from billing.fhir.reads import DateFilter, encounter_verdict, settled_claims
from billing.intake import Intake, Outcome
from billing.reads import NotFound
from schemas.problems import FieldError

FHIR_JSON = "application/fhir+json"
router = APIRouter(prefix="/v1/fhir", tags=["fhir"])
Writer = Annotated[Actor, Depends(role("ehr", "billing"))]
Reader = Annotated[Actor, Depends(role("ehr", "billing", "auditor"))]
Auditing = Annotated[Actor, Depends(role("billing", "auditor"))]
AgencyQ = Annotated[str | None, Query(description="Agency to read, for auditor keys granted several.")]


def _wants_fhir(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return FHIR_JSON in accept or "fhir" in request.query_params.get("_format", "")


def _issues(request: Request, status: int, issues: list[Issue]) -> Response:
    """The problem as an OperationOutcome for FHIR clients, else as problem+json with the FHIR paths."""
    if _wants_fhir(request):
        return JSONResponse(operation_outcome(issues), status_code=status, media_type=FHIR_JSON)
    errors = [FieldError(path=i.path, problem=i.message) for i in issues]
    return problem(status, f"{len(issues)} problem(s) in the FHIR content", errors, request)


def _fhir(data: dict[str, Any], status: int = 200) -> Response:
    return JSONResponse(data, status_code=status, media_type=FHIR_JSON)


@router.get("/metadata", summary="The CapabilityStatement: exactly what this FHIR facade supports")
def metadata(request: Request) -> Response:
    return _fhir(capability_statement(str(request.base_url).rstrip("/") + "/v1/fhir", request.app.version))


@router.post("/Bundle", summary="Post a FHIR R4 Bundle of peer support encounters; a ClaimResponse for each",
             status_code=200, openapi_extra={"requestBody": {"required": True, "content": {
                 FHIR_JSON: {"schema": {"type": "object"}}, "application/json": {"schema": {"type": "object"}}}}},
             dependencies=[IDEMPOTENT])
async def post_bundle(request: Request, who: Writer, db: Database = Depends(database),
                      svc: Intake = Depends(intake)) -> Response:
    body = await request.body()
    return await run_in_threadpool(_post_bundle, request, who, body, db, svc)


def _post_bundle(request: Request, who: Actor, body: bytes, db: Database, svc: Intake) -> Response:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _issues(request, 400, [Issue("Bundle", "the body is not JSON", "structure")])
    mapped, whole = read_bundle(data)
    issues = whole + [i for m in mapped for i in m.issues]
    if issues:  # nothing is taken unless every encounter of the Bundle maps
        return _issues(request, 422, issues)
    outcomes = svc.submit(who, [(m.entry, m.encounter) for m in mapped if m.encounter is not None])
    kind = "transaction-response" if data.get("type") == "transaction" else "batch-response"
    answer = {"resourceType": "Bundle", "type": kind,
              "entry": [_entry(db, who, m, o) for m, o in zip(mapped, outcomes, strict=True)]}
    return _fhir(answer)


def _entry(db: Database, who: Actor, m: Mapped, o: Outcome) -> dict[str, Any]:
    status = {201: "201 Created", 200: "200 OK", 404: "404 Not Found", 409: "409 Conflict"}.get(o.status,
                                                                                              str(o.status))
    response: dict[str, Any] = {"status": status, "location": f"Encounter/{o.encounter_id}"}
    if o.status >= 400 or o.verdict is None or m.encounter is None:
        response["outcome"] = operation_outcome([Issue(f"Bundle.entry[{m.entry}].resource",
                                                       o.title or "not stored", "conflict")])
        return {"response": response}
    created = o.at or datetime.now(UTC)
    return {"resource": claim_response(m.encounter, o.verdict, created, who.agency_ids[0]), "response": response}


@router.get("/ClaimResponse", summary="The verdict of an encounter as a ClaimResponse (searchset Bundle)")
def search_claim_response(request: Request, who: Reader,
                          encounter: Annotated[str, Query(min_length=1, max_length=50,
                                                          pattern=r"^[A-Za-z0-9._:-]+$",
                                                          description="The EHR's encounter id.")],
                          agency: AgencyQ = None, db: Database = Depends(database)) -> Response:
    with db.reading() as s:
        try:
            out = encounter_verdict(s, who, who.readable(agency), encounter)
        except NotFound:
            return _fhir(searchset([], _base(request)))
        s.commit()  # the audit event of a person's read
    found = [] if out.verdict is None else [claim_response(out.encounter, out.verdict, out.updated_at,
                                                           out.agency_id)]
    return _fhir(searchset(found, _base(request)))


@router.get("/ExplanationOfBenefit", summary="835-adjudicated claims of a member as ExplanationOfBenefit")
def search_eob(request: Request, who: Auditing,
               patient: Annotated[str, Query(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9-]+$",
                                             description="The member's Medicaid id.")],
               created: Annotated[list[str] | None, Query(max_length=2, description="ge2025-01-01 etc.")] = None,
               agency: AgencyQ = None, db: Database = Depends(database)) -> Response:
    try:
        filters = [DateFilter.parse(c) for c in created or []]
    except ValueError as exc:
        return _issues(request, 400, [Issue("created", str(exc), "value")])
    with db.reading() as s:
        remits = settled_claims(s, who, who.readable(agency), patient, filters)
        s.commit()
    return _fhir(searchset([explanation_of_benefit(r) for r in remits], _base(request)))


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/v1/fhir"
