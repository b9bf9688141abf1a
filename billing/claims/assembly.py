"""Claim assembly (pure): billable encounters become claims, and content rules are checked before any file.

One claim per member, payer, rendering peer, supervisor and prior authorization within a claim span (one
date of service by default, or a calendar month), at most 50 lines, one line per encounter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import ValidationError

from billing.rules import icd
from billing.x12.parse import gc_paused
from billing.x12.writer import WriteError, check_claim
from schemas.claims import (
    Claim,
    PayerParty,
    PostalAddress,
    RenderingProvider,
    ServiceLine,
    Subscriber,
    SupervisingProvider,
)
from schemas.encounter import Encounter
from schemas.identifiers import US_STATES, npi_valid

__all__ = ["US_STATES", "npi_valid"]  # re-exported: the build checks stored data with the same functions

MAX_LINES = 50
MAX_DIAGNOSES = 12  # 2300 HI holds twelve; SV107 points into them
Span = Literal["day", "month"]


@dataclass(frozen=True)
class Billable:
    """One judged, billable encounter ready for a claim line."""

    encounter_pk: str
    version: int
    encounter: Encounter
    units: int
    charge: Decimal  # for all units


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    path: str


class TooManyDiagnoses(ValueError):
    """A claim's encounters carry more diagnoses than one claim can (assemble never makes such a draft)."""


@dataclass(frozen=True)
class DraftClaim:
    """A claim before it has its control numbers: the encounters on it, in line order."""

    items: tuple[Billable, ...]


def check(b: Billable, today: date) -> list[Problem]:
    """The implementation guide's content rules a structural validator does not check."""
    e, out = b.encounter, []
    for path, npi in (
        ("rendering.npi", e.rendering.npi),
        ("supervisor.npi", e.supervisor.npi if e.supervisor else None),
    ):
        if npi is not None and not npi_valid(npi):
            out.append(Problem("claim.npi_check_digit", "The NPI's check digit is wrong.", path))
    if e.member.address.state not in US_STATES:
        out.append(Problem("claim.state_code", "Not a US state or territory code.", "member.address.state"))
    for i, code in enumerate(e.diagnoses):
        if icd.lookup(code, e.service.date).status == "not_billable":  # unknown is the engine's warning
            out.append(Problem("claim.diagnosis", "Not a valid billable ICD-10-CM code.", f"diagnoses[{i}]"))
    if e.service.date > today:
        out.append(Problem("claim.future_date", "The date of service is in the future.", "service.date"))
    if b.units <= 0 or b.charge <= 0:
        out.append(Problem("claim.nothing_to_bill", "No billable units or no charge.", "service.minutes"))
    return out


def _key(b: Billable, span: Span) -> tuple:
    e = b.encounter
    when = e.service.date if span == "day" else e.service.date.replace(day=1)
    sup = e.supervisor.npi if e.supervisor else None
    return (e.member.medicaid_id, e.payer.payer_id, e.rendering.npi, sup, e.prior_authorization, when)


def assemble(items: list[Billable], span: Span = "day") -> list[DraftClaim]:
    """Group billable encounters into claims (deterministic order: by member, then date)."""
    with gc_paused():  # see finalize_all
        return _assemble(items, span)


def _assemble(items: list[Billable], span: Span) -> list[DraftClaim]:
    groups: dict[tuple, list[Billable]] = defaultdict(list)
    for b in sorted(
        items,
        key=lambda b: (
            b.encounter.member.medicaid_id,
            b.encounter.service.date,
            b.encounter.service.start_time or date.min,
            b.encounter.encounter_id,
        ),
    ):
        groups[_key(b, span)].append(b)
    drafts = []
    for group in groups.values():
        drafts.extend(DraftClaim(chunk) for chunk in _chunks(group))
    return drafts


def own_diagnoses(b: Billable) -> list[str]:
    """The encounter's distinct diagnoses, normalized, in its order (at most twelve: the schema's limit)."""
    return list(dict.fromkeys(icd.normalize(c) for c in b.encounter.diagnoses))


def _chunks(group: list[Billable]) -> list[tuple[Billable, ...]]:
    """Consecutive runs of at most 50 lines whose diagnoses together stay within twelve, so that every line
    can point at its own encounter's diagnoses; an encounter that would push a claim past twelve starts the
    next claim."""
    out: list[tuple[Billable, ...]] = []
    chunk: list[Billable] = []
    seen: set[str] = set()
    for b in group:
        own = set(own_diagnoses(b))
        if chunk and (len(chunk) == MAX_LINES or len(seen | own) > MAX_DIAGNOSES):
            out.append(tuple(chunk))
            chunk, seen = [], set()
        chunk.append(b)
        seen |= own
    if chunk:
        out.append(tuple(chunk))
    return out


def _claim(
    chunk: tuple[Billable, ...],
    payer: PayerParty,
    control: str,
    frequency: str = "1",
    payer_claim_number: str | None = None,
) -> Claim:
    first = chunk[0].encounter
    diagnoses = list(dict.fromkeys(code for b in chunk for code in own_diagnoses(b)))
    if len(diagnoses) > MAX_DIAGNOSES:
        raise TooManyDiagnoses(f"the claim's encounters carry {len(diagnoses)} distinct diagnoses; at most "
                               f"{MAX_DIAGNOSES} fit one claim")
    lines = tuple(_line(b, diagnoses, f"{control}L{n}") for n, b in enumerate(chunk, 1))
    m, r, s = first.member, first.rendering, first.supervisor
    return Claim(
        claim_id=control,
        frequency=frequency,
        payer_claim_number=payer_claim_number,
        prior_authorization=first.prior_authorization,
        place_of_service=first.service.place_of_service,
        diagnoses=tuple(diagnoses),
        payer=payer,
        subscriber=Subscriber(
            first_name=m.first_name,
            last_name=m.last_name,
            member_id=m.medicaid_id,
            date_of_birth=m.date_of_birth,
            sex=m.sex,
            address=PostalAddress(**m.address.model_dump()),
        ),
        rendering=RenderingProvider(first_name=r.first_name, last_name=r.last_name, npi=r.npi, taxonomy=r.taxonomy),
        supervisor=SupervisingProvider(first_name=s.first_name, last_name=s.last_name, npi=s.npi) if s else None,
        lines=lines,
    )


def _line(b: Billable, diagnoses: list[str], control: str) -> ServiceLine:
    """SV107 points at the line's own encounter's first four diagnoses, never at another session's."""
    e = b.encounter
    own = [diagnoses.index(code) + 1 for code in own_diagnoses(b)]
    return ServiceLine(
        line_control=control,
        hcpcs=e.service.hcpcs,
        modifiers=tuple(e.service.modifiers),
        charge=b.charge,
        units=b.units,
        service_date=e.service.date,
        place_of_service=e.service.place_of_service,
        diagnosis_pointers=tuple(own[:4]),
    )


def finalize(
    draft: DraftClaim, payer: PayerParty, control: str, frequency: str = "1", payer_claim_number: str | None = None
) -> Claim:
    """The draft with its claim control number (CLM01) and line control numbers (REF*6R)."""
    return _claim(draft.items, payer, control, frequency, payer_claim_number)


def finalize_all(drafts: list[DraftClaim], payer: PayerParty, first: int, frequency: str = "1",
                 payer_claim_number: str | None = None) -> list[Claim]:
    """Each draft finalized, its claim control number PB + `first`, `first` + 1, ... (ten digits). The cyclic
    collector is paused meanwhile: a large build makes millions of acyclic objects that live on, and each of
    its full passes would traverse all made so far; measured, those passes made a build of 1,000,000 lines
    slower per line than one of 10,000."""
    with gc_paused():
        return [finalize(d, payer, f"PB{first + i:010d}", frequency, payer_claim_number)
                for i, d in enumerate(drafts)]


# --- what the 837P can carry ------------------------------------------------------------------------------

TRIAL_CONTROL = "PB0000000000"  # the shape of a real claim control number, for a trial write
# Where a writer error points, as the encounter field to correct (first matching prefix wins).
_PATHS = (("subscriber.member_id", "member.medicaid_id"), ("subscriber.", "member."),
          ("claim.prior_authorization", "prior_authorization"), ("claim.diagnoses", "diagnoses"),
          ("claim.lines[0].units", "service.minutes"), ("claim.lines[0].charge", "service.hcpcs"),
          ("claim.lines[0].", "service."), ("lines.0.", "service."), ("claim.", ""))


def write_problem(items: tuple[Billable, ...], payer: PayerParty, frequency: str = "1",
                  payer_claim_number: str | None = None) -> Problem | None:
    """Why these encounters, as one claim, cannot be written to an 837P (a name with no character from the
    X12 set, an identifier holding a delimiter, an amount too large), or None. Never raises for content."""
    try:
        check_claim(finalize(DraftClaim(items), payer, TRIAL_CONTROL, frequency, payer_claim_number))
    except WriteError as exc:
        return Problem("claim.x12_value", f"Cannot be written to the 837P: {exc.where} {exc.why}.",
                       _encounter_path(exc.where))
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        where = ".".join(map(str, first["loc"]))
        return Problem("claim.x12_value", f"Cannot be written to the 837P: {where}: {first['msg']}.",
                       _encounter_path(where))
    except TooManyDiagnoses as exc:
        return Problem("claim.diagnoses", f"{exc}.", "diagnoses")
    return None


def _encounter_path(where: str) -> str:
    for prefix, path in _PATHS:
        if where.startswith(prefix):
            return path + where[len(prefix):]
    return where


def writable(drafts: list[DraftClaim], payer: PayerParty) -> tuple[list[DraftClaim], list[tuple[Billable, Problem]]]:
    """The drafts with every encounter the 837P cannot carry taken out, each with its reason: one bad encounter
    never sinks its claim, let alone the file. Claims are tried whole first (the usual case costs one trial
    write each); only a failing claim is tried encounter by encounter."""
    with gc_paused():  # see finalize_all
        return _writable(drafts, payer)


def _writable(drafts: list[DraftClaim], payer: PayerParty
              ) -> tuple[list[DraftClaim], list[tuple[Billable, Problem]]]:
    out: list[DraftClaim] = []
    left_out: list[tuple[Billable, Problem]] = []
    for d in drafts:
        if write_problem(d.items, payer) is None:
            out.append(d)
            continue
        good = []
        for b in d.items:
            problem = write_problem((b,), payer)
            if problem is None:
                good.append(b)
            else:
                left_out.append((b, problem))
        if good and write_problem(tuple(good), payer) is None:
            out.append(DraftClaim(tuple(good)))
        else:  # only the claim as a whole overflows (its total charge): each encounter goes on its own claim
            out.extend(DraftClaim((b,)) for b in good)
    return out, left_out
