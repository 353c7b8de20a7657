"""``--format text``: one line per finding and a one-line summary.

path:line:col: severity [rule-id] message (suggestion: ...)
"""

from __future__ import annotations

from collections.abc import Iterator

from . import Report

_COLORS = {"error": "31", "warning": "33", "suggestion": "36", "info": "34"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(report: Report) -> str:
    n = len(report.active())
    silenced = len(report.findings) - n
    files = _plural(report.files_checked, "file")
    tail = f" {silenced} suppressed." if silenced else ""
    if not n:
        return f"No findings in {files}.{tail}"
    parts = ", ".join(_plural(c, s) for s, c in report.counts().items() if c)
    found = f"Found {_plural(n, 'finding')} ({parts})"
    return f"{found} in {report.files_with_findings} of {files}.{tail}"


def chunks(report: Report, *, color: bool = False) -> Iterator[str]:
    """The output a line at a time."""
    for f in report.findings:
        where = _paint(f"{f.path}:{f.line}:{f.column}:", "1", color)
        sev = _paint(f.severity, _COLORS[f.severity], color)
        line = f"{where} {sev} [{f.rule}] {f.message}"
        if f.replacements:
            kind = "suggestion" if f.fixable else "suggestion, needs a human rewrite"
            line += f" ({kind}: {'; '.join(f.replacements)})"
        if f.note:
            line += f" [info: {f.note}]"
        yield line + "\n"
    if report.summary:
        yield summary(report) + "\n"


def render(report: Report, *, color: bool = False) -> str:
    return "".join(chunks(report, color=color))
