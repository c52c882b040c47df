"""docs/schema.md is generated: the committed file must match the models, views and docs.py."""

from __future__ import annotations

from pathlib import Path

from monitor.db.schema_doc import render

SCHEMA_MD = Path(__file__).resolve().parents[2] / "docs" / "schema.md"


def test_committed_schema_doc_is_up_to_date() -> None:
    assert SCHEMA_MD.read_text(encoding="utf-8") == render(), (
        "docs/schema.md is out of date: run `python -m monitor.db.schema_doc > docs/schema.md`"
    )


def test_schema_doc_covers_every_view_and_table() -> None:
    doc = render()
    for name in ("article_coverage", "weekly_attention", "evidence", "articles", "fetch_log"):
        assert f"### `{name}`" in doc
    assert "| `share` | about / articles" in doc
