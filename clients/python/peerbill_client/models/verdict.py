from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.add_on_line import AddOnLine
  from ..models.finding import Finding
  from ..models.pack_ref import PackRef





T = TypeVar("T", bound="Verdict")



@_attrs_define
class Verdict:
    """ 
        Attributes:
            billable (bool): True when no finding is an error.
            encounter_id (str):
            minutes (int): Minutes the units were computed from.
            units (int): Units the engine approves.
            add_ons (list[AddOnLine] | Unset): Add-on lines that go with the service.
            claim_form (None | str | Unset): 837P or 837I where a source says which claim the program is billed on.
            code_set (None | str | Unset): The ICD-10-CM code set the diagnoses were judged by: the one in force on the date
                of service, or which sets on record bracket it.
            expected_payment (float | None | str | Unset): units × rate, to the cent; null if rate unknown.
            filing_deadline (datetime.date | None | Unset): Last day a claim is timely, when the rule is known.
            findings (list[Finding] | Unset):
            rate (float | None | str | Unset): Rate per unit in force, when the state's rate is known.
            rate_code (None | str | Unset): State rate code billed, where the state prices by rate code.
            rule_pack (None | PackRef | Unset): The rule pack version that judged the encounter.
     """

    billable: bool
    encounter_id: str
    minutes: int
    units: int
    add_ons: list[AddOnLine] | Unset = UNSET
    claim_form: None | str | Unset = UNSET
    code_set: None | str | Unset = UNSET
    expected_payment: float | None | str | Unset = UNSET
    filing_deadline: datetime.date | None | Unset = UNSET
    findings: list[Finding] | Unset = UNSET
    rate: float | None | str | Unset = UNSET
    rate_code: None | str | Unset = UNSET
    rule_pack: None | PackRef | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.add_on_line import AddOnLine # noqa: PLC0415
        from ..models.finding import Finding # noqa: PLC0415
        from ..models.pack_ref import PackRef # noqa: PLC0415
        billable = self.billable

        encounter_id = self.encounter_id

        minutes = self.minutes

        units = self.units

        add_ons: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.add_ons, Unset):
            add_ons = []
            for add_ons_item_data in self.add_ons:
                add_ons_item = add_ons_item_data.to_dict()
                add_ons.append(add_ons_item)



        claim_form: None | str | Unset
        if isinstance(self.claim_form, Unset):
            claim_form = UNSET
        else:
            claim_form = self.claim_form

        code_set: None | str | Unset
        if isinstance(self.code_set, Unset):
            code_set = UNSET
        else:
            code_set = self.code_set

        expected_payment: float | None | str | Unset
        if isinstance(self.expected_payment, Unset):
            expected_payment = UNSET
        else:
            expected_payment = self.expected_payment

        filing_deadline: None | str | Unset
        if isinstance(self.filing_deadline, Unset):
            filing_deadline = UNSET
        elif isinstance(self.filing_deadline, datetime.date):
            filing_deadline = self.filing_deadline.isoformat()
        else:
            filing_deadline = self.filing_deadline

        findings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.findings, Unset):
            findings = []
            for findings_item_data in self.findings:
                findings_item = findings_item_data.to_dict()
                findings.append(findings_item)



        rate: float | None | str | Unset
        if isinstance(self.rate, Unset):
            rate = UNSET
        else:
            rate = self.rate

        rate_code: None | str | Unset
        if isinstance(self.rate_code, Unset):
            rate_code = UNSET
        else:
            rate_code = self.rate_code

        rule_pack: dict[str, Any] | None | Unset
        if isinstance(self.rule_pack, Unset):
            rule_pack = UNSET
        elif isinstance(self.rule_pack, PackRef):
            rule_pack = self.rule_pack.to_dict()
        else:
            rule_pack = self.rule_pack


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "billable": billable,
            "encounter_id": encounter_id,
            "minutes": minutes,
            "units": units,
        })
        if add_ons is not UNSET:
            field_dict["add_ons"] = add_ons
        if claim_form is not UNSET:
            field_dict["claim_form"] = claim_form
        if code_set is not UNSET:
            field_dict["code_set"] = code_set
        if expected_payment is not UNSET:
            field_dict["expected_payment"] = expected_payment
        if filing_deadline is not UNSET:
            field_dict["filing_deadline"] = filing_deadline
        if findings is not UNSET:
            field_dict["findings"] = findings
        if rate is not UNSET:
            field_dict["rate"] = rate
        if rate_code is not UNSET:
            field_dict["rate_code"] = rate_code
        if rule_pack is not UNSET:
            field_dict["rule_pack"] = rule_pack

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.add_on_line import AddOnLine # noqa: PLC0415
        from ..models.finding import Finding # noqa: PLC0415
        from ..models.pack_ref import PackRef # noqa: PLC0415
        d = dict(src_dict)
        billable = d.pop("billable")

        encounter_id = d.pop("encounter_id")

        minutes = d.pop("minutes")

        units = d.pop("units")

        _add_ons = d.pop("add_ons", UNSET)
        add_ons: list[AddOnLine] | Unset = UNSET
        if _add_ons is not UNSET:
            add_ons = []
            for add_ons_item_data in _add_ons:
                add_ons_item = AddOnLine.from_dict(add_ons_item_data)



                add_ons.append(add_ons_item)


        def _parse_claim_form(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        claim_form = _parse_claim_form(d.pop("claim_form", UNSET))


        def _parse_code_set(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code_set = _parse_code_set(d.pop("code_set", UNSET))


        def _parse_expected_payment(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        expected_payment = _parse_expected_payment(d.pop("expected_payment", UNSET))


        def _parse_filing_deadline(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                filing_deadline_type_0 = datetime.date.fromisoformat(data)



                return filing_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        filing_deadline = _parse_filing_deadline(d.pop("filing_deadline", UNSET))


        _findings = d.pop("findings", UNSET)
        findings: list[Finding] | Unset = UNSET
        if _findings is not UNSET:
            findings = []
            for findings_item_data in _findings:
                findings_item = Finding.from_dict(findings_item_data)



                findings.append(findings_item)


        def _parse_rate(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        rate = _parse_rate(d.pop("rate", UNSET))


        def _parse_rate_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rate_code = _parse_rate_code(d.pop("rate_code", UNSET))


        def _parse_rule_pack(data: object) -> None | PackRef | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rule_pack_type_0 = PackRef.from_dict(data)



                return rule_pack_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PackRef | Unset, data)

        rule_pack = _parse_rule_pack(d.pop("rule_pack", UNSET))


        verdict = cls(
            billable=billable,
            encounter_id=encounter_id,
            minutes=minutes,
            units=units,
            add_ons=add_ons,
            claim_form=claim_form,
            code_set=code_set,
            expected_payment=expected_payment,
            filing_deadline=filing_deadline,
            findings=findings,
            rate=rate,
            rate_code=rate_code,
            rule_pack=rule_pack,
        )


        verdict.additional_properties = d
        return verdict

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
