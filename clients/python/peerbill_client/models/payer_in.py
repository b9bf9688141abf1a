from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.payer_in_claim_span import PayerInClaimSpan
from ..models.payer_in_program import PayerInProgram
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.payer_in_charges import PayerInCharges
  from ..models.trading_partner import TradingPartner





T = TypeVar("T", bound="PayerIn")



@_attrs_define
class PayerIn:
    """ 
        Attributes:
            name (str):
            partner (TradingPartner): Per-payer envelope settings: who we are to the receiver, and who they are.
            payer_id (str): Electronic payer id (2010BB NM109).
            program (PayerInProgram): ... in this program, with this payer id or none, are billed to this payer.
            state (str): Encounters of this state's Medicaid...
            charges (PayerInCharges | Unset): Charge master per unit, keyed 'H0038' or 'H0038:HQ'; without an entry the line
                charge is the expected payment.
            claim_span (PayerInClaimSpan | Unset): One date of service per claim, or a month. Default: PayerInClaimSpan.DAY.
     """

    name: str
    partner: TradingPartner
    payer_id: str
    program: PayerInProgram
    state: str
    charges: PayerInCharges | Unset = UNSET
    claim_span: PayerInClaimSpan | Unset = PayerInClaimSpan.DAY





    def to_dict(self) -> dict[str, Any]:
        from ..models.payer_in_charges import PayerInCharges # noqa: PLC0415
        from ..models.trading_partner import TradingPartner # noqa: PLC0415
        name = self.name

        partner = self.partner.to_dict()

        payer_id = self.payer_id

        program = self.program.value

        state = self.state

        charges: dict[str, Any] | Unset = UNSET
        if not isinstance(self.charges, Unset):
            charges = self.charges.to_dict()

        claim_span: str | Unset = UNSET
        if not isinstance(self.claim_span, Unset):
            claim_span = self.claim_span.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "partner": partner,
            "payer_id": payer_id,
            "program": program,
            "state": state,
        })
        if charges is not UNSET:
            field_dict["charges"] = charges
        if claim_span is not UNSET:
            field_dict["claim_span"] = claim_span

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payer_in_charges import PayerInCharges # noqa: PLC0415
        from ..models.trading_partner import TradingPartner # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        partner = TradingPartner.from_dict(d.pop("partner"))




        payer_id = d.pop("payer_id")

        program = PayerInProgram(d.pop("program"))




        state = d.pop("state")

        _charges = d.pop("charges", UNSET)
        charges: PayerInCharges | Unset
        if isinstance(_charges,  Unset):
            charges = UNSET
        else:
            charges = PayerInCharges.from_dict(_charges)




        _claim_span = d.pop("claim_span", UNSET)
        claim_span: PayerInClaimSpan | Unset
        if isinstance(_claim_span,  Unset):
            claim_span = UNSET
        else:
            claim_span = PayerInClaimSpan(_claim_span)




        payer_in = cls(
            name=name,
            partner=partner,
            payer_id=payer_id,
            program=program,
            state=state,
            charges=charges,
            claim_span=claim_span,
        )

        return payer_in

