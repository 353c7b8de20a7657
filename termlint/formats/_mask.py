"""Building a document: blank out what is not prose, keep offsets.

Format readers collect spans to skip, quotations, titles and comments, then
:meth:`Masker.document` returns a :class:`Document` whose text to check has
every skipped character replaced by a space (line breaks are kept, so lines
and columns stay exact by construction).
"""

from __future__ import annotations

import re

from ..document import Document

_NOT_BREAK = re.compile(r"[^\r\n]")


class Masker:
    def __init__(self, path: str, source: str, fmt: str) -> None:
        self.path = path
        self.source = source
        self.format = fmt
        self._skip: list[tuple[int, int]] = []
        self.quotations: list[tuple[int, int]] = []
        self.titles: list[tuple[int, int]] = []
        self.names: list[tuple[int, int]] = []
        #: (start, end, body) of each comment, for suppression directives.
        self.comments: list[tuple[int, int, str]] = []

    def skip(self, start: int, end: int) -> None:
        if end > start:
            self._skip.append((start, end))

    def skip_match(self, m: re.Match[str], group: int = 0) -> None:
        self.skip(m.start(group), m.end(group))

    def document(self) -> Document:
        text = self.source
        parts: list[str] = []
        last = 0
        for start, end in sorted(self._skip):
            start = max(start, last)
            if end <= start:
                continue
            parts.append(text[last:start])
            parts.append(_NOT_BREAK.sub(" ", text[start:end]))
            last = end
        parts.append(text[last:])
        doc = Document(
            path=self.path,
            source=text,
            text="".join(parts),
            format=self.format,
            quotations=sorted(self.quotations),
            titles=sorted(self.titles),
            names=sorted(self.names),
        )
        doc.comments = sorted(self.comments)
        return doc
