"""``termlint lsp``: the language server (pygls).

It lints in process with the same engine, formats and configuration as the
CLI and publishes diagnostics on open, on change (debounced) and on save.
Code actions make their edits on the server side (plain ``WorkspaceEdit``s),
so they work in clients that implement no custom commands: a quick fix per
replacement (the first preferred), "Fix all termlint findings" and "Disable
RULE for this line". Hover shows a finding's rationale, preferred terms and
sources. Configuration and rule files are reloaded, without a restart, when
they change (watched files, ``didSave``, ``didChangeConfiguration``); a broken
configuration is reported and the last good one stays in use.

One setting comes from the editor, as ``--language`` from the command line:
``language`` (``auto`` or an ISO 639-1 code such as ``fr``), in the
initialization options (``{"language": "fr"}`` or ``{"termlint":
{"language": "fr"}}``) or in the settings of ``didChangeConfiguration``
(``{"termlint": {"language": "fr"}}``); it overrides the configuration
files' ``language``. A diagnostic of a finding with a language (a rule
written for one language, in a run that tells languages apart) has it in
``data.language``.

Documents are known by the path their URI names, decoded (``%20``, ``%23``,
accents escaped or not, precomposed or decomposed, drive letters), which is
where their configuration is looked up; every answer names a document by the
URI the client sent. A document that cannot be handled is logged
(``window/logMessage``), never passed over in silence.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol

from . import __version__
from .casing import match_case
from .config import (
    Config,
    check_language,
    default_config,
    find_config_file,
    load_config_file,
)
from .errors import RunawayPattern, TermlintError
from .findings import Finding, document_order
from .fixer import apply, plan
from .formats import PACKAGES, format_for, to_document
from .walk import resolved

DEBOUNCE_SECONDS = 0.05
#: After the user pauses this long, the whole document is linted again, which
#: refreshes the rules that look at the document as a whole (acronyms, spelling).
FULL_RELINT_SECONDS = 1.0
#: Formats whose reading of a paragraph does not depend on other paragraphs
#: (for Markdown, see ``_local``: not inside fences, comments or front matter).
INCREMENTAL_FORMATS = ("text", "markdown")
_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "suggestion": types.DiagnosticSeverity.Information,
    "info": types.DiagnosticSeverity.Hint,
}
CONFIG_NAMES = ("termlint.yaml", ".termlint.yaml", "pyproject.toml")
FIX_ALL = "source.fixAll.termlint"


def _settle() -> None:
    """After a configuration is loaded: leave the objects alive now (mostly
    compiled configurations, which live as long as the server) out of garbage
    collection until the next call. A full collection then no longer walks
    through them, which otherwise took tens of milliseconds in the middle of
    an edit's relint. What earlier calls left out, and is garbage by now (a
    replaced configuration, old findings), is collected first."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


logger = logging.getLogger(__name__)

#: ``/C:/...`` or ``/c:/...``, once decoded: a Windows drive letter.
_DRIVE = re.compile(r"^/[A-Za-z]:")


def uri_to_path(uri: str, *, windows: bool = os.name == "nt") -> str:
    """The file-system path a ``file:`` URI names; any other URI as it is.

    The path is percent-decoded as UTF-8 whether the client escaped it or not
    (``%20``, ``%23``, ``%C3%A9``, ``%c3%a9`` or a raw ``é``). Bytes that are
    not UTF-8 give the file of those bytes (POSIX). ``file://localhost/`` is
    a local file; another host names a UNC share (``\\\\host\\share``) on
    Windows, where ``/C:/`` and ``/c%3A/`` become ``C:\\`` and ``c:\\``."""
    parts = urlsplit(uri)
    if parts.scheme.lower() != "file":
        return uri
    path = os.fsdecode(unquote_to_bytes(parts.path))
    host = unquote(parts.netloc)
    if host and host.lower() != "localhost":
        path = f"//{host}{path}"
    if windows:
        if _DRIVE.match(path):
            path = path[1:]
        path = path.replace("/", "\\")
    return path


def on_disk(path: str) -> str:
    """``path`` as the file system spells it when only the Unicode
    normalisation of some of its names differs (a client on macOS sends
    decomposed accents, most file systems elsewhere keep what was written);
    else ``path`` itself. A file that does not exist yet keeps its name, in
    the directory found."""
    if os.path.lexists(path):
        return path
    head, tail = os.path.split(path)
    if not tail or not head or head == path:
        return path
    head = on_disk(head)
    for name in dict.fromkeys(
        (tail, unicodedata.normalize("NFC", tail), unicodedata.normalize("NFD", tail))
    ):
        candidate = os.path.join(head, name)
        if os.path.lexists(candidate):
            return candidate
    return os.path.join(head, tail)


def document_key(uri: str) -> str:
    """One key per document however a client spells its URI: the decoded
    path for a file (NFC, and case-folded where file names are, on
    Windows), else the decoded URI."""
    if urlsplit(uri).scheme.lower() != "file":
        return unquote(uri)
    path = unicodedata.normalize("NFC", uri_to_path(uri))
    return "file:" + os.path.normcase(path)


@dataclass
class Linted:
    version: int | None
    text: str
    findings: list[Finding]
    config: Config
    fmt: str
    path: str  # on disk, decoded from the URI


#: A request whose parameters do not fit its method is turned into a request
#: for this method, whose handler answers with "invalid params" (-32602):
#: pygls would log the problem and leave the request unanswered, and a client
#: would wait for its answer forever.
INVALID_PARAMS = "termlint/$invalidParams"


class _Protocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcInvalidParams:
            if "jsonrpc" in data and "id" in data and "method" in data:
                answer = {"jsonrpc": "2.0", "id": data["id"], "method": INVALID_PARAMS}
                return super().structure_message({**answer, "params": {"method": data["method"]}})
            raise  # a notification has no answer: pygls logs it and goes on


class TermlintServer(LanguageServer):
    """Documents are known by :func:`document_key`, so that every request
    finds the same document however its URI is spelled; each answer names
    the document by the URI the client used (the one it opened it with, for
    diagnostics; the one in the request, for code actions)."""

    def __init__(self) -> None:
        super().__init__(
            "termlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=_Protocol,
        )
        self.configs: dict[str, Config] = {}  # directory -> config (last good)
        self.open: dict[str, str] = {}  # document key -> URI as the client opened it
        self.linted: dict[str, Linted] = {}  # by document key
        self.pending: dict[str, asyncio.Task[None]] = {}  # by document key
        self.lock = threading.Lock()
        self.warned: set[str] = set()
        #: The editor's ``language`` setting (None: the configuration's).
        self.language: str | None = None

    def apply_settings(self, settings: Any) -> bool:
        """Take the editor's settings (``{"language": ...}``, or the same
        under ``termlint``); whether they changed anything. A bad value is
        shown to the user, and the setting stays as it was."""
        if not isinstance(settings, dict):
            return False
        if isinstance(settings.get("termlint"), dict):
            settings = settings["termlint"]
        if "language" not in settings:
            return False
        value = settings["language"]
        if value is None or value == "":
            language = None
        else:
            try:
                language = check_language(
                    value.strip() if isinstance(value, str) else value,
                    "the setting termlint.language",
                    None,
                )
            except TermlintError as exc:
                self.window_show_message(
                    types.ShowMessageParams(
                        type=types.MessageType.Error, message=f"termlint: {exc.message}"
                    )
                )
                return False
        changed = language != self.language
        self.language = language
        return changed

    def with_settings(self, config: Config) -> Config:
        """``config`` with the editor's settings over its own."""
        if self.language is None or self.language == config.language:
            return config
        return config.with_options(language=self.language)

    def log(self, message: str, kind: types.MessageType, once: bool = False) -> None:
        """Tell the client (``window/logMessage``) and the server log
        (warnings and errors reach standard error)."""
        if once:
            if message in self.warned:
                return
            self.warned.add(message)
        level = {
            types.MessageType.Error: logging.ERROR,
            types.MessageType.Warning: logging.WARNING,
        }.get(kind, logging.INFO)
        logger.log(level, "%s", message)
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    # -------------------------------------------------------------- configuration

    def config_for(self, path: str, uri: str | None = None) -> Config:
        """The configuration of the file at ``path``: the nearest configuration
        file at or above its directory, else the default rules."""
        try:
            directory = str(resolved(path).parent) if os.path.isabs(path) else os.getcwd()
            with self.lock:
                if directory in self.configs:
                    return self.configs[directory]
            found = find_config_file(Path(directory))
        except (OSError, ValueError) as exc:  # e.g. a NUL character or a name too long
            self.log(
                f"termlint: cannot look up the configuration of {uri or path} ({exc}); "
                "it is checked with the default rules",
                types.MessageType.Warning,
                once=True,
            )
            return default_config()
        try:
            config = self.with_settings(load_config_file(found) if found else default_config())
        except TermlintError as exc:
            self.report_config_error(exc)
            config = self.with_settings(self.configs.get(directory) or default_config())
        config.engine().prepare()
        with self.lock:
            self.configs[directory] = config
        _settle()
        return config

    def report_config_error(self, exc: TermlintError) -> None:
        self.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=f"termlint: {exc}")
        )
        loc = exc.location
        if loc is not None:
            position = types.Position(line=max(loc.line - 1, 0), character=max(loc.column - 1, 0))
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=Path(loc.path).resolve().as_uri(),
                    diagnostics=[
                        types.Diagnostic(
                            range=types.Range(start=position, end=position),
                            message=exc.message,
                            severity=types.DiagnosticSeverity.Error,
                            source="termlint",
                        )
                    ],
                )
            )

    def reload(self) -> None:
        """Drop cached configurations and lint every open document again. A
        configuration that no longer loads keeps its last good version."""
        with self.lock:
            old = dict(self.configs)
            self.configs.clear()
        for directory, previous in old.items():
            found = find_config_file(Path(directory))
            try:
                config = self.with_settings(load_config_file(found) if found else default_config())
            except TermlintError as exc:
                self.report_config_error(exc)
                config = self.with_settings(previous)
            else:
                if found is not None:  # clear an earlier error shown on the file
                    self.text_document_publish_diagnostics(
                        types.PublishDiagnosticsParams(uri=found.resolve().as_uri(), diagnostics=[])
                    )
            config.engine().prepare()
            with self.lock:
                self.configs[directory] = config
        _settle()
        for uri in list(self.open.values()):
            self.lint_now(uri)

    # -------------------------------------------------------------- linting

    def lint_now(self, uri: str, incremental: bool = False) -> None:
        """Lint the open document ``uri`` (spelled in any way) and publish its
        diagnostics under the URI it was opened with. A failure is logged."""
        key = document_key(uri)
        sent = self.open.get(key)
        if sent is None:
            self.log(f"termlint: {uri} is not open; not checked", types.MessageType.Log)
            return
        try:
            self._lint(key, sent, incremental)
        except Exception as exc:  # a bug: say so rather than go silent
            logger.exception("checking %s", sent)
            self.log(f"termlint: could not check {sent}: {exc!r}", types.MessageType.Error)

    def _lint(self, key: str, uri: str, incremental: bool) -> None:
        document = self.workspace.get_text_document(uri)
        path = on_disk(uri_to_path(uri))
        config = self.config_for(path, uri)
        try:
            fmt = format_for(path)
        except TermlintError:
            fmt = "text"
        if fmt in PACKAGES:
            self.log(
                f"termlint: {uri} is a {fmt.upper()} file, which is checked with `termlint check`",
                types.MessageType.Info,
                once=True,
            )
            return
        text = document.source
        previous = self.linted.get(key)
        findings = None
        if incremental and previous is not None and previous.config is config:
            try:
                findings = relint_changed(previous, text, path, config)
            except Exception as exc:  # pragma: no cover - a bug: fall back to a full lint
                self.log(f"termlint: {exc!r}", types.MessageType.Warning)
                findings = None
        if findings is None:
            doc = to_document(path, text, fmt, front_matter=config.front_matter)
            try:
                findings = config.engine().check(doc)
            except RunawayPattern as exc:  # the document is not checked; say why
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(
                        uri=uri,
                        version=document.version,
                        diagnostics=[
                            types.Diagnostic(
                                range=types.Range(
                                    start=types.Position(line=0, character=0),
                                    end=types.Position(line=0, character=0),
                                ),
                                message=str(exc),
                                severity=types.DiagnosticSeverity.Error,
                                source="termlint",
                                code="termlint.runaway-pattern",
                            )
                        ],
                    )
                )
                self.linted.pop(key, None)
                return
        if self.open.get(key) != uri:
            return  # closed (or opened again) while being linted
        self.linted[key] = Linted(document.version, text, findings, config, fmt, path)
        self.publish(uri, document.version, findings, config)

    def publish(
        self, uri: str, version: int | None, findings: list[Finding], config: Config
    ) -> None:
        """Publish the findings as diagnostics. The message is written as plain
        JSON: thousands of diagnostics go through pygls's typed converter
        several times slower, which showed in the latency after each edit."""
        params: dict[str, Any] = {
            "uri": uri,
            "diagnostics": [diagnostic_json(f, config) for f in findings],
        }
        if version is not None:
            params["version"] = version
        send = getattr(self.protocol, "_send_data", None)
        if send is None:  # pragma: no cover - another pygls: the typed way
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=uri, version=version, diagnostics=[diagnostic(f, config) for f in findings]
                )
            )
            return
        send(
            {"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, "params": params}
        )

    async def lint_later(self, uri: str) -> None:
        key = document_key(uri)
        previous = self.pending.pop(key, None)
        if previous is not None:
            previous.cancel()

        async def run() -> None:
            await asyncio.sleep(DEBOUNCE_SECONDS)
            loop = asyncio.get_running_loop()
            # in a worker thread, so one slow document never blocks the others;
            # first only the paragraphs that changed, then, after a pause, all
            await loop.run_in_executor(None, self.lint_now, uri, True)
            await asyncio.sleep(FULL_RELINT_SECONDS)
            await loop.run_in_executor(None, self.lint_now, uri)

        self.pending[key] = asyncio.ensure_future(run())


_LINE_BREAK = re.compile(r"[\r\n]")


def _common_length(a: str, b: str, part: Any, limit: int | None = None) -> int:
    """The length of the common prefix (or suffix, by ``part``) of two texts,
    by binary search over slices (C-speed comparisons)."""
    lo, hi = 0, min(len(a), len(b)) if limit is None else limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if part(a, mid) == part(b, mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _local(text: str, start: int, end: int) -> bool:
    """Whether Markdown paragraphs ``[start, end)`` can be read on their own:
    not inside or across a fenced code block or an HTML comment, and not in
    front matter."""
    if start == 0 and text.lstrip().startswith(("---", "+++")):
        return False  # front matter
    if any(mark in text[start:end] for mark in ("```", "~~~", "<!--", "-->")):
        return False
    if text.count("```", 0, start) % 2 or text.count("~~~", 0, start) % 2:
        return False  # inside a fence
    return text.count("<!--", 0, start) == text.count("-->", 0, start)


def relint_changed(previous: Linted, text: str, path: str, config: Config) -> list[Finding] | None:
    """Findings for ``text`` by linting only the paragraphs that differ from
    the previously linted text, or None when that is not possible."""
    if previous.fmt not in INCREMENTAL_FORMATS:
        return None
    old = previous.text
    prefix = _common_length(old, text, lambda s, n: s[:n])
    limit = min(len(old), len(text)) - prefix
    suffix = _common_length(old, text, lambda s, n: s[len(s) - n :], limit)
    # widen to whole paragraphs of the new text
    starts = [m.end() for m in _BLANK_LINE.finditer(text, max(0, prefix - 2000), prefix)]
    start = starts[-1] if starts else (0 if prefix < 2000 else None)
    after = _BLANK_LINE.search(text, len(text) - suffix)
    end = after.start() if after else len(text)
    if start is None or end - start > 200_000:
        return None
    old_end = len(old) - (len(text) - end)
    if previous.fmt == "markdown" and not (
        _local(old, start, old_end) and _local(text, start, end)
    ):
        return None
    delta = len(text) - len(old)
    line_delta = text.count("\n", start, end) - old.count("\n", start, old_end)
    piece = to_document(path, text[start:end], previous.fmt)
    if start:
        piece.cache["no-title-line"] = True
    engine = config.engine()
    fresh = [f for f in engine.check(piece) if not engine.is_document_level(f.rule)]
    first_line = text.count("\n", 0, start)
    # Document-level findings (acronyms, spelling) are not redone here; in
    # the relinted paragraphs, those the edit leaves untouched are kept until
    # the full relint, rather than vanishing while the user types: those
    # before the edit, and those after it on a later line (on the edit's own
    # line, their columns change).
    edit_end = len(old) - suffix
    kept: list[Finding] = []
    for f in previous.findings:
        if f.end_offset <= start:
            kept.append(f)
        elif f.offset >= old_end:
            kept.append(f.moved(delta, line_delta))
        elif engine.is_document_level(f.rule):
            if f.end_offset <= prefix:
                kept.append(f)
            elif f.offset >= edit_end and _LINE_BREAK.search(old, edit_end, f.offset):
                kept.append(f.moved(delta, line_delta))
    kept.extend(f.moved(start, first_line) for f in fresh)
    kept.sort(key=document_order)
    return kept


def diagnostic_json(f: Finding, config: Config) -> dict[str, Any]:
    """A finding as an LSP ``Diagnostic``, in its JSON form."""
    rule = config.ruleset.rules.get(f.rule)
    out: dict[str, Any] = {
        "range": {
            "start": {"line": f.line - 1, "character": f.column_utf16 - 1},
            "end": {"line": f.end_line - 1, "character": f.end_column_utf16 - 1},
        },
        "message": f.message,
        "severity": int(SEVERITY[f.severity]),
        "code": f.rule,
        "source": "termlint",
        "data": {"replacements": list(f.replacements), "fixable": f.fixable},
    }
    if f.language is not None:
        out["data"]["language"] = f.language
    if rule and rule.url:
        out["codeDescription"] = {"href": rule.url}
    return out


def diagnostic(f: Finding, config: Config) -> types.Diagnostic:
    """A finding as an LSP ``Diagnostic`` (for code actions)."""
    return server.protocol._converter.structure(diagnostic_json(f, config), types.Diagnostic)  # type: ignore[no-any-return]


def _contains(rng: types.Range, pos: types.Position) -> bool:
    start, end = (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)
    return start <= (pos.line, pos.character) <= end


def _finding_range(f: Finding) -> types.Range:
    return types.Range(
        start=types.Position(line=f.line - 1, character=f.column_utf16 - 1),
        end=types.Position(line=f.end_line - 1, character=f.end_column_utf16 - 1),
    )


def _disable_edit(linted: Linted, f: Finding) -> types.TextEdit:
    """The format's own suppression comment for the finding's line."""
    lines = linted.text.splitlines(keepends=True)
    line = lines[f.line - 1] if f.line - 1 < len(lines) else ""
    body = line.rstrip("\r\n")
    end = types.Position(line=f.line - 1, character=len(body.encode("utf-16-le")) // 2)
    if linted.fmt in ("markdown", "html", "wikitext"):
        return types.TextEdit(
            range=types.Range(start=end, end=end),
            new_text=f" <!-- termlint-disable-line {f.rule} -->",
        )
    if linted.fmt == "latex":
        return types.TextEdit(
            range=types.Range(start=end, end=end), new_text=f" % termlint-disable-line {f.rule}"
        )
    indent = body[: len(body) - len(body.lstrip())]
    prefix = ".. " if linted.fmt == "rst" else ""
    newline = "\r\n" if line.endswith("\r\n") else "\n"
    start = types.Position(line=f.line - 1, character=0)
    return types.TextEdit(
        range=types.Range(start=start, end=start),
        new_text=f"{indent}{prefix}termlint-disable-next-line {f.rule}{newline}",
    )


server = TermlintServer()


@server.feature(INVALID_PARAMS)
def invalid_params(ls: TermlintServer, params: Any) -> None:
    method = getattr(params, "method", "?")
    raise JsonRpcInvalidParams(f"invalid params for {method}")


@server.feature(types.INITIALIZE)
def initialize(ls: TermlintServer, params: types.InitializeParams) -> None:
    ls.apply_settings(params.initialization_options)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: TermlintServer, params: types.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.open[document_key(uri)] = uri
    # in a worker thread: a large document never blocks the others
    await asyncio.get_running_loop().run_in_executor(None, ls.lint_now, uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: TermlintServer, params: types.DidChangeTextDocumentParams) -> None:
    await ls.lint_later(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: TermlintServer, params: types.DidSaveTextDocumentParams) -> None:
    name = os.path.basename(uri_to_path(params.text_document.uri))
    loop = asyncio.get_running_loop()
    if name in CONFIG_NAMES or name.endswith((".yaml", ".yml")):
        await loop.run_in_executor(None, ls.reload)
    else:
        await loop.run_in_executor(None, ls.lint_now, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: TermlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    key = document_key(uri)
    task = ls.pending.pop(key, None)
    if task is not None:
        task.cancel()
    ls.linted.pop(key, None)
    opened = ls.open.pop(key, uri)
    for spelling in dict.fromkeys((opened, uri)):
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=spelling, diagnostics=[])
        )


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: TermlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.reload()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(
    ls: TermlintServer, params: types.DidChangeConfigurationParams
) -> None:
    ls.apply_settings(params.settings)
    ls.reload()


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[
            types.CodeActionKind.QuickFix,
            types.CodeActionKind.SourceFixAll,
            FIX_ALL,
        ]
    ),
)
def code_action(ls: TermlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri  # edits name the document as this request does
    linted = ls.linted.get(document_key(uri))
    if linted is None:
        ls.log(f"termlint: {uri} is not checked (yet); no code actions", types.MessageType.Log)
        return []
    actions: list[types.CodeAction] = []
    wanted = params.context.only
    in_range = [
        f
        for f in linted.findings
        if _contains(params.range, _finding_range(f).start)
        or _contains(_finding_range(f), params.range.start)
    ]
    if wanted is None or any(str(k).startswith("quickfix") for k in wanted):
        for f in in_range:
            matched = " ".join(f.text.split())
            diag = diagnostic(f, linted.config)
            for i, replacement in enumerate(f.replacements):
                new = match_case(matched, replacement)
                actions.append(
                    types.CodeAction(
                        title=f"Replace with '{new}'",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        is_preferred=i == 0,
                        edit=types.WorkspaceEdit(
                            changes={uri: [types.TextEdit(range=_finding_range(f), new_text=new)]}
                        ),
                    )
                )
            actions.append(
                types.CodeAction(
                    title=f"Disable {f.rule} for this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    edit=types.WorkspaceEdit(changes={uri: [_disable_edit(linted, f)]}),
                )
            )
    if wanted is None or any(str(k).startswith(("source", FIX_ALL)) for k in wanted):
        doc = to_document(
            linted.path, linted.text, linted.fmt, front_matter=linted.config.front_matter
        )
        fixes = plan(doc, linted.findings)
        if fixes:
            fixed = apply(linted.text, fixes)
            end_line = linted.text.count("\n")
            last = linted.text.rsplit("\n", 1)[-1]
            whole = types.Range(
                start=types.Position(line=0, character=0),
                end=types.Position(line=end_line, character=len(last.encode("utf-16-le")) // 2),
            )
            actions.append(
                types.CodeAction(
                    title="Fix all termlint findings in this document",
                    kind=FIX_ALL,
                    edit=types.WorkspaceEdit(
                        changes={uri: [types.TextEdit(range=whole, new_text=fixed)]}
                    ),
                )
            )
    return actions


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: TermlintServer, params: types.HoverParams) -> types.Hover | None:
    linted = ls.linted.get(document_key(params.text_document.uri))
    if linted is None:
        return None
    for f in linted.findings:
        rng = _finding_range(f)
        if not _contains(rng, params.position):
            continue
        rule = linted.config.ruleset.rules.get(f.rule)
        if rule is None:
            continue
        lines = [f"**termlint `{rule.id}`** ({f.severity})", "", rule.rationale]
        if rule.replacements:
            lines += ["", "**Preferred:** " + "; ".join(rule.replacements)]
        if rule.sources:
            lines += ["", "**Sources:**"]
            for key in rule.sources:
                ref = linted.config.ruleset.sources.get(key)
                lines.append(f"- {ref.citation() if ref else key}")
        if f.note:
            lines += ["", f"*Reported as info: {f.note}.*"]
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n".join(lines)),
            range=rng,
        )
    return None


def serve(tcp: str | None = None) -> None:
    if tcp:
        host, _, port = tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()


__all__ = ["serve", "server"]
