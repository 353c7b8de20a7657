"""The ``review`` command: a reviewed copy of each Word or OpenDocument file.

``termlint review story.docx`` writes ``story.reviewed.docx`` beside it:
every safe fix a tracked change, every finding a comment (see
:mod:`termlint.review`). The original is never changed, unless
``--in-place`` asks for it. ``termlint fix`` on a Word or OpenDocument file
named on its command line does the same (see :func:`review_file`).

Then the findings are reported as ``check`` reports them. Exit codes: 2 when
a file could not be read or written (nothing is written for it), else 1 when
findings reach ``--fail-on`` (they are in the copy, for the author to
accept or reject), else 0.
"""

from __future__ import annotations

import os
import sys

import click

from .check_command import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, emit, failing, use_color
from .errors import InputError
from .findings import Finding
from .fixer import plan as plan_fixes
from .fixer import write_atomic, write_new_file
from .reporters import Report
from .review import WRITERS, ReviewOptions, Written, plan, reviewed_path, write
from .run import Loaded, Run, finding_lines


def review_file(
    item: Loaded,
    findings: list[Finding],
    *,
    target: str | None = None,
    in_place: bool = False,
    options: ReviewOptions | None = None,
) -> tuple[str, Written]:
    """Write the reviewed copy of one loaded Word or OpenDocument file, and
    say where: ``target``, or the original with ``in_place``, or
    ``NAME.reviewed.EXT`` beside it. Atomic; InputError if it cannot be."""
    fmt = item.doc.format
    if fmt not in WRITERS:
        raise InputError(
            f"{item.path}: review writes Word (.docx) and OpenDocument (.odt) copies; "
            "use `termlint fix` for text files"
        )
    options = options or ReviewOptions.now()
    report = Report()
    report.add(item.doc.path, item.config, findings)
    fixes = plan_fixes(item.doc, findings)
    written = write(
        fmt, item.path, item.doc.path, item.doc, plan(item.doc, findings, fixes, report), options
    )
    if in_place:
        write_atomic(item.path, written.data, written.original)
        return item.path, written
    out = target or reviewed_path(item.path)
    if os.path.realpath(out) == os.path.realpath(item.path):
        raise InputError(
            f"{item.path}: the reviewed copy would replace the original; use --in-place"
        )
    write_new_file(out, written.data)
    return out, written


def is_reviewed_copy(path: str) -> bool:
    """Whether ``path`` is named like a reviewed copy (``story.reviewed.docx``)."""
    return os.path.splitext(os.path.splitext(path)[0])[1] == ".reviewed"


def describe(item: Loaded, out: str, written: Written) -> str:
    """One line saying what a reviewed copy holds."""
    changes = f"{written.changes} tracked change{'s' if written.changes != 1 else ''}"
    comments = f"{written.comments} comment{'s' if written.comments != 1 else ''}"
    return f"{item.doc.path}: wrote {out} ({changes}, {comments})"


def review_command(
    run: Run,
    paths: tuple[str, ...],
    *,
    output: str | None,
    in_place: bool,
    author: str,
    fmt: str = "text",
    report_path: str | None = None,
    color: str = "auto",
    quiet: bool = False,
) -> int:
    """Review ``paths``; the exit code (see the module)."""
    if output is not None and in_place:
        raise InputError("--output and --in-place cannot be used together")
    loaded = run.load(paths)
    if output is not None and len(loaded) > 1:
        raise InputError("--output names one reviewed copy; give one file")
    results = run.lint(loaded)
    options = ReviewOptions.now(author)
    machine_out = fmt != "text" and report_path is None
    log = sys.stderr if machine_out else sys.stdout
    report = Report(summary=not quiet)
    fails = False
    for item, findings in zip(loaded, results, strict=True):
        if not item.explicit and (item.doc.format not in WRITERS or is_reviewed_copy(item.path)):
            continue  # met walking a directory: only word-processor originals are reviewed
        try:
            out, written = review_file(
                item, findings, target=output, in_place=in_place, options=options
            )
        except InputError as exc:
            run.report(str(exc))
            continue
        click.echo(describe(item, out, written), file=log)
        for fix, reason in written.skipped:
            click.echo(
                f"{item.doc.path}:{fix.line}:{fix.column}: left as a comment: {reason}", file=log
            )
        lines, places = finding_lines(item.doc, findings, source=False)
        report.add(item.doc.path, item.config, findings, lines=lines, places=places)
        fails = fails or failing(item.config, findings)
    painted = fmt == "text" and report_path is None and use_color(color, sys.stdout)
    emit(fmt, report, output_path=report_path, color=painted, stream=sys.stdout)
    if run.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if fails else EXIT_CLEAN
