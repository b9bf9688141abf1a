from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="SummaryRow")



@_attrs_define
class SummaryRow:
    """ 
        Attributes:
            billed (str): Charges of those items (engine rejections are never billed: 0).
            denial_rate (float | None): encounters / encounters_total: the share of encounters that got at least one "no".
            denied (str): Dollars rejected, denied or cut.
            encounters (int): Distinct encounters among them.
            encounters_total (int | None): Encounters received in the group (not void), within the same filters; for
                group_by=code, all of them.
            key (None | str): The code, state, payer id, peer NPI or month (YYYY-MM) of the group.
            paid (str):
            rejections (int): Items said no to (an encounter version, or a line in one response).
     """

    billed: str
    denial_rate: float | None
    denied: str
    encounters: int
    encounters_total: int | None
    key: None | str
    paid: str
    rejections: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        billed = self.billed

        denial_rate: float | None
        denial_rate = self.denial_rate

        denied = self.denied

        encounters = self.encounters

        encounters_total: int | None
        encounters_total = self.encounters_total

        key: None | str
        key = self.key

        paid = self.paid

        rejections = self.rejections


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "billed": billed,
            "denial_rate": denial_rate,
            "denied": denied,
            "encounters": encounters,
            "encounters_total": encounters_total,
            "key": key,
            "paid": paid,
            "rejections": rejections,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        billed = d.pop("billed")

        def _parse_denial_rate(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        denial_rate = _parse_denial_rate(d.pop("denial_rate"))


        denied = d.pop("denied")

        encounters = d.pop("encounters")

        def _parse_encounters_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        encounters_total = _parse_encounters_total(d.pop("encounters_total"))


        def _parse_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        key = _parse_key(d.pop("key"))


        paid = d.pop("paid")

        rejections = d.pop("rejections")

        summary_row = cls(
            billed=billed,
            denial_rate=denial_rate,
            denied=denied,
            encounters=encounters,
            encounters_total=encounters_total,
            key=key,
            paid=paid,
            rejections=rejections,
        )


        summary_row.additional_properties = d
        return summary_row

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
