"""The OpenAPI document, made to tell the truth: readable operation ids, a description and request examples on
every operation, every error answer as application/problem+json with the Problem schema, batch items typed as
Encounter, trading-partner settings typed. Generated clients (clients/python) are made from this document.

Which error statuses an operation documents follows from what the service does (api/errors.py, api/edge.py):
401 and 403 on every operation that takes a key, 429 there too (the rate limit), 422 wherever a parameter or
body is validated, 413 wherever a body is read, 404 where the path names an object (or the body does: see
`_REFERS`), 409 on every write (a conflict with stored data, an Idempotency-Key still in use), 400 where a
cursor is read (a cursor not given out here) or a body is read (one that cannot be parsed: a malformed multipart
or form body, bytes that are not text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api.examples import REQUEST_EXAMPLES
from schemas.claims import TradingPartner
from schemas.problems import Problem

PROBLEM = "application/problem+json"
FHIR_JSON = "application/fhir+json"

# operationId and description of each operation, by "METHOD path". A route missing here gets a camelCase id
# from its function name and its docstring as description (a test requires one).
OPERATIONS: dict[str, tuple[str, str]] = {
    "POST /v1/encounters": ("createEncounter",
        "Store one encounter and judge it against the rule pack of its state in force on the date of service. "
        "201 with the verdict (findings with citations, units, expected payment) when new; 200 when the same "
        "encounter (same `encounter_id`, same content) was stored before; 409 when the id exists with different "
        "content (send a correction with PUT instead). A verdict that says not billable is still a 201: a "
        "business-rule rejection is a verdict, not an HTTP error."),
    "GET /v1/encounters": ("listEncounters",
        "The agency's encounters, newest first, filtered by status, member and dates of service. Follow "
        "`next_cursor` for the next page."),
    "POST /v1/encounters/batch": ("createEncounterBatch",
        "Up to 1,000 encounters in one request. Each item is stored or refused on its own (its `status` is 201, "
        "200, 409 or 422 with the fields at fault); the request itself is a 200 unless the body is not a batch."),
    "POST /v1/encounters/validate": ("validateEncounter",
        "Judge an encounter exactly as POST /v1/encounters would, and store nothing: a dry run for an EHR's "
        "form before it submits."),
    "PUT /v1/encounters/{encounter_id}": ("correctEncounter",
        "Replace an encounter's content with a corrected version and judge it again. Every version is kept; an "
        "encounter already billed is flagged for a replacement claim."),
    "DELETE /v1/encounters/{encounter_id}": ("voidEncounter",
        "Void an encounter: it will not be billed (or is flagged for a void claim if it was). Its history is "
        "kept."),
    "GET /v1/encounters/{encounter_id}": ("getEncounter",
        "One encounter with its current verdict and every earlier version."),
    "GET /v1/encounters/at-risk": ("listAtRiskEncounters",
        "Billable encounters not yet accepted by the payer whose timely-filing deadline falls within the next "
        "`within_days` days, soonest first (JSON pages, or CSV with `Accept: text/csv`)."),
    "GET /v1/encounters/{encounter_id}/timeline": ("getEncounterTimeline",
        "Everything that happened to an encounter in order: versions, verdicts, claims, acknowledgements and "
        "remittances."),
    "GET /v1/rules": ("listRulePacks", "The states Peerbill has rule packs for, with their revisions."),
    "GET /v1/rules/{state}": ("getRulePack",
        "One state's rules with their citations, optionally as in force on a date and for a plan."),
    "POST /v1/rules/whatif": ("runWhatIf",
        "Judge the agency's stored encounters again under a candidate rule pack (or the current one) and report "
        "what would change. Read-only."),
    "POST /v1/payers": ("createPayer",
        "Set up a payer to bill: its electronic id, the state and program it covers, and the trading-partner "
        "settings of the 837P envelope."),
    "GET /v1/payers": ("listPayers", "The agency's payers in the order they were set up."),
    "POST /v1/claim-files": ("createClaimFile",
        "Build one 837P file from the agency's billable encounters for a payer (optionally within dates or for "
        "given encounters), in one transaction. Encounters that cannot be billed are listed in `excluded` with "
        "the reason; `file` is null when nothing was left to bill. No encounter is ever billed twice. A build "
        "over many encounters (or with `async=true`) is queued as a job: 202 with `Location: /v1/jobs/{id}`."),
    "GET /v1/claim-files": ("listClaimFiles", "The agency's claim files, newest first."),
    "GET /v1/claim-files/{file_id}": ("getClaimFile", "A claim file's record: payer, control numbers, counts."),
    "GET /v1/claim-files/{file_id}/content": ("getClaimFileContent",
        "The X12 837P text of a claim file, to send to the payer or clearinghouse."),
    "GET /v1/claims": ("listClaims", "The agency's claims, newest first, filtered by status or work state."),
    "GET /v1/claims/{claim_id}": ("getClaim", "A claim with its lines and their statuses."),
    "GET /v1/claims/{claim_id}/timeline": ("getClaimTimeline",
        "Every response and status change of a claim and its lines, in order."),
    "POST /v1/claims/{claim_id}/replace": ("replaceClaim",
        "Build a replacement claim (frequency code 7) for a claim the payer accepted, from its encounters' "
        "current versions. Needs the payer's claim control number."),
    "POST /v1/claims/{claim_id}/void": ("voidClaim",
        "Build a void claim (frequency code 8) for a claim the payer accepted. Needs the payer's claim control "
        "number."),
    "PUT /v1/claims/{claim_id}/work-state": ("setClaimWorkState",
        "Set billing staff's work state of a claim (held, needs review, written off, finalized) with a note."),
    "POST /v1/responses": ("ingestResponse",
        "Ingest a payer's 999 (or 997), 277CA or 835 file, sent as the raw X12 text. Claims and lines are "
        "updated; items that match no claim go to the unmatched queue. The same file again changes nothing."),
    "GET /v1/responses": ("listResponses", "Every 999, 277CA and 835 file ingested, newest first."),
    "GET /v1/responses/{response_id}": ("getResponse",
        "One response file: readable JSON (codes with their texts) and the raw X12."),
    "GET /v1/unmatched": ("listUnmatchedItems",
        "Remittance and acknowledgement items that matched no claim, newest first."),
    "GET /v1/unmatched/{item_id}": ("getUnmatchedItem", "One unmatched item with what it carried."),
    "POST /v1/unmatched/{item_id}/resolve": ("resolveUnmatchedItem",
        "Match an unmatched item to a claim (it is posted as if it had matched) or dismiss it with a reason."),
    "GET /v1/rejections": ("listRejections",
        "Every rejected or denied item and why (the rule or the payer's reason code), newest first; JSON pages "
        "or CSV."),
    "GET /v1/rejections/summary": ("summarizeRejections",
        "Rejections grouped by code, state, payer, provider or month: counts, dollars and denial rate."),
    "POST /v1/agencies": ("createAgency", "Create an agency (admin keys): its name, NPI, tax id and address."),
    "GET /v1/agencies": ("listAgencies", "Every agency, in the order they were created (admin keys)."),
    "POST /v1/keys": ("createKey",
        "Create an API key for a role (ehr, billing, auditor, admin) and agency. The secret is in this answer "
        "only: Peerbill keeps its hash."),
    "GET /v1/keys": ("listKeys", "Every API key without its secret: role, agencies, expiry, revocation, last use."),
    "POST /v1/keys/{key_id}/revoke": ("revokeKey",
        "Revoke a key: every worker refuses it from the next request on."),
    "POST /v1/keys/{key_id}/rotate": ("rotateKey",
        "Make a new key with the same role and agencies (its secret is in this answer only); the old key keeps "
        "working until `old_valid_until`."),
    "GET /v1/audit-events": ("listAuditEvents",
        "The audit trail, oldest first: who did what to which object, when, in which request (auditor and admin "
        "keys)."),
    "GET /v1/fhir/metadata": ("getFhirCapabilityStatement",
        "The FHIR R4 CapabilityStatement: exactly which resources and interactions this facade supports."),
    "POST /v1/fhir/Bundle": ("createFhirBundle",
        "Post a FHIR R4 Bundle (batch or transaction) of peer support Encounters with their Patient, "
        "Practitioner and Condition resources. Each encounter goes through the same intake as POST "
        "/v1/encounters; the answer is a Bundle with a ClaimResponse (the verdict) per entry. Nothing is taken "
        "unless every encounter maps."),
    "GET /v1/fhir/ClaimResponse": ("searchFhirClaimResponse",
        "The verdict of an encounter as a FHIR ClaimResponse, in a searchset Bundle (empty when there is none)."),
    "GET /v1/fhir/ExplanationOfBenefit": ("searchFhirExplanationOfBenefit",
        "A member's claims adjudicated by an 835, as FHIR ExplanationOfBenefit resources in a searchset Bundle."),
    "GET /v1/jobs/{job_id}": ("getJob",
        "A background job (a large claim build, a big response ingest, a what-if run): its status (queued, "
        "running, done, failed), progress, and its result when done or its error as a Problem when failed. "
        "Requests that answer 202 give this address in `Location`."),
    "GET /v1/jobs": ("listJobs",
        "The agency's background jobs, newest first, filtered by status and kind. Follow `next_cursor` for the "
        "next page."),
    "PATCH /v1/agencies/{agency_id}": ("updateAgency",
        "Change an agency's details: only the fields sent change (`address` key by key) and the result is "
        "checked as a new agency's would be. The agency's sandbox (test mode) follows. Admin keys; audited."),
    "PATCH /v1/payers/{payer_id}": ("updatePayer",
        "Change a payer's settings: only the fields sent change (`partner` key by key, e.g. `{\"partner\": "
        "{\"usage\": \"P\"}}` at go-live; `charges` whole). A sandbox payer (test mode) stays a test payer. "
        "Audited with the fields changed."),
    "GET /v1/events": ("listEvents", ""),  # its description is on the route
    "POST /v1/webhook-endpoints": ("createWebhookEndpoint",
        "Register a URL to receive events, signed per the Standard Webhooks specification. The signing secret "
        "(`whsec_…`) is in this answer only."),
    "GET /v1/webhook-endpoints": ("listWebhookEndpoints", "The agency's webhook endpoints (without secrets)."),
    "GET /v1/webhook-endpoints/{endpoint_id}": ("getWebhookEndpoint", "One webhook endpoint (without secrets)."),
    "PATCH /v1/webhook-endpoints/{endpoint_id}": ("updateWebhookEndpoint",
        "Change an endpoint's URL, event types or description; disable or enable it."),
    "DELETE /v1/webhook-endpoints/{endpoint_id}": ("deleteWebhookEndpoint",
        "Delete an endpoint: nothing more is delivered to it."),
    "POST /v1/webhook-endpoints/{endpoint_id}/rotate-secret": ("rotateWebhookSecret",
        "Make a new signing secret (in this answer only); the old one keeps signing beside it for "
        "`overlap_seconds`, so a receiver can switch without missing a delivery."),
    "GET /v1/webhook-endpoints/{endpoint_id}/deliveries": ("listWebhookDeliveries",
        "Deliveries to this endpoint, newest first, each attempt with its HTTP status and latency."),
    "POST /v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/replay": ("replayWebhookDelivery",
        "Queue a delivery to be sent again now; the worker picks it up."),
    "GET /healthz": ("getLiveness", "Liveness: the process answers. No database work, no key needed."),
    "GET /readyz": ("getReadiness",
        "Readiness: the database answers and is migrated to head (503 otherwise). No key needed."),
}

# Operations that can answer 404 for an object named in the body.
_REFERS = {"createClaimFile", "runWhatIf", "resolveUnmatchedItem"}
_READ_ONLY = {"validateEncounter", "runWhatIf"}  # POSTs that store nothing
# FHIR operations answer application/fhir+json; their errors are an OperationOutcome when the client asks for FHIR.
_FHIR = {"getFhirCapabilityStatement", "createFhirBundle", "searchFhirClaimResponse",
         "searchFhirExplanationOfBenefit"}
_TITLES = {400: "Bad request: a cursor not given out here, or a body that cannot be parsed",
           401: "No API key, or one that is invalid, revoked or expired",
           403: "The key's role or agencies do not allow this",
           404: "No such object (in this agency)",
           409: "Conflicts with stored data, or a request with this Idempotency-Key is still running",
           413: "The body is larger than the limit",
           422: "A field is invalid (each one listed in `errors` with its path), or an Idempotency-Key was used "
                "with another body",
           429: "Too many requests: wait for Retry-After seconds"}
_WRITES = {"post", "put", "patch", "delete"}


def operation_id(route: APIRoute) -> str:
    """The readable operationId of a route (FastAPI's generate_unique_id_function)."""
    method = sorted(route.methods)[0]
    known = OPERATIONS.get(f"{method} {route.path_format}")
    if known:
        return known[0]
    head, *rest = route.name.strip("_").split("_")
    return head + "".join(p.capitalize() for p in rest)


def install(app: FastAPI) -> None:
    """Serve the corrected document at /openapi.json (built once, on first request)."""
    make, done = app.openapi, []

    def document() -> dict[str, Any]:
        if not done:
            app.openapi_schema = correct(make())
            done.append(True)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = document  # type: ignore[method-assign]


def correct(doc: dict[str, Any]) -> dict[str, Any]:
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    _add_models(schemas)
    for path, method, op in _operations(doc):
        known = OPERATIONS.get(f"{method.upper()} {path}")
        if known and known[1]:
            op["description"] = known[1]
        if op.get("operationId") in REQUEST_EXAMPLES and "requestBody" in op:
            for media in op["requestBody"]["content"].values():
                media["examples"] = REQUEST_EXAMPLES[op["operationId"]]
        _errors(path, method, op)
        _successes(op)
        if op.get("operationId") == "createEncounterBatch":
            op["requestBody"]["content"]["application/json"]["schema"] = _BATCH
        if op.get("operationId") == "ingestResponse":  # the raw bytes, whatever the Content-Type says
            op["requestBody"]["content"]["application/octet-stream"] = {
                "schema": {"type": "string", "format": "binary"}}
        if op.get("operationId") in _FHIR and "requestBody" in op:
            for media in op["requestBody"]["content"].values():
                media["schema"] = {"$ref": "#/components/schemas/FhirResource"}
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    return _rename(doc)


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in doc.get("paths", {}).items():
        for method, op in ops.items():
            yield path, method, op


def _add_models(schemas: dict[str, Any]) -> None:
    for model in (Problem, TradingPartner):
        body = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(body.pop("$defs", {}))
        schemas[model.__name__] = body
    schemas["FhirResource"] = _FHIR_RESOURCE


def _errors(path: str, method: str, op: dict[str, Any]) -> None:
    oid = op.get("operationId", "")
    secured = bool(op.get("security"))
    params = bool(op.get("parameters")) or "requestBody" in op
    query = {p["name"] for p in op.get("parameters", []) if p.get("in") == "query"}
    applies = {
        400: bool(query & {"cursor", "after", "created"}) or "requestBody" in op,
        401: secured, 403: secured, 429: secured,
        404: "{" in path or oid in _REFERS,
        409: secured and method in _WRITES and oid not in _READ_ONLY,
        413: "requestBody" in op,
        422: params,
    }
    responses = op.setdefault("responses", {})
    for status, yes in applies.items():
        if yes:
            responses.setdefault(str(status), {"description": _TITLES[status]})
    fhir = {FHIR_JSON: {"schema": {"$ref": "#/components/schemas/FhirResource"}}}
    for status, answer in responses.items():
        if status.isdigit() and int(status) >= 400:
            answer["content"] = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
            answer["content"].update(fhir if oid in _FHIR else {})
            answer.setdefault("description", _TITLES.get(int(status), "An error"))
        elif oid in _FHIR and status.startswith("2"):
            answer["content"] = fhir


def _successes(op: dict[str, Any]) -> None:
    """A 2xx documented without a body gets the body of the operation's other 2xx (a resend answers as the first
    post did); text bodies are strings."""
    ok = {s: r for s, r in op.get("responses", {}).items() if s.startswith("2")}
    typed = next((r["content"] for _, r in sorted(ok.items()) if r.get("content")), None)
    for status, answer in ok.items():
        if not answer.get("content") and typed is not None and status not in ("202", "204"):
            answer["content"] = typed
        for media_type, media in answer.get("content", {}).items():
            if not media.get("schema") and not media_type.endswith("json"):
                media["schema"] = {"type": "string"}


_FHIR_RESOURCE = {
    "type": "object", "required": ["resourceType"], "additionalProperties": True,
    "description": "A FHIR R4 resource (a Bundle, a CapabilityStatement or an OperationOutcome): see "
                   "GET /v1/fhir/metadata and https://hl7.org/fhir/R4/.",
    "properties": {"resourceType": {"type": "string"}}}

_BATCH = {"type": "object", "additionalProperties": False, "required": ["items"],
          "properties": {"items": {"type": "array", "minItems": 1, "maxItems": 1000,
                                   "description": "Up to 1,000 encounters; each is judged and stored on its own.",
                                   "items": {"$ref": "#/components/schemas/Encounter"}}}}

# Component names that FastAPI qualifies with a module path (two models share a class name).
_NAMES = {"schemas__api__RotateIn": "KeyRotateIn", "schemas__events__RotateIn": "SecretRotateIn"}


def _rename(doc: dict[str, Any]) -> dict[str, Any]:
    schemas = doc["components"]["schemas"]
    names = {old: new for old, new in _NAMES.items() if old in schemas}
    for old in schemas:
        if m := re.fullmatch(r"Page_(\w+?)(Out|Summary)?_", old):
            names[old] = f"{m.group(1)}{m.group(2) if m.group(2) == 'Summary' else ''}Page"
    if not names:
        return doc
    text = json.dumps(doc)
    for old, new in names.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    doc = json.loads(text)
    doc["components"]["schemas"] = {names.get(k, k): v for k, v in doc["components"]["schemas"].items()}
    for new in names.values():
        doc["components"]["schemas"][new]["title"] = new  # generators name their classes by the title
    return doc


def openapi_json() -> str:
    """The document as the server publishes it (for `peerbill openapi` and the client generator)."""
    from api.app import create_app
    from billing.db.connection import Database

    db = Database("sqlite://")
    try:
        return json.dumps(create_app(db).openapi(), indent=2, sort_keys=True) + "\n"
    finally:
        db.dispose()
