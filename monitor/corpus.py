"""Reading the shared research corpus (../shared/corpus/articles/*.jsonl) for evaluations,
benchmarks and tests: one reader, so every consumer sees the same articles in the same order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from monitor.classify.core import ArticleInput


def corpus_records(corpus: Path) -> Iterator[dict[str, Any]]:
    """Every article line of the corpus as a dict, files in name order, lines in file order."""
    for path in sorted((corpus / "articles").glob("*.jsonl")):
        for line in path.read_text("utf-8").split("\n"):  # not splitlines: U+2028 in texts
            if line.strip():
                yield json.loads(line)


def as_input(record: dict[str, Any]) -> ArticleInput:
    """The classifier's input for one corpus record (missing title or text read as empty)."""
    return ArticleInput(
        record["id"],
        record["country_of_outlet"],
        record.get("title") or "",
        record.get("text") or "",
        record.get("lang"),
    )
