from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.build_out_corrected_item import BuildOutCorrectedItem
  from ..models.claim_file_out import ClaimFileOut
  from ..models.excluded_out import ExcludedOut





T = TypeVar("T", bound="BuildOut")



@_attrs_define
class BuildOut:
    """ 
        Attributes:
            excluded (list[ExcludedOut]): Billable encounters left out, with the content rule broken.
            file (ClaimFileOut | None): Null when nothing was billable.
            corrected (list[BuildOutCorrectedItem] | Unset): Encounters corrected after they were billed, with the claim to
                replace (POST /v1/claims/{id}/replace); they are never billed again as originals.
            sandbox_responses (list[str] | Unset): Test mode only: the synthetic payer's 999, 277CA and 835 for this file
                (response ids), already ingested. Empty for a live file.
     """

    excluded: list[ExcludedOut]
    file: ClaimFileOut | None
    corrected: list[BuildOutCorrectedItem] | Unset = UNSET
    sandbox_responses: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.build_out_corrected_item import BuildOutCorrectedItem # noqa: PLC0415
        from ..models.claim_file_out import ClaimFileOut # noqa: PLC0415
        from ..models.excluded_out import ExcludedOut # noqa: PLC0415
        excluded = []
        for excluded_item_data in self.excluded:
            excluded_item = excluded_item_data.to_dict()
            excluded.append(excluded_item)



        file: dict[str, Any] | None
        if isinstance(self.file, ClaimFileOut):
            file = self.file.to_dict()
        else:
            file = self.file

        corrected: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.corrected, Unset):
            corrected = []
            for corrected_item_data in self.corrected:
                corrected_item = corrected_item_data.to_dict()
                corrected.append(corrected_item)



        sandbox_responses: list[str] | Unset = UNSET
        if not isinstance(self.sandbox_responses, Unset):
            sandbox_responses = self.sandbox_responses




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "excluded": excluded,
            "file": file,
        })
        if corrected is not UNSET:
            field_dict["corrected"] = corrected
        if sandbox_responses is not UNSET:
            field_dict["sandbox_responses"] = sandbox_responses

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.build_out_corrected_item import BuildOutCorrectedItem # noqa: PLC0415
        from ..models.claim_file_out import ClaimFileOut # noqa: PLC0415
        from ..models.excluded_out import ExcludedOut # noqa: PLC0415
        d = dict(src_dict)
        excluded = []
        _excluded = d.pop("excluded")
        for excluded_item_data in (_excluded):
            excluded_item = ExcludedOut.from_dict(excluded_item_data)



            excluded.append(excluded_item)


        def _parse_file(data: object) -> ClaimFileOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                file_type_0 = ClaimFileOut.from_dict(data)



                return file_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ClaimFileOut | None, data)

        file = _parse_file(d.pop("file"))


        _corrected = d.pop("corrected", UNSET)
        corrected: list[BuildOutCorrectedItem] | Unset = UNSET
        if _corrected is not UNSET:
            corrected = []
            for corrected_item_data in _corrected:
                corrected_item = BuildOutCorrectedItem.from_dict(corrected_item_data)



                corrected.append(corrected_item)


        sandbox_responses = cast(list[str], d.pop("sandbox_responses", UNSET))


        build_out = cls(
            excluded=excluded,
            file=file,
            corrected=corrected,
            sandbox_responses=sandbox_responses,
        )


        build_out.additional_properties = d
        return build_out

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
