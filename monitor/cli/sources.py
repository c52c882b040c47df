"""`monitor sources list|check`: the registry as configured, and each feed's state now."""

from __future__ import annotations

import json
import sys

import click

from monitor.cli.common import load_settings


def _registry() -> list:  # type: ignore[type-arg]
    from monitor.sources import RegistryError, load_registry

    settings = load_settings()
    try:
        return load_registry(settings.sources)
    except RegistryError as exc:
        raise click.UsageError(str(exc)) from exc


@click.group()
def sources() -> None:
    """The source registry (MONITOR_SOURCES, default: the bundled monitor/sources.toml).

    \b
    Example:
        monitor sources list --json
        monitor sources check       # fetch each feed once and report its state
    """


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
def list_sources(as_json: bool) -> None:
    """List every source and its feeds and news sitemaps.

    \b
    Example:
        monitor sources list
        monitor sources list --json | jq '.[] | select(.country == "KZ") | .id'
    """
    specs = _registry()
    if as_json:
        payload = [
            {
                "id": s.id,
                "name": s.name,
                "country": s.country,
                "languages": list(s.languages),
                "kind": s.kind,
                "fulltext": s.fulltext,
                "homepage": s.homepage,
                "feeds": [
                    {"url": f.url, "lang": f.lang, "kind": f.kind, "alternates": list(f.alternates)}
                    for f in s.all_feeds
                ],
            }
            for s in specs
        ]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    width = max(len(s.id) for s in specs)  # ids as long as 'siberian-observer' stay aligned
    for s in specs:
        click.echo(
            f"{s.id:<{width}} {s.country} {s.kind or '-':<14} {','.join(s.languages):<9} {s.name}"
        )
        for f in s.all_feeds:
            click.echo(f"    {f.kind:<7} {f.lang or 'mixed':<5} {f.url}")


@sources.command("check")
@click.option(
    "--source", "source_ids", multiple=True, metavar="ID", help="Only this source (repeatable)."
)
def check(source_ids: tuple[str, ...]) -> None:
    """Fetch each feed once (a real crawl, no article pages) and report its state.

    Items found are stored like in any crawl. Exits 1 when every feed failed.

    \b
    Example:
        monitor sources check --source tengrinews --source tass
    """
    settings = load_settings()
    from monitor.crawl import run_crawl
    from monitor.sources import RegistryError

    try:
        summary = run_crawl(settings, list(source_ids) or None, fetch_articles=False)
    except (RegistryError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    for outcome in sorted(summary.feeds, key=lambda o: (o.source_id, o.url)):
        state = "OK  " if outcome.ok else "FAIL"
        click.echo(f"{state} {outcome.line()}")
    click.echo(
        f"{len(summary.feeds) - len(summary.failed)} ok, {len(summary.failed)} failed", err=True
    )
    if summary.all_failed:
        sys.exit(1)
