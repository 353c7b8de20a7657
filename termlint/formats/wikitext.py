"""MediaWiki wikitext (``.wiki``, ``.mediawiki``, or ``--input-format wikitext``).

Checked as prose: running text, headings, link labels (``label`` in
``[[Target|label]]``), external-link text, image captions, table cells, and
the values of template parameters.

Skipped: link targets (``[[Target|`` and the whole of ``[[Target]]``,
``[[Category:...]]``), template names and parameter names, navigation
templates (``{{Main|...}}``, ``{{See also|...}}``...), ``<ref>`` elements and
citation keys, code, math and notation (``<syntaxhighlight>``, ``<source>``,
``<pre>``, ``<code>``, ``<math>``, ``<chem>``, ``<score>``... see
:data:`NOT_PROSE`), URLs, HTML tags and comments, bold/italic quote marks, heading
``=`` signs, table markup, magic words.

Structure: citation fields (``{{cite ... |title=...}}``: title, work,
publisher...) count as titles of works; ``{{quote|...}}``,
``{{blockquote|...}}``, ``<blockquote>`` and ``<q>`` count as quotations.
"""

from __future__ import annotations

import re

from ..document import Document
from ._mask import Masker, lf_lines
from .plain import skip_addresses

#: Templates whose arguments name pages or set options: skipped whole.
NAVIGATION = frozenset(
    {
        "main",
        "further",
        "see also",
        "seealso",
        "details",
        "redirect",
        "about",
        "for",
        "distinguish",
        "other uses",
        "reflist",
        "refbegin",
        "refend",
        "portal",
        "commons category",
        "authority control",
        "webarchive",
        "short description",
        "use dmy dates",
        "use mdy dates",
        "pp",
        "pp-semi-indef",
        "pp-move-indef",
        "sfn",
        "efn",
        "rp",
        "citation needed",
        "cn",
        "ussc",
        "uscsub",
        "isbn",
        "doi",
    }
)
CITATION_TEMPLATES = re.compile(r"^(?:cite\b|citation$|harvnb|cite\s)", re.IGNORECASE)
TITLE_PARAMS = frozenset(
    "title trans-title chapter work journal website publisher series newspaper magazine "
    "periodical encyclopedia script-title book-title".split()
)
REFERENCE_SECTIONS = frozenset(
    {
        "references",
        "external links",
        "further reading",
        "bibliography",
        "sources",
        "notes",
        "citations",
        "works cited",
    }
)
QUOTE_TEMPLATES = frozenset({"quote", "blockquote", "quotation", "cquote", "quote box"})
PROSE_PARAMS = frozenset({"quote", "text", "1", "caption", "alt"})

#: Elements whose content is code, math, notation or data: skipped whole.
NOT_PROSE = frozenset(
    """syntaxhighlight source pre code math chem ce score timeline graph hiero
    templatedata mapframe maplink inputbox categorytree""".split()
)

_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment
    r"|<ref\b[^>]*/>"  # self-closing ref
    r"|<ref\b[^>]*>.*?(?:</ref\s*>|\Z)"  # ref element
    r"|\{\{|\}\}|\[\[|\]\]|\|"
    r"|<(/?)(?:blockquote|q)\b[^>]*>"
    # code, math and other elements whose content is not prose, whole
    rf"|<(?P<code>{'|'.join(sorted(NOT_PROSE, key=len, reverse=True))})\b[^>]*(?<!/)>"
    r".*?(?:</(?P=code)\s*>|\Z)"
    r"|</?[a-zA-Z][^<>]*>"  # any other tag
    r"|'''''|'''|''"
    r"|__[A-Z]+__"
    r"|\[(?:https?:|ftp:|//)[^\s\]]*",  # external link opening
    re.DOTALL | re.IGNORECASE,
)


class _Frame:
    def __init__(self, kind: str, start: int) -> None:
        self.kind = kind  # "template" or "link"
        self.start = start
        self.segments: list[tuple[int, int]] = []  # (start, end) of each |-segment
        self.seg_start = start + 2


def _name(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split()).lower().replace("_", " ")


def _close_template(masker: Masker, text: str, frame: _Frame) -> None:
    segments = frame.segments
    name_start, name_end = segments[0]
    name = _name(text, name_start, name_end).split(":")[0].strip()
    masker.skip(frame.start, name_end)  # "{{" and the name
    if name in NAVIGATION or not name:
        masker.skip(frame.start, segments[-1][1] + 2)
        return
    citation = bool(CITATION_TEMPLATES.match(name))
    quote = name in QUOTE_TEMPLATES
    for position, (s, e) in enumerate(segments[1:], 1):
        masker.skip(s - 1, s)  # the "|"
        m = re.match(r"\s*([\w -]+?)\s*=", text[s:e])
        param = m.group(1).lower() if m else str(position)
        value_start = s + m.end() if m else s
        if m:
            masker.skip(s, value_start)  # "name="
        if citation:
            if param in TITLE_PARAMS:
                masker.titles.append((value_start, e))
            elif param == "quote":
                masker.quotations.append((value_start, e))
            else:
                masker.skip(value_start, e)
        elif quote:
            if param in PROSE_PARAMS:
                masker.quotations.append((value_start, e))
            else:
                masker.skip(value_start, e)
        elif (
            m
            and param not in PROSE_PARAMS
            and not re.search(r"[a-z]{3,}\s+[a-z]{3,}", text[value_start:e])
        ):
            masker.skip(value_start, e)  # a short setting, not prose
    end = segments[-1][1]
    masker.skip(end, end + 2)  # "}}"


def _close_link(masker: Masker, text: str, frame: _Frame) -> None:
    segments = frame.segments
    target = _name(text, *segments[0])
    end = segments[-1][1]
    namespace = target.split(":", 1)[0] if ":" in target else ""
    if namespace in ("category", "kategorie", "file", "image") and len(segments) == 1:
        masker.skip(frame.start, end + 2)
        return
    if len(segments) == 1:
        # [[Target]] shows the page name as text: visible context, never reported
        masker.skip(frame.start, frame.start + 2)
        masker.skip(end, end + 2)
        masker.names.append(segments[0])
        return
    if namespace in ("file", "image"):
        # [[File:x.jpg|thumb|300px|caption]]: only the caption is prose
        masker.skip(frame.start, segments[-1][0])
    else:
        masker.skip(frame.start, segments[-1][0])  # "[[Target|"
    masker.skip(end, end + 2)


def to_document(path: str, text: str) -> Document:
    masker = Masker(path, text, "wikitext")
    text = lf_lines(text)
    stack: list[_Frame] = []
    quote_open: list[int] = []
    for m in _TOKEN.finditer(text):
        token = m.group()
        start, end = m.span()
        if token.startswith("<!--"):
            masker.skip(start, end)
            masker.comments.append(
                (start, end, token[4:-3] if token.endswith("-->") else token[4:])
            )
        elif token.lower().startswith("<ref") or m.group("code"):
            masker.skip(start, end)
        elif token in ("{{", "[["):
            stack.append(_Frame("template" if token == "{{" else "link", start))
        elif token == "|":
            if stack:
                frame = stack[-1]
                frame.segments.append((frame.seg_start, start))
                frame.seg_start = end
            else:
                masker.skip(start, end)  # table markup
        elif token in ("}}", "]]"):
            want = "template" if token == "}}" else "link"
            if stack and stack[-1].kind == want:
                frame = stack.pop()
                frame.segments.append((frame.seg_start, start))
                (_close_template if want == "template" else _close_link)(masker, text, frame)
            else:
                masker.skip(start, end)
        elif m.group(1) is not None:  # <blockquote>, <q> or their end tags
            masker.skip(start, end)
            if m.group(1) == "":
                quote_open.append(end)
            elif quote_open:
                masker.quotations.append((quote_open.pop(), start))
        elif token.startswith("["):
            masker.skip(start, end)  # "[http://url" of an external link; its text is prose
            close = text.find("]", end)
            if close != -1 and "\n" not in text[end:close]:
                masker.skip(close, close + 1)
        else:
            masker.skip(start, end)  # tags, quote marks, magic words
    headings = list(re.finditer(r"^(=+)([^\n]*?)(=+)[ \t]*$", text, re.MULTILINE))
    for i, line in enumerate(headings):
        masker.skip_match(line, 1)
        masker.skip_match(line, 3)
        if line.group(2).strip().lower() in REFERENCE_SECTIONS:
            # every entry of a reference or link list is the title of a work
            section_end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
            masker.titles.append((line.end(), section_end))
    for line in re.finditer(r"^(?:\{\||\|\}|\|-|\|\+)[^\n]*$", text, re.MULTILINE):
        masker.skip_match(line)  # table start, end, row separators
    for line in re.finditer(r"^[!*#:;]+", text, re.MULTILINE):
        masker.skip_match(line)  # header cells, list markers
    skip_addresses(masker)
    return masker.document()
