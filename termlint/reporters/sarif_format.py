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
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .. import __version__
from ..findings import Finding
from ..places import Excerpt, Place
from . import Report

LEVEL = {"error": "error", "warning": "warning", "suggestion": "note", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    return path if path.startswith("<") else Path(path).as_posix()


def _descriptor(report: Report, rid: str) -> dict[str, object]:
    rule = (report.rules or {}).get(rid)
    text = rule.summary if rule else rid
    help_text = rule.rationale if rule else ""
    if rule and rule.replacements:
        help_text += "\nPreferred: " + "; ".join(rule.replacements)
    if rule and rule.sources:
        help_text += "\nSources: " + "; ".join(report.citations(rule))
    descriptor: dict[str, object] = {
        "id": rid,
        "shortDescription": {"text": text},
        "fullDescription": {"text": rule.rationale if rule else text},
        "help": {"text": help_text or text},
        "defaultConfiguration": {"level": LEVEL[rule.severity] if rule else "warning"},
    }
    if rule and rule.url:
        descriptor["helpUri"] = rule.url
    return descriptor


#: What a result needs of the report besides its finding: the paragraph of a
#: word-processor document, its excerpt, and its line (see Report.place).
_Where = tuple[Place, Excerpt, str] | None


def _where(report: Report, f: Finding) -> _Where:
    found = report.place(f)
    if found is None:
        return None
    return found[0], found[1], report.lines[f.path][f.line]


def _result(f: Finding, index: int, where: _Where) -> dict[str, object]:
    region = {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
    }
    physical: dict[str, object] = {"artifactLocation": {"uri": _uri(f.path)}, "region": region}
    result: dict[str, object] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": physical}],
    }
    if where is not None:
        place, excerpt, line = where
        physical["region"] = {**region, "snippet": {"text": f.text}}
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
    return result


def _log(report: Report, used: list[str], results: list[dict[str, object]]) -> dict[str, object]:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "termlint",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/termlint/",
                        "rules": [_descriptor(report, rid) for rid in used],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report, *, color: bool = False) -> str:
    used = sorted({f.rule for f in report.active()})
    index = {rid: i for i, rid in enumerate(used)}
    results = [_result(f, index[f.rule], _where(report, f)) for f in report.active()]
    return json.dumps(_log(report, used, results), indent=2, ensure_ascii=False) + "\n"


# Streaming: rules come before results, and a result names its rule by its
# place among the rules used, so results can be written only once every
# finding is known. The findings are kept meanwhile in a temporary file (a
# report of 100 MB of text is not held in memory), then written out as
# render() lays them out: each result is where json.dumps(..., indent=2)
# puts it, eight spaces in.

_INDENT = "\n" + " " * 8


class Writer:
    """A SARIF log written as findings come: they are kept in a temporary
    file, with the rules they use, and the whole log is written at the end."""

    def __init__(self, report: Report, *, color: bool = False) -> None:
        self.report = report
        # closed by close(), after the calls that fill it
        self.file = tempfile.TemporaryFile()  # noqa: SIM115
        self.used: set[str] = set()
        self.count = 0

    def write(self) -> Iterator[str]:
        """Keep the active findings the report holds (nothing is written yet)."""
        for f in self.report.active():
            pickle.dump((f, _where(self.report, f)), self.file, pickle.HIGHEST_PROTOCOL)
            self.used.add(f.rule)
            self.count += 1
        return iter(())

    def close(self) -> Iterator[str]:
        """The whole log: the rules used, then every finding kept."""
        used = sorted(self.used)
        text = json.dumps(_log(self.report, used, []), indent=2, ensure_ascii=False) + "\n"
        with self.file:
            if not self.count:
                yield text
                return
            head, tail = text.split('"results": []', 1)
            yield head + '"results": [\n'
            index = {rid: i for i, rid in enumerate(used)}
            self.file.seek(0)
            for i in range(self.count):
                f, where = pickle.load(self.file)
                result = json.dumps(_result(f, index[f.rule], where), indent=2, ensure_ascii=False)
                yield (",\n" if i else "") + " " * 8 + result.replace("\n", _INDENT)
            yield "\n      ]" + tail
