from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    state: str,
    *,
    on: datetime.date | None | Unset = UNSET,
    plan: None | str | Unset = UNSET,
    program: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_on: None | str | Unset
    if isinstance(on, Unset):
        json_on = UNSET
    elif isinstance(on, datetime.date):
        json_on = on.isoformat()
    else:
        json_on = on
    params["on"] = json_on

    json_plan: None | str | Unset
    if isinstance(plan, Unset):
        json_plan = UNSET
    else:
        json_plan = plan
    params["plan"] = json_plan

    json_program: None | str | Unset
    if isinstance(program, Unset):
        json_program = UNSET
    else:
        json_program = program
    params["program"] = json_program


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/rules/{state}".format(state=quote(str(state), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = response.json()
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    state: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
    plan: None | str | Unset = UNSET,
    program: None | str | Unset = UNSET,

) -> Response[Any | Problem]:
    """ One state's rules, optionally as in force on a date and for a plan

     One state's rules with their citations, optionally as in force on a date and for a plan.

    Args:
        state (str):
        on (datetime.date | None | Unset): Only rules in force on this date.
        plan (None | str | Unset):
        program (None | str | Unset): Apply this program's rules.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        state=state,
on=on,
plan=plan,
program=program,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    state: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
    plan: None | str | Unset = UNSET,
    program: None | str | Unset = UNSET,

) -> Any | Problem | None:
    """ One state's rules, optionally as in force on a date and for a plan

     One state's rules with their citations, optionally as in force on a date and for a plan.

    Args:
        state (str):
        on (datetime.date | None | Unset): Only rules in force on this date.
        plan (None | str | Unset):
        program (None | str | Unset): Apply this program's rules.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return sync_detailed(
        state=state,
client=client,
on=on,
plan=plan,
program=program,

    ).parsed

async def asyncio_detailed(
    state: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
    plan: None | str | Unset = UNSET,
    program: None | str | Unset = UNSET,

) -> Response[Any | Problem]:
    """ One state's rules, optionally as in force on a date and for a plan

     One state's rules with their citations, optionally as in force on a date and for a plan.

    Args:
        state (str):
        on (datetime.date | None | Unset): Only rules in force on this date.
        plan (None | str | Unset):
        program (None | str | Unset): Apply this program's rules.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
     """


    kwargs = _get_kwargs(
        state=state,
on=on,
plan=plan,
program=program,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    state: str,
    *,
    client: AuthenticatedClient,
    on: datetime.date | None | Unset = UNSET,
    plan: None | str | Unset = UNSET,
    program: None | str | Unset = UNSET,

) -> Any | Problem | None:
    """ One state's rules, optionally as in force on a date and for a plan

     One state's rules with their citations, optionally as in force on a date and for a plan.

    Args:
        state (str):
        on (datetime.date | None | Unset): Only rules in force on this date.
        plan (None | str | Unset):
        program (None | str | Unset): Apply this program's rules.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
     """


    return (await asyncio_detailed(
        state=state,
client=client,
on=on,
plan=plan,
program=program,

    )).parsed
