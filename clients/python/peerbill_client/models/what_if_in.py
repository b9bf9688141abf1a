from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="WhatIfIn")



@_attrs_define
class WhatIfIn:
    """ 
        Attributes:
            state (str): The state whose encounters are judged again.
            agency (None | str | Unset): For auditor keys granted several agencies.
            changes_limit (int | Unset): Changed encounters listed in JSON. Default: 1000.
            from_ (datetime.date | None | Unset): First date of service.
            pack (None | str | Unset): The candidate pack as YAML text (the format of state_rules/XX.yaml); the shipped pack
                when absent (to re-check old verdicts).
            payer (None | str | Unset): Only this payer id.
            to (datetime.date | None | Unset): Last date of service.
     """

    state: str
    agency: None | str | Unset = UNSET
    changes_limit: int | Unset = 1000
    from_: datetime.date | None | Unset = UNSET
    pack: None | str | Unset = UNSET
    payer: None | str | Unset = UNSET
    to: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        state = self.state

        agency: None | str | Unset
        if isinstance(self.agency, Unset):
            agency = UNSET
        else:
            agency = self.agency

        changes_limit = self.changes_limit

        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        elif isinstance(self.from_, datetime.date):
            from_ = self.from_.isoformat()
        else:
            from_ = self.from_

        pack: None | str | Unset
        if isinstance(self.pack, Unset):
            pack = UNSET
        else:
            pack = self.pack

        payer: None | str | Unset
        if isinstance(self.payer, Unset):
            payer = UNSET
        else:
            payer = self.payer

        to: None | str | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        elif isinstance(self.to, datetime.date):
            to = self.to.isoformat()
        else:
            to = self.to


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "state": state,
        })
        if agency is not UNSET:
            field_dict["agency"] = agency
        if changes_limit is not UNSET:
            field_dict["changes_limit"] = changes_limit
        if from_ is not UNSET:
            field_dict["from"] = from_
        if pack is not UNSET:
            field_dict["pack"] = pack
        if payer is not UNSET:
            field_dict["payer"] = payer
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = d.pop("state")

        def _parse_agency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        agency = _parse_agency(d.pop("agency", UNSET))


        changes_limit = d.pop("changes_limit", UNSET)

        def _parse_from_(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_type_0 = datetime.date.fromisoformat(data)



                return from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))


        def _parse_pack(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pack = _parse_pack(d.pop("pack", UNSET))


        def _parse_payer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payer = _parse_payer(d.pop("payer", UNSET))


        def _parse_to(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                to_type_0 = datetime.date.fromisoformat(data)



                return to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        to = _parse_to(d.pop("to", UNSET))


        what_if_in = cls(
            state=state,
            agency=agency,
            changes_limit=changes_limit,
            from_=from_,
            pack=pack,
            payer=payer,
            to=to,
        )

        return what_if_in

