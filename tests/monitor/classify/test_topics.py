"""Topics come from the same matching pass as the stand-ins (``Matcher.scan``)."""

from __future__ import annotations

from monitor.classify import ArticleInput, classify_article
from monitor.classify.topics import topics_of


def test_topics_from_the_one_pass() -> None:
    d = classify_article(
        ArticleInput(
            0,
            "KZ",
            "Цены на нефть выросли",
            "Добыча нефти в регионе снизилась, экспорт газа вырос. Россия увеличила поставки нефти.",
        )
    )
    assert "energy" in d.topics
    assert d.topics == topics_of("цены на нефть выросли", "добыча нефти в регионе снизилась")


def test_one_cue_in_the_title_is_enough_one_in_the_text_is_not() -> None:
    assert "sport" in topics_of("футбол", "")
    assert "sport" not in topics_of("", "футбол")


def test_a_cue_inside_a_named_entity_still_counts() -> None:
    # "Газпром" is a stand-in for Russia and begins with the energy cue "газ".
    assert "energy" in topics_of("газпром", "газпром")


def test_articles_without_the_target_take_the_fast_path() -> None:
    d = classify_article(ArticleInput(0, "RU", "В Подмосковье открыли школу", "Школа на 500 мест."))
    assert d.label == "none"
    assert d.features["sentences"] == 0  # not counted: nothing names the target
    assert d.features["strong_hits"] == 0


def test_kazakhstan_is_not_a_death() -> None:
    # "қаза" (death) is the start of "Қазақстан": the cue is the verb phrase "қаза тапты".
    assert "incidents_disasters" not in topics_of("қазақстан мен ресей", "қазақстан мен ресей")
    assert "incidents_disasters" in topics_of("жол апатында екі адам қаза тапты", "")
