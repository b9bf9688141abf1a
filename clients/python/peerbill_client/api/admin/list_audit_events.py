from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.audit_event_page import AuditEventPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    object_: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    after: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 200,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_actor: None | str | Unset
    if isinstance(actor, Unset):
        json_actor = UNSET
    else:
        json_actor = actor
    params["actor"] = json_actor

    json_action: None | str | Unset
    if isinstance(action, Unset):
        json_action = UNSET
    else:
        json_action = action
    params["action"] = json_action

    json_object_: None | str | Unset
    if isinstance(object_, Unset):
        json_object_ = UNSET
    else:
        json_object_ = object_
    params["object"] = json_object_

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    json_after: int | None | Unset
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

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
        "url": "/v1/audit-events",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AuditEventPage | Problem | None:
    if response.status_code == 200:
        response_200 = AuditEventPage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AuditEventPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    object_: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    after: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 200,

) -> Response[AuditEventPage | Problem]:
    """ The audit trail, oldest first

     The audit trail, oldest first: who did what to which object, when, in which request (auditor and
    admin keys).

    Args:
        actor (None | str | Unset):
        action (None | str | Unset):
        object_ (None | str | Unset): Object id, e.g. an encounter id.
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        after (int | None | Unset): Events after this id.
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 200.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditEventPage | Problem]
     """


    kwargs = _get_kwargs(
        actor=actor,
action=action,
object_=object_,
from_=from_,
to=to,
after=after,
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
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    object_: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    after: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 200,

) -> AuditEventPage | Problem | None:
    """ The audit trail, oldest first

     The audit trail, oldest first: who did what to which object, when, in which request (auditor and
    admin keys).

    Args:
        actor (None | str | Unset):
        action (None | str | Unset):
        object_ (None | str | Unset): Object id, e.g. an encounter id.
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        after (int | None | Unset): Events after this id.
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 200.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditEventPage | Problem
     """


    return sync_detailed(
        client=client,
actor=actor,
action=action,
object_=object_,
from_=from_,
to=to,
after=after,
cursor=cursor,
limit=limit,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    object_: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    after: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 200,

) -> Response[AuditEventPage | Problem]:
    """ The audit trail, oldest first

     The audit trail, oldest first: who did what to which object, when, in which request (auditor and
    admin keys).

    Args:
        actor (None | str | Unset):
        action (None | str | Unset):
        object_ (None | str | Unset): Object id, e.g. an encounter id.
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        after (int | None | Unset): Events after this id.
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 200.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditEventPage | Problem]
     """


    kwargs = _get_kwargs(
        actor=actor,
action=action,
object_=object_,
from_=from_,
to=to,
after=after,
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
    actor: None | str | Unset = UNSET,
    action: None | str | Unset = UNSET,
    object_: None | str | Unset = UNSET,
    from_: datetime.datetime | None | Unset = UNSET,
    to: datetime.datetime | None | Unset = UNSET,
    after: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 200,

) -> AuditEventPage | Problem | None:
    """ The audit trail, oldest first

     The audit trail, oldest first: who did what to which object, when, in which request (auditor and
    admin keys).

    Args:
        actor (None | str | Unset):
        action (None | str | Unset):
        object_ (None | str | Unset): Object id, e.g. an encounter id.
        from_ (datetime.datetime | None | Unset):
        to (datetime.datetime | None | Unset):
        after (int | None | Unset): Events after this id.
        cursor (None | str | Unset): next_cursor of the previous page.
        limit (int | Unset):  Default: 200.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditEventPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
actor=actor,
action=action,
object_=object_,
from_=from_,
to=to,
after=after,
cursor=cursor,
limit=limit,

    )).parsed
