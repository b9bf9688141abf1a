from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.audit_event_out_detail_type_0 import AuditEventOutDetailType0





T = TypeVar("T", bound="AuditEventOut")



@_attrs_define
class AuditEventOut:
    """ 
        Attributes:
            action (str):
            actor (str):
            actor_role (str):
            agency_id (None | str):
            at (datetime.datetime):
            detail (AuditEventOutDetailType0 | None):
            id (int):
            object_id (str):
            object_type (str):
            request_id (str):
     """

    action: str
    actor: str
    actor_role: str
    agency_id: None | str
    at: datetime.datetime
    detail: AuditEventOutDetailType0 | None
    id: int
    object_id: str
    object_type: str
    request_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_event_out_detail_type_0 import AuditEventOutDetailType0 # noqa: PLC0415
        action = self.action

        actor = self.actor

        actor_role = self.actor_role

        agency_id: None | str
        agency_id = self.agency_id

        at = self.at.isoformat()

        detail: dict[str, Any] | None
        if isinstance(self.detail, AuditEventOutDetailType0):
            detail = self.detail.to_dict()
        else:
            detail = self.detail

        id = self.id

        object_id = self.object_id

        object_type = self.object_type

        request_id = self.request_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "action": action,
            "actor": actor,
            "actor_role": actor_role,
            "agency_id": agency_id,
            "at": at,
            "detail": detail,
            "id": id,
            "object_id": object_id,
            "object_type": object_type,
            "request_id": request_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event_out_detail_type_0 import AuditEventOutDetailType0 # noqa: PLC0415
        d = dict(src_dict)
        action = d.pop("action")

        actor = d.pop("actor")

        actor_role = d.pop("actor_role")

        def _parse_agency_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        agency_id = _parse_agency_id(d.pop("agency_id"))


        at = datetime.datetime.fromisoformat(d.pop("at"))




        def _parse_detail(data: object) -> AuditEventOutDetailType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                detail_type_0 = AuditEventOutDetailType0.from_dict(data)



                return detail_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEventOutDetailType0 | None, data)

        detail = _parse_detail(d.pop("detail"))


        id = d.pop("id")

        object_id = d.pop("object_id")

        object_type = d.pop("object_type")

        request_id = d.pop("request_id")

        audit_event_out = cls(
            action=action,
            actor=actor,
            actor_role=actor_role,
            agency_id=agency_id,
            at=at,
            detail=detail,
            id=id,
            object_id=object_id,
            object_type=object_type,
            request_id=request_id,
        )


        audit_event_out.additional_properties = d
        return audit_event_out

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
