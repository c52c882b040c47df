"""`monitor status [--json]`: feed health per source, from the database only."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import click
from sqlalchemy import Engine, func, select

from monitor.cli.common import engine_from, load_settings
from monitor.db.models import Article, Feed, JobRun, Source, utcnow


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def collect_status(engine: Engine, now: datetime | None = None) -> dict[str, Any]:
    """The status document (`monitor status --json`): per source and per feed."""
    now = now or utcnow()
    day_ago = now - timedelta(hours=24)
    with engine.connect() as conn:
        per_feed = dict(
            conn.execute(select(Article.feed_id, func.count()).group_by(Article.feed_id)).all()
        )
        per_feed_24h = dict(
            conn.execute(
                select(Article.feed_id, func.count())
                .where(Article.first_seen_at >= day_ago)
                .group_by(Article.feed_id)
            ).all()
        )
        per_source = dict(
            conn.execute(select(Article.source_id, func.count()).group_by(Article.source_id)).all()
        )
        source_rows = conn.execute(select(Source).order_by(Source.country, Source.id)).all()
        feed_rows = conn.execute(select(Feed).order_by(Feed.source_id, Feed.id)).all()
        last_runs = conn.execute(select(JobRun).order_by(JobRun.started_at.desc()).limit(20)).all()
    feeds_by_source: dict[str, list[dict[str, Any]]] = {}
    for f in feed_rows:
        feeds_by_source.setdefault(f.source_id, []).append(
            {
                "url": f.url,
                "kind": f.kind,
                "lang": f.lang,
                "active": bool(f.active),
                "articles": int(per_feed.get(f.id, 0)),
                "items_24h": int(per_feed_24h.get(f.id, 0)),
                "last_status": f.last_status,
                "last_error": f.last_error,
                "consecutive_failures": int(f.consecutive_failures or 0),
                "last_fetched": _iso(f.last_fetched_at),
                "last_success": _iso(f.last_success_at),
                "next_due": _iso(f.next_due_at),
                "poll_interval_s": f.poll_interval_s,
            }
        )
    seen_jobs: set[str] = set()
    runs = []
    for r in last_runs:
        if r.job not in seen_jobs:
            seen_jobs.add(r.job)
            runs.append(
                {
                    "job": r.job,
                    "started_at": _iso(r.started_at),
                    "finished_at": _iso(r.finished_at),
                    "ok": r.ok,
                    "summary": r.summary,
                }
            )
    return {
        "generated_at": now.isoformat(),
        "sources": [
            {
                "id": s.id,
                "name": s.name,
                "country": s.country,
                "articles": int(per_source.get(s.id, 0)),
                "feeds": feeds_by_source.get(s.id, []),
            }
            for s in source_rows
        ],
        "last_runs": runs,
    }


def _short(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "never"


@click.command()
@click.option("--json", "as_json", is_flag=True, help="The status as one JSON document on stdout.")
def status(as_json: bool) -> None:
    """Feed health: last success, last error, failures in a row, items in 24 h, next due.

    Times are UTC (the JSON gives them with their offset).

    \b
    Example:
        monitor status
        monitor status --json | jq '.sources[].feeds[] | select(.consecutive_failures > 3)'
    """
    engine = engine_from(load_settings())
    try:
        doc = collect_status(engine)
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    if not doc["sources"]:
        click.echo("no sources yet: run `monitor crawl` (it syncs the registry first)", err=True)
    else:
        click.echo("feeds (times UTC; reports use MONITOR_REPORT_TIMEZONE):", err=True)
    width = max((len(src["id"]) for src in doc["sources"]), default=0)
    for src in doc["sources"]:
        for f in src["feeds"]:
            if not f["active"]:
                continue
            error = f" error: {f['last_error']}" if f["last_error"] else ""
            click.echo(
                f"{src['id']:<{width}} {src['country']} last ok {_short(f['last_success']):<16} "
                f"status {f['last_status'] or '-':<4} fails {f['consecutive_failures']:<2} "
                f"24h {f['items_24h']:<4} next {_short(f['next_due']):<16} {f['url']}{error}"
            )
    for run in doc["last_runs"]:
        click.echo(
            f"last {run['job']}: {_short(run['started_at'])} ok={run['ok']} {run['summary'] or ''}"
        )
