"""The rules engine: one encounter, its history and the state's rules in force give a verdict.

Pure and deterministic: no database, no clock, no I/O. `as_of` is the day the claim would be filed.
Each kind of rule is checked once, here, by a short function; the state files only give parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from billing.rules import icd
from billing.rules.calendar import add_months
from billing.rules.coverage import CoverageState
from billing.rules.filing import filing_deadline
from billing.rules.history import Prior, PriorLike
from billing.rules.packs import Registry, default_registry
from billing.rules.units import minutes_to_units
from billing.rules.windows import used_units
from schemas.encounter import Encounter, History
from schemas.rulepack import CapRule, RuleSet, ServiceCodeRule, UnitRule
from schemas.verdict import Citation, Finding, Severity, Verdict

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


@dataclass
class _Judge:
    """Collects findings for one encounter; a secondary source's error is only a warning."""

    enc: Encounter
    rules: RuleSet
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, severity: Severity, message: str, path: str | None, cite: Citation | None = None) -> None:
        if severity == "error" and cite is not None and cite.confidence == "secondary":
            severity = "warning"
            message += " (rule from a secondary source: check it before relying on it)"
        self.findings.append(
            Finding.model_construct(code=code, severity=severity, message=message, path=path, citation=cite)
        )

    @property
    def has_error(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


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
    svc = encounter.service
    minutes = svc.duration
    pack = registry.get(encounter.payer.state)
    if pack is None:
        f = Finding(
            code="pack.unknown_state",
            severity="error",
            path="payer.state",
            message=f"Peerbill has no rule pack for state {encounter.payer.state}.",
        )
        return Verdict(encounter_id=encounter.encounter_id, billable=False, units=0, minutes=minutes, findings=[f])
    plan, unknown_plan = registry.select_plan(pack, encounter.payer)
    view = registry.view(pack.state, plan, svc.date)
    j = _Judge(encounter, view.rules)
    ref = view.ref
    if unknown_plan:
        j.add(
            "pack.unknown_plan",
            "warning",
            f"Plan '{encounter.payer.plan}' has no rules of its own in the "
            f"{pack.state} pack; the state's rules were used.",
            "payer.plan",
        )
    _check_coverage(j, pack.state, view.coverage)
    if j.has_error:
        return Verdict(
            encounter_id=encounter.encounter_id,
            billable=False,
            units=0,
            minutes=minutes,
            findings=j.findings,
            rule_pack=ref,
        )

    service = _check_code(j)
    defining = set(service.modifiers) if service else set()
    units = _units(j, minutes)
    _check_place_and_telehealth(j)
    _check_people(j)
    _check_diagnoses(j)
    _check_recovery_plan(j)
    _check_overlap(j, prior)
    units = _apply_caps(j, units, prior)
    rate = _rate(j, defining)
    deadline = _filing(j, pack.state, as_of)
    billable = not j.has_error
    approved = units if billable else 0
    payment = (rate * approved).quantize(CENT, ROUND_HALF_UP) if rate is not None else None
    return Verdict.model_construct(
        encounter_id=encounter.encounter_id,
        billable=billable,
        units=approved,
        minutes=minutes,
        rate=rate,
        expected_payment=payment,
        filing_deadline=deadline,
        findings=j.findings,
        rule_pack=ref,
    )


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
    if service.prior_authorization_required and not j.enc.prior_authorization:
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
    for r in rules.telehealth:
        if r.modality == svc.telehealth:
            allowed.update(r.required_modifiers)
    if not rules.services:  # codes unknown: only rejections can be judged
        return
    for i, m in enumerate(svc.modifiers):
        if m not in allowed and m not in rejected:
            j.add(
                "code.modifier_not_allowed",
                "error",
                f"Modifier {m} is not allowed on {svc.hcpcs} here.",
                f"service.modifiers[{i}]",
                rules.services[0].cite,
            )


# --- units, caps, rate ---------------------------------------------------------------------------


def _unit_rule(j: _Judge) -> UnitRule | None:
    code = j.enc.service.hcpcs
    specific = [r for r in j.rules.units if r.codes and code in r.codes]
    general = [r for r in j.rules.units if not r.codes]
    return (specific or general or [None])[0]


def _units(j: _Judge, minutes: int) -> int:
    rule = _unit_rule(j)
    if rule is None:
        rule = DEFAULT_UNIT
        j.add(
            "units.default_rule",
            "info",
            "No state rounding rule is sourced: only completed 15-minute "
            "units are counted (the HCPCS descriptor), which never over-bills.",
            "service.minutes",
            HCPCS_DESCRIPTOR,
        )
    units = minutes_to_units(minutes, rule)
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


@lru_cache(maxsize=4096)
def _parse_keys(keys: tuple[str, ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((k.split(":")[0], frozenset(k.split(":")[1:])) for k in keys)


def _cap_matches(cap: CapRule, code: str, mods: Sequence[str]) -> bool:
    """`H0038` matches the code with any modifiers; `H0038:HQ` only when HQ is among them."""
    return _key_matches(tuple(cap.services), code, tuple(mods))


@lru_cache(maxsize=16384)
def _key_matches(keys: tuple[str, ...], code: str, mods: tuple[str, ...]) -> bool:
    return any(kcode == code and kmods.issubset(mods) for kcode, kmods in _parse_keys(keys))


def _apply_caps(j: _Judge, units: int, prior: Sequence[PriorLike]) -> int:
    enc, svc = j.enc, j.enc.service
    approved = units
    caps = [c for c in j.rules.caps if _cap_matches(c, svc.hcpcs, svc.modifiers)] if units else []
    if not caps:
        return approved
    mine = [p for p in prior if p.units and p.member_id == enc.member.medicaid_id
            and p.encounter_id != enc.encounter_id]
    for cap in caps:
        items = [(p.date, p.units) for p in mine if _cap_matches(cap, p.hcpcs, p.modifiers)]
        left = max(0, cap.units - used_units(cap, svc.date, items))
        if units <= left:
            continue
        window = cap.window.replace("_", " ") + (f" of {cap.length}" if cap.length else "")
        if cap.on_exceed == "prior_authorization":
            if not enc.prior_authorization:
                j.add(
                    "auth.required",
                    "error",
                    f"Cap {cap.id}: {cap.units} units per {window} without prior "
                    f"authorization; {left} left, {units} billed. Add the prior authorization number.",
                    "prior_authorization",
                    cap.cite,
                )
        elif cap.cite.confidence == "secondary":
            j.add(
                "units.cap_exceeded",
                "warning",
                f"Cap {cap.id}: {cap.units} units per {window}; {left} left, {units} billed.",
                "service.minutes",
                cap.cite,
            )
        elif left == 0:
            j.add(
                "units.cap_exceeded",
                "error",
                f"Cap {cap.id}: {cap.units} units per {window} already used; nothing is left for {svc.date}.",
                "service.minutes",
                cap.cite,
            )
        else:
            j.add(
                "units.cap_reduced",
                "warning",
                f"Cap {cap.id}: {cap.units} units per {window}; only {left} of {units} units are billable.",
                "service.minutes",
                cap.cite,
            )
            approved = min(approved, left)
    return approved


def _rate(j: _Judge, defining: set[str]) -> Decimal | None:
    svc, level = j.enc.service, j.enc.rendering.practitioner_level
    if not j.rules.services:  # codes unknown: price by the billed modifiers
        defining = set(svc.modifiers)
    cands = [r for r in j.rules.rates if r.code == svc.hcpcs and set(r.modifiers) == defining]
    fits = [r for r in cands if r.region in (None, svc.rate_region) and r.practitioner_level in (None, level)]
    if not fits:
        if cands and svc.rate_region is None and any(r.region for r in cands):
            j.add(
                "rate.region_missing",
                "info",
                "The state prices this service by region; give service.rate_region to get the expected payment.",
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
        missing = [m for m in r.required_modifiers if m not in svc.modifiers]
        if missing:
            j.add(
                "telehealth.modifier_missing",
                "error",
                f"{kind} services need modifier {', '.join(missing)}.",
                "service.modifiers",
                r.cite,
            )


def _check_people(j: _Judge) -> None:
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
    if cred.expires_on < dos:  # every state, listed types or not: certification must be current
        state_cite = next((r.cite for r in rules.credentials if r.cite.confidence != "secondary"), None)
        j.add(
            "credential.expired",
            "error",
            f"The peer's credential expired on {cred.expires_on}, before the date of service.",
            "rendering.credential.expires_on",
            state_cite or CMS_PEER_SUPPORT_LETTER,
        )
    for r in rules.supervision:
        if not r.required:
            continue
        if enc.supervisor is None:
            j.add("supervision.missing", "error", "A supervising professional is required.", "supervisor", r.cite)
        elif r.accepted_credentials and enc.supervisor.credential not in r.accepted_credentials:
            j.add(
                "supervision.credential_not_accepted",
                "error",
                f"Supervisor credential "
                f"{enc.supervisor.credential} is not accepted (accepted: {', '.join(r.accepted_credentials)}).",
                "supervisor.credential",
                r.cite,
            )
    age = _age(enc.member.date_of_birth, dos)
    for r in rules.age:
        if (r.min_years is not None and age < r.min_years) or (r.max_years is not None and age > r.max_years):
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


def _check_diagnoses(j: _Judge) -> None:
    codes = j.enc.diagnoses
    for i, code in enumerate(codes):
        if not icd.is_billable(code):
            j.add(
                "diagnosis.invalid_code",
                "error",
                f"Diagnosis {i + 1} is not a valid billable ICD-10-CM code.",
                f"diagnoses[{i}]",
                icd.CODE_SET,
            )
    for r in j.rules.diagnosis:
        pool = codes[:1] if r.position == "primary" else codes
        if not any(icd.in_range(c, rng) for c in pool for rng in r.ranges):
            which = "The primary diagnosis" if r.position == "primary" else "No diagnosis"
            j.add(
                "diagnosis.not_qualifying",
                "error",
                f"{which} {'is not' if r.position == 'primary' else 'is'} a qualifying {r.label} diagnosis.",
                "diagnoses",
                r.cite,
            )


def _check_recovery_plan(j: _Judge) -> None:
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
        if r.review_every_months is not None and dos > add_months(last, r.review_every_months):
            j.add(
                "plan.review_overdue",
                "error",
                f"The recovery plan was last reviewed on {last}; it must be "
                f"reviewed every {r.review_every_months} months.",
                "recovery_plan.last_reviewed_on",
                r.cite,
            )


def _check_overlap(j: _Judge, prior: Sequence[PriorLike]) -> None:
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


def _filing(j: _Judge, state: str, as_of: date | None) -> date | None:
    rules = j.rules.timely_filing
    if not rules:
        return None
    r = rules[0]
    deadline = filing_deadline(j.enc.service.date, r, state)
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
    svc = encounter.service
    return Prior(
        encounter_id=encounter.encounter_id,
        member_id=encounter.member.medicaid_id,
        rendering_npi=encounter.rendering.npi,
        date=svc.date,
        start_time=svc.start_time,
        end_time=svc.end_time,
        hcpcs=svc.hcpcs,
        modifiers=tuple(svc.modifiers),
        units=verdict.units,
        setting=svc.setting,
    )


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
