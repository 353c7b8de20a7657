"""HTML (``.html``, ``.htm``, ``.xhtml``).

Checked as prose: text content, headings, link text, ``alt`` and ``title``
attribute values, and the ``content`` of ``<meta>`` elements that describe
the page (``description``, ``og:title``, ``og:description``,
``twitter:title``, ``twitter:description``).

Skipped: tags and other attributes, comments, ``<script>``, ``<style>``,
``<code>``, ``<pre>``, ``<kbd>``, ``<samp>`` and ``<var>`` content, character
references, URLs, e-mail addresses.

Structure: ``<blockquote>`` and ``<q>`` are quotations; ``<cite>`` is the title
of a work; ``<abbr title="expansion">`` (or ``<acronym>``) defines the acronym
it holds.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections.abc import Callable

from ..document import Document
from ._mask import Masker
from .plain import skip_addresses

_COMMENT = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_RAW = re.compile(
    r"<(script|style|code|pre|kbd|samp|var|textarea)\b[^>]*>.*?(?:</\1\s*>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"<[!?/]?[A-Za-z][^<>]*>")
_PROSE_ATTR = re.compile(
    r"""(?<![\w:-])(?:alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
_TITLE_ATTR = re.compile(r"""(?<![\w:-])title\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CONTENT_ATTR = re.compile(r"""(?<![\w:-])content\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});")
_STRUCTURE = re.compile(r"<(/?)(blockquote|q|cite|abbr|acronym)\b([^>]*)>", re.IGNORECASE)
_META = re.compile(r"<meta\b", re.IGNORECASE)
#: The attributes of a tag.
#: (a name starts where a run of name characters starts: a long run without
#: "=" is tried once, not from each of its characters)
_ATTRIBUTE = re.compile(
    r"""(?<![^\s"'<>/=])([^\s"'<>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`=]+))"""
)
#: ``<meta name=...>`` (or ``property=``) whose ``content`` is prose: the
#: page's description and its titles and descriptions for link previews.
META_PROSE = frozenset(
    {"description", "og:title", "og:description", "twitter:title", "twitter:description"}
)


def to_document(path: str, text: str) -> Document:
    masker = Masker(path, text, "html")
    raw: list[tuple[int, int]] = []
    for m in _COMMENT.finditer(text):
        masker.skip_match(m)
        masker.comments.append((m.start(), m.end(), m.group(1)))
        raw.append(m.span())

    in_comment = _containing(raw)
    for m in _RAW.finditer(text):
        if not in_comment(m.start()):
            masker.skip_match(m)
            raw.append(m.span())
    in_raw = _containing(raw)
    for m in _TAG.finditer(text):
        if in_raw(m.start()):
            continue
        # the tag is skipped, except the values of alt= and title=
        last = m.start()
        for attr in _prose_values(text, m):
            value = 1 if attr.group(1) is not None else 2
            masker.skip(last, attr.start(value))
            last = attr.end(value)
        masker.skip(last, m.end())
    for m in _ENTITY.finditer(text):
        masker.skip_match(m)
    structure(masker, text, in_raw)
    skip_addresses(masker)
    return masker.document()


def _containing(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of whether a position lies in one of ``spans``."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))

    def contains(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and reach[i] > pos

    return contains


def _prose_values(text: str, tag: re.Match[str]) -> list[re.Match[str]]:
    """The attribute values of ``tag`` that are prose, as matches whose group
    1 or 2 is the value: ``alt`` and ``title``, and the ``content`` of a
    ``<meta>`` that describes the page."""
    found = list(_PROSE_ATTR.finditer(text, tag.start(), tag.end()))
    if _META.match(text, tag.start()):
        attributes = {
            a.group(1).lower(): next(v for v in a.group(2, 3, 4) if v is not None)
            for a in _ATTRIBUTE.finditer(text, tag.start(), tag.end())
        }
        what = attributes.get("name") or attributes.get("property") or ""
        if what.strip().lower() in META_PROSE:
            found.extend(_CONTENT_ATTR.finditer(text, tag.start(), tag.end()))
            found.sort(key=lambda a: a.start())
    return found


def structure(
    masker: Masker, text: str, ignored: Callable[[int], bool] = lambda pos: False
) -> None:
    """Record what HTML elements say about their text: ``<blockquote>`` and
    ``<q>`` are quotations, ``<cite>`` a title, ``<abbr title="...">`` a
    definition (tags at places that are ``ignored`` do not count)."""
    opened: dict[str, list[re.Match[str]]] = {}
    for m in _STRUCTURE.finditer(text):
        if ignored(m.start()):
            continue
        name = m.group(2).lower()
        if m.group(1) == "":
            opened.setdefault(name, []).append(m)
        elif opened.get(name):
            tag = opened[name].pop()
            start, end = tag.end(), m.start()
            if name == "cite":
                masker.titles.append((start, end))
            elif name in ("blockquote", "q"):
                masker.quotations.append((start, end))
            else:  # abbr, acronym
                title = _TITLE_ATTR.search(tag.group(3))
                if title:
                    expansion = " ".join(html.unescape(title.group(1) or title.group(2)).split())
                    if expansion:
                        masker.definitions.append((start, end, expansion))
