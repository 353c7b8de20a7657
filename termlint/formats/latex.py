"""LaTeX (``.tex``, ``.ltx``).

Checked as prose: running text, the text arguments of sectioning and
formatting commands (``\\section{...}``, ``\\emph{...}``, ``\\footnote{...}``),
the text of ``\\href{url}{text}``.

Skipped: comments (``%`` to the end of the line), command names, optional
arguments, the arguments of ``\\cite``, ``\\ref``, ``\\label``, ``\\url``,
``\\input``, ``\\include``, ``\\usepackage``, ``\\documentclass``,
``\\includegraphics``, ``\\begin``/``\\end`` and the like, math (``$...$``,
``$$...$$``, ``\\(...\\)``, ``\\[...\\]``, math environments), verbatim and code
environments, braces.

Structure: the ``quote``, ``quotation`` and ``verse`` environments are
quotations.
"""

from __future__ import annotations

import re

from ..document import Document
from ._mask import Masker
from .plain import skip_addresses

NON_PROSE_ARGUMENT = (
    "cite|citep|citet|citeauthor|citeyear|nocite|ref|eqref|pageref|autoref|cref|Cref|label|url|"
    "input|include|includeonly|usepackage|RequirePackage|documentclass|includegraphics|"
    "bibliography|bibliographystyle|begin|end|newcommand|renewcommand|providecommand|"
    "setlength|addtolength|setcounter|hypersetup|graphicspath|pagestyle|thispagestyle|"
    "color|textcolor|definecolor|hspace|vspace|fontsize|selectfont"
)
_COMMENT = re.compile(r"(?<!\\)%([^\n]*)")
_SKIP_ENVS = re.compile(
    r"\\begin\{(verbatim|lstlisting|minted|comment|equation|align|gather|multline|eqnarray|"
    r"math|displaymath|tikzpicture)(\*?)\}.*?(?:\\end\{\1\2\}|\Z)",
    re.DOTALL,
)
_MATH = re.compile(r"\$\$.*?\$\$|(?<!\\)\$(?:\\\$|[^$])+?\$|\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL)
_SKIPPED_COMMAND = re.compile(
    rf"\\(?:{NON_PROSE_ARGUMENT})\*?(?:\s*\[[^\]]*\])*(?:\s*\{{[^{{}}]*\}})*"
)
_HREF = re.compile(r"\\href\s*\{[^{}]*\}")
_COMMAND = re.compile(r"\\(?:[A-Za-z@]+\*?|.)(?:\s*\[[^\]]*\])*")
_BRACE = re.compile(r"(?<!\\)[{}]")
_QUOTE_ENV = re.compile(r"\\begin\{(quote|quotation|verse)\}(.*?)\\end\{\1\}", re.DOTALL)


def to_document(path: str, text: str) -> Document:
    masker = Masker(path, text, "latex")
    for m in _COMMENT.finditer(text):
        masker.skip_match(m)
        masker.comments.append((m.start(), m.end(), m.group(1)))
    for pattern in (_SKIP_ENVS, _MATH, _HREF, _SKIPPED_COMMAND, _COMMAND, _BRACE):
        for m in pattern.finditer(text):
            masker.skip_match(m)
    for m in _QUOTE_ENV.finditer(text):
        masker.quotations.append(m.span(2))
    skip_addresses(masker)
    return masker.document()
