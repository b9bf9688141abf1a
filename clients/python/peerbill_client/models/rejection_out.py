from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.rejection_out_source import RejectionOutSource
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.rejection_out_citation_type_0 import RejectionOutCitationType0
  from ..models.rejection_out_detail import RejectionOutDetail





T = TypeVar("T", bound="RejectionOut")



@_attrs_define
class RejectionOut:
    """ 
        Attributes:
            agency_id (str):
            at (datetime.datetime): When the "no" was recorded (judged, or the response ingested).
            claim_id (None | str):
            code (str): Finding code (engine), IK3-/IK5- code (999), category:status (277CA), group-CARC (835).
            detail (RejectionOutDetail):
            encounter_id (str): The EHR's encounter id.
            encounter_version (int | None):
            id (int): Stable id of this rejection row; rows are listed newest first.
            line_id (None | str):
            member_id (str): The member's Medicaid id.
            paid (None | str):
            payer_id (None | str):
            primary (bool): The item's first reason; the others repeat its money.
            provider_npi (str): The rendering peer's NPI.
            reason (str): The reason in words, with the code texts and remark codes.
            service_date (datetime.date):
            source (RejectionOutSource): engine: our rules; 999, 277CA, 835: the payer's response.
            state (str):
            amount (None | str | Unset): Denied or cut by this reason.
            charge (None | str | Unset): Billed for the line.
            citation (None | RejectionOutCitationType0 | Unset): The rule's source (engine).
            claim_control (None | str | Unset): CLM01 of the claim, when a payer said no.
            response_id (None | str | Unset): The 999, 277CA or 835 file it came in.
            rule_pack (None | str | Unset): The rule pack version that judged it (engine).
     """

    agency_id: str
    at: datetime.datetime
    claim_id: None | str
    code: str
    detail: RejectionOutDetail
    encounter_id: str
    encounter_version: int | None
    id: int
    line_id: None | str
    member_id: str
    paid: None | str
    payer_id: None | str
    primary: bool
    provider_npi: str
    reason: str
    service_date: datetime.date
    source: RejectionOutSource
    state: str
    amount: None | str | Unset = UNSET
    charge: None | str | Unset = UNSET
    citation: None | RejectionOutCitationType0 | Unset = UNSET
    claim_control: None | str | Unset = UNSET
    response_id: None | str | Unset = UNSET
    rule_pack: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.rejection_out_citation_type_0 import RejectionOutCitationType0 # noqa: PLC0415
        from ..models.rejection_out_detail import RejectionOutDetail # noqa: PLC0415
        agency_id = self.agency_id

        at = self.at.isoformat()

        claim_id: None | str
        claim_id = self.claim_id

        code = self.code

        detail = self.detail.to_dict()

        encounter_id = self.encounter_id

        encounter_version: int | None
        encounter_version = self.encounter_version

        id = self.id

        line_id: None | str
        line_id = self.line_id

        member_id = self.member_id

        paid: None | str
        paid = self.paid

        payer_id: None | str
        payer_id = self.payer_id

        primary = self.primary

        provider_npi = self.provider_npi

        reason = self.reason

        service_date = self.service_date.isoformat()

        source = self.source.value

        state = self.state

        amount: None | str | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        charge: None | str | Unset
        if isinstance(self.charge, Unset):
            charge = UNSET
        else:
            charge = self.charge

        citation: dict[str, Any] | None | Unset
        if isinstance(self.citation, Unset):
            citation = UNSET
        elif isinstance(self.citation, RejectionOutCitationType0):
            citation = self.citation.to_dict()
        else:
            citation = self.citation

        claim_control: None | str | Unset
        if isinstance(self.claim_control, Unset):
            claim_control = UNSET
        else:
            claim_control = self.claim_control

        response_id: None | str | Unset
        if isinstance(self.response_id, Unset):
            response_id = UNSET
        else:
            response_id = self.response_id

        rule_pack: None | str | Unset
        if isinstance(self.rule_pack, Unset):
            rule_pack = UNSET
        else:
            rule_pack = self.rule_pack


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agency_id": agency_id,
            "at": at,
            "claim_id": claim_id,
            "code": code,
            "detail": detail,
            "encounter_id": encounter_id,
            "encounter_version": encounter_version,
            "id": id,
            "line_id": line_id,
            "member_id": member_id,
            "paid": paid,
            "payer_id": payer_id,
            "primary": primary,
            "provider_npi": provider_npi,
            "reason": reason,
            "service_date": service_date,
            "source": source,
            "state": state,
        })
        if amount is not UNSET:
            field_dict["amount"] = amount
        if charge is not UNSET:
            field_dict["charge"] = charge
        if citation is not UNSET:
            field_dict["citation"] = citation
        if claim_control is not UNSET:
            field_dict["claim_control"] = claim_control
        if response_id is not UNSET:
            field_dict["response_id"] = response_id
        if rule_pack is not UNSET:
            field_dict["rule_pack"] = rule_pack

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rejection_out_citation_type_0 import RejectionOutCitationType0 # noqa: PLC0415
        from ..models.rejection_out_detail import RejectionOutDetail # noqa: PLC0415
        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        def _parse_claim_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        claim_id = _parse_claim_id(d.pop("claim_id"))


        code = d.pop("code")

        detail = RejectionOutDetail.from_dict(d.pop("detail"))




        encounter_id = d.pop("encounter_id")

        def _parse_encounter_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        encounter_version = _parse_encounter_version(d.pop("encounter_version"))


        id = d.pop("id")

        def _parse_line_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        line_id = _parse_line_id(d.pop("line_id"))


        member_id = d.pop("member_id")

        def _parse_paid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        paid = _parse_paid(d.pop("paid"))


        def _parse_payer_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payer_id = _parse_payer_id(d.pop("payer_id"))


        primary = d.pop("primary")

        provider_npi = d.pop("provider_npi")

        reason = d.pop("reason")

        service_date = datetime.date.fromisoformat(d.pop("service_date"))




        source = RejectionOutSource(d.pop("source"))




        state = d.pop("state")

        def _parse_amount(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))


        def _parse_charge(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        charge = _parse_charge(d.pop("charge", UNSET))


        def _parse_citation(data: object) -> None | RejectionOutCitationType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                citation_type_0 = RejectionOutCitationType0.from_dict(data)



                return citation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RejectionOutCitationType0 | Unset, data)

        citation = _parse_citation(d.pop("citation", UNSET))


        def _parse_claim_control(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        claim_control = _parse_claim_control(d.pop("claim_control", UNSET))


        def _parse_response_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        response_id = _parse_response_id(d.pop("response_id", UNSET))


        def _parse_rule_pack(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rule_pack = _parse_rule_pack(d.pop("rule_pack", UNSET))


        rejection_out = cls(
            agency_id=agency_id,
            at=at,
            claim_id=claim_id,
            code=code,
            detail=detail,
            encounter_id=encounter_id,
            encounter_version=encounter_version,
            id=id,
            line_id=line_id,
            member_id=member_id,
            paid=paid,
            payer_id=payer_id,
            primary=primary,
            provider_npi=provider_npi,
            reason=reason,
            service_date=service_date,
            source=source,
            state=state,
            amount=amount,
            charge=charge,
            citation=citation,
            claim_control=claim_control,
            response_id=response_id,
            rule_pack=rule_pack,
        )


        rejection_out.additional_properties = d
        return rejection_out

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
