"""OpenDocument text files (``.odt``), as LibreOffice writes them.

termlint reads ``content.xml``: the body's paragraphs and headings (``text:p``,
``text:h``) in document order, table cells, list items, sections and text
frames included (a frame's paragraphs right after the paragraph that anchors
it); then the headers and the footers of the master pages (``styles.xml``);
then the footnotes, the endnotes and the review comments
(``office:annotation``). Notes and comments come **after the body**, in the
order of their anchors, as in a Word document, so that a line number means
the same in both formats. Each paragraph becomes one line of the text that is
checked, so **positions are a paragraph and a column within it**:
``story.odt:12:5`` is the 12th paragraph of the file, 5th character of its
text; reports also name the paragraph's part and its number within that part
(``footnote 2``) and show an excerpt.

The text of a paragraph is what LibreOffice shows: white space in the XML is
collapsed as ODF says (a run of spaces, tabs and line feeds is one space, none
at the start of a paragraph), ``text:s`` is as many spaces as it says,
``text:tab`` a tab and ``text:line-break`` a space.

* Tracked deletions are not read (their text lives in ``text:tracked-changes``,
  outside the paragraphs); tracked insertions are, as LibreOffice shows them.
* A note's citation (the ``1`` of a footnote) is not part of the paragraph;
  the note's own paragraphs are read as notes, a comment's as comments, a
  text frame's as paragraphs of their own.
* Generated text (tables of contents and other indexes, page numbers, chapter
  names, dates, references to bookmarks, figures and notes: any field) is
  context, never reported: LibreOffice rewrites it. A hyperlink's text is
  checked.
* Comments termlint wrote in a reviewed copy (their last paragraph is its
  signature, ``termlint rule ...``) are not read again.
* Paragraphs in the *Quotations* style (or *Quote*, *Intense Quote*, *Block
  Text*), or in a style based on one, are quotations.

Packages are read with lxml, as Word packages are (:mod:`.docx`), so that
:mod:`termlint.review.odt` can write a reviewed copy from the same
paragraphs. Files that are not OpenDocument text packages (a spreadsheet, a
Word document, a flat ``.fodt``, a password-protected file) are refused with
a one-line reason.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document import Document
from ..errors import InputError
from . import REVIEW_SIGNATURE
from .docx import MAX_XML, QUOTE_STYLES, document_of, open_package, parse_part, what_it_is
from .plain import skip_addresses

OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
LOEXT_NS = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
FIELD_NS = "urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0"
OFFICE = f"{{{OFFICE_NS}}}"
TEXT = f"{{{TEXT_NS}}}"
STYLE = f"{{{STYLE_NS}}}"
LOEXT = f"{{{LOEXT_NS}}}"
FIELD = f"{{{FIELD_NS}}}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
MIMETYPE = "application/vnd.oasis.opendocument.text"

#: Elements whose text is the author's, read as part of the paragraph.
CONTAINERS = frozenset(
    {
        TEXT + "span",
        TEXT + "a",
        TEXT + "meta",
        TEXT + "ruby",
        TEXT + "ruby-base",
        LOEXT + "content-control",
    }
)
#: Elements that stand for characters of their own.
SPACES = frozenset({TEXT + "s", TEXT + "tab", TEXT + "line-break"})
#: Points in the text: marks that hold no text (bookmarks, index marks, the
#: ends of a ranged comment, tracked-change marks, a page break).
POINTS = frozenset(
    {
        TEXT + "soft-page-break",
        TEXT + "bookmark",
        TEXT + "bookmark-start",
        TEXT + "bookmark-end",
        TEXT + "reference-mark",
        TEXT + "reference-mark-start",
        TEXT + "reference-mark-end",
        TEXT + "toc-mark",
        TEXT + "toc-mark-start",
        TEXT + "toc-mark-end",
        TEXT + "alphabetical-index-mark",
        TEXT + "alphabetical-index-mark-start",
        TEXT + "alphabetical-index-mark-end",
        TEXT + "user-index-mark",
        TEXT + "user-index-mark-start",
        TEXT + "user-index-mark-end",
        TEXT + "change",
        TEXT + "change-start",
        TEXT + "change-end",
        TEXT + "ruby-text",  # shown above the base text, not in the line
        TEXT + "hidden-paragraph",
        OFFICE + "annotation-end",
        FIELD + "fieldmark-start",
        FIELD + "fieldmark-end",
        FIELD + "fieldmark-separator",
    }
)
#: Anchored objects: a character of the paragraph whose text, if any, is read
#: elsewhere (a note's body, a comment's, a frame's) or not at all.
OBJECTS = frozenset({TEXT + "note", OFFICE + "annotation"})
#: Every other element of the text namespace inside a paragraph is a field:
#: its text is generated (page numbers, dates, references, sequence numbers).

#: Where generated paragraphs live: the body of an index (table of contents,
#: alphabetical index, bibliography...), which LibreOffice rebuilds.
INDEX_BODY = TEXT + "index-body"
_NOTE_KINDS = {"footnote": "footnote", "endnote": "endnote"}
#: The reading order of the kinds of paragraph.
KINDS = ("body", "header", "footer", "footnote", "endnote", "comment")
_HEADERS = {"header", "header-left", "header-first"}
_FOOTERS = {"footer", "footer-left", "footer-first"}
_HEADER_FOOTER = {
    ns + name: ("header" if name in _HEADERS else "footer")
    for ns in (STYLE, LOEXT)
    for name in _HEADERS | _FOOTERS
}

#: Where a character comes from: ``(element, "text", i)`` is ``element.text[i]``,
#: ``(element, "tail", i)`` is ``element.tail[i]``, ``(element, "self", i)`` is
#: the ``i``-th character that ``element`` itself stands for (``text:s``,
#: ``text:tab``, ``text:line-break``).
Char = tuple[Any, str, int]


@dataclass
class Paragraph:
    """One paragraph of an OpenDocument package, as checked and as rewritten."""

    part: str  # the package member: "content.xml" or "styles.xml"
    kind: str  # body, header, footer, footnote, endnote, comment
    number: int  # within its kind, from 1
    element: Any  # the lxml element text:p or text:h
    text: str
    #: For each character of ``text``, where it comes from (see :data:`Char`).
    #: White space that ODF collapses away has no character.
    chars: list[Char]
    quoted: bool = False
    #: Spans of ``text`` that fields generated (never reported).
    generated: list[tuple[int, int]] = field(default_factory=list)
    #: A paragraph of an index (a table of contents...), all of it generated.
    indexed: bool = False
    #: Spans of ``text`` set in italics by the text styles of its spans.
    italic: list[tuple[int, int]] = field(default_factory=list)


def local(tag: Any) -> str:
    """The local name of an element's tag ("" for comments and processing
    instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class Flow:
    """One paragraph's text, read as ODF says (white space collapsed), where
    each character comes from, and where the elements that are not text lie."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.chars: list[Char] = []
        #: Indices of the characters that fields generated.
        self.gen: list[int] = []
        #: (number of characters before it, element) for each point, object
        #: and field met (not for spans and other containers).
        self.marks: list[tuple[int, Any]] = []
        #: The previous character is white space, or there is none yet: a
        #: space now is not shown.
        self.space = True

    def data(self, el: Any, slot: str, value: str, generated: bool) -> None:
        for i, ch in enumerate(value):
            if ch in " \t\r\n":
                if self.space:
                    continue
                self.space = True
                ch = " "
            else:
                self.space = False
            if generated:
                self.gen.append(len(self.chars))
            self.text.append(ch)
            self.chars.append((el, slot, i))

    def spaces(self, el: Any, value: str, generated: bool) -> None:
        for i, ch in enumerate(value):
            if generated:
                self.gen.append(len(self.chars))
            self.text.append(ch)
            self.chars.append((el, "self", i))
        # LibreOffice shows a space written after these (ODF leaves it open)
        self.space = False

    def walk(self, node: Any, generated: bool) -> None:
        self.data(node, "text", node.text or "", generated)
        for child in node:
            tag = child.tag
            if isinstance(tag, str):
                self.child(child, tag, generated)
            self.data(child, "tail", child.tail or "", generated)

    def child(self, child: Any, tag: str, generated: bool) -> None:
        if tag in CONTAINERS:
            self.walk(child, generated)
        elif tag in SPACES:
            self.spaces(child, space_text(child), generated)
        else:
            self.marks.append((len(self.chars), child))
            if tag in POINTS:
                pass
            elif tag in OBJECTS or not tag.startswith(TEXT):
                self.space = False  # an anchored character: a note, a comment, a frame
            else:
                self.walk(child, True)  # a field


def space_text(el: Any) -> str:
    """The characters ``text:s``, ``text:tab`` or ``text:line-break`` stands for."""
    if el.tag == TEXT + "tab":
        return "\t"
    if el.tag == TEXT + "line-break":
        return " "
    count = el.get(TEXT + "c") or "1"
    return " " * (min(int(count), 10_000) if count.isdigit() else 1)


def _spans(indices: list[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for i in indices:
        if spans and spans[-1][1] == i:
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


def flow(p: Any, *, generated: bool = False) -> Flow:
    """How paragraph ``p`` reads (``generated``: all of it, an index's)."""
    reader = Flow()
    reader.walk(p, generated)
    return reader


# ------------------------------------------------------------------ styles


def _norm(name: str) -> str:
    return name.replace("_20_", " ").replace(" ", "").replace("_", "").replace("-", "").lower()


#: Character styles that set text in italics (normalised names), where a
#: style's own properties do not say.
ITALIC_STYLES = frozenset({"emphasis", "citation", "booktitle"})


class _Styles:
    """Paragraph styles and their parents, to tell quotations; text styles,
    to tell italics."""

    def __init__(self, *containers: Any) -> None:
        #: per container: name -> (parent, display name)
        self.maps: list[dict[str, tuple[str, str]]] = []
        #: text styles: name -> (parent, display name, font style or "")
        self.text_styles: dict[str, tuple[str, str, str]] = {}
        for container in containers:
            found: dict[str, tuple[str, str]] = {}
            if container is not None:
                for style in container.iter(STYLE + "style"):
                    family, name = style.get(STYLE + "family"), style.get(STYLE + "name")
                    if family == "paragraph" and name:
                        found[name] = (
                            style.get(STYLE + "parent-style-name") or "",
                            style.get(STYLE + "display-name") or "",
                        )
                    elif family == "text" and name and name not in self.text_styles:
                        props = style.find(STYLE + "text-properties")
                        self.text_styles[name] = (
                            style.get(STYLE + "parent-style-name") or "",
                            style.get(STYLE + "display-name") or "",
                            (props.get(FO + "font-style") or "") if props is not None else "",
                        )
            self.maps.append(found)
        self.cache: dict[str, bool] = {}
        self.italic_cache: dict[str, bool | None] = {}

    def italic(self, name: str) -> bool | None:
        """Whether text style ``name`` sets italics (None: it does not say)."""
        if name not in self.italic_cache:
            self.italic_cache[name] = self._italic(name)
        return self.italic_cache[name]

    def _italic(self, name: str) -> bool | None:
        seen: set[str] = set()
        while name and name not in seen:
            seen.add(name)
            parent, display, font_style = self.text_styles.get(name, ("", "", ""))
            if font_style:
                return font_style in ("italic", "oblique")
            if _norm(name) in ITALIC_STYLES or (display and _norm(display) in ITALIC_STYLES):
                return True
            name = parent
        return None

    def italic_chars(self, p: Any, chars: list[Char]) -> list[int]:
        """The indices of the characters of paragraph ``p`` set in italics by
        the text styles of the spans around them."""
        out: list[int] = []
        seen: dict[Any, bool] = {}
        for i, (element, where, _) in enumerate(chars):
            holder = element if where == "text" else element.getparent()
            italic = seen.get(holder)
            if italic is None:
                italic = False
                node = holder
                while node is not None and node is not p:
                    said = self.italic(node.get(TEXT + "style-name") or "")
                    if said is not None:
                        italic = said
                        break
                    node = node.getparent()
                seen[holder] = italic
            if italic:
                out.append(i)
        return out

    def quoted(self, name: str) -> bool:
        if name not in self.cache:
            self.cache[name] = self._quoted(name)
        return self.cache[name]

    def _quoted(self, name: str) -> bool:
        seen: set[str] = set()
        while name and name not in seen:
            seen.add(name)
            entry = next((m[name] for m in self.maps if name in m), None)
            display = entry[1] if entry else ""
            if _norm(name) in QUOTE_STYLES or (display and _norm(display) in QUOTE_STYLES):
                return True
            if entry is None:
                return False
            name = entry[0]
        return False


# ------------------------------------------------------------------ paragraphs


def by_termlint(annotation: Any) -> bool:
    """Whether a comment is one termlint wrote in a reviewed copy (its last
    paragraph is termlint's signature): not checked again."""
    last = None
    for child in annotation:
        if child.tag in (TEXT + "p", TEXT + "h"):
            last = child
    if last is None:
        return False
    return re.fullmatch(REVIEW_SIGNATURE, "".join(flow(last).text).strip()) is not None


def _place(p: Any, top_kind: str, stop: Any) -> tuple[str | None, bool]:
    """The kind of paragraph ``p`` (None: not read) and whether an index
    generated it."""
    kind: str | None = None
    generated = False
    for ancestor in p.iterancestors():
        if ancestor is stop:
            break
        tag = ancestor.tag
        if tag == TEXT + "tracked-changes":
            return None, False  # deleted text, kept for rejecting the deletion
        if tag == INDEX_BODY:
            generated = True
        elif kind is None and tag == TEXT + "note":
            kind = _NOTE_KINDS.get(ancestor.get(TEXT + "note-class") or "", "footnote")
        elif kind is None and tag == OFFICE + "annotation":
            if by_termlint(ancestor):
                return None, False
            kind = "comment"
    return kind or top_kind, generated


def _roots_of(name: str, root: Any) -> list[tuple[Any, str]]:
    """The elements of a part that hold paragraphs, with their kind."""
    if name == "content.xml":
        body = root.find(f"{OFFICE}body/{OFFICE}text")
        return [] if body is None else [(body, "body")]
    headers: list[tuple[Any, str]] = []
    footers: list[tuple[Any, str]] = []
    master = root.find(OFFICE + "master-styles")
    for page in [] if master is None else master.iter(STYLE + "master-page"):
        for child in page:
            if child.tag not in _HEADER_FOOTER or child.get(STYLE + "display") == "false":
                continue  # not a header or footer, or one switched off
            (headers if local(child.tag) in _HEADERS else footers).append(
                (child, _HEADER_FOOTER[child.tag])
            )
    return headers + footers


def paragraphs_of(roots: dict[str, Any]) -> list[Paragraph]:
    """Every paragraph of ``content.xml`` and of the headers and footers of
    ``styles.xml`` (parsed in ``roots``), in reading order (see the module)."""
    content = roots["content.xml"]
    styles = roots.get("styles.xml")

    def part(name: str) -> Any:
        return styles.find(OFFICE + name) if styles is not None else None

    common = part("styles")
    style_sets = {
        "content.xml": _Styles(content.find(OFFICE + "automatic-styles"), common),
        "styles.xml": _Styles(part("automatic-styles"), common),
    }
    found: dict[str, list[Paragraph]] = {kind: [] for kind in KINDS}
    for name in ("content.xml", "styles.xml"):
        root = roots.get(name)
        if root is None:
            continue
        for top, top_kind in _roots_of(name, root):
            for p in top.iter(TEXT + "p", TEXT + "h"):
                kind, generated = _place(p, top_kind, top)
                if kind is None:
                    continue
                read = flow(p, generated=generated)
                style = p.get(TEXT + "style-name") or ""
                found[kind].append(
                    Paragraph(
                        name,
                        kind,
                        len(found[kind]) + 1,
                        p,
                        "".join(read.text),
                        read.chars,
                        bool(style) and style_sets[name].quoted(style),
                        _spans(read.gen),
                        generated,
                        _spans(style_sets[name].italic_chars(p, read.chars)),
                    )
                )
    return [para for kind in KINDS for para in found[kind]]


# ---------------------------------------------------------------- the package


_KINDS_OF_ODF = {
    "spreadsheet": "spreadsheet (.ods)",
    "presentation": "presentation (.odp)",
    "graphics": "drawing (.odg)",
    "formula": "formula (.odf)",
    "chart": "chart (.odc)",
    "database": "database (.odb)",
    "text-template": "text template (.ott)",
    "text-master": "master document (.odm)",
}


def _what_it_is(head: bytes) -> str | None:
    """Why bytes that are not a zip file cannot be an OpenDocument text."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"office:document" in stripped or b"opendocument:xmlns:office" in stripped:
        return "a flat OpenDocument file (.fodt), not a packaged one; save it as .odt"
    return what_it_is(head, "an OpenDocument text", ".odt", "an old binary document (.doc, .sdw)")


def _kind_of(mimetype: str) -> str:
    prefix = "application/vnd.oasis.opendocument."
    if mimetype.startswith(prefix):
        what = _KINDS_OF_ODF.get(mimetype[len(prefix) :], mimetype[len(prefix) :])
        return f"an OpenDocument {what}, not a text document"
    return f"not an OpenDocument text (its mimetype is {mimetype[:80]!r})"


@dataclass
class Package:
    """An OpenDocument package as read: its bytes, its members, the parsed
    ``content.xml`` and ``styles.xml``, and their paragraphs."""

    path: str
    raw: bytes
    infos: list[zipfile.ZipInfo]
    roots: dict[str, Any]
    paragraphs: list[Paragraph]


def read_package(path: str | Path, display: str | None = None) -> Package:
    """Open and parse an OpenDocument text package (one-line InputError if it
    is not one)."""
    shown = display or str(path)
    raw, package = open_package(path, shown, kind="ODT", what=_what_it_is)
    with package:
        names = set(package.namelist())
        if "word/document.xml" in names:
            raise InputError(f"{shown}: a Word document, not an OpenDocument text; name it .docx")
        if "mimetype" in names:
            mimetype = package.read("mimetype").decode("ascii", "replace").strip()
            if mimetype != MIMETYPE:
                raise InputError(f"{shown}: {_kind_of(mimetype)}")
        manifest = "META-INF/manifest.xml"
        if manifest in names and b"encryption-data" in package.read(manifest):
            raise InputError(f"{shown}: password-protected; not read")
        if "content.xml" not in names:
            raise InputError(f"{shown}: not an OpenDocument file (no content.xml)")
        roots: dict[str, Any] = {}
        for name in ("content.xml", "styles.xml"):
            if name not in names:
                continue
            if package.getinfo(name).file_size > MAX_XML:
                raise InputError(f"{shown}: {name} is too large")
            roots[name] = parse_part(shown, name, package.read(name))
        infos = package.infolist()
    body = roots["content.xml"].find(OFFICE + "body")
    if body is None or body.find(OFFICE + "text") is None:
        children = [] if body is None else [local(c.tag) for c in body]
        other = next((name for name in children if name), "")
        if other:
            raise InputError(f"{shown}: {_kind_of('application/vnd.oasis.opendocument.' + other)}")
        raise InputError(f"{shown}: not an OpenDocument text (no office:text in content.xml)")
    return Package(str(path), raw, infos, roots, paragraphs_of(roots))


def document_from_file(path: str | Path, display: str | None = None) -> Document:
    """The checked text of an ODT file: one line per paragraph."""
    return document_of(read_package(path, display).paragraphs, display or str(path), "odt")  # type: ignore[arg-type]


def to_document(path: str, text: str) -> Document:
    """Text already extracted from an ODT file (one paragraph per line)."""
    from ._mask import Masker

    masker = Masker(path, text, "odt")
    skip_addresses(masker)
    return masker.document()
