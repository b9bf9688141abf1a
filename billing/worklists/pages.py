"""One cursor for every list: the sort key of the last item, opaque to clients (base64 of a JSON list)."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from schemas.worklists import Page

T = TypeVar("T", bound=BaseModel)
MAX_ID = 2**31 - 1  # integer ids (audit events, claim events) are 32-bit on PostgreSQL


def encode(key: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key), default=str).encode()).decode().rstrip("=")


def decode(cursor: str | None, *types: type) -> list[Any] | None:
    """The sort key a cursor carries, one value of each of `types`; ValueError (a 400) for a cursor this service
    did not give out, so a forged one never reaches the database as a value of the wrong type."""
    if cursor is None:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("cursor is not one this service gave out") from exc
    if not isinstance(key, list) or len(key) != len(types) or not all(
            isinstance(v, t) and not isinstance(v, bool) and (t is not int or 0 <= v <= MAX_ID)
            for v, t in zip(key, types, strict=True)):
        raise ValueError("cursor is not one this service gave out")
    return key


def page(rows: Sequence[Any], limit: int, item: Callable[[Any], T], key: Callable[[Any], Sequence[Any]]
         ) -> Page[T]:
    """A page from `limit + 1` rows read: the extra row only says there is a next page."""
    nxt = encode(key(rows[limit - 1])) if len(rows) > limit else None
    return Page[T](items=[item(r) for r in rows[:limit]], next_cursor=nxt)  # type: ignore[valid-type]


def walk(fetch: Callable[[str | None], Page[Any]]) -> Iterator[BaseModel]:
    """Every item of a list, page after page."""
    cursor = None
    while True:
        p = fetch(cursor)
        yield from p.items
        if not (cursor := p.next_cursor):
            return


def _cell(v: Any) -> Any:
    if isinstance(v, dict | list):
        return json.dumps(v, default=str, separators=(",", ":"))
    return "" if v is None else v


def csv_lines(items: Iterator[BaseModel], columns: Sequence[str]) -> Iterator[str]:
    """CSV text, a header then one row per item; nested values as compact JSON."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(columns)
    for n, it in enumerate(items, 1):
        d = it.model_dump(mode="json")
        w.writerow([_cell(d.get(c)) for c in columns])
        if n % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()
