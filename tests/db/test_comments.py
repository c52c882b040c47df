"""Every table, view and column is described once (docs.py) and commented on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from monitor.db.docs import LIBRARY_TABLES, TABLES, VIEWS
from monitor.db.migrate import downgrade, upgrade


def _actual(engine: Engine) -> dict[str, set[str]]:
    inspector = inspect(engine)
    names = [n for n in inspector.get_table_names() if n not in LIBRARY_TABLES]
    names += inspector.get_view_names()
    return {name: {c["name"] for c in inspector.get_columns(name)} for name in names}


def test_docs_describe_exactly_the_schema(engine: Engine) -> None:
    actual = _actual(engine)
    documented = {name: set(doc.columns) for name, doc in {**TABLES, **VIEWS}.items()}
    assert actual == documented


def test_postgres_comments_every_table_view_and_column(engine: Engine) -> None:
    inspector = inspect(engine)
    if engine.dialect.name != "postgresql":
        # SQLite has no comments: the migration must be a no-op there, not an error.
        assert not engine.dialect.supports_comments
        return
    # alembic_version too: the only library table a fresh upgrade has created.
    library = {"alembic_version": LIBRARY_TABLES["alembic_version"]}
    for name, doc in {**TABLES, **VIEWS, **library}.items():
        assert inspector.get_table_comment(name)["text"] == doc.description, name
        comments = {c["name"]: c.get("comment") for c in inspector.get_columns(name)}
        assert comments == doc.columns, name


def test_downgrade_removes_comments_and_upgrade_restores(engine: Engine) -> None:
    downgrade(engine, "0001")
    if engine.dialect.name == "postgresql":
        assert inspect(engine).get_table_comment("article_coverage")["text"] is None
    upgrade(engine)
    if engine.dialect.name == "postgresql":
        text = inspect(engine).get_table_comment("article_coverage")["text"]
        assert text == VIEWS["article_coverage"].description
