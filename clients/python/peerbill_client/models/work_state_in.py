from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.work_state_in_state_type_0 import WorkStateInStateType0
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="WorkStateIn")



@_attrs_define
class WorkStateIn:
    """ 
        Attributes:
            state (None | WorkStateInStateType0): held, needs_review, written_off, finalized; null clears it.
            note (None | str | Unset): Why (no PHI: it is shown to every reader).
     """

    state: None | WorkStateInStateType0
    note: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        state: None | str
        if isinstance(self.state, WorkStateInStateType0):
            state = self.state.value
        else:
            state = self.state

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "state": state,
        })
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_state(data: object) -> None | WorkStateInStateType0:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                state_type_0 = WorkStateInStateType0(data)



                return state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | WorkStateInStateType0, data)

        state = _parse_state(d.pop("state"))


        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        work_state_in = cls(
            state=state,
            note=note,
        )

        return work_state_in

