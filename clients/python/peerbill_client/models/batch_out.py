from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.batch_item_out import BatchItemOut





T = TypeVar("T", bound="BatchOut")



@_attrs_define
class BatchOut:
    """ 
        Attributes:
            created (int):
            failed (int):
            items (list[BatchItemOut]):
            unchanged (int):
     """

    created: int
    failed: int
    items: list[BatchItemOut]
    unchanged: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_item_out import BatchItemOut # noqa: PLC0415
        created = self.created

        failed = self.failed

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)



        unchanged = self.unchanged


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created": created,
            "failed": failed,
            "items": items,
            "unchanged": unchanged,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_item_out import BatchItemOut # noqa: PLC0415
        d = dict(src_dict)
        created = d.pop("created")

        failed = d.pop("failed")

        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = BatchItemOut.from_dict(items_item_data)



            items.append(items_item)


        unchanged = d.pop("unchanged")

        batch_out = cls(
            created=created,
            failed=failed,
            items=items,
            unchanged=unchanged,
        )


        batch_out.additional_properties = d
        return batch_out

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
