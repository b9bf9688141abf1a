"""`peerbill demo`: the pipeline on synthetic data, against a throwaway SQLite database, step by step."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from billing.access import Actor, create_agency, create_key
from billing.claims.assembly import US_STATES
from billing.claims.build import ClaimBuilder
from billing.claims.records import create_payer
from billing.db.connection import Database
from billing.db.models import AuditEvent, ClaimFileRow, ClaimRow
from billing.ingest import Ingestor
from billing.intake import Intake
from billing.rejection_reports import Filters, list_rejections, summarize
from billing.rules import Registry, default_registry
from billing.rules.cases import base_encounter, deep_merge
from billing.x12.payer_sim import Outcome, ack_999, batch_trace, remit_835, status_277ca
from billing.x12.reader import read_837p
from billing.x12.validate import validate_text
from schemas.api import AgencyIn, KeyIn, PayerIn
from schemas.encounter import Encounter

PREFERRED = ("TX", "GA", "PA", "NC", "VA")


def _pick_state(registry: Registry) -> str:
    for state in PREFERRED:
        if state in registry.packs:
            return state
    return sorted(registry.packs)[0]


def _people(registry: Registry, state: str, dos: date) -> dict[str, Any]:
    """A credential and a supervisor the state's rules accept on the date, so the clean session is clean."""
    rules = registry.view(state, None, dos).rules
    over: dict[str, Any] = {"rendering": {"credential": {"issuing_state": state}}}
    if rules.credentials:
        over["rendering"]["credential"]["type"] = rules.credentials[0].accepted_types[0]
    for sup in rules.supervision:
        if sup.accepted_credentials:
            over["supervisor"] = {"credential": sup.accepted_credentials[0]}
    return over


def _scenarios(state: str, dos: date, people: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Synthetic sessions that show the engine at work: clean, short, expired credential, bad diagnosis."""
    day = dos.isoformat()
    home = {"address": {"state": state}} if state in US_STATES else {}
    base = deep_merge(base_encounter(), {"payer": {"state": state}, "service": {"date": day}, "member": home,
                                         **people})
    return [
        ("a one-hour individual session", deep_merge(base, {"encounter_id": "demo-1"})),
        ("a 14-minute session", deep_merge(base, {"encounter_id": "demo-2", "member": {"medicaid_id": "SYN0002"},
                                                  "service": {"start_time": "11:00", "end_time": "11:14"}})),
        ("a peer whose certificate lapsed", deep_merge(base, {
            "encounter_id": "demo-3", "member": {"medicaid_id": "SYN0003"},
            "service": {"start_time": "13:00", "end_time": "14:00"},
            "rendering": {"credential": {"expires_on": (dos - timedelta(days=1)).isoformat()}}})),
        ("a diagnosis code that is not billable", deep_merge(base, {
            "encounter_id": "demo-4", "member": {"medicaid_id": "SYN0004"}, "diagnoses": ["F32"],
            "service": {"start_time": "15:00", "end_time": "16:00"}})),
    ]


def _claims_step(console: Console, db: Database, agency: str, state: str, dos: date) -> None:
    """Billing staff set up the payer, build the 837P file, and check it with pyx12."""
    console.rule("5. Billing builds the 837P claim file and pyx12 checks it")
    billing = Actor(key_id="demo-billing", role="billing", agency_ids=(agency,), request_id="demo")
    partner = {"sender_id": "DEMOAGENCY", "receiver_id": "DEMOPAYER", "submitter_name": "Demo Peer Services",
               "submitter_id": "DEMO01", "contact_name": "Billing Desk", "contact_phone": "5125550100",
               "receiver_name": f"{state} Medicaid", "usage": "T"}
    with db.writing() as s:
        payer = create_payer(s, billing, PayerIn(payer_id=f"{state}MCD", name=f"{state} Medicaid", state=state,
                                                 program="fee_for_service", partner=partner,
                                                 charges={"H0038": "25.00"}))
        s.commit()
    result = ClaimBuilder(db, today=lambda: dos + timedelta(days=7)).build(billing, payer.id)
    if result.file_id is None:
        console.print("Nothing billable to put on a claim.")
        return
    with db.reading() as s:
        content = s.get(ClaimFileRow, result.file_id).content  # type: ignore[union-attr]
    check = validate_text(content)
    console.print(f"{result.claims} claims, {result.lines} lines in file {result.file_id}; pyx12: "
                  f"{'PASS, 0 errors' if check.ok else f'FAIL, {len(check.errors)} errors'}.")
    console.print("\n".join(content.splitlines()[:6]) + "\n...")
    _responses_step(console, db, billing, content)


def _responses_step(console: Console, db: Database, billing: Actor, content: str) -> None:
    """A synthetic payer acknowledges the file, accepts the claims, pays one with a copay, denies one."""
    console.rule("6. The payer answers: 999, 277CA and 835 are ingested")
    f = read_837p(content)
    claims = list(f.claims)
    outcomes = [Outcome(contractual_pct=10, copay=Decimal("3.00")) if i % 2 == 0 else Outcome(deny_reason="29")
                for i in range(len(claims))]
    files = [("999", ack_999(f.group_control, f.transaction_control, True, "DEMOPAYER", "DEMOAGENCY")),
             ("277CA", status_277ca(list(zip(claims, outcomes, strict=True)), "DEMOPAYER", "DEMOAGENCY",
                                   batch_trace(f.isa_control, f.transaction_control))),
             ("835", remit_835(list(zip(claims, outcomes, strict=True)), "DEMOPAYER", "DEMOAGENCY",
                               date(2025, 3, 20)))]
    ingestor = Ingestor(db)
    for kind, text in files:
        done = ingestor.ingest(billing, text)
        console.print(f"{kind}: {done.summary}")
    again = ingestor.ingest(billing, files[-1][1])
    console.print(f"The same 835 again: {'nothing changed' if again.duplicate else 'ingested twice!'}.")
    with db.reading() as s:
        rows = s.execute(select(ClaimRow.claim_control, ClaimRow.status, ClaimRow.total_charge)).all()
    t = Table("Claim", "Status", "Charge")
    for r in rows:
        t.add_row(r.claim_control, r.status, f"${r.total_charge}")
    console.print(t)


def run(console: Console, registry: Registry | None = None, state: str | None = None) -> None:
    registry = registry or default_registry()
    state = state or _pick_state(registry)
    with tempfile.TemporaryDirectory(prefix="peerbill-demo-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        db = Database(url)
        console.rule("1. A throwaway database")
        db.upgrade()
        console.print(f"SQLite at {url}, migrated to head.")
        admin = Actor(key_id="demo", role="admin", request_id="demo")
        console.rule("2. An agency and an EHR key")
        with db.writing() as s:
            agency = create_agency(s, AgencyIn.model_validate({
                "name": "Demo Peer Services", "npi": "1992999999", "tax_id": "123456789",
                "taxonomy": "251S00000X", "address": {"line1": "1 Main St", "city": "Sampletown",
                                                      # a synthetic pack's state (ZZ) is no US state: TX then
                                                      "state": state if state in US_STATES else "TX",
                                                      "zip": "787010001"}}), admin)
            key = create_key(s, KeyIn(role="ehr", name="demo EHR", agency_id=agency.id), admin)
            s.commit()
        console.print(f"Agency {agency.id}; ehr key {key.id} (the secret is shown once, at creation).")
        ehr = Actor(key_id=key.id, role="ehr", agency_ids=(agency.id,), request_id="demo")
        dos = date(2025, 3, 4)
        intake = Intake(db, registry, today=lambda: dos + timedelta(days=6))
        console.rule(f"3. The EHR posts four sessions ({state} Medicaid, date of service {dos})")
        scenarios = _scenarios(state, dos, _people(registry, state, dos))
        items = [(i, Encounter.model_validate(doc)) for i, (_, doc) in enumerate(scenarios)]
        outcomes = intake.submit(ehr, items)
        t = Table("Session", "Verdict", "Units", "Expected", "Findings (code: rule)")
        for (label, _), o in zip(scenarios, outcomes, strict=True):
            v = o.verdict
            assert v is not None
            finds = "\n".join(f"{f.code}: {f.citation.document if f.citation else '-'}" for f in v.findings) or "-"
            t.add_row(label, "billable" if v.billable else "[red]not billable[/red]", str(v.units),
                      f"${v.expected_payment}" if v.expected_payment is not None else "rate unknown", finds)
        console.print(t)
        console.rule("4. The EHR resends (a timeout retry) and then corrects a session")
        again = intake.submit(ehr, items[:1])[0]
        console.print(f"Resend of demo-1: HTTP {again.status}, still version {again.version}; nothing duplicated.")
        fixed = deep_merge(scenarios[1][1], {"service": {"end_time": "11:30"}})
        corr = intake.submit(ehr, [(0, Encounter.model_validate(fixed))], mode="correct")[0]
        assert corr.verdict is not None
        console.print(f"Correction of demo-2 (30 minutes): version {corr.version}, "
                      f"{'billable' if corr.verdict.billable else 'not billable'}, {corr.verdict.units} units; "
                      "version 1 and its verdict are kept.")
        _claims_step(console, db, agency.id, state, dos)
        console.rule("7. The audit trail")
        with db.reading() as s:
            n = s.scalar(select(func.count()).select_from(AuditEvent))
        console.print(f"{n} audit events (who, what, when, request id) recorded; none holds PHI.")
        _rejections_step(console, db, agency.id)
        db.dispose()


def _rejections_step(console: Console, db: Database, agency: str) -> None:
    """What an auditor sees: every "no" of the run, from our rules and from the payer, summarized by code."""
    console.rule("8. The auditor's view: every rejection and denial, by code")
    auditor = Actor(key_id="demo-auditor", role="auditor", agency_ids=(agency,), request_id="demo")
    summary = summarize(db, auditor, auditor.agency_ids, Filters(), "code")
    t = Table("Code", "Rejections", "Billed", "Paid", "Denied", "Reason (latest)")
    t.columns[0].no_wrap = True
    with db.reading() as s:
        for g in summary.groups:
            latest = list_rejections(s, auditor, auditor.agency_ids, Filters(code=g.key), limit=1).items[0]
            t.add_row(g.key, str(g.rejections), f"${g.billed}", f"${g.paid}", f"${g.denied}", latest.reason[:80])
        s.commit()
    console.print(t)
    total = summary.total
    rate = f"{total.denial_rate:.0%}" if total.denial_rate is not None else "-"
    console.print(f"{total.encounters} of {total.encounters_total} encounters got a \"no\" ({rate}); "
                  f"${total.denied} rejected or denied. Auditors query these with GET /v1/rejections.")
