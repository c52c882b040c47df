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

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from monitor.classify.normalize import KK_PLAIN, plain_form

LEXICONS = Path(__file__).resolve().parent / "lexicons"
TOPICS = (
    "diplomacy_politics", "economy_trade", "energy", "security_military", "space",
    "transport_transit", "ecology", "digital_it", "culture_education", "migration_people",
    "sport", "incidents_disasters",
)  # fmt: skip

# Kazakh agglutination after a stem: adjective/plural/possessive/case/locative-adjective.
KK_SUFFIX = (
    r"(?:лық|лік|дық|дік|тық|тік|шыл|шіл)?"
    r"(?:лар|лер|дар|дер|тар|тер)?"
    r"(?:ы|і|сы|сі|ымыз|іміз)?"
    r"(?:ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|на|не|а|е|ны|ні|ды|ді|ты|ті|н|да|де|та|те|нда|нде"
    r"|дан|ден|тан|тен|нан|нен|мен|бен|пен|менен|бенен|пенен|ша|ше|ша|дай|дей|тай|тей)?"
    r"(?:ғы|гі|қы|кі)?"
    r"(?:лар|лер|дар|дер|тар|тер)?"
    r"(?:ы|і|ның|нің|на|не|да|де|дан|ден|мен|ға|ге|ды|ді)?"
)
_CACHE_SIZE = 200_000  # distinct matched surfaces remembered (a few MB at most)
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER_WORD = rf"[^\W{_UPPER}]"
_END = rf"(?!{_LOWER_WORD})"
# A capital right after a small letter. The class comes first so the engine skips ahead to
# capitals in C; a leading look-behind would enter the matcher at every position (7x slower).
_GLUE = re.compile(rf"[{_UPPER}](?<=[^\W{_UPPER}\d_].)")


@dataclass(frozen=True, slots=True)
class Entry:
    """What a surface form stands for."""

    kind: str  # target | mask | multilateral | related | foreign
    entry: str
    entry_type: str
    target: str | None = None  # RU | KZ for target stand-ins and masks
    reason: str | None = None  # masking reason for kind == mask


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


def _node_re(node: _Node, first: bool = False, suffix: str = KK_SUFFIX) -> str:
    alts = [
        _char_re(ch, first) + _node_re(child, suffix=suffix)
        for ch, child in sorted(node.children.items())
    ]
    if node.stem:
        alts.append(f"{_LOWER_WORD}*")
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
        self._cache: dict[str, tuple[Entry | None, str | None]] = {}
        root = _Node()

        def add(form: str, entry: Entry | None, mode: str = "end") -> None:
            form = " ".join(form.split())
            if plain:
                form = plain_form(form)
            if not form:
                return
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
        # after a match that ended in a non-word character ("«зенит»", "opec+"). See ``_spans``.
        self.suffix = KK_SUFFIX.translate(KK_PLAIN) if plain else KK_SUFFIX
        body = _node_re(root, suffix=self.suffix) + _END
        self.body = re.compile(f"({body})")
        self.after = re.compile(rf"\W({body})")
        self.anchored = re.compile(_node_re(root, first=True, suffix=self.suffix) + _END)

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

    def _spans(self, text: str) -> list[tuple[int, int, str]]:
        r"""What ``re.finditer(r"(?<!\w)" + body, text)`` finds, left to right, non-overlapping."""
        body, after = self.body, self.after
        out: list[tuple[int, int, str]] = []
        m = body.match(text)
        pos = 0
        while True:
            if m is None:
                m = after.search(text, pos)
                if m is None:
                    return out
            pos = m.end()
            out.append((m.start(1), pos, m.group(1)))
            last = text[pos - 1]
            # After a non-word last character the next form may start right here; `after`,
            # searching from here, would need one more non-word character first.
            m = None if last.isalnum() or last == "_" else body.match(text, pos)

    def scan(
        self,
        text: str,
        plain: str | None = None,
        topics: dict[str, int] | None = None,
        weight: int = 1,
    ) -> list[tuple[int, int, Entry]]:
        """(start, end, entry) of every surface in a normalised text, left to right.

        ``plain``: the fully lower-cased copy when ``text`` kept glued capitals
        ("…вечеромПутин"); the main scan runs on it, and only the words touching a glue
        point are matched again, anchored, in ``text``. ``topics``: topic cue counts, each
        cue adding ``weight``.
        """
        out = []
        cache = self._cache
        for start, end, surface in self._spans(plain if plain is not None else text):
            known = cache.get(surface)
            if known is None:  # surfaces repeat across articles: look each up once
                if len(cache) >= _CACHE_SIZE:
                    cache.clear()
                known = cache[surface] = (
                    self.lookup(surface),
                    self.topic(" ".join(surface.lower().split())),
                )
            entry, topic = known
            if entry is not None:
                out.append((start, end, entry))
            if topic is not None and topics is not None:
                topics[topic] = topics.get(topic, 0) + weight
        if plain is None:
            return out
        taken = [(s, e) for s, e, _ in out]
        for g in _GLUE.finditer(text):
            word_start = g.start()
            while word_start and text[word_start - 1].isalnum():
                word_start -= 1
            for pos in {word_start, g.start()}:
                m = self.anchored.match(text, pos)
                if m is None or any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                entry = self.lookup(m.group())
                if entry is not None:
                    out.append((m.start(), m.end(), entry))
                    taken.append(m.span())
        out.sort(key=lambda h: h[0])
        return out


@lru_cache(maxsize=3)
def get_matcher(kazakh: bool, plain: bool = False) -> Matcher:
    """The matcher for Kazakh text (with Kazakh stems) or for Russian/English text; built once.
    ``plain``: for Kazakh Latin text, whose Kazakh letters are folded (``normalize.KK_PLAIN``)."""
    return Matcher(kazakh, plain)
