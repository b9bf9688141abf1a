from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="KeyRotateIn")



@_attrs_define
class KeyRotateIn:
    """ 
        Attributes:
            old_valid_until (datetime.datetime | None | Unset): Until when the old key still works (with a UTC offset);
                default: 24 hours from now. Pass the current time to end it at once.
     """

    old_valid_until: datetime.datetime | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        old_valid_until: None | str | Unset
        if isinstance(self.old_valid_until, Unset):
            old_valid_until = UNSET
        elif isinstance(self.old_valid_until, datetime.datetime):
            old_valid_until = self.old_valid_until.isoformat()
        else:
            old_valid_until = self.old_valid_until


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if old_valid_until is not UNSET:
            field_dict["old_valid_until"] = old_valid_until

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_old_valid_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                old_valid_until_type_0 = datetime.datetime.fromisoformat(data)



                return old_valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        old_valid_until = _parse_old_valid_until(d.pop("old_valid_until", UNSET))


        key_rotate_in = cls(
            old_valid_until=old_valid_until,
        )

        return key_rotate_in

