"""The README's first screen works as written: its two commands, on a copy of the repository in
a temporary directory with a fresh virtual environment (pip's cache keeps this to about a minute).

The test command is run as written up to the install; then pytest only collects (running the
whole suite from inside the suite would recurse), which proves the install gives a working runner.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIRST_SCREEN_LINES = 40


def first_screen_commands() -> list[str]:
    """The bash blocks before the first `## ` heading, which must fit on one screen."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    head = text.split("\n## ", 1)[0]
    assert len(head.splitlines()) <= FIRST_SCREEN_LINES, "the README's first screen is too long"
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", head, flags=re.S)]


def test_first_screen_has_exactly_the_two_commands() -> None:
    commands = first_screen_commands()
    assert len(commands) == 2, commands
    demo, tests = commands
    assert demo.endswith("monitor demo") and "pip install -e ." in demo
    assert tests.endswith("pytest") and "'.[test]'" in tests


def _copy_repo(dest: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, files):
        src = REPO / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@pytest.mark.slow
def test_readme_commands_run_on_a_fresh_copy(tmp_path: Path) -> None:
    if shutil.which("python3.11") is None:
        pytest.skip("python3.11 is not on PATH")
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: cannot list the repository's files")
    work = _copy_repo(tmp_path / "repo")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MONITOR_", "PYTHON", "VIRTUAL_ENV"))
    }
    demo, tests = first_screen_commands()

    done = subprocess.run(
        ["bash", "-c", demo], cwd=work, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = re.search(r"report: (\S+\.html)", done.stdout)
    assert report, done.stdout
    html = (
        Path(work, report.group(1)).read_text(encoding="utf-8")
        if not Path(report.group(1)).is_absolute()
        else Path(report.group(1)).read_text(encoding="utf-8")
    )
    assert "<svg" in html and "Kazakhstan" in html
    assert re.search(r"Kazakh outlets → Russia \d+(\.\d+)? %", done.stdout), done.stdout

    install_then_collect = tests.replace(
        ".venv/bin/pytest", ".venv/bin/pytest --collect-only -q -p no:cacheprovider"
    )
    done = subprocess.run(
        ["bash", "-c", install_then_collect],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    collected = re.search(r"(\d+) tests? collected", done.stdout)
    assert collected and int(collected.group(1)) > 100, done.stdout[-500:]


def test_every_verb_is_named_in_the_readme() -> None:
    """A verb the README never names is one a reader of it never finds (`monitor worker`)."""
    from monitor.cli import COMMANDS

    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert [v for v in COMMANDS if f"monitor {v}" not in text] == []
