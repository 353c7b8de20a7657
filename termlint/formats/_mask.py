"""Building a document: blank out what is not prose, keep offsets.

Format readers collect spans to skip, quotations, titles and comments, then
:meth:`Masker.document` returns a :class:`Document` whose text to check has
every skipped character replaced by a space (line breaks are kept, so lines
and columns stay exact by construction).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..document import Document

_NOT_BREAK = re.compile(r"[^\r\n]")
_SPACE = re.compile(r"\s")


def lines_with(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """The (start, end) of every line of ``text`` (lines end at ``\\n``;
    ``end`` is where the ``\\n`` is) that holds one of ``needles``, in order."""
    starts: set[int] = set()
    for needle in needles:
        at = text.find(needle)
        while at != -1:
            line_start = text.rfind("\n", 0, at) + 1
            starts.add(line_start)
            line_end = text.find("\n", at)
            if line_end == -1:
                break
            at = text.find(needle, line_end)
    out = []
    for start in sorted(starts):
        end = text.find("\n", start)
        out.append((start, len(text) if end == -1 else end))
    return out


def finditer_lines(
    pattern: re.Pattern[str], text: str, needles: Iterable[str]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches lie within one
    line and hold one of ``needles``: only the lines that hold one are
    searched. (``pos`` and ``endpos`` keep ``^``, ``$`` and look-arounds as
    they are on the whole text, for ``$`` and look-aheads see the line break.)"""
    for start, end in lines_with(text, needles):
        yield from pattern.finditer(text, start, end)


def run_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the run of non-space characters that ends at ``pos`` starts (not
    before ``floor``)."""
    while pos > floor:
        lo = max(floor, pos - 256)
        space = _SPACE.search(text[lo:pos][::-1])
        if space is not None:
            return pos - space.start()
        pos = lo
    return floor


class Masker:
    def __init__(self, path: str, source: str, fmt: str) -> None:
        self.path = path
        self.source = source
        self.format = fmt
        self._skip: list[tuple[int, int]] = []
        self.quotations: list[tuple[int, int]] = []
        self.titles: list[tuple[int, int]] = []
        self.names: list[tuple[int, int]] = []
        #: (start, end, body) of each comment, for suppression directives.
        self.comments: list[tuple[int, int, str]] = []

    def skip(self, start: int, end: int) -> None:
        if end > start:
            self._skip.append((start, end))

    def skip_match(self, m: re.Match[str], group: int = 0) -> None:
        self.skip(m.start(group), m.end(group))

    def document(self) -> Document:
        text = self.source
        parts: list[str] = []
        last = 0
        for start, end in sorted(self._skip):
            start = max(start, last)
            if end <= start:
                continue
            parts.append(text[last:start])
            parts.append(_NOT_BREAK.sub(" ", text[start:end]))
            last = end
        parts.append(text[last:])
        doc = Document(
            path=self.path,
            source=text,
            text="".join(parts),
            format=self.format,
            quotations=sorted(self.quotations),
            titles=sorted(self.titles),
            names=sorted(self.names),
        )
        doc.comments = sorted(self.comments)
        return doc
