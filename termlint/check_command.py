"""The ``check`` command: check files and report what was found; and the
report output that ``check`` and ``fix`` share (``--format``, ``--output``,
``--show-source``, colour)."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable
from typing import IO, Any

import click

from .findings import Finding, severity_rank
from .reporters import STREAMED, Report, Stream, render, render_chunks
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


class _Batches:
    """Output written in pieces of about 64 KB (one write per finding costs
    more than the rendering itself)."""

    def __init__(self, stream: IO[str], color: bool) -> None:
        self.stream = stream
        self.color = color
        self.batch: list[str] = []
        self.size = 0

    def write(self, pieces: Iterable[str]) -> None:
        for piece in pieces:
            self.batch.append(piece)
            self.size += len(piece)
            if self.size >= 65536:
                self.flush()

    def flush(self) -> None:
        if self.batch:
            click.echo("".join(self.batch), nl=False, color=self.color, file=self.stream)
            self.batch, self.size = [], 0


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
    checked = run.check_stream(
        paths,
        keep_suppressed=show_suppressed,
        report_unused=report_unused,
        jobs=jobs,
        keep_text=fmt == "html",
        keep_lines=shown,
    )
    report = Report(rules={}, sources={}, summary=not quiet, show_source=shown)
    painted = fmt == "text" and output_path is None and use_color(color, stream)
    # Text and JSON to standard output are written as they are found (a
    # large file checked in pieces is never held whole); other formats, and
    # reports written to a file (atomically), once everything is found.
    streamed = Stream(fmt, report, color=painted) if fmt in STREAMED and not output_path else None
    out = _Batches(stream, painted)
    fails = False
    continued = False
    for item in checked:
        findings = item.findings
        if show_suppressed and fmt == "text":
            findings = [f if f.suppressed_by is None else _as_suppressed(f) for f in findings]
        report.add(
            item.path,
            item.config,
            findings,
            text=item.text if fmt == "html" else None,
            lines=item.lines,
            places=item.places,
            continued=continued,
        )
        continued = item.more
        fails = fails or failing(item.config, item.findings)
        if streamed is not None:
            out.write(streamed.write())
    if streamed is not None:
        out.write(streamed.close())
        out.flush()
    else:
        emit(fmt, report, output_path=output_path, color=painted, stream=stream)
    if statistics:
        counts = report.rule_counts()
        ordered = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
        table = "".join(f"{n:>6}  {rule}\n" for rule, n in ordered)
        # on standard error when standard output carries a machine-readable report
        click.echo(table, nl=False, err=fmt != "text" and output_path is None)
    return EXIT_ERROR if run.errors else EXIT_FINDINGS if fails else EXIT_CLEAN
