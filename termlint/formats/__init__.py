"""Per-format readers that turn a decoded source into a :class:`Document`.

Each format lives in its own module and is imported only when a file of that
format is checked, so formats with extra dependencies cost nothing at start-up.
"""

from __future__ import annotations

import importlib
import os

from ..document import Document
from ..errors import ConfigError, did_you_mean

#: format name -> module that provides ``to_document(path, text) -> Document``
FORMATS: dict[str, str] = {
    "text": "plain",
    "markdown": "markdown",
    "html": "html",
    "rst": "rst",
    "latex": "latex",
    "wikitext": "wikitext",
    "docx": "docx",
    "odt": "odt",
}

#: Formats read straight from a binary package (not decoded text): each
#: module provides ``document_from_file(path, display) -> Document``.
PACKAGES: frozenset[str] = frozenset({"docx", "odt"})

#: The last paragraph of a comment termlint wrote in a reviewed copy (see
#: :func:`termlint.review.signature`): readers do not check such comments.
REVIEW_SIGNATURE = r"termlint rule [\w.:-]+"

#: Extensions checked when a directory is walked, and the format of each.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".rst": "rst",
    ".rest": "rst",
    ".tex": "latex",
    ".ltx": "latex",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".odt": "odt",
    ".wiki": "wikitext",
    ".mediawiki": "wikitext",
}


def format_for(path: str, override: str | None = None) -> str:
    """The format name for ``path``, or ``override`` when given."""
    if override:
        if override not in FORMATS:
            raise ConfigError(f"unknown input format '{override}'{did_you_mean(override, FORMATS)}")
        return override
    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), "text")


def load_document(path: str, display: str, fmt: str) -> Document | None:
    """A document read straight from a binary package (DOCX, ODT), else None."""
    if fmt in PACKAGES:
        module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
        return module.document_from_file(path, display)  # type: ignore[no-any-return]
    return None


def to_document(path: str, text: str, fmt: str, *, front_matter: str = "headline") -> Document:
    """Read ``text`` as format ``fmt``. ``front_matter`` says which values of
    Markdown front matter are checked (keys never are): ``headline`` (title,
    subtitle, description, summary), ``values`` (all) or ``skip`` (none)."""
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    if fmt == "markdown":
        return module.to_document(path, text, front_matter=front_matter)  # type: ignore[no-any-return]
    return module.to_document(path, text)  # type: ignore[no-any-return]
