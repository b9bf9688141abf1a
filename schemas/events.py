"""Events and webhook endpoints: what an integration reads from GET /v1/events and receives on its endpoint."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl


class EventOut(BaseModel):
    """One change, as the feed lists it and as a webhook delivers it (the webhook body is this object)."""

    id: str = Field(description="`evt_` and a number that grows in commit order within an agency; the "
                    "webhook-id header of its deliveries.", examples=["evt_42"])
    type: str = Field(examples=["claim.paid"])
    timestamp: datetime = Field(description="When the change was committed (UTC).")
    object_id: str = Field(description="The claim, encounter (the EHR's id), response or endpoint it is about.")
    data: dict[str, Any] = Field(description="Ids, codes, amounts (as decimal strings) and statuses; never PHI.")


class EventPage(BaseModel):
    items: list[EventOut]
    next_cursor: str | None = Field(None, description="Pass as `after` for the next page; null when there is "
                                    "nothing more now (poll later with `after` = the last item's id).")


class EndpointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: HttpUrl = Field(description="Where deliveries are POSTed (https in production).")
    event_types: list[str] = Field(default_factory=list, max_length=50,
                                   description="The types to receive; empty for every type.")
    description: str = Field("", max_length=200)
    enabled: bool = True


class EndpointPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: HttpUrl | None = None
    event_types: list[str] | None = Field(None, max_length=50)
    description: str | None = Field(None, max_length=200)
    enabled: bool | None = Field(None, description="Turning an endpoint back on resumes its pending deliveries.")


class RotateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    overlap_seconds: int = Field(86_400, ge=0, le=7 * 86_400,
                                 description="How long the old secret still signs beside the new one.")


class EndpointOut(BaseModel):
    id: str
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None = None
    previous_secret_until: datetime | None = Field(None, description="Until when the old secret also signs.")
    created_at: datetime
    updated_at: datetime
    secret: str | None = Field(None, description="The signing secret (`whsec_…`): shown once, when created or "
                               "rotated.")


class EndpointPage(BaseModel):
    items: list[EndpointOut]
    next_cursor: str | None = None


class AttemptOut(BaseModel):
    at: datetime
    status_code: int | None = Field(description="The endpoint's HTTP status; null when it did not answer.")
    latency_ms: int
    ok: bool
    error: str | None = None


class DeliveryOut(BaseModel):
    id: str
    event_id: str
    event_type: str
    status: str = Field(description="pending | delivered | failed")
    attempts: list[AttemptOut]
    next_attempt_at: datetime | None = None
    delivered_at: datetime | None = None


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    next_cursor: str | None = None
