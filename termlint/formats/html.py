"""HTML (``.html``, ``.htm``, ``.xhtml``).

Checked as prose: text content, headings, link text, ``alt`` and ``title``
attribute values.

Skipped: tags and other attributes, comments, ``<script>``, ``<style>``,
``<code>``, ``<pre>``, ``<kbd>``, ``<samp>`` and ``<var>`` content, character
references, URLs, e-mail addresses.

Structure: ``<blockquote>`` and ``<q>`` are quotations; ``<cite>`` is the title
of a work.
"""

from __future__ import annotations

import re

from ..document import Document
from ._mask import Masker
from .plain import skip_addresses

_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_RAW = re.compile(
    r"<(script|style|code|pre|kbd|samp|var|textarea)\b[^>]*>.*?(?:</\1\s*>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"<[!?/]?[A-Za-z][^<>]*>")
_PROSE_ATTR = re.compile(r"""\b(?:alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});")
_STRUCTURE = re.compile(r"<(/?)(blockquote|q|cite)\b[^>]*>", re.IGNORECASE)


def to_document(path: str, text: str) -> Document:
    masker = Masker(path, text, "html")
    raw: list[tuple[int, int]] = []
    for m in _COMMENT.finditer(text):
        masker.skip_match(m)
        masker.comments.append((m.start(), m.end(), m.group(1)))
        raw.append(m.span())
    for m in _RAW.finditer(text):
        if not any(s <= m.start() < e for s, e in raw):
            masker.skip_match(m)
            raw.append(m.span())
    for m in _TAG.finditer(text):
        if any(s <= m.start() < e for s, e in raw):
            continue
        # the tag is skipped, except the values of alt= and title=
        last = m.start()
        for attr in _PROSE_ATTR.finditer(text, m.start(), m.end()):
            value = 1 if attr.group(1) is not None else 2
            masker.skip(last, attr.start(value))
            last = attr.end(value)
        masker.skip(last, m.end())
    for m in _ENTITY.finditer(text):
        masker.skip_match(m)
    opened: dict[str, list[int]] = {}
    for m in _STRUCTURE.finditer(text):
        name = m.group(2).lower()
        if m.group(1) == "":
            opened.setdefault(name, []).append(m.end())
        elif opened.get(name):
            start = opened[name].pop()
            (masker.titles if name == "cite" else masker.quotations).append((start, m.start()))
    skip_addresses(masker)
    return masker.document()
