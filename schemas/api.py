"""HTTP request and response bodies beyond the encounter and verdict themselves."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema, field_validator

from schemas.encounter import Address, Day, Encounter, Taxonomy
from schemas.identifiers import US_STATES, check_npi, is_po_box
from schemas.problems import FieldError
from schemas.text import NoNul
from schemas.verdict import Verdict

Role = Literal["ehr", "billing", "auditor", "admin"]
EncounterStatus = Literal["billable", "not_billable", "void"]


class _AgencyFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=60, examples=["Sample Peer Services LLC"])
    npi: str = Field(pattern=r"^[0-9]{10}$", description="Billing provider (type 2) NPI.", examples=["1992999999"])
    tax_id: str = Field(pattern=r"^[0-9]{9}$", description="EIN, nine digits, no hyphen.", examples=["123456789"])
    taxonomy: Taxonomy = Field(description="NUCC provider taxonomy code, one of the code set shipped with Peerbill "
                               "(schemas/data).", examples=["251S00000X"])
    address: Address = Field(description="The billing provider's street address (837P 2010AA): not a PO box.")


class AgencyIn(_AgencyFields, NoNul):
    """A new agency, checked as the 837P's billing provider will need it."""

    @field_validator("npi")
    @classmethod
    def _npi_check_digit(cls, npi: str) -> str:
        return check_npi(npi)

    @field_validator("address")
    @classmethod
    def _street_address_in_a_state(cls, a: Address) -> Address:
        # 005010X222A1 2010AA N3: the billing provider address must be a street address; a post office or
        # lock box goes in the pay-to address loop (2010AB), which Peerbill does not send.
        if is_po_box(a.line1) or (a.line2 and is_po_box(a.line2)):
            raise ValueError("the billing provider address must be a street address, not a PO box")
        if a.state not in US_STATES:
            raise ValueError("address.state is not a US state, DC or territory code")
        return a


class AgencyOut(_AgencyFields):
    id: str
    created_at: datetime


class AgencyPatch(NoNul):
    """Only the fields sent change (`address` key by key); the result is checked as a new agency would be. The
    agency's sandbox (test mode) follows."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, examples=["Sample Peer Services LLC"])
    npi: str | None = None
    tax_id: str | None = None
    taxonomy: str | None = None
    address: dict[str, Any] | None = Field(None, examples=[{"line1": "14 Elm St", "zip": "787010002"}])


class KeyIn(NoNul):
    model_config = ConfigDict(extra="forbid")
    role: Role
    name: str = Field(min_length=1, max_length=80, examples=["EHR integration"])
    agency_id: str | None = Field(None, min_length=1, max_length=32, description="Required for ehr and billing keys.")
    agencies: list[Annotated[str, StringConstraints(min_length=1, max_length=32)]] = Field(
        default_factory=list, max_length=1000, description="Agencies an auditor key may read.")
    expires_at: datetime | None = Field(None, description="Optional: the key is refused from this time on "
                                        "(with a UTC offset).")
    test: bool = Field(False, description="A test key (ehr or billing, `pb_test_…`): it works in the agency's "
                       "sandbox, whose claim files carry ISA15 T and are answered by the synthetic payer; test and "
                       "live data never mix.")


class KeyOut(BaseModel):
    id: str
    role: Role
    name: str
    agency_id: str | None
    agencies: list[str]
    created_at: datetime
    expires_at: datetime | None = Field(None, description="Refused from this time on.")
    revoked_at: datetime | None = Field(None, description="Refused since this time.")
    last_used_at: datetime | None = Field(None, description="Last request with it (to within a few minutes).")
    rotated_from: str | None = Field(None, description="The key this one replaced.")
    test: bool = Field(False, description="A test key: agency_id is then the agency's sandbox.")
    key: str | None = Field(None, description="The secret, shown once at creation and never again.")


class RotateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    old_valid_until: datetime | None = Field(
        None, description="Until when the old key still works (with a UTC offset); default: 24 hours from now. "
        "Pass the current time to end it at once.")


class VersionOut(BaseModel):
    version: int
    kind: Literal["original", "correction", "void"]
    created_at: datetime
    created_by: str
    encounter: Encounter | None = None
    verdict: Verdict | None = None


class EncounterOut(BaseModel):
    id: str = Field(description="The EHR's encounter id.")
    agency_id: str
    status: EncounterStatus
    version: int
    created_at: datetime
    updated_at: datetime
    encounter: Encounter
    verdict: Verdict | None
    versions: list[VersionOut] | None = Field(None, description="Every version, oldest first (GET one).")


class EncounterSummary(BaseModel):
    id: str
    agency_id: str
    status: EncounterStatus
    version: int
    service_date: date
    member_id: str
    hcpcs: str
    units: int
    expected_payment: str | None
    updated_at: datetime


class EncounterPage(BaseModel):
    items: list[EncounterSummary]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null at the end.")


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[dict[str, Any]] = Field(min_length=1, max_length=1000, description="Up to 1,000 encounters.")


class BatchItemOut(BaseModel):
    index: int
    status: int = Field(description="201 created, 200 unchanged resend, 409 conflict, 422 invalid.")
    id: str | None = None
    version: int | None = None
    verdict: Verdict | None = None
    title: str | None = None
    errors: list[FieldError] | None = None


class BatchOut(BaseModel):
    created: int
    unchanged: int
    failed: int
    items: list[BatchItemOut]


class ValidateOut(BaseModel):
    verdict: Verdict


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    actor: str
    actor_role: str
    agency_id: str | None
    action: str
    object_type: str
    object_id: str
    request_id: str
    detail: dict[str, Any] | None


# Checked against schemas.claims.TradingPartner when a payer is set up (billing/claims/records.py), and documented
# as it (the component is added to the OpenAPI document by api/contract.py).
_PARTNER_REF = {"allOf": [{"$ref": "#/components/schemas/TradingPartner"}]}
PartnerSettings = Annotated[dict[str, Any], WithJsonSchema(_PARTNER_REF)]


class PayerIn(NoNul):
    model_config = ConfigDict(extra="forbid")
    payer_id: str = Field(pattern=r"^[A-Za-z0-9]{1,80}$", description="Electronic payer id (2010BB NM109).",
                          examples=["TXMCD"])
    name: str = Field(min_length=1, max_length=60, examples=["Texas Medicaid"])
    state: str = Field(pattern=r"^[A-Z]{2}$", description="Encounters of this state's Medicaid...")
    program: Literal["fee_for_service", "managed_care"] = Field(
        description="... in this program, with this payer id or none, are billed to this payer.")
    claim_span: Literal["day", "month"] = Field("day", description="One date of service per claim, or a month.")
    partner: PartnerSettings = Field(description="Trading-partner settings of the 837P envelope.")
    charges: dict[str, str] = Field(default_factory=dict, description="Charge master per unit, keyed 'H0038' "
                                    "or 'H0038:HQ'; without an entry the line charge is the expected payment.",
                                    examples=[{"H0038": "25.00"}])


class PayerOut(PayerIn):
    id: str
    agency_id: str
    created_at: datetime


class PayerPatch(NoNul):
    """Only the fields sent change: `partner` key by key (e.g. `{"partner": {"usage": "P"}}` at go-live), `charges`
    whole. The result is checked as a new payer would be; a sandbox payer (test mode) stays a test payer."""

    model_config = ConfigDict(extra="forbid")
    payer_id: str | None = None
    name: str | None = None
    state: str | None = None
    program: str | None = None
    claim_span: str | None = None
    partner: dict[str, Any] | None = Field(None, examples=[{"usage": "P"}])
    charges: dict[str, str] | None = None


class BuildIn(NoNul):
    model_config = ConfigDict(extra="forbid")
    payer: str = Field(min_length=1, max_length=32, pattern=r"^[0-9a-f]+$",
                       description="Payer id from POST /v1/payers.")
    date_from: Day | None = Field(None, alias="from", description="First date of service to bill.")
    date_to: Day | None = Field(None, alias="to", description="Last date of service to bill.")
    encounters: list[str] | None = Field(None, max_length=50_000, description="Or exactly these encounter ids.")


class ClaimFileOut(BaseModel):
    id: str
    payer: str
    isa_control: int
    group_control: int
    first_st_control: int
    transaction_sets: int
    claims: int
    lines: int
    total_charge: str
    sha256: str
    status: str
    created_at: datetime
    created_by: str


class ExcludedOut(BaseModel):
    encounter_id: str
    findings: list[dict[str, str]]


class BuildOut(BaseModel):
    file: ClaimFileOut | None = Field(description="Null when nothing was billable.")
    excluded: list[ExcludedOut] = Field(description="Billable encounters left out, with the content rule broken.")
    corrected: list[dict[str, str]] = Field(
        default_factory=list, description="Encounters corrected after they were billed, with the claim to replace "
        "(POST /v1/claims/{id}/replace); they are never billed again as originals.")
    sandbox_responses: list[str] = Field(
        default_factory=list, description="Test mode only: the synthetic payer's 999, 277CA and 835 for this "
        "file (response ids), already ingested. Empty for a live file.")


class ClaimActionIn(NoNul):
    model_config = ConfigDict(extra="forbid")
    payer_claim_number: str | None = Field(None, max_length=50, pattern=r"^[A-Za-z0-9-]+$",
                                           description="The payer's claim control number (from its 277CA/835), "
                                           "when Peerbill has not received it.")


class ClaimLineOut(BaseModel):
    line_number: int
    line_control: str
    encounter_id: str
    encounter_version: int
    hcpcs: str
    modifiers: list[str]
    units: int
    charge: str
    service_date: date
    status: str
    active: bool


class ClaimOut(BaseModel):
    id: str
    file_id: str
    claim_control: str
    frequency: str
    replaces_claim_id: str | None
    payer_claim_number: str | None
    total_charge: str
    status: str
    active: bool
    created_at: datetime
    lines: list[ClaimLineOut]


# --- auditors: rejections, summaries, timelines, the filing watch --------------------------------------

RejectionSource = Literal["engine", "999", "277CA", "835"]
GroupBy = Literal["code", "state", "payer", "provider", "month"]


class RejectionOut(BaseModel):
    id: int = Field(description="Stable id of this rejection row; rows are listed newest first.")
    at: datetime = Field(description="When the \"no\" was recorded (judged, or the response ingested).")
    source: RejectionSource = Field(description="engine: our rules; 999, 277CA, 835: the payer's response.")
    code: str = Field(description="Finding code (engine), IK3-/IK5- code (999), category:status (277CA), "
                      "group-CARC (835).", examples=["units.cap_exceeded", "CO-29", "A7:21"])
    reason: str = Field(description="The reason in words, with the code texts and remark codes.")
    primary: bool = Field(description="The item's first reason; the others repeat its money.")
    agency_id: str
    state: str
    payer_id: str | None
    provider_npi: str = Field(description="The rendering peer's NPI.")
    member_id: str = Field(description="The member's Medicaid id.")
    service_date: date
    encounter_id: str = Field(description="The EHR's encounter id.")
    encounter_version: int | None
    claim_id: str | None
    claim_control: str | None = Field(None, description="CLM01 of the claim, when a payer said no.")
    line_id: str | None
    response_id: str | None = Field(None, description="The 999, 277CA or 835 file it came in.")
    charge: str | None = Field(None, description="Billed for the line.")
    paid: str | None
    amount: str | None = Field(None, description="Denied or cut by this reason.")
    rule_pack: str | None = Field(None, description="The rule pack version that judged it (engine).")
    citation: dict[str, Any] | None = Field(None, description="The rule's source (engine).")
    detail: dict[str, Any]


class RejectionPage(BaseModel):
    items: list[RejectionOut]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null at the end.")


class SummaryRow(BaseModel):
    key: str | None = Field(description="The code, state, payer id, peer NPI or month (YYYY-MM) of the group.")
    rejections: int = Field(description="Items said no to (an encounter version, or a line in one response).")
    encounters: int = Field(description="Distinct encounters among them.")
    billed: str = Field(description="Charges of those items (engine rejections are never billed: 0).")
    paid: str
    denied: str = Field(description="Dollars rejected, denied or cut.")
    encounters_total: int | None = Field(description="Encounters received in the group (not void), within the "
                                         "same filters; for group_by=code, all of them.")
    denial_rate: float | None = Field(description="encounters / encounters_total: the share of encounters that "
                                      "got at least one \"no\".")


class SummaryOut(BaseModel):
    group_by: GroupBy
    groups: list[SummaryRow]
    total: SummaryRow


class TimelineEntry(BaseModel):
    at: datetime
    kind: Literal["version", "billed", "response"] = Field(
        description="version: the EHR posted, corrected or voided it (with the verdict); billed: it went out "
        "on a claim; response: a 999, 277CA or 835 moved its claim or line.")
    status: str = Field(description="billable/not_billable/void, built, or the claim or line status.")
    by: str | None = Field(None, description="The API key that made the change.")
    version: int | None = None
    claim_id: str | None = None
    line_id: str | None = None
    file_id: str | None = None
    response_id: str | None = None
    charge: str | None = None
    paid: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


class AtRiskItem(BaseModel):
    id: str = Field(description="The EHR's encounter id.")
    agency_id: str
    state: str
    payer_id: str | None
    service_date: date
    filing_deadline: date
    days_left: int = Field(description="Days from today to the deadline (0: today is the last day).")
    expected_payment: str | None
    claim_status: str | None = Field(description="Its claim's status, or null when it was never billed.")


class IngestOut(BaseModel):
    """A payer's response file taken in (201), or recognised as one taken before (200: nothing changed)."""

    id: str = Field(description="The response file's id (GET /v1/responses/{id}).")
    kind: str = Field(description="999, 997, 277CA or 835.")
    duplicate: bool = Field(description="The same file was ingested before.")
    summary: dict[str, Any] = Field(description="What the file changed: counts by outcome.")
