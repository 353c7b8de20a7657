"""Plain text: everything is prose."""

from __future__ import annotations

from ..document import Document


def to_document(path: str, text: str) -> Document:
    return Document(path=path, source=text, text=text, format="text")
