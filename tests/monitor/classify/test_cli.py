"""`monitor classify --jsonl`: one output line per input, same order; bad lines exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main


def test_jsonl_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "outlet_country": "RU", "title": "Токаев прибыл в Москву", "text": "Визит продлится два дня."},
        {"id": "b", "outlet_country": "KZ", "title": "Жара в регионах", "text": "До сорока градусов."},
        {"id": 3, "outlet_country": "KZ", "title": "Ресейде сайлау өтті", "text": "Сайлау аяқталды.", "lang": "kk"},
    ]  # fmt: skip
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["classify", "--jsonl", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    got = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [g["id"] for g in got] == ["a", "b", 3]
    assert [(g["target"], g["label"]) for g in got] == [
        ("KZ", "about"),
        ("RU", "none"),
        ("RU", "about"),
    ]
    assert set(got[0]) == {"id", "target", "label", "score", "evidence", "topics"}
    assert got[0]["evidence"][0] == {
        "surface": "Токаев", "field": "title", "start": 0, "end": 6,
        "entry": "Токаев", "entry_type": "leader", "masked": None,
    }  # fmt: skip


def test_jsonl_bad_line_names_it(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": 1, "outlet_country": "KZ", "title": "x", "text": "y"}\n{"id": 2}\n', "utf-8"
    )
    result = CliRunner().invoke(main, ["classify", "--jsonl", str(src)])
    assert result.exit_code == 1
    assert "line 2: missing field 'outlet_country'" in result.output


def test_out_without_jsonl_is_usage_error() -> None:
    result = CliRunner().invoke(main, ["classify", "--out", "x.jsonl"])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"[1, 2]\n", "line 1: expected a JSON object"),
        (
            b'{"id": 1, "outlet_country": "KZ", "title": 5}\n',
            "line 1: field 'title' must be a string",
        ),
        (
            b'{"id": 1, "outlet_country": "KZ", "title": "Putin", "lang": "de"}\n',
            "line 1: lang 'de' is not supported",
        ),
        (
            b'{"id": 1, "outlet_country": "UA", "title": "Putin"}\n',
            "line 1: outlet_country must be KZ or RU",
        ),
        (
            '{"id": 1, "outlet_country": "KZ", "title": "Путин"}\n'.encode("cp1251"),
            "line 1: not UTF-8",
        ),
    ],
)
def test_jsonl_wrong_shapes_and_encodings_name_the_line(
    tmp_path: Path, line: bytes, message: str
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(line)
    for args, stdin in (([str(src)], None), (["-"], line)):
        result = CliRunner().invoke(main, ["classify", "--jsonl", *args], input=stdin)
        assert result.exit_code == 1, result.output
        assert message in result.output, result.output
        assert not isinstance(result.exception, (UnicodeDecodeError, TypeError, AttributeError))


def test_jsonl_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes('\ufeff{"id": 1, "outlet_country": "KZ", "title": "Путин в Астане"}\n'.encode())
    result = CliRunner().invoke(main, ["classify", "--jsonl", str(src)])
    assert result.exit_code == 0, result.output
    assert '"label": "about"' in result.stdout
