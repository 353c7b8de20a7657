"""Stage 6: reporters. Each turns findings into one output format; none of
them looks at the document again. Add a format by adding a module with a
``render(report, color) -> str`` function and listing it in ``FORMATS``."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..findings import SEVERITIES, Finding

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
