"""Claims as the 837P writer takes them: plain data, already assembled and checked (billing/claims)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from schemas.identifiers import check_identifier

# An identifier the 837P carries verbatim: refused here, at setup, when it could not travel unaltered.
Ident = Annotated[str, AfterValidator(check_identifier)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PostalAddress(_Frozen):
    line1: str
    line2: str | None = None
    city: str
    state: str = Field(pattern=r"^[A-Z]{2}$")
    zip: str = Field(pattern=r"^[0-9]{5}([0-9]{4})?$")


class TradingPartner(_Frozen):
    """Per-payer envelope settings: who we are to the receiver, and who they are."""

    sender_qualifier: str = Field("ZZ", pattern=r"^[0-9A-Z]{2}$", description="ISA05.")
    sender_id: Ident = Field(min_length=1, max_length=15, description="ISA06 (and GS02 unless gs_sender_id).")
    receiver_qualifier: str = Field("ZZ", pattern=r"^[0-9A-Z]{2}$", description="ISA07.")
    receiver_id: Ident = Field(min_length=1, max_length=15, description="ISA08 (and GS03 unless gs_receiver_id).")
    gs_sender_id: Ident | None = Field(None, max_length=15)
    gs_receiver_id: Ident | None = Field(None, max_length=15)
    submitter_name: str = Field(min_length=1, max_length=60, description="1000A NM103.")
    submitter_id: Ident = Field(min_length=1, max_length=80, description="1000A NM109.")
    contact_name: str = Field(min_length=1, max_length=60, description="1000A PER02.")
    contact_phone: str = Field(pattern=r"^[0-9]{10}$", description="1000A PER04, ten digits.")
    contact_email: str | None = Field(None, max_length=256)
    receiver_name: str = Field(min_length=1, max_length=60, description="1000B NM103.")
    usage: Literal["T", "P"] = Field("T", description="ISA15: T test, P production.")


class BillingProvider(_Frozen):
    name: str
    npi: str = Field(pattern=r"^[0-9]{10}$")
    tax_id: str = Field(pattern=r"^[0-9]{9}$")
    taxonomy: str = Field(pattern=r"^[0-9A-Z]{9}X$")
    address: PostalAddress


class Person(_Frozen):
    first_name: str
    last_name: str


class Subscriber(Person):
    member_id: str = Field(description="Medicaid id (2010BA NM109).")
    date_of_birth: dt.date
    sex: Literal["F", "M", "U"]
    address: PostalAddress


class PayerParty(_Frozen):
    name: str
    payer_id: str = Field(min_length=1, max_length=80)


class RenderingProvider(Person):
    npi: str = Field(pattern=r"^[0-9]{10}$")
    taxonomy: str = Field(pattern=r"^[0-9A-Z]{9}X$")


class SupervisingProvider(Person):
    npi: str = Field(pattern=r"^[0-9]{10}$")


class ServiceLine(_Frozen):
    line_control: str = Field(min_length=1, max_length=50, description="REF*6R, ties the 835 line back.")
    hcpcs: str = Field(pattern=r"^[A-Z0-9][0-9]{4}$")
    modifiers: tuple[str, ...] = Field((), max_length=4)
    charge: Decimal = Field(gt=0, decimal_places=2)
    units: int = Field(gt=0)
    service_date: dt.date
    place_of_service: str = Field(pattern=r"^[0-9]{2}$")
    diagnosis_pointers: tuple[int, ...] = Field(
        min_length=1, max_length=4, description="1-based, into the claim's diagnoses."
    )


class Claim(_Frozen):
    claim_id: str = Field(min_length=1, max_length=38, description="CLM01, the patient control number.")
    frequency: Literal["1", "7", "8"] = Field("1", description="CLM05-3: original, replacement, void.")
    payer_claim_number: str | None = Field(None, max_length=50, description="REF*F8, for 7 and 8.")
    prior_authorization: str | None = Field(None, max_length=50, description="REF*G1.")
    place_of_service: str = Field(pattern=r"^[0-9]{2}$")
    diagnoses: tuple[str, ...] = Field(min_length=1, max_length=12, description="ICD-10-CM without the dot.")
    subscriber: Subscriber
    payer: PayerParty
    rendering: RenderingProvider
    supervisor: SupervisingProvider | None = None
    lines: tuple[ServiceLine, ...] = Field(min_length=1, max_length=50)

    @property
    def total(self) -> Decimal:
        return sum((line.charge for line in self.lines), Decimal("0.00"))


class ClaimFile(_Frozen):
    """One interchange: ISA/GS/ST ... SE/GE/IEA, with its control numbers."""

    isa_control: int = Field(ge=1, le=999_999_999, description="ISA13.")
    group_control: int = Field(ge=1, le=999_999_999, description="GS06.")
    transaction_control: int = Field(ge=1, le=999_999_999, description="ST02 (of the first transaction set).")
    created: dt.datetime = Field(description="ISA09/ISA10 and BHT04/BHT05, UTC.")
    partner: TradingPartner
    billing_provider: BillingProvider
    claims: tuple[Claim, ...] = Field(min_length=1)
