"""extract_voices on short sentences we wrote: ru, kk, en; both directions; hard negatives."""

from __future__ import annotations

import pytest

from monitor.voices import Voice, extract_voices

# (lang, text, expected [(name, role, country, kind)])
POSITIVE = [
    # Russian outlets quoting Kazakh voices
    ("ru", "Об этом сказал казахстанский политолог Данияр Ашимбаев.",
     [("Данияр Ашимбаев", "political_scientist", "KZ", "quoted")]),
    ("ru", "«Это важно», — отметил эксперт из Казахстана Марат Шибутов.",
     [("Марат Шибутов", "expert", "KZ", "quoted")]),
    ("ru", "По мнению казахстанского экономиста Алмаса Чукина, тенге устоит.",
     [("Алмаса Чукина", "economist", "KZ", "quoted")]),
    ("ru", "Посол Казахстана в России Даурен Абаев заявил о росте товарооборота.",
     [("Даурен Абаев", "ambassador", "KZ", "quoted")]),
    ("ru", "Вице-министр энергетики РК Ерлан Акбаров прокомментировал цены.",
     [("Ерлан Акбаров", "deputy_minister", "KZ", "quoted")]),
    ("ru", "Досым Сатпаев, казахстанский политолог, уверен в переменах.",
     [("Досым Сатпаев", "political_scientist", "KZ", "quoted")]),
    ("ru", "Историк из Алматы Радик Темиргалиев считает, что спор исчерпан.",
     [("Радик Темиргалиев", "historian", "KZ", "quoted")]),
    # Kazakh outlets quoting Russian voices
    ("ru", "Директор Института стран СНГ (Москва) Иван Петров считает, что всё хорошо.",
     [("Иван Петров", "director", "RU", "quoted")]),
    ("ru", "По мнению российского экономиста Ивана Петрова, рубль ослабнет.",
     [("Ивана Петрова", "economist", "RU", "quoted")]),
    ("ru", "Министр иностранных дел России Сергей Лавров заявил о переговорах.",
     [("Сергей Лавров", "minister", "RU", "quoted")]),
    ("ru", "Как заявил пресс-секретарь президента РФ Дмитрий Песков, встреча состоится.",
     [("Дмитрий Песков", "spokesperson", "RU", "quoted")]),
    ("ru", "Иван Петров, российский экономист, уверен в росте.",
     [("Иван Петров", "economist", "RU", "quoted")]),
    ("ru", "Ситуацию прокомментировал политолог из Москвы Павел Салин.",
     [("Павел Салин", "political_scientist", "RU", "cited")]),
    ("ru", "В дискуссии участвовал российский историк А. Н. Смирнов.",
     [("А. Н. Смирнов", "historian", "RU", "cited")]),
    ("ru", "Премьер‑министр Казахстана Олжас Бектенов провёл совещание.",
     [("Олжас Бектенов", "prime_minister", "KZ", "cited")]),
    # Speech verb without role; role without country
    ("ru", "Касым-Жомарт Токаев заявил, что сотрудничество продолжится.",
     [("Касым-Жомарт Токаев", None, None, "quoted")]),
    ("ru", "«Мы готовы», — сказал Иван Иванович Петров.",
     [("Иван Иванович Петров", None, None, "quoted")]),
    ("ru", "Эксперт Андрей Грозин напомнил о договоре 1992 года.",
     [("Андрей Грозин", "expert", None, "quoted")]),
    ("ru", "Председатель Нацбанка Тимур Сулейменов назвал данные ошибочными.",
     [("Тимур Сулейменов", "chairman", None, "cited")]),
    ("ru", "В 2022 году аким Алматы Ерболат Досаеврассказал, что решения приняты.",
     [("Ерболат Досаев", "mayor", None, "quoted")]),
    ("ru", "Переговоры вёл глава МИД России Сергей Лавров.",
     [("Сергей Лавров", "head", "RU", "cited")]),
    # English
    ("en", "Kazakh political analyst Dosym Satpayev said the move was expected.",
     [("Dosym Satpayev", "political_scientist", "KZ", "quoted")]),
    ("en", "Dosym Satpayev, a Kazakh political analyst, disagreed.",
     [("Dosym Satpayev", "political_scientist", "KZ", "cited")]),
    ("en", "Russia's Foreign Minister Sergei Lavrov told reporters in Astana.",
     [("Sergei Lavrov", "minister", "RU", "quoted")]),
    ("en", "According to Moscow-based economist Ivan Petrov, inflation will rise.",
     [("Ivan Petrov", "economist", "RU", "quoted")]),
    ("en", "Ivan Petrov, a Russian economist, warned of a slowdown.",
     [("Ivan Petrov", "economist", "RU", "quoted")]),
    ("en", "\"We are ready,\" said Almaty-based analyst Aidos Sarym.",
     [("Aidos Sarym", "analyst", "KZ", "quoted")]),
    ("en", "Maria Zakharova said the talks would continue.",
     [("Maria Zakharova", None, None, "quoted")]),
    # Kazakh
    ("kk", "Ресейлік саясаттанушы Иван Петров бұл туралы айтты.",
     [("Иван Петров", "political_scientist", "RU", "quoted")]),
    ("kk", "Қазақстандық сарапшы Данияр Ашимбаев пікір білдірді.",
     [("Данияр Ашимбаев", "expert", "KZ", "quoted")]),
    ("kk", "Ресей СІМ басшысы Сергей Лавров мәлімдеді.",
     [("Сергей Лавров", "head", "RU", "quoted")]),
    ("kk", "Ресейлік экономист Михаил Делягин экономика туралы кітап жазды.",
     [("Михаил Делягин", "economist", "RU", "cited")]),
    ("kk", "Қазақстанның Ресейдегі елшісі Даурен Абаев кездесу өткізді.",
     [("Даурен Абаев", "ambassador", "KZ", "cited")]),
]  # fmt: skip

NEGATIVE = [
    ("ru", "По данным ТАСС, Казахстан и Россия подписали соглашение."),
    ("ru", "Казахстан и Россия договорились о поставках газа."),
    ("ru", "На улице Ивана Петрова открыли кафе."),
    ("ru", "Министерство энергетики Казахстана сообщило о росте добычи."),
    ("ru", "Иван Петров приехал в Москву на выходные."),
    ("ru", "Проспект Назарбаева перекроют в субботу."),
    ("ru", "После встречи Владимир Путин уехал в аэропорт."),
    ("ru", "Глава Минобороны прибыл во Дворец Независимости в Минске."),
    ("ru", "Сообщил Минфин Казахстана о новых правилах."),
    ("ru", "Эксперты Евразийского банка развития повысили прогноз."),
    ("en", "Kazakhstan and Russia signed a deal in Astana on Monday."),
    ("en", "The Eurasian Development Bank said growth would slow."),
    ("en", "Analysts at the Kazakh Foreign Ministry were not available."),
    ("en", "Ivan Petrov arrived in Moscow."),
    ("kk", "Қазақстан мен Ресей келісімге қол қойды."),
    ("ru", "В Казани Синоптики сообщили о похолодании."),
    ("ru", "В Усть-Каменогорске Казгидромет сообщил о заморозках."),
    ("en", "In Karaganda Kazhydromet said frost was likely."),
    ("ru", "Иван Петров и Анна Ким заявили о разводе."),
    ("ru", "Ходатайство подали адвокаты подсудимого Куандыка Бишимбаева."),
    ("kk", "Абай көшесінде жаңа мектеп ашылды."),
    ("kk", "Ресей Сыртқы істер министрлігі мәлімдеме жасады."),
]


def _simple(voices: list[Voice]) -> list[tuple[str, str | None, str | None, str]]:
    return [(v.name, v.role, v.country, v.kind) for v in voices]


@pytest.mark.parametrize(("lang", "text", "expected"), POSITIVE)
def test_finds_the_voice(lang: str, text: str, expected: list[tuple[str, ...]]) -> None:
    assert _simple(extract_voices("", text, lang)) == expected


@pytest.mark.parametrize(("lang", "text"), NEGATIVE)
def test_no_voice_without_a_person_and_a_role_or_verb(lang: str, text: str) -> None:
    assert extract_voices("", text, lang) == []


def test_offsets_and_field() -> None:
    title = "Политолог Данияр Ашимбаев: выборы пройдут спокойно"
    text = "Об этом сказал российский эксперт Андрей Грозин."
    voices = extract_voices(title, text, "ru")
    assert [(v.field, v.name) for v in voices] == [
        ("title", "Данияр Ашимбаев"),
        ("text", "Андрей Грозин"),
    ]
    t, b = voices
    assert title[t.start : t.end] == "Политолог Данияр Ашимбаев"
    assert text[b.start : b.end] == "эксперт Андрей Грозин"
    assert b.country == "RU" and b.group == "expert"


def test_one_voice_per_mention_when_patterns_overlap() -> None:
    voices = extract_voices("", "Политолог Данияр Ашимбаев заявил, что всё спокойно.", "ru")
    assert _simple(voices) == [("Данияр Ашимбаев", "political_scientist", None, "quoted")]


def test_language_guessed_when_not_given() -> None:
    assert _simple(extract_voices("", "Kazakh economist Aidos Sarym said so.", None)) == [
        ("Aidos Sarym", "economist", "KZ", "quoted")
    ]


def test_empty_input() -> None:
    assert extract_voices("", "", "ru") == []


def test_kazakh_case_ending_is_taken_off_a_russian_surname() -> None:
    text = "Ресей сыртқы істер министрі Сергей Лавровпен кездесу өтті."
    assert _simple(extract_voices("", text, "kk")) == [("Сергей Лавров", "minister", "RU", "cited")]


def test_in_a_list_the_role_after_a_comma_belongs_to_the_next_person() -> None:
    text = (
        "Приняли участие директор Русского драматического театра Игорь Вербицкий, "
        "руководитель молодёжного центра Анна Ким."
    )
    assert _simple(extract_voices("", text, "ru")) == [
        ("Игорь Вербицкий", "director", None, "cited"),
        ("Анна Ким", "head", None, "cited"),
    ]
    text = "Среди гостей — киргизский лидер Садыр Жапаров, президент Таджикистана Эмомали Рахмон."
    assert _simple(extract_voices("", text, "ru")) == [
        ("Эмомали Рахмон", "president", "other", "cited")
    ]


def test_a_person_inside_a_role_phrase_is_not_its_holder() -> None:
    text = (
        "Қазақстан Президенті Қасым-Жомарт Тоқаев Ресей Президенті Владимир Путинмен "
        "телефон арқылы сөйлесті."
    )
    assert _simple(extract_voices("", text, "kk")) == [
        ("Владимир Путин", "president", "RU", "cited")
    ]


# Gaps found by the gold set (tests/monitor/voices/GOLD.md); sentences are ours.
GOLD_GAPS = [
    # «представитель», «спикер», «генсек», «вице-премьер» are roles
    ("ru", "Об этом сообщила представитель Казгидромета Алина Сейткали.",
     [("Алина Сейткали", "spokesperson", None, "quoted")]),
    ("ru", "Спикер Мажилиса Ерлан Иманов прокомментировал заявление.",
     [("Ерлан Иманов", "speaker", None, "quoted")]),
    ("ru", "Выступил генсек организации Антониу Гомеш.",
     [("Антониу Гомеш", "head", None, "cited")]),
    ("ru", "Документ подписал первый вице-премьер Казахстана Роман Ахметов.",
     [("Роман Ахметов", "deputy_prime_minister", "KZ", "cited")]),
    # Imperfective speech verbs; a hyphen between spaces is a dash
    ("ru", "\"Вода ушла\", - рассказывает Галина Кеслова.",
     [("Галина Кеслова", None, None, "quoted")]),
    ("ru", "Как пояснял председатель агентства РК Алмас Саткенов, станция будет нашей.",
     [("Алмас Саткенов", "chairman", "KZ", "quoted")]),
    # A surname set in capitals is a name, stored in ordinary case
    ("ru", "Соглашение подписал глава компании Алексей МИЛОВАНОВ.",
     [("Алексей Милованов", "head", None, "cited")]),
    # A verb glued on by a scraper comes off; only a speech verb makes it a quote
    ("ru", "Министр энергетики Канат Бекмуратовпредупредил о дефиците.",
     [("Канат Бекмуратов", "minister", None, "quoted")]),
    ("ru", "Президент Марат Сулейменовпредложил новый закон.",
     [("Марат Сулейменов", "president", None, "cited")]),
    ("ru", "Министр Айгуль Исмагуловасказала, что решение принято.",
     [("Айгуль Исмагулова", "minister", None, "quoted")]),
    # English role phrases are longer: articles and prepositions
    ("en", "Chairman of the Senate of the Kazakh Parliament Maulen Ashenov commented on it.",
     [("Maulen Ashenov", "chairman", "KZ", "quoted")]),
]  # fmt: skip

# The first two guard against verbs left out on purpose, the next two against acronyms.
GOLD_GAP_NEGATIVES = [
    ("ru", "Первая ракетка страны пробилась в финал, сообщает Спорт Шредингера."),
    ("ru", '"Относительно Адинду Нонсо Фортуне сообщаем, что проверка идёт".'),
    ("ru", "Генсек ООН заявил о кризисе."),
    ("ru", "Телеканал НТВ сообщил о пожаре."),
    ("kk", "Қытай басшысы Өзбекстанның Самарқан қаласына барып, саммитке қатысады."),
]


@pytest.mark.parametrize(("lang", "text", "expected"), GOLD_GAPS)
def test_gold_set_gaps(lang: str, text: str, expected: list[tuple[str, ...]]) -> None:
    assert _simple(extract_voices("", text, lang)) == expected


@pytest.mark.parametrize(("lang", "text"), GOLD_GAP_NEGATIVES)
def test_gold_set_negatives(lang: str, text: str) -> None:
    assert extract_voices("", text, lang) == []


def test_a_name_after_a_genitive_place_is_still_found_in_kazakh() -> None:
    text = "Өзбекстанның Самарқан қаласының әкімі Ерлан Ахметов айтты."
    assert [v.name for v in extract_voices("", text, "kk")] == ["Ерлан Ахметов"]
