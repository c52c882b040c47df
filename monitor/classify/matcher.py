"""One compiled trie-shaped regex per script family that finds every lexicon surface in a pass.

All surfaces (both targets' stand-ins, masking phrases, multilateral bodies, related-article
headings, other countries) live in ONE pattern so an article is scanned once per field; the
matched text is then looked up in a dict to find what it is. Python's ``re`` does not optimise
plain alternations, so the forms are merged into a prefix trie first (an alternation of 5,000
words becomes a tree of character branches). Within a trie path longer forms come first, so
"Россия 24" (a channel: masked) wins over "Россия".

Kazakh stems are followed by the Kazakh suffix chain (``KK_SUFFIX``) only in the pattern used
for Kazakh text: in Russian text "Семей" is "of families", not the city.
"""

from __future__ import annotations

import bisect
import itertools
import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from monitor.classify.normalize import KK_PLAIN, SEP, plain_form

LEXICONS = Path(__file__).resolve().parent / "lexicons"
TOPICS = (
    "diplomacy_politics", "economy_trade", "energy", "security_military", "space",
    "transport_transit", "ecology", "digital_it", "culture_education", "migration_people",
    "sport", "incidents_disasters",
)  # fmt: skip

# Kazakh agglutination after a stem: adjective/plural/possessive/case/locative-adjective.
# Each group is optional; written as "(?:…|)" (its forms, else nothing: the same tries in the
# same order as "(?:…)?") because the engine runs "?" on a group through its general repeat
# machinery, 6-15 % slower on Kazakh text.
KK_SUFFIX = (
    r"(?:лық|лік|дық|дік|тық|тік|шыл|шіл|)"
    r"(?:лар|лер|дар|дер|тар|тер|)"
    r"(?:ы|і|сы|сі|ымыз|іміз|)"
    r"(?:ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|на|не|а|е|ны|ні|ды|ді|ты|ті|н|да|де|та|те|нда|нде"
    r"|дан|ден|тан|тен|нан|нен|мен|бен|пен|менен|бенен|пенен|ша|ше|ша|дай|дей|тай|тей|)"
    r"(?:ғы|гі|қы|кі|)"
    r"(?:лар|лер|дар|дер|тар|тер|)"
    r"(?:ы|і|ның|нің|на|не|да|де|дан|ден|мен|ға|ге|ды|ді|)"
)
_CACHE_SIZE = 200_000  # distinct matched surfaces remembered (a few MB at most)
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER_WORD = rf"[^\W{_UPPER}]"
_END = rf"(?!{_LOWER_WORD})"
# The character before a form (``after``) is a non-word one, but a bare "\W" makes the engine
# test Unicode categories at every position to find the next candidate. A plain set excluding
# the common lower-case letters and digits is tested in one step (a bitmap); the look-behind
# then keeps only the non-word characters, so the matches are the same.
_NOT_LOWER_ALNUM = "[^0-9a-zа-яәғқңөұүһі]"
# A capital right after a small letter. The class comes first so the engine skips ahead to
# capitals in C; a leading look-behind would enter the matcher at every position (7x slower).
_CAPITAL = re.compile(f"[{_UPPER}]")
_GLUE = re.compile(rf"[{_UPPER}](?<=[^\W{_UPPER}\d_].)")
# Matched up to a position: ends after the last character before it that is not alphanumeric
# (str.isalnum is exactly "[^\W_]"). The greedy ".*" jumps to the end at once and the engine
# steps back in C: the start of the word a glue point is in.
_LAST_NOT_ALNUM = re.compile(r"(?s:.*)[\W_]")


@dataclass(frozen=True, slots=True)
class Entry:
    """What a surface form stands for."""

    kind: str  # target | mask | multilateral | related | foreign
    entry: str
    entry_type: str
    target: str | None = None  # RU | KZ for target stand-ins and masks
    reason: str | None = None  # masking reason for kind == mask


class Known(NamedTuple):
    """What a matched surface is, worked out once per distinct surface. The flags let callers
    sort an article's matches with ``map`` (in C) instead of a Python loop over them."""

    entry: Entry | None
    topic: str | None  # topic of the longest cue stem that begins the surface
    nonword_end: bool = False  # ends in a non-word character: a form may start right after
    # A stand-in or mask of Kazakhstan / of Russia (or Baikonur, Russia's launch site): an
    # article whose target it is needs the full analysis.
    names_kz: bool = False
    names_ru: bool = False
    home_kz: bool = False  # a stand-in of Kazakhstan / Russia that is not an ethnonym
    home_ru: bool = False
    foreign: bool = False
    multilateral: bool = False


@dataclass(slots=True)  # built for every article: a NamedTuple is slower to build
class Found:
    """One text's matches (group 1 is the surface) and what each is, in parallel lists.
    ``offset``: where the text starts in the string matched (a title and text joined)."""

    matches: list[re.Match[str]]
    known: list[Known]
    offset: int = 0

    def index(self, cut: int) -> int:
        """How many matches lie before ``cut`` (a position no match spans)."""
        return bisect.bisect_left(self.matches, cut, key=re.Match.start)  # a match's start: its \W

    def split(self, cut: int) -> tuple[Found, Found]:
        """The matches before ``cut`` and those after it, in a text that starts at cut + 1."""
        k = self.index(cut)
        return (
            Found(self.matches[:k], self.known[:k], self.offset),
            Found(self.matches[k:], self.known[k:], cut + 1),
        )


_GROUP = re.Match.group
_START = re.Match.start
_ONES = itertools.repeat(1)
_NONWORD_END = operator.attrgetter("nonword_end")
_TOPIC = operator.attrgetter("topic")


class _Node:
    __slots__ = ("children", "end", "kk", "stem")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.end = self.kk = self.stem = False


def _char_re(ch: str, first: bool) -> str:
    if ch == " ":
        return r"\s+"
    up = ch.upper()
    if first and up != ch and len(up) == 1:  # a glued paragraph start keeps its capital
        return f"[{re.escape(ch)}{re.escape(up)}]"
    return re.escape(ch)


# Letters by how often Russian words start with them / by how often they occur. The regex
# engine tries a node's branches in order (skipping a branch whose first letter differs in one
# step, but one after the other), so common letters first cut the steps at every word start
# (about 8 % of the scan). The branches of a node begin with distinct characters, so at most one
# can match and their order changes nothing else.
_WORD_START_ORDER = "пвснокидрмтбзагучэешжфлцхюяйщыъь"
_LETTER_ORDER = "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъ"


def _by_frequency(order: str) -> Callable[[tuple[str, _Node]], int]:
    return lambda item: order.find(item[0]) % (len(order) + 1)  # not found (-1): last


def _node_re(
    node: _Node,
    first: bool = False,
    suffix: str = KK_SUFFIX,
    root: bool = True,
    word: str = _LOWER_WORD,
) -> str:
    children = sorted(node.children.items())
    if not first:  # anchored: "[кК]" classes may overlap a capital's own branch; keep them sorted
        children.sort(key=_by_frequency(_WORD_START_ORDER if root else _LETTER_ORDER))
    alts = [
        _char_re(ch, first) + _node_re(child, suffix=suffix, root=False, word=word)
        for ch, child in children
    ]
    if node.stem:
        alts.append(f"{word}*")
    if node.kk:
        alts.append(suffix)
    if node.end and not node.stem:
        alts.append("")
    if len(alts) == 1 and not first:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


class Matcher:
    """A compiled pattern plus the dictionaries that say what each surface is."""

    def __init__(self, kazakh: bool, plain: bool = False) -> None:
        self.exact: dict[str, Entry] = {}
        self.stems: dict[str, Entry] = {}  # kk stems and foreign stems, looked up by prefix
        # Topic cue stems ride in the same pattern (one pass per field for everything); a match
        # is given the topic of the longest cue stem that starts it.
        self.topic_stems: dict[str, str] = {}
        self._cache: dict[str, Known] = {}
        self._glued: dict[str, Known] = {}  # surfaces matched at glue points (capitals kept)
        self._glued_misses: set[str] = set()  # word heads before a glue point matching nothing
        root = _Node()

        def add(form: str, entry: Entry | None, mode: str = "end") -> None:
            form = " ".join(form.split())
            if plain:
                form = plain_form(form)
            if not form:
                return
            if _CAPITAL.search(form, 1):  # the glue-point cache relies on it (_add_glued)
                raise ValueError(f"a lexicon form with a capital after its first letter: {form!r}")
            node = root
            for ch in form:
                node = node.children.setdefault(ch, _Node())
            setattr(node, mode, True)
            if entry is not None:
                table = self.exact if mode == "end" else self.stems
                table.setdefault(form, entry)

        extra = json.loads((LEXICONS / "masks.json").read_text("utf-8"))
        # Masks first: a phrase that is a mask must win the dictionary over a stand-in.
        for m in extra["masks"]:
            e = Entry("mask", m["entry"], "mask", m["target"], m["reason"])
            for f in m["forms"]:
                add(f, e)
            for f in m.get("kk_forms", ()):
                add(f, e, "kk" if kazakh else "end")
        for target in ("RU", "KZ"):
            for lang in ("ru", "en") + (("kk",) if kazakh else ()):
                data = json.loads((LEXICONS / f"{lang}_{target}.json").read_text("utf-8"))
                for item in data["entries"]:
                    e = Entry("target", item["entry"], item["type"], target)
                    for f in item["forms"]:
                        add(f, e, "kk" if item["kk_suffix"] else "end")
        for f in extra["multilateral"]:
            add(f, Entry("multilateral", f, "multilateral"))
        for f in extra["related"]:
            add(f, Entry("related", f, "related"))
        for s in extra["foreign_stems"]:
            if s.startswith("="):
                add(s[1:], Entry("foreign", s[1:], "foreign"))
            else:
                add(s, Entry("foreign", s, "foreign"), "stem")
        topics = json.loads((LEXICONS / "topics.json").read_text("utf-8"))
        for topic in TOPICS:
            for stem in topics[topic]:
                add(stem, None, "stem")
                key = " ".join(stem.split())
                self.topic_stems.setdefault(plain_form(key) if plain else key, topic)
        self.stem_lengths = sorted({len(k) for k in self.stems}, reverse=True)
        self.topic_lengths = sorted({len(k) for k in self.topic_stems}, reverse=True)
        # The main scan only ever sees lower-case text (``Normalized.plain``, or ``text`` when it
        # has no capital), so its first characters are plain literals: the regex engine tests
        # a literal branch in one step, 2x faster than "[кК]". The look-behind makes every
        # mid-word position fail at once. Glued paragraph starts ("…вечеромПутин") are matched
        # separately with the capitalised first letters (anchored).
        #
        # Word starts: the engine has no fast skip for a leading look-behind, so it would enter
        # the trie at every position. ``after`` begins with the non-word character before a
        # form instead (a class the engine skips to in C, ~15 % faster overall); ``body`` covers
        # the two starts it cannot see: the text's first character and the character right
        # after a match that ended in a non-word character ("«зенит»", "opec+"). See ``find``.
        #
        # After that character, the first letter is tested against the trie's first letters
        # before its branches (which the engine tries one after the other): most non-word
        # characters start no form (a comma before a space).
        #
        # Lower-case text (``find(lower=True)``: the normalised copies, whose only capitals are
        # at glue points, matched apart) reads "\w" for a small letter in the stems and at the
        # end: the same test there, and 40 % less code for the engine to walk. The exact
        # patterns, for any text, are built when first asked for (``body``, ``after``).
        self.suffix = KK_SUFFIX.translate(KK_PLAIN) if plain else KK_SUFFIX
        self._root = root
        self._firsts = "(?=[" + re.escape("".join(sorted(root.children))) + "])"
        lower = _node_re(root, suffix=self.suffix, word=r"\w") + r"(?!\w)"
        self._lower_body = re.compile(f"({lower})")
        self._lower_after = re.compile(rf"{_NOT_LOWER_ALNUM}(?<=\W){self._firsts}({lower})")
        self.anchored = re.compile(f"({_node_re(root, first=True, suffix=self.suffix)}{_END})")

    @cached_property
    def _exact(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        body = _node_re(self._root, suffix=self.suffix) + _END
        return (
            re.compile(f"({body})"),
            re.compile(rf"{_NOT_LOWER_ALNUM}(?<=\W){self._firsts}({body})"),
        )

    @property
    def body(self) -> re.Pattern[str]:
        """A form at the position matched, in any text (group 1 is the surface)."""
        return self._exact[0]

    @property
    def after(self) -> re.Pattern[str]:
        """A non-word character, then a form (group 1), in any text."""
        return self._exact[1]

    def lookup(self, surface: str) -> Entry | None:
        key = " ".join(surface.lower().split())
        found = self.exact.get(key)
        if found is not None:
            return found
        for cut in self.stem_lengths:  # kk stem + suffix, foreign stem + ending: longest first
            if cut <= len(key):
                found = self.stems.get(key[:cut])
                if found is not None:
                    return found
        return None

    def topic(self, key: str) -> str | None:
        """The topic of the longest cue stem that begins ``key`` (a normalised surface)."""
        for cut in self.topic_lengths:
            if cut <= len(key):
                found = self.topic_stems.get(key[:cut])
                if found is not None:
                    return found
        return None

    def _known(self, surface: str, with_topic: bool = True) -> Known:
        entry = self.lookup(surface)
        topic = self.topic(" ".join(surface.lower().split())) if with_topic else None
        last = surface[-1]
        if entry is None:
            return Known(None, topic, not (last.isalnum() or last == "_"))
        stand_in = entry.kind in ("target", "mask")
        home = entry.kind == "target" and entry.entry_type != "ethnonym"
        return Known(
            entry,
            topic,
            not (last.isalnum() or last == "_"),
            stand_in and entry.target == "KZ",
            (stand_in and entry.target == "RU") or entry.entry_type == "spaceport",
            home and entry.target == "KZ",
            home and entry.target == "RU",
            entry.kind == "foreign",
            entry.kind == "multilateral",
        )

    def _learn(self, surface: str, glued: bool = False) -> Known:
        """``_known`` of a surface not seen before, remembered: surfaces repeat across articles.
        ``glued``: matched at a glue point, where a surface is no topic cue."""
        cache = self._glued if glued else self._cache
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        known = cache[surface] = self._known(surface, with_topic=not glued)
        return known

    def find(
        self,
        text: str,
        plain: str | None = None,
        glue: list[int] | None = None,
        *,
        lower: bool = False,
    ) -> Found:
        """Every surface in a normalised text, left to right: the matches (group 1 spans the
        surface) and what each is.

        ``plain``: the fully lower-cased copy when ``text`` kept glued capitals
        ("…вечеромПутин"); the main scan runs on it, and only the words touching a glue point
        (``glue``, else searched for) are matched again, anchored, in ``text``. ``lower``: the
        text scanned (``plain``, else ``text``) has no capital (a ``Normalized`` copy's).
        """
        subject = plain if plain is not None else text
        patterns = (self._lower_body, self._lower_after) if lower else self._exact
        # `after` needs a character before a form (SEP, see normalize_article, is one).
        matches, known = self._scan(subject, 0, not subject.startswith(SEP), *patterns)
        if plain is not None:
            self._add_glued(text, matches, known, glue)
        return Found(matches, known)

    def _scan(
        self, text: str, pos: int, at_pos: bool, body: re.Pattern[str], after: re.Pattern[str]
    ) -> tuple[list[re.Match[str]], list[Known]]:
        r"""What ``re.finditer(r"(?<!\w)" + body, text, pos)`` finds, with what each is.

        ``after`` (a non-word character, then a form) finds every form whose start follows a
        non-word character, searching on from where the last match ended: one finditer, and
        the lookups mapped over its matches, all in C. Two starts it cannot see are tried with
        ``body``: ``pos`` itself when ``at_pos`` (a text's first character), and the character
        right after a match that ended in a non-word character ("«зенит»", "opec+"; rare): the
        scan goes on from there.
        """
        matches: list[re.Match[str]] = []
        known: list[Known] = []
        cache = self._cache
        while True:
            if at_pos:
                m = body.match(text, pos)
                if m is not None:
                    surface = m.group(1)
                    k = cache.get(surface) or self._learn(surface)
                    matches.append(m)
                    known.append(k)
                    pos, at_pos = m.end(), k.nonword_end
                    continue
            more = list(after.finditer(text, pos))
            looked_up: list[Known] = list(map(cache.get, map(_GROUP, more, _ONES)))  # type: ignore[arg-type]
            if None in looked_up:  # surfaces not seen before
                looked_up = [
                    k or self._learn(m.group(1)) for k, m in zip(looked_up, more, strict=True)
                ]
            if not any(map(_NONWORD_END, looked_up)):
                matches += more
                known += looked_up
                return matches, known
            stop = list(map(_NONWORD_END, looked_up)).index(True) + 1  # the matches up to it
            matches += more[:stop]
            known += looked_up[:stop]
            pos, at_pos = more[stop - 1].end(), True

    def _add_glued(
        self, text: str, matches: list[re.Match[str]], known: list[Known], glue: list[int] | None
    ) -> None:
        """Forms at glue points of ``text`` that do not overlap a stand-in, merged in order.
        (They count as stand-ins only, not as topic cues.)"""
        taken: list[tuple[int, int]] | None = None  # spans of the stand-ins; built when needed
        for g in glue if glue is not None else [g.start() for g in _GLUE.finditer(text)]:
            before = _LAST_NOT_ALNUM.match(text, 0, g)
            word_start = 0 if before is None else before.end()
            # From the word's start a form cannot pass the capital (forms have none after their
            # first letter, see ``add``): whether one matches there depends on the word's head
            # alone ("передаетTengri" is frequent), so a miss is remembered by it.
            head = text[word_start:g]
            for pos in {word_start, g}:
                if pos == word_start and head in self._glued_misses:
                    continue
                m = self.anchored.match(text, pos)
                if m is None:
                    if pos == word_start:
                        if len(self._glued_misses) >= _CACHE_SIZE:
                            self._glued_misses.clear()
                        self._glued_misses.add(head)
                    continue
                if taken is None:
                    taken = [
                        m.span(1)
                        for m, k in zip(matches, known, strict=True)
                        if k.entry is not None
                    ]
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                surface = m.group()
                k = self._glued.get(surface) or self._learn(surface, glued=True)
                if k.entry is not None:
                    at = bisect.bisect(list(map(_START, matches, _ONES)), m.start())
                    matches.insert(at, m)
                    known.insert(at, k)
                    taken.append(m.span())

    def _spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, surface) of what ``find`` matches in a lower-case text."""
        return [(*m.span(1), m.group(1)) for m in self.find(text).matches]

    def scan(
        self,
        text: str,
        plain: str | None = None,
        topics: dict[str, int] | None = None,
        weight: int = 1,
    ) -> list[tuple[int, int, Entry]]:
        """(start, end, entry) of every surface in a normalised text, left to right (``find``
        with entries only). ``topics``: topic cue counts, each cue adding ``weight``."""
        found = self.find(text, plain)
        if topics is not None:
            count_topics(found.known, topics, weight)
        return [
            (*m.span(1), k.entry)
            for m, k in zip(found.matches, found.known, strict=True)
            if k.entry is not None
        ]


def count_topics(known: list[Known], counts: dict[str, int], weight: int) -> None:
    """Add ``weight`` to ``counts`` for each topic cue among the matches."""
    for topic in filter(None, map(_TOPIC, known)):  # most matches are no cue: skipped in C
        counts[topic] = counts.get(topic, 0) + weight


@lru_cache(maxsize=3)
def get_matcher(kazakh: bool, plain: bool = False) -> Matcher:
    """The matcher for Kazakh text (with Kazakh stems) or for Russian/English text; built once.
    ``plain``: for Kazakh Latin text, whose Kazakh letters are folded (``normalize.KK_PLAIN``)."""
    return Matcher(kazakh, plain)
