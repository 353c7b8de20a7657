"""Sentences and word windows of a document, computed once and cached.

Context rules and exemption detectors ask questions such as "which words lie
within eight words of this match, in the same sentence?". Sentence ends are a
``.``, ``!`` or ``?`` (with closing quotes or brackets) followed by whitespace
and a capital letter, digit or opening quote, unless the word before the full
stop is a common abbreviation; a blank line always ends a sentence.
"""

from __future__ import annotations

import bisect
import re

from ..document import Document

_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_WORD_BREAK = re.compile(r"[\s(]")
# "\r\n?|\n" rather than the equivalent "\r?\n|\r": starting with a
# character rather than an optional one, it is found almost three times faster.
_PARAGRAPH = re.compile(r"(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)")
_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")
#: Characters a window counts for each word with its separator (generously).
WORD_SPAN = 25
_ABBREVIATIONS = frozenset(
    "e.g i.e etc cf vs v mr mrs ms dr prof st no nos art arts s ss para paras fig figs "
    "al ed eds vol vols p pp ch sec u.s u.k u.n jr sr inc ltd co approx".split()
)


#: Sentence ends are found in blocks of about this many characters, where
#: they are asked for: a long document with few matches is not read whole.
SENTENCE_BLOCK = 4096
_NOT_SPACE = re.compile(r"\S")


class Sentences:
    """The sentences of a text, found block by block where asked.

    A block ends at a sentence end every reading agrees on: a blank line not
    followed by a lower-case word, at least ``block`` characters after the
    block's start. No sentence crosses it, and the text after it is cut the
    same way whether the reading starts there or at the start of the text, so
    each block is cut on its own, when a sentence in it is first asked for."""

    def __init__(self, text: str, block: int = SENTENCE_BLOCK) -> None:
        self.text = text
        self.block = block
        #: Where the blocks found so far start, in order (the last one: the
        #: end of the text, or the start of a block not yet found).
        self._bounds: list[int] = [0]
        #: Block start -> its cuts (the sentence starts inside it).
        self._cuts: dict[int, list[int]] = {}

    def span(self, offset: int) -> tuple[int, int]:
        """The sentence that contains ``offset``."""
        a, b = self._block_of(offset)
        cuts = self._cuts.get(a)
        if cuts is None:
            cuts = self._cuts[a] = _cuts(self.text, a, b)
        i = bisect.bisect_right(cuts, offset)
        return (cuts[i - 1] if i else a), (cuts[i] if i < len(cuts) else b)

    @property
    def starts(self) -> list[int]:
        return [s for s, _ in self._all()]

    @property
    def ends(self) -> list[int]:
        return [e for _, e in self._all()]

    def _all(self) -> list[tuple[int, int]]:
        out = []
        at = 0
        while True:
            span = self.span(at)
            out.append(span)
            if span[1] >= len(self.text) or span[1] <= at:
                last = self.span(len(self.text))  # empty, after a final blank line
                if last != span:
                    out.append(last)
                return out
            at = span[1]

    def _block_of(self, offset: int) -> tuple[int, int]:
        bounds = self._bounds
        size = len(self.text)
        while bounds[-1] <= offset and bounds[-1] < size:
            bounds.append(self._next_block(bounds[-1]))
        i = bisect.bisect_right(bounds, offset) - 1
        if i + 1 < len(bounds):
            return bounds[i], min(bounds[i + 1], size)
        return bounds[i], size

    def _next_block(self, start: int) -> int:
        """Where the block after the one starting at ``start`` starts."""
        text = self.text
        # Read blank lines from just after a character that is not
        # whitespace: none found from there is cut differently from one
        # found reading the whole text.
        m = _NOT_SPACE.search(text, start + self.block - 1)
        if m is not None:
            for para in _PARAGRAPH.finditer(text, m.end()):
                if _hard(text, para.end()):
                    return para.end()
        return len(text) + 1  # none: the block runs to the end, which it holds


def _hard(text: str, at: int) -> bool:
    """Whether a blank line ending at ``at`` ends a sentence: it does unless
    a lower-case word follows it (text extracted from PDF often has a blank
    line after every line)."""
    following = text[at : at + 40].lstrip()
    return not following[:1].islower()


def _cuts(text: str, start: int, end: int) -> list[int]:
    """The sentence starts after ``start`` up to ``end`` (a block)."""
    cuts: set[int] = set()
    # A sentence end's look-ahead reads the whitespace after it and two
    # characters more: the reading stops there, not at the end of the text.
    after = _NOT_SPACE.search(text, end)
    for m in _END.finditer(text, start, after.end() + 1 if after else len(text)):
        at = m.start()
        if at >= end:
            break
        if text[at] == ".":
            word = _WORD_BREAK.split(text[max(0, at - 6) : at])[-1].lower()
            if word in _ABBREVIATIONS:
                continue
            if len(word) == 1 and word.isalpha():
                continue  # an initial: "J. Smith"
        cuts.add(m.end())
    for m in _PARAGRAPH.finditer(text, start, end):
        if _hard(text, m.end()):
            cuts.add(m.end())
    cuts.discard(start)
    # a blank line that ends the text makes an empty last sentence
    last = end if end == len(text) else end - 1
    return sorted(c for c in cuts if c <= last)


def sentences(doc: Document) -> Sentences:
    cached = doc.cache.get("sentences")
    if isinstance(cached, Sentences):
        return cached
    result = Sentences(doc.text)
    doc.cache["sentences"] = result
    return result


def paragraph(doc: Document, offset: int) -> tuple[int, int]:
    """The paragraph (text between blank lines) that contains ``offset``."""
    found = doc.cache.get("paragraphs")
    if not isinstance(found, Paragraphs):
        found = doc.cache["paragraphs"] = Paragraphs(doc.text)
    return found.span(offset)


#: Characters a paragraph break is made of.
_BREAK_CHARS = re.compile(r"[^\r\n \t]")


class Paragraphs:
    """Paragraph breaks (:data:`_PARAGRAPH`) found block by block where
    asked, with the answers of one reading of the whole text.

    Block ``k`` reads the breaks that start from just after the first
    character at or after ``k * block`` that no break holds: a reading that
    starts there finds the breaks a reading from the start of the text finds
    (none runs across such a character)."""

    def __init__(self, text: str, block: int = 1 << 12) -> None:
        self.text = text
        self.block = block
        self._starts: dict[int, int] = {}  # block -> where its reading starts
        self._breaks: dict[int, list[tuple[int, int]]] = {}
        self._before: dict[int, int] = {}  # block -> last break end in earlier blocks
        self._after: dict[int, int] = {}  # block -> first break start in later blocks
        self._last = (len(text) - 1) // block if text else 0

    def span(self, offset: int) -> tuple[int, int]:
        k = self._block_of(offset)
        breaks = self._of(k)
        # the paragraph starts after the last break that ends at or before
        # ``offset``, and ends where the next break starts
        ends = [e for _, e in breaks]
        i = bisect.bisect_right(ends, offset)
        start = ends[i - 1] if i else self._end_before(k)
        end = breaks[i][0] if i < len(breaks) else self._start_after(k)
        return start, end

    def _start(self, k: int) -> int:
        found = self._starts.get(k)
        if found is None:
            if k <= 0:
                found = 0
            elif k > self._last:
                found = len(self.text)
            else:
                m = _BREAK_CHARS.search(self.text, k * self.block - 1)
                found = m.end() if m is not None else len(self.text)
            self._starts[k] = found
        return found

    def _block_of(self, offset: int) -> int:
        k = min(max(offset, 0) // self.block, self._last)
        while k > 0 and self._start(k) > offset:
            k -= 1
        return k

    def _of(self, k: int) -> list[tuple[int, int]]:
        found = self._breaks.get(k)
        if found is None:
            a, b = self._start(k), self._start(k + 1)
            found = self._breaks[k] = (
                [m.span() for m in _PARAGRAPH.finditer(self.text, a, b)] if a < b else []
            )
        return found

    def _end_before(self, k: int) -> int:
        """The end of the last break in the blocks before ``k`` (0 if none)."""
        memo, j, chain = self._before, k, []
        while j > 0 and j not in memo:
            breaks = self._of(j - 1)
            if breaks:
                memo[j] = breaks[-1][1]
                break
            chain.append(j)
            j -= 1
        base = memo.get(j, 0) if j > 0 else 0
        for c in chain:
            memo[c] = base
        return memo.get(k, base)

    def _start_after(self, k: int) -> int:
        """The start of the first break in the blocks after ``k`` (the end of
        the text if none)."""
        memo, j, chain, size = self._after, k, [], len(self.text)
        while j < self._last and j not in memo:
            breaks = self._of(j + 1)
            if breaks:
                memo[j] = breaks[0][0]
                break
            chain.append(j)
            j += 1
        base = memo.get(j, size) if j < self._last else size
        for c in chain:
            memo[c] = base
        return memo.get(k, base)


def words_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The words of ``text[start:end]`` as absolute (start, end) spans."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


# A scan of words that starts inside a word finds the rest of that word, with
# the same end; every later word is the same as in a scan from further back.
# So only the first word of a scan, and the last (which ``end`` may cut), can
# differ from a wider scan's: the functions below first scan a narrow span and
# keep the answer when it does not rest on either, else scan the full span.

#: Characters a narrow scan allows for each word with its separator.
_NARROW_SPAN = 10


def at_most_words(text: str, start: int, end: int, n: int) -> bool:
    """Whether ``text[start:end]`` holds at most ``n`` words."""
    return all(count <= n for count, _ in enumerate(_WORD.finditer(text, start, end), 1))


def window(doc: Document, start: int, end: int, size: int) -> tuple[int, int]:
    """The span from ``size`` words before ``[start, end)`` to ``size`` words
    after it, within its sentence."""
    s_start, s_end = sentences(doc).span(start)
    # Only the neighbourhood can hold the window's words, so long sentences
    # cost nothing more.
    margin = WORD_SPAN * (size + 1)
    s_start, s_end = max(s_start, start - margin), min(s_end, end + margin)
    near = _NARROW_SPAN * (size + 1)
    lo, hi = max(s_start, start - near), min(s_end, end + near)
    if (lo, hi) != (s_start, s_end):
        found = _window(doc.text, start, end, size, lo, hi, lo == s_start, hi == s_end)
        if found is not None:
            return found
    found = _window(doc.text, start, end, size, s_start, s_end, True, True)
    assert found is not None
    return found


def _window(
    text: str, start: int, end: int, size: int, lo: int, hi: int, whole_lo: bool, whole_hi: bool
) -> tuple[int, int] | None:
    """The window of :func:`window`, from a scan of ``text[lo:hi]``; None when
    the answer could differ from a scan of the full span (``whole_lo`` /
    ``whole_hi``: this side of the scan is the full span's)."""
    spans = words_in(text, lo, hi)
    if not spans:
        return (start, end) if whole_lo and whole_hi else None
    ends = [e for _, e in spans]
    first = bisect.bisect_right(ends, start)  # first word ending after start
    starts = [s for s, _ in spans]
    last = bisect.bisect_left(starts, end) - 1  # last word starting before end
    lo_index, hi_index = first - size, last + size
    if lo_index >= len(spans):  # no word ends after start (and size is 0)
        left = start
    elif lo_index > 0 or (whole_lo and lo_index == 0):
        left = spans[lo_index][0]
    elif whole_lo:
        left = lo
    else:
        return None
    if hi_index < len(spans) - 1 or (whole_hi and hi_index == len(spans) - 1):
        right = spans[hi_index][1]
    elif whole_hi and hi_index >= len(spans):
        right = hi
    else:
        return None
    return min(left, start), max(right, end)
