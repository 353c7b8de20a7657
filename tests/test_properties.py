"""Property-based tests of the engine (hypothesis) over arbitrary Unicode
text in every text format: combining marks, right-to-left scripts,
zero-width characters, NUL, very long words and lines, CRLF, astral
characters. For every generated document:

* checking never raises;
* every finding lies inside the text, slices out exactly its matched text,
  and its line and columns (code points and UTF-16) agree with its offsets;
* fixing changes only the reported spans, never the number of lines, and a
  second fix changes nothing.

CI runs the ``ci`` profile (a few hundred examples per format); a longer run
is ``HYPOTHESIS_PROFILE=long python3 -m pytest tests/test_properties.py``
(figures in docs/reliability.md).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termlint.config import default_config
from termlint.fixer import apply, plan
from termlint.formats import to_document

ENGINE = default_config().engine()

PHRASES = [
    "child pornography",
    "Child Pornography",
    "CHILD PORN",
    "kiddie porn",
    "child prostitute",
    "child sex tourism",
    "underage sex",
    "paedophile",
    "CSAM",
    "child sexual abuse material (CSAM)",
    "sex with a 14-year-old",
    "Child Pornography Prevention Act",
    'the term "child pornography"',
    "organisation",
    "organization",
]
ODD = [
    "\u0301",  # combining acute
    "e\u0301",
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\u0645\u0631\u062d\u0628\u0627",  # Arabic
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",
    "\u202e",  # right-to-left override
    "\x00",
    "\U0001f600",  # astral
    "\U0001d400",
    "\u0130",  # dotted capital I: lower case is two code points
    "\u00df",
    "\t",
    "\r\n",
    "\r",
    "\n\n",
    "\u2028",
    "\u201c",
    "\u201d",
    "\u2019",
    '"',
    "'",
    "*",
    "_",
    "`",
    "|",
    "<",
    ">",
    "{{",
    "}}",
    "[[",
    "]]",
    "\\",
    "%",
    "-",
    "\u00ad",
]

piece = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(ODD),
    st.text(min_size=1, max_size=12),
    st.integers(200, 3000).map(lambda n: "a" * n),  # a very long word
    st.integers(200, 3000).map(lambda n: "word " * n),  # a long line
)
separator = st.sampled_from([" ", " ", "\n", "\r\n", ". ", ", ", "\n\n", "-", "\t", ""])


@st.composite
def prose(draw) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for _ in range(draw(st.integers(0, 14))):
        parts.append(draw(piece))
        parts.append(draw(separator))
    return "".join(parts)


# Each format wraps prose in its own structure, so that masks are exercised.
WRAPPERS = {
    "text": lambda p, q: f"{p}\nhttps://example.org/{q}\n{q}",
    "markdown": lambda p, q: (
        f"---\ntitle: {q}\n---\n# {p}\n\n> {q}\n\n```\n{p}\n```\n[{q}]({p})\n<!-- {q} -->\n{p}"
    ),
    "html": lambda p, q: (
        f"<html><head><title>{q}</title></head><body><p>{p}</p><blockquote>{q}</blockquote><script>{p}</script><a href='{q}'>{p}</a></body></html>"
    ),
    "rst": lambda p, q: f"{q}\n====\n\n{p}\n\n.. code-block::\n\n   {q}\n\n{p} `link <{q}>`_\n",
    "latex": lambda p, q: (
        f"\\section{{{q}}}\n{p}\n\\begin{{quote}}{q}\\end{{quote}}\n% {p}\n\\verb|{q}| {p}"
    ),
    "wikitext": lambda p, q: (
        f"== {q} ==\n{p}\n{{{{cite book|title={q}}}}}\n<ref>{p}</ref>\n[[{q}|{p}]]\n"
    ),
}
SUFFIX = {
    "text": "txt",
    "markdown": "md",
    "html": "html",
    "rst": "rst",
    "latex": "tex",
    "wikitext": "wiki",
}

_BREAK = re.compile(r"\r\n|\r|\n")


def _position(text: str, offset: int) -> tuple[int, int, int]:
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    line = max(i for i, s in enumerate(starts) if s <= offset)
    before = text[starts[line] : offset]
    return line + 1, len(before) + 1, len(before.encode("utf-16-le")) // 2 + 1


def _check_invariants(fmt: str, text: str) -> None:
    doc = to_document(f"doc.{SUFFIX[fmt]}", text, fmt)
    assert doc.source == text
    assert len(doc.text) == len(text)  # masks keep every offset
    findings = ENGINE.check(doc, keep_suppressed=True)
    for f in findings:
        assert 0 <= f.offset < f.end_offset <= len(text)
        assert text[f.offset : f.end_offset] == f.text
        assert (f.line, f.column, f.column_utf16) == _position(text, f.offset)
        assert (f.end_line, f.end_column, f.end_column_utf16) == _position(text, f.end_offset)
    fixes = plan(doc, findings)
    fixed = apply(text, fixes)
    pos = out = 0
    for fix in sorted(fixes, key=lambda x: x.start):
        assert fixed[out : out + fix.start - pos] == text[pos : fix.start]
        out += fix.start - pos + len(fix.text)
        pos = fix.end
    assert fixed[out:] == text[pos:]
    assert len(_BREAK.findall(fixed)) == len(_BREAK.findall(text))
    again = to_document(f"doc.{SUFFIX[fmt]}", fixed, fmt)
    assert apply(fixed, plan(again, ENGINE.check(again))) == fixed


@pytest.mark.parametrize("fmt", sorted(WRAPPERS))
@given(p=prose(), q=prose())
def test_engine_invariants(fmt: str, p: str, q: str) -> None:
    _check_invariants(fmt, WRAPPERS[fmt](p, q))


@given(text=st.text(max_size=400))
def test_engine_invariants_on_raw_unicode(text: str) -> None:
    for fmt in sorted(WRAPPERS):
        _check_invariants(fmt, text)


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@given(paragraphs=st.lists(prose(), min_size=1, max_size=6))
def test_engine_invariants_in_docx(paragraphs: list[str]) -> None:
    # DOCX: paragraphs of arbitrary text, each split into runs; positions are
    # paragraph (line) and column, counted in the text termlint extracts.
    import tempfile
    import zipfile
    from pathlib import Path
    from xml.sax.saxutils import escape

    from termlint.formats.docx import document_from_file

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = ""
    for text in paragraphs:
        clean = _XML_ILLEGAL.sub("", text.replace("\r", "").replace("\n", " "))
        runs = [clean[i : i + 7] for i in range(0, len(clean), 7)] or [""]
        body += (
            "<w:p>"
            + "".join(f'<w:r><w:t xml:space="preserve">{escape(r)}</w:t></w:r>' for r in runs)
            + "</w:p>"
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.docx"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>")
        doc = document_from_file(path)
    text = doc.source
    assert len(doc.text) == len(text)
    for f in ENGINE.check(doc, keep_suppressed=True):
        assert 0 <= f.offset < f.end_offset <= len(text)
        assert text[f.offset : f.end_offset] == f.text
        assert (f.line, f.column, f.column_utf16) == _position(text, f.offset)
