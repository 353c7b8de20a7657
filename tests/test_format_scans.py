"""Format readers search for markup only where it can be: those narrowed
searches must find exactly what a pass of the same pattern over the whole text
finds."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from termlint.formats import markdown
from termlint.formats._mask import QUOTE_MARKS, _quoted_around, finditer_lines, run_start
from termlint.formats.plain import SKIP, address_spans

ADDRESS_PARTS = [
    "http://a.b/c",
    "HTTPS://",
    "://",
    "www.",
    "WwW.",
    "example.org",
    "@",
    "me@example.org",
    "x@y",
    "doi:",
    "DOI:",
    "10.1234/abc",
    "10.",
    "1234",
    "/",
    ".",
    ",",
    "-",
    ")",
    "word",
    "\u00e9",
    "\u00a0",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
]


@given(st.lists(st.sampled_from(ADDRESS_PARTS), max_size=40).map("".join))
def test_addresses_are_found_as_by_a_full_pass(text: str) -> None:
    assert address_spans(text) == [m.span() for m in SKIP.finditer(text)]


def test_a_doi_after_its_prefix_on_the_line_before() -> None:
    text = "See doi:\n  10.1000/xyz and mail a@b.org, www.example.org or https://x.y/z."
    assert address_spans(text) == [m.span() for m in SKIP.finditer(text)]
    assert [text[s:e] for s, e in address_spans(text)] == [
        "doi:\n  10.1000/xyz",
        "a@b.org",
        "www.example.org",
        "https://x.y/z.",
    ]


@pytest.mark.parametrize(("text", "pos"), [("ab cd", 5), ("ab cd", 2), ("abc", 3), ("", 0)])
def test_run_start(text: str, pos: int) -> None:
    expected = pos
    while expected > 0 and not text[expected - 1].isspace():
        expected -= 1
    assert run_start(text, pos) == expected


def test_run_start_of_a_long_run_stops_at_its_floor() -> None:
    text = "x " + "a" * 1000
    assert run_start(text, len(text)) == 2
    assert run_start(text, len(text), floor=500) == 500


MARKDOWN_PARTS = ["#", "##", " ", "\t", "*", "**", "_", "__", "word", "\n", "\r\n", "]:", "[x]"]


@given(st.lists(st.sampled_from(MARKDOWN_PARTS), max_size=40).map("".join))
def test_markup_of_one_line_is_found_line_by_line(text: str) -> None:
    for pattern, needles in markdown._MARKUP:
        if pattern in markdown._IN_ONE_LINE:
            assert [m.span() for m in finditer_lines(pattern, text, needles)] == [
                m.span() for m in pattern.finditer(text)
            ]


QUOTE_PARTS = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "**", "`x`", "<b>", "</b>", "word"]
QUOTE_PARTS += ["child porn", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\n\nlower", "\n\nUpper", ","]
QUOTE_PARTS += ["\n<b>\n", "\n\n<b>lower", "\n\n**x"]  # blank lines that markup makes or unmakes
# speech after a colon, and paragraphs that open with a mark (a quotation runs on)
QUOTE_PARTS += [": ", "\n\n'", '\n\n"', "\n\n**'"]


def _quoted_around_whole(text: str, runs: list[tuple[int, int]], marks: list[int]):
    """What ``_quoted_around`` finds, by one search of the whole text without
    its markup."""
    import re

    from termlint.engine.exemptions import _QUOTES

    kept, origin = [], []  # the characters kept, and where each comes from
    last = 0
    for start, end in [*runs, (len(text), len(text))]:
        kept.append(text[last:start])
        origin.extend(range(last, start))
        breaks = re.sub(r"[^\r\n]", "", text[start:end])
        kept.append(breaks)
        origin.extend([start] * len(breaks))  # never a quotation mark
        last = end
    found = set()
    for m in _QUOTES.finditer("".join(kept)):
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        if start in marks or end - 1 in marks:
            found.add((start, end))
    return found


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(QUOTE_PARTS), min_size=10, max_size=80).map("".join))
# a quotation that runs on into a paragraph opening with a mark, markup before its end
@example('"""""\'**"\n\n\'')
@example('"**word\n\n"')
def test_quotations_around_markup_are_found_as_in_the_whole_text(text: str) -> None:
    doc = markdown.to_document("doc.md", text)
    # what the reader skipped (non-space characters blanked), and the marks
    runs = []
    for i, (a, b) in enumerate(zip(doc.text, doc.source, strict=True)):
        if a != b:
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    marks = [
        p
        for s, e in runs
        for p, other in ((s - 1, e), (e, s - 1))
        if s > 0 and e < len(text) and text[p] in QUOTE_MARKS and not text[other].isspace()
    ]
    assert set(_quoted_around(text, runs, marks)) == _quoted_around_whole(text, runs, marks)
