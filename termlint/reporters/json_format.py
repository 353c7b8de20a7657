"""``--format json``: ``{"version": 1, "findings": [...]}``.

Each finding has ``path``, ``line``, ``column``, ``end_line``, ``end_column``
(exclusive; columns are 1-based Unicode code points), ``column_utf16`` and
``end_column_utf16`` (UTF-16 code units, for LSP clients), ``rule``,
``severity``, ``message``, ``replacements``, ``text`` and ``fixable``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

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
        yield _finding(finding.to_dict()) + (",\n" if i < last else "\n")
    yield "  ]\n}\n"


_scalar = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder: no indent


def _finding(fields: dict[str, object]) -> str:
    """One finding as ``json.dumps(..., indent=2)`` would lay it out four
    spaces in, written with the C encoder (the indenting encoder is pure Python
    and was the slowest part of a large report). Values are scalars or lists
    of scalars."""
    lines = []
    for key, value in fields.items():
        if isinstance(value, list):
            shown = (
                "[\n" + ",\n".join(f"        {_scalar(v)}" for v in value) + "\n      ]"
                if value
                else "[]"
            )
        else:
            shown = _scalar(value)
        lines.append(f"      {_scalar(key)}: {shown}")
    return "    {\n" + ",\n".join(lines) + "\n    }"


def render(report: Report, *, color: bool = False) -> str:
    return "".join(chunks(report, color=color))
