from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.address import Address





T = TypeVar("T", bound="AgencyIn")



@_attrs_define
class AgencyIn:
    """ A new agency, checked as the 837P's billing provider will need it.

        Attributes:
            address (Address):
            name (str):
            npi (str): Billing provider (type 2) NPI.
            tax_id (str): EIN, nine digits, no hyphen.
            taxonomy (str): NUCC provider taxonomy code, one of the code set shipped with Peerbill (schemas/data).
     """

    address: Address
    name: str
    npi: str
    tax_id: str
    taxonomy: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address # noqa: PLC0415
        address = self.address.to_dict()

        name = self.name

        npi = self.npi

        tax_id = self.tax_id

        taxonomy = self.taxonomy


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "address": address,
            "name": name,
            "npi": npi,
            "tax_id": tax_id,
            "taxonomy": taxonomy,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address # noqa: PLC0415
        d = dict(src_dict)
        address = Address.from_dict(d.pop("address"))




        name = d.pop("name")

        npi = d.pop("npi")

        tax_id = d.pop("tax_id")

        taxonomy = d.pop("taxonomy")

        agency_in = cls(
            address=address,
            name=name,
            npi=npi,
            tax_id=tax_id,
            taxonomy=taxonomy,
        )

        return agency_in

