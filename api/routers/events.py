"""/v1/events (the feed an integration catches up from) and /v1/webhook-endpoints (where events are pushed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from api.deps import database, role
from api.errors import problem
from api.idempotency import IDEMPOTENT
from billing.access import Actor
from billing.db.connection import Database
from billing.events import TYPES
from billing.events import endpoints as ep
from billing.events.feed import list_events
from schemas.events import (
    DeliveryPage,
    EndpointIn,
    EndpointOut,
    EndpointPage,
    EndpointPatch,
    EventPage,
    RotateIn,
)

router = APIRouter(tags=["events"])
Integration = Annotated[Actor, Depends(role("ehr", "billing"))]
Billing = Annotated[Actor, Depends(role("billing"))]


@router.get("/v1/events", response_model=EventPage, summary="The agency's events, oldest first, from a cursor",
            description="Every change worth telling an integration (encounter judged, claim built, submitted, "
            "accepted, rejected, paid, denied, ...) in commit order. Poll with `after` = the id of the last event "
            "you processed; the same events are pushed to webhook endpoints. Types: " + ", ".join(TYPES) + ".")
def get_events(request: Request, who: Integration,
               after: Annotated[str | None, Query(max_length=24, description="An event id (`evt_…`).")] = None,
               types: Annotated[str | None, Query(max_length=1000, description="Comma-separated event types.")
                                ] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 100, db: Database = Depends(database)) -> object:
    wanted = [t.strip() for t in types.split(",") if t.strip()] if types else None
    if wanted and (unknown := [t for t in wanted if t not in TYPES]):
        return problem(422, f"types: unknown event type(s) {', '.join(unknown[:5])}", request=request)
    with db.reading() as s:
        try:
            return list_events(s, who.agency_ids[0], after, wanted, limit)
        except ValueError as exc:
            return problem(422, f"after: {exc}", request=request)


@router.post("/v1/webhook-endpoints", status_code=201, response_model=EndpointOut,
             summary="Register a webhook endpoint (the signing secret is in this answer only)",
             dependencies=[IDEMPOTENT])
def post_endpoint(data: EndpointIn, who: Billing, db: Database = Depends(database)) -> EndpointOut:
    with db.writing() as s:
        out = ep.create_endpoint(s, who, data)
        s.commit()
        return out


@router.get("/v1/webhook-endpoints", response_model=EndpointPage, summary="The agency's webhook endpoints")
def get_endpoints(who: Billing, db: Database = Depends(database)) -> EndpointPage:
    with db.reading() as s:
        return ep.list_endpoints(s, who)


@router.get("/v1/webhook-endpoints/{endpoint_id}", response_model=EndpointOut, summary="One webhook endpoint")
def get_endpoint(endpoint_id: str, who: Billing, db: Database = Depends(database)) -> EndpointOut:
    with db.reading() as s:
        return ep.endpoint_out(ep.get_endpoint(s, who, endpoint_id))


@router.patch("/v1/webhook-endpoints/{endpoint_id}", response_model=EndpointOut,
              summary="Change an endpoint's URL, event types or description; disable or enable it")
def patch_endpoint(endpoint_id: str, data: EndpointPatch, who: Billing,
                   db: Database = Depends(database)) -> EndpointOut:
    with db.writing() as s:
        out = ep.update_endpoint(s, who, endpoint_id, data)
        s.commit()
        return out


@router.delete("/v1/webhook-endpoints/{endpoint_id}", status_code=204, response_class=Response,
               summary="Delete an endpoint: nothing more is delivered to it")
def delete_endpoint(endpoint_id: str, who: Billing, db: Database = Depends(database)) -> Response:
    with db.writing() as s:
        ep.delete_endpoint(s, who, endpoint_id)
        s.commit()
    return Response(status_code=204)


@router.post("/v1/webhook-endpoints/{endpoint_id}/rotate-secret", response_model=EndpointOut,
             summary="A new signing secret; the old one keeps signing beside it for the overlap")
def rotate(endpoint_id: str, who: Billing, data: RotateIn | None = None,
           db: Database = Depends(database)) -> EndpointOut:
    with db.writing() as s:
        out = ep.rotate_secret(s, who, endpoint_id, data or RotateIn())
        s.commit()
        return out


@router.get("/v1/webhook-endpoints/{endpoint_id}/deliveries", response_model=DeliveryPage,
            summary="Deliveries to this endpoint, newest first, each attempt with status and latency")
def get_deliveries(endpoint_id: str, who: Billing, after: Annotated[str | None, Query(max_length=32)] = None,
                   limit: Annotated[int, Query(ge=1, le=200)] = 50,
                   db: Database = Depends(database)) -> DeliveryPage:
    with db.reading() as s:
        return ep.list_deliveries(s, who, endpoint_id, after, limit)


@router.post("/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/replay", status_code=202,
             response_class=Response, summary="Send a delivery again now (the worker picks it up)")
def replay(endpoint_id: str, delivery_id: str, who: Billing, db: Database = Depends(database)) -> Response:
    with db.writing() as s:
        ep.replay(s, who, endpoint_id, delivery_id)
        s.commit()
    return Response(status_code=202)



