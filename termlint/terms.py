"""The compact term syntax used in ``terms``, ``exceptions`` and ``names``.

A term is a phrase. Its words are separated by spaces or hyphens, and either
one matches any run of whitespace (a single line break included) or a hyphen
in the text, so ``child pornography`` also finds ``child-pornography`` and a
phrase broken across two lines.

Inflections and alternatives are written compactly:

``prostitute(s)``
    A group with one alternative is optional: *prostitute*, *prostitutes*.
``pornograph(y|ies)``
    Alternatives: *pornography*, *pornographies*.
``(kiddie|kiddy) porn``
    Alternatives may stand anywhere and contain spaces: ``(a|an old) phrase``.
``(the )Optional Protocol``
    An optional leading word. ``(a|)`` is another way to write an optional group.
``kinderporn*``
    ``*`` at the end of a word matches any word ending (*kinderporno*, *kinderpornos*).
``\\(``
    A backslash makes the next character (``( ) | * \\``) literal.

Groups may nest. A term may expand to at most :data:`MAX_VARIANTS` phrases.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

MAX_VARIANTS = 1024

_ESCAPABLE = "()|*\\"
_STAR = "\x03"  # placeholder for an escaped, literal '*'
_SPLIT = re.compile(r"[\s\-\u2010\u2011]+")


class TermSyntaxError(ValueError):
    """Raised with a message and the 0-based character index of the problem."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


class Token(NamedTuple):
    """One word of a phrase. ``wild`` means any word ending may follow ``text``.
    (A named tuple: thousands of them are loaded from the configuration cache
    at every start, and tuples unpickle several times faster than dataclasses.)"""

    text: str
    wild: bool = False


Variant = tuple[Token, ...]


def _parse(src: str, pos: int, depth: int) -> tuple[list[object], int]:
    """Parse a sequence until ``)`` or ``|`` at this depth; return (parts, pos)."""
    parts: list[object] = []
    buf: list[str] = []
    while pos < len(src):
        ch = src[pos]
        if ch == "\\":
            if pos + 1 >= len(src) or src[pos + 1] not in _ESCAPABLE:
                raise TermSyntaxError("a backslash must escape one of ( ) | * \\", pos)
            nxt = src[pos + 1]
            buf.append(_STAR if nxt == "*" else nxt)
            pos += 2
            continue
        if ch == "(":
            if buf:
                parts.append("".join(buf))
                buf = []
            alternatives, pos = _parse_group(src, pos + 1, depth + 1)
            parts.append(alternatives)
            continue
        if ch in ")|":
            if depth == 0:
                raise TermSyntaxError(f"unexpected '{ch}' outside a group", pos)
            break
        buf.append(ch)
        pos += 1
    if buf:
        parts.append("".join(buf))
    return parts, pos


def _parse_group(src: str, pos: int, depth: int) -> tuple[list[list[object]], int]:
    start = pos - 1
    alternatives: list[list[object]] = []
    while True:
        seq, pos = _parse(src, pos, depth)
        alternatives.append(seq)
        if pos >= len(src):
            raise TermSyntaxError("unclosed '('", start)
        if src[pos] == ")":
            pos += 1
            break
        pos += 1  # '|'
    if len(alternatives) == 1:
        alternatives.append([])  # (x) is optional
    return alternatives, pos


def _expand(parts: list[object]) -> list[str]:
    choices: list[list[str]] = []
    for part in parts:
        if isinstance(part, str):
            choices.append([part])
        else:
            options: list[str] = []
            for alt in part:  # type: ignore[union-attr]
                options.extend(_expand(alt))
            choices.append(options)
    total = 1
    for c in choices:
        total *= len(c)
        if total > MAX_VARIANTS:
            raise TermSyntaxError(f"expands to more than {MAX_VARIANTS} phrases", 0)
    return ["".join(p) for p in itertools.product(*choices)]


def _tokens(phrase: str, term: str) -> Variant:
    words = [w for w in _SPLIT.split(phrase) if w]
    out: list[Token] = []
    for word in words:
        wild = word.endswith("*")
        if wild:
            word = word[:-1]
        if "*" in word:
            raise TermSyntaxError("'*' may only end a word", term.find("*"))
        if wild and not word:
            raise TermSyntaxError("'*' must follow some letters", term.find("*"))
        out.append(Token(word.replace(_STAR, "*"), wild))
    return tuple(out)


def expand_term(term: str) -> list[Variant]:
    """Expand one term into its distinct phrases, in a stable order."""
    if not term.strip():
        raise TermSyntaxError("empty term", 0)
    parts, _ = _parse(term, 0, 0)
    seen: dict[Variant, None] = {}
    for phrase in _expand(parts):
        variant = _tokens(phrase, term)
        if variant:
            seen.setdefault(variant, None)
    if not seen:
        raise TermSyntaxError("term expands to nothing", 0)
    return list(seen)


def variant_text(variant: Variant) -> str:
    """A readable form of a variant, e.g. ``child pornography`` or ``kinderporn*``."""
    return " ".join(t.text + ("*" if t.wild else "") for t in variant)
