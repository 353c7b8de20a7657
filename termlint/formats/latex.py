"""LaTeX (``.tex``, ``.ltx``).

Checked as prose: running text, the text arguments of sectioning and
formatting commands (``\\section{...}``, ``\\emph{...}``, ``\\footnote{...}``),
the short titles of sectioning commands and captions and the labels of
list items (``\\section[...]``, ``\\caption[...]``, ``\\item[...]``), the
text of ``\\href{url}{text}``, ``\\hyperref[label]{text}``,
``\\hyperlink{anchor}{text}`` and ``\\hypertarget{anchor}{text}``.

Skipped: comments (``%`` to the end of the line), command names, other
optional arguments, the arguments that name something rather than say it:
citation keys (``\\cite`` and every natbib and biblatex citation command,
``\\parencite``, ``\\autocite``, ``\\footcite``...), labels and
cross-references (``\\label``, ``\\ref``, ``\\cref``, ``\\nameref``...),
glossary and acronym keys (``\\gls``, ``\\ac``...), files (``\\input``,
``\\include``, ``\\subfile``, ``\\includegraphics``, ``\\addbibresource``...),
addresses and paths (``\\url``, ``\\path``, ``\\nolinkurl``), units,
``\\usepackage``, ``\\documentclass``, ``\\begin``/``\\end``, definitions
and the like; inline verbatim (``\\verb|...|``, ``\\lstinline``,
``\\mintinline``), math (``$...$``,
``$$...$$``, ``\\(...\\)``, ``\\[...\\]``, math environments), verbatim and code
environments, braces, the citation key of ``csquotes``' ``\\textcquote`` and
``\\blockcquote`` and the language of ``\\foreignquote``.

Structure: the ``quote``, ``quotation``, ``verse`` and ``displayquote``
environments, and quotations from a source (``\\textquote{...}``,
``\\blockquote{...}``, ``\\textcquote{key}{...}``...), are quotations;
text in quotation marks written as markup (````...''``, ```...'``,
``\\enquote{...}``) is quoted as it is in “...”: a short one in the author's
own sentence is a scare quote.
"""

from __future__ import annotations

import re

from ..document import Document
from ._mask import Masker, lf_lines
from .plain import skip_addresses

NON_PROSE_ARGUMENT = (
    # labels, cross-references (not \\href or \\hyperref, whose text is prose)
    r"label|zlabel|bibitem|(?!(?:href|hyperref)(?![A-Za-z]))[A-Za-z]*ref(?:range)?s?|"
    # glossaries and acronyms: an entry's key
    r"[gG]ls[A-Za-z]*|acr[A-Za-z]*|ac[sflp]?p?|Ac[sflp]?p?|newacronym|newglossaryentry|"
    # files, addresses, packages, definitions, lengths and colours, units
    r"url|path|nolinkurl|input|include|includeonly|subfile|subfileinclude|import|subimport|"
    r"inputfrom|includefrom|includepdf|includesvg|includestandalone|lstinputlisting|"
    r"inputminted|externaldocument|addbibresource|printbibliography|"
    r"usepackage|RequirePackage|documentclass|includegraphics|"
    r"bibliography|bibliographystyle|begin|end|newcommand|renewcommand|providecommand|"
    r"newenvironment|renewenvironment|newtheorem|newcounter|DeclareMathOperator|"
    r"setlength|addtolength|setcounter|hypersetup|graphicspath|pagestyle|thispagestyle|"
    r"color|textcolor|definecolor|hspace|vspace|fontsize|selectfont|SI|si|qty|unit|num"
)
#: Citation commands of LaTeX, natbib and biblatex (``\\cite``, ``\\citep``,
#: ``\\parencite``, ``\\Autocite``, ``\\footcites``...): optional notes
#: and keys in any order.
_CITATION = re.compile(
    r"\\[A-Za-z]*(?:cite|Cite)[A-Za-z]*(?![A-Za-z])\*?"
    r"(?:\s*(?:\[[^\]]*\]|\([^()]*\)|\{[^{}]*\}))*"
)
#: Inline verbatim: ``\\verb|...|``, ``\\lstinline{...}``, ``\\mintinline{lang}{...}``.
_INLINE_VERBATIM = re.compile(
    r"\\(?:verb|Verb)\*?([^\sA-Za-z*])[^\n]*?\1"
    r"|\\(?:lstinline|mintinline|code)(?:\[[^\]\n]*\])?(?:(?<=mintinline)\{[^{}\n]*\})?"
    r"(?:\{[^{}\n]*\}|([^\s{A-Za-z])[^\n]*?\2)"
)
#: Commands whose optional argument is prose: a short title, a caption for
#: the list of figures, a list item's label.
_PROSE_OPTIONAL = (
    "part|chapter|section|subsection|subsubsection|paragraph|subparagraph|caption|item"
)
_COMMENT = re.compile(r"(?<!\\)%([^\n]*)")
_SKIP_ENVS = re.compile(
    r"\\begin\{(verbatim|lstlisting|minted|comment|equation|align|gather|multline|eqnarray|"
    r"math|displaymath|tikzpicture)(\*?)\}.*?(?:\\end\{\1\2\}|\Z)",
    re.DOTALL,
)
_MATH = re.compile(r"\$\$.*?\$\$|(?<!\\)\$(?:\\\$|[^$])+?\$|\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL)
_SKIPPED_COMMAND = re.compile(
    # (?![A-Za-z]): the whole name (\include is not \includegraphics, \cite not \citep)
    rf"\\(?:{NON_PROSE_ARGUMENT})(?![A-Za-z])\*?(?:\s*\[[^\]]*\])*(?:\s*\{{[^{{}}]*\}})*"
)
#: The address or anchor of a link whose second argument is its text.
_HREF = re.compile(r"\\(?:href|hyperlink|hypertarget)\s*\{[^{}]*\}")
_COMMAND = re.compile(
    rf"\\(?:(?:{_PROSE_OPTIONAL})\*?(?![A-Za-z@])|(?:[A-Za-z@]+\*?|.)(?:\s*\[[^\]]*\])*)"
)
_BRACE = re.compile(r"(?<!\\)[{}]")
_QUOTE_ENV = re.compile(
    r"\\begin\{(quote|quotation|verse|displayquote|displaycquote|foreigndisplayquote)\}"
    r"(.*?)\\end\{\1\}",
    re.DOTALL,
)
#: csquotes commands: the quoted text is the last mandatory argument; the
#: number of mandatory arguments before it (a citation key, a language) is
#: skipped. "inline": quotation marks only (``\\enquote``: it may be a scare
#: quote), else a quotation from a source.
QUOTE_COMMANDS: dict[str, tuple[int, bool]] = {
    "enquote": (0, True),
    "foreignquote": (1, True),
    "hyphenquote": (1, True),
    "textquote": (0, False),
    "blockquote": (0, False),
    "foreigntextquote": (1, False),
    "foreignblockquote": (1, False),
    "hyphentextquote": (1, False),
    "hyphenblockquote": (1, False),
    "textcquote": (1, False),
    "blockcquote": (1, False),
    "foreigntextcquote": (2, False),
    "foreignblockcquote": (2, False),
    "hyphentextcquote": (2, False),
    "hyphenblockcquote": (2, False),
    "hybridblockquote": (1, False),
    "hybridblockcquote": (2, False),
}
_QUOTE_COMMAND = re.compile(
    rf"\\({'|'.join(sorted(QUOTE_COMMANDS, key=len, reverse=True))})\*?(?![A-Za-z])"
)
_GROUP_MARK = re.compile(r"\\\\.|[{}]|\n[ \t]*\n", re.DOTALL)
_OPTIONAL = re.compile(r"\s*\[[^\]]*\]")
#: ``...'' and `...' (the closing marks not followed by a letter); at most a
#: paragraph long.
# (each alternative starts with its mark, so that the search skips ahead to one)
_MARKED_QUOTE = re.compile(
    r"``(?<!```)(?!`)(?:(?!\n[ \t]*\n)[^`]){1,3000}?''"
    r"|`(?<![`\w\\]`)(?!`)(?:(?!\n[ \t]*\n)[^`']|'(?=\w)){1,400}?'(?![\w'])"
)


def to_document(path: str, text: str) -> Document:
    masker = Masker(path, text, "latex")
    text = lf_lines(text)
    for m in _COMMENT.finditer(text):
        masker.skip_match(m)
        masker.comments.append((m.start(), m.end(), m.group(1)))
    for pattern in (
        _SKIP_ENVS,
        _INLINE_VERBATIM,
        _MATH,
        _HREF,
        _CITATION,
        _SKIPPED_COMMAND,
        _COMMAND,
        _BRACE,
    ):
        for m in pattern.finditer(text):
            masker.skip_match(m)
    for m in _QUOTE_ENV.finditer(text):
        masker.quotations.append(m.span(2))
    if "quote" in text:
        for m in _QUOTE_COMMAND.finditer(text):
            _quote_command(masker, text, m)
    if "`" in text:
        for m in _MARKED_QUOTE.finditer(text):
            masker.inline_quotations.append(m.span())
    skip_addresses(masker)
    return masker.document()


def _quote_command(masker: Masker, text: str, command: re.Match[str]) -> None:
    """Record the quotation of a csquotes command; skip its arguments that
    are not the quoted text (a language, a citation key)."""
    before, inline = QUOTE_COMMANDS[command.group(1)]
    pos = command.end()
    for argument in range(before + 1):
        while optional := _OPTIONAL.match(text, pos):
            pos = optional.end()
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        end = _group_end(text, pos)
        if end is None:
            return
        if argument < before:
            masker.skip(pos, end)
        else:
            (masker.inline_quotations if inline else masker.quotations).append((pos + 1, end - 1))
        pos = end


def _group_end(text: str, start: int) -> int | None:
    """The end (after its ``}``) of the brace group that opens at ``start``;
    None if there is none, or if it runs on past a paragraph."""
    if not text.startswith("{", start):
        return None
    depth = 0
    for m in _GROUP_MARK.finditer(text, start, min(len(text), start + 20_000)):
        mark = m.group()
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
            if depth == 0:
                return m.end()
        elif mark[0] != "\\":
            return None  # a blank line
    return None
