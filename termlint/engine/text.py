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
from dataclasses import dataclass

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


@dataclass
class Sentences:
    starts: list[int]
    ends: list[int]

    def span(self, offset: int) -> tuple[int, int]:
        """The sentence that contains ``offset``."""
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return self.starts[i], self.ends[i]


def sentences(doc: Document) -> Sentences:
    cached = doc.cache.get("sentences")
    if isinstance(cached, Sentences):
        return cached
    text = doc.text
    cuts: set[int] = set()
    for m in _END.finditer(text):
        at = m.start()
        if text[at] == ".":
            word = _WORD_BREAK.split(text[max(0, at - 6) : at])[-1].lower()
            if word in _ABBREVIATIONS:
                continue
            if len(word) == 1 and word.isalpha():
                continue  # an initial: "J. Smith"
        cuts.add(m.end())
    # A blank line ends a sentence, unless a lower-case word follows it: text
    # extracted from PDF often has a blank line after every line.
    for m in _PARAGRAPH.finditer(text):
        following = text[m.end() : m.end() + 40].lstrip()
        if not following[:1].islower():
            cuts.add(m.end())
    bounds = sorted(cuts)
    starts = [0, *bounds]
    ends = [*bounds, len(text)]
    result = Sentences(starts, ends)
    doc.cache["sentences"] = result
    return result


def paragraph(doc: Document, offset: int) -> tuple[int, int]:
    """The paragraph (text between blank lines) that contains ``offset``."""
    bounds = doc.cache.get("paragraphs")
    if not isinstance(bounds, tuple):
        breaks = [m.span() for m in _PARAGRAPH.finditer(doc.text)]
        bounds = ([0] + [e for _, e in breaks], [s for s, _ in breaks] + [len(doc.text)])
        doc.cache["paragraphs"] = bounds
    starts, ends = bounds
    i = max(bisect.bisect_right(starts, offset) - 1, 0)
    return starts[i], ends[i]


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


def last_words(text: str, lo: int, start: int, n: int) -> list[tuple[int, int]]:
    """``words_in(text, lo, start)[-n:]``, usually from a shorter scan."""
    probe = start - _NARROW_SPAN * (n + 1)
    if probe > lo:
        spans = words_in(text, probe, start)
        if len(spans) > n:
            return spans[-n:]
    return words_in(text, lo, start)[-n:]


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
