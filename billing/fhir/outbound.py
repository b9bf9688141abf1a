"""Peerbill's answers as FHIR R4 resources: a verdict as a ClaimResponse, a remittance as an
ExplanationOfBenefit, errors as an OperationOutcome, and the CapabilityStatement. Each is built as plain data,
then validated by the R4B models of `fhir.resources` before it leaves (`validated`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from billing.fhir import systems as sy
from billing.fhir.inbound import Issue
from billing.x12.codes import describe
from schemas.encounter import Encounter
from schemas.verdict import Finding, Verdict

PROFESSIONAL = {"coding": [{"system": sy.CLAIM_TYPE, "code": "professional"}]}


def _money(v: Decimal | str | None) -> dict[str, Any] | None:
    return None if v is None else {"value": float(Decimal(v)), "currency": "USD"}


def _instant(at: datetime) -> str:
    """A FHIR dateTime with its offset (SQLite hands back stored UTC timestamps without one)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def _adjudication(code: str) -> dict[str, Any]:
    return {"coding": [{"system": sy.ADJUDICATION, "code": code}]}


def validated(resource: dict[str, Any]) -> dict[str, Any]:
    """The resource, checked against its R4B model (an emitted resource that does not validate is a bug)."""
    from fhir.resources.R4B import get_fhir_model_class

    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return resource


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    return validated({"resourceType": "OperationOutcome", "issue": [
        {"severity": "error", "code": i.code, "diagnostics": i.message, "expression": [i.path]} for i in issues]})


def _note(n: int, f: Finding) -> dict[str, Any]:
    cite = f.citation
    source = f" [{cite.document}, {cite.section}, effective {cite.effective.isoformat()}]" if cite else ""
    where = f" ({f.path})" if f.path else ""
    return {"number": n, "type": "display", "text": f"{f.severity} {f.code}{where}: {f.message}{source}"}


def claim_response(encounter: Encounter, verdict: Verdict, created: datetime, agency_id: str) -> dict[str, Any]:
    """The verdict as a ClaimResponse: outcome, one item with the units and expected amount, a process note
    per finding (with its citation) and an error entry per blocking finding."""
    adjudication: list[dict[str, Any]] = [{"category": _adjudication("eligible"), "value": verdict.units}]
    if verdict.expected_payment is not None:
        adjudication.append({"category": _adjudication("benefit"), "amount": _money(verdict.expected_payment)})
    errors = [f for f in verdict.findings if f.severity == "error"]
    res: dict[str, Any] = {
        "resourceType": "ClaimResponse",
        "id": f"{agency_id}.{encounter.encounter_id}"[:64].replace("_", "-").replace(":", "-"),
        "identifier": [{"system": sy.ENCOUNTER_ID, "value": encounter.encounter_id}],
        "status": "active", "type": PROFESSIONAL, "use": "claim",
        "patient": {"identifier": {"system": f"{sy.MEDICAID_ID}/{encounter.payer.state}",
                                   "value": encounter.member.medicaid_id}},
        "created": _instant(created),
        "insurer": {"display": f"{encounter.payer.state} Medicaid ({encounter.payer.program.replace('_', ' ')})"},
        "outcome": "complete",
        "disposition": "billable" if verdict.billable else "not billable: " + "; ".join(f.code for f in errors),
        "item": [{"itemSequence": 1, "adjudication": adjudication}],
    }
    if verdict.rule_pack is not None:
        res["identifier"].append({"system": f"{sy.PEERBILL}/sid/rule-pack", "value": verdict.rule_pack.id})
    if verdict.findings:
        res["processNote"] = [_note(n, f) for n, f in enumerate(verdict.findings, 1)]
    if errors:
        res["error"] = [{"itemSequence": 1, "code": {"coding": [{"system": sy.FINDING, "code": f.code}],
                                                     "text": f.message}} for f in errors]
    if verdict.filing_deadline is not None:
        res["extension"] = [{"url": f"{sy.PEERBILL}/StructureDefinition/filing-deadline",
                             "valueDate": verdict.filing_deadline.isoformat()}]
    return validated(res)


@dataclass(frozen=True)
class LineRemit:
    """One claim line as an 835 settled it."""

    sequence: int
    hcpcs: str
    modifiers: list[str]
    service_date: date
    units: int
    charge: Decimal
    paid: Decimal
    adjustments: list[dict[str, str]]
    remarks: list[str]


@dataclass(frozen=True)
class ClaimRemit:
    """One claim as an 835 settled it, with what the EOB needs to say who, what and for whom."""

    claim_control: str
    payer_claim_number: str | None
    status: str
    state: str
    medicaid_id: str
    rendering_npi: str
    received_at: datetime
    payment_date: date | None
    trace: str
    charge: Decimal
    paid: Decimal
    adjustments: list[dict[str, str]]
    remarks: list[str]
    lines: list[LineRemit]


def _cas(adj: dict[str, str]) -> dict[str, Any]:
    return {"category": {"coding": [{"system": sy.ADJUSTMENT_GROUP, "code": adj["group"]}]},
            "reason": {"coding": [{"system": sy.CARC, "code": adj["reason"], "display": describe("CARC",
                                                                                              adj["reason"])}]},
            "amount": _money(adj["amount"])}


def _remark_notes(remarks: list[str], start: int) -> list[dict[str, Any]]:
    return [{"number": start + k, "type": "display", "text": f"RARC {r}: {describe('RARC', r)}"}
            for k, r in enumerate(remarks)]


def explanation_of_benefit(c: ClaimRemit) -> dict[str, Any]:
    """An 835-adjudicated claim: payment, per-line submitted and paid amounts, CAS adjustments as adjudications
    (group and CARC), remark codes as process notes."""
    notes: list[dict[str, Any]] = []
    items = []
    for ln in c.lines:
        line_notes = _remark_notes(ln.remarks, len(notes) + 1)
        notes += line_notes
        item: dict[str, Any] = {
            "sequence": ln.sequence,
            "productOrService": {"coding": [{"system": "urn:oid:2.16.840.1.113883.6.285", "code": ln.hcpcs}]},
            "servicedDate": ln.service_date.isoformat(),
            "quantity": {"value": ln.units},
            "adjudication": [{"category": _adjudication("submitted"), "amount": _money(ln.charge)},
                             {"category": _adjudication("benefit"), "amount": _money(ln.paid)},
                             *(_cas(a) for a in ln.adjustments)],
        }
        if ln.modifiers:
            item["modifier"] = [{"coding": [{"code": m}]} for m in ln.modifiers]
        if line_notes:
            item["noteNumber"] = [n["number"] for n in line_notes]
        items.append(item)
    notes += _remark_notes(c.remarks, len(notes) + 1)
    identifiers = [{"system": sy.CLAIM_CONTROL, "value": c.claim_control}]
    if c.payer_claim_number:
        identifiers.append({"type": {"text": "payer claim control number"}, "value": c.payer_claim_number})
    res: dict[str, Any] = {
        "resourceType": "ExplanationOfBenefit",
        "id": c.claim_control[:64],
        "identifier": identifiers,
        "status": "active", "type": PROFESSIONAL, "use": "claim",
        "patient": {"identifier": {"system": f"{sy.MEDICAID_ID}/{c.state}", "value": c.medicaid_id}},
        "created": _instant(c.received_at),
        "insurer": {"display": f"{c.state} Medicaid"},
        "provider": {"identifier": {"system": sy.NPI, "value": c.rendering_npi}},
        "outcome": "complete",
        "disposition": c.status.replace("_", " "),
        "insurance": [{"focal": True, "coverage": {"display": f"{c.state} Medicaid"}}],
        "item": items,
        "total": [{"category": _adjudication("submitted"), "amount": _money(c.charge)},
                  {"category": _adjudication("benefit"), "amount": _money(c.paid)}],
        "payment": {"amount": _money(c.paid), "identifier": {"value": c.trace} if c.trace else None},
    }
    if c.payment_date is not None:
        res["payment"]["date"] = c.payment_date.isoformat()
    if res["payment"]["identifier"] is None:
        del res["payment"]["identifier"]
    if c.adjustments:
        res["adjudication"] = [_cas(a) for a in c.adjustments]
    if notes:
        res["processNote"] = notes
    return validated(res)


def searchset(resources: list[dict[str, Any]], base: str) -> dict[str, Any]:
    return validated({"resourceType": "Bundle", "type": "searchset", "total": len(resources),
                      "entry": [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r,
                                 "search": {"mode": "match"}} for r in resources]})


def capability_statement(base: str, version: str) -> dict[str, Any]:
    """Exactly what this server supports: one write interaction and two searches."""
    return validated({
        "resourceType": "CapabilityStatement", "status": "active", "date": "2026-11-29", "kind": "instance",
        "software": {"name": "Peerbill", "version": version},
        "implementation": {"description": "Peerbill FHIR R4 facade", "url": base},
        "fhirVersion": "4.0.1", "format": ["application/fhir+json", "json"],
        "rest": [{
            "mode": "server",
            "security": {"description": "API keys: Authorization: Bearer <key> (roles as in the native API)."},
            "interaction": [{"code": "transaction"}, {"code": "batch"}],
            "operation": [],
            "resource": [
                {"type": "Bundle", "interaction": [{"code": "create"}],
                 "documentation": "POST /v1/fhir/Bundle: a collection, batch or transaction Bundle of peer "
                                  "support Encounters with their Patient, Practitioner(Role), Coverage, "
                                  "Condition and optional Claim; answered with a ClaimResponse per Encounter."},
                {"type": "ClaimResponse", "interaction": [{"code": "search-type"}],
                 "searchParam": [{"name": "encounter", "type": "token",
                                  "documentation": "The EHR's encounter id."}]},
                {"type": "ExplanationOfBenefit", "interaction": [{"code": "search-type"}],
                 "searchParam": [{"name": "patient", "type": "token", "documentation": "The Medicaid member id."},
                                 {"name": "created", "type": "date",
                                  "documentation": "When the 835 was received; prefixes eq, ge, gt, le, lt."}]},
            ],
        }],
    })
