from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.excluded_out_findings_item import ExcludedOutFindingsItem





T = TypeVar("T", bound="ExcludedOut")



@_attrs_define
class ExcludedOut:
    """ 
        Attributes:
            encounter_id (str):
            findings (list[ExcludedOutFindingsItem]):
     """

    encounter_id: str
    findings: list[ExcludedOutFindingsItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.excluded_out_findings_item import ExcludedOutFindingsItem # noqa: PLC0415
        encounter_id = self.encounter_id

        findings = []
        for findings_item_data in self.findings:
            findings_item = findings_item_data.to_dict()
            findings.append(findings_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "encounter_id": encounter_id,
            "findings": findings,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.excluded_out_findings_item import ExcludedOutFindingsItem # noqa: PLC0415
        d = dict(src_dict)
        encounter_id = d.pop("encounter_id")

        findings = []
        _findings = d.pop("findings")
        for findings_item_data in (_findings):
            findings_item = ExcludedOutFindingsItem.from_dict(findings_item_data)



            findings.append(findings_item)


        excluded_out = cls(
            encounter_id=encounter_id,
            findings=findings,
        )


        excluded_out.additional_properties = d
        return excluded_out

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
