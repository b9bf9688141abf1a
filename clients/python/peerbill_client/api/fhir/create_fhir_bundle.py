from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.fhir_resource import FhirResource
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body:    FhirResource  |     FhirResource  | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/fhir/Bundle",
    }

    if isinstance(body, FhirResource):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/fhir+json"
    if isinstance(body, FhirResource):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> FhirResource | None:
    if response.status_code == 200:
        response_200 = FhirResource.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = FhirResource.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = FhirResource.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = FhirResource.from_dict(response.json())



        return response_403

    if response.status_code == 409:
        response_409 = FhirResource.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = FhirResource.from_dict(response.json())



        return response_413

    if response.status_code == 422:
        response_422 = FhirResource.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = FhirResource.from_dict(response.json())



        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FhirResource]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body:    FhirResource  |     FhirResource  | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,

) -> Response[FhirResource]:
    """ Post a FHIR R4 Bundle of peer support encounters; a ClaimResponse for each

     Post a FHIR R4 Bundle (batch or transaction) of peer support Encounters with their Patient,
    Practitioner and Condition resources. Each encounter goes through the same intake as POST
    /v1/encounters; the answer is a Bundle with a ClaimResponse (the verdict) per entry. Nothing is
    taken unless every encounter maps.

    Args:
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.
        body (FhirResource): A FHIR R4 resource (a Bundle, a CapabilityStatement or an
            OperationOutcome): see GET /v1/fhir/metadata and https://hl7.org/fhir/R4/.
        body (FhirResource): A FHIR R4 resource (a Bundle, a CapabilityStatement or an
            OperationOutcome): see GET /v1/fhir/metadata and https://hl7.org/fhir/R4/.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FhirResource]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body:    FhirResource  |     FhirResource  | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,

) -> FhirResource | None:
    """ Post a FHIR R4 Bundle of peer support encounters; a ClaimResponse for each

     Post a FHIR R4 Bundle (batch or transaction) of peer support Encounters with their Patient,
    Practitioner and Condition resources. Each encounter goes through the same intake as POST
    /v1/encounters; the answer is a Bundle with a ClaimResponse (the verdict) per entry. Nothing is
    taken unless every encounter maps.

    Args:
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.
        body (FhirResource): A FHIR R4 resource (a Bundle, a CapabilityStatement or an
            OperationOutcome): see GET /v1/fhir/metadata and https://hl7.org/fhir/R4/.
        body (FhirResource): A FHIR R4 resource (a Bundle, a CapabilityStatement or an
            OperationOutcome): see GET /v1/fhir/metadata and https://hl7.org/fhir/R4/.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FhirResource
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body:    FhirResource  |     FhirResource  | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,

) -> Response[FhirResource]:
    """ Post a FHIR R4 Bundle of peer support encounters; a ClaimResponse for each

     Post a FHIR R4 Bundle (batch or transaction) of peer support Encounters with their Patient,
    Practitioner and Condition resources. Each encounter goes through the same intake as POST
    /v1/encounters; the answer is a Bundle with a ClaimResponse (the verdict) per entry. Nothing is
    taken unless every encounter maps.

    Args:
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.
        body (FhirResource): A FHIR R4 resource (a Bundle, a CapabilityStatement or an
            OperationOutcome): see GET /v1/fhir/metadata and https://hl7.org/fhir/R4/.
        body (FhirResource): A FHIR R4 resource (a Bundle, a CapabilityStatement or an
            OperationOutcome): see GET /v1/fhir/metadata and https://hl7.org/fhir/R4/.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FhirResource]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body:    FhirResource  |     FhirResource  | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,

) -> FhirResource | None:
    """ Post a FHIR R4 Bundle of peer support encounters; a ClaimResponse for each

     Post a FHIR R4 Bundle (batch or transaction) of peer support Encounters with their Patient,
    Practitioner and Condition resources. Each encounter goes through the same intake as POST
    /v1/encounters; the answer is a Bundle with a ClaimResponse (the verdict) per entry. Nothing is
    taken unless every encounter maps.

    Args:
        idempotency_key (None | str | Unset): Optional, up to 255 characters, one per request (a
            UUID is a good choice). The same key and body again within 24 hours gets the first answer,
            errors included (with `Idempotent-Replayed: true`); the same key with another body is a
            422; while the first request runs, a second waits for its answer.
        body (FhirResource): A FHIR R4 resource (a Bundle, a CapabilityStatement or an
            OperationOutcome): see GET /v1/fhir/metadata and https://hl7.org/fhir/R4/.
        body (FhirResource): A FHIR R4 resource (a Bundle, a CapabilityStatement or an
            OperationOutcome): see GET /v1/fhir/metadata and https://hl7.org/fhir/R4/.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FhirResource
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
