from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.payer_patch_charges_type_0 import PayerPatchChargesType0
  from ..models.payer_patch_partner_type_0 import PayerPatchPartnerType0





T = TypeVar("T", bound="PayerPatch")



@_attrs_define
class PayerPatch:
    """ Only the fields sent change: `partner` key by key (e.g. `{"partner": {"usage": "P"}}` at go-live), `charges`
    whole. The result is checked as a new payer would be; a sandbox payer (test mode) stays a test payer.

        Attributes:
            charges (None | PayerPatchChargesType0 | Unset):
            claim_span (None | str | Unset):
            name (None | str | Unset):
            partner (None | PayerPatchPartnerType0 | Unset):
            payer_id (None | str | Unset):
            program (None | str | Unset):
            state (None | str | Unset):
     """

    charges: None | PayerPatchChargesType0 | Unset = UNSET
    claim_span: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    partner: None | PayerPatchPartnerType0 | Unset = UNSET
    payer_id: None | str | Unset = UNSET
    program: None | str | Unset = UNSET
    state: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.payer_patch_charges_type_0 import PayerPatchChargesType0 # noqa: PLC0415
        from ..models.payer_patch_partner_type_0 import PayerPatchPartnerType0 # noqa: PLC0415
        charges: dict[str, Any] | None | Unset
        if isinstance(self.charges, Unset):
            charges = UNSET
        elif isinstance(self.charges, PayerPatchChargesType0):
            charges = self.charges.to_dict()
        else:
            charges = self.charges

        claim_span: None | str | Unset
        if isinstance(self.claim_span, Unset):
            claim_span = UNSET
        else:
            claim_span = self.claim_span

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        partner: dict[str, Any] | None | Unset
        if isinstance(self.partner, Unset):
            partner = UNSET
        elif isinstance(self.partner, PayerPatchPartnerType0):
            partner = self.partner.to_dict()
        else:
            partner = self.partner

        payer_id: None | str | Unset
        if isinstance(self.payer_id, Unset):
            payer_id = UNSET
        else:
            payer_id = self.payer_id

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        state: None | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        else:
            state = self.state


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if charges is not UNSET:
            field_dict["charges"] = charges
        if claim_span is not UNSET:
            field_dict["claim_span"] = claim_span
        if name is not UNSET:
            field_dict["name"] = name
        if partner is not UNSET:
            field_dict["partner"] = partner
        if payer_id is not UNSET:
            field_dict["payer_id"] = payer_id
        if program is not UNSET:
            field_dict["program"] = program
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payer_patch_charges_type_0 import PayerPatchChargesType0 # noqa: PLC0415
        from ..models.payer_patch_partner_type_0 import PayerPatchPartnerType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_charges(data: object) -> None | PayerPatchChargesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                charges_type_0 = PayerPatchChargesType0.from_dict(data)



                return charges_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayerPatchChargesType0 | Unset, data)

        charges = _parse_charges(d.pop("charges", UNSET))


        def _parse_claim_span(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        claim_span = _parse_claim_span(d.pop("claim_span", UNSET))


        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        def _parse_partner(data: object) -> None | PayerPatchPartnerType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                partner_type_0 = PayerPatchPartnerType0.from_dict(data)



                return partner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PayerPatchPartnerType0 | Unset, data)

        partner = _parse_partner(d.pop("partner", UNSET))


        def _parse_payer_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payer_id = _parse_payer_id(d.pop("payer_id", UNSET))


        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        def _parse_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        state = _parse_state(d.pop("state", UNSET))


        payer_patch = cls(
            charges=charges,
            claim_span=claim_span,
            name=name,
            partner=partner,
            payer_id=payer_id,
            program=program,
            state=state,
        )

        return payer_patch

