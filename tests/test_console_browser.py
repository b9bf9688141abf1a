"""The console in a real browser: Debian's headless Chromium driven by Selenium (driver path given, so nothing is
downloaded), against a uvicorn server on 127.0.0.1 started on the test database. Each role signs in and walks its
flows end to end; the main pages are saved as screenshots (to $PEERBILL_SCREENSHOTS, else a temporary folder)."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from billing.db.models import ClaimFileRow
from billing.x12.payer_sim import Outcome, ack_999, remit_835
from billing.x12.reader import read_837p
from tests.test_api_claims import setup_payer
from tests.test_api_encounters import enc
from tests.test_auditors import _extra_keys
from tests.test_responses_e2e import PAYER, US

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never reach the network
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads) -> Iterator[webdriver.Chrome]:
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--disable-extensions", "--no-first-run"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.implicitly_wait(3)
    yield driver
    driver.quit()


@pytest.fixture
def server(api) -> Iterator[str]:
    """The test app served by uvicorn on a free port of 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(api.client.app, host="127.0.0.1", port=port, log_level="warning",
                                        lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture
def shots(tmp_path) -> Path:
    out = Path(os.environ.get("PEERBILL_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


def sign_in(b: webdriver.Chrome, base: str, key: str) -> None:
    b.delete_all_cookies()
    b.get(f"{base}/console/sign-in")
    b.delete_all_cookies()  # a fresh sign-in form and its token
    b.get(f"{base}/console/sign-in")
    field = b.find_element(By.ID, "api_key")
    assert b.switch_to.active_element == field  # focus starts in the key field
    field.send_keys(key)
    go(b, b.find_element(By.CSS_SELECTOR, "form button[type=submit]"))


def gone(element) -> bool:
    """The element's document was replaced. Mid-navigation Chrome answers with a stale-element error or, at times,
    an inspector error ("Node with given id does not belong to the document"): both mean gone."""
    try:
        return not element.tag_name
    except WebDriverException:
        return True


def go(b: webdriver.Chrome, element) -> None:
    """Click something that loads a page, and wait until the new page has replaced the old one."""
    old = b.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(b, 10).until(lambda _: gone(old))
    WebDriverWait(b, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def heading(b: webdriver.Chrome) -> str:
    return b.find_element(By.TAG_NAME, "h1").text


def nav_links(b: webdriver.Chrome) -> list[str]:
    return [a.text for a in b.find_elements(By.CSS_SELECTOR, "header nav a")]


def post_sessions(api, members: list[str], day: str = "2025-03-01") -> None:
    items = [enc(encounter_id=f"e{i}", member={"medicaid_id": m},
                 service={"date": day, "start_time": f"{9 + i:02d}:00", "end_time": f"{9 + i:02d}:45"})
             for i, m in enumerate(members)]
    assert api.call("POST", "/v1/encounters/batch", json={"items": items}).json()["created"] == len(items)


def not_billable(api) -> None:
    """Two sessions the same day that go over the synthetic daily cap: the second is not billable."""
    for i, (start, end) in enumerate((("08:00", "12:00"), ("13:00", "14:00"))):
        r = api.call("POST", "/v1/encounters", json=enc(encounter_id=f"cap{i}", member={"medicaid_id": "SYN0009"},
                                                        service={"date": "2025-03-03", "start_time": start,
                                                                 "end_time": end}))
        assert r.status_code == 201
    assert r.json()["verdict"]["billable"] is False


def upload(b: webdriver.Chrome, base: str, path: Path) -> str:
    b.get(f"{base}/console/responses")
    b.find_element(By.ID, "file").send_keys(str(path))
    go(b, b.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]"))
    return b.find_element(By.CSS_SELECTOR, "section[aria-labelledby=result]").text


def test_billing_builds_downloads_uploads_and_resolves(api, db, server, browser, downloads, shots, tmp_path):
    b, base = browser, server
    setup_payer(api, charges={"H0038": "10.00"})
    post_sessions(api, ["SYN0001", "SYN0002", "SYN0003"])
    not_billable(api)
    sign_in(b, base, api.keys["billing"])
    assert heading(b) == "Dashboard" and "Build" in nav_links(b)
    assert "not billable" in b.page_source and b.find_element(By.ID, "chart-not-billable")

    go(b, b.find_element(By.LINK_TEXT, "Not billable"))
    queue = b.find_element(By.TAG_NAME, "main").text
    assert "cap1" in queue and "units." in queue and "service." in queue  # the finding, its field, its rule
    b.save_screenshot(str(shots / "billing-not-billable.png"))
    go(b, b.find_element(By.LINK_TEXT, "cap1"))
    assert heading(b) == "Encounter cap1" and "not_billable" in b.find_element(By.TAG_NAME, "main").text

    go(b, b.find_element(By.LINK_TEXT, "Build"))
    b.find_element(By.ID, "from").send_keys("03/01/2025")
    b.find_element(By.ID, "to").send_keys("03/31/2025")
    go(b, b.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    preview = b.find_element(By.ID, "preview").text
    assert preview.startswith("Preview: 4 claim(s), 4 line(s)"), preview  # e0-e2 and cap0
    b.save_screenshot(str(shots / "billing-build-preview.png"))
    go(b, b.find_element(By.ID, "build"))
    assert "File built" in b.find_element(By.ID, "built").text
    b.find_element(By.ID, "download").click()
    for _ in range(100):
        files = [p for p in downloads.glob("*.x12")]
        if files:
            break
        time.sleep(0.05)
    text = files[0].read_text()
    assert text.startswith("ISA*") and text.count("CLM*") == 4
    f = read_837p(text)

    # The payer's 999 and an 835 that pays every claim, uploaded through the form.
    (tmp_path / "999.x12").write_text(ack_999(f.group_control, f.transaction_control, True, PAYER, US))
    assert "Ingested (999)" in upload(b, base, tmp_path / "999.x12")
    (tmp_path / "835.x12").write_text(remit_835([(c, Outcome(contractual_pct=10)) for c in f.claims[:2]], PAYER, US,
                                                f.created.date()))
    result = upload(b, base, tmp_path / "835.x12")
    assert "Ingested (835)" in result and re.search(r"^claims\s+2$", result, re.M), result
    b.save_screenshot(str(shots / "billing-response-uploaded.png"))
    b.get(f"{base}/console/claims?status=paid")
    rows = b.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert len(rows) == 2 and all("paid" in r.text for r in rows)
    b.save_screenshot(str(shots / "billing-claims.png"))

    # An 835 for the third claim whose control number matches nothing: matched by hand in the unmatched queue.
    third = f.claims[2]
    stray = remit_835([(third, Outcome())], PAYER, US, f.created.date(), n=5).replace(
        f"CLP*{third.claim_id}*", "CLP*PB0000000777*")
    (tmp_path / "stray.x12").write_text(stray)
    assert "unmatched_claims" in upload(b, base, tmp_path / "stray.x12")
    go(b, b.find_element(By.LINK_TEXT, "Unmatched"))
    assert "PB0000000777" in b.find_element(By.TAG_NAME, "tbody").text
    b.save_screenshot(str(shots / "billing-unmatched.png"))
    select = Select(b.find_element(By.CSS_SELECTOR, "select[name=claim_id]"))
    select.select_by_visible_text(next(o.text for o in select.options if o.text.startswith(third.claim_id)))
    go(b, b.find_element(By.XPATH, "//button[text()='Match']"))
    assert "resolved" in b.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "Nothing unmatched is open." in b.page_source
    b.get(f"{base}/console/claims?status=paid")
    assert len(b.find_elements(By.CSS_SELECTOR, "main table tbody tr")) == 3

    # Work state and a void, on the claim page; the timeline shows every step.
    go(b, b.find_element(By.LINK_TEXT, third.claim_id))
    Select(b.find_element(By.ID, "state")).select_by_visible_text("needs_review")
    b.find_element(By.ID, "note").send_keys("check the remittance")
    go(b, b.find_element(By.XPATH, "//button[text()='Save']"))
    assert b.find_element(By.ID, "work-state").text.startswith("needs_review — check the remittance")
    assert [c.text for c in b.find_elements(By.CSS_SELECTOR, "table:last-of-type tbody td:nth-child(3)")][:3] == \
        ["built", "submitted", "paid"]
    b.save_screenshot(str(shots / "billing-claim.png"))
    go(b, b.find_element(By.XPATH, "//button[contains(text(), 'Void')]"))
    assert "File built" in b.find_element(By.ID, "built").text
    go(b, b.find_element(By.LINK_TEXT, "Dashboard"))
    cards = b.find_element(By.TAG_NAME, "main").text
    # Billed: three $30 claims and the 16-unit cap0 at $160 (the void repeats one, so it is not counted again);
    # paid: $27 twice (CO-45 took 10%) and the $30 matched by hand.
    assert "$250.00\nbilled" in cards and "$84.00\npaid" in cards and "$0\ndenied" in cards, cards
    b.save_screenshot(str(shots / "billing-dashboard.png"))
    go(b, b.find_element(By.XPATH, "//button[text()='Sign out']"))
    assert heading(b) == "Sign in to Peerbill"
    b.get(f"{base}/console/claims")
    assert heading(b) == "Sign in to Peerbill"


def test_auditor_reads_and_cannot_reach_billing_actions(api, db, server, browser, shots, tmp_path):
    from tests.test_responses_e2e import build, ingest

    b, base = browser, server
    f = build(api, db, ["SYN0001", "SYN0002"])
    ingest(api, ack_999(f.group_control, f.transaction_control, True, PAYER, US))
    ingest(api, remit_835([(f.claims[0], Outcome(deny_reason="29")), (f.claims[1], Outcome())], PAYER, US,
                          f.created.date()))
    not_billable(api)
    sign_in(b, base, api.keys["auditor"])
    assert heading(b) == "Denials at a glance"
    assert "Build" not in nav_links(b) and "Unmatched" not in nav_links(b)
    svg = b.find_element(By.ID, "chart-code")
    assert "CO-29" in svg.text and b.find_element(By.ID, "chart-month")
    b.save_screenshot(str(shots / "auditor-summary.png"))
    go(b, b.find_element(By.LINK_TEXT, "Rejections"))
    Select(b.find_element(By.ID, "source")).select_by_visible_text("835")
    go(b, b.find_element(By.CSS_SELECTOR, "form.filters button"))
    rows = b.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert len(rows) == 1 and "CO-29" in rows[0].text
    assert b.find_element(By.ID, "csv").get_attribute("href").endswith("/console/rejections.csv?source=835")
    b.get(f"{base}/console/rejections")
    b.save_screenshot(str(shots / "auditor-rejections.png"))
    b.get(f"{base}/console/build")
    assert heading(b) == "Not allowed"
    b.get(f"{base}/console/claims")
    go(b, b.find_element(By.LINK_TEXT, f.claims[0].claim_id))
    assert b.find_elements(By.ID, "state") == [] and "Void" not in b.page_source  # read-only
    go(b, b.find_element(By.LINK_TEXT, "Audit trail"))
    assert "claim_file.build" in b.find_element(By.TAG_NAME, "tbody").text
    b.save_screenshot(str(shots / "auditor-audit-trail.png"))


def test_another_agency_never_appears_and_admin_pages(api, db, server, browser, shots):
    from tests.test_responses_e2e import build

    b, base = browser, server
    f = build(api, db, ["SYN0001"])
    api.keys.update(_extra_keys(api))
    sign_in(b, base, api.keys["billing_b"])
    b.get(f"{base}/console/claims")
    assert f.claims[0].claim_id not in b.page_source and "No claims match." in b.page_source
    with db.reading() as s:
        file_id = s.scalars(__import__("sqlalchemy").select(ClaimFileRow.id)).one()
    b.get(f"{base}/console/claim-files/{file_id}/download")
    assert heading(b) == "Not found"
    b.get(f"{base}/console/encounters/e0")
    assert heading(b) == "Not found"

    sign_in(b, base, api.keys["ehr"])
    assert "EHR key" in b.find_element(By.CSS_SELECTOR, "[role=alert]").text

    sign_in(b, base, api.keys["admin"])
    assert heading(b) == "Agencies" and "Synthetic Agency" in b.page_source
    b.save_screenshot(str(shots / "admin-agencies.png"))
    go(b, b.find_element(By.LINK_TEXT, "Payers"))
    assert "Synthetic Agency ZZ Medicaid ZZMCD" in b.find_element(By.TAG_NAME, "tbody").text
    assert b.find_elements(By.ID, "payer_id") == []  # payers are set up by billing staff
    go(b, b.find_element(By.LINK_TEXT, "Keys"))
    Select(b.find_element(By.ID, "role")).select_by_visible_text("auditor")
    b.find_element(By.ID, "kname").send_keys("Second auditor")
    Select(b.find_element(By.ID, "agency")).select_by_visible_text("Synthetic Agency")
    go(b, b.find_element(By.XPATH, "//button[text()='Create']"))
    new_key = b.find_element(By.ID, "new-key").text
    assert re.fullmatch(r"pb_[0-9a-f]{16}_\S+", new_key)
    b.get(f"{base}/console/admin/keys")
    b.save_screenshot(str(shots / "admin-keys.png"))
    sign_in(b, base, new_key)
    assert heading(b) == "Denials at a glance"
    key_id = new_key.split("_")[1]
    sign_in(b, base, api.keys["admin"])
    go(b, b.find_element(By.LINK_TEXT, "Keys"))
    go(b, b.find_element(By.CSS_SELECTOR, f"button[aria-label='Revoke key {key_id}']"))
    assert f"Key {key_id} is revoked" in b.find_element(By.CSS_SELECTOR, "[role=status]").text
    sign_in(b, base, new_key)
    assert b.find_element(By.CSS_SELECTOR, "[role=alert]").text == "That key was not accepted."


def test_docs_pages_render_offline_under_their_csp(server, browser, shots):
    b, base = browser, server
    b.get(f"{base}/docs")
    WebDriverWait(b, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
    paths = {e.text.replace("\u200b", "") for e in b.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert "/v1/claims" in paths and "/v1/unmatched/{item_id}/resolve" in paths
    b.save_screenshot(str(shots / "docs-swagger.png"))
    b.get_log("browser")  # forget what earlier pages logged
    b.get(f"{base}/redoc")
    WebDriverWait(b, 15).until(lambda d: "Claims, newest first" in d.page_source)
    # Redoc's bundle points at its maker's logo on a CDN: the CSP blocks it, and nothing else fails to load.
    errors = [e["message"] for e in b.get_log("browser") if e["level"] == "SEVERE"]
    assert all("cdn.redoc.ly" in m and "blocked" in m for m in errors), errors
