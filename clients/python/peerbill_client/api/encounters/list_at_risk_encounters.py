from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.at_risk_item_page import AtRiskItemPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    within_days: int | Unset = 30,
    overdue: bool | Unset = False,
    limit: int | Unset = 500,
    agency: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["within_days"] = within_days

    params["overdue"] = overdue

    params["limit"] = limit

    json_agency: None | str | Unset
    if isinstance(agency, Unset):
        json_agency = UNSET
    else:
        json_agency = agency
    params["agency"] = json_agency

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/encounters/at-risk",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AtRiskItemPage | Problem | None:
    if response.status_code == 200:
        response_200 = AtRiskItemPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AtRiskItemPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    within_days: int | Unset = 30,
    overdue: bool | Unset = False,
    limit: int | Unset = 500,
    agency: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[AtRiskItemPage | Problem]:
    """ Timely-filing watch: billable, not yet accepted, deadline within N days (soonest first)

     Billable encounters not yet accepted by the payer whose timely-filing deadline falls within the next
    `within_days` days, soonest first (JSON pages, or CSV with `Accept: text/csv`).

    Args:
        within_days (int | Unset): Days from today. Default: 30.
        overdue (bool | Unset): Also list those whose deadline has passed. Default: False.
        limit (int | Unset):  Default: 500.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AtRiskItemPage | Problem]
     """


    kwargs = _get_kwargs(
        within_days=within_days,
overdue=overdue,
limit=limit,
agency=agency,
cursor=cursor,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    within_days: int | Unset = 30,
    overdue: bool | Unset = False,
    limit: int | Unset = 500,
    agency: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> AtRiskItemPage | Problem | None:
    """ Timely-filing watch: billable, not yet accepted, deadline within N days (soonest first)

     Billable encounters not yet accepted by the payer whose timely-filing deadline falls within the next
    `within_days` days, soonest first (JSON pages, or CSV with `Accept: text/csv`).

    Args:
        within_days (int | Unset): Days from today. Default: 30.
        overdue (bool | Unset): Also list those whose deadline has passed. Default: False.
        limit (int | Unset):  Default: 500.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AtRiskItemPage | Problem
     """


    return sync_detailed(
        client=client,
within_days=within_days,
overdue=overdue,
limit=limit,
agency=agency,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    within_days: int | Unset = 30,
    overdue: bool | Unset = False,
    limit: int | Unset = 500,
    agency: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[AtRiskItemPage | Problem]:
    """ Timely-filing watch: billable, not yet accepted, deadline within N days (soonest first)

     Billable encounters not yet accepted by the payer whose timely-filing deadline falls within the next
    `within_days` days, soonest first (JSON pages, or CSV with `Accept: text/csv`).

    Args:
        within_days (int | Unset): Days from today. Default: 30.
        overdue (bool | Unset): Also list those whose deadline has passed. Default: False.
        limit (int | Unset):  Default: 500.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AtRiskItemPage | Problem]
     """


    kwargs = _get_kwargs(
        within_days=within_days,
overdue=overdue,
limit=limit,
agency=agency,
cursor=cursor,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    within_days: int | Unset = 30,
    overdue: bool | Unset = False,
    limit: int | Unset = 500,
    agency: None | str | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> AtRiskItemPage | Problem | None:
    """ Timely-filing watch: billable, not yet accepted, deadline within N days (soonest first)

     Billable encounters not yet accepted by the payer whose timely-filing deadline falls within the next
    `within_days` days, soonest first (JSON pages, or CSV with `Accept: text/csv`).

    Args:
        within_days (int | Unset): Days from today. Default: 30.
        overdue (bool | Unset): Also list those whose deadline has passed. Default: False.
        limit (int | Unset):  Default: 500.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AtRiskItemPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
within_days=within_days,
overdue=overdue,
limit=limit,
agency=agency,
cursor=cursor,

    )).parsed
