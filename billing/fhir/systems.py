"""Code systems and identifier systems Peerbill reads and writes (the table in docs/fhir.md)."""

from __future__ import annotations

NPI = "http://hl7.org/fhir/sid/us-npi"
NUCC_TAXONOMY = "http://nucc.org/provider-taxonomy"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
# HCPCS Level II (its OID and the CMS URL both appear in the wild) and CPT.
HCPCS = frozenset({
    "urn:oid:2.16.840.1.113883.6.285",
    "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
    "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
})
CPT = "http://www.ama-assn.org/go/cpt"
PLACE_OF_SERVICE = frozenset({
    "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set",
    "http://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set",
})
V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
V3_PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CARE_TEAM_ROLE = "http://terminology.hl7.org/CodeSystem/claimcareteamrole"
COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class"
# Source of Payment Typology (PHDSC): 2 Medicaid, 21x Medicaid managed care, 22 Medicaid non-managed care.
SOPT = frozenset({"https://nahdo.org/sopt", "urn:oid:2.16.840.1.113883.3.221.5"})
US_CORE_BIRTHSEX = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex"
CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type"
ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication"
CARC = "https://x12.org/codes/claim-adjustment-reason-codes"
RARC = "https://x12.org/codes/remittance-advice-remark-codes"
PAYEE_TYPE = "http://terminology.hl7.org/CodeSystem/payeetype"

# Peerbill's own: what FHIR R4 has no element for.
PEERBILL = "https://peerbill.org/fhir"
EXT_CREDENTIAL = f"{PEERBILL}/StructureDefinition/peer-credential"
EXT_GROUP_SIZE = f"{PEERBILL}/StructureDefinition/group-size"
EXT_TELEHEALTH = f"{PEERBILL}/StructureDefinition/telehealth-modality"
EXT_RATE_REGION = f"{PEERBILL}/StructureDefinition/rate-region"
EXT_PLAN_REVIEWED = f"{PEERBILL}/StructureDefinition/recovery-plan-last-reviewed"
EXT_PROGRAM = f"{PEERBILL}/StructureDefinition/program"
EXT_COUNTY = f"{PEERBILL}/StructureDefinition/county"
FINDING = f"{PEERBILL}/CodeSystem/finding"
ADJUSTMENT_GROUP = f"{PEERBILL}/CodeSystem/x12-claim-adjustment-group"
ENCOUNTER_ID = f"{PEERBILL}/sid/encounter-id"
CLAIM_CONTROL = f"{PEERBILL}/sid/claim-control-number"
MEDICAID_ID = f"{PEERBILL}/sid/medicaid-id"
