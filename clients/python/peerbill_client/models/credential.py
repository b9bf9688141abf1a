from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="Credential")



@_attrs_define
class Credential:
    """ 
        Attributes:
            expires_on (datetime.date): Last day the credential is valid.
            issuing_state (str): State that issued it.
            number (str): Credential or certificate number.
            type_ (str): Credential type as the state names it (see the state pack's credentials rule).
     """

    expires_on: datetime.date
    issuing_state: str
    number: str
    type_: str





    def to_dict(self) -> dict[str, Any]:
        expires_on = self.expires_on.isoformat()

        issuing_state = self.issuing_state

        number = self.number

        type_ = self.type_


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "expires_on": expires_on,
            "issuing_state": issuing_state,
            "number": number,
            "type": type_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expires_on = datetime.date.fromisoformat(d.pop("expires_on"))




        issuing_state = d.pop("issuing_state")

        number = d.pop("number")

        type_ = d.pop("type")

        credential = cls(
            expires_on=expires_on,
            issuing_state=issuing_state,
            number=number,
            type_=type_,
        )

        return credential

