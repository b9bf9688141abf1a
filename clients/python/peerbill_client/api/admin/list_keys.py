from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.key_page import KeyPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    agency: None | str | Unset = UNSET,
    revoked: bool | Unset = True,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_agency: None | str | Unset
    if isinstance(agency, Unset):
        json_agency = UNSET
    else:
        json_agency = agency
    params["agency"] = json_agency

    params["revoked"] = revoked

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/keys",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> KeyPage | Problem | None:
    if response.status_code == 200:
        response_200 = KeyPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[KeyPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    agency: None | str | Unset = UNSET,
    revoked: bool | Unset = True,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> Response[KeyPage | Problem]:
    """ Every key: role, agencies, expiry, revocation, last use

     Every API key without its secret: role, agencies, expiry, revocation, last use.

    Args:
        agency (None | str | Unset): Keys of this agency.
        revoked (bool | Unset): Include revoked keys. Default: True.
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KeyPage | Problem]
     """


    kwargs = _get_kwargs(
        agency=agency,
revoked=revoked,
cursor=cursor,
limit=limit,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    agency: None | str | Unset = UNSET,
    revoked: bool | Unset = True,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> KeyPage | Problem | None:
    """ Every key: role, agencies, expiry, revocation, last use

     Every API key without its secret: role, agencies, expiry, revocation, last use.

    Args:
        agency (None | str | Unset): Keys of this agency.
        revoked (bool | Unset): Include revoked keys. Default: True.
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KeyPage | Problem
     """


    return sync_detailed(
        client=client,
agency=agency,
revoked=revoked,
cursor=cursor,
limit=limit,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    agency: None | str | Unset = UNSET,
    revoked: bool | Unset = True,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> Response[KeyPage | Problem]:
    """ Every key: role, agencies, expiry, revocation, last use

     Every API key without its secret: role, agencies, expiry, revocation, last use.

    Args:
        agency (None | str | Unset): Keys of this agency.
        revoked (bool | Unset): Include revoked keys. Default: True.
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KeyPage | Problem]
     """


    kwargs = _get_kwargs(
        agency=agency,
revoked=revoked,
cursor=cursor,
limit=limit,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    agency: None | str | Unset = UNSET,
    revoked: bool | Unset = True,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> KeyPage | Problem | None:
    """ Every key: role, agencies, expiry, revocation, last use

     Every API key without its secret: role, agencies, expiry, revocation, last use.

    Args:
        agency (None | str | Unset): Keys of this agency.
        revoked (bool | Unset): Include revoked keys. Default: True.
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KeyPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
agency=agency,
revoked=revoked,
cursor=cursor,
limit=limit,

    )).parsed
