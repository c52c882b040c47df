"""`monitor classify`: classify articles in the database, or JSON Lines without one."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import click


def _decode(raw: bytes, lineno: int) -> str:
    """Strict UTF-8 per line: a cp1251 file must fail naming its line, not classify mojibake."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"line {lineno}: not UTF-8 ({exc.reason} at byte {exc.start}); convert the file, "
            "e.g. iconv -f cp1251 -t utf-8"
        ) from exc
    return line.removeprefix("\ufeff") if lineno == 1 else line  # a BOM from Windows tools


def _checked(obj: object, lineno: int) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise click.ClickException(
            f"line {lineno}: expected a JSON object, got {type(obj).__name__}"
        )
    for name in ("title", "text", "lang", "url"):
        if obj.get(name) is not None and not isinstance(obj[name], str):
            raise click.ClickException(f"line {lineno}: field {name!r} must be a string")
    if obj.get("lang") not in (None, "ru", "kk", "en"):
        # Lexicons exist for these three only: another language would be silently 'none'.
        raise click.ClickException(
            f"line {lineno}: lang {obj['lang']!r} is not supported (use ru, kk or en, or leave it out)"
        )
    return obj


def _classify_jsonl(src: IO[bytes], out: IO[str]) -> int:
    """One output line per input line, same order. A bad line stops the run (exit 1) with its
    number: silently skipping would shift the caller's join on line order."""
    from monitor.classify import ArticleInput, classify_article

    n = 0
    for lineno, raw in enumerate(src, 1):
        line = _decode(raw, lineno)
        if not line.strip():
            raise click.ClickException(f"line {lineno}: empty line (expected a JSON object)")
        try:
            obj = _checked(json.loads(line), lineno)
            article = ArticleInput(
                id=obj["id"],
                outlet_country=obj["outlet_country"],
                title=obj.get("title") or "",
                text=obj.get("text") or "",
                lang=obj.get("lang"),
                url=obj.get("url"),
            )
            decision = classify_article(article)
        except json.JSONDecodeError as exc:
            raise click.ClickException(f"line {lineno}: not JSON ({exc.msg})") from exc
        except KeyError as exc:
            raise click.ClickException(f"line {lineno}: missing field {exc.args[0]!r}") from exc
        except (ValueError, TypeError, AttributeError) as exc:
            raise click.ClickException(f"line {lineno}: {exc}") from exc
        record = decision.to_json(article.id)
        record.pop("lang")
        record.pop("flags")
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


@click.command("classify")
@click.option(
    "--jsonl",
    "jsonl",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
    help="Classify this JSON Lines file ('-' = stdin) instead of the database.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="With --jsonl: write results here (default stdout).")  # fmt: skip
@click.option("--silent", is_flag=True, help="No progress bar.")
def classify(jsonl: Path | None, out: Path | None, silent: bool) -> None:
    """Decide about / mention / none of the other country for each article.

    Without --jsonl: every article in the database not yet classified by the current
    classifier version (prints how many). With --jsonl: input lines
    {"id", "outlet_country": "KZ"|"RU", "title", "text", "lang"?, "url"?}, output one line per
    input, same order: {"id", "target", "label", "score", "evidence": [...], "topics": [...]}.
    A malformed line stops the run with exit 1, naming the line.

    \b
    Example:
        monitor classify
        monitor classify --jsonl articles.jsonl --out decisions.jsonl
    """
    if out is not None and jsonl is None:
        raise click.UsageError("--out needs --jsonl (database results go to the database)")
    if jsonl is not None:
        # Bytes in, decoded per line (strict UTF-8), so that errors name their line. The stack
        # closes the input also when the output cannot be opened.
        with ExitStack() as files:
            src = sys.stdin.buffer if str(jsonl) == "-" else files.enter_context(jsonl.open("rb"))
            dst = (
                sys.stdout if out is None else files.enter_context(out.open("w", encoding="utf-8"))
            )
            n = _classify_jsonl(src, dst)
        click.echo(f"classified {n} articles", err=True)
        return
    from monitor.classify import run_classify
    from monitor.cli.common import engine_from, load_settings

    settings = load_settings()
    engine = engine_from(settings)
    try:
        n = run_classify(engine, settings, progress=not silent and sys.stderr.isatty())
    finally:
        engine.dispose()
    click.echo(str(n))
