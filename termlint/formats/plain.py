"""Plain text: everything is prose except URLs, e-mail addresses and DOIs,
which are blanked out (same length, so positions stay exact)."""

from __future__ import annotations

import re

from ..document import Document

#: URLs (with a scheme or www.), e-mail addresses and DOIs.
SKIP = re.compile(
    r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'\])}|]+"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
    r"|\b(?:doi:\s*)?10\.\d{4,9}/[^\s\"'<>|]+",
    re.IGNORECASE,
)


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (line breaks kept)."""
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(re.sub(r"[^\r\n]", " ", text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def to_document(path: str, text: str) -> Document:
    masked = blank(text, [m.span() for m in SKIP.finditer(text)])
    return Document(path=path, source=text, text=masked, format="text")
