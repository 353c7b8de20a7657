"""Literal pre-filters for regular expressions.

A full pass of a user pattern over a long document is costly when the
``regex`` engine cannot skip ahead to a literal: an alternation of several
patterns, or a pattern behind a word-edge test, is tried at every position
(about 35 ms a megabyte for the default pack's three rule patterns together,
against under 1 ms for each one alone).

Most patterns start with a word: ``pornographic\\s+(?:images?|...)``,
``\\b(?:convicted|charged|indicted|acquitted)\\s+...``. Every match of such a
pattern starts, at the start of a word, with one of a few literal words. Those
words join the engine's one phrase pass (as ``word*``, a word with any ending,
or as a whole word where the pattern's literal goes on past it with a
character that is no word character: "sex" in ``sex[- ]workers?`` is no
candidate at every "sexual"), and the pattern is then tried only where one of
them starts a word: the cost of a pattern becomes a look-up per candidate
instead of a pass over the text.

:func:`leading_words` finds such words, or says that it cannot (then the
pattern keeps its own pass). It reads the pattern with the standard library's
parser and accepts only constructs whose meaning is the same in ``re`` and
``regex``; anything else (fuzzy matching, ``\\L<...>``, version 1 sets, a
pattern ``re`` cannot read) gets no pre-filter. The words found are a superset:
a candidate that does not match costs a failed match, never a wrong finding.

Like the phrase matcher, candidates are found on lower-cased text with
``re``'s idea of a word edge; a literal followed by a combining mark (which
``regex``, unlike ``re``, counts as part of a word) may be missed.
"""

from __future__ import annotations

import re
import time
from typing import Any

from ..terms import Token

try:  # the standard library's regular-expression parser (private, but stable)
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - another Python: no pre-filters
    _p = _c = None  # type: ignore[assignment]

#: Literal words must be at least this long (shorter ones start too many words).
MIN_LENGTH = 3
#: At most this many literal words per pattern.
MAX_WORDS = 64
#: Patterns using ``regex``-only syntax: fuzzy matching ``{e<=1}``, named
#: lists ``\L<name>``, version 1 sets, reverse or best-match searching, POSIX
#: classes and Unicode properties.
REGEX_ONLY = re.compile(
    r"\{\s*[A-Za-z]|\\[LpPNXGKmM]|\(\?[a-zA-Z-]*[VrbefpwLu]|\[\[|&&|--|\|\|(?=[^()]*\])"
)
_WORD = re.compile(r"[a-z0-9]+")
#: Stands for a word edge after a literal (no word character).
_EDGE = "\x00"
#: A character that ends a word for the phrase pass (``re``'s idea of a word edge).
_NOT_WORD = re.compile(r"\W")
_REPEATS = (
    tuple(op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op)
    if _c is not None
    else ()
)


def leading_words(
    pattern: str, *, verbose: bool = False, word_start: bool = False
) -> list[str] | None:
    """Lower-case words such that every match of ``pattern`` starts at the
    start of a word with one of them; None when no such short list is known.

    ``verbose``: the pattern is compiled with the VERBOSE flag. ``word_start``:
    the caller guarantees matches start at a word edge (a pattern wrapped in
    an edge test); otherwise the pattern must itself start with ``\\b`` in
    every alternative.
    """
    tokens = leading_tokens(pattern, verbose=verbose, word_start=word_start)
    return None if tokens is None else sorted({t.text for t in tokens})


def leading_tokens(
    pattern: str, *, verbose: bool = False, word_start: bool = False
) -> list[Token] | None:
    """The words of :func:`leading_words` as the phrase pass's tokens: a word
    that the pattern's literal goes on past with a character that is no word
    character ("sex" in ``sex[- ]workers?``) is a whole word; the others may
    have any ending ("prostitut" in ``prostitut(?:e|ion)``). A whole word
    gives far fewer candidates: "sex" is not a candidate at every "sexual"."""
    if _p is None or REGEX_ONLY.search(pattern):
        return None
    try:
        parsed = _p.parse(pattern, re.VERBOSE if verbose else 0)
    except Exception:
        return None
    items = list(parsed)
    if not word_start and not _starts_at_boundary(items):
        return None
    words, _ = _prefixes(items)
    # Each literal up to its first character that is not a letter or digit:
    # the phrase pass takes one word, whole or with any ending.
    wild: set[str] = set()
    whole: set[str] = set()
    for literal in words:
        lower = literal.lower()
        word = _WORD.match(lower)
        if word is None or len(word.group()) < MIN_LENGTH:
            return None
        rest = lower[word.end() : word.end() + 1]
        (whole if rest and _NOT_WORD.match(rest) else wild).add(word.group())
    if not wild and not whole:
        return None
    return [Token(w, True) for w in sorted(wild)] + [Token(w, False) for w in sorted(whole - wild)]


def _starts_at_boundary(items: list[Any]) -> bool:
    if not items:
        return False
    op, arg = items[0]
    if op is _c.AT:
        return bool(arg is _c.AT_BOUNDARY)
    if op is _c.SUBPATTERN:
        return _starts_at_boundary(list(arg[-1]))
    if op is _c.BRANCH:
        return all(_starts_at_boundary(list(alt)) for alt in arg[1])
    return False


def _cross(heads: set[str], tails: set[str]) -> set[str] | None:
    """Every head followed by every tail; None when that is too many."""
    if len(heads) * len(tails) > MAX_WORDS:
        return None
    return {h + t for h in heads for t in tails}


def _set_chars(arg: list[Any]) -> set[str] | None:
    """The characters of a set, or None for a set that is not a short list."""
    chars: set[str] = set()
    for op, value in arg:
        if op is _c.LITERAL:
            chars.add(chr(value))
        elif op is _c.RANGE and value[1] - value[0] < MAX_WORDS:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:  # a negated set, a category (\w, \d...), a large range
            return None
    return chars


def _prefixes(items: list[Any]) -> tuple[set[str], bool]:
    """The literal strings that every match of ``items`` starts with, and
    whether they are whole matches (so that what follows may be appended).
    Where the literal start ends, the strings found so far are the answer
    (an empty string when there are none)."""
    out = {""}
    for op, arg in items:
        if op is _c.AT and arg is _c.AT_BOUNDARY and "" not in out:
            # a word edge after a literal: the word ends there (a character
            # that is no word character stands for it, and ends the literals)
            out = {o + _EDGE for o in out}
            continue
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # zero-width: skipping it only widens the candidates
        if op is _c.LITERAL:
            tails: set[str] | None = {chr(arg)}
            whole = True
        elif op is _c.IN:
            tails, whole = _set_chars(arg), True
        elif op is _c.SUBPATTERN:
            tails, whole = _prefixes(list(arg[-1]))
        elif op is _c.BRANCH:
            tails, whole = set(), True
            for alt in arg[1]:
                inner, inner_whole = _prefixes(list(alt))
                tails |= inner
                whole = whole and inner_whole
        elif op in _REPEATS and arg[0] >= 1:
            low, high, sub = arg
            tails, whole = _prefixes(list(sub))
            whole = whole and low == high == 1
        else:  # an optional part, a category, a back-reference...: the end
            return out, False
        crossed = _cross(out, tails) if tails is not None else None
        if crossed is None:
            return out, False
        out = crossed
        if not whole:
            return out, False
    return out, True


def matches_at(
    pattern: Any, text: str, starts: list[int], timeout: float | None = None
) -> list[tuple[int, int]]:
    """The spans ``pattern.finditer(text)`` would give, found by trying the
    pattern only at ``starts`` (which must include every match start):
    leftmost first, none overlapping. ``timeout`` (seconds, for all of them
    together) needs a ``regex`` pattern."""
    deadline = deadline_after(timeout)
    out: list[tuple[int, int]] = []
    reach = 0
    for start in sorted(set(starts)):
        if start < reach:
            continue
        if deadline is None:
            m = pattern.match(text, start)
        else:
            m = pattern.match(text, start, timeout=time_left(deadline))
        if m is not None and m.end() > start:
            out.append((start, m.end()))
            reach = m.end()
    return out


def deadline_after(timeout: float | None) -> float | None:
    """The monotonic time ``timeout`` seconds from now (None: no limit)."""
    return None if timeout is None else time.monotonic() + timeout


def time_left(deadline: float | None) -> float | None:
    """Seconds left before ``deadline`` (None: no limit); ``TimeoutError`` if none."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left
