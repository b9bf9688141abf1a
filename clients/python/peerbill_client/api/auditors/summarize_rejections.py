from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.summarize_rejections_group_by import SummarizeRejectionsGroupBy
from ...models.summarize_rejections_source_type_0 import SummarizeRejectionsSourceType0
from ...models.summary_out import SummaryOut
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    group_by: SummarizeRejectionsGroupBy | Unset = SummarizeRejectionsGroupBy.CODE,
    agency: None | str | Unset = UNSET,
    source: None | SummarizeRejectionsSourceType0 | Unset = UNSET,
    state: None | str | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    provider: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    code: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_group_by: str | Unset = UNSET
    if not isinstance(group_by, Unset):
        json_group_by = group_by.value

    params["group_by"] = json_group_by

    json_agency: None | str | Unset
    if isinstance(agency, Unset):
        json_agency = UNSET
    else:
        json_agency = agency
    params["agency"] = json_agency

    json_source: None | str | Unset
    if isinstance(source, Unset):
        json_source = UNSET
    elif isinstance(source, SummarizeRejectionsSourceType0):
        json_source = source.value
    else:
        json_source = source
    params["source"] = json_source

    json_state: None | str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    else:
        json_state = state
    params["state"] = json_state

    json_payer: None | str | Unset
    if isinstance(payer, Unset):
        json_payer = UNSET
    else:
        json_payer = payer
    params["payer"] = json_payer

    json_provider: None | str | Unset
    if isinstance(provider, Unset):
        json_provider = UNSET
    else:
        json_provider = provider
    params["provider"] = json_provider

    json_member: None | str | Unset
    if isinstance(member, Unset):
        json_member = UNSET
    else:
        json_member = member
    params["member"] = json_member

    json_code: None | str | Unset
    if isinstance(code, Unset):
        json_code = UNSET
    else:
        json_code = code
    params["code"] = json_code

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


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/rejections/summary",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | SummaryOut | None:
    if response.status_code == 200:
        response_200 = SummaryOut.from_dict(response.json())



        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | SummaryOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    group_by: SummarizeRejectionsGroupBy | Unset = SummarizeRejectionsGroupBy.CODE,
    agency: None | str | Unset = UNSET,
    source: None | SummarizeRejectionsSourceType0 | Unset = UNSET,
    state: None | str | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    provider: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    code: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,

) -> Response[Problem | SummaryOut]:
    """ Rejections grouped by code, state, payer, provider or month: counts, dollars, denial rate

     Rejections grouped by code, state, payer, provider or month: counts, dollars and denial rate.

    Args:
        group_by (SummarizeRejectionsGroupBy | Unset):  Default: SummarizeRejectionsGroupBy.CODE.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        source (None | SummarizeRejectionsSourceType0 | Unset): Where the "no" came from.
        state (None | str | Unset): Medicaid state.
        payer (None | str | Unset): Payer id.
        provider (None | str | Unset): Rendering NPI.
        member (None | str | Unset): Member's Medicaid id.
        code (None | str | Unset): e.g. CO-29, A7:21, units.cap_exceeded.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SummaryOut]
     """


    kwargs = _get_kwargs(
        group_by=group_by,
agency=agency,
source=source,
state=state,
payer=payer,
provider=provider,
member=member,
code=code,
from_=from_,
to=to,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    group_by: SummarizeRejectionsGroupBy | Unset = SummarizeRejectionsGroupBy.CODE,
    agency: None | str | Unset = UNSET,
    source: None | SummarizeRejectionsSourceType0 | Unset = UNSET,
    state: None | str | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    provider: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    code: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,

) -> Problem | SummaryOut | None:
    """ Rejections grouped by code, state, payer, provider or month: counts, dollars, denial rate

     Rejections grouped by code, state, payer, provider or month: counts, dollars and denial rate.

    Args:
        group_by (SummarizeRejectionsGroupBy | Unset):  Default: SummarizeRejectionsGroupBy.CODE.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        source (None | SummarizeRejectionsSourceType0 | Unset): Where the "no" came from.
        state (None | str | Unset): Medicaid state.
        payer (None | str | Unset): Payer id.
        provider (None | str | Unset): Rendering NPI.
        member (None | str | Unset): Member's Medicaid id.
        code (None | str | Unset): e.g. CO-29, A7:21, units.cap_exceeded.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SummaryOut
     """


    return sync_detailed(
        client=client,
group_by=group_by,
agency=agency,
source=source,
state=state,
payer=payer,
provider=provider,
member=member,
code=code,
from_=from_,
to=to,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    group_by: SummarizeRejectionsGroupBy | Unset = SummarizeRejectionsGroupBy.CODE,
    agency: None | str | Unset = UNSET,
    source: None | SummarizeRejectionsSourceType0 | Unset = UNSET,
    state: None | str | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    provider: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    code: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,

) -> Response[Problem | SummaryOut]:
    """ Rejections grouped by code, state, payer, provider or month: counts, dollars, denial rate

     Rejections grouped by code, state, payer, provider or month: counts, dollars and denial rate.

    Args:
        group_by (SummarizeRejectionsGroupBy | Unset):  Default: SummarizeRejectionsGroupBy.CODE.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        source (None | SummarizeRejectionsSourceType0 | Unset): Where the "no" came from.
        state (None | str | Unset): Medicaid state.
        payer (None | str | Unset): Payer id.
        provider (None | str | Unset): Rendering NPI.
        member (None | str | Unset): Member's Medicaid id.
        code (None | str | Unset): e.g. CO-29, A7:21, units.cap_exceeded.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SummaryOut]
     """


    kwargs = _get_kwargs(
        group_by=group_by,
agency=agency,
source=source,
state=state,
payer=payer,
provider=provider,
member=member,
code=code,
from_=from_,
to=to,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    group_by: SummarizeRejectionsGroupBy | Unset = SummarizeRejectionsGroupBy.CODE,
    agency: None | str | Unset = UNSET,
    source: None | SummarizeRejectionsSourceType0 | Unset = UNSET,
    state: None | str | Unset = UNSET,
    payer: None | str | Unset = UNSET,
    provider: None | str | Unset = UNSET,
    member: None | str | Unset = UNSET,
    code: None | str | Unset = UNSET,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,

) -> Problem | SummaryOut | None:
    """ Rejections grouped by code, state, payer, provider or month: counts, dollars, denial rate

     Rejections grouped by code, state, payer, provider or month: counts, dollars and denial rate.

    Args:
        group_by (SummarizeRejectionsGroupBy | Unset):  Default: SummarizeRejectionsGroupBy.CODE.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.
        source (None | SummarizeRejectionsSourceType0 | Unset): Where the "no" came from.
        state (None | str | Unset): Medicaid state.
        payer (None | str | Unset): Payer id.
        provider (None | str | Unset): Rendering NPI.
        member (None | str | Unset): Member's Medicaid id.
        code (None | str | Unset): e.g. CO-29, A7:21, units.cap_exceeded.
        from_ (datetime.date | None | Unset): First date of service.
        to (datetime.date | None | Unset): Last date of service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SummaryOut
     """


    return (await asyncio_detailed(
        client=client,
group_by=group_by,
agency=agency,
source=source,
state=state,
payer=payer,
provider=provider,
member=member,
code=code,
from_=from_,
to=to,

    )).parsed
