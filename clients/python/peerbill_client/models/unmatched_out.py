from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.unmatched_out_item import UnmatchedOutItem
from ..models.unmatched_out_kind import UnmatchedOutKind
from ..models.unmatched_out_resolution import UnmatchedOutResolution
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.unmatched_out_detail import UnmatchedOutDetail





T = TypeVar("T", bound="UnmatchedOut")



@_attrs_define
class UnmatchedOut:
    """ 
        Attributes:
            agency_id (str):
            at (datetime.datetime):
            charge (None | str):
            claim_id (None | str): For a line: the claim that matched.
            detail (UnmatchedOutDetail):
            id (int): The unmatched item's id (its timeline event).
            item (UnmatchedOutItem): What matched nothing: a 999 transaction set, a 277CA receiver/provider level, a claim
                (277CA or 835), or an 835 service line of a claim that matched.
            kind (UnmatchedOutKind):
            paid (None | str):
            reference (None | str): The control number it came with (CLM01, ST02, TRN02 or REF*6R).
            resolution (UnmatchedOutResolution):
            response_id (None | str):
            reason (None | str | Unset):
            resolved_at (datetime.datetime | None | Unset):
            resolved_by (None | str | Unset):
            resolved_claim_id (None | str | Unset):
     """

    agency_id: str
    at: datetime.datetime
    charge: None | str
    claim_id: None | str
    detail: UnmatchedOutDetail
    id: int
    item: UnmatchedOutItem
    kind: UnmatchedOutKind
    paid: None | str
    reference: None | str
    resolution: UnmatchedOutResolution
    response_id: None | str
    reason: None | str | Unset = UNSET
    resolved_at: datetime.datetime | None | Unset = UNSET
    resolved_by: None | str | Unset = UNSET
    resolved_claim_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.unmatched_out_detail import UnmatchedOutDetail # noqa: PLC0415
        agency_id = self.agency_id

        at = self.at.isoformat()

        charge: None | str
        charge = self.charge

        claim_id: None | str
        claim_id = self.claim_id

        detail = self.detail.to_dict()

        id = self.id

        item = self.item.value

        kind = self.kind.value

        paid: None | str
        paid = self.paid

        reference: None | str
        reference = self.reference

        resolution = self.resolution.value

        response_id: None | str
        response_id = self.response_id

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        resolved_at: None | str | Unset
        if isinstance(self.resolved_at, Unset):
            resolved_at = UNSET
        elif isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()
        else:
            resolved_at = self.resolved_at

        resolved_by: None | str | Unset
        if isinstance(self.resolved_by, Unset):
            resolved_by = UNSET
        else:
            resolved_by = self.resolved_by

        resolved_claim_id: None | str | Unset
        if isinstance(self.resolved_claim_id, Unset):
            resolved_claim_id = UNSET
        else:
            resolved_claim_id = self.resolved_claim_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agency_id": agency_id,
            "at": at,
            "charge": charge,
            "claim_id": claim_id,
            "detail": detail,
            "id": id,
            "item": item,
            "kind": kind,
            "paid": paid,
            "reference": reference,
            "resolution": resolution,
            "response_id": response_id,
        })
        if reason is not UNSET:
            field_dict["reason"] = reason
        if resolved_at is not UNSET:
            field_dict["resolved_at"] = resolved_at
        if resolved_by is not UNSET:
            field_dict["resolved_by"] = resolved_by
        if resolved_claim_id is not UNSET:
            field_dict["resolved_claim_id"] = resolved_claim_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.unmatched_out_detail import UnmatchedOutDetail # noqa: PLC0415
        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        def _parse_charge(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        charge = _parse_charge(d.pop("charge"))


        def _parse_claim_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        claim_id = _parse_claim_id(d.pop("claim_id"))


        detail = UnmatchedOutDetail.from_dict(d.pop("detail"))




        id = d.pop("id")

        item = UnmatchedOutItem(d.pop("item"))




        kind = UnmatchedOutKind(d.pop("kind"))




        def _parse_paid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        paid = _parse_paid(d.pop("paid"))


        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))


        resolution = UnmatchedOutResolution(d.pop("resolution"))




        def _parse_response_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response_id = _parse_response_id(d.pop("response_id"))


        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))


        def _parse_resolved_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                resolved_at_type_0 = datetime.datetime.fromisoformat(data)



                return resolved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        resolved_at = _parse_resolved_at(d.pop("resolved_at", UNSET))


        def _parse_resolved_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resolved_by = _parse_resolved_by(d.pop("resolved_by", UNSET))


        def _parse_resolved_claim_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        resolved_claim_id = _parse_resolved_claim_id(d.pop("resolved_claim_id", UNSET))


        unmatched_out = cls(
            agency_id=agency_id,
            at=at,
            charge=charge,
            claim_id=claim_id,
            detail=detail,
            id=id,
            item=item,
            kind=kind,
            paid=paid,
            reference=reference,
            resolution=resolution,
            response_id=response_id,
            reason=reason,
            resolved_at=resolved_at,
            resolved_by=resolved_by,
            resolved_claim_id=resolved_claim_id,
        )


        unmatched_out.additional_properties = d
        return unmatched_out

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
