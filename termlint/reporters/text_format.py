"""``--format text``: one line per finding and a one-line summary.

path:line:col: severity [rule-id] message (suggestion: ...)

With ``--show-source`` (the default on a terminal), each finding is followed
by its source line with the span underlined, as compilers show it::

    doc.md:3:10: error [child-pornography] Use ...
      |
    3 | The police found child pornography on the disk.
      |                  ^^^^^^^^^^^^^^^^^

Columns are counted in code points and laid out for a terminal: a tab runs
to the next multiple of four, East Asian wide and full-width characters
(most emoji among them) take two cells, combining marks none, and control
and bidirectional formatting characters are shown as U+FFFD (they could
move the cursor or reorder the line). A span that runs over several lines is
underlined to the end of its first line; a long line is cut to a window
around the span, with ``…`` where it was cut.

In a word-processor document (DOCX, ODT), where a line is a paragraph, each
finding ends with its paragraph's part and number within it and an excerpt
with the span marked: ``[footnote 2: …police found ⟦child porn⟧ on the…]``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ..findings import Finding
from . import Report

_COLORS = {"error": "31", "warning": "33", "suggestion": "36", "info": "34"}
TAB = 4
#: Lines longer than this many code points are shown as a window around the span.
WIDE_LINE = 120
CONTEXT = 40
#: Shown in place of characters that would act on the terminal.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(report: Report) -> str:
    n = report.count_active()
    silenced = report.count_silenced()
    files = _plural(report.files_checked, "file")
    tail = f" {silenced} suppressed." if silenced else ""
    if not n:
        return f"No findings in {files}.{tail}"
    parts = ", ".join(_plural(c, s) for s, c in report.counts().items() if c)
    found = f"{report.found} {_plural(n, 'finding')} ({parts})"
    return f"{found} in {report.files_with_findings} of {files}.{tail}"


def _cell(char: str, column: int) -> tuple[str, int]:
    """How ``char`` is shown when it starts at display ``column`` (0-based),
    and how many cells it takes."""
    if char == "\t":
        width = TAB - column % TAB
        return " " * width, width
    category = unicodedata.category(char)
    if category in ("Cc", "Zl", "Zp") or char in _BIDI:
        return "\ufffd", 1
    if category in ("Mn", "Me") or char in "\u200b\u200c\u200d\u2060\ufeff":
        return char, 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return char, 2
    return char, 1


def underline(line: str, start: int, end: int) -> tuple[str, str]:
    """``line`` as shown on a terminal, and the line of carets under
    ``line[start:end]`` (code-point indexes; ``end`` past the line is cut to
    it). The span gets at least one caret."""
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    left, right = 0, len(line)
    if len(line) > WIDE_LINE:
        left = max(0, start - CONTEXT)
        right = min(len(line), max(end, start + 1) + CONTEXT, left + WIDE_LINE)
    shown: list[str] = ["…"] if left else []
    carets: list[str] = [" "] if left else []
    column = 1 if left else 0
    at = None  # the display column where the span starts
    for i in range(left, right):
        if i == start:
            at = column
        glyph, width = _cell(line[i], column)
        shown.append(glyph)
        carets.append(("^" if start <= i < end else " ") * width)
        column += width
    if right < len(line):
        shown.append("…")
    marks = "".join(carets).rstrip()
    if "^" not in marks:  # an empty span, or one of zero-width characters
        marks = " " * (column if at is None else at) + "^"
    return "".join(shown), marks


def _source(f: Finding, line: str, color: bool) -> str:
    """The lines shown under a finding: a gutter, the source line, the carets."""
    end = f.end_column - 1 if f.end_line == f.line else len(line)
    shown, marks = underline(line, f.column - 1, end)
    number = str(f.line)
    bar = _paint(" " * len(number) + " |", "34", color)
    return (
        f"{bar}\n{_paint(number + ' |', '34', color)} {shown}\n"
        f"{bar} {_paint(marks, _COLORS[f.severity], color)}\n\n"
    )


def chunks(report: Report, *, color: bool = False) -> Iterator[str]:
    """The output a line at a time (with ``show_source``, a finding at a time)."""
    yield from stream_findings(report, color=color)
    yield from stream_end(report, color=color)


def stream_end(report: Report, started: bool = False, *, color: bool = False) -> Iterator[str]:
    """The end of the output: the summary line."""
    if report.summary:
        yield summary(report) + "\n"


def stream_findings(report: Report, started: bool = False, *, color: bool = False) -> Iterator[str]:
    """The lines of the findings ``report`` holds."""
    for f in report.findings:
        where = _paint(f"{f.path}:{f.line}:{f.column}:", "1", color)
        sev = _paint(f.severity, _COLORS[f.severity], color)
        line = f"{where} {sev} [{f.rule}] {f.message}"
        if f.replacements:
            kind = "suggestion" if f.fixable else "suggestion, needs a human rewrite"
            line += f" ({kind}: {'; '.join(f.replacements)})"
        if f.note:
            line += f" [info: {f.note}]"
        where = report.where(f)
        if where is not None:
            line += f" [{where}]"
        line += "\n"
        source = report.lines.get(f.path, {}).get(f.line) if report.show_source else None
        if source is not None:
            line += _source(f, source, color)
        yield line


def render(report: Report, *, color: bool = False) -> str:
    return "".join(chunks(report, color=color))
