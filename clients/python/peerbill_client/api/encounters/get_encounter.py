from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.encounter_out import EncounterOut
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    encounter_id: str,
    *,
    agency: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_agency: None | str | Unset
    if isinstance(agency, Unset):
        json_agency = UNSET
    else:
        json_agency = agency
    params["agency"] = json_agency


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/encounters/{encounter_id}".format(encounter_id=quote(str(encounter_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EncounterOut | Problem | None:
    if response.status_code == 200:
        response_200 = EncounterOut.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[EncounterOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    encounter_id: str,
    *,
    client: AuthenticatedClient,
    agency: None | str | Unset = UNSET,

) -> Response[EncounterOut | Problem]:
    """ One encounter with every version

     One encounter with its current verdict and every earlier version.

    Args:
        encounter_id (str):
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EncounterOut | Problem]
     """


    kwargs = _get_kwargs(
        encounter_id=encounter_id,
agency=agency,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    encounter_id: str,
    *,
    client: AuthenticatedClient,
    agency: None | str | Unset = UNSET,

) -> EncounterOut | Problem | None:
    """ One encounter with every version

     One encounter with its current verdict and every earlier version.

    Args:
        encounter_id (str):
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EncounterOut | Problem
     """


    return sync_detailed(
        encounter_id=encounter_id,
client=client,
agency=agency,

    ).parsed

async def asyncio_detailed(
    encounter_id: str,
    *,
    client: AuthenticatedClient,
    agency: None | str | Unset = UNSET,

) -> Response[EncounterOut | Problem]:
    """ One encounter with every version

     One encounter with its current verdict and every earlier version.

    Args:
        encounter_id (str):
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EncounterOut | Problem]
     """


    kwargs = _get_kwargs(
        encounter_id=encounter_id,
agency=agency,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    encounter_id: str,
    *,
    client: AuthenticatedClient,
    agency: None | str | Unset = UNSET,

) -> EncounterOut | Problem | None:
    """ One encounter with every version

     One encounter with its current verdict and every earlier version.

    Args:
        encounter_id (str):
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EncounterOut | Problem
     """


    return (await asyncio_detailed(
        encounter_id=encounter_id,
client=client,
agency=agency,

    )).parsed
