from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.job_out import JobOut
from ...models.problem import Problem
from ...models.what_if_in import WhatIfIn
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: WhatIfIn,
    async_: bool | Unset = False,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    params: dict[str, Any] = {}

    params["async"] = async_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/rules/whatif",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | JobOut | Problem | None:
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 202:
        response_202 = JobOut.from_dict(response.json())



        return response_202

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | JobOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WhatIfIn,
    async_: bool | Unset = False,

) -> Response[Any | JobOut | Problem]:
    """ What-if: judge stored encounters again under a candidate pack (read-only)

     Judge the agency's stored encounters again under a candidate rule pack (or the current one) and
    report what would change. Read-only.

    Args:
        async_ (bool | Unset): Run it as a job (202, Location /v1/jobs/{id}); a what-if over more
            encounters than PEERBILL_JOBS_WHATIF_ASYNC_ENCOUNTERS always is. Default: False.
        body (WhatIfIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | JobOut | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
async_=async_,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: WhatIfIn,
    async_: bool | Unset = False,

) -> Any | JobOut | Problem | None:
    """ What-if: judge stored encounters again under a candidate pack (read-only)

     Judge the agency's stored encounters again under a candidate rule pack (or the current one) and
    report what would change. Read-only.

    Args:
        async_ (bool | Unset): Run it as a job (202, Location /v1/jobs/{id}); a what-if over more
            encounters than PEERBILL_JOBS_WHATIF_ASYNC_ENCOUNTERS always is. Default: False.
        body (WhatIfIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | JobOut | Problem
     """


    return sync_detailed(
        client=client,
body=body,
async_=async_,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WhatIfIn,
    async_: bool | Unset = False,

) -> Response[Any | JobOut | Problem]:
    """ What-if: judge stored encounters again under a candidate pack (read-only)

     Judge the agency's stored encounters again under a candidate rule pack (or the current one) and
    report what would change. Read-only.

    Args:
        async_ (bool | Unset): Run it as a job (202, Location /v1/jobs/{id}); a what-if over more
            encounters than PEERBILL_JOBS_WHATIF_ASYNC_ENCOUNTERS always is. Default: False.
        body (WhatIfIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | JobOut | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
async_=async_,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WhatIfIn,
    async_: bool | Unset = False,

) -> Any | JobOut | Problem | None:
    """ What-if: judge stored encounters again under a candidate pack (read-only)

     Judge the agency's stored encounters again under a candidate rule pack (or the current one) and
    report what would change. Read-only.

    Args:
        async_ (bool | Unset): Run it as a job (202, Location /v1/jobs/{id}); a what-if over more
            encounters than PEERBILL_JOBS_WHATIF_ASYNC_ENCOUNTERS always is. Default: False.
        body (WhatIfIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | JobOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
async_=async_,

    )).parsed
