"""Building claim files: pick billable encounters, assemble claims, number and write them, in one transaction.

Nothing billed twice: the encounters are locked (FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite) and
must have no claim line yet; each gets one active line, which a partial unique index also guarantees.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from billing import events
from billing.access import AccessError, Actor
from billing.audit import event_row, record_many
from billing.claims.assembly import (
    Billable,
    DraftClaim,
    Problem,
    assemble,
    check,
    finalize_all,
    npi_valid,
    writable,
    write_problem,
)
from billing.db.connection import Database
from billing.db.models import (
    Agency,
    ClaimFileRow,
    ClaimLineRow,
    ClaimRow,
    ControlCounter,
    EncounterVersion,
    PayerConfig,
    new_id,
)
from billing.db.models import Encounter as EncounterRow
from billing.sandbox import answer_file
from billing.x12.writer import MAX_CLAIMS_PER_SET, WriteError, check_envelope, write_837p
from schemas.claims import BillingProvider, Claim, ClaimFile, PayerParty, PostalAddress, TradingPartner
from schemas.encounter import Encounter

MAX_CLAIMS_PER_FILE = 50_000  # ten transaction sets of 5,000
PROGRESS_EVERY = 1000  # candidate encounters read between two progress reports of a build


@dataclass
class BuildResult:
    file_id: str | None
    claims: int = 0
    lines: int = 0
    excluded: list[dict[str, Any]] = field(default_factory=list)
    corrected: list[dict[str, str]] = field(default_factory=list)  # billed, then corrected: needs a replacement
    sandbox: bool = False  # built in a sandbox (test mode): ISA15 T, answered by the synthetic payer
    responses: list[str] = field(default_factory=list)  # the synthetic payer's answers, ingested


@dataclass(frozen=True)
class _Adjust:
    """A replacement (7) or void (8) of an earlier claim."""

    frequency: str
    replaces: str
    payer_claim_number: str


@dataclass
class Preview:
    """A build's dry run: per claim, its lines as (encounter id, date of service, units, charge)."""

    claims: list[list[tuple[str, date, int, Decimal | None]]]
    excluded: list[dict[str, Any]]
    corrected: list[dict[str, str]]


class BuildError(Exception):
    """The build cannot run at all (bad agency or payer settings): nothing is written."""


# A stored billable encounter, its payload, its charge (None: unknown) and the claim form its verdict names.
Candidate = tuple[EncounterRow, Encounter, Decimal | None, str | None]


def next_control(s: Session, agency: str, kind: str, count: int = 1) -> int:
    """Reserve `count` consecutive control numbers; the first is returned. Safe under concurrent builds."""
    row = s.scalars(select(ControlCounter).where(ControlCounter.agency_id == agency, ControlCounter.kind == kind)
                    .with_for_update()).first()
    if row is None:
        row = ControlCounter(agency_id=agency, kind=kind, value=0)
        s.add(row)
        s.flush()
    first = row.value + 1
    row.value += count
    if row.value > 999_999_999:
        raise BuildError(f"{kind} control numbers are exhausted for this agency")
    return first


def billing_provider(a: Agency) -> BillingProvider:
    if not npi_valid(a.npi):
        raise BuildError("the agency's NPI has a wrong check digit")
    if len(a.zip) != 9:
        raise BuildError("the agency's ZIP must be ZIP+4 (nine digits) for the 837P billing provider")
    return BillingProvider(name=a.name, npi=a.npi, tax_id=a.tax_id, taxonomy=a.taxonomy,
                           address=PostalAddress(line1=a.address_line1, line2=a.address_line2, city=a.city,
                                                 state=a.state, zip=a.zip))


def _check_envelope(payer: PayerConfig, provider: BillingProvider, party: PayerParty) -> None:
    """The agency's and payer's settings every claim shares: a value the 837P cannot carry stops the build."""
    try:
        check_envelope(TradingPartner.model_validate(payer.partner), provider, party)
    except WriteError as exc:
        raise BuildError(f"the payer or agency settings cannot be written to an 837P: {exc.where} {exc.why}") \
            from None


class ClaimBuilder:
    def __init__(self, db: Database, today: Any = lambda: datetime.now(UTC).date()):
        self.db = db
        self.today = today

    def build(self, actor: Actor, payer_ref: str, date_from: date | None = None, date_to: date | None = None,
              encounter_ids: list[str] | None = None,
              then: Callable[[Session, BuildResult], None] | None = None,
              progress: Callable[[int, int | None], None] | None = None) -> BuildResult:
        """Build and commit; `then` runs in the build's transaction before the commit (a job records its
        outcome there, so the file and the job's `done` commit together or not at all). `progress` hears how
        many candidate encounters have been read, every PROGRESS_EVERY of them; it must not write through this
        database's SQLite writer, which the build holds."""
        agency = actor.agency_for_billing()
        with self.db.writing() as s:
            result = self._build(s, actor, agency, payer_ref, date_from, date_to, encounter_ids, progress)
            if then is not None:
                then(s, result)
            s.commit()
        return self._answer(actor, result)

    def count(self, actor: Actor, payer_ref: str, date_from: date | None = None, date_to: date | None = None,
              encounter_ids: list[str] | None = None) -> int:
        """How many encounters a build would consider (billable, on no claim yet), without locking them."""
        agency = actor.agency_for_billing()
        with self.db.reading() as s:
            payer = s.get(PayerConfig, payer_ref)
            if payer is None or payer.agency_id != agency:
                raise AccessError(404, f"no payer {payer_ref}")
            conds = self._candidate_conditions(agency, payer, date_from, date_to, encounter_ids)
            return int(s.scalar(select(func.count()).select_from(EncounterRow).where(*conds)) or 0)

    def adjust(self, actor: Actor, claim_id: str, frequency: str, payer_claim_number: str | None) -> BuildResult:
        """Replace (7) or void (8) a claim already sent, in a new file; the old claim becomes inactive."""
        agency = actor.agency_for_billing()
        with self.db.writing() as s:
            old = s.scalars(select(ClaimRow).where(ClaimRow.id == claim_id, ClaimRow.agency_id == agency)
                            .with_for_update()).first()
            if old is None:
                raise AccessError(404, f"no claim {claim_id}")
            if not old.active:
                raise AccessError(409, f"claim {claim_id} was already {old.status}")
            pcn = payer_claim_number or old.payer_claim_number
            if not pcn:
                raise AccessError(422, "the payer's claim control number is not known yet (it comes with the "
                                  "277CA or 835); give payer_claim_number")
            result = self._adjust(s, actor, agency, old, _Adjust(frequency, old.id, pcn))
            s.commit()
        return self._answer(actor, result)

    def _answer(self, actor: Actor, result: BuildResult) -> BuildResult:
        """A sandbox's file is answered by the synthetic payer at once (after the build's own commit, as a payer's
        files would come in); a live file goes nowhere from here."""
        if result.sandbox and result.file_id is not None:
            result.responses = answer_file(self.db, actor, result.file_id)
        return result

    def _adjust(self, s: Session, actor: Actor, agency: str, old: ClaimRow, adj: _Adjust) -> BuildResult:
        payer = s.get(PayerConfig, old.payer_ref)
        assert payer is not None
        provider = billing_provider(s.get(Agency, agency))  # type: ignore[arg-type]
        lines = s.scalars(select(ClaimLineRow).where(ClaimLineRow.claim_id == old.id)
                          .order_by(ClaimLineRow.line_number)).all()
        items = []
        for line in lines:
            row = s.get(EncounterRow, line.encounter_id)
            assert row is not None
            # A replacement carries each encounter as it is now; a void repeats what was billed.
            version = row.version if adj.frequency == "7" and row.status != "void" else line.encounter_version
            v = s.scalars(select(EncounterVersion).where(EncounterVersion.encounter_id == row.id,
                                                         EncounterVersion.version == version)).one()
            if adj.frequency == "7" and row.status == "void":
                continue
            items.append(Billable(row.id, version, Encounter.model_validate_json(v.payload),
                                  v.units or line.units, v.expected_payment or line.charge))
        if not items:
            raise AccessError(409, "every encounter on the claim is void: void the claim instead")
        party = PayerParty(name=payer.name, payer_id=payer.payer_id)
        _check_envelope(payer, provider, party)
        problem = write_problem(tuple(items), party, adj.frequency, adj.payer_claim_number)
        if problem is not None:
            raise AccessError(422, f"{problem.message} (field {problem.path})")
        old.active, old.status = False, "replaced" if adj.frequency == "7" else "voided"
        s.execute(update(ClaimLineRow).where(ClaimLineRow.claim_id == old.id).values(active=False))
        s.flush()
        result = BuildResult(file_id=None)
        result.file_id = self._write(s, actor, agency, payer, provider, party, [DraftClaim(tuple(items))], result, adj)
        if adj.frequency == "8":
            events.emit(s, agency, "claim.voided", old.id, {"claim_id": old.id, "claim_control": old.claim_control,
                                                            "file_id": result.file_id,
                                                            "payer_claim_number": adj.payer_claim_number})
        return result

    def _build(self, s: Session, actor: Actor, agency: str, payer_ref: str, date_from: date | None,
               date_to: date | None, encounter_ids: list[str] | None,
               progress: Callable[[int, int | None], None] | None = None) -> BuildResult:
        payer = s.get(PayerConfig, payer_ref)
        if payer is None or payer.agency_id != agency:
            raise AccessError(404, f"no payer {payer_ref}")
        provider = billing_provider(s.get(Agency, agency))  # type: ignore[arg-type]
        party = PayerParty(name=payer.name, payer_id=payer.payer_id)
        _check_envelope(payer, provider, party)
        result = BuildResult(file_id=None)
        rows = self._candidates(s, agency, payer, date_from, date_to, encounter_ids, progress=progress)
        billables = self._sort(rows, result)
        drafts = _writable(billables, payer, party, result)
        if drafts:
            result.file_id = self._write(s, actor, agency, payer, provider, party, drafts, result,
                                         member_of={r.id: r.member_id for r, *_ in rows})
        result.corrected = self._corrected_since_billed(s, agency, payer)
        record_many(s, [event_row(actor, "claim.exclude", "encounter", x["encounter_id"], agency,
                                  {"codes": [f["code"] for f in x["findings"]]}) for x in result.excluded])
        return result

    def preview(self, actor: Actor, payer_ref: str, date_from: date | None = None, date_to: date | None = None
                ) -> Preview:
        """What a build would bill now, claim by claim, and what it would leave out and why; writes nothing."""
        agency = actor.agency_for_billing()
        with self.db.reading() as s:
            payer = s.get(PayerConfig, payer_ref)
            if payer is None or payer.agency_id != agency:
                raise AccessError(404, f"no payer {payer_ref}")
            result = BuildResult(file_id=None)
            rows = self._candidates(s, agency, payer, date_from, date_to, None, lock=False)
            ids = {r.id: r.external_id for r, *_ in rows}
            billables = self._sort(rows, result)
            drafts = _writable(billables, payer, PayerParty(name=payer.name, payer_id=payer.payer_id), result)
            claims = [[(ids[b.encounter_pk], b.encounter.service.date, b.units, b.charge) for b in d.items]
                      for d in drafts]
            return Preview(claims=claims, excluded=result.excluded,
                           corrected=self._corrected_since_billed(s, agency, payer))

    def _sort(self, rows: list[Candidate], result: BuildResult) -> list[Billable]:
        """The billable candidates; the others go to `result.excluded` with the content rule they break."""
        billables = []
        for row, payload, charge, claim_form in rows:
            b = Billable(row.id, row.version, payload, row.units, charge)
            if claim_form == "837I":
                # The verdict says a cited source bills this program on an institutional claim: an 837P for it
                # would be a wrong claim, so it is never written here.
                problems = [Problem("claim.institutional", "The state bills this program on an institutional "
                                    "claim (837I); Peerbill writes 837P only, so bill it on an 837I.", "program")]
            elif charge is None:
                problems = [Problem("claim.charge_unknown", "No charge: the state's rate is not sourced and the "
                                    "payer's charge master has no entry for this service.", "service.hcpcs")]
            else:
                problems = check(b, self.today())
            if problems:
                result.excluded.append({"encounter_id": row.external_id,
                                        "findings": [p.__dict__ for p in problems]})
            else:
                billables.append(b)
        return billables

    def _corrected_since_billed(self, s: Session, agency: str, payer: PayerConfig) -> list[dict[str, str]]:
        """Encounters corrected after their claim was built: never a second original, but the claim they sit
        on should be replaced (POST /v1/claims/{id}/replace)."""
        e = EncounterRow
        rows = s.execute(select(e.external_id, ClaimLineRow.claim_id)
                         .join(ClaimLineRow, ClaimLineRow.id == e.claim_line_id)
                         .join(ClaimRow, ClaimRow.id == ClaimLineRow.claim_id)
                         .where(e.agency_id == agency, ClaimRow.payer_ref == payer.id, ClaimLineRow.active,
                                e.version > ClaimLineRow.encounter_version)).all()
        return [{"encounter_id": r.external_id, "claim_id": r.claim_id} for r in rows]

    def _candidates(self, s: Session, agency: str, payer: PayerConfig, date_from: date | None,
                    date_to: date | None, encounter_ids: list[str] | None, lock: bool = True,
                    progress: Callable[[int, int | None], None] | None = None) -> list[Candidate]:
        e = EncounterRow
        q = (select(e, EncounterVersion.payload, EncounterVersion.expected_payment, EncounterVersion.claim_form)
             .join(EncounterVersion, and_(EncounterVersion.encounter_id == e.id, EncounterVersion.version == e.version))
             .where(*self._candidate_conditions(agency, payer, date_from, date_to, encounter_ids))
             .order_by(e.id))
        if lock:
            q = q.with_for_update(of=e)
        charges = payer.charges
        out = []
        for row, payload, expected, claim_form in s.execute(q):
            enc = Encounter.model_validate_json(payload)
            out.append((row, enc, _charge(enc, row.units, expected, charges), claim_form))
            if progress is not None and len(out) % PROGRESS_EVERY == 0:
                progress(len(out), None)
        return out

    @staticmethod
    def _candidate_conditions(agency: str, payer: PayerConfig, date_from: date | None, date_to: date | None,
                              encounter_ids: list[str] | None) -> list[Any]:
        """Which encounters a build considers: `_candidates` reads them, `count` counts them."""
        e = EncounterRow
        conds = [e.agency_id == agency, e.status == "billable", e.claim_line_id.is_(None), e.state == payer.state,
                 e.program == payer.program, (e.payer_id == payer.payer_id) | e.payer_id.is_(None)]
        if date_from:
            conds.append(e.service_date >= date_from)
        if date_to:
            conds.append(e.service_date <= date_to)
        if encounter_ids is not None:
            conds.append(e.external_id.in_(encounter_ids))
        return conds

    def _write(self, s: Session, actor: Actor, agency: str, payer: PayerConfig, provider: BillingProvider,
               party: PayerParty, drafts: list[DraftClaim], result: BuildResult, adjust: _Adjust | None = None,
               member_of: dict[str, str] | None = None) -> str:
        first = next_control(s, agency, "clm", len(drafts))
        freq, pcn = (adjust.frequency, adjust.payer_claim_number) if adjust else ("1", None)
        claims = finalize_all(drafts, party, first, freq, pcn)
        sets = -(-len(claims) // MAX_CLAIMS_PER_SET)
        partner = TradingPartner.model_validate(payer.partner)
        result.sandbox = s.get(Agency, agency).sandbox_of is not None  # type: ignore[union-attr]
        if result.sandbox and partner.usage != "T":  # a test key's file is a test file, whatever the settings say
            partner = partner.model_copy(update={"usage": "T"})
        now = datetime.now(UTC)
        f = ClaimFile(isa_control=next_control(s, agency, "isa"), group_control=next_control(s, agency, "gs"),
                      transaction_control=next_control(s, agency, "st", sets), created=now, partner=partner,
                      billing_provider=provider, claims=tuple(claims))
        text = write_837p(f)
        file_id = new_id()
        total = sum((c.total for c in claims), Decimal("0.00"))
        s.add(ClaimFileRow(id=file_id, agency_id=agency, payer_ref=payer.id, isa_control=f.isa_control,
                           group_control=f.group_control, first_st_control=f.transaction_control,
                           transaction_sets=sets, claim_count=len(claims),
                           line_count=sum(len(c.lines) for c in claims), total_charge=total, content=text,
                           sha256=hashlib.sha256(text.encode()).hexdigest(), status="built", created_at=now,
                           created_by=actor.key_id))
        s.flush()
        self._store_claims(s, agency, payer, file_id, drafts, claims, now, adjust, f.transaction_control, member_of)
        result.claims, result.lines = len(claims), sum(len(c.lines) for c in claims)
        record_many(s, [event_row(actor, "claim_file.build", "claim_file", file_id, agency,
                                  {"claims": result.claims, "lines": result.lines, "isa13": f.isa_control})])
        return file_id

    def _store_claims(self, s: Session, agency: str, payer: PayerConfig, file_id: str, drafts: list[DraftClaim],
                      claims: list[Claim], now: datetime, adjust: _Adjust | None, first_st: int,
                      member_of: dict[str, str] | None) -> None:
        """`member_of`: each encounter's member, where the caller has read the encounters already (a build's
        candidates; read again, 20,000 ids in one IN list cost a month-end build 1.2 s)."""
        # A void's lines only repeat what is cancelled: they are not active, so they bill nothing.
        lines_active = adjust is None or adjust.frequency == "7"
        claim_rows, line_rows, links = [], [], []
        member_ids = member_of if member_of is not None else dict(s.execute(
            select(EncounterRow.id, EncounterRow.member_id)
            .where(EncounterRow.id.in_([b.encounter_pk for d in drafts for b in d.items]))).all())
        for i, (d, c) in enumerate(zip(drafts, claims, strict=True)):
            claim_id = new_id()
            claim_rows.append({"id": claim_id, "agency_id": agency, "file_id": file_id, "payer_ref": payer.id,
                               "member_id": member_ids[d.items[0].encounter_pk], "claim_control": c.claim_id,
                               "st_control": first_st + i // MAX_CLAIMS_PER_SET,
                               "frequency": c.frequency, "replaces_claim_id": adjust.replaces if adjust else None,
                               "payer_claim_number": c.payer_claim_number,
                               "total_charge": c.total, "status": "built", "active": lines_active,
                               "created_at": now})
            for n, (b, line) in enumerate(zip(d.items, c.lines, strict=True), 1):
                line_id = new_id()
                line_rows.append({"id": line_id, "claim_id": claim_id, "line_number": n,
                                  "line_control": line.line_control, "encounter_id": b.encounter_pk,
                                  "encounter_version": b.version, "hcpcs": line.hcpcs,
                                  "modifiers": ":".join(line.modifiers), "units": line.units,
                                  "charge": line.charge, "service_date": line.service_date, "status": "built",
                                  "active": lines_active})
                # An encounter the EHR sent without a payer id is, from now on, this payer's (for auditors' views).
                links.append({"id": b.encounter_pk, "claim_line_id": line_id, "payer_id": payer.payer_id})
        s.execute(ClaimRow.__table__.insert(), claim_rows)
        s.execute(ClaimLineRow.__table__.insert(), line_rows)
        s.execute(update(EncounterRow), links)
        events.claims_built(s, claim_rows, line_rows)


def _charge(enc: Encounter, units: int, expected: Decimal | None, charges: dict[str, str]) -> Decimal | None:
    """The line charge: the agency's charge master per unit when it has the service, else the expected payment."""
    svc = enc.service
    per_unit = charges.get(":".join([svc.hcpcs, *svc.modifiers])) or charges.get(svc.hcpcs)
    if per_unit is not None:
        return (Decimal(per_unit) * units).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return expected if expected else None


def _writable(billables: list[Billable], payer: PayerConfig, party: PayerParty, result: BuildResult
              ) -> list[DraftClaim]:
    """The claims a file can carry: an encounter the 837P cannot write goes to `result.excluded` with its reason."""
    drafts, unwritable = writable(assemble(billables, payer.claim_span), party)
    result.excluded += [{"encounter_id": b.encounter.encounter_id, "findings": [p.__dict__]} for b, p in unwritable]
    return drafts[:MAX_CLAIMS_PER_FILE]
