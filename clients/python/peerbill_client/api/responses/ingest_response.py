from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.ingest_out import IngestOut
from ...models.job_out import JobOut
from ...models.problem import Problem
from ...types import File, FileTypes
from ...types import UNSET, Unset
from io import BytesIO
from typing import cast



def _get_kwargs(
    *,
    body: File,
    async_: bool | Unset = False,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    params: dict[str, Any] = {}

    params["async"] = async_


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/responses",
        "params": params,
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> IngestOut | JobOut | Problem | None:
    if response.status_code == 200:
        response_200 = IngestOut.from_dict(response.json())



        return response_200

    if response.status_code == 201:
        response_201 = IngestOut.from_dict(response.json())



        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[IngestOut | JobOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: File,
    async_: bool | Unset = False,

) -> Response[IngestOut | JobOut | Problem]:
    """ Ingest a payer's 999 (or 997), 277CA or 835 file (raw X12 body, UTF-8)

     Ingest a payer's 999 (or 997), 277CA or 835 file, sent as the raw X12 text. Claims and lines are
    updated; items that match no claim go to the unmatched queue. The same file again changes nothing.

    Args:
        async_ (bool | Unset): Queue it as a job (202, Location /v1/jobs/{id}); a file larger than
            PEERBILL_JOBS_X12_ASYNC_BYTES always is. Default: False.
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IngestOut | JobOut | Problem]
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
    body: File,
    async_: bool | Unset = False,

) -> IngestOut | JobOut | Problem | None:
    """ Ingest a payer's 999 (or 997), 277CA or 835 file (raw X12 body, UTF-8)

     Ingest a payer's 999 (or 997), 277CA or 835 file, sent as the raw X12 text. Claims and lines are
    updated; items that match no claim go to the unmatched queue. The same file again changes nothing.

    Args:
        async_ (bool | Unset): Queue it as a job (202, Location /v1/jobs/{id}); a file larger than
            PEERBILL_JOBS_X12_ASYNC_BYTES always is. Default: False.
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IngestOut | JobOut | Problem
     """


    return sync_detailed(
        client=client,
body=body,
async_=async_,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: File,
    async_: bool | Unset = False,

) -> Response[IngestOut | JobOut | Problem]:
    """ Ingest a payer's 999 (or 997), 277CA or 835 file (raw X12 body, UTF-8)

     Ingest a payer's 999 (or 997), 277CA or 835 file, sent as the raw X12 text. Claims and lines are
    updated; items that match no claim go to the unmatched queue. The same file again changes nothing.

    Args:
        async_ (bool | Unset): Queue it as a job (202, Location /v1/jobs/{id}); a file larger than
            PEERBILL_JOBS_X12_ASYNC_BYTES always is. Default: False.
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IngestOut | JobOut | Problem]
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
    body: File,
    async_: bool | Unset = False,

) -> IngestOut | JobOut | Problem | None:
    """ Ingest a payer's 999 (or 997), 277CA or 835 file (raw X12 body, UTF-8)

     Ingest a payer's 999 (or 997), 277CA or 835 file, sent as the raw X12 text. Claims and lines are
    updated; items that match no claim go to the unmatched queue. The same file again changes nothing.

    Args:
        async_ (bool | Unset): Queue it as a job (202, Location /v1/jobs/{id}); a file larger than
            PEERBILL_JOBS_X12_ASYNC_BYTES always is. Default: False.
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IngestOut | JobOut | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
async_=async_,

    )).parsed
