"""The reviewed copy of a Word document.

The package is read again with the paragraphs :mod:`termlint.formats.docx`
checked, so that every offset of a finding or a fix is a character of one
paragraph. Then, paragraph by paragraph:

1. each comment's words are made whole runs (a run is split where a span
   starts or ends inside it; the halves keep the run's properties), a
   ``w:commentRangeStart`` goes before them and a ``w:commentRangeEnd`` and a
   ``w:commentReference`` run after them; the comment itself goes into
   ``word/comments.xml`` (created, with its relationship and content type,
   when the document has none);
2. each fix's words are made whole runs the same way, each such run is moved
   into a ``w:del`` (its ``w:t`` become ``w:delText``), and a ``w:ins`` with
   one new run follows, in the properties of the first deleted run.

A phrase Word split over several runs (spelling marks, revision ids,
formatting) is therefore deleted run by run and inserted once. A fix is left
as a comment only (reported in :attr:`Written.skipped`) when its words hold
something other than text (an image, a field mark, a footnote reference) or
lie in a review comment (termlint does not edit other reviewers' comments).
Comments on words in a footnote or endnote are anchored on the note's number
in the body, those on words in a header or footer (where Word has no
comments) at the start of the body; both quote the words and say where they
are. (Word accepts comments inside notes, LibreOffice does not open a
document that has them.)

Parts that need no change are copied byte for byte; changed parts are
serialised by lxml with their namespace declarations as they were.
"""

from __future__ import annotations

import copy
import io
import zipfile
from typing import Any

from ..document import Document
from ..errors import InputError
from ..fixer import Fix
from ..formats.docx import Package, Paragraph, W, paragraph_chars, parse_part, read_package
from . import Note, Plan, ReviewOptions, Written, paragraph_starts

_XML = "{http://www.w3.org/XML/1998/namespace}"
_COMMENTS = "word/comments.xml"
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: What a run may hold besides its properties and still be edited as text.
_TEXT_CONTENT = {W + "t", W + "tab", W + "br", W + "cr", W + "lastRenderedPageBreak"}


class _Skip(Exception):
    """A fix that cannot be a tracked change here (the reason is the message)."""


def _el(parent_like: Any, tag: str, attrib: dict[str, str] | None = None) -> Any:
    return parent_like.makeelement(tag, attrib or {})


def _set_text(t: Any, value: str) -> None:
    t.text = value
    if value != value.strip() or "  " in value:
        t.set(_XML + "space", "preserve")


class _Editor:
    """Edits one paragraph: splits runs so that spans are whole runs."""

    def __init__(self, para: Paragraph) -> None:
        self.p = para.element

    def _chars(self) -> list[tuple[Any, int]]:
        return paragraph_chars(self.p)[1]

    def split_before(self, i: int) -> None:
        """Make character ``i`` the first content of its run."""
        chars = self._chars()
        if i <= 0 or i >= len(chars):
            return
        el, k = chars[i]
        run = el.getparent()
        if run is None or run.tag != W + "r":
            raise _Skip("the words are not in an ordinary run of text")
        if k > 0:  # split the w:t itself
            second = _el(el, W + "t")
            _set_text(second, (el.text or "")[k:])
            _set_text(el, (el.text or "")[:k])
            el.addnext(second)
            el = second
        content = [c for c in run if c.tag != W + "rPr"]
        if content and content[0] is el:
            return
        twin = _el(run, run.tag, dict(run.attrib))
        props = run.find(W + "rPr")
        if props is not None:
            twin.append(copy.deepcopy(props))
        moving = [el, *el.itersiblings()]
        run.addnext(twin)
        for child in moving:
            twin.append(child)

    def runs(self, start: int, end: int) -> list[Any]:
        """The runs that hold exactly characters ``[start, end)``, in order."""
        self.split_before(start)
        self.split_before(end)
        chars = self._chars()
        out: list[Any] = []
        for el, _ in chars[start:end]:
            run = el.getparent()
            if not out or out[-1] is not run:
                out.append(run)
        return out


class _Writer:
    def __init__(self, package: Package, options: ReviewOptions) -> None:
        self.package = package
        self.options = options
        self.changed: set[str] = set()
        self.next_id = self._max_id() + 1
        self.comments: Any = package.roots.get(_COMMENTS)
        self.new_comments = self.comments is None
        self.body_start: list[tuple[int, list[str]]] = []  # comments anchored at the start

    def _max_id(self) -> int:
        top = 0
        for root in self.package.roots.values():
            for el in root.iter():
                value = el.get(W + "id") if isinstance(el.tag, str) else None
                if value is not None and value.lstrip("-").isdigit():
                    top = max(top, int(value))
        return top

    def _id(self) -> str:
        value = str(self.next_id)
        self.next_id += 1
        return value

    def _change(self, tag: str, like: Any) -> Any:
        return _el(
            like,
            tag,
            {
                W + "id": self._id(),
                W + "author": self.options.author,
                W + "date": self.options.date,
            },
        )

    # ------------------------------------------------------------ comments

    def _comment(self, paragraphs: list[str]) -> str:
        if self.comments is None:
            from lxml import etree

            self.comments = etree.Element(W + "comments", nsmap={"w": W[1:-1]})
        cid = self._id()
        comment = _el(
            self.comments,
            W + "comment",
            {
                W + "id": cid,
                W + "author": self.options.author,
                W + "date": self.options.date,
                W + "initials": self.options.initials,
            },
        )
        for n, text in enumerate(paragraphs):
            p = _el(comment, W + "p")
            if n == 0:
                ref = _el(p, W + "r")
                ref.append(_el(ref, W + "annotationRef"))
                p.append(ref)
            run = _el(p, W + "r")
            t = _el(run, W + "t")
            _set_text(t, text)
            run.append(t)
            p.append(run)
            comment.append(p)
        self.comments.append(comment)
        self.changed.add(_COMMENTS)
        return cid

    def _marks(self, like: Any, cid: str) -> tuple[Any, Any, Any]:
        start = _el(like, W + "commentRangeStart", {W + "id": cid})
        end = _el(like, W + "commentRangeEnd", {W + "id": cid})
        ref = _el(like, W + "r")
        ref.append(_el(ref, W + "commentReference", {W + "id": cid}))
        return start, end, ref

    def anchor(self, para: Paragraph, start: int, end: int, paragraphs: list[str]) -> None:
        """A comment on characters ``[start, end)`` of ``para``."""
        cid = self._comment(paragraphs)
        first, last, ref = self._marks(para.element, cid)
        editor = _Editor(para)
        runs = editor.runs(start, end) if end > start else []
        if runs:
            runs[0].addprevious(first)
            runs[-1].addnext(last)
        else:  # an empty span: at the start of the paragraph's content
            props = para.element.find(W + "pPr")
            if props is not None:
                props.addnext(first)
            else:
                para.element.insert(0, first)
            first.addnext(last)
        last.addnext(ref)
        self.changed.add(para.part)

    def anchor_on_reference(self, para: Paragraph, paragraphs: list[str]) -> bool:
        """A comment on the number in the body that refers to the footnote or
        endnote holding ``para`` (word processors differ on comments inside
        notes: LibreOffice does not open them); False if there is none."""
        note = next(
            (a for a in para.element.iterancestors() if a.tag in (W + "footnote", W + "endnote")),
            None,
        )
        body = self.package.roots.get("word/document.xml")
        if note is None or body is None:
            return False
        tag = W + ("footnoteReference" if note.tag == W + "footnote" else "endnoteReference")
        ref_mark = next((r for r in body.iter(tag) if r.get(W + "id") == note.get(W + "id")), None)
        run = ref_mark.getparent() if ref_mark is not None else None
        if run is None or run.tag != W + "r":
            return False
        cid = self._comment(paragraphs)
        first, last, ref = self._marks(run, cid)
        run.addprevious(first)
        run.addnext(last)
        last.addnext(ref)
        self.changed.add("word/document.xml")
        return True

    # ------------------------------------------------------------ changes

    def track(self, para: Paragraph, start: int, end: int, new: str) -> None:
        """A tracked change: characters ``[start, end)`` of ``para`` become ``new``."""
        editor = _Editor(para)
        runs = editor.runs(start, end) if end > start else []
        for run in runs:
            if any(c.tag not in _TEXT_CONTENT for c in run if c.tag != W + "rPr"):
                raise _Skip("something other than text (an image, a field, a note) is in the words")
        if runs:
            like = runs[0]
            groups: list[list[Any]] = []
            for run in runs:
                if groups and groups[-1][-1].getnext() is run:
                    groups[-1].append(run)
                else:
                    groups.append([run])
            after = None
            for group in groups:
                deletion = self._change(W + "del", group[0])
                group[0].addprevious(deletion)
                for run in group:
                    deletion.append(run)
                    for t in run.iter(W + "t"):
                        t.tag = W + "delText"
                after = deletion
        else:  # a pure insertion
            editor.split_before(start)
            chars = editor._chars()
            if start < len(chars):
                like = chars[start][0].getparent()
                after = None
            elif chars:
                like = after = chars[-1][0].getparent()
            else:
                like, after = para.element, None
        if new:
            insertion = self._change(W + "ins", like)
            run = _el(insertion, W + "r")
            props = like.find(W + "rPr") if like.tag == W + "r" else None
            if props is not None:
                run.append(copy.deepcopy(props))
            t = _el(run, W + "t")
            _set_text(t, new)
            run.append(t)
            insertion.append(run)
            if after is not None:
                after.addnext(insertion)
            elif like.tag == W + "r":
                like.addprevious(insertion)
            else:
                like.append(insertion)
        self.changed.add(para.part)

    # ------------------------------------------------------------ the package

    def _relate_comments(self, members: dict[str, bytes], shown: str) -> None:
        """The content type and relationship a new comments part needs."""
        if "[Content_Types].xml" not in members:
            raise InputError(f"{shown}: not a valid Word package (no [Content_Types].xml)")
        types = parse_part(shown, "[Content_Types].xml", members["[Content_Types].xml"])
        if not any(o.get("PartName") == "/" + _COMMENTS for o in types.iter(_CT + "Override")):
            types.append(
                _el(
                    types,
                    _CT + "Override",
                    {"PartName": "/" + _COMMENTS, "ContentType": _COMMENTS_TYPE},
                )
            )
            members["[Content_Types].xml"] = _serialise(types)
        rels_name = "word/_rels/document.xml.rels"
        rels = parse_part(
            shown,
            rels_name,
            members.get(rels_name)
            or b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
        )
        if not any(r.get("Type") == _COMMENTS_REL for r in rels.iter(_REL + "Relationship")):
            taken = {r.get("Id") for r in rels.iter(_REL + "Relationship")}
            n = 1
            while f"rId{n}" in taken:
                n += 1
            rels.append(
                _el(
                    rels,
                    _REL + "Relationship",
                    {"Id": f"rId{n}", "Type": _COMMENTS_REL, "Target": "comments.xml"},
                )
            )
            members[rels_name] = _serialise(rels)


def _serialise(root: Any) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # type: ignore[no-any-return]


def _where(para: Paragraph, start: int, end: int) -> str:
    words = " ".join(para.text[start:end].split())
    return f"In {para.kind} paragraph {para.number}, “{words}”:"


def write(path: str, display: str, doc: Document, review: Plan, options: ReviewOptions) -> Written:
    """The reviewed copy of the Word document at ``path`` (see the module)."""
    package = read_package(path, display)
    paragraphs = package.paragraphs
    starts = paragraph_starts([p.text for p in paragraphs], doc, display)

    def locate(start: int, end: int) -> tuple[int, int, int] | None:
        """(paragraph index, start, end) within one paragraph, or None."""
        line = doc.index.position(start)[0] - 1
        if line >= len(paragraphs):
            return None
        base = starts[line]
        return line, start - base, min(end - base, len(paragraphs[line].text))

    writer = _Writer(package, options)
    written = Written(b"", original=package.raw)
    by_paragraph: dict[int, tuple[list[Note], list[Fix]]] = {}
    for note in review.notes:
        where = locate(note.start, note.end)
        if where is not None:
            by_paragraph.setdefault(where[0], ([], []))[0].append(note)
    for fix in review.changes:
        where = locate(fix.start, fix.end)
        if where is None or fix.end - starts[where[0]] > len(paragraphs[where[0]].text):
            written.skipped.append((fix, "the words cross a paragraph break"))
            continue
        by_paragraph.setdefault(where[0], ([], []))[1].append(fix)

    first_body = next((p for p in paragraphs if p.kind == "body"), None)
    for index in sorted(by_paragraph):
        para = paragraphs[index]
        notes, fixes = by_paragraph[index]
        base = starts[index]
        for note in notes:
            start, end = note.start - base, min(note.end - base, len(para.text))
            where = [_where(para, start, end), *note.paragraphs]
            if para.kind in ("footnote", "endnote") and writer.anchor_on_reference(para, where):
                written.comments += 1
                continue
            if para.kind != "body" and first_body is not None:
                writer.body_start.append((index, where))
                continue
            try:
                writer.anchor(para, start, end, note.paragraphs)
            except _Skip:
                writer.anchor(para, 0, 0, [_where(para, start, end), *note.paragraphs])
            written.comments += 1
        # right to left: a tracked change changes the text Word shows
        # (deleted words leave it, inserted ones join it), never what is before it
        for fix in sorted(fixes, key=lambda f: f.start, reverse=True):
            if para.kind == "comment":
                written.skipped.append((fix, "the words are in a review comment"))
                continue
            try:
                writer.track(para, fix.start - base, fix.end - base, fix.text)
            except _Skip as exc:
                written.skipped.append((fix, str(exc)))
                continue
            written.changes += 1
    if first_body is not None:
        for _, paragraphs_text in reversed(writer.body_start):
            writer.anchor(first_body, 0, 0, paragraphs_text)
            written.comments += 1

    members: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(package.raw)) as source:
        for info in source.infolist():
            members[info.filename] = source.read(info)
        for name in writer.changed:
            if name != _COMMENTS:
                members[name] = _serialise(package.roots[name])
        if writer.comments is not None and _COMMENTS in writer.changed:
            members[_COMMENTS] = _serialise(writer.comments)
            if writer.new_comments:
                writer._relate_comments(members, display)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            names = [info.filename for info in source.infolist()]
            for info in source.infolist():
                copy_info = zipfile.ZipInfo(info.filename, info.date_time)
                copy_info.compress_type = info.compress_type
                copy_info.external_attr = info.external_attr
                copy_info.create_system = info.create_system
                target.writestr(copy_info, members[info.filename])
            for name in members:
                if name not in names:
                    new_info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
                    new_info.compress_type = zipfile.ZIP_DEFLATED
                    target.writestr(new_info, members[name])
    written.data = out.getvalue()
    return written
