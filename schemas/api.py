"""HTTP request and response bodies beyond the encounter and verdict themselves."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.encounter import Address, Encounter
from schemas.problems import FieldError
from schemas.verdict import Verdict

Role = Literal["ehr", "billing", "auditor", "admin"]
EncounterStatus = Literal["billable", "not_billable", "void"]


class AgencyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=60, examples=["Sample Peer Services LLC"])
    npi: str = Field(pattern=r"^\d{10}$", description="Billing provider (type 2) NPI.", examples=["1992999999"])
    tax_id: str = Field(pattern=r"^\d{9}$", description="EIN, nine digits, no hyphen.", examples=["123456789"])
    taxonomy: str = Field(pattern=r"^[0-9A-Z]{9}X$", examples=["251S00000X"])
    address: Address


class AgencyOut(AgencyIn):
    id: str
    created_at: datetime


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role
    name: str = Field(min_length=1, max_length=80, examples=["EHR integration"])
    agency_id: str | None = Field(None, description="Required for ehr and billing keys.")
    agencies: list[str] = Field(default_factory=list, description="Agencies an auditor key may read.")


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
