"""The service layer that long-running front ends share (the HTTP server of
``termlint serve``, the MCP server of ``termlint mcp``): one configuration,
found and loaded once, its engine compiled once, and the operations those
front ends offer, each returning what the command line would print.

* :meth:`Service.check` -- findings of a text, in the CLI's JSON shape;
* :meth:`Service.fix` -- the text with the safe fixes applied, the fixes, and
  what remains;
* :meth:`Service.check_package` / :meth:`Service.review_package` -- a Word or
  OpenDocument file, as bytes: its findings, or its reviewed copy;
* :meth:`Service.rules` / :meth:`Service.explain` -- the rules in effect.

Texts never touch the disk but for word-processor files, which are written
to a private temporary directory for the time of the request and removed.
Requests name no server-side file: a ``filename`` only chooses the format
and names the text in findings.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config, load_config
from .document import Document
from .errors import ConfigError, InputError
from .findings import Finding
from .formats import FORMATS, PACKAGES, format_for, load_document, to_document

#: A name for texts that come with none.
DEFAULT_NAME = "draft.txt"


@dataclass
class Checked:
    """A checked text: the document, its findings and the JSON of each."""

    doc: Document
    findings: list[Finding]
    json: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Fixed:
    """A fixed text: the new text, each fix made, and what remains in it."""

    text: str
    fixes: list[dict[str, Any]]
    remaining: Checked


def _safe_name(filename: str | None) -> str:
    """A name for the text: only its last component, never a path on the server."""
    name = os.path.basename((filename or "").replace("\\", "/")) or DEFAULT_NAME
    return name


class Service:
    """One configuration and its engine, shared by every request."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._lock = threading.Lock()
        #: The configuration with another ``language`` setting, by language.
        self._by_language: dict[str, Config] = {}
        config.engine()  # compiled now, once, not on the first request

    @classmethod
    def load(
        cls,
        config_path: str | None = None,
        *,
        with_packs: tuple[str, ...] = (),
        start: str | Path | None = None,
    ) -> Service:
        """The configuration named, or the one discovered from ``start`` (the
        current directory), with ``with_packs`` added."""
        config = load_config(config_path, start=start)
        if with_packs:
            config = config.with_packs(with_packs)
        return cls(config)

    # ------------------------------------------------------------ helpers

    def _config(
        self,
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        language: str | None = None,
    ) -> Config:
        if not select and not ignore:
            if language in (None, self.config.language):
                return self.config
            found = self._by_language.get(language)  # type: ignore[arg-type]
            if found is None:
                # the same rules: the compiled engine is shared (Engine.with_language)
                found = self.config.with_options(language=language)
                with self._lock:
                    self._by_language[found.language] = found
            return found
        return self.config.with_options(select=select or None, ignore=ignore, language=language)

    def languages(self) -> list[str]:
        """The languages (ISO 639-1) the rules in effect are written for,
        English first: a pack that says none (house style) counts for none."""
        found = {r.language for r in self.config.active_rules() if r.language is not None}
        return sorted(found | {"en"}, key=lambda code: (code != "en", code))

    def format_of(self, filename: str | None, fmt: str | None = None) -> str:
        """The format of a text: ``fmt`` if given (a format name), else by the
        name's extension."""
        if fmt:
            if fmt not in FORMATS:
                raise ConfigError(f"unknown format '{fmt}'")
            return fmt
        return format_for(_safe_name(filename))

    def json_of(
        self, doc: Document, findings: list[Finding], config: Config
    ) -> list[dict[str, Any]]:
        """Each finding as ``termlint check --format json`` prints it."""
        from .reporters import Report, render
        from .run import finding_lines

        report = Report()
        lines, places = finding_lines(doc, findings, source=False)
        report.add(doc.path, config, findings, lines=lines, places=places)
        return json.loads(render("json", report))["findings"]  # type: ignore[no-any-return]

    # ------------------------------------------------------------ operations

    def check(
        self,
        text: str,
        *,
        filename: str | None = None,
        fmt: str | None = None,
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        language: str | None = None,
    ) -> Checked:
        """Check ``text`` (read as ``fmt``, or by ``filename``'s extension);
        ``language``: ``auto`` or an ISO 639-1 code, over the configuration's
        (see :mod:`termlint.language`)."""
        name = _safe_name(filename)
        fmt = self.format_of(name, fmt)
        if fmt in PACKAGES:
            raise InputError(f"{name}: a {fmt.upper()} file is sent as a file, not as text")
        config = self._config(select, ignore, language)
        doc = to_document(name, text, fmt, front_matter=config.front_matter)
        return self._check_doc(doc, config)

    def _check_doc(self, doc: Document, config: Config) -> Checked:
        findings = config.engine().check(doc)
        return Checked(doc, findings, self.json_of(doc, findings, config))

    def fix(
        self,
        text: str,
        *,
        filename: str | None = None,
        fmt: str | None = None,
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        language: str | None = None,
    ) -> Fixed:
        """``text`` with every safe fix applied, as ``termlint fix`` makes them."""
        from .fixer import apply, plan

        options: dict[str, Any] = {"select": select, "ignore": ignore, "language": language}
        checked = self.check(text, filename=filename, fmt=fmt, **options)
        fixes = plan(checked.doc, checked.findings)
        new_text = apply(checked.doc.source, fixes)
        made = [
            {
                "line": f.line,
                "column": f.column,
                "rule": f.rule,
                "old": f.old,
                "new": f.new,
            }
            for f in fixes
        ]
        remaining = self.check(new_text, filename=filename, fmt=fmt, **options)
        return Fixed(new_text, made, remaining)

    def _package(self, data: bytes, filename: str | None) -> tuple[Path, str, str]:
        name = _safe_name(filename)
        fmt = format_for(name)
        if fmt not in PACKAGES:
            raise InputError(f"{name}: only Word (.docx) and OpenDocument (.odt) files are read")
        folder = Path(tempfile.mkdtemp(prefix="termlint-"))
        path = folder / f"upload{os.path.splitext(name)[1].lower()}"
        path.write_bytes(data)
        return path, name, fmt

    def check_package(
        self,
        data: bytes,
        filename: str | None,
        *,
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        language: str | None = None,
    ) -> Checked:
        """Check a Word or OpenDocument file sent as bytes; its text is the
        checked text (one line per paragraph)."""
        path, name, fmt = self._package(data, filename)
        try:
            doc = load_document(str(path), name, fmt)
            assert doc is not None
            return self._check_doc(doc, self._config(select, ignore, language))
        finally:
            _remove(path)

    def review_package(
        self,
        data: bytes,
        filename: str | None,
        *,
        author: str = "termlint",
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        language: str | None = None,
    ) -> tuple[bytes, Checked]:
        """The reviewed copy of a Word or OpenDocument file sent as bytes
        (see :mod:`termlint.review`), and its findings."""
        from .fixer import plan as plan_fixes
        from .reporters import Report
        from .review import ReviewOptions, plan, write

        path, name, fmt = self._package(data, filename)
        try:
            doc = load_document(str(path), name, fmt)
            assert doc is not None
            config = self._config(select, ignore, language)
            checked = self._check_doc(doc, config)
            report = Report()
            report.add(name, config, checked.findings)
            fixes = plan_fixes(doc, checked.findings)
            review = plan(doc, checked.findings, fixes, report)
            written = write(fmt, str(path), name, doc, review, ReviewOptions.now(author))
            return written.data, checked
        finally:
            _remove(path)

    def rules(self) -> list[dict[str, Any]]:
        """The rules in effect, as ``termlint rules --format json`` lists them."""
        return [
            {"id": r.id, "kind": r.kind, "severity": r.severity, "summary": r.summary}
            for r in self.config.active_rules()
        ]

    def explain(self, rule_id: str) -> dict[str, Any]:
        """One rule: what ``termlint explain`` says of it, as data."""
        from .errors import did_you_mean

        rules = self.config.ruleset.rules
        if rule_id not in rules:
            raise ConfigError(f"unknown rule id '{rule_id}'{did_you_mean(rule_id, rules)}")
        r = rules[rule_id]
        sources = self.config.ruleset.sources
        return {
            "id": r.id,
            "kind": r.kind,
            "severity": r.severity,
            "fixable": r.fixable,
            "summary": r.summary,
            "rationale": r.rationale,
            "discouraged": [*r.terms, *r.patterns],
            "preferred": list(r.replacements),
            "sources": [sources[k].citation() if k in sources else k for k in r.sources],
            "examples": {"bad": [e.text for e in r.bad], "good": [e.text for e in r.good]},
            "url": r.url,
        }


def _remove(path: Path) -> None:
    import shutil

    shutil.rmtree(path.parent, ignore_errors=True)
