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
* the file name carries the termlint version, the Python version and the
  ``_sre`` engine's magic number, so an upgrade of either never reads an old
  file;
* the file is data (:mod:`marshal` of lists, integers and strings, checked
  after loading), never code; ``_sre`` validates every program it is given;
  anything unexpected is ignored and the pattern compiled afresh;
* it is written atomically (a temporary file, then a rename).

``TERMLINT_CACHE_DIR`` chooses the directory (default
``$XDG_CACHE_HOME/termlint`` or ``~/.cache/termlint``); ``TERMLINT_NO_CACHE=1``
turns the cache off. A directory that cannot be written is not an error.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

try:  # CPython's regular-expression engine and compiler (3.11+ names)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None

#: Smaller patterns compile faster than a cache lookup is worth.
MIN_SOURCE = 2_000
#: At most this many entries are kept; older ones are dropped.
MAX_ENTRIES = 64

_store: dict[str, tuple[Any, ...]] | None = None
_order: list[str] = []
_dirty = False


def cache_dir() -> Path | None:
    """Where compiled patterns are kept, or None when caching is off."""
    if os.environ.get("TERMLINT_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("TERMLINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "termlint" if xdg else Path.home() / ".cache" / "termlint"


def _cache_file() -> Path | None:
    directory = cache_dir()
    if directory is None or _sre is None:
        return None
    from .. import __version__

    python = "-".join(str(v) for v in sys.version_info[:3])
    return directory / f"patterns-{__version__}-py{python}-sre{_sre.MAGIC}.bin"


def _valid(entry: Any) -> bool:
    return (
        isinstance(entry, tuple)
        and len(entry) == 5
        and isinstance(entry[0], int)
        and isinstance(entry[1], list)
        and all(type(c) is int for c in entry[1])
        and isinstance(entry[2], int)
        and isinstance(entry[3], dict)
        and isinstance(entry[4], tuple)
    )


def _load() -> dict[str, tuple[Any, ...]]:
    global _store
    if _store is None:
        _store = {}
        path = _cache_file()
        if path is not None:
            try:
                data = marshal.loads(path.read_bytes())
            except (OSError, EOFError, ValueError, TypeError):
                data = None
            if isinstance(data, list):
                for item in data:
                    if (
                        isinstance(item, tuple)
                        and len(item) == 2
                        and isinstance(item[0], str)
                        and _valid(item[1])
                    ):
                        _store[item[0]] = item[1]
                        _order.append(item[0])
    return _store


def _key(source: str, flags: int) -> str:
    return hashlib.sha256(f"{int(flags)}\x00{source}".encode("utf-8", "surrogatepass")).hexdigest()


def compile_cached(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, with the compiled program kept between runs."""
    global _dirty
    if len(source) < MIN_SOURCE or _cache_file() is None:
        return re.compile(source, flags)
    store = _load()
    key = _key(source, flags)
    entry = store.get(key)
    if entry is not None:
        try:
            return _sre.compile(source, *entry)  # type: ignore[no-any-return]
        except Exception:
            store.pop(key, None)
    try:
        parsed = _parser.parse(source, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]  # plain ints: marshallable
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex)
        entry += (tuple(indexgroup),)
        pattern: re.Pattern[str] = _sre.compile(source, *entry)
    except Exception:
        return re.compile(source, flags)
    store[key] = entry
    _order.append(key)
    if not _dirty:
        _dirty = True
        atexit.register(save)
    return pattern


def save() -> None:
    """Write new entries to the cache file (atomically); errors are ignored."""
    global _dirty
    path = _cache_file()
    if not _dirty or path is None or _store is None:
        return
    _dirty = False
    keys = [k for k in _order if k in _store][-MAX_ENTRIES:]
    try:
        data = marshal.dumps([(k, _store[k]) for k in keys])
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".patterns-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass
