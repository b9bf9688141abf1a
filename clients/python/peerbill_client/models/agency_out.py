from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.address import Address





T = TypeVar("T", bound="AgencyOut")



@_attrs_define
class AgencyOut:
    """ 
        Attributes:
            address (Address):
            created_at (datetime.datetime):
            id (str):
            name (str):
            npi (str): Billing provider (type 2) NPI.
            tax_id (str): EIN, nine digits, no hyphen.
            taxonomy (str): NUCC provider taxonomy code, one of the code set shipped with Peerbill (schemas/data).
     """

    address: Address
    created_at: datetime.datetime
    id: str
    name: str
    npi: str
    tax_id: str
    taxonomy: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address # noqa: PLC0415
        address = self.address.to_dict()

        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        npi = self.npi

        tax_id = self.tax_id

        taxonomy = self.taxonomy


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "address": address,
            "created_at": created_at,
            "id": id,
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




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        name = d.pop("name")

        npi = d.pop("npi")

        tax_id = d.pop("tax_id")

        taxonomy = d.pop("taxonomy")

        agency_out = cls(
            address=address,
            created_at=created_at,
            id=id,
            name=name,
            npi=npi,
            tax_id=tax_id,
            taxonomy=taxonomy,
        )

        return agency_out

