from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Supervisor")



@_attrs_define
class Supervisor:
    """ 
        Attributes:
            credential (str): Licence or credential (e.g. LCSW, LPC, QMHP).
            first_name (str): Given name.
            last_name (str): Family name.
            npi (str): Supervising professional's NPI.
     """

    credential: str
    first_name: str
    last_name: str
    npi: str





    def to_dict(self) -> dict[str, Any]:
        credential = self.credential

        first_name = self.first_name

        last_name = self.last_name

        npi = self.npi


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "credential": credential,
            "first_name": first_name,
            "last_name": last_name,
            "npi": npi,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        credential = d.pop("credential")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        npi = d.pop("npi")

        supervisor = cls(
            credential=credential,
            first_name=first_name,
            last_name=last_name,
            npi=npi,
        )

        return supervisor

