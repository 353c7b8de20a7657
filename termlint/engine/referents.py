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
* where the match's participants are only referred back to ("They first had
  sex", "had sex with her", "the affair"), a child word or age up to
  :data:`ANAPHOR_SENTENCES` sentences further back, with no adult named in
  the match's sentence or since (:meth:`ChildReferent.earlier`);
* a person the document has named as a child: a pattern with a group named
  ``name`` ("Jane Doe, 14," or "14-year-old Jane") makes later mentions of
  that name, or of its last word, child referents (for the next
  :data:`NAME_LOOKBACK` characters). Such patterns are tried
  only around an age from 1 to 17 in figures that a comma, a closing bracket
  or "year(s) old" follows.

A child word inside a phrase of ``except`` is no referent ("child" in "child
pornography", "boy" in "rent boy").

Configured in a pack::

    child-referent:
      words: [child(ren), girl(s), boy(s), pupil(s), teenager(s), minor(s)]
      patterns: ['\\b(?:[1-9]|1[0-7])[- ]years?[- ]olds?\\b']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from .matcher import TermMatcher, time_limit
from .text import Sentences, sentences
from .userpattern import UserPattern

if TYPE_CHECKING:
    from ..document import Document

T = TypeVar("T")

#: Words that can end a captured name but are no part of it.
_NOT_NAME = frozenset("the a an his her their its this that he she they mr mrs ms dr".split())


@dataclass
class ChildReferent:
    """A pack's child words and age patterns, compiled once."""

    words: TermMatcher[bool] | None = None
    #: Patterns without a ``name`` group, tried only around a match.
    ages: UserPattern | None = None
    #: Patterns with a ``name`` group, tried only around the numbers of a
    #: document (every such pattern holds an age under 18).
    named: UserPattern | None = None
    excepted: TermMatcher[bool] | None = None

    @classmethod
    def build(
        cls,
        words: list[str],
        patterns: list[str],
        excepted: list[str] = (),  # type: ignore[assignment]
    ) -> ChildReferent:
        from ..terms import expand_term

        ages = [p for p in patterns if "(?P<name>" not in p]
        named = [p for p in patterns if "(?P<name>" in p]
        word_variants = tuple(v for w in words for v in expand_term(w))
        except_variants = tuple(v for w in excepted for v in expand_term(w))
        return cls(
            words=TermMatcher((v, True) for v in word_variants) if word_variants else None,
            ages=_union(ages),
            named=_union(named),
            excepted=TermMatcher((v, True) for v in except_variants) if except_variants else None,
        )

    def _words(self, doc: Document, s_start: int, s_end: int) -> list[int]:
        """The starts of the child words of one sentence that lie in no
        excepted compound (found once per sentence)."""
        if self.words is None:
            return []

        def find() -> list[int]:
            piece = doc.text[s_start:s_end]
            starts = [
                s_start + s
                for s, e, _ in self.words.finditer(piece)  # type: ignore[union-attr]
                if not _adult_age(piece, s, e)
                and not (
                    _FORMER.search(piece, max(0, s - 40), s) and _settled_adult(doc, s_start + s)
                )
            ]
            if starts and self.excepted is not None:
                compounds = [
                    (s_start + s, s_start + e) for s, e, _ in self.excepted.finditer(piece)
                ]
                starts = [s for s in starts if not any(a <= s < b for a, b in compounds)]
            return starts

        return _once_per_sentence(doc, ("child-words", id(self)), s_start, find)

    def _names_before(self, doc: Document, offset: int) -> set[str]:
        """The people named as children ("Jane Doe, 14,") in the text before
        ``offset``, as far back as :data:`NAME_LOOKBACK` characters; found per
        block of text, once, and only where a match asks."""
        blocks = doc.cache.setdefault(("child-names", id(self)), {})
        assert isinstance(blocks, dict)
        names: set[str] = set()
        # blocks are counted from the start of the file, so that a piece of
        # it (Document.base) finds the names the whole document does
        base = doc.base
        first = max(0, base + offset - NAME_LOOKBACK) // _BLOCK
        for k in range(first, (base + offset) // _BLOCK + 1):
            found = blocks.get(k)
            if found is None:
                lo, hi = max(0, k * _BLOCK - base), max(0, (k + 1) * _BLOCK - base)
                found = blocks[k] = self._names(doc.text, lo, hi)
            names |= found
        return names

    def _names(self, text: str, lo: int, hi: int) -> set[str]:
        """The people ``text[lo:hi]`` names as children: the ``name`` patterns
        are tried only around ages in figures (numbers that start in the block)."""
        names: set[str] = set()
        if self.named is None:
            return names
        limit = time_limit(text)
        reach = lo
        for number in _AGE_FIGURES.finditer(text, lo, hi):
            start = max(reach, number.start() - _NAME_REACH)
            end = min(len(text), number.end() + _NAME_REACH)
            for m in self.named.finditer(text, start, end, timeout=limit):
                name = m.group("name")
                words = [w for w in name.split() if w.lower() not in _NOT_NAME]
                if words:
                    names.add(" ".join(words))
                    names.add(words[-1])
            reach = number.start()
        return names

    def _ages(self, doc: Document, s_start: int, s_end: int) -> list[tuple[int, int]]:
        """The age patterns' matches in one sentence (found once per sentence)."""
        ages = self.ages
        if ages is None:
            return []

        def find() -> list[tuple[int, int]]:
            limit = time_limit(doc.text)
            return [m.span() for m in ages.finditer(doc.text, s_start, s_end, timeout=limit)]

        return _once_per_sentence(doc, ("child-ages", id(self)), s_start, find)

    def near(self, doc: Document, start: int, end: int, previous: bool = True) -> bool:
        """Whether a child referent lies in the sentence of ``[start, end)``
        (or, with ``previous``, in the sentence before it)."""
        bounds = sentences(doc)
        s_start, s_end = bounds.span(start)
        s_end = max(s_end, end)
        text = doc.text
        pieces = [(s_start, s_end)]
        if previous:
            before = _sentence_before(text, bounds, s_start)
            if before is not None:
                pieces.insert(0, before)
        adult = _ADULT_OBJECT.match(text, end, s_end)
        if adult is not None:
            # the match's other participant is given as an adult ("a sexual
            # relationship with a 19-year-old learner"): a child named in the
            # sentence before is someone else, and so is the partner of
            # another "with" before it ("a relationship with a 16-year-old,
            # and then had sex with an 18-year-old"; not the subject: "at age
            # 16, I was having sex with a 35-year-old")
            pieces = pieces[-1:]

        def counts(at: int) -> bool:
            return (
                adult is None
                or at >= adult.end()
                or _PARTNER_BEFORE.search(text, max(s_start, at - 30), at) is None
            )

        lo, hi = pieces[0][0], s_end
        for p_start, p_end in pieces:
            if any(counts(w) for w in self._words(doc, p_start, p_end)) or any(
                counts(a) for a, _ in self._ages(doc, p_start, p_end)
            ):
                return True
        if self.named is None:
            return False
        names = self._names_before(doc, start)
        if not names:
            return False
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"\b(?:{alternatives})\b").search(text, lo, hi) is not None

    def earlier(self, doc: Document, start: int, end: int) -> bool:
        """Whether the match's participants are only referred back to ("They
        first had sex", "had sex with her", "the relationship carried on") and
        a child referent lies in one of the :data:`ANAPHOR_SENTENCES` sentences
        before the sentence before the match's (news stories name the child
        once, then say "she" or "the pair" for paragraphs).

        No adult word may stand in the match's sentence or between the child
        and the match: "He had sex with his wife" after a paragraph about a
        child speaks of an adult (an adult named before the child, as the
        abuser often is, is no veto)."""
        text = doc.text
        bounds = sentences(doc)
        s_start, s_end = bounds.span(start)
        s_end = max(s_end, end)
        if not _anaphor(text, s_start, start, end, s_end):
            return False
        if _ADULT.search(text, s_start, s_end):
            return False
        # the sentence before was already asked by near(); start before it
        pieces: list[tuple[int, int]] = []
        at = s_start
        for _ in range(ANAPHOR_SENTENCES + 1):
            piece = _sentence_before(text, bounds, at)
            if piece is None or piece[0] >= at:
                break
            pieces.append(piece)
            at = piece[0]
        for p_start, p_end in pieces[1:]:
            found = self._words(doc, p_start, p_end) + [
                e for _, e in self._ages(doc, p_start, p_end)
            ]
            if found:
                # an adult named after the child ("Sarah, 25, taught Frank, 17" is no veto)
                return not _ADULT.search(text, max(found), s_start)
        return False

    def below(self, doc: Document, start: int, end: int) -> bool:
        """Whether the match lies in a headline or a standfirst (a short line
        among the document's first :data:`LEAD_LINES` lines) and the first
        :data:`LEAD_SENTENCES` sentences of the text under it speak of a
        child: a headline summarises the story its lede tells ("Coach jailed
        for affair with player" over "... a 15-year-old ...")."""
        text = doc.text
        line_start, line_end = doc.index.line_span(start, doc.source)
        if end > line_end or line_end - line_start > LEAD_LINE:
            return False
        top = doc.cache.get("lead-lines")
        if not isinstance(top, int):
            top = doc.cache["lead-lines"] = _lead_lines_end(text)
        if line_start >= top or _ADULT.search(text, line_start, line_end):
            return False  # an adult in the headline: "affair with colleague"
        below = _SPACE.match(text, line_end).end()  # type: ignore[union-attr]
        if below >= len(text):
            return False
        if text[line_start:line_end].rstrip()[-1:] in (".", "!", "?"):
            # a sentence, not a headline, unless a paragraph of prose follows
            # (a standfirst over its lede), not another short line
            next_start, next_end = doc.index.line_span(below, doc.source)
            if next_end - next_start <= LEAD_LINE:
                return False
        bounds = sentences(doc)
        at = below
        for _ in range(LEAD_SENTENCES):
            at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
            if at >= len(text):
                return False
            p_start, p_end = bounds.span(at)
            p_start = max(p_start, line_end)
            if self._words(doc, p_start, p_end) or self._ages(doc, p_start, p_end):
                return True
            at = max(p_end, at + 1)
        return False


def _sentence_before(text: str, bounds: Sentences, s_start: int) -> tuple[int, int] | None:
    """The span of the sentence before the one that starts at ``s_start``
    (None at the start of the text)."""
    before = s_start - 1  # the last character of the sentence before
    while before > 0 and text[before].isspace():
        before -= 1
    if before < 0:
        return None
    return bounds.span(before)


_SPACE = re.compile(r"\s*")
#: A headline or standfirst: a line of at most this many characters...
LEAD_LINE = 200
#: ... among the document's first lines (non-blank)...
LEAD_LINES = 3
#: ... whose child may be named in the first sentences under it.
LEAD_SENTENCES = 2


def _lead_lines_end(text: str) -> int:
    """The offset where the document's first :data:`LEAD_LINES` non-blank
    lines end (read from the first 4,000 characters)."""
    seen = 0
    for m in re.finditer(r"[^\r\n]*(?:\r\n?|\n|$)", text[:4000]):
        if m.group().strip():
            seen += 1
            if seen == LEAD_LINES:
                return m.end()
        if not m.group():
            break
    return min(len(text), 4000)


#: How many sentences before the sentence before a match
#: :meth:`ChildReferent.earlier` looks into for the child that a pronoun or
#: "the pair" refers back to.
ANAPHOR_SENTENCES = 4

#: The participants of a match only referred back to: a plural or joint
#: subject just before it ("They first had sex", "the pair began a
#: relationship"), a pronoun after its "with" ("had sex with her"), or a
#: determiner that points back ("the relationship", "their affair").
_ANAPHOR_BEFORE = re.compile(
    r"(?:\b(?:they|the\s+pair|the\s+couple|the\s+two)(?:\s+[\w-]+){0,3}\s+"
    r"|\b(?:the|their|this|these|those|such)\s+)$",
    re.IGNORECASE,
)
_ANAPHOR_AFTER = re.compile(r"\s+(?:her|him|them)\b", re.IGNORECASE)
#: ... or a pronoun inside the match ("touched her inappropriately").
_ANAPHOR_INSIDE = re.compile(r"\s(?:her|him|them)\s", re.IGNORECASE)
#: An adult's age in figures (18 to 99).
_ADULT_YEARS = r"(?:1[89]|[2-9]\d)"
#: Adults as participants: a sentence that names one speaks of adults.
_ADULT = re.compile(
    r"\b(?:adults?|grown[- ]ups?|wife|wives|husbands?|girlfriend|boyfriend|fianc[eé]e?|"
    r"colleagues?|co-workers?|women|woman|(?:consenting|fellow)\s+\w+|"
    rf"{_ADULT_YEARS}[- ]years?[- ]olds?|aged\s+{_ADULT_YEARS})\b"
    # (an adult's possessive names no participant: "the niece of his wife's brother")
    r"(?!['\u2019]s\b)",
    re.IGNORECASE,
)

#: A partner named after "with" ("a relationship with a 16-year-old").
_PARTNER_BEFORE = re.compile(r"\bwith\s+(?:(?:a|an|the|his|her|their)\s+)?$", re.IGNORECASE)
#: An adult right after a match ("... with a 19-year-old"): its other participant.
_ADULT_OBJECT = re.compile(
    rf"\s+(?:with\s+)?(?:(?:a|an|the|his|her|their)\s+)?{_ADULT_YEARS}[- ](?:years?|yrs?)[- ]old\b",
    re.IGNORECASE,
)


def _anaphor(text: str, s_start: int, start: int, end: int, s_end: int) -> bool:
    """Whether the match at ``[start, end)`` of the sentence ``[s_start,
    s_end)`` has a participant only referred back to."""
    before = text[max(s_start, start - 40) : start]
    if _ANAPHOR_BEFORE.search(before) or _ANAPHOR_INSIDE.search(text, start, end):
        return True
    if text[start:end].rstrip().lower().endswith("with"):
        return _ANAPHOR_AFTER.match(text, end, s_end) is not None
    return False


#: An adult's age that qualifies a child word: "a 19-year-old student",
#: "a former pupil who was 22", "the student, 20,", "a student aged 19".
_ADULT_AGE_BEFORE = re.compile(
    rf"\b{_ADULT_YEARS}[- ]?(?:years?|yrs?)[- ]old\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
_ADULT_AGE_AFTER = re.compile(
    r"(?:,\s*|\s*\(\s*|\s+(?:who|that)\s+(?:was|is|were|are)\s+(?:then\s+|by\s+then\s+)?|"
    # "their student over 18", "pupils aged over 18"
    r"\s+(?:aged\s+)?(?:over|above)\s+(?:the\s+age\s+of\s+)?(?=1[89]\b)|"
    # "a girl, identified only as pupil A, when she was 18"
    r"(?:\s+[A-Z]\b)?(?:\s*,[^,.;:!?]{1,50},|\s*,)?\s+when\s+(?:she|he|they)\s+(?:was|were)\s+"
    r"(?:already\s+|just\s+|then\s+)?|"
    rf"\s+aged\s+){_ADULT_YEARS}\b(?![.,:/]\d)(?!\s*(?:%|percent|times|of\b|in\s+all|years?\s+(?:ago|later)))",
    re.IGNORECASE,
)

#: A former pupil or an ex-student may be an adult: where the text around
#: says someone turned 18 or was an adult, such a word is no child.
_FORMER = re.compile(r"\b(?:former|ex)[- ]?(?:[\w-]+\s+)?$", re.IGNORECASE)
_ADULT_SETTLED = re.compile(
    r"\bturn(?:ed|ing|s)?\s+(?:1[89]|2\d|eighteen|nineteen|twenty)\b"
    r"|\b(?:was|were|had\s+become|became)\s+(?:then\s+|already\s+|by\s+then\s+)?(?:an\s+)?adults?\b"
    # "A was over 18 years old when it started"
    r"|\b(?:was|were)\s+(?:then\s+|already\s+|well\s+)?(?:over|above|older\s+than)\s+"
    r"(?:the\s+age\s+of\s+)?(?:1[89]|eighteen)\b"
    rf"|\b(?:aged|age)\s+{_ADULT_YEARS}\b|\badult\s+(?!(?:survivors?|victims?)\b)\w+",
    re.IGNORECASE,
)
#: How far around a former pupil the text is read for it (characters).
_SETTLED_REACH = 3000


def _settled_adult(doc: Document, at: int) -> bool:
    """Whether the text around ``at`` says someone turned 18 or was an adult."""
    text = doc.text
    return _ADULT_SETTLED.search(text, max(0, at - _SETTLED_REACH), at + _SETTLED_REACH) is not None


def _adult_age(text: str, start: int, end: int) -> bool:
    """Whether the child word at ``text[start:end]`` is said to be an adult
    by an age next to it."""
    return bool(
        _ADULT_AGE_BEFORE.search(text[max(0, start - 40) : start])
        or _ADULT_AGE_AFTER.match(text, end, min(len(text), end + 100))
    )


#: Ages under 18 in figures as a name pattern holds them ("Jane, 14,",
#: "Jane (14)", "14-year-old Jane"): a ``name`` pattern is tried only around
#: them, which rules out most numbers of a text at the cost of one quick pass.
_AGE_FIGURES = re.compile(
    r"(?<![\d.,:/])(?:1[0-7]|[1-9])(?=\s*[,)]|[- ]?(?:years?|yrs?)[- ]old)(?![.,:/]\d)"
)
#: How far from such a number a name pattern may match (characters).
_NAME_REACH = 60
#: How far back a person named as a child is remembered (characters), and
#: the size of the blocks in which names are looked for.
NAME_LOOKBACK = 5000
_BLOCK = 2500


def _once_per_sentence(doc: Document, key: object, s_start: int, find: Callable[[], T]) -> T:
    """``find()`` for the sentence starting at ``s_start``, computed once."""
    answers = doc.cache.setdefault(key, {})
    assert isinstance(answers, dict)
    if s_start not in answers:
        answers[s_start] = find()
    return answers[s_start]  # type: ignore[no-any-return]


def _union(patterns: list[str]) -> UserPattern | None:
    if not patterns:
        return None
    return UserPattern.ignoring_case("|".join(f"(?:{p})" for p in patterns))
