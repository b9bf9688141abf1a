from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="PackRef")



@_attrs_define
class PackRef:
    """ 
        Attributes:
            revision (int): Revision of the state file (bumped on every edit).
            state (str):
            in_force_since (datetime.date | None | Unset): Latest effective date among the rules in force on the date of
                service.
            plan (None | str | Unset): Managed-care plan override applied, if any.
            program (None | str | Unset): Program inside the state whose rules judged it, if any.
     """

    revision: int
    state: str
    in_force_since: datetime.date | None | Unset = UNSET
    plan: None | str | Unset = UNSET
    program: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        revision = self.revision

        state = self.state

        in_force_since: None | str | Unset
        if isinstance(self.in_force_since, Unset):
            in_force_since = UNSET
        elif isinstance(self.in_force_since, datetime.date):
            in_force_since = self.in_force_since.isoformat()
        else:
            in_force_since = self.in_force_since

        plan: None | str | Unset
        if isinstance(self.plan, Unset):
            plan = UNSET
        else:
            plan = self.plan

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "revision": revision,
            "state": state,
        })
        if in_force_since is not UNSET:
            field_dict["in_force_since"] = in_force_since
        if plan is not UNSET:
            field_dict["plan"] = plan
        if program is not UNSET:
            field_dict["program"] = program

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        revision = d.pop("revision")

        state = d.pop("state")

        def _parse_in_force_since(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                in_force_since_type_0 = datetime.date.fromisoformat(data)



                return in_force_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        in_force_since = _parse_in_force_since(d.pop("in_force_since", UNSET))


        def _parse_plan(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        plan = _parse_plan(d.pop("plan", UNSET))


        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        pack_ref = cls(
            revision=revision,
            state=state,
            in_force_since=in_force_since,
            plan=plan,
            program=program,
        )


        pack_ref.additional_properties = d
        return pack_ref

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
