"""``--format github``: GitHub Actions workflow commands, one annotation per
finding (``::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message``)."""

from __future__ import annotations

from . import Report

COMMAND = {"error": "error", "warning": "warning", "suggestion": "notice", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, *, color: bool = False) -> str:
    lines = []
    for f in report.active():
        props = ",".join(
            [
                f"file={_escape_property(f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"endLine={f.end_line}",
                f"endColumn={f.end_column}",
                f"title={_escape_property('termlint ' + f.rule)}",
            ]
        )
        message = f.message
        if f.replacements:
            message += f" (suggestion: {'; '.join(f.replacements)})"
        where = report.where(f)
        if where is not None:  # a word-processor document, which GitHub cannot show
            message += f" [{where}]"
        lines.append(f"::{COMMAND[f.severity]} {props}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)
