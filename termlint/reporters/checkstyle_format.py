"""``--format checkstyle``: Checkstyle XML (``<checkstyle><file><error .../>``)."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from . import Report

SEVERITY = {"error": "error", "warning": "warning", "suggestion": "info", "info": "info"}


def render(report: Report, *, color: bool = False) -> str:
    by_path: dict[str, list] = {p: [] for p in report.paths}
    for f in report.active():
        by_path.setdefault(f.path, []).append(f)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">']
    for path, findings in by_path.items():
        out.append(f"  <file name={quoteattr(path)}>")
        for f in findings:
            where = report.where(f)  # a word-processor document: its paragraph
            message = f.message + (f" [{where}]" if where else "")
            out.append(
                f'    <error line="{f.line}" column="{f.column}" severity="{SEVERITY[f.severity]}"'
                f" message={quoteattr(message)} source={quoteattr('termlint.' + f.rule)}/>"
            )
        out.append("  </file>")
    out.append("</checkstyle>")
    return "\n".join(out) + "\n"
