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
    #: Findings already written and let go (see :meth:`forget`): those no
    #: exemption silenced, by severity and by rule, and those silenced.
    written: dict[str, int] = field(default_factory=dict)
    written_rules: dict[str, int] = field(default_factory=dict)
    written_silenced: int = 0
    #: Whether the file being added has findings no exemption silenced.
    _file_found: bool = field(default=False, repr=False)

    def add(
        self,
        path: str,
        config: Any,
        findings: list[Finding],
        *,
        text: str | None = None,
        lines: dict[int, str] | None = None,
        places: dict[int, Place] | None = None,
        continued: bool = False,
    ) -> None:
        """Add one checked file: its findings, and its configuration's rules,
        sources and threshold (``continued``: more findings of the file added
        last, a large file checked in pieces)."""
        if not continued:
            self.files_checked += 1
            self.paths.append(path)
            self._file_found = False
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
        if not self._file_found and any(f.suppressed_by is None for f in findings):
            self.files_with_findings += 1
            self._file_found = True
        self.findings.extend(findings)

    def forget(self) -> None:
        """Let go of the findings written so far (and of their lines): a
        streamed report keeps only their counts."""
        for f in self.findings:
            if f.suppressed_by is None:
                self.written[f.severity] = self.written.get(f.severity, 0) + 1
                self.written_rules[f.rule] = self.written_rules.get(f.rule, 0) + 1
            else:
                self.written_silenced += 1
        self.findings = []
        self.lines.clear()

    def count_active(self) -> int:
        """How many findings no exemption silenced (written ones included)."""
        return len(self.active()) + sum(self.written.values())

    def count_silenced(self) -> int:
        """How many findings an exemption or a comment silenced."""
        return len(self.findings) - len(self.active()) + self.written_silenced

    def rule_counts(self) -> dict[str, int]:
        """How many findings of each rule no exemption silenced."""
        counts = dict(self.written_rules)
        for f in self.active():
            counts[f.rule] = counts.get(f.rule, 0) + 1
        return counts

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
        for severity, n in self.written.items():
            counts[severity] += n
        for f in self.active():
            counts[f.severity] += 1
        return counts


#: Formats written as their findings come (see :class:`Stream`); SARIF keeps
#: them in a temporary file until the end (its rules come first).
STREAMED = ("text", "json", "sarif")


class Stream:
    """A report in a streamed format (:data:`STREAMED`), written as its
    findings come: :meth:`write` writes the findings the report holds, then
    lets go of them; :meth:`close` writes the end. The output is the same
    as :func:`render`'s. A format module streams with ``stream_findings``
    and ``stream_end`` functions, or a ``Writer`` class that keeps what it
    needs between calls."""

    def __init__(self, fmt: str, report: Report, *, color: bool = False) -> None:
        self.module = importlib.import_module(f"{__name__}.{fmt}_format")
        self.report = report
        self.color = color
        self.started = False
        writer = getattr(self.module, "Writer", None)
        self.writer = writer(report, color=color) if writer is not None else None

    def write(self) -> Iterator[str]:
        """The output of the findings added since the last call."""
        if self.report.findings:
            if self.writer is not None:
                yield from self.writer.write()
            else:
                yield from self.module.stream_findings(self.report, self.started, color=self.color)
            self.started = True
        self.report.forget()

    def close(self) -> Iterator[str]:
        """The end of the output."""
        if self.writer is not None:
            return self.writer.close()  # type: ignore[no-any-return]
        return self.module.stream_end(self.report, self.started, color=self.color)  # type: ignore[no-any-return]


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
