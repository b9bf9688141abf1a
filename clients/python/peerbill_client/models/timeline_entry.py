from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.timeline_entry_kind import TimelineEntryKind
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.timeline_entry_detail import TimelineEntryDetail





T = TypeVar("T", bound="TimelineEntry")



@_attrs_define
class TimelineEntry:
    """ 
        Attributes:
            at (datetime.datetime):
            kind (TimelineEntryKind): version: the EHR posted, corrected or voided it (with the verdict); billed: it went
                out on a claim; response: a 999, 277CA or 835 moved its claim or line.
            status (str): billable/not_billable/void, built, or the claim or line status.
            by (None | str | Unset): The API key that made the change.
            charge (None | str | Unset):
            claim_id (None | str | Unset):
            detail (TimelineEntryDetail | Unset):
            file_id (None | str | Unset):
            line_id (None | str | Unset):
            paid (None | str | Unset):
            response_id (None | str | Unset):
            version (int | None | Unset):
     """

    at: datetime.datetime
    kind: TimelineEntryKind
    status: str
    by: None | str | Unset = UNSET
    charge: None | str | Unset = UNSET
    claim_id: None | str | Unset = UNSET
    detail: TimelineEntryDetail | Unset = UNSET
    file_id: None | str | Unset = UNSET
    line_id: None | str | Unset = UNSET
    paid: None | str | Unset = UNSET
    response_id: None | str | Unset = UNSET
    version: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.timeline_entry_detail import TimelineEntryDetail # noqa: PLC0415
        at = self.at.isoformat()

        kind = self.kind.value

        status = self.status

        by: None | str | Unset
        if isinstance(self.by, Unset):
            by = UNSET
        else:
            by = self.by

        charge: None | str | Unset
        if isinstance(self.charge, Unset):
            charge = UNSET
        else:
            charge = self.charge

        claim_id: None | str | Unset
        if isinstance(self.claim_id, Unset):
            claim_id = UNSET
        else:
            claim_id = self.claim_id

        detail: dict[str, Any] | Unset = UNSET
        if not isinstance(self.detail, Unset):
            detail = self.detail.to_dict()

        file_id: None | str | Unset
        if isinstance(self.file_id, Unset):
            file_id = UNSET
        else:
            file_id = self.file_id

        line_id: None | str | Unset
        if isinstance(self.line_id, Unset):
            line_id = UNSET
        else:
            line_id = self.line_id

        paid: None | str | Unset
        if isinstance(self.paid, Unset):
            paid = UNSET
        else:
            paid = self.paid

        response_id: None | str | Unset
        if isinstance(self.response_id, Unset):
            response_id = UNSET
        else:
            response_id = self.response_id

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "at": at,
            "kind": kind,
            "status": status,
        })
        if by is not UNSET:
            field_dict["by"] = by
        if charge is not UNSET:
            field_dict["charge"] = charge
        if claim_id is not UNSET:
            field_dict["claim_id"] = claim_id
        if detail is not UNSET:
            field_dict["detail"] = detail
        if file_id is not UNSET:
            field_dict["file_id"] = file_id
        if line_id is not UNSET:
            field_dict["line_id"] = line_id
        if paid is not UNSET:
            field_dict["paid"] = paid
        if response_id is not UNSET:
            field_dict["response_id"] = response_id
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_entry_detail import TimelineEntryDetail # noqa: PLC0415
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))




        kind = TimelineEntryKind(d.pop("kind"))




        status = d.pop("status")

        def _parse_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        by = _parse_by(d.pop("by", UNSET))


        def _parse_charge(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        charge = _parse_charge(d.pop("charge", UNSET))


        def _parse_claim_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        claim_id = _parse_claim_id(d.pop("claim_id", UNSET))


        _detail = d.pop("detail", UNSET)
        detail: TimelineEntryDetail | Unset
        if isinstance(_detail,  Unset):
            detail = UNSET
        else:
            detail = TimelineEntryDetail.from_dict(_detail)




        def _parse_file_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_id = _parse_file_id(d.pop("file_id", UNSET))


        def _parse_line_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        line_id = _parse_line_id(d.pop("line_id", UNSET))


        def _parse_paid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        paid = _parse_paid(d.pop("paid", UNSET))


        def _parse_response_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        response_id = _parse_response_id(d.pop("response_id", UNSET))


        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))


        timeline_entry = cls(
            at=at,
            kind=kind,
            status=status,
            by=by,
            charge=charge,
            claim_id=claim_id,
            detail=detail,
            file_id=file_id,
            line_id=line_id,
            paid=paid,
            response_id=response_id,
            version=version,
        )


        timeline_entry.additional_properties = d
        return timeline_entry

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
