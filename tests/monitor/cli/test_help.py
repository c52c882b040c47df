"""Every verb's and sub-verb's --help ends its text with an Example block (STYLE.md)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from monitor.cli import COMMANDS, main


def _paths() -> list[list[str]]:
    ctx = click.Context(main)
    paths: list[list[str]] = []
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        if command is None:  # a verb whose module is not in this checkout
            continue
        paths.append([name])
        if isinstance(command, click.Group):
            paths += [[name, sub] for sub in command.commands]
    return paths


@pytest.mark.parametrize("path", _paths(), ids=" ".join)
def test_help_carries_an_example(path: list[str]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    text = result.output.split("\nOptions:")[0]
    assert "Example:" in text and "monitor " in text.split("Example:")[1], result.output
