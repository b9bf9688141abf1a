"""The append-only audit trail: who did what to which object, when, in which request (never PHI values)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from billing.db.connection import PENDING_AUDIT, ReadSession
from billing.db.models import AuditEvent

if TYPE_CHECKING:
    from billing.access import Actor


def event_row(actor: Actor, action: str, object_type: str, object_id: str, agency_id: str | None,
              detail: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"at": datetime.now(UTC), "actor": actor.key_id, "actor_role": actor.role, "agency_id": agency_id,
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
