"""What is kept only for a while: the stored answers of Idempotency-Keys (PEERBILL_IDEMPOTENCY_RETENTION_HOURS)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete

from billing.db.connection import Database
from billing.db.models import IdempotencyRecord


def purge_idempotency(db: Database, retention_hours: float, now: datetime | None = None) -> int:
    """Delete the stored answers older than the retention; how many were deleted. A key resent afterwards is
    processed again: the encounters themselves stay deduplicated by their ids."""
    cutoff = (now or datetime.now(UTC)) - timedelta(hours=retention_hours)
    with db.writing() as s:
        deleted = s.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff)).rowcount
        s.commit()
    return int(deleted or 0)
