"""Helpers for end-to-end crawl tests: a registry file pointing at the fixture server, and
`python -m monitor …` run as a subprocess exactly as the scheduler runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def write_registry(path: Path, sources: Sequence[dict[str, Any]]) -> Path:
    """Write a registry TOML; each source: id, feeds [(url, lang)], optional fulltext/sitemaps."""
    lines: list[str] = []
    for src in sources:
        lines += [
            "[[sources]]",
            f'id = "{src["id"]}"',
            f'name = "{src.get("name", src["id"])}"',
            f'country = "{src.get("country", "KZ")}"',
            f"languages = {src.get('languages', ['ru'])!r}".replace("'", '"'),
            'homepage = "https://example.org"',
            f"fulltext = {'true' if src.get('fulltext', True) else 'false'}",
        ]
        feeds = ", ".join(
            f'{{ url = "{url}", lang = "{lang}" }}' if lang else f'{{ url = "{url}" }}'
            for url, lang in src.get("feeds", [])
        )
        lines.append(f"feeds = [{feeds}]")
        if src.get("sitemaps"):
            sitemaps = ", ".join(f'{{ url = "{u}" }}' for u in src["sitemaps"])
            lines.append(f"sitemaps = [{sitemaps}]")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def monitor_env(db_url: str, registry: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(REPO),
        MONITOR_DATABASE_URL=db_url,
        MONITOR_SOURCES=str(registry),
        MONITOR_ALLOW_PRIVATE_NETWORKS="true",
        MONITOR_CRAWL_DELAY="0",
    )
    env.update(extra)
    return env


def monitor_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "monitor", *args]


def run_monitor(
    db_url: str, registry: Path, *args: str, timeout: float = 120, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        monitor_cmd(*args),
        env=monitor_env(db_url, registry, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )
