"""What-if and re-judge: stored encounters judged again under edited packs report exactly what changes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from typer.testing import CliRunner

from billing.access import Actor, create_agency
from billing.cli import app
from billing.db.models import AuditEvent, EncounterVersion
from billing.intake import Intake
from billing.rules.packs import default_registry, read_pack
from billing.whatif.rejudge import rejudge
from billing.whatif.run import what_if
from billing.whatif.stored import Scope
from schemas.api import AgencyIn
from schemas.rulepack import RulePack
from tests.conftest import DATA, make_encounter, zz_registry

ZZ = DATA / "ZZ.yaml"
TODAY = date(2025, 3, 10)
AGENCY = {"name": "What-if Agency", "npi": "1992999999", "tax_id": "123456789", "taxonomy": "251S00000X",
          "address": {"line1": "1 Main St", "city": "Sampletown", "state": "TX", "zip": "787010001"}}


def edited(**rules) -> RulePack:
    """The ZZ pack with some kinds replaced (and its revision bumped, as a shipped edit would be)."""
    doc = yaml.safe_load(ZZ.read_text())
    doc["revision"] += 1
    doc["rules"].update(rules)
    return RulePack.model_validate(doc)


CITE = {"document": "Synthetic test rules, edited", "section": "9", "effective": "2020-01-01"}


def new_agency(db) -> Actor:
    with db.writing() as s:
        a = create_agency(s, AgencyIn.model_validate(AGENCY), Actor(key_id="t", role="admin")).id
        s.commit()
    return Actor(key_id="k", role="billing", agency_ids=(a,))


def session(n: int, member: str = "SYN0001", day: str = "2025-03-04", start: int = 9, minutes: int = 60, **over):
    t0 = f"{start:02d}:00"
    end = (date(2000, 1, 1).toordinal(), start * 60 + minutes)
    t1 = f"{end[1] // 60:02d}:{end[1] % 60:02d}"
    return make_encounter(encounter_id=f"s{n}", member={"medicaid_id": member},
                          service={"date": day, "start_time": t0, "end_time": t1}, **over)


def post(db, who, encs, registry=None):
    out = Intake(db, registry or zz_registry(), lambda: TODAY).submit(who, list(enumerate(encs)))
    assert all(o.status in (200, 201) for o in out), [o.title for o in out]
    return out


def run(db, who, pack, **scope):
    return what_if(db, who, Scope(who.agency_ids, "ZZ", **scope), pack, zz_registry())


# --- the same pack changes nothing ---------------------------------------------------------------------

sessions = st.lists(st.tuples(st.sampled_from(["SYN0001", "SYN0002"]), st.integers(0, 40), st.integers(8, 16),
                              st.integers(5, 300), st.integers(0, 3)), min_size=1, max_size=14)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(sessions, st.integers(1, 5))
def test_a_whatif_with_the_pack_that_judged_reports_no_change(db, items, batch):
    """Whatever was posted, in whatever batches, with corrections and voids: the same pack, the same verdicts."""
    who = new_agency(db)
    encs = [session(i, m, (date(2025, 1, 2) + timedelta(days=d)).isoformat(), h, mins)
            for i, (m, d, h, mins, _) in enumerate(items)]
    for k in range(0, len(encs), batch):
        post(db, who, encs[k:k + batch])
    intake = Intake(db, zz_registry(), lambda: TODAY)
    for i, (_, _, _, mins, fate) in enumerate(items):
        if fate == 1:  # a correction: shorter
            intake.submit(who, [(0, encs[i].model_copy(update={"service": encs[i].service.model_copy(
                update={"minutes": max(1, mins // 2)})}))], mode="correct")
        elif fate == 2:
            intake.void(who, encs[i].encounter_id)
    report = run(db, who, read_pack(ZZ))
    assert report.changed == 0, [c.row() for c in report.changes]
    assert report.judged == sum(1 for *_, fate in items if fate != 2)


# --- packs edited in known ways ------------------------------------------------------------------------

def test_a_lower_daily_cap_reports_exactly_the_sessions_it_cuts(db):
    who = new_agency(db)
    post(db, who, [session(1, start=9), session(2, start=10), session(3, start=11),
                   session(4, member="SYN0002", start=9)])
    cap = [{"from": "2020-01-01", "cite": CITE, "id": "daily", "services": ["H0038"], "units": 8,
            "window": "day", "on_exceed": "deny"}]
    report = run(db, who, edited(caps=cap))
    assert report.judged == 4 and report.changed == 1
    [c] = report.changes
    assert (c.encounter_id, c.billable_before, c.billable_after, c.units_before, c.units_after) == \
        ("s3", True, False, 4, 0)
    assert c.payment_before == Decimal("49.38") and c.payment_after == Decimal("0.00")
    assert c.findings_added == ("units.cap_exceeded",)
    s = report.summary()
    assert s["difference"] == "-49.38" and s["by_month"] == {"2025-03": "-49.38"}
    assert s["findings"][0]["code"] == "units.cap_exceeded"
    assert s["findings"][0]["citation"]["document"] == "Synthetic test rules, edited"


def test_a_new_rate_band_changes_money_only_after_its_date(db):
    who = new_agency(db)
    post(db, who, [session(1, day="2025-02-27"), session(2, day="2025-03-03"), session(3, day="2025-03-04",
                                                                                       member="SYN0002")])
    rates = [{"from": "2020-01-01", "to": "2023-12-31", "cite": CITE, "code": "H0038", "amount": "10.00"},
             {"from": "2024-01-01", "to": "2025-02-28", "cite": CITE, "code": "H0038", "amount": "12.345"},
             {"from": "2025-03-01", "cite": CITE, "code": "H0038", "amount": "15.00"},
             {"from": "2020-01-01", "cite": CITE, "code": "H0038", "modifiers": ["HQ"], "amount": "3.00",
              "region": "north"},
             {"from": "2020-01-01", "cite": CITE, "code": "H0038", "modifiers": ["HQ"], "amount": "4.00",
              "region": "south"}]
    report = run(db, who, edited(rates=rates))
    assert sorted(c.encounter_id for c in report.changes) == ["s2", "s3"]
    assert all(c.payment_before == Decimal("49.38") and c.payment_after == Decimal("60.00")
               for c in report.changes)
    s = report.summary()
    assert s["difference"] == "21.24" and s["by_month"] == {"2025-03": "21.24"}
    assert s["by_peer"] == {"1234567893": "21.24"} and s["payment_up"] == 2
    only_feb = run(db, who, edited(rates=rates), date_to=date(2025, 2, 28))
    assert only_feb.judged == 1 and only_feb.changed == 0


def test_a_removed_credential_type_refuses_who_held_it(db):
    who = new_agency(db)
    cps = session(1)
    cpc = session(2, member="SYN0002", rendering={"npi": "1245319599", "credential": {
        "type": "CPC", "number": "SYN-CPC-1", "issuing_state": "TX", "expires_on": "2030-12-31"}})
    post(db, who, [cps, cpc])
    prs = session(3, member="SYN0003", rendering={"npi": "1679576722", "credential": {
        "type": "PRS", "number": "SYN-PRS-1", "issuing_state": "TX", "expires_on": "2030-12-31"}})
    post(db, who, [prs])
    creds = [{"from": "2020-01-01", "cite": CITE, "accepted_types": ["CPS"]}]
    report = run(db, who, edited(credentials=creds))
    [c] = report.changes
    assert c.encounter_id == "s2" and c.findings_added == ("credential.type_not_accepted",)
    assert report.summary()["became_not_billable"] == 1
    # A type the candidate adds: the refusal disappears, with the rule that gave it.
    wider = run(db, who, edited(credentials=[{"from": "2020-01-01", "cite": CITE,
                                              "accepted_types": ["CPC", "CPS", "PRS"]}]))
    [gone] = wider.changes
    assert gone.encounter_id == "s3" and gone.findings_removed == ("credential.type_not_accepted",)
    shift = wider.summary()["findings"][0]
    assert shift["disappeared"] == 1 and shift["citation"]["document"] == "Synthetic test rules"


def test_a_whatif_reads_only_its_agency_and_changes_nothing(db):
    mine, theirs = new_agency(db), new_agency(db)
    post(db, mine, [session(1)])
    post(db, theirs, [session(1), session(2, start=11)])
    with db.reading() as s:
        before = s.scalar(select(func.count()).select_from(EncounterVersion))
    report = run(db, mine, edited(caps=[]))
    assert report.judged == 1
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(EncounterVersion)) == before
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "rules.whatif")).all()
    assert [(a.agency_id, a.object_id) for a in audit] == [(mine.agency_ids[0], "ZZ@r4")]


# --- re-judge when a revision ships --------------------------------------------------------------------

def test_rejudge_writes_new_verdicts_for_unbilled_encounters_only(db):
    who = new_agency(db)
    post(db, who, [session(1, start=9), session(2, start=10), session(3, start=11)])
    from billing.db.models import Encounter as EncounterRow
    with db.writing() as s:  # s1 went out on a claim (a stand-in line id is enough to mark it billed)
        s.query(EncounterRow).filter(EncounterRow.external_id == "s1").update({"claim_line_id": "billed"})
        s.commit()
    cap = [{"from": "2020-01-01", "cite": CITE, "id": "daily", "services": ["H0038"], "units": 6,
            "window": "day", "on_exceed": "deny"}]
    from billing.rules import Registry
    shipped = Registry({"ZZ": edited(caps=cap)})
    done = rejudge(db, who, Scope(who.agency_ids, "ZZ"), shipped)
    # s1 (billed) keeps its 4 units; s2 now gets 2 (6 - 4), s3 nothing.
    assert [(c.encounter_id, c.units_before, c.units_after) for c in done.rejudged] == [("s2", 4, 2), ("s3", 4, 0)]
    assert done.billed_would_change == []
    with db.reading() as s:
        kinds = s.execute(select(EncounterVersion.kind, func.count()).group_by(EncounterVersion.kind)).all()
    assert dict(kinds) == {"original": 3, "rejudge": 2}
    again = rejudge(db, who, Scope(who.agency_ids, "ZZ"), shipped)
    assert again.rejudged == [] and again.unchanged == 0  # nothing stale is left
    assert run(db, who, edited(caps=cap)).changed == 0  # the replay agrees with what was written


# --- HTTP ----------------------------------------------------------------------------------------------

def test_the_api_answers_billing_and_auditors_as_json_and_csv(api, db):
    from tests.test_api_encounters import enc
    for i, start in enumerate(("09:00", "10:00", "11:00")):
        api.call("POST", "/v1/encounters", json=enc(encounter_id=f"h{i}", service={
            "start_time": start, "end_time": f"{int(start[:2]) + 1:02d}:00"}))
    doc = yaml.safe_load(ZZ.read_text())
    doc["rules"]["caps"][0]["units"] = 8
    body = {"state": "ZZ", "pack": yaml.safe_dump(doc, sort_keys=False)}
    r = api.call("POST", "/v1/rules/whatif", as_="billing", json=body)
    assert r.status_code == 200, r.text
    assert (r.json()["judged"], r.json()["changed"]) == (3, 1)
    assert r.json()["changes"][0]["encounter_id"] == "h2"
    audited = api.call("POST", "/v1/rules/whatif", as_="auditor", json=body, headers={"Accept": "text/csv"})
    rows = list(csv.DictReader(io.StringIO(audited.text)))
    assert audited.headers["content-type"].startswith("text/csv") and [r["encounter_id"] for r in rows] == ["h2"]
    assert api.call("POST", "/v1/rules/whatif", as_="ehr", json=body).status_code == 403
    same = api.call("POST", "/v1/rules/whatif", as_="billing", json={"state": "ZZ"})
    assert same.json()["changed"] == 0
    bad = api.call("POST", "/v1/rules/whatif", as_="billing", json={"state": "ZZ", "pack": "state: [unclosed"})
    assert bad.status_code == 422 and "YAML" in bad.json()["detail"]
    wrong = api.call("POST", "/v1/rules/whatif", as_="billing",
                     json={"state": "ZZ", "pack": yaml.safe_dump({**doc, "revision": 0})})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["path"] == "pack.revision"


# --- the pack author's loop on the command line --------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def synthetic_rules(monkeypatch, db):
    monkeypatch.setenv("PEERBILL_RULES_DIR", str(DATA))
    monkeypatch.setenv("PEERBILL_DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    default_registry.cache_clear()
    yield
    default_registry.cache_clear()


def test_cli_whatif_prints_the_report_and_writes_csv(db, synthetic_rules, tmp_path):
    who = new_agency(db)
    post(db, who, [session(1, start=9), session(2, start=10), session(3, start=11)])
    doc = yaml.safe_load(ZZ.read_text())
    doc["rules"]["caps"][0]["units"] = 8
    draft = tmp_path / "ZZ-draft.yaml"
    draft.write_text(yaml.safe_dump(doc, sort_keys=False))
    out = tmp_path / "changes.csv"
    res = runner.invoke(app, ["rules", "whatif", "--pack", str(draft), "--state", "ZZ", "--csv", str(out)],
                        env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "3 encounters judged again, 1 change" in res.stdout and "units.cap_exceeded" in res.stdout
    assert [r["encounter_id"] for r in csv.DictReader(out.open())] == ["s3"]
    js = runner.invoke(app, ["rules", "whatif", "--pack", str(draft), "--state", "ZZ", "--json"])
    assert json.loads(js.stdout)["difference"] == "-49.38"
    other = runner.invoke(app, ["rules", "whatif", "--pack", str(draft), "--state", "TX"], env={"COLUMNS": "200"})
    assert other.exit_code == 2 and "is the ZZ pack" in other.stderr


def test_cli_rules_test_runs_a_candidates_cases(tmp_path):
    from billing.rules.cases import CASES_DIR
    tx = Path(CASES_DIR).parent / "TX.yaml"
    res = runner.invoke(app, ["rules", "test", str(tx)])
    assert res.exit_code == 0, res.output
    assert " passed, 0 failed" in res.stdout
    broken = tmp_path / "TX.yaml"
    broken.write_text(tx.read_text().replace("units: 104", "units: 50"))
    res = runner.invoke(app, ["rules", "test", str(broken), "--cases", str(CASES_DIR / "TX.yaml")])
    assert res.exit_code == 1 and "failed" in res.stdout and "✗" in res.stderr


def test_finding_codes_read_from_stored_json_text_match_the_decoded_findings():
    from billing.whatif.stored import StoredVerdict, finding_codes
    from schemas.verdict import Citation, Finding

    assert not {"code"} & set(Citation.model_fields)  # the regex relies on `code` being a finding's key alone
    cite = Citation(document='"code": "y"', section="(a)", effective=None)
    findings = [Finding(code="units.cap_exceeded", severity="error", message='quotes "code": "x" in a message',
                        citation=cite).model_dump(mode="json"),
                Finding(code="rate.unknown", severity="info", message="m").model_dump(mode="json")]
    for text in (json.dumps(findings), json.dumps(findings, separators=(",", ":"))):
        assert finding_codes(text) == ("units.cap_exceeded", "rate.unknown")
    assert finding_codes(findings) == ("units.cap_exceeded", "rate.unknown")  # PostgreSQL: decoded by the driver
    assert finding_codes(None) == finding_codes("[]") == ()
    stored = StoredVerdict(True, 4, None, json.dumps(findings), 1)
    assert stored.citation("units.cap_exceeded") == Citation(document='"code": "y"', section="(a)", effective=None)
    assert stored.citation("rate.unknown") is None


def test_the_rows_a_whatif_reads_have_the_columns_its_tuples_name():
    from sqlalchemy import select

    from billing.whatif.stored import _OTHER, Scope, Version, _own_columns

    assert tuple(select(*_OTHER).selected_columns.keys()) == Version._fields
    assert tuple(select(*_own_columns(Scope(("a",), "ZZ"))).selected_columns.keys()) == Version._fields
