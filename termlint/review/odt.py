"""The reviewed copy of an OpenDocument text.

The package is read again with the paragraphs :mod:`termlint.formats.odt`
checked, so that every offset of a finding or a fix is a character of one
paragraph, and each character is known by the text node it lives in
(an element's ``text`` or ``tail``) or the element it is (``text:s``,
``text:tab``). Then, paragraph by paragraph, as LibreOffice writes them:

* a **comment** is an ``office:annotation`` (author, date, initials, one
  ``text:p`` per paragraph of the comment) before its first word and an
  ``office:annotation-end`` of the same name after its last: a ranged comment;
* a **tracked change** is a deletion and an insertion. The deleted words
  leave the paragraph for a ``text:changed-region`` of the
  ``text:tracked-changes`` at the start of ``office:text`` (made when the
  document has none), in a ``text:p`` that keeps their spans, so that
  rejecting the change brings them back as they were; a ``text:change`` mark
  is left where they were. The new words follow between a
  ``text:change-start`` and a ``text:change-end``, in the span of the first
  deleted word (so in its formatting). Spaces LibreOffice would collapse are
  written as ``text:s``.

Text nodes are cut where the words start and end; nothing crosses a
paragraph. A fix is left as a comment only (reported in
:attr:`Written.skipped`) when its words hold something other than text (a
note, a comment, a frame, a field), lie in another tracked change, in a
header or footer (``styles.xml`` is left as it is) or in a review comment.
Comments on words in a header, a footer or a comment are anchored at the
start of the body and quote the words. Each paragraph is read again once
changed: if it does not read as the fixes say (white space LibreOffice would
collapse), it is put back and its fixes are left as comments.

Every member of the package but ``content.xml`` keeps its bytes; the
``mimetype`` member stays first and stored.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..fixer import Fix
from ..formats.odt import (
    OFFICE,
    OFFICE_NS,
    POINTS,
    TEXT,
    TEXT_NS,
    Package,
    Paragraph,
    flow,
    local,
    read_package,
    space_text,
)
from . import Note, Plan, ReviewOptions, Written, paragraph_starts

DC_NS = "http://purl.org/dc/elements/1.1/"
META_NS = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
DC = f"{{{DC_NS}}}"
META = f"{{{META_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_PREFIXES = {OFFICE_NS: "office", TEXT_NS: "text", DC_NS: "dc", META_NS: "meta"}
_CHANGE_MARKS = {TEXT + "change", TEXT + "change-start", TEXT + "change-end"}

# ranks of what goes at one point of a text node, in order
_END, _START, _CHANGE, _END_AFTER = 0, 1, 2, 3


class _Skip(Exception):
    """A fix that cannot be a tracked change here (the reason is the message)."""


def _new(tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> Any:
    """A new element that declares the namespaces it uses (a declaration the
    place it is put already has is dropped when it is put there)."""
    from lxml import etree

    attrib = attrib or {}
    nsmap = {}
    for name in (tag, *attrib):
        uri = name[1:].split("}", 1)[0] if name.startswith("{") else ""
        if uri in _PREFIXES:
            nsmap[_PREFIXES[uri]] = uri
    el = etree.Element(tag, attrib, nsmap=nsmap)
    el.text = text
    return el


def _child(parent: Any, tag: str, attrib: dict[str, str] | None = None, text: str = "") -> Any:
    el = _new(tag, attrib, text or None)
    parent.append(el)
    return el


def encode(text: str, *, edges: bool = True) -> list[Any]:
    """``text`` as ODF paragraph content: strings and ``text:s``,
    ``text:tab``, ``text:line-break`` elements, so that LibreOffice shows
    exactly ``text`` wherever it goes. A space is written as ``text:s`` when
    it follows another, and (``edges``) when it is the first or the last
    character: the text around may end or start with a space."""
    out: list[Any] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == " ":
            j = i
            while j < len(text) and text[j] == " ":
                j += 1
            count = j - i
            literal = 0 if edges and (i == 0 or j == len(text)) else 1
            if literal:
                _add_str(out, " ")
            if count - literal:
                out.append(
                    _new(
                        TEXT + "s",
                        {TEXT + "c": str(count - literal)} if count - literal > 1 else {},
                    )
                )
            i = j
            continue
        if ch == "\t":
            out.append(_new(TEXT + "tab"))
        elif ch in "\r\n":
            out.append(_new(TEXT + "line-break"))
        else:
            _add_str(out, ch)
        i += 1
    return out


def _add_str(out: list[Any], value: str) -> None:
    if out and isinstance(out[-1], str):
        out[-1] += value
    else:
        out.append(value)


@dataclass
class _NodeEdit:
    """What happens to one text node (an element's ``text`` or ``tail``)."""

    el: Any
    slot: str  # "text" or "tail"
    deleted: set[int] = field(default_factory=set)
    #: (index, rank, order, tokens): tokens go before character ``index``.
    inserts: list[tuple[int, int, int, list[Any]]] = field(default_factory=list)


class _Edit:
    """The edits of one paragraph, worked out on its characters as read and
    then made all at once (so that every position stays the one read)."""

    def __init__(self, para: Paragraph) -> None:
        self.para = para
        self.p = para.element
        self.chars = para.chars
        self.nodes: dict[tuple[Any, str], _NodeEdit] = {}
        self.spaces_deleted: dict[Any, int] = {}
        self.order = 0

    def _node(self, el: Any, slot: str) -> _NodeEdit:
        key = (el, slot)
        if key not in self.nodes:
            self.nodes[key] = _NodeEdit(el, slot)
        return self.nodes[key]

    def before(self, i: int) -> tuple[Any, str, int]:
        """The point just before character ``i`` (its text node and index)."""
        if not self.chars:
            return self.p, "text", len(self.p.text or "")
        if i >= len(self.chars):
            return self.after(len(self.chars) - 1)
        el, slot, k = self.chars[i]
        if slot != "self":
            return el, slot, k
        previous = el.getprevious()
        if previous is not None:
            return previous, "tail", len(previous.tail or "")
        parent = el.getparent()
        return parent, "text", len(parent.text or "")

    def after(self, i: int) -> tuple[Any, str, int]:
        """The point just after character ``i``."""
        if i < 0:
            return self.before(0)
        el, slot, k = self.chars[i]
        if slot == "self":
            return el, "tail", 0
        return el, slot, k + 1

    def insert(self, point: tuple[Any, str, int], rank: int, tokens: list[Any]) -> None:
        el, slot, k = point
        self.order += 1
        self._node(el, slot).inserts.append((k, rank, self.order, tokens))

    def delete(self, start: int, end: int) -> None:
        """Characters ``[start, end)`` leave the paragraph."""
        last: tuple[Any, str, int] | None = None
        for el, slot, k in self.chars[start:end]:
            if slot == "self":
                self.spaces_deleted[el] = self.spaces_deleted.get(el, 0) + 1
                last = None
                continue
            node = self._node(el, slot)
            if last is not None and last[0] is el and last[1] == slot:
                node.deleted.update(range(last[2] + 1, k))  # white space ODF collapses
            node.deleted.add(k)
            last = (el, slot, k)

    def apply(self) -> None:
        for node in self.nodes.values():
            _apply_node(node)
        for el, count in self.spaces_deleted.items():
            left = len(space_text(el)) - count
            if el.tag == TEXT + "s" and left > 0:
                if left > 1:
                    el.set(TEXT + "c", str(left))
                else:
                    el.attrib.pop(TEXT + "c", None)
            else:
                _remove(el)


def _apply_node(node: _NodeEdit) -> None:
    value = (node.el.text if node.slot == "text" else node.el.tail) or ""
    inserts = sorted(node.inserts, key=lambda x: (x[0], x[1], x[2]))
    tokens: list[Any] = []
    n = 0
    for i in range(len(value) + 1):
        while n < len(inserts) and inserts[n][0] <= i:
            for token in inserts[n][3]:
                if isinstance(token, str):
                    _add_str(tokens, token)
                else:
                    tokens.append(token)
            n += 1
        if i < len(value) and i not in node.deleted:
            _add_str(tokens, value[i])
    lead = tokens.pop(0) if tokens and isinstance(tokens[0], str) else ""
    elements: list[Any] = []
    for token in tokens:
        if isinstance(token, str):
            elements[-1].tail = (elements[-1].tail or "") + token
        else:
            elements.append(token)
    if node.slot == "text":
        node.el.text = lead or None
        for index, el in enumerate(elements):
            node.el.insert(index, el)
    else:
        node.el.tail = lead or None
        anchor = node.el
        for el in elements:
            tail = el.tail
            anchor.addnext(el)
            el.tail = tail
            anchor = el


def _remove(el: Any) -> None:
    """Remove ``el``, keeping the text that follows it."""
    parent = el.getparent()
    tail = el.tail or ""
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail or None
    else:
        parent.text = (parent.text or "") + tail or None
    parent.remove(el)


class _Writer:
    def __init__(self, package: Package, options: ReviewOptions) -> None:
        self.package = package
        self.options = options
        self.content = package.roots["content.xml"]
        self.office_text = self.content.find(f"{OFFICE}body/{OFFICE}text")
        self.tracked: Any = self.office_text.find(TEXT + "tracked-changes")
        taken: set[str] = set()
        for root in package.roots.values():
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                for attr in (TEXT + "id", XML_ID, TEXT + "change-id", OFFICE + "name"):
                    value = el.get(attr)
                    if value:
                        taken.add(value)
        self.taken = taken
        self.next = 1
        #: The ids given, in order (a trial gives them back).
        self.given: list[str] = []

    def _id(self, prefix: str) -> str:
        while f"{prefix}{self.next}" in self.taken:
            self.next += 1
        value = f"{prefix}{self.next}"
        self.taken.add(value)
        self.given.append(value)
        return value

    def give_back(self, count: int, next_number: int) -> None:
        """Forget the ids given after the first ``count``."""
        self.taken.difference_update(self.given[count:])
        del self.given[count:]
        self.next = next_number

    def _info(self, parent: Any) -> None:
        info = _child(parent, OFFICE + "change-info")
        _child(info, DC + "creator", text=self.options.author)
        _child(info, DC + "date", text=self.options.date)

    def region(self, kind: str, deleted: Any = None) -> tuple[Any, str]:
        """A ``text:changed-region`` for a deletion (of the ``text:p``
        ``deleted``) or an insertion, and its id."""
        cid = self._id("ct")
        region = _new(TEXT + "changed-region", {XML_ID: cid, TEXT + "id": cid})
        change = _child(region, TEXT + kind)
        self._info(change)
        if deleted is not None:
            change.append(deleted)
        return region, cid

    def keep(self, regions: list[Any]) -> None:
        """Add ``regions`` to the document's tracked changes."""
        if not regions:
            return
        if self.tracked is None:
            self.tracked = _new(TEXT + "tracked-changes", {TEXT + "track-changes": "false"})
            # after the forms, if any: the first of the prelude (ODF 1.2, 3.4)
            at = 0
            while at < len(self.office_text) and self.office_text[at].tag == OFFICE + "forms":
                at += 1
            self.office_text.insert(at, self.tracked)
        for region in regions:
            self.tracked.append(region)

    def annotation(self, paragraphs: list[str], name: str | None) -> Any:
        attrib = {OFFICE + "name": name} if name else {}
        note = _new(OFFICE + "annotation", attrib)
        _child(note, DC + "creator", text=self.options.author)
        _child(note, DC + "date", text=self.options.date)
        if self.options.initials:
            _child(note, META + "creator-initials", text=self.options.initials)
        for text in paragraphs:
            p = _child(note, TEXT + "p")
            tokens = encode(text)
            p.text = tokens.pop(0) if tokens and isinstance(tokens[0], str) else None
            for token in tokens:
                if isinstance(token, str):
                    p[-1].tail = token
                else:
                    p.append(token)
        return note


def _deleted_paragraph(para: Paragraph, start: int, end: int) -> Any:
    """A ``text:p`` holding characters ``[start, end)`` of ``para`` in the
    spans (and links) they are in, for the deletion's region."""
    style = para.element.get(TEXT + "style-name")
    out = _new(TEXT + "p", {TEXT + "style-name": style} if style else {})
    # the open copies of containers: (original, copy), outermost first
    stack: list[tuple[Any, Any]] = []
    text = para.text[start:end]
    for n, (el, slot, _) in enumerate(para.chars[start:end]):
        holder = el if slot == "text" else el.getparent()
        chain: list[Any] = []
        while holder is not None and holder is not para.element:
            chain.append(holder)
            holder = holder.getparent()
        chain.reverse()
        depth = 0
        while depth < len(stack) and depth < len(chain) and stack[depth][0] is chain[depth]:
            depth += 1
        del stack[depth:]
        for container in chain[depth:]:
            twin = _new(container.tag, dict(container.attrib))
            (stack[-1][1] if stack else out).append(twin)
            stack.append((container, twin))
        target = stack[-1][1] if stack else out
        ch = text[n]
        if slot == "self":
            token: Any = _new(el.tag) if el.tag != TEXT + "s" else _new(TEXT + "s")
        elif ch == " " and (n == 0 or n == len(text) - 1 or text[n - 1] == " "):
            token = _new(TEXT + "s")
        else:
            token = ch
        if isinstance(token, str):
            if len(target):
                target[-1].tail = (target[-1].tail or "") + token
            else:
                target.text = (target.text or "") + token
        else:
            target.append(token)
    return out


def _where(para: Paragraph, start: int, end: int) -> str:
    words = " ".join(para.text[start:end].split())
    return f"In {para.kind} paragraph {para.number}, “{words}”:"


def _obstacle(para: Paragraph, marks: list[tuple[int, Any]], start: int, end: int) -> str | None:
    """Why characters ``[start, end)`` of ``para`` cannot be a tracked change,
    or None."""
    if para.kind in ("header", "footer"):
        return "the words are in a header or footer (styles.xml is not rewritten)"
    if para.kind == "comment":
        return "the words are in a review comment"
    if any(s < max(end, start + 1) and start < e for s, e in para.generated):
        return "the words are generated text (a field)"
    inserted: dict[str, int] = {}
    for k, el in marks:
        tag = el.tag
        if tag == TEXT + "change-start":
            inserted[el.get(TEXT + "change-id") or ""] = k
        elif tag == TEXT + "change-end":
            begun = inserted.pop(el.get(TEXT + "change-id") or "", None)
            if begun is not None and (
                max(begun, start) < min(k, end) or (start == end and begun < start < k)
            ):
                return "the words are in another tracked change"
        if not start < k < end:
            continue
        if tag in _CHANGE_MARKS:
            return "the words are in another tracked change"
        if tag == TEXT + "note":
            return "a footnote or endnote is between the words"
        if tag == OFFICE + "annotation":
            return "a comment is between the words"
        if tag in POINTS and tag != TEXT + "ruby-text":
            continue  # a bookmark, an index mark, the end of a comment
        if not tag.startswith(TEXT):
            return "a frame or a drawing is between the words"
        return f"a field ({local(tag)}) is between the words"
    return None


def write(path: str, display: str, doc: Document, review: Plan, options: ReviewOptions) -> Written:
    """The reviewed copy of the OpenDocument text at ``path`` (see the module)."""
    package = read_package(path, display)
    paragraphs = package.paragraphs
    starts = paragraph_starts([p.text for p in paragraphs], doc, display)

    def line_of(start: int) -> int | None:
        line = doc.index.position(start)[0] - 1
        return line if 0 <= line < len(paragraphs) else None

    writer = _Writer(package, options)
    written = Written(b"", original=package.raw)
    by_paragraph: dict[int, tuple[list[Note], list[Fix]]] = {}
    for note in review.notes:
        line = line_of(note.start)
        if line is not None:
            by_paragraph.setdefault(line, ([], []))[0].append(note)
    for fix in review.changes:
        line = line_of(fix.start)
        if line is None or fix.end - starts[line] > len(paragraphs[line].text):
            written.skipped.append((fix, "the words cross a paragraph break"))
            continue
        by_paragraph.setdefault(line, ([], []))[1].append(fix)

    # comments that cannot be on their words go at the start of the body (not
    # in a table of contents, which LibreOffice rebuilds)
    first_body = next((p for p in paragraphs if p.kind == "body" and not p.indexed), None)
    at_body_start: list[list[str]] = []
    for index in sorted(by_paragraph):
        para = paragraphs[index]
        notes, fixes = by_paragraph[index]
        base = starts[index]
        spans = [(n.start - base, min(n.end - base, len(para.text)), n.paragraphs) for n in notes]
        if para.kind in ("header", "footer", "comment"):
            at_body_start += [[_where(para, s, e), *text] for s, e, text in spans]
            spans = []
        marks = flow(para.element).marks
        changes: list[tuple[Fix, int, int]] = []
        for fix in fixes:
            start, end = fix.start - base, fix.end - base
            reason = _obstacle(para, marks, start, end)
            if reason is not None:
                written.skipped.append((fix, reason))
            else:
                changes.append((fix, start, end))
        if changes and not _reads_as_fixed(writer, para, changes):
            # LibreOffice would not show the fixed text (white space it
            # collapses): the fixes that do not read as they say are left as
            # comments, one by one
            kept: list[tuple[Fix, int, int]] = []
            for change in changes:
                if _reads_as_fixed(writer, para, [*kept, change]):
                    kept.append(change)
                else:
                    written.skipped.append(
                        (change[0], "the white space around the words would not survive the change")
                    )
            changes = kept
        if not spans and not changes:
            continue
        regions = _edit(writer, para, spans, changes)
        writer.keep(regions)
        written.changes += len(changes)
        written.comments += len(spans)
    if first_body is not None and at_body_start:
        first = _reread(first_body, first_body.element)
        _edit(writer, first, [(0, 0, text) for text in at_body_start], [], point=True)
        written.comments += len(at_body_start)

    written.data = _package(package, writer.content)
    return written


def _reread(para: Paragraph, element: Any) -> Paragraph:
    read = flow(element)
    return Paragraph(
        para.part,
        para.kind,
        para.number,
        element,
        "".join(read.text),
        read.chars,
        para.quoted,
        para.generated,
        para.indexed,
    )


def _reads_as_fixed(writer: _Writer, para: Paragraph, changes: list[tuple[Fix, int, int]]) -> bool:
    """Whether ``para`` reads as the fixes say once they are made (tried on a copy)."""
    trial = _reread(para, copy.deepcopy(para.element))
    if trial.text != para.text:
        return False
    given, next_number = len(writer.given), writer.next
    _edit(writer, trial, [], changes)
    writer.give_back(given, next_number)
    expected = _accepted(para.text, [(s, e, f.text) for f, s, e in changes])
    return "".join(flow(trial.element).text) == expected


def _accepted(text: str, changes: list[tuple[int, int, str]]) -> str:
    out: list[str] = []
    last = 0
    for start, end, new in sorted(changes):
        out += [text[last:start], new]
        last = end
    out.append(text[last:])
    return "".join(out)


def _edit(
    writer: _Writer,
    para: Paragraph,
    spans: list[tuple[int, int, list[str]]],
    changes: list[tuple[Fix, int, int]],
    *,
    point: bool = False,
) -> list[Any]:
    """Comment ``spans`` and make ``changes`` in ``para``; the regions of the
    changes (to add to the tracked changes). ``point``: the comments are
    anchored at a point, not on words."""
    edit = _Edit(para)
    regions: list[Any] = []
    pure = {start for _, start, end in changes if start == end}
    for start, end, text in spans:
        # a comment that starts or ends inside a fix's words covers the fix
        for _, a, b in changes:
            if a < start < b:
                start = a
            if a < end < b:
                end = b
        if point or end <= start:
            edit.insert(edit.before(start), _START, [writer.annotation(text, None)])
            continue
        name = writer._id("__Annotation__termlint_")
        edit.insert(edit.before(start), _START, [writer.annotation(text, name)])
        rank = _END_AFTER if end in pure and start < end else _END
        edit.insert(
            edit.after(end - 1), rank, [_new(OFFICE + "annotation-end", {OFFICE + "name": name})]
        )
    for fix, start, end in changes:
        tokens: list[Any] = []
        if end > start:
            region, cid = writer.region("deletion", _deleted_paragraph(para, start, end))
            regions.append(region)
            tokens.append(_new(TEXT + "change", {TEXT + "change-id": cid}))
            edit.delete(start, end)
            point_at = edit.before(start)
        else:
            point_at = edit.after(start - 1) if start > 0 else edit.before(0)
        if fix.text:
            region, cid = writer.region("insertion")
            regions.append(region)
            tokens.append(_new(TEXT + "change-start", {TEXT + "change-id": cid}))
            tokens += encode(fix.text)
            tokens.append(_new(TEXT + "change-end", {TEXT + "change-id": cid}))
        edit.insert(point_at, _CHANGE, tokens)
    edit.apply()
    return regions


def _package(package: Package, content: Any) -> bytes:
    """The package with ``content`` as its ``content.xml``, every other member
    as it was; ``mimetype`` first and stored."""
    from lxml import etree

    data = etree.tostring(content, xml_declaration=True, encoding="UTF-8")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package.raw)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        infos = source.infolist()
        infos.sort(key=lambda info: info.filename != "mimetype")  # stable: the rest keep order
        for info in infos:
            member = zipfile.ZipInfo(info.filename, info.date_time)
            member.compress_type = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else info.compress_type
            )
            member.external_attr = info.external_attr
            member.create_system = info.create_system
            target.writestr(member, data if info.filename == "content.xml" else source.read(info))
    return out.getvalue()
