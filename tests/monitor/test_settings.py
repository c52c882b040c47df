"""Settings checks that span fields."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from monitor.settings import Settings


def test_lease_timeout_must_exceed_the_download_timeout() -> None:
    assert Settings(database_url="sqlite://").lease_timeout_seconds == 3600
    with pytest.raises(ValidationError, match="MONITOR_LEASE_TIMEOUT_SECONDS"):
        Settings(database_url="sqlite://", lease_timeout_seconds=30, download_timeout=30)
