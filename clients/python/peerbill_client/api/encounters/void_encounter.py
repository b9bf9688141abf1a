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
    idempotency_key: None | str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/encounters/{encounter_id}".format(encounter_id=quote(str(encounter_id), safe=""),),
    }


    _kwargs["headers"] = headers
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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

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
    idempotency_key: None | str | Unset = UNSET,

) -> Response[EncounterOut | Problem]:
    """ Void an encounter (history is kept)

     Void an encounter: it will not be billed (or is flagged for a void claim if it was). Its history is
    kept.

    Args:
        encounter_id (str):
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EncounterOut | Problem]
     """


    kwargs = _get_kwargs(
        encounter_id=encounter_id,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    encounter_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,

) -> EncounterOut | Problem | None:
    """ Void an encounter (history is kept)

     Void an encounter: it will not be billed (or is flagged for a void claim if it was). Its history is
    kept.

    Args:
        encounter_id (str):
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EncounterOut | Problem
     """


    return sync_detailed(
        encounter_id=encounter_id,
client=client,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    encounter_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,

) -> Response[EncounterOut | Problem]:
    """ Void an encounter (history is kept)

     Void an encounter: it will not be billed (or is flagged for a void claim if it was). Its history is
    kept.

    Args:
        encounter_id (str):
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EncounterOut | Problem]
     """


    kwargs = _get_kwargs(
        encounter_id=encounter_id,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    encounter_id: str,
    *,
    client: AuthenticatedClient,
    idempotency_key: None | str | Unset = UNSET,

) -> EncounterOut | Problem | None:
    """ Void an encounter (history is kept)

     Void an encounter: it will not be billed (or is flagged for a void claim if it was). Its history is
    kept.

    Args:
        encounter_id (str):
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EncounterOut | Problem
     """


    return (await asyncio_detailed(
        encounter_id=encounter_id,
client=client,
idempotency_key=idempotency_key,

    )).parsed
