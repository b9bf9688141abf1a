"""Text rules every request body shares: no NUL characters (PostgreSQL cannot store them, and no real name,
id or address holds one), reported on the field that holds it.

Two forms of the same rule:
- `Text` / `OptText` (the encounter's models): a check inside pydantic-core, after the field's own constraints,
  so it costs no Python call per field. The encounter is parsed on every request and judged in bulk; a Python
  validator on every field of every model was a third of parse + judge (issue 19).
- `NoNul` (other request bodies): a before-validator on every field, which also sees inside dicts and lists.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, get_args

from pydantic import BaseModel, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo, field_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema
from pydantic_core import core_schema as cs

NUL_MESSAGE = "must not contain a NUL character"
NUL_ERROR = "nul_character"
_NUL_FREE = cs.str_schema(pattern=r"^[^\x00]*$")


class _NulFree:
    """Annotation: the field's schema, then a NUL check whose only error is `NUL_MESSAGE` on that field."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        inner = handler(source)
        check = cs.nullable_schema(_NUL_FREE) if type(None) in get_args(source) else _NUL_FREE
        return cs.chain_schema([inner, cs.custom_error_schema(
            check, custom_error_type=NUL_ERROR, custom_error_message=NUL_MESSAGE)])

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        # The field's own schema in both modes (a chain shows its last step when serializing: the NUL check).
        return handler(schema["steps"][0] if schema.get("type") == "chain" else schema)


Text = Annotated[str, _NulFree()]
OptText = Annotated[str | None, _NulFree()]


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
                raise ValueError(NUL_MESSAGE)
            return value
        if value is None or isinstance(value, int | float):
            return value
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and _nests_model(field.annotation) and not isinstance(value, str):
            return value
        if holds_nul(value):
            raise ValueError(NUL_MESSAGE)
        return value
