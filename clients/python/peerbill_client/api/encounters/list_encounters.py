from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.encounter_page import EncounterPage
from ...models.list_encounters_status_type_0 import ListEncountersStatusType0
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    status: ListEncountersStatusType0 | None | Unset = UNSET,
    member: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    agency: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListEncountersStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_member: None | str | Unset
    if isinstance(member, Unset):
        json_member = UNSET
    else:
        json_member = member
    params["member"] = json_member

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.date):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    json_agency: None | str | Unset
    if isinstance(agency, Unset):
        json_agency = UNSET
    else:
        json_agency = agency
    params["agency"] = json_agency


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/encounters",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EncounterPage | Problem | None:
    if response.status_code == 200:
        response_200 = EncounterPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EncounterPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListEncountersStatusType0 | None | Unset = UNSET,
    member: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    agency: None | str | Unset = UNSET,

) -> Response[EncounterPage | Problem]:
    """ List encounters (cursor pagination)

     The agency's encounters, newest first, filtered by status, member and dates of service. Follow
    `next_cursor` for the next page.

    Args:
        status (ListEncountersStatusType0 | None | Unset):
        member (None | str | Unset): Member's Medicaid id.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 100.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EncounterPage | Problem]
     """


    kwargs = _get_kwargs(
        status=status,
member=member,
from_=from_,
to=to,
cursor=cursor,
limit=limit,
agency=agency,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    status: ListEncountersStatusType0 | None | Unset = UNSET,
    member: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    agency: None | str | Unset = UNSET,

) -> EncounterPage | Problem | None:
    """ List encounters (cursor pagination)

     The agency's encounters, newest first, filtered by status, member and dates of service. Follow
    `next_cursor` for the next page.

    Args:
        status (ListEncountersStatusType0 | None | Unset):
        member (None | str | Unset): Member's Medicaid id.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 100.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EncounterPage | Problem
     """


    return sync_detailed(
        client=client,
status=status,
member=member,
from_=from_,
to=to,
cursor=cursor,
limit=limit,
agency=agency,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListEncountersStatusType0 | None | Unset = UNSET,
    member: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    agency: None | str | Unset = UNSET,

) -> Response[EncounterPage | Problem]:
    """ List encounters (cursor pagination)

     The agency's encounters, newest first, filtered by status, member and dates of service. Follow
    `next_cursor` for the next page.

    Args:
        status (ListEncountersStatusType0 | None | Unset):
        member (None | str | Unset): Member's Medicaid id.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 100.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EncounterPage | Problem]
     """


    kwargs = _get_kwargs(
        status=status,
member=member,
from_=from_,
to=to,
cursor=cursor,
limit=limit,
agency=agency,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListEncountersStatusType0 | None | Unset = UNSET,
    member: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,
    agency: None | str | Unset = UNSET,

) -> EncounterPage | Problem | None:
    """ List encounters (cursor pagination)

     The agency's encounters, newest first, filtered by status, member and dates of service. Follow
    `next_cursor` for the next page.

    Args:
        status (ListEncountersStatusType0 | None | Unset):
        member (None | str | Unset): Member's Medicaid id.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 100.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EncounterPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
status=status,
member=member,
from_=from_,
to=to,
cursor=cursor,
limit=limit,
agency=agency,

    )).parsed
