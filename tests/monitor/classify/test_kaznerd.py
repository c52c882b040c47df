"""KazNERD label derivation: tiny IOB2 snippets of our own, and its agreement with the
shipped ``valid`` labels pinned as a floor (only ever raise it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.classify.evaluate import evaluate_kaznerd_iob
from monitor.classify.kaznerd import Sentence, agreement, read_iob

AGREEMENT_FLOOR = {"precision": 0.97, "recall": 0.99}


def _iob(tmp_path: Path, *sentences: str) -> Path:
    """Each sentence as ``token/TAG`` words (a bare token is ``O``)."""
    lines = []
    for sentence in sentences:
        for word in sentence.split():
            token, _, tag = word.partition("/")
            lines.append(f"{token} {tag or 'O'}")
        lines.append("")
    path = tmp_path / "snippet.txt"
    path.write_text("\n".join(lines), "utf-8")
    return path


def _one(tmp_path: Path, sentence: str) -> Sentence:
    (s,) = read_iob(_iob(tmp_path, sentence))
    return s


def test_a_russian_ministry_as_organisation_is_a_mention(tmp_path: Path) -> None:
    s = _one(
        tmp_path,
        "Бұл туралы Ресей/B-ORGANISATION Сыртқы/I-ORGANISATION істер/I-ORGANISATION "
        "министрлігі/I-ORGANISATION хабарлады .",
    )
    assert s.entities == (("ORGANISATION", "Ресей Сыртқы істер министрлігі"),)
    assert s.label == "mention"
    assert s.deciding == ["Ресей Сыртқы істер министрлігі"]
    assert s.legacy_label == "none"  # the old GPE / NORP / LOCATION-only method missed these


def test_a_route_name_is_none_and_marked_as_a_road(tmp_path: Path) -> None:
    s = _one(
        tmp_path,
        "« Алматы/B-FACILITY –/I-FACILITY Екатеринбург/I-FACILITY » тас жолы жабылды .",
    )
    assert s.label == "none"
    assert s.road
    kazakh_road = _one(tmp_path, "« Астана/B-FACILITY –/I-FACILITY Қостанай/I-FACILITY » жолы .")
    assert kazakh_road.label == "none" and not kazakh_road.road


def test_kazakh_places_and_lookalikes_are_none(tmp_path: Path) -> None:
    for sentence in (
        "Қостанай/B-GPE облысында/I-GPE егін жиналды .",
        "Орал/B-GPE қаласында көпір салынады .",  # Oral in Kazakhstan, not the Urals
        "Қазанғап/B-PERSON Байболов сөз сөйледі .",  # a person whose name begins like Kazan
        "Жоба қазан/B-DATE айында/I-DATE бітеді .",  # October, not Kazan
        "Ол орыс/B-NORP тілінде сөйледі .",  # an ethnic Russian is not the Russian state
    ):
        assert _one(tmp_path, sentence).label == "none", sentence


def test_russian_places_leaders_and_case_endings_are_mentions(tmp_path: Path) -> None:
    for sentence in (
        "Делегация Мәскеуге/B-GPE барды .",
        "Науқастар Қазан/B-GPE қаласында емделді .",
        "Президент Владимир/B-PERSON Путинмен/I-PERSON кездесті .",
        "Ресей/B-POSITION Премьер-министрі/I-POSITION келді .",
        "Ресейлік/B-NORP инвесторлар келді .",
    ):
        assert _one(tmp_path, sentence).label == "mention", sentence


def test_reader_splits_sentences_and_entities(tmp_path: Path) -> None:
    # An I- tag of another class starts a new entity instead of extending the open one.
    path = _iob(tmp_path, "А/B-GPE Б/I-GPE В/I-PERSON Г", "Д/B-DATE")
    first, second = read_iob(path)
    assert first.tokens == ("А", "Б", "В", "Г")
    assert first.entities == (("GPE", "А Б"), ("PERSON", "В"))
    assert second.entities == (("DATE", "Д"),)


def test_iob_evaluation_skips_roads_and_reports_both_labellings(tmp_path: Path) -> None:
    path = _iob(
        tmp_path,
        "Бұл туралы Ресей/B-ORGANISATION Сыртқы/I-ORGANISATION істер/I-ORGANISATION "
        "министрлігі/I-ORGANISATION хабарлады .",
        "« Алматы/B-FACILITY –/I-FACILITY Екатеринбург/I-FACILITY » тас жолы жабылды .",
        "Қостанай/B-GPE облысында/I-GPE егін жиналды .",
    )
    got = evaluate_kaznerd_iob(path)
    assert got["derived"]["n"] == 2
    assert got["gpe_norp_location_only"]["n"] == 3


def test_derivation_agrees_with_the_shipped_valid_labels(corpus: Path) -> None:
    labels = corpus / "labels" / "kaznerd_valid.jsonl"
    iob = corpus / "kaznerd" / "IOB2_valid.txt"
    if not (labels.is_file() and iob.is_file()):
        pytest.skip("no KazNERD valid file or labels")
    got = agreement(iob, labels)
    summary = got.summary()
    assert summary["tp"] + summary["fn"] > 100  # the labels were found and matched
    assert summary["precision"] >= AGREEMENT_FLOOR["precision"], got.disagreements
    assert summary["recall"] >= AGREEMENT_FLOOR["recall"], got.disagreements
