"""Word documents for tests, built the way users' documents are: from the
template python-docx ships (styles, settings, theme, fonts, core properties),
with paragraphs given as WordprocessingML so that tests control runs,
revisions, hyperlinks and fields exactly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def _png() -> bytes:
    """A 4x4 grey PNG, for a picture in a document."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * 4 for _ in range(4))
    header = struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = _png()


def text_run(text: str, props: str = "", attrs: str = "") -> str:
    """A run of text: ``props`` is the inside of ``w:rPr`` (``<w:b/>``)."""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r {attrs}>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p {NS}>{ppr}{''.join(runs)}</w:p>"


def build(
    path: Path,
    paragraphs: list[str],
    *,
    header: str = "",
    comment_on: str = "",
    picture: bool = False,
    footnote: str = "",
) -> Path:
    """Save a .docx at ``path``: the template, the ``paragraphs`` (XML) as
    the body, optionally a header paragraph's text, an existing review
    comment by "A. Editor" on the first run whose text is ``comment_on``, a
    picture after the body, and a footnote (referenced from the last body
    paragraph)."""
    import docx
    from docx.oxml import parse_xml
    from docx.shared import Inches

    document = docx.Document()
    body = document.element.body
    for xml in paragraphs:
        body.insert(len(body) - 1, parse_xml(xml))
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if comment_on:
        target = next(r for p in document.paragraphs for r in p.runs if r.text == comment_on)
        document.add_comment(
            [target], text="Check this with legal.", author="A. Editor", initials="AE"
        )
    if picture:
        document.add_paragraph().add_run().add_picture(io.BytesIO(PNG), width=Inches(0.2))
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if footnote:
        data = _with_footnote(data, footnote)
    path.write_bytes(data)
    return path


def _with_footnote(data: bytes, text: str) -> bytes:
    """Add a footnotes part with one footnote, referenced from the end of the
    last body paragraph."""
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {NS}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>{text_run(" " + text)}</w:p></w:footnote>'
        "</w:footnotes>"
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info)
            if info.filename == "[Content_Types].xml":
                member = member.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif info.filename == "word/_rels/document.xml.rels":
                member = member.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            elif info.filename == "word/document.xml":
                last = member.rfind(b"</w:p>")
                member = (
                    member[:last] + b'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    b'<w:footnoteReference w:id="1"/></w:r>' + member[last:]
                )
            target.writestr(info, member)
        target.writestr("word/footnotes.xml", notes)
    return out.getvalue()


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def accept_all(xml: bytes) -> bytes:
    """What Word's "Accept All Changes" does to a part: deletions go, insertions
    stay (for structural checks; the real word processor is LibreOffice in
    tests/test_review_libreoffice.py)."""
    from lxml import etree

    root = etree.fromstring(xml)
    for deletion in list(root.iter(W + "del")):
        if deletion.getparent().tag != W + "rPr":
            deletion.getparent().remove(deletion)
    for insertion in list(root.iter(W + "ins")):
        parent = insertion.getparent()
        if parent.tag == W + "rPr":
            continue
        index = parent.index(insertion)
        for child in list(insertion):
            parent.insert(index, child)
            index += 1
        parent.remove(insertion)
    return etree.tostring(root)


def body_texts(xml: bytes) -> list[str]:
    """The text of each body paragraph (w:t only, as shown once accepted)."""
    from lxml import etree

    root = etree.fromstring(xml)
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]
