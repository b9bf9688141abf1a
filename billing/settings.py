"""Every setting of Peerbill in one place: environment variables named PEERBILL_<FIELD> (upper case), read and
validated when a process starts. `peerbill settings` prints the table `docs/configuration.md` holds (a test fails
when the two differ), and `peerbill settings` validates the environment and prints it without starting anything.

The names the service read before this module existed (PEERBILL_DATABASE_URL, PEERBILL_MAX_BODY_BYTES,
PEERBILL_MAX_X12_BYTES, PEERBILL_CONSOLE_IDLE_MINUTES, PEERBILL_RULES_DIR) are fields here under the same name.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

MiB = 1024 * 1024
PREFIX = "PEERBILL_"
ROLES = ("ehr", "billing", "auditor", "admin")


def _csv(value: object) -> object:
    """A comma-separated environment value as a list (JSON lists are accepted too)."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json

            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


# SQLAlchemy's own pattern for a URL (sqlalchemy/engine/url.py, _parse_url).
_URL = re.compile(r"""
    (?P<name>[\w\+]+)://
    (?:(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@)?
    (?:(?:\[(?P<ipv6host>[^/\?]+)\]|(?P<ipv4host>[^/:\?]+))?(?::(?P<port>[^/\?]*))?)?
    (?:/(?P<database>[^\?]*))?
    (?:\?(?P<query>.*))?
    """, re.X)


def backend_name(url: str) -> str:
    """The database a URL names (`sqlite`, `postgresql`), as SQLAlchemy's `make_url(url).get_backend_name()`.
    A plain URL is read with SQLAlchemy's own pattern: importing SQLAlchemy would cost every command, even
    `peerbill --help`, a fifth of a second; anything else is left to SQLAlchemy and its errors."""
    m = _URL.match(url)
    if m is not None and (not m["port"] or (m["port"].isascii() and m["port"].isdigit())):
        return m["name"].split("+")[0]
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).get_backend_name()
    except ArgumentError:
        raise ValueError("not a database URL (e.g. postgresql+psycopg://user:pw@host:5432/db)") from None


def _database(value: str | None) -> str | None:
    if value is None:
        return None
    backend = backend_name(value)
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(f"Peerbill runs on sqlite or postgresql, not {backend}")
    if backend == "postgresql" and importlib.util.find_spec("psycopg") is None:
        raise ValueError("PostgreSQL needs its driver: pip install 'peerbill[postgres]'")
    return value


class Settings(BaseSettings):
    """Peerbill's settings. Each field's description is its documentation (docs/configuration.md)."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, case_sensitive=False, extra="ignore",
                                      validate_default=True)

    # --- database -----------------------------------------------------------------------------------------
    database_url: str = Field("sqlite:///peerbill.db", description=(
        "The database: `sqlite:///path.db` or `postgresql+psycopg://user:password@host:5432/name`."))
    read_database_url: str | None = Field(None, description=(
        "A read replica (PostgreSQL streaming standby). When set, auditors' reads and list endpoints read from "
        "it; writes, single-object reads, key checks and idempotency stay on the primary. A replica lags: a "
        "list may miss the last seconds of writes."))
    db_pool_size: int = Field(10, ge=1, le=1000, description=(
        "PostgreSQL connections each process keeps open (per engine: the replica has its own pool). Keep "
        "processes x (pool size + overflow) within the server's `max_connections` (docs/deploy.md)."))
    db_max_overflow: int = Field(20, ge=0, le=1000, description=(
        "Extra PostgreSQL connections a process may open beyond the pool under load, closed when returned."))
    db_pool_timeout: float = Field(30.0, gt=0, le=600, description=(
        "Seconds a request waits for a free pooled connection before it fails."))
    db_pool_recycle: int = Field(1800, ge=-1, description=(
        "Seconds after which a pooled PostgreSQL connection is replaced (-1: never); keep below any idle "
        "timeout of a proxy or PgBouncer in front of the database."))

    # --- requests -----------------------------------------------------------------------------------------
    max_body_bytes: int = Field(8 * MiB, ge=1024, description=(
        "Largest JSON request body, refused with 413 before it is read (a 1,000-encounter batch is about 2 MB)."))
    max_x12_bytes: int = Field(32 * MiB, ge=1024, description=(
        "Largest X12 file uploaded to `POST /v1/responses`, refused with 413 before it is read."))
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list, description=(
        "Browser origins allowed to call the API (comma-separated, e.g. `https://ehr.example`); empty: no "
        "CORS headers, so browsers on other origins cannot call it."))

    # --- rate limits --------------------------------------------------------------------------------------
    rate_limit_enabled: bool = Field(True, description="Limit each API key's request rate (429 with Retry-After).")
    rate_limit_ehr: float = Field(6000, gt=0, description=(
        "Requests per minute an `ehr` key may make in each process, as a token bucket refilled continuously "
        "(100 a second: an EHR streaming 1,000-item batches sends a few a second at most)."))
    rate_limit_billing: float = Field(6000, gt=0, description="Requests per minute for a `billing` key.")
    rate_limit_auditor: float = Field(3000, gt=0, description="Requests per minute for an `auditor` key.")
    rate_limit_admin: float = Field(1200, gt=0, description="Requests per minute for an `admin` key.")
    rate_limit_burst_seconds: float = Field(60, gt=0, le=3600, description=(
        "Bucket size, in seconds of the role's rate: how many requests a key may send at once after being "
        "idle (60: a minute's worth, e.g. 6,000 requests of an ehr key: one-item posts or 1,000-item batches)."))

    # --- keys, sessions, idempotency ----------------------------------------------------------------------
    key_cache_seconds: float = Field(30, ge=0, le=3600, description=(
        "How long a process remembers a verified key's role and agencies (revocation and expiry are checked "
        "on every request regardless); 0 verifies the key's hash on every request."))
    key_cache_size: int = Field(10_000, ge=1, description="Keys a process remembers at most (then it starts over).")
    idempotency_retention_hours: float = Field(24, gt=0, description=(
        "How long an `Idempotency-Key`'s stored answer is kept: `peerbill db purge` deletes older ones "
        "(run it daily); a key resent after that is processed again (encounters stay deduplicated by id)."))
    console_idle_minutes: float = Field(30, gt=0, le=24 * 60, description=(
        "The web console's session ends after this many idle minutes."))

    # --- logs, metrics, tracing ---------------------------------------------------------------------------
    log_format: Literal["text", "json"] = Field("text", description=(
        "`json`: one JSON object per line (time, level, logger, message, request_id, route, status, "
        "latency_ms, key_id), for a log shipper; `text`: one readable line."))
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Level of Peerbill's loggers.")
    metrics_enabled: bool = Field(True, description=(
        "Serve Prometheus metrics at `/metrics` (with several workers, set `PROMETHEUS_MULTIPROC_DIR`; "
        "`peerbill serve` does so itself)."))
    tracing_enabled: bool = Field(False, description=(
        "OpenTelemetry tracing of requests and SQL (needs `pip install 'peerbill[tracing]'`)."))
    tracing_exporter: Literal["otlp", "console"] = Field("otlp", description=(
        "Where spans go: `otlp` (OTLP over HTTP; `OTEL_EXPORTER_OTLP_ENDPOINT` and the other standard OTEL_* "
        "variables apply) or `console` (stdout, to try it)."))
    service_name: str = Field("peerbill", min_length=1, description="The service name on spans and in JSON logs.")

    # --- processes ----------------------------------------------------------------------------------------
    workers: int = Field(1, ge=1, le=64, description=(
        "`peerbill serve` worker processes (one per core is a good start); `--workers` overrides it."))
    worker_healthcheck_timeout: int = Field(60, ge=5, le=3600, description=(
        "Seconds uvicorn's supervisor (`peerbill serve` with 2 or more workers) waits for a worker to answer a "
        "health-check ping, a starting worker's first ones included, before it kills and replaces the worker; "
        "uvicorn's own default, 5, made workers still starting on a busy machine be killed in a loop."))
    webhook_concurrency: int = Field(8, ge=1, le=256, description="Webhook deliveries in flight per worker.")
    webhook_timeout: float = Field(10.0, gt=0, le=120, description=(
        "Seconds an endpoint has to answer each webhook delivery attempt."))
    jobs_concurrency: int = Field(2, ge=0, le=64, description=(
        "Background jobs each worker runs at once (`peerbill worker --jobs` overrides it; 0 runs none)."))
    jobs_lease_seconds: float = Field(60, ge=1, le=3600, description=(
        "A job's lease: heartbeats renew it every third of it; a worker that dies loses its job to the next "
        "worker after this long."))
    jobs_max_attempts: int = Field(5, ge=1, le=100, description="Leases a job gets before it is failed for good.")
    jobs_backoff_seconds: float = Field(10, ge=0, le=3600, description=(
        "First retry delay of a failed job, doubled per attempt, at most an hour."))
    jobs_build_async_encounters: int = Field(5000, ge=0, description=(
        "A claim build over more candidate encounters than this runs as a background job (202 + a job)."))
    jobs_x12_async_bytes: int = Field(MiB, ge=0, description=(
        "An uploaded response file larger than this is ingested by a background job (202 + a job)."))
    jobs_whatif_async_encounters: int = Field(20_000, ge=0, description=(
        "A what-if over more stored encounters than this runs as a background job (202 + a job)."))
    filing_watch_days: int = Field(30, ge=0, le=365, description=(
        "The daily timely-filing watch, queued by the job runner once a day: `encounter.at_filing_risk` for "
        "encounters within this many days of their deadline (0 turns it off)."))
    code_lists_dir: Path | None = Field(None, description=(
        "Where `peerbill codes refresh` writes the complete CARC, RARC and claim status lists and where they are "
        "read from (default: billing/data/codes in the installed package; set it where that is read-only)."))
    rules_dir: Path | None = Field(None, description=(
        "A folder of rule packs to use instead of the shipped ones (to try draft packs)."))

    @field_validator("database_url")
    @classmethod
    def _check_database(cls, v: str) -> str:
        return _database(v) or v

    @field_validator("read_database_url")
    @classmethod
    def _check_replica(cls, v: str | None) -> str | None:
        return _database(v or None)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split(cls, v: object) -> object:
        return _csv(v)

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, v: list[str]) -> list[str]:
        for origin in v:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise ValueError(f"{origin!r} is not an origin (scheme://host[:port])")
        return v

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, v: object) -> object:
        return v.upper() if isinstance(v, str) else v

    @field_validator("rules_dir")
    @classmethod
    def _rules_dir(cls, v: Path | None) -> Path | None:
        if v is not None and not v.is_dir():
            raise ValueError(f"{v} is not a folder")
        return v

    @model_validator(mode="after")
    def _replica_same_engine(self) -> Settings:
        if self.read_database_url and backend_name(self.read_database_url) != backend_name(self.database_url):
            raise ValueError("PEERBILL_READ_DATABASE_URL must be the same kind of database as PEERBILL_DATABASE_URL")
        return self

    def rate_per_minute(self, role: str) -> float:
        return float(getattr(self, f"rate_limit_{role}"))


class SettingsError(Exception):
    """The environment holds an invalid setting; the message names each variable and what is wrong."""


def load() -> Settings:
    """The settings from the environment, read afresh (a test may change a variable between two calls)."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError(describe(exc)) from None


def describe(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) if err["loc"] else ""
        name = PREFIX + field.upper() if field else "settings"
        lines.append(f"{name}: {err['msg'].removeprefix('Value error, ')}")
    return "invalid settings:\n  " + "\n  ".join(lines)


def markdown_table() -> str:
    """The settings as a Markdown table: variable, type, default, meaning."""
    rows = ["| Variable | Type | Default | Meaning |", "|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        shown = "(none)" if default in (None, []) else f"`{default}`"
        kind = _type_name(field.annotation)
        rows.append(f"| `{PREFIX}{name.upper()}` | {kind} | {shown} | {field.description} |")
    return "\n".join(rows)


def _type_name(annotation: object) -> str:
    text = str(annotation).replace("typing.", "").replace("pathlib.", "").replace("<class '", "").replace("'>", "")
    text = text.replace("list[str]", "list of str (comma-separated)")
    return text.replace("Literal", "one of ").replace("| None", "(optional)").replace("|", "\\|")


DOC_HEADER = """# Configuration

Peerbill reads its settings from environment variables when a process starts (`peerbill serve`, `peerbill
worker`, every CLI command), validates them all at once and refuses to start with a message naming each bad
variable. `peerbill settings` validates the environment and prints the values in force (passwords hidden).

This table is generated from `billing/settings.py` by `peerbill settings --markdown > docs/configuration.md`;
`tests/test_settings.py` fails when it is out of date.

"""


def document() -> str:
    return DOC_HEADER + markdown_table() + "\n"
