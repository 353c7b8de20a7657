"""The documents of an audit: files and directories of documents, and tables
of documents (JSON Lines, CSV or TSV, Parquet).

Each document becomes an :class:`Item`: its id, source, date, url and text
(or, for Word and OpenDocument files, its prepared document). Items are read
one at a time, so an archive of any size is read in constant memory.

* A **file** of a document format (``.txt``, ``.md``, ``.html``, ``.docx``...)
  is one document: its id is its path as given or walked, its source the
  directory it is in, its date the ``date:`` of Markdown front matter if any.
* A **table** (``.jsonl``, ``.ndjson``, ``.csv``, ``.tsv``, each optionally
  ``.gz``; ``.parquet``, ``.pq``) is one document per row: the text column
  (``text``), and the optional ``id``, ``date``, ``source`` and ``url``
  columns (other names with :class:`Columns`). Without an id column a row's
  id is ``PATH:ROW`` (rows counted from 1, the header not counted); without
  a source column its source is the table's path. ``-`` reads JSON Lines
  from standard input.
* A **directory** is walked (sorted, hidden files skipped) for both.
"""

from __future__ import annotations

import datetime
import math
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from ..document import Document
from ..errors import InputError
from ..formats import EXTENSIONS, PACKAGES, format_for, load_document
from ..source import BinaryFileError, read_source
from ..walk import SKIP_DIRS, excluded

#: Extensions of tables, and the reader of each.
TABLES: dict[str, str] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
#: The source of a row whose source column is empty.
NO_SOURCE = "(none)"


@dataclass(frozen=True)
class Columns:
    """The columns of a table. ``None`` for an optional column: the default
    name (``id``, ``date``...) if the table has it; a name given is required."""

    text: str = "text"
    id: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None

    def optional(self) -> dict[str, tuple[str, bool]]:
        """For each optional field: (column name, whether it was named)."""
        return {
            field: (given, True) if given is not None else (field, False)
            for field, given in (
                ("id", self.id),
                ("date", self.date),
                ("source", self.source),
                ("url", self.url),
            )
        }


@dataclass
class Item:
    """One document to audit."""

    id: str
    source: str
    #: The date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None.
    date: str | None
    url: str | None
    #: The text, read as ``fmt``; None for a prepared ``doc`` (or a row without text).
    text: str | None
    fmt: str = "text"
    doc: Document | None = None
    #: Bytes of input this document stands for (for progress).
    size: int = 0
    #: A date that could not be read (put with the undated documents).
    bad_date: bool = False


# --------------------------------------------------------------------------- dates

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_date(value: Any) -> str | None:
    """``value`` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None when empty.

    Accepted: ISO 8601 dates and date-times (``2019``, ``2019-05``,
    ``2019-05-03``, ``2019-05-03T10:00:00Z``; a date-time's own date, as
    written, whatever its time zone), a year as a number, and date and
    date-time values of the table (Parquet dates and timestamps). Anything
    else raises :class:`ValueError`."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, datetime.datetime):
        if _missing(value):
            return None
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        if 1 <= value <= 9999:
            return f"{value:04d}"
        raise ValueError(f"not a year: {value!r}")
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return parse_date(int(value))
        raise ValueError(f"not a year: {value!r}")
    if _missing(value):
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if not text:
        return None
    m = _DATE.match(text)
    if m is None:
        raise ValueError(f"not an ISO date: {value!r}")
    year, month, day = m.groups()
    rest = text[m.end() :]
    try:
        if rest:
            if day is None or rest[0] not in "Tt ":
                raise ValueError
            stamp = text[:-1] + "+00:00" if text[-1] in "Zz" else text
            datetime.datetime.fromisoformat(stamp)
        if day is not None:
            return datetime.date(int(year), int(month), int(day)).isoformat()
        if month is not None:
            return datetime.date(int(year), int(month), 1).isoformat()[:7]
        if int(year) < 1:
            raise ValueError
        return year
    except ValueError:
        raise ValueError(f"not an ISO date: {value!r}") from None


def _missing(value: Any) -> bool:
    """pandas' and numpy's missing values (NaT, NA) without importing them."""
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return type(value).__name__ in ("NAType", "NaTType")


def period_of(date: str | None, period: str) -> str:
    """The period of a date: ``YYYY`` (``year``), or ``YYYY-MM`` (``month``;
    a date of which only the year is known stays ``YYYY``); ``undated``."""
    if date is None:
        return "undated"
    return date[:4] if period == "year" else date[:7]


# --------------------------------------------------------------------------- values


def _text_value(value: Any, where: Callable[[], str]) -> str | None:
    if value is None or (not isinstance(value, str) and _missing(value)):
        return None
    if not isinstance(value, str):
        raise InputError(f"{where()}: the text is not a string but {type(value).__name__}")
    return value


def _label(value: Any) -> str | None:
    """An id, source or url cell as text (None when empty)."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value).lower()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if not isinstance(value, str) and _missing(value):
        return None
    text = str(value).strip()
    return text or None


# --------------------------------------------------------------------------- reading


@dataclass
class Reader:
    """Reads the documents of the paths given to ``termlint audit``."""

    columns: Columns = Columns()
    #: Format of a table's texts (``text``, ``markdown``, ``html``...).
    input_format: str = "text"
    #: Encodings tried for document files (see termlint.source).
    encodings: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: ``error``: a date that cannot be read stops the audit; ``undated``:
    #: the document is counted as undated (and as a bad date).
    invalid_dates: str = "error"
    #: Called with the message of each file that cannot be read (the audit
    #: goes on with the others).
    report: Callable[[str], None] = print
    front_matter: str = "headline"

    def items(self, paths: tuple[str, ...]) -> Iterator[Item]:
        """Every document of ``paths``, in order."""
        for path in self.targets(paths):
            if path == "-":
                yield from self._jsonl("-", sys.stdin.buffer)
            elif table_kind(path):
                yield from self.table(path)
            else:
                item = self.document(path)
                if item is not None:
                    yield item

    def targets(self, paths: tuple[str, ...]) -> Iterator[str]:
        for raw in paths:
            if raw == "-":
                yield raw
            elif os.path.isdir(raw):
                yield from (p for p in _walk(raw) if not excluded(p, self.exclude))
            elif os.path.exists(raw):
                yield raw
            else:
                raise InputError(f"{raw}: no such file or directory")

    def total_size(self, paths: tuple[str, ...]) -> int | None:
        """Bytes of all the inputs (None when one is standard input)."""
        total = 0
        for path in self.targets(paths):
            if path == "-":
                return None
            total += _size(path)
        return total

    # ------------------------------------------------------------ documents

    def document(self, path: str) -> Item | None:
        """A file of a document format; None (reported) if it cannot be read."""
        fmt = format_for(path)
        size = _size(path)
        source = os.path.dirname(path) or "."
        if fmt in PACKAGES:
            try:
                doc = load_document(path, path, fmt)
            except InputError as exc:
                self.report(str(exc))
                return None
            return Item(path, source, None, None, None, fmt, doc=doc, size=size)
        try:
            decoded = read_source(path, None, self.encodings)
        except BinaryFileError as exc:
            self.report(str(exc))
            return None
        except InputError as exc:
            self.report(str(exc))
            return None
        if decoded.lossy is not None:
            line, column, problem = decoded.lossy
            self.report(f"{path}:{line}:{column}: {problem}")
        date, bad = None, False
        if fmt == "markdown":
            date, bad = self._date(_front_matter_date(decoded.text), lambda: path)
        return Item(path, source, date, None, decoded.text, fmt, size=size, bad_date=bad)

    def _date(self, value: Any, where: Callable[[], str]) -> tuple[str | None, bool]:
        try:
            return parse_date(value), False
        except ValueError as exc:
            if self.invalid_dates == "undated":
                return None, True
            raise InputError(
                f"{where()}: {exc} (dates are ISO 8601, e.g. 2019-05-03, 2019-05 or 2019; "
                "--invalid-dates undated counts such documents as undated)"
            ) from None

    # ------------------------------------------------------------ tables

    def table(self, path: str) -> Iterator[Item]:
        kind = table_kind(path)
        if kind == "parquet":
            yield from self._parquet(path)
            return
        try:
            raw: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        with raw:
            stream: IO[bytes] = raw
            if path.lower().endswith(".gz"):
                import gzip

                stream = gzip.GzipFile(fileobj=raw, mode="rb")
            try:
                if kind == "jsonl":
                    yield from self._jsonl(path, stream)
                else:
                    yield from self._csv(path, stream, "\t" if kind == "tsv" else ",")
            except (OSError, EOFError) as exc:
                raise InputError(f"{path}: cannot read ({exc})") from None

    def _row(
        self, path: str, number: int, get: Callable[[str], Any], size: int, where: str
    ) -> Item:
        shown = lambda: f"{path}:{where}"  # noqa: E731
        text = _text_value(get(self.columns.text), shown)
        fields = {}
        for field, (name, _) in self.columns.optional().items():
            fields[field] = get(name)
        date, bad = self._date(fields["date"], shown)
        return Item(
            id=_label(fields["id"]) or f"{path}:{number}",
            source=_label(fields["source"]) or (NO_SOURCE if self._has_source else path),
            date=date,
            url=_label(fields["url"]),
            text=text,
            fmt=self.input_format,
            size=size,
            bad_date=bad,
        )

    def _check_columns(self, path: str, names: list[str]) -> dict[str, str | None]:
        """Which column each field is read from (None: the table has none);
        a named column that is missing is an error."""
        found: dict[str, str | None] = {}
        if self.columns.text not in names:
            raise InputError(_no_column(path, self.columns.text, names, "--text-column"))
        for field, (name, named) in self.columns.optional().items():
            if name in names:
                found[field] = name
            elif named:
                raise InputError(_no_column(path, name, names, f"--{field}-column"))
            else:
                found[field] = None
        self._has_source = found["source"] is not None
        return found

    _has_source = False

    def _jsonl(self, path: str, stream: IO[bytes]) -> Iterator[Item]:
        import json

        first = True
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (ValueError, UnicodeDecodeError) as exc:
                raise InputError(f"{path}:{number}: not a JSON line ({exc})") from None
            if not isinstance(record, dict):
                raise InputError(f"{path}:{number}: a JSON line must be an object")
            if first:
                self._check_columns(path, list(record))
                first = False
            if self.columns.text not in record:
                raise InputError(f"{path}:{number}: no '{self.columns.text}'")
            yield self._row(path, number, record.get, len(line), str(number))

    def _csv(self, path: str, stream: IO[bytes], delimiter: str) -> Iterator[Item]:
        import csv
        import io

        csv.field_size_limit(2**31 - 1)  # a long article is one cell
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        try:
            header = next(reader, None)
            if header is None:
                return
            found = self._check_columns(path, header)
            index = {field: header.index(name) for field, name in found.items() if name}
            text_at = header.index(self.columns.text)
            number = 0
            for row in reader:
                number += 1
                if not row:
                    continue
                if len(row) != len(header):
                    raise InputError(
                        f"{path}: row {number} has {len(row)} fields, the header {len(header)}"
                    )
                cells = {self.columns.text: row[text_at]}
                for field, at in index.items():
                    cells[found[field]] = row[at]  # type: ignore[index]
                size = sum(len(c) for c in row) + len(row)
                yield self._row(path, number, cells.get, size, f"row {number}")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid UTF-8 ({exc.reason})") from None
        except csv.Error as exc:
            raise InputError(f"{path}: not a valid CSV table ({exc})") from None

    def _parquet(self, path: str) -> Iterator[Item]:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(
                f"{path}: reading Parquet needs pyarrow: pip install 'termlint[audit]'"
            ) from None
        try:
            table = pq.ParquetFile(path)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
        except Exception as exc:  # pyarrow's errors: not a Parquet file, corrupt...
            raise InputError(f"{path}: not a Parquet table ({_one_line(exc)})") from None
        names = list(table.schema_arrow.names)
        found = self._check_columns(path, names)
        wanted = [self.columns.text, *(n for n in found.values() if n)]
        rows = table.metadata.num_rows or 1
        per_row = max(1, _size(path) // rows)
        number = 0
        try:
            for batch in table.iter_batches(batch_size=1024, columns=list(dict.fromkeys(wanted))):
                data = batch.to_pydict()
                for i in range(batch.num_rows):
                    number += 1
                    row = {name: values[i] for name, values in data.items()}
                    yield self._row(path, number, row.get, per_row, f"row {number}")
        except InputError:
            raise
        except Exception as exc:
            raise InputError(f"{path}: cannot read row {number + 1} ({_one_line(exc)})") from None


def _no_column(path: str, name: str, names: list[str], option: str) -> str:
    from ..errors import did_you_mean

    shown = ", ".join(names[:20]) + (", ..." if len(names) > 20 else "")
    return (
        f"{path}: no column '{name}'{did_you_mean(name, names)} "
        f"(its columns: {shown}; {option} names another)"
    )


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def table_kind(path: str) -> str | None:
    """``jsonl``, ``csv``, ``tsv`` or ``parquet`` for a table's path, else None."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
        kind = TABLES.get(os.path.splitext(name)[1])
        return None if kind == "parquet" else kind
    return TABLES.get(os.path.splitext(name)[1])


def _walk(directory: str) -> Iterator[str]:
    """Documents and tables below ``directory``, sorted (as termlint.walk)."""
    import stat

    for root, dirs, files in os.walk(directory, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(files):
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() not in EXTENSIONS and not table_kind(name):
                continue
            path = os.path.join(root, name)
            try:
                mode: int | None = os.stat(path).st_mode
            except OSError:
                mode = None
            if mode is not None and not stat.S_ISREG(mode):
                continue
            yield path


_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FRONT_DATE = re.compile(r"^date[ \t]*:[ \t]*(.*?)[ \t]*$", re.M)


def _front_matter_date(text: str) -> str | None:
    """The ``date:`` of a Markdown file's YAML front matter, if it has one."""
    m = _FRONT.match(text)
    if m is None:
        return None
    d = _FRONT_DATE.search(m.group(1))
    if d is None:
        return None
    return d.group(1).strip().strip("'\"") or None
