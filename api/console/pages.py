"""Console pages. Each one signs the person in from the session cookie, checks the same role rules as the API,
and calls the same billing use cases; forms carry the session's CSRF token."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from api.console import CSP, HERE
from api.console.charts import bars
from api.console.sessions import (
    COOKIE,
    LOGIN_CSRF,
    Signed,
    csrf_ok,
    current,
    set_cookie,
    sign_in,
    sign_out,
)
from api.routers.claims import _answer as build_answer
from api.routers.claims import payer_scope
from api.routers.worklists import ItemId
from billing import keys as key_cases
from billing.access import AccessError, agency_out, create_agency, create_key
from billing.audit import events_page, events_query
from billing.claims.build import BuildError
from billing.claims.records import claim_out, create_payer, list_payers, read_file_content
from billing.db.models import Agency
from billing.ingest import Ingestor, ResponseError
from billing.reads import NotFound, get_encounter, list_encounters
from billing.rejection_reports import Filters, iter_csv, list_rejections, summarize
from billing.timelines import at_risk, claim_timeline, encounter_timeline
from billing.worklists.claims import ClaimFilters, claim_summary, list_claim_files, list_claims, set_work_state
from billing.worklists.dashboard import dashboard
from billing.worklists.pages import page
from billing.worklists.responses import get_response, list_responses
from billing.worklists.unmatched import list_unmatched, match_candidates, resolve
from schemas.api import AgencyIn, KeyIn, PayerIn
from schemas.worklists import ResolveIn, WorkStateIn

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["static"] = lambda name: f"/console/static/{name}"

NAV = {
    "billing": [("/console", "Dashboard"), ("/console/not-billable", "Not billable"), ("/console/build", "Build"),
                ("/console/claim-files", "Files"), ("/console/claims", "Claims"), ("/console/responses", "Responses"),
                ("/console/unmatched", "Unmatched"), ("/console/rejections", "Rejections"),
                ("/console/payers", "Payers")],
    "auditor": [("/console/summary", "Summary"), ("/console/rejections", "Rejections"),
                ("/console/claims", "Claims"), ("/console/responses", "Responses"), ("/console/audit", "Audit trail")],
    "admin": [("/console/admin/agencies", "Agencies"), ("/console/admin/keys", "Keys"),
              ("/console/payers", "Payers"), ("/console/audit", "Audit trail")],
}
HOME = {"billing": "/console", "auditor": "/console/summary", "admin": "/console/admin/agencies"}
WORK_STATES = ["held", "needs_review", "written_off", "finalized"]
CLAIM_STATUSES = ["built", "submitted", "accepted", "rejected", "paid", "partially_paid", "denied", "reversed",
                  "replaced", "voided"]
PAGE = 25


class _SignIn(Exception):
    """No session: go to the sign-in page."""


def _secure(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


class ConsoleRoute(APIRoute):
    """Every console answer carries the security headers; a missing session goes to sign-in, and an access
    error or a missing object is a page, not JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                response = await handler(request)
            except _SignIn:
                response = RedirectResponse("/console/sign-in", status_code=303)
            except AccessError as exc:
                response = _error(request, exc.status, str(exc))
            except NotFound as exc:
                response = _error(request, 404, f"no encounter {exc}")
            return _secure(response)

        return run


router = APIRouter(route_class=ConsoleRoute, include_in_schema=False)
TITLES = {401: "Signed out", 403: "Not allowed", 404: "Not found", 409: "Conflict", 422: "Check the form"}


def _error(request: Request, status: int, message: str) -> Response:
    return templates.TemplateResponse(request, "error.html", {"title": TITLES.get(status, "Error"),
                                                              "message": message, "who": None, "nav": []},
                                      status_code=status)


def person(request: Request, *roles: str) -> Signed:
    """The signed-in person, who must have one of `roles` (the API's rule for the same action)."""
    signed = current(request.app.state.db, request)
    if signed is None:
        raise _SignIn()
    if roles and signed.actor.role not in roles:
        raise AccessError(403, f"a {signed.actor.role} key cannot open this page (needs {' or '.join(roles)})")
    return signed


async def checked_form(request: Request, who: Signed) -> dict[str, Any]:
    """The posted form, after its CSRF token is checked against the session's."""
    form = await request.form()
    if not csrf_ok(who.csrf, form.get("csrf")):  # type: ignore[arg-type]
        raise AccessError(403, "the form's security token is missing or stale: reload the page and try again")
    return dict(form)


def render(request: Request, name: str, who: Signed | None, status: int = 200, **ctx: Any) -> Response:
    nav = NAV.get(who.actor.role, []) if who else []
    return templates.TemplateResponse(request, name, {"who": who, "nav": nav, "here": request.url.path,
                                                      "title": ctx.pop("title", ""), **ctx}, status_code=status)


def next_url(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    q = {k: v for k, v in request.query_params.items() if k != "cursor"}
    return f"{request.url.path}?{urlencode({**q, 'cursor': cursor})}"


def _q(request: Request, name: str) -> str | None:
    return request.query_params.get(name) or None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise AccessError(422, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _db(request: Request):  # type: ignore[no-untyped-def]
    return request.app.state.db


# --- signing in and out -------------------------------------------------------------------------------


@router.get("/console/sign-in")
def sign_in_page(request: Request) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "sign_in.html", None, title="Sign in", login_csrf=token)
    set_cookie(response, request, LOGIN_CSRF, token, max_age=3600)
    return response


@router.post("/console/sign-in")
async def sign_in_post(request: Request) -> Response:
    form = await request.form()
    if not csrf_ok(request.cookies.get(LOGIN_CSRF), form.get("csrf")):  # type: ignore[arg-type]
        raise AccessError(403, "the sign-in form's security token is missing or stale: reload the page")
    try:
        token, who = sign_in(_db(request), str(form.get("api_key", "")), request.state.request_id)
    except AccessError as exc:
        fresh = secrets.token_urlsafe(24)
        message = "That key was not accepted." if exc.status == 401 else str(exc)
        response = render(request, "sign_in.html", None, status=exc.status, title="Sign in", login_csrf=fresh,
                          error=message)
        set_cookie(response, request, LOGIN_CSRF, fresh, max_age=3600)
        return response
    response = RedirectResponse(HOME[who.actor.role], status_code=303)
    set_cookie(response, request, COOKIE, token)
    response.delete_cookie(LOGIN_CSRF, path="/console")
    return response


@router.post("/console/sign-out")
async def sign_out_post(request: Request) -> Response:
    who = person(request)
    await checked_form(request, who)
    sign_out(_db(request), request, who.actor)
    response = RedirectResponse("/console/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/console")
    return response


# --- billing: dashboard, queues, encounters ---------------------------------------------------------


@router.get("/console")
def home(request: Request) -> Response:
    who = person(request)
    if who.actor.role != "billing":
        return RedirectResponse(HOME[who.actor.role], status_code=303)
    with _db(request).reading() as s:
        d = dashboard(s, who.actor, who.actor.agency_ids, request.app.state.intake.today())
        s.commit()
    nb = bars("Not billable encounters by reason", [(c, n, str(n)) for c, n in d.not_billable_by_reason],
              "chart-not-billable")
    cs = bars("Claims by payer status", [(k, v, str(v)) for k, v in sorted(d.claims_by_status.items())],
              "chart-claim-status")
    return render(request, "dashboard.html", who, title="Dashboard", d=d, nb_chart=nb, status_chart=cs)


@router.get("/console/not-billable")
def not_billable(request: Request) -> Response:
    who = person(request, "billing", "auditor")
    agencies = who.actor.readable(None)
    with _db(request).reading() as s:
        listed = list_encounters(s, who.actor, agencies, status="not_billable", cursor=_q(request, "cursor"),
                                 limit=PAGE)
        items = [get_encounter(s, who.actor, agencies, e.id) for e in listed.items]
        s.commit()
    return render(request, "not_billable.html", who, title="Not billable", items=items,
                  next_url=next_url(request, listed.next_cursor))


@router.get("/console/at-risk")
def at_risk_page(request: Request) -> Response:
    who = person(request, "billing", "auditor")
    with _db(request).reading() as s:
        items = at_risk(s, who.actor, who.actor.readable(None), 30, request.app.state.intake.today(), limit=500)
        s.commit()
    return render(request, "at_risk.html", who, title="Near the filing deadline",
                  page=page(items, 500, lambda i: i, lambda i: [i.id]), next_url=None)


@router.get("/console/encounters/{encounter_id}")
def encounter_page(request: Request, encounter_id: str) -> Response:
    who = person(request, "billing", "auditor")
    agencies = who.actor.readable(None)
    with _db(request).reading() as s:
        e = get_encounter(s, who.actor, agencies, encounter_id)
        tl = encounter_timeline(s, who.actor, agencies, encounter_id)
        s.commit()
    return render(request, "encounter.html", who, title=f"Encounter {encounter_id}", e=e, timeline=tl)


# --- billing: build, files, claims -------------------------------------------------------------------


def _payers(request: Request, who: Signed) -> list[Any]:
    with _db(request).reading() as s:
        return list_payers(s, who.actor.agency_ids, test=who.actor.test)


@router.get("/console/build")
def build_page(request: Request) -> Response:
    who = person(request, "billing")
    return render(request, "build.html", who, title="Build a claim file", payers=_payers(request, who), form={})


@router.post("/console/build/preview")
async def build_preview(request: Request) -> Response:
    who = person(request, "billing")
    form = await checked_form(request, who)
    preview = await run_in_threadpool(request.app.state.claims.preview, who.actor, form.get("payer", ""),
                                      _day(form.get("from")), _day(form.get("to")))
    return render(request, "build.html", who, title="Build a claim file: preview", payers=_payers(request, who),
                  form=form, preview=preview)


@router.post("/console/build")
async def build_post(request: Request) -> Response:
    who = person(request, "billing")
    form = await checked_form(request, who)
    try:
        result = await run_in_threadpool(request.app.state.claims.build, who.actor, form.get("payer", ""),
                                         _day(form.get("from")), _day(form.get("to")))
    except BuildError as exc:
        raise AccessError(422, str(exc)) from None
    built = build_answer(_db(request), who.actor, result)
    return render(request, "build.html", who, title="Build a claim file: built", payers=_payers(request, who),
                  form=form, built=built)


@router.get("/console/claim-files")
def claim_files_page(request: Request) -> Response:
    who = person(request, "billing", "auditor")
    with _db(request).reading() as s:
        p = list_claim_files(s, who.actor.readable(None), cursor=_q(request, "cursor"), limit=PAGE)
    return render(request, "claim_files.html", who, title="Claim files", page=p, next_url=next_url(request,
                                                                                                    p.next_cursor))


@router.get("/console/claim-files/{file_id}/download")
def claim_file_download(request: Request, file_id: str) -> Response:
    who = person(request, "billing", "auditor")
    with _db(request).reading() as s:
        f = read_file_content(s, who.actor, who.actor.readable(None), file_id)
        s.commit()
        return Response(f.content, media_type="application/edi-x12",
                        headers={"Content-Disposition": f'attachment; filename="837P-{f.isa_control:09d}.x12"'})


@router.get("/console/claims")
def claims_page(request: Request) -> Response:
    who = person(request, "billing", "auditor")
    f = ClaimFilters(status=_q(request, "status"), work_state=_q(request, "work_state"), file=_q(request, "file"),
                     date_from=_day(_q(request, "from")), date_to=_day(_q(request, "to")))
    with _db(request).reading() as s:
        p = list_claims(s, who.actor, who.actor.readable(None), f, _q(request, "cursor"), PAGE)
        s.commit()
    return render(request, "claims.html", who, title="Claims", page=p, f=f, statuses=CLAIM_STATUSES,
                  work_states=WORK_STATES, next_url=next_url(request, p.next_cursor))


@router.get("/console/claims/{claim_id}")
def claim_page(request: Request, claim_id: str) -> Response:
    who = person(request, "billing", "auditor")
    agencies = who.actor.readable(None)
    with _db(request).reading() as s:
        c = claim_out(s, agencies, claim_id)
        summary = claim_summary(s, agencies, claim_id)
        tl = claim_timeline(s, agencies, claim_id)
    return render(request, "claim.html", who, title=f"Claim {c.claim_control}", c=c, summary=summary, timeline=tl,
                  work_states=WORK_STATES, can_bill=who.actor.role == "billing")


@router.post("/console/claims/{claim_id}/work-state")
async def claim_work_state(request: Request, claim_id: str) -> Response:
    who = person(request, "billing")
    form = await checked_form(request, who)
    try:
        data = WorkStateIn(state=form.get("state") or None, note=form.get("note") or None)
    except ValidationError as exc:
        raise AccessError(422, "; ".join(e["msg"] for e in exc.errors())) from None
    with _db(request).writing() as s:
        set_work_state(s, who.actor, claim_id, data)
        s.commit()
    return RedirectResponse(f"/console/claims/{claim_id}", status_code=303)


@router.post("/console/claims/{claim_id}/adjust")
async def claim_adjust(request: Request, claim_id: str) -> Response:
    who = person(request, "billing")
    form = await checked_form(request, who)
    frequency = {"replace": "7", "void": "8"}.get(str(form.get("action")))
    if frequency is None:
        raise AccessError(422, "choose replace or void")
    result = await run_in_threadpool(request.app.state.claims.adjust, who.actor, claim_id, frequency,
                                     form.get("payer_claim_number") or None)
    built = build_answer(_db(request), who.actor, result)
    return render(request, "build.html", who, title="Adjustment built", payers=[], form={}, built=built)


# --- billing: responses and the unmatched queue ------------------------------------------------------


def _responses(request: Request, who: Signed, status: int = 200, **ctx: Any) -> Response:
    with _db(request).reading() as s:
        p = list_responses(s, who.actor.readable(None), cursor=_q(request, "cursor"), limit=PAGE)
    return render(request, "responses.html", who, status=status, title="Payer responses", page=p,
                  next_url=next_url(request, p.next_cursor), can_bill=who.actor.role == "billing", **ctx)


@router.get("/console/responses")
def responses_page(request: Request) -> Response:
    return _responses(request, person(request, "billing", "auditor"))


@router.post("/console/responses")
async def responses_upload(request: Request) -> Response:
    who = person(request, "billing")
    form = await checked_form(request, who)
    upload = form.get("file")
    raw = await upload.read() if hasattr(upload, "read") else b""
    try:
        text = raw.decode("ascii")
        done = await run_in_threadpool(Ingestor(_db(request)).ingest, who.actor, text)
    except UnicodeDecodeError:
        return _responses(request, who, 400, error="An X12 file is ASCII text: this file is not.")
    except ResponseError as exc:
        return _responses(request, who, 400, error=f"The file was refused, nothing was stored: {exc}")
    return _responses(request, who, result=done)


@router.get("/console/responses/{response_id}")
def response_page(request: Request, response_id: str) -> Response:
    who = person(request, "billing", "auditor")
    with _db(request).reading() as s:
        r = get_response(s, who.actor, who.actor.readable(None), response_id)
        s.commit()
    return render(request, "response.html", who, title=f"{r.kind} response", r=r,
                  document_json=json.dumps(r.document, indent=2))


@router.get("/console/unmatched")
def unmatched_page(request: Request) -> Response:
    who = person(request, "billing", "auditor")
    agencies = who.actor.readable(None)
    with _db(request).reading() as s:
        p = list_unmatched(s, agencies, cursor=_q(request, "cursor"), limit=PAGE)
        claims = {u.id: match_candidates(s, agencies, u) for u in p.items if u.item == "claim"}
    return render(request, "unmatched.html", who, title="Unmatched items", page=p, candidates=claims,
                  next_url=next_url(request, p.next_cursor), can_bill=who.actor.role == "billing",
                  flash=_q(request, "done"))


@router.post("/console/unmatched/{item_id}")
async def unmatched_resolve(request: Request, item_id: ItemId) -> Response:
    who = person(request, "billing")
    form = await checked_form(request, who)
    try:
        data = ResolveIn(action=form.get("action"), claim_id=form.get("claim_id") or None,  # type: ignore[arg-type]
                         reason=form.get("reason") or None)
    except ValidationError as exc:
        raise AccessError(422, "; ".join(e["msg"] for e in exc.errors())) from None
    out = await run_in_threadpool(resolve, _db(request), who.actor, item_id, data)
    return RedirectResponse(f"/console/unmatched?done=Item+{out.id}+{out.resolution}", status_code=303)


# --- payers ------------------------------------------------------------------------------------------


PARTNER_EXAMPLE = json.dumps({"sender_id": "YOURETIN", "receiver_id": "PAYERID", "submitter_name": "Your Agency",
                              "submitter_id": "SUBMITTERID", "contact_name": "Billing Desk",
                              "contact_phone": "5125550100", "receiver_name": "State Medicaid", "usage": "T"},
                             indent=1)


def _payers_page(request: Request, who: Signed, status: int = 200, **ctx: Any) -> Response:
    with _db(request).reading() as s:
        rows = list_payers(s, payer_scope(who.actor, None), None, 1000, test=who.actor.test)
    return render(request, "payers.html", who, status=status, title="Payers", names=_names(request),
                  page=page(rows, 1000, lambda p: p, lambda p: [p.id]), next_url=None, partner_example=PARTNER_EXAMPLE,
                  can_bill=who.actor.role == "billing", **ctx)


@router.get("/console/payers")
def payers_page(request: Request) -> Response:
    return _payers_page(request, person(request, "billing", "auditor", "admin"))


@router.post("/console/payers")
async def payers_post(request: Request) -> Response:
    who = person(request, "billing")
    form = await checked_form(request, who)
    try:
        data = PayerIn.model_validate({k: form.get(k) for k in ("payer_id", "name", "state", "program",
                                                                "claim_span")}
                                      | {"partner": json.loads(str(form.get("partner") or "{}")),
                                         "charges": json.loads(str(form.get("charges") or "{}"))})
    except (ValidationError, ValueError) as exc:
        return _payers_page(request, who, 422, error=_why(exc))
    with _db(request).writing() as s:
        create_payer(s, who.actor, data)
        s.commit()
    return _payers_page(request, who, flash=f"Payer {data.payer_id} is set up.")


def _why(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
    return f"not valid JSON: {exc}"


# --- auditors: rejections, summary, audit trail --------------------------------------------------------


def _filters(request: Request) -> Filters:
    return Filters(source=_q(request, "source"), state=_q(request, "state"), payer=_q(request, "payer"),
                   provider=_q(request, "provider"), code=_q(request, "code"), date_from=_day(_q(request, "from")),
                   date_to=_day(_q(request, "to")))


@router.get("/console/rejections")
def rejections_page(request: Request) -> Response:
    who = person(request, "billing", "auditor")
    f = _filters(request)
    try:
        with _db(request).reading() as s:
            p = list_rejections(s, who.actor, who.actor.readable(None), f, _q(request, "cursor"), PAGE)
            s.commit()
    except ValueError as exc:
        raise AccessError(422, str(exc)) from None
    q = {k: v for k, v in request.query_params.items() if k != "cursor" and v}
    return render(request, "rejections.html", who, title="Rejections", page=p, f=f,
                  query=f"?{urlencode(q)}" if q else "", next_url=next_url(request, p.next_cursor))


@router.get("/console/rejections.csv")
def rejections_csv(request: Request) -> Response:
    who = person(request, "billing", "auditor")
    return StreamingResponse(iter_csv(_db(request).reading, who.actor, who.actor.readable(None), _filters(request)),
                             media_type="text/csv",
                             headers={"Content-Disposition": 'attachment; filename="rejections.csv"'})


CHARTS = [("code", "Denial rate by reason", "Reason"), ("payer", "Denial rate by payer", "Payer"),
          ("provider", "Denial rate by peer (NPI)", "Peer NPI"), ("month", "Denial rate by month of service", "Month")]


@router.get("/console/summary")
def summary_page(request: Request) -> Response:
    who = person(request, "billing", "auditor")
    agencies, f = who.actor.readable(None), _filters(request)
    charts = []
    for by, title, key in CHARTS:
        out = summarize(_db(request), who.actor, agencies, f, by)  # type: ignore[arg-type]
        groups = out.groups[:15]
        if by == "code":  # every code shares one denominator: show how many items each reason hit
            rows = [(g.key or "none", float(g.rejections), str(g.rejections)) for g in groups]
            title = "Rejections by reason (count)"
        else:
            rows = [(g.key or "none", g.denial_rate or 0.0, f"{(g.denial_rate or 0) * 100:.1f}%") for g in groups]
        charts.append({"id": by, "title": title, "key": key, "groups": groups,
                       "svg": bars(title, rows, f"chart-{by}")})
    return render(request, "summary.html", who, title="Denials at a glance", charts=charts)


@router.get("/console/audit")
def audit_page(request: Request) -> Response:
    who = person(request, "auditor", "admin")
    agencies = who.actor.agency_ids if who.actor.role == "auditor" else None
    q = events_query(agencies, action=_q(request, "action"), object_id=_q(request, "object"))
    with _db(request).reading() as s:
        p = events_page(s, q, _q(request, "cursor"), 100)
    return render(request, "audit.html", who, title="Audit trail", page=p, action=_q(request, "action"),
                  object=_q(request, "object"), next_url=next_url(request, p.next_cursor))


# --- admin: agencies and keys -----------------------------------------------------------------------


def _names(request: Request) -> dict[str, str]:
    return {a.id: a.name for a in _agencies(request)}


def _agencies(request: Request) -> list[Any]:
    from sqlalchemy import select

    with _db(request).reading() as s:
        return [agency_out(a) for a in s.scalars(select(Agency).where(Agency.sandbox_of.is_(None))  # live only
                                                 .order_by(Agency.id))]


@router.get("/console/admin/agencies")
def agencies_page(request: Request, flash: str | None = None) -> Response:
    who = person(request, "admin")
    rows = _agencies(request)
    return render(request, "agencies.html", who, title="Agencies", flash=flash,
                  page=page(rows, len(rows) or 1, lambda a: a, lambda a: [a.id]), next_url=None)


@router.post("/console/admin/agencies")
async def agencies_post(request: Request) -> Response:
    who = person(request, "admin")
    form = await checked_form(request, who)
    try:
        data = AgencyIn.model_validate({k: form.get(k) for k in ("name", "npi", "tax_id", "taxonomy")}
                                       | {"address": {k: form.get(k) for k in ("line1", "city", "state", "zip")}})
    except ValidationError as exc:
        raise AccessError(422, _why(exc)) from None
    with _db(request).writing() as s:
        a = create_agency(s, data, who.actor)
        s.commit()
    return agencies_page(request, flash=f"Agency {a.name} added ({a.id}).")


def _keys_page(request: Request, who: Signed, new_key: str | None = None, flash: str | None = None) -> Response:
    with _db(request).reading() as s:
        keys = key_cases.list_keys(s)
    agencies = _agencies(request)
    return render(request, "keys.html", who, title="API keys", keys=keys, agencies=agencies,
                  names={a.id: a.name for a in agencies}, new_key=new_key, flash=flash)


@router.get("/console/admin/keys")
def keys_page(request: Request) -> Response:
    return _keys_page(request, person(request, "admin"))


@router.post("/console/admin/keys")
async def keys_post(request: Request) -> Response:
    who = person(request, "admin")
    form = await checked_form(request, who)
    role, agency = form.get("role"), form.get("agency") or None
    try:
        data = KeyIn(role=role, name=form.get("name") or "",  # type: ignore[arg-type]
                     agency_id=agency if role in ("ehr", "billing") else None,
                     agencies=[agency] if role == "auditor" and agency else [])
    except ValidationError as exc:
        raise AccessError(422, _why(exc)) from None
    with _db(request).writing() as s:
        out = create_key(s, data, who.actor)
        s.commit()
    return _keys_page(request, who, new_key=out.key)


@router.post("/console/admin/keys/{key_id}/revoke")
async def keys_revoke(request: Request, key_id: str) -> Response:
    who = person(request, "admin")
    await checked_form(request, who)
    with _db(request).writing() as s:
        key_cases.revoke(s, key_id, who.actor)
        s.commit()
    return _keys_page(request, who, flash=f"Key {key_id} is revoked: refused from now on.")
