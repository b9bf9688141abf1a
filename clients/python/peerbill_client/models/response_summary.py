from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.response_summary_kind import ResponseSummaryKind
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.response_summary_summary import ResponseSummarySummary





T = TypeVar("T", bound="ResponseSummary")



@_attrs_define
class ResponseSummary:
    """ 
        Attributes:
            agency_id (str):
            id (str):
            kind (ResponseSummaryKind):
            received_at (datetime.datetime):
            received_by (str):
            sha256 (str):
            summary (ResponseSummarySummary): What ingesting it did: counts of accepted, rejected, paid ...
     """

    agency_id: str
    id: str
    kind: ResponseSummaryKind
    received_at: datetime.datetime
    received_by: str
    sha256: str
    summary: ResponseSummarySummary
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.response_summary_summary import ResponseSummarySummary # noqa: PLC0415
        agency_id = self.agency_id

        id = self.id

        kind = self.kind.value

        received_at = self.received_at.isoformat()

        received_by = self.received_by

        sha256 = self.sha256

        summary = self.summary.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agency_id": agency_id,
            "id": id,
            "kind": kind,
            "received_at": received_at,
            "received_by": received_by,
            "sha256": sha256,
            "summary": summary,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.response_summary_summary import ResponseSummarySummary # noqa: PLC0415
        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        id = d.pop("id")

        kind = ResponseSummaryKind(d.pop("kind"))




        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))




        received_by = d.pop("received_by")

        sha256 = d.pop("sha256")

        summary = ResponseSummarySummary.from_dict(d.pop("summary"))




        response_summary = cls(
            agency_id=agency_id,
            id=id,
            kind=kind,
            received_at=received_at,
            received_by=received_by,
            sha256=sha256,
            summary=summary,
        )


        response_summary.additional_properties = d
        return response_summary

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
