from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.encounter_summary_status import EncounterSummaryStatus
from typing import cast
import datetime






T = TypeVar("T", bound="EncounterSummary")



@_attrs_define
class EncounterSummary:
    """ 
        Attributes:
            agency_id (str):
            expected_payment (None | str):
            hcpcs (str):
            id (str):
            member_id (str):
            service_date (datetime.date):
            status (EncounterSummaryStatus):
            units (int):
            updated_at (datetime.datetime):
            version (int):
     """

    agency_id: str
    expected_payment: None | str
    hcpcs: str
    id: str
    member_id: str
    service_date: datetime.date
    status: EncounterSummaryStatus
    units: int
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        agency_id = self.agency_id

        expected_payment: None | str
        expected_payment = self.expected_payment

        hcpcs = self.hcpcs

        id = self.id

        member_id = self.member_id

        service_date = self.service_date.isoformat()

        status = self.status.value

        units = self.units

        updated_at = self.updated_at.isoformat()

        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agency_id": agency_id,
            "expected_payment": expected_payment,
            "hcpcs": hcpcs,
            "id": id,
            "member_id": member_id,
            "service_date": service_date,
            "status": status,
            "units": units,
            "updated_at": updated_at,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        def _parse_expected_payment(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        expected_payment = _parse_expected_payment(d.pop("expected_payment"))


        hcpcs = d.pop("hcpcs")

        id = d.pop("id")

        member_id = d.pop("member_id")

        service_date = datetime.date.fromisoformat(d.pop("service_date"))




        status = EncounterSummaryStatus(d.pop("status"))




        units = d.pop("units")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        version = d.pop("version")

        encounter_summary = cls(
            agency_id=agency_id,
            expected_payment=expected_payment,
            hcpcs=hcpcs,
            id=id,
            member_id=member_id,
            service_date=service_date,
            status=status,
            units=units,
            updated_at=updated_at,
            version=version,
        )


        encounter_summary.additional_properties = d
        return encounter_summary

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
