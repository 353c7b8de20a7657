"""What deciding each paragraph's language reads, and that reading less
decides the same (termlint.language): paragraphs are cut where a blank line
or the end follows, and a long paragraph whose first characters leave no
doubt is not read further."""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS, SHARED
from hypothesis import given
from hypothesis import strategies as st

from termlint import language
from termlint.language import SAMPLE, SHORT_LETTERS, Identifier, long_enough, paragraph_spans


def reference_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs as the definition reads: a run from a character that is not
    white space over any character and every line break not followed by a
    blank line or the end, white space at its end left out."""
    out = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t\r\f\v]*(?:\n|\Z)))*", text):
        end = m.end()
        while text[end - 1].isspace():
            end -= 1
        out.append((m.start(), end))
    return out


# lines of letters and white space of every kind Python knows, some of them
# blank or white space only, joined by line breaks
SPACE = st.sampled_from([" ", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2028"])
LINE = st.lists(st.one_of(SPACE, st.sampled_from(["a", "é"])), max_size=6).map("".join)
# a line of these only is blank
BLANK = st.lists(st.sampled_from([" ", "\t", "\r", "\x0b", "\x0c"]), max_size=3).map("".join)
TEXT = st.lists(st.one_of(LINE, BLANK), max_size=8).map("\n".join)


@given(TEXT)
def test_paragraphs_are_cut_at_blank_lines(text: str) -> None:
    assert paragraph_spans(text) == reference_spans(text)


@given(st.lists(st.sampled_from(["a", "é", "1", "_", " ", "-", "ß", "\u0301"]), max_size=500))
def test_a_paragraph_long_enough_has_the_letters(chars: list[str]) -> None:
    text = "".join(chars)
    letters = sum(c.isalpha() for c in text[:SAMPLE])
    assert long_enough(text) == (letters >= SHORT_LETTERS)


def test_the_letters_that_make_a_paragraph_long_enough() -> None:
    # letters apart, digits and marks between them not counted
    short = "é1\u0301 " * (SHORT_LETTERS - 1)
    assert not long_enough(short)
    assert long_enough(short + "a")
    # only the sample counts
    assert not long_enough(" " * (SAMPLE - SHORT_LETTERS + 1) + "a" * SHORT_LETTERS)
    assert long_enough(" " * (SAMPLE - SHORT_LETTERS) + "a" * SHORT_LETTERS)


def test_paragraphs_of_a_draft() -> None:
    text = "Title\n\n  First paragraph,\nits second line.  \n \t\r\nLast one\n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == [
        "Title",
        "First paragraph,\nits second line.",
        "Last one",
    ]


needs_corpus = pytest.mark.skipif(
    not (SHARED / "devcorpus").is_dir(), reason="../shared/devcorpus is not beside the repo"
)


@needs_corpus
def test_the_first_characters_decide_as_the_whole_sample(monkeypatch) -> None:
    """On every paragraph of the development passages (seven languages) and
    of the corpus, reading the first characters first gives the language that
    reading the whole sample gives."""
    paragraphs = set()
    for path in [*sorted((SHARED / "devcorpus").glob("*.txt")), *sorted(CORPUS.glob("*.txt"))]:
        text = path.read_text(encoding="utf-8")
        paragraphs.update(text[s:e] for s, e in paragraph_spans(text))
    assert len(paragraphs) > 1000
    identifier = Identifier()
    probed = {p: identifier.clear(p) for p in paragraphs}
    monkeypatch.setattr(language, "PROBE", 10**9)  # the whole sample only
    differ = [p[:60] for p in paragraphs if identifier.clear(p) != probed[p]]
    assert differ == []
