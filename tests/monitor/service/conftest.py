"""Fixtures for the service tests: settings overrides with a fake crawl, and `monitor serve`
run as a real subprocess (signals, locks and ports behave as in production)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
# Stands in for `python -m monitor crawl --due --quiet` until the crawler lands: prints a summary.
FAKE_CRAWL = [sys.executable, "-c", "print('fake crawl: 0 feeds due')"]


@pytest.fixture
def overrides(db_url: str, tmp_path: Path) -> dict[str, Any]:
    return {
        "database_url": db_url,
        "crawl_command": FAKE_CRAWL,
        "reports_dir": str(tmp_path / "reports"),
        "http_host": "127.0.0.1",
        "http_port": 0,
        "lock_poll_seconds": 0.2,
    }


class ServeProcess:
    """`python -m monitor serve` in a subprocess, its stderr collected line by line."""

    def __init__(self, db_url: str, *args: str, env: dict[str, str] | None = None) -> None:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
        clean.update(
            PYTHONPATH=str(REPO),
            MONITOR_DATABASE_URL=db_url,
            MONITOR_HTTP_PORT="0",
            MONITOR_LOCK_POLL_SECONDS="0.3",
            MONITOR_CRAWL_INTERVAL_MINUTES="60",
            MONITOR_CRAWL_COMMAND=json.dumps(FAKE_CRAWL),
        )
        clean.update(env or {})
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "serve", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=clean,
            cwd=REPO,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                match = re.search(pattern, line)
                if match:
                    return match
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"{pattern!r} not logged; stderr so far:\n{self.log}")

    def port(self) -> int:
        return int(self.wait_for(r"listening on http://127\.0\.0\.1:(\d+)").group(1))

    def terminate(self, timeout: float = 30.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self.close()
        return code

    def close(self) -> None:
        self._reader.join(timeout=5)
        if self.proc.stderr is not None and not self._reader.is_alive():
            self.proc.stderr.close()


@pytest.fixture
def serve_process() -> Iterator[Callable[..., ServeProcess]]:
    started: list[ServeProcess] = []

    def start(db_url: str, *args: str, env: dict[str, str] | None = None) -> ServeProcess:
        proc = ServeProcess(db_url, *args, env=env)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.proc.poll() is None:
            proc.proc.kill()
            proc.proc.wait(timeout=10)
        proc.close()
