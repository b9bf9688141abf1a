"""The `peerbill` command line."""

from __future__ import annotations

import inspect
import json
import threading
import time
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from billing import terminal

# Only typer at start-up: each command imports what it uses (the rules engine, SQLAlchemy, pydantic models,
# rich), so `peerbill --help` and simple commands do not pay for the whole application.
if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from billing.access import Actor
    from billing.db.connection import Database
    from schemas.rulepack import RulePack, RuleSet
    from schemas.verdict import Verdict

app = typer.Typer(help="Peerbill: Medicaid billing for peer support services.", no_args_is_help=True)
rules_app = typer.Typer(help="State rule packs.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


out, err = terminal.out, terminal.err


def _table(*columns: str, **options: Any) -> Any:
    from rich.table import Table

    return Table(*columns, **options)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


@app.callback()
def _check_settings() -> None:
    """Peerbill: Medicaid billing for peer support services."""
    _settings()  # every command starts from valid settings, or stops naming each bad variable


# --- rules ------------------------------------------------------------------------------------------


@rules_app.command("list")
def rules_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The states Peerbill has rules for."""
    from billing.rules import default_registry

    reg = default_registry()
    rows = [
        {"state": p.state, "name": p.name, "revision": p.revision, "plans": sorted(p.plans),
         "programs": sorted(p.programs),
         "covered_from": min((c.valid_from for c in p.rules.coverage), default=None),
         "unknown": [u.topic for u in p.unknown]}
        for p in sorted(reg.packs.values(), key=lambda p: p.state)
    ]
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    t = _table("State", "Name", "Rev", "Covered from", "Plans", "Unknown")
    for r in rows:
        t.add_row(r["state"], r["name"], str(r["revision"]), str(r["covered_from"] or "-"),
                  ", ".join(r["plans"]) or "-", ", ".join(r["unknown"]) or "-")
    out.print(t)


@rules_app.command("show")
def rules_show(
    state: str,
    on: Annotated[str | None, typer.Option(help="Only the rules in force on this date (YYYY-MM-DD).")] = None,
    plan: Annotated[str | None, typer.Option(help="Apply this managed-care plan's overrides.")] = None,
    program: Annotated[str | None, typer.Option(help="Apply this program's rules (e.g. NY cftss-fpss).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A state's rules with their citations, optionally as in force on one date."""
    from billing.rules import default_registry
    from billing.rules.packs import in_force, merge_plan
    from schemas.rulepack import RuleSet

    pack = default_registry().get(state.upper())
    if pack is None:
        raise _fail(f"no rule pack for state {state!r}; see `peerbill rules list`")
    if plan is not None and plan not in pack.plans:
        raise _fail(f"{pack.state} has no plan {plan!r} (plans: {', '.join(pack.plans) or 'none'})")
    if program is not None and program not in pack.programs:
        raise _fail(f"{pack.state} has no program {program!r} (programs: {', '.join(pack.programs) or 'none'})")
    rules = merge_plan(pack, plan, program)
    if on is not None:
        rules = in_force(rules, _date(on, "--on")).rules
    if as_json:
        out.print_json(json.dumps(_rules_json(pack, rules), default=str))
        return
    out.print(f"[bold]{pack.name}[/bold] ({pack.state}, revision {pack.revision})"
              + (f", plan {plan}" if plan else "") + (f", program {program}" if program else "")
              + (f", in force on {on}" if on else ""))
    t = _table("Kind", "In force", "Rule", "Source")
    for kind in RuleSet.model_fields:
        for r in getattr(rules, kind):
            body = r.model_dump(exclude={"valid_from", "valid_to", "cite", "note"}, exclude_defaults=True)
            t.add_row(kind, f"{r.valid_from} – {r.valid_to or 'open'}", _brief(body),
                      f"{r.cite.document}, {r.cite.section} ({r.cite.effective}; {r.cite.confidence})")
    out.print(t)
    if pack.credential_types:
        v = _table("Credential", "Name", "Issuer", "Role", "Source", title="Credential vocabulary")
        for c in pack.credential_types:
            v.add_row(c.code, c.name, c.issuer or "-", c.role,
                      f"{c.cite.document}, {c.cite.section} ({c.cite.effective})" if c.cite else "-")
        out.print(v)
    if pack.unknown:
        out.print("[bold]Unknown (not sourced, not applied):[/bold]")
        for u in pack.unknown:
            out.print(f"  • {u.topic}: {u.note}")


def _rules_json(pack: RulePack, rules: RuleSet) -> dict[str, Any]:
    return {"state": pack.state, "name": pack.name, "revision": pack.revision,
            "rules": rules.model_dump(mode="json", by_alias=True, exclude_defaults=False),
            "plans": {k: {"name": p.name, "payer_ids": p.payer_ids} for k, p in pack.plans.items()},
            "credential_types": [c.model_dump(mode="json", exclude_none=True) for c in pack.credential_types],
            "unknown": [u.model_dump() for u in pack.unknown]}


def _brief(body: dict[str, Any]) -> str:
    return "; ".join(f"{k}={v}" for k, v in body.items())


@rules_app.command("lint")
def rules_lint() -> None:
    """Check every pack: it parses, every value is cited, dated entries do not overlap."""
    from billing.rules import default_registry, lint
    from billing.rules.coverage_matrix import vocabulary_warnings
    from billing.rules.packs import pack_files

    problems = lint()
    for p in problems:
        out.print(f"[red]✗[/red] {p}")
    if problems:
        raise typer.Exit(1)
    reg = default_registry()
    warnings = [w for f in pack_files() for w in vocabulary_warnings(reg.packs[f.stem], f.name)]
    for w in warnings:  # a warning for now: new packs are still filling in their vocabulary
        out.print(f"[yellow]![/yellow] {w}", soft_wrap=True)
    out.print(f"[green]✓[/green] {len(reg.packs)} packs, no problems"
              + (f", {len(warnings)} credential vocabulary warning{'s' * (len(warnings) > 1)}" if warnings else ""))


@rules_app.command("coverage")
def rules_coverage(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_markdown: Annotated[bool, typer.Option("--markdown", help="Print Markdown (docs/states.md).")] = False,
    output: Annotated[Path | None, typer.Option("-o", help="Write to this file instead of printing.")] = None,
) -> None:
    """Every jurisdiction by rule kind: sourced (with confidence), unknown, or not applicable."""
    from billing.rules import coverage_matrix as coverage
    from billing.rules import default_registry

    reg = default_registry()
    if as_json or as_markdown:
        text = (json.dumps(coverage.as_json(reg), indent=2) + "\n") if as_json else coverage.markdown(reg) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            print(text, end="")
        return
    ks = coverage.kinds()
    heads = [coverage.SHORT.get(k, k) for k in ks]
    widths = [max(len(h), 3) for h in heads]
    print("state " + " ".join(h.center(w) for h, w in zip(heads, widths, strict=True)))
    for st, row in coverage.matrix(reg).items():
        print(f"{st:<5} " + " ".join(coverage.mark(row[k]).center(w) for k, w in zip(ks, widths, strict=True)))
    out.print("✔ state's text · ◐ one plan's text · △ secondary · ? unknown · n/a not paying · · no pack")


@rules_app.command("schema")
def rules_schema(output: Annotated[Path | None, typer.Option("-o", help="Write to this file.")] = None) -> None:
    """The JSON Schema of a state file, for editors."""
    from schemas.rulepack import RulePack

    text = json.dumps(RulePack.model_json_schema(by_alias=True), indent=2) + "\n"
    if output:
        output.write_text(text)
    else:
        print(text, end="")


# --- adjudicate ----------------------------------------------------------------------------------


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _fail(f"{what}: {text!r} is not a date (YYYY-MM-DD)") from None


def _read(path: Path) -> Any:
    import yaml

    from billing import yamlload

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{path}: {exc.strerror}") from None
    try:
        return json.loads(text) if path.suffix == ".json" else yamlload.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise _fail(f"{path}: not valid JSON/YAML: {exc}") from None


def _validate(adapter: TypeAdapter, data: Any, path: Path) -> Any:
    from pydantic import ValidationError

    from schemas.problems import field_errors

    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        for e in field_errors(exc):
            err.print(f"[red]{path}[/red] {e.path}: {e.problem}")
        raise typer.Exit(2) from None


@app.command("adjudicate")
def adjudicate_cmd(
    file: Annotated[Path, typer.Argument(help="JSON or YAML: one encounter or a list.")],
    history: Annotated[Path | None, typer.Option(help="Earlier approved services (JSON/YAML list).")] = None,
    as_of: Annotated[str | None, typer.Option(help="Filing date to judge timeliness against.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdicts as JSON.")] = False,
) -> None:
    """Judge encounters by the state rules in force on their dates of service."""
    from pydantic import TypeAdapter

    from billing.rules import adjudicate_many
    from schemas.encounter import Encounter, History, PriorService

    data = _read(file)
    many = isinstance(data, list)
    encounters = _validate(TypeAdapter(list[Encounter]), data if many else [data], file)
    prior: list[PriorService] = []
    if history is not None:
        hdata = _read(history)
        hdata = hdata.get("services", hdata) if isinstance(hdata, dict) else hdata
        prior = _validate(TypeAdapter(list[PriorService]), hdata, history)
    when = _date(as_of, "--as-of") if as_of else None
    verdicts = adjudicate_many(encounters, History(services=prior), when)
    if as_json:
        payload = [v.model_dump(mode="json") for v in verdicts]
        print(json.dumps(payload if many else payload[0], indent=2))
        return
    for v in verdicts:
        _print_verdict(v)


def _print_verdict(v: Verdict) -> None:
    head = "[green]BILLABLE[/green]" if v.billable else "[red]NOT BILLABLE[/red]"
    pay = f"${v.expected_payment}" if v.expected_payment is not None else "rate unknown"
    pack = v.rule_pack.id if v.rule_pack else "no pack"
    out.print(f"{head} {v.encounter_id}: {v.units} units from {v.minutes} min, {pay}; "
              f"filing deadline {v.filing_deadline or 'unknown'}; rules {pack}")
    if v.findings:
        t = _table("Severity", "Code", "Field", "Finding", "Rule")
        for f in v.findings:
            cite = f"{f.citation.document}, {f.citation.section}" if f.citation else "-"
            t.add_row(f.severity, f.code, f.path or "-", f.message, cite)
        out.print(t)


# --- service, database, access -------------------------------------------------------------------

db_app = typer.Typer(help="The database.", no_args_is_help=True)
agencies_app = typer.Typer(help="Agencies (billing providers).", no_args_is_help=True)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(agencies_app, name="agencies")
app.add_typer(keys_app, name="keys")
CLI_ACTOR_ID = "cli"


def _request_id() -> str:
    return f"cli-{uuid.uuid4().hex}"  # 36 characters, as the audit trail's column


def _cli_actor() -> Actor:
    from billing.access import Actor

    return Actor(key_id=CLI_ACTOR_ID, role="admin", request_id=_request_id())


@app.command("serve")
def serve(host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port.")] = 8000,
          workers: Annotated[int | None, typer.Option(help="Worker processes (one per core is a good start); "
                                                      "default PEERBILL_WORKERS, else 1.")] = None,
          migrate: Annotated[bool, typer.Option(help="Apply pending migrations first (a SQLite file always "
                                                "is); on PostgreSQL, serve refuses to start on a database "
                                                "that is not at head unless this is given.")] = False,
          webhooks: Annotated[bool, typer.Option(help="Also deliver webhooks (a `peerbill worker` beside the "
                                                 "API).")] = True,
          jobs: Annotated[bool, typer.Option(help="Also run background jobs (claim builds, 835 ingests and "
                                             "what-ifs queued by requests).")] = True,
          ) -> None:
    """Run the HTTP API (SQLite file peerbill.db unless PEERBILL_DATABASE_URL says otherwise)."""
    settings = _settings()
    workers = workers or settings.workers
    _metrics_dir(workers)  # before anything imports prometheus_client
    import uvicorn

    from api.logs import log_config
    from billing.db.connection import Database, NotReady, check_ready, statistics_warning

    db = Database(settings=settings)
    if db.is_sqlite or migrate:  # a SQLite file is brought up to date on start; PostgreSQL deliberately
        db.upgrade()
    try:
        check_ready(db.engine)
        if warning := statistics_warning(db.engine):
            typer.echo(f"warning: {warning}", err=True)
    except NotReady as exc:
        raise _fail(f"{exc} (or start with `peerbill serve --migrate`)") from None
    finally:
        db.dispose()
    # Plain text: rich (~0.1 s to import on a busy machine) would only delay the server it announces.
    typer.echo(f"Peerbill on http://{host}:{port} (API docs at /docs), database "
               f"{db.engine.url.render_as_string(hide_password=True)}, {workers} worker(s)")
    # The logging setup goes to uvicorn, which applies it in every worker process (a basicConfig here would
    # reach only this one, and --workers N would log no requests).
    # A worker that starts slowly on a busy machine must not be killed and restarted in a loop: uvicorn's
    # supervisor gives each worker PEERBILL_WORKER_HEALTHCHECK_TIMEOUT to answer its pings (its default is 5 s).
    patient = ({"timeout_worker_healthcheck": settings.worker_healthcheck_timeout}
               if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters else {})
    # The webhook and job threads start once the API listens: their imports and first polls would otherwise
    # share this process with the worker's start-up.
    serving = threading.Event()
    if webhooks or jobs:
        _when_serving(host, port, serving)
    if webhooks:
        _events_cli.start_worker(Database(settings=settings), concurrency=settings.webhook_concurrency,
                                 timeout=settings.webhook_timeout, after=serving)
    if jobs:
        _jobs_cli.start_jobs(Database(settings=settings), concurrency=settings.jobs_concurrency, after=serving)
    try:
        # Several workers share the listening socket: api.accept's loop spreads new connections over them.
        spread = {"loop": "api.accept:new_event_loop"} if workers > 1 else {}
        uvicorn.run("api.app:serve_app", factory=True, host=host, port=port, workers=workers, access_log=False,
                    log_config=log_config(settings), **patient, **spread)
    finally:
        serving.set()


def _when_serving(host: str, port: int, serving: threading.Event, patience: float = 60.0) -> threading.Thread:
    """A thread that sets `serving` once host:port accepts connections (or after `patience` seconds, or when
    something else sets it first). One worker in this process binds the port only once the app is loaded; with
    several, the supervisor binds it before they start, and the threads start at once (as they run in the
    supervisor, not beside a worker). It connects and closes without a request: nothing is logged or counted."""
    import socket

    target = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)

    def watch() -> None:
        deadline = time.monotonic() + patience
        while not serving.is_set() and time.monotonic() < deadline:
            try:
                socket.create_connection((target, port), timeout=1).close()
                break
            except OSError:
                serving.wait(0.05)
        serving.set()

    thread = threading.Thread(target=watch, name="serve-watch", daemon=True)
    thread.start()
    return thread


def _settings() -> Any:
    """The settings, validated: an invalid one stops the command with every bad variable named."""
    from billing.settings import SettingsError, load

    try:
        return load()
    except SettingsError as exc:
        raise _fail(str(exc)) from None


def _metrics_dir(workers: int) -> None:
    """Several worker processes share their metrics through files (prometheus_client's multiprocess mode): a
    fresh folder unless PROMETHEUS_MULTIPROC_DIR names one, whose old files are removed (they are a past run's)."""
    import os
    import tempfile

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        for stale in Path(folder).glob("*.db"):
            stale.unlink()
    elif workers > 1:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="peerbill-metrics-")


@app.command("settings")
def settings_cmd(markdown: Annotated[bool, typer.Option(help="Print the table of every setting "
                                                        "(docs/configuration.md).")] = False) -> None:
    """Validate the settings from the environment and print them (passwords hidden), or document them all."""
    from billing.settings import document

    if markdown:
        print(document(), end="")
        return
    from sqlalchemy.engine import make_url

    cfg = _settings()
    for name, value in cfg.model_dump().items():
        if name.endswith("database_url") and value:
            value = make_url(value).render_as_string(hide_password=True)
        out.print(f"PEERBILL_{name.upper()}={value}")


def _database() -> Database:
    """The configured database, checked first: before `peerbill db upgrade`, a command says so in one line
    (no traceback, and no empty SQLite file left behind)."""
    from billing.db.connection import Database, NotReady, check_ready, database_url, sqlite_file_missing

    if path := sqlite_file_missing(database_url()):
        raise _fail(f"there is no database at {path}: run `peerbill db upgrade` to create it")
    db = Database()
    try:
        check_ready(db.engine)
    except NotReady as exc:
        db.dispose()
        raise _fail(str(exc)) from None
    return db


@db_app.command("purge")
def db_purge() -> None:
    """Delete what is kept only for a while (Idempotency-Key answers older than
    PEERBILL_IDEMPOTENCY_RETENTION_HOURS); run it daily, e.g. from cron or a scheduled container."""
    from billing import idempotency

    hours = _settings().idempotency_retention_hours
    db = _database()
    try:
        n = idempotency.purge(db)
    finally:
        db.dispose()
    out.print(f"deleted {n} idempotency record(s) older than {hours:g} h")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration to the database PEERBILL_DATABASE_URL names."""
    from sqlalchemy.engine import make_url

    from billing.db.connection import database_url, upgrade

    url = database_url()
    upgrade(url)
    out.print(f"[green]✓[/green] database at head ({make_url(url).render_as_string(hide_password=True)})")


@agencies_app.command("create")
def agencies_create(
    name: Annotated[str, typer.Option(help="Legal name.")],
    npi: Annotated[str, typer.Option(help="Type 2 NPI.")],
    tax_id: Annotated[str, typer.Option(help="EIN, 9 digits.")],
    taxonomy: Annotated[str, typer.Option(help="Billing provider taxonomy.")],
    line1: Annotated[str, typer.Option(help="Street address.")],
    city: Annotated[str, typer.Option()],
    state: Annotated[str, typer.Option()],
    zip_code: Annotated[str, typer.Option("--zip", help="ZIP+4, 9 digits.")],
) -> None:
    """Create an agency and print its id."""
    from pydantic import TypeAdapter

    from billing.access import create_agency
    from schemas.api import AgencyIn

    data = _validate(TypeAdapter(AgencyIn), {"name": name, "npi": npi, "tax_id": tax_id, "taxonomy": taxonomy,
                                            "address": {"line1": line1, "city": city, "state": state,
                                                        "zip": zip_code}}, Path("--options"))
    db = _database()
    with db.writing() as s:
        agency = create_agency(s, data, _cli_actor())
        s.commit()
    out.print(f"agency {agency.id} ({agency.name})")


@keys_app.command("create")
def keys_create(
    role: Annotated[str, typer.Option(help="ehr, billing, auditor or admin.")],
    agency: Annotated[list[str] | None, typer.Option(help="Agency id (repeat for an auditor).")] = None,
    name: Annotated[str, typer.Option(help="What the key is for.")] = "created from the CLI",
    test: Annotated[bool, typer.Option("--test", help="A test key (ehr or billing): it works in the agency's "
                                       "sandbox, never with live data or payers.")] = False,
) -> None:
    """Create an API key and print it (once: only its hash is stored)."""
    from pydantic import TypeAdapter

    from billing.access import AccessError, create_key
    from schemas.api import KeyIn

    agencies = agency or []
    body: dict[str, object] = {"role": role, "name": name, "test": test}
    body.update({"agencies": agencies} if role == "auditor" else {"agency_id": agencies[0] if agencies else None})
    data = _validate(TypeAdapter(KeyIn), body, Path("--options"))
    db = _database()
    try:
        with db.writing() as s:
            key = create_key(s, data, _cli_actor())
            s.commit()
    except AccessError as exc:
        raise _fail(str(exc)) from None
    mode = f"test key {key.id} (sandbox agency {key.agency_id})" if key.test else f"key {key.id}"
    out.print(f"{key.role} {mode}; store it now, it is not shown again:")
    print(key.key)


@keys_app.command("list")
def keys_list(agency: Annotated[str | None, typer.Option(help="Only this agency's keys.")] = None,
              active: Annotated[bool, typer.Option("--active", help="Leave out revoked keys.")] = False) -> None:
    """Every key (never a secret): role, agencies, expiry, revocation, last use."""
    from billing.keys import list_keys

    db = _database()
    with db.reading() as s:
        rows = list_keys(s, agency, include_revoked=not active)
    t = _table("Id", "Role", "Mode", "Name", "Agencies", "Created", "Expires", "Revoked", "Last used",
               title=f"{len(rows)} keys")
    when = lambda d: d.strftime("%Y-%m-%d %H:%M") if d else "-"  # noqa: E731
    for k in rows:
        t.add_row(k.id, k.role, "test" if k.test else "live", k.name, ", ".join(k.agencies) or "-",
                  when(k.created_at), when(k.expires_at),
                  when(k.revoked_at), when(k.last_used_at))
    out.print(t)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (the part after pb_).")]) -> None:
    """Revoke a key: every worker refuses it from the next request on."""
    from billing.access import AccessError
    from billing.keys import revoke

    db = _database()
    try:
        with db.writing() as s:
            k = revoke(s, key_id, _cli_actor())
            s.commit()
    except AccessError as exc:
        raise _fail(str(exc)) from None
    out.print(f"[green]✓[/green] key {k.id} revoked at {k.revoked_at:%Y-%m-%d %H:%M:%S} UTC")


@keys_app.command("rotate")
def keys_rotate(key_id: Annotated[str, typer.Argument(help="The key's id.")],
                old_valid_for: Annotated[float, typer.Option(help="Hours the old key keeps working.")] = 24.0,
                ) -> None:
    """A new key with the same role and agencies; the old one works for --old-valid-for hours more."""
    from datetime import UTC, datetime, timedelta

    from billing.access import AccessError
    from billing.keys import rotate

    db = _database()
    try:
        with db.writing() as s:
            k = rotate(s, key_id, _cli_actor(), datetime.now(UTC) + timedelta(hours=old_valid_for))
            s.commit()
    except AccessError as exc:
        raise _fail(str(exc)) from None
    out.print(f"{k.role} key {k.id} replaces {key_id} (which works for {old_valid_for:g} more hours); "
              "store it now, it is not shown again:")
    print(k.key)


x12_app = typer.Typer(help="X12 files.", no_args_is_help=True)
claims_app = typer.Typer(help="Claims and 837P files.", no_args_is_help=True)
app.add_typer(x12_app, name="x12")
app.add_typer(claims_app, name="claims")


@x12_app.command("validate")
def x12_validate(files: Annotated[list[Path], typer.Argument(help="X12 files to check with pyx12.")]) -> None:
    """Validate X12 files with pyx12: a verdict per file with its errors; non-zero exit if any fails."""
    from billing.x12.validate import validate_file

    failed = 0
    for path in files:
        if not path.is_file():
            err.print(f"[red]ERROR[/red] {path}: no such file")
            failed += 1
            continue
        r = validate_file(path)
        failed += not r.ok
        head = "[green]PASS[/green]" if r.ok else "[red]FAIL[/red]"
        out.print(f"{head} {path}: {len(r.errors)} errors, {r.seconds:.2f} s")
        for e in r.errors:
            where = f"line {e['line']}" if e.get("line") is not None else e["level"]
            seg = f" {e.get('segment', '')}{e.get('element') or ''}".rstrip()
            out.print(f"    {where}{seg} code {e['code']}: {e['message']}")
    if failed:
        raise typer.Exit(1)


@claims_app.command("build")
def claims_build(
    payer: Annotated[str, typer.Option(help="Payer id (from POST /v1/payers).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the 837P file.")],
    through: Annotated[str | None, typer.Option(help="Last date of service to bill (YYYY-MM-DD).")] = None,
) -> None:
    """Build an 837P file of every billable, unbilled encounter for a payer."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from billing.access import AccessError, Actor
    from billing.claims.build import BuildError, ClaimBuilder
    from billing.db.models import ClaimFileRow, PayerConfig

    db = _database()
    with db.reading() as s:
        cfg = s.get(PayerConfig, payer)
    if cfg is None:
        raise _fail(f"no payer {payer!r}; set one up with POST /v1/payers")
    actor = Actor(key_id=CLI_ACTOR_ID, role="billing", agency_ids=(cfg.agency_id,), request_id=_request_id())
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=err.get()) as progress:
        task = progress.add_task("selecting, assembling and writing claims in one transaction", total=2)
        try:
            result = ClaimBuilder(db).build(actor, payer, None, _date(through, "--through") if through else None)
        except (BuildError, AccessError) as exc:
            raise _fail(str(exc)) from None
        progress.update(task, advance=1, description="saving the file")
        if result.file_id:
            with db.reading() as s:
                f = s.get(ClaimFileRow, result.file_id)
                assert f is not None
                output.write_text(f.content, encoding="ascii")
        progress.update(task, advance=1, description="done")
    for x in result.excluded:
        out.print(f"[yellow]left out[/yellow] {x['encounter_id']}: "
                  + "; ".join(f"{f['code']} ({f['path']})" for f in x["findings"]))
    if not result.file_id:
        out.print("nothing to bill")
        return
    out.print(f"[green]✓[/green] {result.claims} claims, {result.lines} lines -> {output} (file {result.file_id})")


payers_app = typer.Typer(help="The payers an agency bills.", no_args_is_help=True)
app.add_typer(payers_app, name="payers")


@payers_app.command("create")
def payers_create(
    agency: Annotated[str, typer.Option(help="The agency that bills this payer.")],
    payer_id: Annotated[str, typer.Option(help="Electronic payer id (2010BB NM109), e.g. from the payer's "
                                          "companion guide.")],
    name: Annotated[str, typer.Option(help="Payer name (2010BB NM103).")],
    state: Annotated[str, typer.Option(help="Its encounters are those of this state's Medicaid...")],
    sender_id: Annotated[str, typer.Option(help="ISA06: your id at the receiver (submitter id it assigned).")],
    receiver_id: Annotated[str, typer.Option(help="ISA08: the receiver's (payer's or clearinghouse's) id.")],
    submitter_name: Annotated[str, typer.Option(help="1000A NM103: the submitter (your agency) name.")],
    submitter_id: Annotated[str, typer.Option(help="1000A NM109: the submitter id the receiver assigned.")],
    contact_name: Annotated[str, typer.Option(help="1000A PER02: who the receiver calls about a file.")],
    contact_phone: Annotated[str, typer.Option(help="1000A PER04: ten digits.")],
    receiver_name: Annotated[str, typer.Option(help="1000B NM103: the receiver's name.")],
    program: Annotated[str, typer.Option(help="...in this program: fee_for_service or managed_care.")]
    = "fee_for_service",
    sender_qualifier: Annotated[str, typer.Option(help="ISA05 (ZZ: mutually defined).")] = "ZZ",
    receiver_qualifier: Annotated[str, typer.Option(help="ISA07 (ZZ: mutually defined).")] = "ZZ",
    usage: Annotated[str, typer.Option(help="ISA15: T (test files) or P (production).")] = "T",
    claim_span: Annotated[str, typer.Option(help="One date of service per claim (day), or a month.")] = "day",
    charge: Annotated[list[str] | None, typer.Option(help="Charge master per unit, CODE[:MODIFIER]=AMOUNT, e.g. "
                                                    "H0038=25.00 (repeat). Without one, a line's charge is the "
                                                    "expected payment.")] = None,
) -> None:
    """Set up a payer to bill: trading-partner (ISA/GS, submitter, receiver) settings and charges; prints its id."""
    from pydantic import TypeAdapter

    from billing.access import AccessError, Actor
    from billing.claims.records import create_payer
    from billing.db.models import Agency
    from schemas.api import PayerIn

    charges = dict(c.split("=", 1) for c in charge or [] if "=" in c)
    if len(charges) != len(charge or []):
        raise _fail("--charge takes CODE=AMOUNT, e.g. H0038=25.00")
    partner = {"sender_qualifier": sender_qualifier, "sender_id": sender_id, "receiver_qualifier": receiver_qualifier,
               "receiver_id": receiver_id, "submitter_name": submitter_name, "submitter_id": submitter_id,
               "contact_name": contact_name, "contact_phone": contact_phone, "receiver_name": receiver_name,
               "usage": usage}
    data = _validate(TypeAdapter(PayerIn), {"payer_id": payer_id, "name": name, "state": state.upper(),
                                            "program": program, "claim_span": claim_span, "partner": partner,
                                            "charges": charges}, Path("--options"))
    actor = Actor(key_id=CLI_ACTOR_ID, role="billing", agency_ids=(agency,), request_id=_request_id())
    db = _database()
    with db.reading() as s:
        if s.get(Agency, agency) is None:
            raise _fail(f"no such agency: {agency}")
    try:
        with db.writing() as s:
            payer = create_payer(s, actor, data)
            s.commit()
    except AccessError as exc:
        raise _fail(str(exc)) from None
    out.print(f"payer {payer.id} ({payer.name}, {payer.payer_id}, {payer.state} {payer.program})")


codes_app = typer.Typer(help="The code lists payers answer with (CARC, RARC, claim status).", no_args_is_help=True)
app.add_typer(codes_app, name="codes")


@codes_app.command("list")
def codes_list() -> None:
    """Each code list: how many codes have a text, and the date of the list (or that it is the sourced subset)."""
    from billing.x12.codes import count, list_date, lists

    for name in lists():
        when = list_date(name)
        out.print(f"{name}: {count(name)} codes, " + (f"X12 list of {when}" if when else
                                                       "sourced subset (no complete list refreshed yet)"))


@codes_app.command("refresh")
def codes_refresh(
    code_list: Annotated[str, typer.Argument(help="CARC, RARC, CLAIM_STATUS_CATEGORY or CLAIM_STATUS.")],
    export: Annotated[Path, typer.Argument(help="The complete list: a CSV with a header row, the x12.org code list "
                                                "page saved as HTML, or CMS's codesini.zip (or its Codesini.txt).")],
    list_date: Annotated[str, typer.Option("--list-date", help="The list's date (its source gives it), YYYY-MM-DD.")],
    url: Annotated[str | None, typer.Option(help="Where the export was downloaded.")] = None,
) -> None:
    """Write <list>.json into PEERBILL_CODE_LISTS_DIR (default billing/data/codes) from a complete copy of a code
    list (docs/code-lists.md); the server reads it at its next start."""
    from billing.x12.code_lists import CodeListError, refresh

    try:
        target = refresh(code_list, export, _date(list_date, "--list-date"), url)
    except (OSError, CodeListError) as exc:
        raise _fail(f"cannot refresh {code_list}: {exc}") from None
    out.print(f"[green]wrote[/green] {target}")


responses_app = typer.Typer(help="Payer responses (999, 277CA, 835).", no_args_is_help=True)
app.add_typer(responses_app, name="responses")


@responses_app.command("ingest")
def responses_ingest(
    files: Annotated[list[Path], typer.Argument(help="X12 999 (or 997), 277CA or 835 files.")],
    agency: Annotated[str, typer.Option(help="The agency the responses are for.")],
) -> None:
    """Ingest payer responses; each file is applied whole or refused whole (non-zero exit)."""
    from billing.access import Actor
    from billing.ingest import Ingestor, ResponseError

    actor = Actor(key_id=CLI_ACTOR_ID, role="billing", agency_ids=(agency,), request_id=_request_id())
    ingestor, failed = Ingestor(_database()), 0
    for path in files:
        try:
            done = ingestor.ingest(actor, path.read_bytes())
        except (OSError, ResponseError) as exc:
            err.print(f"[red]REFUSED[/red] {path}: {exc}")
            failed += 1
            continue
        note = " (already ingested: nothing changed)" if done.duplicate else ""
        out.print(f"[green]{done.kind}[/green] {path}: {done.summary}{note}")
    if failed:
        raise typer.Exit(1)


# --- auditors ------------------------------------------------------------------------------------------


def _reader(agencies: list[str] | None, db: Database) -> Actor:
    """The CLI reads as an auditor of the agencies named (every agency when none is); its reads are audited."""
    from sqlalchemy import select

    from billing.access import Actor
    from billing.db.models import Agency

    with db.reading() as s:
        known = list(s.scalars(select(Agency.id).order_by(Agency.created_at)))
        live = list(s.scalars(select(Agency.id).where(Agency.sandbox_of.is_(None)).order_by(Agency.created_at)))
    if missing := [a for a in agencies or [] if a not in known]:
        raise _fail(f"no such agency: {', '.join(missing)}")
    # Every live agency when none is named: a sandbox (test mode) is read only when named.
    return Actor(key_id=CLI_ACTOR_ID, role="auditor", agency_ids=tuple(agencies or live),
                 request_id=_request_id())


GroupByOpt = Annotated[str | None, typer.Option("--by", help="Summarize by code, state, payer, provider or month.")]


@app.command("rejections")
def rejections(
    source: Annotated[str | None, typer.Option(help="engine, 999, 277CA or 835.")] = None,
    state: Annotated[str | None, typer.Option(help="Medicaid state, e.g. TX.")] = None,
    payer: Annotated[str | None, typer.Option(help="Payer id.")] = None,
    provider: Annotated[str | None, typer.Option(help="Rendering peer's NPI.")] = None,
    member: Annotated[str | None, typer.Option(help="Member's Medicaid id.")] = None,
    code: Annotated[str | None, typer.Option(help="e.g. CO-29, A7:21, units.cap_exceeded.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First date of service (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last date of service (YYYY-MM-DD).")] = None,
    agency: Annotated[list[str] | None, typer.Option(help="Agency id (repeat; default: all).")] = None,
    by: GroupByOpt = None,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Write every matching row to this CSV file.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show (newest first).")] = 50,
) -> None:
    """Every rejected or denied item and why: a table, a summary (--by) or a CSV export (--csv)."""
    from billing.rejection_reports import Filters, iter_csv, list_rejections, summarize

    if source is not None and source not in ("engine", "999", "277CA", "835"):
        raise _fail(f"--source {source!r}: expected engine, 999, 277CA or 835")
    if by is not None and by not in ("code", "state", "payer", "provider", "month"):
        raise _fail(f"--by {by!r}: expected code, state, payer, provider or month")
    f = Filters(source=source, state=state.upper() if state else None, payer=payer, provider=provider,
                member=member, code=code, date_from=_date(date_from, "--from") if date_from else None,
                date_to=_date(date_to, "--to") if date_to else None)
    db = _database()
    who = _reader(agency, db)
    if csv_file is not None:
        with csv_file.open("w", encoding="utf-8", newline="") as fh:
            for chunk in iter_csv(db.reading, who, who.agency_ids, f):
                fh.write(chunk)
        rows = sum(1 for _ in csv_file.open(encoding="utf-8")) - 1
        out.print(f"[green]✓[/green] {rows} rows -> {csv_file}")
        return
    if by is not None:
        _print_summary(summarize(db, who, who.agency_ids, f, by))  # type: ignore[arg-type]
        return
    with db.reading() as s:
        _print_rejections(list_rejections(s, who, who.agency_ids, f, limit=limit).items)
        s.commit()


def _print_rejections(items: list[Any]) -> None:
    t = _table("Recorded", "Source", "Code", "Reason", "State", "Payer", "Encounter", "Service", "Charge", "Paid",
              "Amount", title=f"{len(items)} rejections, newest first")
    for r in items:
        t.add_row(r.at.strftime("%Y-%m-%d %H:%M"), r.source, r.code, r.reason[:90], r.state, r.payer_id or "-",
                  r.encounter_id, str(r.service_date), r.charge or "-", r.paid or "-", r.amount or "-")
    out.print(t)


def _print_summary(summary: Any) -> None:
    t = _table(summary.group_by.capitalize(), "Rejections", "Encounters", "Of", "Rate", "Billed", "Paid", "Denied",
              title=f"Rejections by {summary.group_by}")
    for g in [*summary.groups, summary.total]:
        rate = f"{g.denial_rate:.1%}" if g.denial_rate is not None else "-"
        t.add_row("[b]total[/b]" if g is summary.total else (g.key or "(none)"), str(g.rejections),
                  str(g.encounters), str(g.encounters_total if g.encounters_total is not None else "-"), rate,
                  g.billed, g.paid, g.denied)
    out.print(t)


@app.command("at-risk")
def at_risk_cmd(
    within_days: Annotated[int, typer.Option(min=0, help="Deadline within this many days from today.")] = 30,
    agency: Annotated[list[str] | None, typer.Option(help="Agency id (repeat; default: all).")] = None,
    overdue: Annotated[bool, typer.Option(help="Also list encounters whose deadline has passed.")] = False,
    emit_events: Annotated[bool, typer.Option("--emit-events", help="Also tell integrations: an "
                                              "encounter.at_filing_risk event per encounter newly at risk, in "
                                              "every agency (run daily).")] = False,
) -> None:
    """Timely-filing watch: billable encounters not yet accepted by the payer, soonest deadline first."""
    from datetime import UTC, datetime

    from billing.timelines import at_risk

    db = _database()
    if emit_events:
        from billing.events.filing_risk import warn

        out.print(f"{warn(db, datetime.now(UTC).date(), within_days)} encounter.at_filing_risk events emitted")
    who = _reader(agency, db)
    with db.reading() as s:
        items = at_risk(s, who, who.agency_ids, within_days, datetime.now(UTC).date(), include_overdue=overdue)
        s.commit()
    t = _table("Encounter", "State", "Payer", "Service", "Deadline", "Days left", "Expected", "Claim",
              title=f"{len(items)} encounters at risk within {within_days} days")
    for i in items:
        t.add_row(i.id, i.state, i.payer_id or "-", str(i.service_date), str(i.filing_deadline),
                  f"[red]{i.days_left}[/red]" if i.days_left < 7 else str(i.days_left), i.expected_payment or "-",
                  i.claim_status or "not billed")
    out.print(t)


@app.command("demo")
def demo(state: Annotated[str | None, typer.Option(help="State to run it for (default: the first of TX, GA, "
                                                   "PA, NC, VA with a pack).")] = None) -> None:
    """Run the pipeline on synthetic data against a throwaway SQLite database, step by step."""
    from billing import demo as demo_mod
    from billing.rules import default_registry

    reg = default_registry()
    if state is not None and state.upper() not in reg.packs:
        raise _fail(f"no rule pack for state {state!r}")
    demo_mod.run(out.get(), reg, state.upper() if state else None)

# --- what-if (billing/whatif) ----------------------------------------------------------------------------

from billing.whatif import cli as _whatif  # noqa: E402  (its commands live with their domain)

rules_app.command("whatif")(_whatif.whatif)
rules_app.command("rejudge")(_whatif.rejudge_cmd)
rules_app.command("test")(_whatif.run_pack_tests)


# --- the worker (webhooks, billing/events, and jobs, billing/jobs) and jobs -------------------------------------

from billing.events import cli as _events_cli  # noqa: E402  (its commands live with their domain)
from billing.jobs import cli as _jobs_cli  # noqa: E402

app.command("worker")(_jobs_cli.worker)
app.add_typer(_jobs_cli.jobs_app, name="jobs")


# --- the API contract ---------------------------------------------------------------------------------


@app.command("openapi")
def openapi(path: Annotated[Path | None, typer.Option("--out", help="Write it to this file.")] = None) -> None:
    """Print (or write) the OpenAPI document of the HTTP API, as the server publishes it at /openapi.json."""
    from api.contract import openapi_json

    text = openapi_json()
    if path is None:
        typer.echo(text)
    else:
        path.write_text(text)


if __name__ == "__main__":
    app()
