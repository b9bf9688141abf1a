from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AddOnLine")



@_attrs_define
class AddOnLine:
    """ A second line that goes with the service (NY CFTSS offsite 7923 with 7915), with its own rate.

        Attributes:
            label (str):
            rate_code (str):
            units (int):
            expected_payment (float | None | str | Unset):
            rate (float | None | str | Unset):
     """

    label: str
    rate_code: str
    units: int
    expected_payment: float | None | str | Unset = UNSET
    rate: float | None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        label = self.label

        rate_code = self.rate_code

        units = self.units

        expected_payment: float | None | str | Unset
        if isinstance(self.expected_payment, Unset):
            expected_payment = UNSET
        else:
            expected_payment = self.expected_payment

        rate: float | None | str | Unset
        if isinstance(self.rate, Unset):
            rate = UNSET
        else:
            rate = self.rate


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "label": label,
            "rate_code": rate_code,
            "units": units,
        })
        if expected_payment is not UNSET:
            field_dict["expected_payment"] = expected_payment
        if rate is not UNSET:
            field_dict["rate"] = rate

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        rate_code = d.pop("rate_code")

        units = d.pop("units")

        def _parse_expected_payment(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        expected_payment = _parse_expected_payment(d.pop("expected_payment", UNSET))


        def _parse_rate(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        rate = _parse_rate(d.pop("rate", UNSET))


        add_on_line = cls(
            label=label,
            rate_code=rate_code,
            units=units,
            expected_payment=expected_payment,
            rate=rate,
        )


        add_on_line.additional_properties = d
        return add_on_line

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
