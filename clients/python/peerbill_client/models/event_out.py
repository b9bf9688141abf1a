from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.event_out_data import EventOutData





T = TypeVar("T", bound="EventOut")



@_attrs_define
class EventOut:
    """ One change, as the feed lists it and as a webhook delivers it (the webhook body is this object).

        Attributes:
            data (EventOutData): Ids, codes, amounts (as decimal strings) and statuses; never PHI.
            id (str): `evt_` and a number that grows in commit order within an agency; the webhook-id header of its
                deliveries.
            object_id (str): The claim, encounter (the EHR's id), response or endpoint it is about.
            timestamp (datetime.datetime): When the change was committed (UTC).
            type_ (str):
     """

    data: EventOutData
    id: str
    object_id: str
    timestamp: datetime.datetime
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.event_out_data import EventOutData # noqa: PLC0415
        data = self.data.to_dict()

        id = self.id

        object_id = self.object_id

        timestamp = self.timestamp.isoformat()

        type_ = self.type_


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "data": data,
            "id": id,
            "object_id": object_id,
            "timestamp": timestamp,
            "type": type_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_out_data import EventOutData # noqa: PLC0415
        d = dict(src_dict)
        data = EventOutData.from_dict(d.pop("data"))




        id = d.pop("id")

        object_id = d.pop("object_id")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))




        type_ = d.pop("type")

        event_out = cls(
            data=data,
            id=id,
            object_id=object_id,
            timestamp=timestamp,
            type_=type_,
        )


        event_out.additional_properties = d
        return event_out

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
