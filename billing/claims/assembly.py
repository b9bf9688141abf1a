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

from billing.rules import icd
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

MAX_LINES = 50
US_STATES = frozenset(
    [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
        "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
        "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI",
    ]
)
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


@dataclass(frozen=True)
class DraftClaim:
    """A claim before it has its control numbers: the encounters on it, in line order."""

    items: tuple[Billable, ...]


def npi_valid(npi: str) -> bool:
    """The NPI check digit (Luhn over the 80840 prefix)."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed("80840" + npi)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


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
        for start in range(0, len(group), MAX_LINES):
            drafts.append(DraftClaim(tuple(group[start : start + MAX_LINES])))
    return drafts


def _claim(
    chunk: tuple[Billable, ...],
    payer: PayerParty,
    control: str,
    frequency: str = "1",
    payer_claim_number: str | None = None,
) -> Claim:
    first = chunk[0].encounter
    diagnoses: list[str] = []
    for b in chunk:
        for code in b.encounter.diagnoses:
            if icd.normalize(code) not in diagnoses and len(diagnoses) < 12:
                diagnoses.append(icd.normalize(code))
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
    e = b.encounter
    own = [diagnoses.index(icd.normalize(c)) + 1 for c in e.diagnoses if icd.normalize(c) in diagnoses]
    return ServiceLine(
        line_control=control,
        hcpcs=e.service.hcpcs,
        modifiers=tuple(e.service.modifiers),
        charge=b.charge,
        units=b.units,
        service_date=e.service.date,
        place_of_service=e.service.place_of_service,
        diagnosis_pointers=tuple(own[:4]) or (1,),
    )


def finalize(
    draft: DraftClaim, payer: PayerParty, control: str, frequency: str = "1", payer_claim_number: str | None = None
) -> Claim:
    """The draft with its claim control number (CLM01) and line control numbers (REF*6R)."""
    return _claim(draft.items, payer, control, frequency, payer_claim_number)
