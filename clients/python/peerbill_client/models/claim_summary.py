from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.claim_summary_work_state_type_0 import ClaimSummaryWorkStateType0
from typing import cast
import datetime






T = TypeVar("T", bound="ClaimSummary")



@_attrs_define
class ClaimSummary:
    """ 
        Attributes:
            active (bool):
            agency_id (str):
            claim_control (str): CLM01.
            created_at (datetime.datetime):
            file_id (str):
            frequency (str):
            id (str):
            lines (int):
            member_id (str): The member's Medicaid id.
            paid (None | str): What the payer's 835s paid on it so far (null before any).
            payer (str): The payer set-up id (POST /v1/payers).
            payer_id (str): The electronic payer id.
            service_from (datetime.date | None):
            service_to (datetime.date | None):
            status (str): The payer's status: built, submitted, accepted, rejected, paid, denied, ...
            total_charge (str):
            work_note (None | str):
            work_state (ClaimSummaryWorkStateType0 | None): Staff's own state beside the payer's.
            work_state_at (datetime.datetime | None):
            work_state_by (None | str):
     """

    active: bool
    agency_id: str
    claim_control: str
    created_at: datetime.datetime
    file_id: str
    frequency: str
    id: str
    lines: int
    member_id: str
    paid: None | str
    payer: str
    payer_id: str
    service_from: datetime.date | None
    service_to: datetime.date | None
    status: str
    total_charge: str
    work_note: None | str
    work_state: ClaimSummaryWorkStateType0 | None
    work_state_at: datetime.datetime | None
    work_state_by: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        active = self.active

        agency_id = self.agency_id

        claim_control = self.claim_control

        created_at = self.created_at.isoformat()

        file_id = self.file_id

        frequency = self.frequency

        id = self.id

        lines = self.lines

        member_id = self.member_id

        paid: None | str
        paid = self.paid

        payer = self.payer

        payer_id = self.payer_id

        service_from: None | str
        if isinstance(self.service_from, datetime.date):
            service_from = self.service_from.isoformat()
        else:
            service_from = self.service_from

        service_to: None | str
        if isinstance(self.service_to, datetime.date):
            service_to = self.service_to.isoformat()
        else:
            service_to = self.service_to

        status = self.status

        total_charge = self.total_charge

        work_note: None | str
        work_note = self.work_note

        work_state: None | str
        if isinstance(self.work_state, ClaimSummaryWorkStateType0):
            work_state = self.work_state.value
        else:
            work_state = self.work_state

        work_state_at: None | str
        if isinstance(self.work_state_at, datetime.datetime):
            work_state_at = self.work_state_at.isoformat()
        else:
            work_state_at = self.work_state_at

        work_state_by: None | str
        work_state_by = self.work_state_by


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "active": active,
            "agency_id": agency_id,
            "claim_control": claim_control,
            "created_at": created_at,
            "file_id": file_id,
            "frequency": frequency,
            "id": id,
            "lines": lines,
            "member_id": member_id,
            "paid": paid,
            "payer": payer,
            "payer_id": payer_id,
            "service_from": service_from,
            "service_to": service_to,
            "status": status,
            "total_charge": total_charge,
            "work_note": work_note,
            "work_state": work_state,
            "work_state_at": work_state_at,
            "work_state_by": work_state_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        agency_id = d.pop("agency_id")

        claim_control = d.pop("claim_control")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        file_id = d.pop("file_id")

        frequency = d.pop("frequency")

        id = d.pop("id")

        lines = d.pop("lines")

        member_id = d.pop("member_id")

        def _parse_paid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        paid = _parse_paid(d.pop("paid"))


        payer = d.pop("payer")

        payer_id = d.pop("payer_id")

        def _parse_service_from(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                service_from_type_0 = datetime.date.fromisoformat(data)



                return service_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        service_from = _parse_service_from(d.pop("service_from"))


        def _parse_service_to(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                service_to_type_0 = datetime.date.fromisoformat(data)



                return service_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        service_to = _parse_service_to(d.pop("service_to"))


        status = d.pop("status")

        total_charge = d.pop("total_charge")

        def _parse_work_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        work_note = _parse_work_note(d.pop("work_note"))


        def _parse_work_state(data: object) -> ClaimSummaryWorkStateType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                work_state_type_0 = ClaimSummaryWorkStateType0(data)



                return work_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ClaimSummaryWorkStateType0 | None, data)

        work_state = _parse_work_state(d.pop("work_state"))


        def _parse_work_state_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                work_state_at_type_0 = datetime.datetime.fromisoformat(data)



                return work_state_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        work_state_at = _parse_work_state_at(d.pop("work_state_at"))


        def _parse_work_state_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        work_state_by = _parse_work_state_by(d.pop("work_state_by"))


        claim_summary = cls(
            active=active,
            agency_id=agency_id,
            claim_control=claim_control,
            created_at=created_at,
            file_id=file_id,
            frequency=frequency,
            id=id,
            lines=lines,
            member_id=member_id,
            paid=paid,
            payer=payer,
            payer_id=payer_id,
            service_from=service_from,
            service_to=service_to,
            status=status,
            total_charge=total_charge,
            work_note=work_note,
            work_state=work_state,
            work_state_at=work_state_at,
            work_state_by=work_state_by,
        )


        claim_summary.additional_properties = d
        return claim_summary

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
