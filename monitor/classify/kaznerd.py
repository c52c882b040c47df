"""Gold labels for KazNERD sentences, derived from their annotated entities.

The corpus ships ``labels/kaznerd_valid.jsonl`` for ``valid`` only: a sentence is *mention*
where an annotated entity refers to the Russian state, a place in Russia, its leaders or
institutions; route names («Алматы – Екатеринбург») are left out as ambiguous. ``read_iob``
and ``Sentence.label`` re-create that method for any IOB2 file (``test`` above all) from a
hand-written gazetteer, deliberately independent of the classifier's lexicons: labelling with
the classifier's own word lists would be circular. ``agreement`` checks the derivation
against the shipped ``valid`` labels (``python -m monitor.classify.evaluate
--kaznerd-derivation -v`` prints it with the disagreements).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# The five classes of the shipped labels' description, plus POSITION: the shipped labels also
# count «Ресей Премьер-министрі», «Ресей басшысы» (a leader named by office) as references.
DECIDING = frozenset({"GPE", "LOCATION", "ORGANISATION", "PERSON", "NORP", "POSITION"})

# Stems matched at a word start inside the lower-cased entity, so Kazakh case endings
# (Ресейдің, Мәскеуде, Омбыға) and Russian ones (России, Москве) all match.
_STATE = (
    "ресей", "росси", "рф", "russia",
    "кремл",
    "мемлекеттік дума", "госдум", "государственной дум", "федерация кеңес", "совет федерации",
)  # fmt: skip
_PLACES = (
    # capitals and cities, Kazakh and Russian spellings
    "мәскеу", "москв", "московск", "санкт-петербург", "петербург", "петербор", "ленинград",
    "қазан", "казан", "омбы", "омск", "орынбор", "оренбург", "орск", "челябі", "челяби",
    "екатеринбург", "екатеринбор", "свердлов", "түмен", "тюмен", "новосібір", "новосибирск",
    "барнауыл", "барнаул", "томбы", "томск", "кемерово", "новокузнецк", "красноярск", "иркутск",
    "астрахан", "ащытархан", "саратов", "самара", "волгоград", "сталинград", "уфа", "пермь",
    "новгород", "ростов", "краснодар", "сочи", "владивосток", "хабаровск", "мурманск",
    "калининград", "магнитогорск", "тольятти", "ульяновск", "пенза", "воронеж", "белгород",
    "курск", "брянск", "смоленск", "псков", "тверь", "ярославл", "рязань", "тула", "калуга",
    "липецк", "тамбов", "архангельск", "вологда", "сыктывкар", "ижевск", "чебоксар",
    "махачкала", "грозный", "нальчик", "владикавказ", "ставрополь", "якутск", "магадан",
    "норильск", "сургут", "салехард", "ханты-мансийск", "улан-удэ", "чита", "благовещенск",
    "абакан", "элиста", "горно-алтайск", "подольск", "химки", "зеленоград", "дубна", "обнинск",
    "сколково", "кострома", "иваново", "курган", "қорған облыс", "троицк", "миасс", "златоуст",
    "тобольск", "бийск", "рубцовск", "челны", "нижнекамск", "альметьевск", "стерлитамак",
    "сызрань", "анапа", "новороссийск", "петрозаводск", "воркута", "нижневартовск", "уренгой",
    "анадырь", "комсомольск-на-амуре", "биробиджан", "находка", "уссурийск",
    # regions, republics, natural areas wholly in Russia
    # (republics by their names, not their peoples': a Bashkir or a Chechen is not Russia,
    # as «орыс» — an ethnic Russian — is not in the shipped labels)
    "сібір", "сибир", "татарстан", "башқұртстан", "башкортостан", "башкирия", "шешенстан",
    "чечня", "чеченск", "дағыстан", "дагестан", "якутия", "саха республика", "бурятия",
    "тыва республика", "тува", "хакасия", "қалмақ республика", "калмыкия", "чувашия",
    "удмуртия", "мордовия", "мари эл", "коми республика", "карелия",
    "сахалин", "камчатк", "чукотк", "ямал", "байкал", "подмосков", "кубань", "поволж",
    "алтай өлкесі", "алтайский край", "алтай республика",
    "приморье", "волга", "солтүстік кавказ", "северн кавказ",
)  # fmt: skip
_INSTITUTIONS = (
    # agencies and state companies (Рос-/Гос- abbreviations), state media
    "роспотреб", "росстат", "роскосмос", "росатом", "роснефт", "ростех", "росгвард",
    "роскомнадзор", "россельхоз", "росавиац", "росрыболов", "росавтодор", "росжелдор",
    "росморречфлот", "росгидромет", "росфинмониторинг", "росздравнадзор", "рособрнадзор",
    "ростехнадзор", "росприроднадзор", "ростуризм", "роснано", "росэнергоатом", "росграниц",
    "ростелеком", "русгидро", "газпром", "лукойл", "сбербанк", "втб", "внешэкономбанк",
    "транснефт", "аэрофлот", "ржд", "алроса", "совкомфлот", "интер рао", "уралвагон",
    "фсб", "мвд россии", "мид россии", "минобороны", "минфин россии", "центробанк россии",
    "тасс", "риа новости", "мгу", "мгимо",
)  # fmt: skip
_PEOPLE = (
    "путин", "медведев", "мишустин", "лавров", "шойгу", "песков", "матвиенко", "володин",
    "захаров", "набиуллин", "силуанов", "мантуров", "белоусов", "оверчук", "решетников",
    "голиков", "мурашко", "патрушев", "бортников", "нарышкин", "колокольцев", "кириенко",
    "собянин", "беглов", "кадыров", "минниханов", "хабиров", "сечин", "греф", "лихачев",
    "рогозин", "чубайс", "ельцин", "примаков", "дворкович", "козак", "шувалов", "кудрин",
    "хуснуллин", "чернышенко", "абрамченко", "орешкин", "мединский", "любимова",
    "зюганов", "жириновский", "слуцкий", "косачев", "затулин", "никонов", "бородавкин",
    "бочарников",
)  # fmt: skip


def _pattern(stems: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted(stems, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in alternatives) + ")")


# People are matched only in PERSON entities and places/institutions only outside them, so a
# Kazakh name that begins like a place (Қазанғап) or a person like a city is not a reference.
_NOT_PERSON = _pattern(_STATE + _PLACES + _INSTITUTIONS)
_PERSON = _pattern(_PEOPLE)


# A route between two places: «Алматы – Екатеринбург», «Ақтөбе – Атырау – Ресей».
_ROUTE = re.compile(r"\w\s+[–—-]\s+\w")


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def refers_to_russia(kind: str, text: str) -> bool:
    """Does an entity of this class with this surface refer to Russia (see module doc)?"""
    if kind not in DECIDING:
        return False
    return bool((_PERSON if kind == "PERSON" else _NOT_PERSON).search(_fold(text)))


# The earlier test labelling, kept only so its figure can be printed beside the new one for
# continuity: GPE / NORP / LOCATION entities beginning with one of these stems.
_LEGACY_KINDS = frozenset({"GPE", "NORP", "LOCATION"})
_LEGACY_STEMS = (
    "ресей", "росси", "рф", "мәскеу", "москв", "кремль", "санкт-петербург", "петербор",
    "петербург", "омбы", "омск", "орынбор", "оренбург", "челяби", "новосібір", "новосибирск",
    "екатеринбург", "сібір", "сибир", "астрахан", "саратов", "самара", "волгоград", "барнау",
    "түмен", "тюмен", "қорған облыс", "краснодар", "ростов", "уфа", "сочи", "владивосток",
    "татарстан", "башқұрт", "шешен", "дағыстан", "сахалин", "якут", "алтай өлкесі",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Sentence:
    tokens: tuple[str, ...]
    entities: tuple[tuple[str, str], ...]  # (class, surface) in order

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def deciding(self) -> list[str]:
        """Surfaces of the entities that make the sentence a mention."""
        return [t for k, t in self.entities if refers_to_russia(k, t)]

    @property
    def label(self) -> str:
        return "mention" if self.deciding else "none"

    @property
    def legacy_label(self) -> str:
        """The earlier GPE / NORP / LOCATION-only label (``_LEGACY_STEMS``)."""
        hit = any(
            k in _LEGACY_KINDS and t.lower().startswith(_LEGACY_STEMS) for k, t in self.entities
        )
        return "mention" if hit else "none"

    @property
    def road(self) -> bool:
        """A route name («Алматы – Екатеринбург») naming a Russian place: the shipped labels
        leave such sentences out as ambiguous, so evaluations skip them too."""
        return any(
            k == "FACILITY" and _ROUTE.search(t) and _NOT_PERSON.search(_fold(t))
            for k, t in self.entities
        )


def read_iob(path: Path) -> Iterator[Sentence]:
    """Sentences of an IOB2 file (``token tag`` lines, blank line between sentences)."""
    tokens: list[str] = []
    entities: list[tuple[str, str]] = []
    kind, span = "", list[str]()  # the entity being read
    for line in path.read_text("utf-8").split("\n") + [""]:
        parts = line.split()
        tag = parts[-1] if len(parts) >= 2 else ""
        if span and not (tag.startswith("I-") and tag[2:] == kind):
            entities.append((kind, " ".join(span)))
            kind, span = "", []
        if not tag:
            if tokens:
                yield Sentence(tuple(tokens), tuple(entities))
            tokens, entities = [], []
            continue
        tokens.append(parts[0])
        if tag.startswith("B-") or (tag.startswith("I-") and not span):
            kind, span = tag[2:], [parts[0]]
        elif span:
            span.append(parts[0])


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Agreement:
    """Derived (predicted) vs shipped (gold) labels: confusion counts and the disagreements."""

    counts: dict[str, int] = field(
        default_factory=lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "unlabelled": 0}
    )
    # ("fp" | "fn", sentence, "CLASS:surface" of its entities in the deciding classes)
    disagreements: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def summary(self) -> dict[str, float]:
        tp, fp, fn = self.counts["tp"], self.counts["fp"], self.counts["fn"]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return {**self.counts, "precision": round(p, 4), "recall": round(r, 4)}


def agreement(iob: Path, labels: Path) -> Agreement:
    """Derived vs shipped labels for the sentences of ``iob``, matched by text (spacing aside;
    repeated texts pair up in order). Sentences the labels leave out are counted, not scored:
    they are the route-name sentences the shipped file dropped."""
    shipped: dict[str, list[str]] = defaultdict(list)
    for line in labels.read_text("utf-8").split("\n"):
        if line.strip():
            x = json.loads(line)
            shipped[_key(x["text"])].append(x["label"])
    out = Agreement()
    for s in read_iob(iob):
        pending = shipped.get(_key(s.text))
        if not pending:
            out.counts["unlabelled"] += 1
            continue
        gold = pending.pop(0) == "mention"
        pred = s.label == "mention"
        out.counts[("t" if pred == gold else "f") + ("p" if pred else "n")] += 1
        if pred != gold:
            ents = [f"{k}:{t}" for k, t in s.entities if k in DECIDING]
            out.disagreements.append(("fp" if pred else "fn", s.text, ents))
    return out
