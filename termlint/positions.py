"""Offsets to 1-based line and column numbers, in code points and UTF-16 units.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` (the three line breaks the Language
Server Protocol knows). A tab counts as one column. UTF-16 columns count astral
characters (outside the Basic Multilingual Plane) as two units, as LSP requires.
"""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n|\r|\n")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class LineIndex:
    """Maps code-point offsets in one text to line/column positions."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in _BREAK.finditer(text)]
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def position(self, offset: int) -> tuple[int, int, int]:
        """Return ``(line, column, utf16_column)`` for ``offset``, all 1-based."""
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        column = offset - start + 1
        utf16 = column
        if self._astral:
            utf16 += bisect.bisect_left(self._astral, offset) - bisect.bisect_left(
                self._astral, start
            )
        return line + 1, column, utf16
