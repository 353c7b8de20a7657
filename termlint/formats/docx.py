"""Word documents (``.docx``).

termlint reads the body (paragraphs and table cells, in document order), then
the headers, the footers, the footnotes, the endnotes and the review comments.
Each paragraph becomes one line of the text that is checked, so **positions
are a paragraph number and a column within it**: ``report.docx:12:5`` is the
12th paragraph (counting body paragraphs and table-cell paragraphs first, then
those of the headers, footers, footnotes, endnotes and comments), 5th
character of its text. Tabs
count as one character, line breaks inside a paragraph as a space. Text
output also names the paragraph by its first words (:func:`paragraph_label`),
which Word's Find locates.

Paragraphs in the *Quote* or *Intense Quote* styles are quotations.
Documents with a DTD are refused (no entity expansion), as are files that are
not valid DOCX packages. termlint never writes DOCX files.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from ..document import Document
from ..errors import InputError
from ._mask import Masker
from .plain import skip_addresses

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
QUOTE_STYLES = {"quote", "intensequote", "blocktext"}
MAX_XML = 50_000_000


def _parts(names: list[str]) -> list[str]:
    order = [
        ("word/document.xml",),
        ("word/header",),
        ("word/footer",),
        ("word/footnotes.xml",),
        ("word/endnotes.xml",),
        ("word/comments.xml",),  # review comments
    ]
    out: list[str] = []
    for (prefix,) in order:
        out += sorted(n for n in names if n.startswith(prefix) and n.endswith(".xml"))
    return out


def _paragraph_text(p: ElementTree.Element) -> str:
    chunks: list[str] = []
    for node in p.iter():
        if node.tag == W + "t" and node.text:
            chunks.append(node.text)
        elif node.tag == W + "tab":
            chunks.append("\t")
        elif node.tag in (W + "br", W + "cr"):
            chunks.append(" ")
    return "".join(chunks).replace("\n", " ").replace("\r", " ")


def _style(p: ElementTree.Element) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return (style.get(W + "val") or "").lower() if style is not None else ""


def read_paragraphs(path: str | Path) -> list[tuple[str, bool]]:
    """(text, is_quotation) for each paragraph of the document's parts."""
    shown = str(path)
    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            if "word/document.xml" not in names:
                raise InputError(f"{shown}: not a Word document (no word/document.xml)")
            paragraphs: list[tuple[str, bool]] = []
            for name in _parts(names):
                info = package.getinfo(name)
                if info.file_size > MAX_XML:
                    raise InputError(f"{shown}: {name} is too large")
                data = package.read(name)
                if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
                    raise InputError(f"{shown}: {name} declares a DTD; refused")
                root = ElementTree.fromstring(data)
                for p in root.iter(W + "p"):
                    paragraphs.append((_paragraph_text(p), _style(p) in QUOTE_STYLES))
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file or directory") from None
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError) as exc:
        raise InputError(f"{shown}: not a valid DOCX file ({exc})") from None
    return paragraphs


def document_from_file(path: str | Path, display: str | None = None) -> Document:
    """The checked text of a DOCX file: one line per paragraph."""
    paragraphs = read_paragraphs(path)
    text = "\n".join(t for t, _ in paragraphs)
    masker = Masker(display or str(path), text, "docx")
    offset = 0
    for para, quoted in paragraphs:
        if quoted:
            masker.quotations.append((offset, offset + len(para)))
        offset += len(para) + 1
    skip_addresses(masker)
    return masker.document()


#: Code points of a paragraph quoted when naming it.
EXCERPT = 48


def paragraph_label(number: int, paragraph: str) -> str:
    """How a Word user finds paragraph ``number``: its number and its first
    words, as Word's Find would match them (``paragraph 12, “Police found
    child porn online…”``). Runs of spaces and tabs are shown as one space; a
    long paragraph is cut at a word boundary."""
    words = " ".join(paragraph.split())
    if not words:
        return f"paragraph {number}"
    if len(words) > EXCERPT:
        cut = words.rfind(" ", 0, EXCERPT + 1)
        words = words[: cut if cut > EXCERPT // 2 else EXCERPT].rstrip() + "…"
    return f"paragraph {number}, “{words}”"


def to_document(path: str, text: str) -> Document:
    """Text already extracted from a DOCX file (one paragraph per line)."""
    masker = Masker(path, text, "docx")
    skip_addresses(masker)
    return masker.document()
