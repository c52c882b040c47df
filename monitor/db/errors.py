"""Database errors as one readable line for operators (CLI and crawl summaries)."""

from __future__ import annotations


def database_problem(exc: Exception) -> str:
    """One readable line for a database error, with the likely fix."""
    lines = str(getattr(exc, "orig", exc)).strip().splitlines()
    detail = lines[0] if lines else type(exc).__name__
    if "no such table" in detail or ("relation" in detail and "does not exist" in detail):
        return f"the database has no schema yet ({detail}): run `monitor db upgrade`"
    return f"database error: {detail} — check MONITOR_DATABASE_URL and that the server is running"
