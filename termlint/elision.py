"""The word before a fix, in languages whose little words change with the
sound that follows them: French and Italian elision (``de`` / ``d'``,
``la`` / ``l'``, ``della`` / ``dell'``), the Italian articles before ``s``
and a consonant (``il`` / ``lo``, ``un`` / ``uno``), and the Spanish
conjunctions and contraction (``y`` / ``e``, ``o`` / ``u``, ``de el`` /
``del``).

A fix replaces a phrase; where the replacement starts with another kind of
sound than the match did, the article or preposition before it must change
too: ``la prostitution enfantine`` becomes ``l'exploitation sexuelle des
enfants dans la prostitution``, ``de prostitution`` becomes
``d'exploitation``, ``d'X`` before a consonant becomes ``de Y``; in Italian
``la sextortion`` becomes ``l'estorsione sessuale`` (``una`` → ``un'``,
``della`` → ``dell'``), ``il turismo`` ``lo sfruttamento`` (``del`` →
``dello``, ``un`` → ``uno``); in Spanish ``acoso y sextorsión`` becomes
``acoso e intimidación``. The case of the word is kept (``La`` → ``L'``,
``DE`` → ``D'``) and so is the document's apostrophe, straight or
typographic.

Where the right form depends on what the fixer cannot know (``l'`` before a
consonant is ``le`` or ``la``, ``il`` or ``la``, by the gender of the noun;
an ``h`` may be mute or aspirated; an Italian ``i`` before a vowel may be
one), :func:`adjust` gives a reason instead, and the finding is reported
but not fixed. Rules of a Romance language are ``fixable`` only when their
replacement keeps the match's gender and number, so an article that does
not change with the sound (``la`` before a consonant, ``une``, ``cette``)
stays right.

Spanish contracts ``de`` and ``a`` with the article ``el`` only (``del``,
``al``; ``de la`` is two words), so a rule that names the article with the
noun (``la pornografía infantil`` → ``el material de abuso sexual
infantil``) matches after ``de`` and its fix must contract them: ``de`` +
``el material`` is ``del material``. Portuguese needs nothing: its articles
do not change with the first sound, and each preposition that contracts
with an article contracts with all of them (``da``, ``na``, ``pela``,
``à``), so a phrase that starts with an article never follows one as a
word of its own. Italian likewise (``della``, ``nel``). The packaged
Spanish, Portuguese and Italian rules are not fixable (their replacements
change gender, or await a native speaker's review); the above serves house
rules of these languages and a configuration that makes one fixable
(``overrides: {it-sextortion: {fixable: true}}``).
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

_WORD_BEFORE = re.compile(r"(?<![\w'\u2019])(\w+)(['\u2019]|[ \t\u00a0]+)$")
_ES_BEFORE = re.compile(r"(?<![\w'\u2019])(y|e|o|u|de|a)([ \t\u00a0]+)$", re.IGNORECASE)

#: Italian articles, articulated prepositions and the words that change as
#: they do, by gender and number: the form before a consonant, before an
#: "impure" sound (s and a consonant, z, gn, ps, pn, x, y) and before a
#: vowel. An elided form ends in an apostrophe.
_IT_FORMS: dict[str, dict[str, tuple[str, str, str]]] = {
    "": {"ms": ("il", "lo", "l'"), "fs": ("la", "la", "l'"), "mp": ("i", "gli", "gli")},
    "di": {
        "ms": ("del", "dello", "dell'"),
        "fs": ("della", "della", "dell'"),
        "mp": ("dei", "degli", "degli"),
    },
    "a": {
        "ms": ("al", "allo", "all'"),
        "fs": ("alla", "alla", "all'"),
        "mp": ("ai", "agli", "agli"),
    },
    "da": {
        "ms": ("dal", "dallo", "dall'"),
        "fs": ("dalla", "dalla", "dall'"),
        "mp": ("dai", "dagli", "dagli"),
    },
    "in": {
        "ms": ("nel", "nello", "nell'"),
        "fs": ("nella", "nella", "nell'"),
        "mp": ("nei", "negli", "negli"),
    },
    "su": {
        "ms": ("sul", "sullo", "sull'"),
        "fs": ("sulla", "sulla", "sull'"),
        "mp": ("sui", "sugli", "sugli"),
    },
    "quel": {
        "ms": ("quel", "quello", "quell'"),
        "fs": ("quella", "quella", "quell'"),
        "mp": ("quei", "quegli", "quegli"),
    },
    "un": {"ms": ("un", "uno", "un"), "fs": ("una", "una", "un'")},
    "nessun": {"ms": ("nessun", "nessuno", "nessun"), "fs": ("nessuna", "nessuna", "nessun'")},
    "alcun": {"ms": ("alcun", "alcuno", "alcun"), "fs": ("alcuna", "alcuna", "alcun'")},
}
_IT_SOUNDS = ("consonant", "impure", "vowel")
#: Each Italian form -> the (word, gender and number) it can be.
_IT_READINGS: dict[str, set[tuple[str, str]]] = {}
for _word, _by_gn in _IT_FORMS.items():
    for _gn, _forms in _by_gn.items():
        for _form in _forms:
            _IT_READINGS.setdefault(_form, set()).add((_word, _gn))
_IT_VOWELS = "aeiouàèéìíòóùú"
_ES_I_SOUND = re.compile(r"h?[ií](?![aeiouáéíóú])", re.IGNORECASE)
_ES_O_SOUND = re.compile(r"h?[oó]", re.IGNORECASE)
_ES_EL = re.compile(r"el(?=[ \t\u00a0])", re.IGNORECASE)

#: The languages this module knows.
LANGUAGES = frozenset({"fr", "it", "es", "pt"})


@dataclass(frozen=True)
class Change:
    """``source[start:end]`` (the word before the match and what joins it to
    the match) becomes ``text``; ``drop``: the start of the replacement that
    ``text`` takes in (the Spanish article in ``de`` + ``el`` → ``del``)."""

    start: int
    end: int
    text: str
    drop: str = ""


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
    before = source[max(0, start - 12) : start]
    offset = start - len(before)
    if language == "fr":
        old, new = _vowel_sound(match), _vowel_sound(replacement)
        if old == new and old is not None:
            return None
        return _french(source, before, offset, old, new)
    if language == "it":
        return _italian(before, offset, _it_sound(match), _it_sound(replacement))
    if language == "es":
        return _spanish(before, offset, match, replacement)
    return None  # Portuguese: see the module's description


def _it_sound(word: str) -> str | None:
    """The kind of first sound of an Italian word, as its article sees it;
    None where it cannot be told (an h, a j, an i before a vowel)."""
    w = word[:2].lower()
    if not w or not w[0].isalpha():
        return None
    if w[0] in _IT_VOWELS:
        if w[0] in "ií" and w[1:2] and w[1] in _IT_VOWELS:
            return None  # lo iato, l'ieri
        return "vowel"
    if w[0] in "hj":
        return None
    if (
        w[0] in "zxy"
        or w in ("gn", "ps", "pn")
        or (w[0] == "s" and w[1:2].isalpha() and w[1] not in _IT_VOWELS)
    ):
        return "impure"
    return "consonant"


def _italian(before: str, offset: int, old: str | None, new: str | None) -> Change | str | None:
    if old == new and old is not None:
        return None
    m = _WORD_BEFORE.search(before)
    if m is None:
        return None
    word, joiner = m.group(1), m.group(2)
    elided = joiner in _APOSTROPHES
    form = word.lower() + ("'" if elided else "")
    readings = _IT_READINGS.get(form)
    if not readings or (not elided and form.endswith("'")):
        return None
    shown = m.group(0).strip()
    if new is None:
        return f"the replacement's first sound decides the form of '{shown}'"
    if old is not None:
        # what the word is, given the sound it stood before
        readings = {
            (w, gn) for w, gn in readings if _IT_FORMS[w][gn][_IT_SOUNDS.index(old)] == form
        } or readings
    wanted = {_IT_FORMS[w][gn][_IT_SOUNDS.index(new)] for w, gn in readings}
    if len(wanted) > 1:
        return f"'{shown}' before the replacement depends on gender"
    (target,) = wanted
    if target == form:
        return None
    text = _cased(word, target)
    if not target.endswith("'"):
        text += joiner if not elided else " "
    return Change(offset + m.start(), offset + m.end(), text)


def _spanish(before: str, offset: int, match: str, replacement: str) -> Change | None:
    m = _ES_BEFORE.search(before)
    if m is None:
        return None
    word = m.group(1)
    lower = word.lower()
    if lower in ("y", "e", "o", "u"):
        sound = _ES_I_SOUND if lower in ("y", "e") else _ES_O_SOUND
        forms = ("e", "y") if lower in ("y", "e") else ("u", "o")
        was = forms[0] if sound.match(match) else forms[1]
        wanted = forms[0] if sound.match(replacement) else forms[1]
        if was == wanted or lower == wanted:
            return None  # the first sound did not change, or it is already right
        return Change(offset + m.start(1), offset + m.end(1), _cased(word, wanted))
    # de + el material -> del material
    el = _ES_EL.match(replacement)
    if el and not _ES_EL.match(match):
        # "A LA PORNOGRAFÍA": a capital alone is upper case where the match is
        contracted = (
            (lower + "l").upper()
            if word.isupper() and match.isupper()
            else _cased(word, lower + "l")
        )
        return Change(offset + m.start(), offset + m.end(), contracted, drop=el.group())
    return None


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
        text = found.text.replace("'", apostrophe_of(source))
        return Change(found.start, found.end, text, found.drop)
    return found
