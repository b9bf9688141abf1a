from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ClaimFileOut")



@_attrs_define
class ClaimFileOut:
    """ 
        Attributes:
            claims (int):
            created_at (datetime.datetime):
            created_by (str):
            first_st_control (int):
            group_control (int):
            id (str):
            isa_control (int):
            lines (int):
            payer (str):
            sha256 (str):
            status (str):
            total_charge (str):
            transaction_sets (int):
     """

    claims: int
    created_at: datetime.datetime
    created_by: str
    first_st_control: int
    group_control: int
    id: str
    isa_control: int
    lines: int
    payer: str
    sha256: str
    status: str
    total_charge: str
    transaction_sets: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        claims = self.claims

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        first_st_control = self.first_st_control

        group_control = self.group_control

        id = self.id

        isa_control = self.isa_control

        lines = self.lines

        payer = self.payer

        sha256 = self.sha256

        status = self.status

        total_charge = self.total_charge

        transaction_sets = self.transaction_sets


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "claims": claims,
            "created_at": created_at,
            "created_by": created_by,
            "first_st_control": first_st_control,
            "group_control": group_control,
            "id": id,
            "isa_control": isa_control,
            "lines": lines,
            "payer": payer,
            "sha256": sha256,
            "status": status,
            "total_charge": total_charge,
            "transaction_sets": transaction_sets,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        claims = d.pop("claims")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        created_by = d.pop("created_by")

        first_st_control = d.pop("first_st_control")

        group_control = d.pop("group_control")

        id = d.pop("id")

        isa_control = d.pop("isa_control")

        lines = d.pop("lines")

        payer = d.pop("payer")

        sha256 = d.pop("sha256")

        status = d.pop("status")

        total_charge = d.pop("total_charge")

        transaction_sets = d.pop("transaction_sets")

        claim_file_out = cls(
            claims=claims,
            created_at=created_at,
            created_by=created_by,
            first_st_control=first_st_control,
            group_control=group_control,
            id=id,
            isa_control=isa_control,
            lines=lines,
            payer=payer,
            sha256=sha256,
            status=status,
            total_charge=total_charge,
            transaction_sets=transaction_sets,
        )


        claim_file_out.additional_properties = d
        return claim_file_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
