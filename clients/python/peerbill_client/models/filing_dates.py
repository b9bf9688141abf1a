from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="FilingDates")



@_attrs_define
class FilingDates:
    """ Dates that start other timely-filing clocks than the date of service (all optional). EHRs that do not
    track them leave them out; the engine then uses the date-of-service clock alone.

        Attributes:
            eligibility_decided_on (datetime.date | None | Unset): Day the member's retroactive Medicaid eligibility was
                decided (MT: 12 months from it).
            other_payer_remitted_on (datetime.date | None | Unset): Day of the other payer's remittance, when Medicaid is
                the secondary payer.
            prior_claim_decided_on (datetime.date | None | Unset): For a corrected claim resubmitted after the payer denied
                or returned the original: the day of that denial or return notice (NY: 60 days from it).
     """

    eligibility_decided_on: datetime.date | None | Unset = UNSET
    other_payer_remitted_on: datetime.date | None | Unset = UNSET
    prior_claim_decided_on: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        eligibility_decided_on: None | str | Unset
        if isinstance(self.eligibility_decided_on, Unset):
            eligibility_decided_on = UNSET
        elif isinstance(self.eligibility_decided_on, datetime.date):
            eligibility_decided_on = self.eligibility_decided_on.isoformat()
        else:
            eligibility_decided_on = self.eligibility_decided_on

        other_payer_remitted_on: None | str | Unset
        if isinstance(self.other_payer_remitted_on, Unset):
            other_payer_remitted_on = UNSET
        elif isinstance(self.other_payer_remitted_on, datetime.date):
            other_payer_remitted_on = self.other_payer_remitted_on.isoformat()
        else:
            other_payer_remitted_on = self.other_payer_remitted_on

        prior_claim_decided_on: None | str | Unset
        if isinstance(self.prior_claim_decided_on, Unset):
            prior_claim_decided_on = UNSET
        elif isinstance(self.prior_claim_decided_on, datetime.date):
            prior_claim_decided_on = self.prior_claim_decided_on.isoformat()
        else:
            prior_claim_decided_on = self.prior_claim_decided_on


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if eligibility_decided_on is not UNSET:
            field_dict["eligibility_decided_on"] = eligibility_decided_on
        if other_payer_remitted_on is not UNSET:
            field_dict["other_payer_remitted_on"] = other_payer_remitted_on
        if prior_claim_decided_on is not UNSET:
            field_dict["prior_claim_decided_on"] = prior_claim_decided_on

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_eligibility_decided_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                eligibility_decided_on_type_0 = datetime.date.fromisoformat(data)



                return eligibility_decided_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        eligibility_decided_on = _parse_eligibility_decided_on(d.pop("eligibility_decided_on", UNSET))


        def _parse_other_payer_remitted_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                other_payer_remitted_on_type_0 = datetime.date.fromisoformat(data)



                return other_payer_remitted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        other_payer_remitted_on = _parse_other_payer_remitted_on(d.pop("other_payer_remitted_on", UNSET))


        def _parse_prior_claim_decided_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                prior_claim_decided_on_type_0 = datetime.date.fromisoformat(data)



                return prior_claim_decided_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        prior_claim_decided_on = _parse_prior_claim_decided_on(d.pop("prior_claim_decided_on", UNSET))


        filing_dates = cls(
            eligibility_decided_on=eligibility_decided_on,
            other_payer_remitted_on=other_payer_remitted_on,
            prior_claim_decided_on=prior_claim_decided_on,
        )

        return filing_dates

