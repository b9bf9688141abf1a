"""When a pack revision ships: judge again the stored, not-yet-billed encounters the previous revision judged,
write each new verdict as a new version (audited), and list billed encounters whose verdict would now differ.
A billed claim is never changed here: staff decide on corrections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update

from billing import events, rejections
from billing.access import Actor
from billing.audit import event_row, record_many
from billing.db.connection import Database
from billing.db.models import Encounter as EncounterRow
from billing.db.models import EncounterVersion, new_id
from billing.intake import canonical, verdict_columns
from billing.rules import Registry, adjudicate
from billing.whatif.compare import Change, Judged, change_of
from billing.whatif.run import history_span
from billing.whatif.stored import Scope, Stored, replay_stored


@dataclass
class Rejudged:
    rejudged: list[Change] = field(default_factory=list)
    unchanged: int = 0
    billed_would_change: list[Change] = field(default_factory=list)


def _stale(item: Stored, registry: Registry) -> bool:
    """Judged by another revision of its state's pack than the one shipped now."""
    pack = registry.get(item.encounter.payer.state)
    revision = item.verdict.pack_revision
    return pack is not None and revision != pack.revision


def rejudge(db: Database, actor: Actor, scope: Scope, registry: Registry, dry_run: bool = False) -> Rejudged:
    """New verdicts, under `registry`, for the scope's encounters that an older pack revision judged; each as
    of the day it was first judged, so only the rules changed."""
    out = Rejudged()
    with db.writing() as s:
        at = datetime.now(UTC)
        writes: dict[str, list[dict[str, Any]]] = {"versions": [], "rows": [], "audit": [], "nos": []}

        def judge(item: Stored) -> int | None:
            if not _stale(item, registry):
                return None
            v = adjudicate(item.encounter, item.prior, item.as_of, registry)
            change = change_of(Judged(item.encounter.encounter_id, item.agency_id, item.encounter.service.date,
                                      item.payer_id, item.encounter.rendering.npi, item.verdict, v))
            if item.billed:  # billed as it was: its units stand; staff decide on a correction
                if change is not None:
                    out.billed_would_change.append(change)
                return None
            if change is None:
                out.unchanged += 1
            else:
                out.rejudged.append(change)
            _write(writes, actor, item, v, at)
            return v.units

        replay_stored(s, scope, history_span(registry), judge)
        if not dry_run:
            _flush(s, writes)
            s.commit()
    return out


def _write(w: dict[str, list[dict[str, Any]]], actor: Actor, item: Stored, v: Any, at: datetime) -> None:
    """A new version with the same payload and the new verdict (kind `rejudge`)."""
    payload, digest = canonical(item.encounter)
    version = item.version + 1
    w["versions"].append({"id": new_id(), "encounter_id": item.row_id, "version": version, "kind": "rejudge",
                          "payload": payload, "payload_hash": digest, "created_at": at,
                          "created_by": actor.key_id, "request_id": actor.request_id,
                          **verdict_columns(v, item.as_of or at.date())})
    w["rows"].append({"id": item.row_id, "version": version, "status": "billable" if v.billable else "not_billable",
                      "units": v.units, "expected_payment": v.expected_payment,
                      "filing_deadline": v.filing_deadline, "updated_at": at})
    w["audit"].append(event_row(actor, "encounter.rejudge", "encounter", item.encounter.encounter_id,
                                item.agency_id, {"version": version, "billable": v.billable,
                                                 "rule_pack": v.rule_pack.id if v.rule_pack else None}))
    if not v.billable:
        w["nos"].append((item, v, version))


def _flush(s: Any, w: dict[str, list[dict[str, Any]]]) -> None:
    if w["versions"]:
        s.execute(insert(EncounterVersion.__table__), w["versions"])
        s.execute(update(EncounterRow), w["rows"])
    record_many(s, w["audit"])
    events.judged(s, w["versions"], w["audit"])
    member = dict(s.execute(select(EncounterRow.id, EncounterRow.member_id).where(
        EncounterRow.id.in_([item.row_id for item, _, _ in w["nos"]]))).all()) if w["nos"] else {}
    rows = [r for item, v, version in w["nos"] for r in rejections.engine_rows(
        item.agency_id, item.encounter, v, item.row_id, version, member[item.row_id], datetime.now(UTC))]
    rejections.write(s, rows)
