"""/v1/payers, /v1/claim-files and /v1/claims: turning billable encounters into 837P files."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse
from sqlalchemy.orm import Session

from api.deps import database, role
from api.idempotency import IDEMPOTENT
from api.routers.jobs import ACCEPTED, accepted
from api.routers.worklists import Cursor, listing
from billing.access import AccessError, Actor
from billing.claims.build import BuildError, BuildResult, ClaimBuilder
from billing.claims.records import (
    claim_file,
    claim_out,
    create_payer,
    file_out,
    list_payers,
    read_file_content,
    update_payer,
)
from billing.db.connection import Database
from billing.settings import load
from billing.worklists.pages import decode, page
from schemas.api import BuildIn, BuildOut, ClaimActionIn, ClaimFileOut, ClaimOut, PayerIn, PayerOut, PayerPatch
from schemas.worklists import Page

router = APIRouter(tags=["claims"])
Billing = Annotated[Actor, Depends(role("billing"))]
Reader = Annotated[Actor, Depends(role("billing", "auditor"))]


Async = Annotated[bool, Query(alias="async", description="Queue it as a job (202, Location /v1/jobs/{id}); "
                              "a build over more candidates than PEERBILL_JOBS_BUILD_ASYNC_ENCOUNTERS always is.")]


def build_threshold() -> int:
    return load().jobs_build_async_encounters


def builder(request: Request) -> ClaimBuilder:
    return request.app.state.claims


def _answer(db: Database, who: Actor, result: BuildResult) -> BuildOut:
    with db.reading() as s:
        f = file_out(claim_file(s, who.agency_ids, result.file_id)) if result.file_id else None
    return BuildOut(file=f, excluded=result.excluded, corrected=result.corrected,  # type: ignore[arg-type]
                    sandbox_responses=result.responses)


@router.post("/v1/payers", status_code=201, response_model=PayerOut, summary="Set up a payer to bill",
             dependencies=[IDEMPOTENT])
def post_payer(data: PayerIn, who: Billing, db: Database = Depends(database)) -> PayerOut:
    with db.writing() as s:
        out = create_payer(s, who, data)
        s.commit()
        return out


@router.patch("/v1/payers/{payer_id}", response_model=PayerOut, summary="Change a payer's settings")
def patch_payer(payer_id: str, data: PayerPatch, who: Annotated[Actor, Depends(role("billing", "admin"))],
                db: Database = Depends(database)) -> PayerOut:
    """Only the fields sent change: `partner` key by key (`{"partner": {"usage": "P"}}` takes a payer from test
    to production at go-live), `charges` whole. Billing keys change their agency's payers, admins any live
    agency's; audited with the fields changed."""
    with db.writing() as s:
        out = update_payer(s, who, payer_id, data)
        s.commit()
        return out


def payer_scope(who: Actor, agency: str | None) -> tuple[str, ...] | None:
    """Whose payers a key reads: its agencies, or (admins, who set agencies up) every agency's; None is all."""
    if who.role == "admin":
        return None if agency is None else (agency,)
    return who.readable(agency)


@router.get("/v1/payers", response_model=Page[PayerOut], summary="The agency's payers, in the order set up")
def get_payers(request: Request, who: Annotated[Actor, Depends(role("billing", "auditor", "admin"))],
               db: Database = Depends(database), cursor: Cursor = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 100,
               agency: Annotated[str | None, Query(description="One agency's (auditors and admins).")] = None
               ) -> Any:
    scope = payer_scope(who, agency)

    def fetch(s: Session, c: str | None) -> Page[PayerOut]:
        key = decode(c, str)
        rows = list_payers(s, scope, key[0] if key else None, limit + 1, test=who.test)
        return page(rows, limit, lambda p: p, lambda p: [p.id])

    return listing(request, db, fetch, cursor, list(PayerOut.model_fields), "payers")


@router.post("/v1/claim-files", response_model=BuildOut, summary="Build an 837P file from billable encounters",
             responses=ACCEPTED, dependencies=[IDEMPOTENT])
def post_claim_file(data: BuildIn, who: Billing, db: Database = Depends(database),
                    cb: ClaimBuilder = Depends(builder), run_async: Async = False) -> Any:
    if run_async or cb.count(who, data.payer, data.date_from, data.date_to, data.encounters) > build_threshold():
        return accepted(db, who, "claim_build", (who.agency_for_billing(),),
                        data.model_dump(mode="json", by_alias=True))
    try:
        result = cb.build(who, data.payer, data.date_from, data.date_to, data.encounters)
    except BuildError as exc:
        raise AccessError(422, str(exc)) from None
    return _answer(db, who, result)


@router.get("/v1/claim-files/{file_id}", response_model=ClaimFileOut, summary="A claim file's record")
def get_claim_file(file_id: str, who: Reader, db: Database = Depends(database)) -> ClaimFileOut:
    with db.reading() as s:
        return file_out(claim_file(s, who.agency_ids, file_id))


@router.get("/v1/claim-files/{file_id}/content", response_class=PlainTextResponse,
            summary="The X12 837P text", responses={200: {"content": {"application/edi-x12": {}}}})
def get_claim_file_content(file_id: str, who: Reader, db: Database = Depends(database)) -> PlainTextResponse:
    with db.reading() as s:
        f = read_file_content(s, who, who.agency_ids, file_id)
        s.commit()  # the audit event of a person's read
        return PlainTextResponse(f.content, media_type="application/edi-x12",
                                 headers={"Content-Disposition": f'attachment; filename="{f.id}.x12"'})


@router.get("/v1/claims/{claim_id}", response_model=ClaimOut, summary="A claim with its lines")
def get_claim(claim_id: str, who: Reader, db: Database = Depends(database)) -> ClaimOut:
    with db.reading() as s:
        return claim_out(s, who.agency_ids, claim_id)


@router.post("/v1/claims/{claim_id}/replace", response_model=BuildOut, summary="Replace a sent claim (frequency 7)",
             dependencies=[IDEMPOTENT])
def replace_claim(claim_id: str, data: ClaimActionIn, who: Billing, db: Database = Depends(database),
                  cb: ClaimBuilder = Depends(builder)) -> BuildOut:
    return _answer(db, who, cb.adjust(who, claim_id, "7", data.payer_claim_number))


@router.post("/v1/claims/{claim_id}/void", response_model=BuildOut, summary="Void a sent claim (frequency 8)",
             dependencies=[IDEMPOTENT])
def void_claim(claim_id: str, data: ClaimActionIn, who: Billing, db: Database = Depends(database),
               cb: ClaimBuilder = Depends(builder)) -> BuildOut:
    return _answer(db, who, cb.adjust(who, claim_id, "8", data.payer_claim_number))
