"""The ``mcp`` command: termlint as a Model Context Protocol server.

``termlint mcp`` serves MCP over standard input and output with the
official SDK (``mcp``), so that AI writing assistants can check a draft
before a person sees it. It loads the configuration as ``termlint check``
would (the one discovered from the current directory, or ``--config``, plus
``--with`` packs) and compiles its engine once, before it answers anything;
a configuration that cannot be loaded is one line on standard error and
exit code 2.

The tools, all read-only (nothing on disk is read or written but the
configuration):

* ``check_text`` -- the findings of a text, as ``termlint check --format
  json`` prints them (``{"version": 1, "findings": [...]}``);
* ``fix_text`` -- the text with the safe fixes applied, each fix, and the
  findings that remain (as ``termlint fix`` makes them);
* ``explain_rule`` -- one rule: rationale, preferred terms, sources, examples;
* ``list_rules`` -- the rules in effect.

``check_text`` and ``fix_text`` take an optional ``language``: ``auto``
(each paragraph's language identified, see :mod:`termlint.language`) or the
ISO 639-1 code of English or of a pack in effect (``fr`` with ``--with
fr``...), that language assumed for the whole text; without it, the
configuration's setting. The languages served are named in those tools'
descriptions; any other is a tool error that names them.

Each result is structured content (with an output schema) and the same
JSON as text. A request termlint cannot answer (an unknown rule id or
format, a text over ``--max-bytes``) is a tool error (``isError``) with a
one-line reason, never the end of the server. Standard output carries only
protocol messages; logging goes to standard error. The SDK is imported by
this module only, which the command line imports only for this command.
"""

from __future__ import annotations

from typing import Annotated, Any, NotRequired

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field
from typing_extensions import TypedDict  # pydantic reads typing's only from Python 3.12

from . import __version__
from .errors import TermlintError
from .formats import FORMATS, PACKAGES
from .language import AUTO
from .language import LANGUAGES as PACKS
from .service import Service

#: The largest text accepted, in bytes of UTF-8 (``--max-bytes``).
MAX_BYTES = 5_000_000

#: Formats a text can be read as (Word and OpenDocument are files, not text).
TEXT_FORMATS = tuple(name for name in FORMATS if name not in PACKAGES)

INSTRUCTIONS = """\
termlint checks writing about child sexual abuse and exploitation for
outdated or harmful terminology ("child pornography", "kiddie porn", "child
prostitute", "had sex with" said of a child...) and says, for each finding,
why and which terms to use instead (e.g. "child sexual abuse material").
Check a draft with check_text before a person reads it; apply fix_text for
the safe replacements and rewrite what remains using each finding's message
and replacements. Names of laws, treaties and organisations, titles of cited
works and quotations are exempt: keep them as written. explain_rule gives a
rule's rationale and sources."""

CHECK_DESCRIPTION = """\
Check a text with termlint, a terminology linter for writing about child
sexual abuse and exploitation, before a person reads it. It finds outdated
or harmful terms (e.g. "child pornography", "kiddie porn", "child
prostitute", "sex with" a child) and, for each finding, gives its rule id,
severity (error, warning, suggestion, info), a message saying why, and
'replacements': the preferred terms, best first (e.g. "child sexual abuse
material"). Names of statutes, treaties and organisations (e.g. the Child
Pornography Prevention Act), titles of cited works, quotations and
discussion of a term itself are exempt, or reported only as 'info': leave
them as written. Positions: 1-based 'line' and 'column' in Unicode code
points, 'end_column' exclusive; 'column_utf16'/'end_column_utf16' in UTF-16
code units. A finding with 'fixable': true is fixed by fix_text; the others
need a rewrite of the sentence. Returns {"version": 1, "findings": [...]},
the JSON of `termlint check --format json`; no findings means the text
passes."""

FIX_DESCRIPTION = """\
Apply termlint's safe fixes to a text about child sexual abuse and
exploitation: each discouraged term with one preferred replacement is
replaced (e.g. "child pornography" -> "child sexual abuse material"),
keeping case, articles and every other character; nothing inside
quotations, titles, names of laws or organisations, or code is changed.
Returns the fixed 'text', each fix made ('fixes': line, column, rule, old,
new, positions in the original text) and the 'findings' that remain in the
fixed text (same shape as check_text's): those need a rewrite by you or a
person, guided by their message and replacements. Read the result through:
a fix replaces words, not sentences."""

EXPLAIN_DESCRIPTION = """\
Explain one termlint rule (terminology about child sexual abuse and
exploitation) by its id, the 'rule' of a finding: why the term is
discouraged ('rationale'), the 'discouraged' terms, the 'preferred' terms,
the 'sources' (guidelines of child-protection bodies, law enforcement and
style guides), and examples of bad and good use. Use it to explain a
finding to the writer or to choose between replacements."""

LIST_DESCRIPTION = """\
List the termlint rules in effect (the default pack of terminology about
child sexual abuse and exploitation, plus any house style): each rule's
'id', 'kind', 'severity' and one-line 'summary'. explain_rule tells more
of one."""


# ---------------------------------------------------------------- schemas


class FindingJson(TypedDict):
    """One finding, as `termlint check --format json` prints it."""

    path: Annotated[str, Field(description="The text's name (its filename, or draft.txt).")]
    line: Annotated[int, Field(description="1-based line of the start.")]
    column: Annotated[int, Field(description="1-based column of the start, in code points.")]
    end_line: Annotated[int, Field(description="1-based line of the end.")]
    end_column: Annotated[int, Field(description="1-based column of the end (exclusive).")]
    column_utf16: Annotated[int, Field(description="'column' in UTF-16 code units.")]
    end_column_utf16: Annotated[int, Field(description="'end_column' in UTF-16 code units.")]
    rule: Annotated[str, Field(description="Rule id: explain_rule tells more.")]
    severity: Annotated[str, Field(description="error, warning, suggestion or info.")]
    message: Annotated[str, Field(description="What is wrong and what to say instead.")]
    replacements: Annotated[list[str], Field(description="Preferred terms, best first.")]
    text: Annotated[str, Field(description="The words found, as written.")]
    fixable: Annotated[bool, Field(description="Whether fix_text replaces it.")]
    note: NotRequired[Annotated[str, Field(description="Why it is only info, if so.")]]
    language: NotRequired[
        Annotated[
            str,
            Field(
                description="The language (ISO 639-1) of the rule that found it, where "
                "packs of several languages are in effect."
            ),
        ]
    ]


class CheckResult(TypedDict):
    """The findings of a text."""

    version: Annotated[int, Field(description="Version of the JSON shape (1).")]
    findings: list[FindingJson]


class FixMade(TypedDict):
    """One fix made, at its place in the original text."""

    line: int
    column: int
    rule: str
    old: str
    new: str


class FixResult(TypedDict):
    """A fixed text, the fixes made and the findings that remain."""

    version: int
    text: Annotated[str, Field(description="The text with every safe fix applied.")]
    fixes: list[FixMade]
    findings: Annotated[
        list[FindingJson], Field(description="Findings that remain in the fixed text.")
    ]


class Examples(TypedDict):
    bad: list[str]
    good: list[str]


class RuleExplained(TypedDict):
    """One rule, as `termlint explain` tells it."""

    id: str
    kind: str
    severity: str
    fixable: bool
    summary: str
    rationale: str
    discouraged: Annotated[list[str], Field(description="Terms and patterns it finds.")]
    preferred: Annotated[list[str], Field(description="Preferred terms, best first.")]
    sources: list[str]
    examples: Examples
    url: str | None


class RuleSummary(TypedDict):
    id: str
    kind: str
    severity: str
    summary: str


class RulesResult(TypedDict):
    """The rules in effect."""

    version: int
    rules: list[RuleSummary]


Text = Annotated[
    str,
    Field(description="The text to check, whole: a draft, an article, a paragraph."),
]
Filename = Annotated[
    str | None,
    Field(
        description="Optional name of the text, e.g. draft.md: its extension chooses the "
        "format (.md Markdown, .html, .rst, .tex LaTeX, .wiki; anything else plain text) "
        "and it names the text in findings. Nothing is read from or written to disk."
    ),
]
Format = Annotated[
    str | None,
    Field(
        description="Optional format of the text, overriding the filename's: "
        + ", ".join(TEXT_FORMATS)
        + " (default: by filename, else text)."
    ),
]
Select = Annotated[
    list[str] | None,
    Field(description="Optional: only these rule ids (or id prefixes)."),
]
Ignore = Annotated[
    list[str] | None,
    Field(description="Optional: skip these rule ids (or id prefixes)."),
]
Language = Annotated[
    str | None,
    Field(
        description="Optional language of the text: 'auto' (each paragraph's language is "
        "identified and checked with the rules of that language) or the ISO 639-1 code of "
        "a language this server checks, assumed for the whole text (the tool's description "
        "names them). Default: the configuration's setting (usually auto)."
    ),
]
RuleId = Annotated[
    str,
    Field(description="A rule id, e.g. child-pornography (a finding's 'rule')."),
]

READ_ONLY = ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)


# ---------------------------------------------------------------- the server


class Tools:
    """The tools, on one :class:`Service`."""

    def __init__(self, service: Service, max_bytes: int = MAX_BYTES) -> None:
        self.service = service
        self.max_bytes = max_bytes
        #: The languages of the rules in effect (ISO 639-1), English first.
        self.languages = service.languages()

    def _text(self, text: str) -> str:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.max_bytes:
            raise ToolError(
                f"the text is {size} bytes of UTF-8, more than this server's limit of "
                f"{self.max_bytes}; check it in parts"
            )
        return text

    def _options(
        self,
        filename: str | None,
        fmt: str | None,
        select: list[str] | None,
        ignore: list[str] | None,
        language: str | None = None,
    ) -> dict[str, Any]:
        if fmt and fmt not in TEXT_FORMATS:
            raise ToolError(
                f"unknown format '{fmt}': the formats of a text are {', '.join(TEXT_FORMATS)}"
            )
        return {
            "filename": filename,
            "fmt": fmt or None,
            "select": tuple(v.strip() for v in select or () if v.strip()),
            "ignore": tuple(v.strip() for v in ignore or () if v.strip()),
            "language": self._language(language),
        }

    def _language(self, value: str | None) -> str | None:
        """``auto``, a language served, or None (the configuration's)."""
        if value is None or not value.strip():
            return None
        code = value.strip().lower()
        if code == AUTO or code in self.languages:
            return code
        shown = value.strip() if value.isprintable() and len(value) <= 40 else "that value"
        hint = (
            f"; termlint's pack for it is added with 'termlint mcp --with {code}'"
            if code in PACKS
            else ""
        )
        raise ToolError(
            f"unknown language '{shown}': this server checks "
            f"{', '.join([AUTO, *self.languages])}{hint}"
        )

    def languages_told(self) -> str:
        """What the tools' descriptions say of the languages served."""
        return (
            f"Languages: 'language' may be auto or one of {', '.join(self.languages)} (ISO 639-1)."
        )

    def check_text(
        self,
        text: Text,
        filename: Filename = None,
        format: Format = None,
        select: Select = None,
        ignore: Ignore = None,
        language: Language = None,
    ) -> CheckResult:
        options = self._options(filename, format, select, ignore, language)
        checked = _answer(self.service.check, self._text(text), **options)
        return {"version": 1, "findings": checked.json}  # type: ignore[typeddict-item]

    def fix_text(
        self,
        text: Text,
        filename: Filename = None,
        format: Format = None,
        select: Select = None,
        ignore: Ignore = None,
        language: Language = None,
    ) -> FixResult:
        options = self._options(filename, format, select, ignore, language)
        fixed = _answer(self.service.fix, self._text(text), **options)
        return {
            "version": 1,
            "text": fixed.text,
            "fixes": fixed.fixes,  # type: ignore[typeddict-item]
            "findings": fixed.remaining.json,  # type: ignore[typeddict-item]
        }

    def explain_rule(self, rule_id: RuleId) -> RuleExplained:
        return _answer(self.service.explain, rule_id.strip())  # type: ignore[no-any-return]

    def list_rules(self) -> RulesResult:
        return {"version": 1, "rules": self.service.rules()}  # type: ignore[typeddict-item]


def _answer(func: Any, *args: Any, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)``; a termlint error becomes a tool error."""
    try:
        return func(*args, **kwargs)
    except TermlintError as exc:
        raise ToolError(" ".join(str(exc).split())) from None


def build_server(service: Service, *, max_bytes: int = MAX_BYTES) -> MCPServer:
    """The MCP server of ``termlint mcp``, its tools on ``service``."""
    server: MCPServer = MCPServer(
        "termlint",
        title="termlint",
        description="Terminology linter for writing about child sexual abuse and exploitation",
        instructions=" ".join(INSTRUCTIONS.split()),
        version=__version__,
        log_level="WARNING",
    )
    tools = Tools(service, max_bytes)
    languages = tools.languages_told()
    for fn, title, description in (
        (tools.check_text, "Check a text", f"{CHECK_DESCRIPTION} {languages}"),
        (tools.fix_text, "Fix a text", f"{FIX_DESCRIPTION} {languages}"),
        (tools.explain_rule, "Explain a rule", EXPLAIN_DESCRIPTION),
        (tools.list_rules, "List the rules", LIST_DESCRIPTION),
    ):
        server.add_tool(
            fn,
            title=title,
            description=" ".join(description.split()),
            annotations=READ_ONLY,
            structured_output=True,
        )
    return server


def mcp_command(
    *,
    config_path: str | None,
    with_packs: tuple[str, ...] = (),
    max_bytes: int = MAX_BYTES,
) -> int:
    """Load the configuration, then serve MCP on stdio until the client
    closes it; the exit code."""
    service = Service.load(config_path, with_packs=with_packs)
    build_server(service, max_bytes=max_bytes).run("stdio")
    return 0
