"""/v1/keys: list (never a secret), revoke and rotate API keys (admin keys; creating one is in admin.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from api.deps import database, role
from api.routers.worklists import Cursor, listing
from billing import keys
from billing.access import Actor
from billing.db.connection import Database
from billing.worklists.pages import decode, page
from schemas.api import KeyOut, RotateIn
from schemas.worklists import Page

router = APIRouter(prefix="/v1/keys", tags=["admin"])
Admin = Annotated[Actor, Depends(role("admin"))]


@router.get("", response_model=Page[KeyOut], summary="Every key: role, agencies, expiry, revocation, last use")
def get_keys(request: Request, who: Admin, db: Database = Depends(database),
             agency: Annotated[str | None, Query(max_length=32, description="Keys of this agency.")] = None,
             revoked: Annotated[bool, Query(description="Include revoked keys.")] = True,
             cursor: Cursor = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Any:
    def fetch(s: Session, c: str | None) -> Page[KeyOut]:
        # Keys are few (people and integrations): paged from the one list, oldest first.
        every = keys.list_keys(s, agency, include_revoked=revoked)
        start = 0
        if (key := decode(c, str)) is not None:
            start = next((i + 1 for i, k in enumerate(every) if k.id == key[0]), len(every))
        return page(every[start:start + limit + 1], limit, lambda k: k, lambda k: [k.id])

    return listing(request, db, fetch, cursor, list(KeyOut.model_fields), "keys")


@router.post("/{key_id}/revoke", response_model=KeyOut, summary="Revoke a key: refused from the next request on")
def revoke_key(key_id: str, who: Admin, db: Database = Depends(database)) -> KeyOut:
    with db.writing() as s:
        out = keys.revoke(s, key_id, who)
        s.commit()
        return out


@router.post("/{key_id}/rotate", status_code=201, response_model=KeyOut,
             summary="A new key with the same role and agencies (shown once); the old one works until a set time")
def rotate_key(key_id: str, who: Admin, body: RotateIn | None = None, db: Database = Depends(database)) -> KeyOut:
    with db.writing() as s:
        out = keys.rotate(s, key_id, who, body.old_valid_until if body else None)
        s.commit()
        return out
