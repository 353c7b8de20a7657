"""Inline suppression: directives in a document's own comments.

A directive is written in the format's comment syntax (``<!-- ... -->`` in
Markdown, HTML and wikitext; a line of its own in plain text, optionally after
``#``, ``//`` or ``%``)::

    termlint-disable [RULE[,RULE...]] [-- reason]          until termlint-enable (or the end)
    termlint-enable [RULE[,RULE...]]
    termlint-disable-next-line [RULE[,RULE...]] [-- reason]
    termlint-disable-line [RULE[,RULE...]] [-- reason]      the line(s) of the comment
    termlint-disable-file [RULE[,RULE...]] [-- reason]

Without rule ids a directive covers every rule; rule ids match by prefix, as
with ``--select``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Document

_DIRECTIVE = re.compile(
    r"^\s*termlint-(disable-next-line|disable-line|disable-file|disable|enable)\b"
    r"(?P<rules>[^\r\n]*?)(?:\s--\s*(?P<reason>.*?))?\s*$",
    re.DOTALL,
)
#: A plain-text directive: a line of its own.
PLAIN_DIRECTIVE = re.compile(
    r"^[ \t]*(?:#|//|%|;)?[ \t]*(termlint-(?:disable|enable)[^\r\n]*)$", re.MULTILINE
)


@dataclass
class Directive:
    kind: str
    rules: tuple[str, ...]
    reason: str | None
    start: int
    end: int
    #: The regions (start, end) of text it covers.
    regions: list[tuple[int, int]] = field(default_factory=list)
    used: bool = False

    def covers(self, rule: str) -> bool:
        return not self.rules or any(rule.startswith(r) for r in self.rules)

    def describe(self) -> str:
        text = f"termlint-{self.kind}"
        if self.rules:
            text += " " + ",".join(self.rules)
        if self.reason:
            text += f" -- {self.reason}"
        return text


def _line_bounds(doc: Document, offset: int) -> tuple[int, int]:
    return doc.index.line_span(offset, doc.source)


def directives(doc: Document) -> list[Directive]:
    """The document's directives with the regions they cover (cached)."""
    cached = doc.cache.get("directives")
    if isinstance(cached, list):
        return cached
    found: list[Directive] = []
    for start, end, body in sorted(doc.comments):
        m = _DIRECTIVE.match(body)
        if not m:
            continue
        rules = tuple(r for r in re.split(r"[\s,]+", m.group("rules").strip()) if r)
        reason = (m.group("reason") or "").strip() or None
        found.append(Directive(m.group(1), rules, reason, start, end))
    open_blocks: list[Directive] = []
    for d in found:
        if d.kind == "disable-file":
            d.regions.append((0, len(doc.source)))
        elif d.kind == "disable-line":
            first, _ = _line_bounds(doc, d.start)
            _, last = _line_bounds(doc, max(d.end - 1, d.start))
            d.regions.append((first, last))
        elif d.kind == "disable-next-line":
            _, line_end = _line_bounds(doc, max(d.end - 1, d.start))
            following = line_end
            while following < len(doc.source) and doc.source[following] in "\r\n":
                following += 1
                if doc.source[following - 1] == "\n":
                    break
            d.regions.append(
                _line_bounds(doc, following)
                if following < len(doc.source)
                else (following, following)
            )
        elif d.kind == "disable":
            open_blocks.append(d)
        else:  # enable
            for block in [
                b for b in open_blocks if not d.rules or set(b.rules) & set(d.rules) or not b.rules
            ]:
                block.regions.append((block.end, d.start))
                open_blocks.remove(block)
    for block in open_blocks:
        block.regions.append((block.end, len(doc.source)))
    result = [d for d in found if d.kind != "enable"]
    doc.cache["directives"] = result
    return result


def suppressing(doc: Document, rule: str, start: int, end: int) -> Directive | None:
    """The directive that suppresses a finding of ``rule`` at ``[start, end)``."""
    for d in directives(doc):
        if d.covers(rule) and any(s <= start and end <= e for s, e in d.regions):
            d.used = True
            return d
    return None
