"""Golden check for classifier speed work: every output must stay byte-identical.

    python bench/golden_classify.py dump OUT.json [--corpus ../shared/corpus]
    python bench/golden_classify.py check OUT.json [--corpus ../shared/corpus]

Dumps ``classify_article`` outputs (target, label, score, language, evidence tuples, topics,
flags and the stored features) for every corpus article (with its outlet's country), each
fixture case of tests/monitor/classify/cases.jsonl and the KazNERD ``valid`` sentences, plus
stressed variants of the corpus articles that drive the rarer normalisation paths (paragraphs
glued without spaces, NFD-decomposed letters, typographic dashes and spaces, upper case).
``check`` recomputes and names the first differing items. The dump holds corpus text only
by id and is written outside the repository (a temp file).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from monitor.classify import ArticleInput, classify_article
from monitor.corpus import as_input, corpus_records

ROOT = Path(__file__).resolve().parents[1]


def _variants(a: ArticleInput) -> Iterator[tuple[str, ArticleInput]]:
    yield "", a
    t = a.text
    yield (
        "#glued",
        ArticleInput(a.id, a.outlet_country, a.title, t.replace("\n", "").replace(". ", ".")),
    )
    yield (
        "#nfd",
        ArticleInput(
            a.id,
            a.outlet_country,
            unicodedata.normalize("NFD", a.title),
            unicodedata.normalize("NFD", t),
        ),
    )
    typo = t.replace("-", "\u2011").replace(" ", "\u00a0", 40).replace("е", "ё", 30)
    yield "#typo", ArticleInput(a.id, a.outlet_country, a.title.replace(" ", "\u202f"), typo)
    yield "#upper", ArticleInput(a.id, a.outlet_country, a.title.upper(), t[:300].upper() + t[300:])
    yield "#flip", ArticleInput(a.id, "KZ" if a.outlet_country == "RU" else "RU", a.title, t, a.lang)  # fmt: skip


def inputs(corpus: Path) -> Iterator[tuple[str, ArticleInput]]:
    for d in corpus_records(corpus):
        for suffix, v in _variants(as_input(d)):
            yield f"{d['id']}{suffix}", v
    cases = (ROOT / "tests" / "monitor" / "classify" / "cases.jsonl").read_text("utf-8")
    for i, line in enumerate(x for x in cases.split("\n") if x.strip()):
        c = json.loads(line)
        yield f"case-{i}", ArticleInput(i, c["outlet"], c["title"], c["text"])
    kaznerd = corpus / "labels" / "kaznerd_valid.jsonl"
    if kaznerd.exists():
        for line in kaznerd.read_text("utf-8").split("\n"):
            if line.strip():
                d = json.loads(line)
                outlet = "KZ" if d["target"] == "RU" else "RU"
                yield d["id"], ArticleInput(d["id"], outlet, "", d["text"])


def dump(corpus: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, a in inputs(corpus):
        d = classify_article(a)
        out[key] = d.to_json() | {"features": d.features}
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["dump", "check"])
    ap.add_argument("path", type=Path)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    got = json.loads(json.dumps(dump(args.corpus), ensure_ascii=False))
    if args.mode == "dump":
        args.path.write_text(json.dumps(got, ensure_ascii=False, sort_keys=True), "utf-8")
        print(f"{len(got)} decisions written to {args.path}", file=sys.stderr)
        return 0
    want = json.loads(args.path.read_text("utf-8"))
    bad = [k for k in want.keys() | got.keys() if want.get(k) != got.get(k)]
    for k in sorted(bad)[:10]:
        print(f"DIFF {k}\n  want {want.get(k)}\n  got  {got.get(k)}", file=sys.stderr)
    print(f"{len(got)} decisions, {len(bad)} differ", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
