"""What payers send back, as the readers in billing/x12 return it: 999 acknowledgements, 277CA claim
acknowledgements and 835 remittances. Plain data, frozen, money as Decimal.

No person is named here: claims and lines are identified by our control numbers (CLM01 / REF*6R) and the
payer's claim control number; the copy of a bad value a 999 may carry (IK404) is not kept, as it can be PHI.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- 999 implementation acknowledgement (005010X231A1) ------------------------------------------------


class ElementError999(_Frozen):
    """IK4: one data element in error."""

    position: int = Field(description="IK401-1, element position in the segment.")
    component: int | None = Field(None, description="IK401-2, component position in a composite.")
    repetition: int | None = Field(None, description="IK401-3.")
    data_element: str = Field("", description="IK402, data element reference number.")
    code: str = Field(description="IK403, implementation data element syntax error code.")


class SegmentError999(_Frozen):
    """IK3 (with its CTX and IK4s): one segment in error."""

    segment_id: str = Field(description="IK301.")
    position: int = Field(description="IK302, position in the transaction set (ST = 1).")
    loop: str = Field("", description="IK303, loop identifier.")
    code: str = Field("", description="IK304, implementation segment syntax error code.")
    claim_control: str | None = Field(None, description="CTX*CLM01:..., the claim the error sits in.")
    contexts: tuple[str, ...] = Field((), description="CTX01-1 context names, e.g. CLM01, SITUATIONAL TRIGGER.")
    element_errors: tuple[ElementError999, ...] = ()


class SetAck999(_Frozen):
    """AK2 ... IK5: the outcome for one acknowledged transaction set."""

    transaction_set_id: str = Field(description="AK201, e.g. 837.")
    control_number: str = Field(description="AK202, the acknowledged ST02.")
    implementation: str = Field("", description="AK203, e.g. 005010X222A1.")
    status: str = Field(description="IK501: A accepted, E accepted with errors, R/M/W/X rejected.")
    accepted: bool
    syntax_errors: tuple[str, ...] = Field((), description="IK502-IK506.")
    segment_errors: tuple[SegmentError999, ...] = ()


class GroupAck999(_Frozen):
    """AK1 ... AK9: the acknowledgement of one functional group we sent."""

    functional_id: str = Field(description="AK101, e.g. HC.")
    group_control: str = Field(description="AK102, the acknowledged GS06.")
    version: str = Field("", description="AK103.")
    status: str = Field(description="AK901: A accepted, E accepted with errors, P partially accepted, R rejected.")
    sets_included: int = Field(description="AK902.")
    sets_received: int = Field(description="AK903.")
    sets_accepted: int = Field(description="AK904.")
    syntax_errors: tuple[str, ...] = Field((), description="AK905-AK909.")
    sets: tuple[SetAck999, ...] = ()


class Ack999(_Frozen):
    interchange_control: str = Field(description="ISA13 of the 999 itself.")
    transaction_set: Literal["999", "997"] = Field("999", description="ST01: a 999, or the older 997.")
    group_control: str = Field(description="GS06 of the 999 itself.")
    groups: tuple[GroupAck999, ...]


# --- 277CA claim acknowledgement (005010X214) ---------------------------------------------------------

Outcome = Literal["accepted", "rejected", "other"]


class StatusCode277(_Frozen):
    """One C043 composite of an STC (STC01, STC10 or STC11)."""

    category: str = Field(description="Claim status category code, e.g. A1, A3.")
    status: str = Field("", description="Claim status code.")
    entity: str = Field("", description="Entity identifier code, e.g. PR, 85, 41.")


class Stc277(_Frozen):
    codes: tuple[StatusCode277, ...] = Field(description="STC01, then STC10 and STC11 when present.")
    effective: dt.date | None = Field(None, description="STC02.")
    action: str = Field("", description="STC03: WQ accept, U reject.")
    charge: Decimal | None = Field(None, description="STC04, total submitted charge.")
    message: str = Field("", description="STC12, free-form payer text.")


class LineStatus277(_Frozen):
    line_control: str | None = Field(None, description="REF*FJ, our REF*6R line control.")
    procedure: str = Field("", description="SVC01-2.")
    modifiers: tuple[str, ...] = ()
    charge: Decimal | None = Field(None, description="SVC02.")
    service_date: dt.date | None = None
    statuses: tuple[Stc277, ...] = ()
    outcome: Outcome


class ClaimStatus(_Frozen):
    patient_control: str = Field(description="2200D TRN02, our CLM01.")
    batch_trace: str = Field("", description="2200B TRN02 of the information receiver level the claim sits "
                                              "under: the BHT03 of the 837 it was sent in.")
    payer_claim_control: str | None = Field(None, description="REF*1K.")
    total_charge: Decimal | None = Field(None, description="STC04 of the first STC.")
    service_from: dt.date | None = None
    service_to: dt.date | None = None
    statuses: tuple[Stc277, ...] = ()
    outcome: Outcome
    lines: tuple[LineStatus277, ...] = ()


class LevelStatus277(_Frozen):
    """An STC above the claims: the information receiver (2200B) or billing provider (2200C) level.
    A rejection here rejects every claim under it, even when none is listed."""

    level: Literal["receiver", "provider"]
    identifier: str = Field("", description="NM109 of the level: receiver ETIN or provider NPI.")
    trace: str = Field("", description="TRN02 of the level.")
    statuses: tuple[Stc277, ...] = ()
    outcome: Outcome


class ClaimStatus277(_Frozen):
    interchange_control: str
    group_control: str
    levels: tuple[LevelStatus277, ...] = ()
    claims: tuple[ClaimStatus, ...] = ()


# --- 835 remittance (005010X221A1) --------------------------------------------------------------------


class Adjustment(_Frozen):
    """One CAS triplet."""

    group: str = Field(description="CO, PR, OA, PI or CR.")
    reason: str = Field(description="Claim adjustment reason code (CARC).")
    amount: Decimal
    units: Decimal | None = None


class ServicePayment(_Frozen):
    """2110 loop: SVC and what follows it."""

    qualifier: str = Field("HC", description="SVC01-1.")
    procedure: str = Field(description="SVC01-2.")
    modifiers: tuple[str, ...] = ()
    charge: Decimal = Field(description="SVC02.")
    paid: Decimal = Field(description="SVC03.")
    units: Decimal = Field(Decimal(1), description="SVC05, one when absent.")
    submitted_procedure: str | None = Field(None, description="SVC06-2, when the payer changed the code.")
    line_control: str | None = Field(None, description="REF*6R, our 837P line control.")
    service_date: dt.date | None = Field(None, description="DTM*472 (or DTM*150).")
    service_to: dt.date | None = Field(None, description="DTM*151.")
    allowed: Decimal | None = Field(None, description="AMT*B6.")
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = Field((), description="LQ*HE remittance advice remark codes.")


class ClaimPayment(_Frozen):
    """2100 loop: CLP and what follows it."""

    patient_control: str = Field(description="CLP01, our CLM01.")
    status: str = Field(description="CLP02, e.g. 1 processed as primary, 4 denied, 22 reversal.")
    charge: Decimal = Field(description="CLP03.")
    paid: Decimal = Field(description="CLP04.")
    patient_responsibility: Decimal | None = Field(None, description="CLP05.")
    filing_indicator: str = Field("", description="CLP06, e.g. MC Medicaid.")
    payer_claim_control: str = Field("", description="CLP07.")
    frequency: str = Field("", description="CLP09.")
    reversal: bool = Field(description="CLP02 = 22, a reversal of a previous payment.")
    adjustments: tuple[Adjustment, ...] = Field((), description="Claim-level CAS.")
    remarks: tuple[str, ...] = Field((), description="MOA/MIA remark codes.")
    lines: tuple[ServicePayment, ...] = ()


class ProviderAdjustment(_Frozen):
    """One PLB adjustment pair. A positive amount reduces the payment, a negative one increases it."""

    provider_id: str = Field(description="PLB01.")
    fiscal_period: dt.date | None = Field(None, description="PLB02.")
    reason: str = Field(description="PLB03-1 adjustment reason, e.g. WO, 72, L6, FB.")
    reference: str = Field("", description="PLB03-2.")
    amount: Decimal


class Remittance835(_Frozen):
    """One 835 transaction set: one payment (or notification) and the claims it settles."""

    interchange_control: str
    group_control: str
    transaction_control: str = Field(description="ST02.")
    handling: str = Field(description="BPR01: I remittance with payment, H notification only, C/D/P/U/X.")
    total_paid: Decimal = Field(description="BPR02.")
    credit_debit: str = Field("C", description="BPR03.")
    method: str = Field(description="BPR04: ACH, CHK, BOP, FWT or NON.")
    payment_date: dt.date | None = Field(None, description="BPR16.")
    trace_number: str = Field("", description="TRN02: check or EFT trace number.")
    payer_trace_id: str = Field("", description="TRN03.")
    payer_name: str = ""
    payer_id: str = Field("", description="REF*2U, else N1*PR N104.")
    payee_name: str = ""
    payee_id: str = Field("", description="N1*PE N104 (NPI when N103 = XX).")
    payee_id_qualifier: str = Field("", description="N1*PE N103.")
    claims: tuple[ClaimPayment, ...] = ()
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()
