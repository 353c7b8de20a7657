"""The ``check`` command: check files and report what was found; and the
report output that ``check`` and ``fix`` share (``--format``, ``--output``,
``--show-source``, colour)."""

from __future__ import annotations

import dataclasses
import os
import sys
from typing import IO, Any

import click

from .findings import Finding, severity_rank
from .reporters import Report, render, render_chunks
from .run import Run

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def use_color(choice: str, stream: IO[str]) -> bool:
    """Whether to colour text written to ``stream``: ``--color always|never``,
    else only on a terminal and without ``NO_COLOR``."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def show_source(choice: bool | None, fmt: str, stream: IO[str] | None) -> bool:
    """Whether text output shows each finding's source line: as asked with
    ``--show-source/--no-show-source``, else when it goes to a terminal."""
    if fmt != "text":
        return False
    if choice is not None:
        return choice
    return stream is not None and stream.isatty()


def failing(config: Any, findings: list[Finding]) -> bool:
    """Whether ``findings`` reach the configuration's ``fail-on`` threshold."""
    if config.fail_on == "never":
        return False
    threshold = severity_rank(config.fail_on)
    return any(severity_rank(f.severity) >= threshold for f in findings if f.suppressed_by is None)


def emit(
    fmt: str, report: Report, *, output_path: str | None, color: bool, stream: IO[str]
) -> None:
    """Write ``report``: atomically to ``output_path`` when given, else to
    ``stream`` in pieces of about 64 KB (one write per finding costs more
    than the rendering itself)."""
    if output_path is not None:
        from .fixer import write_new_file

        write_new_file(output_path, render(fmt, report, color=False).encode("utf-8"))
        return
    batch: list[str] = []
    size = 0
    for piece in render_chunks(fmt, report, color=color):
        batch.append(piece)
        size += len(piece)
        if size >= 65536:
            click.echo("".join(batch), nl=False, color=color, file=stream)
            batch, size = [], 0
    if batch:
        click.echo("".join(batch), nl=False, color=color, file=stream)


def _as_suppressed(finding: Finding) -> Finding:
    return dataclasses.replace(
        finding, message=f"{finding.message} [suppressed by {finding.suppressed_by}]"
    )


def check_command(
    run: Run,
    paths: tuple[str, ...],
    *,
    fmt: str,
    output_path: str | None,
    quiet: bool,
    statistics: bool,
    show_suppressed: bool,
    report_unused: bool,
    jobs: int,
    color: str,
    source: bool | None,
) -> int:
    """Check ``paths`` and write the report; the exit code."""
    stream = sys.stdout
    shown = show_source(source, fmt, stream if output_path is None else None)
    checked = run.check(
        paths,
        keep_suppressed=show_suppressed,
        report_unused=report_unused,
        jobs=jobs,
        keep_text=fmt == "html",
        keep_lines=shown,
    )
    report = Report(rules={}, sources={}, summary=not quiet, show_source=shown)
    fails = False
    for item in checked:
        report.add(
            item.path,
            item.config,
            item.findings,
            text=item.text if fmt == "html" else None,
            lines=item.lines,
            places=item.places,
        )
        fails = fails or failing(item.config, item.findings)
    if show_suppressed and fmt == "text":
        report.findings = [
            f if f.suppressed_by is None else _as_suppressed(f) for f in report.findings
        ]
    painted = fmt == "text" and output_path is None and use_color(color, stream)
    emit(fmt, report, output_path=output_path, color=painted, stream=stream)
    if statistics:
        counts: dict[str, int] = {}
        for f in report.active():
            counts[f.rule] = counts.get(f.rule, 0) + 1
        ordered = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
        table = "".join(f"{n:>6}  {rule}\n" for rule, n in ordered)
        # on standard error when standard output carries a machine-readable report
        click.echo(table, nl=False, err=fmt != "text" and output_path is None)
    return EXIT_ERROR if run.errors else EXIT_FINDINGS if fails else EXIT_CLEAN
