"""Where a finding is in a word-processor document (DOCX, ODT), told the way
its reader finds it: the part of the document (body, footnote, header...),
the paragraph's number within that part, and an excerpt of the paragraph
around the finding with its words marked (``…police found ⟦child porn⟧ on
the…``).

A :class:`Place` is kept per line (each line of such a document is one
paragraph) and travels between processes with the findings; the excerpt is
made per finding, by the reporters, from the line's text and the finding's
columns, so that two findings in one paragraph each get their own.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

#: Code points of context kept on each side of the span (then cut back to a
#: word boundary).
CONTEXT = 30
#: A longer span is shown by its beginning.
LONGEST_SPAN = 60
#: Around the span in plain-text excerpts.
OPEN, CLOSE = "⟦", "⟧"
CUT = "…"
#: Bidirectional formatting characters: they could reorder the text around
#: them on a terminal or a web page.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Place(NamedTuple):
    """A paragraph of a word-processor document."""

    #: "body", "footnote", "endnote", "header", "footer" or "comment".
    part: str
    #: Its number among the paragraphs of that kind of part, from 1.
    paragraph: int

    def label(self) -> str:
        """``paragraph 12`` in the body, ``footnote 2`` elsewhere."""
        return f"{'paragraph' if self.part == 'body' else self.part} {self.paragraph}"


@dataclass(frozen=True, slots=True)
class Excerpt:
    """The text around a span, ready to show: ``before`` and ``after`` begin
    and end with ``…`` where the paragraph was cut; runs of white space are
    one space and characters that act on a display are shown as U+FFFD.
    ``start`` and ``end`` are the code-point offsets in the paragraph of the
    text shown (a span shown by its beginning ends its ``span`` with ``…``)."""

    before: str
    span: str
    after: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.before}{OPEN}{self.span}{CLOSE}{self.after}"


def _shown(text: str) -> str:
    """``text`` with runs of white space as one space, and control and
    bidirectional formatting characters as U+FFFD."""
    out: list[str] = []
    for char in text:
        if char.isspace():
            if not out or out[-1] != " ":
                out.append(" ")
        elif unicodedata.category(char) == "Cc" or char in _BIDI:
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)


def _left(line: str, start: int, context: int) -> int:
    """Where the excerpt begins: ``context`` code points before ``start``,
    moved on to the next word if that falls inside one."""
    left = max(0, start - context)
    if left == 0 or line[left - 1].isspace() or line[left].isspace():
        return left
    space = next((i for i in range(left, start) if line[i].isspace()), None)
    return left if space is None else space + 1  # one long word: cut inside it


def _right(line: str, end: int, context: int) -> int:
    """Where the excerpt ends: ``context`` code points after ``end``, moved
    back to the end of the previous word if that falls inside one."""
    right = min(len(line), end + context)
    if right == len(line) or line[right - 1].isspace() or line[right].isspace():
        return right
    space = next((i for i in range(right - 1, end - 1, -1) if line[i].isspace()), None)
    return right if space is None else space


def excerpt(line: str, start: int, end: int, context: int = CONTEXT) -> Excerpt:
    """The excerpt of ``line`` (one paragraph) around ``line[start:end]``
    (code-point offsets; ``end`` past the line is cut to it): about
    ``context`` code points on each side, cut at word boundaries."""
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    left, right = _left(line, start, context), _right(line, end, context)
    before = _shown(line[left:start]).lstrip()
    after = _shown(line[end:right]).rstrip()
    span = _shown(line[start:end])
    if len(span) > LONGEST_SPAN:
        cut = span.rfind(" ", 0, LONGEST_SPAN + 1)
        span = span[: cut if cut > LONGEST_SPAN // 2 else LONGEST_SPAN].rstrip() + CUT
    if line[:left].strip():
        before = CUT + before
    if line[right:].strip():
        after += CUT
    return Excerpt(before, span, after, left, right)
