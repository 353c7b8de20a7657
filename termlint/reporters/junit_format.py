"""``--format junit``: JUnit XML, one test case per file; a file with findings
at or above the ``--fail-on`` threshold fails, with one ``<failure>`` per
finding."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..findings import severity_rank
from . import Report


def render(report: Report, *, color: bool = False) -> str:
    threshold = (
        severity_rank(report.fail_on)
        if report.fail_on in ("error", "warning", "suggestion", "info")
        else 99
    )
    by_path: dict[str, list] = {p: [] for p in report.paths}
    for f in report.active():
        by_path.setdefault(f.path, []).append(f)
    failures = sum(
        1
        for findings in by_path.values()
        if any(severity_rank(f.severity) >= threshold for f in findings)
    )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="termlint" tests="{len(by_path)}" failures="{failures}">',
        f'  <testsuite name="termlint" tests="{len(by_path)}" failures="{failures}">',
    ]
    for path, findings in by_path.items():
        failing = [f for f in findings if severity_rank(f.severity) >= threshold]
        out.append(f'    <testcase classname="termlint" name={quoteattr(path)}>')
        for f in failing:
            text = f"{f.path}:{f.line}:{f.column}: {f.severity} [{f.rule}] {f.message}"
            where = report.where(f)  # a word-processor document: its paragraph
            if where is not None:
                text += f" [{where}]"
            attrs = f"type={quoteattr(f.rule)} message={quoteattr(f.message)}"
            out.append(f"      <failure {attrs}>{escape(text)}</failure>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"
