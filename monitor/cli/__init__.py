"""The `monitor` command. Each verb lives in its own module, imported only when used,
so that `monitor --help` and `monitor status` do not pay for importing Scrapy.

Data goes to stdout, logs and progress to stderr; exit codes: 0 ok, 1 failed, 2 usage.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
from pathlib import Path
from typing import Any

import click

from monitor import __version__

# verb -> "module:attribute"; the module owns the verb's options, help and example.
COMMANDS: dict[str, str] = {
    "db": "monitor.cli.db:db",
    "sources": "monitor.cli.sources:sources",
    "crawl": "monitor.cli.crawl:crawl",
    "classify": "monitor.cli.classify:classify",
    "report": "monitor.cli.report:report",
    "serve": "monitor.cli.serve:serve",
    "status": "monitor.cli.status:status",
    "demo": "monitor.cli.demo:demo",
    "sql": "monitor.cli.sql:sql",
    "export": "monitor.cli.export:export",
    "worker": "monitor.cli.worker:worker",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._available(cmd_name):
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        # A database that is unreachable or not migrated is an operator's problem, not a bug:
        # say what and how to fix it in one line instead of a traceback (exit 1).
        from sqlalchemy.exc import OperationalError, ProgrammingError

        from monitor.db.errors import database_problem

        try:
            return super().invoke(ctx)
        except (OperationalError, ProgrammingError) as exc:
            raise click.ClickException(database_problem(exc)) from exc
        except OSError as exc:
            # A file that cannot be read or written (a read-only reports directory, a missing
            # input, --out into a directory that is not there) is the user's to fix: name the
            # path and the reason. Errors without a path (network, pipes) keep their traceback.
            if exc.filename is None:
                raise
            logging.getLogger("monitor").debug("file error", exc_info=True)
            raise click.ClickException(f"{exc.filename}: {exc.strerror or exc}") from exc

    @staticmethod
    def _available(name: str) -> bool:
        module_name = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module_name) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="monitor")
@click.option(
    "--log-level",
    default="INFO",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
)
@click.option(
    "--log-format",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json"]),
    help="json: one JSON object per log line, for log shippers.",
)
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Source registry to use instead of MONITOR_SOURCES (default: the bundled one).",
)
@click.pass_context
def main(ctx: click.Context, log_level: str, log_format: str, sources_file: Path | None) -> None:
    """Kazakhstan–Russia media-attention monitor.

    \b
    Example:
        monitor demo          # the whole pipeline, offline, on bundled sample feeds
        monitor db upgrade && monitor crawl && monitor classify && monitor report
        monitor --sources my-outlets.toml sources list
    """
    from monitor.logs import setup_logging

    setup_logging(log_level.upper(), log_format)
    if sources_file is not None:
        # Through the environment, so that every setting reader in this process and the crawl
        # subprocesses `serve` starts see the same registry.
        os.environ["MONITOR_SOURCES"] = str(sources_file.resolve())
    ctx.ensure_object(dict)


def run(*args: Any) -> None:  # pragma: no cover - convenience for `python -m monitor`
    main(*args)
