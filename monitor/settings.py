"""The one reader of the environment: every `MONITOR_*` variable, typed and validated.

A bad value fails at start-up naming the variable (pydantic-settings does that), instead of
silently falling back to a default the operator did not ask for.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SOURCES = Path(__file__).with_name("sources.toml")
# (backend, driver) of the database URLs the monitor accepts.
SUPPORTED_DRIVERS = {("sqlite", "pysqlite"), ("postgresql", "psycopg")}


class Settings(BaseSettings):
    """Runtime configuration. Build one per process (no module-level singleton)."""

    model_config = SettingsConfigDict(env_prefix="MONITOR_", extra="ignore")

    # SQLite in the working directory: zero setup for a first run; production sets PostgreSQL.
    database_url: str = "sqlite:///monitor.db"
    # The registry of outlets and their feeds.
    sources: Path = DEFAULT_SOURCES
    # Off by default: a feed must not be able to point the crawler at an intranet (SSRF).
    allow_private_networks: bool = False
    # Seconds between two requests to one host: polite enough for news sites that rate-limit.
    # At most 10 minutes (one crawl interval): above that a value is a typo (ms for s), and
    # `inf` or 1e9 made every crawl wait forever on its second request to a host.
    crawl_delay: float = Field(default=1.0, ge=0, le=600, allow_inf_nan=False)
    # Named in every request so that site owners can tell who we are and reach us.
    user_agent: str = (
        "kzru-monitor/0.1 (+https://github.com/kzru-monitor/monitor; research crawler)"
    )
    contact_url: str = "https://github.com/kzru-monitor/monitor"
    # Feeds above this are refused: real news feeds are well below 10 MB.
    max_response_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    download_timeout: float = Field(default=30.0, gt=0)
    # Where weekly reports are archived as files (also stored in the database).
    reports_dir: Path = Path("reports_out")
    # Weeks are ISO weeks in this time zone; Almaty is UTC+5 all year (no DST since 2024).
    report_timezone: str = "Asia/Almaty"
    # Cron for the weekly report job (Monday 06:00 in report_timezone).
    report_cron: str = "0 6 * * mon"
    # Set to use a shared Redis frontier for several crawl workers (scale-out): the scheduler
    # then dispatches due feeds to Redis and `monitor worker` processes crawl them.
    redis_url: str | None = None
    # Prefix of every Redis key of the frontier, so that two deployments (or tests) can share
    # one Redis without seeing each other's queues.
    redis_prefix: str = Field(default="kzru", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    # A worker renews its liveness key this often x3; when the key lapses (SIGKILL, crash, lost
    # machine) the other workers put its in-flight requests back on the frontier. Long enough
    # that a GC pause or a slow Redis round trip does not declare a live worker dead.
    worker_heartbeat_seconds: float = Field(default=30.0, gt=0)
    # A lease older than this goes back to the queue even though its worker is alive: a worker
    # whose reactor hangs keeps heartbeating from its thread and would hold its requests forever.
    # A lease covers more than a download: up to 16 requests wait in a worker's host slots, one
    # host at a time, up to AUTOTHROTTLE_MAX_DELAY (60 s) apart, each up to download_timeout
    # (30 s), then the store: ~25 min in the worst case. One hour stays clear of that, and a
    # too-early expiry only costs a second fetch (the store deduplicates).
    lease_timeout_seconds: float = Field(default=3600.0, gt=0)
    # Port of the service's /healthz and /metrics endpoint.
    http_port: int = Field(default=9410, ge=0, le=65535)
    # Password of the read-only PostgreSQL role for analysts; the role is skipped when unset.
    reader_password: str | None = None
    # Name of that role; another name lets two deployments share one PostgreSQL cluster.
    reader_role: str = Field(default="monitor_reader", pattern=r"^[a-z_][a-z0-9_]{0,62}$")
    # `monitor sql` and `monitor export` connect here when set (e.g. as monitor_reader): a
    # read-only transaction stops writes, but only a role without privileges stops a
    # superuser's pg_read_file or COPY TO a server file.
    reader_database_url: str | None = None
    # Upper bound on one `monitor sql`/`monitor export` statement (PostgreSQL): an analyst's
    # accidental cross join must not load the production database for hours.
    sql_timeout_seconds: float = Field(default=300.0, gt=0)

    # --- the scheduled service (`monitor serve`) ---
    # Address of /healthz and /metrics. Loopback by default: metrics are not for the internet;
    # the container sets 0.0.0.0 so that the compose healthcheck and Prometheus can reach it.
    http_host: str = "127.0.0.1"
    # Minutes between two crawl runs. Each run only fetches feeds that are due (adaptive polling
    # decides per feed between ~10 min and 6 h), so 10 min is the finest useful grain.
    # A float so that tests can use a second or two.
    crawl_interval_minutes: float = Field(default=10.0, gt=0)
    # A crawl subprocess still running after this is killed: a hung site must not stall the
    # schedule forever. 30 min is several times a normal full crawl of the registry.
    crawl_timeout_seconds: float = Field(default=1800.0, gt=0)
    # The command a crawl job runs; unset = `python -m monitor crawl --due --quiet` with this
    # interpreter. A subprocess per crawl because Scrapy's reactor cannot restart in one process,
    # and a subprocess isolates memory growth and crashes and can be killed on timeout.
    # Tests set a fake command (JSON list in the environment).
    crawl_command: list[str] | None = None
    # A run missed by up to this many seconds (service down, machine asleep) still runs once on
    # start (coalesced); older misses are skipped: the next regular crawl comes soon anyway.
    misfire_grace_seconds: int = Field(default=3600, ge=1)
    # The weekly report is worth producing late: up to two days after its cron time.
    report_misfire_grace_seconds: int = Field(default=2 * 24 * 3600, ge=1)
    # A standby `monitor serve` tries to take the scheduler lock this often (seconds); it is
    # also how often the active one checks that it still holds the lock.
    lock_poll_seconds: float = Field(default=15.0, gt=0)

    @field_validator("database_url", "reader_database_url")
    @classmethod
    def _parsable_url(cls, value: str | None) -> str | None:
        # Fail at start-up naming the variable, not with a SQLAlchemy traceback at first use.
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        if value is None:
            return value
        example = "e.g. sqlite:///monitor.db or postgresql+psycopg://user@host:5432/db"
        try:
            url = make_url(value)
        except ArgumentError as exc:
            # The value is not echoed: it may carry a password.
            raise ValueError(f"not a database URL ({example})") from exc
        # The schema, its migrations and the locks exist for these two only; any other URL
        # (a Heroku-style postgres://, mysql://, an async driver) would fail with a traceback
        # on first use, after the service had started.
        backend, _, driver = url.drivername.partition("+")
        if not driver and backend in ("sqlite", "postgresql"):
            # The default driver: pysqlite; psycopg from SQLAlchemy 2.1 on, psycopg2 before.
            driver = url.get_dialect().driver
        if (backend, driver) not in SUPPORTED_DRIVERS:
            raise ValueError(
                f"the monitor runs on SQLite or PostgreSQL with psycopg, not {url.drivername!r} "
                f"({example})"
            )
        return value

    @field_validator("report_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name such as Asia/Almaty)"
            ) from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.report_timezone)

    @model_validator(mode="after")
    def _lease_outlives_a_download(self) -> Settings:
        # Below the download timeout, every slow download would be re-queued while in flight.
        if self.lease_timeout_seconds <= self.download_timeout:
            raise ValueError(
                f"MONITOR_LEASE_TIMEOUT_SECONDS ({self.lease_timeout_seconds:g}) must exceed "
                f"MONITOR_DOWNLOAD_TIMEOUT ({self.download_timeout:g}); keep it far above"
            )
        return self
