"""The ``termlint`` command line.

Exit codes: 0 when nothing is at or above the ``--fail-on`` threshold, 1 when
something is, 2 for a usage, configuration or input error, 3 for an internal
error (a bug: please report it). No traceback is shown unless
``TERMLINT_DEBUG=1`` is set.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import ConfigError, InputError, TermlintError, did_you_mean

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


def _error(message: str) -> None:
    click.echo(f"termlint: error: {' '.join(str(message).split())}", err=True)


def guarded(func: F) -> F:
    """Turn every termlint error into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TermlintError as exc:
            _error(str(exc))
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            sys.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(EXIT_CLEAN)
        except Exception as exc:  # pragma: no cover - a bug
            if os.environ.get("TERMLINT_DEBUG"):
                raise
            _error(
                f"internal error: {type(exc).__name__}: {exc} "
                "(set TERMLINT_DEBUG=1 for a traceback, and please report it)"
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def _split(values: Iterable[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="termlint")
def main() -> None:
    """termlint: terminology and style linter for writing about child sexual
    abuse and exploitation."""


# --------------------------------------------------------------------------- check


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--config", "config_path", metavar="PATH", help="Use this configuration file.")
@click.option("--select", multiple=True, metavar="IDS", help="Only these rule ids (prefixes).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rule ids (prefixes).")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "suggestion", "info", "never"]),
    help="Lowest severity that makes the exit code 1 [default: warning].",
)
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching paths.")
@click.option("--stdin-filename", metavar="NAME", help="Name (and format) for text read from -.")
@click.option("--input-format", metavar="FORMAT", help="Read files as this format.")
@click.option("--show-suppressed", is_flag=True, help="Also list matches an exemption silenced.")
@click.option(
    "--report-unused-suppressions",
    is_flag=True,
    help="Report suppression comments that silence nothing.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour text output.",
)
@guarded
def check(
    paths: tuple[str, ...],
    fmt: str,
    config_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exclude: tuple[str, ...],
    stdin_filename: str | None,
    input_format: str | None,
    show_suppressed: bool,
    report_unused_suppressions: bool,
    color: str,
) -> None:
    """Check PATHS (files, directories, or - for standard input)."""
    from .config import ConfigFinder
    from .findings import severity_rank
    from .formats import format_for, load_document
    from .linter import document_for, lint_documents
    from .reporters import Report, render
    from .source import BinaryFileError, decode, read_source
    from .walk import excluded, walk

    if input_format:
        format_for("", input_format)  # validate early
    finder = ConfigFinder(config_path)
    selected, ignored = _split(select), _split(ignore)
    configs: dict[int, Any] = {}

    def config_for(path: Path) -> Any:
        base = finder.for_path(path)
        if id(base) not in configs:
            configs[id(base)] = base.with_options(
                select=selected or None, ignore=ignored, fail_on=fail_on
            )
        return configs[id(base)]

    report = Report()
    errors = 0
    failing = False
    targets: list[tuple[str, bool]] = []  # (path, explicit)
    for raw in paths or (".",):
        if raw == "-":
            targets.append(("-", True))
        elif os.path.isdir(raw):
            targets.extend((p, False) for p in walk(raw))
        elif os.path.exists(raw):
            targets.append((raw, True))
        else:
            _error(f"{raw}: no such file or directory")
            errors += 1

    # Read every file first, so that files sharing a project-wide configuration
    # can be checked together; output keeps the order of the command line.
    loaded: list[tuple[Any, Any]] = []  # (config, document)
    for path, explicit in targets:
        if path == "-":
            shown = stdin_filename or "<stdin>"
            config = config_for(Path(stdin_filename) if stdin_filename else Path("stdin"))
            data = sys.stdin.buffer.read() if sys.stdin is not None else b""
            loader: Callable[[], Any] = functools.partial(decode, data, shown)
        else:
            config = config_for(Path(path))
            if excluded(path, exclude) or excluded(path, config.exclude, config.root):
                continue
            loader = functools.partial(read_source, path)
            if format_for(path, input_format) == "docx":
                try:
                    loaded.append((config, load_document(path, path, "docx")))
                except InputError as exc:
                    _error(str(exc))
                    errors += 1
                continue
        try:
            source = loader()
        except BinaryFileError as exc:
            if explicit:
                _error(str(exc))
                errors += 1
            continue
        except InputError as exc:
            _error(str(exc))
            errors += 1
            continue
        loaded.append((config, document_for(source, input_format, config)))

    results: dict[int, list[Any]] = {}
    by_config: dict[int, list[int]] = {}
    for i, (config, _) in enumerate(loaded):
        by_config.setdefault(id(config), []).append(i)
    for indices in by_config.values():
        config = loaded[indices[0]][0]
        docs = [loaded[i][1] for i in indices]
        checked = lint_documents(
            docs,
            config,
            keep_suppressed=show_suppressed,
            report_unused=report_unused_suppressions,
        )
        for i, findings in zip(indices, checked, strict=True):
            results[i] = findings

    for i, (config, _) in enumerate(loaded):
        findings = results[i]
        report.files_checked += 1
        if any(f.suppressed_by is None for f in findings):
            report.files_with_findings += 1
        report.findings.extend(findings)
        if config.fail_on != "never":
            threshold = severity_rank(config.fail_on)
            failing = failing or any(
                severity_rank(f.severity) >= threshold for f in findings if f.suppressed_by is None
            )

    if show_suppressed and fmt == "text":
        report.findings = [
            f if f.suppressed_by is None else _as_suppressed(f) for f in report.findings
        ]
    painted = fmt == "text" and _use_color(color)
    click.echo(render(fmt, report, color=painted), nl=False, color=painted)
    sys.exit(EXIT_ERROR if errors else EXIT_FINDINGS if failing else EXIT_CLEAN)


def _as_suppressed(finding: Any) -> Any:
    import dataclasses

    return dataclasses.replace(
        finding, message=f"{finding.message} [suppressed by {finding.suppressed_by}]"
    )


# --------------------------------------------------------------------------- rules


def _config(config_path: str | None) -> Any:
    from .config import load_config

    return load_config(config_path)


@main.command("rules")
@click.option("--config", "config_path", metavar="PATH", help="Use this configuration file.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@guarded
def rules_cmd(config_path: str | None, fmt: str) -> None:
    """List the rules in effect: id, severity and a one-line summary
    (``--format markdown``: the full catalogue)."""
    config = _config(config_path)
    rules = list(config.ruleset.rules.values())
    if fmt == "markdown":
        from .reporters.catalogue import render_catalogue

        click.echo(render_catalogue(config.ruleset), nl=False)
        return
    if fmt == "json":
        import json

        payload = [
            {"id": r.id, "kind": r.kind, "severity": r.severity, "summary": r.summary}
            for r in rules
        ]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    width = max((len(r.id) for r in rules), default=0)
    for r in rules:
        click.echo(f"{r.id:<{width}}  {r.severity:<10}  {r.summary}")


@main.command()
@click.argument("rule_id")
@click.option("--config", "config_path", metavar="PATH", help="Use this configuration file.")
@guarded
def explain(rule_id: str, config_path: str | None) -> None:
    """Explain one rule: rationale, preferred terms, sources, examples."""
    config = _config(config_path)
    rules = config.ruleset.rules
    if rule_id not in rules:
        raise ConfigError(f"unknown rule id '{rule_id}'{did_you_mean(rule_id, rules)}")
    r = rules[rule_id]
    out = [f"{r.id} ({r.kind}, {r.severity}{', fixable' if r.fixable else ''})", ""]
    out += [r.rationale, ""]
    if r.terms or r.patterns:
        out.append("Discouraged: " + "; ".join((*r.terms, *r.patterns)))
    if r.replacements:
        out.append("Preferred: " + "; ".join(r.replacements))
    if r.exceptions:
        out.append("Not flagged inside: " + "; ".join(r.exceptions))
    if r.evidence:
        out.append("Evidence: " + ", ".join(f"[{t}]" for t in r.evidence))
    if r.sources:
        out += ["", "Sources:"]
        for key in r.sources:
            ref = config.ruleset.sources.get(key)
            out.append(f"  - {key}: {ref.citation()}" if ref else f"  - {key}")
    if r.bad or r.good:
        out += ["", "Examples:"]
        out += [f"  bad:  {e.text}" for e in r.bad]
        out += [f"  good: {e.text}" for e in r.good]
    if r.url:
        out += ["", f"More: {r.url}"]
    click.echo("\n".join(out))


@main.command("test-rules")
@click.argument("packs", nargs=-1)
@guarded
def test_rules(packs: tuple[str, ...]) -> None:
    """Run the examples of every rule in PACKS (names, files or directories;
    default: the packaged default pack)."""
    from .ruleset import load_pack
    from .selftest import run_examples

    refs: list[str] = []
    for ref in packs or ("default",):
        if os.path.isdir(ref):
            found = sorted(str(p) for p in Path(ref).iterdir() if p.suffix in (".yaml", ".yml"))
            if not found:
                raise InputError(f"{ref}: no .yaml rule packs in this directory")
            refs.extend(found)
        else:
            refs.append(ref)
    total = failed = 0
    for ref in refs:
        ruleset = load_pack(os.path.abspath(ref) if os.path.exists(ref) else ref)
        count, failures = run_examples(ruleset)
        total += count
        failed += len(failures)
        for failure in failures:
            click.echo(str(failure))
    click.echo(f"{total - failed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)
