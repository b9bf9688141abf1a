from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.member_sex import MemberSex
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.address import Address





T = TypeVar("T", bound="Member")



@_attrs_define
class Member:
    """ 
        Attributes:
            address (Address):
            date_of_birth (datetime.date): Date of birth.
            first_name (str): Given name.
            last_name (str): Family name.
            medicaid_id (str): The member's Medicaid (or plan) id.
            sex (MemberSex): Administrative sex as the payer records it.
     """

    address: Address
    date_of_birth: datetime.date
    first_name: str
    last_name: str
    medicaid_id: str
    sex: MemberSex





    def to_dict(self) -> dict[str, Any]:
        from ..models.address import Address # noqa: PLC0415
        address = self.address.to_dict()

        date_of_birth = self.date_of_birth.isoformat()

        first_name = self.first_name

        last_name = self.last_name

        medicaid_id = self.medicaid_id

        sex = self.sex.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "address": address,
            "date_of_birth": date_of_birth,
            "first_name": first_name,
            "last_name": last_name,
            "medicaid_id": medicaid_id,
            "sex": sex,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address # noqa: PLC0415
        d = dict(src_dict)
        address = Address.from_dict(d.pop("address"))




        date_of_birth = datetime.date.fromisoformat(d.pop("date_of_birth"))




        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        medicaid_id = d.pop("medicaid_id")

        sex = MemberSex(d.pop("sex"))




        member = cls(
            address=address,
            date_of_birth=date_of_birth,
            first_name=first_name,
            last_name=last_name,
            medicaid_id=medicaid_id,
            sex=sex,
        )

        return member

