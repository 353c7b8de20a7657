"""``--format gitlab``: GitLab Code Quality (a Code Climate JSON array), shown
in merge requests and pipelines (``artifacts: reports: codequality``).

Each active finding is one issue with ``description``, ``check_name`` (the
rule id), ``severity`` (error: major, warning: minor, suggestion and info:
info), ``location`` (path, begin and end line and column) and a
``fingerprint`` that stays the same while the finding does: it is a hash of
the path, the rule, the matched text and which occurrence of that text it is
in the file, not of its line, so editing elsewhere does not make GitLab see
a new issue.
"""

from __future__ import annotations

import hashlib
import json

from . import Report

SEVERITY = {"error": "major", "warning": "minor", "suggestion": "info", "info": "info"}


def render(report: Report, *, color: bool = False) -> str:
    issues = []
    seen: dict[tuple[str, str, str], int] = {}
    for f in report.active():
        where = report.where(f)  # a word-processor document: its paragraph
        description = f"[{f.rule}] {f.message}" + (f" [{where}]" if where else "")
        text = " ".join(f.text.lower().split())
        key = (f.path, f.rule, text)
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256(
            "\x00".join([*key, str(seen[key])]).encode("utf-8", "surrogatepass")
        ).hexdigest()
        issues.append(
            {
                "type": "issue",
                "description": description,
                "check_name": f.rule,
                "categories": ["Style"],
                "severity": SEVERITY[f.severity],
                "fingerprint": fingerprint,
                "location": {
                    "path": f.path,
                    "lines": {"begin": f.line, "end": f.end_line},
                    "positions": {
                        "begin": {"line": f.line, "column": f.column},
                        "end": {"line": f.end_line, "column": f.end_column},
                    },
                },
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
