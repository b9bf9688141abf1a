"""GET /v1/events: an agency's events in the order they were committed, read by cursor."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.events.models import EventRow
from schemas.events import EventOut, EventPage


def utc(at: datetime) -> datetime:
    """SQLite hands back naive datetimes; every timestamp we store is UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def event_id(n: int) -> str:
    return f"evt_{n}"


def parse_event_id(text: str) -> int:
    digits = text.removeprefix("evt_")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        raise ValueError(f"not an event id: {text[:40]!r} (expected evt_ and a number)")
    return int(digits)


def event_out(e: EventRow) -> EventOut:
    return EventOut(id=event_id(e.id), type=e.type, timestamp=utc(e.at), object_id=e.object_id, data=e.data)


def list_events(s: Session, agency: str, after: str | None, types: list[str] | None, limit: int) -> EventPage:
    q = select(EventRow).where(EventRow.agency_id == agency).order_by(EventRow.id).limit(limit + 1)
    if after:
        q = q.where(EventRow.id > parse_event_id(after))
    if types:
        q = q.where(EventRow.type.in_(types))
    rows = list(s.scalars(q))
    items = [event_out(e) for e in rows[:limit]]
    return EventPage(items=items, next_cursor=items[-1].id if len(rows) > limit else None)
