"""Markdown (CommonMark with GFM tables; ``.md``, ``.markdown``, ``.mdown``).

Checked as prose: paragraphs, headings, list items, table cells, link text,
image alt text, block quotes (which count as quotations).

Skipped: YAML (``---``) and TOML (``+++``) front matter, fenced and indented
code blocks, inline code, HTML tags and comments, link and image targets and
titles (``](url "title")``), reference-link labels and definitions,
autolinks, URLs, e-mail addresses, emphasis markers, heading and block-quote
markers, table pipes and separator rows.
"""

from __future__ import annotations

import bisect
import functools
import re

from ..document import Document
from ._mask import Masker, finditer_lines
from .plain import skip_addresses

_FRONT_MATTER = re.compile(
    r"\A(?:---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n.*?\r?\n\+\+\+)[ \t]*(?:\r?\n|\Z)",
    re.DOTALL,
)
_FENCE = re.compile(
    r"^([ \t]{0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?[ \t]{0,3}\2[`~]*[ \t]*$|\Z)",
    re.DOTALL | re.MULTILINE,
)
_INDENTED = re.compile(r"(?:(?<=\n\n)|(?<=\A))(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+")
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LINK_TAIL = re.compile(
    r"\]\([^()\s]*(?:\([^()]*\)[^()\s]*)*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REF_TAIL = re.compile(r"\]\[[^\]\n]*\]")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
_OPEN_BRACKET = re.compile(r"!?\[(?=[^\]\n]*\](?:\(|\[))")
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?=[ \t]|$)|[ \t]+#+[ \t]*$", re.MULTILINE)
_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.MULTILINE)
_EMPHASIS = re.compile(r"(?<![\w*])(?:\*{1,3}|_{1,3})(?=\S)|(?<=\S)(?:\*{1,3}|_{1,3})(?![\w*])")
_TABLE_SEP = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE
)
_PIPE = re.compile(r"(?<!\\)\|")
_LIST_MARK = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?=[ \t])", re.MULTILINE)


#: Markup patterns, each with the strings one of which every match holds
#: (none: the pattern is always searched for).
_MARKUP: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_TAG, ("<",)),
    (_LINK_TAIL, ("](",)),
    (_REF_TAIL, ("][",)),
    (_REF_DEF, ("]:",)),
    (_AUTOLINK, ("<",)),
    (_OPEN_BRACKET, ("[",)),
    (_HEADING, ("#",)),
    (_SETEXT, ()),
    (_EMPHASIS, ("*", "_")),
    (_TABLE_SEP, ("---",)),
    (_LIST_MARK, ()),
)
#: Patterns whose matches never cross a line break: searched line by line.
_IN_ONE_LINE = frozenset({_HEADING, _EMPHASIS, _REF_DEF})


def _holds(text: str, *needles: str) -> bool:
    """Whether ``text`` holds one of ``needles`` (no needles: always)."""
    return not needles or any(n in text for n in needles)


def to_document(path: str, text: str, front_matter: str = "skip") -> Document:
    masker = Masker(path, text, "markdown")
    code = _Spans()
    in_code = code.contains

    m = _FRONT_MATTER.match(text)
    if m:
        code.add(m.span())
        if front_matter == "values":
            # keys, delimiters and quotes are skipped; values are prose
            masker.skip(m.start(), text.find("\n", m.start()) + 1)
            masker.skip(text.rfind("\n", m.start(), m.end() - 1) + 1, m.end())
            for key in re.finditer(
                r"^([ \t-]*[\w.-]+[ \t]*[:=])[ \t]*[\"']?", text[: m.end()], re.MULTILINE
            ):
                masker.skip_match(key)
        else:
            masker.skip_match(m)
    # Each pattern is searched for only where the text holds what every one
    # of its matches holds (most prose has no code, tags or headings).
    has = functools.partial(_holds, text)
    for m in _FENCE.finditer(text) if has("```", "~~~") else ():
        if not in_code(m.start()):
            masker.skip_match(m)
            code.add(m.span())
    indented = has("\n\n    ", "\n\n\t") or text.startswith(("    ", "\t"))
    for m in _INDENTED.finditer(text) if indented else ():
        if not in_code(m.start()) and not _LIST_MARK.match(text, _line_start(text, m.start() - 2)):
            masker.skip_match(m)
            code.add(m.span())
    for m in _COMMENT.finditer(text) if has("<!--") else ():
        if not in_code(m.start()):
            masker.skip_match(m)
            masker.comments.append((m.start(), m.end(), m.group(1)))
            code.add(m.span())
    for m in _INLINE_CODE.finditer(text) if has("`") else ():
        if not in_code(m.start()):
            masker.skip_match(m)
            code.add(m.span())
    for pattern, needles in _MARKUP:
        if not has(*needles):
            continue
        found = (
            finditer_lines(pattern, text, needles)
            if pattern in _IN_ONE_LINE
            else pattern.finditer(text)
        )
        for m in found:
            if not in_code(m.start()):
                masker.skip(
                    m.start(1) if pattern is _HEADING and m.group(1) else m.start(), m.end()
                )
    # block quotes: markers skipped, content is a quotation
    quote_start = None
    for m in re.finditer(r"^.*$", text, re.MULTILINE) if has(">") else ():
        marker = _QUOTE_MARK.match(m.group())
        if marker and not in_code(m.start()):
            masker.skip(m.start(), m.start() + marker.end())
            if quote_start is None:
                quote_start = m.start()
            quote_end = m.end()
        elif quote_start is not None:
            masker.quotations.append((quote_start, quote_end))
            quote_start = None
    if quote_start is not None:
        masker.quotations.append((quote_start, quote_end))
    # table pipes: only on lines that look like table rows
    for m in re.finditer(r"^[ \t]*\|.*\|[ \t]*$", text, re.MULTILINE) if has("|") else ():
        if not in_code(m.start()):
            for p in _PIPE.finditer(text, m.start(), m.end()):
                masker.skip_match(p)
    skip_addresses(masker)
    return masker.document()


class _Spans:
    """Non-prose spans found so far (code, comments), for fast containment tests."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.ends.insert(i, span[1])

    def contains(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return any(self.ends[j] > pos for j in range(max(i - 2, 0), i + 1) if j >= 0)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, max(pos, 0)) + 1
