from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.summary_out_group_by import SummaryOutGroupBy
from typing import cast

if TYPE_CHECKING:
  from ..models.summary_row import SummaryRow





T = TypeVar("T", bound="SummaryOut")



@_attrs_define
class SummaryOut:
    """ 
        Attributes:
            group_by (SummaryOutGroupBy):
            groups (list[SummaryRow]):
            total (SummaryRow):
     """

    group_by: SummaryOutGroupBy
    groups: list[SummaryRow]
    total: SummaryRow
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.summary_row import SummaryRow # noqa: PLC0415
        group_by = self.group_by.value

        groups = []
        for groups_item_data in self.groups:
            groups_item = groups_item_data.to_dict()
            groups.append(groups_item)



        total = self.total.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "group_by": group_by,
            "groups": groups,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.summary_row import SummaryRow # noqa: PLC0415
        d = dict(src_dict)
        group_by = SummaryOutGroupBy(d.pop("group_by"))




        groups = []
        _groups = d.pop("groups")
        for groups_item_data in (_groups):
            groups_item = SummaryRow.from_dict(groups_item_data)



            groups.append(groups_item)


        total = SummaryRow.from_dict(d.pop("total"))




        summary_out = cls(
            group_by=group_by,
            groups=groups,
            total=total,
        )


        summary_out.additional_properties = d
        return summary_out

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
