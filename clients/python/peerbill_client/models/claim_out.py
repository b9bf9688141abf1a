from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.claim_line_out import ClaimLineOut





T = TypeVar("T", bound="ClaimOut")



@_attrs_define
class ClaimOut:
    """ 
        Attributes:
            active (bool):
            claim_control (str):
            created_at (datetime.datetime):
            file_id (str):
            frequency (str):
            id (str):
            lines (list[ClaimLineOut]):
            payer_claim_number (None | str):
            replaces_claim_id (None | str):
            status (str):
            total_charge (str):
     """

    active: bool
    claim_control: str
    created_at: datetime.datetime
    file_id: str
    frequency: str
    id: str
    lines: list[ClaimLineOut]
    payer_claim_number: None | str
    replaces_claim_id: None | str
    status: str
    total_charge: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.claim_line_out import ClaimLineOut # noqa: PLC0415
        active = self.active

        claim_control = self.claim_control

        created_at = self.created_at.isoformat()

        file_id = self.file_id

        frequency = self.frequency

        id = self.id

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        payer_claim_number: None | str
        payer_claim_number = self.payer_claim_number

        replaces_claim_id: None | str
        replaces_claim_id = self.replaces_claim_id

        status = self.status

        total_charge = self.total_charge


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "active": active,
            "claim_control": claim_control,
            "created_at": created_at,
            "file_id": file_id,
            "frequency": frequency,
            "id": id,
            "lines": lines,
            "payer_claim_number": payer_claim_number,
            "replaces_claim_id": replaces_claim_id,
            "status": status,
            "total_charge": total_charge,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.claim_line_out import ClaimLineOut # noqa: PLC0415
        d = dict(src_dict)
        active = d.pop("active")

        claim_control = d.pop("claim_control")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        file_id = d.pop("file_id")

        frequency = d.pop("frequency")

        id = d.pop("id")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = ClaimLineOut.from_dict(lines_item_data)



            lines.append(lines_item)


        def _parse_payer_claim_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payer_claim_number = _parse_payer_claim_number(d.pop("payer_claim_number"))


        def _parse_replaces_claim_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        replaces_claim_id = _parse_replaces_claim_id(d.pop("replaces_claim_id"))


        status = d.pop("status")

        total_charge = d.pop("total_charge")

        claim_out = cls(
            active=active,
            claim_control=claim_control,
            created_at=created_at,
            file_id=file_id,
            frequency=frequency,
            id=id,
            lines=lines,
            payer_claim_number=payer_claim_number,
            replaces_claim_id=replaces_claim_id,
            status=status,
            total_charge=total_charge,
        )


        claim_out.additional_properties = d
        return claim_out

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
