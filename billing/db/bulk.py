"""Bulk inserts on each database's fastest path, with the values SQLAlchemy itself would bind.

A Core `insert(table)` executemany spends most of its time in SQLAlchemy, not the database: per row it builds
the parameter dict and runs each column's bind processor through generic machinery (about 18% of a batch's
intake). Here each column's processor is looked up once and applied in one pass, and the rows go to the
driver as tuples: `executemany` on SQLite (many rows per INSERT for a table with a trigger), `COPY ... FROM
STDIN` on PostgreSQL. Values are processed by the very processors a Core insert uses (money as whole cents,
JSON as text, dates as ISO text on SQLite), so what is stored is the same byte for byte; tests read rows
written both ways and compare them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, time
from itertools import chain
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Null

Processor = Callable[[Any], Any] | None


class EncodedList(list[Any]):
    """A JSON column's list value carrying the text `json.dumps` makes of it (see `encoded_list`): the SQLite
    bulk path writes that text instead of encoding the list again. Everywhere else it is the plain list."""

    __slots__ = ("text",)

    def __init__(self, items: list[Any], text: str) -> None:
        super().__init__(items)
        self.text = text


class EncodedDict(dict[str, Any]):
    """A JSON column's object value carrying the text `json.dumps` makes of it, like EncodedList: a value many
    rows share (a finding's rejection detail) or one whose text is built from cached parts (an event's data)."""

    __slots__ = ("text",)

    def __init__(self, items: dict[str, Any], text: str) -> None:
        super().__init__(items)
        self.text = text


_ENCODED = (EncodedList, EncodedDict)


def json_text(value: Any) -> str:
    """`json.dumps(value)` with its default settings, from the encoder the bulk path uses."""
    return _ENCODE(value)


def encoded_list(items: list[Any], texts: list[str]) -> EncodedList:
    """`items` with their JSON text, joined from each item's own `json_text` (json.dumps writes a list as its
    items' texts between brackets, separated by ", ")."""
    return EncodedList(items, "[" + ", ".join(texts) + "]")


def insert_rows(s: Session | Connection, table: Table, rows: Sequence[dict[str, Any]],
                skip_existing: Sequence[str] = ()) -> int:
    """INSERT every row (dicts with the same keys) into `table`, in the session's transaction; with
    `skip_existing` (SQLite only: PostgreSQL's COPY has no such clause), rows whose unique key of these columns
    is already taken are left out (ON CONFLICT DO NOTHING). How many rows were inserted (the driver's count)."""
    if not rows:
        return 0
    conn = s.connection() if isinstance(s, Session) else s
    names = list(rows[0])
    return insert_bound(conn, table, names, bind_rows(table, names, rows, conn.dialect), skip_existing)


def bind_rows(table: Table, names: Sequence[str], rows: Sequence[dict[str, Any]], dialect: Dialect
              ) -> list[tuple[Any, ...]]:
    """The values of `names` in each row as the driver takes them (each column's bind processor applied), for
    insert_bound; a caller may bind rows before it writes them (intake binds a batch's before its write lock)."""
    if not rows:
        return []
    procs = _processors(table, list(names), dialect)
    # Column-wise through C-level map/zip: a per-value generator cost more than most processors themselves.
    pick = itemgetter(*names)
    data = list(map(pick, rows)) if len(names) > 1 else [(pick(r),) for r in rows]
    if any(procs):
        cols = [c if p is None else _each(p, c) for p, c in zip(procs, zip(*data, strict=True), strict=True)]
        data = list(zip(*cols, strict=True))
    return data


def bind_value(table: Table, name: str, value: Any, dialect: Dialect) -> Any:
    """One value of column `name` as the driver takes it (what bind_rows makes of it)."""
    proc = _processors(table, [name], dialect)[0]
    return value if proc is None else proc(value)


def insert_bound(conn: Connection, table: Table, names: Sequence[str], data: Sequence[tuple[Any, ...]],
                 skip_existing: Sequence[str] = ()) -> int:
    """INSERT rows of values bound already (bind_rows) for the columns `names`; see insert_rows."""
    if not data:
        return 0
    if skip_existing and conn.dialect.name != "sqlite":
        raise ValueError("skip_existing is for SQLite; on PostgreSQL use an INSERT ... ON CONFLICT statement")
    prep = conn.dialect.identifier_preparer
    columns = ", ".join(prep.quote(n) for n in names)
    if conn.dialect.name == "postgresql":
        _copy(conn, f"COPY {prep.format_table(table)} ({columns}) FROM STDIN", data)
        return len(data)
    skip = f" ON CONFLICT ({', '.join(prep.quote(k) for k in skip_existing)}) DO NOTHING" if skip_existing else ""
    head = f"INSERT INTO {prep.format_table(table)} ({columns}) VALUES "
    one = "(" + ", ".join("?" for _ in names) + ")"
    if not _has_trigger(conn, table.name):
        return int(conn.exec_driver_sql(head + one + skip, data).rowcount)
    # A table with a trigger: each execution of a statement that fires one opens a statement journal, which cost
    # ~15 us a row through executemany on `encounters` (its counts trigger). Many rows per statement instead, in
    # order; an error still undoes the whole statement, and the caller's transaction with it.
    per = max(1, min(_ROWS_PER_STATEMENT, _max_variables(conn) // len(names)))
    inserted = 0
    for i in range(0, len(data), per):
        part = data[i:i + per]
        inserted += conn.exec_driver_sql(head + ", ".join([one] * len(part)) + skip,
                                         tuple(chain.from_iterable(part))).rowcount
    return inserted


_ROWS_PER_STATEMENT = 500
# SQLite tables known to have a trigger (or not), by name: looked up once per process (see _has_trigger).
_TRIGGERS: dict[str, bool] = {}


def _has_trigger(conn: Connection, name: str) -> bool:
    found = _TRIGGERS.get(name)
    if found is None:
        found = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                     (name,)).first() is not None
        _TRIGGERS[name] = found
    return found


def _max_variables(conn: Connection) -> int:
    """How many parameters one SQLite statement may take on this connection."""
    raw = conn.connection.dbapi_connection
    getlimit = getattr(raw, "getlimit", None)
    return int(getlimit(9)) if getlimit is not None else 999  # 9: SQLITE_LIMIT_VARIABLE_NUMBER


def _each(process: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """`process` of every value, called once per distinct object: a batch's rows share most of their dates and
    times (the batch's own timestamp, the same service date in several tables). Plain dates and naive times
    (and None) are also taken once per distinct value (each encounter parses its own, a batch's repeat): for those
    equal values are processed alike (not so for aware times or datetimes: equal across zones, stored apart)."""
    if values and all(map(_by_value, values)):
        done = {v: process(v) for v in set(values)}
        return list(map(done.__getitem__, values))
    ids = list(map(id, values))
    distinct = dict(zip(ids, values, strict=True))
    if len(distinct) == len(ids):
        return list(map(process, values))
    done = {k: process(v) for k, v in distinct.items()}
    return list(map(done.__getitem__, ids))


each_processed = _each  # for bound parameters made outside insert_rows (the history query's days)


def _by_value(value: Any) -> bool:
    """Whether a value's processed form depends on its value alone among equal values (see _each)."""
    kind = type(value)
    return kind is date or value is None or (kind is time and value.tzinfo is None)


def _copy(conn: Connection, sql: str, data: Sequence[tuple[Any, ...]]) -> None:
    """COPY on the session's own connection (so in its transaction). The driver's errors become SQLAlchemy's, as
    for any statement: a unique violation is an IntegrityError the caller handles, with no values shown."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    base = conn.dialect.loaded_dbapi.Error
    try:
        with raw.cursor() as cur, cur.copy(sql) as copy:
            for row in data:
                copy.write_row(row)
    except base as exc:
        raise DBAPIError.instance(sql, None, exc, base, hide_parameters=True, dialect=conn.dialect) from exc


_CACHE: dict[tuple[str, str, tuple[str, ...]], list[Processor]] = {}


def _processors(table: Table, names: list[str], dialect: Dialect) -> list[Processor]:
    key = (dialect.name, table.name, tuple(names))
    found = _CACHE.get(key)
    if found is None:
        found = [_processor(table.c[n].type, dialect) for n in names]
        _CACHE[key] = found
    return found


def _processor(type_: Any, dialect: Dialect) -> Processor:
    """The column's bind processor; for JSON on SQLite the same text from one reused encoder (json.dumps builds a
    new encoder per call, a few microseconds each on ~5 JSON values per encounter)."""
    proc = type_._cached_bind_processor(dialect)
    impl = type_.dialect_impl(dialect)
    if proc is None or dialect.name != "sqlite" or not isinstance(impl, JSON) or dialect._json_serializer \
            or impl.none_as_null or impl._str_impl.bind_processor(dialect) is not None:
        return proc
    null = JSON.NULL
    encode = _ENCODE
    encoded = _ENCODED

    def process(value: Any) -> Any:  # JSON._make_bind_processor's cases, in its order
        if type(value) in encoded:
            return value.text
        if value is None or value is null:
            return "null"
        if isinstance(value, Null):
            return None
        return encode(value)

    return process


def _json_encoder() -> Callable[[Any], str]:
    """`json.dumps` with its default settings (ASCII, ", " and ": "), one C encoder for every call."""
    try:
        enc = c_make_encoder(None, json.JSONEncoder().default, encode_basestring_ascii, None, ": ", ", ", False,
                             False, True)
        sample = {"a": [1.5, None, True, "\u00e9\n", {"b": -2}], "c": float("inf")}
        if "".join(enc(sample, 0)) != json.dumps(sample):
            return json.dumps
    except (TypeError, ValueError):  # no C accelerator, or another signature on this Python
        return json.dumps
    return lambda value: "".join(enc(value, 0))


_ENCODE = _json_encoder()
