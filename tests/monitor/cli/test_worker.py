"""`monitor worker status`: the frontier as an operator reads it (human and --json)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from monitor.cli import main
from spiders.frontier import FrontierKeys
from tests.support.redisdb import RedisTarget

pytestmark = pytest.mark.redis


def test_status_human_and_json(redis_target: RedisTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_REDIS_URL", redis_target.url)
    monkeypatch.setenv("MONITOR_REDIS_PREFIX", redis_target.prefix)
    keys, client = FrontierKeys(redis_target.prefix), redis_target.client
    client.hset(keys.stats, mapping={"dispatched": 42, "requeued": 3})
    client.rpush(keys.start, "{}", "{}")
    client.hset(keys.workers, "w1", json.dumps({"host": "h", "pid": 1, "started": 0}))
    client.set(keys.alive("w1"), "1", ex=30)
    client.zadd(keys.leases("w1"), {"a": 1, "b": 2})

    data = json.loads(CliRunner().invoke(main, ["worker", "status", "--json"]).output)
    assert (data["tasks"], data["queued"], data["stats"]) == (
        2,
        0,
        {"dispatched": 42, "requeued": 3},
    )
    assert (data["workers"]["w1"]["alive"], data["workers"]["w1"]["leased"]) == (True, 2)

    result = CliRunner().invoke(main, ["worker", "status"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        f"frontier {redis_target.prefix}: 0 requests queued, 2 feed tasks waiting, 0 URLs seen; "
        "dispatched 42, requeued 3"
    )
    assert lines[1].split() == ["w1", "alive", "leased", "2", "claimed", "0"]
