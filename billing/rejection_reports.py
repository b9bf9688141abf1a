"""What auditors ask of the `rejections` table: the list (filtered, newest first, by cursor or as CSV) and
the summary by code, state, payer, peer or month with dollars and the denial rate."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, String, case, func, literal, select, text, type_coerce, union_all
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.orm import Session

from billing.access import Actor
from billing.audit import record
from billing.db.connection import Database
from billing.db.models import ClaimRow, EncounterCount, EncounterCountChange, Member, Rejection
from billing.db.models import Encounter as EncounterRow
from schemas.api import GroupBy, RejectionOut, RejectionPage, SummaryOut, SummaryRow

CENT = Decimal("0.01")


def _sqlite_from_hint(self: SQLiteCompiler, table: Any, hint: str) -> str | None:
    """SQLAlchemy drops table hints on SQLite; render ours (INDEXED BY), which SQLite places after the table."""
    return hint if hint.startswith("INDEXED BY ") else None


SQLiteCompiler.get_from_hint_text = _sqlite_from_hint  # type: ignore[method-assign]


@dataclass(frozen=True)
class Filters:
    source: str | None = None
    state: str | None = None
    payer: str | None = None
    provider: str | None = None
    member: str | None = None  # the member's Medicaid id
    code: str | None = None
    date_from: date | None = None  # dates of service
    date_to: date | None = None

    def audit_detail(self) -> dict[str, Any]:
        """The filters as the audit trail keeps them: a member's Medicaid id is PHI, so only its use is kept."""
        used = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items() if v is not None}
        if "member" in used:
            used["member"] = "(given)"
        return used


def _members(agencies: tuple[str, ...], medicaid_id: str) -> Any:
    return select(Member.id).where(Member.agency_id.in_(agencies), Member.medicaid_id == medicaid_id)


def _plain(col: Any) -> Any:
    """The column's value, hidden from the planner's index choice (COALESCE of itself: same value and type)."""
    return func.coalesce(col, col)


# The narrow filters, narrowest first: on SQLite a list walks the index of the first one given, newest first.
# Chosen by what the data is (a member has a few rows, a payer thousands), not left to SQLite's statistics,
# which are sampled from the first rows of each index and then favour a sort of the whole agency. PostgreSQL's
# statistics are good; it chooses for itself.
DRIVERS = ("member", "provider", "code", "payer", "date")


SHORT_WINDOW_DAYS = 120  # a range of dates this short drives before a code or payer: its rows are few


def _driver(f: Filters) -> str | None:
    given = {"member": f.member, "provider": f.provider, "code": f.code, "payer": f.payer,
             "date": f.date_from or f.date_to}
    if given["member"] is None and given["provider"] is None and _short_window(f):
        return "date"
    return next((d for d in DRIVERS if given[d] is not None), None)


def _short_window(f: Filters) -> bool:
    return f.date_from is not None and f.date_to is not None and (f.date_to - f.date_from).days <= SHORT_WINDOW_DAYS


def _where(agencies: tuple[str, ...], f: Filters, driver: str | None = "any") -> list[ColumnElement[bool]]:
    """The conditions on `rejections`. With a `driver` (see DRIVERS), only its index may be used; None walks the
    table itself newest first (its id is the rowid); "any" leaves the choice to the planner."""
    r = Rejection

    def col(c: Any, name: str) -> Any:
        return c if driver in ("any", name) else _plain(c)

    agency_driven = driver in ("any", "provider", "code", "payer", "date")
    conds: list[ColumnElement[bool]] = [(r.agency_id if agency_driven else _plain(r.agency_id)).in_(agencies)]
    if f.source is not None:
        conds.append(col(r.source, "source") == f.source)
    if f.state is not None:
        conds.append(col(r.state, "state") == f.state)
    for c, name, val in ((r.code, "code", f.code), (r.payer_id, "payer", f.payer),
                         (r.provider_npi, "provider", f.provider)):
        if val is not None:
            conds.append(col(c, name) == val)
    if f.member is not None:
        conds.append(col(r.member_id, "member").in_(_members(agencies, f.member)))
    if f.date_from is not None:
        conds.append(col(r.service_date, "date") >= f.date_from)
    if f.date_to is not None:
        conds.append(col(r.service_date, "date") <= f.date_to)
    return conds


# --- the list ---------------------------------------------------------------------------------------------


# Row ids are 32-bit integer columns on PostgreSQL: a larger cursor is none this service gave out (and would be
# an "integer out of range" error in the database).
MAX_ROW_ID = 2**31 - 1


def _cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"r{last_id}".encode()).decode()


def _uncursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if text[:1] == "r" and text[1:].isdigit() and int(text[1:]) <= MAX_ROW_ID:
            return int(text[1:])
    except (ValueError, UnicodeDecodeError):
        pass
    raise ValueError("cursor is not one this service gave out")


def _money(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


def _page(s: Session, agencies: tuple[str, ...], f: Filters, before: int | None, limit: int) -> list[RejectionOut]:
    """One page, newest first, with each row's encounter, member and claim ids."""
    driver = _driver(f)
    conds = _where(agencies, f, driver if s.bind.dialect.name == "sqlite" else "any")
    if before is not None:
        conds.append(Rejection.id < before)
    # Newest first. Under a date range the order is by id's value, not the primary key: otherwise PostgreSQL
    # walks the primary key backwards through every newer row until it reaches an old range.
    order = (Rejection.id + 0).desc() if driver == "date" else Rejection.id.desc()
    q = select(Rejection.id).where(*conds).order_by(order).limit(limit)
    if driver == "date":  # the dates' entries of the covering index: filtered and ordered without the table
        q = q.with_hint(Rejection, "INDEXED BY ix_rejections_summary", "sqlite")
    # The page's ids first, then only their rows (a sort by id never carries reasons and details) with their
    # encounter, member and claim ids, in one statement; plain rows, as a page is read once and never changed.
    page = q.subquery()
    e = EncounterRow
    rows = s.execute(
        select(*Rejection.__table__.c, e.external_id, Member.medicaid_id, ClaimRow.claim_control)
        .join_from(page, Rejection, Rejection.id == page.c.id)
        .outerjoin(e, e.id == Rejection.encounter_id).outerjoin(Member, Member.id == Rejection.member_id)
        .outerjoin(ClaimRow, ClaimRow.id == Rejection.claim_id).order_by(Rejection.id.desc())).all()
    return [RejectionOut(
        id=r.id, at=r.at, source=r.source, code=r.code, reason=r.reason, primary=r.is_primary, agency_id=r.agency_id,
        state=r.state, payer_id=r.payer_id, provider_npi=r.provider_npi, member_id=r.medicaid_id or "",
        service_date=r.service_date, encounter_id=r.external_id or r.encounter_id,
        encounter_version=r.encounter_version, claim_id=r.claim_id, claim_control=r.claim_control,
        line_id=r.line_id, response_id=r.response_id, charge=_money(r.charge), paid=_money(r.paid),
        amount=_money(r.amount), rule_pack=r.detail.get("rule_pack"), citation=r.detail.get("citation"),
        detail={k: v for k, v in r.detail.items() if k not in ("rule_pack", "citation")},
    ) for r in rows]


def list_rejections(s: Session, actor: Actor, agencies: tuple[str, ...], f: Filters, cursor: str | None = None,
                    limit: int = 100) -> RejectionPage:
    before = _uncursor(cursor) if cursor else None
    items = _page(s, agencies, f, before, limit + 1)
    nxt = _cursor(items[limit - 1].id) if len(items) > limit else None
    items = items[:limit]
    if actor.is_person:
        record(s, actor, "rejections.list", "rejection", f"{len(items)} items", _one(agencies),
               {"filters": f.audit_detail(), "ids": [i.id for i in items]})
    return RejectionPage(items=items, next_cursor=nxt)


def _one(agencies: tuple[str, ...]) -> str | None:
    return agencies[0] if len(agencies) == 1 else None


CSV_COLUMNS = ("id", "at", "source", "code", "reason", "agency_id", "state", "payer_id", "provider_npi",
               "member_id", "service_date", "encounter_id", "encounter_version", "claim_control", "charge", "paid",
               "amount", "primary", "rule_pack", "citation")


def _csv_cell(item: RejectionOut, col: str) -> Any:
    if col == "citation":
        c = item.citation
        return f"{c['document']} {c['section']} (effective {c['effective']})" if c else ""
    value = getattr(item, col)
    return "" if value is None else value


def iter_csv(open_session: Any, actor: Actor, agencies: tuple[str, ...], f: Filters, chunk: int = 5000
             ) -> Iterator[str]:
    """Every matching row as CSV, streamed a chunk at a time, each chunk read in a short session of its own."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    before, total = None, 0
    while True:
        with open_session() as s:
            items = _page(s, agencies, f, before, chunk)
            if not items and actor.is_person:
                record(s, actor, "rejections.export", "rejection", f"{total} rows", _one(agencies),
                       {"filters": f.audit_detail(), "format": "csv"})
                s.commit()
        for item in items:
            writer.writerow([_csv_cell(item, c) for c in CSV_COLUMNS])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
        if not items:
            return
        total += len(items)
        before = items[-1].id


# --- the summary ------------------------------------------------------------------------------------------


def _key(s: Session, by: GroupBy, table: Any) -> Any:
    if by == "month":
        if s.bind.dialect.name == "postgresql":
            return func.to_char(table.service_date, "YYYY-MM")
        return func.substr(table.service_date, 1, 7)  # SQLite keeps dates as ISO text
    column = {"code": "code", "state": "state", "payer": "payer_id", "provider": "rendering_npi"}[by]
    if table is Rejection and by == "provider":
        column = "provider_npi"
    return getattr(table, column)


def _bytewise(s: Session, col: Any) -> Any:
    """PostgreSQL sorts text by the database's collation unless told otherwise: byte order is all grouping and
    counting distinct need (the same groups and counts), and sorts 1.5-2 times faster."""
    return col.collate("C") if s.bind.dialect.name == "postgresql" else col


def _numerators(s: Session, agencies: tuple[str, ...], f: Filters, by: GroupBy | None) -> dict[Any, SummaryRow]:
    """Per group: items, distinct encounters and money. Outside group_by=code each item counts once (its primary
    row); by code, each item counts under every code it got."""
    r = Rejection
    once = by != "code"

    def primary(value: Any) -> Any:
        return case((r.is_primary, value), else_=0) if once else value

    def cents(col: Any) -> Any:  # the stored whole cents, added up by the database
        return type_coerce(col, BigInteger)

    key = _bytewise(s, _key(s, by, r)).label("key") if by else None
    cols = [func.sum(primary(1)), func.count(func.distinct(_bytewise(s, r.encounter_id))),
            func.sum(primary(cents(r.charge))), func.sum(primary(cents(r.paid))), func.sum(cents(r.amount))]
    q = select(*(([key] if by else []) + cols)).where(*_where(agencies, f))
    if _driver(f) in (None, "date"):  # no narrow filter: read the agency's (or the dates') summary columns alone
        q = q.with_hint(r, "INDEXED BY ix_rejections_summary", "sqlite")
    if by:
        q = q.group_by(key)
    out = {}
    for row in s.execute(q).all():
        k = row[0] if by else None
        items, encounters, billed, paid, denied = row[1:] if by else row
        out[k] = SummaryRow(key=k, rejections=int(items or 0), encounters=int(encounters or 0),
                            billed=_cents(billed), paid=_cents(paid), denied=_cents(denied),
                            encounters_total=None, denial_rate=None)
    return out


def _cents(v: Any) -> str:
    """A sum of ScaledDecimal cents (the database adds the stored integers) as dollars."""
    return str((Decimal(v or 0) / 100).quantize(CENT))


def _denominators(s: Session, agencies: tuple[str, ...], f: Filters, by: GroupBy | None) -> dict[Any, int]:
    """Encounters received (not void) per group, under the filters that apply to encounters: whole months from
    the counts the triggers keep, the days of a partial month at either end of a date range from the encounters.
    A member filter (the counts have no member; a member's encounters are a few index entries) and an empty
    payer id (the counts keep "no payer" as "") read the encounters alone."""
    if f.member is not None or f.payer == "":
        return _counted_directly(s, agencies, f, by)
    months, edges = month_split(f.date_from, f.date_to)
    out: dict[Any, int] = _counted(s, agencies, f, by, months) if months else {}
    for lo, hi in edges:
        for k, n in _counted_directly(s, agencies, replace(f, date_from=lo, date_to=hi), by).items():
            out[k] = out.get(k, 0) + n
    if by is None or by == "code":
        return {None: out.get(None, 0)}
    return {k: n for k, n in out.items() if n}


def _month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def month_split(lo: date | None, hi: date | None) -> tuple[tuple[str | None, str | None] | None,
                                                            list[tuple[date, date]]]:
    """[lo, hi] (either end open) as the whole months inside it (first and last, None for open) and the day
    ranges left over at either end."""
    first = None if lo is None else _month(lo) if lo.day == 1 else _month(_month_end(lo) + timedelta(days=1))
    last = None if hi is None else _month(hi) if (hi + timedelta(days=1)).day == 1 else _month(
        hi.replace(day=1) - timedelta(days=1))
    if lo is not None and hi is not None and (first is None or last is None or first > last):
        return None, [(lo, hi)] if lo <= hi else []
    edges = []
    if lo is not None and lo.day != 1:
        edges.append((lo, _month_end(lo)))
    if hi is not None and (hi + timedelta(days=1)).day != 1:
        edges.append((hi.replace(day=1), hi))
    return (first, last), edges


def _month_end(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _counted(s: Session, agencies: tuple[str, ...], f: Filters, by: GroupBy | None,
             months: tuple[str | None, str | None]) -> dict[Any, int]:
    """From encounter_counts and the changes not folded into it yet."""

    def part(t: Any) -> Any:
        key = {"month": t.month, "state": t.state, "payer": t.payer_id, "provider": t.rendering_npi}.get(
            by or "", literal(None, String))
        conds = [t.agency_id.in_(agencies)]
        for col, val in ((t.state, f.state), (t.payer_id, f.payer), (t.rendering_npi, f.provider)):
            if val is not None:
                conds.append(col == val)
        if months[0] is not None:
            conds.append(t.month >= months[0])
        if months[1] is not None:
            conds.append(t.month <= months[1])
        return select(key.label("k"), t.encounters.label("n")).where(*conds)

    u = union_all(part(EncounterCount), part(EncounterCountChange)).subquery()
    k = _bytewise(s, u.c.k) if by not in (None, "code") else u.c.k
    rows = s.execute(select(k, func.sum(u.c.n)).group_by(k)).all()
    return {(k or None) if by == "payer" else k: int(n) for k, n in rows}


def _counted_directly(s: Session, agencies: tuple[str, ...], f: Filters, by: GroupBy | None) -> dict[Any, int]:
    """Encounters received per group, counted from the encounters themselves."""
    e = EncounterRow
    # Not void, as the statuses in range of ix_encounters_agency_status_date (an encounter is one of three).
    conds: list[ColumnElement[bool]] = [e.agency_id.in_(agencies), e.status.in_(("billable", "not_billable"))]
    for col, val in ((e.state, f.state), (e.payer_id, f.payer), (e.rendering_npi, f.provider)):
        if val is not None:
            conds.append(col == val)
    if f.member is not None:
        conds.append(e.member_id.in_(_members(agencies, f.member)))
    if f.date_from is not None:
        conds.append(e.service_date >= f.date_from)
    if f.date_to is not None:
        conds.append(e.service_date <= f.date_to)
    if by is None or by == "code":
        return {None: int(s.scalar(select(func.count()).select_from(e).where(*conds)) or 0)}
    key = _bytewise(s, _key(s, by, e))
    return {k: int(n) for k, n in s.execute(select(key, func.count()).where(*conds).group_by(key)).all()}


_KEY = "agency_id, month, state, payer_id, rendering_npi"


def recount_sql(dialect: str) -> list[str]:
    """Statements that make encounter_counts anew from the encounters (after a bulk load that bypassed the
    triggers), as migration 0018 first filled it."""
    month = "to_char(service_date, 'YYYY-MM')" if dialect == "postgresql" else "substr(service_date, 1, 7)"
    group = f"agency_id, {month}, state, coalesce(payer_id, ''), rendering_npi"
    return ["DELETE FROM encounter_count_changes", "DELETE FROM encounter_counts",
            f"INSERT INTO encounter_counts ({_KEY}, encounters) SELECT {group}, count(*) FROM encounters "
            f"WHERE status <> 'void' GROUP BY {group}"]


FOLD_AFTER = 5000  # change rows a summary reads as they are before folding them in
FOLD_LOCK = 0x70620018  # PostgreSQL advisory lock: one folder at a time (writers never take it)


def fold_counts(db: Database, at_least: int | None = None) -> int:
    """Move the triggers' change rows into encounter_counts, summed by key, when there are at least `at_least`
    of them (PostgreSQL appends a row per statement and key; SQLite one per inserted encounter, migration 0020).
    A change committed meanwhile stays for the next fold. Returns 0 when it did not fold, else the rows it moved
    (SQLite: the change rows; PostgreSQL: the count rows written)."""
    at_least = FOLD_AFTER if at_least is None else at_least
    with db.reading() as s:  # not the write lock (SQLite's one writer) only to find there is little to fold
        found = s.scalar(select(func.count()).select_from(
            select(EncounterCountChange.id).limit(at_least).subquery()))
    if not found or found < at_least:
        return 0
    with db.writing() as s:
        if db.is_sqlite:  # the write lock is the lock: fold up to the last change now stored, then drop those
            last = s.scalar(select(func.max(EncounterCountChange.id)))
            s.execute(text(SQLITE_FOLD_SQL), {"last": last})
            folded = s.execute(text("DELETE FROM encounter_count_changes WHERE id <= :last"), {"last": last}).rowcount
        elif s.scalar(select(func.pg_try_advisory_xact_lock(FOLD_LOCK))):
            folded = s.execute(text(FOLD_SQL)).rowcount
        else:
            return 0
        s.commit()
    return int(folded or 0)


FOLD_SQL = f"""WITH moved AS (DELETE FROM encounter_count_changes RETURNING {_KEY}, encounters),
summed AS (SELECT {_KEY}, sum(encounters) AS n FROM moved GROUP BY {_KEY})
INSERT INTO encounter_counts ({_KEY}, encounters) SELECT {_KEY}, n FROM summed ORDER BY {_KEY}
ON CONFLICT ({_KEY}) DO UPDATE SET encounters = encounter_counts.encounters + excluded.encounters"""

# SQLite has no DELETE inside a WITH; an upsert from a SELECT needs the SELECT's WHERE (its parser's rule).
SQLITE_FOLD_SQL = f"""INSERT INTO encounter_counts ({_KEY}, encounters)
SELECT {_KEY}, sum(encounters) FROM encounter_count_changes WHERE id <= :last GROUP BY {_KEY} ORDER BY {_KEY}
ON CONFLICT ({_KEY}) DO UPDATE SET encounters = encounter_counts.encounters + excluded.encounters"""


SUMMARY_WORK_MEM = "64MB"  # PostgreSQL, per summary query: 131,708 rows of one agency sort in ~20 MB


def summarize(db: Database, actor: Actor, agencies: tuple[str, ...], f: Filters, by: GroupBy) -> SummaryOut:
    """Three independent aggregates (per group, overall, encounters received) run at once, each on its own
    connection: the answer takes as long as the slowest, not the sum."""

    def reading(work: Callable[[Session], Any]) -> Any:
        with db.reading() as s:
            if not db.is_sqlite:  # an agency's rows sorted in memory, not in temporary files (default 4 MB)
                s.execute(text(f"SET LOCAL work_mem = '{SUMMARY_WORK_MEM}'"))
            return work(s)

    fold_counts(db)
    with ThreadPoolExecutor(max_workers=3) as pool:
        grouped = pool.submit(reading, lambda s: _numerators(s, agencies, f, by))
        overall = pool.submit(reading, lambda s: _numerators(s, agencies, f, None))
        received = pool.submit(reading, lambda s: _denominators(s, agencies, f, by))
        groups, total_row, totals = grouped.result(), overall.result().get(None), received.result()
    rows = [_with_rate(row, totals.get(None) if by == "code" else totals.get(k)) for k, row in groups.items()]
    rows.sort(key=lambda x: (x.key or "") if by == "month" else (-x.rejections, x.key or ""))
    everything = sum(totals.values())
    total = _with_rate(total_row, everything) if total_row else SummaryRow(
        key=None, rejections=0, encounters=0, billed="0.00", paid="0.00", denied="0.00",
        encounters_total=everything, denial_rate=0.0 if everything else None)
    if actor.is_person:
        with db.writing() as s:
            record(s, actor, "rejections.summary", "rejection", by, _one(agencies), {"filters": f.audit_detail()})
            s.commit()
    return SummaryOut(group_by=by, groups=rows, total=total)


def _with_rate(row: SummaryRow, total: int | None) -> SummaryRow:
    rate = round(row.encounters / total, 4) if total else None
    return row.model_copy(update={"encounters_total": total, "denial_rate": rate})
