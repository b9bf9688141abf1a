"""What the engine reads of an earlier service. The public `schemas.PriorService` has this shape; inside
Peerbill a named tuple stands in for it, being many times cheaper to build per row (a frozen dataclass sets each
field through object.__setattr__)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import NamedTuple, Protocol


class PriorLike(Protocol):
    @property
    def encounter_id(self) -> str: ...
    @property
    def member_id(self) -> str: ...
    @property
    def rendering_npi(self) -> str | None: ...
    @property
    def date(self) -> date: ...
    @property
    def start_time(self) -> time | None: ...
    @property
    def end_time(self) -> time | None: ...
    @property
    def hcpcs(self) -> str: ...
    @property
    def modifiers(self) -> Sequence[str]: ...
    @property
    def units(self) -> int: ...
    @property
    def setting(self) -> str: ...
    @property
    def minutes(self) -> int | None: ...


class Prior(NamedTuple):
    encounter_id: str
    member_id: str
    rendering_npi: str | None
    date: date
    start_time: time | None
    end_time: time | None
    hcpcs: str
    modifiers: tuple[str, ...]
    units: int
    setting: str
    minutes: int | None = None
