"""Error bodies: RFC 9457 problem details, and pydantic errors as a list of (path, problem)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, ValidationError


class FieldError(BaseModel):
    path: str = Field(description="JSON path of the field, e.g. service.minutes or items[3].member.sex.")
    problem: str = Field(description="What is wrong with it.")


class Problem(BaseModel):
    """application/problem+json (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None


def json_path(loc: tuple[Any, ...] | list[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(body)"


def field_errors(exc: ValidationError, prefix: tuple[Any, ...] = ()) -> list[FieldError]:
    return [
        FieldError(path=json_path(prefix + tuple(e["loc"])), problem=e["msg"].removeprefix("Value error, "))
        for e in exc.errors(include_url=False)
    ]
