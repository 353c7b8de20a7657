"""Reviewed copies of word-processor documents (DOCX, ODT).

A reviewed copy is the document as its author wrote it, with termlint's work
laid over it the way a human editor's would be:

* every safe fix (the fixes ``termlint fix`` makes on the same text) is a
  **tracked change**: the old words deleted, the new ones inserted, by
  ``author`` at ``date``, in the character formatting of the words replaced;
* every finding, fixable or not, gets a **comment** anchored on its words: the
  message, the preferred terms, the rule's rationale in one line and its
  sources. A second finding of the same rule in the same paragraph gets a
  short comment that refers to the first.

Accepting every change gives the text that ``termlint fix`` gives. Writers
live in one module per format (:mod:`.docx`, :mod:`.odt`); each takes the
package as read, the findings and the fixes, and returns the new package's
bytes. They consume findings and never check text themselves.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..findings import Finding
from ..fixer import Fix


@dataclass(frozen=True)
class ReviewOptions:
    """Who the changes and comments are by, and when."""

    author: str = "termlint"
    initials: str = "TL"
    #: ISO 8601, UTC, whole seconds: ``2026-12-04T20:15:00Z``.
    date: str = ""

    @staticmethod
    def now(author: str = "termlint") -> ReviewOptions:
        """Options dated now (or at ``SOURCE_DATE_EPOCH``, for reproducible copies)."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        when = (
            datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
            if epoch.isdigit()
            else datetime.datetime.now(datetime.UTC)
        )
        initials = "".join(w[0] for w in author.split() if w[:1].isalnum()).upper()[:4] or "TL"
        if author == "termlint":
            initials = "TL"
        return ReviewOptions(author, initials, when.strftime("%Y-%m-%dT%H:%M:%SZ"))


@dataclass
class Note:
    """One comment to anchor on ``[start, end)`` of the checked text."""

    start: int
    end: int
    #: The comment's paragraphs.
    paragraphs: list[str]
    finding: Finding


@dataclass
class Plan:
    """What a reviewed copy adds to a document: tracked changes and comments."""

    changes: list[Fix] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


@dataclass
class Written:
    """A writer's result: the new package, and what it could not do."""

    data: bytes
    #: The package as it was read (to refuse replacing a file that changed since).
    original: bytes = b""
    changes: int = 0
    comments: int = 0
    #: Fixes left as comments only, each with the reason (an image between the
    #: words, a paragraph break inside the span...).
    skipped: list[tuple[Fix, str]] = field(default_factory=list)


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text[: end + 1] if 0 < end < 240 else text


def comment_paragraphs(finding: Finding, rule: Any, citations: list[str]) -> list[str]:
    """The text of a finding's comment: the message; the preferred terms; the
    rationale, in one line; the sources."""
    out = [finding.message]
    if finding.replacements:
        out.append("Preferred: " + "; ".join(finding.replacements) + ".")
    rationale = _one_line(getattr(rule, "rationale", "") or "") if rule is not None else ""
    if rationale:
        out.append("Why: " + rationale)
    if citations:
        out.append("Sources: " + "; ".join(citations))
    if finding.note:
        out.append(f"Note: {finding.note}")
    out.append(signature(finding.rule))
    return out


def signature(rule: str) -> str:
    """The last paragraph of every comment termlint writes. Readers skip
    comments that end with it (:data:`termlint.formats.REVIEW_SIGNATURE`):
    reviewing a reviewed copy again does not report the words termlint's
    own comments quote."""
    return f"termlint rule {rule}"


def repeat_paragraphs(finding: Finding) -> list[str]:
    """The short comment of a finding whose rule already has a comment in the
    same paragraph; signed like every other (see :func:`signature`)."""
    words = " ".join(finding.text.split())
    if finding.replacements:
        first = f"Again “{words}”: {finding.replacements[0]} (see the comment above)."
    else:
        first = f"Again “{words}” (see the comment above)."
    return [first, signature(finding.rule)]


def plan(doc: Document, findings: list[Finding], fixes: list[Fix], report: Any) -> Plan:
    """The tracked changes (``fixes``) and the comments (one per active
    finding) of a reviewed copy. ``report`` gives each rule and its citations
    (a :class:`termlint.reporters.Report` with the run's rules)."""
    out = Plan(changes=list(fixes))
    seen: set[tuple[int, str]] = set()
    rules = report.rules or {}
    for f in sorted(findings, key=lambda f: (f.offset, f.end_offset)):
        if f.suppressed_by is not None:
            continue
        key = (f.line, f.rule)
        if key in seen:
            paragraphs = repeat_paragraphs(f)
        else:
            seen.add(key)
            rule = rules.get(f.rule)
            paragraphs = comment_paragraphs(
                f, rule, report.citations(rule) if rule is not None else []
            )
        out.notes.append(Note(f.offset, f.end_offset, paragraphs, f))
    return out


def paragraph_starts(texts: list[str], doc: Document, display: str) -> list[int]:
    """Where each paragraph (``texts``, as a writer read the file again)
    starts in the checked text of ``doc``; InputError if the file no longer
    reads as it did when it was checked."""
    if "\n".join(texts) != doc.source:
        from ..errors import InputError

        raise InputError(f"{display}: changed while being reviewed; not written")
    starts: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    return starts


#: Formats that get a reviewed copy, and the writer module of each.
WRITERS = {"docx": "docx", "odt": "odt"}


def reviewed_path(path: str) -> str:
    """Where a reviewed copy goes by default: ``story.docx`` -> ``story.reviewed.docx``."""
    stem, ext = os.path.splitext(path)
    return f"{stem}.reviewed{ext}"


def write(
    fmt: str, path: str, display: str, doc: Document, review: Plan, options: ReviewOptions
) -> Written:
    """The reviewed copy of the ``fmt`` document at ``path`` (read again from
    disk, as the checked text was), as bytes."""
    import importlib

    module = importlib.import_module(f"{__name__}.{WRITERS[fmt]}")
    return module.write(path, display, doc, review, options)  # type: ignore[no-any-return]
