"""Stage 1: read a file and decode it safely.

UTF-8 is the default; a UTF-8 or UTF-16 byte order mark is honoured. Files with
NUL bytes (and no UTF-16 mark) are binary. ``--encoding cp1252`` (or a list
tried in order, ``utf-8,cp1252``: the first that decodes the whole file wins)
reads files without a mark that word processors export in a legacy encoding;
``fix`` writes them back in the encoding they were read in. Text that is not
valid in any of them is still checked, with U+FFFD in place of each
undecodable byte, and the problem is reported (:attr:`Source.lossy`); termlint
never writes such a file back (that would replace its bytes).
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import InputError

_SNIFF = 8192


@dataclass(frozen=True)
class Source:
    """A decoded file. ``encoding`` is the codec that round-trips ``text``."""

    path: str
    text: str
    encoding: str
    raw: bytes
    #: For text that is not valid in its encoding: ``(line, column, message)``
    #: of the first bad byte (1-based, code points); the text has U+FFFD there.
    lossy: tuple[int, int, str] | None = None


class BinaryFileError(InputError):
    """The file is binary, not text."""


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is binary: a NUL byte early on and no UTF-16 mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in data[:_SNIFF]


def check_encodings(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` as codec names, or :class:`InputError` for an unknown one."""
    out = []
    for name in names:
        try:
            out.append(codecs.lookup(name).name)
        except LookupError:
            raise InputError(f"unknown encoding '{name}'") from None
    return tuple(out)


def decode(data: bytes, path: str, encodings: tuple[str, ...] = ()) -> Source:
    """Decode ``data`` read from ``path`` (used in messages only); without
    a byte order mark, the first of ``encodings`` (default UTF-8) that
    decodes it whole."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif looks_binary(data):
        raise BinaryFileError(f"{path}: binary file, not text")
    else:
        encoding = next(
            (e for e in encodings[:-1] if _decodes(data, e)), (encodings or ("utf-8",))[-1]
        )
    lossy = None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, errors="replace")
        before = data[: exc.start].decode(encoding)  # valid up to the first bad byte
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        bad = text.count("\ufffd") - before.count("\ufffd")
        lossy = (
            line,
            column,
            f"not valid {encoding.upper().replace('-SIG', '')} (byte 0x{data[exc.start]:02x}); "
            f"checked with U+FFFD in place of {bad} undecodable "
            f"{'sequence' if bad == 1 else 'sequences'}, and never fixed",
        )
    if encoding == "utf-16" and "\x00" in text:
        raise BinaryFileError(f"{path}: binary file, not text")  # a BOM-like prefix
    return Source(path=path, text=text, encoding=encoding, raw=data, lossy=lossy)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def read_source(
    path: str | os.PathLike[str], display: str | None = None, encodings: tuple[str, ...] = ()
) -> Source:
    """Read and decode a file; every failure is an :class:`InputError`."""
    shown = display if display is not None else os.fspath(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        if os.path.islink(path):
            try:
                to = f" (to {os.readlink(path)})"
            except OSError:  # pragma: no cover - removed meanwhile
                to = ""
            raise InputError(f"{shown}: broken symbolic link{to}") from None
        raise InputError(f"{shown}: no such file or directory") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a directory") from None
    except PermissionError:
        raise InputError(f"{shown}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror})") from None
    return decode(data, shown, encodings)


#: Bytes read at a time by :func:`read_blocks`.
BLOCK = 1 << 20


def block_encoding(path: str | os.PathLike[str], encodings: tuple[str, ...] = ()) -> str | None:
    """The encoding in which :func:`read_blocks` can decode ``path`` block by
    block as :func:`read_source` decodes it whole, or None where the file
    must be read whole: it looks binary, is UTF-16 or unreadable, or several
    encodings are to be tried (the first that decodes the whole file wins)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF)
    except OSError:
        return None
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or looks_binary(head):
        return None
    if len(encodings) > 1:
        return None
    return (encodings or ("utf-8",))[0]


def read_blocks(path: str | os.PathLike[str], encoding: str, size: int = BLOCK) -> Iterator[str]:
    """The text of ``path`` in blocks of about ``size`` bytes, decoded as
    :func:`block_encoding` says (strictly: an undecodable byte raises
    ``UnicodeDecodeError``, and the file is then read whole)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    with open(path, "rb") as fh:
        while data := fh.read(size):
            text = decoder.decode(data)
            if text:
                yield text
        rest = decoder.decode(b"", final=True)
        if rest:
            yield rest
