"""Which reads go to the read replica (PEERBILL_READ_DATABASE_URL), decided once per request.

A GET by an auditor key, and a GET of one of the lists below by any key, reads from the replica: these are the
heavy, lag-tolerant reads (a replica is a few seconds behind at most). Everything else reads the primary: key
checks (a revocation holds from the next request on), idempotency, single objects just written, the event feed
(pollers resume from an id) and every write. The audit events of a replica read are written to the primary.
"""

from __future__ import annotations

from fastapi import Request

from billing.db.connection import prefer_replica

LIST_ROUTES = frozenset({
    "/v1/encounters", "/v1/encounters/at-risk", "/v1/rejections", "/v1/rejections/summary", "/v1/claims",
    "/v1/claim-files", "/v1/responses", "/v1/unmatched", "/v1/audit-events", "/v1/agencies", "/v1/payers",
    "/v1/fhir/ExplanationOfBenefit",
})


def reads_from_replica(request: Request, role: str) -> bool:
    if request.method != "GET":
        return False
    return role == "auditor" or getattr(request.scope.get("route"), "path", None) in LIST_ROUTES


def route_reads(request: Request, role: str) -> None:
    """Called from an async dependency (so the flag reaches the endpoint's thread through its copied context)."""
    if reads_from_replica(request, role):
        prefer_replica.set(True)
