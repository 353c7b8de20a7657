"""Plain text: everything is prose except URLs, e-mail addresses and DOIs,
which are blanked out (same length, so positions stay exact). Lines that
start with ``>`` (the quoting convention of e-mail and forums) are
quotations."""

from __future__ import annotations

import re

from ..document import Document
from ._mask import Masker, run_start

#: URLs (with a scheme or www.), e-mail addresses and DOIs.
SKIP = re.compile(
    r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'\])}|]+"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
    r"|\b(?:doi:\s*)?10\.\d{4,9}/[^\s\"'<>|\]}]+",
    re.IGNORECASE,
)


#: What every match of :data:`SKIP` holds (``://``, ``www.``, ``@`` or ``10.``),
#: found by its one-character core so that the search can skip ahead.
_ANCHOR = re.compile(r":(?=//)|@|\.(?:(?<=[wW]{3}\.)|(?<=10\.))")
_RUN_END = re.compile(r"\s|\Z")


def address_spans(text: str) -> list[tuple[int, int]]:
    """``[m.span() for m in SKIP.finditer(text)]``, found by searching only
    around the places that hold ``://``, ``www.``, ``@`` or ``10.``.

    A match holds one of those, and no white space but the one after a
    leading ``doi:``. So every match lies in the run of non-space characters
    around such a place, or starts with a ``doi:`` just before that run; the
    pattern is run on those pieces alone (a tenth of the time of a pass over
    a long text, where it tries every word)."""
    out: list[tuple[int, int]] = []
    reach = 0  # the end of the last piece searched
    for anchor in _ANCHOR.finditer(text):
        if anchor.start() < reach:
            continue
        lo = run_start(text, anchor.start(), reach)
        before = lo  # white space, then "doi:", may come before the run
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if (
            before < lo
            and before - 4 >= (out[-1][1] if out else 0)
            and text[before - 4 : before].lower() == "doi:"
        ):
            lo = before - 4
        hi = _RUN_END.search(text, anchor.start()).start()  # type: ignore[union-attr]
        out.extend(m.span() for m in SKIP.finditer(text, lo, hi))
        reach = hi
    return out


def skip_addresses(masker: Masker, text: str | None = None) -> None:
    """Blank out URLs, e-mail addresses and DOIs (every format does)."""
    for start, end in address_spans(masker.source if text is None else text):
        masker.skip(start, end)


#: A run of lines quoted with ">" (e-mail and forum replies).
_QUOTED_LINES = re.compile(r"^[ \t]*>[^\r\n]*(?:(?:\r\n?|\n)[ \t]*>[^\r\n]*)*", re.MULTILINE)


def to_document(path: str, text: str) -> Document:
    from ..suppression import PLAIN_DIRECTIVE

    masker = Masker(path, text, "text")
    for m in PLAIN_DIRECTIVE.finditer(text):
        masker.skip_match(m)
        masker.comments.append((m.start(), m.end(), m.group(1)))
    skip_addresses(masker)
    masker.quotations.extend(quoted_lines(text))
    return masker.document()


def quoted_lines(text: str) -> list[tuple[int, int]]:
    """``[m.span() for m in _QUOTED_LINES.finditer(text)]``, read only from
    the lines whose first character but spaces is ``>`` (a pattern that
    starts at every line start is tried at every position of the text)."""
    out: list[tuple[int, int]] = []
    reach = 0
    at = text.find(">")
    while at != -1:
        line = text.rfind("\n", 0, at) + 1  # "^" of MULTILINE: after "\n" only
        if line >= reach and not text[line:at].strip(" \t"):
            m = _QUOTED_LINES.match(text, line)
            if m is not None:
                out.append(m.span())
                reach = m.end()
                at = text.find(">", reach)
                continue
        at = text.find(">", at + 1)
    return out
