from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.response_detail_kind import ResponseDetailKind
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.response_detail_document import ResponseDetailDocument
  from ..models.response_detail_summary import ResponseDetailSummary





T = TypeVar("T", bound="ResponseDetail")



@_attrs_define
class ResponseDetail:
    """ 
        Attributes:
            agency_id (str):
            document (ResponseDetailDocument): The file read back as data (999 groups and sets; 277CA levels and claims; 835
                payments with claims, lines, adjustments with their code texts, remarks and PLB).
            id (str):
            kind (ResponseDetailKind):
            raw (str): The X12 text exactly as received.
            received_at (datetime.datetime):
            received_by (str):
            sha256 (str):
            summary (ResponseDetailSummary): What ingesting it did: counts of accepted, rejected, paid ...
     """

    agency_id: str
    document: ResponseDetailDocument
    id: str
    kind: ResponseDetailKind
    raw: str
    received_at: datetime.datetime
    received_by: str
    sha256: str
    summary: ResponseDetailSummary
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.response_detail_document import ResponseDetailDocument # noqa: PLC0415
        from ..models.response_detail_summary import ResponseDetailSummary # noqa: PLC0415
        agency_id = self.agency_id

        document = self.document.to_dict()

        id = self.id

        kind = self.kind.value

        raw = self.raw

        received_at = self.received_at.isoformat()

        received_by = self.received_by

        sha256 = self.sha256

        summary = self.summary.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agency_id": agency_id,
            "document": document,
            "id": id,
            "kind": kind,
            "raw": raw,
            "received_at": received_at,
            "received_by": received_by,
            "sha256": sha256,
            "summary": summary,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.response_detail_document import ResponseDetailDocument # noqa: PLC0415
        from ..models.response_detail_summary import ResponseDetailSummary # noqa: PLC0415
        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        document = ResponseDetailDocument.from_dict(d.pop("document"))




        id = d.pop("id")

        kind = ResponseDetailKind(d.pop("kind"))




        raw = d.pop("raw")

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))




        received_by = d.pop("received_by")

        sha256 = d.pop("sha256")

        summary = ResponseDetailSummary.from_dict(d.pop("summary"))




        response_detail = cls(
            agency_id=agency_id,
            document=document,
            id=id,
            kind=kind,
            raw=raw,
            received_at=received_at,
            received_by=received_by,
            sha256=sha256,
            summary=summary,
        )


        response_detail.additional_properties = d
        return response_detail

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
