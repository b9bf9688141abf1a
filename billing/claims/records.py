"""Payers, claim files and claims as the API shows them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from billing.access import AccessError, Actor, InvalidFields
from billing.audit import record
from billing.db.models import Agency, ClaimFileRow, ClaimLineRow, ClaimRow, PayerConfig
from billing.db.models import Encounter as EncounterRow
from schemas.api import ClaimFileOut, ClaimLineOut, ClaimOut, PayerIn, PayerOut, PayerPatch
from schemas.claims import TradingPartner
from schemas.problems import FieldError, field_errors


def create_payer(s: Session, actor: Actor, data: PayerIn) -> PayerOut:
    agency = actor.agency_for_billing()
    _check_partner(data.partner, _is_sandbox(s, agency))
    row = PayerConfig(agency_id=agency, payer_id=data.payer_id, name=data.name, state=data.state,
                      program=data.program, claim_span=data.claim_span, partner=data.partner, charges=data.charges,
                      created_at=datetime.now(UTC))
    s.add(row)
    try:
        s.flush()
    except IntegrityError:
        raise AccessError(409, f"payer {data.payer_id} is already set up for this agency") from None
    record(s, actor, "payer.create", "payer", row.id, agency)
    return payer_out(row)


def _is_sandbox(s: Session, agency: str) -> bool:
    return s.scalar(select(Agency.sandbox_of).where(Agency.id == agency)) is not None


def _check_partner(partner: dict[str, Any], sandbox: bool) -> None:
    """Valid trading-partner settings; a sandbox's payer is a test payer (ISA15 T), never production."""
    try:
        tp = TradingPartner.model_validate(partner)
    except ValidationError as exc:
        raise InvalidFields(field_errors(exc, ("partner",))) from None
    if sandbox and tp.usage != "T":
        raise InvalidFields([FieldError(path="partner.usage", problem="a test key's payers are test payers (T): "
                                        "production is set on the live agency's payer")])


def update_payer(s: Session, actor: Actor, payer_ref: str, patch: PayerPatch) -> PayerOut:
    """A partial update (billing keys: their agency's payers; admins: any live agency's), checked whole, audited
    with the fields changed."""
    row = s.get(PayerConfig, payer_ref, with_for_update=True)
    scope = None if actor.role == "admin" else actor.agency_ids
    sandbox = row is not None and _is_sandbox(s, row.agency_id)
    if row is None or (scope is not None and row.agency_id not in scope) or sandbox != actor.test:
        raise AccessError(404, f"no payer {payer_ref}")
    sent = patch.model_dump(exclude_unset=True)
    current = payer_out(row).model_dump(include=set(PayerIn.model_fields))
    if isinstance(sent.get("partner"), dict):
        sent["partner"] = {**row.partner, **sent["partner"]}
    try:
        merged = PayerIn.model_validate({**current, **sent})
    except ValidationError as exc:
        raise InvalidFields(field_errors(exc)) from None
    _check_partner(merged.partner, sandbox)
    changed = sorted(k for k in sent if getattr(merged, k) != current[k])
    before = TradingPartner.model_validate(row.partner).usage
    for k in changed:
        setattr(row, k, getattr(merged, k))
    try:
        s.flush()
    except IntegrityError:
        raise AccessError(409, f"payer {merged.payer_id} is already set up for this agency") from None
    detail: dict[str, Any] = {"fields": changed}
    if before != (after := TradingPartner.model_validate(merged.partner).usage):
        detail["usage"] = {"from": before, "to": after}
    if changed:
        record(s, actor, "payer.update", "payer", row.id, row.agency_id, detail)
    return payer_out(row)


def payer_out(p: PayerConfig) -> PayerOut:
    return PayerOut(id=p.id, agency_id=p.agency_id, payer_id=p.payer_id, name=p.name, state=p.state, program=p.program,  # type: ignore[arg-type]
                    claim_span=p.claim_span, partner=p.partner, charges=p.charges, created_at=p.created_at)  # type: ignore[arg-type]


def list_payers(s: Session, agencies: tuple[str, ...] | None, after: str | None = None, limit: int = 1000,
                test: bool = False) -> list[PayerOut]:
    """In the order they were set up (ids are time-ordered); `after`: the id of the previous page's last;
    `agencies` None: every agency's (admins)."""
    q = select(PayerConfig)
    if agencies is not None:
        q = q.where(PayerConfig.agency_id.in_(agencies))
    if not test:  # a live key never sees a sandbox's payers (nor a test key a live one's: its agency is a sandbox)
        q = q.where(PayerConfig.agency_id.not_in(select(Agency.id).where(Agency.sandbox_of.is_not(None))))
    if after is not None:
        q = q.where(PayerConfig.id > after)
    return [payer_out(p) for p in s.scalars(q.order_by(PayerConfig.id).limit(limit))]


def claim_file(s: Session, agencies: tuple[str, ...], file_id: str) -> ClaimFileRow:
    row = s.get(ClaimFileRow, file_id)
    if row is None or row.agency_id not in agencies:
        raise AccessError(404, f"no claim file {file_id}")
    return row


def read_file_content(s: Session, actor: Actor, agencies: tuple[str, ...], file_id: str) -> ClaimFileRow:
    """A claim file to hand out whole (its 837P names every patient): a person's read is audited."""
    f = claim_file(s, agencies, file_id)
    if actor.is_person:
        record(s, actor, "claim_file.read", "claim_file", f.id, f.agency_id)
    return f


def file_out(f: ClaimFileRow) -> ClaimFileOut:
    return ClaimFileOut(id=f.id, payer=f.payer_ref, isa_control=f.isa_control, group_control=f.group_control,
                        first_st_control=f.first_st_control, transaction_sets=f.transaction_sets,
                        claims=f.claim_count, lines=f.line_count, total_charge=str(f.total_charge), sha256=f.sha256,
                        status=f.status, created_at=f.created_at, created_by=f.created_by)


def claim_out(s: Session, agencies: tuple[str, ...], claim_id: str) -> ClaimOut:
    c = s.get(ClaimRow, claim_id)
    if c is None or c.agency_id not in agencies:
        raise AccessError(404, f"no claim {claim_id}")
    rows = s.execute(select(ClaimLineRow, EncounterRow.external_id)
                     .join(EncounterRow, EncounterRow.id == ClaimLineRow.encounter_id)
                     .where(ClaimLineRow.claim_id == c.id).order_by(ClaimLineRow.line_number)).all()
    lines = [ClaimLineOut(line_number=ln.line_number, line_control=ln.line_control, encounter_id=ext,
                          encounter_version=ln.encounter_version, hcpcs=ln.hcpcs,
                          modifiers=ln.modifiers.split(":") if ln.modifiers else [], units=ln.units,
                          charge=str(ln.charge), service_date=ln.service_date, status=ln.status, active=ln.active)
             for ln, ext in rows]
    return ClaimOut(id=c.id, file_id=c.file_id, claim_control=c.claim_control, frequency=c.frequency,
                    replaces_claim_id=c.replaces_claim_id, payer_claim_number=c.payer_claim_number,
                    total_charge=str(c.total_charge), status=c.status, active=c.active, created_at=c.created_at,
                    lines=lines)
