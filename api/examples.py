"""Request examples in the OpenAPI document, by operationId (synthetic data: no real person). A test checks each
against the operation's request schema."""

from __future__ import annotations

from typing import Any

ENCOUNTER: dict[str, Any] = {
    "encounter_id": "ehr-visit-0001",
    "member": {"medicaid_id": "SYN0001", "first_name": "Alex", "last_name": "Example", "date_of_birth": "1985-06-15",
               "sex": "F", "address": {"line1": "100 Test Way", "city": "Sampletown", "state": "TX",
                                       "zip": "787010001"}},
    "payer": {"state": "TX", "program": "fee_for_service"},
    "rendering": {"npi": "1234567893", "first_name": "Sam", "last_name": "Peer", "taxonomy": "175T00000X",
                  "credential": {"type": "CPS", "number": "SYN-CPS-1", "issuing_state": "TX",
                                 "expires_on": "2030-12-31"}},
    "supervisor": {"npi": "1245319599", "first_name": "Jordan", "last_name": "Super", "credential": "LCSW"},
    "service": {"date": "2025-03-04", "start_time": "09:00", "end_time": "10:00", "hcpcs": "H0038", "modifiers": [],
                "place_of_service": "11", "setting": "individual", "telehealth": "none"},
    "diagnoses": ["F33.1"],
    "recovery_plan": {"enrolled_on": "2025-01-06", "written_on": "2025-01-20", "last_reviewed_on": "2025-01-20"},
}

PARTNER = {"sender_qualifier": "ZZ", "sender_id": "AGENCY01", "receiver_qualifier": "ZZ", "receiver_id": "TXMCD",
           "submitter_name": "Sampletown Peer Services", "submitter_id": "SUB0001", "contact_name": "Billing Desk",
           "contact_phone": "5125550100", "receiver_name": "Texas Medicaid", "usage": "T"}

BUNDLE = {"resourceType": "Bundle", "type": "batch", "entry": [
    {"fullUrl": "urn:uuid:7d3f8d1e-0000-4000-8000-000000000001",
     "resource": {"resourceType": "Encounter", "id": "ehr-visit-0001", "status": "finished"},
     "request": {"method": "POST", "url": "Encounter"}}]}

X12_999 = ("ISA*00*          *00*          *ZZ*TXMCD          *ZZ*AGENCY01       *250305*1200*^*00501*000000101*0*T*:~"
           "GS*FA*TXMCD*AGENCY01*20250305*1200*101*X*005010X231A1~ST*999*0001*005010X231A1~"
           "AK1*HC*1*005010X222A1~AK9*A*1*1*1~SE*4*0001~GE*1*101~IEA*1*000000101~")


def _one(summary: str, value: Any) -> dict[str, Any]:
    return {"example": {"summary": summary, "value": value}}


REQUEST_EXAMPLES: dict[str, dict[str, Any]] = {
    "createEncounter": _one("A one-hour individual peer support session in Texas", ENCOUNTER),
    "validateEncounter": _one("Check a session before submitting it", ENCOUNTER),
    "correctEncounter": _one("The session ended at 09:45, not 10:00",
                             {**ENCOUNTER, "service": {**ENCOUNTER["service"], "end_time": "09:45"}}),
    "createEncounterBatch": _one("Two sessions", {"items": [
        ENCOUNTER, {**ENCOUNTER, "encounter_id": "ehr-visit-0002",
                    "service": {**ENCOUNTER["service"], "date": "2025-03-05"}}]}),
    "createPayer": _one("Texas Medicaid fee-for-service", {
        "payer_id": "TXMCD", "name": "Texas Medicaid", "state": "TX", "program": "fee_for_service",
        "claim_span": "day", "partner": PARTNER, "charges": {"H0038": "25.00"}}),
    "createClaimFile": _one("Bill March's sessions to a payer",
                            {"payer": "3f2a9c0d5e6b4a7f", "from": "2025-03-01", "to": "2025-03-31"}),
    "replaceClaim": _one("Replace an accepted claim", {"payer_claim_number": "PCN-2025-000123"}),
    "voidClaim": _one("Void an accepted claim", {"payer_claim_number": "PCN-2025-000123"}),
    "setClaimWorkState": _one("Hold a claim for review", {"state": "held", "note": "waiting for the signed plan"}),
    "ingestResponse": _one("A 999 accepting a claim file", X12_999),
    "resolveUnmatchedItem": _one("Dismiss an item paid to another provider",
                                 {"action": "dismiss", "reason": "payment for another provider's claim"}),
    "createAgency": _one("A peer support agency", {
        "name": "Sampletown Peer Services", "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
        "address": {"line1": "1 Main St", "city": "Sampletown", "state": "TX", "zip": "787010001"}}),
    "createKey": _one("A key for an EHR integration",
                      {"role": "ehr", "name": "EHR integration", "agency_id": "a1b2c3d4e5f6"}),
    "rotateKey": _one("Keep the old key working for a day",
                      {"old_valid_until": "2025-03-11T12:00:00Z"}),
    "runWhatIf": _one("Judge Texas encounters of March again under the current pack",
                      {"state": "TX", "from": "2025-03-01", "to": "2025-03-31"}),
    "createFhirBundle": _one("A batch Bundle with one Encounter (its Patient, Practitioner and Condition go in "
                             "further entries)", BUNDLE),
    "createWebhookEndpoint": _one("Claim outcomes to the EHR", {
        "url": "https://ehr.example/peerbill/webhooks", "description": "claim outcomes",
        "event_types": ["claim.accepted", "claim.rejected", "claim.paid", "claim.denied"]}),
    "updateWebhookEndpoint": _one("Pause deliveries", {"enabled": False}),
    "updateAgency": _one("The agency moved", {"address": {"line1": "14 Elm St", "zip": "787010002"}}),
    "updatePayer": _one("Go live: production files from now on", {"partner": {"usage": "P"}}),
    "rotateWebhookSecret": _one("Sign with both secrets for an hour", {"overlap_seconds": 3600}),
}
