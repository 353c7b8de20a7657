"""Safe fixes: replace what the findings report, and nothing else.

A finding is fixed only when its rule is ``fixable`` and the finding is not
downgraded or silenced (quotations, titles, names, code and suppressed
regions never produce fixable findings). The rule's first replacement is
used, with the case of the match carried over (see :mod:`termlint.casing`).

* **Line breaks.** A phrase broken across lines keeps its line break: the
  replacement's words are laid out with the match's own separators, so the
  number of lines never changes. The break stays after the same word where
  the replacement has enough words, else it goes before the replacement's
  last word (``child⏎pornography`` becomes ``child⏎sexual abuse material``;
  ``kiddie porn`` broken after ``kiddie`` becomes ``child⏎sexual abuse
  material``).
* **Articles.** When the word before the match is ``a`` or ``an`` and the
  replacement needs the other, the article is changed too, and the fix's
  span includes it.
* **Elision** (French and Italian, and the Spanish conjunctions and
  ``de el``, :mod:`termlint.elision`): the word before the match takes the
  form the replacement's first sound needs (``de prostitution`` becomes
  ``d'exploitation``, ``il turismo`` ``lo sfruttamento``), in its case and
  the document's apostrophe.
* **Overlaps.** Of two overlapping fixable findings only the first is fixed;
  the other is reported as remaining.
* **Writes** are atomic (a temporary file in the same directory, then a
  rename), keep the file's encoding, byte order mark, line endings, final
  newline and permissions, and are refused if the file changed since it was
  read or is read-only. A symbolic link is written through to its target.
  A file with other hard links is rewritten in place instead, so every name
  shows the fix (its old bytes are kept beside it until the new ones are on
  disk). DOCX files are never written.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .casing import match_case
from .document import Document
from .edits import plan_edit
from .elision import LANGUAGES as ELIDING
from .elision import Change, adjust_document
from .errors import InputError
from .findings import Finding
from .source import Source

_ARTICLE = re.compile(r"(?<![\w'])(an?)(\s+)$", re.IGNORECASE)
#: Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = re.compile(r"^(?:uni|use|usu|ut|eu|ewe|one|once|ubiq|ur[aeiou])", re.IGNORECASE)
_VOWEL_SOUND = re.compile(r"^(?:hour|honest|honou?r|heir)", re.IGNORECASE)
#: Letters whose names start with a vowel sound (for acronyms: an SG-CSAM).
_VOWEL_LETTERS = set("AEFHILMNORSX")


@dataclass(frozen=True)
class Fix:
    """One fix: ``source[start:end]`` becomes ``text``, the smallest edit
    (markup around and between kept words stays). ``old`` and ``new`` are
    the whole phrase before and after, as reports show it, from ``line`` and
    ``column``."""

    start: int
    end: int
    old: str
    new: str
    rule: str
    line: int
    column: int
    text: str


def needs_an(word: str) -> bool:
    """Whether ``word`` takes "an" rather than "a"."""
    if not word:
        return False
    if (len(word) > 1 and word.isupper()) or re.fullmatch(r"[A-Z]{2,}(?:-[A-Z]+)*s?", word):
        return word[0] in _VOWEL_LETTERS
    if _VOWEL_SOUND.match(word):
        return True
    if _CONSONANT_SOUND.match(word):
        return False
    return word[0].lower() in "aeiou"


def plan(doc: Document, findings: list[Finding]) -> list[Fix]:
    """The fixes for ``findings`` of ``doc``, in order, without overlaps.

    Each fix changes only the words that differ from the replacement, never
    a markup character (see :mod:`termlint.edits`)."""
    fixes: list[Fix] = []
    last_end = -1
    for f in sorted(findings, key=lambda f: (f.offset, -f.end_offset)):
        if not f.fixable or f.suppressed_by is not None or not f.replacements:
            continue
        if f.offset < last_end:
            continue  # overlaps a fix already planned
        edit = plan_edit(doc.source, doc.text, f.offset, f.end_offset, f.replacements[0])
        if isinstance(edit, str) or (edit.start == edit.end and not edit.new):
            continue  # (the engine reports such findings as not fixable)
        start, end, new = edit.start, edit.end, edit.new
        shown = f.offset  # where the phrase, as reports show it, starts
        if f.language in ELIDING:
            # French and Italian elision ("la prostitution" -> "l'exploitation"),
            # Italian articles, Spanish conjunctions and "de el" -> "del"; the
            # engine made the finding unfixable where it cannot be done
            change = adjust_document(
                f.language,
                doc.source,
                doc.text,
                f.offset,
                doc.text[f.offset : f.end_offset],
                f.replacements[0],
            )
            if start == f.offset and isinstance(change, Change) and change.start >= last_end:
                taken = len(change.drop)
                if new[:taken].lower() != change.drop.lower():
                    continue  # (cannot be: the replacement's first word is new)
                new = change.text + doc.source[change.end : start] + new[taken:]
                start = shown = change.start
            article = None
        else:
            article = _ARTICLE.search(doc.source, max(0, start - 4), start)
        if article and doc.paragraphs and "\n" in article.group(2):
            article = None  # a paragraph break: the article ends another paragraph
        if start == f.offset and article and article.start() >= last_end:
            current = article.group(1)
            first_word = re.split(r"[\s\-]+", new, maxsplit=1)[0]
            wanted = "an" if needs_an(first_word) else "a"
            if current.lower() != wanted:
                wanted = match_case(current, wanted) if current[0].isupper() else wanted
                if current.isupper() and len(current) > 1:
                    wanted = wanted.upper()
                new = wanted + article.group(2) + new
                start = shown = article.start()
        phrase_end = max(end, f.end_offset)
        before = doc.source[shown:phrase_end]
        after = doc.source[shown:start] + new + doc.source[end:phrase_end]
        line, column, _ = doc.index.position(shown)
        fixes.append(Fix(start, end, before, after, f.rule, line, column, new))
        last_end = phrase_end
    return fixes


def apply(text: str, fixes: list[Fix]) -> str:
    """``text`` with every fix applied (fixes must not overlap)."""
    parts: list[str] = []
    last = 0
    for fix in sorted(fixes, key=lambda x: x.start):
        parts.append(text[last : fix.start])
        parts.append(fix.text)
        last = fix.end
    parts.append(text[last:])
    return "".join(parts)


def encode(source: Source, text: str) -> bytes:
    """``text`` in the source's own encoding (byte order mark included)."""
    try:
        return text.encode(source.encoding)
    except UnicodeEncodeError as exc:
        shown = source.encoding.upper().replace("-SIG", "")
        raise InputError(
            f"{source.path}: not written: {text[exc.start]!r} cannot be written in {shown}"
        ) from None


def _writable(path: str | os.PathLike[str], target: Path, mode: int) -> None:
    """Refuse (InputError) to replace a file its permissions protect.

    The permission bits are read, not tried: the superuser (CI runs as one)
    may write anything, and a rename replaces even a read-only file."""
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError(f"{path}: read-only (mode {mode:04o}); not written")
    if not os.access(target, os.W_OK):
        raise InputError(f"{path}: permission denied; not written")


def _replace(
    path: str | os.PathLike[str], target: Path, data: bytes, like: os.stat_result | None
) -> None:
    """Write ``data`` to a temporary file beside ``target``, then rename it
    over ``target``: readers see the old file or the new one, never a part.
    With ``like``, the new file gets that file's permission bits (and owner,
    where allowed). A file with other hard links is rewritten in place
    instead (see :func:`_rewrite`)."""
    if like is not None and like.st_nlink > 1:
        _rewrite(path, target, data)
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".termlint", dir=target.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, stat.S_IMODE(like.st_mode) if like is not None else 0o644)
        if like is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only the superuser may give files away
                os.chown(tmp, like.st_uid, like.st_gid)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _rewrite(path: str | os.PathLike[str], target: Path, data: bytes) -> None:
    """Write ``data`` over the file itself, for a file with several hard
    links: a rename would give ``target`` a new file and leave the other
    names with the old text. The old bytes are first copied beside it (made
    durable), and that copy is removed once the new bytes are on disk; if
    writing fails, the old bytes are put back; if that fails too, or the
    machine stops meanwhile, the copy is there to restore from."""
    try:
        old = target.read_bytes()
        fd, copy = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".termlint-old", dir=target.parent
        )
        with os.fdopen(fd, "wb") as out:
            out.write(old)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        _overwrite(target, data)
    except OSError as exc:
        try:
            _overwrite(target, old)
        except OSError:
            raise InputError(
                f"{path}: cannot write ({exc.strerror}); its old text is in {copy}"
            ) from None
        with contextlib.suppress(OSError):
            os.unlink(copy)
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    with contextlib.suppress(OSError):
        os.unlink(copy)


def _overwrite(target: Path, data: bytes) -> None:
    with open(target, "r+b") as out:
        out.write(data)
        out.truncate()
        out.flush()
        os.fsync(out.fileno())


def write_new_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write a report file atomically (temporary file, then rename). An
    existing file keeps its permission bits; a symbolic link is written
    through, to its target."""
    target = Path(os.path.realpath(path))
    try:
        like: os.stat_result | None = target.stat()
    except OSError:
        like = None
    if like is not None:
        _writable(path, target, stat.S_IMODE(like.st_mode))
    _replace(path, target, data, like)


def write_atomic(path: str | os.PathLike[str], data: bytes, expected: bytes) -> None:
    """Replace the file at ``path`` with ``data`` in one rename.

    A symbolic link is written through: the file it points to is replaced
    (atomically, in its own directory) and the link stays a link. The file's
    permission bits are kept. Refused (InputError), with the file left as it
    is, when the file is read-only (see :func:`_writable`) or no longer holds
    ``expected``: it changed while being fixed.
    """
    target = Path(os.path.realpath(path))
    try:
        current = target.read_bytes()
        like = target.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    _writable(path, target, stat.S_IMODE(like.st_mode))
    if current != expected:
        raise InputError(f"{path}: changed while being fixed; not written")
    _replace(path, target, data, like)
