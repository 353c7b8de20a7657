"""Which files a command line names: explicit files, and directories walked.

Walking a directory visits files with a known text extension (see
``termlint.formats.EXTENSIONS``) in sorted order, and skips hidden files and
directories (names starting with ``.``), ``node_modules`` and ``__pycache__``.

An ``--exclude`` (or ``exclude:``) glob without a ``/`` matches any single
path component (``drafts``, ``*.min.html``); a glob with a ``/`` matches the
path relative to the current directory (``docs/archive/*``), where ``*`` also
matches across ``/``. Globs match the path as walked: a symbolic link by its
own name, never by its target's (so a dangling link can be excluded).
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from .formats import EXTENSIONS

SKIP_DIRS = frozenset({"node_modules", "__pycache__"})


def resolved(path: str | Path) -> Path:
    """``path`` made absolute with symbolic links resolved where possible; a
    link loop (which ``Path.resolve`` refuses) is left as it is."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        return Path(os.path.abspath(path))


def _relative(path: str, root: Path | None) -> list[str]:
    """``path`` relative to ``root`` (default: the current directory), as
    walked: its last component is never resolved, so a symbolic link is
    matched by its own name (even a dangling one), not by its target's.
    Given twice: lexically, and with the directories above it resolved
    (configuration roots are resolved directories)."""
    base = root or Path.cwd()
    lexical = os.path.abspath(path)
    physical = os.path.join(resolved(os.path.dirname(lexical)), os.path.basename(lexical))
    out: list[str] = []
    for full, start in ((lexical, os.path.abspath(base)), (physical, str(resolved(base)))):
        try:
            rel = os.path.relpath(full, start)
        except ValueError:  # pragma: no cover - different drive on Windows
            rel = path
        rel = rel.replace(os.sep, "/")
        if rel not in out:
            out.append(rel)
    return out


def excluded(path: str, patterns: Sequence[str], root: Path | None = None) -> bool:
    """True when ``path``, as walked, matches one of the exclusion globs."""
    if not patterns:
        return False
    for rel in _relative(path, root):
        parts = [part for part in rel.split("/") if part not in (".", "..")]
        for pattern in patterns:
            pattern = pattern.rstrip("/")
            if "/" in pattern:
                if fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern + "/*"):
                    return True
            elif any(fnmatch.fnmatchcase(part, pattern) for part in parts):
                return True
    return False


def walk(directory: str) -> Iterator[str]:
    """Files with a known extension below ``directory``, sorted, following no
    symbolic links to directories (so a link loop cannot trap the walk), and
    leaving out named pipes, sockets and devices (reading one could block)."""
    for root, dirs, files in os.walk(directory, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(files):
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() not in EXTENSIONS:
                continue
            path = os.path.join(root, name)
            try:
                mode: int | None = os.stat(path).st_mode
            except OSError:
                mode = None  # a broken link or a link loop: reported when read
            if mode is not None and not stat.S_ISREG(mode):
                continue  # a named pipe, socket or device: reading it could block
            yield path
