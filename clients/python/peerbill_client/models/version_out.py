from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.version_out_kind import VersionOutKind
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.encounter import Encounter
  from ..models.verdict import Verdict





T = TypeVar("T", bound="VersionOut")



@_attrs_define
class VersionOut:
    """ 
        Attributes:
            created_at (datetime.datetime):
            created_by (str):
            kind (VersionOutKind):
            version (int):
            encounter (Encounter | None | Unset):
            verdict (None | Unset | Verdict):
     """

    created_at: datetime.datetime
    created_by: str
    kind: VersionOutKind
    version: int
    encounter: Encounter | None | Unset = UNSET
    verdict: None | Unset | Verdict = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.encounter import Encounter # noqa: PLC0415
        from ..models.verdict import Verdict # noqa: PLC0415
        created_at = self.created_at.isoformat()

        created_by = self.created_by

        kind = self.kind.value

        version = self.version

        encounter: dict[str, Any] | None | Unset
        if isinstance(self.encounter, Unset):
            encounter = UNSET
        elif isinstance(self.encounter, Encounter):
            encounter = self.encounter.to_dict()
        else:
            encounter = self.encounter

        verdict: dict[str, Any] | None | Unset
        if isinstance(self.verdict, Unset):
            verdict = UNSET
        elif isinstance(self.verdict, Verdict):
            verdict = self.verdict.to_dict()
        else:
            verdict = self.verdict


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "created_by": created_by,
            "kind": kind,
            "version": version,
        })
        if encounter is not UNSET:
            field_dict["encounter"] = encounter
        if verdict is not UNSET:
            field_dict["verdict"] = verdict

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.encounter import Encounter # noqa: PLC0415
        from ..models.verdict import Verdict # noqa: PLC0415
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        created_by = d.pop("created_by")

        kind = VersionOutKind(d.pop("kind"))




        version = d.pop("version")

        def _parse_encounter(data: object) -> Encounter | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                encounter_type_0 = Encounter.from_dict(data)



                return encounter_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Encounter | None | Unset, data)

        encounter = _parse_encounter(d.pop("encounter", UNSET))


        def _parse_verdict(data: object) -> None | Unset | Verdict:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                verdict_type_0 = Verdict.from_dict(data)



                return verdict_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | Verdict, data)

        verdict = _parse_verdict(d.pop("verdict", UNSET))


        version_out = cls(
            created_at=created_at,
            created_by=created_by,
            kind=kind,
            version=version,
            encounter=encounter,
            verdict=verdict,
        )


        version_out.additional_properties = d
        return version_out

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
