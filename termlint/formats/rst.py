"""reStructuredText (``.rst``, ``.rest``).

Checked as prose: paragraphs, section titles, list items, table cells, the
text of hyperlinks and roles (``:emphasis:`text```), footnotes and citations
(``.. [1] text``), the titles and bodies of admonitions and other prose
directives (``note``, ``warning``, ``admonition``, ``topic``, ``sidebar``,
``rubric``...), the body of directives termlint does not know, the ``alt``,
``caption`` and ``subtitle`` options, the text of a ``replace``
substitution.

Skipped: what roles name (the content of ``:ref:``, ``:doc:``, ``:term:``,
``:py:func:`` and every other role but the prose ones, ``:emphasis:``,
``:strong:``, ``:sub:``, ``:sup:``, ``:abbr:``, and the title roles below; a
title before a ``<target>`` is prose), substitution references (``|name|``), the
bodies of metadata fields (``:slug:``, ``:tags:``, ``:category:``,
``:date:``...), comments (``..`` followed by text that is not a directive, a
target or a footnote), inline literals (````code````), literal blocks (after
``::``), the content of ``code``, ``code-block``, ``literalinclude``,
``math``, ``raw``, ``toctree`` and other code or data directives (see
:data:`SKIPPED`), directive names, arguments and other options, role names,
hyperlink targets (``.. _name: url``) and link URIs (``<url>``), other
substitution definitions, footnote labels and references, section underlines
and overlines, field names, emphasis markers, URLs.

Titles: interpreted text without a role (`` `text` ``, docutils' default
role, the title of a work) and the ``:title-reference:`` role.

Names: the text of a hyperlink reference by name (`` `name`_ ``): it is
the target's name too.

Structure: block quotes (indented paragraphs) and the ``epigraph`` and
``pull-quote`` directives are quotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ._mask import Masker, finditer_lines, lf_lines
from .plain import skip_addresses

#: Directives whose content is code or data, skipped whole.
SKIPPED = frozenset(
    """code code-block sourcecode literalinclude math raw include csv-table parsed-literal
    highlight toctree index productionlist tabularcolumns default-role role sectnum contents
    meta bibliography doctest testcode testoutput testsetup testcleanup ipython
    jupyter-execute code-cell program-output command-output exec runblock prompt mermaid
    graphviz graph digraph plantuml uml kroki blockdiag seqdiag actdiag nwdiag autosummary
    """.split()
)
#: Directives whose content is someone else's words: quotations.
QUOTATIONS = frozenset({"epigraph", "pull-quote"})
#: Directives whose argument is prose (a title, or the first words of the content).
PROSE_ARGUMENT = frozenset(
    """admonition attention caution danger error hint important note tip warning seealso
    topic sidebar rubric title table list-table versionadded versionchanged versionremoved
    deprecated todo centered epigraph pull-quote highlights header footer replace dropdown
    card tab tab-item details""".split()
)
#: Directive options whose value is prose.
PROSE_OPTIONS = frozenset({"alt", "caption", "subtitle"})

_DIRECTIVE = re.compile(r"([\w][\w:+.-]{0,100}?)::(?=\s|$)")  # (a name of at most 101 characters)
_SUBSTITUTION = re.compile(r"\|[^|\n]+\|\s+")
_FOOTNOTE = re.compile(r"\[(?:\d+|#[\w.:+-]*|\*|[\w][\w.:+-]*)\](?=\s|$)")
_OPTION_LINE = re.compile(r":([\w-]+):")
_BULLET = re.compile(
    r"(?:[-*+\u2022\u2023\u2043]|\(?(?:\d+|#|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)])[ \t]+"
)
_BLANK_LINES = re.compile(r"(?:\r?\n[ \t]*(?=\r?\n))*(?:\r?\n)?")
_UNDERLINE = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1{2,}[ \t]*$", re.MULTILINE)
#: An inline literal, by the rules of inline markup: its end is two backquotes
#: after a non-space and before a space, punctuation or the end (so
#: ````a``b```` holds ``a``b``).
#: (Within a paragraph, and at most 500 characters: a text of many ``
#: that never end is read in linear time.)
_LITERAL = re.compile(
    r"(?<![\w`])``\S(?:(?:[^\n]|\n(?![ \t]*\n)){0,500}?\S)?``"
    r"(?=[\s\-.,:;!?\\/'\")\]}>\u2019\u201d]|\Z)"
)
_ROLE = re.compile(r":[\w.-]+:(?=`)")
#: A role with its content: ``:name:`content``` (``:py:func:`...```, too).
_ROLE_CONTENT = re.compile(r":((?:[\w.+-]+:)*[\w.+-]+):`([^`]*)`")
#: Roles whose content is prose; any other role's content names something (a
#: label, a document, a glossary term, code, a key) unless it gives a title
#: before its target (``:ref:`the title <label>```), which is prose.
PROSE_ROLES = frozenset("emphasis strong sub subscript sup superscript abbr".split())
#: Roles whose content is the title of a work.
TITLE_ROLES = frozenset("title-reference title t".split())
#: Interpreted text without a role (`` `text` ``): the default role, the title
#: of a work in docutils (a cross-reference where a Sphinx project sets
#: another), never the author's own wording.
_INTERPRETED = re.compile(r"(?<![\w`:])`(?!`)([^`\n]+)`(?![`_\w])")
_EXPLICIT_TARGET = re.compile(r"\s*(<[^<>]*>)\Z")
#: A substitution reference (``|name|``, ``|name|_``): a name, never prose.
_SUBSTITUTION_REFERENCE = re.compile(
    r"(?<![^\s(\[{'\"<:/-])\|(?=[^\s|])[^|\n]*(?<=[^\s|])\|(?:__?)?(?=[\s.,;:!?)\]}'\"/-]|$)",
    re.MULTILINE,
)
_LINK = re.compile(r"`([^`<]*?)\s*<[^>]+>`__?")
_REFERENCE = re.compile(r"`(?=[^`]+`_)|(?<=[^`])`__?(?!\w)")
_FOOTNOTE_REFERENCE = re.compile(r"\[(?:\d+|#[\w.:+-]*|\*|[\w][\w.:+-]*)\]_")
_FIELD = re.compile(r"^[ \t]*:[\w -]+:", re.MULTILINE)
#: Fields that hold a page's metadata for a site generator (Pelican, Sphinx,
#: Nikola): their bodies are names, dates and addresses, not prose.
_METADATA_FIELD = re.compile(
    r"^[ \t]*:(?:slug|tags?|categor(?:y|ies)|keywords|url|save_as|template|lang|status"
    r"|authors?|date|modified|series|cover|image|og_image|canonical|permalink|layout|orphan"
    r"|nocomments|tocdepth|id|link|previewimage):[^\n]*",
    re.MULTILINE | re.IGNORECASE,
)
#: A hyperlink reference by name (`` `name`_ ``, no ``<url>``): its text is
#: the name of a target defined elsewhere (an anonymous one, ``__``, is not).
_NAMED_REFERENCE = re.compile(r"(?<![`\w:])`([^`<>\n]+)`_(?!_)")
_EMPHASIS = re.compile(r"(?<![\w*`])\*{1,2}(?=[^\s*])|(?<=[^\s*])\*{1,2}(?![\w*])")


@dataclass
class _Line:
    start: int
    end: int  # before the line break
    indent: int  # in columns
    #: where the text of an item's continuation lines begins (a list item's
    #: text; deeper than any indentation for a field, whose body may be
    #: indented by any amount)
    text_indent: int
    literal: bool  # ends with "::": introduces a literal block


@dataclass
class _Block:
    """An indented block: a directive's content, a comment, a block quote,
    a literal block... Its lines are indented more than ``owner``."""

    owner: int
    #: "prose", "quote", "skip", "comment", or "code": prose options, then skipped
    kind: str
    start: int
    end: int
    #: the last line of the block's own text (none yet: the block's first
    #: line sets its indentation)
    prev: _Line | None = None
    #: before the block's first blank line: "argument" or an option name
    head: str | None = None
    head_prose: bool = False
    comment_start: int = 0


def _lines(text: str):  # type: ignore[no-untyped-def]
    start = 0
    size = len(text)
    while start < size:
        nl = text.find("\n", start)
        end = size if nl == -1 else nl
        yield start, end - 1 if end > start and text[end - 1] == "\r" else end
        start = end + 1


def _close(masker: Masker, text: str, stack: list[_Block]) -> None:
    """Close the innermost block."""
    block = stack.pop()
    if stack:
        stack[-1].end = max(stack[-1].end, block.end)
    if block.kind == "skip":
        masker.skip(block.start, block.end)
    elif block.kind == "comment":
        # the blank lines after a comment are its own: its "next line" is the text after them
        block.end = _BLANK_LINES.match(text, block.end).end()  # type: ignore[union-attr]
        masker.skip(block.comment_start, block.end)
        masker.comments.append((block.comment_start, block.end, text[block.start : block.end]))
    elif block.kind == "quote" and block.end > block.start:
        masker.quotations.append((block.start, block.end))


def _explicit(masker: Masker, text: str, start: int, end: int, indent: int) -> _Block:
    """The block that an explicit markup line (``.. ...``) at ``start`` opens;
    the line's own markup is skipped."""
    at = text.find("..", start) + 2
    body_at = at + len(text[at:end]) - len(text[at:end].lstrip())
    body = text[body_at:end]
    if body.startswith("_"):
        masker.skip(start, end)  # a hyperlink target
        return _Block(indent, "skip", end, end)
    substitution = _SUBSTITUTION.match(body)
    if substitution:
        body_at += substitution.end()
        body = text[body_at:end]
    directive = _DIRECTIVE.match(body)
    if directive:
        name = directive.group(1).lower()
        if substitution and name != "replace":
            masker.skip(start, end)
            return _Block(indent, "skip", end, end)
        if name in SKIPPED:
            masker.skip(start, end)
            return _Block(indent, "code", end, end, head="argument")
        argument = name in PROSE_ARGUMENT
        masker.skip(start, body_at + directive.end() if argument else end)
        kind = "quote" if name in QUOTATIONS else "prose"
        return _Block(indent, kind, end, end, head="argument", head_prose=argument)
    footnote = _FOOTNOTE.match(body)
    if footnote and not substitution:
        masker.skip(start, body_at + footnote.end())  # ".. [1]": the text is prose
        return _Block(indent, "prose", end, end)
    if substitution:
        masker.skip(start, end)
        return _Block(indent, "skip", end, end)
    # a comment: ".." and everything indented below it
    return _Block(indent, "comment", at, end, comment_start=start)


def _head(masker: Masker, text: str, block: _Block, start: int, end: int, content: str) -> None:
    """A line of a directive before its first blank line: options
    (``:alt: text``), or the argument (``.. note:: text``) going on."""
    option = _OPTION_LINE.match(content)
    if option:
        block.head = option.group(1).lower()
        block.head_prose = block.head in PROSE_OPTIONS
        if not block.head_prose:
            masker.skip(start, end)
    elif not block.head_prose:
        masker.skip(start, end)


def _structure(masker: Masker, text: str) -> None:
    """Blocks, line by line: directives, comments, targets, footnotes,
    literal blocks and block quotes."""
    # the document is a block; its lines start at column 0
    stack = [_Block(-1, "prose", 0, 0, prev=_Line(0, 0, 0, 0, False))]
    blank = True
    for start, end in _lines(text):
        line = text[start:end]
        content = line.lstrip()
        if not content:
            blank = True
            if stack[-1].head is not None:
                stack[-1].head = None  # the options end at the first blank line
            continue
        indent = len(line[: len(line) - len(content)].expandtabs())
        while stack[-1].owner >= indent:
            _close(masker, text, stack)
        block = stack[-1]
        block.end = end
        was_blank, blank = blank, False
        if block.kind == "code" and (block.head is None or was_blank):
            block.kind, block.start = "skip", start  # the code after the options
        if block.kind in ("skip", "comment"):
            continue
        if block.head is not None:
            if not was_blank:
                _head(masker, text, block, start, end, content)
                continue
            block.head = None
        prev = block.prev
        if prev is not None and was_blank and indent > prev.text_indent:
            # an indented block after a paragraph: literal, or a block quote
            kind = "skip" if prev.literal else "quote"
            inner = _Block(prev.indent, kind, start, end)
            stack.append(inner)
            if kind == "skip":
                continue
            block = inner
            prev = None
        literal = content.endswith("::")
        if content.startswith("..") and (len(content) == 2 or content[2].isspace()):
            block.prev = _Line(start, end, indent, indent, False)
            inner = _explicit(masker, text, start, end, indent)
            stack.append(inner)
            continue
        text_indent = indent
        bullet = _BULLET.match(content)
        if bullet:
            text_indent = indent + len(bullet.group().expandtabs())
        elif content.startswith(":") and _OPTION_LINE.match(content):
            text_indent = 1 << 30  # a field: its body may be indented by any amount
        block.prev = _Line(start, end, indent, text_indent, literal)
    while stack:
        _close(masker, text, stack)


def _role_content(masker: Masker, m: re.Match[str]) -> None:
    """Skip what a role's content names: all of it, or its ``<target>``
    after a title."""
    role = m.group(1).rsplit(":", 1)[-1]
    if role in PROSE_ROLES:
        return
    if role in TITLE_ROLES:
        masker.titles.append(m.span(2))
        return
    target = _EXPLICIT_TARGET.search(m.group(2))
    if target and target.start() > 0:
        masker.skip(m.start(2) + target.start(1), m.end(2))
    else:
        masker.skip(*m.span(2))


def _substitution_definition(text: str, at: int) -> bool:
    """Whether the ``|name|`` at ``at`` is a definition's (``.. |name| ...``),
    whose reading the directive's own code decides."""
    line_start = text.rfind("\n", 0, at) + 1
    return text[line_start:at].strip() == ".."


def to_document(path: str, text: str) -> Document:
    masker = Masker(path, text, "rst")
    text = lf_lines(text)
    _structure(masker, text)
    for pattern in (_UNDERLINE, _LITERAL, _ROLE, _FIELD, _FOOTNOTE_REFERENCE):
        for m in pattern.finditer(text):
            masker.skip_match(m)
    for m in _LINK.finditer(text):
        masker.skip(m.start(), m.start(1))
        masker.skip(m.end(1), m.end())
    for m in _REFERENCE.finditer(text):
        masker.skip_match(m)
    for m in finditer_lines(_NAMED_REFERENCE, text, ("`_",)):
        masker.names.append(m.span(1))
    for m in finditer_lines(_METADATA_FIELD, text, (":",)):
        masker.skip_match(m)
    if ":`" in text:
        for m in _ROLE_CONTENT.finditer(text):
            _role_content(masker, m)
    for m in finditer_lines(_INTERPRETED, text, ("`",)):
        masker.skip(m.start(), m.start(1))
        masker.skip(m.end(1), m.end())
        masker.titles.append(m.span(1))
    if "|" in text:
        for m in _SUBSTITUTION_REFERENCE.finditer(text):
            if not _substitution_definition(text, m.start()):
                masker.skip_match(m)
    for m in finditer_lines(_EMPHASIS, text, ("*",)):  # on the lines that hold one
        masker.skip_match(m)
    skip_addresses(masker)
    return masker.document()
