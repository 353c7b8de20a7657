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
_PARAGRAPH = re.compile(r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)")
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


def window(doc: Document, start: int, end: int, size: int) -> tuple[int, int]:
    """The span from ``size`` words before ``[start, end)`` to ``size`` words
    after it, within its sentence."""
    s_start, s_end = sentences(doc).span(start)
    # Only the neighbourhood can hold the window's words, so long sentences
    # cost nothing more.
    margin = WORD_SPAN * (size + 1)
    s_start, s_end = max(s_start, start - margin), min(s_end, end + margin)
    spans = words_in(doc.text, s_start, s_end)
    if not spans:
        return start, end
    ends = [e for _, e in spans]
    first = bisect.bisect_right(ends, start)  # first word ending after start
    starts = [s for s, _ in spans]
    last = bisect.bisect_left(starts, end) - 1  # last word starting before end
    lo = spans[max(first - size, 0)][0] if first - size >= 0 else s_start
    hi_index = last + size
    hi = spans[hi_index][1] if hi_index < len(spans) else s_end
    return min(lo, start), max(hi, end)
