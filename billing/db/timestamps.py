"""SQLite keeps no time zone: a `DateTime(timezone=True)` column comes back naive. Every timestamp Peerbill
stores is UTC, so on SQLite such a column is read back as UTC-aware, as PostgreSQL's timestamptz is, and the API
answers RFC 3339 times with an offset on both databases (the OpenAPI document says `format: date-time`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy import types as sqltypes
from sqlalchemy.dialects.sqlite import DATETIME


class AwareDATETIME(DATETIME):
    """SQLite's DATETIME, read as UTC when the column was declared with timezone=True."""

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        parse = super().result_processor(dialect, coltype)
        if not self.timezone or parse is None:
            return parse

        def aware(value: Any) -> datetime | None:
            out = parse(value)
            return out.replace(tzinfo=UTC) if out is not None and out.tzinfo is None else out

        return aware


def read_timestamps_as_utc(engine: Engine) -> None:
    engine.dialect.colspecs = {**engine.dialect.colspecs, sqltypes.DateTime: AwareDATETIME}
