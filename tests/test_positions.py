"""Positions: 1-based lines, code-point columns, UTF-16 columns, exclusive ends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import config_from, lint, rule_pack
from hypothesis import given
from hypothesis import strategies as st

from termlint.positions import LineIndex

RULE = """\
- id: cp
  kind: substitute
  severity: error
  terms: [child pornography, kiddie porn]
  replacements: [child sexual abuse material]
  rationale: Test rule.
"""


@pytest.fixture
def config(tmp_path: Path):
    return config_from(tmp_path, rule_pack(RULE))


def where(f):
    return (f.line, f.column, f.end_line, f.end_column, f.column_utf16, f.end_column_utf16)


def test_non_ascii_before_the_match(config) -> None:
    text = "Ça, naïve résumé — child pornography"
    (f,) = lint(config, text)
    col = text.index("child") + 1
    assert where(f) == (1, col, 1, col + 17, col, col + 17)
    assert text[f.offset : f.end_offset] == f.text == "child pornography"


def test_astral_characters_count_twice_in_utf16(config) -> None:
    text = "🙂🙂 x 𝔘 child pornography 🙂 kiddie porn"
    first, second = lint(config, text)
    # code points: 2 emoji + " x " + 1 math letter + " " = 7 before the match
    assert (first.column, first.end_column) == (8, 25)
    assert (first.column_utf16, first.end_column_utf16) == (11, 28)
    assert (second.column, second.column_utf16) == (28, 32)
    assert second.end_column_utf16 - second.column_utf16 == len("kiddie porn")


def test_tabs_count_as_one_column(config) -> None:
    (f,) = lint(config, "\t\tchild pornography")
    assert (f.line, f.column) == (1, 3)


def test_crlf_lines_and_multiline_span(config) -> None:
    text = "first line\r\nsecond child\r\npornography here\r\n"
    (f,) = lint(config, text)
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 8, 3, 12)
    assert f.text == "child\r\npornography"


def test_lone_cr_is_a_line_break(config) -> None:
    (f,) = lint(config, "a\rb\rchild pornography")
    assert (f.line, f.column) == (3, 1)


def test_line_index_directly() -> None:
    index = LineIndex("ab\r\n😀c\nd")
    assert index.position(0) == (1, 1, 1)
    assert index.position(2) == (1, 3, 3)  # the \r
    assert index.position(4) == (2, 1, 1)
    assert index.position(5) == (2, 2, 3)  # after the astral char
    assert index.position(8) == (3, 2, 2)  # end of text


def test_cli_positions_on_a_crlf_utf8_file(run, write) -> None:
    write("doc.txt", "Überblick\r\n\r\n😀 Kiddie porn\r\nand child\r\npornography\r\n")
    result = run("check", "--format", "json", "doc.txt")
    assert result.code == 1, result.err
    got = [
        (
            f["line"],
            f["column"],
            f["end_line"],
            f["end_column"],
            f["column_utf16"],
            f["end_column_utf16"],
        )
        for f in json.loads(result.out)["findings"]
    ]
    assert got == [(3, 3, 3, 14, 4, 15), (4, 5, 5, 12, 5, 12)]


def test_urls_emails_and_dois_are_skipped_in_plain_text(config) -> None:
    text = (
        "See https://example.org/child-pornography-laws and www.example.com/child-pornography, "
        "mail child.pornography@example.org, doi:10.1000/child-pornography; child pornography."
    )
    (f,) = lint(config, text)
    assert f.column == text.rindex("child pornography") + 1


def _positions_by_hand(text: str, offset: int) -> tuple[int, int, int]:
    """Line, column and UTF-16 column, counted one character at a time."""
    line, column, utf16 = 1, 1, 1
    i = 0
    while i < offset:
        ch = text[i]
        if ch == "\r" and text[i + 1 : i + 2] == "\n" and i + 1 < offset:
            i += 2
            line, column, utf16 = line + 1, 1, 1
            continue
        if ch in "\r\n":
            line, column, utf16 = line + 1, 1, 1
        else:
            column += 1
            utf16 += 2 if ord(ch) > 0xFFFF else 1
        i += 1
    return line, column, utf16


@given(st.text(alphabet="ab\r\n\u00e9\u20ac\U0001f600\ud800", max_size=60), st.data())
def test_line_index_agrees_with_counting_by_hand(text: str, data: st.DataObject) -> None:
    import termlint.positions as positions

    offset = data.draw(st.integers(0, len(text)))
    if text[offset - 1 : offset] == "\r" and text[offset : offset + 1] == "\n":
        return  # between the two characters of one line break: no position of its own
    saved = positions._PIECE
    positions._PIECE = 7  # astral characters are looked for a few characters at a time
    try:
        assert LineIndex(text).position(offset) == _positions_by_hand(text, offset)
    finally:
        positions._PIECE = saved
