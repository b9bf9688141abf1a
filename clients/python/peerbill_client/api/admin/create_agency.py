from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.agency_in import AgencyIn
from ...models.agency_out import AgencyOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: AgencyIn,
    idempotency_key: None | str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/agencies",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AgencyOut | Problem | None:
    if response.status_code == 201:
        response_201 = AgencyOut.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AgencyOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AgencyIn,
    idempotency_key: None | str | Unset = UNSET,

) -> Response[AgencyOut | Problem]:
    """ Create an agency

     Create an agency (admin keys): its name, NPI, tax id and address.

    Args:
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.
        body (AgencyIn): A new agency, checked as the 837P's billing provider will need it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgencyOut | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: AgencyIn,
    idempotency_key: None | str | Unset = UNSET,

) -> AgencyOut | Problem | None:
    """ Create an agency

     Create an agency (admin keys): its name, NPI, tax id and address.

    Args:
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.
        body (AgencyIn): A new agency, checked as the 837P's billing provider will need it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgencyOut | Problem
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AgencyIn,
    idempotency_key: None | str | Unset = UNSET,

) -> Response[AgencyOut | Problem]:
    """ Create an agency

     Create an agency (admin keys): its name, NPI, tax id and address.

    Args:
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.
        body (AgencyIn): A new agency, checked as the 837P's billing provider will need it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgencyOut | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AgencyIn,
    idempotency_key: None | str | Unset = UNSET,

) -> AgencyOut | Problem | None:
    """ Create an agency

     Create an agency (admin keys): its name, NPI, tax id and address.

    Args:
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.
        body (AgencyIn): A new agency, checked as the 837P's billing provider will need it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgencyOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
