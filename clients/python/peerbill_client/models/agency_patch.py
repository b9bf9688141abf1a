from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.agency_patch_address_type_0 import AgencyPatchAddressType0





T = TypeVar("T", bound="AgencyPatch")



@_attrs_define
class AgencyPatch:
    """ Only the fields sent change (`address` key by key); the result is checked as a new agency would be. The
    agency's sandbox (test mode) follows.

        Attributes:
            address (AgencyPatchAddressType0 | None | Unset):
            name (None | str | Unset):
            npi (None | str | Unset):
            tax_id (None | str | Unset):
            taxonomy (None | str | Unset):
     """

    address: AgencyPatchAddressType0 | None | Unset = UNSET
    name: None | str | Unset = UNSET
    npi: None | str | Unset = UNSET
    tax_id: None | str | Unset = UNSET
    taxonomy: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.agency_patch_address_type_0 import AgencyPatchAddressType0 # noqa: PLC0415
        address: dict[str, Any] | None | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        elif isinstance(self.address, AgencyPatchAddressType0):
            address = self.address.to_dict()
        else:
            address = self.address

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        npi: None | str | Unset
        if isinstance(self.npi, Unset):
            npi = UNSET
        else:
            npi = self.npi

        tax_id: None | str | Unset
        if isinstance(self.tax_id, Unset):
            tax_id = UNSET
        else:
            tax_id = self.tax_id

        taxonomy: None | str | Unset
        if isinstance(self.taxonomy, Unset):
            taxonomy = UNSET
        else:
            taxonomy = self.taxonomy


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if address is not UNSET:
            field_dict["address"] = address
        if name is not UNSET:
            field_dict["name"] = name
        if npi is not UNSET:
            field_dict["npi"] = npi
        if tax_id is not UNSET:
            field_dict["tax_id"] = tax_id
        if taxonomy is not UNSET:
            field_dict["taxonomy"] = taxonomy

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agency_patch_address_type_0 import AgencyPatchAddressType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_address(data: object) -> AgencyPatchAddressType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = AgencyPatchAddressType0.from_dict(data)



                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AgencyPatchAddressType0 | None | Unset, data)

        address = _parse_address(d.pop("address", UNSET))


        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        def _parse_npi(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        npi = _parse_npi(d.pop("npi", UNSET))


        def _parse_tax_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tax_id = _parse_tax_id(d.pop("tax_id", UNSET))


        def _parse_taxonomy(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        taxonomy = _parse_taxonomy(d.pop("taxonomy", UNSET))


        agency_patch = cls(
            address=address,
            name=name,
            npi=npi,
            tax_id=tax_id,
            taxonomy=taxonomy,
        )

        return agency_patch

