from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.credential import Credential





T = TypeVar("T", bound="RenderingProvider")



@_attrs_define
class RenderingProvider:
    """ 
        Attributes:
            credential (Credential):
            first_name (str): Given name.
            last_name (str): Family name.
            npi (str): The peer specialist's individual NPI.
            taxonomy (str): NUCC taxonomy code (175T00000X = Peer Specialist), one of the code set shipped with Peerbill
                (schemas/data).
            practitioner_level (None | str | Unset): Practitioner level, where the state prices by level.
     """

    credential: Credential
    first_name: str
    last_name: str
    npi: str
    taxonomy: str
    practitioner_level: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.credential import Credential # noqa: PLC0415
        credential = self.credential.to_dict()

        first_name = self.first_name

        last_name = self.last_name

        npi = self.npi

        taxonomy = self.taxonomy

        practitioner_level: None | str | Unset
        if isinstance(self.practitioner_level, Unset):
            practitioner_level = UNSET
        else:
            practitioner_level = self.practitioner_level


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "credential": credential,
            "first_name": first_name,
            "last_name": last_name,
            "npi": npi,
            "taxonomy": taxonomy,
        })
        if practitioner_level is not UNSET:
            field_dict["practitioner_level"] = practitioner_level

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credential import Credential # noqa: PLC0415
        d = dict(src_dict)
        credential = Credential.from_dict(d.pop("credential"))




        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        npi = d.pop("npi")

        taxonomy = d.pop("taxonomy")

        def _parse_practitioner_level(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        practitioner_level = _parse_practitioner_level(d.pop("practitioner_level", UNSET))


        rendering_provider = cls(
            credential=credential,
            first_name=first_name,
            last_name=last_name,
            npi=npi,
            taxonomy=taxonomy,
            practitioner_level=practitioner_level,
        )

        return rendering_provider

