"""`peerbill rules whatif | rejudge | test`: the pack author's loop (edit, test, see the money) on the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from billing import terminal

if TYPE_CHECKING:
    from billing.whatif.compare import Report


out, err = terminal.out, terminal.err

PackOpt = Annotated[Path, typer.Option("--pack", help="Candidate pack (a state YAML file).", exists=True,
                                       dir_okay=False, readable=True)]
StateOpt = Annotated[str, typer.Option("--state", help="State the pack is for, e.g. WA.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="First date of service (YYYY-MM-DD).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last date of service (YYYY-MM-DD).")]
AgencyOpt = Annotated[list[str] | None, typer.Option("--agency", help="Agency id (repeat; default: all).")]


def _day(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        err.print(f"[red]error:[/red] {what} {text!r}: expected YYYY-MM-DD")
        raise typer.Exit(2) from None


def _pack(path: Path, state: str):  # -> RulePack
    from billing.rules.packs import PackError

    try:
        pack = _read_any_name(path)
    except PackError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    if pack.state != state.upper():
        err.print(f"[red]error:[/red] {path} is the {pack.state} pack, not {state.upper()}")
        raise typer.Exit(2)
    return pack


def _read_any_name(path: Path):  # a draft may be called WA-draft.yaml: check its content, not its name
    import yaml
    from pydantic import ValidationError

    from billing import yamlload
    from billing.rules.packs import PackError
    from schemas.rulepack import RulePack

    try:
        return RulePack.model_validate(yamlload.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise PackError(f"{path.name}: {exc}") from exc


def whatif(pack: PackOpt, state: StateOpt, date_from: FromOpt = None, date_to: ToOpt = None,
           agency: AgencyOpt = None,
           payer: Annotated[str | None, typer.Option(help="Only encounters for this payer id.")] = None,
           csv_file: Annotated[Path | None, typer.Option("--csv", help="Write the changed encounters here.")] = None,
           as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
           ) -> None:
    """What would change if this pack had judged the stored encounters: counts, money, findings, by whom."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from billing.cli import _reader
    from billing.db.connection import Database
    from billing.rules import default_registry
    from billing.whatif.compare import write_csv
    from billing.whatif.run import what_if
    from billing.whatif.stored import Scope

    candidate = _pack(pack, state)
    db = Database()
    who = _reader(agency, db)
    scope = Scope(who.agency_ids, candidate.state, _day(date_from, "--from"), _day(date_to, "--to"), payer)
    with Progress(TextColumn("judging"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err.get(), transient=True, disable=as_json) as bar:
        task = bar.add_task("judging", total=None)
        report = what_if(db, who, scope, candidate, default_registry(),
                         on_total=lambda n: bar.update(task, total=n),
                         progress=lambda n: bar.advance(task, n))
    if csv_file is not None:
        with csv_file.open("w", encoding="utf-8", newline="") as fh:
            write_csv(report, fh)
    if as_json:
        out.print_json(json.dumps({**report.summary(), "changes": [c.row() for c in report.changes]}))
        return
    print_report(report, candidate.state, candidate.revision)
    if csv_file is not None:
        out.print(f"[green]✓[/green] {len(report.changes)} changed encounters -> {csv_file}")


def print_report(report: Report, state: str, revision: int) -> None:
    from rich.table import Table

    s = report.summary()
    out.print(f"[b]{state} pack r{revision}[/b]: {s['judged']} encounters judged again, {s['changed']} change; "
              f"expected payment {s['expected_before']} -> {s['expected_after']} ({s['difference']})")
    out.print(f"  became billable {s['became_billable']}, became not billable {s['became_not_billable']}, "
              f"units up {s['units_up']} / down {s['units_down']}, payment up {s['payment_up']} / "
              f"down {s['payment_down']}")
    if s["findings"]:
        t = Table("Finding", "Appears", "Disappears", "Money", "Rule", title="Findings that appear or disappear")
        for f in s["findings"]:
            cite = f["citation"]
            t.add_row(f["code"], str(f["appeared"]), str(f["disappeared"]), f["difference"],
                      f"{cite['document']}, {cite['section']}" if cite else "-")
        out.print(t)
    for name in ("by_month", "by_payer", "by_peer"):
        if s[name]:
            t = Table(name.removeprefix("by_").capitalize(), "Difference", title=f"Money {name.replace('_', ' ')}")
            for k, v in s[name].items():
                t.add_row(k, v)
            out.print(t)


def rejudge_cmd(state: Annotated[str | None, typer.Option("--state", help="Only this state.")] = None,
                agency: AgencyOpt = None,
                dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; write nothing.")]
                = False) -> None:
    """After a pack revision ships: new verdicts for unbilled encounters an older revision judged; billed ones
    whose verdict would differ are listed for staff to decide (never changed)."""
    from billing.access import Actor
    from billing.cli import CLI_ACTOR_ID, _reader, _request_id
    from billing.db.connection import Database
    from billing.rules import default_registry
    from billing.whatif.rejudge import rejudge
    from billing.whatif.stored import Scope

    db = Database()
    reader = _reader(agency, db)
    registry = default_registry()
    states = [state.upper()] if state else sorted(registry.packs)
    for st in states:
        for ag in reader.agency_ids:
            who = Actor(key_id=CLI_ACTOR_ID, role="billing", agency_ids=(ag,), request_id=_request_id())
            done = rejudge(db, who, Scope((ag,), st), registry, dry_run=dry_run)
            if not (done.rejudged or done.unchanged or done.billed_would_change):
                continue
            verb = "would re-judge" if dry_run else "re-judged"
            out.print(f"{st} agency {ag}: {verb} {len(done.rejudged) + done.unchanged} "
                      f"({len(done.rejudged)} changed verdicts); billed and would differ: "
                      f"{len(done.billed_would_change)}")
            for c in done.billed_would_change:
                out.print(f"  billed {c.encounter_id} {c.service_date}: units {c.units_before} -> {c.units_after}, "
                          f"payment {c.payment_before} -> {c.payment_after} (consider a correction)")


def run_pack_tests(pack: Annotated[Path, typer.Argument(help="Candidate pack file.", exists=True, dir_okay=False)],
             cases: Annotated[Path | None, typer.Option(help="Its cases (default: state_rules/tests/XX.yaml "
                                                                 "beside it, else the shipped ones).")] = None,
             ) -> None:
    """Lint a candidate pack and run its expected-verdict cases against it."""
    import state_rules
    from billing.rules import Registry, adjudicate
    from billing.rules.cases import load_cases, mismatches
    from billing.rules.packs import _overlaps
    from schemas.rulepack import RuleSet

    candidate = _read_any_name(pack)
    problems = [p for where, rules in [("rules", candidate.rules)] + [
        (f"plans.{k}.rules", v.rules) for k, v in candidate.plans.items()]
        for kind in RuleSet.model_fields for p in _overlaps(pack.name, f"{where}.{kind}", getattr(rules, kind))]
    for p in problems:
        err.print(f"[red]lint:[/red] {p}")
    path = cases or next((c for c in (pack.parent / "tests" / f"{candidate.state}.yaml",
                                      state_rules.DIR / "tests" / f"{candidate.state}.yaml") if c.exists()), None)
    if path is None:
        err.print(f"[red]error:[/red] no cases for {candidate.state}: pass --cases")
        raise typer.Exit(2)
    registry = Registry({candidate.state: candidate})
    failed = 0
    loaded = load_cases(path)
    for case in loaded:
        wrong = mismatches(case, adjudicate(case.encounter, case.history, case.as_of, registry))
        if wrong:
            failed += 1
            err.print(f"[red]✗[/red] {case.name}")
            for w in wrong:
                err.print(f"    {w}")
    out.print(f"{len(loaded) - failed} passed, {failed} failed ({path})")
    if failed or problems:
        raise typer.Exit(1)
