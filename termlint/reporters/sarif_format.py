"""``--format sarif``: SARIF 2.1.0, one run, with every rule's description,
help (rationale and sources), and each result's region (1-based lines and
columns; ``columnKind`` is ``unicodeCodePoints``). Fixable findings carry a
``fixes`` entry with the replacement.

In word-processor documents (DOCX, ODT), where a line is a paragraph, a
result's region has a ``snippet`` (the words found), its ``contextRegion``
the paragraph around them, and its ``properties`` the paragraph's ``part``
(``body``, ``footnote``...), its number within that part (``paragraph``) and
the ``excerpt`` shown by text output, the span between ``⟦`` and ``⟧``.
In a run that tells languages apart, a result of a rule written for one
language has that language's ISO 639-1 code in ``properties.language``."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from . import Report

LEVEL = {"error": "error", "warning": "warning", "suggestion": "note", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    return path if path.startswith("<") else Path(path).as_posix()


def render(report: Report, *, color: bool = False) -> str:
    rules = report.rules or {}
    used = sorted({f.rule for f in report.active()})
    index = {rid: i for i, rid in enumerate(used)}
    descriptors = []
    for rid in used:
        rule = rules.get(rid)
        text = rule.summary if rule else rid
        help_text = rule.rationale if rule else ""
        if rule and rule.replacements:
            help_text += "\nPreferred: " + "; ".join(rule.replacements)
        if rule and rule.sources:
            help_text += "\nSources: " + "; ".join(report.citations(rule))
        descriptor = {
            "id": rid,
            "shortDescription": {"text": text},
            "fullDescription": {"text": rule.rationale if rule else text},
            "help": {"text": help_text or text},
            "defaultConfiguration": {"level": LEVEL[rule.severity] if rule else "warning"},
        }
        if rule and rule.url:
            descriptor["helpUri"] = rule.url
        descriptors.append(descriptor)
    results = []
    for f in report.active():
        region = {
            "startLine": f.line,
            "startColumn": f.column,
            "endLine": f.end_line,
            "endColumn": f.end_column,
        }
        physical: dict[str, object] = {"artifactLocation": {"uri": _uri(f.path)}, "region": region}
        result: dict[str, object] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": physical}],
        }
        where = report.place(f)
        if where is not None:
            place, excerpt = where
            physical["region"] = {**region, "snippet": {"text": f.text}}
            line = report.lines[f.path][f.line]
            context = (excerpt.start, excerpt.end)
            if f.end_line == f.line and context != (f.column - 1, f.end_column - 1):
                physical["contextRegion"] = {
                    "startLine": f.line,
                    "startColumn": excerpt.start + 1,
                    "endLine": f.line,
                    "endColumn": excerpt.end + 1,
                    "snippet": {"text": line[excerpt.start : excerpt.end]},
                }
            result["properties"] = {
                "part": place.part,
                "paragraph": place.paragraph,
                "excerpt": str(excerpt),
            }
        if f.language is not None:
            # the language of the rule's pack and of the finding's paragraph
            properties = result.setdefault("properties", {})
            properties["language"] = f.language  # type: ignore[index]
        if f.fixable and f.replacements:
            result["fixes"] = [
                {
                    "description": {"text": f"Replace with '{f.replacements[0]}'"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": _uri(f.path)},
                            "replacements": [
                                {
                                    "deletedRegion": region,
                                    "insertedContent": {"text": f.replacements[0]},
                                }
                            ],
                        }
                    ],
                }
            ]
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "termlint",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/termlint/",
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
