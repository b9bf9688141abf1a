"""List and read bodies for staff and auditors: one page shape for every list, claims, claim files, payer
responses, unmatched items and claim work states."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")
TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"  # printable text: no NUL (PostgreSQL refuses it) or other controls

WorkState = Literal["held", "needs_review", "written_off", "finalized"]
ResponseKind = Literal["999", "277CA", "835"]


class Page(BaseModel, Generic[T]):
    """Every list answers in this shape: a page of items, newest (or soonest) first, and the cursor of the next."""

    items: list[T]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null at the end.")


class ClaimSummary(BaseModel):
    id: str
    agency_id: str
    file_id: str
    payer: str = Field(description="The payer set-up id (POST /v1/payers).")
    payer_id: str = Field(description="The electronic payer id.")
    claim_control: str = Field(description="CLM01.")
    frequency: str
    member_id: str = Field(description="The member's Medicaid id.")
    service_from: date | None
    service_to: date | None
    lines: int
    total_charge: str
    paid: str | None = Field(description="What the payer's 835s paid on it so far (null before any).")
    status: str = Field(description="The payer's status: built, submitted, accepted, rejected, paid, denied, ...")
    active: bool
    work_state: WorkState | None = Field(description="Staff's own state beside the payer's.")
    work_note: str | None
    work_state_by: str | None
    work_state_at: datetime | None
    created_at: datetime


class WorkStateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    state: WorkState | None = Field(description="held, needs_review, written_off, finalized; null clears it.")
    note: str | None = Field(None, max_length=500, pattern=TEXT, description="Why (no PHI: it is shown to every "
                             "reader).")


class ResponseSummary(BaseModel):
    id: str
    agency_id: str
    kind: ResponseKind
    received_at: datetime
    received_by: str
    sha256: str
    summary: dict[str, Any] = Field(description="What ingesting it did: counts of accepted, rejected, paid ...")


class ResponseDetail(ResponseSummary):
    document: dict[str, Any] = Field(description="The file read back as data (999 groups and sets; 277CA levels "
                                     "and claims; 835 payments with claims, lines, adjustments with their code "
                                     "texts, remarks and PLB).")
    raw: str = Field(description="The X12 text exactly as received.")


class UnmatchedOut(BaseModel):
    id: int = Field(description="The unmatched item's id (its timeline event).")
    agency_id: str
    kind: ResponseKind
    response_id: str | None
    at: datetime
    item: Literal["set", "level", "claim", "line"] = Field(
        description="What matched nothing: a 999 transaction set, a 277CA receiver/provider level, a claim "
        "(277CA or 835), or an 835 service line of a claim that matched.")
    reference: str | None = Field(description="The control number it came with (CLM01, ST02, TRN02 or REF*6R).")
    claim_id: str | None = Field(description="For a line: the claim that matched.")
    charge: str | None
    paid: str | None
    detail: dict[str, Any]
    resolution: Literal["open", "resolved", "dismissed"]
    resolved_claim_id: str | None = None
    reason: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None


class ResolveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["match", "dismiss"]
    claim_id: str | None = Field(None, max_length=32, pattern=r"^[0-9a-f]{1,32}$",
                                 description="match: the claim it is for (posted as if it had matched).")
    reason: str | None = Field(None, min_length=1, max_length=500, pattern=TEXT, description="dismiss: why (required).")
