"""The language server, driven by a real LSP client over stdio (pytest-lsp)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest_lsp
from conftest import find_console_script
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[find_console_script(), "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    yield
    await lsp_client.shutdown_session()


async def open_doc(client: LanguageClient, path: Path, text: str) -> str:
    uri = path.resolve().as_uri()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    await wait_for_diagnostics(client, uri)
    return uri


def replace(client: LanguageClient, uri: str, version: int, text: str, old: str, new: str) -> str:
    """Send an incremental change that replaces the first ``old`` in ``text``
    (which has no characters outside the BMP) by ``new``; return the new text."""
    at = text.index(old)
    line, col = text.count("\n", 0, at), at - (text.rfind("\n", 0, at) + 1)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=line, character=col),
                        end=types.Position(line=line, character=col + len(old)),
                    ),
                    text=new,
                )
            ],
        )
    )
    return text[:at] + new + text[at + len(old) :]


def same_as(expected: list[tuple[int, int, str]]) -> Callable[[list], bool]:
    """A predicate: the diagnostics start where ``expected`` says."""
    return lambda diags: (
        sorted((d.range.start.line, d.range.start.character, d.code) for d in diags) == expected
    )


def spans_of(diags: list) -> list[tuple[int, int, int, int, str]]:
    """(start line, start character, end line, end character, rule) of each."""
    return sorted(
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            d.code,
        )
        for d in diags
    )


def full_lint_spans(text: str, path: Path) -> list[tuple[int, int, int, int, str]]:
    """:func:`spans_of` the diagnostics a full lint gives (0-based, UTF-16)."""
    from termlint import lint_text

    return sorted(
        (f.line - 1, f.column_utf16 - 1, f.end_line - 1, f.end_column_utf16 - 1, f.rule)
        for f in lint_text(text, path=str(path))
    )


async def next_diagnostics(client: LanguageClient, uri: str, previous: object) -> list:
    """The first diagnostics published after ``previous``: for an edit, those
    of the incremental relint (the full relint comes a second later)."""
    return await wait_for_diagnostics(client, uri, lambda d: d is not previous)


def expected_for(text: str, path: Path) -> list[tuple[int, int, str]]:
    """(line, UTF-16 character, rule) of a full lint, 0-based like LSP."""
    from termlint import lint_text

    return sorted((f.line - 1, f.column_utf16 - 1, f.rule) for f in lint_text(text, path=str(path)))


async def wait_for_diagnostics(
    client: LanguageClient, uri: str, predicate=lambda d: True, timeout: float = 10
):
    for _ in range(int(timeout / 0.05)):
        diags = client.diagnostics.get(uri)
        if diags is not None and predicate(diags):
            return diags
        await asyncio.sleep(0.05)
    raise AssertionError(f"no matching diagnostics for {uri}: {client.diagnostics.get(uri)}")


async def test_diagnostics_fields_and_utf16_positions(client: LanguageClient, tmp_path) -> None:
    uri = await open_doc(
        client, tmp_path / "doc.md", "Intro.\n\n😀 é child porn and child pornographers.\n"
    )
    diags = client.diagnostics[uri]
    first = diags[0]
    assert first.code == "child-porn-slang" and first.source == "termlint"
    assert first.severity == types.DiagnosticSeverity.Error
    # 😀 is two UTF-16 units: "😀 é " is 5 units before "child"
    assert (first.range.start.line, first.range.start.character, first.range.end.character) == (
        2,
        5,
        15,
    )
    assert diags[1].severity == types.DiagnosticSeverity.Warning  # child-pornographer


async def test_change_is_debounced_and_incremental(client: LanguageClient, tmp_path) -> None:
    uri = await open_doc(client, tmp_path / "doc.md", "Clean text.\n")
    assert not client.diagnostics[uri]
    replace(client, uri, 2, "Clean text.\n", "Clean", "Kiddie porn")
    diags = await wait_for_diagnostics(client, uri, lambda d: len(d) == 1)
    assert diags[0].code == "child-porn-slang" and diags[0].range.end.character == 11


async def test_code_actions_quick_fix_disable_and_fix_all(client: LanguageClient, tmp_path) -> None:
    uri = await open_doc(client, tmp_path / "doc.md", "Child pornography and kiddie porn.\n")
    diags = client.diagnostics[uri]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diags[0].range,
            context=types.CodeActionContext(diagnostics=[diags[0]]),
        )
    )
    titles = [a.title for a in actions]
    assert titles[0] == "Replace with 'Child sexual abuse material'" and actions[0].is_preferred
    assert "Disable child-pornography for this line" in titles
    disable = next(a for a in actions if a.title.startswith("Disable"))
    (edit,) = disable.edit.changes[uri]
    assert edit.new_text == " <!-- termlint-disable-line child-pornography -->"
    fix_all = next(a for a in actions if a.kind == "source.fixAll.termlint")
    (whole,) = fix_all.edit.changes[uri]
    assert whole.new_text == "Child sexual abuse material and child sexual abuse material.\n"


async def test_fix_all_reads_front_matter_as_the_lint_does(
    client: LanguageClient, tmp_path
) -> None:
    # every front-matter value is checked, as configured, so "fix all" fixes
    # every one reported too
    (tmp_path / "termlint.yaml").write_text("front-matter: values\n", encoding="utf-8")
    text = "---\nteaser: Police find child pornography\n---\n\nBody about child pornography.\n"
    uri = await open_doc(client, tmp_path / "story.md", text)
    diags = client.diagnostics[uri]
    assert [d.range.start.line for d in diags] == [1, 4]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diags[0].range,
            context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.termlint"]),
        )
    )
    (whole,) = actions[0].edit.changes[uri]
    assert whole.new_text == text.replace("child pornography", "child sexual abuse material")


async def test_hover_shows_rationale_and_sources(client: LanguageClient, tmp_path) -> None:
    uri = await open_doc(client, tmp_path / "doc.md", "Some child porn here.\n")
    result = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=7),
        )
    )
    assert result is not None
    value = result.contents.value
    assert "child-porn-slang" in value and "Preferred:" in value and "INTERPOL" in value


async def test_configuration_reload_without_restart(client: LanguageClient, tmp_path) -> None:
    uri = await open_doc(client, tmp_path / "doc.md", "Some child porn here.\n")
    assert len(client.diagnostics[uri]) == 1
    config = tmp_path / "termlint.yaml"
    config.write_text("ignore: [child-porn-slang]\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    await wait_for_diagnostics(client, uri, lambda d: not d)
    # a broken configuration: a message, a diagnostic on the file, the last good config kept
    config.write_text("ignroe: [x]\n")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    config_diags = await wait_for_diagnostics(client, config.as_uri(), lambda d: len(d) == 1)
    assert "unknown configuration key 'ignroe'" in config_diags[0].message
    await asyncio.sleep(0.3)
    assert not client.diagnostics[uri]  # still the last good configuration
    assert any("ignroe" in m.message for m in client.messages)
    # fixed, and saved: back to the default rules
    config.write_text("fail-on: error\n")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=config.as_uri())
        )
    )
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 1)


async def test_a_large_document_does_not_block_others(client: LanguageClient, tmp_path) -> None:
    big = tmp_path / "big.txt"
    big_text = "Some child porn here. " * 40_000  # about 1 MB
    big.write_text(big_text)
    small = tmp_path / "small.md"
    small.write_text("kiddie porn\n")
    big_uri, small_uri = big.as_uri(), small.as_uri()
    for uri, text in ((big_uri, big_text), (small_uri, "kiddie porn\n")):
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="plaintext", version=1, text=text
                )
            )
        )
    await wait_for_diagnostics(client, small_uri, lambda d: len(d) == 1, timeout=30)
    # the small document's diagnostics did not wait for the large one
    assert big_uri not in client.diagnostics
    await wait_for_diagnostics(client, big_uri, lambda d: len(d) > 1000, timeout=60)


async def test_closing_a_document_clears_it(client: LanguageClient, tmp_path) -> None:
    uri = await open_doc(client, tmp_path / "doc.md", "child porn\n")
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await wait_for_diagnostics(client, uri, lambda d: not d)


def test_tcp_transport(tmp_path) -> None:
    import socket
    import subprocess
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([find_console_script(), "lsp", "--tcp", f"127.0.0.1:{port}"])
    try:
        for _ in range(100):
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not listen")
        body = b'{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
        conn.sendall(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        conn.settimeout(10)
        reply = b""
        while b'"serverInfo"' not in reply:
            chunk = conn.recv(65536)
            assert chunk, reply
            reply += chunk
        assert b'"name": "termlint"' in reply or b'"name":"termlint"' in reply
        conn.close()
    finally:
        server.kill()
        server.wait(timeout=10)


async def test_incremental_relint_matches_a_full_lint(client: LanguageClient, tmp_path) -> None:
    paragraphs = [
        f"Paragraph {i} mentions child porn and kiddie porn.\nSecond line {i}." for i in range(40)
    ]
    text = "\n\n".join(paragraphs) + "\n"
    uri = await open_doc(client, tmp_path / "notes.txt", text)
    # replace "kiddie porn" in paragraph 20 by "child pornography", and add a line
    old = "Paragraph 20 mentions child porn and kiddie porn"
    new = "Paragraph 20 mentions child porn and child pornography,\nand more child porn"
    previous = client.diagnostics[uri]
    final = replace(client, uri, 2, text, old, new)
    diags = await next_diagnostics(client, uri, previous)
    assert spans_of(diags) == full_lint_spans(final, tmp_path / "notes.txt")


async def test_incremental_relint_keeps_document_level_findings_beside_the_edit(
    client: LanguageClient, tmp_path
) -> None:
    # Acronym and spelling findings are judged over the whole document, so the
    # incremental relint does not redo them; one that an edit leaves alone, in
    # the edited paragraph, must stay rather than vanish until the full
    # relint a second later, and must never be published at a wrong place.
    paragraphs = [f"Paragraph {i} mentions child porn and kiddie porn." for i in range(30)]
    paragraphs[20] = "Paragraph 20 mentions child porn.\nIt says CSAM and kiddie porn."
    text = "\n\n".join(paragraphs) + "\n"
    path = tmp_path / "notes.txt"
    uri = await open_doc(client, path, text)
    assert sum(d.code == "acronym-undefined" for d in client.diagnostics[uri]) == 1

    # on the line before the acronym's, adding a line
    previous = client.diagnostics[uri]
    text = replace(client, uri, 2, text, "20 mentions child", "20 mentions abuse,\nand child")
    diags = await next_diagnostics(client, uri, previous)
    assert spans_of(diags) == full_lint_spans(text, path)
    assert any(d.code == "acronym-undefined" for d in diags)

    # before the acronym, on its own line: its column changes, so it waits for
    # the full relint; nothing is published at a wrong place meanwhile
    previous = diags
    text = replace(client, uri, 3, text, "It says CSAM", "It now says CSAM")
    diags = await next_diagnostics(client, uri, previous)
    full = full_lint_spans(text, path)
    assert set(spans_of(diags)) <= set(full)
    assert [s for s in full if s not in spans_of(diags)] == [
        s for s in full if s[4] == "acronym-undefined"
    ]


async def test_incremental_markdown_respects_fences(client: LanguageClient, tmp_path) -> None:
    blocks = [f"Paragraph {i} about child porn." for i in range(30)]
    blocks[10] = "```\ncode\n\nstill code\n```"
    text = "\n\n".join(blocks) + "\n"
    uri = await open_doc(client, tmp_path / "notes.md", text)
    edits = [
        ("still code", "child porn in code"),
        ("Paragraph 20 about", "Paragraph 20 about kiddie porn and"),
    ]
    for version, (old, new) in enumerate(edits, start=2):
        previous = client.diagnostics[uri]
        text = replace(client, uri, version, text, old, new)
        diags = await next_diagnostics(client, uri, previous)
        assert spans_of(diags) == full_lint_spans(text, tmp_path / "notes.md")


def test_plain_json_diagnostics_match_the_typed_form(tmp_path) -> None:
    # Diagnostics are written as plain JSON for speed; they must be exactly
    # what lsprotocol's converter makes of the typed Diagnostic.
    from termlint.config import default_config
    from termlint.formats import to_document
    from termlint.lsp import diagnostic_json, server

    config = default_config()
    text = 'Kiddie porn, "child pornography" and CSAM \U0001f600 child prostitutes.\n'
    findings = config.engine().check(to_document("doc.md", text, "markdown"))
    assert len(findings) >= 3
    converter = server.protocol._converter
    for f in findings:
        typed = converter.structure(diagnostic_json(f, config), types.Diagnostic)
        assert typed.code == f.rule and typed.range.start.character == f.column_utf16 - 1
        assert converter.unstructure(typed) == diagnostic_json(f, config)
