"""The smallest edit that rewrites a match, keeping every markup character.

A match is found in the *text to check*, where markup (emphasis markers, link
targets, tags, references, comments, LaTeX commands...) is blanked out. Its
span in the source may therefore hold markup: ``child **pornography**``,
``[child](https://x.org) pornography``, ``Child<span>pornography</span>``.

:func:`plan_edit` compares the match's words with the replacement's (case
carried over) and changes only the words that differ: ``child **pornography**``
becomes ``child **sexual abuse material**``, because "child" stays. The words
that change, and the separators between them, must hold no markup; where they
do (``kiddie **porn**``, ``\\textbf{child} \\textit{porn}``), the match is not
fixable and the reason says why. A hyphen that joined a kept word to a
changed one goes (``CHILD-PORNOGRAPHY`` becomes ``CHILD SEXUAL ABUSE
MATERIAL``); a line break between them stays (``child -⏎pornography`` becomes
``child⏎sexual abuse material``, with no dangling hyphen).

Both the engine (to decide whether a finding is fixable, and to say why not)
and the fixer (to apply it) use this one function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .casing import match_case

#: A word of a match: a run of characters that are neither white space nor a
#: hyphen (the separators of the phrase matcher).
_WORD = re.compile(r"[^\s\-\u2010\u2011\u00ad]+")
_HYPHENS = "-\u2010\u2011\u00ad"
#: A line break and the indentation after it.
_BREAK = re.compile(r"(?:\r\n?|\n)[ \t]*")


@dataclass(frozen=True)
class Edit:
    """``source[start:end]`` becomes ``new``."""

    start: int
    end: int
    new: str


#: Why a match cannot be rewritten safely.
MARKUP_INSIDE = "the words to change hold markup; rewrite them by hand"


def words_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The words of ``text[start:end]`` (absolute spans)."""
    return [m.span() for m in _WORD.finditer(text, start, end)]


def _markup(source: str, text: str, start: int, end: int) -> bool:
    """Whether ``source[start:end]`` holds a character the text to check
    blanked out (markup), rather than prose or white space."""
    if source[start:end] == text[start:end]:
        return False
    return any(
        t != s and not s.isspace() for s, t in zip(source[start:end], text[start:end], strict=True)
    )


def _gap(separator: str) -> str:
    """What becomes of a separator next to a changed word: its line break
    (and the indentation after it) if it has one, else one space."""
    found = _BREAK.search(separator)
    return found.group() if found else " "


def plan_edit(source: str, text: str, start: int, end: int, replacement: str) -> Edit | str:
    """The edit that makes ``source[start:end]`` read ``replacement`` (with
    the match's case), or the reason there is none. ``text`` is the text to
    check (the source with markup blanked out, same length)."""
    words = words_of(text, start, end)
    if not words:
        return MARKUP_INSIDE
    old = [source[s:e] for s, e in words]
    new = match_case(" ".join(old), replacement).split(" ")
    new = [w for w in new if w]
    # the words both share, at the start and at the end
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    if head == len(old) == len(new):
        return Edit(start, start, "")  # nothing to change
    changed_old = words[head : len(old) - tail]
    changed_new = new[head : len(new) - tail]
    # The edit runs from the end of the last kept word before the change to
    # the start of the first kept word after it (or the match's edges).
    lo = words[head - 1][1] if head else start
    hi = words[len(old) - tail][0] if tail else end
    if changed_old:
        first, last = changed_old[0][0], changed_old[-1][1]
    else:  # a pure insertion between two kept words
        first = last = lo
    # (hyphens of prose: the text to check has markup blanked out)
    before, after = text[lo:first], text[last:hi]
    # Separators at the edges are kept unless they hold a hyphen (which
    # joined a kept word to a changed one): then they become a space or
    # their line break.
    if head and any(h in before for h in _HYPHENS):
        if _markup(source, text, lo, first):
            return MARKUP_INSIDE
        prefix = _gap(before)
        edit_start = lo
    else:
        prefix = ""
        edit_start = first
    if tail and any(h in after for h in _HYPHENS):
        if _markup(source, text, last, hi):
            return MARKUP_INSIDE
        suffix = _gap(after)
        edit_end = hi
    else:
        suffix = ""
        edit_end = last
    if not changed_old:
        if not changed_new:
            return Edit(start, start, "")
        prefix = prefix or " "
        if edit_start == lo and edit_end == lo:
            return Edit(lo, lo, " " + " ".join(changed_new))
    if _markup(source, text, first, last):
        return MARKUP_INSIDE
    middle = _layout(source[first:last], changed_new)
    if not changed_new:
        # words removed: drop them and one of the separators around them
        if head:
            return Edit(lo, last, "")
        return Edit(first, hi, "")
    return Edit(edit_start, edit_end, prefix + middle + suffix)


def _layout(matched: str, words: list[str]) -> str:
    """``words`` laid out with the separators of ``matched``: a line break
    stays after the same word where there are enough words, else before the
    last one; other separators become single spaces."""
    separators = [m.group() for m in re.finditer(r"[\s\-\u2010\u2011\u00ad]+", matched)]
    breaks = [s for s in separators if "\n" in s or "\r" in s]
    if not breaks or len(words) < 2:
        return " ".join(words)
    index = next(i for i, s in enumerate(separators) if "\n" in s or "\r" in s)
    index = min(index, len(words) - 2)
    gaps = [" "] * (len(words) - 1)
    gaps[index] = _gap(breaks[0])
    return "".join(w + (gaps[i] if i < len(gaps) else "") for i, w in enumerate(words))
