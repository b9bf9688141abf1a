from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.payer_out_claim_span import PayerOutClaimSpan
from ..models.payer_out_program import PayerOutProgram
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.payer_out_charges import PayerOutCharges
  from ..models.trading_partner import TradingPartner





T = TypeVar("T", bound="PayerOut")



@_attrs_define
class PayerOut:
    """ 
        Attributes:
            agency_id (str):
            created_at (datetime.datetime):
            id (str):
            name (str):
            partner (TradingPartner): Per-payer envelope settings: who we are to the receiver, and who they are.
            payer_id (str): Electronic payer id (2010BB NM109).
            program (PayerOutProgram): ... in this program, with this payer id or none, are billed to this payer.
            state (str): Encounters of this state's Medicaid...
            charges (PayerOutCharges | Unset): Charge master per unit, keyed 'H0038' or 'H0038:HQ'; without an entry the
                line charge is the expected payment.
            claim_span (PayerOutClaimSpan | Unset): One date of service per claim, or a month. Default:
                PayerOutClaimSpan.DAY.
     """

    agency_id: str
    created_at: datetime.datetime
    id: str
    name: str
    partner: TradingPartner
    payer_id: str
    program: PayerOutProgram
    state: str
    charges: PayerOutCharges | Unset = UNSET
    claim_span: PayerOutClaimSpan | Unset = PayerOutClaimSpan.DAY





    def to_dict(self) -> dict[str, Any]:
        from ..models.payer_out_charges import PayerOutCharges # noqa: PLC0415
        from ..models.trading_partner import TradingPartner # noqa: PLC0415
        agency_id = self.agency_id

        created_at = self.created_at.isoformat()

        id = self.id

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
            "agency_id": agency_id,
            "created_at": created_at,
            "id": id,
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
        from ..models.payer_out_charges import PayerOutCharges # noqa: PLC0415
        from ..models.trading_partner import TradingPartner # noqa: PLC0415
        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        name = d.pop("name")

        partner = TradingPartner.from_dict(d.pop("partner"))




        payer_id = d.pop("payer_id")

        program = PayerOutProgram(d.pop("program"))




        state = d.pop("state")

        _charges = d.pop("charges", UNSET)
        charges: PayerOutCharges | Unset
        if isinstance(_charges,  Unset):
            charges = UNSET
        else:
            charges = PayerOutCharges.from_dict(_charges)




        _claim_span = d.pop("claim_span", UNSET)
        claim_span: PayerOutClaimSpan | Unset
        if isinstance(_claim_span,  Unset):
            claim_span = UNSET
        else:
            claim_span = PayerOutClaimSpan(_claim_span)




        payer_out = cls(
            agency_id=agency_id,
            created_at=created_at,
            id=id,
            name=name,
            partner=partner,
            payer_id=payer_id,
            program=program,
            state=state,
            charges=charges,
            claim_span=claim_span,
        )

        return payer_out

