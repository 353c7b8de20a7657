"""Compiled configurations, kept between runs.

Loading a configuration means parsing its YAML rule packs, validating every
rule, expanding every term into its variants and building the one phrase
matcher: most of the time of a short run (a pre-commit hook on one file, an
editor opening a document). :func:`cached_config` keeps the result, with its
compiled engine, in the cache directory and reuses it while it is valid.

When an entry is valid:

* it was written by the same termlint code (a fingerprint of the size and
  modification time of every module of the package) and the same Python;
* every file it was built from (the configuration file and every pack it
  extends, packaged or local) still has the same content, checked with
  SHA-256 on every use. A changed, added or removed rule therefore always
  rebuilds; stale rules are never served.

Safety: entries are :mod:`pickle` data, which termlint only reads from a cache
directory that belongs to the current user and that nobody else can write
(``0700`` when termlint creates it); anything unreadable, mismatched or
failing to load is ignored and the configuration built afresh. Writes are
atomic (a temporary file, then a rename). Caches of other termlint code are
removed once unused for a week.

``TERMLINT_CACHE_DIR`` chooses the directory (default
``$XDG_CACHE_HOME/termlint`` or ``~/.cache/termlint``); ``TERMLINT_NO_CACHE=1``
turns caching off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Config

#: Entries kept at most; the least recently written go first.
MAX_CONFIGS = 32
#: Entries of other termlint code unused for this long are removed.
STALE_SECONDS = 7 * 24 * 3600
_fingerprint: str | None = None


def cache_dir() -> Path | None:
    """Where termlint keeps its caches, or None when caching is off."""
    if os.environ.get("TERMLINT_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("TERMLINT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "termlint" if xdg else Path.home() / ".cache" / "termlint"


def private_dir(directory: Path) -> bool:
    """Create ``directory`` (mode 0700) if needed; whether it is ours alone:
    owned by this user and not writable by group or others."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.stat()
    except OSError:
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename;
    errors (a read-only or full disk) are ignored: a cache is an optimisation."""
    import tempfile  # only when writing (with shutil, a few ms of every start-up)

    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def prune(directory: Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently written files matching ``pattern``."""
    try:
        entries = sorted(directory.glob(pattern), key=lambda p: p.stat().st_mtime)
        for old in entries[:-keep]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def prune_stale(current: Path, pattern: str) -> None:
    """Remove the sibling directories of ``current`` matching ``pattern``
    (caches of other termlint code or Python: an upgrade) once unused for a
    week. Two installations in use side by side (a pre-commit environment and
    a project's own) keep their caches."""
    week_ago = time.time() - STALE_SECONDS
    for other in current.parent.glob(pattern):
        try:
            stale = other != current and other.is_dir() and other.stat().st_mtime < week_ago
        except OSError:
            continue
        if stale:
            import shutil

            shutil.rmtree(other, ignore_errors=True)


def code_fingerprint() -> str:
    """A hash of termlint's own modules (path, size, modification time) and
    of the Python version: cached data from other code is never used."""
    global _fingerprint
    if _fingerprint is None:
        package = Path(__file__).resolve().parent
        digest = hashlib.sha256(sys.version.encode())
        for module in sorted(package.rglob("*.py")):
            info = module.stat()
            digest.update(
                f"{module.relative_to(package)}:{info.st_size}:{info.st_mtime_ns};".encode()
            )
        _fingerprint = digest.hexdigest()[:24]
    return _fingerprint


def _digest(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def cached_config(origin: str, build: Callable[[], Config]) -> Config:
    """The configuration built by ``build()`` from ``origin`` (a configuration
    file, or ``default``), from the cache when every file it was built from
    is unchanged. A configuration that fails to load is never cached: its
    error is raised by ``build()`` every time."""
    directory = cache_dir()
    if directory is None:
        return build()
    configs = directory / f"configs-{code_fingerprint()}"
    entry = configs / (
        hashlib.sha256(origin.encode("utf-8", "surrogatepass")).hexdigest() + ".pickle"
    )
    loaded = _load(configs, entry)
    if loaded is not None:
        return loaded
    config = build()
    _store(configs, entry, config)
    return config


def _load(configs: Path, entry: Path) -> Config | None:
    if not entry.is_file() or not private_dir(configs.parent) or not private_dir(configs):
        return None
    try:
        files, config = pickle.loads(entry.read_bytes())  # our own private cache (see above)
        if not isinstance(files, list) or not files:
            return None
        for path, digest in files:
            if _digest(path) != digest:
                return None
        config.root = config.root if config.path is not None else Path.cwd()
        return config  # type: ignore[no-any-return]
    except Exception:  # any damage: build afresh
        return None


def _store(configs: Path, entry: Path, config: Config) -> None:
    if not private_dir(configs.parent) or not private_dir(configs):
        return
    files = [(path, _digest(path)) for path in config.ruleset.files]
    if not files or any(d is None for _, d in files):
        return
    try:
        config.engine().prepare()
        data = pickle.dumps((files, config), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something unpicklable: simply not cached
        return
    write_atomic(entry, data)
    prune(configs, "*.pickle", MAX_CONFIGS)
    prune_stale(configs, "configs-*")
