"""Cutting a large plain-text or Markdown file into pieces that can be
checked on their own (``--jobs`` on one large file; see termlint.run).

A file is cut only where nothing the readers or the engine look at runs
across: at the end of a blank line that follows a paragraph, where the next
line is not indented and does not start with a lower-case letter (a
quotation may run on into a paragraph that goes on in lower case; a
sentence does), and, in Markdown, where no construct is open
(:func:`termlint.formats.markdown.open_at`: front matter, fenced code, a
comment, inline code, a tag, a link target, a quotation element). Each
piece is its own span of the file (its *core*) with some text around it as
*context*, itself cut at such places: at least :data:`CONTEXT` code points
and :data:`CONTEXT_PARAGRAPHS` paragraphs each way (or to the start or end
of the file), more than any question the engine asks about the words around
a match reaches (a window of words, the sentence before, the 600
characters a mention cue is looked for in, the 25 paragraphs around a short
one whose language is in doubt, the 5,000 characters a child's name is
remembered). The findings of a piece are those that start in its core.
(One Markdown reading reaches further: a shortcut reference link, ``[text]``,
is a name when the document defines its label; a definition more than the
context away from it is not seen, and the text is read as prose.)

The planner reads the text block by block and holds only what the pieces
still to come need, so that a file of any size is cut in bounded memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..positions import line_start
from ._mask import lf_lines

#: The formats whose files may be cut.
SPLIT_FORMATS = frozenset({"text", "markdown"})
#: Context each side of a piece's own span, in code points, and paragraphs.
CONTEXT = 12_000
CONTEXT_PARAGRAPHS = 32
#: Places to cut are looked for about this far apart.
GRANULARITY = 2048

#: A blank line (the end of the first one after a paragraph is a place to cut).
_BLANK = re.compile(r"(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)")
_NOT_BLANK = re.compile(r"[^ \t\r\n]")
#: The end of a paragraph: a line break and the blank lines after it.
_PARAGRAPH_END = re.compile(r"(?:\r\n?|\n)(?:[ \t]*(?:\r\n?|\n))+")
#: Characters read past a candidate place before it is judged.
_LOOKAHEAD = 8


@dataclass(frozen=True)
class Piece:
    """A piece of a file, in code points from its start: the text checked is
    ``[start, end)``; the findings kept are those that start in ``[lo, hi)``.
    ``lines``: the line breaks before ``start``."""

    start: int
    lo: int
    hi: int
    end: int
    lines: int


@dataclass
class _Cut:
    at: int  # code points before it
    lines: int  # line breaks before it
    paragraphs: int  # paragraph ends before it


def _line_breaks(text: str, start: int, end: int) -> int:
    """The line breaks (``\\r\\n``, ``\\r`` or ``\\n``) in ``text[start:end]``."""
    return (
        text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)
    )


class Planner:
    """Plans the pieces of one text, read block by block (:meth:`feed`,
    then :meth:`finish`); each piece is handed out with its text as soon as
    the text after it is known."""

    def __init__(self, fmt: str, size: int) -> None:
        self.fmt = fmt
        #: The span of each piece (at least; cut at the next place after).
        self.size = size
        self._buf = ""
        self._base = 0  # code points before the buffer
        self._cuts: list[_Cut] = [_Cut(0, 0, 0)]
        self._scan = 0  # where candidates are looked for next (in the file)
        self._failed = 0  # the last candidate judged open since the last cut
        self._bounds: list[_Cut] = [self._cuts[0]]  # the start of each piece's span
        self._done = 0  # pieces handed out
        self.pieces: list[Piece] = []

    # ---------------------------------------------------------------- reading

    @property
    def held(self) -> int:
        """Code points of text held: the pieces to come need them."""
        return len(self._buf)

    def feed(self, block: str) -> Iterator[tuple[Piece, str]]:
        """Read the next block of text; hand out the pieces now known."""
        self._buf += block
        self._find(final=False)
        yield from self._hand_out(final=False)

    def finish(self) -> Iterator[tuple[Piece, str]]:
        """The end of the text: hand out the remaining pieces."""
        self._find(final=True)
        yield from self._hand_out(final=True)

    # ---------------------------------------------------------------- cutting

    def _find(self, final: bool) -> None:
        buf, base = self._buf, self._base
        pos = self._scan - base
        while True:
            m = _BLANK.search(buf, pos)
            if m is None:
                break
            if not final and m.end() + _LOOKAHEAD > len(buf):
                pos = m.start()  # judged when more text is read
                break
            pos = at = m.end()
            last = self._cuts[-1]
            if base + at - last.at < GRANULARITY:
                # places are looked for only this far apart: skip ahead (a
                # blank line found from there is judged as any other)
                pos = max(pos, last.at - base + GRANULARITY - 4)
                continue
            # the first blank line after a paragraph
            # (a blank line after a line of spaces alone is not one)
            end = m.start()
            if (end == 0 or buf[end - 1].isspace()) and not buf[line_start(buf, end) : end].strip():
                continue
            nxt = _NOT_BLANK.search(buf, at)
            if nxt is None:
                if not final:
                    pos = m.start()
                    break
                continue  # only blank lines follow: nothing to cut off
            q = nxt.start()
            if not final and q + _LOOKAHEAD > len(buf):
                pos = m.start()
                break
            c = buf[q]
            if buf[q - 1] not in "\r\n" or c.islower():
                continue  # indented, or a paragraph that goes on in lower case
            if self.fmt == "markdown" and buf.startswith(("---", "+++"), q):
                continue  # a rule, or front matter's delimiter: never a text's first line
            if self.fmt == "markdown":
                from .markdown import open_at

                # judged again only once the span has doubled: linear in all
                if self._failed and at - (last.at - base) < 2 * (self._failed - last.at):
                    continue
                # (read as the Markdown reader reads it: a lone CR as LF)
                lo = last.at - base
                if open_at(lf_lines(buf[lo:at], crlf=True), 0, at - lo):
                    self._failed = base + at
                    continue
            self._failed = 0
            lo = last.at - base
            self._cuts.append(
                _Cut(
                    base + at,
                    last.lines + _line_breaks(buf, lo, at),
                    last.paragraphs + len(_PARAGRAPH_END.findall(buf, lo, at)),
                )
            )
            if base + at - self._bounds[-1].at >= self.size:
                self._bounds.append(self._cuts[-1])
        self._scan = base + pos

    def _before(self, bound: _Cut) -> _Cut:
        """Where the context before a span that starts at ``bound`` starts."""
        for cut in reversed(self._cuts):
            if (
                bound.at - cut.at >= CONTEXT
                and bound.paragraphs - cut.paragraphs >= CONTEXT_PARAGRAPHS
            ):
                return cut
        return self._cuts[0]

    def _after(self, bound: _Cut) -> _Cut | None:
        """Where the context after a span that ends at ``bound`` ends (None:
        not yet known)."""
        for cut in self._cuts:
            if (
                cut.at - bound.at >= CONTEXT
                and cut.paragraphs - bound.paragraphs >= CONTEXT_PARAGRAPHS
            ):
                return cut
        return None

    def _hand_out(self, final: bool) -> Iterator[tuple[Piece, str]]:
        end_of_text = self._base + len(self._buf)
        while True:
            k = self._done
            if k + 1 < len(self._bounds):
                lo, hi = self._bounds[k], self._bounds[k + 1]
                after = self._after(hi)
                if after is None:
                    if not final:
                        return
                    stop = end_of_text
                else:
                    stop = after.at
            elif final and k < len(self._bounds):
                lo, hi, stop = self._bounds[k], None, end_of_text
            else:
                return
            before = self._before(lo)
            piece = Piece(
                before.at, lo.at, end_of_text if hi is None else hi.at, stop, before.lines
            )
            text = self._buf[piece.start - self._base : piece.end - self._base]
            self.pieces.append(piece)
            self._done += 1
            yield piece, text
            if hi is None:
                return
            self._forget(self._before(hi))

    def _forget(self, keep: _Cut) -> None:
        """Drop the text and places before ``keep``: no piece to come needs them."""
        drop = keep.at - self._base
        if drop > 0:
            self._buf = self._buf[drop:]
            self._base = keep.at
        i = next(i for i, c in enumerate(self._cuts) if c is keep)
        if i:
            del self._cuts[:i]


def plan(fmt: str, blocks: Iterable[str], size: int) -> Iterator[tuple[Piece, str]]:
    """The pieces of a text read as ``blocks``, each with its text."""
    planner = Planner(fmt, size)
    for block in blocks:
        yield from planner.feed(block)
    yield from planner.finish()


def cut(blocks: Iterable[str], pieces: Iterable[Piece]) -> Iterator[str]:
    """The text of each of ``pieces`` (in order, as planned) of a text read
    again as ``blocks``."""
    buf, base = "", 0
    source = iter(blocks)
    for piece in pieces:
        if piece.start > base:
            buf, base = buf[piece.start - base :], piece.start
        while base + len(buf) < piece.end:
            block = next(source, None)
            if block is None:
                break
            buf += block
        yield buf[piece.start - base : piece.end - base]
