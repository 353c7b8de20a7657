"""One command-line run: which files, which configuration for each, their
documents, and their findings. Shared by ``check`` and ``fix``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config, ConfigFinder
from .document import Document
from .errors import InputError
from .findings import Finding
from .formats import format_for, load_document
from .linter import document_for, lint_documents
from .source import BinaryFileError, Source, decode, read_source
from .walk import excluded, walk


@dataclass
class Loaded:
    path: str  # as given, or "-" for standard input
    config: Config
    doc: Document
    source: Source | None  # None for formats read from binary files (DOCX)


@dataclass
class Run:
    config_path: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()
    stdin_filename: str | None = None
    input_format: str | None = None
    report_error: Callable[[str], None] = print
    errors: int = 0

    def __post_init__(self) -> None:
        if self.input_format:
            format_for("", self.input_format)  # validate early
        self._finder = ConfigFinder(self.config_path)
        self._configs: dict[int, Config] = {}

    def config_for(self, path: Path) -> Config:
        base = self._finder.for_path(path)
        if id(base) not in self._configs:
            self._configs[id(base)] = base.with_options(
                select=self.select or None, ignore=self.ignore, fail_on=self.fail_on
            )
        return self._configs[id(base)]

    def _error(self, message: str) -> None:
        self.report_error(message)
        self.errors += 1

    def targets(self, paths: Iterable[str]) -> list[tuple[str, bool]]:
        """(path, named explicitly) for every file to read."""
        out: list[tuple[str, bool]] = []
        for raw in paths or (".",):
            if raw == "-":
                out.append(("-", True))
            elif os.path.isdir(raw):
                out.extend((p, False) for p in walk(raw))
            elif os.path.exists(raw):
                out.append((raw, True))
            else:
                self._error(f"{raw}: no such file or directory")
        return out

    def load(self, paths: Iterable[str]) -> list[Loaded]:
        """Read and decode every file; errors are reported and counted."""
        loaded: list[Loaded] = []
        for path, explicit in self.targets(paths):
            if path == "-":
                shown = self.stdin_filename or "<stdin>"
                config = self.config_for(Path(self.stdin_filename or "stdin"))
                data = sys.stdin.buffer.read() if sys.stdin is not None else b""
                reader: Callable[[], Any] = lambda data=data, shown=shown: decode(data, shown)  # noqa: E731
            else:
                config = self.config_for(Path(path))
                if excluded(path, self.exclude) or excluded(path, config.exclude, config.root):
                    continue
                if format_for(path, self.input_format) == "docx":
                    try:
                        doc = load_document(path, path, "docx")
                    except InputError as exc:
                        self._error(str(exc))
                        continue
                    assert doc is not None
                    loaded.append(Loaded(path, config, doc, None))
                    continue
                reader = lambda path=path: read_source(path)  # noqa: E731
            try:
                source = reader()
            except BinaryFileError as exc:
                if explicit:
                    self._error(str(exc))
                continue
            except InputError as exc:
                self._error(str(exc))
                continue
            doc = document_for(source, self.input_format, config)
            loaded.append(Loaded(path, config, doc, source))
        return loaded

    def lint(
        self, loaded: list[Loaded], *, keep_suppressed: bool = False, report_unused: bool = False
    ) -> list[list[Finding]]:
        """Findings for every loaded file, in order; files that share a
        project-wide configuration are checked together."""
        results: dict[int, list[Finding]] = {}
        by_config: dict[int, list[int]] = {}
        for i, item in enumerate(loaded):
            by_config.setdefault(id(item.config), []).append(i)
        for indices in by_config.values():
            config = loaded[indices[0]].config
            checked = lint_documents(
                [loaded[i].doc for i in indices],
                config,
                keep_suppressed=keep_suppressed,
                report_unused=report_unused,
            )
            for i, findings in zip(indices, checked, strict=True):
                results[i] = findings
        return [results[i] for i in range(len(loaded))]
