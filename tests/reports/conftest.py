"""Fixtures for the report tests: settings with a temporary reports dir, the synthetic week."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from monitor.settings import Settings
from reports.build import build_report
from reports.weeks import parse_week
from tests.reports.factory import WEEK, populate

# A Wednesday after the synthetic week: W47 is complete, W48 is the current week.
NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(reports_dir=tmp_path / "reports", report_timezone="Asia/Almaty")


@pytest.fixture
def populated(engine: Engine) -> Engine:
    populate(engine)
    return engine


@pytest.fixture
def report(populated: Engine, settings: Settings) -> dict[str, Any]:
    return build_report(populated, settings, parse_week(WEEK), now=NOW)
