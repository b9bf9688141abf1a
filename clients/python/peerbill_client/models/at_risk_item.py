from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="AtRiskItem")



@_attrs_define
class AtRiskItem:
    """ 
        Attributes:
            agency_id (str):
            claim_status (None | str): Its claim's status, or null when it was never billed.
            days_left (int): Days from today to the deadline (0: today is the last day).
            expected_payment (None | str):
            filing_deadline (datetime.date):
            id (str): The EHR's encounter id.
            payer_id (None | str):
            service_date (datetime.date):
            state (str):
     """

    agency_id: str
    claim_status: None | str
    days_left: int
    expected_payment: None | str
    filing_deadline: datetime.date
    id: str
    payer_id: None | str
    service_date: datetime.date
    state: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        agency_id = self.agency_id

        claim_status: None | str
        claim_status = self.claim_status

        days_left = self.days_left

        expected_payment: None | str
        expected_payment = self.expected_payment

        filing_deadline = self.filing_deadline.isoformat()

        id = self.id

        payer_id: None | str
        payer_id = self.payer_id

        service_date = self.service_date.isoformat()

        state = self.state


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agency_id": agency_id,
            "claim_status": claim_status,
            "days_left": days_left,
            "expected_payment": expected_payment,
            "filing_deadline": filing_deadline,
            "id": id,
            "payer_id": payer_id,
            "service_date": service_date,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        def _parse_claim_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        claim_status = _parse_claim_status(d.pop("claim_status"))


        days_left = d.pop("days_left")

        def _parse_expected_payment(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        expected_payment = _parse_expected_payment(d.pop("expected_payment"))


        filing_deadline = datetime.date.fromisoformat(d.pop("filing_deadline"))




        id = d.pop("id")

        def _parse_payer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payer_id = _parse_payer_id(d.pop("payer_id"))


        service_date = datetime.date.fromisoformat(d.pop("service_date"))




        state = d.pop("state")

        at_risk_item = cls(
            agency_id=agency_id,
            claim_status=claim_status,
            days_left=days_left,
            expected_payment=expected_payment,
            filing_deadline=filing_deadline,
            id=id,
            payer_id=payer_id,
            service_date=service_date,
            state=state,
        )


        at_risk_item.additional_properties = d
        return at_risk_item

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
