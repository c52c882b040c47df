"""extract_voices against our hand labels of 60 corpus articles (gold.jsonl, GOLD.md).

Floors are the figures measured with voices-2026.11.2 (counts, not rates, so a single lost
person fails): a drop means a pattern broke; a rise is welcome — raise the floor with it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.voices.evaluate import GOLD, evaluate, people
from monitor.voices.extract import Voice
from monitor.voices.names import name_key, surname_key


@pytest.mark.parametrize(
    "forms",
    [
        ("Касым-Жомарт Токаев", "Касыма-Жомарта Токаева", "Қасым-Жомарт Тоқаевтың"),
        ("Сергей Лавров", "Сергея Лаврова", "Сергеем Лавровым", "Сергей Лавровпен"),
        ("Алина Исмагулова", "Алины Исмагуловой"),
        ("Владимир Зеленский", "Владимира Зеленского"),
    ],
)
def test_case_forms_of_one_name_share_a_key(forms: tuple[str, ...]) -> None:
    assert len({name_key(f) for f in forms}) == 1
    assert len({surname_key(f) for f in forms}) == 1


def test_different_people_keep_different_keys() -> None:
    assert name_key("Иван Петров") != name_key("Анна Петрова")
    assert surname_key("Путин") != surname_key("Путилин")
    assert surname_key("Dauren Abaev") == "abaev"


def test_people_of_an_article_are_merged_by_surname() -> None:
    def v(name: str, country: str | None, kind: str) -> Voice:
        return Voice(name, None, country, kind, "text", 0, 1, "ru")

    got = people([v("Сергей Лавров", None, "cited"), v("Сергея Лаврова", "RU", "quoted")])
    assert [(p.country, p.kind) for p in got.values()] == [("RU", "quoted")]


def test_gold_file_is_ours_and_well_formed() -> None:
    """Ids and short labels only: no field could carry article text."""
    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines()]
    assert len(rows) == 60 and len({r["id"] for r in rows}) == 60
    allowed = {"name", "role", "country", "kind", "country_by", "unsure"}
    for r in rows:
        assert set(r) == {"id", "voices"}
        for gv in r["voices"]:
            assert set(gv) <= allowed and gv["kind"] in ("quoted", "cited")
            assert gv["country"] in ("KZ", "RU", "other", None)
            assert len(gv["name"]) < 40 and len(gv["role"] or "") < 80


def test_measured_floors(corpus: Path) -> None:
    s = evaluate(GOLD, corpus)
    # people found (tp) of gold, and false finds, per language
    assert s["ru"].tp >= 46 and s["kk"].tp >= 6 and s["en"].tp >= 11, s["all"].errors
    assert s["all"].fp <= 0, [e for e in s["all"].errors if "\tfalse\t" in e]
    # on matched people: country as the gold says (and strict), quoted/cited
    a = s["all"]
    assert a.country_ok >= 50 and a.strict_ok >= 58 and a.kind_ok >= 50, a.errors
    # what the report counts: the other side's voices found with that country, none wrong
    assert a.target_hit >= 12 and a.target_found == a.target_hit
