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
    patient: str,
    created: list[str] | None | Unset = UNSET,
    agency: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["patient"] = patient

    json_created: list[str] | None | Unset
    if isinstance(created, Unset):
        json_created = UNSET
    elif isinstance(created, list):
        json_created = created


    else:
        json_created = created
    params["created"] = json_created

    json_agency: None | str | Unset
    if isinstance(agency, Unset):
        json_agency = UNSET
    else:
        json_agency = agency
    params["agency"] = json_agency


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/fhir/ExplanationOfBenefit",
        "params": params,
    }


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
    patient: str,
    created: list[str] | None | Unset = UNSET,
    agency: None | str | Unset = UNSET,

) -> Response[FhirResource]:
    """ 835-adjudicated claims of a member as ExplanationOfBenefit

     A member's claims adjudicated by an 835, as FHIR ExplanationOfBenefit resources in a searchset
    Bundle.

    Args:
        patient (str): The member's Medicaid id.
        created (list[str] | None | Unset): ge2025-01-01 etc.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FhirResource]
     """


    kwargs = _get_kwargs(
        patient=patient,
created=created,
agency=agency,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    patient: str,
    created: list[str] | None | Unset = UNSET,
    agency: None | str | Unset = UNSET,

) -> FhirResource | None:
    """ 835-adjudicated claims of a member as ExplanationOfBenefit

     A member's claims adjudicated by an 835, as FHIR ExplanationOfBenefit resources in a searchset
    Bundle.

    Args:
        patient (str): The member's Medicaid id.
        created (list[str] | None | Unset): ge2025-01-01 etc.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FhirResource
     """


    return sync_detailed(
        client=client,
patient=patient,
created=created,
agency=agency,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    patient: str,
    created: list[str] | None | Unset = UNSET,
    agency: None | str | Unset = UNSET,

) -> Response[FhirResource]:
    """ 835-adjudicated claims of a member as ExplanationOfBenefit

     A member's claims adjudicated by an 835, as FHIR ExplanationOfBenefit resources in a searchset
    Bundle.

    Args:
        patient (str): The member's Medicaid id.
        created (list[str] | None | Unset): ge2025-01-01 etc.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FhirResource]
     """


    kwargs = _get_kwargs(
        patient=patient,
created=created,
agency=agency,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    patient: str,
    created: list[str] | None | Unset = UNSET,
    agency: None | str | Unset = UNSET,

) -> FhirResource | None:
    """ 835-adjudicated claims of a member as ExplanationOfBenefit

     A member's claims adjudicated by an 835, as FHIR ExplanationOfBenefit resources in a searchset
    Bundle.

    Args:
        patient (str): The member's Medicaid id.
        created (list[str] | None | Unset): ge2025-01-01 etc.
        agency (None | str | Unset): Agency to read, for auditor keys granted several.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FhirResource
     """


    return (await asyncio_detailed(
        client=client,
patient=patient,
created=created,
agency=agency,

    )).parsed
