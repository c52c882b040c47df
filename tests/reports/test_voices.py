"""The report's voices section on the synthetic week (tests/reports/factory.py), both engines.

Counted by hand from the factory: reposts, missing outlet-days and voices whose country the
text does not state never count; names are ranked by articles, then alphabetically.
"""

from __future__ import annotations

from typing import Any

from reports.render import render


def test_voices_per_direction(report: dict[str, Any]) -> None:
    kz, ru = report["voices"]["KZ->RU"], report["voices"]["RU->KZ"]
    assert (kz["voice_country"], kz["articles"], kz["with_target_voice"]) == ("RU", 50, 2)
    assert kz["share"] == 2 / 50
    assert kz["top_names"] == [
        {"name": "Михаил Делягин", "articles": 1, "roles": ["economist"]},
        {"name": "Сергей Лавров", "articles": 1, "roles": ["minister"]},
    ]
    assert (kz["about"], kz["about_with_target_voice"], kz["about_with_home_voice"]) == (9, 2, 1)
    assert kz["home_top_names_on_target"] == [
        {"name": "Данияр Ашимбаев", "articles": 1, "roles": ["political_scientist"]}
    ]
    assert (ru["voice_country"], ru["articles"], ru["with_target_voice"]) == ("KZ", 100, 3)
    assert ru["share"] == 3 / 100
    assert ru["top_names"] == [
        {"name": "Данияр Ашимбаев", "articles": 2, "roles": ["expert", "political_scientist"]},
        {"name": "Алихан Смаилов", "articles": 1, "roles": ["prime_minister"]},
    ]
    assert (ru["about"], ru["about_with_target_voice"], ru["about_with_home_voice"]) == (6, 2, 2)
    assert [n["name"] for n in ru["home_top_names_on_target"]] == ["Иван Петров", "Павел Салин"]


def test_voices_rendered(report: dict[str, Any]) -> None:
    md = render(report, "md")
    assert "## Voices: whose experts and officials are quoted" in md
    assert "| KZ→RU | 2 of 50 (RU) | 4.0 % | 2 of 9 | 1 of 9 (KZ) |" in md
    assert "| RU→KZ | 3 of 100 (KZ) | 3.0 % | 2 of 6 | 2 of 6 (RU) |" in md
    assert "Данияр Ашимбаев (expert, political\\_scientist, 2)" in md
    html = render(report, "html")
    assert "Voices: whose experts and officials are quoted" in html
    assert "3 of 100 (KZ voices)" in html
    assert 'Алихан Смаилов <span class="meta">(prime_minister; 1 article)</span>' in html


def test_voices_markdown_paragraphs(report: dict[str, Any]) -> None:
    """Each direction's names are a paragraph of their own (a single newline would join them
    into one line when rendered), and the next heading is set off by a blank line."""
    md = render(report, "md")
    assert "\n\n**KZ→RU: most quoted RU voices.**" in md
    assert "\n\n**RU→KZ: most quoted KZ voices.**" in md
    lines = md.splitlines()
    headings = [i for i, line in enumerate(lines) if line.startswith("## ")]
    assert headings and all(lines[i - 1] == "" for i in headings), [
        lines[i - 1 : i + 1] for i in headings if lines[i - 1]
    ]
