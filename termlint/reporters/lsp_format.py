"""``--format lsp``: for each file, one JSON ``PublishDiagnosticsParams`` object
per line (``uri``, ``diagnostics``), with the fields the language server
publishes: 0-based UTF-16 positions, ``severity`` (1 error, 2 warning,
3 information for suggestions, 4 hint for info), ``code`` (the rule id),
``source`` (``termlint``), ``message`` and ``data`` (replacements, fixable,
and the finding's ``language`` where it has one)."""

from __future__ import annotations

import json

from ..walk import resolved
from . import Report

SEVERITY = {"error": 1, "warning": 2, "suggestion": 3, "info": 4}


def _uri(path: str) -> str:
    if path.startswith("<"):
        return path
    return resolved(path).as_uri()


def render(report: Report, *, color: bool = False) -> str:
    by_path: dict[str, list[dict[str, object]]] = {p: [] for p in report.paths}
    for f in report.active():
        data: dict[str, object] = {"replacements": list(f.replacements), "fixable": f.fixable}
        if f.language is not None:
            data["language"] = f.language
        by_path.setdefault(f.path, []).append(
            {
                "range": {
                    "start": {"line": f.line - 1, "character": f.column_utf16 - 1},
                    "end": {"line": f.end_line - 1, "character": f.end_column_utf16 - 1},
                },
                "severity": SEVERITY[f.severity],
                "code": f.rule,
                "source": "termlint",
                "message": f.message,
                "data": data,
            }
        )
    lines = [
        json.dumps({"uri": _uri(path), "diagnostics": diags}, ensure_ascii=False)
        for path, diags in by_path.items()
    ]
    return "".join(line + "\n" for line in lines)
