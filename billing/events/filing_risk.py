"""`encounter.at_filing_risk`: an event when a billable encounter the payer has not accepted comes within N days
of its timely-filing deadline, once per encounter and deadline (a corrected encounter with a new deadline is
told again). `peerbill worker` (and `peerbill serve`'s job runner) queues it once a day as the `filing_watch`
job (PEERBILL_FILING_WATCH_DAYS); `peerbill at-risk --emit-events` runs it by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from billing.access import Actor
from billing.db.connection import Database
from billing.db.models import Agency
from billing.events.models import EventRow
from billing.events.outbox import emit
from billing.timelines import at_risk

TYPE = "encounter.at_filing_risk"
_WATCH = Actor(key_id="filing-watch", role="ehr")  # a system reader: its reads are no person's, so not audited
_PAGE = 500


def warn(db: Database, today: date, within_days: int = 30,
         progress: Callable[[int, int | None], None] | None = None) -> int:
    """Emit the event for every agency's (live and sandbox alike, each in its own feed) encounters newly at risk;
    the number emitted. `progress` hears (agencies done, agencies)."""
    with db.reading() as s:
        agencies = list(s.scalars(select(Agency.id).order_by(Agency.id)))
    emitted = 0
    for n, agency in enumerate(agencies):
        if progress:
            progress(n, len(agencies))
        emitted += _warn_agency(db, agency, today, within_days)
    if progress:
        progress(len(agencies), len(agencies))
    return emitted


def _warn_agency(db: Database, agency: str, today: date, within_days: int) -> int:
    emitted, after = 0, None
    while True:
        with db.writing() as s:
            items = at_risk(s, _WATCH, (agency,), within_days, today, limit=_PAGE, after=after)
            told = {(o, d.get("filing_deadline")) for o, d in s.execute(
                select(EventRow.object_id, EventRow.data).where(
                    EventRow.agency_id == agency, EventRow.type == TYPE,
                    EventRow.object_id.in_([i.id for i in items])))} if items else set()
            for i in items:
                if (i.id, i.filing_deadline.isoformat()) not in told:
                    emit(s, agency, TYPE, i.id, {
                        "encounter_id": i.id, "filing_deadline": i.filing_deadline.isoformat(),
                        "days_left": i.days_left, "service_date": i.service_date.isoformat(), "state": i.state,
                        "payer_id": i.payer_id, "expected_payment": i.expected_payment,
                        "claim_status": i.claim_status})
                    emitted += 1
            s.commit()
        if len(items) < _PAGE:
            return emitted
        last = items[-1]
        after = [last.filing_deadline.isoformat(), last.service_date.isoformat(), last.id, last.agency_id]
