from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.event_page import EventPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    after: None | str | Unset = UNSET,
    types: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_after: None | str | Unset
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

    json_types: None | str | Unset
    if isinstance(types, Unset):
        json_types = UNSET
    else:
        json_types = types
    params["types"] = json_types

    params["limit"] = limit


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EventPage | Problem | None:
    if response.status_code == 200:
        response_200 = EventPage.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EventPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    types: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> Response[EventPage | Problem]:
    """ The agency's events, oldest first, from a cursor

     Every change worth telling an integration (encounter judged, claim built, submitted, accepted,
    rejected, paid, denied, ...) in commit order. Poll with `after` = the id of the last event you
    processed; the same events are pushed to webhook endpoints. Types: encounter.judged,
    encounter.rejudged, encounter.at_filing_risk, claim.built, claim.submitted, claim.accepted,
    claim.rejected, claim.paid, claim.partially_paid, claim.denied, claim.reversed,
    claim.status_reported, claim.voided, claim_line.paid, claim_line.denied, claim_line.reversed,
    response.ingested, unmatched_item.created, unmatched_item.resolved, webhook_endpoint.disabled.

    Args:
        after (None | str | Unset): An event id (`evt_…`).
        types (None | str | Unset): Comma-separated event types.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
     """


    kwargs = _get_kwargs(
        after=after,
types=types,
limit=limit,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    types: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> EventPage | Problem | None:
    """ The agency's events, oldest first, from a cursor

     Every change worth telling an integration (encounter judged, claim built, submitted, accepted,
    rejected, paid, denied, ...) in commit order. Poll with `after` = the id of the last event you
    processed; the same events are pushed to webhook endpoints. Types: encounter.judged,
    encounter.rejudged, encounter.at_filing_risk, claim.built, claim.submitted, claim.accepted,
    claim.rejected, claim.paid, claim.partially_paid, claim.denied, claim.reversed,
    claim.status_reported, claim.voided, claim_line.paid, claim_line.denied, claim_line.reversed,
    response.ingested, unmatched_item.created, unmatched_item.resolved, webhook_endpoint.disabled.

    Args:
        after (None | str | Unset): An event id (`evt_…`).
        types (None | str | Unset): Comma-separated event types.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
     """


    return sync_detailed(
        client=client,
after=after,
types=types,
limit=limit,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    types: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> Response[EventPage | Problem]:
    """ The agency's events, oldest first, from a cursor

     Every change worth telling an integration (encounter judged, claim built, submitted, accepted,
    rejected, paid, denied, ...) in commit order. Poll with `after` = the id of the last event you
    processed; the same events are pushed to webhook endpoints. Types: encounter.judged,
    encounter.rejudged, encounter.at_filing_risk, claim.built, claim.submitted, claim.accepted,
    claim.rejected, claim.paid, claim.partially_paid, claim.denied, claim.reversed,
    claim.status_reported, claim.voided, claim_line.paid, claim_line.denied, claim_line.reversed,
    response.ingested, unmatched_item.created, unmatched_item.resolved, webhook_endpoint.disabled.

    Args:
        after (None | str | Unset): An event id (`evt_…`).
        types (None | str | Unset): Comma-separated event types.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | Problem]
     """


    kwargs = _get_kwargs(
        after=after,
types=types,
limit=limit,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    after: None | str | Unset = UNSET,
    types: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> EventPage | Problem | None:
    """ The agency's events, oldest first, from a cursor

     Every change worth telling an integration (encounter judged, claim built, submitted, accepted,
    rejected, paid, denied, ...) in commit order. Poll with `after` = the id of the last event you
    processed; the same events are pushed to webhook endpoints. Types: encounter.judged,
    encounter.rejudged, encounter.at_filing_risk, claim.built, claim.submitted, claim.accepted,
    claim.rejected, claim.paid, claim.partially_paid, claim.denied, claim.reversed,
    claim.status_reported, claim.voided, claim_line.paid, claim_line.denied, claim_line.reversed,
    response.ingested, unmatched_item.created, unmatched_item.resolved, webhook_endpoint.disabled.

    Args:
        after (None | str | Unset): An event id (`evt_…`).
        types (None | str | Unset): Comma-separated event types.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
after=after,
types=types,
limit=limit,

    )).parsed
