"""Every query in docs/queries.md runs on SQLite and PostgreSQL and gives the counted answer.

The data set is tests/support/seed.py; the expected rows below were counted from its table.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from tests.support.seed import article_url, seed

QUERIES = Path(__file__).resolve().parents[2] / "docs" / "queries.md"
BLOCK = re.compile(r"^## (\d+)\. .+?$.*?```sql\n(.*?)```", re.S | re.M)

E = {
    1: [
        ("2026-W44", "KZ", "RU", 6, 1, 0, 16.7),
        ("2026-W44", "RU", "KZ", 7, 1, 0, 14.3),
        ("2026-W45", "KZ", "RU", 5, 2, 1, 40.0),
        ("2026-W45", "RU", "KZ", 5, 0, 1, 0.0),
        ("2026-W46", "KZ", "RU", 4, 2, 0, 50.0),
        ("2026-W46", "RU", "KZ", 4, 1, 0, 25.0),
    ],
    2: [("2026-10", 7, 1, 14.3), ("2026-11", 9, 1, 11.1)],
    3: [("kz_ru", "Степь Инфо", 11, 4, 36.4), ("kz_kk", "Дала Жаршысы", 4, 1, 25.0)],
    4: [
        ("2026-W44", 16.7, 14.3, 1.17),
        ("2026-W45", 40.0, 0.0, None),
        ("2026-W46", 50.0, 25.0, 2.0),
    ],
    5: [
        ("title", 0, 6, "Москва", "Москва", "capital", "counted"),
        ("body", 40, 46, "России", "Россия", "country", "counted"),
        ("body", 120, 124, "ТАСС", "ТАСС", "outlet", "attribution"),
    ],
    6: [("energy", 1, 1)],
    7: [
        ("2026-11-11", "kz_ru", "KZ", "kz_ru d3 1 about"),
        ("2026-11-11", "ru_a", "RU", "ru_a d3 0 about"),
        ("2026-11-11", "kz_ru", "KZ", "kz_ru d3 0 about"),
        ("2026-11-04", "kz_kk", "KZ", "kz_kk d2 0 about"),
        ("2026-11-04", "kz_ru", "KZ", "kz_ru d2 0 about"),
        ("2026-10-30", "ru_a", "RU", "ru_a d1 0 about"),
        ("2026-10-30", "kz_ru", "KZ", "kz_ru d1 0 about"),
    ],
    8: [
        ("KZ", "about", 5),
        ("KZ", "mention", 1),
        ("KZ", "none", 9),
        ("RU", "about", 2),
        ("RU", "mention", 1),
        ("RU", "none", 13),
    ],
    9: [("kk", 4, 1, 25.0), ("ru", 11, 4, 36.4)],
    10: [("kz_kk", "https://kz_kk.example/rss", 3, 503, "HTTP 503", 4)],
    11: [("2026-11-11", "kz_kk")],
    12: [
        ("kz_kk", "https://kz_kk.example/rss", 5, 2, 40.0),
        ("kz_ru", "https://kz_ru.example/rss", 5, 5, 100.0),
        ("ru_a", "https://ru_a.example/rss", 5, 5, 100.0),
        ("ru_b", "https://ru_b.example/rss", 5, 5, 100.0),
    ],
    13: [("ru_b", 1)],
    14: [("KZ", "Москва", "capital", 1), ("KZ", "Россия", "country", 1)],
    15: [("test-1", 32, "2026-10-30", "2026-11-11")],
    16: [("2026-10", 7, 1, 14.3, 1), ("2026-11", 9, 2, 22.2, 2)],
    17: [("Сергей Лавров", "minister", 2, 1), ("Дмитрий Песков", "spokesperson", 1, 1)],
}
# Columns compared per query (a slice), where some columns are engine-typed or long.
COLUMNS: dict[int, slice] = {5: slice(3, 10), 7: slice(0, 4), 12: slice(0, 5)}


def _plain(value: Any) -> Any:
    """One Python value per SQL value, whatever the engine returns (Decimal, date, str)."""
    if isinstance(value, Decimal | float):
        return round(float(value), 2)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return value


def _queries() -> dict[int, str]:
    return {int(m.group(1)): m.group(2) for m in BLOCK.finditer(QUERIES.read_text())}


def test_a_dozen_questions_or_more() -> None:
    queries = _queries()
    assert len(queries) >= 12
    assert sorted(queries) == sorted(E), "every query needs its expected answer here"


@pytest.fixture
def seeded(engine: Engine) -> tuple[Engine, dict[str, int]]:
    return engine, seed(engine)


def test_every_query_gives_the_counted_answer(seeded: tuple[Engine, dict[str, int]]) -> None:
    engine, ids = seeded
    params = {"article_id": ids[article_url("kz_ru", "d1", 0)]}
    for number, sql in _queries().items():
        cols = COLUMNS.get(number, slice(None))
        with engine.connect() as conn:
            bound = {k: v for k, v in params.items() if f":{k}" in sql}
            rows = [tuple(_plain(v) for v in row[cols]) for row in conn.execute(text(sql), bound)]
        assert rows == E[number], f"query {number} on {engine.dialect.name}"
