"""The pipeline in one place: source -> document -> engine -> findings."""

from __future__ import annotations

from pathlib import Path

from .config import Config, load_config
from .document import Document
from .findings import Finding
from .formats import PACKAGES, format_for, to_document
from .source import Source, read_source
from .walk import resolved


def lint_document(doc: Document, config: Config, *, keep_suppressed: bool = False) -> list[Finding]:
    """Check a prepared document with ``config``."""
    return config.engine().check(doc, keep_suppressed=keep_suppressed)


def document_for(
    source: Source, input_format: str | None = None, config: Config | None = None
) -> Document:
    front_matter = config.front_matter if config is not None else "headline"
    return to_document(
        source.path, source.text, format_for(source.path, input_format), front_matter=front_matter
    )


def lint_documents(
    docs: list[Document],
    config: Config,
    *,
    keep_suppressed: bool = False,
    report_unused: bool = False,
) -> list[list[Finding]]:
    """Check several documents; with ``consistency: project`` in the
    configuration, acronym and spelling rules look across all of them."""
    engine = config.engine()
    options = {"keep_suppressed": keep_suppressed, "report_unused": report_unused}
    if config.consistency == "project":
        return engine.check_many(docs, **options)
    return [engine.check(doc, **options) for doc in docs]


def lint_source(
    source: Source,
    config: Config,
    *,
    input_format: str | None = None,
    keep_suppressed: bool = False,
) -> list[Finding]:
    return lint_document(
        document_for(source, input_format, config), config, keep_suppressed=keep_suppressed
    )


def lint_text(
    text: str,
    *,
    path: str | None = None,
    config: Config | str | Path | None = None,
    input_format: str | None = None,
) -> list[Finding]:
    """Check ``text`` and return its findings, sorted by position.

    ``path`` names the text in findings and selects its format by extension.
    ``config`` is a :class:`~termlint.config.Config` (see
    :func:`~termlint.config.load_config`), the path of a configuration file,
    or ``None`` for the configuration discovered from the current directory.
    """
    if not isinstance(config, Config):
        config = load_config(config)
    shown = path if path is not None else "<text>"
    doc = to_document(shown, text, format_for(shown, input_format))
    return lint_document(doc, config)


def lint_file(path: str | Path, config: Config | None = None) -> list[Finding]:
    """Read, decode and check one file."""
    if config is None:
        config = load_config(start=resolved(path).parent)
    fmt = format_for(str(path))
    if fmt in PACKAGES:
        from .formats import load_document

        doc = load_document(str(path), str(path), fmt)
        assert doc is not None
        return lint_document(doc, config)
    return lint_source(read_source(path), config)
