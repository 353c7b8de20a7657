"""Markdown (CommonMark with GFM tables; ``.md``, ``.markdown``, ``.mdown``).

Checked as prose: paragraphs, headings, list items, table cells, link text,
image alt text, footnotes (``[^1]: text``), block quotes (which count as
quotations), and in YAML (``---``) or TOML (``+++``) front matter the values
of ``title``, ``subtitle``, ``description`` and ``summary`` (the page's
headline; the configuration's ``front-matter`` says which values are checked).

Skipped: the rest of the front matter, fenced and indented code blocks,
inline code, HTML tags and comments, link and image targets and titles
(``](url "title")``), reference-link labels and definitions, footnote labels
and references (``[^1]``), autolinks, URLs, e-mail addresses, emphasis
markers, heading and block-quote markers, table pipes and separator rows,
attribute lists (``{#id .class}``, ``{: #id}``), template tags of static
site generators (Hugo shortcodes ``{{< ref "page" >}}``, Liquid and Jinja
``{% include x %}``, ``{{ page.title }}``), the targets of wiki links
(``[[target|label]]``: the label is prose).

Names: a wiki link without a label (``[[target]]``, as Obsidian and other
note-taking tools write them); the text of a collapsed reference link
(``[text][]``) and of a shortcut one (``[text]``) whose label is defined,
which is the link's label too. A name is reported only with
``--show-suppressed`` and never fixed.

Structure: block quotes (``>``, with their lazy continuation lines) and HTML
``<blockquote>`` and ``<q>`` are quotations.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

from ..document import Document
from ._mask import Masker, finditer_lines, lf_lines
from .html import _STRUCTURE as _HTML_STRUCTURE
from .html import structure as html_structure
from .plain import skip_addresses

_FRONT_MATTER = re.compile(
    r"\A(?:---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n.*?\r?\n\+\+\+)[ \t]*(?:\r?\n|\Z)",
    re.DOTALL,
)
_FENCE = re.compile(
    r"^([ \t]{0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:(?P<close>^\1?[ \t]{0,3}\2[`~]*[ \t]*$)|\Z)",
    re.DOTALL | re.MULTILINE,
)
#: (after a blank line: empty, or one space or tab, as a CRLF's is when scanned)
_INDENTED = re.compile(r"(?:(?<=\n\n)|(?<=\n[ \t]\n)|(?<=\A))(?:(?: {4}|\t)[^\n]*(?:\n|\Z))+")
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LINK_TAIL = re.compile(
    r"\]\([^()\s]*(?:\([^()]*\)[^()\s]*)*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
#: Where a tag may start (one may run over several lines).
_TAG_START = re.compile(r"</?[A-Za-z]")
_REF_TAIL = re.compile(r"\]\[[^\]\n]*\]")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[(?!\^)([^\]\n]+)\]:[ \t]*\S.*$", re.MULTILINE)
#: A collapsed reference link (``[text][]``) and a shortcut one (``[text]``):
#: the text is the label too.
_COLLAPSED_REF = re.compile(r"(?<![\]\\])!?\[(?!\^)([^\[\]\n]+)\]\[\]")
_SHORTCUT_REF = re.compile(r"(?<![\]\\])!?\[(?!\^)([^\[\]\n]+)\](?![\[(:])")
#: Template tags of static site generators: Hugo shortcodes (``{{< ref
#: "page" >}}``, ``{{% note %}}``), Liquid and Jinja (``{% include x %}``,
#: ``{{ page.title }}``); the text between a pair of them is prose.
#: (at most 400 characters: a line with many "{{" and no "}}" is read in
#: linear time)
_TEMPLATE_TAG = re.compile(r"\{\{[<%].{0,400}?[>%]\}\}|\{%.{0,400}?%\}|\{\{.{0,400}?\}\}")
#: A wiki link of note-taking tools (Obsidian, Foam, MkDocs plugins):
#: ``[[target]]``, ``[[target|label]]``, ``![[embedded]]``.
_WIKILINK = re.compile(r"!?\[\[([^\[\]|\n]+)(\|[^\[\]\n]*)?\]\]")
#: An attribute list (Pandoc, kramdown, Python-Markdown's attr_list):
#: ``{#id .class key=value}``, ``{: #id}``.
_ATTRIBUTES = re.compile(r"\{:?[ \t]*[#.][^{}\n]*\}")
#: a footnote's label: its text is prose
_FOOTNOTE_DEF = re.compile(r"^[ \t]{0,3}\[\^[^\]\s]+\]:", re.MULTILINE)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\](?!:)")
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
#: (a link's text of at most 2,000 characters: a line of many "[" is read in
#: linear time)
_OPEN_BRACKET = re.compile(r"!?\[(?=[^\]\n]{0,2000}\](?:\(|\[))")
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?=[ \t]|$)|[ \t]+#+[ \t]*$", re.MULTILINE)
_SETEXT = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
#: A block quote's markers (group 1), at the start of a line or inside a list
#: item: after its list markers (``- > quoted``) or indented under it (an
#: indented line that is code is left out by the caller).
_QUOTE_MARK = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*((?:>[ \t]?)+)", re.MULTILINE)
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
    (_FOOTNOTE_DEF, ("[^",)),
    (_FOOTNOTE_REF, ("[^",)),
    (_AUTOLINK, ("<",)),
    (_OPEN_BRACKET, ("[",)),
    (_HEADING, ("#",)),
    (_SETEXT, ()),
    (_EMPHASIS, ("*", "_")),
    (_TABLE_SEP, ("---",)),
    (_LIST_MARK, ()),
    (_ATTRIBUTES, ("{",)),
    (_TEMPLATE_TAG, ("{{", "{%")),
)
#: Patterns whose matches never cross a line break: searched line by line.
_IN_ONE_LINE = frozenset(
    {_HEADING, _EMPHASIS, _REF_DEF, _FOOTNOTE_DEF, _FOOTNOTE_REF, _ATTRIBUTES, _TEMPLATE_TAG}
)


def _holds(text: str, *needles: str) -> bool:
    """Whether ``text`` holds one of ``needles`` (no needles: always)."""
    return not needles or any(n in text for n in needles)


def to_document(path: str, text: str, front_matter: str = "headline") -> Document:
    """The document of Markdown ``text``. ``front_matter``: which values of
    the front matter are checked: ``headline`` (those of :data:`HEADLINE`),
    ``values`` (all) or ``skip`` (none)."""
    masker = Masker(path, text, "markdown")
    text = lf_lines(text, crlf=True)
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
            last = m.start()
            for start, end in _headlines(text, m.end()) if front_matter == "headline" else ():
                masker.skip(last, start)
                last = end
            masker.skip(last, m.end())
    # Each pattern is searched for only where the text holds what every one
    # of its matches holds (most prose has no code, tags or headings).
    has = functools.partial(_holds, text)
    for m in _FENCE.finditer(text) if has("```", "~~~") else ():
        if not in_code(m.start()):
            masker.skip_match(m)
            code.add(m.span())
    indented = has("\n    ", "\n\t") or text.startswith(("    ", "\t"))
    for m in _INDENTED.finditer(text) if indented else ():
        if not in_code(m.start()) and not _continues_item(text, m.start()):
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
    if has("]:", "][]"):
        _reference_labels(masker, text, in_code)
    for m in finditer_lines(_WIKILINK, text, ("[[",)) if has("[[") else ():
        if in_code(m.start()):
            continue
        if m.group(2):  # [[target|label]]: the label is prose
            masker.skip(m.start(), m.end(1) + 1)
            masker.skip(m.end() - 2, m.end())
        else:  # [[target]]: shown as it is, a name
            masker.skip(m.start(), m.start(1))
            masker.skip(m.end(1), m.end())
            masker.names.append(m.span(1))
    # block quotes: markers skipped, content (and lazy continuation lines) a quotation
    quote: list[int] = []  # start and end of the quotation being read
    for m in finditer_lines(_QUOTE_MARK, text, (">",)) if has(">") else ():
        if in_code(m.start(1)):
            continue
        masker.skip(*m.span(1))
        if quote and m.start() > quote[1] + 1:  # not the next line
            quote[1] = _lazy_end(text, quote[1], m.start())
            if m.start() > quote[1] + 1:
                masker.quotations.append((quote[0], quote[1]))
                quote = []
        elif quote and m.start(1) > m.start() and m.group().lstrip(" \t")[:1] != ">":
            masker.quotations.append((quote[0], quote[1]))  # a new list item's own quote
            quote = []
        if not quote:
            quote = [m.start(1), 0]
        quote[1] = _line_end(text, m.end())
    if quote:
        masker.quotations.append((quote[0], _lazy_end(text, quote[1], len(text))))
    if has("<"):
        html_structure(masker, text, in_code)
    # table pipes: only on lines that look like table rows
    for m in re.finditer(r"^[ \t]*\|.*\|[ \t]*$", text, re.MULTILINE) if has("|") else ():
        if not in_code(m.start()):
            for p in _PIPE.finditer(text, m.start(), m.end()):
                masker.skip_match(p)
    skip_addresses(masker)
    return masker.document()


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _reference_labels(masker: Masker, text: str, in_code: Callable[[int], bool]) -> None:
    """The text of a collapsed reference link (``[text][]``), or of a
    shortcut one (``[text]``) whose label the document defines, is also the
    link's label: a name, never rewritten (the definition would no longer
    match)."""
    defined = {
        _label(m.group(1))
        for m in finditer_lines(_REF_DEF, text, ("]:",))
        if not in_code(m.start())
    }
    for m in finditer_lines(_COLLAPSED_REF, text, ("][]",)):
        if not in_code(m.start()):
            masker.names.append(m.span(1))
    if not defined:
        return
    for m in finditer_lines(_SHORTCUT_REF, text, ("]",)):
        if not in_code(m.start()) and _label(m.group(1)) in defined:
            masker.names.append(m.span(1))


def open_at(text: str, start: int, end: int) -> bool:
    """Whether Markdown read from ``start`` (where nothing is open: the
    start of the text, or a place this function said so of) leaves a
    construct open at ``end`` that the reader of the whole text would carry
    on past it: front matter, a fenced code block, an HTML comment, inline
    code (a run of backticks with no run of its length after it: the
    reader pairs it with one further on), a tag or a link target not yet
    closed, or an element that marks a quotation, a title or an acronym
    (``<blockquote>``, ``<q>``, ``<cite>``, ``<abbr>``) not yet closed. The
    text may be cut at ``end`` when it is not: each side then reads as
    in the whole. (Indented code and block quotes end at a blank line
    before a line that is not indented, where the text is cut.)"""
    code = _Spans()
    in_code = code.contains
    if start == 0 and text.startswith(("---", "+++")):
        m = _FRONT_MATTER.match(text, 0, end)
        if m is None or m.end() >= end:
            return True
        code.add(m.span())
    for m in _FENCE.finditer(text, start, end):
        if m.group("close") is None:
            return True
        if not in_code(m.start()):
            code.add(m.span())
    for m in _INDENTED.finditer(text, start, end):
        if not in_code(m.start()) and not _continues_item(text, m.start()):
            code.add(m.span())
    for m in _COMMENT.finditer(text, start, end):
        if not m.group().endswith("-->"):
            return True
        if not in_code(m.start()):
            code.add(m.span())
    reach = start  # every run of backticks must be inside a pair
    for m in _INLINE_CODE.finditer(text, start, end):
        if text.find("`", reach, m.start()) != -1:
            return True
        reach = m.end()
        if not in_code(m.start()):
            code.add(m.span())
    if text.find("`", reach, end) != -1:
        return True
    tags = [m.start() for m in _TAG_START.finditer(text, start, end)]
    if tags and text.find(">", tags[-1], end) == -1:
        return True  # the last place a tag may start is not closed
    link = text.rfind("](", start, end)
    if link != -1 and text.find(")", link, end) == -1:
        return True
    opened: dict[str, int] = {}
    for m in _HTML_STRUCTURE.finditer(text, start, end):
        if in_code(m.start()):
            continue
        name = m.group(2).lower()
        if m.group(1) == "":
            opened[name] = opened.get(name, 0) + 1
        elif opened.get(name):
            opened[name] -= 1
    return any(opened.values())


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


def _line_end(text: str, pos: int) -> int:
    """Where the line that holds ``pos`` ends (its line break, or the end)."""
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


#: Lines that start a block of their own: no lazy continuation of a quotation.
_NEW_BLOCK = re.compile(
    r"[ \t]*(?:\r?$|#|`{3}|~{3}|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|[<|]|[-*_=]{3})",
    re.MULTILINE,
)


def _lazy_end(text: str, end: int, limit: int) -> int:
    """The end of a block quote whose last marked line ends at ``end``: the
    lines after it that go on with its paragraph (CommonMark's lazy
    continuation lines, without ``>``) are part of it; ``limit``: where the
    next quoted line starts."""
    if not text[_line_start(text, end) : end].strip(" \t\r>"):
        return end  # the quote's last line is empty: no paragraph goes on
    while end + 1 < min(limit, len(text)) and not _NEW_BLOCK.match(text, end + 1):
        end = _line_end(text, end + 1)
    return end


def _continues_item(text: str, pos: int) -> bool:
    """Whether the indented block at ``pos`` (after a blank line) goes on with
    a list item or a footnote rather than being code: a paragraph before it
    (past other indented ones) has a list marker or a footnote label."""
    line = _line_start(text, pos - 1)  # the blank line before
    for _ in range(100):
        while line > 0 and not text[_line_start(text, line - 1) : line].strip():
            line = _line_start(text, line - 1)  # back over blank lines
        indented = True
        while line > 0 and text[_line_start(text, line - 1) : line].strip():
            line = _line_start(text, line - 1)  # up the paragraph
            if _LIST_MARK.match(text, line) or _FOOTNOTE_DEF.match(text, line):
                return True
            indented = text.startswith(("    ", "\t"), line)
        if line == 0 or not indented:
            return False
    return False


#: Front-matter keys whose values are the page's headline, checked as prose.
HEADLINE = ("title", "subtitle", "description", "summary")
_HEADLINE_KEY = re.compile(
    rf"^(?:{'|'.join(HEADLINE)})[ \t]*[:=][ \t]*", re.MULTILINE | re.IGNORECASE
)
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?\r?$")


def _headlines(text: str, end: int) -> list[tuple[int, int]]:
    """The spans of the values of :data:`HEADLINE` keys in the front matter
    ``text[:end]`` (YAML or TOML; quotes left out)."""
    out = []
    if text.startswith("+++"):  # TOML: the keys of the page, before its first [table]
        table = text.find("\n[", 0, end)
        end = end if table == -1 else table
    for key in _HEADLINE_KEY.finditer(text, 0, end):
        line_end = _line_end(text, key.end())
        value = text[key.end() : line_end].rstrip()
        start = key.end()
        if value[:3] in ('"""', "'''"):  # a TOML multi-line string
            close = text.find(value[:3], start + 3, end)
            if close != -1:
                out.append((start + 3, close))
            continue
        if len(value) > 1 and value[0] in "\"'" and value[-1] == value[0]:
            out.append((start + 1, start + len(value) - 1))
        elif value and not _BLOCK_SCALAR.match(value):
            out.append((start, start + len(value)))
        # the indented lines below: a block scalar, or a value going on
        line = line_end + 1
        while line < end and text.startswith((" ", "\t", "\n", "\r\n"), line):
            line_end = min(_line_end(text, line), end)
            if text[line:line_end].strip():
                out.append((line, line_end))
            line = line_end + 1
    return out
