"""Quality gate on the shared labelled data: floors pinned in quality_floors.json (only up)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.classify.evaluate import evaluate_dev, evaluate_kaznerd_labels

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text("utf-8"))


def test_dev_floors(corpus: Path) -> None:
    if not (corpus / "labels" / "dev.jsonl").is_file():
        pytest.skip("no dev labels")
    result = evaluate_dev(corpus)
    for direction, floor in FLOORS["dev"].items():
        got = result[direction]
        assert got["f1"] >= floor["f1"], (direction, got)
        assert got["accuracy3"] >= floor["accuracy3"], (direction, got)


def test_kaznerd_floors(corpus: Path) -> None:
    path = corpus / "labels" / "kaznerd_valid.jsonl"
    if not path.is_file():
        pytest.skip("no KazNERD labels")
    got = evaluate_kaznerd_labels(path)
    assert got["precision"] >= FLOORS["kaznerd_valid"]["precision"], got
    assert got["recall"] >= FLOORS["kaznerd_valid"]["recall"], got


def test_quality_json_matches_current_version() -> None:
    from monitor.classify import CLASSIFIER_VERSION
    from monitor.classify.evaluate import QUALITY_FILE

    data = json.loads(QUALITY_FILE.read_text("utf-8"))
    assert data["classifier_version"] == CLASSIFIER_VERSION
    assert {r["direction"] for r in data["directions"]} == {"KZ->RU", "RU->KZ"}
