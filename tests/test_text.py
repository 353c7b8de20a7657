"""Word windows: the narrow scans of termlint.engine.text must give what a scan
of the full span gives, on any text (hyphenated and apostrophised words,
long words, sentence ends, spans cut inside words)."""

from __future__ import annotations

import bisect
import re

from hypothesis import given
from hypothesis import strategies as st

from termlint.engine.text import (
    WORD_SPAN,
    at_most_words,
    sentences,
    window,
    words_in,
)
from termlint.formats import to_document

WORDS = ["a", "child", "x-ray", "don't", "re\u2019use", "Mr.", "ab" * 30, "e\u0301t\u00e9", "42"]
GAPS = [" ", "  ", "-", "--", ". ", ".\n\n", ", ", "\n", "'", " (", ") ", "? The "]


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), min_size=1, max_size=80)
    )
    return "".join(w + g for w, g in parts)


def full_window(doc, start: int, end: int, size: int) -> tuple[int, int]:
    """The window from one scan of the whole neighbourhood (the reference)."""
    s_start, s_end = sentences(doc).span(start)
    margin = WORD_SPAN * (size + 1)
    s_start, s_end = max(s_start, start - margin), min(s_end, end + margin)
    spans = words_in(doc.text, s_start, s_end)
    if not spans:
        return start, end
    first = bisect.bisect_right([e for _, e in spans], start)
    last = bisect.bisect_left([s for s, _ in spans], end) - 1
    if first - size >= len(spans):  # no word ends after start (size 0)
        lo = start
    else:
        lo = spans[first - size][0] if first - size >= 0 else s_start
    hi = spans[last + size][1] if last + size < len(spans) else s_end
    return min(lo, start), max(hi, end)


@given(texts(), st.data())
def test_window_is_what_a_full_scan_gives(text: str, data: st.DataObject) -> None:
    doc = to_document("t.txt", text, "text")
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
    size = data.draw(st.sampled_from([0, 1, 2, 8, 16]))
    assert window(doc, start, end, size) == full_window(doc, start, end, size)


@given(texts(), st.data())
def test_at_most_words_counts(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    n = data.draw(st.integers(0, 12))
    assert at_most_words(text, start, end, n) == (len(words_in(text, start, end)) <= n)


def test_a_window_in_long_prose_stops_at_its_sentence() -> None:
    text = "One two three. " + "word " * 50 + "TARGET " + "word " * 50 + "end."
    doc = to_document("t.txt", text, "text")
    at = text.index("TARGET")
    lo, hi = window(doc, at, at + 6, 2)
    assert text[lo:hi] == "word word TARGET word word"


def test_a_window_of_no_words_after_the_last_word() -> None:
    # (a match after the last word, with a window of 0, once raised IndexError)
    doc = to_document("t.txt", "a \u00a7", "text")
    assert window(doc, 2, 3, 0) == (2, 3)


NAME_WORDS = ["Act", "of", "the", "Child", "Sale", "Rights", "Convention", "on", "Optional"]
NAME_WORDS += ["Protocol", "Children", "Prostitution", "Pornography", "child", "pornography"]
NAME_WORDS += ["(2011)", "U.S.-based", "Task", "Force", "Operation", "and", "Directive", "x" * 40]
NAME_WORDS += ["Netwo\u212ak", "Acts.", "Actor", "Police"]  # a Kelvin sign lowers to "k"
NAME_WORDS += ["act", "group", "operation", "\u0130"]  # a dotted capital I lowers to two
NAME_GAPS = [" "] * 8 + [", ", "\n\n", ". ", "-", "  "]


@given(
    st.lists(
        st.tuples(st.sampled_from(NAME_WORDS), st.sampled_from(NAME_GAPS)), min_size=20, max_size=80
    ),
    st.data(),
)
def test_proper_names_are_what_a_whole_sentence_scan_gives(parts, data: st.DataObject) -> None:
    from termlint.engine import exemptions

    text = "".join(w + g for w, g in parts)
    doc = to_document("t.txt", text, "text")
    start, end = data.draw(st.sampled_from(words_in(text, 0, len(text))))
    found = exemptions.proper_name_at(doc, start, end)
    saved = exemptions._NAME_NEAR, exemptions._NAME_REACH, exemptions._NAME_SENTENCE
    exemptions._NAME_NEAR = exemptions._NAME_REACH = 10**9  # the whole sentence at once
    exemptions._NAME_SENTENCE = -1  # and no quick test for a head noun first
    try:
        assert found == exemptions.proper_name_at(doc, start, end)
    finally:
        exemptions._NAME_NEAR, exemptions._NAME_REACH, exemptions._NAME_SENTENCE = saved


def test_a_long_name_is_found_whole() -> None:
    from termlint.engine.exemptions import proper_name_at

    name = (
        "Optional Protocol to the Convention on the Rights of the Child on the Sale of "
        "Children, Child Prostitution and Child Pornography"
    )
    text = f"He cited the {name} yesterday."
    at = text.index("Child Pornography")
    doc = to_document("t.txt", text, "text")
    assert proper_name_at(doc, at, at + len("Child Pornography")) == name


@given(st.text(alphabet="\r\n \ta", max_size=40))
def test_paragraph_breaks_are_found_as_by_the_plain_pattern(text: str) -> None:
    import re

    from termlint.engine.text import _PARAGRAPH

    plain = re.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)")  # the reference form
    assert [m.span() for m in _PARAGRAPH.finditer(text)] == [m.span() for m in plain.finditer(text)]


# Sentences are cut block by block where asked (termlint.engine.text.Sentences):
# the reference below cuts the whole text at once, as termlint did before.
SENTENCE_GAPS = [*GAPS, "\n\n\n", "\r\n\r\n", "\n \n", ".\n\nthen ", "! \u201c", ".) ", "\n\n  "]


def whole_text_sentences(text: str) -> list[tuple[int, int]]:
    import re

    from termlint.engine import text as t

    cuts: set[int] = set()
    for m in t._END.finditer(text):
        at = m.start()
        if text[at] == ".":
            word = t._WORD_BREAK.split(text[max(0, at - 6) : at])[-1].lower()
            if word in t._ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        cuts.add(m.end())
    for m in re.finditer(r"(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)", text):
        if not text[m.end() : m.end() + 40].lstrip()[:1].islower():
            cuts.add(m.end())
    bounds = sorted(cuts)
    return list(zip([0, *bounds], [*bounds, len(text)], strict=True))


@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.sampled_from(SENTENCE_GAPS)), min_size=1, max_size=120
    ),
    st.integers(min_value=1, max_value=60),
    st.data(),
)
def test_sentences_cut_in_blocks_are_the_whole_texts(parts, block: int, data) -> None:
    from termlint.engine.text import Sentences

    text = "".join(w + g for w, g in parts)
    reference = whole_text_sentences(text)
    starts = [s for s, _ in reference]
    lazy = Sentences(text, block=block)
    # asked in any order, as matches ask
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=30))
    for offset in offsets:
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        assert lazy.span(offset) == reference[i], (offset, text)
    assert list(zip(lazy.starts, lazy.ends, strict=True)) == reference


def test_paragraphs_read_in_blocks_are_the_whole_texts() -> None:
    import random

    from termlint.engine.text import Paragraphs

    rng = random.Random(22)
    pieces = ["a", "word ", "\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\r", " \t", "\n \n", "."]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        breaks = list(re.finditer(r"(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)", text))
        starts = [0] + [m.end() for m in breaks]
        ends = [m.start() for m in breaks] + [len(text)]
        lazy = Paragraphs(text, block=rng.randint(1, 12))
        for _ in range(12):
            offset = rng.randint(0, len(text))
            i = max(bisect.bisect_right(starts, offset) - 1, 0)
            assert lazy.span(offset) == (starts[i], ends[i]), (text, offset)


def test_quoted_lines_are_those_of_the_whole_text_pattern() -> None:
    import random

    from termlint.formats.plain import _QUOTED_LINES, quoted_lines

    rng = random.Random(5)
    pieces = ["> ", ">", " >", "\t> x", "a", "word", "\n", "\r\n", "\r", " ", "->", ">>", "\n\n"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert quoted_lines(text) == [m.span() for m in _QUOTED_LINES.finditer(text)], text
