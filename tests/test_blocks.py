"""Quotations and italic spans are found block by block where a match asks
(termlint.engine.exemptions.BlockSpans): every answer must be the one an
index of a whole-text scan gives, on any text and any block size."""

from __future__ import annotations

import random

from termlint.engine.exemptions import (
    _ITALIC,
    _LINE_CUT,
    _QUOTE_CUT,
    _QUOTES,
    BlockSpans,
    SpanIndex,
)

PIECES = [
    "word",
    "a",
    "b c",
    "Word",
    "it's",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n\r\n",
    "\n \n",
    "\n\n  ",
    "\n\nlower",
    '"',
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    "'",
    "\u00ab",
    "\u00bb",
    "\u201e",
    "*",
    "**",
    "''",
    "<i>",
    "</i>",
    "<em>",
    "</em>",
    ".",
    ", ",
]


def whole(pattern, text: str, extra=()) -> SpanIndex:
    return SpanIndex([m.span() for m in pattern.finditer(text)] + list(extra))


def test_block_spans_answer_as_a_whole_text_index() -> None:
    # seeded random texts of the pieces quotations and italics are made of
    rng = random.Random(2026)
    for _ in range(4000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        extra = [tuple(sorted((rng.randint(0, len(text)), rng.randint(0, len(text)))))]
        block = rng.randint(1, 20)
        cases = [
            (whole(_QUOTES, text, extra), BlockSpans(text, _QUOTES, _QUOTE_CUT, extra, block)),
            (whole(_ITALIC, text), BlockSpans(text, _ITALIC, _LINE_CUT, block=block)),
        ]
        for reference, lazy in cases:
            for _ in range(15):
                start = rng.randint(0, len(text))
                end = min(len(text), start + rng.randint(0, 12))
                assert lazy.containing(start, end) == reference.containing(start, end), (
                    text,
                    start,
                    end,
                    block,
                )


def test_a_quotation_across_a_lower_case_paragraph_is_found_from_a_later_block() -> None:
    # text extracted from PDF: a blank line after every line, the sentence
    # (and the quotation) running on in lower case
    text = "He wrote \u201cthe first line\n\nthe second line\u201d and left.\n\nNext."
    lazy = BlockSpans(text, _QUOTES, _QUOTE_CUT, block=1)
    inner = text.index("second")
    assert lazy.containing(inner, inner + 6) == (9, text.index("\u201d") + 1)
