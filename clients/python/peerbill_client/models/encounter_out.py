from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.encounter_out_status import EncounterOutStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.encounter import Encounter
  from ..models.verdict import Verdict
  from ..models.version_out import VersionOut





T = TypeVar("T", bound="EncounterOut")



@_attrs_define
class EncounterOut:
    """ 
        Attributes:
            agency_id (str):
            created_at (datetime.datetime):
            encounter (Encounter):
            id (str): The EHR's encounter id.
            status (EncounterOutStatus):
            updated_at (datetime.datetime):
            verdict (None | Verdict):
            version (int):
            versions (list[VersionOut] | None | Unset): Every version, oldest first (GET one).
     """

    agency_id: str
    created_at: datetime.datetime
    encounter: Encounter
    id: str
    status: EncounterOutStatus
    updated_at: datetime.datetime
    verdict: None | Verdict
    version: int
    versions: list[VersionOut] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.encounter import Encounter # noqa: PLC0415
        from ..models.verdict import Verdict # noqa: PLC0415
        from ..models.version_out import VersionOut # noqa: PLC0415
        agency_id = self.agency_id

        created_at = self.created_at.isoformat()

        encounter = self.encounter.to_dict()

        id = self.id

        status = self.status.value

        updated_at = self.updated_at.isoformat()

        verdict: dict[str, Any] | None
        if isinstance(self.verdict, Verdict):
            verdict = self.verdict.to_dict()
        else:
            verdict = self.verdict

        version = self.version

        versions: list[dict[str, Any]] | None | Unset
        if isinstance(self.versions, Unset):
            versions = UNSET
        elif isinstance(self.versions, list):
            versions = []
            for versions_type_0_item_data in self.versions:
                versions_type_0_item = versions_type_0_item_data.to_dict()
                versions.append(versions_type_0_item)


        else:
            versions = self.versions


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agency_id": agency_id,
            "created_at": created_at,
            "encounter": encounter,
            "id": id,
            "status": status,
            "updated_at": updated_at,
            "verdict": verdict,
            "version": version,
        })
        if versions is not UNSET:
            field_dict["versions"] = versions

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.encounter import Encounter # noqa: PLC0415
        from ..models.verdict import Verdict # noqa: PLC0415
        from ..models.version_out import VersionOut # noqa: PLC0415
        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        encounter = Encounter.from_dict(d.pop("encounter"))




        id = d.pop("id")

        status = EncounterOutStatus(d.pop("status"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        def _parse_verdict(data: object) -> None | Verdict:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                verdict_type_0 = Verdict.from_dict(data)



                return verdict_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Verdict, data)

        verdict = _parse_verdict(d.pop("verdict"))


        version = d.pop("version")

        def _parse_versions(data: object) -> list[VersionOut] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                versions_type_0 = []
                _versions_type_0 = data
                for versions_type_0_item_data in (_versions_type_0):
                    versions_type_0_item = VersionOut.from_dict(versions_type_0_item_data)



                    versions_type_0.append(versions_type_0_item)

                return versions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[VersionOut] | None | Unset, data)

        versions = _parse_versions(d.pop("versions", UNSET))


        encounter_out = cls(
            agency_id=agency_id,
            created_at=created_at,
            encounter=encounter,
            id=id,
            status=status,
            updated_at=updated_at,
            verdict=verdict,
            version=version,
            versions=versions,
        )


        encounter_out.additional_properties = d
        return encounter_out

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
