"""Settings checks that span fields."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from monitor.settings import Settings


def test_lease_timeout_must_exceed_the_download_timeout() -> None:
    assert Settings(database_url="sqlite://").lease_timeout_seconds == 3600
    with pytest.raises(ValidationError, match="MONITOR_LEASE_TIMEOUT_SECONDS"):
        Settings(database_url="sqlite://", lease_timeout_seconds=30, download_timeout=30)


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///monitor.db", "postgresql+psycopg://u@db:5432/monitor"]
)
def test_supported_database_urls(url: str) -> None:
    assert Settings(database_url=url, reader_database_url=url).database_url == url


@pytest.mark.parametrize(
    "url",
    ["postgres://u@db/monitor", "mysql+pymysql://u@db/monitor", "postgresql+asyncpg://u@db/m"],
)
def test_other_databases_are_refused_at_start_up(url: str) -> None:
    # Each of these passed before and then failed with a traceback at the first query.
    with pytest.raises(ValidationError, match="SQLite or PostgreSQL with psycopg"):
        Settings(database_url=url)
    with pytest.raises(ValidationError, match="reader_database_url"):
        Settings(database_url="sqlite://", reader_database_url=url)


@pytest.mark.parametrize("delay", ["inf", "nan", "1e9", "601"])
def test_crawl_delay_is_bounded(delay: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # An unbounded delay was accepted, and then a crawl never finished its second request.
    monkeypatch.setenv("MONITOR_CRAWL_DELAY", delay)
    with pytest.raises(ValidationError, match="crawl_delay"):
        Settings(database_url="sqlite://")


def test_crawl_delay_of_ten_minutes_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_CRAWL_DELAY", "600")
    assert Settings(database_url="sqlite://").crawl_delay == 600
