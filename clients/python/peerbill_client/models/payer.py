from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.payer_program import PayerProgram
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="Payer")



@_attrs_define
class Payer:
    """ 
        Attributes:
            program (PayerProgram): Fee-for-service Medicaid, or a managed-care plan.
            state (str): The Medicaid program's state; picks the rule pack.
            payer_id (None | str | Unset): The payer's electronic payer id (837P 2010BB NM109).
            plan (None | str | Unset): Managed-care plan key as listed by GET /v1/rules/{state} (plans), when the plan has
                its own rules.
     """

    program: PayerProgram
    state: str
    payer_id: None | str | Unset = UNSET
    plan: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        program = self.program.value

        state = self.state

        payer_id: None | str | Unset
        if isinstance(self.payer_id, Unset):
            payer_id = UNSET
        else:
            payer_id = self.payer_id

        plan: None | str | Unset
        if isinstance(self.plan, Unset):
            plan = UNSET
        else:
            plan = self.plan


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "program": program,
            "state": state,
        })
        if payer_id is not UNSET:
            field_dict["payer_id"] = payer_id
        if plan is not UNSET:
            field_dict["plan"] = plan

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        program = PayerProgram(d.pop("program"))




        state = d.pop("state")

        def _parse_payer_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payer_id = _parse_payer_id(d.pop("payer_id", UNSET))


        def _parse_plan(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        plan = _parse_plan(d.pop("plan", UNSET))


        payer = cls(
            program=program,
            state=state,
            payer_id=payer_id,
            plan=plan,
        )

        return payer

