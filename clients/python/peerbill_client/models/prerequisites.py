from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="Prerequisites")



@_attrs_define
class Prerequisites:
    """ Dates of the documents a state requires before the first service (all optional: a date not given is
    warned about, never refused).

        Attributes:
            assessment_on (datetime.date | None | Unset): Assessment documented (VA, NC).
            consent_on (datetime.date | None | Unset): Member's consent documented.
            first_service_on (datetime.date | None | Unset): The member's first service of this course of peer support (this
                date of service when absent).
            recommendation_on (datetime.date | None | Unset): Recommendation for the service documented (VA).
            service_order_on (datetime.date | None | Unset): Service order signed (NC).
     """

    assessment_on: datetime.date | None | Unset = UNSET
    consent_on: datetime.date | None | Unset = UNSET
    first_service_on: datetime.date | None | Unset = UNSET
    recommendation_on: datetime.date | None | Unset = UNSET
    service_order_on: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        assessment_on: None | str | Unset
        if isinstance(self.assessment_on, Unset):
            assessment_on = UNSET
        elif isinstance(self.assessment_on, datetime.date):
            assessment_on = self.assessment_on.isoformat()
        else:
            assessment_on = self.assessment_on

        consent_on: None | str | Unset
        if isinstance(self.consent_on, Unset):
            consent_on = UNSET
        elif isinstance(self.consent_on, datetime.date):
            consent_on = self.consent_on.isoformat()
        else:
            consent_on = self.consent_on

        first_service_on: None | str | Unset
        if isinstance(self.first_service_on, Unset):
            first_service_on = UNSET
        elif isinstance(self.first_service_on, datetime.date):
            first_service_on = self.first_service_on.isoformat()
        else:
            first_service_on = self.first_service_on

        recommendation_on: None | str | Unset
        if isinstance(self.recommendation_on, Unset):
            recommendation_on = UNSET
        elif isinstance(self.recommendation_on, datetime.date):
            recommendation_on = self.recommendation_on.isoformat()
        else:
            recommendation_on = self.recommendation_on

        service_order_on: None | str | Unset
        if isinstance(self.service_order_on, Unset):
            service_order_on = UNSET
        elif isinstance(self.service_order_on, datetime.date):
            service_order_on = self.service_order_on.isoformat()
        else:
            service_order_on = self.service_order_on


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if assessment_on is not UNSET:
            field_dict["assessment_on"] = assessment_on
        if consent_on is not UNSET:
            field_dict["consent_on"] = consent_on
        if first_service_on is not UNSET:
            field_dict["first_service_on"] = first_service_on
        if recommendation_on is not UNSET:
            field_dict["recommendation_on"] = recommendation_on
        if service_order_on is not UNSET:
            field_dict["service_order_on"] = service_order_on

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_assessment_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assessment_on_type_0 = datetime.date.fromisoformat(data)



                return assessment_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        assessment_on = _parse_assessment_on(d.pop("assessment_on", UNSET))


        def _parse_consent_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                consent_on_type_0 = datetime.date.fromisoformat(data)



                return consent_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        consent_on = _parse_consent_on(d.pop("consent_on", UNSET))


        def _parse_first_service_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_service_on_type_0 = datetime.date.fromisoformat(data)



                return first_service_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        first_service_on = _parse_first_service_on(d.pop("first_service_on", UNSET))


        def _parse_recommendation_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                recommendation_on_type_0 = datetime.date.fromisoformat(data)



                return recommendation_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        recommendation_on = _parse_recommendation_on(d.pop("recommendation_on", UNSET))


        def _parse_service_order_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                service_order_on_type_0 = datetime.date.fromisoformat(data)



                return service_order_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        service_order_on = _parse_service_order_on(d.pop("service_order_on", UNSET))


        prerequisites = cls(
            assessment_on=assessment_on,
            consent_on=consent_on,
            first_service_on=first_service_on,
            recommendation_on=recommendation_on,
            service_order_on=service_order_on,
        )

        return prerequisites

