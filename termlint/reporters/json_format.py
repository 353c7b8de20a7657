"""``--format json``: ``{"version": 1, "findings": [...]}``.

Each finding has ``path``, ``line``, ``column``, ``end_line``, ``end_column``
(exclusive; columns are 1-based Unicode code points), ``column_utf16`` and
``end_column_utf16`` (UTF-16 code units, for LSP clients), ``rule``,
``severity``, ``message``, ``replacements``, ``text`` and ``fixable``.
"""

from __future__ import annotations

import json

from . import Report

VERSION = 1


def render(report: Report, *, color: bool = False) -> str:
    payload = {"version": VERSION, "findings": [f.to_dict() for f in report.findings]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
