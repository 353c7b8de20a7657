"""Plain text: everything is prose except URLs, e-mail addresses and DOIs,
which are blanked out (same length, so positions stay exact)."""

from __future__ import annotations

import re

from ..document import Document
from ._mask import Masker

#: URLs (with a scheme or www.), e-mail addresses and DOIs.
SKIP = re.compile(
    r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'\])}|]+"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
    r"|\b(?:doi:\s*)?10\.\d{4,9}/[^\s\"'<>|\]}]+",
    re.IGNORECASE,
)


def skip_addresses(masker: Masker, text: str | None = None) -> None:
    """Blank out URLs, e-mail addresses and DOIs (every format does)."""
    for m in SKIP.finditer(masker.source if text is None else text):
        masker.skip_match(m)


def to_document(path: str, text: str) -> Document:
    from ..suppression import PLAIN_DIRECTIVE

    masker = Masker(path, text, "text")
    for m in PLAIN_DIRECTIVE.finditer(text):
        masker.skip_match(m)
        masker.comments.append((m.start(), m.end(), m.group(1)))
    skip_addresses(masker)
    return masker.document()
