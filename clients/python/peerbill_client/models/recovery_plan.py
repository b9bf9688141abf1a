from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="RecoveryPlan")



@_attrs_define
class RecoveryPlan:
    """ 
        Attributes:
            enrolled_on (datetime.date | None | Unset): Date the member entered the peer service.
            last_reviewed_on (datetime.date | None | Unset): Date of its latest review.
            written_on (datetime.date | None | Unset): Date the recovery/service plan was written.
     """

    enrolled_on: datetime.date | None | Unset = UNSET
    last_reviewed_on: datetime.date | None | Unset = UNSET
    written_on: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        enrolled_on: None | str | Unset
        if isinstance(self.enrolled_on, Unset):
            enrolled_on = UNSET
        elif isinstance(self.enrolled_on, datetime.date):
            enrolled_on = self.enrolled_on.isoformat()
        else:
            enrolled_on = self.enrolled_on

        last_reviewed_on: None | str | Unset
        if isinstance(self.last_reviewed_on, Unset):
            last_reviewed_on = UNSET
        elif isinstance(self.last_reviewed_on, datetime.date):
            last_reviewed_on = self.last_reviewed_on.isoformat()
        else:
            last_reviewed_on = self.last_reviewed_on

        written_on: None | str | Unset
        if isinstance(self.written_on, Unset):
            written_on = UNSET
        elif isinstance(self.written_on, datetime.date):
            written_on = self.written_on.isoformat()
        else:
            written_on = self.written_on


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if enrolled_on is not UNSET:
            field_dict["enrolled_on"] = enrolled_on
        if last_reviewed_on is not UNSET:
            field_dict["last_reviewed_on"] = last_reviewed_on
        if written_on is not UNSET:
            field_dict["written_on"] = written_on

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_enrolled_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                enrolled_on_type_0 = datetime.date.fromisoformat(data)



                return enrolled_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        enrolled_on = _parse_enrolled_on(d.pop("enrolled_on", UNSET))


        def _parse_last_reviewed_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_reviewed_on_type_0 = datetime.date.fromisoformat(data)



                return last_reviewed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        last_reviewed_on = _parse_last_reviewed_on(d.pop("last_reviewed_on", UNSET))


        def _parse_written_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                written_on_type_0 = datetime.date.fromisoformat(data)



                return written_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        written_on = _parse_written_on(d.pop("written_on", UNSET))


        recovery_plan = cls(
            enrolled_on=enrolled_on,
            last_reviewed_on=last_reviewed_on,
            written_on=written_on,
        )

        return recovery_plan

