from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ClaimActionIn")



@_attrs_define
class ClaimActionIn:
    """ 
        Attributes:
            payer_claim_number (None | str | Unset): The payer's claim control number (from its 277CA/835), when Peerbill
                has not received it.
     """

    payer_claim_number: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        payer_claim_number: None | str | Unset
        if isinstance(self.payer_claim_number, Unset):
            payer_claim_number = UNSET
        else:
            payer_claim_number = self.payer_claim_number


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if payer_claim_number is not UNSET:
            field_dict["payer_claim_number"] = payer_claim_number

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_payer_claim_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payer_claim_number = _parse_payer_claim_number(d.pop("payer_claim_number", UNSET))


        claim_action_in = cls(
            payer_claim_number=payer_claim_number,
        )

        return claim_action_in

