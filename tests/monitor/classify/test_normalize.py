"""Normalisation, transliteration, language detection and evidence offsets."""

from __future__ import annotations

import unicodedata

from monitor.classify import ArticleInput, classify_article
from monitor.classify.language import detect_language
from monitor.classify.normalize import normalize
from monitor.classify.translit import detect_scheme, latin_to_cyrillic


def test_folds_keep_length_and_offsets() -> None:
    n = normalize("Ёлка — «Россия»\u00a0да")
    assert n.text == "елка - «россия» да"
    assert n.offsets is None


def test_glued_capital_kept_for_word_start() -> None:
    assert normalize("сообщилиРоссия").text == "сообщилиРоссия"
    assert normalize("КазМунайГаз").plain == "казмунайгаз"


def test_nfc_recomposition_maps_offsets() -> None:
    decomposed = unicodedata.normalize("NFD", "Ресей мен Қазақстан")
    d = classify_article(ArticleInput(1, "KZ", decomposed, "Жиын өтті."))
    assert d.label == "about"
    ev = d.evidence[0]
    assert unicodedata.normalize("NFC", decomposed[ev.start : ev.end]) == "Ресей"


def test_translit_schemes() -> None:
    assert detect_scheme("Mäskeu men Reseydiñ") == "2021"
    assert detect_scheme("Máskeýde jıyn") == "2018"
    assert detect_scheme("Ma'skeude s'ahar") == "2017"
    assert (
        latin_to_cyrillic("Reseı prezıdenti Pýtın Máskeýde")[0] == "Ресей президенті Путин Мәскеуде"
    )
    assert latin_to_cyrillic("Mäskeu men Reseydiñ")[0] == "Мәскеу мен Ресейдің"


def test_evidence_offsets_point_into_original_latin_text() -> None:
    title = "Reseı prezıdenti Máskeýde sóıledi"
    d = classify_article(ArticleInput(1, "KZ", title, "Ol ekonomıka týraly aıtty."))
    assert d.lang == "kk-Latn"
    assert [title[e.start : e.end] for e in d.evidence] == ["Reseı", "Máskeýde"]


def test_language_detection() -> None:
    assert detect_language("Президент подписал закон о бюджете на следующий год.") == "ru"
    assert detect_language("Президент келесі жылғы бюджет туралы заңға қол қойды.") == "kk"
    assert detect_language("The president signed the budget law for next year.") == "en"
    assert detect_language("Prezıdent kelesi jylǵy bıýdjet týraly zańǵa qol qoıdy.") == "kk-Latn"
    # Short and ambiguous: lingua (restricted to ru/kk/en) decides.
    assert detect_language("Ол келді") in ("kk", "ru")


def test_evidence_fields_and_masks() -> None:
    text = "Стоимость нефти упала, сообщает РИА Новости. Россия увеличила добычу."
    d = classify_article(ArticleInput(1, "KZ", "Нефть дешевеет", text))
    by_surface = {e.surface: e for e in d.evidence}
    assert by_surface["РИА Новости"].masked == "outlet_attribution"
    assert by_surface["Россия"].masked is None
    assert by_surface["Россия"].field == "lead"
    assert text[by_surface["Россия"].start : by_surface["Россия"].end] == "Россия"


def test_fast_letter_counts_equal_the_regexes_on_every_code_point() -> None:
    from monitor.classify.language import _CYR, _KK_CYR, _count, _cyr_counts

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert _cyr_counts(every) == (_count(_CYR, every), _count(_KK_CYR, every)) == (66, 18)
    # The code page holds every letter counted, one byte each.
    letters = "әғқңөұүһіӘҒҚҢӨҰҮҺІабвгдеёжзийклмнопрстуфхцчшщъыьэюяЁА"
    assert len(letters.encode("kz1048")) == len(letters)
    assert _cyr_counts("Ёлка и ёж, Қазақстан — Russia") == (14, 2)  # 4 + 1 + 2 + 7: not Қ, қ
    assert _cyr_counts("Ёлка і ёж — «Russia» №1 😀") == (6, 1)  # the emoji is dropped


def test_kazakh_latin_folds_kazakh_letters_keeping_offsets() -> None:
    # "Maskeude" (no ә), "Reseidin" (і after a vowel, no ң) and "Putın" (2018 ı) all meet the
    # lexicon, which is folded the same way for Latin-script text.
    n = normalize("Reseidin Maskeude Putın", kazakh_latin=True)
    assert n.text == "ресеидин маскеуде путин"
    assert n.offsets is not None and len(n.offsets) == len(n.text)
    d = classify_article(ArticleInput(1, "KZ", "Reseidin Ortalyq banki molsherlemeni koterdi", ""))
    assert d.lang == "kk-Latn" and d.label == "about"
    assert [(e.surface, e.entry) for e in d.evidence] == [("Reseidin", "Россия")]


def test_informal_ascii_kazakh_is_not_english() -> None:
    assert detect_language("Moskva men Astana arasynda jana reis ashyldy") == "kk-Latn"
    assert detect_language("Resei benzin eksportyna tyiym saldy") == "kk-Latn"
    assert detect_language("Russia bans petrol exports") == "en"
    assert detect_language("Tokayev meets Putin in Moscow to discuss gas") == "en"


def test_latin_mark_counts_equal_the_one_regex() -> None:
    import random
    import re

    from monitor.classify.language import _KK_LAT_APOSTROPHE, _KK_LAT_MARK

    both = re.compile(r"[äğñöşūüáǵńóúýıÄĞÑÖŞŪÜÁǴŃÓÚÝ]|[aginoscuy]'")
    rnd = random.Random(3)
    for _ in range(3000):
        s = "".join(rnd.choices("aginoscuyAGbä'ıÝ ", k=rnd.randint(0, 30)))
        split = len(_KK_LAT_MARK.findall(s)) + len(_KK_LAT_APOSTROPHE.findall(s))
        assert split == len(both.findall(s)), s


def test_latin_counts_equal_the_regex() -> None:
    import random

    from monitor.classify.language import _LAT, _count, _latin_counts

    rnd = random.Random(5)
    alphabet = "abZq ñKıİ\u212aЯя1_-'\n\ud800😀"
    for _ in range(3000):
        s = "".join(rnd.choices(alphabet, k=rnd.randint(0, 40)))
        assert _latin_counts(s) == (_count(_LAT, s), len(_LAT.findall(s))), repr(s)
