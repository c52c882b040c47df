"""Helpers shared by the CLI verbs: settings with usage errors, and the engine."""

from __future__ import annotations

import click
from pydantic import ValidationError
from sqlalchemy import Engine

from monitor.db.engine import make_engine
from monitor.settings import Settings


def load_settings() -> Settings:
    """Settings from the environment; a bad value is a usage error naming the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"MONITOR_{'_'.join(str(p) for p in err['loc']).upper()}: "
            # pydantic prefixes the message of a validator's ValueError; the reader needs only it
            + err["msg"].removeprefix("Value error, ")
            for err in exc.errors()
        )
        raise click.UsageError(f"bad setting: {problems}") from exc


def engine_from(settings: Settings) -> Engine:
    return make_engine(settings.database_url)


def readonly_engine_from(settings: Settings) -> Engine:
    """A read-only engine for `monitor sql` and `monitor export`; problems as CLI errors."""
    from monitor.db.readonly import ReadOnlyUnsupported, readonly_engine

    try:
        return readonly_engine(settings.reader_database_url or settings.database_url)
    except ReadOnlyUnsupported as exc:
        raise click.UsageError(f"{exc} (MONITOR_DATABASE_URL)") from exc
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
