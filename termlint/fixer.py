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
* **Overlaps.** Of two overlapping fixable findings only the first is fixed;
  the other is reported as remaining.
* **Writes** are atomic (a temporary file in the same directory, then a
  rename), keep the file's encoding, byte order mark, line endings, final
  newline and permissions, and are refused if the file changed since it was
  read. DOCX files are never written.
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
from .errors import InputError
from .findings import Finding
from .source import Source

_SEPARATOR = re.compile(r"[\s\-\u2010\u2011\u00ad]+")
_ARTICLE = re.compile(r"(?<![\w'])(an?)(\s+)$", re.IGNORECASE)
#: Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = re.compile(r"^(?:uni|use|usu|ut|eu|ewe|one|once|ubiq|ur[aeiou])", re.IGNORECASE)
_VOWEL_SOUND = re.compile(r"^(?:hour|honest|honou?r|heir)", re.IGNORECASE)
#: Letters whose names start with a vowel sound (for acronyms: an SG-CSAM).
_VOWEL_LETTERS = set("AEFHILMNORSX")


@dataclass(frozen=True)
class Fix:
    """One replacement: ``source[start:end]`` becomes ``new``."""

    start: int
    end: int
    old: str
    new: str
    rule: str
    line: int
    column: int


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


def _layout(matched: str, replacement: str) -> str:
    """``replacement`` laid out with the separators of ``matched``."""
    separators = [m.group() for m in _SEPARATOR.finditer(matched)]
    breaks = [s for s in separators if "\n" in s or "\r" in s]
    words = replacement.split(" ")
    if not breaks or len(words) < 2:
        return replacement
    # keep the first line break after the same word, or before the last word
    index = next(i for i, s in enumerate(separators) if "\n" in s or "\r" in s)
    index = min(index, len(words) - 2)
    gaps = [" "] * (len(words) - 1)
    gaps[index] = breaks[0]
    return "".join(w + (gaps[i] if i < len(gaps) else "") for i, w in enumerate(words))


def plan(doc: Document, findings: list[Finding]) -> list[Fix]:
    """The fixes for ``findings`` of ``doc``, in order, without overlaps."""
    fixes: list[Fix] = []
    last_end = -1
    for f in sorted(findings, key=lambda f: (f.offset, -f.end_offset)):
        if not f.fixable or f.suppressed_by is not None or not f.replacements:
            continue
        start, end = f.offset, f.end_offset
        if start < last_end:
            continue  # overlaps a fix already planned
        matched = doc.source[start:end]
        new = _layout(matched, match_case(" ".join(matched.split()), f.replacements[0]))
        article = _ARTICLE.search(doc.source, max(0, start - 4), start)
        if article and article.start() >= last_end:
            current = article.group(1)
            first_word = re.split(r"[\s\-]+", new, maxsplit=1)[0]
            wanted = "an" if needs_an(first_word) else "a"
            if current.lower() != wanted:
                wanted = match_case(current, wanted) if current[0].isupper() else wanted
                if current.isupper() and len(current) > 1:
                    wanted = wanted.upper()
                new = wanted + article.group(2) + new
                matched = doc.source[article.start() : end]
                start = article.start()
        line, column, _ = doc.index.position(start)
        fixes.append(Fix(start, end, matched, new, f.rule, line, column))
        last_end = end
    return fixes


def apply(text: str, fixes: list[Fix]) -> str:
    """``text`` with every fix applied (fixes must not overlap)."""
    parts: list[str] = []
    last = 0
    for fix in sorted(fixes, key=lambda x: x.start):
        parts.append(text[last : fix.start])
        parts.append(fix.new)
        last = fix.end
    parts.append(text[last:])
    return "".join(parts)


def encode(source: Source, text: str) -> bytes:
    """``text`` in the source's own encoding (byte order mark included)."""
    return text.encode(source.encoding)


def write_new_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write a report file atomically (temporary file, then rename)."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".termlint", dir=target.parent or "."
        )
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(path: str | os.PathLike[str], data: bytes, expected: bytes) -> None:
    """Replace the file at ``path`` with ``data`` in one rename.

    Refused (InputError) when the file no longer holds ``expected``: it
    changed while being fixed. The file's permission bits are kept.
    """
    target = Path(path)
    try:
        current = target.read_bytes()
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if current != expected:
        raise InputError(f"{path}: changed while being fixed; not written")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".termlint", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
