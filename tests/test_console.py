"""The web console without a browser: sessions, CSRF, security headers, and every page's access rule per role
(the browser walks are in test_console_browser.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from billing.db.models import AuditEvent, ConsoleSession

ROLES = ("billing", "auditor", "admin")
READ = {"billing", "auditor"}
PAGES = {
    "/console/not-billable": READ, "/console/build": {"billing"}, "/console/claim-files": READ,
    "/console/claims": READ, "/console/responses": READ, "/console/unmatched": READ, "/console/rejections": READ,
    "/console/rejections.csv": READ, "/console/summary": READ, "/console/payers": set(ROLES), "/console/at-risk": READ,
    "/console/audit": {"auditor", "admin"}, "/console/admin/agencies": {"admin"}, "/console/admin/keys": {"admin"},
}
ACTIONS = {  # posted with a valid CSRF token: the role rule still decides
    "/console/build/preview": {"billing"}, "/console/build": {"billing"},
    "/console/claims/nope/work-state": {"billing"}, "/console/claims/nope/adjust": {"billing"},
    "/console/responses": {"billing"}, "/console/unmatched/1": {"billing"}, "/console/payers": {"billing"},
    "/console/admin/agencies": {"admin"}, "/console/admin/keys": {"admin"},
    "/console/admin/keys/nope/revoke": {"admin"},
}


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def signed_in(api, role: str, base_url: str = "http://testserver") -> TestClient:
    c = TestClient(api.client.app, base_url=base_url)
    token = csrf_of(c.get("/console/sign-in").text)
    r = c.post("/console/sign-in", data={"csrf": token, "api_key": api.keys[role]}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return c


@pytest.fixture
def clients(api):
    return {role: signed_in(api, role) for role in ROLES}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_each_page_for_each_role(api, clients, path):
    for role in ROLES:
        r = clients[role].get(path, follow_redirects=False)
        expected = 200 if role in PAGES[path] else 403
        assert r.status_code == expected, (role, path, r.status_code)
        assert r.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'")
        assert "unsafe-inline" not in r.headers["content-security-policy"]
    anonymous = TestClient(api.client.app).get(path, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/console/sign-in"


@pytest.mark.parametrize("path", sorted(ACTIONS))
def test_each_action_for_each_role(clients, path):
    for role in ROLES:
        c = clients[role]
        token = csrf_of(c.get("/console/claims" if role != "admin" else "/console/admin/keys").text)
        r = c.post(path, data={"csrf": token}, follow_redirects=False)
        if role in ACTIONS[path]:
            assert r.status_code != 403, (role, path)
        else:
            assert r.status_code == 403, (role, path, r.status_code)


def test_forms_without_the_session_csrf_token_are_refused(api, clients):
    c = clients["billing"]
    assert c.post("/console/build/preview", data={"payer": "x"}).status_code == 403
    assert c.post("/console/build/preview", data={"payer": "x", "csrf": "forged"}).status_code == 403
    other = signed_in(api, "billing")  # another session of the same key has its own token
    stale = csrf_of(other.get("/console/build").text)
    assert c.post("/console/build/preview", data={"payer": "x", "csrf": stale}).status_code == 403
    login = TestClient(api.client.app)
    r = login.post("/console/sign-in", data={"csrf": "guess", "api_key": api.keys["billing"]}, follow_redirects=False)
    assert r.status_code == 403 and "pb_console" not in r.headers.get("set-cookie", "")


def test_session_cookie_flags_and_sign_out(api):
    c = TestClient(api.client.app)
    token = csrf_of(c.get("/console/sign-in").text)
    r = c.post("/console/sign-in", data={"csrf": token, "api_key": api.keys["billing"]}, follow_redirects=False)
    cookie = r.headers["set-cookie"]
    assert "pb_console=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie.split("pb_login_csrf")[0]  # plain HTTP here
    assert c.get("/console").status_code == 200
    assert c.post("/console/sign-out", data={"csrf": "forged"}).status_code == 403
    r = c.post("/console/sign-out", data={"csrf": csrf_of(c.get("/console").text)}, follow_redirects=False)
    assert r.status_code == 303
    with api.db.reading() as s:
        assert s.scalars(select(ConsoleSession)).all() == []
    assert c.get("/console", follow_redirects=False).headers["location"] == "/console/sign-in"


def test_secure_cookie_over_tls(api):
    c = TestClient(api.client.app, base_url="https://testserver")
    token = csrf_of(c.get("/console/sign-in").text)
    r = c.post("/console/sign-in", data={"csrf": token, "api_key": api.keys["auditor"]}, follow_redirects=False)
    session_cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("pb_console="))
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie


def test_idle_sessions_expire(api, clients):
    c = clients["auditor"]
    assert c.get("/console/summary").status_code == 200
    with api.db.writing() as s:
        s.execute(update(ConsoleSession).values(seen_at=datetime.now(UTC) - timedelta(minutes=31)))
        s.commit()
    assert c.get("/console/summary", follow_redirects=False).headers["location"] == "/console/sign-in"


def test_ehr_and_bad_keys_cannot_sign_in(api):
    for key, status in ((api.keys["ehr"], 403), ("pb_nope_nope", 401)):
        c = TestClient(api.client.app)
        token = csrf_of(c.get("/console/sign-in").text)
        r = c.post("/console/sign-in", data={"csrf": token, "api_key": key}, follow_redirects=False)
        assert r.status_code == status and "pb_console=" not in r.headers.get("set-cookie", "")
    with api.db.reading() as s:
        signed = s.scalars(select(AuditEvent.actor_role).where(AuditEvent.action == "console.sign_in")).all()
    assert signed == []


def test_revoked_or_expired_keys_end_their_sessions(api, clients):
    from billing.db.models import ApiKey

    with api.db.writing() as s:
        s.execute(update(ApiKey).where(ApiKey.role == "billing").values(revoked_at=datetime.now(UTC)))
        s.execute(update(ApiKey).where(ApiKey.role == "auditor").values(
            expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        s.commit()
    assert clients["billing"].get("/console", follow_redirects=False).status_code == 303
    assert clients["auditor"].get("/console/summary", follow_redirects=False).status_code == 303
    assert clients["admin"].get("/console/admin/keys").status_code == 200


def test_docs_pages_load_their_assets_from_the_package(api):
    for page, asset in (("/docs", "/docs-assets/swagger-ui-bundle.js"), ("/redoc", "/docs-assets/redoc.standalone.js")):
        r = api.client.get(page)
        assert r.status_code == 200 and asset in r.text and "cdn" not in r.text.lower()
        assert "script-src 'self'" in r.headers["content-security-policy"]
        js = api.client.get(asset)
        assert js.status_code == 200 and len(js.content) > 100_000
    assert api.client.get("/docs-assets/swagger-ui.css").status_code == 200
    assert api.client.get("/console/static/swagger-init.js").status_code == 200
