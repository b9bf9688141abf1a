from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.citation_confidence import CitationConfidence
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="Citation")



@_attrs_define
class Citation:
    """ Where a rule comes from, so a person can check it against the source.

        Attributes:
            document (str): Title of the source document.
            effective (datetime.date | None): The date the cited text takes effect, or the effective date it states for the
                rule it describes (a bulletin announcing a benefit 'effective January 1, 2019'). null when no source gives it:
                the date a copy was read goes in read_on, its current-through or publication date in current_through.
            section (str): Section, page or paragraph.
            confidence (CitationConfidence | Unset): verified: read in the state's own text; verified_mco: one managed-care
                plan's text; secondary: a summary citing a source not read (its findings are warnings, not errors). Default:
                CitationConfidence.VERIFIED.
            current_through (datetime.date | None | Unset): The last date the source is known to have been current (e.g. a
                manual's revision date).
            read_on (datetime.date | None | Unset): The day this copy of the source was read (not its effective date).
            url (None | str | Unset): Where the source can be read.
     """

    document: str
    effective: datetime.date | None
    section: str
    confidence: CitationConfidence | Unset = CitationConfidence.VERIFIED
    current_through: datetime.date | None | Unset = UNSET
    read_on: datetime.date | None | Unset = UNSET
    url: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        document = self.document

        effective: None | str
        if isinstance(self.effective, datetime.date):
            effective = self.effective.isoformat()
        else:
            effective = self.effective

        section = self.section

        confidence: str | Unset = UNSET
        if not isinstance(self.confidence, Unset):
            confidence = self.confidence.value


        current_through: None | str | Unset
        if isinstance(self.current_through, Unset):
            current_through = UNSET
        elif isinstance(self.current_through, datetime.date):
            current_through = self.current_through.isoformat()
        else:
            current_through = self.current_through

        read_on: None | str | Unset
        if isinstance(self.read_on, Unset):
            read_on = UNSET
        elif isinstance(self.read_on, datetime.date):
            read_on = self.read_on.isoformat()
        else:
            read_on = self.read_on

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "document": document,
            "effective": effective,
            "section": section,
        })
        if confidence is not UNSET:
            field_dict["confidence"] = confidence
        if current_through is not UNSET:
            field_dict["current_through"] = current_through
        if read_on is not UNSET:
            field_dict["read_on"] = read_on
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        document = d.pop("document")

        def _parse_effective(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_type_0 = datetime.date.fromisoformat(data)



                return effective_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        effective = _parse_effective(d.pop("effective"))


        section = d.pop("section")

        _confidence = d.pop("confidence", UNSET)
        confidence: CitationConfidence | Unset
        if isinstance(_confidence,  Unset):
            confidence = UNSET
        else:
            confidence = CitationConfidence(_confidence)




        def _parse_current_through(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_through_type_0 = datetime.date.fromisoformat(data)



                return current_through_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        current_through = _parse_current_through(d.pop("current_through", UNSET))


        def _parse_read_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                read_on_type_0 = datetime.date.fromisoformat(data)



                return read_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        read_on = _parse_read_on(d.pop("read_on", UNSET))


        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))


        citation = cls(
            document=document,
            effective=effective,
            section=section,
            confidence=confidence,
            current_through=current_through,
            read_on=read_on,
            url=url,
        )

        return citation

