"""The X12 837P (005010X222A1) writer: one ClaimFile becomes one interchange. Pure: no clock, no I/O.

Delimiters: '*' element, ':' component, '^' repetition, '~' segment terminator followed by a line break.
Text is cleaned to the basic character set and cut to the element's maximum length (text.clean); a
required value that cleans to nothing, or an identifier too short for its element, is a WriteError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from billing.x12.text import amount, clean, d8, forget
from schemas.claims import (
    BillingProvider,
    Claim,
    ClaimFile,
    PayerParty,
    PostalAddress,
    RenderingProvider,
    ServiceLine,
    Subscriber,
    SupervisingProvider,
    TradingPartner,
)
from schemas.identifiers import identifier_problem

VERSION = "005010X222A1"
MAX_CLAIMS_PER_SET = 5000  # the guide's recommended ceiling of CLM per ST/SE
MAX_UNITS = 99_999_999  # SV104: at most eight digits
TERMINATOR = "~\n"
SBR = "SBR*P*18*******MC"  # primary payer, subscriber is the patient, Medicaid


class WriteError(ValueError):
    """A value the 837P cannot carry. Names the field, never its content (it may be PHI)."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")
        self.where, self.why = where, why


def seg(*elements: str) -> str:
    """One segment without its terminator; trailing empty elements are dropped, as X12 requires."""
    items = list(elements)
    while items and items[-1] == "":
        items.pop()
    return "*".join(items)


def text(value: str | None, max_len: int, where: str, min_len: int = 1, extra: str = "") -> str:
    """A required text element: cleaned, and at least `min_len` long afterwards."""
    out = clean(value or "", max_len, extra)
    if len(out) < min_len:
        raise WriteError(where, f"needs at least {min_len} characters from the X12 character set")
    return out


def ident(value: str | None, max_len: int, where: str, min_len: int = 1) -> str:
    """A required identifier (member id, claim number, authorization), sent exactly as given: never upper-cased
    or cleaned; a value that cannot travel unaltered is a WriteError instead."""
    out = value or ""
    if out.isalnum() and out.isascii() and min_len <= len(out) <= max_len:
        return out  # the hot path
    problem = identifier_problem(out)
    if problem:
        raise WriteError(where, problem)
    if not min_len <= len(out) <= max_len:
        raise WriteError(where, f"must be {min_len} to {max_len} characters long")
    return out


def optional(value: str | None, max_len: int, extra: str = "") -> str:
    return clean(value, max_len, extra) if value else ""


def code(value: str, where: str) -> str:
    """A code or number the schema checked with a pattern; its \\d also admits non-ASCII digits."""
    if not value.isascii():
        raise WriteError(where, "must be ASCII digits and letters")
    return value


def write_837p(f: ClaimFile) -> str:
    """The whole interchange: ISA, one GS, as many ST/SE as 5,000-claim chunks need, GE, IEA."""
    created = _utc(f.created)
    chunks = [f.claims[i:i + MAX_CLAIMS_PER_SET] for i in range(0, len(f.claims), MAX_CLAIMS_PER_SET)]
    if f.transaction_control + len(chunks) - 1 > 999_999_999:
        raise WriteError("transaction_control", "the transaction sets would run past ST02 999999999")
    header = [*_submitter(f.partner), *_receiver(f.partner), *_billing_provider(f.billing_provider)]
    out = [_isa(f, created), _gs(f, created)]
    try:
        for n, chunk in enumerate(chunks):
            out.extend(_transaction(f, chunk, f.transaction_control + n, created, header))
    finally:
        forget_cached()
    out.append(seg("GE", str(len(chunks)), str(f.group_control)))
    out.append(seg("IEA", "1", f"{f.isa_control:09d}"))
    out.append("")
    return TERMINATOR.join(out)


def forget_cached() -> None:
    """Drop the segments and texts remembered while writing (names, addresses): called when a file is done."""
    forget()
    for cached in (_address_segments, _person_segment):
        cached.cache_clear()


def check_claim(c: Claim) -> None:
    """Write one claim's segments and drop them: a WriteError names what the claim cannot carry, so a builder
    can leave that claim's encounters out instead of failing the whole file."""
    _claim(c, 2)


def check_envelope(partner: TradingPartner, provider: BillingProvider, payer: PayerParty) -> None:
    """The parts every claim of a file shares (submitter, receiver, billing provider, payer): a WriteError here
    is a settings problem of the agency or payer, not of any encounter."""
    _submitter(partner), _receiver(partner), _billing_provider(provider), _payer(payer)
    ident(partner.sender_id, 15, "partner.sender_id"), ident(partner.receiver_id, 15, "partner.receiver_id")
    ident(partner.gs_sender_id or partner.sender_id, 15, "partner.gs_sender_id", min_len=2)
    ident(partner.gs_receiver_id or partner.receiver_id, 15, "partner.gs_receiver_id", min_len=2)


def _utc(created: dt.datetime) -> dt.datetime:
    # A naive timestamp is taken as UTC, the project's convention for timestamps.
    return created.astimezone(dt.UTC) if created.tzinfo else created


def _isa(f: ClaimFile, created: dt.datetime) -> str:
    p = f.partner
    sender = ident(p.sender_id, 15, "partner.sender_id").ljust(15)
    receiver = ident(p.receiver_id, 15, "partner.receiver_id").ljust(15)
    return seg("ISA", "00", " " * 10, "00", " " * 10, p.sender_qualifier, sender, p.receiver_qualifier, receiver,
               f"{created:%y%m%d}", f"{created:%H%M}", "^", "00501", f"{f.isa_control:09d}", "0", p.usage, ":")


def _gs(f: ClaimFile, created: dt.datetime) -> str:
    p = f.partner
    sender = ident(p.gs_sender_id or p.sender_id, 15, "partner.gs_sender_id", min_len=2)
    receiver = ident(p.gs_receiver_id or p.receiver_id, 15, "partner.gs_receiver_id", min_len=2)
    return seg("GS", "HC", sender, receiver, d8(created), f"{created:%H%M}", str(f.group_control), "X", VERSION)


def _transaction(f: ClaimFile, claims: Sequence[Claim], control: int, created: dt.datetime,
                 header: list[str]) -> list[str]:
    st = f"{control:04d}"
    out = [seg("ST", "837", st, VERSION),
           seg("BHT", "0019", "00", f"{f.isa_control}-{st}", d8(created), f"{created:%H%M}", "CH"), *header]
    for hl, claim in enumerate(claims, 2):
        out += _claim(claim, hl)
    out.append(seg("SE", str(len(out) + 1), st))
    return out


def _submitter(p: TradingPartner) -> list[str]:
    per = ["PER", "IC", text(p.contact_name, 60, "partner.contact_name"), "TE",
           code(p.contact_phone, "partner.contact_phone")]
    if p.contact_email:
        per += ["EM", text(p.contact_email, 256, "partner.contact_email", extra="@_")]
    return [seg("NM1", "41", "2", text(p.submitter_name, 60, "partner.submitter_name"), "", "", "", "", "46",
                ident(p.submitter_id, 80, "partner.submitter_id", min_len=2)),
            seg(*per)]


def _receiver(p: TradingPartner) -> list[str]:
    receiver = ident(p.gs_receiver_id or p.receiver_id, 80, "partner.receiver_id", min_len=2)
    return [seg("NM1", "40", "2", text(p.receiver_name, 60, "partner.receiver_name"), "", "", "", "", "46", receiver)]


def _billing_provider(b: BillingProvider) -> list[str]:
    if len(b.address.zip) != 9:
        raise WriteError("billing_provider.address.zip", "the billing provider's ZIP code must have nine digits")
    return [seg("HL", "1", "", "20", "1"),
            seg("PRV", "BI", "PXC", b.taxonomy),
            seg("NM1", "85", "2", text(b.name, 60, "billing_provider.name"), "", "", "", "", "XX",
                code(b.npi, "billing_provider.npi")),
            *_address(b.address, "billing_provider.address"),
            seg("REF", "EI", code(b.tax_id, "billing_provider.tax_id"))]


def _address(a: PostalAddress, where: str) -> tuple[str, str]:
    return _address_segments(a.line1, a.line2, a.city, a.state, a.zip, where)


@lru_cache(maxsize=16384)  # members, peers and payers recur across a file's claims; cleared when the file is done
def _address_segments(line1: str, line2: str | None, city: str, state: str, zip_: str, where: str) -> tuple[str, str]:
    return (seg("N3", text(line1, 55, f"{where}.line1"), optional(line2, 55)),
            seg("N4", text(city, 30, f"{where}.city", min_len=2), state, code(zip_, f"{where}.zip")))


def _person(entity: str, who: Subscriber | RenderingProvider | SupervisingProvider, where: str,
            qualifier: str, number: str) -> str:
    return _person_segment(entity, who.last_name, who.first_name, where, qualifier, number)


@lru_cache(maxsize=16384)
def _person_segment(entity: str, last: str, first: str | None, where: str, qualifier: str, number: str) -> str:
    return seg("NM1", entity, "1", text(last, 60, f"{where}.last_name"), optional(first, 35), "", "", "", qualifier,
               number)


def _claim(c: Claim, hl: int) -> list[str]:
    """2000B subscriber (one per claim: the subscriber is the patient), 2010BA/BB, 2300 and its lines."""
    s = c.subscriber
    out = [seg("HL", str(hl), "1", "22", "0"), SBR,
           _person("IL", s, "subscriber", "MI", ident(s.member_id, 80, "subscriber.member_id", min_len=2)),
           *_address(s.address, "subscriber.address"), seg("DMG", "D8", d8(s.date_of_birth), s.sex), _payer(c.payer),
           *_claim_info(c), _person("82", c.rendering, "rendering", "XX", code(c.rendering.npi, "rendering.npi")),
           seg("PRV", "PE", "PXC", c.rendering.taxonomy)]
    if c.supervisor:
        out.append(_person("DQ", c.supervisor, "supervisor", "XX", code(c.supervisor.npi, "supervisor.npi")))
    place, diagnoses = c.place_of_service, len(c.diagnoses)
    for n, line in enumerate(c.lines, 1):
        out += _line(line, n, place, diagnoses)
    return out


def _payer(p: PayerParty) -> str:
    return _payer_segment(p.name, p.payer_id)


@lru_cache(maxsize=1024)
def _payer_segment(name: str, payer_id: str) -> str:
    return seg("NM1", "PR", "2", text(name, 60, "payer.name"), "", "", "", "", "PI",
               ident(payer_id, 80, "payer.payer_id", min_len=2))


def _claim_info(c: Claim) -> list[str]:
    """CLM, the REFs in the guide's order (G1 before F8), then HI."""
    out = [seg("CLM", ident(c.claim_id, 38, "claim.claim_id"), _money(c.total, "claim.total"), "", "",
               f"{code(c.place_of_service, 'claim.place_of_service')}:B:{c.frequency}", "Y", "A", "Y", "Y")]
    if c.prior_authorization:
        out.append(seg("REF", "G1", ident(c.prior_authorization, 50, "claim.prior_authorization")))
    if c.frequency in ("7", "8"):
        out.append(seg("REF", "F8", ident(c.payer_claim_number, 50, "claim.payer_claim_number")))
    out.append(seg("HI", *(f"{'ABK' if i == 0 else 'ABF'}:{_diagnosis(d, i)}" for i, d in enumerate(c.diagnoses))))
    return out


@lru_cache(maxsize=16384)
def _diagnosis(code: str, i: int) -> str:
    # ICD-10-CM travels without its dot; a stray one is dropped rather than rejected.
    return text(code.replace(".", ""), 30, f"claim.diagnoses[{i}]", min_len=3)


def _line(line: ServiceLine, n: int, claim_place: str, diagnoses: int) -> tuple[str, str, str, str]:
    """LX, SV1, DTP*472, REF*6R: the hot path, so formatting is memoised and error paths are built lazily."""
    v = line.__dict__  # the frozen model's fields: a dict lookup each instead of an attribute lookup
    control = v["line_control"]
    try:
        sv1 = _sv1(v["hcpcs"], v["modifiers"], v["charge"], v["units"], v["place_of_service"],
                   v["diagnosis_pointers"], claim_place, diagnoses)
        if not (control.isalnum() and control.isascii() and len(control) <= 50):
            control = ident(control, 50, "line_control")
    except WriteError as exc:
        raise WriteError(f"claim.lines[{n - 1}].{exc.where}", exc.why) from None
    return _LX[n] if n < len(_LX) else f"LX*{n}", sv1, _dtp(v["service_date"]), f"REF*6R*{control}"


_LX = tuple(f"LX*{n}" for n in range(100))


@lru_cache(maxsize=8192)
def _dtp(day: dt.date) -> str:
    return f"DTP*472*D8*{d8(day)}"


@lru_cache(maxsize=65536)  # lines of a file repeat the same code, units, charge and pointers
def _sv1(hcpcs: str, modifiers: tuple[str, ...], charge: Decimal, units: int, place: str,
         pointers: tuple[int, ...], claim_place: str, diagnoses: int) -> str:
    """SV105 only when the line's place of service differs from the claim's (the guide's rule)."""
    if units > MAX_UNITS:
        raise WriteError("units", "more than eight digits")
    if min(pointers) < 1 or max(pointers) > min(diagnoses, 12):
        raise WriteError("diagnosis_pointers", "points outside the claim's diagnoses")
    place = code(place, "place_of_service") if place != claim_place else ""
    return (f"SV1*{_procedure(hcpcs, modifiers)}*{_money(charge, 'charge')}*UN*{units}"
            f"*{place}**{_pointers(pointers)}")


@lru_cache(maxsize=4096)
def _procedure(hcpcs: str, modifiers: tuple[str, ...]) -> str:
    mods = [text(m, 2, "modifiers", min_len=2) for m in modifiers]
    return ":".join(("HC", code(hcpcs, "hcpcs"), *mods))


@lru_cache(maxsize=1024)
def _pointers(pointers: tuple[int, ...]) -> str:
    return ":".join(map(str, pointers))


def _money(value: Decimal, where: str) -> str:
    try:
        return amount(value)
    except ValueError as exc:
        raise WriteError(where, str(exc)) from None
