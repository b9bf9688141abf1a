from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.key_in_role import KeyInRole
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="KeyIn")



@_attrs_define
class KeyIn:
    """ 
        Attributes:
            name (str):
            role (KeyInRole):
            agencies (list[str] | Unset): Agencies an auditor key may read.
            agency_id (None | str | Unset): Required for ehr and billing keys.
            expires_at (datetime.datetime | None | Unset): Optional: the key is refused from this time on (with a UTC
                offset).
            test (bool | Unset): A test key (ehr or billing, `pb_test_…`): it works in the agency's sandbox, whose claim
                files carry ISA15 T and are answered by the synthetic payer; test and live data never mix. Default: False.
     """

    name: str
    role: KeyInRole
    agencies: list[str] | Unset = UNSET
    agency_id: None | str | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    test: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        role = self.role.value

        agencies: list[str] | Unset = UNSET
        if not isinstance(self.agencies, Unset):
            agencies = self.agencies



        agency_id: None | str | Unset
        if isinstance(self.agency_id, Unset):
            agency_id = UNSET
        else:
            agency_id = self.agency_id

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        test = self.test


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "role": role,
        })
        if agencies is not UNSET:
            field_dict["agencies"] = agencies
        if agency_id is not UNSET:
            field_dict["agency_id"] = agency_id
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if test is not UNSET:
            field_dict["test"] = test

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        role = KeyInRole(d.pop("role"))




        agencies = cast(list[str], d.pop("agencies", UNSET))


        def _parse_agency_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        agency_id = _parse_agency_id(d.pop("agency_id", UNSET))


        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))


        test = d.pop("test", UNSET)

        key_in = cls(
            name=name,
            role=role,
            agencies=agencies,
            agency_id=agency_id,
            expires_at=expires_at,
            test=test,
        )

        return key_in

