"""The ``termlint`` command line.

Exit codes: 0 when nothing is at or above the ``--fail-on`` threshold, 1 when
something is, 2 for a usage, configuration or input error, 3 for an internal
error (a bug: please report it). No traceback is shown unless
``TERMLINT_DEBUG=1`` is set.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from . import __version__
from .errors import ConfigError, InputError, TermlintError, did_you_mean
from .reporters import FORMATS

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


def _error(message: str) -> None:
    click.echo(f"termlint: error: {' '.join(str(message).split())}", err=True)


def guarded(func: F) -> F:
    """Turn every termlint error into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TermlintError as exc:
            _error(str(exc))
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            sys.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(EXIT_CLEAN)
        except Exception as exc:  # pragma: no cover - a bug
            if os.environ.get("TERMLINT_DEBUG"):
                raise
            _error(
                f"internal error: {type(exc).__name__}: {exc} "
                "(set TERMLINT_DEBUG=1 for a traceback, and please report it)"
            )
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def _split(values: Iterable[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="termlint")
def main() -> None:
    """termlint: terminology and style linter for writing about child sexual
    abuse and exploitation."""


# --------------------------------------------------------------------------- check


_WITH = click.option(
    "--with",
    "with_packs",
    multiple=True,
    metavar="PACKS",
    help="Also use these packs (e.g. proselint), as if the configuration extended them.",
)


_LANGUAGE = click.option(
    "--language",
    metavar="LANG",
    help="auto: the packs of each paragraph's language (identified); or an ISO 639-1 "
    "code (en, fr...): that language's packs everywhere [default: the configuration's, auto].",
)


def _common_options(func: F) -> F:
    """Options shared by ``check`` and ``fix``."""
    options = [
        click.argument("paths", nargs=-1),
        click.option(
            "--config", "config_path", metavar="PATH", help="Use this configuration file."
        ),
        click.option(
            "--select", multiple=True, metavar="IDS", help="Only these rule ids (prefixes)."
        ),
        click.option(
            "--ignore", multiple=True, metavar="IDS", help="Skip these rule ids (prefixes)."
        ),
        _WITH,
        _LANGUAGE,
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning", "suggestion", "info", "never"]),
            help="Lowest severity that makes the exit code 1 [default: warning].",
        ),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching paths."),
        click.option(
            "--stdin-filename", metavar="NAME", help="Name (and format) for text read from -."
        ),
        click.option("--input-format", metavar="FORMAT", help="Read files as this format."),
        click.option(
            "--encoding",
            metavar="ENC[,ENC]",
            help="Encodings to try for files without a byte order mark, in order "
            "(e.g. utf-8,cp1252) [default: utf-8].",
        ),
        click.option(
            "--color",
            type=click.Choice(["auto", "always", "never"]),
            default="auto",
            show_default=True,
            help="Colour text output.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _run(kwargs: dict[str, Any]) -> Any:
    from .run import Run

    return Run(
        config_path=kwargs["config_path"],
        select=_split(kwargs["select"]),
        ignore=_split(kwargs["ignore"]),
        with_packs=tuple(_split(kwargs["with_packs"])),
        fail_on=kwargs["fail_on"],
        language=kwargs["language"],
        exclude=kwargs["exclude"],
        stdin_filename=kwargs["stdin_filename"],
        input_format=kwargs["input_format"],
        encodings=tuple(_split([kwargs["encoding"]] if kwargs.get("encoding") else [])),
        report_error=_error,
    )


_REPORT_OPTIONS = [
    click.option(
        "--format",
        "fmt",
        type=click.Choice(list(FORMATS)),
        default="text",
        show_default=True,
        help="Output format (lsp: a PublishDiagnosticsParams object per file, one per line).",
    ),
    click.option("--output", "output_path", metavar="FILE", help="Write the report to FILE."),
    click.option(
        "--show-source/--no-show-source",
        "source",
        default=None,
        help="Text output: show each finding's line with its span underlined "
        "[default: on a terminal].",
    ),
]


def _report_options(func: F) -> F:
    """Options of the report that ``check`` and ``fix`` write."""
    for option in reversed(_REPORT_OPTIONS):
        func = option(func)
    return func


@main.command()
@_common_options
@_report_options
@click.option("--quiet", is_flag=True, help="Text output: findings only, no summary.")
@click.option("--statistics", is_flag=True, help="Also print the number of findings per rule.")
@click.option("--show-suppressed", is_flag=True, help="Also list matches an exemption silenced.")
@click.option(
    "--report-unused-suppressions",
    is_flag=True,
    help="Report suppression comments that silence nothing.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    metavar="N",
    help="Check files in N processes [default: the number of CPUs]; same output as -j 1.",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes in place, then report what remains.")
@click.option("--diff", is_flag=True, help="With --fix: print the fixes as a diff; write nothing.")
@guarded
def check(
    fmt: str,
    output_path: str | None,
    source: bool | None,
    quiet: bool,
    statistics: bool,
    show_suppressed: bool,
    report_unused_suppressions: bool,
    jobs: int | None,
    fix: bool,
    diff: bool,
    **kwargs: Any,
) -> None:
    """Check PATHS (files, directories, or - for standard input)."""
    if fix or diff:
        _fix(kwargs, diff=diff, fmt=fmt, output_path=output_path, source=source, quiet=quiet)
    from .check_command import check_command

    sys.exit(
        check_command(
            _run(kwargs),
            kwargs["paths"],
            fmt=fmt,
            output_path=output_path,
            quiet=quiet,
            statistics=statistics,
            show_suppressed=show_suppressed,
            report_unused=report_unused_suppressions,
            jobs=jobs or os.cpu_count() or 1,
            color=kwargs["color"],
            source=source,
        )
    )


@main.command("fix")
@_common_options
@_report_options
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@guarded
def fix_cmd(
    diff: bool, fmt: str, output_path: str | None, source: bool | None, **kwargs: Any
) -> None:
    """Apply safe fixes to PATHS in place (- : read standard input, write the
    fixed text to standard output), then report what remains."""
    _fix(kwargs, diff=diff, fmt=fmt, output_path=output_path, source=source)


def _fix(kwargs: dict[str, Any], **options: Any) -> NoReturn:
    """Run ``fix`` (or ``check --fix``) and exit with its code."""
    from .fix_command import fix_command

    sys.exit(fix_command(_run(kwargs), kwargs["paths"], color=kwargs["color"], **options))


@main.command("review")
@_common_options
@click.option(
    "--output",
    "output",
    metavar="PATH",
    help="Write the reviewed copy here [default: NAME.reviewed.docx beside the file].",
)
@click.option("--in-place", is_flag=True, help="Replace the original with the reviewed copy.")
@click.option(
    "--author",
    default="termlint",
    show_default=True,
    metavar="NAME",
    help="Author of the tracked changes and comments.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="Format of the report of findings.",
)
@click.option("--report", "report_path", metavar="FILE", help="Write the report to FILE.")
@click.option("--quiet", is_flag=True, help="Text output: findings only, no summary.")
@guarded
def review_cmd(
    output: str | None,
    in_place: bool,
    author: str,
    fmt: str,
    report_path: str | None,
    quiet: bool,
    **kwargs: Any,
) -> None:
    """Write a reviewed copy of each Word (.docx) or OpenDocument (.odt) file in
    PATHS: every safe fix a tracked change, every finding a comment. The
    original is left as it is."""
    from .review_command import review_command

    sys.exit(
        review_command(
            _run(kwargs),
            kwargs["paths"],
            output=output,
            in_place=in_place,
            author=author,
            fmt=fmt,
            report_path=report_path,
            color=kwargs["color"],
            quiet=quiet,
        )
    )


# --------------------------------------------------------------------------- rules


def _config(config_path: str | None, with_packs: tuple[str, ...] = ()) -> Any:
    from .config import load_config

    config = load_config(config_path)
    return config.with_packs(_split(with_packs)) if with_packs else config


@main.command()
@click.option("--tcp", metavar="HOST:PORT", help="Listen on TCP instead of standard input/output.")
@guarded
def lsp(tcp: str | None) -> None:
    """Run the language server (stdio by default)."""
    try:
        from .lsp import serve
    except ImportError as exc:  # pragma: no cover - pygls is a dependency
        raise InputError(f"the language server needs pygls: {exc}") from None
    serve(tcp)


@main.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    metavar="HOST",
    help="Address to listen on (any but this machine's: a warning on stderr).",
)
@click.option(
    "--port",
    default=8077,
    show_default=True,
    type=click.IntRange(0, 65535),
    metavar="PORT",
    help="Port to listen on (0: any free port; the address is printed).",
)
@click.option("--config", "config_path", metavar="PATH", help="Use this configuration file.")
@_WITH
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Serve from N processes, each with its own engine.",
)
@click.option(
    "--token",
    envvar="TERMLINT_TOKEN",
    show_envvar=True,
    metavar="TOKEN",
    help="Require this token: 'Authorization: Bearer TOKEN' on /api, "
    "the apiKey field (or that header) on /v2/check.",
)
@click.option(
    "--max-bytes",
    default=5_000_000,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Refuse request bodies larger than N bytes (413).",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Time limit of one check (then 503).",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Let web pages of this origin use the server, e.g. moz-extension://UUID "
    "(repeatable; default: none, only the server's own page).",
)
@guarded
def serve(
    host: str,
    port: int,
    config_path: str | None,
    with_packs: tuple[str, ...],
    workers: int,
    token: str | None,
    max_bytes: int,
    timeout: float,
    cors_origins: tuple[str, ...],
) -> None:
    """Serve termlint over HTTP: a page for the browser, a JSON API and
    LanguageTool's API (docs/editors.md), on 127.0.0.1:8077 by default."""
    from .serve.app import ServeOptions
    from .serve_command import check_origin, serve_command

    options = ServeOptions(
        token=token or None,
        max_bytes=max_bytes,
        timeout=timeout,
        cors_origins=tuple(check_origin(o) for o in _split(cors_origins)),
    )
    sys.exit(
        serve_command(
            host=host,
            port=port,
            config_path=config_path,
            with_packs=tuple(_split(with_packs)),
            workers=workers,
            options=options,
        )
    )


@main.command("rules")
@click.option("--config", "config_path", metavar="PATH", help="Use this configuration file.")
@_WITH
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@guarded
def rules_cmd(config_path: str | None, with_packs: tuple[str, ...], fmt: str) -> None:
    """List the rules in effect: id, severity and a one-line summary
    (``--format markdown``: the full catalogue)."""
    config = _config(config_path, with_packs)
    rules = list(config.ruleset.rules.values())
    if fmt == "markdown":
        from .reporters.catalogue import render_catalogue

        command = "termlint rules --format markdown"
        if with_packs:
            command += " --with " + ",".join(_split(with_packs))
        click.echo(render_catalogue(config.ruleset, command=command), nl=False)
        return
    if fmt == "json":
        import json

        payload = [
            {"id": r.id, "kind": r.kind, "severity": r.severity, "summary": r.summary}
            for r in rules
        ]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    width = max((len(r.id) for r in rules), default=0)
    for r in rules:
        click.echo(f"{r.id:<{width}}  {r.severity:<10}  {r.summary}")


@main.command()
@click.argument("rule_id")
@click.option("--config", "config_path", metavar="PATH", help="Use this configuration file.")
@_WITH
@guarded
def explain(rule_id: str, config_path: str | None, with_packs: tuple[str, ...]) -> None:
    """Explain one rule: rationale, preferred terms, sources, examples."""
    from .ruleset import REVIEWS

    config = _config(config_path, with_packs)
    rules = config.ruleset.rules
    if rule_id not in rules:
        raise ConfigError(f"unknown rule id '{rule_id}'{did_you_mean(rule_id, rules)}")
    r = rules[rule_id]
    out = [f"{r.id} ({r.kind}, {r.severity}{', fixable' if r.fixable else ''})", ""]
    out += [r.rationale, ""]
    if r.rationale_local:
        out += [f"[{r.language}] {r.rationale_local}" if r.language else r.rationale_local, ""]
    if r.review:
        out += [REVIEWS[r.review], ""]
    if r.terms or r.patterns:
        out.append("Discouraged: " + "; ".join((*r.terms, *r.patterns)))
    if r.replacements:
        out.append("Preferred: " + "; ".join(r.replacements))
    if r.exceptions:
        out.append("Not flagged inside: " + "; ".join(r.exceptions))
    if r.evidence:
        out.append("Evidence: " + ", ".join(f"[{t}]" for t in r.evidence))
    if r.sources:
        out += ["", "Sources:"]
        for key in r.sources:
            ref = config.ruleset.sources.get(key)
            out.append(f"  - {key}: {ref.citation()}" if ref else f"  - {key}")
    if r.bad or r.good:
        out += ["", "Examples:"]
        out += [f"  bad:  {e.text}" for e in r.bad]
        out += [f"  good: {e.text}" for e in r.good]
    if r.url:
        out += ["", f"More: {r.url}"]
    click.echo("\n".join(out))


@main.command("mcp")
@click.option("--config", "config_path", metavar="PATH", help="Use this configuration file.")
@_WITH
@click.option(
    "--max-bytes",
    default=5_000_000,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Refuse texts larger than N bytes of UTF-8 (a tool error).",
)
@guarded
def mcp(config_path: str | None, with_packs: tuple[str, ...], max_bytes: int) -> None:
    """Serve the Model Context Protocol over standard input/output, for AI
    writing assistants: tools to check a text, fix it and explain a rule
    (docs/editors.md)."""
    from .mcp_command import mcp_command

    sys.exit(
        mcp_command(
            config_path=config_path, with_packs=tuple(_split(with_packs)), max_bytes=max_bytes
        )
    )


@main.command("test-rules")
@click.argument("packs", nargs=-1)
@guarded
def test_rules(packs: tuple[str, ...]) -> None:
    """Run the examples of every rule in PACKS (names, files or directories;
    default: the packaged default pack)."""
    from .ruleset import load_pack
    from .selftest import run_examples

    refs: list[str] = []
    for ref in packs or ("default",):
        if os.path.isdir(ref):
            found = sorted(str(p) for p in Path(ref).iterdir() if p.suffix in (".yaml", ".yml"))
            if not found:
                raise InputError(f"{ref}: no .yaml rule packs in this directory")
            refs.extend(found)
        else:
            refs.append(ref)
    total = failed = 0
    for ref in refs:
        ruleset = load_pack(os.path.abspath(ref) if os.path.exists(ref) else ref)
        count, failures = run_examples(ruleset)
        total += count
        failed += len(failures)
        for failure in failures:
            click.echo(str(failure))
    click.echo(f"{total - failed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


# --------------------------------------------------------------------------- audit

from .audit_command import audit  # noqa: E402 - the command is defined in its own module

main.add_command(audit)
