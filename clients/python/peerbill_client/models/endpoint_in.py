from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="EndpointIn")



@_attrs_define
class EndpointIn:
    """ 
        Attributes:
            url (str): Where deliveries are POSTed (https in production).
            description (str | Unset):  Default: ''.
            enabled (bool | Unset):  Default: True.
            event_types (list[str] | Unset): The types to receive; empty for every type.
     """

    url: str
    description: str | Unset = ''
    enabled: bool | Unset = True
    event_types: list[str] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        url = self.url

        description = self.description

        enabled = self.enabled

        event_types: list[str] | Unset = UNSET
        if not isinstance(self.event_types, Unset):
            event_types = self.event_types




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "url": url,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if event_types is not UNSET:
            field_dict["event_types"] = event_types

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        description = d.pop("description", UNSET)

        enabled = d.pop("enabled", UNSET)

        event_types = cast(list[str], d.pop("event_types", UNSET))


        endpoint_in = cls(
            url=url,
            description=description,
            enabled=enabled,
            event_types=event_types,
        )

        return endpoint_in

