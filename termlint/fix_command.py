"""The ``fix`` command (and ``check --fix``): apply the safe fixes, then
report what remains.

Standard output carries one thing: the fixed text (``fix -``), or a
machine-readable report (``--format`` other than text, without
``--output``), or else the human-readable log of fixes, the diff and the
text report. The log goes to standard error when standard output is taken.

* The report describes what remains **after** fixing, at positions in the
  text as written: the fixed files are checked again, all together, so that
  ``consistency: project`` looks across them as ``check`` does.
* With ``--diff`` nothing is written, so what remains is reported at its
  positions in the files as they are (the findings the fixes would leave),
  and the summary says so. The exit code is 1 when a fix would change
  something.
* A Word or OpenDocument file named explicitly is not changed: a reviewed
  copy is written beside it (``story.reviewed.docx``: every fix a tracked
  change, every finding a comment; see :mod:`termlint.review_command`), and
  its findings are reported as they are in the original. One met while
  walking a directory is left as it is, with a note.
* A file is fixed only if it can be written: a read-only file, or one that
  changed meanwhile, is an error (exit code 2), and its findings are
  reported as they were.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import sys
from typing import IO

import click

from .check_command import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    emit,
    failing,
    show_source,
    use_color,
)
from .errors import InputError
from .findings import Finding
from .fixer import Fix, apply, encode, plan, write_atomic
from .linter import document_for
from .reporters import Report
from .review import reviewed_path
from .review_command import describe, review_file
from .run import Loaded, Run, finding_lines


def _diff_name(prefix: str, path: str) -> str:
    return path if os.path.isabs(path) else f"{prefix}/{path}"


def _fixed_by(finding: Finding, fixes: list[Fix]) -> bool:
    """Whether one of ``fixes`` fixes ``finding`` (a fix edits inside its
    span, or just before it for an article)."""
    return any(
        fix.rule == finding.rule and fix.start <= finding.end_offset and fix.end >= finding.offset
        for fix in fixes
    )


def _fixable(findings: list[Finding]) -> bool:
    return any(f.fixable and f.suppressed_by is None and f.replacements for f in findings)


def fix_command(
    run: Run,
    paths: tuple[str, ...],
    *,
    diff: bool,
    fmt: str = "text",
    output_path: str | None = None,
    color: str = "auto",
    source: bool | None = None,
    quiet: bool = False,
) -> int:
    """Fix ``paths`` (or print the diff) and report what remains; the exit code."""
    reported: set[str] = set()
    report_error = run.report_error

    def record(message: str) -> None:
        reported.add(message)
        report_error(message)

    run.report_error = record
    loaded = run.load(paths)
    results = run.lint(loaded)
    fixed_text_out = not diff and any(item.path == "-" for item in loaded)
    machine_out = fmt != "text" and output_path is None
    log: IO[str] = sys.stderr if fixed_text_out or machine_out else sys.stdout
    report_stream: IO[str] = sys.stderr if fixed_text_out else sys.stdout
    verb = "would fix" if diff else "fixed"

    after: list[Loaded] = []  # each file as it stands once fixed
    kept: list[list[Finding]] = []  # with --diff: the findings the fixes leave
    fixed_count = files_fixed = copies = 0
    for item, findings in zip(loaded, results, strict=True):
        after.append(item)
        kept.append(findings)
        if item.source is None:  # a Word or OpenDocument file: a reviewed copy
            if not item.explicit:  # met walking a directory: its findings remain
                if _fixable(findings):
                    click.echo(
                        f"termlint: note: {item.path}: not fixed; "
                        f"`termlint fix {item.path}` writes a reviewed copy",
                        err=True,
                    )
            elif diff:
                click.echo(f"{item.path}: would write {reviewed_path(item.path)}", file=log)
            else:
                try:
                    out, written = review_file(item, findings)
                except InputError as exc:
                    run.report(str(exc))
                    continue
                click.echo(describe(item, out, written), file=log)
                copies += 1
            continue
        fixes = plan(item.doc, findings)
        if item.source.lossy is not None and fixes:
            # writing would replace the undecodable bytes (reported when read)
            encoding = item.source.encoding.upper().replace("-SIG", "")
            run.report(f"{item.path}: not fixed: the file is not valid {encoding}")
            fixes = []
        new_text = apply(item.doc.source, fixes)
        if item.path == "-" and not diff:
            sys.stdout.write(new_text)
        if not fixes:
            continue
        if diff:
            lines = difflib.unified_diff(
                item.doc.source.splitlines(keepends=True),
                new_text.splitlines(keepends=True),
                fromfile=_diff_name("a", item.doc.path),
                tofile=_diff_name("b", item.doc.path),
            )
            click.echo("".join(lines), nl=False, file=sys.stderr if machine_out else sys.stdout)
            kept[-1] = [f for f in findings if not _fixed_by(f, fixes)]
        elif item.path != "-":
            try:
                write_atomic(item.path, encode(item.source, new_text), item.source.raw)
            except InputError as exc:  # left as it was: its findings remain
                run.report(str(exc))
                continue
        if not diff:
            new_source = dataclasses.replace(item.source, text=new_text)
            doc = document_for(new_source, run.input_format, item.config)
            after[-1] = dataclasses.replace(item, doc=doc, source=new_source)
        files_fixed += 1
        fixed_count += len(fixes)
        for f in fixes:
            old, new = " ".join(f.old.split()), " ".join(f.new.split())
            click.echo(
                f"{item.doc.path}:{f.line}:{f.column}: {verb} [{f.rule}] '{old}' -> '{new}'",
                file=log,
            )

    # once fixed, checked again all together (consistency: project)
    remaining = kept if diff or not files_fixed else _relint(run, after, reported)

    findings_word = "finding" if fixed_count == 1 else "findings"
    files_word = "file" if files_fixed == 1 else "files"
    summary = f"{verb.capitalize()} {fixed_count} {findings_word} in {files_fixed} {files_word}."
    if copies:
        summary = summary[:-1] + f"; wrote {copies} reviewed cop{'ies' if copies > 1 else 'y'}."
    if not quiet:
        click.echo(summary, file=log)

    report_to = None if output_path is not None else report_stream
    shown = show_source(source, fmt, report_to)
    report = Report(
        summary=not quiet,
        show_source=shown,
        found="Remaining after these fixes, at positions in the unfixed files:"
        if diff and files_fixed
        else "Remaining:",
    )
    fails = False
    for item, findings in zip(after, remaining, strict=True):
        lines, places = finding_lines(item.doc, findings, source=shown)
        text = item.doc.source if fmt == "html" else None
        report.add(item.doc.path, item.config, findings, text=text, lines=lines, places=places)
        fails = fails or failing(item.config, findings)
    painted = fmt == "text" and report_to is not None and use_color(color, report_to)
    emit(fmt, report, output_path=output_path, color=painted, stream=report_stream)
    if run.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if fails or (diff and files_fixed) else EXIT_CLEAN


def _relint(run: Run, after: list[Loaded], reported: set[str]) -> list[list[Finding]]:
    """The findings of the fixed files, checked again; an error already
    reported (a runaway pattern in a file) is not reported twice."""
    report_error, errors = run.report_error, run.errors
    again: list[str] = []
    run.report_error = again.append
    try:
        return run.lint(after)
    finally:
        run.report_error, run.errors = report_error, errors
        for message in again:
            if message not in reported:
                run.report(message)
