"""Events: what changed, told to integrations, as a feed (GET /v1/events) and as signed webhooks.

The emitters are one-line calls where things change (intake, rejudge, claim builder, response ingestion); they
queue on the session and the commit writes them (billing.events.outbox)."""

from billing.events.outbox import TYPES, claim_event, claims_built, emit, judged

__all__ = ["TYPES", "claim_event", "claims_built", "emit", "judged"]
