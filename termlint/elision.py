"""The word before a fix, in languages whose little words change with the
sound that follows them: French elision (``de`` / ``d'``, ``la`` / ``l'``).

A fix replaces a phrase; where the replacement starts with a vowel and the
match did not (or the reverse), the article or preposition before it must
change too: ``la prostitution enfantine`` becomes ``l'exploitation sexuelle
des enfants dans la prostitution``, ``de prostitution`` becomes
``d'exploitation``, ``d'X`` before a consonant becomes ``de Y``. The case of
the word is kept (``La`` → ``L'``, ``DE`` → ``D'``) and so is the document's
apostrophe, straight or typographic.

Where the right form depends on what the fixer cannot know (``l'`` before a
consonant is ``le`` or ``la`` by the gender of the noun; an ``h`` may be
mute or aspirated), :func:`adjust` gives a reason instead, and the finding
is reported but not fixed. Rules of a Romance language are ``fixable`` only
when their replacement keeps the match's gender and number, so an article
that does not elide (``la``, ``une``, ``cette``) stays right.

Spanish, Portuguese and Italian: the packaged rules of these languages are
not fixable (their replacements change gender); for a house rule that is,
an article or conjunction that would depend on the first sound (Italian
``l'``/``lo``/``il``, Spanish ``y``/``e``, ``o``/``u``) where that sound
changes is a reason not to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_VOWELS = "aeiouyàâäéèêëîïôöûùüœæ"
_APOSTROPHES = "'\u2019"

#: French words that elide before a vowel, and their elided form.
_FR_ELIDE = {
    "de": "d",
    "que": "qu",
    "jusque": "jusqu",
    "lorsque": "lorsqu",
    "puisque": "puisqu",
    "la": "l",
    "le": "l",
}
#: Elided French words whose full form the fixer can give before a consonant.
_FR_FULL = {"d": "de", "qu": "que", "jusqu": "jusque", "lorsqu": "lorsque", "puisqu": "puisque"}
#: French words whose form before a vowel the fixer cannot choose safely.
_FR_UNSAFE = {"ce", "cet", "ma", "ta", "sa", "mon", "ton", "son", "du", "au", "beau", "bel"}

_FR_FULL_WORD = re.compile(r"(?<![\w'\u2019])(\w+)([ \t\u00a0]+)$")
_FR_ELIDED = re.compile(r"(?<![\w'\u2019])(\w+)(['\u2019])$")

_IT_BEFORE = re.compile(r"(?<![\w'\u2019])(\w+)(['\u2019]|[ \t\u00a0]+)$")
_IT_SENSITIVE = {"l", "lo", "il", "la", "un", "uno", "una", "gli", "i", "dell", "dello", "del"}
_ES_BEFORE = re.compile(r"(?<![\w'\u2019])(y|e|o|u)([ \t\u00a0]+)$", re.IGNORECASE)

#: The languages this module knows.
LANGUAGES = frozenset({"fr", "it", "es", "pt"})


@dataclass(frozen=True)
class Change:
    """``source[start:end]`` (the word before the match and what joins it to
    the match) becomes ``text``."""

    start: int
    end: int
    text: str


def _vowel_sound(word: str) -> bool | None:
    """Whether a word starts with a vowel sound; None when unknown (an h)."""
    first = word[:1].lower()
    if not first:
        return False
    if first == "h":
        return None
    return first in _VOWELS


def _cased(model: str, word: str) -> str:
    if model.isupper() and (len(model) > 1 or len(word) == 1):
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def apostrophe_of(source: str) -> str:
    """The apostrophe a document writes between letters: typographic where
    it has more of those than straight ones."""
    if "\u2019" not in source:
        return "'"
    return _counted_apostrophe(source)


@lru_cache(maxsize=8)
def _counted_apostrophe(source: str) -> str:
    # counted once per text: each fix of a document asks (a 1 MB text took
    # 35 ms a count)
    typographic = len(_TYPOGRAPHIC.findall(source))
    straight = len(_STRAIGHT.findall(source))
    return "\u2019" if typographic > straight else "'"


_TYPOGRAPHIC = re.compile(r"\w\u2019\w")
_STRAIGHT = re.compile(r"\w'\w")


def adjust(
    language: str | None, source: str, start: int, match: str, replacement: str
) -> Change | str | None:
    """How the word before a match at ``start`` of ``source`` must change
    when ``match`` becomes ``replacement``: None (it need not), a
    :class:`Change`, or the reason it cannot be changed safely."""
    if language not in LANGUAGES:
        return None
    old, new = _vowel_sound(match), _vowel_sound(replacement)
    if old == new and old is not None:
        return None
    before = source[max(0, start - 12) : start]
    offset = start - len(before)
    if language == "fr":
        return _french(source, before, offset, old, new)
    if language == "it":
        m = _IT_BEFORE.search(before)
        if m and m.group(1).lower() in _IT_SENSITIVE:
            return f"the article '{m.group(0).strip()}' would change with the first sound"
        return None
    if language == "es":
        m = _ES_BEFORE.search(before)
        if m and (
            re.match(r"h?[iy](?![aeiou])", replacement, re.IGNORECASE)
            or re.match(r"h?o", replacement, re.IGNORECASE)
            or m.group(1).lower() in ("e", "u")
        ):
            return f"'{m.group(1)}' would change with the first sound"
        return None
    return None  # Portuguese articles do not change with the first sound


def _french(
    source: str, before: str, offset: int, old: bool | None, new: bool | None
) -> Change | str | None:
    elided = _FR_ELIDED.search(before)
    full = _FR_FULL_WORD.search(before)
    if new is None:
        if elided or (full and full.group(1).lower() in {*_FR_ELIDE, *_FR_UNSAFE}):
            return "the replacement starts with an h, mute or aspirated"
        return None
    if new and full:  # "de prostitution" -> "d'exploitation"
        word = full.group(1)
        lower = word.lower()
        if lower in _FR_UNSAFE:
            return f"'{word}' before a vowel depends on gender"
        if lower in _FR_ELIDE:
            text = _cased(word, _FR_ELIDE[lower]) + apostrophe_of(source)
            return Change(offset + full.start(), offset + full.end(), text)
        return None
    if not new and elided:  # "d'enfant" -> "de mineur"
        word = elided.group(1)
        lower = word.lower()
        if lower in _FR_FULL:
            return Change(
                offset + elided.start(), offset + elided.end(), _cased(word, _FR_FULL[lower]) + " "
            )
        return f"'{elided.group(0)}' before a consonant depends on gender"
    if not new and full and full.group(1).lower() in _FR_UNSAFE:
        return f"'{full.group(1)}' before a consonant depends on gender"
    return None


def adjust_document(
    language: str | None, source: str, text: str, start: int, match: str, replacement: str
) -> Change | str | None:
    """:func:`adjust` for a document: the word before is read in the text to
    check (markup blanked out); markup between it and the match makes a
    needed change unsafe."""
    found = adjust(language, text, start, match, replacement)
    if isinstance(found, Change):
        if source[found.start : start] != text[found.start : start]:
            return "markup stands between the match and the word before it"
        return Change(found.start, found.end, found.text.replace("'", apostrophe_of(source)))
    return found
