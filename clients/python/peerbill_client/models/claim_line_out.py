from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ClaimLineOut")



@_attrs_define
class ClaimLineOut:
    """ 
        Attributes:
            active (bool):
            charge (str):
            encounter_id (str):
            encounter_version (int):
            hcpcs (str):
            line_control (str):
            line_number (int):
            modifiers (list[str]):
            service_date (datetime.date):
            status (str):
            units (int):
     """

    active: bool
    charge: str
    encounter_id: str
    encounter_version: int
    hcpcs: str
    line_control: str
    line_number: int
    modifiers: list[str]
    service_date: datetime.date
    status: str
    units: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        charge = self.charge

        encounter_id = self.encounter_id

        encounter_version = self.encounter_version

        hcpcs = self.hcpcs

        line_control = self.line_control

        line_number = self.line_number

        modifiers = self.modifiers



        service_date = self.service_date.isoformat()

        status = self.status

        units = self.units


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "active": active,
            "charge": charge,
            "encounter_id": encounter_id,
            "encounter_version": encounter_version,
            "hcpcs": hcpcs,
            "line_control": line_control,
            "line_number": line_number,
            "modifiers": modifiers,
            "service_date": service_date,
            "status": status,
            "units": units,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        charge = d.pop("charge")

        encounter_id = d.pop("encounter_id")

        encounter_version = d.pop("encounter_version")

        hcpcs = d.pop("hcpcs")

        line_control = d.pop("line_control")

        line_number = d.pop("line_number")

        modifiers = cast(list[str], d.pop("modifiers"))


        service_date = datetime.date.fromisoformat(d.pop("service_date"))




        status = d.pop("status")

        units = d.pop("units")

        claim_line_out = cls(
            active=active,
            charge=charge,
            encounter_id=encounter_id,
            encounter_version=encounter_version,
            hcpcs=hcpcs,
            line_control=line_control,
            line_number=line_number,
            modifiers=modifiers,
            service_date=service_date,
            status=status,
            units=units,
        )


        claim_line_out.additional_properties = d
        return claim_line_out

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
