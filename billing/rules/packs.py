"""Loading state rule packs, choosing the plan override, and the rules in force on a date."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

import state_rules
from billing import yamlload
from billing.rules.coverage import CoverageState, coverage_on
from schemas.encounter import Payer
from schemas.rulepack import RulePack, RuleSet, _Rule
from schemas.verdict import PackRef


class PackError(Exception):
    """A state file that does not parse or does not match the format."""


def read_pack(path: Path) -> RulePack:
    try:
        data = yamlload.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PackError(f"{path.name}: not valid YAML: {exc}") from exc
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        lines = [f"{path.name}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise PackError("\n".join(lines)) from exc
    if path.stem.upper() != pack.state:
        raise PackError(f"{path.name}: file name does not match state {pack.state}")
    return pack


def rules_dir() -> Path:
    """The packs shipped with Peerbill, or the folder PEERBILL_RULES_DIR names (to try draft packs)."""
    from billing.settings import load

    return load().rules_dir or Path(state_rules.DIR)


def pack_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or rules_dir()).glob("[A-Z][A-Z].yaml"))


@dataclass(frozen=True)
class InForce:
    """The entries of each kind in force on one date of service, for one state (and plan)."""

    rules: RuleSet
    since: date | None
    ref: PackRef | None = None  # which pack version this is, as a verdict records it
    coverage: CoverageState | None = None  # what the coverage entries say about the date (Registry.view)
    full: RuleSet | None = None  # every entry of the state (and plan), whatever its dates
    # The engine's memo of check outcomes under these rules (billing/rules/engine.py, _memo): it lives and dies
    # with the view, so a changed pack (a new view) never sees another's outcomes.
    memo: dict = field(default_factory=dict, compare=False, repr=False)


def in_force(rules: RuleSet, on: date, fallback: date | None = None) -> InForce:
    """The entries in force on `on`; with `fallback`, a kind with none in force on `on` takes those in force on
    `fallback` (a date of service before the earliest proven coverage is judged by the earliest rules known)."""
    kept: dict[str, list[_Rule]] = {}
    since: date | None = None
    for kind in RuleSet.model_fields:
        entries = [r for r in getattr(rules, kind) if r.in_force(on)]
        if not entries and fallback is not None:
            entries = [r for r in getattr(rules, kind) if r.in_force(fallback)]
        kept[kind] = entries
        for r in entries:
            since = r.valid_from if since is None or r.valid_from > since else since
    return InForce(RuleSet.model_construct(**kept), since)


def _override(base: RuleSet, override: RuleSet) -> RuleSet:
    merged = {k: getattr(override if k in override.model_fields_set else base, k) for k in RuleSet.model_fields}
    return RuleSet.model_construct(**merged)


def merge_plan(pack: RulePack, plan: str | None, program: str | None = None) -> RuleSet:
    """The state's rules with the plan's kinds, then the program's, replacing the state's kind by kind."""
    rules = pack.rules if plan is None else _override(pack.rules, pack.plans[plan].rules)
    return rules if program is None else _override(rules, pack.programs[program].rules)


def band_cuts(rules: RuleSet) -> list[date]:
    """Every day on which some entry of `rules` starts or stops applying, sorted. Between two cuts every entry is
    in force throughout or not at all, so every date of one band is judged by the same rules."""
    cuts: set[date] = set()
    for kind in RuleSet.model_fields:
        for r in getattr(rules, kind):
            cuts.add(r.valid_from)
            if r.valid_to is not None and r.valid_to < date.max:
                cuts.add(r.valid_to + timedelta(days=1))
    return sorted(cuts)


class CompiledRules:
    """One (state, plan, program)'s rules, compiled once into a view per date band: a date of service finds its
    band by bisection over the cut days, and each band's view is built the first time a date falls in it."""

    def __init__(self, pack: RulePack, plan: str | None, program: str | None):
        self.pack, self.plan, self.program = pack, plan, program
        self.rules = merge_plan(pack, plan, program)
        self.cuts = band_cuts(self.rules)
        self.views: list[InForce | None] = [None] * (len(self.cuts) + 1)

    def view(self, on: date) -> InForce:
        band = bisect_right(self.cuts, on)
        v = self.views[band]
        if v is None:
            # Any date of the band gives the same view; its first day (or `on`, before the first cut) stands for it.
            v = self.views[band] = self._build(self.cuts[band - 1] if band else on)
        return v

    def _build(self, on: date) -> InForce:
        rules = self.rules
        cov = coverage_on(rules.coverage, on)
        view = in_force(rules, on, cov.judged_on if cov.judged_on != on else None)
        ref = PackRef(state=self.pack.state, plan=self.plan, program=self.program, revision=self.pack.revision,
                      in_force_since=view.since)
        return InForce(view.rules, view.since, ref, cov, rules)


# (pack, plan key, plan named but unknown, program key, program named but unknown, its compiled rules)
Route = tuple[RulePack, str | None, bool, str | None, bool, CompiledRules]


class Registry:
    """All loaded packs; each (state, plan, program) compiled once into per-date-band views (CompiledRules)."""

    def __init__(self, packs: dict[str, RulePack]):
        self.packs = packs
        self._compiled: dict[tuple[str, str | None, str | None], CompiledRules] = {}
        self._routes: dict[tuple, Route] = {}

    @classmethod
    def load(cls, directory: Path | None = None) -> Registry:
        return cls({(p := read_pack(f)).state: p for f in pack_files(directory)})

    def get(self, state: str) -> RulePack | None:
        return self.packs.get(state)

    def select_plan(self, pack: RulePack, payer: Payer) -> tuple[str | None, bool]:
        """(plan key, whether the payer named a plan this pack does not know)."""
        if payer.plan:
            return (payer.plan, False) if payer.plan in pack.plans else (None, True)
        if payer.payer_id:
            for key, plan in pack.plans.items():
                if payer.payer_id in plan.payer_ids:
                    return key, False
        return None, False

    def select_program(self, pack: RulePack, program: str | None) -> tuple[str | None, bool]:
        """(program key, whether the encounter named a program this pack does not know)."""
        if program is None:
            return None, False
        return (program, False) if program in pack.programs else (None, True)

    def compiled(self, state: str, plan: str | None, program: str | None = None) -> CompiledRules:
        key = (state, plan, program)
        c = self._compiled.get(key)
        pack = self.packs[state]
        if c is None or c.pack is not pack:  # compiled from this very pack, not one since replaced
            c = self._compiled[key] = CompiledRules(pack, plan, program)
        return c

    def route(self, payer: Payer, program: str | None) -> Route | None:
        """Which pack, plan and program judge an encounter billed to `payer` under `program`, with their compiled
        rules; None when no pack is loaded for the payer's state. Kept per distinct payer and program."""
        p = payer.__dict__
        key = (p["state"], p["plan"], p["payer_id"], program)
        hit = self._routes.get(key)
        pack = self.packs.get(key[0])
        if hit is not None and hit[0] is pack:  # its compiled rules are that pack's too
            return hit
        if pack is None:
            return None
        plan, unknown_plan = self.select_plan(pack, payer)
        prog, unknown_program = self.select_program(pack, program)
        if len(self._routes) >= 65_536:
            self._routes.clear()
        compiled = self.compiled(key[0], plan, prog)
        hit = self._routes[key] = (pack, plan, unknown_plan, prog, unknown_program, compiled)
        return hit

    def view(self, state: str, plan: str | None, on: date, program: str | None = None) -> InForce:
        """The rules in force on `on` (with what coverage says of the date and which pack version it is)."""
        return self.compiled(state, plan, program).view(on)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    return Registry.load()


def lint(directory: Path | None = None) -> list[str]:
    """Every problem in the state files: parse errors, and entries of one kind and key in force together."""
    problems: list[str] = []
    for path in pack_files(directory):
        try:
            pack = read_pack(path)
        except PackError as exc:
            problems.extend(str(exc).splitlines())
            continue
        sets = [("rules", pack.rules)] + [(f"plans.{k}.rules", p.rules) for k, p in pack.plans.items()]
        sets += [(f"programs.{k}.rules", p.rules) for k, p in pack.programs.items()]
        urls = _known_urls(sets)
        for where, rules in sets:
            for kind in RuleSet.model_fields:
                entries = getattr(rules, kind)
                problems.extend(_overlaps(path.name, f"{where}.{kind}", entries))
                for i, entry in enumerate(entries):
                    problems.extend(_citation_problems(path.name, f"{where}.{kind}[{i}]", entry, urls))
            problems.extend(_kind_problems(path.name, where, rules))
        for key, prog in pack.programs.items():
            if prog.region_table is None:
                continue
            table = pack.region_tables[prog.region_table]
            names = set(table.regions) | ({table.default} if table.default else set())
            for i, rate in enumerate(prog.rules.rates):
                if rate.region is not None and rate.region not in names:
                    problems.append(f"{path.name}: programs.{key}.rules.rates[{i}]: region '{rate.region}' is not "
                                    f"a region of table {prog.region_table}")
    return problems


def _kind_problems(fname: str, where: str, rules: RuleSet) -> list[str]:
    """Cross-entry checks of the newer kinds: rate codes priced and paired exist; caps measure something."""
    out = []
    known = {r.rate_code for r in rules.rate_codes}
    bases = {r.rate_code for r in rules.rate_codes if not r.pairs_with}
    for i, r in enumerate(rules.rate_codes):
        for b in r.pairs_with:
            if b not in bases:
                out.append(
                    f"{fname}: {where}.rate_codes[{i}]: add-on {r.rate_code} pairs with {b}, not a base rate code"
                )
    for i, rate in enumerate(rules.rates):
        if rate.rate_code is not None and rate.rate_code not in known:
            out.append(f"{fname}: {where}.rates[{i}]: rate code {rate.rate_code} is not in rate_codes")
    levels = {r.practitioner_level for r in rules.rates if r.practitioner_level}
    for i, lv in enumerate(rules.practitioner_levels):
        if rules.rates and lv.level not in levels:
            out.append(f"{fname}: {where}.practitioner_levels[{i}]: level {lv.level} prices no rate")
    return out


def _known_urls(sets: list[tuple[str, RuleSet]]) -> dict[str, str]:
    """document -> a URL some citation of the pack gives for it."""
    urls: dict[str, str] = {}
    for _, rules in sets:
        for kind in RuleSet.model_fields:
            for e in getattr(rules, kind):
                if e.cite.url:
                    urls.setdefault(e.cite.document, e.cite.url)
    return urls


def _citation_problems(fname: str, where: str, entry: _Rule, urls: dict[str, str]) -> list[str]:
    """A citation means what it says: its effective date is the source's own, so it cannot be later than the
    first day the rule is applied; and a document cited with a URL elsewhere in the pack carries it here too."""
    cite, out = entry.cite, []
    if cite.effective is not None and cite.effective > entry.valid_from:
        out.append(
            f"{fname}: {where}: cite.effective {cite.effective} is later than from {entry.valid_from} "
            "(a copy's read or current-through date goes in read_on / current_through; unknown effective: null)"
        )
    if cite.url is None and cite.document in urls:
        out.append(f"{fname}: {where}: citation of '{cite.document[:60]}' has no url; {urls[cite.document]} is known")
    if cite.read_on is not None and cite.current_through is not None and cite.current_through > cite.read_on:
        out.append(f"{fname}: {where}: cite.current_through {cite.current_through} is after read_on {cite.read_on}")
    return out


def _overlaps(fname: str, where: str, entries: list[_Rule]) -> list[str]:
    out = []
    for i, a in enumerate(entries):
        for j in range(i + 1, len(entries)):
            b = entries[j]
            if a.overlap_key() != b.overlap_key():
                continue
            a_end, b_end = a.valid_to or date.max, b.valid_to or date.max
            if a.valid_from <= b_end and b.valid_from <= a_end:
                out.append(
                    f"{fname}: {where}[{i}] and [{j}] are both in force from "
                    f"{max(a.valid_from, b.valid_from)} (same key {a.overlap_key() or 'kind'})"
                )
    return out
