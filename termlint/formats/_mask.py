"""Building a document: blank out what is not prose, keep offsets.

Format readers collect spans to skip, quotations, titles and comments, then
:meth:`Masker.document` returns a :class:`Document` whose text to check has
every skipped character replaced by a space (line breaks are kept, so lines
and columns stay exact by construction).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator

from ..document import Document

_NOT_BREAK = re.compile(r"[^\r\n]")
_NOT_BREAKS = re.compile(r"[^\r\n]+")
_SPACE = re.compile(r"\s")
#: Quotation marks, opening or closing.
QUOTE_MARKS = frozenset("\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019")


_LONE_CR = re.compile(r"\r(?!\n)")


def lf_lines(text: str, crlf: bool = False) -> str:
    """``text`` as a line-based reader scans it: a lone CR (a classic Mac OS
    line end, which CommonMark, docutils and TeX read as one) becomes LF;
    with ``crlf``, a CRLF's CR becomes a space too, for a reader whose
    patterns end at ``$`` or ``[ \t]*$``. The length is the same, so every
    offset holds; the document keeps the file's own line ends (the
    :class:`Masker` is given the text as read)."""
    if "\r" not in text:
        return text
    if crlf:
        text = text.replace("\r\n", " \n")
    return _LONE_CR.sub("\n", text) if "\r" in text else text


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
        #: Italic spans the source has no markup for (see :attr:`Document.italics`).
        self.italics: list[tuple[int, int]] = []
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
        runs: list[tuple[int, int]] = []  # what is skipped, merged
        #: quotation marks with markup on their inner side ("**child porn**")
        marks: list[int] = []
        last = 0
        for start, end in sorted(self._skip):
            start = max(start, last)
            if end <= start:
                continue
            parts.append(text[last:start])
            parts.append(_NOT_BREAK.sub(" ", text[start:end]))
            runs.append((start, end))
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
            inline_quotations=sorted(self.inline_quotations + _quoted_around(text, runs, marks)),
            titles=sorted(self.titles),
            italics=sorted(self.italics),
            names=sorted(self.names),
            definitions=sorted(self.definitions),
        )
        doc.comments = sorted(self.comments)
        return doc


def _quoted_around(
    text: str, runs: list[tuple[int, int]], marks: list[int]
) -> list[tuple[int, int]]:
    """The quotations, found as the engine finds them in prose, whose
    opening or closing mark is one of ``marks``: a mark that markup hides
    from the engine, which sees the text to check, where markup is blanked
    out (``"**child porn**"`` reads ``"  child porn  "``). They are found in
    the text without its markup (``runs``, line breaks kept), searched only
    in the paragraphs that hold a mark: a quotation never runs past a
    paragraph break, so what is found is what a search of the whole text
    finds."""
    if not marks:
        return []
    from ..engine.exemptions import _QUOTES  # one definition of a quotation

    run_starts = [s for s, _ in runs]

    def safe(pos: int) -> bool:
        """Whether a paragraph break that ends at ``pos`` (the start of the
        line after a blank line) is one without the markup too: the engine
        takes a blank line before a lower-case letter for a page break of
        text extracted from PDF, not a paragraph break."""
        if pos >= len(text):
            return True
        i = bisect.bisect_right(run_starts, pos) - 1
        return not (i >= 0 and runs[i][1] > pos) and not "a" <= text[pos] <= "z"

    wanted = set(marks)
    out: list[tuple[int, int]] = []
    searched = 0
    for mark in sorted(wanted):
        if mark < searched:
            continue
        lo = _paragraph_start(text, mark, safe)
        hi = len(text)
        for brk in _PARA_BREAK.finditer(text, mark):
            if safe(brk.end()):
                hi = brk.end()  # with the break: without markup, it may start sooner
                break
        searched = hi
        # A quotation may end where the next paragraph opens with a mark (it
        # runs on): the search sees that paragraph's first character too, and
        # keeps only what starts before it.
        ahead = _next_char_end(text, runs, run_starts, hi)
        piece, starts, origins = _without(text, runs, lo, ahead)
        for m in _QUOTES.finditer(piece):
            start = _origin(starts, origins, m.start())
            if start >= hi:
                break
            end = _origin(starts, origins, m.end() - 1) + 1
            if start in wanted or end - 1 in wanted:
                out.append((start, end))
    return out


def _without(
    text: str, runs: list[tuple[int, int]], lo: int, hi: int
) -> tuple[str, list[int], list[int]]:
    """``text[lo:hi]`` without the ``runs`` (sorted, apart) but their line
    breaks, and where each kept part starts in it and in ``text``."""
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    size, last = 0, lo
    i = max(bisect.bisect_right(runs, (lo, lo)) - 1, 0)
    while last < hi:
        start, end = runs[i] if i < len(runs) else (hi, hi)
        i += 1
        start, end = min(max(start, last), hi), min(end, hi)
        if end <= last:
            continue
        starts.append(size)
        origins.append(last)
        pieces.append(text[last:start])
        breaks = _NOT_BREAKS.sub("", text[start:end])
        pieces.append(breaks)
        size += start - last + len(breaks)
        last = max(end, start)
    return "".join(pieces), starts, origins


def _next_char_end(text: str, runs: list[tuple[int, int]], run_starts: list[int], pos: int) -> int:
    """Just past the first character at or after ``pos`` that is neither a
    space, a tab nor inside one of the ``runs`` (the end of the text if none)."""
    size = len(text)
    while pos < size:
        i = bisect.bisect_right(run_starts, pos) - 1
        if i >= 0 and runs[i][1] > pos:
            pos = runs[i][1]  # markup: not seen without it
        elif text[pos] in " \t":
            pos += 1
        else:
            return pos + 1
    return size


def _origin(starts: list[int], origins: list[int], pos: int) -> int:
    k = bisect.bisect_right(starts, pos) - 1
    return origins[k] + pos - starts[k]


_PARA_BREAK = re.compile(r"\r?\n[ \t]*\r?\n")


def _paragraph_start(text: str, pos: int, safe: Callable[[int], bool]) -> int:
    """Where the paragraph that holds ``pos`` starts: after the last blank
    line before it that is ``safe``, or at 0."""
    line = text.rfind("\n", 0, pos) + 1
    while line > 0:
        before = text.rfind("\n", 0, line - 1) + 1  # the line before
        if before > 0 and not text[before:line].strip() and safe(line):
            return line
        line = before
    return 0
