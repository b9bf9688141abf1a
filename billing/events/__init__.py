"""Events: what changed, told to integrations, as a feed (GET /v1/events) and as signed webhooks.

The emitters are one-line calls where things change (intake, rejudge, claim builder, response ingestion); they
queue on the session and the commit writes them (billing.events.outbox)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from billing.events.outbox import TYPES, claim_event, claims_built, emit, judged, judged_event, queue

__all__ = ["TYPES", "claim_event", "claims_built", "emit", "judged", "judged_event", "queue"]


def __getattr__(name: str) -> Any:
    # Loaded on first use, so `peerbill <command>` does not import SQLAlchemy to register the worker command.
    if name in __all__:
        from billing.events import outbox

        return getattr(outbox, name)
    raise AttributeError(f"module 'billing.events' has no attribute {name!r}")
