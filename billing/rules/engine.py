"""The rules engine: one encounter, its history and the state's rules in force give a verdict.

Pure and deterministic: no database, no clock, no I/O. `as_of` is the day the claim would be filed.
Each kind of rule is checked once, here, by a short function; the state files only give parameters.

Most checks read no date of service, only the encounter's code, modifiers, setting, credential and the like, and
the same few combinations recur: their outcomes (findings included, in order) are kept in the memo of the pack view
that judged them (`_Static`) and replayed, so an encounter costs the dated checks (units, caps, ages, plans,
filing) plus a dictionary look-up. A finding whose message prints the date is never replayed for another date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, TypeVar

from billing.rules import icd
from billing.rules.calendar import add_months, holiday_note
from billing.rules.coverage import CoverageState
from billing.rules.filing import filing_deadline
from billing.rules.history import Prior, PriorLike
from billing.rules.packs import Registry, default_registry
from billing.rules.units import minutes_to_units
from billing.rules.windows import used_units
from schemas.encounter import Encounter, History
from schemas.rulepack import (
    CapRule,
    RulePack,
    RuleSet,
    ServiceCodeRule,
    TelehealthRule,
    TimelyFilingRule,
    UnitRule,
)
from schemas.verdict import AddOnLine, Citation, Finding, Severity, Verdict

HCPCS_DESCRIPTOR = Citation(
    document="HCPCS Level II code set (CMS): H0038 'Self-help/peer services, per 15 minutes'",
    section="H0038 descriptor; no state rounding rule found, so only completed 15-minute units are counted",
    effective=date(2003, 1, 1),
    url="https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system",
)
# Federal floor for every state: peer support providers are trained and certified as the state defines; an
# expired certification renders no billable peer support anywhere.
CMS_PEER_SUPPORT_LETTER = Citation(
    document="CMS State Medicaid Director Letter SMDL #07-011, Peer Support Services (August 15, 2007)",
    section="Training and Credentialing: peer support providers must complete training and certification "
    "as defined by the State",
    effective=date(2007, 8, 15),
    url="https://www.medicaid.gov/federal-policy-guidance/downloads/SMD081507A.pdf",
)
DEFAULT_UNIT = UnitRule.model_validate(
    {"from": "1900-01-01", "cite": HCPCS_DESCRIPTOR, "minutes_per_unit": 15, "rounding": "whole_units"}
)
DEADLINE_NEAR_DAYS = 14
CENT = Decimal("0.01")


T = TypeVar("T")
R = TypeVar("R")
_NEW = object.__new__
_new_tuple = tuple.__new__
_SET = object.__setattr__


def _trusted(cls: type[T], values: dict) -> T:
    """A model from trusted values naming every field, several times cheaper than model_construct (the engine's
    hot path: an encounter yields a verdict and a few findings, and building them was a third of the time)."""
    obj = _NEW(cls)
    _SET(obj, "__dict__", values)
    _SET(obj, "__pydantic_fields_set__", set(values))
    _SET(obj, "__pydantic_extra__", None)
    _SET(obj, "__pydantic_private__", None)
    return obj


# Findings repeat across encounters (the same unsourced rule warns on every encounter of a state), and a Finding is
# frozen: the same one is handed out again instead of built again. Keyed by the citation's identity, with the
# citation held in the entry so its id cannot be reused while the entry lives.
_SEEN: dict[tuple, tuple[Citation | None, Finding]] = {}
_SEEN_MAX = 50_000


def _finding(code: str, severity: Severity, message: str, path: str | None, cite: Citation | None) -> Finding:
    key = (code, severity, message, path, id(cite))
    hit = _SEEN.get(key)
    if hit is not None and hit[0] is cite:
        return hit[1]
    f = _trusted(Finding, {"code": code, "severity": severity, "message": message, "path": path, "citation": cite})
    if len(_SEEN) >= _SEEN_MAX:
        _SEEN.clear()
    _SEEN[key] = (cite, f)
    return f


_DEFAULT_RULE_FINDING = _finding(
    "units.default_rule",
    "info",
    "No state rounding rule is sourced: only completed 15-minute "
    "units are counted (the HCPCS descriptor), which never over-bills.",
    "service.minutes",
    HCPCS_DESCRIPTOR,
)


class _Judge:
    """Collects findings for one encounter; a secondary source's error is only a warning."""

    __slots__ = ("enc", "rules", "full", "findings", "has_error", "memo")

    def __init__(self, enc: Encounter, rules: RuleSet, full: RuleSet | None = None, memo: dict | None = None) -> None:
        self.enc = enc
        self.rules = rules
        self.full = full  # every dated entry, for what a source said in other periods
        self.findings: list[Finding] = []
        self.has_error = False
        self.memo = memo  # the view's memo of check outcomes (_memo, _Static), None to check afresh

    def add(self, code: str, severity: Severity, message: str, path: str | None, cite: Citation | None = None) -> None:
        if severity == "error":
            if cite is not None and cite.confidence == "secondary":
                severity = "warning"
                message += " (rule from a secondary source: check it before relying on it)"
            else:
                self.has_error = True
        self.findings.append(_finding(code, severity, message, path, cite))


class _Recorder(_Judge):
    """A judge that also notes whether any message printed the date of service (then the outcome is the date's,
    not the key's, and is not kept)."""

    __slots__ = ("dated", "day")

    def __init__(self, j: _Judge) -> None:
        super().__init__(j.enc, j.rules, j.full, None)
        self.dated = False
        self.day = str(j.enc.service.date)  # as messages print it

    def add(self, code: str, severity: Severity, message: str, path: str | None, cite: Citation | None = None) -> None:
        if self.day in message:
            self.dated = True
        super().add(code, severity, message, path, cite)


_MEMO_MAX = 1024  # outcomes kept per view (about 1 MB at most); a view's keys are few (codes, modifiers, settings)
_DATED = object()  # memo entry: the outcome depends on the date; check afresh every time


def _memo(j: _Judge, key: tuple, check: Callable[..., R], *args: Any) -> R:
    """`check(j, *args)`, replayed from the view's memo when an encounter with the same `key` was checked before.

    The key must name every input the check reads other than the view's rules and the date of service; a check
    whose logic (not only its messages) reads the date is not memoised. Findings replay in their order."""
    memo = j.memo
    if memo is None:
        return check(j, *args)
    hit = memo.get(key)
    if hit is None:
        rec = _Recorder(j)
        out = check(rec, *args)
        if len(memo) >= _MEMO_MAX:
            memo.clear()
        memo[key] = _DATED if rec.dated else (out, tuple(rec.findings), rec.has_error)
        j.findings += rec.findings
        j.has_error = j.has_error or rec.has_error
        return out
    if hit is _DATED:
        return check(j, *args)
    out, found, error = hit
    if found:
        j.findings += found
        if error:
            j.has_error = True
    return out


def adjudicate(
    encounter: Encounter,
    history: History | Sequence[PriorLike] | None = None,
    as_of: date | None = None,
    registry: Registry | None = None,
) -> Verdict:
    """Judge one encounter by the rules in force on its date of service.

    `history` holds the member's earlier approved services and the peer's other sessions that day (a History,
    or just the list of them)."""
    registry = registry or default_registry()
    prior: Sequence[PriorLike] = (history.services if isinstance(history, History) else history) or ()
    # Fields are read through __dict__: a pydantic model's attribute access goes through its __getattr__ hook,
    # several times slower, and the judge reads dozens of them per encounter.
    ed = encounter.__dict__
    svc = ed["service"]
    sd = svc.__dict__
    minutes = sd["minutes"]
    if minutes is None:
        minutes = _span(sd)
    payer = ed["payer"]
    route = registry.route(payer, ed["program"])
    if route is None:
        f = Finding(
            code="pack.unknown_state",
            severity="error",
            path="payer.state",
            message=f"Peerbill has no rule pack for state {encounter.payer.state}.",
        )
        return Verdict(encounter_id=encounter.encounter_id, billable=False, units=0, minutes=minutes, findings=[f])
    pack, plan, unknown_plan, program, unknown_program, compiled = route
    dos = sd["date"]
    view = compiled.view(dos)
    j = _Judge(encounter, view.rules, view.full, view.memo)
    ref = view.ref
    rd = ed["rendering"].__dict__
    supervisor = ed["supervisor"]
    telehealth = sd["telehealth"]
    # Everything the date-free checks read, besides the view's rules (see _Static).
    key = (
        payer.__dict__["plan"] if unknown_plan else None, ed["program"], sd["hcpcs"], tuple(sd["modifiers"]),
        sd["setting"], telehealth, bool(ed["prior_authorization"] or ed["authorization"]), sd["rate_code"],
        sd["place_of_service"], sd["group_size"], rd["credential"].__dict__["type"], rd["practitioner_level"],
        supervisor.__dict__["credential"] if supervisor is not None else None, sd["county"], sd["rate_region"],
    )
    memo = view.memo
    st = memo.get(key)
    if st is None:
        if len(memo) >= _MEMO_MAX:
            memo.clear()
        st = memo[key] = _Static(j, pack, program, unknown_plan, unknown_program, view.coverage)
    # Findings in the order the checks run: each date-free segment replays its findings, or runs afresh where a
    # message of it printed the date (_DATED).
    if st.gate is not None:
        _play(j, st.gate, _check_gate, pack, program, unknown_plan, unknown_program, view.coverage)
    if j.has_error:
        return Verdict(
            encounter_id=encounter.encounter_id,
            billable=False,
            units=0,
            minutes=minutes,
            findings=j.findings,
            rule_pack=ref,
        )
    service, rate_code = st.service, st.rate_code
    if st.code is not None:
        service, rate_code = _play(j, st.code, _code_and_rate_code)
    by_minutes = st.units
    if by_minutes is None:  # a per-day rule counts the day's earlier sessions
        units = _units(j, minutes, prior, st.unit_rule)
    else:
        hit = by_minutes.get(minutes)
        if hit is None:
            hit = by_minutes[minutes] = _record(j, _units, minutes, (), st.unit_rule)
        units, seg = hit
        if seg is not None:  # never _DATED: the unit findings print no date
            j.findings += seg[1]
            if seg[2]:
                j.has_error = True
    if telehealth != "none":  # the look-back reads the date: always afresh
        _check_place_and_telehealth(j)
    elif st.place is not None:
        _play(j, st.place, _check_place_and_telehealth)
    if st.people is not None:
        _play(j, st.people, _check_group_and_credential)
    if rd["credential"].__dict__["expires_on"] < dos:
        _check_expired(j)
    if st.supervision is not None:
        _play(j, st.supervision, _check_supervision)
    kinds = st.kinds  # the dated checks run only where the view has rules of their kind
    if kinds:
        if "age" in kinds:
            _check_age(j)
        _check_diagnoses(j, st.diagnoses, ed["diagnoses"], dos)
        if "recovery_plan" in kinds:
            _check_recovery_plan(j)
        if "prerequisites" in kinds:
            _check_prerequisites(j)
        if "overlap" in kinds:
            _check_overlap(j, prior)
        if "exclusions" in kinds:
            _check_exclusions(j, prior)
        if "authorizations" in kinds:
            _check_authorizations(j)
    else:
        _check_diagnoses(j, st.diagnoses, ed["diagnoses"], dos)
    units = _apply_caps(j, units, prior, st.caps)
    region, rate = st.region, st.rate
    if st.pricing is not None:
        region, rate = _play(j, st.pricing, _pricing, pack, program, service, rate_code)
    deadline = _filing(j, st.filing, pack.state, as_of) if st.filing is not None else None
    billable = not j.has_error
    approved = units if billable else 0
    payment = _payment(j, rate, approved) if rate is not None else None
    add_ons = list(_memo(j, ("add_ons", rate_code, region, approved, sd["offsite"]), _add_ons, rate_code, region,
                         approved)) if rate_code else []
    return _trusted(Verdict, {
        "encounter_id": ed["encounter_id"],
        "billable": billable,
        "units": approved,
        "minutes": minutes,
        "rate": rate,
        "expected_payment": payment,
        "filing_deadline": deadline,
        "rate_code": rate_code,
        "add_ons": add_ons,
        "claim_form": st.claim_form,
        "findings": j.findings,
        "rule_pack": ref,
        "code_set": icd.code_set_label(dos),
    })


Segment = tuple[Any, tuple[Finding, ...], bool]


def _record(j: _Judge, check: Callable[..., R], *args: Any) -> tuple[R, Segment | object | None]:
    """`check` run for the record: its outcome, and its segment: None when it found nothing, its findings (and
    whether one is an error) to replay, or _DATED when a message printed the date of service."""
    rec = _Recorder(j)
    out = check(rec, *args)
    if rec.dated:
        return out, _DATED
    return out, ((out, tuple(rec.findings), rec.has_error) if rec.findings else None)


def _play(j: _Judge, seg: Segment | object, check: Callable[..., R], *args: Any) -> R:
    """Replay a recorded segment into `j` (or, for a _DATED one, run its check afresh)."""
    if seg is _DATED:
        return check(j, *args)
    out, found, error = seg  # type: ignore[misc]
    j.findings += found
    if error:
        j.has_error = True
    return out


class _Static:
    """What the checks that read no date make of one combination of an encounter's date-free fields under one
    view's rules, kept in the view's memo: the outcomes, and for each check its segment of findings (_record)."""

    __slots__ = ("gate", "code", "service", "rate_code", "unit_rule", "place", "people", "supervision",
                 "diagnoses", "caps", "pricing", "region", "rate", "kinds", "units", "filing",
                 "claim_form")

    def __init__(self, j: _Judge, pack: RulePack, program: str | None, unknown_plan: bool, unknown_program: bool,
                 cov: CoverageState | None) -> None:
        _, self.gate = _record(j, _check_gate, pack, program, unknown_plan, unknown_program, cov)
        (self.service, self.rate_code), self.code = _record(j, _code_and_rate_code)
        self.unit_rule = _unit_rule(j)
        self.place = _record(j, _check_place_and_telehealth)[1] if j.enc.service.telehealth == "none" else None
        self.people = _record(j, _check_group_and_credential)[1]
        self.supervision = _record(j, _check_supervision)[1]
        self.diagnoses = bool(j.rules.diagnosis or j.rules.diagnosis_exclusions)  # memoised by the codes apart
        self.caps = _caps_of(j)
        (self.region, self.rate), self.pricing = _record(j, _pricing, pack, program, self.service, self.rate_code)
        self.kinds = frozenset(k for k in _DATED_KINDS if getattr(j.rules, k))
        # units by minutes, where the unit rule reads nothing else (not per day): minutes -> (units, segment)
        self.units: dict[int, tuple[int, Any]] | None = None if self.unit_rule and self.unit_rule.per_day else {}
        self.filing = j.rules.timely_filing[0] if j.rules.timely_filing else None
        self.claim_form = pack.programs[program].claim_form if program else None


_DATED_KINDS = ("age", "recovery_plan", "prerequisites", "overlap", "exclusions", "authorizations")


def _pricing(j: _Judge, pack: RulePack, program: str | None, service: ServiceCodeRule | None,
             rate_code: str | None) -> tuple[str | None, Decimal | None]:
    region = _region(j, pack, program)
    return region, _rate(j, service, rate_code, region)


def _check_gate(j: _Judge, pack: RulePack, program: str | None, unknown_plan: bool, unknown_program: bool,
                cov: CoverageState | None) -> None:
    """The plan, program and coverage findings: an error among them ends the judging."""
    if unknown_plan:
        j.add(
            "pack.unknown_plan",
            "warning",
            f"Plan '{j.enc.payer.plan}' has no rules of its own in the "
            f"{pack.state} pack; the state's rules were used.",
            "payer.plan",
        )
    _check_program(j, pack, program, unknown_program)
    _check_coverage(j, pack.state, cov)


def _code_and_rate_code(j: _Judge) -> tuple[ServiceCodeRule | None, str | None]:
    service = _check_code(j)
    return service, _rate_code(j, service)


def _span(service: dict[str, Any]) -> int:
    """`Service.duration` from the service's fields, where `minutes` is not given (then both times are)."""
    start, end = service["start_time"], service["end_time"]
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _money(rate: Decimal | None, units: int) -> Decimal | None:
    return (rate * units).quantize(CENT, ROUND_HALF_UP) if rate is not None else None


# --- programs, rate codes, regions -----------------------------------------------------------------


def _check_program(j: _Judge, pack: RulePack, program: str | None, unknown: bool) -> None:
    if unknown:
        j.add(
            "program.unknown",
            "warning",
            f"Program '{j.enc.program}' is not one of the {pack.state} pack's programs "
            f"({', '.join(pack.programs) or 'none'}); the state's rules were used.",
            "program",
        )
    elif program is None and pack.programs:
        j.add(
            "program.unnamed",
            "warning",
            f"{pack.state} Medicaid pays for peer support in several programs ({', '.join(pack.programs)}), each with "
            "its own rules; name one in `program`. Only the state-wide rules were checked.",
            "program",
        )
    elif program is not None and pack.programs[program].claim_form == "837I":
        prog = pack.programs[program]
        j.add(
            "claim.institutional",
            "warning",
            f"{prog.name} is billed on an institutional claim (837I); do not put it on an 837P.",
            "program",
            prog.claim_form_cite,
        )


def _rate_code(j: _Judge, service: ServiceCodeRule | None) -> str | None:
    """The state rate code billed: the encounter's, the matched service's, or the program's base code for the
    setting. None where the state does not price by rate code."""
    codes = j.rules.rate_codes
    svc = j.enc.service
    if not codes:
        return svc.rate_code or (service.rate_code if service else None)
    bases = [r for r in codes if not r.pairs_with]
    if svc.rate_code is not None:
        hit = next((r for r in bases if r.rate_code == svc.rate_code), None)
        if hit is None:
            j.add(
                "rate_code.not_covered",
                "error",
                f"Rate code {svc.rate_code} is not a billable base rate code here on {svc.date} "
                f"(billable: {', '.join(r.rate_code for r in bases) or 'none'}).",
                "service.rate_code",
                codes[0].cite,
            )
            return None
        if hit.setting not in ("any", svc.setting):
            j.add(
                "rate_code.setting_mismatch",
                "error",
                f"Rate code {hit.rate_code} ({hit.label}) is for {hit.setting} sessions; this was {svc.setting}.",
                "service.rate_code",
                hit.cite,
            )
        return hit.rate_code
    if service is not None and service.rate_code:
        return service.rate_code
    fits = [r for r in bases if r.setting in ("any", svc.setting)]
    if len(fits) != 1:
        j.add(
            "rate_code.ambiguous",
            "warning",
            f"Give service.rate_code: {len(fits)} rate codes fit a {svc.setting} session "
            f"({', '.join(r.rate_code for r in fits) or 'none'}).",
            "service.rate_code",
            codes[0].cite,
        )
        return None
    return fits[0].rate_code


def _region(j: _Judge, pack: RulePack, program: str | None) -> str | None:
    svc = j.enc.service
    table_key = pack.programs[program].region_table if program else None
    if table_key is None or svc.county is None:
        return svc.rate_region
    table = pack.region_tables[table_key]
    region = table.region_of(svc.county)
    if region is None:
        j.add(
            "rate.county_unknown",
            "warning",
            f"County '{svc.county}' is not in the state's region table; give service.rate_region.",
            "service.county",
            table.cite,
        )
        return svc.rate_region
    if svc.rate_region is not None and svc.rate_region != region:
        j.add(
            "rate.region_mismatch",
            "warning",
            f"service.rate_region '{svc.rate_region}' disagrees with the region of {svc.county} ({region}) in "
            "the state's county table; the table's region was used.",
            "service.rate_region",
            table.cite,
        )
    return region


def _add_ons(j: _Judge, base: str, region: str | None, units: int) -> list[AddOnLine]:
    out = []
    for r in j.rules.rate_codes:
        if base not in r.pairs_with or (r.condition == "offsite" and not j.enc.service.offsite):
            continue
        fits = [x for x in j.rules.rates if x.rate_code == r.rate_code and x.region in (None, region)]
        rate = max(fits, key=lambda x: x.region is not None).amount if fits else None
        out.append(AddOnLine(rate_code=r.rate_code, label=r.label, units=units, rate=rate,
                             expected_payment=_money(rate, units)))
    return out


# --- coverage ------------------------------------------------------------------------------------


def _check_coverage(j: _Judge, state: str, cov: CoverageState | None) -> None:
    """A finding for anything but plain coverage; only `not_paid` and `pack.not_in_force` can block, and not
    when their source is secondary (then the encounter is judged by the nearest rules on record)."""
    dos = j.enc.service.date
    if cov is None or cov.status == "covered":
        return
    entry = cov.entry
    if cov.status == "unknown":
        since = f" before {entry.valid_from}" if entry is not None else ""
        j.add(
            "coverage.unknown",
            "warning",
            f"Whether {state} Medicaid pays for peer support{since} is not sourced (no coverage rule on record "
            f"for {dos}); every other rule on record was checked. Confirm coverage with the payer before billing.",
            "service.date",
            entry.cite if entry is not None else None,
        )
        return
    assert entry is not None
    source = entry.cite.document
    if cov.status == "not_covered":
        j.add(
            "coverage.not_paid",
            "error",
            f"{state}'s Medicaid does not pay for peer support on {dos} ({source}).",
            "service.date",
            entry.cite,
        )
    elif cov.status == "unproven":
        j.add(
            "coverage.unproven",
            "warning",
            f"{state} Medicaid coverage of peer support is proven in force since at least {entry.valid_from} "
            f"({source}); its start is not known, so {dos} was judged by the earliest rules on record.",
            "service.date",
            entry.cite,
        )
    else:
        when = (
            f"starts on {entry.valid_from}"
            if entry.valid_to is None or dos < entry.valid_from
            else f"ended on {entry.valid_to}"
        )
        j.add(
            "pack.not_in_force",
            "error",
            f"No {state} Medicaid coverage of peer support is on record for {dos}: coverage {when} ({source}).",
            "service.date",
            entry.cite,
        )


# --- code and modifiers -------------------------------------------------------------------------


def _check_code(j: _Judge) -> ServiceCodeRule | None:
    svc, rules = j.enc.service, j.rules
    mods = set(svc.modifiers)
    for r in rules.rejected_modifiers:
        if r.modifier in mods:
            j.add(
                "code.modifier_rejected",
                "error",
                f"Modifier {r.modifier} is rejected: {r.reason}",
                f"service.modifiers[{svc.modifiers.index(r.modifier)}]",
                r.cite,
            )
    service = None
    if not rules.services:
        j.add(
            "code.rule_unknown",
            "warning",
            f"The state's billable codes for peer support are not sourced; {svc.hcpcs} could not be checked.",
            "service.hcpcs",
        )
    else:
        matches = [r for r in rules.services if r.code == svc.hcpcs and set(r.modifiers) <= mods]
        if not matches:
            combo = "-".join([svc.hcpcs, *svc.modifiers])
            j.add(
                "code.not_covered",
                "error",
                f"{combo} is not a covered peer support service on {svc.date}.",
                "service.hcpcs",
                rules.services[0].cite,
            )
        else:
            service = max(matches, key=lambda r: len(r.modifiers))
            _check_service(j, service)
    _check_modifiers(j, set(service.modifiers) if service else set())
    return service


def _check_service(j: _Judge, service: ServiceCodeRule) -> None:
    svc = j.enc.service
    if service.setting != "any" and service.setting != svc.setting:
        j.add(
            "code.setting_mismatch",
            "error",
            f"{service.code} {'-'.join(service.modifiers) or ''} is billed "
            f"for {service.setting} sessions, but this was a {svc.setting} session.".replace("  ", " "),
            "service.setting",
            service.cite,
        )
    if service.prior_authorization_required and not (j.enc.prior_authorization or j.enc.authorization):
        j.add(
            "auth.required",
            "error",
            f"{service.code} {' '.join(service.modifiers)} needs prior authorization; none was given.".replace(
                "  ", " "
            ),
            "prior_authorization",
            service.cite,
        )


def _check_modifiers(j: _Judge, defining: set[str]) -> None:
    svc, rules = j.enc.service, j.rules
    rejected = {r.modifier for r in rules.rejected_modifiers}
    allowed = set(defining)
    for r in rules.optional_modifiers:
        allowed.update(r.modifiers)
    tele = [r for r in rules.telehealth if r.modality == svc.telehealth]
    for r in tele:
        allowed.update(r.required_modifiers, r.allowed_modifiers)
    if not rules.services:  # codes unknown: only rejections can be judged
        return
    # Unknown is not forbidden: where the modality's modifier is not sourced for this period, a modifier a
    # source required or allowed for it in another period is accepted with a warning.
    unsourced = svc.telehealth != "none" and (not tele or any(not r.modifiers_known for r in tele))
    for i, m in enumerate(svc.modifiers):
        if m in allowed or m in rejected:
            continue
        past = _past_telehealth_modifier(j, m) if unsourced else None
        if past is not None:
            until = f"until {past.valid_to}" if past.valid_to else f"from {past.valid_from}"
            j.add(
                "code.modifier_unsourced",
                "warning",
                f"Modifier {m} was billed for {svc.telehealth.replace('_', '-')} services {until}; the state's "
                f"modifier on {svc.date} is not sourced, so it is accepted. Check the payer's current guidance.",
                f"service.modifiers[{i}]",
                past.cite,
            )
            continue
        j.add(
            "code.modifier_not_allowed",
            "error",
            f"Modifier {m} is not allowed on {svc.hcpcs} here.",
            f"service.modifiers[{i}]",
            rules.services[0].cite,
        )


def _past_telehealth_modifier(j: _Judge, modifier: str) -> TelehealthRule | None:
    """The latest entry of another period that required or allowed `modifier` for the encounter's modality."""
    entries = j.full.telehealth if j.full is not None else []
    dos, modality = j.enc.service.date, j.enc.service.telehealth
    hits = [
        r for r in entries
        if r.modality == modality and not r.in_force(dos)
        and (modifier in r.required_modifiers or modifier in r.allowed_modifiers)
    ]
    return max(hits, key=lambda r: r.valid_from, default=None)


# --- units, caps, rate ---------------------------------------------------------------------------


def _unit_rule(j: _Judge) -> UnitRule | None:
    code = j.enc.service.hcpcs
    specific = [r for r in j.rules.units if r.codes and code in r.codes]
    general = [r for r in j.rules.units if not r.codes]
    return (specific or general or [None])[0]


def _units(j: _Judge, minutes: int, prior: Sequence[PriorLike] = (), rule: UnitRule | None = None) -> int:
    if rule is None:
        rule = DEFAULT_UNIT
        j.findings.append(_DEFAULT_RULE_FINDING)  # an info: never an error, never demoted
    units = minutes_to_units(minutes, rule)
    if rule.per_day:
        units = _day_units(j, minutes, rule, prior)
    if units == 0:
        j.add(
            "units.zero",
            "error",
            f"{minutes} minutes give no billable unit ({rule.minutes_per_unit}-minute "
            f"units, {rule.rounding.replace('_', ' ')}).",
            "service.minutes",
            rule.cite,
        )
    return units


def _day_units(j: _Judge, minutes: int, rule: UnitRule, prior: Sequence[PriorLike]) -> int:
    """Units of the day's total minutes of this code, less the units already approved that day. A session whose
    minutes are not on record counts its approved units' worth of minutes (fewer minutes never over-bill)."""
    enc, svc = j.enc, j.enc.service
    earlier = [p for p in prior if p.member_id == enc.member.medicaid_id and p.date == svc.date
               and p.hcpcs == svc.hcpcs and p.encounter_id != enc.encounter_id]
    if not earlier:
        return minutes_to_units(minutes, rule)
    per = 1 if rule.rounding == "actual_time" else rule.minutes_per_unit
    day_minutes = minutes + sum(p.minutes if p.minutes is not None else p.units * per for p in earlier)
    return max(0, minutes_to_units(day_minutes, rule) - sum(p.units for p in earlier))


@lru_cache(maxsize=4096)
def _parse_keys(keys: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((k.split(":")[0], frozenset(k.split(":")[1:])) for k in keys)


def _cap_matches(cap: CapRule, code: str, mods: Sequence[str]) -> bool:
    """`H0038` matches the code with any modifiers; `H0038:HQ` only when HQ is among them."""
    return _key_matches(tuple(cap.services), code, tuple(mods))


@lru_cache(maxsize=16384)
def _key_matches(keys: tuple[str, ...], code: str, mods: tuple[str, ...]) -> bool:
    return any(kcode == code and kmods.issubset(mods) for kcode, kmods in _parse_keys(keys))


def _unit_minutes(rules: RuleSet, code: str) -> int:
    """Minutes in one unit of `code` under the unit rule in force (1 for actual time)."""
    specific = [r for r in rules.units if r.codes and code in r.codes]
    rule = (specific or [r for r in rules.units if not r.codes] or [DEFAULT_UNIT])[0]
    return 1 if rule.rounding == "actual_time" else rule.minutes_per_unit


def _cap_size(cap: CapRule) -> str:
    if cap.units is not None:
        return f"{cap.units} units"
    return f"{cap.hours} hours" if cap.hours is not None else f"{cap.minutes} minutes"


def _apply_caps(j: _Judge, units: int, prior: Sequence[PriorLike], caps: list[CapRule]) -> int:
    """`caps`: those counting the encounter's code and modifiers (_caps_of)."""
    if not units or not caps:
        return units
    enc, svc = j.enc, j.enc.service
    approved = units
    if not caps:
        return approved
    mine = [p for p in prior if p.units and p.member_id == enc.member.medicaid_id
            and p.encounter_id != enc.encounter_id]
    episode = enc.episode_started_on
    for cap in caps:
        pool = [p for p in mine if p.date >= episode] if cap.per_episode and episode is not None else mine
        limit = cap.limit_minutes
        if limit is None:  # a cap in units
            items = [(p.date, p.units) for p in pool if _cap_matches(cap, p.hcpcs, p.modifiers)]
            left = max(0, (cap.units or 0) - used_units(cap, svc.date, items))
        else:  # a cap in time: each service's units times its unit length, whatever its code
            per_unit: dict[str, int] = {}  # a member's history repeats a few codes many times
            items = []
            for p in pool:
                if _cap_matches(cap, p.hcpcs, p.modifiers):
                    m = per_unit.get(p.hcpcs)
                    if m is None:
                        m = per_unit[p.hcpcs] = _unit_minutes(j.rules, p.hcpcs)
                    items.append((p.date, p.units * m))
            left_minutes = max(Decimal(0), limit - used_units(cap, svc.date, items))
            left = int(left_minutes // _unit_minutes(j.rules, svc.hcpcs))
        if units <= left:
            continue
        window = cap.window.replace("_", " ") + (f" of {cap.length}" if cap.length else "")
        size = _cap_size(cap)
        if cap.on_exceed == "prior_authorization":
            if not (enc.prior_authorization or enc.authorization):
                j.add(
                    "auth.required",
                    "error",
                    f"Cap {cap.id}: {size} per {window} without prior "
                    f"authorization; {left} units left, {units} billed. Add the prior authorization number.",
                    "prior_authorization",
                    cap.cite,
                )
        elif cap.cite.confidence == "secondary":
            j.add(
                "units.cap_exceeded",
                "warning",
                f"Cap {cap.id}: {size} per {window}; {left} units left, {units} billed.",
                "service.minutes",
                cap.cite,
            )
        elif left == 0:
            j.add(
                "units.cap_exceeded",
                "error",
                f"Cap {cap.id}: {size} per {window} already used; nothing is left for {svc.date}.",
                "service.minutes",
                cap.cite,
            )
        else:
            j.add(
                "units.cap_reduced",
                "warning",
                f"Cap {cap.id}: {size} per {window}; only {left} of {units} units are billable.",
                "service.minutes",
                cap.cite,
            )
            approved = min(approved, left)
    return approved


def _caps_of(j: _Judge) -> list[CapRule]:
    """The caps that count the encounter's code and modifiers."""
    svc = j.enc.service
    return [c for c in j.rules.caps if _cap_matches(c, svc.hcpcs, svc.modifiers)]


def _check_authorizations(j: _Judge) -> None:
    if not j.rules.authorizations:
        return
    enc, svc = j.enc, j.enc.service
    for r in j.rules.authorizations:
        if not _key_matches(tuple(r.services), svc.hcpcs, tuple(svc.modifiers)):
            continue
        auth = enc.authorization
        if auth is None and not enc.prior_authorization:
            j.add(
                "auth.required",
                "error",
                f"{svc.hcpcs} needs a service authorization"
                + (" approved before the service" if r.before_service else "") + "; none was given.",
                "authorization",
                r.cite,
            )
            continue
        if auth is None:
            continue  # a number without dates: nothing more can be checked
        if r.before_service and auth.approved_on is not None and auth.approved_on > svc.date:
            j.add(
                "auth.after_service",
                "error",
                f"The authorization was approved on {auth.approved_on}, after the date of service; it must be "
                "approved before the service.",
                "authorization.approved_on",
                r.cite,
            )
            continue  # its window cannot cover the service either; one finding says it
        start = auth.starts_on or auth.approved_on
        end = auth.ends_on
        if end is None and start is not None and r.valid_days is not None:
            end = start + timedelta(days=r.valid_days - 1)
        if (start is not None and svc.date < start) or (end is not None and svc.date > end):
            j.add(
                "auth.outside_window",
                "error",
                f"The authorization covers {start or '...'} to {end or '...'}; {svc.date} is outside it.",
                "authorization",
                r.cite,
            )


def _level(j: _Judge) -> str | None:
    """The encounter's practitioner level, else the one the state maps from the rendering credential type."""
    if j.enc.rendering.practitioner_level is not None:
        return j.enc.rendering.practitioner_level
    cred = j.enc.rendering.credential.type
    return next((r.level for r in j.rules.practitioner_levels if cred in r.credential_types), None)


def _payment(j: _Judge, rate: Decimal | None, units: int) -> Decimal | None:
    fee = _money(rate, units)
    rules = j.rules.payment
    if fee is None or not rules or not units:
        return fee
    charge = j.enc.service.charge
    if charge is None:
        j.add(
            "payment.charge_missing",
            "info",
            "The state pays the lesser of the billed charge and the fee; give service.charge to compare. The "
            "expected payment shown is the fee.",
            "service.charge",
            rules[0].cite,
        )
        return fee
    if charge < fee:
        j.add(
            "payment.charge_lower",
            "info",
            f"The billed charge ${charge} is below the fee ${fee}; the state pays the charge.",
            "service.charge",
            rules[0].cite,
        )
        return charge.quantize(CENT, ROUND_HALF_UP)
    return fee


def _rate(j: _Judge, service: ServiceCodeRule | None, rate_code: str | None, region: str | None) -> Decimal | None:
    svc, level = j.enc.service, _level(j)
    # The matched service's modifiers define the priced service; where codes are unknown, the billed modifiers.
    defining = set(service.modifiers) if service else set()
    if not j.rules.services:
        defining = set(svc.modifiers)
    if rate_code is not None and any(r.rate_code for r in j.rules.rates):
        cands = [r for r in j.rules.rates if r.rate_code == rate_code]
    else:
        cands = [r for r in j.rules.rates if r.code == svc.hcpcs and set(r.modifiers) == defining]
    fits = [r for r in cands if r.region in (None, region) and r.practitioner_level in (None, level)]
    if not fits:
        if cands and region is None and any(r.region for r in cands):
            j.add(
                "rate.region_missing",
                "info",
                "The state prices this service by region; give service.rate_region (or service.county where the "
                "state has a county table) to get the expected payment.",
                "service.rate_region",
                cands[0].cite,
            )
        else:
            j.add(
                "rate.unknown",
                "info",
                "No sourced rate for this service on this date; expected payment is not computed.",
                "service.hcpcs",
            )
        return None
    rate = max(fits, key=lambda r: (r.region is not None) + (r.practitioner_level is not None))
    if rate.kind == "floor":
        j.add(
            "rate.floor",
            "info",
            f"${rate.amount} is the state's minimum rate; the plan's contract rate may be higher.",
            "service.hcpcs",
            rate.cite,
        )
    return rate.amount


# --- place, telehealth, people --------------------------------------------------------------------


def _check_place_and_telehealth(j: _Judge) -> None:
    svc, rules = j.enc.service, j.rules
    if svc.telehealth == "none":
        for r in rules.places_of_service:
            if svc.place_of_service not in r.allowed:
                j.add(
                    "pos.not_allowed",
                    "error",
                    f"Place of service {svc.place_of_service} is not allowed (allowed: {', '.join(r.allowed)}).",
                    "service.place_of_service",
                    r.cite,
                )
        return
    tele = [r for r in rules.telehealth if r.modality == svc.telehealth]
    kind = svc.telehealth.replace("_", "-")
    if not tele:
        j.add(
            "telehealth.rule_unknown",
            "warning",
            f"No sourced rule for {kind} delivery on {svc.date}; check the state's telehealth policy before billing.",
            "service.telehealth",
        )
    for r in tele:
        if not r.allowed:
            j.add(
                "telehealth.not_covered",
                "error",
                f"Peer support by {kind} is not covered on {svc.date}.",
                "service.telehealth",
                r.cite,
            )
            continue
        if r.places_of_service and svc.place_of_service not in r.places_of_service:
            j.add(
                "telehealth.pos",
                "error",
                f"{kind} services are billed with place of service {' or '.join(r.places_of_service)}.",
                "service.place_of_service",
                r.cite,
            )
        _check_remote_context(j, r, kind)
        missing = [m for m in r.required_modifiers if m not in svc.modifiers]
        if missing:
            j.add(
                "telehealth.modifier_missing",
                "error",
                f"{kind} services need modifier {', '.join(missing)}.",
                "service.modifiers",
                r.cite,
            )


def _check_remote_context(j: _Judge, r: TelehealthRule, kind: str) -> None:
    """The look-back to an in-person or video contact, and the place of service by the patient's location."""
    svc = j.enc.service
    if r.lookback_months is not None:
        last, since = svc.last_in_person_on, add_months(svc.date, -r.lookback_months)
        if last is None:
            j.add(
                "telehealth.lookback_unknown",
                "warning",
                f"{kind} services need an in-person or video contact within {r.lookback_months} months before; give "
                "service.last_in_person_on to check it.",
                "service.last_in_person_on",
                r.cite,
            )
        elif last < since or last > svc.date:
            j.add(
                "telehealth.lookback",
                "error",
                f"The last in-person or video contact ({last}) is not within the {r.lookback_months} months before "
                f"{svc.date} that {kind} services need.",
                "service.last_in_person_on",
                r.cite,
            )
    where = svc.patient_location
    if r.pos_by_patient_location and where is not None:
        want = r.pos_by_patient_location.get(where)
        if want is not None and svc.place_of_service != want:
            j.add(
                "telehealth.pos_location",
                "error",
                f"A {kind} session with the patient {'at home' if where == 'home' else 'away from home'} is billed "
                f"with place of service {want}.",
                "service.place_of_service",
                r.cite,
            )


def _check_group_and_credential(j: _Judge) -> None:
    enc, rules, dos = j.enc, j.rules, j.enc.service.date
    if enc.service.setting == "group" and enc.service.group_size is not None:
        for r in rules.group:
            if enc.service.group_size > r.max_size:
                j.add(
                    "group.too_large",
                    "error",
                    f"Group of {enc.service.group_size}; at most {r.max_size} members.",
                    "service.group_size",
                    r.cite,
                )
    cred = enc.rendering.credential
    for r in rules.credentials:
        if cred.type not in r.accepted_types:
            j.add(
                "credential.type_not_accepted",
                "error",
                f"Credential {cred.type} may not render peer "
                f"support on {dos} (accepted: {', '.join(r.accepted_types)}).",
                "rendering.credential.type",
                r.cite,
            )


def _check_expired(j: _Judge) -> None:
    rules, dos = j.rules, j.enc.service.date
    cred = j.enc.rendering.credential
    if cred.expires_on < dos:  # every state, listed types or not: certification must be current
        state_cite = next((r.cite for r in rules.credentials if r.cite.confidence != "secondary"), None)
        j.add(
            "credential.expired",
            "error",
            f"The peer's credential expired on {cred.expires_on}, before the date of service.",
            "rendering.credential.expires_on",
            state_cite or CMS_PEER_SUPPORT_LETTER,
        )


def _check_supervision(j: _Judge) -> None:
    enc, rules = j.enc, j.rules
    for r in rules.supervision:
        if not r.required:
            continue
        if enc.supervisor is None:
            if r.on_claim:  # only where a source says the claim names the supervisor
                j.add(
                    "supervision.missing", "error", "The claim must name the supervising professional.",
                    "supervisor", r.cite,
                )
        elif r.accepted_credentials and enc.supervisor.credential not in r.accepted_credentials:
            j.add(
                "supervision.credential_not_accepted",
                "error",
                f"Supervisor credential "
                f"{enc.supervisor.credential} is not accepted (accepted: {', '.join(r.accepted_credentials)}).",
                "supervisor.credential",
                r.cite,
            )


def _check_age(j: _Judge) -> None:
    enc, rules, dos = j.enc, j.rules, j.enc.service.date
    if not rules.age:
        return
    born = enc.member.date_of_birth
    age = _age(born, dos)
    for r in rules.age:
        too_old = r.max_years is not None and age > r.max_years
        if too_old and r.through_birthday_month and age == r.max_years + 1 and (born.month, dos.year) == (
            dos.month, born.year + age
        ):
            too_old = False  # eligible to the end of the month of that birthday
        if (r.min_years is not None and age < r.min_years) or too_old:
            span = f"{r.min_years if r.min_years is not None else 0}-{r.max_years if r.max_years is not None else ''}"
            j.add(
                "age.out_of_range",
                "error",
                f"Member is {age} on the date of service; the service is for "
                f"ages {span.rstrip('-') + ('+' if r.max_years is None else '')}.",
                "member.date_of_birth",
                r.cite,
            )


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _check_diagnoses(j: _Judge, listed: bool, codes: list[str], dos: date) -> None:
    """The codes' validity on the date, then the state's lists where it has any (`listed`)."""
    for finding in icd.findings(codes, dos):  # by the code set in force on the date of service
        j.add(*finding)
    if listed:  # kept by the codes alone: members' diagnoses vary far more than the other fields
        _memo(j, ("diagnoses", *codes), _check_diagnosis_rules)


def _check_diagnosis_rules(j: _Judge) -> None:
    """The state's qualifying and excluded diagnoses."""
    codes = j.enc.diagnoses
    for r in j.rules.diagnosis:
        pool = codes[:1] if r.position == "primary" else codes
        inside = any(icd.in_range(c, rng) for c in pool for rng in r.ranges)
        if not inside:
            which = "The primary diagnosis" if r.position == "primary" else "No diagnosis"
            j.add(
                "diagnosis.not_qualifying",
                "warning" if r.stand_in else "error",
                f"{which} {'is not' if r.position == 'primary' else 'is'} a qualifying {r.label} diagnosis"
                + (" (checked against a stand-in range, not the state's own list)." if r.stand_in else "."),
                "diagnoses",
                r.cite,
            )
        elif r.stand_in:
            j.add(
                "diagnosis.stand_in",
                "warning",
                f"The state's list of qualifying diagnoses was not read; {r.label} is a stand-in range, so the "
                f"diagnosis may still not qualify. Check it against the state's list.",
                "diagnoses",
                r.cite,
            )
    _check_diagnosis_exclusions(j)


def _check_diagnosis_exclusions(j: _Judge) -> None:
    codes = j.enc.diagnoses
    for r in j.rules.diagnosis_exclusions:
        pool = codes[:1] if r.when == "primary" else codes
        hits = [any(icd.in_range(c, rng) for rng in r.ranges) for c in pool]
        if (all(hits) if r.when == "only" else any(hits)) and hits:
            which = {"only": "Every diagnosis", "primary": "The primary diagnosis", "any": "A diagnosis"}[r.when]
            j.add(
                "diagnosis.excluded",
                "error",
                f"{which} on the encounter is {r.label}, which does not qualify for the service here.",
                "diagnoses",
                r.cite,
            )


_DOCUMENT_WORDS = {"service_order": "service order", "assessment": "assessment",
                   "recommendation": "recommendation", "consent": "consent"}


def _check_prerequisites(j: _Judge) -> None:
    if not j.rules.prerequisites:
        return
    pre = j.enc.prerequisites
    first = (pre.first_service_on if pre else None) or j.enc.service.date
    for r in j.rules.prerequisites:
        dated = getattr(pre, f"{r.document}_on") if pre else None
        word = _DOCUMENT_WORDS[r.document]
        if dated is None:
            j.add(
                "prereq.not_given",
                "warning",
                f"The state requires a {word} dated on or before the first service; the encounter does not give "
                f"its date (prerequisites.{r.document}_on), so it could not be checked.",
                f"prerequisites.{r.document}_on",
                r.cite,
            )
        elif dated > first:
            j.add(
                "prereq.after_first_service",
                "error",
                f"The {word} is dated {dated}, after the first service ({first}).",
                f"prerequisites.{r.document}_on",
                r.cite,
            )
        elif r.start_within_days is not None and (first - dated).days > r.start_within_days:
            j.add(
                "prereq.lapsed",
                "error",
                f"Services started {first}, more than {r.start_within_days} days after the {word} of {dated}.",
                f"prerequisites.{r.document}_on",
                r.cite,
            )


def _check_recovery_plan(j: _Judge) -> None:
    if not j.rules.recovery_plan:
        return
    plan, dos = j.enc.recovery_plan, j.enc.service.date
    for r in j.rules.recovery_plan:
        grace = (
            plan is not None
            and plan.enrolled_on is not None
            and r.written_within_months_of_enrollment is not None
            and dos <= add_months(plan.enrolled_on, r.written_within_months_of_enrollment)
        )
        if plan is None or plan.written_on is None:
            if not grace:
                j.add("plan.missing", "error", "A written recovery plan is required.", "recovery_plan", r.cite)
            continue
        if plan.written_on > dos:
            if not grace:
                j.add(
                    "plan.not_written",
                    "error",
                    f"The recovery plan was written on {plan.written_on}, after the date of service.",
                    "recovery_plan.written_on",
                    r.cite,
                )
            continue
        last = max(plan.written_on, plan.last_reviewed_on or plan.written_on)
        if r.review_every_months is not None:
            due, every = add_months(last, r.review_every_months), f"{r.review_every_months} months"
        elif r.review_every_days is not None:
            due, every = last + timedelta(days=r.review_every_days), f"{r.review_every_days} days"
        else:
            continue
        if dos > due:
            j.add(
                "plan.review_overdue",
                "error",
                f"The recovery plan was last reviewed on {last}; it must be reviewed every {every} (due {due}).",
                "recovery_plan.last_reviewed_on",
                r.cite,
            )


def _check_overlap(j: _Judge, prior: Sequence[PriorLike]) -> None:
    if not j.rules.overlap or not prior:
        return
    enc, svc = j.enc, j.enc.service
    if svc.start_time is None or svc.end_time is None:
        return
    for r in j.rules.overlap:
        for p in prior:
            if (
                p.encounter_id == enc.encounter_id
                or p.date != svc.date
                or p.start_time is None
                or p.end_time is None
                or not (p.start_time < svc.end_time and svc.start_time < p.end_time)
            ):
                continue
            same_member = p.member_id == enc.member.medicaid_id
            if same_member and r.member_other_services:
                j.add(
                    "overlap.member",
                    "error",
                    f"The member had {p.hcpcs} from {p.start_time:%H:%M} to "
                    f"{p.end_time:%H:%M} the same day (encounter {p.encounter_id}).",
                    "service.start_time",
                    r.cite,
                )
            elif (
                not same_member
                and r.rendering_sessions
                and p.rendering_npi == enc.rendering.npi
                and not (
                    p.setting == svc.setting == "group"
                    and p.start_time == svc.start_time
                    and p.end_time == svc.end_time
                )
            ):
                j.add(
                    "overlap.rendering",
                    "error",
                    f"The peer billed another session from "
                    f"{p.start_time:%H:%M} to {p.end_time:%H:%M} (encounter {p.encounter_id}).",
                    "service.start_time",
                    r.cite,
                )


def _check_exclusions(j: _Judge, prior: Sequence[PriorLike]) -> None:
    if not j.rules.exclusions:
        return
    enc, svc = j.enc, j.enc.service
    for r in j.rules.exclusions:
        if not _key_matches(tuple(r.services), svc.hcpcs, tuple(svc.modifiers)):
            continue
        if r.when == "while_enrolled":
            hit = next((e for e in enc.member_enrollments if e in r.with_enrollments), None)
            if hit is not None:
                j.add(
                    "exclusion.enrolled",
                    "error",
                    f"{svc.hcpcs} is not paid while the member is enrolled in {hit} (exclusion {r.id}).",
                    "member_enrollments",
                    r.cite,
                )
            continue
        for p in prior:
            if p.encounter_id == enc.encounter_id or p.member_id != enc.member.medicaid_id or p.date != svc.date:
                continue
            if not (r.with_any_service or _key_matches(tuple(r.with_codes), p.hcpcs, tuple(p.modifiers))):
                continue
            if r.when == "same_time" and not _same_time(p, svc):
                continue
            j.add(
                f"exclusion.{r.when}",
                "error",
                f"{svc.hcpcs} is not paid {'at the same time as' if r.when == 'same_time' else 'on the same day as'} "
                f"{p.hcpcs} (encounter {p.encounter_id}; exclusion {r.id}).",
                "service.date" if r.when == "same_day" else "service.start_time",
                r.cite,
            )
            break


def _same_time(p: PriorLike, svc) -> bool:
    """Overlapping times; without times on either side, a same-time exclusion cannot be shown and does not fire."""
    if None in (p.start_time, p.end_time, svc.start_time, svc.end_time):
        return False
    return p.start_time < svc.end_time and svc.start_time < p.end_time


def _filing(j: _Judge, r: TimelyFilingRule, state: str, as_of: date | None) -> date:
    """The deadline under `r`, the view's timely-filing rule, and whether `as_of` meets it."""
    dos, dates = j.enc.service.date, j.enc.timely_filing
    if dates is None and j.memo is not None:  # then the deadline is the date's under the view's rule
        key = ("filing", dos)
        hit = j.memo.get(key)
        if hit is None:
            deadline = filing_deadline(dos, r, state, None)
            note = holiday_note(state, deadline) if r.roll_to_business_day else None
            hit = j.memo[key] = (deadline, _finding(*note) if note else None)  # a warning: added as is
        deadline, unsourced = hit
        if unsourced is not None:
            j.findings.append(unsourced)
    else:
        deadline = filing_deadline(dos, r, state, dates)
        if r.roll_to_business_day and (note := holiday_note(state, deadline)):  # the state's calendar is unsourced
            j.add(*note)
    if as_of is not None:
        if as_of > deadline:
            j.add(
                "filing.late",
                "error",
                f"The filing deadline for {j.enc.service.date} was {deadline}.",
                "service.date",
                r.cite,
            )
        elif (deadline - as_of).days <= DEADLINE_NEAR_DAYS:
            j.add(
                "filing.deadline_near",
                "warning",
                f"File by {deadline}: {(deadline - as_of).days} days left.",
                "service.date",
                r.cite,
            )
    return deadline


def as_prior(encounter: Encounter, verdict: Verdict) -> Prior:
    """The record a judged encounter leaves in history, for the caps and overlaps of later ones."""
    ed = encounter.__dict__  # plain reads: see adjudicate
    svc = ed["service"]
    sd = svc.__dict__
    return _new_tuple(Prior, (  # Prior's own __new__ is a Python function around this
        ed["encounter_id"],
        ed["member"].__dict__["medicaid_id"],
        ed["rendering"].__dict__["npi"],
        sd["date"],
        sd["start_time"],
        sd["end_time"],
        sd["hcpcs"],
        tuple(sd["modifiers"]),
        verdict.units,
        sd["setting"],
        sd["minutes"] if sd["minutes"] is not None else _span(sd),
    ))


def adjudicate_many(
    encounters: list[Encounter],
    history: History | None = None,
    as_of: date | None = None,
    registry: Registry | None = None,
) -> list[Verdict]:
    """Judge encounters in order; each one's approved units count against the caps of those after it."""
    prior: list[PriorLike] = list(history.services) if history else []
    verdicts = []
    for enc in encounters:
        v = adjudicate(enc, prior, as_of, registry)
        prior.append(as_prior(enc, v))
        verdicts.append(v)
    return verdicts
