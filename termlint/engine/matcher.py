"""One matcher for all phrases of all rules.

Every phrase variant of every rule goes into one character trie, which is
emitted as a single prefix-factored regular expression. Scanning a document is
one pass of that expression, so its cost does not grow with the number of
rules: the alternation at each trie node is a dispatch on the next character,
not a list of phrases to try one by one.

Each match is then looked up (a dictionary access on its normalised text) to
find the rules it belongs to. Overlapping matches are all found: the scan
restarts just after every match start, and shorter phrases that end inside a
longer match at the same start are recovered from its tokens.

The phrase trie is run with the standard :mod:`re` engine, which handles large
prefix-factored alternations far better than the ``regex`` package (measured:
flat where ``regex`` slows down twentyfold at 500 rules). ``re`` does not count
combining marks as word characters, so word edges next to a combining mark are
checked separately. User ``patterns`` use ``regex`` (Unicode-complete, with
time-outs).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..terms import Token, Variant
from .compiled import compile_cached
from .prefilter import deadline_after, leading_tokens, time_left
from .userpattern import UserPattern

P = TypeVar("P")

#: A word separator in a phrase: a run of whitespace with at most one line
#: break, or a hyphen (a line may end after it). The trie uses the short, loose
#: form; every separator of a match is then checked with :func:`valid_separator`.
HYPHENS = "-\u2010\u2011\u00ad"
SEP_SOURCE = rf"[\s{re.escape(HYPHENS)}]+"
SEP = re.compile(SEP_SOURCE)


def valid_separator(sep: str, next_char: str = "") -> bool:
    """At most one hyphen, and at most one line break (``\\r\\n``, ``\\n``
    or ``\\r``), or two when the next word starts in lower case: text
    extracted from PDF often has a blank line after every line, and a lower-case
    word after a blank line continues the sentence rather than starting a
    paragraph."""
    breaks = sep.count("\n") + sep.count("\r") - sep.count("\r\n")
    if sum(sep.count(h) for h in HYPHENS) > 1:
        return False
    return breaks <= 1 or (breaks == 2 and next_char.islower())


#: "Not inside a word": at a word boundary, or next to a non-word character.
EDGE = r"(?:(?<!\w)|(?!\w))"

#: A word ending after ``*``: word characters and the combining marks of Latin
#: letters (``re`` does not count them as word characters), so that a
#: decomposed accent does not end the word.
WILD = r"[\w\u0300-\u036f]*"

#: Apostrophes written either way in a phrase match both in the text.
_APOSTROPHES = ("'", "\u2019")


def equivalents(variant: Variant) -> list[Variant]:
    """``variant`` and the forms of it the text may use instead: composed or
    decomposed accents (NFC, NFD) and a straight or typographic apostrophe."""
    found: dict[Variant, None] = {variant: None}
    for form in ("NFC", "NFD"):
        found.setdefault(
            tuple(Token(unicodedata.normalize(form, t.text), t.wild) for t in variant), None
        )
    for v in list(found):
        if any(a in t.text for t in v for a in _APOSTROPHES):
            for a, b in (_APOSTROPHES, _APOSTROPHES[::-1]):
                found.setdefault(tuple(Token(t.text.replace(a, b), t.wild) for t in v), None)
    return list(found)


_SEP_MARK = "\x00"
_WILD_MARK = "\x01"


def _key(words: Iterable[str]) -> str:
    return " ".join(w.lower() for w in words)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    terminal: bool = False


def _emit(node: _Node) -> str:
    alternatives: list[str] = []
    for ch in sorted(node.children, key=lambda c: (c == _WILD_MARK, c)):
        child = node.children[ch]
        if ch == _SEP_MARK:
            piece = SEP_SOURCE
        elif ch == _WILD_MARK:
            piece = WILD
        else:
            piece = re.escape(ch)
        alternatives.append(piece + _emit(child))
    if node.terminal:
        alternatives.append(EDGE)  # last: longer phrases are preferred
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One prefix-factored expression that finds any of ``words`` as a whole
    word: in ``re``, several times faster than a flat alternation."""
    root = _Node()
    for word in words:
        node = root
        for ch in word:
            node = node.children.setdefault(ch, _Node())
        node.terminal = True
    return re.compile(r"\b" + _emit(root))


_last_lowered: tuple[str, str | None] = ("", "")


def lowered(text: str) -> str | None:
    """``text`` in lower case, or None when that would change its length
    (then offsets would not carry over). The last result is kept: every
    matcher of a configuration scans the same document."""
    global _last_lowered
    last = _last_lowered  # one read: other threads may replace it
    if last[0] is text:
        return last[1]
    low: str | None = _lower(text)
    if len(low) != len(text):  # type: ignore[arg-type]
        low = None
    _last_lowered = (text, low)
    return low


#: ``str.lower`` works in a buffer of 12 bytes per character of non-ASCII
#: text (120 MB for a 10 MB document), so long texts are lowered in pieces.
LOWER_CHUNK = 1 << 20


def _lower(text: str) -> str:
    """``text.lower()``, in pieces cut just after whitespace (where no
    context-dependent lower case, such as a final sigma, can look across)."""
    if len(text) <= LOWER_CHUNK:
        return text.lower()
    pieces = []
    start = 0
    while start < len(text):
        end = start + LOWER_CHUNK
        if end < len(text):
            cut = _SPACE.search(text, end)
            end = cut.end() if cut else len(text)
        pieces.append(text[start:end].lower())
        start = end
    return "".join(pieces)


_SPACE = re.compile(r"\s")


def forget_lowered() -> None:
    """Release the kept lower-case copy (a large document's worth of memory)."""
    global _last_lowered
    _last_lowered = ("", "")


def _start_edge(root: _Node) -> str:
    """The trie with its start-of-phrase edge test. ``\\b`` before phrases
    that start with a word character (much faster than the general edge
    test, and equivalent there); none before phrases that start with another
    character (such as a section sign), where the general test always holds."""
    word = {ch: node for ch, node in root.children.items() if re.match(r"\w", ch)}
    other = {ch: node for ch, node in root.children.items() if ch not in word}
    if _SEP_MARK in other or _WILD_MARK in other:
        return EDGE + _emit(root)
    parts = []
    if word:
        parts.append(r"\b" + _emit(_Node(word)))
    if other:
        parts.append(_emit(_Node(other)))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


_NON_WORD = re.compile(r"\W")
_PLAIN = re.compile(r"\w+(?: \w+)*")


def _cuts(word: str) -> list[int]:
    """Where a phrase may end within ``word`` (a piece of text between
    separators): at its end, or at a word edge inside it (next to punctuation)."""
    if _NON_WORD.search(word) is None:
        return [len(word)]
    return [
        p
        for p in range(1, len(word) + 1)
        if p == len(word) or _NON_WORD.search(word, p - 1, p + 1) is not None
    ]


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


_WORD_CHAR = re.compile(r"\w")


def canonical(text: str) -> str:
    """``text`` with composed accents and straight apostrophes: two texts
    that :func:`equivalents` makes the same phrase are equal in this form."""
    return unicodedata.normalize("NFC", text).replace(_APOSTROPHES[1], _APOSTROPHES[0])


#: No character before this one is a combining mark: a quick test first.
_MARKS = "\u0300"
#: How many plain matches :meth:`TermMatcher._plain` keeps its answers for.
_PLAIN_KEPT = 10_000


class TermMatcher(Generic[P]):
    """Find every occurrence of any of the phrase variants, with their payloads."""

    def __init__(self, entries: Iterable[tuple[Variant, P]]) -> None:
        # Built on first use: a configuration holds many small matchers (cue
        # words, context words) that most documents never need.
        self._entries: list[tuple[Variant, P]] | None = list(entries)
        self.size = len(self._entries)
        self._exact: dict[str, list[P]] = {}
        self._plain_seen: dict[str, list[tuple[int, list[P]]]] = {}
        #: Phrases with a word ending ``*``, by their number of words and first
        #: letter: a pattern each (a key is tried only against its own group).
        self._wild: dict[tuple[int, str], list[tuple[re.Pattern[str], list[P]]]] = {}
        self._pattern: re.Pattern[str] | None = None
        self._folding: re.Pattern[str] | None = None
        self._source: str | None = None

    def _build(self) -> None:
        entries, self._entries = self._entries or [], None
        wild_index: dict[str, list[P]] = {}
        root = _Node()
        for variant, payload in (
            (form, item) for written, item in entries for form in equivalents(written)
        ):
            node = root
            for i, token in enumerate(variant):
                if i:
                    node = node.children.setdefault(_SEP_MARK, _Node())
                for ch in token.text.lower():
                    node = node.children.setdefault(ch, _Node())
                if token.wild:
                    node = node.children.setdefault(_WILD_MARK, _Node())
            node.terminal = True
            if any(t.wild for t in variant):
                src = " ".join(
                    re.escape(t.text.lower()) + (WILD if t.wild else "") for t in variant
                )
                if src not in wild_index:
                    wild_index[src] = []
                    group = (len(variant), variant[0].text.lower()[:1])
                    self._wild.setdefault(group, []).append((re.compile(src), wild_index[src]))
                wild_index[src].append(payload)
            else:
                self._exact.setdefault(_key(t.text for t in variant), []).append(payload)
        if root.children:
            source = _start_edge(root)
            # Run on lower-cased text: case-sensitive literals are several times
            # faster in ``re`` than IGNORECASE ones (they skip failing branches
            # without backtracking state). Text whose lower case changes its
            # length (a dotted capital I) uses the IGNORECASE twin.
            self._pattern = compile_cached(source)
            self._source = source

    def __getstate__(self) -> dict[str, object]:
        # Compiled patterns are rebuilt from their source (through the cache of
        # compiled programs) rather than pickled, which would recompile them.
        state = dict(self.__dict__)
        state["_pattern"] = state["_folding"] = None
        state["_plain_seen"] = {}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def prepare(self) -> None:
        """Build and compile now rather than on first use."""
        if self._entries is not None:
            self._build()

    def _plain(self, low: str) -> list[tuple[int, list[P]]]:
        """Where phrases end in a match that is plain words and single spaces
        (``low``: the match in lower case), with their payloads. Such matches
        repeat (the same few phrases), so the answers are kept."""
        found = self._plain_seen.get(low)
        if found is not None:
            return found
        ends = []
        i = low.find(" ")
        while i != -1:
            ends.append(i)
            i = low.find(" ", i + 1)
        ends.append(len(low))
        found = []
        for n, cut in enumerate(ends, 1):
            payloads = self._payloads(low[:cut], n)
            if payloads:
                found.append((cut, payloads))
        if len(self._plain_seen) < _PLAIN_KEPT:
            self._plain_seen[low] = found
        return found

    def _payloads(self, key: str, ntokens: int) -> list[P]:
        found = self._exact.get(key)
        out = list(found) if found else []
        for group in ((ntokens, key[:1]), (ntokens, "")):
            for pattern, payloads in self._wild.get(group, ()):
                if pattern.fullmatch(key):
                    out.extend(payloads)
        return out

    def finditer(self, text: str) -> Iterator[tuple[int, int, list[P]]]:
        """Yield ``(start, end, payloads)`` for every phrase occurrence.

        Starts are increasing; at one start, every phrase length that matches
        is yielded (longest last). Payload lists are shared between
        occurrences: read them, never change them.
        """
        if self._entries is not None:
            self._build()
        pattern = self._pattern
        if pattern is None:
            if self._source is None:
                return  # no phrases at all
            pattern = self._pattern = compile_cached(self._source)
        folded = lowered(text)
        if folded is None:
            if self._folding is None:
                self._folding = compile_cached(self._source or "", re.IGNORECASE)
            pattern, folded = self._folding, text
        size = len(text)
        pos = 0
        while True:
            m = pattern.search(folded, pos)
            if m is None:
                return
            start = m.start()
            pos = start + 1
            if start and text[start - 1] >= _MARKS and _is_mark(text[start - 1]):
                continue  # starts after a combining mark: inside a word
            matched = text[start : m.end()]
            if _PLAIN.fullmatch(matched):
                # The usual case, done quickly: words of word characters with
                # one space between them (every separator is valid, and no
                # phrase can end inside a word).
                low = matched.lower()
                if len(low) == len(matched):
                    for cut, payloads in self._plain(low):
                        end = start + cut
                        if end < size and text[end] >= _MARKS and _is_mark(text[end]):
                            continue  # ends before a combining mark: inside a word
                        yield start, end, payloads
                    continue
            # Split the match into its words (separators are where SEP matches).
            bounds: list[tuple[int, int]] = []
            word_start = 0
            complete = True
            for sep in SEP.finditer(matched):
                bounds.append((word_start, sep.start()))
                word_start = sep.end()
                if not valid_separator(sep.group(), matched[sep.end() : sep.end() + 1]):
                    complete = False  # e.g. a paragraph break: the phrase ends here
                    break
            if complete:
                bounds.append((word_start, len(matched)))
            words = [matched[a:b] for a, b in bounds]
            for n in range(1, len(words) + 1):
                word = words[n - 1]
                # A shorter phrase may also end inside a word that holds
                # punctuation: "child pornography" in "Child Pornography: Crime".
                for cut in _cuts(word):
                    payloads = self._payloads(_key([*words[: n - 1], word[:cut]]), n)
                    if payloads:
                        end = start + bounds[n - 1][0] + cut
                        if end < size and (
                            _is_mark(text[end])
                            or (_is_mark(text[end - 1]) and _WORD_CHAR.match(text, end))
                        ):
                            continue  # ends before, or after, a combining mark inside a word
                        yield start, end, payloads


#: Time limit for user patterns (rules' ``patterns``, context and cue
#: patterns) on one document: a base plus an allowance per megabyte.
PATTERN_SECONDS = 5.0
PATTERN_SECONDS_PER_MB = 1.0


def time_limit(text: str) -> float:
    """Seconds a user pattern may run on ``text`` (see :data:`PATTERN_SECONDS`;
    the environment variable ``TERMLINT_PATTERN_SECONDS`` replaces the base)."""
    return _base_seconds() + PATTERN_SECONDS_PER_MB * len(text) / 1_000_000


@functools.cache
def _base_seconds() -> float:
    """The base time limit, read once (it is asked for every context match)."""
    with contextlib.suppress(ValueError):
        return float(os.environ.get("TERMLINT_PATTERN_SECONDS", PATTERN_SECONDS))
    return PATTERN_SECONDS


class PatternMatcher(Generic[P]):
    """All ``patterns`` (regular expressions) of all rules.

    A pattern whose matches start with one of a few literal words (see
    :mod:`~termlint.engine.prefilter`) is tried only where the engine's phrase
    pass found one of those words; the others share one alternation, run over
    the whole text.
    """

    def __init__(self, entries: Iterable[tuple[UserPattern, P]]) -> None:
        import regex  # when a configuration is built: for its flags

        self._entries = list(entries)
        # Each pattern alone, tried at one position at a time. The empty
        # branch ``|(?!)`` never matches; it keeps the regex module from first
        # looking for a string every match must hold ("pornography") through
        # the rest of the text, which it does at each try (4 ms at each
        # candidate of a 10 MB file that never holds it).
        self._anchored = [
            UserPattern.compile(f"(?:{EDGE}(?:{p.pattern}){EDGE}|(?!))", p.flags)
            for p, _ in self._entries
        ]
        #: Entry index -> the literal words its matches start with (tokens of
        #: the phrase pass).
        self.words: dict[int, list[Token]] = {}
        for i, (p, _) in enumerate(self._entries):
            if p.flags & (regex.VERSION1 | regex.FULLCASE | regex.REVERSE | regex.BESTMATCH):
                continue
            verbose = bool(p.flags & regex.VERBOSE)
            found = leading_tokens(p.pattern, verbose=verbose, word_start=True)
            if found is not None:
                self.words[i] = found
        rest = [i for i in range(len(self._entries)) if i not in self.words]
        #: For each entry of the alternation, the entries after it (which may
        #: also match where it does).
        self._later = {i: rest[k + 1 :] for k, i in enumerate(rest)}
        # A pattern that several rules share (a pack's rule and its variant for
        # legal texts, the same compound in two languages) is in the
        # alternation once: the others are tried where it matches, as every
        # later entry is. Repeated branches make the regex module give up the
        # literal search that keeps the alternation fast.
        unique: dict[tuple[str, int], int] = {}
        for i in rest:
            unique.setdefault((self._entries[i][0].pattern, self._entries[i][0].flags), i)
        source = "|".join(
            f"(?P<p{i}>{EDGE}(?:{self._entries[i][0].pattern}){EDGE})" for i in unique.values()
        )
        self._combined = UserPattern.ignoring_case(source) if rest else None

    def culprits(self, text: str, timeout: float) -> list[P]:
        """The payloads whose pattern alone runs past ``timeout`` on ``text``
        (after the combined pattern did); all of them if none does alone."""
        out = []
        for (_, payload), anchored in zip(self._entries, self._anchored, strict=True):
            try:
                anchored.search(text, timeout=timeout)
            except TimeoutError:
                out.append(payload)
        return out or [payload for _, payload in self._entries]

    def finditer(
        self,
        text: str,
        candidates: dict[int, list[int]],
        timeout: float | None = None,
    ) -> list[tuple[int, int, P]]:
        """Every match, overlapping ones included, by start (then by entry);
        ``TimeoutError`` when matching runs past ``timeout`` seconds.
        ``candidates``: for each entry of :attr:`words`, where one of its
        words starts a word of ``text``."""
        deadline = deadline_after(timeout)
        found: list[tuple[int, int, int]] = []
        for i, starts in candidates.items():
            anchored = self._anchored[i]
            for start in sorted(set(starts)):
                left = time_left(deadline)
                m = anchored.match(text, start, timeout=left)
                if m is not None and m.end() > start:
                    found.append((start, i, m.end()))
        if self._combined is not None:
            for m in self._combined.finditer(text, overlapped=True, timeout=timeout):
                first = int(m.lastgroup[1:])  # type: ignore[index]
                start = m.start()
                if m.end() > start:
                    found.append((start, first, m.end()))
                for j in self._later[first]:
                    left = time_left(deadline)
                    other = self._anchored[j].match(text, start, timeout=left)
                    if other is not None and other.end() > start:
                        found.append((start, j, other.end()))
        found.sort()
        return [(start, end, self._entries[i][1]) for start, i, end in found]
