"""The encounter an EHR posts: one peer support session, as the agency's EHR recorded it.

Strict on purpose: an unknown field is an error, so a typo in an integration never passes silently.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from schemas.identifiers import check_npi, check_taxonomy
from schemas.text import OptText, Text

Npi = Annotated[str, StringConstraints(pattern=r"^[0-9]{10}$"), AfterValidator(check_npi)]
Taxonomy = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{9}X$"), AfterValidator(check_taxonomy)]
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Hcpcs = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][0-9]{4}$")]
Modifier = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2}$")]
PlaceOfService = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]
Icd10 = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9][A-Z0-9](\.?[A-Z0-9]{1,4})?$")]

# Dates a person or a session can plausibly carry. Far outside this range a typo (year 1, 9999) would overflow
# the date arithmetic of caps and filing windows; it is refused at the edge as a field error instead.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def _plausible(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"must be between {EARLIEST} and {LATEST}")
    return value


Day = Annotated[dt.date, AfterValidator(_plausible)]
MAX_AGE_YEARS = 125  # a date of birth further back is a typo (the oldest person on record lived to 122)

Modality = Literal["none", "audio_video", "audio_only"]
Setting = Literal["individual", "group"]


class Strict(BaseModel):
    """Every text field is `Text` / `OptText` (schemas/text.py): a NUL character is refused on the field that
    holds it, inside pydantic-core."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Address(Strict):
    line1: Text = Field(min_length=1, max_length=55, description="Street address.", examples=["12 Elm St"])
    line2: OptText = Field(None, max_length=55, description="Suite, unit.", examples=["Apt 4"])
    city: Text = Field(min_length=1, max_length=30, description="City.", examples=["Springfield"])
    state: StateCode = Field(description="Two-letter US state code.", examples=["TX"])
    zip: Text = Field(
        pattern=r"^[0-9]{5}([0-9]{4})?$", description="ZIP or ZIP+4, digits only.", examples=["787010001"]
    )


class Member(Strict):
    medicaid_id: Text = Field(
        min_length=1, max_length=80, pattern=r"^[A-Za-z0-9-]+$",
        description="The member's Medicaid (or plan) id.", examples=["TX000111222"],
    )
    first_name: Text = Field(min_length=1, max_length=35, description="Given name.", examples=["Alex"])
    last_name: Text = Field(min_length=1, max_length=60, description="Family name.", examples=["Doe"])
    date_of_birth: Day = Field(description="Date of birth.", examples=["1990-04-02"])
    sex: Literal["F", "M", "U"] = Field(description="Administrative sex as the payer records it.", examples=["F"])
    address: Address = Field(description="Home address.")


class Payer(Strict):
    state: StateCode = Field(description="The Medicaid program's state; picks the rule pack.", examples=["TX"])
    program: Literal["fee_for_service", "managed_care"] = Field(
        description="Fee-for-service Medicaid, or a managed-care plan.", examples=["fee_for_service"]
    )
    plan: OptText = Field(
        None, max_length=60,
        description="Managed-care plan key as listed by GET /v1/rules/{state} (plans), when the plan has "
        "its own rules.", examples=["horizon-nj-health"],
    )
    payer_id: OptText = Field(
        None, max_length=80, pattern=r"^[A-Za-z0-9]+$",
        description="The payer's electronic payer id (837P 2010BB NM109).", examples=["TXMCD"],
    )

    @model_validator(mode="after")
    def _plan_needs_managed_care(self) -> Payer:
        if self.plan and self.program != "managed_care":
            raise ValueError("plan is only valid when program is 'managed_care'")
        return self


class Credential(Strict):
    type: Text = Field(
        min_length=1, max_length=40, pattern=r"^[A-Z0-9_-]+$",
        description="Credential type as the state names it (see the state pack's credentials rule).",
        examples=["CPS"],
    )
    number: Text = Field(min_length=1, max_length=40, description="Credential or certificate number.",
                        examples=["PS-001234"])
    issuing_state: StateCode = Field(description="State that issued it.", examples=["TX"])
    expires_on: Day = Field(description="Last day the credential is valid.", examples=["2027-06-30"])


class RenderingProvider(Strict):
    npi: Npi = Field(description="The peer specialist's individual NPI.", examples=["1234567893"])
    first_name: Text = Field(min_length=1, max_length=35, description="Given name.", examples=["Sam"])
    last_name: Text = Field(min_length=1, max_length=60, description="Family name.", examples=["Rivera"])
    taxonomy: Taxonomy = Field(
        description="NUCC taxonomy code (175T00000X = Peer Specialist), one of the code set shipped with Peerbill "
                    "(schemas/data).", examples=["175T00000X"],
    )
    credential: Credential = Field(description="The peer's certification.")
    practitioner_level: OptText = Field(
        None, max_length=20, description="Practitioner level, where the state prices by level.", examples=["L5"]
    )


class Supervisor(Strict):
    npi: Npi = Field(description="Supervising professional's NPI.", examples=["1245319599"])
    first_name: Text = Field(min_length=1, max_length=35, description="Given name.", examples=["Jordan"])
    last_name: Text = Field(min_length=1, max_length=60, description="Family name.", examples=["Lee"])
    credential: Text = Field(
        min_length=1, max_length=40, pattern=r"^[A-Z0-9_-]+$",
        description="Licence or credential (e.g. LCSW, LPC, QMHP).", examples=["LCSW"],
    )


class Service(Strict):
    date: Day = Field(description="Date of service, in the state where it was delivered.",
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
    last_in_person_on: Day | None = Field(
        None, description="For a remote session: the member's last in-person or synchronous audio-video contact with "
        "the same billing provider, where the state requires one within a look-back (TX audio-only).",
        examples=["2025-01-15"],
    )
    patient_location: Literal["home", "other"] | None = Field(
        None, description="For a remote session: where the patient was (home or elsewhere), where the state's place "
        "of service depends on it (POS 10 vs 02).", examples=["home"],
    )
    rate_region: OptText = Field(
        None, max_length=20, description="Rate region, where the state prices by region (NY: upstate, "
        "downstate). Derived from `county` when the program has a county table; give one or the other.",
        examples=["upstate"],
    )
    county: OptText = Field(
        None, max_length=40, description="County the state's regional rate is keyed by, where its pack has a "
        "county-to-region table (NY CFTSS: the county of the provider's service location).", examples=["Ulster"],
    )
    rate_code: OptText = Field(
        None, max_length=10, pattern=r"^[A-Z0-9]{2,10}$",
        description="State rate code billed, where the state prices by rate code (NY CFTSS 7915); chosen from the "
        "program's base codes by setting when omitted.", examples=["7915"],
    )
    charge: Decimal | None = Field(
        None, ge=0, max_digits=12, decimal_places=2,
        description="The agency's billed charge for the line, where the state pays the lesser of charge or fee.",
        examples=["80.00"],
    )
    offsite: bool = Field(
        False, description="Delivered away from the provider's site (home, school, community), where the state "
        "pays an offsite add-on (NY CFTSS 7923/7930).",
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
    enrolled_on: Day | None = Field(None, description="Date the member entered the peer service.",
                                     examples=["2025-01-06"])
    written_on: Day | None = Field(None, description="Date the recovery/service plan was written.",
                                    examples=["2025-01-20"])
    last_reviewed_on: Day | None = Field(None, description="Date of its latest review.",
                                          examples=["2025-07-01"])


class Authorization(Strict):
    """A service authorization, where the state requires one (VA: approved before service delivery)."""

    number: Text = Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9-]+$", examples=["SA-2025-0042"])
    approved_on: Day | None = Field(None, description="Day the payer approved it.", examples=["2025-02-20"])
    starts_on: Day | None = Field(None, description="First day it covers (approved_on when absent).")
    ends_on: Day | None = Field(None, description="Last day it covers (the state's validity window when absent).")


class Prerequisites(Strict):
    """Dates of the documents a state requires before the first service (all optional: a date not given is
    warned about, never refused)."""

    first_service_on: Day | None = Field(
        None, description="The member's first service of this course of peer support (this date of service when "
        "absent).", examples=["2025-01-06"],
    )
    service_order_on: Day | None = Field(None, description="Service order signed (NC).", examples=["2025-01-03"])
    assessment_on: Day | None = Field(None, description="Assessment documented (VA, NC).")
    recommendation_on: Day | None = Field(None, description="Recommendation for the service documented (VA).")
    consent_on: Day | None = Field(None, description="Member's consent documented.")


class FilingDates(Strict):
    """Dates that start other timely-filing clocks than the date of service (all optional). EHRs that do not
    track them leave them out; the engine then uses the date-of-service clock alone."""

    eligibility_decided_on: Day | None = Field(
        None, description="Day the member's retroactive Medicaid eligibility was decided (MT: 12 months from it).",
        examples=["2025-05-02"],
    )
    other_payer_remitted_on: Day | None = Field(
        None, description="Day of the other payer's remittance, when Medicaid is the secondary payer.",
        examples=["2025-04-18"],
    )
    prior_claim_decided_on: Day | None = Field(
        None, description="For a corrected claim resubmitted after the payer denied or returned the original: the "
        "day of that denial or return notice (NY: 60 days from it).", examples=["2025-04-30"],
    )


class Encounter(Strict):
    program: OptText = Field(
        None, max_length=40, pattern=r"^[a-z0-9-]+$",
        description="The program inside the state's Medicaid that pays for the service, where the state has several "
        "(a key of `programs` in GET /v1/rules/{state}; NY: cftss-fpss, cftss-yps, oasas-peer, omh-core-peer).",
        examples=["cftss-fpss"],
    )
    encounter_id: Text = Field(
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
    prior_authorization: OptText = Field(
        None, max_length=50, pattern=r"^[A-Za-z0-9-]+$", description="Prior authorization number.",
        examples=["PA-2025-0042"],
    )
    recovery_plan: RecoveryPlan | None = Field(None, description="Recovery or service plan dates.")
    member_enrollments: list[Text] = Field(
        default_factory=list, max_length=20,
        description="Programs or services the member is enrolled in on the date of service, by the names the state's "
        "pack defines for its exclusions (NJ Horizon: 'peer-recovery-service', a service that already delivers peer "
        "recovery).", examples=[["peer-recovery-service"]],
    )
    episode_started_on: Day | None = Field(
        None, description="First day of the member's current episode of care, where a state counts a cap per "
        "episode (NC). Without it the whole window is counted.", examples=["2025-01-10"],
    )
    prerequisites: Prerequisites | None = Field(
        None, description="Dates of documents required before the first service (service order, assessment, ...)."
    )
    authorization: Authorization | None = Field(
        None, description="Service authorization with its dates, where the state requires one before service "
        "(prior_authorization alone carries only a number)."
    )
    timely_filing: FilingDates | None = Field(
        None, description="Dates that start other filing clocks (retro eligibility, other payer, resubmission)."
    )

    @model_validator(mode="after")
    def _born_before_the_service(self) -> Encounter:
        born, served = self.member.date_of_birth, self.service.date
        if born > served:
            raise _field_error(("member", "date_of_birth"), "is after the date of service", born)
        if served.year - born.year > MAX_AGE_YEARS:
            raise _field_error(("member", "date_of_birth"),
                               f"is more than {MAX_AGE_YEARS} years before the date of service", born)
        return self


def _field_error(loc: tuple[str, ...], message: str, value: object) -> ValidationError:
    """A check across fields reported at the field it blames (a model validator would report the whole body)."""
    return ValidationError.from_exception_data("Encounter", [InitErrorDetails(
        type=PydanticCustomError("value_error", message), loc=loc, input=value)])


class PriorService(Strict):
    """A service already on record: the member's approved units, and sessions that may overlap."""

    encounter_id: Text = Field(description="Id of the earlier encounter.", examples=["ehr-000100"])
    member_id: Text = Field(description="Member's Medicaid id.", examples=["TX000111222"])
    rendering_npi: Npi | None = Field(None, description="Who rendered it.", examples=["1234567893"])
    date: Day = Field(description="Date of service.", examples=["2025-03-03"])
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    hcpcs: Text = Field(description="Procedure code (any behavioural-health service).", examples=["H0038"])
    modifiers: list[Text] = Field(default_factory=list)
    units: int = Field(0, ge=0, description="Units approved for it.", examples=[4])
    minutes: int | None = Field(None, ge=0, description="Its minutes, where a state adds a day's minutes up.")
    setting: Setting = "individual"


class History(Strict):
    """What the engine needs besides the encounter: earlier approved services."""

    services: list[PriorService] = Field(default_factory=list)
