"""The migrations build the same schema and views on SQLite and PostgreSQL, and go back down."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from monitor.db.migrate import current_revision, downgrade
from monitor.db.views import VIEWS

EXPECTED_TABLES = {
    "sources",
    "feeds",
    "fetch_log",
    "articles",
    "classifications",
    "classification_evidence",
    "article_topics",
    "classifier_quality",
    "reports",
    "job_runs",
}


def test_upgrade_creates_tables_and_views(engine: Engine) -> None:
    inspector = inspect(engine)
    assert EXPECTED_TABLES <= set(inspector.get_table_names())
    assert set(VIEWS) <= set(inspector.get_view_names())
    assert current_revision(engine) is not None


def test_contract_columns_of_views(engine: Engine) -> None:
    inspector = inspect(engine)
    coverage = [c["name"] for c in inspector.get_columns("article_coverage")]
    assert coverage[:11] == [
        "article_id",
        "source_id",
        "source_country",
        "lang",
        "published_at",
        "url",
        "title",
        "target_country",
        "label",
        "score",
        "classifier_version",
    ]
    weekly = [c["name"] for c in inspector.get_columns("weekly_attention")]
    assert weekly == [
        "iso_week",
        "source_country",
        "target_country",
        "articles",
        "about",
        "mention",
        "share",
    ]


def test_downgrade_to_base_removes_everything(engine: Engine) -> None:
    downgrade(engine, "base")
    inspector = inspect(engine)
    assert not (EXPECTED_TABLES & set(inspector.get_table_names()))
    assert not (set(VIEWS) & set(inspector.get_view_names()))


def test_voices_migration_goes_down_and_up_again(engine: Engine) -> None:
    from monitor.db.migrate import upgrade
    from monitor.db.views import VOICES_VIEWS

    assert current_revision(engine) == "0004"
    assert "article_voices" in inspect(engine).get_table_names()
    assert set(VOICES_VIEWS) <= set(inspect(engine).get_view_names())
    downgrade(engine, "0003")
    inspector = inspect(engine)
    assert "article_voices" not in inspector.get_table_names()
    assert not (set(VOICES_VIEWS) & set(inspector.get_view_names()))
    assert set(VIEWS) <= set(inspector.get_view_names())  # 0001's views untouched
    upgrade(engine)
    voices = [c["name"] for c in inspect(engine).get_columns("voices")]
    assert voices[:13] == [
        "article_id", "source_id", "source_country", "target_country", "iso_week",
        "published_day", "url", "title", "name", "role", "voice_country", "kind", "field",
    ]  # fmt: skip
