"""Carry the case of matched text over to its replacement.

``match_case("Organised", "organized")`` gives ``"Organized"``; the patterns
recognised are lower case, Sentence case, Title Case and UPPER CASE. Words of
the replacement that are acronyms or proper nouns (any capital letter in the
replacement as written) keep their own case.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def case_pattern(text: str) -> str:
    """``lower``, ``upper``, ``title``, ``sentence`` or ``mixed``."""
    words = _WORD.findall(text)
    if not words:
        return "lower"
    if (all(w.isupper() for w in words) and any(len(w) > 1 for w in words)) or (
        len(words) == 1 and len(words[0]) == 1 and words[0].isupper() and text.isupper()
    ):
        return "upper"
    if all(w.islower() for w in words):
        return "lower"
    if words[0][0].isupper() and words[0][1:].islower():
        if all(w[0].isupper() and w[1:].islower() for w in words) and len(words) > 1:
            return "title"
        if all(w.islower() for w in words[1:]):
            return "sentence"
    return "mixed"


def _keep(word: str) -> bool:
    """A replacement word written with a capital keeps its case (CSAM, Interpol)."""
    return any(c.isupper() for c in word)


def match_case(matched: str, replacement: str) -> str:
    """``replacement`` with the case pattern of ``matched``."""
    pattern = case_pattern(matched)
    if pattern in ("lower", "mixed"):
        return replacement
    if pattern == "upper":
        return replacement.upper()
    first = True

    def fix(m: re.Match[str]) -> str:
        nonlocal first
        word = m.group()
        was_first, first = first, False
        if _keep(word):
            return word
        if pattern == "title" or was_first:
            return word[0].upper() + word[1:]
        return word

    return _WORD.sub(fix, replacement)
