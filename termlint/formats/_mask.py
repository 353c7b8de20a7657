"""Building a document: blank out what is not prose, keep offsets.

Format readers collect spans to skip, quotations, titles and comments, then
:meth:`Masker.document` returns a :class:`Document` whose text to check has
every skipped character replaced by a space (line breaks are kept, so lines
and columns stay exact by construction).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from ..document import Document

_NOT_BREAK = re.compile(r"[^\r\n]")
_NOT_BREAKS = re.compile(r"[^\r\n]+")
_SPACE = re.compile(r"\s")
#: Quotation marks, opening or closing.
QUOTE_MARKS = frozenset("\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019")


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
        #: Quotation marks written as markup (``\\enquote{...}``): see
        #: :attr:`Document.inline_quotations`.
        self.inline_quotations: list[tuple[int, int]] = []
        #: (start, end, expansion) of acronyms the markup defines.
        self.definitions: list[tuple[int, int, str]] = []
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
        #: quotation marks with markup on their inner side ("**child porn**")
        marks: list[int] = []
        last = 0
        for start, end in sorted(self._skip):
            start = max(start, last)
            if end <= start:
                continue
            parts.append(text[last:start])
            parts.append(_NOT_BREAK.sub(" ", text[start:end]))
            # a mark, then markup, then a word; or a word, markup, a mark
            if start > 0 and end < len(text):
                if text[start - 1] in QUOTE_MARKS and not text[end].isspace():
                    marks.append(start - 1)
                if text[end] in QUOTE_MARKS and not text[start - 1].isspace():
                    marks.append(end)
            last = end
        parts.append(text[last:])
        doc = Document(
            path=self.path,
            source=text,
            text="".join(parts),
            format=self.format,
            quotations=sorted(self.quotations),
            inline_quotations=sorted(self.inline_quotations + self._quoted_around(marks)),
            titles=sorted(self.titles),
            names=sorted(self.names),
            definitions=sorted(self.definitions),
        )
        doc.comments = sorted(self.comments)
        return doc

    def _quoted_around(self, marks: list[int]) -> list[tuple[int, int]]:
        """The quotations, found as the engine finds them in prose, whose
        opening or closing mark is one of ``marks``: a mark that markup
        hides from the engine, which sees the text to check, where markup
        is blanked out ("**child porn**" reads ``"  child porn  "``). They
        are found in the source without its markup instead."""
        if not marks:
            return []
        from ..engine.exemptions import _QUOTES  # one definition of a quotation

        # the source without what is skipped (line breaks kept), and where
        # each of its pieces starts in both
        pieces: list[str] = []
        starts: list[int] = []  # in the compact text
        origins: list[int] = []  # in the source
        size = last = 0
        for start, end in [*sorted(self._skip), (len(self.source), len(self.source))]:
            if end <= last:
                continue
            start = max(start, last)
            starts.append(size)
            origins.append(last)
            pieces.append(self.source[last:start])
            size += start - last
            breaks = _NOT_BREAKS.sub("", self.source[start:end])
            pieces.append(breaks)
            size += len(breaks)
            last = end

        def origin(pos: int) -> int:
            i = bisect.bisect_right(starts, pos) - 1
            return origins[i] + pos - starts[i]

        wanted = set(marks)
        out = []
        for m in _QUOTES.finditer("".join(pieces)):
            start, end = origin(m.start()), origin(m.end() - 1) + 1
            if start in wanted or end - 1 in wanted:
                out.append((start, end))
        return out
