"""The synthetic payer of test mode: it answers every claim file built in a sandbox with a 999, a 277CA and an
835, which go through the same ingestion as a real payer's files (so claims move, rejections are recorded and
events and webhooks fire).

What it answers is chosen by the EHR's encounter ids, which the integrator controls:
- an encounter id ending in `-reject`: the 277CA rejects its claim (A7, status 562: entity's NPI);
- an encounter id ending in `-deny`: the 835 denies its line (CO-96, non-covered charge); the claim's other
  lines are paid (a partial payment), or the whole claim is denied when every line is;
- anything else: the line is paid in full (its charge).
A replacement (frequency 7) is answered with a reversal of the earlier claim's payment (when it was paid) and a
payment of the new claim; a void (frequency 8) with the reversal alone.

A live agency's file never gets here: `answer_file` refuses a file whose agency is not a sandbox.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.access import Actor
from billing.db.connection import Database
from billing.db.models import Agency, ClaimEvent, ClaimFileRow, ClaimLineRow, ClaimRow, PayerConfig
from billing.db.models import Encounter as EncounterRow
from billing.ingest import Ingestor
from billing.x12.payer_sim import Outcome, ack_999, batch_trace, remit_835, status_277ca
from billing.x12.reader import read_837p
from schemas.claims import Claim, TradingPartner

REJECT_SUFFIX = "-reject"
DENY_SUFFIX = "-deny"
PAYER_KEY = "sandbox-payer"  # the actor of the synthetic payer's ingestions in the audit trail
_PAID = ("paid", "partially_paid")


@dataclass(frozen=True)
class _Answer:
    """What one claim file gets back: per transaction set its claims; reversals of earlier claims."""

    sets: dict[int, list[tuple[Claim, Outcome]]]
    paid: list[tuple[Claim, Outcome]]
    reversals: list[tuple[Claim, Outcome]]


def outcome(claim: Claim, encounter_ids: dict[str, str]) -> Outcome:
    """The payer's decision on a claim, from the encounter ids of its lines (keyed by line control number)."""
    ids = [encounter_ids.get(line.line_control, "") for line in claim.lines]
    if any(i.endswith(REJECT_SUFFIX) for i in ids):
        return Outcome(accept=False)
    return Outcome(deny_lines=tuple(n for n, i in enumerate(ids) if i.endswith(DENY_SUFFIX)))


def answer_file(db: Database, actor: Actor, file_id: str) -> list[str]:
    """Answer a sandbox claim file: the ids of the responses ingested (999s, 277CAs, then the 835)."""
    with db.reading() as s:
        f = s.get(ClaimFileRow, file_id)
        agency = s.get(Agency, f.agency_id) if f else None
        if f is None or agency is None or agency.sandbox_of is None:
            raise ValueError(f"claim file {file_id} is not a sandbox's: the synthetic payer answers test files only")
        partner = TradingPartner.model_validate(s.get(PayerConfig, f.payer_ref).partner)  # type: ignore[union-attr]
        answer, npi = _decide(s, f), agency.npi
    payer, us = partner.receiver_id, partner.sender_id
    files = [ack_999(f.group_control, st, True, payer, us, n=f.isa_control) for st in sorted(answer.sets)]
    files += [status_277ca(claims, payer, us, batch_trace(f.isa_control, st), n=f.isa_control, npi=npi)
              for st, claims in sorted(answer.sets.items())]
    if answer.paid or answer.reversals:
        files.append(remit_835(answer.paid, payer, us, datetime.now(UTC).date(), n=f.isa_control,
                               reversals=answer.reversals, npi=npi))
    who = Actor(key_id=PAYER_KEY, role="billing", agency_ids=(f.agency_id,), request_id=actor.request_id,
                test=True)
    ingestor = Ingestor(db)
    return [ingestor.ingest(who, text).response_id for text in files]


def _decide(s: Session, f: ClaimFileRow) -> _Answer:
    sent = {c.claim_id: c for c in read_837p(f.content).claims}
    rows = list(s.scalars(select(ClaimRow).where(ClaimRow.file_id == f.id).order_by(ClaimRow.claim_control)))
    ids = _encounter_ids(s, [r.id for r in rows])
    sets: dict[int, list[tuple[Claim, Outcome]]] = defaultdict(list)
    paid, reversals = [], []
    for row in rows:
        claim = sent[row.claim_control]
        decision = outcome(claim, ids)
        sets[row.st_control or f.first_st_control].append((claim, decision))
        if row.replaces_claim_id is not None and (earlier := _paid_claim(s, row.replaces_claim_id)) is not None:
            reversals.append(earlier)
        if decision.accept and row.frequency != "8":
            paid.append((claim, decision))
    return _Answer(dict(sets), paid, reversals)


def _encounter_ids(s: Session, claim_ids: list[str]) -> dict[str, str]:
    """The EHR's encounter id of every line of these claims, by line control number."""
    q = (select(ClaimLineRow.line_control, EncounterRow.external_id)
         .join(EncounterRow, EncounterRow.id == ClaimLineRow.encounter_id)
         .where(ClaimLineRow.claim_id.in_(claim_ids)))
    return {line: ext for line, ext in s.execute(q)}


def _paid_claim(s: Session, claim_id: str) -> tuple[Claim, Outcome] | None:
    """An earlier claim with the payment it got, when its last word from the payer was a payment."""
    last = s.scalars(select(ClaimEvent.status).where(ClaimEvent.claim_id == claim_id, ClaimEvent.line_id.is_(None),
                                                     ClaimEvent.response_id.is_not(None))
                     .order_by(ClaimEvent.id.desc()).limit(1)).first()
    if last not in _PAID:
        return None
    row = s.get(ClaimRow, claim_id)
    assert row is not None
    content = s.scalar(select(ClaimFileRow.content).where(ClaimFileRow.id == row.file_id))
    claim = next(c for c in read_837p(content or "").claims if c.claim_id == row.claim_control)
    return claim, outcome(claim, _encounter_ids(s, [claim_id]))
