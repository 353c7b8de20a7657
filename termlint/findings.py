"""The one finding type that every stage after the engine consumes."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Document

#: Severities from most to least severe.
SEVERITIES: tuple[str, ...] = ("error", "warning", "suggestion", "info")
_RANK = {name: len(SEVERITIES) - i for i, name in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """A number that grows with severity: info=1 ... error=4."""
    return _RANK[severity]


@dataclass(slots=True, unsafe_hash=True)
class Finding:
    """One problem at one place. Treat it as immutable (derive a changed copy
    with :func:`dataclasses.replace`): it is hashed by its fields, and it is
    not frozen only because a frozen dataclass is ten times slower to build,
    and a run builds one per match.

    Lines and columns are 1-based; ``end_column`` is exclusive. ``column`` and
    ``end_column`` count Unicode code points; the ``*_utf16`` fields count UTF-16
    code units, as the Language Server Protocol requires. ``offset`` and
    ``end_offset`` are 0-based code-point offsets into the decoded text.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    column_utf16: int
    end_column_utf16: int
    offset: int
    end_offset: int
    rule: str
    severity: str
    message: str
    replacements: tuple[str, ...]
    text: str
    fixable: bool
    suppressed_by: str | None = field(default=None, compare=False)
    #: Why a finding was downgraded to ``info`` (a quotation, a legal definition...).
    note: str | None = None
    #: The language (ISO 639-1) of the rule's pack, and so of the finding's
    #: paragraph, in a run that tells languages apart (termlint.language);
    #: otherwise None.
    language: str | None = None

    @classmethod
    def at(cls, doc: Document, start: int, end: int, **fields: Any) -> Finding:
        """A finding of ``doc`` at ``[start, end)``, with its positions."""
        line, column, column16 = doc.index.position(start)
        end_line, end_column, end_column16 = doc.index.position(end)
        return cls(
            path=doc.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            column_utf16=column16,
            end_column_utf16=end_column16,
            offset=start,
            end_offset=end,
            text=doc.source[start:end],
            **fields,
        )

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        # As a plain tuple of its fields: several times quicker to pickle and
        # unpickle (``--jobs`` sends every finding from a worker process).
        return Finding, tuple(getattr(self, name) for name in _FIELDS)

    def moved(self, offsets: int, lines: int) -> Finding:
        """This finding ``offsets`` code points and ``lines`` lines further on
        (columns unchanged): text was inserted or removed before it, on
        other lines."""
        return Finding(
            self.path,
            self.line + lines,
            self.column,
            self.end_line + lines,
            self.end_column,
            self.column_utf16,
            self.end_column_utf16,
            self.offset + offsets,
            self.end_offset + offsets,
            self.rule,
            self.severity,
            self.message,
            self.replacements,
            self.text,
            self.fixable,
            self.suppressed_by,
            self.note,
            self.language,
        )

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of a finding (output format version 1).

        ``suppressed_by`` is present only for findings an exemption silenced
        (shown with ``--show-suppressed``)."""
        out: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "column_utf16": self.column_utf16,
            "end_column_utf16": self.end_column_utf16,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "replacements": list(self.replacements),
            "text": self.text,
            "fixable": self.fixable,
        }
        if self.note is not None:
            out["note"] = self.note
        if self.language is not None:
            out["language"] = self.language
        if self.suppressed_by is not None:
            out["suppressed_by"] = self.suppressed_by
        return out


_FIELDS = tuple(f.name for f in fields(Finding))


def document_order(f: Finding) -> tuple[int, int, str]:
    """A sort key for the findings of one document: by start, then end, then
    rule (offsets order as lines and columns do)."""
    return f.offset, f.end_offset, f.rule
