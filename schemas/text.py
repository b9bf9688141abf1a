"""Text rules every request body shares: no NUL characters (PostgreSQL cannot store them, and no real name,
id or address holds one), reported on the field that holds it."""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic import BaseModel, ValidationInfo, field_validator


def holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(k) or holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(v) for v in value)
    return False


@cache
def _nests_model(annotation: Any) -> bool:
    """Whether a field's type holds a model, which checks its own fields (so the error names the inner one)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_nests_model(a) for a in get_args(annotation))


class NoNul(BaseModel):
    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any, info: ValidationInfo) -> Any:
        # Runs on every field of every model parsed: strings (nearly all of them) and scalars take the short way.
        if isinstance(value, str):
            if "\x00" in value:
                raise ValueError("must not contain a NUL character")
            return value
        if value is None or isinstance(value, int | float):
            return value
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and _nests_model(field.annotation) and not isinstance(value, str):
            return value
        if holds_nul(value):
            raise ValueError("must not contain a NUL character")
        return value
