"""Stage 2: the document to check.

A :class:`Document` holds the decoded source and the *text to check*: a copy of
the same length in which everything that is not prose (markup, code, URLs...)
is blanked out. Because offsets are identical in both, every position the
engine reports is exact in the original file by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .positions import LineIndex


@dataclass
class Document:
    path: str
    source: str
    text: str
    format: str = "text"
    #: Spans (start, end) that are quotations according to the document structure.
    quotations: list[tuple[int, int]] = field(default_factory=list)
    #: Spans (start, end) in quotation marks that the text to check does not
    #: show as such: marks written as markup (LaTeX ````...''``, ``\\enquote``)
    #: or next to markup (``"*child porn*"``). They count as quotation marks in
    #: the text do: a short one in the author's own sentence is a scare quote.
    inline_quotations: list[tuple[int, int]] = field(default_factory=list)
    #: Spans (start, end) that are titles of works according to the structure.
    titles: list[tuple[int, int]] = field(default_factory=list)
    #: Spans in italics that the source does not show with markup (a Word
    #: document's italic runs): judged as italic text is (a work's title?).
    italics: list[tuple[int, int]] = field(default_factory=list)
    #: Spans shown as text that name something (a wikitext ``[[Page]]`` link):
    #: visible as context, never reported.
    names: list[tuple[int, int]] = field(default_factory=list)
    #: Acronyms the markup defines (start, end, expansion): HTML
    #: ``<abbr title="expansion">ACR</abbr>``.
    definitions: list[tuple[int, int, str]] = field(default_factory=list)
    #: Word-processor documents (DOCX, ODT), one entry per line of the text:
    #: the part the paragraph belongs to ("body", "footnote", "header"...)
    #: and its number within that part, from 1.
    paragraphs: list[tuple[str, int]] = field(default_factory=list)
    #: Comments of the format (start, end, body): where suppression directives live.
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    #: Where this text starts in the file it is a piece of (a large file
    #: checked in pieces by ``--jobs``): the code points and the line breaks
    #: before it. Zero for a whole document.
    base: int = 0
    base_lines: int = 0
    #: Per-document results that rules compute once and share (sentences...).
    cache: dict[object, object] = field(default_factory=dict, repr=False)
    _index: LineIndex | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if len(self.text) != len(self.source):
            raise ValueError("the text to check must have the same length as the source")

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.source)
        return self._index
