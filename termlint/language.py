"""The language of each paragraph of a document: which packs apply where.

A pack may say which language its rules are written for (``language: fr``);
a finding of such a rule is kept only where the paragraph it lies in is in
that language. Packs that say nothing (house style, proselint) apply
everywhere. The configuration's ``language`` (or ``--language``) is ``auto``,
each paragraph's language identified from its words, or one code, that
language assumed everywhere.

A paragraph is a block of the text to check between blank lines; in a Word
or OpenDocument file, each line (one paragraph of the document). Its language
is identified by lingua (``lingua-language-detector``), restricted to the
languages below and in low accuracy mode, on at most its first
:data:`SAMPLE` characters (its first :data:`PROBE` first, where they leave
no doubt about a paragraph long enough to decide by its own words). A
paragraph with fewer than :data:`SHORT_LETTERS`
letters whose words leave room for doubt (the best language's confidence
under :data:`CLEAR`: a heading such as "Introduction", a byline, a list of
names) takes the language of its nearest clearly identified neighbour: the
following paragraphs first (a heading belongs with what it heads), then the
preceding ones; with none near, the likeliest of the languages that the packs
in effect are written for.

Identification is lazy: only runs whose rules are written for more than
English import lingua, and only paragraphs that hold a finding of a rule
written for one language are identified (with the neighbours a short one
needs). ``bench/bench_language.py`` measures the identifiers this was chosen
from; ``tests/devset.py`` prints the accuracy on the development passages.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

#: The languages identified (ISO 639-1), those of termlint's packs; a pack in
#: another language that lingua knows adds its own.
LANGUAGES = ("en", "fr", "de", "es", "nl", "pt", "it")
#: The values of the configuration's ``language``: ``auto`` or a code.
AUTO = "auto"
#: A paragraph with fewer letters than this is decided by its own words only
#: when they leave no doubt.
SHORT_LETTERS = 60
#: The confidence (0 to 1, over the languages identified) that leaves no doubt.
CLEAR = 0.95
#: Characters of a paragraph that are read: as right on the development
#: passages as 2,000 (bench/bench_language.py), and a fifth of the time.
SAMPLE = 400
#: Characters of a paragraph long enough to decide by its own words that are
#: read first: where they leave no doubt (:data:`PROBE_CLEAR`), the rest of
#: the sample is not read. Half the time of reading the sample, and the same
#: language for every paragraph of ../shared/devcorpus and ../shared/corpus
#: (tests/test_language_selection.py).
PROBE = 100
#: The confidence of the first :data:`PROBE` characters that leaves no doubt.
PROBE_CLEAR = 0.99

_BREAK = re.compile(r"\n(?=[ \t\r\f\v]*(?:\n|\Z))")
_LINE = re.compile(r"[^\n]*\S[^\n]*")
_LETTER = re.compile(r"[^\W\d_]")
#: At least :data:`SHORT_LETTERS` letters (matched from the start): stops at
#: the last one needed instead of listing every letter of the sample.
_LONG = re.compile(rf"(?:[\W\d_]*[^\W\d_]){{{SHORT_LETTERS}}}")


def paragraph_spans(text: str, by_line: bool = False) -> list[tuple[int, int]]:
    """The paragraphs of ``text`` as (start, end): blocks between blank lines
    (``by_line``: each line that is not blank), white space around them
    left out."""
    if by_line:
        out = []
        for m in _LINE.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1].isspace():
                end -= 1
            while text[start].isspace():
                start += 1
            out.append((start, end))
        return out
    # the text cut at each line break that ends a paragraph (a blank line or
    # the end follows): five times as fast as matching each paragraph
    out = []
    pos = 0
    for m in [*_BREAK.finditer(text), None]:
        end = len(text) if m is None else m.start()
        start = pos
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
        pos = len(text) if m is None else m.end()
    return out


def long_enough(text: str) -> bool:
    """Whether the sample of a paragraph has :data:`SHORT_LETTERS` letters,
    enough for its own words to decide its language."""
    return _LONG.match(text, 0, SAMPLE) is not None


class Identifier:
    """lingua, restricted to some languages, in low accuracy mode."""

    def __init__(self, languages: Iterable[str] = LANGUAGES) -> None:
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        codes = [getattr(IsoCode639_1, c.upper(), None) for c in dict.fromkeys(languages)]
        known = [c for c in codes if c is not None]
        self.languages = tuple(c.name.lower() for c in known)
        self._detector = (
            LanguageDetectorBuilder.from_iso_codes_639_1(*known).with_low_accuracy_mode().build()
        )

    def confidences(self, text: str) -> list[tuple[str, float]]:
        """Each language with its confidence, most likely first."""
        return [
            (v.language.iso_code_639_1.name.lower(), v.value)
            for v in self._detector.compute_language_confidence_values(text[:SAMPLE])
        ]

    def language_of(self, text: str) -> str | None:
        """The most likely language of ``text`` on its own, or None."""
        found = self.confidences(text)
        return found[0][0] if found and found[0][1] > 0 else None

    def clear(self, text: str) -> str | None:
        """The language of a paragraph if its words decide it, else None."""
        long = long_enough(text)
        if long and len(text) > PROBE:
            found = self.confidences(text[:PROBE])
            if found and found[0][1] >= PROBE_CLEAR:
                return found[0][0]
        found = self.confidences(text)
        if not found or found[0][1] <= 0:
            return None
        language, confidence = found[0]
        if confidence >= CLEAR or long:
            return language
        return None

    def passage(self, text: str, spans: Sequence[Sequence[int]]) -> list[str | None]:
        """The language of each paragraph ``spans`` of ``text``, as a check
        decides it (for measuring)."""
        found = Paragraphs(text, self, default=None, spans=[(s, e) for s, e in spans])
        return [found.language(i) for i in range(len(spans))]


@cache
def identifier(languages: frozenset[str]) -> Identifier:
    """The identifier of these languages (and termlint's), built once."""
    return Identifier((*LANGUAGES, *sorted(languages - set(LANGUAGES))))


class Paragraphs:
    """The paragraphs of one text and their languages, identified on demand."""

    #: How far a short paragraph looks for a clearly identified neighbour,
    #: each way, before it looks further.
    NEAR = 3
    #: How far it looks at most (a document of short lines is not read whole
    #: for each of them).
    FAR = 25

    def __init__(
        self,
        text: str,
        identifier: Identifier,
        *,
        default: str | None,
        by_line: bool = False,
        spans: list[tuple[int, int]] | None = None,
        preferred: frozenset[str] = frozenset(),
    ) -> None:
        self.text = text
        #: The languages the packs in effect are written for.
        self.preferred = preferred
        self.identifier = identifier
        self.default = default
        self.spans = paragraph_spans(text, by_line) if spans is None else spans
        self._starts = [s for s, _ in self.spans]
        self._clear: dict[int, str | None] = {}
        self._decided: dict[int, str | None] = {}

    def _clear_at(self, i: int) -> str | None:
        if i not in self._clear:
            start, end = self.spans[i]
            self._clear[i] = self.identifier.clear(self.text[start:end])
        return self._clear[i]

    def language(self, i: int) -> str | None:
        """The language of paragraph ``i``."""
        if i not in self._decided:
            self._decided[i] = self._decide(i)
        return self._decided[i]

    def _decide(self, i: int) -> str | None:
        found = self._clear_at(i)
        if found is not None:
            return found
        n = len(self.spans)
        near = self.NEAR
        order = [*range(i + 1, i + 1 + near), *range(i - 1, i - 1 - near, -1)]
        for d in range(near + 1, self.FAR + 1):
            order += (i + d, i - d)
        for j in order:
            if 0 <= j < n:
                found = self._clear_at(j)
                if found is not None:
                    return found
        # nothing decides: the likeliest of the languages the packs are written for
        start, end = self.spans[i]
        guesses = [c for c in self.identifier.confidences(self.text[start:end]) if c[1] > 0]
        preferred = [language for language, _ in guesses if language in self.preferred]
        return (preferred or [g[0] for g in guesses] or [self.default])[0]

    def at(self, offset: int) -> str | None:
        """The language of the paragraph that holds ``offset`` (the one
        before it, in the white space between paragraphs)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.language(max(i, 0)) if self.spans else self.default


def document_paragraphs(doc: Any, languages: frozenset[str], default: str) -> Paragraphs:
    """The paragraphs of a document (kept in its cache for this set of languages)."""
    key = ("paragraph-languages", languages)
    found = doc.cache.get(key)
    if found is None:
        found = doc.cache[key] = Paragraphs(
            doc.text,
            identifier(languages),
            default=default,
            by_line=bool(doc.paragraphs),
            preferred=languages,
        )
    return found
