"""HTTP request and response bodies beyond the encounter and verdict themselves."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from schemas.encounter import Address, Encounter
from schemas.problems import FieldError
from schemas.verdict import Verdict

Role = Literal["ehr", "billing", "auditor", "admin"]
EncounterStatus = Literal["billable", "not_billable", "void"]


class AgencyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=60, examples=["Sample Peer Services LLC"])
    npi: str = Field(pattern=r"^[0-9]{10}$", description="Billing provider (type 2) NPI.", examples=["1992999999"])
    tax_id: str = Field(pattern=r"^[0-9]{9}$", description="EIN, nine digits, no hyphen.", examples=["123456789"])
    taxonomy: str = Field(pattern=r"^[0-9A-Z]{9}X$", examples=["251S00000X"])
    address: Address


class AgencyOut(AgencyIn):
    id: str
    created_at: datetime


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role
    name: str = Field(min_length=1, max_length=80, examples=["EHR integration"])
    agency_id: str | None = Field(None, min_length=1, max_length=32, description="Required for ehr and billing keys.")
    agencies: list[Annotated[str, StringConstraints(min_length=1, max_length=32)]] = Field(
        default_factory=list, max_length=1000, description="Agencies an auditor key may read.")


class KeyOut(BaseModel):
    id: str
    role: Role
    name: str
    agency_id: str | None
    agencies: list[str]
    created_at: datetime
    key: str | None = Field(None, description="The secret, shown once at creation and never again.")


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


class PayerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    payer_id: str = Field(pattern=r"^[A-Za-z0-9]{1,80}$", description="Electronic payer id (2010BB NM109).",
                          examples=["TXMCD"])
    name: str = Field(min_length=1, max_length=60, examples=["Texas Medicaid"])
    state: str = Field(pattern=r"^[A-Z]{2}$", description="Encounters of this state's Medicaid...")
    program: Literal["fee_for_service", "managed_care"] = Field(
        description="... in this program, with this payer id or none, are billed to this payer.")
    claim_span: Literal["day", "month"] = Field("day", description="One date of service per claim, or a month.")
    partner: dict[str, Any] = Field(description="Trading-partner settings (schemas.claims.TradingPartner).")
    charges: dict[str, str] = Field(default_factory=dict, description="Charge master per unit, keyed 'H0038' "
                                    "or 'H0038:HQ'; without an entry the line charge is the expected payment.",
                                    examples=[{"H0038": "25.00"}])


class PayerOut(PayerIn):
    id: str
    created_at: datetime


class BuildIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    payer: str = Field(description="Payer id from POST /v1/payers.")
    date_from: date | None = Field(None, alias="from", description="First date of service to bill.")
    date_to: date | None = Field(None, alias="to", description="Last date of service to bill.")
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


class ClaimActionIn(BaseModel):
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
