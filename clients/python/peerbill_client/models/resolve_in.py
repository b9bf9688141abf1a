from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.resolve_in_action import ResolveInAction
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ResolveIn")



@_attrs_define
class ResolveIn:
    """ 
        Attributes:
            action (ResolveInAction):
            claim_id (None | str | Unset): match: the claim it is for (posted as if it had matched).
            reason (None | str | Unset): dismiss: why (required).
     """

    action: ResolveInAction
    claim_id: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        claim_id: None | str | Unset
        if isinstance(self.claim_id, Unset):
            claim_id = UNSET
        else:
            claim_id = self.claim_id

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "action": action,
        })
        if claim_id is not UNSET:
            field_dict["claim_id"] = claim_id
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = ResolveInAction(d.pop("action"))




        def _parse_claim_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        claim_id = _parse_claim_id(d.pop("claim_id", UNSET))


        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))


        resolve_in = cls(
            action=action,
            claim_id=claim_id,
            reason=reason,
        )

        return resolve_in

