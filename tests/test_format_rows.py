"""docs/formats.md, row by row.

Each format's table in docs/formats.md says how its reader reads each part of
a document (prose, quotation, title, name, definition or skipped). Every row
has examples here, checked through the installed ``termlint`` command: a
prose example is reported where its "child" is, a quotation as ``info`` with
the note ``quotation``, a title or a name is silenced with its reason, a
definition defines its acronym, a skipped example reports nothing. A row of
the documentation without examples here, or examples for a row that is not
documented, fails the test. ``fix`` leaves every quotation untouched.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT
from test_odt import build as build_odt

DOCS = ROOT / "docs" / "formats.md"
EXTENSION = {
    "Plain text": ".txt",
    "Markdown": ".md",
    "HTML": ".html",
    "reStructuredText": ".rst",
    "LaTeX": ".tex",
    "Wikitext": ".wiki",
    "Word (DOCX)": ".docx",
    "OpenDocument (ODT)": ".odt",
}
ADMONITIONS = "note warning tip important caution attention danger error hint seealso".split()
#: The rules the examples' words are reported by.
RULES = ("child-porn-slang", "child-pornography")
SAID = "The police found child porn on his laptop."


@dataclass(frozen=True)
class Odt:
    """An ODT example: ``body`` is the inside of ``office:text``, ``header``
    and ``footer`` the inside of the master page's, ``automatic`` the
    automatic styles of ``content.xml``; ``spot`` is the (paragraph, column)
    of the finding's "child"."""

    body: str
    spot: tuple[int, int] | None = None
    header: str = ""
    footer: str = ""
    automatic: str = ""


def _note(kind: str, text: str) -> str:
    return (
        f'<text:p>Body.<text:note text:id="n1" text:note-class="{kind}">'
        "<text:note-citation>1</text:note-citation>"
        f"<text:note-body><text:p>{text}</text:p></text:note-body></text:note></text:p>"
    )


def _tracked(kind: str, deleted: str = "") -> str:
    """ODF tracked changes holding one region, ``ct1``, by an editor."""
    inside = f"<text:p>{deleted}</text:p>" if deleted else ""
    return (
        '<text:tracked-changes><text:changed-region xml:id="ct1" text:id="ct1">'
        f"<text:{kind}><office:change-info><dc:creator>An Editor</dc:creator>"
        f"<dc:date>2026-11-30T10:00:00</dc:date></office:change-info>{inside}</text:{kind}>"
        "</text:changed-region></text:tracked-changes>"
    )


FOUND = "<text:p>The police found child porn.</text:p>"


def _run(text: str, props: str = "") -> str:
    """A Word run of ``text`` with the run properties ``props``."""
    inner = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{inner}<w:t xml:space="preserve">{text}</w:t></w:r>'


#: (section, the start of a row's "What" cell) -> examples. Prose, quotation,
#: title and name examples hold "child" once, where the finding must be. A
#: DOCX example is (part, paragraph style, text); an ODT example an :class:`Odt`.
EXAMPLES: dict[tuple[str, str], list] = {
    # ------------------------------------------------------------ plain text
    ("Plain text", "Running text"): ["The police found child porn.\n"],
    ("Plain text", "Lines that start with `>`"): [f"On Monday you wrote:\n> {SAID}\n\nThanks.\n"],
    ("Plain text", "Text in quotation marks"): [
        f"The officer said: {o}the police found child porn on his laptop{c}.\n"
        for o, c in ("\u201c\u201d", '""', "\u2018\u2019", "''", "\u00ab\u00bb", "\u201e\u201c")
    ],
    ("Plain text", "URLs"): [
        "See https://example.org/child-porn and www.example.org/child-porn today.\n",
        "Write to child-porn@example.org today.\n",
        "See doi:10.1000/child-porn today.\n",
    ],
    ("Plain text", "File names, paths"): [
        "The folder child-porn.zip was seized.\n",
        "See img/child-porn.jpg today.\n",
        "See /cases/child-porn/ today.\n",
        "See C:\\cases\\child-porn today.\n",
        "The tag #child-porn trends.\n",
        "Run it with --tag=child-porn today.\n",
    ],
    # ------------------------------------------------------------ Markdown
    ("Markdown", "Paragraphs, headings, list items"): [
        "The police found child porn.\n",
        "Intro.\n\n## The child porn case\n",
        "- The police found child porn.\n",
        "1. The police found child porn.\n",
    ],
    ("Markdown", "Table cells"): ["| Year | Case |\n|---|---|\n| 2020 | child porn found |\n"],
    ("Markdown", "Link text and image alt text"): [
        "See [the child porn report](https://example.org/report).\n",
        "![A child porn chart](chart.png)\n",
    ],
    ("Markdown", "Footnotes"): [
        "The case.[^1]\n\n[^1]: The police found child porn.\n",
        "The case.[^n]\n\n[^n]: The police found nothing.\n\n    Later they found child porn.\n",
        "The case.[^n]\n\n[^n]: The police found\n    child porn later.\n",
    ],
    ("Markdown", "Front matter: the values of"): [
        "---\ntitle: The child porn case\n---\nBody.\n",
        '---\nsubtitle: "The child porn case"\n---\nBody.\n',
        "---\ndescription: >\n  How the police found\n  child porn online.\n---\nBody.\n",
        "+++\nsummary = 'The child porn case'\n+++\nBody.\n",
    ],
    ("Markdown", "Text around emphasis"): [
        "The police found child **porn**.\n",
        "The police found _child_ porn.\n",
        "- **child** porn was found\n",
    ],
    ("Markdown", "Block quotes"): [
        f"> {SAID}\n",
        "> The police found\nchild porn on his laptop.\n",  # a lazy continuation line
        "> > The police found child porn, she said.\n",
    ],
    ("Markdown", "HTML `<blockquote>`"): [
        f"<blockquote>{SAID}</blockquote>\n",
        "He said <q>the police found child porn</q> yesterday.\n",
    ],
    ("Markdown", "Text in quotation marks"): [
        'He said: "the police found child **porn** here".\n',
        "He said: \u201cthe police found *child porn*\u201d.\n",
        "He said: 'the police found child porn here'.\n",
    ],
    ("Markdown", "Italic text that names a work"): [
        "In *The Child Porn Files* (2003) she wrote more.\n",
        "In _The Child Porn Files_ by Jane Doe she wrote more.\n",
        "In *Child Porn: The Hidden Trade* she wrote more.\n",
    ],
    ("Markdown", "The rest of the YAML"): [
        "---\ntags: [child porn]\nslug: child-porn-case\n---\nBody.\n",
        '+++\ntitle = "A case"\n[params]\ndescription = "child porn"\n+++\nBody.\n',
    ],
    ("Markdown", "Fenced and indented code"): [
        "```\nchild porn\n```\n",
        "Intro.\n\n    child porn in code\n",
        "Run `grep child-porn` now.\n",
    ],
    ("Markdown", "HTML tags and comments"): [
        '<span class="child-porn">Text</span>\n',
        "<!-- child porn -->\nText.\n",
    ],
    ("Markdown", "Link and image targets"): [
        '[Report](https://example.org/x "child porn report").\n',
        "![Chart](child-porn.png)\n",
        "[Report](child-porn.md).\n",
    ],
    ("Markdown", "Reference-link labels"): [
        'See [the report][child porn].\n\n[child porn]: https://example.org/x "child porn"\n'
    ],
    ("Markdown", "The text of a collapsed reference"): [
        "See [child porn][] today.\n\n[Child porn]: https://example.org/x\n",
        "See [child porn] today.\n\n[Child porn]: https://example.org/x\n",
    ],
    ("Markdown", "Attribute lists"): [
        "## The case {#child-porn}\n",
        "A paragraph.\n{: .child-porn}\n",
    ],
    ("Markdown", "Template tags"): [
        'See {{< ref "child-porn" >}} now.\n',
        "{{% note %}}\nText.\n{{% /note child-porn %}}\n",
        "{% include child-porn %}\n",
        "The {{ page.child-porn }} value.\n",
    ],
    ("Markdown", "The label of a wiki link"): ["See [[page|the child porn page]].\n"],
    ("Markdown", "The target of a wiki link"): ["See [[child-porn|the page]].\n"],
    ("Markdown", "A wiki link without a label"): ["See [[child porn]] today.\n"],
    ("Markdown", "Footnote labels and references"): [
        "Text.[^child-porn]\n\n[^child-porn]: A note.\n"
    ],
    ("Markdown", "Autolinks"): [
        "See <https://example.org/child-porn>.\n",
        "See https://example.org/child-porn today.\n",
        "Write to child-porn@example.org today.\n",
    ],
    # ------------------------------------------------------------ HTML
    ("HTML", "Text content"): [
        "<p>The police found child porn.</p>\n",
        "<h2>The child porn case</h2>\n",
        '<p><a href="x.html">the child porn report</a></p>\n',
    ],
    ("HTML", "`alt` and `title`"): [
        '<img src="chart.png" alt="A child porn chart">\n',
        '<a href="x.html" title="The child porn report">Report</a>\n',
    ],
    ("HTML", "The `content` of `<meta>`"): [
        f'<meta {attribute}="{name}" content="The child porn case">\n'
        for attribute, name in (
            ("name", "description"),
            ("property", "og:title"),
            ("property", "og:description"),
            ("name", "twitter:title"),
            ("name", "twitter:description"),
        )
    ],
    ("HTML", "Text around character references"): ["<p>The police found child&nbsp;porn.</p>\n"],
    ("HTML", "`<blockquote>` and `<q>`"): [
        f"<blockquote><p>{SAID}</p></blockquote>\n",
        "<p>He said <q>the police found child porn</q> today.</p>\n",
    ],
    ("HTML", "Text in quotation marks"): [
        '<p>He said: "the police found child <em>porn</em>".</p>\n',
        "<p>He said: \u201cthe police found child porn\u201d.</p>\n",
    ],
    ("HTML", "`<cite>`"): ["<p>She wrote <cite>the child porn files</cite> in 2020.</p>\n"],
    ("HTML", "`<i>` and `<em>`"): [
        "<p>In <i>The Child Porn Files</i> (2003) she wrote more.</p>\n",
        '<p>In <em class="t">Child Porn: The Hidden Trade</em> she wrote more.</p>\n',
    ],
    ("HTML", "`<abbr"): [
        '<p>The <abbr title="child sexual abuse material">CSAM</abbr> was found.</p>\n',
        '<p>The <acronym title="child sexual abuse material">CSAM</acronym> was found.</p>\n',
    ],
    ("HTML", "Tags and their other attributes"): [
        '<p class="child-porn" data-title="child porn">Text.</p>\n',
        '<meta name="keywords" content="child porn">\n',
    ],
    ("HTML", "Comments"): ["<!-- child porn -->\n<p>Text.</p>\n"],
    ("HTML", "The content of `<script>`"): [
        f"<{tag}>child porn</{tag}>\n"
        for tag in ("script", "style", "code", "pre", "kbd", "samp", "var", "textarea")
    ],
    ("HTML", "URLs"): [
        "<p>See https://example.org/child-porn today.</p>\n",
        "<p>Write to child-porn@example.org today.</p>\n",
    ],
    # ------------------------------------------------------------ reStructuredText
    ("reStructuredText", "Paragraphs, section titles"): [
        "The police found child porn.\n",
        "The child porn case\n===================\n\nText.\n",
        "- The police found child porn.\n",
        "- Item.\n\n  The police found child porn.\n",
        "Term\n   The police found child porn.\n",
        ":Abstract: The police found child porn.\n",
        "=====  ==========\nYear   Case\n=====  ==========\n2020   child porn\n=====  ==========\n",
    ],
    ("reStructuredText", "The text of hyperlinks and roles"): [
        "See `the child porn report <https://example.org/x>`_ here.\n",
        "See :emphasis:`child porn` here.\n",
        "See :ref:`the child porn case <case>` here.\n",
    ],
    ("reStructuredText", "Footnotes and citations"): [
        f".. [{label}] The police found child porn.\n"
        for label in ("1", "#", "#note", "*", "CIT2002")
    ]
    + [".. [1] The police found\n   child porn later.\n", "See [1]_.\n\n.. [1] Child porn.\n"],
    ("reStructuredText", "Admonitions"): [
        f".. {name}::\n\n   The police found child porn.\n" for name in ADMONITIONS
    ]
    + [
        ".. note:: The police found child porn.\n",
        ".. warning:: The police found\n   child porn.\n",
        ".. admonition:: The child porn case\n\n   Text.\n",
        ".. admonition:: Case\n\n   The police found child porn.\n",
    ],
    ("reStructuredText", "`topic`, `sidebar`"): [
        ".. topic:: The child porn case\n\n   Text.\n",
        ".. topic:: Case\n\n   The police found child porn.\n",
        ".. sidebar:: The child porn case\n\n   Text.\n",
        ".. rubric:: The child porn case\n",
        ".. highlights::\n\n   The police found child porn.\n",
        ".. versionadded:: 2.0\n\n   The police found child porn.\n",
    ],
    ("reStructuredText", "The content of directives termlint does not know"): [
        ".. container:: box\n\n   The police found child porn.\n",
        ".. only:: html\n\n   The police found child porn.\n",
        ".. figure:: chart.png\n\n   The police found child porn.\n",
    ],
    ("reStructuredText", "The `alt`, `caption`"): [
        ".. image:: chart.png\n   :alt: A child porn chart\n",
        ".. code-block:: text\n   :caption: The child porn case\n\n   code\n",
        ".. sidebar:: Case\n   :subtitle: The child porn case\n\n   Text.\n",
    ],
    ("reStructuredText", "The text of a `replace`"): [
        ".. |case| replace:: the child porn case\n\nSee |case|.\n"
    ],
    ("reStructuredText", "Text around emphasis"): [
        "The police found child *porn*.\n",
        "The police found **child** porn.\n",
    ],
    ("reStructuredText", "Block quotes"): [
        f"He wrote:\n\n   {SAID}\n",
        f"- Item.\n\n      {SAID}\n",
        f".. note::\n\n   He wrote:\n\n      {SAID}\n",
    ],
    ("reStructuredText", "`epigraph` and `pull-quote`"): [
        f".. epigraph::\n\n   {SAID}\n\n   -- A witness\n",
        f".. pull-quote::\n\n   {SAID}\n",
    ],
    ("reStructuredText", "Text in quotation marks"): [
        'He said: "the police found child *porn* here".\n',
        "He said: \u201cthe police found child porn\u201d.\n",
    ],
    ("reStructuredText", "Emphasis (`*…*`) that names a work"): [
        "In *The Child Porn Files* (2003) she wrote more.\n"
    ],
    ("reStructuredText", "Comments"): [
        ".. The police found child porn.\n",
        "..\n   The police found child porn.\n",
    ],
    ("reStructuredText", "Inline literals and literal blocks"): [
        "Run ``grep child-porn`` now.\n",
        "Example::\n\n   child porn\n",
        "Example:\n\n::\n\n   child porn\n",
        ".. note::\n\n   Example::\n\n      child porn\n",
    ],
    ("reStructuredText", "The content of `code`"): [
        ".. code-block:: text\n\n   child porn\n",
        ".. code:: text\n\n   child porn\n",
        ".. math::\n\n   child porn\n",
        ".. raw:: html\n\n   child porn\n",
        ".. toctree::\n   :maxdepth: 2\n\n   child-porn-laws\n",
        ".. csv-table:: Cases\n\n   2020, child porn\n",
        ".. parsed-literal::\n\n   child porn\n",
        ".. index:: child porn\n",
    ],
    ("reStructuredText", "Directive names, arguments"): [
        ".. container:: child-porn\n\n   Text.\n",
        ".. image:: child-porn.png\n",
        ".. figure:: chart.png\n   :name: child-porn\n\n   Caption.\n",
        ".. child-porn::\n\n   Text.\n",
    ],
    ("reStructuredText", "Hyperlink targets"): [
        ".. _child-porn: https://example.org/x\n\nText.\n",
        "See `the report <https://example.org/child-porn>`_.\n",
    ],
    ("reStructuredText", "Other substitution definitions"): [".. |child porn| image:: logo.png\n"],
    ("reStructuredText", "Footnote and citation labels"): [
        "See [child-porn]_ here.\n\n.. [child-porn] A note.\n"
    ],
    ("reStructuredText", "Section under- and overlines"): [
        ":child-porn: A value.\n",
        "See :child-porn:`the text` here.\n",
    ],
    ("reStructuredText", "What a role names"): [
        "See :ref:`child-porn` here.\n",
        "See :doc:`child porn` here.\n",
        "See :term:`child porn` here.\n",
        "See :ref:`the case <child-porn>` here.\n",
    ],
    ("reStructuredText", "Interpreted text without a role"): [
        "In `The child porn files` (2003) she wrote more.\n",
        "In :title-reference:`The child porn files` she wrote more.\n",
        "In :t:`The child porn files` she wrote more.\n",
    ],
    ("reStructuredText", "Substitution references"): [
        "See |child porn| here.\n\n.. |Child porn| replace:: it\n"
    ],
    ("reStructuredText", "The bodies of metadata fields"): [
        "Title\n=====\n\n:slug: child-porn\n:tags: child porn, cases\n\nText.\n",
        ":category: child porn\n",
    ],
    ("reStructuredText", "The text of a hyperlink reference by name"): [
        "See `child porn`_ here.\n\n.. _Child porn: https://example.org/x\n"
    ],
    ("reStructuredText", "URLs"): [
        "See https://example.org/child-porn today.\n",
        "Write to child-porn@example.org today.\n",
    ],
    # ------------------------------------------------------------ LaTeX
    ("LaTeX", "Running text"): ["The police found child porn.\n"],
    ("LaTeX", "The text arguments of sectioning"): [
        "\\section{The child porn case}\n",
        "The police found \\emph{child porn}.\n",
        "Text.\\footnote{The police found child porn.}\n",
    ],
    ("LaTeX", "The text of `\\href"): [
        "See \\href{https://example.org/x}{the child porn report}.\n",
        "See \\hyperref[sec:x]{the child porn section}.\n",
        "See \\hyperlink{x}{the child porn cases}.\n",
        "\\hypertarget{x}{The child porn cases}\n",
    ],
    ("LaTeX", "The short titles"): [
        "\\section[The child porn case]{Case}\n",
        "\\chapter[The child porn case]{Case}\n",
        "\\caption[The child porn chart]{Chart}\n",
        "\\begin{description}\n\\item[child porn] A term.\n\\end{description}\n",
    ],
    ("LaTeX", "The `quote`, `quotation`"): [
        f"\\begin{{{env}}}\n{SAID}\n\\end{{{env}}}\n"
        for env in ("quote", "quotation", "verse", "displayquote")
    ],
    ("LaTeX", "Quotations from a source"): [
        "He said \\textquote{child porn}.\n",
        "\\blockquote[Smith]{The police found child porn.}\n",
        "\\textcquote{smith2020}{The police found child porn}.\n",
        "\\blockcquote[p.~3]{smith2020}{The police found child porn.}\n",
        "\\foreigntextquote{english}{The police found \\emph{child} porn}.\n",
    ],
    ("LaTeX", "Quotation marks"): [
        "He said: ``the police found child porn''.\n",
        "He said: `the police found child porn'.\n",
        "He said: \\enquote{the police found child porn}.\n",
        "He said: \\enquote*{the police found child porn}.\n",
        "He said: \\foreignquote{english}{the police found child porn}.\n",
        "He said: \\hyphenquote{english}{the police found child porn}.\n",
        "He said: \u201cthe police found child porn\u201d.\n",
        'He said: "the police found child \\emph{porn}".\n',
    ],
    ("LaTeX", "`\\emph`, `\\textit`"): [
        "In \\emph{The Child Porn Files} (2003) she wrote more.\n",
        "In \\textit{Child Porn: The Hidden Trade} she wrote more.\n",
    ],
    ("LaTeX", "Comments"): ["Text. % child porn\n"],
    ("LaTeX", "Command names and other optional"): [
        "\\documentclass[child porn]{article}\n",
        "Text.\\footnote[child porn]{A note.}\n",
    ],
    ("LaTeX", "The arguments of `\\cite`"): [
        "See \\cite{child-porn}.\n",
        "See \\citep[p.~3]{child-porn}.\n",
        "See \\ref{sec:child-porn}.\n",
        "See \\parencite{child-porn}.\n",
        "See \\autocite[see][p.~3]{child-porn}.\n",
        "See \\footcites{a}{child-porn}.\n",
        "See \\nameref{sec:child-porn}.\n",
        "See \\hyperlink{child-porn}{the section}.\n",
        "\\hypertarget{child-porn}{The section}\n",
        "See \\gls{child-porn}.\n",
        "See \\path{/cases/child-porn}.\n",
        "\\subfile{child-porn}\n",
        "\\label{child-porn}\n",
        "\\url{https://example.org/child-porn}\n",
        "\\input{child-porn}\n",
        "\\includegraphics{child-porn.png}\n",
        "\\begin{child-porn}\nText.\n\\end{child-porn}\n",
    ],
    ("LaTeX", "The citation key and language"): [
        "\\textcquote{child-porn}{The police found nothing}.\n",
        "\\foreignquote{child-porn}{some words}.\n",
    ],
    ("LaTeX", "Inline verbatim"): [
        "Run \\verb|child porn| now.\n",
        "Run \\lstinline{child porn} now.\n",
        "Run \\mintinline{text}{child porn} now.\n",
    ],
    ("LaTeX", "Math"): [
        "$child porn$\n",
        "$$child porn$$\n",
        "\\(child porn\\)\n",
        "\\[child porn\\]\n",
        "\\begin{equation}\nchild porn\n\\end{equation}\n",
    ],
    ("LaTeX", "Verbatim and code"): [
        "\\begin{verbatim}\nchild porn\n\\end{verbatim}\n",
        "\\begin{lstlisting}\nchild porn\n\\end{lstlisting}\n",
    ],
    # ------------------------------------------------------------ wikitext
    ("Wikitext", "Running text, headings, table cells"): [
        "The police found child porn.\n",
        "Intro.\n\n== The child porn case ==\n",
        "{|\n| The police found child porn\n|}\n",
    ],
    ("Wikitext", "Link labels"): [
        "See [[Case law|the child porn case]].\n",
        "See [https://example.org/x the child porn report].\n",
    ],
    ("Wikitext", "Image captions"): ["[[File:Chart.png|thumb|The child porn chart]]\n"],
    ("Wikitext", "The values of template parameters"): [
        "{{Infobox case|summary=The police found child porn}}\n"
    ],
    ("Wikitext", "Text around bold and italic"): [
        "The police found '''child''' porn.\n",
        "* The police found ''child porn''.\n",
    ],
    ("Wikitext", "`[[Page]]` links"): ["See [[child pornography]] for more.\n"],
    ("Wikitext", "Citation fields"): [
        "{{cite book |title=the child porn files |publisher=Press}}\n"
    ],
    ("Wikitext", "The entries of *References*"): [
        "Text.\n\n== References ==\n* Smith, J. the child porn files. Press, 2020.\n"
    ],
    ("Wikitext", "`{{quote"): [
        f"{{{{quote|{SAID}}}}}\n",
        f"{{{{blockquote|{SAID}}}}}\n",
        f"<blockquote>{SAID}</blockquote>\n",
        "He said <q>the police found child porn</q>.\n",
    ],
    ("Wikitext", "Text in quotation marks"): [
        "He said: \"the police found child '''porn'''\".\n",
        "He said: \u201cthe police found child porn\u201d.\n",
    ],
    ("Wikitext", "Italic text (`''…''`)"): ["In ''The Child Porn Files'' (2003) she wrote more.\n"],
    ("Wikitext", "Link targets"): ["See [[Child porn laws|the laws]].\n"],
    ("Wikitext", "Template names and parameter names"): [
        "{{child porn|x}}\n",
        "{{Infobox|child porn=yes}}\n",
    ],
    ("Wikitext", "Navigation templates"): [
        "{{Main|Child porn}}\n",
        "{{See also|Child porn}}\n",
        "{{Short description|The child porn case}}\n",
    ],
    ("Wikitext", "`<ref>` elements"): [
        "Text.<ref>The police found child porn.</ref>\n",
        'Text.<ref name="child-porn" />\n',
    ],
    ("Wikitext", "Code, math and notation"): [
        '<syntaxhighlight lang="text">\nchild porn\n</syntaxhighlight>\n',
        "<source>child porn</source>\n",
        "<pre>child porn</pre>\n",
        "Run <code>child porn</code> now.\n",
        "<math>\\text{child porn}</math>\n",
        "<chem>child porn</chem>\n",
    ],
    ("Wikitext", "HTML tags and comments"): [
        '<span class="child-porn">Text</span>\n',
        "<!-- child porn -->\nText.\n",
    ],
    ("Wikitext", "URLs"): ["See https://example.org/child-porn today.\n"],
    # ------------------------------------------------------------ DOCX
    ("Word (DOCX)", "Body paragraphs and table cells"): [
        ("body", "", "The police found child porn."),
        ("table", "", "The police found child porn."),
    ],
    ("Word (DOCX)", "Headers, footers"): [
        (part, "", "The police found child porn.")
        for part in ("header", "footer", "footnote", "endnote", "comment")
    ],
    ("Word (DOCX)", "Italic runs"): [
        (
            "body",
            "",
            f"{_run('In ')}{_run('The Child Porn Files', props)}{_run(' (2003) she wrote.')}",
        )
        for props in ("<w:i/>", '<w:rStyle w:val="BookTitle"/>', '<w:rStyle w:val="Emphasis"/>')
    ]
    + [
        (
            "body",
            "",
            _run("In ")
            + _run("The Child ", "<w:i/>")
            + _run("Porn", '<w:i w:val="1"/><w:b/>')
            + _run(" Files", "<w:i/>")
            + _run(" by Jane Doe she wrote."),
        )
    ],
    ("Word (DOCX)", "Paragraphs in the *Quote*"): [
        ("body", style, SAID) for style in ("Quote", "IntenseQuote", "BlockText")
    ],
    # ------------------------------------------------------------ ODT
    ("OpenDocument (ODT)", "Body paragraphs and headings"): [
        Odt(FOUND, (1, 18)),
        Odt('<text:h text:outline-level="1">The child porn case</text:h>', (1, 5)),
        Odt(
            '<table:table table:name="T"><table:table-column/><table:table-row>'
            f"<table:table-cell><text:p>Year</text:p></table:table-cell><table:table-cell>{FOUND}"
            "</table:table-cell></table:table-row></table:table>",
            (2, 18),
        ),
        Odt(
            "<text:list><text:list-item><text:p>First.</text:p></text:list-item>"
            f"<text:list-item>{FOUND}</text:list-item></text:list>",
            (2, 18),
        ),
        Odt(f'<text:section text:name="Case">{FOUND}</text:section>', (1, 18)),
        Odt(
            '<text:p><draw:frame draw:name="Box" text:anchor-type="paragraph" svg:width="5cm"'
            f' svg:height="2cm"><draw:text-box>{FOUND}</draw:text-box></draw:frame>'
            "The box is anchored here.</text:p><text:p>After the box.</text:p>",
            (2, 18),
        ),
    ],
    ("OpenDocument (ODT)", "Headers and footers"): [
        Odt("<text:p>Body.</text:p>", (2, 18), header=FOUND),
        Odt("<text:p>Body.</text:p>", (2, 18), footer=FOUND),
        Odt(_note("footnote", "The police found child porn."), (2, 18)),
        Odt(_note("endnote", "The police found child porn."), (2, 18)),
        Odt(
            "<text:p>Body<office:annotation><dc:creator>An Editor</dc:creator>"
            "<dc:date>2026-11-30T10:00:00</dc:date><text:p>The police found child porn.</text:p>"
            "</office:annotation> text.</text:p>",
            (2, 18),
        ),
    ],
    ("OpenDocument (ODT)", "Text around spans"): [
        Odt(
            '<text:p>The police found child <text:span text:style-name="T1">porn</text:span>.'
            "</text:p>",
            (1, 18),
            automatic='<style:style style:name="T1" style:family="text">'
            '<style:text-properties fo:font-weight="bold"/></style:style>',
        ),
        Odt("<text:p>The police found child<text:s/>porn.</text:p>", (1, 18)),
        Odt("<text:p>The police found child<text:line-break/>porn.</text:p>", (1, 18)),
        Odt("<text:p>  The   police found child\n     porn.</text:p>", (1, 18)),
        Odt("<text:p>Police<text:tab/>found child porn.</text:p>", (1, 14)),
    ],
    ("OpenDocument (ODT)", "Tracked insertions"): [
        Odt(
            _tracked("insertion")
            + '<text:p>The police found <text:change-start text:change-id="ct1"/>'
            'child porn<text:change-end text:change-id="ct1"/>.</text:p>',
            (1, 18),
        ),
        Odt(
            '<text:p>See <text:a xlink:type="simple" xlink:href="https://example.org/">'
            "the child porn report</text:a>.</text:p>",
            (1, 9),
        ),
    ],
    ("OpenDocument (ODT)", "Text in italics"): [
        Odt(
            f'<text:p>In <text:span text:style-name="{name}">The child porn files</text:span>'
            " (2003) she wrote.</text:p>",
            (1, 8),
            automatic=automatic,
        )
        for name, automatic in (
            (
                "T1",
                '<style:style style:name="T1" style:family="text">'
                '<style:text-properties fo:font-style="italic"/></style:style>',
            ),
            (
                "T2",
                '<style:style style:name="T2" style:family="text" style:parent-style-name="T1"/>'
                '<style:style style:name="T1" style:family="text">'
                '<style:text-properties fo:font-style="italic"/></style:style>',
            ),
            ("Emphasis", ""),
        )
    ],
    ("OpenDocument (ODT)", "Paragraphs in the *Quotations*"): [
        Odt(f'<text:p text:style-name="{style}">{SAID}</text:p>', (1, 18))
        for style in ("Quotations", "Quote", "Intense_20_Quote", "Block_20_Text")
    ]
    + [
        Odt(
            f'<text:p text:style-name="P1">{SAID}</text:p>',
            (1, 18),
            automatic='<style:style style:name="P1" style:family="paragraph"'
            ' style:parent-style-name="Quotations"/>',
        )
    ],
    ("OpenDocument (ODT)", "Fields"): [
        Odt(
            '<text:p>See <text:chapter text:display="name">the child porn case</text:chapter>.'
            "</text:p>",
            (1, 9),
        ),
        Odt(
            '<text:p>See <text:bookmark-ref text:reference-format="text" text:ref-name="case">'
            "the child porn case</text:bookmark-ref>.</text:p>",
            (1, 9),
        ),
        Odt(
            '<text:table-of-content text:name="Contents"><text:table-of-content-source'
            ' text:outline-level="1"/><text:index-body><text:p>The child porn case<text:tab/>2'
            "</text:p></text:index-body></text:table-of-content><text:p>Body.</text:p>",
            (1, 5),
        ),
        Odt(
            '<text:alphabetical-index text:name="Index"><text:alphabetical-index-source/>'
            "<text:index-body><text:p>child porn, 4</text:p></text:index-body>"
            "</text:alphabetical-index><text:p>Body.</text:p>",
            (1, 1),
        ),
    ],
    ("OpenDocument (ODT)", "Tracked deletions"): [
        Odt(
            _tracked("deletion", "child porn ")
            + '<text:p>The <text:change text:change-id="ct1"/>ring was shut.</text:p>'
        ),
    ],
    ("OpenDocument (ODT)", "Comments termlint wrote"): [
        Odt(
            "<text:p>Body<office:annotation><dc:creator>termlint</dc:creator>"
            "<dc:date>2026-11-30T10:00:00</dc:date>"
            "<text:p>'child porn' is slang that trivialises abuse.</text:p>"
            "<text:p>termlint rule child-porn-slang</text:p></office:annotation> text.</text:p>"
        ),
        Odt(
            "<text:p>Body<office:annotation><dc:creator>termlint</dc:creator>"
            "<dc:date>2026-11-30T10:00:00</dc:date>"
            "<text:p>Again “child porn”: child sexual abuse material (see the comment above)."
            "</text:p><text:p>termlint rule child-porn-slang</text:p></office:annotation>"
            " text.</text:p>"
        ),
    ],
}


def documented_rows() -> list[tuple[str, str, str]]:
    """(section, what, read as) for every row of every table in docs/formats.md."""
    rows = []
    section = ""
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        elif line.startswith("| ") and section in EXTENSION:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if len(cells) == 2 and cells[0] != "What":
                rows.append((section, cells[0], cells[1]))
    return rows


ROWS = documented_rows()


def examples_of(section: str, what: str) -> list:
    keys = [k for k in EXAMPLES if k[0] == section and what.startswith(k[1])]
    assert len(keys) == 1, f"{section}: {what!r} has {len(keys)} sets of examples"
    return EXAMPLES[keys[0]]


def test_every_documented_row_has_examples_and_every_example_a_row() -> None:
    assert {s for s, _, _ in ROWS} == set(EXTENSION)
    assert {r for _, _, r in ROWS} == {
        "prose",
        "quotation",
        "title",
        "name",
        "definition",
        "skipped",
    }
    used = set()
    for section, what, _ in ROWS:
        examples_of(section, what)
        used |= {k for k in EXAMPLES if k[0] == section and what.startswith(k[1])}
    assert used == set(EXAMPLES)


def _docx(path: Path, part: str, style: str, text: str) -> None:
    """A Word package with one paragraph of ``text`` in ``part``, beside a
    body paragraph."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    runs = text if text.startswith("<w:r>") else _run(text)  # (runs as written, or text)
    para = f"<w:p>{props}{runs}</w:p>"
    other = '<w:p><w:r><w:t xml:space="preserve">Body.</w:t></w:r></w:p>'
    body = {"body": para, "table": f"<w:tbl><w:tr><w:tc>{para}</w:tc></w:tr></w:tbl>"}
    parts = {
        "header": ("word/header1.xml", f"<w:hdr {w}>{para}</w:hdr>"),
        "footer": ("word/footer1.xml", f"<w:ftr {w}>{para}</w:ftr>"),
        "footnote": (
            "word/footnotes.xml",
            f"<w:footnotes {w}><w:footnote>{para}</w:footnote></w:footnotes>",
        ),
        "endnote": (
            "word/endnotes.xml",
            f"<w:endnotes {w}><w:endnote>{para}</w:endnote></w:endnotes>",
        ),
        "comment": (
            "word/comments.xml",
            f'<w:comments {w}><w:comment w:id="0">{para}</w:comment></w:comments>',
        ),
    }
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            f"<w:document {w}><w:body>{other}{body.get(part, '')}</w:body></w:document>",
        )
        if part in parts:
            z.writestr(*parts[part])


def _write(directory: Path, name: str, example: str | tuple[str, str, str] | Odt) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(example, Odt):
        build_odt(
            path,
            example.body,
            automatic=example.automatic,
            header=example.header,
            footer=example.footer,
        )
    elif isinstance(example, tuple):
        _docx(path, *example)
    else:
        path.write_bytes(example.encode("utf-8"))
    return path


def _termlint(termlint_bin: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [termlint_bin, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


def _name(section: str, row: int, k: int) -> str:
    return f"{section.split()[0].lower()}/{row:02d}-{k}{EXTENSION[section]}"


@pytest.fixture(scope="module")
def checked(tmp_path_factory, termlint_bin: str) -> dict[str, list[dict]]:
    """Every example checked in one run of ``termlint check``: findings by path."""
    directory = tmp_path_factory.mktemp("rows")
    for row, (section, what, _) in enumerate(ROWS):
        for k, example in enumerate(examples_of(section, what)):
            _write(directory, _name(section, row, k), example)
    result = _termlint(
        termlint_bin, directory, "check", "--format", "json", "--show-suppressed", "."
    )
    assert result.returncode in (0, 1), result.stderr
    found: dict[str, list[dict]] = {}
    for f in json.loads(result.stdout)["findings"]:
        found.setdefault(Path(f["path"]).as_posix(), []).append(f)
    return found


def _spot(example: str) -> tuple[int, int]:
    """Line and column (1-based, code points) of the example's "child"."""
    at = example.lower().index("child")
    return example.count("\n", 0, at) + 1, at - (example.rfind("\n", 0, at) + 1) + 1


@pytest.mark.parametrize(
    ("row", "section", "what", "read_as"),
    [(i, *r) for i, r in enumerate(ROWS)],
    ids=[f"{s}: {w[:50]}" for s, w, _ in ROWS],
)
def test_documented_row(checked, row: int, section: str, what: str, read_as: str) -> None:
    for k, example in enumerate(examples_of(section, what)):
        findings = checked.get(_name(section, row, k), [])
        hits = [f for f in findings if f["rule"] in RULES]
        shown = [f for f in hits if "suppressed_by" not in f]
        spot = _spot(example) if isinstance(example, str) else getattr(example, "spot", None)
        described = f"{read_as}: {example!r} -> {[(f['line'], f['column'], f.get('note'), f.get('suppressed_by')) for f in findings]}"
        if read_as == "skipped":
            assert hits == [], described
        elif read_as == "definition":
            assert "CSAM" in example
            assert not [f for f in findings if f["rule"] == "acronym-undefined"], described
        elif read_as in ("title", "name"):
            reasons = (
                {"title of a work"}
                if read_as == "title"
                else {"link target", "file name", "path", "hashtag or handle", "option value"}
            )
            assert shown == [], described
            assert len(hits) == 1 and hits[0]["suppressed_by"] in reasons, described
            assert spot is None or [(f["line"], f["column"]) for f in hits] == [spot], described
        else:
            assert len(shown) == 1, described
            (f,) = shown
            if read_as == "quotation":
                assert (f["severity"], f.get("note"), f["fixable"]) == (
                    "info",
                    "quotation",
                    False,
                ), described
            else:
                assert f["severity"] != "info" and f.get("note") is None, described
            assert spot is None or (f["line"], f["column"]) == spot, described


CONTROL = "\n\nThe police found child porn.\n"
QUOTED = [
    (i, k, section, example)
    for i, (section, what, read_as) in enumerate(ROWS)
    if read_as == "quotation"
    for k, example in enumerate(examples_of(section, what))
    if isinstance(example, str)  # termlint never writes DOCX files
]


@pytest.fixture(scope="module")
def fixed(tmp_path_factory, termlint_bin: str) -> Path:
    """Every quotation example, with a sentence of the author's after it,
    fixed in one run of ``termlint fix``."""
    directory = tmp_path_factory.mktemp("fixed")
    for row, k, section, example in QUOTED:
        _write(directory, _name(section, row, k), example + CONTROL)
    result = _termlint(termlint_bin, directory, "fix", ".")
    assert result.returncode in (0, 1), result.stderr
    return directory


@pytest.mark.parametrize(
    ("row", "k", "section", "example"),
    QUOTED,
    ids=[f"{s}: {e[:40]!r}" for _, _, s, e in QUOTED],
)
def test_fix_leaves_quotations_untouched(fixed, row: int, k: int, section: str, example: str):
    after = (fixed / _name(section, row, k)).read_bytes().decode("utf-8")
    assert after.startswith(example), after  # the quotation, byte for byte
    assert "child porn" not in after[len(example) :], after  # the author's words: fixed
