"""The child-referent model: is a child being spoken of around a match?

Some wording is a problem only when it describes what was done to a child:
"had sex with", "a sexual relationship", "molested", "working as a
prostitute", "the pornographic material". A context rule with ``child: true``
(see :mod:`~termlint.engine.kinds.context`) asks this model whether the
match's sentence, or the sentence before it, speaks of a child:

* a child word of the pack's ``child-referent.words`` (child, girl, pupil,
  teenager, minor...), unless it lies inside one of ``child-referent.except``
  (compounds that name material, crimes or institutions rather than a child:
  "child pornography", "child protection");
* a pattern of ``child-referent.patterns``: an age under 18 in its written
  forms ("a 15-year-old", "aged 14", "Jane, 13,", "at age 11", "under 16");
* a person the document has named as a child: a pattern with a group named
  ``name`` ("Jane Doe, 14," or "14-year-old Jane") makes every later mention of
  that name, or of its last word, a child referent.

Configured in a pack::

    child-referent:
      words: [child(ren), girl(s), boy(s), pupil(s), teenager(s), minor(s)]
      patterns: ['\\b(?:[1-9]|1[0-7])[- ]years?[- ]olds?\\b']
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .matcher import TermMatcher, time_limit
from .text import sentences
from .userpattern import UserPattern

if TYPE_CHECKING:
    from ..document import Document

#: Words that can end a captured name but are no part of it.
_NOT_NAME = frozenset("the a an his her their its this that he she they mr mrs ms dr".split())


@dataclass
class ChildReferent:
    """A pack's child words and age patterns, compiled once."""

    words: TermMatcher[bool] | None = None
    patterns: UserPattern | None = None
    excepted: TermMatcher[bool] | None = None
    #: Whether any pattern captures a ``name`` (only then are names looked for).
    names: bool = False

    @classmethod
    def build(
        cls,
        words: list[str],
        patterns: list[str],
        excepted: list[str] = (),  # type: ignore[assignment]
    ) -> ChildReferent:
        from ..terms import expand_term

        return cls(
            words=TermMatcher((v, True) for w in words for v in expand_term(w)) if words else None,
            excepted=TermMatcher((v, True) for w in excepted for v in expand_term(w))
            if excepted
            else None,
            patterns=UserPattern.ignoring_case("|".join(f"(?:{p})" for p in patterns))
            if patterns
            else None,
            names=any("(?P<name>" in p for p in patterns),
        )

    def spans(self, doc: Document) -> list[int]:
        """The starts of every child referent in ``doc``, sorted (found once)."""
        key = ("child-referents", id(self))
        cached = doc.cache.get(key)
        if isinstance(cached, list):
            return cached
        text = doc.text
        starts: list[int] = []
        if self.words is not None:
            found = [s for s, _, _ in self.words.finditer(text)]
            if found and self.excepted is not None:
                inside = [(s, e) for s, e, _ in self.excepted.finditer(text)]
                if inside:
                    found = [s for s in found if not _within(inside, s)]
            starts += found
        names: set[str] = set()
        if self.patterns is not None:
            for m in self.patterns.finditer(text, timeout=time_limit(text)):
                starts.append(m.start())
                name = m.groupdict().get("name") if self.names else None
                if name:
                    words = [w for w in name.split() if w.lower() not in _NOT_NAME]
                    if words:
                        names.add(" ".join(words))
                        names.add(words[-1])
        if names:
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            starts += [m.start() for m in re.finditer(rf"\b(?:{alternatives})\b", text)]
        starts.sort()
        doc.cache[key] = starts
        return starts

    def near(self, doc: Document, start: int, end: int, previous: bool = True) -> bool:
        """Whether a child referent lies in the sentence of ``[start, end)``
        (or, with ``previous``, in the sentence before it), outside the match
        itself."""
        found = self.spans(doc)
        if not found:
            return False
        bounds = sentences(doc)
        s_start, s_end = bounds.span(start)
        text = doc.text
        before = s_start - 1  # the last character of the sentence before
        while before > 0 and text[before].isspace():
            before -= 1
        lo = bounds.span(before)[0] if previous and before >= 0 else s_start
        hi = max(s_end, end)
        # a referent outside the match itself ("boy" in "rent boy" is none)
        i = bisect.bisect_left(found, lo)
        while i < len(found) and found[i] < hi:
            if not start <= found[i] < end:
                return True
            i += 1
        return False


def _within(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies in one of the sorted ``spans``."""
    i = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]
