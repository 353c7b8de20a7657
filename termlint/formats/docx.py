"""Word documents (``.docx``).

termlint reads the body (paragraphs and table cells, in document order, text
boxes after the paragraph that anchors them), then the headers, the footers,
the footnotes, the endnotes and the review comments. Each paragraph becomes
one line of the text that is checked, so **positions are a paragraph and a
column within it**: ``report.docx:12:5`` is the 12th paragraph of the file
(body first, then the other parts), 5th character of its text. Reports also
name the paragraph's part and its number within that part (``footnote 2``)
and show an excerpt with the words marked. Tabs count as one character, line
breaks inside a paragraph as a space.

* Text inside tracked deletions (``w:del``, ``w:moveFrom``) is not read;
  tracked insertions are, as Word shows them.
* Results of generated fields (a table of contents, a cross-reference, a page
  number) are context, never reported: they repeat text found elsewhere and
  Word rewrites them. A hyperlink's text is checked.
* Paragraphs in the *Quote*, *Intense Quote* or *Quotations* styles are
  quotations.

Packages are read with lxml, which keeps every namespace prefix as written, so
that :mod:`termlint.review.docx` can write a reviewed copy from the same
paragraphs. Documents with a DTD are refused (no entity expansion), as are
files that are not Word packages: each with a one-line reason.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import InputError
from . import REVIEW_SIGNATURE
from ._mask import Masker
from .plain import skip_addresses

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
QUOTE_STYLES = {"quote", "intensequote", "blocktext", "quotations"}
MAX_XML = 50_000_000

#: Parts holding text, in reading order: (name prefix, kind of part).
PART_KINDS: tuple[tuple[str, str], ...] = (
    ("word/document.xml", "body"),
    ("word/header", "header"),
    ("word/footer", "footer"),
    ("word/footnotes.xml", "footnote"),
    ("word/endnotes.xml", "endnote"),
    ("word/comments.xml", "comment"),
)

#: Subtrees whose text is not the paragraph's: deleted text, the paragraph
#: mark's and runs' properties, text boxes (their own paragraphs), and the
#: fallback copy of drawings for old readers.
_SKIP = {
    W + "del",
    W + "moveFrom",
    W + "txbxContent",
    MC + "Fallback",
    W + "pPr",
    W + "rPr",
    W + "delText",
    W + "delInstrText",
    W + "p",
}
#: Fields whose result is the author's text; other fields' results are generated.
_AUTHORED_FIELDS = {"HYPERLINK"}


@dataclass
class Paragraph:
    """One paragraph of a Word package, as checked and as rewritten."""

    part: str  # the package member, "word/footnotes.xml"
    kind: str  # body, header, footer, footnote, endnote, comment
    number: int  # within its kind, from 1
    element: Any  # the lxml element w:p
    text: str
    #: For each character of ``text``: the element it comes from (``w:t``,
    #: ``w:tab``, ``w:br``...) and its index in that element's text.
    chars: list[tuple[Any, int]]
    quoted: bool = False
    #: Spans of ``text`` that generated fields wrote (never reported).
    generated: list[tuple[int, int]] = field(default_factory=list)
    #: Spans of ``text`` in italic runs (a cited work's title may be one).
    italic: list[tuple[int, int]] = field(default_factory=list)


class _Fields:
    """The complex fields open while the paragraphs of a part are read (a
    field may span paragraphs: a table of contents)."""

    def __init__(self) -> None:
        self.stack: list[list[Any]] = []  # [instruction, in result]

    def generated(self) -> bool:
        return any(
            in_result and (instr.split() or [""])[0].upper() not in _AUTHORED_FIELDS
            for instr, in_result in self.stack
        )


def _walk(
    node: Any, text: list[str], chars: list[tuple[Any, int]], gen: list[int], fields: _Fields
) -> None:
    for child in node:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # an XML comment or processing instruction
        if tag == W + "instrText":
            if fields.stack:
                fields.stack[-1][0] += child.text or ""
            continue
        if tag in _SKIP:
            continue
        if tag == W + "t":
            value = child.text or ""
            if fields.generated():
                gen.extend(range(len(chars), len(chars) + len(value)))
            text.append(value)
            chars.extend((child, i) for i in range(len(value)))
        elif tag == W + "tab":
            text.append("\t")
            chars.append((child, 0))
        elif tag in (W + "br", W + "cr"):
            text.append(" ")
            chars.append((child, 0))
        elif tag == W + "fldChar":
            kind = child.get(W + "fldCharType")
            if kind == "begin":
                fields.stack.append(["", False])
            elif kind == "separate" and fields.stack:
                fields.stack[-1][1] = True
            elif kind == "end" and fields.stack:
                fields.stack.pop()
        elif tag == W + "fldSimple":
            fields.stack.append([child.get(W + "instr") or "", True])
            _walk(child, text, chars, gen, fields)
            fields.stack.pop()
        else:
            _walk(child, text, chars, gen, fields)


#: Character styles that set text in italics (their ids, lower-cased).
ITALIC_STYLES = frozenset({"emphasis", "booktitle", "subtleemphasis"})


def _italic_run(run: Any) -> bool:
    """Whether a ``w:r`` is in italics by its own properties: ``w:i`` (not
    switched off) or an italic character style."""
    props = run.find(W + "rPr")
    if props is None:
        return False
    italic = props.find(W + "i")
    if italic is not None:
        return (italic.get(W + "val") or "true").lower() not in ("0", "false", "off")
    style = props.find(W + "rStyle")
    return style is not None and (style.get(W + "val") or "").lower() in ITALIC_STYLES


def _italic_chars(chars: list[tuple[Any, int]]) -> list[int]:
    """The indices of the characters that come from italic runs."""
    out: list[int] = []
    seen: dict[Any, bool] = {}
    for i, (element, _) in enumerate(chars):
        run = element.getparent()
        if run is None or run.tag != W + "r":
            continue
        italic = seen.get(run)
        if italic is None:
            italic = seen[run] = _italic_run(run)
        if italic:
            out.append(i)
    return out


def _spans(indices: list[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for i in indices:
        if spans and spans[-1][1] == i:
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


def paragraph_chars(p: Any) -> tuple[str, list[tuple[Any, int]]]:
    """The text of paragraph ``p`` and where each character comes from."""
    text: list[str] = []
    chars: list[tuple[Any, int]] = []
    _walk(p, text, chars, [], _Fields())
    return "".join(text).replace("\n", " ").replace("\r", " "), chars


def _in_fallback(p: Any) -> bool:
    return any(a.tag in (MC + "Fallback", W + "del", W + "moveFrom") for a in p.iterancestors())


def _is_separator(p: Any) -> bool:
    """A paragraph of the separator footnotes Word keeps in every footnotes part."""
    note = p.getparent()
    return (
        note is not None
        and note.tag in (W + "footnote", W + "endnote")
        and bool(note.get(W + "type"))
    )


def _by_termlint(p: Any) -> bool:
    """A paragraph of a comment that termlint wrote in a reviewed copy."""
    comment = p.getparent()
    if comment is None or comment.tag != W + "comment":
        return False
    last = comment.findall(W + "p")[-1]
    text = "".join(t.text or "" for t in last.iter(W + "t"))
    return re.fullmatch(REVIEW_SIGNATURE, text.strip()) is not None


def _style(p: Any) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return (style.get(W + "val") or "").lower() if style is not None else ""


def part_names(names: list[str]) -> list[tuple[str, str]]:
    """The text parts of a package, in reading order, with their kinds."""
    out: list[tuple[str, str]] = []
    for prefix, kind in PART_KINDS:
        out += [(n, kind) for n in sorted(names) if n.startswith(prefix) and n.endswith(".xml")]
    return out


def paragraphs_of(roots: dict[str, Any], names: list[tuple[str, str]]) -> Iterator[Paragraph]:
    """Every paragraph of the parts ``names`` (parsed in ``roots``), in order."""
    numbers: dict[str, int] = {}
    for name, kind in names:
        fields = _Fields()
        for p in roots[name].iter(W + "p"):
            if _in_fallback(p) or _is_separator(p) or _by_termlint(p):
                continue
            text: list[str] = []
            chars: list[tuple[Any, int]] = []
            gen: list[int] = []
            _walk(p, text, chars, gen, fields)
            numbers[kind] = numbers.get(kind, 0) + 1
            yield Paragraph(
                name,
                kind,
                numbers[kind],
                p,
                "".join(text).replace("\n", " ").replace("\r", " "),
                chars,
                _style(p) in QUOTE_STYLES,
                _spans(gen),
                _spans(_italic_chars(chars)),
            )


# ---------------------------------------------------------------- the package


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def what_it_is(head: bytes, name: str, ext: str, old: str) -> str | None:
    """Why bytes that are not a zip file cannot be ``name`` (a Word document,
    an OpenDocument text), saved as ``ext``; ``old`` names the binary format
    an encrypted or old file has."""
    if head.startswith(_OLE):
        return f"password-protected, or {old} renamed; save it as {ext} without a password"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"{\\rtf"):
        return f"an RTF file, not {name}; save it as {ext}"
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<meta", b"<head", b"<body")):
        return f"an HTML or XML file, not {name}; save it as {ext}"
    if stripped.startswith(b"%pdf"):
        return f"a PDF file, not {name}"
    if not head:
        return f"empty file, not {name}"
    return None


def _what_it_is(head: bytes) -> str | None:
    return what_it_is(head, "a Word document", ".docx", "a Word 97-2003 .doc file")


def xml_parser() -> Any:
    """An lxml parser that never expands entities or fetches anything."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_part(shown: str, name: str, data: bytes) -> Any:
    from lxml import etree

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise InputError(f"{shown}: {name} declares a DTD; refused")
    try:
        return etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{shown}: {name} is not well-formed XML ({exc})") from None


@dataclass
class Package:
    """A Word package as read: its bytes, its members, and the parsed text parts."""

    path: str
    raw: bytes
    infos: list[zipfile.ZipInfo]
    roots: dict[str, Any]
    texts: list[tuple[str, str]]  # (member, kind) of the text parts, in order
    paragraphs: list[Paragraph]


def open_package(
    path: str | Path,
    display: str | None = None,
    *,
    kind: str = "DOCX",
    what: Callable[[bytes], str | None] = _what_it_is,
) -> tuple[bytes, zipfile.ZipFile]:
    """The bytes of a zip-based document and the zip file over them; a
    one-line InputError for anything that is not one."""
    import io

    shown = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file or directory") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror})") from None
    if not raw.startswith(b"PK"):
        reason = what(raw[:512]) or f"not a valid {kind} file (not a zip package)"
        raise InputError(f"{shown}: {reason}")
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
        bad = package.testzip()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise InputError(
            f"{shown}: not a valid {kind} file: truncated or damaged ({exc})"
        ) from None
    except RuntimeError as exc:  # an encrypted member
        raise InputError(f"{shown}: password-protected ({exc}); not read") from None
    except Exception as exc:  # zlib errors of a damaged member
        raise InputError(
            f"{shown}: not a valid {kind} file: damaged ({type(exc).__name__})"
        ) from None
    if bad is not None:
        raise InputError(f"{shown}: not a valid {kind} file: {bad} is damaged")
    if any(info.flag_bits & 0x1 for info in package.infolist()):
        raise InputError(f"{shown}: password-protected; not read")
    return raw, package


def read_package(path: str | Path, display: str | None = None) -> Package:
    """Open and parse a Word package (one-line InputError if it is not one)."""
    shown = display or str(path)
    raw, package = open_package(path, shown)
    with package:
        names = package.namelist()
        if "word/document.xml" not in names:
            if "content.xml" in names and "mimetype" in names:
                raise InputError(
                    f"{shown}: an OpenDocument file, not a Word document; name it .odt"
                )
            raise InputError(f"{shown}: not a Word document (no word/document.xml)")
        texts = part_names(names)
        roots: dict[str, Any] = {}
        for name, _ in texts:
            if package.getinfo(name).file_size > MAX_XML:
                raise InputError(f"{shown}: {name} is too large")
            roots[name] = parse_part(shown, name, package.read(name))
        infos = package.infolist()
    return Package(str(path), raw, infos, roots, texts, list(paragraphs_of(roots, texts)))


def document_of(paragraphs: list[Paragraph], display: str, fmt: str = "docx") -> Document:
    """The checked text of a word-processor document: one line per paragraph."""
    text = "\n".join(p.text for p in paragraphs)
    masker = Masker(display, text, fmt)
    offset = 0
    for para in paragraphs:
        if para.quoted:
            masker.quotations.append((offset, offset + len(para.text)))
        masker.names.extend((offset + s, offset + e) for s, e in para.generated)
        masker.italics.extend((offset + s, offset + e) for s, e in para.italic)
        offset += len(para.text) + 1
    skip_addresses(masker)
    doc = masker.document()
    doc.paragraphs = [(p.kind, p.number) for p in paragraphs]
    return doc


def document_from_file(path: str | Path, display: str | None = None) -> Document:
    """The checked text of a DOCX file: one line per paragraph."""
    return document_of(read_package(path, display).paragraphs, display or str(path))


def read_paragraphs(path: str | Path) -> list[tuple[str, bool]]:
    """(text, is_quotation) for each paragraph of the document's parts."""
    return [(p.text, p.quoted) for p in read_package(path).paragraphs]


def to_document(path: str, text: str) -> Document:
    """Text already extracted from a DOCX file (one paragraph per line)."""
    masker = Masker(path, text, "docx")
    skip_addresses(masker)
    return masker.document()
