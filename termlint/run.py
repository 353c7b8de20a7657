"""One command-line run: which files, which configuration for each, their
documents, and their findings. Shared by ``check`` and ``fix``."""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .config import Config, ConfigFinder
from .document import Document
from .errors import ConfigError, InputError, RunawayPattern
from .findings import Finding
from .formats import PACKAGES, format_for, load_document, to_document
from .formats.split import SPLIT_FORMATS, Piece, Planner, cut
from .linter import document_for, lint_documents
from .places import Place
from .source import (
    BinaryFileError,
    Source,
    block_encoding,
    check_encodings,
    decode,
    read_blocks,
    read_source,
)
from .walk import excluded, walk

if TYPE_CHECKING:
    from .engine import Engine, Survey, Whole


@dataclass
class Loaded:
    path: str  # as given, or "-" for standard input
    config: Config
    doc: Document
    source: Source | None  # None for formats read from binary files (DOCX)
    explicit: bool = True  # named on the command line, not met walking a directory


@dataclass
class Checked:
    path: str  # as shown in reports
    config: Config
    findings: list[Finding]
    text: str  # the original text (for reports that show it), or "" if not kept
    #: The source line of each line number with a finding (if asked for, and
    #: always in word-processor documents).
    lines: dict[int, str] = field(default_factory=dict)
    #: In word-processor documents, the paragraph each such line is.
    places: dict[int, Place] = field(default_factory=dict)
    #: More findings of the same file follow, in the next item (a large
    #: file checked in pieces: see :meth:`Run.check_stream`).
    more: bool = False


def finding_lines(
    doc: Document, findings: list[Finding], *, source: bool = True
) -> tuple[dict[int, str], dict[int, Place]]:
    """For the lines of ``doc`` that hold a finding: each line's text, and, in
    a word-processor document (DOCX, ODT), the paragraph it is. The text is
    kept when ``source`` asks for it, and always in word-processor documents
    (their reports show an excerpt of it). Only these lines are kept, not the
    whole text."""
    lines: dict[int, str] = {}
    places: dict[int, Place] = {}
    paragraphs = doc.paragraphs
    if not (source or paragraphs):
        return lines, places
    for f in findings:
        if f.line in lines:
            continue
        start, end = doc.index.line_span(f.offset - doc.base, doc.source)
        lines[f.line] = doc.source[start:end]
        if 0 < f.line <= len(paragraphs):
            places[f.line] = Place(*paragraphs[f.line - 1])
    return lines, places


# Below this much text, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 256 * 1024


class Progress:
    """``checked 12/300 files`` on standard error, redrawn in place, only on a
    terminal and only once the run has taken more than a second."""

    def __init__(self, total: int, *, stream: TextIO | None = None, after: float = 1.0) -> None:
        self.total = total
        self.count = 0
        self.stream = stream if stream is not None else sys.stderr
        self.shown = False
        self.enabled = self.stream is not None and self.stream.isatty()
        self.start = time.monotonic()
        self.after = after

    def step(self, count: int = 1) -> None:
        self.count += count
        if self.enabled and time.monotonic() - self.start >= self.after:
            self.stream.write(f"\r{self.line()}")
            self.stream.flush()
            self.shown = True

    def line(self) -> str:
        """What is shown (subclasses show other counts)."""
        return f"termlint: checked {self.count}/{self.total} files"

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


_WORKER: tuple[Run, dict[str, bool], bool, bool] | None = None


def _chunk(files: int, jobs: int) -> int:
    """Files sent to a worker at a time: several, to save round trips between
    the processes, but few enough that every worker gets about eight turns
    (so that they finish together)."""
    return max(1, min(8, files // (jobs * 8)))


def _worker_init(run: Run, options: dict[str, bool], keep_text: bool, keep_lines: bool) -> None:
    global _WORKER
    _WORKER = (run, options, keep_text, keep_lines)


def _worker_check(target: tuple[str, bool]) -> tuple[Checked | None, list[str]]:
    """Load and check one file in a worker: what was found (None if the file
    was skipped or unreadable; its configuration left out, which the main
    process has), and the error messages."""
    assert _WORKER is not None
    run, options, keep_text, keep_lines = _WORKER
    errors: list[str] = []
    run.report_error = errors.append
    item = run.load_one(*target)
    if item is None:
        return None, errors
    (findings,) = lint_documents([item.doc], item.config, **options)
    # the text goes back to the main process only for reports that show it
    found = Run._checked(item, findings, keep_text, keep_lines)
    found.config = None  # type: ignore[assignment]  # not sent between processes
    return found, errors


#: A plain-text or Markdown file of at least this many bytes is checked in
#: pieces by the workers when there are several (``--jobs``): below it, two
#: processes take as long as one (cutting costs about half as much work again,
#: docs/benchmarks.md). The environment variable ``TERMLINT_SPLIT_BYTES`` sets
#: the span of each piece (in code points) instead, and files larger than it
#: are cut (for tests).
SPLIT_MIN_BYTES = 8 << 20
#: With one job, a file is cut from this size on, and its pieces checked one
#: after the other in the one process: checked whole, a document takes about
#: thirteen times its size in memory, so that a file of this size stays under
#: 300 MB, and a larger one is never held whole.
SPLIT_ALONE_BYTES = 20 << 20
#: The span of each piece: about eight per worker, within these bounds.
PIECE_MIN, PIECE_MAX = 1 << 18, 1 << 20
#: Text held while no place to cut is found before the file is read whole.
HELD_MAX = 1 << 26


def piece_size(size: int, jobs: int = 2) -> int:
    """The span (code points) of each piece of a file of ``size`` bytes."""
    chosen = os.environ.get("TERMLINT_SPLIT_BYTES")
    if chosen:
        if not chosen.isdigit() or int(chosen) < 1:
            raise ConfigError(f"TERMLINT_SPLIT_BYTES must be a positive number, not '{chosen}'")
        return int(chosen)
    return min(PIECE_MAX, max(PIECE_MIN, size // (jobs * 8)))


class _Done:
    """A task done in this process: its result, or the error it raised, as a
    worker pool's future gives them."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        try:
            self._value = fn(*args)
        except Exception as exc:  # raised where the result is asked for
            self._error = exc

    def result(self) -> Any:
        if self._error is not None:
            raise self._error
        return self._value


class _Here:
    """What the worker pool does, in this process, each task as it is
    given: a large file's pieces checked one after the other with one job
    (concurrent.futures is not imported for it: not on the start-up path)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> _Done:
        return _Done(fn, args)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        return None


class _Whole(Exception):
    """The file is checked whole after all."""


def _changed(path: str, before: os.stat_result) -> bool:
    try:
        now = os.stat(path)
    except OSError:
        return True
    return (now.st_size, now.st_mtime_ns) != (before.st_size, before.st_mtime_ns)


_PIECES: tuple[Engine, str, str, str, bool, bool] | None = None


def _piece_init(state: tuple[Engine, str, str, str, bool, bool] | None) -> None:
    global _PIECES
    _PIECES = state


def _piece_document(piece: Piece, text: str) -> tuple[Document, tuple[int, int]]:
    """A piece's document, and its own span in it."""
    assert _PIECES is not None
    _, path, fmt, front_matter, _, _ = _PIECES
    doc = to_document(path, text, fmt, front_matter=front_matter)
    doc.base, doc.base_lines = piece.start, piece.lines
    return doc, (piece.lo - piece.start, piece.hi - piece.start)


def _piece_survey(piece: Piece, text: str) -> Survey:
    assert _PIECES is not None
    doc, core = _piece_document(piece, text)
    return _PIECES[0].survey(doc, core)


def _piece_check(piece: Piece, text: str, whole: Whole) -> tuple[list[Finding], dict[int, str]]:
    """The findings of a piece, and the lines that hold them (if asked for)."""
    assert _PIECES is not None
    engine, _, _, _, keep_suppressed, keep_lines = _PIECES
    doc, core = _piece_document(piece, text)
    findings = engine.check_piece(doc, whole, core, keep_suppressed=keep_suppressed)
    lines, _ = finding_lines(doc, findings, source=keep_lines)
    return findings, lines


@dataclass
class Run:
    config_path: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    #: Packs added to every configuration (``--with proselint``).
    with_packs: tuple[str, ...] = ()
    fail_on: str | None = None
    #: ``--language``: auto or an ISO 639-1 code, over the configuration's.
    language: str | None = None
    exclude: tuple[str, ...] = ()
    stdin_filename: str | None = None
    input_format: str | None = None
    #: Encodings tried in order for files without a byte order mark.
    encodings: tuple[str, ...] = ()
    report_error: Callable[[str], None] = print
    errors: int = 0

    def __post_init__(self) -> None:
        if self.input_format:
            format_for("", self.input_format)  # validate early
        self.encodings = check_encodings(self.encodings)
        self._finder = ConfigFinder(self.config_path)
        self._configs: dict[int, Config] = {}

    def config_for(self, path: Path) -> Config:
        base = self._finder.for_path(path)
        if id(base) not in self._configs:
            extended = base.with_packs(self.with_packs) if self.with_packs else base
            self._configs[id(base)] = extended.with_options(
                select=self.select or None,
                ignore=self.ignore,
                fail_on=self.fail_on,
                language=self.language,
            )
        return self._configs[id(base)]

    def report(self, message: str) -> None:
        """Report an error about one file (the run goes on; exit code 2)."""
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
                self.report(f"{raw}: no such file or directory")
        return out

    def load(self, paths: Iterable[str]) -> list[Loaded]:
        """Read and decode every file; errors are reported and counted."""
        loaded = (self.load_one(path, explicit) for path, explicit in self.targets(paths))
        return [item for item in loaded if item is not None]

    def load_one(self, path: str, explicit: bool) -> Loaded | None:
        """Read and decode one target; ``None`` if it is skipped or unreadable
        (errors are reported and counted)."""
        if path == "-":
            shown = self.stdin_filename or "<stdin>"
            config = self.config_for(Path(self.stdin_filename or "stdin"))
            data = sys.stdin.buffer.read() if sys.stdin is not None else b""
            reader: Callable[[], Any] = lambda: decode(data, shown, self.encodings)  # noqa: E731
        else:
            config = self.config_for(Path(path))
            if excluded(path, self.exclude) or excluded(path, config.exclude, config.root):
                return None
            fmt = format_for(path, self.input_format)
            if fmt in PACKAGES:
                try:
                    doc = load_document(path, path, fmt)
                except InputError as exc:
                    self.report(str(exc))
                    return None
                assert doc is not None
                return Loaded(path, config, doc, None, explicit)
            reader = lambda: read_source(path, None, self.encodings)  # noqa: E731
        try:
            source = reader()
        except BinaryFileError as exc:
            if explicit:
                self.report(str(exc))
            return None
        except InputError as exc:
            self.report(str(exc))
            return None
        if source.lossy is not None:  # checked all the same, and counted as an error
            line, column, problem = source.lossy
            self.report(f"{source.path}:{line}:{column}: {problem}")
        doc = document_for(source, self.input_format, config)
        return Loaded(path, config, doc, source, explicit)

    def check(
        self,
        paths: Iterable[str],
        *,
        keep_suppressed: bool = False,
        report_unused: bool = False,
        jobs: int = 1,
        keep_text: bool = True,
        keep_lines: bool = False,
    ) -> list[Checked]:
        """Load and check every target, in order. With ``jobs`` > 1, files are
        checked in worker processes; the result (and the order of error
        messages) is the same as with one job. Standard input and
        ``consistency: project`` (which needs all documents together) are
        checked in this process. ``keep_text`` keeps each file's text,
        ``keep_lines`` the lines that hold findings (see :func:`finding_lines`)."""
        targets = self.targets(paths)
        return self._check_targets(
            targets,
            Progress(len(targets)),
            keep_suppressed=keep_suppressed,
            report_unused=report_unused,
            jobs=jobs,
            keep_text=keep_text,
            keep_lines=keep_lines,
        )

    def check_stream(
        self,
        paths: Iterable[str],
        *,
        keep_suppressed: bool = False,
        report_unused: bool = False,
        jobs: int = 1,
        keep_text: bool = True,
        keep_lines: bool = False,
    ) -> Iterator[Checked]:
        """What :meth:`check` finds, as it is found. Without ``keep_text``
        (which needs a file's whole text), a large plain-text or Markdown file
        is checked in pieces, by the worker processes with ``jobs`` > 1, one
        after the other with one job, and its findings come a piece at a time,
        in order (the item of each piece but the last has ``more`` set): the
        same findings as :meth:`check` finds, never all held at once."""
        targets = self.targets(paths)
        progress = Progress(len(targets))
        options: dict[str, Any] = {
            "keep_suppressed": keep_suppressed,
            "report_unused": report_unused,
            "jobs": jobs,
            "keep_text": keep_text,
            "keep_lines": keep_lines,
        }
        if keep_text or self._together(targets):
            yield from self._check_targets(targets, progress, **options)
            return
        group: list[tuple[str, bool]] = []
        for target in targets:
            split = self._splitting(target[0], jobs)
            if split is None:
                group.append(target)
                continue
            if group:
                yield from self._check_targets(group, progress, **options)
                group = []
            yield from self._check_pieces(target, *split, progress, **options)
        if group:
            yield from self._check_targets(group, progress, **options)

    def _check_targets(
        self,
        targets: list[tuple[str, bool]],
        progress: Progress,
        *,
        keep_suppressed: bool = False,
        report_unused: bool = False,
        jobs: int = 1,
        keep_text: bool = True,
        keep_lines: bool = False,
    ) -> list[Checked]:
        options = {"keep_suppressed": keep_suppressed, "report_unused": report_unused}
        if not self._parallel(targets, jobs):
            together = self._together(targets)
            loaded: list[Loaded] = []
            done: list[Checked] = []
            for path, explicit in targets:
                item = self.load_one(path, explicit)
                if item is not None:
                    item.source = None  # its bytes matter only when fixing
                    if together:  # checked as one whole once all are read
                        loaded.append(item)
                    else:  # checked now, so that only one document is in memory
                        (findings,) = self.lint([item], **options)
                        done.append(self._checked(item, findings, keep_text, keep_lines))
                progress.step()
            progress.done()
            if together:
                results = self.lint(loaded, **options)
                done = [
                    self._checked(item, findings, keep_text, keep_lines)
                    for item, findings in zip(loaded, results, strict=True)
                ]
            return done
        for path, _ in targets:  # compile every engine once, before the workers fork
            self.config_for(Path(path)).engine()
        import multiprocessing  # only for parallel runs: not on the start-up path
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        checked: list[Checked] = []
        # Objects made so far (the compiled engines) are never collected: the
        # workers' collections then leave their pages alone, which spares the
        # copy-on-write copies of memory that fork would otherwise make.
        gc.freeze()
        try:
            with ProcessPoolExecutor(
                jobs,
                mp_context=context,
                initializer=_worker_init,
                initargs=(self, options, keep_text, keep_lines),
            ) as pool:
                for (path, _), (found, errors) in zip(
                    targets,
                    pool.map(_worker_check, targets, chunksize=_chunk(len(targets), jobs)),
                    strict=True,
                ):
                    for message in errors:
                        self.report(message)
                    if found is not None:
                        found.config = self.config_for(Path(path))
                        checked.append(found)
                    progress.step()
        finally:
            gc.unfreeze()
        progress.done()
        return checked

    # ------------------------------------------------------------ one large file in pieces

    def _splitting(self, path: str, jobs: int) -> tuple[Config, str, str, int] | None:
        """Whether ``path`` is checked in pieces (by the workers with ``jobs``
        > 1, one after the other in this process with one job): its
        configuration, format, the encoding it is read in block by block, and
        the span of each piece; None to check it whole."""
        if path == "-" or not os.path.isfile(path):
            return None
        fmt = format_for(path, self.input_format)
        if fmt not in SPLIT_FORMATS:
            return None
        size = os.path.getsize(path)
        piece = piece_size(size, jobs)
        least = SPLIT_MIN_BYTES if jobs > 1 else SPLIT_ALONE_BYTES
        if size < (piece if os.environ.get("TERMLINT_SPLIT_BYTES") else least):
            return None
        config = self.config_for(Path(path))
        if excluded(path, self.exclude) or excluded(path, config.exclude, config.root):
            return None
        if config.engine().unsplittable() is not None:
            return None
        if jobs > 1:
            import multiprocessing

            if "fork" not in multiprocessing.get_all_start_methods():
                return None
        encoding = block_encoding(path, self.encodings)
        if encoding is None:
            return None
        return config, fmt, encoding, piece

    def _check_pieces(
        self,
        target: tuple[str, bool],
        config: Config,
        fmt: str,
        encoding: str,
        size: int,
        progress: Progress,
        *,
        keep_suppressed: bool,
        report_unused: bool,
        jobs: int,
        keep_text: bool,
        keep_lines: bool,
    ) -> Iterator[Checked]:
        """Check one large file in pieces (see termlint.formats.split): first
        every piece is surveyed for what the whole document decides (acronyms
        defined, the spelling followed, a clinical register...), then each is
        checked with it by the workers (with one job, one after the other in
        this process), and its findings handed on in order. A file that turns
        out not to be cut (no place to cut, text that does not decode,
        suppression comments, which reach across the whole) is checked whole."""
        from collections import deque

        path = target[0]
        engine = config.engine()
        state = (engine, path, fmt, config.front_matter, keep_suppressed, keep_lines)
        before = os.stat(path)
        in_flight = jobs + 1
        whole_file = False
        pool: Any
        if jobs > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            gc.freeze()  # see _check_targets
            pool = ProcessPoolExecutor(
                jobs,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_piece_init,
                initargs=(state,),
            )
        else:
            _piece_init(state)
            pool = _Here()
        try:
            planner = Planner(fmt, size)
            surveys: list[Any] = []  # futures of Survey
            waiting: deque[Any] = deque()

            def survey(found: Iterator[tuple[Piece, str]]) -> None:
                for piece, text in found:
                    future = pool.submit(_piece_survey, piece, text)
                    surveys.append(future)
                    waiting.append(future)
                    if len(waiting) > in_flight:  # the texts waiting are held until sent
                        waiting.popleft().result()

            try:
                for block in read_blocks(path, encoding):
                    survey(planner.feed(block))
                    if planner.held > max(32 * size, HELD_MAX):
                        raise _Whole  # no place to cut: read it whole
                survey(planner.finish())
                if len(planner.pieces) < 2:
                    raise _Whole
                found = [future.result() for future in surveys]
                if any(s.directives for s in found):
                    raise _Whole  # suppression comments reach across the whole document
            except (_Whole, UnicodeDecodeError, OSError):
                whole_file = True
            except RunawayPattern as exc:
                self.report(f"{path}: {exc}")
                progress.step()
                return
            if not whole_file:
                whole = engine.whole(found)
                del found, surveys
                pieces = planner.pieces
                checking: deque[Any] = deque()  # futures of (findings, lines)
                texts = cut(read_blocks(path, encoding), pieces)
                for i, (piece, text) in enumerate(zip(pieces, texts, strict=True)):
                    checking.append(
                        pool.submit(_piece_check, piece, text, whole.around(piece.start, piece.end))
                    )
                    while len(checking) > in_flight or (i == len(pieces) - 1 and checking):
                        try:
                            findings, lines = checking.popleft().result()
                        except RunawayPattern as exc:
                            # the findings of the pieces before are out: the
                            # file ends here, with the error
                            self.report(f"{path}: {exc}")
                            progress.step()
                            yield Checked(path, config, [], "", {}, more=False)
                            return
                        last = i == len(pieces) - 1 and not checking
                        if last and _changed(path, before):
                            self.report(f"{path}: changed while being checked")
                        yield Checked(path, config, findings, "", lines, more=not last)
        finally:
            pool.shutdown(cancel_futures=True)
            if jobs > 1:
                gc.unfreeze()
            else:
                _piece_init(None)
        if whole_file:
            yield from self._check_targets(
                [target],
                progress,
                keep_suppressed=keep_suppressed,
                report_unused=report_unused,
                keep_text=keep_text,
                keep_lines=keep_lines,
            )
            return
        progress.step()

    def _together(self, targets: list[tuple[str, bool]]) -> bool:
        """Whether the files must be checked as one whole (``consistency: project``)."""
        stdin = Path(self.stdin_filename or "stdin")
        return any(
            self.config_for(stdin if p == "-" else Path(p)).consistency == "project"
            for p, _ in targets
        )

    @staticmethod
    def _checked(
        item: Loaded, findings: list[Finding], keep_text: bool, keep_lines: bool = False
    ) -> Checked:
        lines, places = finding_lines(item.doc, findings, source=keep_lines)
        text = item.doc.source if keep_text else ""
        return Checked(item.doc.path, item.config, findings, text, lines, places)

    def _parallel(self, targets: list[tuple[str, bool]], jobs: int) -> bool:
        if jobs < 2 or len(targets) < 2:
            return False
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return False
        if any(path == "-" for path, _ in targets):
            return False
        if self._together(targets):
            return False
        size = sum(os.path.getsize(p) for p, _ in targets if os.path.isfile(p))
        return size >= PARALLEL_MIN_BYTES

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
            try:
                checked = lint_documents(
                    [loaded[i].doc for i in indices],
                    config,
                    keep_suppressed=keep_suppressed,
                    report_unused=report_unused,
                )
            except RunawayPattern as exc:  # this file is skipped; the others go on
                paths = [loaded[i].doc.path for i in indices]
                shown = paths[0] if len(paths) == 1 else f"{paths[0]} (and {len(paths) - 1} more)"
                self.report(f"{shown}: {exc}")
                checked = [[] for _ in indices]
            for i, findings in zip(indices, checked, strict=True):
                results[i] = findings
        return [results[i] for i in range(len(loaded))]
