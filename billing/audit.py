"""The append-only audit trail: who did what to which object, when, in which request (never PHI values)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, insert, select
from sqlalchemy.orm import Session

from billing.db.connection import PENDING_AUDIT, ReadSession
from billing.db.models import AuditEvent
from schemas.api import AuditEventOut
from schemas.worklists import Page

if TYPE_CHECKING:
    from billing.access import Actor


def event_row(actor: Actor, action: str, object_type: str, object_id: str, agency_id: str | None,
              detail: dict[str, Any] | None = None, at: datetime | None = None) -> dict[str, Any]:
    """An audit row; `at` defaults to now (a batch passes its own time, one value for its thousand rows)."""
    return {"at": at or datetime.now(UTC), "actor": actor.key_id, "actor_role": actor.role, "agency_id": agency_id,
            "action": action, "object_type": object_type, "object_id": object_id,
            "request_id": actor.request_id, "detail": detail}


def record(s: Session, actor: Actor, action: str, object_type: str, object_id: str, agency_id: str | None,
           detail: dict[str, Any] | None = None) -> None:
    """Record an event in the session's transaction; on a reading session, in a write of its own when the
    session commits (see billing.db.connection.ReadSession)."""
    row = event_row(actor, action, object_type, object_id, agency_id, detail)
    if isinstance(s, ReadSession):
        s.info.setdefault(PENDING_AUDIT, []).append(row)
    else:
        s.execute(insert(AuditEvent), [row])


def record_many(s: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        s.execute(insert(AuditEvent), rows)


def events_query(agencies: tuple[str, ...] | None, actor: str | None = None, action: str | None = None,
                 object_id: str | None = None, at_from: datetime | None = None, at_to: datetime | None = None,
                 after: int | None = None) -> Select[tuple[AuditEvent]]:
    """The trail, oldest first; `agencies` None reads every agency's (admins)."""
    from billing.db.models import Agency

    q = select(AuditEvent)
    if agencies is not None:
        q = q.where(AuditEvent.agency_id.in_(agencies))
    else:  # every live agency's: a sandbox's (test mode) never mixes in
        q = q.where(AuditEvent.agency_id.is_(None) | AuditEvent.agency_id.not_in(
            select(Agency.id).where(Agency.sandbox_of.is_not(None))))
    for col, val in ((AuditEvent.actor, actor), (AuditEvent.action, action), (AuditEvent.object_id, object_id)):
        if val is not None:
            q = q.where(col == val)
    if at_from is not None:
        q = q.where(AuditEvent.at >= at_from)
    if at_to is not None:
        q = q.where(AuditEvent.at <= at_to)
    if after is not None:
        q = q.where(AuditEvent.id > after)
    return q.order_by(AuditEvent.id)


def events_page(s: Session, q: Select[tuple[AuditEvent]], cursor: str | None, limit: int) -> Page[AuditEventOut]:
    """A page of `events_query`'s trail."""
    from billing.worklists.pages import decode, page

    if (key := decode(cursor, int)) is not None:
        q = q.where(AuditEvent.id > key[0])
    rows = s.scalars(q.limit(limit + 1)).all()
    return page(rows, limit, lambda r: AuditEventOut.model_validate(r, from_attributes=True), lambda r: [r.id])
