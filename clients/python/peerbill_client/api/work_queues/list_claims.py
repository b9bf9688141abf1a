from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.claim_summary_page import ClaimSummaryPage
from ...models.list_claims_work_state_type_0 import ListClaimsWorkStateType0
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    agency: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    work_state: ListClaimsWorkStateType0 | None | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    peer: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    file: None | str | Unset = UNSET,
    active: bool | None | Unset = UNSET,
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

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    else:
        json_status = status
    params["status"] = json_status

    json_work_state: None | str | Unset
    if isinstance(work_state, Unset):
        json_work_state = UNSET
    elif isinstance(work_state, ListClaimsWorkStateType0):
        json_work_state = work_state.value
    else:
        json_work_state = work_state
    params["work_state"] = json_work_state

    json_payer: None | str | Unset
    if isinstance(payer, Unset):
        json_payer = UNSET
    else:
        json_payer = payer
    params["payer"] = json_payer

    json_member: None | str | Unset
    if isinstance(member, Unset):
        json_member = UNSET
    else:
        json_member = member
    params["member"] = json_member

    json_peer: None | str | Unset
    if isinstance(peer, Unset):
        json_peer = UNSET
    else:
        json_peer = peer
    params["peer"] = json_peer

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

    json_file: None | str | Unset
    if isinstance(file, Unset):
        json_file = UNSET
    else:
        json_file = file
    params["file"] = json_file

    json_active: bool | None | Unset
    if isinstance(active, Unset):
        json_active = UNSET
    else:
        json_active = active
    params["active"] = json_active

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
        "url": "/v1/claims",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ClaimSummaryPage | Problem | None:
    if response.status_code == 200:
        response_200 = ClaimSummaryPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ClaimSummaryPage | Problem]:
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
    status: None | str | Unset = UNSET,
    work_state: ListClaimsWorkStateType0 | None | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    peer: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    file: None | str | Unset = UNSET,
    active: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> Response[ClaimSummaryPage | Problem]:
    """ Claims, newest first

     The agency's claims, newest first, filtered by status or work state.

    Args:
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        status (None | str | Unset): The payer's status.
        work_state (ListClaimsWorkStateType0 | None | Unset):
        payer (None | str | Unset): Payer set-up id or payer id.
        member (None | str | Unset): Member's Medicaid id.
        peer (None | str | Unset): Rendering NPI.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.
        file (None | str | Unset): Claim file id.
        active (bool | None | Unset):
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClaimSummaryPage | Problem]
     """


    kwargs = _get_kwargs(
        agency=agency,
status=status,
work_state=work_state,
payer=payer,
member=member,
peer=peer,
from_=from_,
to=to,
file=file,
active=active,
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
    status: None | str | Unset = UNSET,
    work_state: ListClaimsWorkStateType0 | None | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    peer: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    file: None | str | Unset = UNSET,
    active: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> ClaimSummaryPage | Problem | None:
    """ Claims, newest first

     The agency's claims, newest first, filtered by status or work state.

    Args:
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        status (None | str | Unset): The payer's status.
        work_state (ListClaimsWorkStateType0 | None | Unset):
        payer (None | str | Unset): Payer set-up id or payer id.
        member (None | str | Unset): Member's Medicaid id.
        peer (None | str | Unset): Rendering NPI.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.
        file (None | str | Unset): Claim file id.
        active (bool | None | Unset):
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClaimSummaryPage | Problem
     """


    return sync_detailed(
        client=client,
agency=agency,
status=status,
work_state=work_state,
payer=payer,
member=member,
peer=peer,
from_=from_,
to=to,
file=file,
active=active,
cursor=cursor,
limit=limit,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    agency: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    work_state: ListClaimsWorkStateType0 | None | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    peer: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    file: None | str | Unset = UNSET,
    active: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> Response[ClaimSummaryPage | Problem]:
    """ Claims, newest first

     The agency's claims, newest first, filtered by status or work state.

    Args:
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        status (None | str | Unset): The payer's status.
        work_state (ListClaimsWorkStateType0 | None | Unset):
        payer (None | str | Unset): Payer set-up id or payer id.
        member (None | str | Unset): Member's Medicaid id.
        peer (None | str | Unset): Rendering NPI.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.
        file (None | str | Unset): Claim file id.
        active (bool | None | Unset):
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClaimSummaryPage | Problem]
     """


    kwargs = _get_kwargs(
        agency=agency,
status=status,
work_state=work_state,
payer=payer,
member=member,
peer=peer,
from_=from_,
to=to,
file=file,
active=active,
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
    status: None | str | Unset = UNSET,
    work_state: ListClaimsWorkStateType0 | None | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    peer: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    file: None | str | Unset = UNSET,
    active: bool | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 100,

) -> ClaimSummaryPage | Problem | None:
    """ Claims, newest first

     The agency's claims, newest first, filtered by status or work state.

    Args:
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        status (None | str | Unset): The payer's status.
        work_state (ListClaimsWorkStateType0 | None | Unset):
        payer (None | str | Unset): Payer set-up id or payer id.
        member (None | str | Unset): Member's Medicaid id.
        peer (None | str | Unset): Rendering NPI.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.
        file (None | str | Unset): Claim file id.
        active (bool | None | Unset):
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClaimSummaryPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
agency=agency,
status=status,
work_state=work_state,
payer=payer,
member=member,
peer=peer,
from_=from_,
to=to,
file=file,
active=active,
cursor=cursor,
limit=limit,

    )).parsed
