"""Compiled regular expressions, kept between runs.

The one phrase matcher of a configuration is a large regular expression
(tens of kilobytes for the default pack); Python spends most of a short run
parsing and compiling it. :func:`compile_cached` keeps the compiled program
(a list of integers for the ``_sre`` engine) in a cache file and rebuilds the
pattern from it, which costs a fraction of a millisecond.

Safety:

* an entry is found by a hash of the exact pattern source and flags, so a
  changed rule, pack or configuration gives a different pattern and misses;
  nothing can be served for a pattern it was not compiled from;
* the directory name carries the termlint version, the Python version and
  the ``_sre`` engine's magic number, so an upgrade of either never reads an
  old entry;
* each entry is one file of data (:mod:`marshal` of bytes, integers and
  strings, checked after loading), never code; ``_sre`` validates every
  program it is given; anything unexpected is ignored and the pattern
  compiled afresh;
* entries are written atomically (a temporary file, then a rename), and only
  the entry needed is read; at most ``MAX_ENTRIES`` are kept.

The directory is the one of :mod:`termlint.cache` (``TERMLINT_CACHE_DIR``,
``TERMLINT_NO_CACHE``); one that cannot be written, or that others could
write, is not used and is not an error.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from array import array
from pathlib import Path
from typing import Any

from ..cache import cache_dir, private_dir, prune, prune_stale, write_atomic

try:  # CPython's regular-expression engine and compiler (3.11+ names)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None

#: Smaller patterns compile faster than a cache lookup is worth.
MIN_SOURCE = 2_000
#: At most this many compiled patterns are kept; the oldest go first.
MAX_ENTRIES = 64
_CODE = "I"  # the _sre code unit: 4 bytes


def _entries_dir() -> Path | None:
    directory = cache_dir()
    if directory is None or _sre is None:
        return None
    from .. import __version__

    python = "-".join(str(v) for v in sys.version_info[:3])
    entries = directory / f"patterns-{__version__}-py{python}-sre{_sre.MAGIC}"
    return entries if private_dir(directory) and private_dir(entries) else None


def _key(source: str, flags: int) -> str:
    return hashlib.sha256(f"{int(flags)}\x00{source}".encode("utf-8", "surrogatepass")).hexdigest()


def _read(path: Path) -> tuple[Any, ...] | None:
    """An entry (the arguments of ``_sre.compile`` after the source), or None."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (
        isinstance(data, tuple)
        and len(data) == 5
        and isinstance(data[0], int)
        and isinstance(data[1], bytes)
        and len(data[1]) % array(_CODE).itemsize == 0
        and isinstance(data[2], int)
        and isinstance(data[3], dict)
        and isinstance(data[4], tuple)
    ):
        return None
    return (data[0], array(_CODE, data[1]).tolist(), *data[2:])


def _write(directory: Path, path: Path, entry: tuple[Any, ...]) -> None:
    """Store an entry; drop the oldest beyond MAX_ENTRIES."""
    flags, code, *rest = entry
    try:
        data = marshal.dumps((flags, array(_CODE, code).tobytes(), *rest))
    except (ValueError, OverflowError):
        return
    write_atomic(path, data)
    prune(directory, "*.bin", MAX_ENTRIES)
    prune_stale(directory, "patterns-*")


def compile_cached(source: str, flags: int = 0, min_source: int = MIN_SOURCE) -> re.Pattern[str]:
    """``re.compile(source, flags)``, with the compiled program kept between
    runs (for a source of at least ``min_source`` characters)."""
    directory = _entries_dir() if len(source) >= min_source else None
    if directory is None:
        return re.compile(source, flags)
    path = directory / f"{_key(source, flags)}.bin"
    entry = _read(path)
    if entry is not None:
        try:
            return _sre.compile(source, *entry)  # type: ignore[no-any-return]
        except Exception:
            pass
    try:
        parsed = _parser.parse(source, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex)
        entry += (tuple(indexgroup),)
        pattern: re.Pattern[str] = _sre.compile(source, *entry)
    except Exception:
        return re.compile(source, flags)
    _write(directory, path, entry)
    return pattern
