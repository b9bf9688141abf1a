from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.finding_severity import FindingSeverity
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.citation import Citation





T = TypeVar("T", bound="Finding")



@_attrs_define
class Finding:
    """ 
        Attributes:
            code (str): Stable machine code.
            message (str): Plain-English explanation for a billing clerk.
            severity (FindingSeverity): error blocks billing; warning and info do not.
            citation (Citation | None | Unset): The rule that produced the finding.
            path (None | str | Unset): JSON path of the field at fault.
     """

    code: str
    message: str
    severity: FindingSeverity
    citation: Citation | None | Unset = UNSET
    path: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.citation import Citation # noqa: PLC0415
        code = self.code

        message = self.message

        severity = self.severity.value

        citation: dict[str, Any] | None | Unset
        if isinstance(self.citation, Unset):
            citation = UNSET
        elif isinstance(self.citation, Citation):
            citation = self.citation.to_dict()
        else:
            citation = self.citation

        path: None | str | Unset
        if isinstance(self.path, Unset):
            path = UNSET
        else:
            path = self.path


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "message": message,
            "severity": severity,
        })
        if citation is not UNSET:
            field_dict["citation"] = citation
        if path is not UNSET:
            field_dict["path"] = path

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.citation import Citation # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        severity = FindingSeverity(d.pop("severity"))




        def _parse_citation(data: object) -> Citation | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                citation_type_0 = Citation.from_dict(data)



                return citation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Citation | None | Unset, data)

        citation = _parse_citation(d.pop("citation", UNSET))


        def _parse_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        path = _parse_path(d.pop("path", UNSET))


        finding = cls(
            code=code,
            message=message,
            severity=severity,
            citation=citation,
            path=path,
        )


        finding.additional_properties = d
        return finding

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
