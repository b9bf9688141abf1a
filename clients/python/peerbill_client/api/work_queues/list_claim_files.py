from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.claim_file_page import ClaimFilePage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    agency: None | str | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
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

    json_payer: None | str | Unset
    if isinstance(payer, Unset):
        json_payer = UNSET
    else:
        json_payer = payer
    params["payer"] = json_payer

    json_created_from: None | str | Unset
    if isinstance(created_from, Unset):
        json_created_from = UNSET
    elif isinstance(created_from, datetime.datetime):
        json_created_from = created_from.isoformat()
    else:
        json_created_from = created_from
    params["created_from"] = json_created_from

    json_created_to: None | str | Unset
    if isinstance(created_to, Unset):
        json_created_to = UNSET
    elif isinstance(created_to, datetime.datetime):
        json_created_to = created_to.isoformat()
    else:
        json_created_to = created_to
    params["created_to"] = json_created_to

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
        "url": "/v1/claim-files",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ClaimFilePage | Problem | None:
    if response.status_code == 200:
        response_200 = ClaimFilePage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ClaimFilePage | Problem]:
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
    payer: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> Response[ClaimFilePage | Problem]:
    """ Claim files, newest first

     The agency's claim files, newest first.

    Args:
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        payer (None | str | Unset): Payer set-up id or payer id.
        created_from (datetime.datetime | None | Unset):
        created_to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClaimFilePage | Problem]
     """


    kwargs = _get_kwargs(
        agency=agency,
payer=payer,
created_from=created_from,
created_to=created_to,
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
    payer: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> ClaimFilePage | Problem | None:
    """ Claim files, newest first

     The agency's claim files, newest first.

    Args:
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        payer (None | str | Unset): Payer set-up id or payer id.
        created_from (datetime.datetime | None | Unset):
        created_to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClaimFilePage | Problem
     """


    return sync_detailed(
        client=client,
agency=agency,
payer=payer,
created_from=created_from,
created_to=created_to,
cursor=cursor,
limit=limit,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    agency: None | str | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> Response[ClaimFilePage | Problem]:
    """ Claim files, newest first

     The agency's claim files, newest first.

    Args:
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        payer (None | str | Unset): Payer set-up id or payer id.
        created_from (datetime.datetime | None | Unset):
        created_to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClaimFilePage | Problem]
     """


    kwargs = _get_kwargs(
        agency=agency,
payer=payer,
created_from=created_from,
created_to=created_to,
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
    payer: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> ClaimFilePage | Problem | None:
    """ Claim files, newest first

     The agency's claim files, newest first.

    Args:
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        payer (None | str | Unset): Payer set-up id or payer id.
        created_from (datetime.datetime | None | Unset):
        created_to (datetime.datetime | None | Unset):
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClaimFilePage | Problem
     """


    return (await asyncio_detailed(
        client=client,
agency=agency,
payer=payer,
created_from=created_from,
created_to=created_to,
cursor=cursor,
limit=limit,

    )).parsed
