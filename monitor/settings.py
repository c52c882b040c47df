"""The one reader of the environment: every `MONITOR_*` variable, typed and validated.

A bad value fails at start-up naming the variable (pydantic-settings does that), instead of
silently falling back to a default the operator did not ask for.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SOURCES = Path(__file__).with_name("sources.toml")


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
    crawl_delay: float = Field(default=1.0, ge=0)
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
    # Set to use a shared Redis frontier for several crawl workers (scale-out).
    redis_url: str | None = None
    # Port of the service's /healthz and /metrics endpoint.
    http_port: int = Field(default=9410, ge=0, le=65535)
    # Password of the read-only PostgreSQL role for analysts; the role is skipped when unset.
    reader_password: str | None = None
    # Name of that role; another name lets two deployments share one PostgreSQL cluster.
    reader_role: str = Field(default="monitor_reader", pattern=r"^[a-z_][a-z0-9_]{0,62}$")

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
