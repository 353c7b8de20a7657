"""``fix`` never breaks markup: a property test per format, with a real
parser as the oracle.

Documents are generated from sentences that hold discouraged phrases whose
words are wrapped in, or separated by, the format's markup (emphasis, links,
tags, references, comments, LaTeX commands, wikitext quotes and links). After
``fix``, the parser's view of the markup (markdown-it-py's tokens, docutils'
doctree, the HTML parser's tags, the LaTeX command sequence, wikitext's nodes
from mwparserfromhell) must equal the view before, and outside the fixes
nothing may change. The regressions of issue 18 run through the installed CLI
at the end."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import mwparserfromhell
import pytest
from docutils.core import publish_doctree
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from termlint.config import default_config
from termlint.fixer import apply, plan
from termlint.formats import to_document

ENGINE = default_config().engine()

#: Discouraged phrases that the default pack fixes.
PHRASES = ["child pornography", "Child pornography", "kiddie porn", "child porn", "CHILD PORN"]

#: Per format: wrappers for one word or a run of words, and markup that may
#: stand between two words.
WRAPPERS = {
    "markdown": [
        "**{}**",
        "*{}*",
        "_{}_",
        "[{}](https://example.org/a)",
        "<span>{}</span>",
        "`{}`",
        "[{}][ref]",
        "[{}][]",
        "[{}]",
    ],
    "html": [
        "<b>{}</b>",
        "<em>{}</em>",
        '<a href="https://example.org/a">{}</a>',
        "<span>{}</span>",
    ],
    "rst": [
        "**{}**",
        "*{}*",
        "`{} <https://example.org/a>`_",
        "``{}``",
        ":ref:`{}`",
        ":doc:`{}`",
        ":ref:`{} <a-label>`",
        ":emphasis:`{}`",
        "|{}|",
        "`{}`_",
    ],
    "latex": [
        "\\textbf{{{}}}",
        "\\emph{{{}}}",
        "\\textit{{{}}}",
        "\\href{{https://example.org/a}}{{{}}}",
        "\\parencite{{{}}}",
        "\\autocite[p. 4]{{{}}}",
        "\\cref{{{}}}",
        "\\nameref{{{}}}",
        "\\gls{{{}}}",
        "\\verb|{}|",
        "\\lstinline{{{}}}",
        "\\path{{{}}}",
        "\\subfile{{{}}}",
    ],
    "wikitext": [
        "'''{}'''",
        "''{}''",
        "[[{}]]",
        "[[Some page|{}]]",
        "[https://example.org/a {}]",
        "<code>{}</code>",
        "<math>{}</math>",
        '<syntaxhighlight lang="text">{}</syntaxhighlight>',
    ],
}
BETWEEN = {
    "markdown": ["<!-- c -->", "<br>"],
    "html": ["<!-- c -->", "<br>", "<wbr>"],
    "rst": [],
    "latex": ["% c\n", "\\,"],
    "wikitext": ["<!-- c -->", "<ref>a note</ref>"],
}
SUFFIX = {"markdown": "md", "html": "html", "rst": "rst", "latex": "tex", "wikitext": "wiki"}
#: Every phrase and word of :data:`PHRASES`, lower-cased, in order.
LABELS = sorted({p.lower() for p in PHRASES} | {w for p in PHRASES for w in p.lower().split()})


def _defined(line: str) -> str:
    """One definition per label (``line`` with ``{label}`` and ``{n}``), as
    part of a frame: its braces doubled."""
    text = "".join(line.format(label=label, n=n) for n, label in enumerate(LABELS))
    return text.replace("{", "{{").replace("}", "}}")


FRAME = {
    # (every phrase and word is also a link label: "[child porn][]", "[porn]")
    "markdown": "{}\n\n[ref]: https://example.org/r\n"
    + _defined("[{label}]: https://example.org/{n}\n"),
    "html": "<html><body>\n{}\n</body></html>\n",
    # (every phrase and word is also a hyperlink target: "`child porn`_")
    "rst": "{}\n\n" + _defined(".. _{label}: https://example.org/{n}\n"),
    "latex": "\\documentclass{{article}}\n\\begin{{document}}\n{}\n\\end{{document}}\n",
    "wikitext": "{}\n",
}


@st.composite
def phrase_with_markup(draw: st.DrawFn, fmt: str) -> str:
    words = draw(st.sampled_from(PHRASES)).split(" ")
    wrap = WRAPPERS[fmt]
    out = []
    for i, word in enumerate(words):
        if draw(st.booleans()):
            word = draw(st.sampled_from(wrap)).format(word)
        out.append(word)
        if i < len(words) - 1:
            gap = " "
            if BETWEEN[fmt] and draw(st.integers(0, 3)) == 0:
                gap = " " + draw(st.sampled_from(BETWEEN[fmt])) + " "
            out.append(gap)
    phrase = "".join(out)
    if draw(st.integers(0, 3)) == 0:
        phrase = draw(st.sampled_from(wrap)).format(phrase)
    return phrase


@st.composite
def documents(draw: st.DrawFn, fmt: str) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 4))):
        before = draw(
            st.sampled_from(["Police found", "The trade in", "Reports of", "They shared"])
        )
        after = draw(st.sampled_from(["online.", "in 2020.", "on his laptop.", "again."]))
        sentences.append(f"{before} {draw(phrase_with_markup(fmt))} {after}")
    return FRAME[fmt].format(" ".join(sentences))


# ------------------------------------------------------------------ the oracles


def markdown_structure(text: str) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []

    def walk(tokens) -> None:  # type: ignore[no-untyped-def]
        for t in tokens:
            if t.type in ("text", "code_inline") or (t.type == "inline" and t.children):
                pass
            else:
                attrs = tuple(sorted((k, str(v)) for k, v in (t.attrs or {}).items()))
                out.append((t.type, t.tag, t.markup, *map(str, attrs)))
            if t.type == "code_inline":
                out.append(("code", t.content))  # code is never fixed
            if t.children:
                walk(t.children)

    walk(MarkdownIt("commonmark").parse(text))
    return out


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(("start", tag, *(f"{k}={v}" for k, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.seen.append(("end", tag))

    def handle_comment(self, data: str) -> None:
        self.seen.append(("comment", data))


def html_structure(text: str) -> list[tuple[str, ...]]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.seen


def rst_structure(text: str) -> list[tuple[str, ...]]:
    tree = publish_doctree(text, settings_overrides={"report_level": 5, "halt_level": 5})
    out = []
    # information only, not a fault (two links of one name and one address)
    info = {
        id(n)
        for m in tree.findall()
        if m.tagname == "system_message" and m.get("level") == 1
        for n in m.findall()
    }
    for node in tree.findall():
        if node.tagname == "#text" or id(node) in info:
            continue
        # (a reference by name, a substitution's name; the name a hyperlink
        # with its own <url> takes from its text may change)
        keep = ("refuri", "refname")
        out.append((node.tagname, *(f"{k}={node.get(k)}" for k in keep if node.get(k))))
        if node.tagname == "literal":
            out.append(("literal", node.astext()))  # code is never fixed
        if node.tagname == "problematic" and node.astext().startswith(":"):
            # a role docutils does not know (:ref:, :doc:...) as written: what
            # it names must not change, a title before its <target> may
            out.append(("problematic", re.sub(r"^(:\w+:`)[^`<]*(?=<)", r"\1", node.astext())))
    return out


_LATEX = re.compile(
    # what names rather than says: a citation, a reference, a key, code, a file
    # (the command with its arguments: they must not change)
    r"\\(?:[A-Za-z]*cite[A-Za-z]*|(?!href)[a-z]*ref|label|gls|path|subfile)(?:\[[^\]]*\]|\{[^{}]*\})*"
    r"|\\verb(.).*?\1|\\lstinline\{[^{}\n]*\}"  # (verbatim never runs over a line)
    r"|\\[A-Za-z@]+\*?|\\.|[{}]|%[^\n]*"
)


def latex_structure(text: str) -> list[str]:
    return [m.group() for m in _LATEX.finditer(text)]


def wikitext_structure(text: str) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for node in mwparserfromhell.parse(text).filter(recursive=True):
        kind = type(node).__name__
        if kind == "Text":
            continue
        if kind == "Wikilink":
            out.append((kind, str(node.title)))  # the target page
        elif kind == "ExternalLink":
            out.append((kind, str(node.url)))
        elif kind == "Tag":
            out.append((kind, str(node.tag), str(node.wiki_markup or "")))
            if str(node.tag).lower() in ("code", "math", "syntaxhighlight"):
                out.append(("code", str(node.contents)))  # code is never fixed
        elif kind == "Comment":
            out.append((kind, str(node.contents)))
        else:
            out.append((kind,))
    return out


ORACLES = {
    "markdown": markdown_structure,
    "html": html_structure,
    "rst": rst_structure,
    "latex": latex_structure,
    "wikitext": wikitext_structure,
}


def _fix(fmt: str, text: str) -> tuple[str, list]:  # type: ignore[type-arg]
    doc = to_document(f"doc.{SUFFIX[fmt]}", text, fmt)
    findings = ENGINE.check(doc)
    fixes = plan(doc, findings)
    fixed = apply(text, fixes)
    # only text inside reported spans differs
    reported = [(f.offset, f.end_offset) for f in findings if f.fixable]
    pos = out = 0
    for fix in sorted(fixes, key=lambda x: x.start):
        # inside a reported span (or from "a"/"an" just before it, which may change with it)
        assert any(s - 4 <= fix.start and fix.end <= e for s, e in reported), fix
        assert fixed[out : out + fix.start - pos] == text[pos : fix.start]
        out += fix.start - pos + len(fix.text)
        pos = fix.end
    assert fixed[out:] == text[pos:]
    return fixed, findings


def _check(fmt: str, text: str) -> None:
    fixed, findings = _fix(fmt, text)
    assert ORACLES[fmt](fixed) == ORACLES[fmt](text), (text, fixed)
    # a finding that is not fixed because of markup says why
    for f in findings:
        if not f.fixable and f.replacements and "Not fixed automatically" in f.message:
            assert "markup" in f.message or "link's target" in f.message


@pytest.mark.parametrize("fmt", sorted(WRAPPERS))
def test_fix_keeps_the_markup_structure(fmt: str) -> None:
    @given(text=documents(fmt))
    def run(text: str) -> None:
        _check(fmt, text)

    run()


@pytest.mark.parametrize(
    ("fmt", "text", "fixed"),
    [
        (
            "markdown",
            "The child **pornography** on disk.",
            "The child **sexual abuse material** on disk.",
        ),
        (
            "markdown",
            "See [child](https://x.org) pornography here.",
            "See [child](https://x.org) sexual abuse material here.",
        ),
        ("markdown", "They traded kiddie **porn** online.", None),
        (
            "markdown",
            "The child <!-- c --> pornography was found.",
            "The child <!-- c --> sexual abuse material was found.",
        ),
        (
            "wikitext",
            "The child<ref>x</ref> pornography was found.",
            "The child<ref>x</ref> sexual abuse material was found.",
        ),
        (
            "wikitext",
            "The '''child''' pornography was found.",
            "The '''child''' sexual abuse material was found.",
        ),
        (
            "wikitext",
            "The [[child]] pornography was found.",
            "The [[child]] sexual abuse material was found.",
        ),
        (
            "html",
            "<p>The Child<span>pornography</span> was found.</p>",
            "<p>The Child<span>sexual abuse material</span> was found.</p>",
        ),
        (
            "latex",
            "The \\textbf{child} \\textit{pornography} was found.",
            "The \\textbf{child} \\textit{sexual abuse material} was found.",
        ),
    ],
)
def test_the_regressions_of_the_first_trial(fmt: str, text: str, fixed: str | None) -> None:
    result, findings = _fix(fmt, text)
    assert result == (text if fixed is None else fixed)
    if fixed is None:
        (f,) = [f for f in findings if f.replacements]
        assert not f.fixable and "markup" in f.message


@pytest.mark.parametrize(
    ("name", "text", "fixed"),
    [
        (
            "a.md",
            "The child **pornography** on disk.\n",
            "The child **sexual abuse material** on disk.\n",
        ),
        (
            "b.md",
            "See [child](https://x.org) pornography here.\n",
            "See [child](https://x.org) sexual abuse material here.\n",
        ),
        (
            "c.wiki",
            "The child<ref>x</ref> pornography grew.\n",
            "The child<ref>x</ref> sexual abuse material grew.\n",
        ),
        (
            "d.wiki",
            "The '''child''' pornography grew.\n",
            "The '''child''' sexual abuse material grew.\n",
        ),
        (
            "e.wiki",
            "The [[child]] pornography grew.\n",
            "The [[child]] sexual abuse material grew.\n",
        ),
        (
            "f.html",
            "<p>The Child<span>pornography</span> grew.</p>\n",
            "<p>The Child<span>sexual abuse material</span> grew.</p>\n",
        ),
        (
            "g.tex",
            "The \\textbf{child} \\textit{pornography} grew.\n",
            "The \\textbf{child} \\textit{sexual abuse material} grew.\n",
        ),
        (
            "h.md",
            "The child <!-- c --> pornography grew.\n",
            "The child <!-- c --> sexual abuse material grew.\n",
        ),
        (
            "i.txt",
            "Police found images of child pornography.\n",
            "Police found images of child sexual abuse.\n",
        ),
        (
            "j.txt",
            "The child pornographic videos were seized.\n",
            "The child sexual abuse videos were seized.\n",
        ),
        (
            "k.txt",
            "The trade in child -\npornography grew.\n",
            "The trade in child\nsexual abuse material grew.\n",
        ),
        (
            "l.txt",
            "CHILD-PORNOGRAPHY seizures rose.\n",
            "CHILD SEXUAL ABUSE MATERIAL seizures rose.\n",
        ),
        ("m.md", "They traded kiddie **porn** online.\n", None),
        (
            "p.txt",
            "Child porn was in child-porn.zip, /cases/child-porn/ and #child-porn.\n",
            "Child sexual abuse material was in child-porn.zip, /cases/child-porn/ and"
            " #child-porn.\n",
        ),
        (
            "o.md",
            "## Child porn online {#child-porn .note}\n\nSee [child porn] and [Child  Porn][]."
            " Kiddie porn {: #kiddie-porn}\n\n[child porn]: https://example.org/a\n",
            "## Child sexual abuse material online {#child-porn .note}\n\nSee [child porn] and"
            " [Child  Porn][]. Child sexual abuse material {: #kiddie-porn}\n\n"
            "[child porn]: https://example.org/a\n",
        ),
        (
            "q.md",
            'Child porn: see [[child porn]], [[child porn|the child porn page]] and {{< ref "child'
            '-porn" >}} or {% include child-porn %}.\n',
            "Child sexual abuse material: see [[child porn]], [[child porn|the child sexual abuse"
            ' material page]] and {{< ref "child-porn" >}} or {% include child-porn %}.\n',
        ),
        (
            "n.tex",
            "\\section[Child porn online]{Child porn}\nAs \\textcite{child-porn-2010} and"
            " \\nameref{sec:child-porn} show, \\verb|child-porn| and \\subfile{child-porn}.\n"
            "\\begin{description}\\item[Child porn] is sold.\\end{description}\n",
            "\\section[Child sexual abuse material online]{Child sexual abuse material}\n"
            "As \\textcite{child-porn-2010} and"
            " \\nameref{sec:child-porn} show, \\verb|child-porn| and \\subfile{child-porn}.\n"
            "\\begin{description}\\item[Child sexual abuse material] is sold.\\end{description}\n",
        ),
    ],
)
def test_fix_through_the_cli(run, write, name: str, text: str, fixed: str | None) -> None:
    path = write(name, text)
    result = run("fix", name)
    assert path.read_text() == (text if fixed is None else fixed), result.out + result.err
    if fixed is None:
        check = run("check", name)
        assert "Not fixed automatically: the words to change hold markup" in check.out


#: Block quotes inside list items (after the item's marker, or indented
#: under it), each with a quoted sentence ``{q}`` and the author's own
#: ``{p}`` outside the quote.
LIST_QUOTES = [
    "- > {q}\n- {p}\n",
    "1. > {q}\n2. {p}\n",
    "1. The first item.\n\n    > {q}\n\n2. {p}\n",
    "* > The first quoted line,\n  > {q}\n\n{p}\n",
    "- An item:\n  - > {q}\n  - {p}\n",
    "+ > > {q}\n\n{p}\n",
]


@pytest.mark.parametrize("layout", LIST_QUOTES)
def test_fix_leaves_block_quotes_in_list_items_alone(run, write, layout: str) -> None:
    """What markdown-it-py reads as a block quote is a quotation: ``fix``
    changes none of its lines, and fixes the author's own words beside it."""
    text = layout.format(q="He said child porn was everywhere.", p="They sold kiddie porn.")
    quoted = set()
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "blockquote_open":
            assert token.map is not None
            quoted.update(range(*token.map))
    lines = text.splitlines()
    assert any("child porn" in lines[i] for i in quoted)  # the layout is a block quote
    path = write("list.md", text)
    run("fix", "list.md")
    fixed = path.read_text(encoding="utf-8").splitlines()
    assert [fixed[i] for i in sorted(quoted)] == [lines[i] for i in sorted(quoted)]
    assert "kiddie porn" not in "\n".join(fixed)


#: Per line-based format: a quotation (or code) whose reading depends on its
#: lines, then the author's own sentence.
LINE_BASED = {
    "md": "Intro.\n\n> He said child porn.\n\n```\nchild porn\n```\n\n    child porn\n\n"
    "## The child porn trade ##\n",
    "rst": "Intro.\n\n   He said child porn.\n\n::\n\n   child porn\n\nThe child porn trade.\n",
    "tex": "Intro. % child porn\n\\begin{quote}\nHe said child porn.\n\\end{quote}\n"
    "The child porn trade.\n",
    "wiki": "Intro.\n<blockquote>\nHe said child porn.\n</blockquote>\n\nThe child porn trade.\n",
}


@pytest.mark.parametrize("suffix", sorted(LINE_BASED))
def test_lone_carriage_returns_are_line_ends(run, write, suffix: str) -> None:
    # a file with classic Mac OS line ends (CR alone) reads as the same file
    # with LF: the quotation stays a quotation and the code code, and fix
    # changes the author's sentence alone
    seen = {}
    for name, end in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
        text = LINE_BASED[suffix].replace("\n", end)
        path = write(f"{name}.{suffix}", text)
        result = run("check", "--format", "json", path.name)
        seen[name] = [
            (f["line"], f["column"], f["severity"], f.get("note"))
            for f in json.loads(result.out)["findings"]
        ]
        run("fix", path.name)
        assert path.read_bytes().decode() == text.replace(
            "The child porn trade", "The child sexual abuse material trade"
        )
    assert seen["cr"] == seen["crlf"] == seen["lf"], seen
    assert [f[2] for f in seen["lf"]] == ["info", "error"], seen["lf"]
