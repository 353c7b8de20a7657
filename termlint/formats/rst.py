"""reStructuredText (``.rst``, ``.rest``).

Checked as prose: paragraphs, section titles, list items, table cells, the
text of hyperlinks and roles (``:emphasis:`text```), directive content that is
prose (notes, admonitions, quotes).

Skipped: comments (``..`` followed by text that is not a directive or target),
inline literals (````code````), literal blocks (after ``::``) and the content
of ``code``, ``code-block``, ``sourcecode``, ``literalinclude``, ``math``,
``raw`` and ``image``/``figure`` options, directive names and options, role
names, hyperlink targets (``.. _name: url``) and link URIs (``<url>``),
substitution definitions, section underlines and overlines, field names,
URLs.

Structure: block quotes (indented paragraphs) and the ``epigraph``,
``pull-quote`` and ``highlights`` directives are quotations.
"""

from __future__ import annotations

import re

from ..document import Document
from ._mask import Masker
from .plain import skip_addresses

_CODE_DIRECTIVES = {
    "code",
    "code-block",
    "sourcecode",
    "literalinclude",
    "math",
    "raw",
    "include",
    "csv-table",
}
_QUOTE_DIRECTIVES = {"epigraph", "pull-quote", "highlights"}
_EXPLICIT = re.compile(r"^([ \t]*)\.\.(?:[ \t]+(.*))?$", re.MULTILINE)
_DIRECTIVE = re.compile(r"^([\w:-]+)::(.*)$")
_UNDERLINE = re.compile(r"^([=\-`:'\"~^_*+#<>.])\1{2,}[ \t]*$", re.MULTILINE)
_LITERAL = re.compile(r"``.+?``", re.DOTALL)
_ROLE = re.compile(r":[\w.-]+:(?=`)")
_LINK = re.compile(r"`([^`<]*?)\s*<[^>]+>`__?")
_REFERENCE = re.compile(r"`(?=[^`]+`_)|(?<=[^`])`__?(?!\w)")
_FIELD = re.compile(r"^[ \t]*:[\w -]+:", re.MULTILINE)
_OPTION = re.compile(r"^[ \t]+:[\w-]+:.*$", re.MULTILINE)


def _block_end(text: str, start: int, indent: int) -> int:
    """End of the indented block that follows ``start`` (a line end)."""
    pos = start
    for m in re.finditer(r"^([ \t]*)(\S?).*$", text[start:], re.MULTILINE):
        line_start = start + m.start()
        if m.group(2) and len(m.group(1).expandtabs()) <= indent and line_start > start:
            return line_start
        pos = start + m.end()
    return pos


def to_document(path: str, text: str) -> Document:
    masker = Masker(path, text, "rst")
    for m in _EXPLICIT.finditer(text):
        indent = len(m.group(1).expandtabs())
        body = m.group(2) or ""
        end = _block_end(text, m.end(), indent)
        directive = _DIRECTIVE.match(body)
        if directive:
            name = directive.group(1).lower()
            masker.skip(m.start(), m.end())  # ".. name:: arguments"
            if name in _CODE_DIRECTIVES:
                masker.skip(m.end(), end)
            elif name in _QUOTE_DIRECTIVES:
                masker.quotations.append((m.end(), end))
        elif body.startswith(("_", "|", "[")):
            masker.skip(m.start(), end)  # target, substitution, footnote label
        else:
            masker.skip(m.start(), end)  # a comment
            masker.comments.append((m.start(), end, text[m.start() + len(m.group(1)) + 2 : end]))
    # literal blocks: a paragraph ending in "::" introduces an indented block
    for m in re.finditer(r"::[ \t]*\r?\n[ \t]*\r?\n", text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        indent = len(
            (re.match(r"[ \t]*", text[line_start:]) or re.match("", "")).group().expandtabs()
        )
        masker.skip(m.end(), _block_end(text, m.end(), indent))
    # block quotes: an indented paragraph after a blank line, not a literal block
    for m in re.finditer(r"(?:\A|\n[ \t]*\n)((?:[ \t]+\S[^\n]*(?:\n|\Z))+)", text):
        before = text[: m.start(1)].rstrip()
        if not before.endswith("::") and not _EXPLICIT.match(text, m.start(1)):
            masker.quotations.append(m.span(1))
    for pattern in (_UNDERLINE, _LITERAL, _ROLE, _FIELD, _OPTION):
        for m in pattern.finditer(text):
            masker.skip_match(m)
    for m in _LINK.finditer(text):
        masker.skip(m.start(), m.start(1))
        masker.skip(m.end(1), m.end())
    for m in _REFERENCE.finditer(text):
        masker.skip_match(m)
    skip_addresses(masker)
    return masker.document()
