"""Format readers search for markup only where it can be: those narrowed
searches must find exactly what a pass of the same pattern over the whole text
finds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termlint.formats import markdown
from termlint.formats._mask import finditer_lines, run_start
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
