"""The database: URL from the environment, SQLite tuned for a service (WAL, foreign keys), migrations."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from contextvars import ContextVar

try:
    import fcntl
except ImportError:  # not POSIX: SQLite's busy handler then queues the worker processes
    fcntl = None  # type: ignore[assignment]
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from billing.db.models import AuditEvent
from billing.db.timestamps import read_timestamps_as_utc
from billing.observability import metrics
from billing.settings import Settings, load

if TYPE_CHECKING:  # alembic is imported only to migrate (~0.15 s of a worker's start-up otherwise)
    from alembic.config import Config

DEFAULT_URL = "sqlite:///peerbill.db"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def database_url() -> str:
    return load().database_url or DEFAULT_URL


def make_engine(url: str | None = None, settings: Settings | None = None) -> Engine:
    """An engine; PostgreSQL's pool is sized by the settings (PEERBILL_DB_POOL_SIZE and friends)."""
    url = url or database_url()
    # hide_parameters: a failed statement's error (and so any log or traceback of it) never carries its bound
    # values, which are members' names, Medicaid ids and dates of birth.
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)
        _tune_sqlite(engine)
        read_timestamps_as_utc(engine)
        return engine
    cfg = settings or load()
    return create_engine(url, pool_size=cfg.db_pool_size, max_overflow=cfg.db_max_overflow,
                         pool_timeout=cfg.db_pool_timeout, pool_recycle=cfg.db_pool_recycle, pool_pre_ping=True,
                         hide_parameters=True)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA cache_size=-131072")  # 128 MiB of pages: index inserts stay in memory at scale
        # temp_store stays on file: GROUP BY and DISTINCT sorts of the rejections summary run 25-40% faster
        # Checkpoints (copying the WAL into the database and fsyncing it) run in a background thread, not in the
        # commit of whichever writer crossed the threshold; this one is only a backstop at ~1 GiB.
        cur.execute("PRAGMA wal_autocheckpoint=262144")
        cur.execute("PRAGMA journal_size_limit=67108864")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # A writing transaction takes SQLite's write lock at BEGIN, so two writers never read the same
        # history and then both insert (the per-member lock PostgreSQL gets with SELECT ... FOR UPDATE).
        writes = bool(conn.get_execution_options().get("writes"))
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
        # A write's statement journals (SQLite opens one per statement that fires a trigger, and spills it to a
        # temporary file past 64 KiB: ~15% of a batch's inserts into `encounters`) stay in memory; reads keep
        # temporary storage on file (see _on_connect). Set only when the kind of transaction changes.
        if conn.info.get(_TEMP_IN_MEMORY, False) != writes:
            conn.exec_driver_sql(f"PRAGMA temp_store={'MEMORY' if writes else 'DEFAULT'}")
            conn.info[_TEMP_IN_MEMORY] = writes


_TEMP_IN_MEMORY = "pb_temp_store_memory"


class ReadSession(Session):
    """A reading session. It never writes: the audit events of a person's read (billing.audit.record) are kept
    aside and, on commit, written in a short transaction of their own through the writer queue. A read that
    wrote in its own transaction would, on SQLite, try to upgrade a WAL snapshot to the write lock while a
    batch holds it, and fail at once with "database is locked" (no busy wait applies to that upgrade).
    On PostgreSQL's primary there is no such upgrade: the events are inserted in the read's own transaction and
    committed with it (one commit and one connection per request, not two; the read and its trail are atomic)."""

    def commit(self) -> None:
        pending = self.info.pop(PENDING_AUDIT, None)
        db: Database = self.info[DATABASE]
        if pending and db.audits_in_read(self):
            self.execute(insert(AuditEvent), pending)
            pending = None
        super().commit()
        if pending:
            db.append_audit(pending)


PENDING_AUDIT, DATABASE = "pending_audit", "database"
# Set (per request, by api.replica) for a request whose reads may come from the replica: `reading()` then does.
prefer_replica: ContextVar[bool] = ContextVar("prefer_replica", default=False)


class Database:
    """One engine and the kinds of session the use cases need; with a read replica, a second engine for the reads
    that tolerate its lag (`listing`: auditors' reads and lists)."""

    def __init__(self, url: str | None = None, read_url: str | None = None, settings: Settings | None = None
                 ) -> None:
        cfg = settings or load()
        self.url = url or cfg.database_url or DEFAULT_URL
        self.engine = make_engine(self.url, cfg)
        # The configured replica belongs to the configured primary: a Database built for another URL (a test's,
        # a tool's) reads its replica only when one is passed.
        replica = read_url if read_url is not None else (cfg.read_database_url if url is None else None)
        self.replica_engine = make_engine(replica, cfg) if replica else None
        metrics.watch_pool(self.engine, "primary")
        if self.replica_engine is not None:
            metrics.watch_pool(self.replica_engine, "replica")
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._read = sessionmaker(self.engine, class_=ReadSession, expire_on_commit=False,
                                  info={DATABASE: self})
        self._replica_read = self._read if self.replica_engine is None else sessionmaker(
            self.replica_engine, class_=ReadSession, expire_on_commit=False, info={DATABASE: self})
        self._write = sessionmaker(self.engine.execution_options(writes=True), expire_on_commit=False)
        self._write_lock: AbstractContextManager[object] = (
            _WriterQueue(self.engine.url.database) if self.is_sqlite else nullcontext())
        self._writes = 0
        self._checkpointer: _Checkpointer | None = None

    def reading(self) -> Session:
        if prefer_replica.get():
            return self._replica_read()
        return self._read()

    def listing(self) -> Session:
        """A read session on the replica when there is one (a list or an auditor's read, which may lag a little),
        else on the primary. The audit events it records are still written to the primary."""
        return self._replica_read()

    @contextmanager
    def writing(self, connection: Connection | None = None) -> Iterator[Session]:
        """A session for a writing transaction. On SQLite, writers queue on a lock (across threads and worker
        processes) instead of spinning in SQLite's busy handler, whose back-off sleeps of up to 100 ms leave
        the single writer's slot idle after every commit. `connection`: one of this engine's, held by the caller
        (not in a transaction), to write on."""
        if self.is_sqlite and self._checkpointer is None and self.engine.url.database not in (None, "", ":memory:"):
            self._checkpointer = _Checkpointer(str(self.engine.url.database))
        bind = {} if connection is None else {"bind": connection.execution_options(writes=True)}
        with self._write_lock, self._write(**bind) as session:
            yield session
            if self.is_sqlite:
                self._refresh_stats(session)

    def _refresh_stats(self, session: Session) -> None:
        """Refresh SQLite's planner statistics as the data grows (after 1, 2, 4, 8 ... writes): without them
        it can pick the agency index for the history query and scan every encounter of the agency."""
        self._writes += 1
        if self._writes & (self._writes - 1) == 0:
            session.connection().exec_driver_sql("PRAGMA analysis_limit=1000")
            session.connection().exec_driver_sql("ANALYZE")
            session.commit()

    def audits_in_read(self, session: Session) -> bool:
        """Whether a reading session may write its audit events itself: on PostgreSQL's primary, not a replica
        (read-only) and not SQLite (see ReadSession)."""
        return not self.is_sqlite and session.get_bind() is self.engine

    def append_audit(self, rows: list[dict[str, Any]]) -> None:
        """Write audit events in a writing transaction of their own."""
        with self.writing() as s:
            s.execute(insert(AuditEvent), rows)
            s.commit()

    def upgrade(self) -> None:
        upgrade(self.url)

    def dispose(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.engine.dispose()
        metrics.unwatch_pool(self.engine, "primary")
        if self.replica_engine is not None:
            self.replica_engine.dispose()
            metrics.unwatch_pool(self.replica_engine, "replica")


class _Checkpointer:
    """Copies the WAL into the database file every second, on its own connection and thread, beside the
    writers (a PASSIVE checkpoint never blocks them), so no request waits on a checkpoint's fsync."""

    def __init__(self, path: str, every: float = 1.0) -> None:
        self.path, self.every = path, every
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, check_same_thread=False)
        try:
            while not self.done.wait(self.every):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            pass  # the database went away (a test's temporary file): the backstop checkpoint remains
        finally:
            conn.close()

    def stop(self) -> None:
        """Stop, and wait for a checkpoint under way: once disposed, nothing writes to the file (a copy of it is
        whole)."""
        self.done.set()
        if self.thread is not threading.current_thread():
            self.thread.join(timeout=10)


class _WriterQueue:
    """SQLite's one-writer-at-a-time, as a queue: a thread lock for this process, and an advisory lock on a
    file beside the database for the other worker processes (the kernel wakes the next one at once)."""

    def __init__(self, database: str | None) -> None:
        self.thread_lock = threading.Lock()
        self.path = f"{database}-writer.lock" if database and database != ":memory:" and fcntl else None
        self.fd: int | None = None

    def __enter__(self) -> None:
        self.thread_lock.acquire()
        if self.path is not None:
            if self.fd is None:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.thread_lock.release()


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class NotReady(Exception):
    """The database cannot serve requests: missing, unreachable, or behind the code's migrations."""


def sqlite_file_missing(url: str) -> str | None:
    """The path of a SQLite database file that does not exist yet (connecting would create it empty)."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:") and not Path(u.database).exists():
        return u.database
    return None


_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*(['"])(?P<rev>[\w-]+)\1\s*$""", re.M)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(?:None|(['"])(?P<rev>[\w-]+)\1)\s*$""", re.M)


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The code's newest migration. Read from each file's `revision = ...` and `down_revision = ...` lines: alembic's
    ScriptDirectory imports alembic and every migration (a tenth of a second or more, at every start and every
    /readyz); it is still asked when a file says something these lines cannot (a merge, a computed id)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.findall(source), _DOWN.search(source)
        if len(rev) != 1 or down is None:
            return _alembic_head()
        revisions.add(rev[0][1])
        if down["rev"]:
            downs.add(down["rev"])
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 and downs <= revisions else _alembic_head()


def _alembic_head() -> str:
    from alembic.script import ScriptDirectory

    cfg = alembic_config("sqlite://")
    return str(ScriptDirectory.from_config(cfg).get_current_head())


def current_revision(conn: Connection) -> str | None:
    """The migration the database is at (alembic's version table), or None before the first one."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(sorted(rows)) or None


def check_ready(engine: Engine) -> str:
    """The migration the database is at, which is the code's head; else NotReady says what to do."""
    shown = engine.url.render_as_string(hide_password=True)
    if path := sqlite_file_missing(engine.url.render_as_string(hide_password=False)):
        raise NotReady(f"there is no database at {path}: run `peerbill db upgrade` to create it")
    head = head_revision()
    try:
        with engine.connect() as conn:
            current = current_revision(conn)
    except SQLAlchemyError as exc:
        raise NotReady(f"the database {shown} does not answer ({type(exc).__name__}); "
                       "check PEERBILL_DATABASE_URL") from None
    if current != head:
        raise NotReady(f"the database {shown} is at migration {current or 'none'} and this version needs {head}: "
                       "run `peerbill db upgrade`")
    return head


def statistics_warning(engine: Engine) -> str | None:
    """What to tell the operator when PostgreSQL keeps no planner statistics by itself (autovacuum off): the
    service's key lookups are written to hold without them, but the auditors' lists and reports are planned
    from them."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        if conn.exec_driver_sql("SHOW autovacuum").scalar() != "off":
            return None
    return ("PostgreSQL runs with autovacuum off, so its planner statistics go stale as encounters arrive: turn "
            "it on, or run ANALYZE after large loads and daily (docs/deploy.md, \"Planner statistics on PostgreSQL\")")


def at_head(url: str) -> bool:
    """Whether the database at `url` exists and is already migrated to head (False when it cannot say)."""
    if sqlite_file_missing(url):
        return False
    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.connect() as conn:
            return current_revision(conn) == head_revision()
    except SQLAlchemyError:
        return False  # alembic, asked next, says what is wrong
    finally:
        engine.dispose()


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Migrate to `revision`; a database already at head is left alone without loading alembic (every SQLite
    start of `peerbill serve` asks)."""
    url = url or database_url()
    if revision == "head" and at_head(url):
        return
    from alembic import command

    command.upgrade(alembic_config(url), revision)
