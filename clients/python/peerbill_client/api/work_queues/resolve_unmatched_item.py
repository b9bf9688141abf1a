from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.resolve_in import ResolveIn
from ...models.unmatched_out import UnmatchedOut
from typing import cast



def _get_kwargs(
    item_id: int,
    *,
    body: ResolveIn,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/unmatched/{item_id}/resolve".format(item_id=quote(str(item_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | UnmatchedOut | None:
    if response.status_code == 200:
        response_200 = UnmatchedOut.from_dict(response.json())



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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | UnmatchedOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    item_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveIn,

) -> Response[Problem | UnmatchedOut]:
    """ Match an unmatched item to a claim (posted as if it had matched) or dismiss it with a reason

     Match an unmatched item to a claim (it is posted as if it had matched) or dismiss it with a reason.

    Args:
        item_id (int): The unmatched item's id.
        body (ResolveIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UnmatchedOut]
     """


    kwargs = _get_kwargs(
        item_id=item_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    item_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveIn,

) -> Problem | UnmatchedOut | None:
    """ Match an unmatched item to a claim (posted as if it had matched) or dismiss it with a reason

     Match an unmatched item to a claim (it is posted as if it had matched) or dismiss it with a reason.

    Args:
        item_id (int): The unmatched item's id.
        body (ResolveIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UnmatchedOut
     """


    return sync_detailed(
        item_id=item_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    item_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveIn,

) -> Response[Problem | UnmatchedOut]:
    """ Match an unmatched item to a claim (posted as if it had matched) or dismiss it with a reason

     Match an unmatched item to a claim (it is posted as if it had matched) or dismiss it with a reason.

    Args:
        item_id (int): The unmatched item's id.
        body (ResolveIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UnmatchedOut]
     """


    kwargs = _get_kwargs(
        item_id=item_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    item_id: int,
    *,
    client: AuthenticatedClient,
    body: ResolveIn,

) -> Problem | UnmatchedOut | None:
    """ Match an unmatched item to a claim (posted as if it had matched) or dismiss it with a reason

     Match an unmatched item to a claim (it is posted as if it had matched) or dismiss it with a reason.

    Args:
        item_id (int): The unmatched item's id.
        body (ResolveIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UnmatchedOut
     """


    return (await asyncio_detailed(
        item_id=item_id,
client=client,
body=body,

    )).parsed
