from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.ingest_out_summary import IngestOutSummary





T = TypeVar("T", bound="IngestOut")



@_attrs_define
class IngestOut:
    """ A payer's response file taken in (201), or recognised as one taken before (200: nothing changed).

        Attributes:
            duplicate (bool): The same file was ingested before.
            id (str): The response file's id (GET /v1/responses/{id}).
            kind (str): 999, 997, 277CA or 835.
            summary (IngestOutSummary): What the file changed: counts by outcome.
     """

    duplicate: bool
    id: str
    kind: str
    summary: IngestOutSummary
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.ingest_out_summary import IngestOutSummary # noqa: PLC0415
        duplicate = self.duplicate

        id = self.id

        kind = self.kind

        summary = self.summary.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "duplicate": duplicate,
            "id": id,
            "kind": kind,
            "summary": summary,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ingest_out_summary import IngestOutSummary # noqa: PLC0415
        d = dict(src_dict)
        duplicate = d.pop("duplicate")

        id = d.pop("id")

        kind = d.pop("kind")

        summary = IngestOutSummary.from_dict(d.pop("summary"))




        ingest_out = cls(
            duplicate=duplicate,
            id=id,
            kind=kind,
            summary=summary,
        )


        ingest_out.additional_properties = d
        return ingest_out

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
