from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Address")



@_attrs_define
class Address:
    """ 
        Attributes:
            city (str): City.
            line1 (str): Street address.
            state (str): Two-letter US state code.
            zip_ (str): ZIP or ZIP+4, digits only.
            line2 (None | str | Unset): Suite, unit.
     """

    city: str
    line1: str
    state: str
    zip_: str
    line2: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        city = self.city

        line1 = self.line1

        state = self.state

        zip_ = self.zip_

        line2: None | str | Unset
        if isinstance(self.line2, Unset):
            line2 = UNSET
        else:
            line2 = self.line2


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "city": city,
            "line1": line1,
            "state": state,
            "zip": zip_,
        })
        if line2 is not UNSET:
            field_dict["line2"] = line2

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        city = d.pop("city")

        line1 = d.pop("line1")

        state = d.pop("state")

        zip_ = d.pop("zip")

        def _parse_line2(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        line2 = _parse_line2(d.pop("line2", UNSET))


        address = cls(
            city=city,
            line1=line1,
            state=state,
            zip_=zip_,
            line2=line2,
        )

        return address

