"""``--format json``: ``{"version": 1, "findings": [...]}``.

Each finding has ``path``, ``line``, ``column``, ``end_line``, ``end_column``
(exclusive; columns are 1-based Unicode code points), ``column_utf16`` and
``end_column_utf16`` (UTF-16 code units, for LSP clients), ``rule``,
``severity``, ``message``, ``replacements``, ``text`` and ``fixable``.
In word-processor documents (DOCX, ODT), where a line is a paragraph, each
finding also has ``part`` (``body``, ``footnote``, ``endnote``, ``header``,
``footer`` or ``comment``), ``paragraph`` (its number within that part) and
``excerpt`` (the paragraph around the span, the span between ``⟦`` and ``⟧``).
In a run that tells languages apart (packs written for more than one
language, or ``--language``), a finding of a rule written for one language
has ``language``: its ISO 639-1 code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..findings import Finding
from . import Report

VERSION = 1


def chunks(report: Report, *, color: bool = False) -> Iterator[str]:
    """The output piece by piece (one finding at a time), so that a large
    report is never held in memory whole. Joined, it is exactly
    ``json.dumps(payload, ensure_ascii=False, indent=2)`` plus a newline."""
    if not report.findings:
        yield f'{{\n  "version": {VERSION},\n  "findings": []\n}}\n'
        return
    yield f'{{\n  "version": {VERSION},\n  "findings": [\n'
    last = len(report.findings) - 1
    for i, finding in enumerate(report.findings):
        yield _finding(finding, report) + (",\n" if i < last else "\n")
    yield "  ]\n}\n"


_HEAD = f'{{\n  "version": {VERSION},\n  "findings": [\n'


def stream_findings(report: Report, started: bool, *, color: bool = False) -> Iterator[str]:
    """The findings ``report`` holds, as :func:`chunks` writes them (``started``:
    findings were written before)."""
    if not started:
        yield _HEAD
    for i, finding in enumerate(report.findings):
        yield ("" if i == 0 and not started else ",\n") + _finding(finding, report)


def stream_end(report: Report, started: bool, *, color: bool = False) -> Iterator[str]:
    """The end of the output (the whole of it when no finding was written)."""
    if not started:
        yield f'{{\n  "version": {VERSION},\n  "findings": []\n}}\n'
    else:
        yield "\n  ]\n}\n"


#: JSON string literals with non-ASCII characters kept, as ``json.dumps(...,
#: ensure_ascii=False)`` writes them (the C implementation when available).
_string = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _finding(f: Finding, report: Report) -> str:
    """``Finding.to_dict()`` as ``json.dumps(..., indent=2)`` lays it out four
    spaces in, written field by field: the indenting encoder is pure Python
    and was the slowest part of a large report (tests/test_reports.py checks
    that the output is identical)."""
    reps = (
        "[\n" + ",\n".join(f"        {_string(r)}" for r in f.replacements) + "\n      ]"
        if f.replacements
        else "[]"
    )
    body = (
        f'    {{\n      "path": {_string(f.path)},\n      "line": {f.line},\n'
        f'      "column": {f.column},\n      "end_line": {f.end_line},\n'
        f'      "end_column": {f.end_column},\n      "column_utf16": {f.column_utf16},\n'
        f'      "end_column_utf16": {f.end_column_utf16},\n      "rule": {_string(f.rule)},\n'
        f'      "severity": {_string(f.severity)},\n      "message": {_string(f.message)},\n'
        f'      "replacements": {reps},\n      "text": {_string(f.text)},\n'
        f'      "fixable": {"true" if f.fixable else "false"}'
    )
    where = report.place(f)
    if where is not None:
        place, excerpt = where
        body += (
            f',\n      "part": {_string(place.part)},\n      "paragraph": {place.paragraph},'
            f'\n      "excerpt": {_string(str(excerpt))}'
        )
    if f.note is not None:
        body += f',\n      "note": {_string(f.note)}'
    if f.language is not None:
        body += f',\n      "language": {_string(f.language)}'
    if f.suppressed_by is not None:
        body += f',\n      "suppressed_by": {_string(f.suppressed_by)}'
    return body + "\n    }"


def render(report: Report, *, color: bool = False) -> str:
    return "".join(chunks(report, color=color))
