"""The encounter an EHR posts: one peer support session, as the agency's EHR recorded it.

Strict on purpose: an unknown field is an error, so a typo in an integration never passes silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

Npi = Annotated[str, StringConstraints(pattern=r"^[0-9]{10}$")]
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Hcpcs = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][0-9]{4}$")]
Modifier = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2}$")]
PlaceOfService = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]
Icd10 = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9][A-Z0-9](\.?[A-Z0-9]{1,4})?$")]

Modality = Literal["none", "audio_video", "audio_only"]
Setting = Literal["individual", "group"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Address(Strict):
    line1: str = Field(min_length=1, max_length=55, description="Street address.", examples=["12 Elm St"])
    line2: str | None = Field(None, max_length=55, description="Suite, unit.", examples=["Apt 4"])
    city: str = Field(min_length=1, max_length=30, description="City.", examples=["Springfield"])
    state: StateCode = Field(description="Two-letter US state code.", examples=["TX"])
    zip: str = Field(
        pattern=r"^[0-9]{5}([0-9]{4})?$", description="ZIP or ZIP+4, digits only.", examples=["787010001"]
    )


class Member(Strict):
    medicaid_id: str = Field(
        min_length=1, max_length=80, pattern=r"^[A-Za-z0-9-]+$",
        description="The member's Medicaid (or plan) id.", examples=["TX000111222"],
    )
    first_name: str = Field(min_length=1, max_length=35, description="Given name.", examples=["Alex"])
    last_name: str = Field(min_length=1, max_length=60, description="Family name.", examples=["Doe"])
    date_of_birth: dt.date = Field(description="Date of birth.", examples=["1990-04-02"])
    sex: Literal["F", "M", "U"] = Field(description="Administrative sex as the payer records it.", examples=["F"])
    address: Address = Field(description="Home address.")


class Payer(Strict):
    state: StateCode = Field(description="The Medicaid program's state; picks the rule pack.", examples=["TX"])
    program: Literal["fee_for_service", "managed_care"] = Field(
        description="Fee-for-service Medicaid, or a managed-care plan.", examples=["fee_for_service"]
    )
    plan: str | None = Field(
        None, max_length=60,
        description="Managed-care plan key as listed by GET /v1/rules/{state} (plans), when the plan has "
        "its own rules.", examples=["horizon-nj-health"],
    )
    payer_id: str | None = Field(
        None, max_length=80, pattern=r"^[A-Za-z0-9]+$",
        description="The payer's electronic payer id (837P 2010BB NM109).", examples=["TXMCD"],
    )

    @model_validator(mode="after")
    def _plan_needs_managed_care(self) -> Payer:
        if self.plan and self.program != "managed_care":
            raise ValueError("plan is only valid when program is 'managed_care'")
        return self


class Credential(Strict):
    type: str = Field(
        min_length=1, max_length=40, pattern=r"^[A-Z0-9_-]+$",
        description="Credential type as the state names it (see the state pack's credentials rule).",
        examples=["CPS"],
    )
    number: str = Field(min_length=1, max_length=40, description="Credential or certificate number.",
                        examples=["PS-001234"])
    issuing_state: StateCode = Field(description="State that issued it.", examples=["TX"])
    expires_on: dt.date = Field(description="Last day the credential is valid.", examples=["2027-06-30"])


class RenderingProvider(Strict):
    npi: Npi = Field(description="The peer specialist's individual NPI.", examples=["1234567893"])
    first_name: str = Field(min_length=1, max_length=35, description="Given name.", examples=["Sam"])
    last_name: str = Field(min_length=1, max_length=60, description="Family name.", examples=["Rivera"])
    taxonomy: str = Field(
        pattern=r"^[0-9A-Z]{9}X$", description="NUCC taxonomy code (175T00000X = Peer Specialist).",
        examples=["175T00000X"],
    )
    credential: Credential = Field(description="The peer's certification.")
    practitioner_level: str | None = Field(
        None, max_length=20, description="Practitioner level, where the state prices by level.", examples=["L5"]
    )


class Supervisor(Strict):
    npi: Npi = Field(description="Supervising professional's NPI.", examples=["1245319599"])
    first_name: str = Field(min_length=1, max_length=35, description="Given name.", examples=["Jordan"])
    last_name: str = Field(min_length=1, max_length=60, description="Family name.", examples=["Lee"])
    credential: str = Field(
        min_length=1, max_length=40, pattern=r"^[A-Z0-9_-]+$",
        description="Licence or credential (e.g. LCSW, LPC, QMHP).", examples=["LCSW"],
    )


class Service(Strict):
    date: dt.date = Field(description="Date of service, in the state where it was delivered.",
                       examples=["2025-03-04"])
    start_time: dt.time | None = Field(None, description="Local start time.", examples=["09:00"])
    end_time: dt.time | None = Field(None, description="Local end time (same day).", examples=["10:00"])
    minutes: int | None = Field(
        None, ge=1, le=1440, description="Face-to-face minutes; derived from the times when omitted.",
        examples=[60],
    )
    hcpcs: Hcpcs = Field(description="HCPCS procedure code.", examples=["H0038"])
    modifiers: list[Modifier] = Field(
        default_factory=list, max_length=4, description="Procedure modifiers, in billing order.", examples=[["HQ"]]
    )
    place_of_service: PlaceOfService = Field(description="CMS place-of-service code.", examples=["11"])
    setting: Setting = Field(description="Individual or group session.", examples=["individual"])
    group_size: int | None = Field(
        None, ge=2, le=100, description="Members in the group (group sessions only).", examples=[6]
    )
    telehealth: Modality = Field(
        "none", description="How it was delivered: in person (none), audio-video, or audio-only.",
        examples=["none"],
    )
    rate_region: str | None = Field(
        None, max_length=20, description="Rate region, where the state prices by region (NY: upstate, "
        "downstate).", examples=["upstate"],
    )

    @field_validator("start_time", "end_time")
    @classmethod
    def _local(cls, v: dt.time | None) -> dt.time | None:
        # A session's times are wall-clock times in the state of service; an offset would make the order of
        # start and end (compared in UTC) disagree with the minutes between them.
        if v is not None and v.tzinfo is not None:
            raise ValueError("give the local time of day without a UTC offset (e.g. 09:00)")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Service:
        if self.start_time is not None and self.end_time is not None:
            if self.end_time <= self.start_time:
                raise ValueError("end_time must be after start_time on the same day")
            span = (self.end_time.hour * 60 + self.end_time.minute) - (
                self.start_time.hour * 60 + self.start_time.minute
            )
            if self.minutes is not None and self.minutes > span:
                raise ValueError(f"minutes ({self.minutes}) exceed the span from start_time to end_time ({span})")
        elif self.minutes is None:
            raise ValueError("give minutes, or both start_time and end_time")
        if (self.start_time is None) != (self.end_time is None):
            raise ValueError("start_time and end_time go together")
        if self.setting == "group" and self.group_size is None:
            raise ValueError("group_size is required for a group session")
        if self.setting == "individual" and self.group_size is not None:
            raise ValueError("group_size is only for group sessions")
        if len(set(self.modifiers)) != len(self.modifiers):
            raise ValueError("modifiers repeat")
        return self

    @property
    def duration(self) -> int:
        """Billable minutes: the stated minutes, else the span between the times."""
        if self.minutes is not None:
            return self.minutes
        assert self.start_time is not None and self.end_time is not None
        return (self.end_time.hour * 60 + self.end_time.minute) - (
            self.start_time.hour * 60 + self.start_time.minute
        )


class RecoveryPlan(Strict):
    enrolled_on: dt.date | None = Field(None, description="Date the member entered the peer service.",
                                     examples=["2025-01-06"])
    written_on: dt.date | None = Field(None, description="Date the recovery/service plan was written.",
                                    examples=["2025-01-20"])
    last_reviewed_on: dt.date | None = Field(None, description="Date of its latest review.",
                                          examples=["2025-07-01"])


class Encounter(Strict):
    encounter_id: str = Field(
        min_length=1, max_length=50, pattern=r"^[A-Za-z0-9._:-]+$",
        description="The EHR's own id for the encounter; with the agency, it identifies the encounter.",
        examples=["ehr-000123"],
    )
    member: Member
    payer: Payer
    rendering: RenderingProvider
    supervisor: Supervisor | None = Field(None, description="Supervising professional, where required.")
    service: Service
    diagnoses: list[Icd10] = Field(
        min_length=1, max_length=12, description="ICD-10-CM codes, primary first.", examples=[["F33.1"]]
    )
    prior_authorization: str | None = Field(
        None, max_length=50, pattern=r"^[A-Za-z0-9-]+$", description="Prior authorization number.",
        examples=["PA-2025-0042"],
    )
    recovery_plan: RecoveryPlan | None = Field(None, description="Recovery or service plan dates.")


class PriorService(Strict):
    """A service already on record: the member's approved units, and sessions that may overlap."""

    encounter_id: str = Field(description="Id of the earlier encounter.", examples=["ehr-000100"])
    member_id: str = Field(description="Member's Medicaid id.", examples=["TX000111222"])
    rendering_npi: Npi | None = Field(None, description="Who rendered it.", examples=["1234567893"])
    date: dt.date = Field(description="Date of service.", examples=["2025-03-03"])
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    hcpcs: str = Field(description="Procedure code (any behavioural-health service).", examples=["H0038"])
    modifiers: list[str] = Field(default_factory=list)
    units: int = Field(0, ge=0, description="Units approved for it.", examples=[4])
    setting: Setting = "individual"


class History(Strict):
    """What the engine needs besides the encounter: earlier approved services."""

    services: list[PriorService] = Field(default_factory=list)
