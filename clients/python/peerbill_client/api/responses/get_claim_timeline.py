from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.timeline_entry import TimelineEntry
from typing import cast



def _get_kwargs(
    claim_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/claims/{claim_id}/timeline".format(claim_id=quote(str(claim_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | list[TimelineEntry] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in (_response_200):
            response_200_item = TimelineEntry.from_dict(response_200_item_data)



            response_200.append(response_200_item)

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | list[TimelineEntry]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    claim_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[Problem | list[TimelineEntry]]:
    """ Every response and status change of a claim and its lines, in order

     Every response and status change of a claim and its lines, in order.

    Args:
        claim_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[TimelineEntry]]
     """


    kwargs = _get_kwargs(
        claim_id=claim_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    claim_id: str,
    *,
    client: AuthenticatedClient,

) -> Problem | list[TimelineEntry] | None:
    """ Every response and status change of a claim and its lines, in order

     Every response and status change of a claim and its lines, in order.

    Args:
        claim_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[TimelineEntry]
     """


    return sync_detailed(
        claim_id=claim_id,
client=client,

    ).parsed

async def asyncio_detailed(
    claim_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[Problem | list[TimelineEntry]]:
    """ Every response and status change of a claim and its lines, in order

     Every response and status change of a claim and its lines, in order.

    Args:
        claim_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[TimelineEntry]]
     """


    kwargs = _get_kwargs(
        claim_id=claim_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    claim_id: str,
    *,
    client: AuthenticatedClient,

) -> Problem | list[TimelineEntry] | None:
    """ Every response and status change of a claim and its lines, in order

     Every response and status change of a claim and its lines, in order.

    Args:
        claim_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[TimelineEntry]
     """


    return (await asyncio_detailed(
        claim_id=claim_id,
client=client,

    )).parsed
