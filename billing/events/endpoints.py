"""Webhook endpoints: register, list, change, delete, rotate the signing secret; list and replay deliveries.

The secret is kept as is (it must sign every delivery) and shown once, when made. Every change is audited."""

from __future__ import annotations

import base64
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.access import AccessError, Actor
from billing.audit import record
from billing.events.feed import event_id, utc
from billing.events.models import EventRow, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from billing.events.outbox import TYPES
from schemas.events import (
    AttemptOut,
    DeliveryOut,
    DeliveryPage,
    EndpointIn,
    EndpointOut,
    EndpointPage,
    EndpointPatch,
    RotateIn,
)


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _types(types: list[str]) -> list[str]:
    if unknown := [t for t in types if t not in TYPES]:
        raise AccessError(422, f"event_types: unknown type(s) {', '.join(sorted(set(unknown))[:5])}; "
                          f"known: {', '.join(TYPES)}")
    return list(dict.fromkeys(types))


def endpoint_out(e: WebhookEndpoint, secret: str | None = None) -> EndpointOut:
    until = utc(e.previous_until) if e.previous_until else None
    return EndpointOut(id=e.id, url=e.url, description=e.description, event_types=e.event_types,
                       enabled=e.enabled, disabled_reason=e.disabled_reason,
                       previous_secret_until=until if until and until > datetime.now(UTC) else None,
                       created_at=utc(e.created_at), updated_at=utc(e.updated_at), secret=secret)


def create_endpoint(s: Session, who: Actor, data: EndpointIn) -> EndpointOut:
    agency = who.agency_for_billing()
    now = datetime.now(UTC)
    e = WebhookEndpoint(agency_id=agency, url=str(data.url), description=data.description,
                        event_types=_types(data.event_types), enabled=data.enabled, secret=new_secret(),
                        created_at=now, updated_at=now)
    s.add(e)
    s.flush()
    record(s, who, "webhook_endpoint.create", "webhook_endpoint", e.id, agency,
           {"event_types": e.event_types, "enabled": e.enabled})
    return endpoint_out(e, secret=e.secret)


def get_endpoint(s: Session, who: Actor, endpoint_id: str, lock: bool = False) -> WebhookEndpoint:
    agency = who.agency_for_billing()
    q = select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.agency_id == agency,
                                      WebhookEndpoint.deleted_at.is_(None))
    e = s.scalars(q.with_for_update(key_share=True) if lock else q).first()
    if e is None:
        raise AccessError(404, f"no webhook endpoint {endpoint_id[:40]}")
    return e


def list_endpoints(s: Session, who: Actor) -> EndpointPage:
    agency = who.agency_for_billing()
    rows = s.scalars(select(WebhookEndpoint).where(WebhookEndpoint.agency_id == agency,
                                                   WebhookEndpoint.deleted_at.is_(None))
                     .order_by(WebhookEndpoint.id)).all()
    return EndpointPage(items=[endpoint_out(e) for e in rows])


def update_endpoint(s: Session, who: Actor, endpoint_id: str, data: EndpointPatch) -> EndpointOut:
    e = get_endpoint(s, who, endpoint_id, lock=True)
    changed = data.model_dump(exclude_unset=True)
    if changed.get("url") is not None:
        e.url = str(data.url)
    if changed.get("event_types") is not None:
        e.event_types = _types(changed["event_types"])
    if changed.get("description") is not None:
        e.description = changed["description"]
    if changed.get("enabled") is not None:
        e.enabled = changed["enabled"]
        if e.enabled:  # switched back on by a person: its failing streak starts over
            e.disabled_reason, e.failing_since = None, None
    e.updated_at = datetime.now(UTC)
    record(s, who, "webhook_endpoint.update", "webhook_endpoint", e.id, e.agency_id, {"fields": sorted(changed)})
    return endpoint_out(e)


def delete_endpoint(s: Session, who: Actor, endpoint_id: str) -> None:
    """Kept (its deliveries and attempts stay readable to the audit trail) but gone from lists and never
    delivered to again."""
    e = get_endpoint(s, who, endpoint_id, lock=True)
    e.enabled, e.deleted_at = False, datetime.now(UTC)
    record(s, who, "webhook_endpoint.delete", "webhook_endpoint", e.id, e.agency_id)


def rotate_secret(s: Session, who: Actor, endpoint_id: str, data: RotateIn) -> EndpointOut:
    """A new secret; the old one still signs each delivery beside it (two signatures in webhook-signature)
    for `overlap_seconds`, so the receiver can switch without dropping a delivery."""
    e = get_endpoint(s, who, endpoint_id, lock=True)
    now = datetime.now(UTC)
    e.previous_secret, e.previous_until = e.secret, now + timedelta(seconds=data.overlap_seconds)
    e.secret, e.updated_at = new_secret(), now
    record(s, who, "webhook_endpoint.rotate", "webhook_endpoint", e.id, e.agency_id,
           {"overlap_seconds": data.overlap_seconds})
    return endpoint_out(e, secret=e.secret)


def list_deliveries(s: Session, who: Actor, endpoint_id: str, after: str | None, limit: int) -> DeliveryPage:
    """Newest first, each with every attempt."""
    e = get_endpoint(s, who, endpoint_id)
    q = (select(WebhookDelivery, EventRow.type).join(EventRow, EventRow.id == WebhookDelivery.event_id)
         .where(WebhookDelivery.endpoint_id == e.id).order_by(WebhookDelivery.id.desc()).limit(limit + 1))
    if after:
        q = q.where(WebhookDelivery.id < after)
    rows = s.execute(q).all()
    page = rows[:limit]
    attempts: dict[str, list[AttemptOut]] = {}
    if page:
        for a in s.scalars(select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_([d.id for d, _ in page]))
                           .order_by(WebhookAttempt.id)):
            attempts.setdefault(a.delivery_id, []).append(AttemptOut(
                at=utc(a.at), status_code=a.status_code, latency_ms=a.latency_ms, ok=a.ok, error=a.error))
    items = [DeliveryOut(id=d.id, event_id=event_id(d.event_id), event_type=t, status=d.status,
                         attempts=attempts.get(d.id, []),
                         next_attempt_at=utc(d.next_attempt_at) if d.status == "pending" else None,
                         delivered_at=utc(d.delivered_at) if d.delivered_at else None) for d, t in page]
    return DeliveryPage(items=items, next_cursor=page[-1][0].id if len(rows) > limit else None)


def replay(s: Session, who: Actor, endpoint_id: str, delivery_id: str) -> None:
    """Send a delivery again, whatever became of it: due now, with a fresh retry window."""
    e = get_endpoint(s, who, endpoint_id)
    d = s.scalars(select(WebhookDelivery).where(WebhookDelivery.id == delivery_id,
                                                WebhookDelivery.endpoint_id == e.id).with_for_update()).first()
    if d is None:
        raise AccessError(404, f"no delivery {delivery_id[:40]} for this endpoint")
    now = datetime.now(UTC)
    d.status, d.next_attempt_at, d.window_start, d.lease, d.lease_until = "pending", now, now, None, None
    record(s, who, "webhook_delivery.replay", "webhook_delivery", d.id, e.agency_id)

