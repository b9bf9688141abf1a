"""The format of a state rule file (`state_rules/XX.yaml`).

Every rule is a dated entry with its citation beside it: `from` (first day in force), `to` (last
day, inclusive, or open) and `cite`. A rule change is a new entry; the old one gets a `to` and stays,
so an encounter is judged by the rules in force on its date of service.
The engine implements each kind of rule once; a file only picks kinds and parameters.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from schemas.verdict import Citation

Modifier = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2}$")]
# A service key: "H0038" (the code with any modifiers) or "H0038:HQ" (the code with that modifier set).
ServiceKey = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][0-9]{4}(:[A-Z0-9]{2})*$")]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    valid_from: date = Field(alias="from", description="First date of service the rule applies to.")
    valid_to: date | None = Field(None, alias="to", description="Last date of service (inclusive); open if absent.")
    cite: Citation
    note: str | None = Field(None, description="Anything a reader should know about this value.")

    @model_validator(mode="after")
    def _dates(self) -> _Rule:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("'to' is before 'from'")
        return self

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def overlap_key(self) -> tuple:
        """Entries with the same key may not be in force on the same day."""
        return ()


class CoverageRule(_Rule):
    """Whether the state's Medicaid program pays for peer support from this date (its authority cited)."""

    description: str
    status: Literal["covered", "not_covered"] = Field(
        "covered",
        description="covered: Medicaid pays for peer support; not_covered: a source says it does not "
        "(an encounter gets a finding citing that source).",
    )
    start_known: bool = Field(
        True,
        description="true: `from` is the day coverage began, per the source. false: `from` is only the earliest "
        "date a source proves coverage (e.g. the date of the manual read); earlier dates are unproven, not "
        "uncovered.",
    )


class ServiceCodeRule(_Rule):
    """A billable code and modifier set (the modifiers that define the service, e.g. HQ for group)."""

    code: str = Field(pattern=r"^[A-Z0-9][0-9]{4}$")
    modifiers: list[Modifier] = Field(default_factory=list)
    setting: Literal["individual", "group", "any"] = "any"
    label: str | None = None
    prior_authorization_required: bool = False
    rate_code: str | None = Field(None, description="State rate code billed with it (NY APG/CFTSS).")

    def overlap_key(self) -> tuple:
        return (self.code, tuple(sorted(self.modifiers)))


class OptionalModifierRule(_Rule):
    """Modifiers accepted on any covered code without changing the service (e.g. a rural modifier)."""

    modifiers: list[Modifier]

    def overlap_key(self) -> tuple:
        return tuple(sorted(self.modifiers))


class RejectedModifierRule(_Rule):
    """A modifier the state's system rejects on these services (GA denies 95)."""

    modifier: Modifier
    reason: str

    def overlap_key(self) -> tuple:
        return (self.modifier,)


class UnitRule(_Rule):
    """Minutes to units."""

    codes: list[str] | None = Field(None, description="Codes it applies to; all when absent.")
    minutes_per_unit: int = Field(ge=1, le=1440)
    rounding: Literal["whole_units", "any_part", "midpoint", "actual_time"] = Field(
        description="whole_units: only completed units count (MI '15 minute' codes: 1-14 min = 0). "
        "any_part: any started unit counts (MI 'up to 15 minutes'). midpoint: a last partial unit counts "
        "when it reaches `midpoint_minutes`. actual_time: one unit per minute (KY)."
    )
    midpoint_minutes: int | None = Field(None, ge=1)
    per_day: bool = Field(
        False,
        description="Same-day minutes of the member's sessions of the code are added before rounding: a session gets "
        "the units of the day's total minus the units already approved that day.",
    )

    @model_validator(mode="after")
    def _midpoint(self) -> UnitRule:
        if (self.rounding == "midpoint") != (self.midpoint_minutes is not None):
            raise ValueError("midpoint_minutes is required with, and only with, rounding: midpoint")
        return self

    def overlap_key(self) -> tuple:
        return tuple(sorted(self.codes or ["*"]))


class RateCodeRule(_Rule):
    """A state rate code (NY CFTSS 7915 ...): what the encounter bills when the state prices by rate code. A base
    code is chosen by `setting` when the encounter names none; an add-on (`pairs_with`) is a second line that goes
    with a base code when its `condition` holds (NY offsite 7923 with 7915/7917, same units)."""

    rate_code: str = Field(pattern=r"^[A-Z0-9]{2,10}$")
    label: str
    setting: Literal["individual", "group", "any"] = "any"
    pairs_with: list[str] = Field(default_factory=list, description="Base rate codes an add-on goes with.")
    condition: Literal["offsite"] | None = Field(
        None, description="When an add-on applies: offsite = the encounter says service.offsite."
    )

    @model_validator(mode="after")
    def _add_on(self) -> RateCodeRule:
        if bool(self.pairs_with) != (self.condition is not None):
            raise ValueError("an add-on needs both pairs_with and condition")
        return self

    def overlap_key(self) -> tuple:
        return (self.rate_code,)


class RateRule(_Rule):
    """Rate per unit for a code and modifier set, or for a state rate code."""

    code: str | None = Field(None, pattern=r"^[A-Z0-9][0-9]{4}$")
    rate_code: str | None = Field(None, description="The state rate code priced (instead of code and modifiers).")
    modifiers: list[Modifier] = Field(default_factory=list)
    amount: Decimal = Field(gt=0, decimal_places=4)
    kind: Literal["fee", "floor"] = Field(
        "fee", description="fee: the rate paid; floor: a minimum managed-care plans must pay (NC 2024)."
    )
    region: str | None = None
    practitioner_level: str | None = None

    @model_validator(mode="after")
    def _priced_thing(self) -> RateRule:
        if (self.code is None) == (self.rate_code is None):
            raise ValueError("a rate prices either a code (with modifiers) or a rate_code")
        return self

    def overlap_key(self) -> tuple:
        return (self.code, self.rate_code, tuple(sorted(self.modifiers)), self.region, self.practitioner_level)


class CapRule(_Rule):
    """At most `units`, `minutes` or `hours` per member over a window, summed over the listed services whatever
    their codes (time caps add each service's units times its unit length)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$", description="Stable name, used in findings.")
    services: list[ServiceKey] = Field(min_length=1)
    units: int | None = Field(None, ge=0)
    minutes: int | None = Field(None, ge=0)
    hours: Decimal | None = Field(None, ge=0, description="e.g. 4 (OH: over four hours a day needs authorization).")
    window: Literal[
        "day", "week", "month", "year", "state_fiscal_year", "rolling_days", "rolling_months"
    ]
    length: int | None = Field(None, ge=1, description="Days or months, for rolling windows.")
    fiscal_year_start_month: int = Field(7, ge=1, le=12)
    on_exceed: Literal["deny", "prior_authorization"] = Field(
        description="deny: units over the cap are not paid; prior_authorization: they need a PA number."
    )
    per_episode: bool = Field(
        False, description="Counted within the member's episode of care (encounter episode_started_on) inside the "
        "window: NC '24 unmanaged units once per episode of care per state fiscal year'.",
    )

    @model_validator(mode="after")
    def _length(self) -> CapRule:
        rolling = self.window.startswith("rolling_")
        if rolling != (self.length is not None):
            raise ValueError("length is required with, and only with, a rolling window")
        if sum(x is not None for x in (self.units, self.minutes, self.hours)) != 1:
            raise ValueError("give exactly one of units, minutes, hours")
        return self

    @property
    def limit_minutes(self) -> Decimal | None:
        """The cap in minutes for a time cap; None for a cap in units."""
        if self.minutes is not None:
            return Decimal(self.minutes)
        return None if self.hours is None else self.hours * 60

    def overlap_key(self) -> tuple:
        return (self.id,)


class AuthorizationRule(_Rule):
    """The listed services need an authorization: approved before the service (`before_service`), and valid for
    `valid_days` from its start when the encounter gives no end date."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    services: list[ServiceKey] = Field(min_length=1)
    before_service: bool = True
    valid_days: int | None = Field(None, ge=1)

    def overlap_key(self) -> tuple:
        return (self.id,)


class ExclusionRule(_Rule):
    """The listed services are not paid together with something else: other services by code (`with_codes`) or
    any other service of the member (`with_any_service`) at the same time or on the same day, or an enrollment
    the encounter reports (`with_enrollments`, names the pack's note defines) on the date of service."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    services: list[ServiceKey] = Field(min_length=1)
    when: Literal["same_time", "same_day", "while_enrolled"]
    with_codes: list[ServiceKey] = Field(default_factory=list)
    with_any_service: bool = False
    with_enrollments: list[str] = Field(default_factory=list, description="Enrollment names, as member_enrollments.")

    @model_validator(mode="after")
    def _what(self) -> ExclusionRule:
        if self.when == "while_enrolled":
            if not self.with_enrollments or self.with_codes or self.with_any_service:
                raise ValueError("while_enrolled takes with_enrollments only")
        elif self.with_enrollments or not (self.with_codes or self.with_any_service):
            raise ValueError("same_time / same_day take with_codes or with_any_service")
        return self

    def overlap_key(self) -> tuple:
        return (self.id,)


class GroupRule(_Rule):
    max_size: int = Field(ge=2, description="Most members in one group session.")


class OverlapRule(_Rule):
    member_other_services: bool = Field(
        description="The session may not overlap in time any other service the member received."
    )
    rendering_sessions: bool = Field(
        True, description="A peer may not bill two sessions at the same time."
    )


class CredentialRule(_Rule):
    accepted_types: list[str] = Field(min_length=1, description="Credential types that may render.")


class SupervisionRule(_Rule):
    required: bool = Field(description="The peer works under a supervisor (how, is in the cite and note).")
    on_claim: bool = Field(
        False,
        description="true only where a source says the claim names the supervisor (KY 907 KAR 15:010 s.1(1)(c)): "
        "then an encounter without one is refused. false: supervision is the agency's duty, not on each claim.",
    )
    accepted_credentials: list[str] | None = Field(None, description="Who may supervise; any when absent.")


class PlaceOfServiceRule(_Rule):
    allowed: list[str] = Field(min_length=1)


class TelehealthRule(_Rule):
    modality: Literal["audio_video", "audio_only"]
    allowed: bool
    places_of_service: list[str] | None = Field(None, description="POS codes the claim must carry.")
    required_modifiers: list[Modifier] = Field(
        default_factory=list, description="Modifiers the claim must carry for this modality."
    )
    allowed_modifiers: list[Modifier] = Field(
        default_factory=list, description="Modifiers accepted for this modality but not required."
    )
    lookback_months: int | None = Field(
        None, ge=1, description="An in-person or synchronous audio-video contact within N months before the service "
        "(TX audio-only: at least every rolling 12 months).",
    )
    pos_by_patient_location: dict[Literal["home", "other"], str] | None = Field(
        None, description="Place of service by where the patient is: {home: '10', other: '02'} (IN)."
    )
    modifiers_known: bool = Field(
        True,
        description="false: the state's modifier for this modality in this period is not sourced; a modifier a "
        "source required or allowed for it in another period is accepted with a warning, not refused.",
    )

    def overlap_key(self) -> tuple:
        return (self.modality,)


class AgeRule(_Rule):
    min_years: int | None = Field(None, ge=0)
    max_years: int | None = Field(None, ge=0, description="Oldest age allowed (inclusive): under 21 is 20.")
    through_birthday_month: bool = Field(
        False, description="Eligibility lasts to the end of the month of the birthday that passes max_years (ID)."
    )


class IcdRange(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    start: str = Field(pattern=r"^[A-Z][0-9][A-Z0-9]*$", description="First code or category, no dot.")
    end: str = Field(pattern=r"^[A-Z][0-9][A-Z0-9]*$", description="Last code or category, inclusive.")


class DiagnosisRule(_Rule):
    label: str = Field(description="What the ranges mean, e.g. 'substance use disorder'.")
    ranges: list[IcdRange] = Field(min_length=1)
    position: Literal["any", "primary"] = "any"
    stand_in: bool = Field(
        False,
        description="true: the ranges stand in for a list the state keeps but that was not read; findings are "
        "warnings (diagnosis.stand_in when a code is inside them), never errors.",
    )


class DiagnosisExclusionRule(_Rule):
    """Diagnoses that do not qualify: `only` = when every diagnosis on the encounter is in the ranges (TX: a single
    IDD diagnosis); `primary` = when the primary one is; `any` = when any is."""

    label: str
    ranges: list[IcdRange] = Field(min_length=1)
    when: Literal["only", "primary", "any"] = "only"


class PrerequisiteRule(_Rule):
    """A document dated on or before the member's first service (service order, assessment, recommendation,
    consent), optionally with a window within which services must start (VA: within 30 days of the
    recommendation)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    document: Literal["service_order", "assessment", "recommendation", "consent"]
    start_within_days: int | None = Field(None, ge=0, description="Services start within N days of the document.")

    def overlap_key(self) -> tuple:
        return (self.id,)


class RecoveryPlanRule(_Rule):
    written_within_months_of_enrollment: int | None = Field(None, ge=0)
    review_every_months: int | None = Field(None, ge=1, description="Calendar months, end-of-month clamped.")
    review_every_days: int | None = Field(None, ge=1, description="Days (WY: 'at least every ninety (90) days').")

    @model_validator(mode="after")
    def _one_interval(self) -> RecoveryPlanRule:
        if self.review_every_months is not None and self.review_every_days is not None:
            raise ValueError("give review_every_months or review_every_days, not both")
        return self


ClockBasis = Literal["days", "months", "months_after_month"]


class FilingClock(BaseModel):
    """One filing clock: `length` days, calendar months (end-of-month clamp: Aug 31 + 6 months = Feb 28/29) or
    months after the month of its start date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: Literal["date_of_service", "eligibility_decision", "other_payer_remittance", "prior_claim_decision"] = (
        Field(
            description="What starts it: the date of service; the retroactive eligibility decision; the other "
            "payer's remittance (coordination of benefits); the payer's decision (denial, return) on the original "
            "claim. A clock whose start date the encounter does not carry (`timely_filing` on the encounter) does "
            "not apply."
        )
    )
    basis: ClockBasis
    length: int = Field(ge=1)


class TimelyFilingRule(_Rule):
    basis: Literal["days_from_service", "months_from_service", "months_after_service_month"] = Field(
        description="The date-of-service clock: days; calendar months from the date of service (end-of-month "
        "clamp, '12 months from the date of service'); months after the month of service."
    )
    length: int = Field(ge=1)
    other_clocks: list[FilingClock] = Field(
        default_factory=list, description="More clocks for an original claim (MT: retro-eligibility decision)."
    )
    combine: Literal["latest", "earliest"] = Field(
        "latest", description="The deadline is the latest (or earliest) of the clocks that apply."
    )
    resubmission: list[FilingClock] = Field(
        default_factory=list,
        description="Windows for a corrected claim resubmitted after a denial or return (the encounter says so "
        "with timely_filing.prior_claim_decided_on): its deadline is the latest of the original deadline and these.",
    )
    roll_to_business_day: bool = Field(False, description="A deadline on a weekend or holiday moves on.")


class PaymentRule(_Rule):
    """How the expected payment is set from the fee: lesser of the billed charge or the fee (MN, MT)."""

    basis: Literal["lesser_of_charge_or_fee"]


class PractitionerLevelRule(_Rule):
    """A practitioner level (priced by rates' practitioner_level) taken from the rendering credential type when
    the encounter gives none."""

    credential_types: list[str] = Field(min_length=1)
    level: str

    def overlap_key(self) -> tuple:
        return tuple(sorted(self.credential_types))


class RuleSet(BaseModel):
    """Every kind of rule, each a list of dated entries. In a plan override, a kind that is given
    replaces the state's kind wholesale; a kind left out keeps the state's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    coverage: list[CoverageRule] = Field(default_factory=list)
    services: list[ServiceCodeRule] = Field(default_factory=list)
    optional_modifiers: list[OptionalModifierRule] = Field(default_factory=list)
    rejected_modifiers: list[RejectedModifierRule] = Field(default_factory=list)
    units: list[UnitRule] = Field(default_factory=list)
    rate_codes: list[RateCodeRule] = Field(default_factory=list)
    rates: list[RateRule] = Field(default_factory=list)
    payment: list[PaymentRule] = Field(default_factory=list)
    practitioner_levels: list[PractitionerLevelRule] = Field(default_factory=list)
    caps: list[CapRule] = Field(default_factory=list)
    authorizations: list[AuthorizationRule] = Field(default_factory=list)
    group: list[GroupRule] = Field(default_factory=list)
    overlap: list[OverlapRule] = Field(default_factory=list)
    exclusions: list[ExclusionRule] = Field(default_factory=list)
    credentials: list[CredentialRule] = Field(default_factory=list)
    supervision: list[SupervisionRule] = Field(default_factory=list)
    places_of_service: list[PlaceOfServiceRule] = Field(default_factory=list)
    telehealth: list[TelehealthRule] = Field(default_factory=list)
    age: list[AgeRule] = Field(default_factory=list)
    diagnosis: list[DiagnosisRule] = Field(default_factory=list)
    diagnosis_exclusions: list[DiagnosisExclusionRule] = Field(default_factory=list)
    recovery_plan: list[RecoveryPlanRule] = Field(default_factory=list)
    prerequisites: list[PrerequisiteRule] = Field(default_factory=list)
    timely_filing: list[TimelyFilingRule] = Field(default_factory=list)


class PlanOverride(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    payer_ids: list[str] = Field(default_factory=list, description="Electronic payer ids that select the plan.")
    rules: RuleSet


class CredentialType(BaseModel):
    """One credential a state recognises, spelled as encounters carry it (`rendering.credential.type`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(description="The string an encounter sends, e.g. 'MHPS'.")
    name: str = Field(description="Its full name, e.g. 'Mental Health Peer Specialist endorsement'.")
    issuer: str | None = Field(None, description="Who issues it, e.g. 'HHSC' or 'Texas Certification Board'.")
    role: Literal["rendering", "supervising"] = "rendering"
    cite: Citation | None = None
    note: str | None = None


class Unknown(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: str = Field(description="What is not known, e.g. 'rate', 'daily cap'.")
    note: str = Field(description="What was looked for and where.")


class RegionTable(BaseModel):
    """County to rate region, as a state's rate page lists it (NY CFTSS: 14 downstate counties, upstate the rest)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    regions: dict[str, list[str]] = Field(description="Region name -> the counties in it (names as the source).")
    default: str | None = Field(None, description="Region of every county not listed ('All other NYS Counties').")
    cite: Citation
    note: str | None = None

    def region_of(self, county: str) -> str | None:
        key = county.strip().lower().removesuffix(" county")
        for region, counties in self.regions.items():
            if key in {c.lower() for c in counties}:
                return region
        return self.default


class Program(BaseModel):
    """A named sub-rule-set inside a state (NY: CFTSS family peer support, youth peer support, OASAS, OMH CORE).
    An encounter selects it with `program`; its kinds replace the state's (and plan's) kind by kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str | None = None
    region_table: str | None = Field(None, description="Key of the pack's region table that prices this program.")
    claim_form: Literal["837P", "837I"] | None = Field(
        None, description="The claim the source says this program is billed on; absent when not sourced."
    )
    claim_form_cite: Citation | None = None
    rules: RuleSet
    unknown: list[Unknown] = Field(default_factory=list)

    @model_validator(mode="after")
    def _claim_form_cited(self) -> Program:
        if self.claim_form is not None and self.claim_form_cite is None:
            raise ValueError("claim_form needs claim_form_cite")
        return self


class RulePack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    state: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    revision: int = Field(ge=1, description="Bumped on every edit of the file.")
    summary: str | None = None
    rules: RuleSet
    plans: dict[str, PlanOverride] = Field(default_factory=dict)
    programs: dict[str, Program] = Field(
        default_factory=dict, description="Sub-rule-sets an encounter selects with `program` (its key)."
    )
    region_tables: dict[str, RegionTable] = Field(default_factory=dict)
    credential_types: list[CredentialType] = Field(
        default_factory=list, description="The credential vocabulary: codes encounters use, with full names."
    )
    unknown: list[Unknown] = Field(default_factory=list)

    @model_validator(mode="after")
    def _region_tables_exist(self) -> RulePack:
        for key, prog in self.programs.items():
            if prog.region_table is not None and prog.region_table not in self.region_tables:
                raise ValueError(f"programs.{key}.region_table '{prog.region_table}' is not in region_tables")
        return self
