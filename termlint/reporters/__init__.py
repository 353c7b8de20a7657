"""Stage 6: reporters. Each turns findings into one output format; none of
them looks at the document again. Add a format by adding a module with a
``render(report, color) -> str`` function and listing it in ``FORMATS``."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..findings import SEVERITIES, Finding
from ..places import Excerpt, Place, excerpt

FORMATS = ("text", "json", "lsp", "sarif", "github", "gitlab", "checkstyle", "junit", "html")


@dataclass
class Report:
    """Everything one run found, in output order."""

    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    files_with_findings: int = 0
    #: Every file checked, in order (with or without findings).
    paths: list[str] = field(default_factory=list)
    #: The rules and sources of the run (for formats that describe rules).
    rules: dict[str, Any] | None = None
    sources: dict[str, Any] | None = None
    fail_on: str = "warning"
    #: Whether human-readable formats end with a summary line (off for --quiet).
    summary: bool = True
    #: The original text of each file (for formats that show it).
    texts: dict[str, str] = field(default_factory=dict)
    #: Per file, the source line of each line number with a finding (for
    #: ``--show-source``, and always in word-processor documents, whose
    #: excerpts come from it), and, in word-processor documents, the
    #: paragraph each such line is (see :meth:`place`).
    lines: dict[str, dict[int, str]] = field(default_factory=dict)
    places: dict[str, dict[int, Place]] = field(default_factory=dict)
    #: Text output: show each finding's source line with its span underlined.
    show_source: bool = False
    #: How the summary line of text output begins (``fix``: "Remaining:").
    found: str = "Found"

    def add(
        self,
        path: str,
        config: Any,
        findings: list[Finding],
        *,
        text: str | None = None,
        lines: dict[int, str] | None = None,
        places: dict[int, Place] | None = None,
    ) -> None:
        """Add one checked file: its findings, and its configuration's rules,
        sources and threshold."""
        self.files_checked += 1
        self.paths.append(path)
        if text is not None:
            self.texts[path] = text
        if lines:
            self.lines.setdefault(path, {}).update(lines)
        if places:
            self.places.setdefault(path, {}).update(places)
        if self.rules is None:
            self.rules = {}
        if self.sources is None:
            self.sources = {}
        self.rules.update(config.ruleset.rules)
        self.sources.update(config.ruleset.sources)
        self.fail_on = config.fail_on
        if any(f.suppressed_by is None for f in findings):
            self.files_with_findings += 1
        self.findings.extend(findings)

    def place(self, f: Finding) -> tuple[Place, Excerpt] | None:
        """In a word-processor document, the paragraph of ``f`` (its part and
        number) and the excerpt around it; ``None`` elsewhere."""
        place = self.places.get(f.path, {}).get(f.line)
        if place is None:
            return None
        line = self.lines.get(f.path, {}).get(f.line, "")
        end = f.end_column - 1 if f.end_line == f.line else len(line)
        return place, excerpt(line, f.column - 1, end)

    def where(self, f: Finding) -> str | None:
        """In a word-processor document, the place of ``f`` as text output
        shows it: ``footnote 2: …police found ⟦child porn⟧ on the…``."""
        found = self.place(f)
        return None if found is None else f"{found[0].label()}: {found[1]}"

    def active(self) -> list[Finding]:
        """The findings no exemption silenced."""
        return [f for f in self.findings if f.suppressed_by is None]

    def citations(self, rule: Any) -> list[str]:
        """The full citation of each source a rule names."""
        sources = self.sources or {}
        return [sources[k].citation() if k in sources else k for k in rule.sources]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in self.active():
            counts[f.severity] += 1
        return counts


def render(fmt: str, report: Report, *, color: bool = False) -> str:
    module = importlib.import_module(f"{__name__}.{fmt}_format")
    return module.render(report, color=color)  # type: ignore[no-any-return]


def render_chunks(fmt: str, report: Report, *, color: bool = False) -> Iterator[str]:
    """The output in pieces, for formats that can stream (large reports are
    then never held whole); otherwise the whole output as one piece."""
    module = importlib.import_module(f"{__name__}.{fmt}_format")
    if hasattr(module, "chunks"):
        return module.chunks(report, color=color)  # type: ignore[no-any-return]
    return iter([module.render(report, color=color)])
