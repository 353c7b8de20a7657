"""Exemptions: places where a match is acceptable, for every rule at once.

One general mechanism implements the exceptions policy (terminology reference
A.7). For each match the detectors below are asked, in order, whether the
match lies in a protected place; the first that answers decides its *effect*:

``ignore``
    the match is silenced (listed by ``--show-suppressed`` with the reason);
``info``
    the match is reported at severity ``info`` with the reason;
``flag``
    nothing changes.

Detectors (configured in a pack's ``exemptions:`` section, see docs/rules.md):

* file names, paths, hashtags, handles and option values -- a match glued
  to them (``child-porn.png``, ``/data/child-porn/``, ``#child-porn``,
  ``--tag=child-porn``) names a thing rather than says something: always
  silenced, never fixed (see :func:`identifier_at`);
* ``names`` -- the pack's protected names (statutes, treaties, organisations,
  units, operations, titles, taxonomy labels), and each rule's own
  ``exceptions``;
* ``proper-names`` -- a Title Case run around the match with a legal or
  organisational head noun (Act, Protocol, Coalition, Unit, Task Force...) or
  a fixed lead-in (Optional Protocol, Operation X, Directive 2011/93/EU...);
* ``titles`` -- titles of works: citation fields (``title=``), quoted or
  italic titles followed by an author or year, reference-list lines;
* ``metalinguistic`` -- the term discussed as a term (``the term "child
  pornography"``);
* ``clinical`` -- clinical, diagnostic or research use (for the rules listed);
* ``legal-definition`` -- the term used as the legal category (``US federal
  law defines child pornography as``): downgraded to ``info``;
* ``quotations`` -- direct quotations and block quotes (default ``info``).

A detector protects only the match inside its span; other uses in the same
sentence are still reported.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..errors import RunawayPattern
from ..positions import line_start
from .matcher import TermMatcher, time_limit, word_pattern
from .prefilter import matches_at
from .text import WORD_SPAN, at_most_words, paragraph, sentences, window, words_in

EFFECTS = ("ignore", "info", "flag")


class _Lazy:
    """A regular expression compiled the first time it is used: most
    documents never ask the rarer questions below, and start-up pays for
    every pattern compiled when the module is imported."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, *args: Any) -> None:
        self._args = args
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(*self._args)
        return getattr(compiled, name)


@dataclass(frozen=True)
class Exemption:
    """Why a match is acceptable, and what to do about it."""

    label: str
    effect: str  # "ignore" or "info" ("flag" is never returned)
    #: The span's wording is someone else's or a name (a name, a title, a
    #: quotation, a mention), rather than a judgement about how a term is used
    #: (a legal definition, clinical use). Spelling rules skip only the former.
    fixed_wording: bool = True


@dataclass
class CueDetector:
    """A detector driven by cue phrases near the match."""

    name: str
    cues: TermMatcher[bool] | None
    effect: str
    patterns: Any = None  # a compiled regex of cue patterns, or None
    window: int = 8
    rules: frozenset[str] | None = None  # None: every rule
    sentence: bool = False  # search the whole sentence instead of a window
    #: The cue phrases' variants (the engine scans for them with the rules' phrases).
    cue_variants: list[Any] = field(default_factory=list)
    #: The match's frame: a pattern the text right before it ends with, or
    #: the text right after it starts with (within its sentence).
    before: Any = None
    after: Any = None
    #: The words every ``before`` frame starts with, as a quick test (or None).
    before_words: tuple[str, ...] | None = None
    #: Only matches that are one of these phrases (None: any).
    terms: TermMatcher[bool] | None = None
    #: The document-level register (a ``ruleset.Register``), and its vetoes.
    register: Any = None
    register_unless: TermMatcher[bool] | None = None
    #: A pattern the text before the match's last word ends with that vetoes
    #: the detector there (``unless-before``), or None.
    unless_before: Any = None
    #: A pattern the text right after the match starts with that vetoes the
    #: detector there (``unless-after``), or None.
    unless_after: Any = None
    _applies: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def applies_to(self, text: str) -> bool:
        """Whether a match's text is one of the detector's ``terms`` (the few
        texts a document matches are decided once)."""
        if self.terms is None:
            return True
        key = " ".join(text.lower().split())
        known = self._applies.get(key)
        if known is None:
            known = any(s == 0 and e == len(text) for s, e, _ in self.terms.finditer(text))
            if len(self._applies) < 10_000:
                self._applies[key] = known
        return known


@dataclass
class Settings:
    """The exemption settings of one configuration."""

    quotations: str = "info"
    titles: str = "ignore"
    proper_names: str = "ignore"
    title_line: str = "flag"
    cue_detectors: list[CueDetector] = field(default_factory=list)


# --------------------------------------------------------------------------- spans


@dataclass
class Protected:
    """Protected spans found in one document by phrase lists."""

    #: (start, end, rule id or None for every rule, label), sorted by start.
    spans: list[tuple[int, int, str | None, str]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _longest: int = 0

    def finish(self) -> Protected:
        self.spans.sort(key=lambda s: (s[0], -s[1]))
        self._starts = [s[0] for s in self.spans]
        self._longest = max((s[1] - s[0] for s in self.spans), default=0)
        return self

    def covering(self, start: int, end: int, rule_id: str) -> str | None:
        """A label for the span protecting ``[start, end)`` for ``rule_id``, or None."""
        if not self.spans:
            return None
        i = bisect.bisect_right(self._starts, start) - 1
        while i >= 0:
            s, e, scope, label = self.spans[i]
            if s < start - self._longest:
                break
            if e >= end and (scope is None or scope == rule_id):
                return label
            i -= 1
        return None


class SpanIndex:
    """Sorted spans with a running maximum of their ends, so that "which span
    contains [start, end)?" costs a binary search, nested spans included."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.reach: list[int] = []
        furthest = -1
        for _, e in self.spans:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def containing(self, start: int, end: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.starts, start) - 1
        while i >= 0 and self.reach[i] >= end:
            if self.spans[i][1] >= end:
                return self.spans[i]
            i -= 1
        return None


class BlockSpans:
    """The matches of a pattern over a text, found block by block where
    asked: the same spans as one ``finditer`` over the whole text, and the
    same answers as a :class:`SpanIndex` of them (and of ``extra`` spans).

    ``cut`` finds places no match can cross (for quotations, a paragraph
    break; for italics, a line break): blocks end at the first such place at
    least ``block`` characters after their start, and a reading that starts
    there finds what a reading of the whole text finds after it."""

    def __init__(
        self,
        text: str,
        pattern: re.Pattern[str] | _Lazy,
        cut: re.Pattern[str] | _Lazy,
        extra: list[tuple[int, int]] | None = None,
        block: int = 2048,
    ) -> None:
        self.text = text
        self.pattern = pattern
        self.cut = cut
        self.block = block
        self.extra = SpanIndex(extra) if extra else None
        self._bounds = [0]  # block starts found so far (then the end)
        self._spans: dict[int, SpanIndex] = {}

    def containing(self, start: int, end: int) -> tuple[int, int] | None:
        found = self._block(start).containing(start, end)
        if self.extra is not None:
            other = self.extra.containing(start, end)
            if other is not None and (found is None or other > found):
                found = other  # the index of both would give the later span
        return found

    def _block(self, offset: int) -> SpanIndex:
        bounds = self._bounds
        size = len(self.text)
        while bounds[-1] <= offset and bounds[-1] < size:
            m = self.cut.search(self.text, bounds[-1] + self.block)
            bounds.append(m.end() if m is not None else size + 1)
        i = bisect.bisect_right(bounds, offset) - 1
        a = bounds[i]
        index = self._spans.get(a)
        if index is None:
            b = bounds[i + 1] if i + 1 < len(bounds) else size + 1
            spans = []
            # No match starting before the cut runs past it, nor looks more
            # than a character beyond it: the reading stops a little after.
            for m in self.pattern.finditer(self.text, a, b + 16):
                if m.start() >= b:
                    break
                spans.append(m.span())
            index = self._spans[a] = SpanIndex(spans)
        return index


def _inside(spans: SpanIndex | BlockSpans, start: int, end: int) -> tuple[int, int] | None:
    """The span of ``spans`` that contains ``[start, end)``, if any."""
    return spans.containing(start, end)


#: A file name's extension at the end of a run (``.png``, ``.tar.gz``,
#: ``.JPG``; not a sentence run on without a space, ``.The``, nor a
#: footnote's number after a full stop, ``.12``).
_EXTENSION = re.compile(
    r"(?:\.(?:(?=[a-z0-9]*[a-z])[a-z0-9]{1,5}|(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,4}))+\Z"
)
#: A path's start: ``/``, ``~/``, ``./``, ``../``, ``C:\``, ``\\server``,
#: or an address's host without its scheme (``example.org/``).
_PATH_START = re.compile(
    r"(?:/|~/|\.\.?[/\\]|[A-Za-z]:\\|\\\\|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?::\d+)?/)"
)
#: Punctuation that may close a sentence after a path or file name.
_TRAILING = ".,;:!?)]}'\"\u2019\u201d"
#: Punctuation that may stand right before or after a word of a sentence.
_OPENING = "([{'\"\u2018\u201c\u00ab\u201e-"
_CLOSING = _TRAILING + "\u00bb-"
_SPACE = re.compile(r"\s")


def identifier_at(text: str, start: int, end: int) -> str | None:
    """What the match at ``[start, end)`` is glued into, if it is part of a
    file name, a path, a hashtag, a handle or an option's value rather than
    of a sentence (``child-porn.png``, ``img/child-porn.jpg``,
    ``/data/child-porn/``, ``C:\\cases\\child-porn``, ``#child-porn``,
    ``@child-porn``, ``--tag=child-porn``), else None. Words joined by
    slashes ("CSAM/child pornography/abuse") are prose: a path starts like one
    or ends in a file name."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if (
        (before.isspace() or before in _OPENING)
        and (after.isspace() or after in _CLOSING)
        and not (after == "." and text[end + 1 : end + 2].isalnum())
    ):
        return None  # a word among words: the usual case, decided at once
    one_word = _SPACE.search(text, start, end) is None  # a tag holds no space
    if one_word and before in "#@" and (start < 2 or not text[start - 2].isalnum()):
        return "hashtag or handle"
    if (
        one_word
        and before == "="
        and start > 1
        and (text[start - 2].isalnum() or text[start - 2] in "-_")
    ):
        return "option value"
    before_run = text[max(0, start - 256) : start]
    words = before_run.split()
    lo = start - (len(words[-1]) if words and not before_run[-1].isspace() else 0)
    space = _SPACE.search(text, end, end + 256)
    hi = space.start() if space else min(len(text), end + 256)
    # (a quotation mark or bracket before a path is no part of it: "/r/...")
    left, right = text[lo:start].lstrip(_OPENING), text[end:hi].rstrip(_TRAILING)
    if right[:1] == "." and _EXTENSION.match(right):
        return "file name"
    if "\\" in left or "\\" in right:
        return "path"
    if ("/" in left or "/" in right) and (_PATH_START.match(left) or _EXTENSION.search(right)):
        return "path"
    return None


def _structural(doc: Document, what: str) -> SpanIndex:
    """``doc.titles`` or ``doc.names`` as an index, built once per document."""
    key = ("spans", what)
    cached = doc.cache.get(key)
    if not isinstance(cached, SpanIndex):
        cached = SpanIndex(list(getattr(doc, what)))
        doc.cache[key] = cached
    return cached


# --------------------------------------------------------------------------- quotations

# Any character but a paragraph break (a blank line not followed by a
# lower-case word: PDF text has a blank line after every line).
#: A paragraph break: a blank line before anything but a lower-case letter
#: (text taken from PDF has a blank line after every line of a sentence) ...
_BREAK = r"(?:\r?\n|\r)[ \t]*(?:\r?\n|\r)"
#: ... or, in a text whose paragraphs are single lines (no blank line at all,
#: long lines: as text is often taken from web pages), a line break.
_LINE_BREAK = r"(?:\r?\n|\r)"


def _quotes_pattern(brk: str) -> str:
    """Quoted spans for paragraphs separated by ``brk``. Every alternative
    starts with its quotation mark (the check on the character before it
    comes after, as a two-character look-behind), so that ``re`` can skip to
    the next quotation mark instead of trying every position: ten times
    faster on long texts."""
    not_para = rf"(?:(?!{brk}\s*(?![a-z]))[\s\S])"
    para_end = rf"(?={brk}|\Z)"
    # The end of a paragraph whose quotation runs on: the next one opens with a
    # straight mark (news style: no closing mark where a quoted speech goes on).
    para_end_quoted = rf"(?={brk}[ \t]*\")"
    para_end_single = rf"(?={brk}[ \t]*')"
    return (
        rf"\u201c{not_para}{{1,3000}}?\u201d"  # “…”
        # a quotation that runs on into the next paragraph has no closing mark
        rf"|\u201c(?:(?!\u201d){not_para}){{1,3000}}?{para_end}"
        rf"|\u00ab{not_para}{{1,3000}}?\u00bb"  # «…»
        rf"|\u201e{not_para}{{1,3000}}?[\u201c\u201d]"  # „…“
        rf"|\"(?<![\w\"]\")(?=\S){not_para}{{1,3000}}?(?<=\S)\"(?![\w\"])"  # "…"
        # a quotation that runs on into the next paragraph, which opens with a mark
        rf"|\"(?<![\w\"]\")(?=\S)(?:(?!\"){not_para}){{1,3000}}?{para_end_quoted}"
        # speech introduced by a colon whose closing mark never comes in its
        # paragraph ('he said: "These figures ...' up to the paragraph's end)
        rf"|\"(?<=:\s\")(?=\S)(?:(?!\"){not_para}){{1,3000}}?{para_end}"
        rf"|\u2018(?<![\w'\u2018\u2019]\u2018)(?=\S){not_para}{{1,3000}}?(?<=\S)\u2019(?!\w)"  # ‘…’
        rf"|'(?<![\w']')(?=[^\s'])(?:[^'\r\n]|(?<=\w)'(?=\w)){{1,400}}?(?<=[^\s'])'(?![\w'])"  # '…'
        # British news style, single marks (straight or curly): speech after a
        # colon whose mark no closing one ends in its paragraph, or that runs on
        # into a paragraph opening with a mark (an apostrophe inside a word is
        # no closing mark)
        rf"|'(?<=:\s')(?=\S)(?:(?!'(?!\w)){not_para}){{1,3000}}?{para_end}"
        rf"|\u2018(?<=:\s\u2018)(?=\S)(?:(?!\u2019(?!\w)){not_para}){{1,3000}}?{para_end}"
        rf"|'(?<![\w']')(?=\S)(?:(?!'(?!\w)){not_para}){{1,3000}}?{para_end_single}"
    )


_QUOTES = _Lazy(_quotes_pattern(_BREAK))
_LINE_QUOTES = _Lazy(_quotes_pattern(_LINE_BREAK))


# Where no quotation can run across: a paragraph break that the pattern's
# paragraphs refuse whatever follows (the next character is neither
# whitespace nor a lower-case letter).
_QUOTE_CUT = _Lazy(rf"{_BREAK}(?=[^\sa-z])")
_LINE_QUOTE_CUT = _Lazy(rf"{_LINE_BREAK}(?=[^\sa-z])")
#: Lines at least this long (median) make a text of single-line paragraphs.
_PARAGRAPH_LINE = 120
#: How many lines are read to tell (a text keeps one style throughout).
_STYLE_LINES = 400


def _line_paragraphs(text: str) -> bool:
    """Whether ``text`` writes each paragraph on one line: two lines or more,
    no blank line, and long lines (not a hard-wrapped text), judged on its
    first lines, read from the line breaks (a large text is not copied)."""
    if _BLANK_LINE.search(text) is not None:
        return False
    lengths = []
    line_start = 0
    for m in _NEWLINE.finditer(text):
        lengths.append(m.start() - line_start)
        line_start = m.end()
        if len(lengths) == _STYLE_LINES:
            break
    else:
        lengths.append(len(text) - line_start)
    lengths = sorted(n for n in lengths if n)
    return len(lengths) >= 2 and lengths[len(lengths) // 2] >= _PARAGRAPH_LINE


def quotations(doc: Document) -> BlockSpans:
    """Quoted spans (quotation marks included), plus structural quotations."""
    cached = doc.cache.get("quotations")
    if isinstance(cached, BlockSpans):
        return cached
    lines = _line_paragraphs(doc.text)
    index = BlockSpans(
        doc.text,
        _LINE_QUOTES if lines else _QUOTES,
        _LINE_QUOTE_CUT if lines else _QUOTE_CUT,
        [*doc.inline_quotations, *doc.quotations],
    )
    doc.cache["quotations"] = index
    return index


# A speaker's turn in a transcript: a paragraph that opens with the speaker's
# name in capitals, perhaps a role, and a colon ("JANE DOE, CHIEF CONSTABLE:").
_SPEAKER = _Lazy(
    r"[ \t*_>]*(?!(?:BREAKING|EDITOR|EDITORS|TRIGGER|CONTENT|UPDATE|UPDATED|CORRECTION|PLEASE"
    r"|NOTE|WARNING)\b)"
    r"[A-Z][A-Z'\u2019.-]+(?:[ \t]+[A-Z][A-Z'\u2019.-]+){1,3}"
    r"(?:[ \t]*,[ \t]*[A-Z][\w'\u2019.-]*(?:[ \t]+[\w'\u2019.-]+){0,6}?)?[ \t*_]*:[ \t*_]"
)


def speaker_turn(doc: Document, start: int) -> bool:
    """Whether ``start`` lies in what a speaker says in a transcript: after
    the label that opens its paragraph."""
    starts, ends = _speaker_labels(doc)
    k = bisect.bisect_right(ends, start) - 1
    if k < 0 or start - starts[k] > _SPEAKER_REACH:
        return False
    lo, _ = paragraph(doc, start)
    return lo <= starts[k] and paragraph(doc, starts[k])[0] == lo


#: How far a match may lie from its speaker's label (characters): a turn is a
#: paragraph, and the paragraph is found only for matches this close to a label.
_SPEAKER_REACH = 3000


def _speaker_labels(doc: Document) -> tuple[list[int], list[int]]:
    """Where the document's speaker labels start and end, found once from its
    colons (a label opens a line, within its first 120 characters)."""
    cached = doc.cache.get("speaker-labels")
    if isinstance(cached, tuple):
        return cached
    text = doc.text
    starts: list[int] = []
    ends: list[int] = []
    last = -1
    colon = text.find(":")
    while colon >= 0:
        lo = max(0, colon - 121)
        at = max(text.rfind("\n", lo, colon), text.rfind("\r", lo, colon)) + 1
        if (at > 0 or colon <= 120) and at != last:
            last = at
            label = _SPEAKER.match(text, at, at + 120)
            if label is not None and label.end() > colon:
                starts.append(at)
                ends.append(label.end())
        colon = text.find(":", colon + 1)
    doc.cache["speaker-labels"] = (starts, ends)
    return starts, ends


# A paragraph given as someone's words without quotation marks: the paragraph
# before it ends with a colon after a verb of saying or writing ("The station
# described it in this manner:", "He wrote:", "Another example from the
# paper:", "this comment, sent in by a reader:-"; not "For example:"), as a block
# quotation reads once its markup is lost.
_INTRO = _Lazy(
    r"\b(?:said|says|wrote|writes|reported|reports|stated|states|reads|told|tweeted|posted|"
    r"commented|explained|announced|declared|described|describes|put\s+it|in\s+this\s+manner|"
    # (not a list's lead: "Examples of abuse may include:")
    # someone else's text, sent or left: "this comment, sent in by a reader, on ...:-"
    r"(?:comments?|letters?|e-?mails?|messages?|posts?|notes?|tweets?|replies|reply)\b"
    r"[^:\r\n.!?]{0,40}?\b(?:sent|posted|left|written|received)\b|"
    r"(?:excerpts?|examples?|passages?|statements?)\s+(?:from|by|of|in)\b"
    r"(?![^:\r\n.!?]{0,80}?\b(?:include|includes|including|are|were|such\s+as|as\s+follows)\b))"
    r"[^:\r\n.!?]{0,80}:[ \t]*$"
    # a link blog's source line: "Jane Doe (via Example News):"
    r"|\(via\s[^()\r\n]{1,80}\):[ \t]*$",
    re.IGNORECASE,
)
#: A colon that ends a paragraph (a blank line after it).
_COLON_BREAK = _Lazy(r":-?[ \t]*(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)\s*")


_ABSTRACT_LABEL = _Lazy(r"[ \t*_#]*(?:abstract|summary|synopsis|excerpt)[ \t*_]*$", re.IGNORECASE)
_LAST_LINE = _Lazy(r"([^\r\n]+)[ \t]*(?:\r\n?|\n)[ \t\r\n]*$")


def _cited_abstract(text: str, line_start: int, colon: int) -> bool:
    """Whether the line that ends with ``colon`` is a label ("Abstract:") under
    a reference-list entry: the paragraph after it is the cited work's."""
    if not _ABSTRACT_LABEL.match(text, line_start, colon):
        return False
    last = _LAST_LINE.search(text, max(0, line_start - 600), line_start)
    return last is not None and _is_reference(last.group(1))


def introduced_quotation(doc: Document, start: int) -> bool:
    """Whether ``start`` lies in a paragraph that the paragraph before
    introduces as someone's words (see :data:`_INTRO`)."""
    starts = _introduced(doc)
    k = bisect.bisect_right(starts, start) - 1
    if k < 0 or start - starts[k] > _SPEAKER_REACH:
        return False
    return paragraph(doc, start)[0] <= starts[k]


def continued_quotation(doc: Document, start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies in a paragraph that ends a quotation the
    paragraph before opened: that one opens a curly mark it never closes, and
    this one closes one after the match with no mark before it (a speech
    quoted over two paragraphs whose second opening mark was left out); or
    whose closing mark, with no opening one, is followed by its source."""
    text = doc.text
    # cheap looks first: a closing mark after, and a source named after it or
    # an opening mark before
    close_at = text.find("\u201d", end, end + 3000)
    if close_at < 0:
        return False
    attributed = _ATTRIBUTED_CLOSE.match(text, close_at + 1, close_at + 80) is not None
    if not attributed and text.rfind("\u201c", max(0, start - 6000), start) < 0:
        return False
    lo, hi = paragraph(doc, start)
    if hi - lo > 3000 or close_at >= hi:
        return False  # (the first closing mark after the match is in its paragraph)
    if "\u201c" in text[end:close_at] or _CURLY.search(text, lo, start):
        return False
    if attributed:
        return True  # its source named after it: "... unlawful purposes.” From the Act"
    if lo < 2 or text.rfind("\u201c", max(0, start - 6000), lo) < 0:
        return False
    before = text[:lo].rstrip()
    if not before:
        return False
    p_lo, p_hi = paragraph(doc, len(before) - 1)
    if p_hi - p_lo > 3000:
        return False
    last = text.rfind("\u201c", p_lo, p_hi)
    return last >= 0 and text.find("\u201d", last, p_hi) < 0


_CURLY = re.compile("[\u201c\u201d]")
#: A source named right after a closing mark that no opening mark in its
#: paragraph matches (the opening one lost with a page's markup): "... for
#: unlawful purposes.” From the Sexual Offences Act 2003", "…” — Jane Doe".
_ATTRIBUTED_CLOSE = re.compile(
    r"[ \t]*(?:(?:[-\u2013\u2014]+|~)[ \t]*[A-Z]"
    r"|\(?(?:From|Source:|Sources:)[ \t]+(?:the[ \t]+)?[A-Z0-9]"
    r"|,?[ \t]*(?:said|says|wrote|writes|according[ \t]+to)[ \t]+[A-Z])"
)


def _introduced(doc: Document) -> list[int]:
    """Where the paragraphs introduced as someone's words start, found once
    from the colons that end a paragraph."""
    cached = doc.cache.get("introduced-quotations")
    if isinstance(cached, list):
        return cached
    text = doc.text
    out: list[int] = []
    for m in _COLON_BREAK.finditer(text):
        colon = m.start()
        lo = max(0, colon - 160)
        line_start = max(text.rfind("\n", lo, colon), text.rfind("\r", lo, colon)) + 1
        if _INTRO.search(text, max(lo, line_start), colon + 1) or _cited_abstract(
            text, line_start, colon
        ):
            out.append(m.end())
    doc.cache["introduced-quotations"] = out
    return out


# A short quoted term is the author's own usage ("scare quotes"), unless it is
# attributed: a verb of saying or naming just before it (he called them
# "child prostitutes"), or a colon.
_ATTRIBUTION = _Lazy(
    r"\b(?:said|says|say|saying|told|tells|wrote|writes|writing|stated|states|added|adds|"
    r"claimed|claims|claiming|described|describes|describing|(?<!so[- ])called|calls|"
    r"calling|dubbed|"
    r"label(?:l)?ed|branded|termed|named|according|quoted|quoting|remarked|insisted|warned|argued|"
    r"admitted|testified|asked|replied|explained|noted|referred|headlined|read|reads|"
    # (a count of reports is no attribution: "more reports of 'sextortion'")
    r"reported|reports(?!\s+of\b)|reporting|stating|alleging|complained|complaining|"
    r"declared|alleged|shouted|posted|tweeted|texted|messaged|commented|recalled|"
    r"described\s+as|known\s+as)\b[^.!?]{0,40}$|:\s*$",
    re.IGNORECASE,
)
_AFTER_QUOTE = _Lazy(
    r"\s*[,!?]?\s*(?:[\w'\u2019.-]+\s+){0,3}?"
    r"(?:said|says|wrote|writes|told|added|claimed|stated|insisted|warned|shouted|asked|replied|"
    r"explained|noted|continued|recalled|admitted|alleged|posted|tweeted|commented|argued|heard)\b"
)
_SPEAKER_AT_END = _Lazy(
    r",\s+(?:(?:Mr|Mrs|Ms|Miss|Dr|Judge|Justice|Sergeant|Detective|Inspector|Officer|Prof)\.?\s+)?"
    r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2}\s+"
    r"(?:said|says|told|added|argued|claimed|insisted|stated|explained|noted|warned)\b"
    r"[^.!?]{0,60}[.!?]?[\s\u201d\"']*$"
)
#: At most this many words make a quoted term (a scare quote), not a quotation.
SCARE_QUOTE_WORDS = 3


def scare_quote(doc: Document, quoted: tuple[int, int], start: int, end: int) -> bool:
    """Whether the quotation ``quoted`` around ``[start, end)`` is a short
    quoted term in the author's own sentence rather than a quotation."""
    text = doc.text
    q_start, q_end = quoted
    if not at_most_words(text, q_start, q_end, SCARE_QUOTE_WORDS):
        return False
    if doc.quotations and _inside(_structural(doc, "quotations"), start, end):
        return False  # inside a block quote
    s_start, s_end = sentences(doc).span(q_start)
    if _ATTRIBUTION.search(text, max(s_start, q_start - 120), q_start):
        return False
    hi = max(s_end, q_end)
    if _AFTER_QUOTE.match(text, q_end, min(hi, q_end + 60)):
        return False
    # a sentence that ends by naming its speaker: '... a "willing participant" in
    # the changes, Ms Kenyon said.'
    return not _SPEAKER_AT_END.search(text, q_end, min(hi, q_end + 200))


# --------------------------------------------------------------------------- titles

_CITE_FIELD = re.compile(
    r"\|\s*(?:title|trans-title|chapter|work|journal|website|series|publisher|newspaper|"
    r"magazine|periodical|encyclopedia|agency|quote|script-title)\s*=\s*([^|{}]*(?:\{\{[^{}]*\}\}[^|{}]*)*)",
    re.IGNORECASE,
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YEAR_RE = re.compile(_YEAR)
_AFTER_TITLE = re.compile(
    # "\s*(?:[,.]\s*)?" and "(?:\(\s*)?" rather than "\s*[,.]?\s*" and "\(?\s*": one
    # way to split a run of spaces, so long masked runs cost linear time.
    rf"\s*(?:[,.]\s*)?(?:\(\s*{_YEAR}\s*\)|{_YEAR}\b"
    rf"|(?:\(\s*)?(?:by|in|ed\.|eds\.|edited by)\s+[A-Z]"
    rf"|[A-Z][a-z]+,\s+[A-Z]|\(\s*[A-Z][\w'-]+(?:\s+(?:&|and|et al\.?)\s*[\w'-]*)*,?\s*{_YEAR})"
)
_BEFORE_TITLE = re.compile(
    rf"(?:\(\s*{_YEAR}[a-z]?\s*\)|\b{_YEAR}[a-z]?\s*[).,:]|\bsee\b|\bcited in\b)"
    r"\s*[,.:]?\s*$",
    re.IGNORECASE,
)
#: The authors and year of a reference given inline, in APA style, up to the
#: ")." before its title: "Doe, J., Roe, R. (2013)."
_INLINE_REFERENCE = _Lazy(
    rf"\b[A-Z][\w'\u2019-]+,\s+(?:[A-Z]\.\s*)+(?:,?\s*(?:&\s*|and\s+)?[A-Z][\w'\u2019-]+,\s+"
    rf"(?:[A-Z]\.\s*)+)*(?:,?\s*et\s+al\.?\s*)?\(\s*{_YEAR}[a-z]?\s*\)\.$"
)
#: A year in parentheses, up to its closing bracket.
_YEAR_CLOSED = re.compile(rf"\(\s*{_YEAR}[a-z]?\s*$")
#: The end of a sentence (a title runs to its first one).
_SENTENCE_END = _Lazy(r"[.!?]\s")
_REFERENCE_LINE = re.compile(
    # (a dateline is no author: "WASHINGTON, D.C., Feb. 11, 2025 \u2013")
    rf"^\s*(?:\[\d+\]|\d+\.|[-*\u2022^])?\s*(?:[A-Z][\w'\u2019-]+,\s+(?!D\.\s*C\.)(?:[A-Z]\.\s*)+|"
    rf"[A-Z][\w'\u2019-]+,\s+[A-Z][a-z]+[^.]{{0,80}}?\(\s*{_YEAR}|"
    rf"[A-Z][\w'\u2019-]+\s+(?:[A-Z]{{1,3}}\s*)?\(\s*{_YEAR}[a-z]?\s*\)|"
    # "Doe, Jane A., et al., (April 2005).", "Roe, Ren\u00e9e, et. al. (2009, July 14)."
    rf"[A-Z][\w'\u2019-]+,\s+[A-Z][^\W\d_]+(?:\s+[A-Z]\.)*,?(?:\s*et\.?\s*al\.?,?)?\s*"
    rf"\(\s*(?:[A-Z][a-z]+\.?\s+(?:\d{{1,2}},?\s+)?)?{_YEAR}\b|"
    # Vancouver style, two authors or more and a full stop: "Doe JA, Roe R. Title."
    rf"[A-Z][\w'\u2019-]+\s+[A-Z]{{1,3}}(?:\s*,\s*[A-Z][\w'\u2019-]+\s+[A-Z]{{1,3}}){{1,6}}"
    rf"(?:,?\s+et\s+al)?\.\s|"
    # Vancouver and Harvard styles without brackets: "Smith J & Jones D 2016. Title."
    rf"[A-Z][\w'\u2019-]+\s+[A-Z]{{1,3}}(?:\s*(?:,|&|and)\s*[A-Z][\w'\u2019-]+\s+[A-Z]{{1,3}}){{0,6}}"
    rf"(?:,?\s+et\s+al\.?)?,?\s+{_YEAR}[a-z]?\.\s)"
)
#: Italic text as written in the file (found in the source: the text checked
#: has its markup blanked out).
_ITALIC = re.compile(
    r"''(?!')(.{1,300}?)''"  # wikitext
    r"|\*(?<![*\w]\*)(?!\*|\s)(.{1,300}?)(?<!\s)\*(?![*\w])"  # Markdown, reST, plain text
    r"|(?<![\w_])_(?!_|\s)(.{1,300}?)(?<!\s)_(?![\w_])"  # Markdown, plain text
    r"|<(?:i|em|cite)\b[^<>]{0,200}>(.{1,300}?)</(?:i|em|cite)\s*>"  # HTML
    r"|\\(?:emph|textit|textsl|citetitle)\s*\{(.{1,300}?)\}"  # LaTeX
)
_LINE = re.compile(r"[^\r\n]*")
# A quoted Title Case phrase after a word that introduces a work's title.
_TITLED = _Lazy(
    r"\b(?:report|book|books|novel|film|movie|documentary|series|article|paper|study|essay|"
    r"chapter|episode|play|song|album|programme|program|show|website|guide|booklet|leaflet|"
    r"titled|entitled|called|named|headlined|headline)\s*,?\s*[\"'\u201c\u2018]?$",
    re.IGNORECASE,
)
# Title Case words (hyphenated words are one word) joined by spaces, colons,
# commas or dashes. A hyphen belongs to a word only when a word character
# follows it, so no text can be split two ways: the match is linear.
_TITLE_WORD = r"[\w']*(?:-[\w']+)*"
_TITLE_CASE = re.compile(
    rf"[A-Z]{_TITLE_WORD}(?:(?:[\s:,]|-(?![\w']))+"
    rf"(?:[A-Z0-9]{_TITLE_WORD}|of|on|the|and|in|for|a|an|to|by|at|from|with|&|or))+[?!.]?\Z"
)


def _line_span(text: str, offset: int) -> tuple[int, int]:
    start = line_start(text, offset)
    m = _LINE.match(text, start)
    return start, m.end() if m else len(text)


_LINE_CUT = re.compile(r"\n")  # no italic span runs across a line break


def _italics(doc: Document) -> BlockSpans:
    cached = doc.cache.get("italics")
    if isinstance(cached, BlockSpans):
        return cached
    index = BlockSpans(doc.source, _ITALIC, _LINE_CUT)
    doc.cache["italics"] = index
    return index


def _is_reference(line: str) -> bool:
    """Whether a line of text is an entry of a reference list."""
    return bool(_REFERENCE_LINE.match(line[:200])) and bool(_YEAR_RE.search(line))


def _reference_line(doc: Document, line_start: int, line_end: int) -> bool:
    """Whether the line is an entry of a reference list, or a line of a
    citation under its label (decided once per line)."""
    lines = doc.cache.setdefault("reference-lines", {})
    assert isinstance(lines, dict)
    found = lines.get(line_start)
    if found is None:
        labels = doc.cache.get("citation-labels")
        if labels is None:  # whether the text has a word a citation's label can have
            text = doc.text
            labels = doc.cache["citation-labels"] = "itation" in text or "ite " in text
        found = (
            _is_reference(doc.text[line_start:line_end])
            or (bool(labels) and _under_citation_label(doc.text, line_start))
            or _LINK_LABEL.match(doc.text, line_start, line_end) is not None
        )
        lines[line_start] = found
    return found


#: A news page's link to another story, on a line of its own after its label
#: ("Read more: Man charged with ...", "RELATED: ...", "See also: ...").
_LINK_LABEL = _Lazy(
    r"[ \t*_#>-]*(?:read\s+more|related(?:\s+(?:stories|story|articles?|content|news|coverage"
    r"|reading|links?))?|(?:also|further)\s+read|read\s+(?:also|next)|see\s+also|more\s+on\s+this"
    r"(?:\s+story)?|recommended\s+reading|most\s+read)"
    r"[ \t*_]*[:|\u00bb\u203a>\u2013\u2014][ \t]*\S",
    re.IGNORECASE,
)

#: A label over a work's citation, on a line of its own ("Recommended Citation",
#: "Cite this article:", "How to cite").
_CITATION_LABEL = _Lazy(
    r"[ \t*_#]*(?:(?:recommended|suggested|preferred|full)\s+citation"
    r"|cite\s+(?:this|as)\b[^\r\n]{0,20}|how\s+to\s+cite\b[^\r\n]{0,20}|citation)"
    r"[ \t*_]*:?[ \t]*$",
    re.IGNORECASE,
)


def _under_citation_label(text: str, line_start: int) -> bool:
    """Whether the line is one of the few lines of a citation set under its
    label with no blank line between ("Recommended Citation" over the
    author, the title and the journal, each on a line of its own)."""
    # a cheap look first: a label's word within the lines it may head
    lo = max(0, line_start - 6 * 302)
    if text.find("itation", lo, line_start) < 0 and text.find("ite ", lo, line_start) < 0:
        return False
    pos = line_start
    for _ in range(6):
        if pos == 0:
            return False
        prev_end = pos - 1 - (text[pos - 2 : pos] == "\r\n")
        # (a bounded look back: a text without CR would be searched to its start)
        lo = max(0, prev_end - 301)
        prev_start = max(text.rfind("\n", lo, prev_end), text.rfind("\r", lo, prev_end)) + 1
        line = text[prev_start:prev_end]
        if not line.strip() or prev_end - prev_start > 300 or (prev_start == lo and lo > 0):
            return False
        if _CITATION_LABEL.match(line):
            return True
        pos = prev_start
    return False


_SPACES = re.compile(r"\s*")
#: The line after a line and the blank lines under it.
_NEXT_PARAGRAPH_LINE = _Lazy(r"[ \t]*(?:\r\n?|\n)(?:[ \t]*(?:\r\n?|\n))*([^\r\n]*)")


def _entry_title(doc: Document, line_start: int, line_end: int) -> bool:
    """Whether the line is the title of an entry of an annotated list of works:
    a short line of its own, not the document's first, over a reference-list
    entry ("The Later Offending of Offenders." over "Doe, J. (2005). ...")."""
    lines = doc.cache.setdefault("entry-titles", {})
    assert isinstance(lines, dict)
    found = lines.get(line_start)
    if found is None:
        text = doc.text
        found = False
        first = doc.cache.get("first-non-blank")
        if not isinstance(first, int):
            first = doc.cache["first-non-blank"] = _SPACES.match(text).end()  # type: ignore[union-attr]
        # (one sentence at most: a title, not a short paragraph of prose)
        if (
            0 < line_end - line_start <= 200
            and line_start > first
            and not _SENTENCE_END.search(text, line_start, line_end)
        ):
            before = text[max(0, line_start - 4) : line_start]
            after = _NEXT_PARAGRAPH_LINE.match(text, line_end)
            if (before.count("\n") + before.count("\r") >= 2 or line_start == 0) and after:
                found = _is_reference(after.group(1))
        lines[line_start] = found
    return found


def title_at(doc: Document, start: int, end: int, quoted: tuple[int, int] | None) -> str | None:
    """A reason if ``[start, end)`` lies inside the title of a cited work
    (``quoted``: the quotation that holds it, if any)."""
    text = doc.text
    if doc.titles and _inside(_structural(doc, "titles"), start, end):
        return "title of a work"
    line_start, line_end = doc.index.line_span(start, doc.source)
    # A citation field: "|title=...", looking back from the match to its "|".
    bar = text.rfind("|", max(line_start, start - 400), start)
    if bar >= 0:
        m = _CITE_FIELD.match(text, bar, min(line_end, end + 400))
        if m and m.start(1) <= start and m.end(1) >= end:
            return "citation field"
    if _reference_line(doc, line_start, line_end):
        return "reference-list entry"
    if _entry_title(doc, line_start, line_end):
        return "title of the work cited below it"
    # a reference given inline: "have a read of Doe, J., Roe, R. (2013). Title. Journal"
    dot = text.rfind(").", max(0, start - 300), start)
    if (
        dot >= 0
        and _YEAR_CLOSED.search(text, max(0, dot - 9), dot)
        and _INLINE_REFERENCE.search(text, max(0, dot - 160), dot + 2)
        and not _SENTENCE_END.search(text, dot + 2, start)
    ):
        return "title in a reference"
    # A Title Case title without marks after a word for a work: "an article on
    # What Every Parent Should Know About Sexting" (the match is capitalised in it)
    if text[start : start + 1].isupper():
        m = _UNMARKED_TITLE.search(text, max(0, start - 160), min(len(text), end + 120))
        if m is not None and m.start(1) <= start and m.end(1) >= end:
            words = m.group(1).split()
            if sum(1 for w in words if w[:1].isupper()) >= 4:
                return "title of a work"
    # A Title Case title after a colon inside a sentence, unmarked: "hosted a
    # briefing for Safer Internet Day: Unmasking the Sextortion Crisis Online"
    # (not a headline, where every word is capitalised)
    if (
        text[start : start + 1].isupper()
        and text.rfind(":", max(line_start, start - 160), start) >= 0
    ):
        for m in _COLON_TITLE.finditer(
            text, max(line_start, start - 160), min(line_end, end + 160)
        ):
            if m.start(1) <= start and m.end(1) >= end:
                words = m.group(1).split()
                if sum(1 for w in words if w[:1].isupper()) >= 4 and not heading_line(doc, start):
                    return "title of a work"
    # A quoted or italic span followed by an author or year, or preceded by a year.
    candidates = []
    italic = _inside(_italics(doc), start, end)
    if not italic and doc.italics:  # italic runs of a word processor
        italic = _inside(_structural(doc, "italics"), start, end)
    if italic:
        candidates.append(italic)
    if quoted:
        candidates.append(quoted)
    for s, e in candidates:
        if s <= start and e >= end:
            if _AFTER_TITLE.match(text, e, e + 400) or _BEFORE_TITLE.search(
                text, max(0, s - 40), s
            ):
                return "title of a work"
            inner = text[s:e].strip(" \t\"'\u201c\u201d\u2018\u2019*_")
            if ":" in inner and len(inner) <= 300 and _TITLE_CASE.match(inner):
                return "title of a work"  # a Title Case colon title in quotes or italics
            if (
                len(inner) <= 200
                and _TITLE_CASE.match(inner)
                and _TITLED.search(text, max(0, s - 60), s)
            ):
                return "title of a work"  # a report called "Child Pornography on the Internet"
    return None


_SMALL_TITLE_WORDS = r"(?:of|on|the|and|in|for|a|an|to|by|at|from|with|&|or|about|is|are)"
#: Title Case words after a colon that a lower-case word comes before.
_COLON_TITLE = _Lazy(
    r"[a-z][)\u2019']?:[ \t]+"
    rf"([A-Z][\w'\u2019-]*(?:[ \t]+(?:{_SMALL_TITLE_WORDS}[ \t]+)*[A-Z][\w'\u2019-]*)+)"
)
#: A work named without marks: a word for a work, a word that introduces its
#: title, then Title Case words (small words between them).
_UNMARKED_TITLE = _Lazy(
    r"\b(?:article|report|book|study|paper|guide|booklet|leaflet|documentary|film|series"
    r"|programme|program|episode|chapter|essay|post|podcast|webinar)\s+"
    r"(?:on|about|titled|entitled|called|named)\s+"
    rf"([A-Z][\w'\u2019-]*(?:\s+(?:{_SMALL_TITLE_WORDS}\s+)*[A-Z][\w'\u2019-]*)*)"
)


def title_line_at(doc: Document, start: int, end: int) -> bool:
    """The match lies on the document's first non-blank line, and that line is
    short and has no sentence punctuation: the document's own title."""
    if doc.cache.get("no-title-line"):
        return False  # a piece of a larger document: its first line is no title
    span = doc.cache.get("title-line")
    if span is None:
        span = _title_line(doc.text)
        doc.cache["title-line"] = span
    return bool(span) and span[0] <= start and end <= span[1]  # type: ignore[index]


def _title_line(text: str) -> tuple[int, int] | tuple[()]:
    m = re.match(r"\s*", text)
    first = m.end() if m else 0
    line_start, line_end = _line_span(text, first)  # once per document
    line = text[line_start:line_end].strip()
    if not re.search(r"\S", text[line_end : line_end + 10_000]):
        return ()  # a one-line text has no title line
    if 0 < len(line) <= 100 and len(line.split()) <= 12 and line[-1] not in ".!?:;,":
        return line_start, line_end
    return ()


# --------------------------------------------------------------------------- proper names

#: Head nouns of names in the languages of termlint's packs (names such as
#: "Centro Nazionale per il Contrasto della Pedopornografia", "Team
#: Bestrijding Kinderporno", "Office central pour la répression...").
_HEADS_ELSEWHERE = frozenset(
    """loi ley lei legge gesetz wet code código codice gesetzbuch strafgesetzbuch wetboek
    convention convenio convención convenção convenzione übereinkommen verdrag protocole
    protocolo protocollo protokoll directive directiva diretiva direttiva richtlinie
    richtlijn règlement reglamento regulamento regolamento verordnung verordening centre
    centro zentrum zentralstelle centrum team équipe equipo equipa squadra brigade brigada
    unité unidad unidade unità einheit eenheid dienst servicio serviço servizio office
    oficina ufficio amt bundesamt landeskriminalamt bureau meldpunt meldestelle stelle
    fondation fundación fundação fondazione stiftung stichting association asociación
    associação associazione verein vereniging observatoire observatorio observatório
    osservatorio comité comitato comissão comisión commissione ausschuss commissie groupe
    grupo gruppo gruppe groep réseau red rede rete netzwerk netwerk ministère ministerio
    ministério ministero ministerium ministerie polizia policía polícia politie polizei
    police""".split()
)
HEAD_NOUNS = _HEADS_ELSEWHERE | frozenset(
    """act acts bill code law laws statute statutes protocol convention directive decision
    regulation resolution guidelines coalition alliance section unit squad division command
    taskforce force group committee commission council centre center program programme
    project network networks foundation initiative congress summit meeting review report
    study survey inquiry database hotline helpline office agency department bureau service
    organisation organization association society institute party campaign conference
    webinar seminar workshop week day month""".split()
)
#: Head nouns that make a name even in a headline, where every word is capitalised.
NAME_HEADS = frozenset(
    """act protocol convention directive decision regulation resolution guidelines coalition
    alliance unit squad division command taskforce force committee commission council centre
    center programme foundation initiative congress summit inquiry database hotline helpline
    office agency department bureau organisation organization association society
    institute""".split()
) | (
    # not the general ones ("Code", "Police", "Réseau", "Gruppe"): as after
    # "Child Pornography" in an English headline
    _HEADS_ELSEWHERE
    - frozenset("code bureau police groupe grupo gruppo gruppe groep réseau red rede rete".split())
    - frozenset("netzwerk netwerk".split())
)
LEAD_INS = (
    ("optional", "protocol"),
    ("special", "rapporteur"),
    ("framework", "decision"),
    ("operation",),
    ("project",),
    ("world", "congress"),
    ("directive",),
)
CONNECTORS = frozenset(
    "of on the and or for against to in & de la des der van von du del y et".split()
    # and in the languages of termlint's packs
    + """le les l' d' pour contre sur au aux à el los las contra para por e da do das dos
    di della dello delle dei degli il per zur zum für gegen und die das den dem des het
    een en voor tegen""".split()
)
#: A name's tokens: words, commas, and a year or capitalised words in parentheses
#: ("Child Trafficking and Pornography (Amendment) Bill 2004").
#: A year as a name's token ("Bill 2004", "Act (1978)").
_YEAR_TOKEN = re.compile(rf"\(?{_YEAR}\)?")
_NAME_TOKEN = re.compile(
    r"[\w'\u2019&.-]+|,|\((?:\d{4}|[A-Z][\w'\u2019&.-]*(?:\s+[A-Z][\w'\u2019&.-]*){0,2})\)"
)
_FIRST_WORD = re.compile(r"\w+")
_NUMBERISH = re.compile(r"^(?:\d{4}|\d+/\d+/[A-Z]+|No\.?|\d+)$")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


_NAME_REACH = 300
_NAME_NEAR = 60
#: Every name holds a head noun or a lead-in: a sentence of at most this many
#: characters without one is ruled out by one search, as a name lies within
#: its sentence. The search may find a word that is no token of a name, never
#: miss one.
_NAME_SENTENCE = 3000


@functools.cache
def _name_word() -> re.Pattern[str]:  # compiled on first use: not at start-up
    return word_pattern({*HEAD_NOUNS, *(lead[0] for lead in LEAD_INS)})


def _may_hold_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a head noun or the first word of a
    lead-in that starts with a capital letter: only such a word can belong to
    a name's run of tokens (a lower-case one is no part of it)."""
    low = text[start:end].lower()
    if len(low) != end - start:
        return True  # offsets do not carry over: assume it may
    return any(text[start + m.start()].isupper() for m in _name_word().finditer(low))


def _part_of_name(tok: str) -> bool:
    return (
        _capitalised(tok)
        or tok.lower() in CONNECTORS
        or tok == ","
        or bool(_NUMBERISH.match(tok))
        or tok[:1] == "("
    )


_BLANK_LINE = _Lazy(_BREAK)
_NEWLINE = _Lazy(_LINE_BREAK)
#: A line at most this long ends a name (a heading, a title, a list item).
_SHORT_LINE = 60


#: Punctuation between two words that no name runs across: a colon before a
#: subtitle, a question, a bracketed aside.
_RUN_STOP = re.compile(r"[:;?!\[\]{}|]")


def _run_break(text: str, gap_start: int, gap_end: int) -> bool:
    """Whether the gap between two tokens ends a run of name words: a blank
    line, or the line break after a short line (a heading: "Federal Sextortion
    Laws" over the paragraph that starts "Sextortion is ...")."""
    if gap_end - gap_start < 1:
        return False
    gap = text[gap_start:gap_end]
    if _RUN_STOP.search(gap):
        return True  # "Ashcroft v. Free Speech Coalition: How Can ..." (a subtitle)
    if "\n" not in gap and "\r" not in gap:
        return False
    if _BLANK_LINE.search(gap):
        return True
    newline = gap_start + _NEWLINE.search(gap).start()  # type: ignore[union-attr]
    # (looked for no further back than a short line reaches: a text without
    # CR would otherwise be searched back to its start for one)
    lo = max(0, newline - _SHORT_LINE - 1)
    line_break = max(text.rfind("\n", lo, newline), text.rfind("\r", lo, newline))
    if line_break == -1 and lo > 0:
        return False  # no line break within reach: a long line
    return newline - (line_break + 1) <= _SHORT_LINE


def _name_run(
    text: str, lo_bound: int, hi_bound: int, start: int, end: int
) -> tuple[list[tuple[int, int, str]], int, int, int, int] | None:
    """The tokens of ``text[lo_bound:hi_bound]``, the first and last token of
    the match, and the run of name-like tokens around them (indexes)."""
    tokens = [
        (m.start(), m.end(), m.group()) for m in _NAME_TOKEN.finditer(text, lo_bound, hi_bound)
    ]
    if any(s < end and start < e and t[0] == "(" for s, e, t in tokens):
        # parentheses that hold the match: their words are the tokens
        split: list[tuple[int, int, str]] = []
        for s, e, t in tokens:
            if t[0] == "(" and s < end and start < e:
                split += [
                    (w.start(), w.end(), w.group())
                    for w in _NAME_TOKEN.finditer(text, s + 1, e - 1)
                ]
            else:
                split.append((s, e, t))
        tokens = split
    first = next((i for i, t in enumerate(tokens) if t[1] > start), None)
    last = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i][0] < end), None)
    if first is None or last is None:
        return None
    lo = first
    while (
        lo > 0
        and _part_of_name(tokens[lo - 1][2])
        and not _run_break(text, tokens[lo - 1][1], tokens[lo][0])
    ):
        lo -= 1
    hi = last
    while (
        hi + 1 < len(tokens)
        and _part_of_name(tokens[hi + 1][2])
        and not _run_break(text, tokens[hi][1], tokens[hi + 1][0])
    ):
        hi += 1
    return tokens, first, last, lo, hi


_NEXT_LINE = _Lazy(r"(?:\r\n?|\n)[ \t]*(\S)")
_LINE_WORD = _Lazy(r"[^\W\d_][\w'\u2019-]*")


def heading_line(doc: Document, offset: int) -> bool:
    """Whether the line holding ``offset`` is set as a heading: at least three
    words, and (connectors aside) all of them capitalised, or all in capitals."""
    lines = doc.cache.setdefault("heading-lines", {})
    assert isinstance(lines, dict)
    line_start, line_end = doc.index.line_span(offset, doc.source)
    found = lines.get(line_start)
    if found is None:
        words: list[str] = []
        for m in _LINE_WORD.finditer(doc.text, line_start, line_end):
            if m.group().lower() not in CONNECTORS:
                words.append(m.group())
                if len(words) > 30:
                    break  # too long for a heading: the rest of a long line is not read
        found = 3 <= len(words) <= 30 and (
            all(w[0].isupper() for w in words) or sum(w.isupper() for w in words) >= len(words) - 1
        )
        if found:
            # a line that the next one continues (a lower-case word, a comma) is no heading
            following = _NEXT_LINE.match(doc.text, line_end)
            found = following is None or not (
                following.group(1).islower() or following.group(1) in ",;:)"
            )
        lines[line_start] = found
    return found


# A statute's long title, written in lower case: "An Act respecting the
# mandatory reporting of Internet child pornography by persons who ...".
_LONG_TITLE = _Lazy(
    r"\b(?:An|The)\s+Act\s+(?:respecting|relating\s+to|concerning|to\s+(?:amend|provide|prevent|"
    r"protect|prohibit|establish|combat)|for\s+the|on\s+the)\b[^,.;:()\"\u201c\u201d]{0,200}$"
)
# A bill's long title in lower case: "the bill ... is an act to stop the
# use of websites to spread ..."
_BILL_TITLE = _Lazy(
    r"\b[Bb]ill\b[^.;:!?]{0,160}?\bis\s+an\s+act\s+(?:to|respecting|relating\s+to|"
    r"concerning|for)\b[^,.;:()\"\u201c\u201d]{0,200}$"
)
# "Act" as a word (found as "Act" at a word's end, its start then tested: a
# pattern that starts with a word-edge test is read at every position of the
# text, one that starts with a literal is found by a quick search)
_ACT = _Lazy(r"Act\b")
_WORD_CHAR = _Lazy(r"\w")
# A forum community or an account: r/name, /r/name, @name (perhaps in quotation marks).
_HANDLE = _Lazy(r"(?:^|[\s(\[\"'\u201c\u2018])(?:/?r/|@)[\w-]*$")


def named_at(doc: Document, start: int) -> str | None:
    """A statute's long title or a forum or account name that holds ``start``."""
    text = doc.text
    if start and text[start - 1] in "/@" and _HANDLE.search(text, max(0, start - 40), start):
        return "forum or account name"
    acts = doc.cache.get("acts")
    if not isinstance(acts, list):
        acts = doc.cache["acts"] = [
            m.start()
            for m in _ACT.finditer(text)
            if not (m.start() and _WORD_CHAR.match(text, m.start() - 1))
        ]
    i = bisect.bisect_left(acts, start) - 1
    if i >= 0 and acts[i] >= start - 220:
        s_start, _ = sentences(doc).span(start)
        if _LONG_TITLE.search(text, max(s_start, start - 240), start):
            return "statute title"
    if text.rfind("is an act ", max(0, start - 220), start) >= 0:
        s_start, _ = sentences(doc).span(start)
        if _BILL_TITLE.search(text, max(s_start, start - 400), start):
            return "statute title"
    return None


#: Lower-case nouns of an event or a work that a Title Case name may precede.
_WORK_NOUNS = frozenset(
    """webinar webinars conference conferences seminar seminars workshop workshops campaign
    campaigns summit programme program course courses training toolkit podcast documentary
    series exhibition festival week day month""".split()
)
#: A cheap test that a sentence may hold such a name near a match: a
#: capitalised word before one of those nouns.
_TITLED_NEAR = _Lazy(
    r"\b[A-Z][\w'\u2019-]*\s+(?:" + "|".join(sorted(_WORK_NOUNS, key=len, reverse=True)) + r")\b"
)


#: How many words a name's head noun may follow the match by.
_HEAD_AFTER = 8


def _content_words(tokens: list[tuple[int, int, str]]) -> int:
    return sum(
        1
        for _, _, w in tokens
        if w != "," and w.lower() not in CONNECTORS and not _NUMBERISH.match(w)
    )


def proper_name_at(doc: Document, start: int, end: int) -> str | None:
    """A proper name (statute, treaty, organisation...) around ``[start, end)``."""
    text = doc.text
    if text[start].islower():
        unit = _lower_unit(text, start, end)
        if unit is not None:
            return unit
        first_word = _FIRST_WORD.match(text, start, end)
        if first_word is None or first_word.group().lower() not in CONNECTORS:
            return None  # the usual case, decided without splitting words
    match_words = [text[s:e] for s, e in words_in(text, start, end)]
    if not match_words or not all(
        _capitalised(w) for w in match_words if w.lower() not in CONNECTORS
    ):
        return None
    s_start, s_end = sentences(doc).span(start)
    if (
        s_end - s_start <= _NAME_SENTENCE
        and not _may_hold_name(text, s_start, s_end)
        and _TITLED_NEAR.search(
            text, max(s_start, start - _NAME_NEAR), min(s_end, end + _NAME_NEAR)
        )
        is None
        and text.find("(", s_start, s_end) < 0  # no acronym bracketed by a name
        and text.find(", or ", s_start, s_end) < 0  # nor given after it ("..., or ECPAT,")
        and _STANDS_FOR.search(text, s_start, s_end) is None  # "ECPAT, which stands for"
    ):
        return None  # the usual case, decided without splitting words
    # Tokens of the close neighbourhood first, then of a wider one, then of
    # the whole sentence (sentences of PDF or wikitext can be very long), each
    # only when the run of name-like tokens may go on past the narrower scan.
    # A scan that starts or ends inside a token may cut it (one token each
    # side); a run that stays two tokens clear of a cut edge is exact.
    found = None
    for reach in (_NAME_NEAR, _NAME_REACH, None):
        lo_edge = s_start if reach is None else max(s_start, start - reach)
        hi_edge = s_end if reach is None else min(s_end, end + reach)
        found = _name_run(text, lo_edge, hi_edge, start, end)
        if found is None or reach is None:
            break
        tokens, _, _, lo, hi = found
        if (lo >= 2 or lo_edge == s_start) and (hi <= len(tokens) - 3 or hi_edge == s_end):
            break
    if found is None:
        return None
    tokens, first, last, lo, hi = found
    # trim connectors and commas at the edges
    while lo < first and (tokens[lo][2].lower() in CONNECTORS or tokens[lo][2] == ","):
        lo += 1
    while hi > last and (tokens[hi][2].lower() in CONNECTORS or tokens[hi][2] == ","):
        hi -= 1
    run = [t[2] for t in tokens[lo : hi + 1]]
    lowered = [w.lower().strip(".") for w in run]
    content = [w for w in run if w.lower() not in CONNECTORS and w != ","]
    if len(content) < len(match_words) + 1:
        return None
    own = {w.lower() for w in match_words}
    heads = lowered
    if heading_line(doc, start):
        # In a headline every word is capitalised: only a name's own head
        # noun right after the match ("... Child Pornography Prevention Act")
        # makes it a name, not a common noun ("Federal Sextortion Laws") or a
        # head noun before it ("How to Report Suspected Child Porn"); any head
        # noun does with a year after it ("... Pornography (Amendment) Bill 2004").
        # (a head noun with a year may come a few words on: "CRIMES AMENDMENT
        # (CHILD PORNOGRAPHY AND ABUSE MATERIAL) BILL 2010")
        after = [t[2].lower().strip(".") for t in tokens[last + 1 : min(hi, last + 7) + 1]]
        heads = [
            w
            for i, w in enumerate(after[:6])
            if (i < 3 and w in NAME_HEADS)
            or (w in HEAD_NOUNS and i + 1 < len(after) and _YEAR_TOKEN.fullmatch(after[i + 1]))
        ]
        # or a name's head noun with "of" before the match: "Department of
        # Veterans Affairs", "Ministry of Home Affairs"
        heads += [
            w
            for i, w in enumerate(lowered[: first - lo])
            if w in NAME_HEADS and i + 1 < first - lo and lowered[i + 1] == "of"
        ]
    else:
        # a head noun after the match heads its name within a few words ("Child
        # Exploitation and Online Protection Command"), not past a list of
        # authors and their affiliations ("... Offenders Jane A. Doe 1, John
        # Roe 2 ... Department of ...")
        heads = [
            w
            for i, w in enumerate(lowered)
            if lo + i <= last or _content_words(tokens[last + 1 : lo + i]) <= _HEAD_AFTER
        ]
    has_head = any(w in HEAD_NOUNS and w not in own for w in heads) or (
        "task" in heads and "force" in heads
    )
    if not has_head and hi + 1 < len(tokens) and not heading_line(doc, start):
        # In a sentence, a Title Case run followed by a lower-case noun of an
        # event or a work ("a Safe Phones and Sextortion webinar", "the Stop
        # Sextortion Now campaign") is that event's name.
        after = tokens[hi + 1][2]
        has_head = (
            after in _WORK_NOUNS
            and sum(1 for w in content if not w.isupper()) >= len(match_words) + 1
        )
    present = set(lowered)
    has_lead = any(
        tuple(lowered[i : i + len(lead)]) == lead
        for lead in LEAD_INS
        if lead[0] in present
        for i in range(len(lowered))
    )
    if (
        has_head
        or has_lead
        or (
            sum(1 for w in content if not w.isupper()) >= len(match_words) + 2
            and _has_acronym(text, tokens[lo][0], tokens[hi][1])
        )
    ):
        return " ".join(run).replace(" ,", ",")
    return None


# A unit of a named body written in lower case: "Kent Police's paedophile
# online investigation team", "the Met's child sex offences unit".
_OWNER_BEFORE = _Lazy(
    r"\b[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*){0,4}['\u2019]s\s+(?:[a-z][\w-]*\s+){0,3}$"
)
_UNIT_NOUNS = (
    r"team|unit|squad|taskforce|task\s+force|division|command|department|directorate|branch|desk"
)
_UNIT_AFTER = _Lazy(rf"(?:\s+[a-z][\w-]*){{0,3}}?\s+(?:{_UNIT_NOUNS})s?\b")
#: The unit nouns alone: a search for them rules out most matches cheaply
#: (compiled at once: it is asked of nearly every lower-case match).
_UNIT_WORD = re.compile(_UNIT_NOUNS)


def _lower_unit(text: str, start: int, end: int) -> str | None:
    """The name of a body's unit in lower case around ``[start, end)``: a
    unit noun after, and before, a possessive of a capitalised name or
    "the" with the unit noun close after ("the paedophile investigation
    unit of the Garda", "the child sex offences unit")."""
    # cheap looks first: a possessive or "the" before, a unit noun after
    lo = max(0, start - 120)
    definite = text[max(0, start - 4) : start] in ("the ", "The ") and (
        start < 5 or not text[start - 5].isalnum()
    )
    if not definite and text.find("'s ", lo, start) < 0 and text.find("\u2019s ", lo, start) < 0:
        return None
    hi = min(len(text), end + 60)
    if _UNIT_WORD.search(text, end, hi) is None:
        return None
    after = _UNIT_AFTER.match(text, end, hi)
    if after is None:
        return None
    before = _OWNER_BEFORE.search(text, lo, start)
    if before is not None:
        return " ".join(text[before.start() : after.end()].split())
    if (
        definite
        and len(text[end : after.end()].split()) <= 3
        and _UNIT_ENDS.match(text, after.end())
        and _UNIT_FIELD.search(text, start, after.end())
    ):
        return " ".join(text[start - 4 : after.end()].split())
    return None


#: The field a police or prosecution unit is named after ("the paedophile
#: investigation unit", "the child exploitation squad"; not "the pediatric team").
_UNIT_FIELD = _Lazy(
    r"(?i:investigat|offen[cd]|crime|exploitation|abuse|protection|vice\b|online|internet"
    r"|p(?:a)?edophil|porn|trafficking|sex)"
)
#: What follows a unit's name where the unit noun ends the noun phrase (not
#: "the paedophile team leader").
_UNIT_ENDS = _Lazy(
    r"\s*(?:[.,;:)]|\s(?:of|at|in|within|is|was|has|had|have|will|would|said|says|which|that"
    r"|and|to|for|from|on|who|investigates|investigated|examines|examined|found|arrested)\b)"
)
_STANDS_FOR = re.compile(r"(?:stands|stood|short) for ")


#: "(ECPAT)" or ", or ECPAT," after a name.
_ACRONYM_AFTER = _Lazy(r"(?:\(\s*|,\s+or\s+)([A-Z][A-Za-z&.\-]{1,11})\s*[),;.]")
#: "ECPAT, which stands for" before a name.
_ACRONYM_STANDS = _Lazy(
    r"\b([A-Z][A-Za-z&.\-]{1,11}),?\s+(?:(?:which|that)\s+)?(?:stands|stood|is\s+short)\s+for\s*$"
)
_ACRONYM_BEFORE = _Lazy(r"\b([A-Z][A-Za-z&.\-]{1,11})\s*\(([^()]{1,300})\)")
_RUN_WORD = _Lazy(r"[\w'\u2019&-]+")


def _has_acronym(text: str, start: int, end: int) -> bool:
    """Whether a run of Title Case words around ``[start, end)`` is named by an
    acronym bracketed (or given with ", or") after it, or expands the acronym it
    is bracketed after: "End Child Prostitution and Trafficking (ECPAT)", "ECPAT (End Child
    Prostitution and Trafficking)". The acronym's capitals are the run's
    initials, in order (connectors may count)."""
    m = _ACRONYM_AFTER.search(text, start, min(len(text), end + 16))
    if m is not None:
        acronym, words = m.group(1), _RUN_WORD.findall(text, start, m.start())
    else:
        m = _ACRONYM_BEFORE.search(text, max(0, start - 16), min(len(text), end + 2))
        if m is not None:
            acronym, words = m.group(1), _RUN_WORD.findall(m.group(2))
        else:
            m = _ACRONYM_STANDS.search(text, max(0, start - 40), start)
            if m is None:
                return False
            acronym, words = m.group(1), _RUN_WORD.findall(text, start, end)
    letters = [c for c in acronym if c.isupper()]
    initials = [w[0].upper() for w in words if w[:1].isalpha()]
    if len(letters) < 3 or not initials or letters[0] != initials[0]:
        return False
    found, i = 0, 0
    for letter in letters:
        while i < len(initials) and initials[i] != letter:
            i += 1
        if i < len(initials):
            found += 1
            i += 1
    return found == len(letters)


# --------------------------------------------------------------------------- cues


def cue_spans(detector: CueDetector, doc: Document) -> tuple[list[int], list[int]]:
    """Every cue of ``detector`` in ``doc`` as sorted (starts, ends), found once."""
    key = ("cues", id(detector))
    cached = doc.cache.get(key)
    if isinstance(cached, tuple):
        return cached
    spans: list[tuple[int, int]] = []
    found = doc.cache.get(("cue-phrases", id(detector)))  # the engine's one pass
    if isinstance(found, list):
        spans += found
    elif detector.cues is not None:
        spans += [(s, e) for s, e, _ in detector.cues.finditer(doc.text)]
    if detector.patterns is not None:
        limit = time_limit(doc.text)
        starts = doc.cache.get(("cue-pattern-starts", id(detector)))  # the engine's one pass
        try:
            if isinstance(starts, list):
                spans += matches_at(detector.patterns, doc.text, starts, timeout=limit)
            else:
                spans += [m.span() for m in detector.patterns.finditer(doc.text, timeout=limit)]
        except TimeoutError:
            raise RunawayPattern([f"exemptions.{detector.name}"], limit) from None
    spans.sort()
    result = ([s for s, _ in spans], [e for _, e in spans])
    doc.cache[key] = result
    return result


_cue_spans = cue_spans  # its former name


def _cues_in(detector: CueDetector, doc: Document, lo: int, hi: int) -> list[tuple[int, int]]:
    """The cues that lie within ``[lo, hi)``."""
    starts, ends = cue_spans(detector, doc)
    i = bisect.bisect_left(starts, lo)
    out = []
    while i < len(starts) and starts[i] < hi:
        if ends[i] <= hi:
            out.append((starts[i], ends[i]))
        i += 1
    return out


def _any_cue(detector: CueDetector, doc: Document, lo: int, hi: int) -> bool:
    """Whether any cue starts within ``[lo, hi)``: a cheap test that rules out
    most matches before their window of words is worked out."""
    starts, _ = cue_spans(detector, doc)
    i = bisect.bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


#: How far a frame pattern may look before or after a match (characters).
_FRAME_REACH = 160


def _any_word(text: str, lo: int, hi: int, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` (lower case) occurs in ``text[lo:hi]``, in any case."""
    return _words_pattern(words).search(text[lo:hi].lower()) is not None


@functools.lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One search for any of ``words`` (a substring test of each, in one pass)."""
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


def _framed(detector: CueDetector, doc: Document, start: int, end: int) -> bool:
    """Whether the text right before or right after the match, within its
    sentence, fits one of the detector's frames."""
    text = doc.text
    try:
        # a before frame whose words are known is looked for only where one of
        # them is in reach, and, like an after frame, first without the
        # sentence's bound (finding the sentence costs more than the search,
        # and few matches have a frame)
        if detector.before is not None:
            words = detector.before_words
            lo = max(0, start - _FRAME_REACH)
            if (words is None or _any_word(text, lo, start, words)) and detector.before.search(
                text, lo, start
            ) is not None:
                s_start, _ = sentences(doc).span(start)
                if detector.before.search(text, max(s_start, lo), start) is not None:
                    return True
        # an after frame is tried first on the text right after the match, and
        # only where it fits there, within the match's sentence (finding
        # sentences costs more than an anchored match, and few matches have one)
        if detector.after is not None:
            hi = min(len(text), end + _FRAME_REACH)
            if detector.after.match(text, end, hi) is not None:
                _, s_end = sentences(doc).span(start)
                hi = min(max(s_end, end), hi)
                if detector.after.match(text, end, hi) is not None:
                    return True
    except TimeoutError:
        raise RunawayPattern([f"exemptions.{detector.name}"], 1.0) from None
    return False


def _in_register(detector: CueDetector, doc: Document, start: int) -> bool:
    """Whether the whole document is in the detector's register (enough cues,
    densely enough) and the match's sentence holds none of its vetoes."""
    register = detector.register
    key = ("register", id(detector))
    found = doc.cache.get(key)
    if found is None:
        cues = len(cue_spans(detector, doc)[0])
        found = cues >= register.cues and cues * register.per_words >= _word_count(doc.text)
        doc.cache[key] = found
    if not found:
        return False
    if detector.register_unless is None:
        return True
    s_start, s_end = sentences(doc).span(start)
    vetoed = doc.cache.setdefault(("register-vetoes", id(detector)), {})
    assert isinstance(vetoed, dict)
    if s_start not in vetoed:
        piece = doc.text[s_start:s_end]
        vetoed[s_start] = next(detector.register_unless.finditer(piece), None) is not None
    return not vetoed[s_start]


def _word_count(text: str) -> int:
    """About how many words ``text`` has (its runs of spaces and line breaks)."""
    return text.count(" ") + text.count("\n") + 1


def _vetoed(detector: CueDetector, doc: Document, start: int, end: int) -> bool:
    """Whether the text before the match, or before its last word, ends with
    one of the detector's ``unless-before`` patterns ("convicted ___",
    "online ___", and the term "convicted paedophiles" itself), or the text
    right after it starts with one of its ``unless-after`` ones ("___ images")."""
    text = doc.text
    after, before = detector.unless_after, detector.unless_before
    try:
        if after is not None and after.match(text, end, min(len(text), end + _FRAME_REACH)):
            return True
        if before is None:
            return False
        # the match's last word starts after its last space or hyphen
        head = next(
            (i + 1 for i in range(end - 1, start, -1) if text[i].isspace() or text[i] == "-"),
            start,
        )
        return any(
            before.search(text, max(0, at - _FRAME_REACH), at) is not None for at in {start, head}
        )
    except TimeoutError:
        raise RunawayPattern([f"exemptions.{detector.name}"], 1.0) from None


def _cue_near(detector: CueDetector, doc: Document, start: int, end: int) -> bool:
    if (detector.unless_before is not None or detector.unless_after is not None) and _vetoed(
        detector, doc, start, end
    ):
        return False
    if (detector.before is not None or detector.after is not None) and _framed(
        detector, doc, start, end
    ):
        return True
    if detector.register is not None and _in_register(detector, doc, start):
        return True
    if detector.cues is None and detector.patterns is None:
        return False
    if detector.sentence:
        lo, hi = sentences(doc).span(start)
        hi = max(hi, end)
    else:
        reach = WORD_SPAN * (detector.window + 1)
        if not _any_cue(detector, doc, start - reach, end + reach):
            return False
        lo, hi = window(doc, start, end, detector.window)
    text = doc.text
    own: str | None = None
    for s, e in _cues_in(detector, doc, lo, hi):
        if e <= start:
            between = text[e:start]
        elif s >= end:
            between = text[end:s]
        else:
            continue  # the cue is the match itself
        # A cue speaks for the nearest use only: "the definition of child
        # pornography and nonprofit child pornography trafficking".
        if own is None:
            own = " ".join(text[start:end].lower().split())
        if own not in " ".join(between.lower().split()):
            return True
    return False


def is_mention_detector(name: str) -> bool:
    """Whether a cue detector finds mentions (the term discussed as a term):
    ``metalinguistic``, and a language pack's own, ``metalinguistic-fr``..."""
    return name == "metalinguistic" or name.startswith("metalinguistic-")


def metalinguistic_at(
    detector: CueDetector,
    doc: Document,
    start: int,
    end: int,
    quoted: tuple[int, int] | None,
) -> bool:
    """The term is discussed as a term: a cue right before it, or a cue near a
    short quotation that holds it (``quoted``: the quotation, if any)."""
    if (detector.before is not None or detector.after is not None) and _framed(
        detector, doc, start, end
    ):
        return True
    if detector.cues is None:
        return False
    text = doc.text
    # the term named as something else: "refer to child pornography as CSAM"
    # (the cheap look after the match first: few matches have "as" after them)
    if _AS_AFTER.match(text, end, end + 6) and _REFER_BEFORE.search(
        text, max(0, start - 30), start
    ):
        return True
    # a label denied and corrected: "it is not pornographic images, it is abuse"
    if _CORRECTED_AFTER.match(text, end, end + 40) and _DENIED_BEFORE.search(
        text, max(0, start - 40), start
    ):
        return True
    if quoted and at_most_words(text, quoted[0], quoted[1], len(words_in(text, start, end)) + 3):
        # one of a list of quoted terms introduced as terms: as “child
        # pornography”, “child erotica” or …; such as “…”, “…”
        if (
            _QUOTED_NEXT.match(text, quoted[1], quoted[1] + 12)
            or _QUOTED_BEFORE.search(text, max(0, quoted[0] - 12), quoted[0])
        ) and _LIST_INTRO.search(text, max(0, quoted[0] - 200), quoted[0]):
            return True
        s_lo = sentences(doc).span(quoted[0])[0]
        s_hi = sentences(doc).span(start)[1]
        lo = max(quoted[0] - 60, s_lo)
        # a quoted label denied: children are not “prostitutes”
        if _DENIAL.search(text, lo, quoted[0]):
            return True
        # a quoted term in a sentence that discusses words: a cue anywhere in it
        # (within 400 characters: a sentence of a PDF or wikitext may be long)
        for s, e in _cues_in(detector, doc, max(quoted[0] - 400, s_lo), min(quoted[1] + 400, s_hi)):
            if e <= quoted[0] or s >= quoted[1]:
                return True
    # (a generous budget: blanked markup, such as a footnote, may lie between)
    if not _any_cue(detector, doc, start - 600, start):
        return False
    for _s, e in _cues_in(detector, doc, max(0, start - 600), start):
        # the cue right before the term, or before a short list that ends with
        # it (up to three listed terms of five words, with their articles: the
        # gap's pattern bounds how far back a cue may be)
        if _LIST_GAP.fullmatch(text, e, start):
            return True
    return False


#: "or" and "and" in the languages of termlint's packs, between listed terms.
_OR_AND = r"(?:or|and|ou|et|oder|und|o|y|e|ed|of|en)"
#: Quotation marks that open and close a quoted term (French, German and
#: English ones).
_OPEN = "\"'\u201c\u2018\u00ab\u201e\u201a\u2039"
_CLOSE = "\"'\u201d\u2019\u00bb\u201c\u2018\u203a"
#: "or", "and", "or even", "and also" between listed terms.
_OR_AND_EVEN = rf"{_OR_AND}(?:\s+(?:even|also|perhaps|sometimes|simply))?"
#: What separates two listed quoted terms: a comma, semicolon, slash or dash,
#: "or (even)", or the space after a comma inside the closing mark.
_LIST_SEP = (
    rf"(?:\s*(?:[,;/\u2013\u2014]\s*(?:{_OR_AND_EVEN}\s+)?|{_OR_AND_EVEN}\s+)"
    rf"|(?<=[,;][{_CLOSE}])\s+)"
)
_LIST_INTRO = _Lazy(
    r"(?:\b(?:as|like|such\s+as|including|include|includes|terms?|words?|labels?"
    r"|language|slang|keywords?|hashtags?|euphemisms?|code\s+words?"
    r"|comme|tels?\s+que|telles?\s+que|wie|como|come|zoals|termes?|mots?|Begriffe?"
    r"|Wörter|términos?|palabras?|termos?|palavras?|termini|parole|termen|woorden)\s*\(?\s*|:\s*)"
    rf"(?:(?:(?:a|an|the)\s+)?[{_OPEN}][^{_OPEN}{_CLOSE}]{{1,60}}[{_CLOSE}]"
    rf"{_LIST_SEP})*"
    r"(?:(?:a|an|the)\s+)?$"
)
_DENIAL = _Lazy(
    r"\b(?:not|never|no|nothing|(?:is|are|was|were|do|does|did|can|could)n[\u2019']t|cannot)\b"
    r"(?:\s+(?:such\s+thing\s+as|longer|more|be|been|called|a|an|the|just|simply|only|"
    r"really|merely|ever))*\s*$",
    re.IGNORECASE,
)
_REFER_BEFORE = _Lazy(r"\brefer(?:s|red|ring)?\s+to\s+[\"'\u201c\u2018]?$", re.IGNORECASE)
_AS_AFTER = _Lazy(r"[\"'\u201d\u2019]?\s+as\b", re.IGNORECASE)
_DENIED_BEFORE = _Lazy(
    r"\b(?:is|are|was|were|it[\u2019']s|they[\u2019']re)\s+not\s+(?:a\s+|an\s+|just\s+|simply\s+)?"
    r"[\"'\u201c\u2018]?$",
    re.IGNORECASE,
)
_CORRECTED_AFTER = _Lazy(
    r"[\"'\u201d\u2019]?\s*[,;:\u2013\u2014-]+\s*(?:but\s+)?(?:it|they|this|that|these)\s*"
    r"(?:is|are|was|were|[\u2019']s|[\u2019']re)\b",
    re.IGNORECASE,
)
#: An English article before a listed term ("no such thing as a ‘…’ or an ‘…’").
_ARTICLE = r"(?:(?:a|an|the)\s+)?"
_QUOTED_NEXT = _Lazy(rf"{_LIST_SEP}{_ARTICLE}[{_OPEN}]")
_QUOTED_BEFORE = _Lazy(
    rf"[{_CLOSE}]\s*(?:[,;/\u2013\u2014]\s*(?:{_OR_AND_EVEN}\s+)?|{_OR_AND_EVEN}\s+){_ARTICLE}$"
)

_LIST_GAP = re.compile(
    rf"[\s{_OPEN}*:,]*{_ARTICLE}[{_OPEN}]*"
    rf"(?:(?:[{_OPEN}]?[\w-]+(?:\s+[\w-]+){{0,4}}[{_CLOSE}]?\s*(?:,|{_OR_AND}\b)\s*"
    # "the term child sexual abuse and not child pornography"
    rf"(?:(?:not|never|rather\s+than|instead\s+of)\s+)?{_ARTICLE}[{_OPEN}*]*){{0,3}}"
    # or, right after the cue, a compound named whose tail is the match: "also
    # known as webcam sex tourism" (one lower-case word, not a determiner, pronoun
    # or preposition)
    r"|(?!(?:his|her|their|its|our|my|your|this|these|those|that|which|who|whose|of|in|on"
    r"|for|with|to|by|at|from|and|or|not|any|all|some|such|more|most|old|new)\b)"
    rf"[a-z][a-z-]{{2,}}\s+[{_OPEN}]*)"
)


class Exemptions:
    """All detectors of one configuration, compiled once."""

    def __init__(
        self, phrases: TermMatcher[tuple[str | None, str]], settings: Settings | None = None
    ) -> None:
        self._phrases = phrases
        self.settings = settings or Settings()

    def scan(self, doc: Document) -> Protected:
        found = Protected()
        for start, end, payloads in self._phrases.finditer(doc.text):
            for scope, label in payloads:
                found.spans.append((start, end, scope, label))
        return found.finish()

    @property
    def wording_reported(self) -> bool:
        """Whether a configuration reports some fixed wording (a quotation, a
        mention, a title or a name) that :meth:`decide` would otherwise exempt."""
        settings = self.settings
        return "flag" in (settings.quotations, settings.titles, settings.proper_names) or any(
            is_mention_detector(d.name) and d.effect == "flag" for d in settings.cue_detectors
        )

    def decide(
        self,
        doc: Document,
        protected: Protected,
        start: int,
        end: int,
        rule_id: str,
        *,
        wording: bool = False,
    ) -> Exemption | None:
        """The exemption that applies to a match, or None.

        With ``wording``, only whether the match's wording is fixed (a name,
        a title, a quotation, a mention), whatever effect the configuration
        gives those detectors: ``fix`` never rewrites such wording, even where
        a configuration reports it."""
        label = protected.covering(start, end, rule_id)
        if label is not None:
            return Exemption(label, "ignore")
        glued = identifier_at(doc.text, start, end)
        if glued is not None:
            return Exemption(glued, "ignore")
        settings = self.settings
        if doc.names and _inside(_structural(doc, "names"), start, end):
            return Exemption("link target", "ignore")
        if not wording and settings.title_line != "flag" and title_line_at(doc, start, end):
            return Exemption("document title", settings.title_line)
        if wording or settings.proper_names != "flag":
            name = proper_name_at(doc, start, end) or named_at(doc, start)
            if name:
                return Exemption(f"proper name: {name}", settings.proper_names)
        quoted = _inside(quotations(doc), start, end)  # asked about three times below
        if wording or settings.titles != "flag":
            title = title_at(doc, start, end, quoted)
            if title:
                return Exemption(title, settings.titles)
        for detector in settings.cue_detectors:
            mention = is_mention_detector(detector.name)
            if (detector.effect == "flag" and not (wording and mention)) or (
                wording and not mention
            ):
                continue
            if detector.rules is not None and rule_id not in detector.rules:
                continue
            if detector.terms is not None and not detector.applies_to(doc.text[start:end]):
                continue
            if mention:
                hit = metalinguistic_at(detector, doc, start, end, quoted)
            else:
                hit = _cue_near(detector, doc, start, end)
            if hit:
                return Exemption(detector.name, detector.effect, fixed_wording=mention)
        if (wording or settings.quotations != "flag") and (
            (quoted and not scare_quote(doc, quoted, start, end))
            or (
                not quoted
                and (
                    speaker_turn(doc, start)
                    or introduced_quotation(doc, start)
                    or continued_quotation(doc, start, end)
                )
            )
        ):
            return Exemption("quotation", settings.quotations)
        return None
