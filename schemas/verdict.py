"""What the rules engine answers for one encounter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning", "info"]


class Citation(BaseModel):
    """Where a rule comes from, so a person can check it against the source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str = Field(description="Title of the source document.", examples=["1 TAC § 354.1003"])
    section: str = Field(description="Section, page or paragraph.", examples=["(a)(1)"])
    effective: date | None = Field(
        description="The date the cited text takes effect, or the effective date it states for the rule it "
        "describes (a bulletin announcing a benefit 'effective January 1, 2019'). null when no source gives it: "
        "the date a copy was read goes in read_on, its current-through or publication date in current_through.",
        examples=["2019-01-01"],
    )
    url: str | None = Field(None, description="Where the source can be read.")
    read_on: date | None = Field(
        None, description="The day this copy of the source was read (not its effective date)."
    )
    current_through: date | None = Field(
        None, description="The last date the source is known to have been current (e.g. a manual's revision date)."
    )
    confidence: Literal["verified", "verified_mco", "secondary"] = Field(
        "verified",
        description="verified: read in the state's own text; verified_mco: one managed-care plan's text; "
        "secondary: a summary citing a source not read (its findings are warnings, not errors).",
    )


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str = Field(description="Stable machine code.", examples=["units.cap_exceeded"])
    severity: Severity = Field(description="error blocks billing; warning and info do not.")
    message: str = Field(description="Plain-English explanation for a billing clerk.")
    path: str | None = Field(None, description="JSON path of the field at fault.", examples=["service.minutes"])
    citation: Citation | None = Field(None, description="The rule that produced the finding.")


class PackRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    state: str = Field(examples=["TX"])
    plan: str | None = Field(None, description="Managed-care plan override applied, if any.")
    program: str | None = Field(None, description="Program inside the state whose rules judged it, if any.")
    revision: int = Field(description="Revision of the state file (bumped on every edit).")
    in_force_since: date | None = Field(
        None, description="Latest effective date among the rules in force on the date of service."
    )

    @property
    def id(self) -> str:
        plan = f"/{self.plan}" if self.plan else ""
        plan += f"+{self.program}" if self.program else ""
        since = self.in_force_since.isoformat() if self.in_force_since else "none"
        return f"{self.state}{plan}@r{self.revision}:{since}"


class AddOnLine(BaseModel):
    """A second line that goes with the service (NY CFTSS offsite 7923 with 7915), with its own rate."""

    model_config = ConfigDict(frozen=True)

    rate_code: str
    label: str
    units: int = Field(ge=0)
    rate: Decimal | None = None
    expected_payment: Decimal | None = None


class Verdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    encounter_id: str
    billable: bool = Field(description="True when no finding is an error.")
    units: int = Field(ge=0, description="Units the engine approves.")
    minutes: int = Field(ge=0, description="Minutes the units were computed from.")
    rate: Decimal | None = Field(None, description="Rate per unit in force, when the state's rate is known.")
    expected_payment: Decimal | None = Field(None, description="units × rate, to the cent; null if rate unknown.")
    filing_deadline: date | None = Field(None, description="Last day a claim is timely, when the rule is known.")
    rate_code: str | None = Field(None, description="State rate code billed, where the state prices by rate code.")
    add_ons: list[AddOnLine] = Field(default_factory=list, description="Add-on lines that go with the service.")
    claim_form: str | None = Field(
        None, description="837P or 837I where a source says which claim the program is billed on."
    )
    findings: list[Finding] = Field(default_factory=list)
    rule_pack: PackRef | None = Field(None, description="The rule pack version that judged the encounter.")
