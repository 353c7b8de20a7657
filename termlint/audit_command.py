"""The ``audit`` command: how a whole archive speaks of child sexual abuse,
counted per rule, category, source and period (see termlint.audit and
docs/scale.md). Only click is imported at start-up; the rest when the
command runs."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from .audit.aggregate import Aggregate
    from .audit.inputs import Item
    from .audit.worker import AuditSpec

EXIT_CLEAN, EXIT_ERROR = 0, 2
#: A batch of documents sent to a worker: this many, or this many bytes.
BATCH_DOCUMENTS = 256
BATCH_BYTES = 1 << 20


def _split(values: Iterable[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.command("audit")
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "html"]),
    default="text",
    show_default=True,
    help="text: a summary; json: the whole report; csv: one table per view, in the "
    "directory --output names; html: a page with charts.",
)
@click.option("--output", "output_path", metavar="PATH", help="Write the report here.")
@click.option("--text-column", default="text", show_default=True, metavar="NAME")
@click.option("--id-column", metavar="NAME", help="Document ids [default: id, if present].")
@click.option("--date-column", metavar="NAME", help="Dates [default: date, if present].")
@click.option("--source-column", metavar="NAME", help="Sources [default: source, if present].")
@click.option("--url-column", metavar="NAME", help="Addresses [default: url, if present].")
@click.option(
    "--period",
    type=click.Choice(["year", "month"]),
    default="year",
    show_default=True,
    help="Group dates by year or by month.",
)
@click.option(
    "--sample",
    default=20,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="N",
    help="Findings shown with their context (chosen the same way on every run).",
)
@click.option(
    "--top",
    default=20,
    show_default=True,
    type=click.IntRange(min=0),
    metavar="N",
    help="Most frequent discouraged phrasings listed.",
)
@click.option(
    "--min-severity",
    type=click.Choice(["error", "warning", "suggestion", "info"]),
    default="suggestion",
    show_default=True,
    help="The least severity counted as a discouraged use (info also counts quoted and "
    "legal uses and hints).",
)
@click.option(
    "--subject",
    multiple=True,
    metavar="REGEX",
    help="Documents matching this regular expression (any case) speak of the subject: the "
    "share using only preferred terms is among them (repeatable).",
)
@click.option(
    "--invalid-dates",
    type=click.Choice(["error", "undated"]),
    default="error",
    show_default=True,
    help="A date that cannot be read stops the audit, or counts the document as undated.",
)
@click.option(
    "--input-format",
    metavar="FORMAT",
    help="Read the texts of tables as this format (markdown, html...) [default: text].",
)
@click.option(
    "--encoding", metavar="ENC[,ENC]", help="Encodings to try for files [default: utf-8]."
)
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching paths.")
@click.option("--config", "config_path", metavar="PATH", help="Use this configuration file.")
@click.option("--with", "with_packs", multiple=True, metavar="PACKS", help="Also use these packs.")
@click.option("--select", multiple=True, metavar="IDS", help="Only these rule ids (prefixes).")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these rule ids (prefixes).")
@click.option("--language", metavar="LANG", help="auto, or a language code: as for check.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    metavar="N",
    help="Check in N processes [default: the number of CPUs]; the same report as -j 1.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Check on the Dask cluster of this scheduler (tcp://host:8786); the same report.",
)
def audit(**kwargs: Any) -> None:
    """Audit PATHS (files, directories, or JSON Lines, CSV or Parquet tables
    of documents; - reads JSON Lines): findings per rule, category, source and
    period, rates per 10,000 words, the most frequent discouraged phrasings
    and a sample. See docs/scale.md."""
    from .cli import guarded

    sys.exit(guarded(audit_command)(**kwargs))


class AuditProgress:
    """A progress bar on standard error, on a terminal only, once the run has
    taken a second: the share of the input's bytes read, and documents."""

    def __init__(self, total_bytes: int | None) -> None:
        from .run import Progress

        outer = self

        class _Bar(Progress):
            def line(self) -> str:
                return outer.line()

        self.bar = _Bar(0)
        self.total = total_bytes
        self.documents = 0
        self.bytes = 0

    def advance(self, documents: int, size: int) -> None:
        self.documents += documents
        self.bytes += size
        self.bar.step(0)

    def line(self) -> str:
        if not self.total:
            return f"termlint: audited {self.documents:,} documents"
        done = min(1.0, self.bytes / self.total)
        width = 30
        filled = int(done * width)
        bar = "#" * filled + "-" * (width - filled)
        return f"termlint: audit [{bar}] {done:4.0%}  {self.documents:,} documents\x1b[K"

    def done(self) -> None:
        self.bar.done()


def batches(items: Iterator[Item]) -> Iterator[list[Item]]:
    """Items in batches of at most BATCH_DOCUMENTS documents or about BATCH_BYTES."""
    batch: list[Item] = []
    size = 0
    for item in items:
        batch.append(item)
        size += item.size
        if len(batch) >= BATCH_DOCUMENTS or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


_LOCAL: AuditSpec | None = None


def _local_init(spec: AuditSpec) -> None:
    global _LOCAL
    _LOCAL = spec


def _local_batch(batch: list[Item]) -> Aggregate:
    from .audit.worker import audit_items

    assert _LOCAL is not None
    return audit_items(_LOCAL, batch)


def run_local(
    spec: AuditSpec,
    work: Iterator[list[Item]],
    jobs: int,
    on_done: Callable[[list[Item], Aggregate], None],
) -> Aggregate:
    """Check the batches here (``jobs`` 1) or in ``jobs`` forked processes,
    a few batches at a time, and merge what comes back."""
    import multiprocessing

    from .audit.aggregate import Aggregate
    from .audit.worker import audit_items

    total = Aggregate(spec.options)
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for batch in work:
            part = audit_items(spec, batch)
            total.merge(part)
            on_done(batch, part)
        return total
    import gc
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    spec.config().engine()  # compiled once, before the workers fork
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_local_init,
            initargs=(spec,),
        ) as pool:
            pending: dict[Any, list[Item]] = {}

            def collect(done: Iterable[Any]) -> None:
                for future in done:
                    batch = pending.pop(future)
                    part = future.result()
                    total.merge(part)
                    on_done(batch, part)

            for batch in work:
                pending[pool.submit(_local_batch, batch)] = batch
                if len(pending) >= 2 * jobs:
                    collect(wait(list(pending), return_when=FIRST_COMPLETED).done)
            while pending:
                collect(wait(list(pending), return_when=FIRST_COMPLETED).done)
    finally:
        gc.unfreeze()
    return total


def audit_command(
    paths: tuple[str, ...],
    fmt: str,
    output_path: str | None,
    text_column: str,
    id_column: str | None,
    date_column: str | None,
    source_column: str | None,
    url_column: str | None,
    period: str,
    sample: int,
    top: int,
    min_severity: str,
    subject: tuple[str, ...],
    invalid_dates: str,
    input_format: str | None,
    encoding: str | None,
    exclude: tuple[str, ...],
    config_path: str | None,
    with_packs: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    language: str | None,
    jobs: int | None,
    scheduler: str | None,
) -> int:
    """Run the audit and write its report; the exit code (2 if some
    document could not be read or checked: the report counts the others)."""
    from .audit.aggregate import AuditOptions
    from .audit.inputs import Columns, Reader
    from .audit.worker import AuditSpec
    from .cli import _error
    from .config import load_config
    from .errors import InputError
    from .formats import format_for
    from .source import check_encodings

    if not paths:
        raise InputError("name the files, directories or tables to audit (- : JSON Lines on stdin)")
    if fmt == "csv" and not output_path:
        raise InputError("--format csv writes one table per view: name a directory with --output")
    for raw in paths:
        if raw != "-" and not os.path.exists(raw):
            raise InputError(f"{raw}: no such file or directory")
    if input_format:
        format_for("", input_format)  # validated early
    config = load_config(config_path)
    if with_packs:
        config = config.with_packs(_split(with_packs))
    config = config.with_options(
        select=_split(select) or None, ignore=_split(ignore), language=language
    )
    options = AuditOptions(
        period=period, sample=sample, top=top, min_severity=min_severity, subject=subject
    )
    spec = AuditSpec.of(config, options, invalid_dates=invalid_dates)
    errors: list[str] = []

    def report(message: str) -> None:
        errors.append(message)
        _error(message)

    reader = Reader(
        columns=Columns(text_column, id_column, date_column, source_column, url_column),
        input_format=input_format or "text",
        encodings=check_encodings(tuple(_split([encoding] if encoding else []))),
        exclude=exclude,
        invalid_dates=invalid_dates,
        report=report,
        front_matter=config.front_matter,
    )
    total_bytes = reader.total_size(paths)
    progress = AuditProgress(total_bytes)
    work = batches(reader.items(paths))

    def done(batch: list[Item], part: Aggregate) -> None:
        progress.advance(len(batch), sum(i.size for i in batch))
        for message in part.error_messages:  # documents the workers could not check
            _error(message)

    try:
        if scheduler:
            from .audit.dask import audit_on_scheduler, connect

            client = connect(scheduler)
            try:
                aggregate = audit_on_scheduler(client, spec, work, on_done=done)
            finally:
                client.close()
        else:
            if jobs is None:
                small = total_bytes is not None and total_bytes < 256 * 1024
                jobs = 1 if small else os.cpu_count() or 1
            aggregate = run_local(spec, work, jobs, done)
    finally:
        progress.done()
    for message in errors:
        aggregate.add_error(message)
    result = aggregate.to_dict()
    _write(fmt, result, output_path)
    return EXIT_ERROR if aggregate.errors else EXIT_CLEAN


def _write(fmt: str, report: dict[str, Any], output_path: str | None) -> None:
    from .audit import outputs

    if fmt == "csv":
        assert output_path is not None
        outputs.write_csv_directory(output_path, report)
        return
    if fmt == "json":
        text = outputs.render_json(report)
    elif fmt == "html":
        text = outputs.render_html(report)
    else:
        text = outputs.render_text(report)
    if output_path:
        from .fixer import write_new_file

        write_new_file(output_path, text.encode("utf-8"))
    else:
        click.echo(text, nl=False)
