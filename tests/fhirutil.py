"""Synthetic FHIR R4 Bundles written from native Encounters, in the shapes EHRs send them.

Shapes: `qualification` (the peer's credential as a Practitioner.qualification, diagnoses as Encounter.diagnosis
references, codes on a Claim), `extension` (the credential as Peerbill's extension, a PractitionerRole with the
taxonomy as specialty, diagnoses as Conditions pointing at the Encounter, codes on the Encounter), `claim`
(diagnoses only on the Claim, as codeable concepts). Synthetic data only.
"""

from __future__ import annotations

from typing import Any

from billing.fhir import systems as sy
from schemas.encounter import Encounter

HCPCS = "urn:oid:2.16.840.1.113883.6.285"
POS = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
SHAPES = ("qualification", "extension", "claim")


def _name(first: str, last: str) -> list[dict[str, Any]]:
    return [{"use": "official", "family": last, "given": [first]}]


def _entry(url: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": url, "resource": resource}


def _dt(d: Any, t: Any) -> str:
    return f"{d.isoformat()}T{t.strftime('%H:%M')}:00-05:00"


def to_bundle(enc: Encounter, shape: str = "qualification", bundle_type: str = "collection") -> dict[str, Any]:
    e = enc.model_dump(mode="json")
    n = enc.encounter_id.replace(".", "-").replace(":", "-").replace("_", "-")
    u = f"urn:uuid:{n}"
    m, svc, r = e["member"], e["service"], e["rendering"]
    addr = m["address"]
    patient = {"resourceType": "Patient", "name": _name(m["first_name"], m["last_name"]),
               "birthDate": m["date_of_birth"],
               "gender": {"F": "female", "M": "male", "U": "unknown"}[m["sex"]],
               "address": [{"use": "home", "line": [addr["line1"]] + ([addr["line2"]] if addr["line2"] else []),
                            "city": addr["city"], "state": addr["state"], "postalCode": addr["zip"]}]}
    payer_org = {"resourceType": "Organization", "name": f"{e['payer']['state']} Medicaid",
                 "address": [{"state": e["payer"]["state"]}]}
    if e["payer"]["payer_id"]:
        payer_org["identifier"] = [{"type": {"coding": [{"system": sy.V2_IDENTIFIER_TYPE, "code": "NIIP"}]},
                                    "value": e["payer"]["payer_id"]}]
    sopt = "21" if e["payer"]["program"] == "managed_care" else "22"
    coverage = {"resourceType": "Coverage", "status": "active", "beneficiary": {"reference": f"{u}-patient"},
                "subscriberId": m["medicaid_id"], "payor": [{"reference": f"{u}-payer"}],
                "type": {"coding": [{"system": "https://nahdo.org/sopt", "code": sopt}]}}
    if e["payer"]["plan"]:
        coverage["class"] = [{"type": {"coding": [{"system": sy.COVERAGE_CLASS, "code": "plan"}]},
                              "value": e["payer"]["plan"]}]
    cred = r["credential"]
    board = {"resourceType": "Organization", "name": "Synthetic certification board",
             "address": [{"state": cred["issuing_state"]}]}
    peer: dict[str, Any] = {"resourceType": "Practitioner", "identifier": [{"system": sy.NPI, "value": r["npi"]}],
                            "name": _name(r["first_name"], r["last_name"])}
    taxonomy = {"coding": [{"system": sy.NUCC_TAXONOMY, "code": r["taxonomy"]}]}
    entries = [_entry(f"{u}-patient", patient), _entry(f"{u}-payer", payer_org), _entry(f"{u}-coverage", coverage),
               _entry(f"{u}-board", board)]
    credential_qual = {"code": {"coding": [{"system": "urn:synthetic:credential", "code": cred["type"]}]},
                       "identifier": [{"value": cred["number"]}], "period": {"end": cred["expires_on"]},
                       "issuer": {"reference": f"{u}-board"}}
    peer_ref = f"{u}-peer"
    if shape == "extension":
        peer["extension"] = [{"url": sy.EXT_CREDENTIAL, "extension": [
            {"url": "type", "valueCode": cred["type"]}, {"url": "number", "valueString": cred["number"]},
            {"url": "issuingState", "valueString": cred["issuing_state"]},
            {"url": "expiresOn", "valueDate": cred["expires_on"]}]}]
        entries.append(_entry(f"{u}-peerrole", {"resourceType": "PractitionerRole",
                                                "practitioner": {"reference": peer_ref}, "specialty": [taxonomy]}))
        performer = f"{u}-peerrole"
    else:
        peer["qualification"] = [{"code": taxonomy}, credential_qual]
        performer = peer_ref
    entries.append(_entry(peer_ref, peer))
    participants = [{"type": [{"coding": [{"system": sy.V3_PARTICIPATION, "code": "PPRF"}]}],
                     "individual": {"reference": performer}}]
    sup = e["supervisor"]
    if sup:
        entries.append(_entry(f"{u}-sup", {
            "resourceType": "Practitioner", "identifier": [{"system": sy.NPI, "value": sup["npi"]}],
            "name": _name(sup["first_name"], sup["last_name"]),
            "qualification": [{"code": {"coding": [{"system": "urn:synthetic:licence", "code": sup["credential"]}]}}]}))
        participants.append({"type": [{"coding": [{"system": sy.V3_PARTICIPATION, "code": "RESP"}]}],
                             "individual": {"reference": f"{u}-sup"}})
    fhir_enc: dict[str, Any] = {
        "resourceType": "Encounter", "status": "finished",
        "identifier": [{"system": "urn:synthetic:ehr", "value": enc.encounter_id}],
        "class": {"system": sy.V3_ACT_CODE, "code": "VR" if svc["telehealth"] != "none" else "AMB"},
        "subject": {"reference": f"{u}-patient"}, "participant": participants,
    }
    if svc["start_time"]:
        fhir_enc["period"] = {"start": _dt(enc.service.date, enc.service.start_time),
                              "end": _dt(enc.service.date, enc.service.end_time)}
    else:
        fhir_enc["period"] = {"start": svc["date"]}
    if svc["minutes"] is not None:
        fhir_enc["length"] = {"value": svc["minutes"], "unit": "min", "system": "http://unitsofmeasure.org",
                              "code": "min"}
    ext = []
    if svc["telehealth"] != "none":
        ext.append({"url": sy.EXT_TELEHEALTH, "valueCode": svc["telehealth"]})
    if svc["group_size"]:
        ext.append({"url": sy.EXT_GROUP_SIZE, "valueInteger": svc["group_size"]})
    if svc["rate_region"]:
        ext.append({"url": sy.EXT_RATE_REGION, "valueString": svc["rate_region"]})
    if svc.get("county"):
        ext.append({"url": sy.EXT_COUNTY, "valueString": svc["county"]})
    if e.get("program"):
        ext.append({"url": sy.EXT_PROGRAM, "valueCode": e["program"]})
    if ext:
        fhir_enc["extension"] = ext
    conditions = [(f"{u}-dx{k}", {"resourceType": "Condition", "subject": {"reference": f"{u}-patient"},
                                  "code": {"coding": [{"system": sy.ICD10CM, "code": code}]}})
                  for k, code in enumerate(e["diagnoses"])]
    plan = e["recovery_plan"]
    if plan:
        if plan["enrolled_on"]:
            entries.append(_entry(f"{u}-episode", {"resourceType": "EpisodeOfCare", "status": "active",
                                                   "patient": {"reference": f"{u}-patient"},
                                                   "period": {"start": plan["enrolled_on"]}}))
            fhir_enc["episodeOfCare"] = [{"reference": f"{u}-episode"}]
        care: dict[str, Any] = {"resourceType": "CarePlan", "status": "active", "intent": "plan",
                                "subject": {"reference": f"{u}-patient"}}
        if plan["written_on"]:
            care["created"] = plan["written_on"]
        if plan["last_reviewed_on"]:
            care["extension"] = [{"url": sy.EXT_PLAN_REVIEWED, "valueDate": plan["last_reviewed_on"]}]
        entries.append(_entry(f"{u}-plan", care))
    hcpcs = {"coding": [{"system": HCPCS, "code": svc["hcpcs"]}]}
    pos = {"coding": [{"system": POS, "code": svc["place_of_service"]}]}
    claim: dict[str, Any] | None = None
    # FHIR keeps modifiers and prior authorization on the Claim: the `extension` shape sends one only then.
    if shape in ("qualification", "claim") or svc["modifiers"] or e["prior_authorization"]:
        claim = {"resourceType": "Claim", "status": "active", "use": "claim",
                 "type": {"coding": [{"system": sy.CLAIM_TYPE, "code": "professional"}]},
                 "patient": {"reference": f"{u}-patient"}, "created": svc["date"],
                 "provider": {"reference": peer_ref}, "priority": {"coding": [{"code": "normal"}]},
                 "insurance": [{"sequence": 1, "focal": True, "coverage": {"reference": f"{u}-coverage"}}],
                 "item": [{"sequence": 1, "productOrService": hcpcs, "encounter": [{"reference": u}]}]}
        if shape != "extension":
            claim["item"][0]["locationCodeableConcept"] = pos
        if svc["modifiers"]:
            claim["item"][0]["modifier"] = [{"coding": [{"code": mod}]} for mod in svc["modifiers"]]
        if e["prior_authorization"]:
            claim["insurance"][0]["preAuthRef"] = [e["prior_authorization"]]
    if shape == "qualification":
        entries += [_entry(url, c) for url, c in conditions]
        fhir_enc["diagnosis"] = [{"condition": {"reference": url}, "rank": k + 1}
                                 for k, (url, _) in enumerate(conditions)]
    elif shape == "extension":
        for url, c in conditions:
            entries.append(_entry(url, {**c, "encounter": {"reference": u}}))
        fhir_enc["serviceType"] = hcpcs
        entries.append(_entry(f"{u}-location", {"resourceType": "Location", "type": [pos]}))
        fhir_enc["location"] = [{"location": {"reference": f"{u}-location"}}]
    else:
        assert claim is not None
        claim["diagnosis"] = [{"sequence": k + 1, "diagnosisCodeableConcept": {"coding": [
            {"system": sy.ICD10CM, "code": code}]}} for k, code in enumerate(e["diagnoses"])]
    if claim is not None:
        entries.append(_entry(f"{u}-claim", claim))
    entries.insert(0, _entry(u, fhir_enc))
    return {"resourceType": "Bundle", "type": bundle_type, "entry": entries}


def bundle_of(*bundles: dict[str, Any], bundle_type: str = "collection") -> dict[str, Any]:
    """Several encounters' bundles as one."""
    return {"resourceType": "Bundle", "type": bundle_type, "entry": [e for b in bundles for e in b["entry"]]}
