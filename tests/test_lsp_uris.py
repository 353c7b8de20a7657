"""The language server and the URIs clients send: file names with spaces,
accents (precomposed or decomposed, percent-encoded or not) and '#', driven
by a real LSP client over stdio (pytest-lsp) and by headless Neovim. The
server finds the file and its configuration from the decoded path, and
answers with each URI exactly as the client sent it."""

from __future__ import annotations

import asyncio
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient
from test_lsp import client, spans_of, wait_for_diagnostics
from test_lsp_nvim import NVIM, neovim_diagnostics

from termlint.lsp import uri_to_path

__all__ = ["client"]  # the fixture, shared with test_lsp

# "Un résumé 😀 — the report found " is 31 code points and 32 UTF-16 units
# (the emoji is two), so a code-point column would be off by one.
TEXT = "Un résumé 😀 — the report found child pornography online.\n\nSecond paragraph is clean.\n"
START, END = 32, 49  # "child pornography", in UTF-16 units
FIXED = TEXT.replace("child pornography", "child sexual abuse material")


def spelled(path: Path, how: str) -> str:
    """The file URI of ``path`` as one client or another spells it."""
    text = str(path)
    if how == "pathlib":  # upper-case escapes of the UTF-8 bytes
        return path.as_uri()
    if how == "neovim":  # lower-case escapes; ' ( ) ; left as they are
        encoded = quote(text, safe="/'();~+")
        return "file://" + re.sub("%[0-9A-F]{2}", lambda m: m.group().lower(), encoded)
    if how == "unescaped-accents":  # an IRI: non-ASCII characters as they are
        return "file://" + "".join(c if ord(c) > 127 else quote(c, safe="/") for c in text)
    if how == "decomposed":  # é as e + U+0301, as macOS names files; NFC on disk
        return "file://" + quote(unicodedata.normalize("NFD", text))
    if how == "localhost":
        return "file://localhost" + quote(text)
    raise AssertionError(how)


def open_uri(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=version, text=text
            )
        )
    )


async def logged_about(client: LanguageClient, uri: str, count: int = 1) -> list:
    """The log messages naming ``uri``, once there are ``count`` of them."""
    for _ in range(100):
        found = [m for m in client.log_messages if uri in m.message]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"nothing logged about {uri}: {client.log_messages}")


async def code_actions(client: LanguageClient, uri: str, rng: types.Range) -> list:
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )


@pytest.mark.parametrize(
    "name",
    ["Draft story v2.md", "Brouillon d'été.md", "Notes #3.md", "Reportage ü #4 (final).md"],
)
async def test_open_edit_fix_save_and_close(client: LanguageClient, tmp_path, name) -> None:
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    uri = path.as_uri()
    assert "%" in uri
    open_uri(client, uri, TEXT)
    diags = await wait_for_diagnostics(client, uri)
    assert spans_of(diags) == [(0, START, 0, END, "child-pornography")]

    # an incremental edit, at UTF-16 positions
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=0, character=START),
                        end=types.Position(line=0, character=END),
                    ),
                    text="kiddie porn",
                )
            ],
        )
    )
    diags = await wait_for_diagnostics(
        client, uri, lambda d: spans_of(d) == [(0, START, 0, START + 11, "child-porn-slang")]
    )

    # the quick fix and "fix all" edit the document under the URI as sent
    actions = await code_actions(client, uri, diags[0].range)
    quick = next(a for a in actions if a.is_preferred)
    assert list(quick.edit.changes) == [uri]
    (edit,) = quick.edit.changes[uri]
    assert edit.new_text == "child sexual abuse material"
    assert (edit.range.start.character, edit.range.end.character) == (START, START + 11)
    fix_all = next(a for a in actions if a.kind == "source.fixAll.termlint")
    assert list(fix_all.edit.changes) == [uri]
    assert fix_all.edit.changes[uri][0].new_text == FIXED

    # saved: linted again, under the same URI
    previous = client.diagnostics[uri]
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await wait_for_diagnostics(client, uri, lambda d: d is not previous and len(d) == 1)

    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await wait_for_diagnostics(client, uri, lambda d: not d)
    assert set(client.diagnostics) == {uri}  # never under another spelling
    assert not [m for m in client.log_messages if m.type == types.MessageType.Error]


@pytest.mark.parametrize(
    "how", ["pathlib", "neovim", "unescaped-accents", "decomposed", "localhost"]
)
async def test_configuration_next_to_the_document_is_honoured(
    client: LanguageClient, tmp_path, how
) -> None:
    project = tmp_path / "Rapports d'été #2"
    config = project / "termlint.yaml"
    doc = project / "Brouillons ü" / "Draft story v2 #3.md"
    doc.parent.mkdir(parents=True)
    config.write_text("ignore: [child-porn-slang]\n", encoding="utf-8")
    text = "Kiddie porn and child pornography were found.\n"
    doc.write_text(text, encoding="utf-8")
    # the same document in a folder with no configuration: both findings
    elsewhere = tmp_path / "Sans réglages #1" / "Draft story v2 #3.md"
    elsewhere.parent.mkdir()
    elsewhere.write_text(text, encoding="utf-8")

    uri, other = spelled(doc, how), spelled(elsewhere, how)
    open_uri(client, uri, text)
    open_uri(client, other, text)
    diags = await wait_for_diagnostics(client, uri)
    assert spans_of(diags) == [(0, 16, 0, 33, "child-pornography")]  # the slang is ignored
    assert [d.code for d in await wait_for_diagnostics(client, other)] == [
        "child-porn-slang",
        "child-pornography",
    ]
    # "fix all" follows the configuration too
    actions = await code_actions(client, uri, diags[0].range)
    fix_all = next(a for a in actions if a.kind == "source.fixAll.termlint")
    (whole,) = fix_all.edit.changes[uri]
    assert whole.new_text == "Kiddie porn and child sexual abuse material were found.\n"

    # the configuration changes and is saved: the document is linted again
    config.write_text("ignore: [child-pornography]\n", encoding="utf-8")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=spelled(config, how))
        )
    )
    await wait_for_diagnostics(
        client, uri, lambda d: spans_of(d) == [(0, 0, 0, 11, "child-porn-slang")]
    )
    # besides the documents, only the configuration file, cleared of errors
    assert set(client.diagnostics) - {uri, other} == {config.as_uri()}
    assert not client.diagnostics[config.as_uri()]


async def test_each_request_may_spell_the_uri_its_own_way(client: LanguageClient, tmp_path) -> None:
    path = tmp_path / "Rapports d'été #2" / "Brouillon été.md"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    opened = spelled(path, "pathlib")
    open_uri(client, opened, TEXT)
    await wait_for_diagnostics(client, opened)
    # a quick fix asked for with another spelling names the document as asked
    asked = spelled(path, "decomposed")
    rng = types.Range(
        start=types.Position(line=0, character=START), end=types.Position(line=0, character=END)
    )
    actions = await code_actions(client, asked, rng)
    quick = next(a for a in actions if a.is_preferred)
    assert list(quick.edit.changes) == [asked]
    assert quick.edit.changes[asked][0].new_text == "child sexual abuse material"
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=spelled(path, "unescaped-accents")),
            position=types.Position(line=0, character=START + 1),
        )
    )
    assert hover is not None and "child-pornography" in hover.contents.value
    # closed with yet another spelling: the diagnostics published are cleared
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=spelled(path, "neovim"))
        )
    )
    await wait_for_diagnostics(client, opened, lambda d: not d)


async def test_windows_drive_letters_and_other_schemes(client: LanguageClient) -> None:
    text = "The archive held child pornography.\n"
    uris = [
        "file:///C:/Users/Ana/Draft%20story%20v2.md",
        "file:///c%3A/Users/Ana/Notes%20%233.md",  # as VS Code spells it
        "untitled:Untitled-1",
    ]
    for uri in uris:
        open_uri(client, uri, text)
    for uri in uris:
        diags = await wait_for_diagnostics(client, uri)
        assert spans_of(diags) == [(0, 17, 0, 34, "child-pornography")]
    assert set(client.diagnostics) == set(uris)


def test_uri_to_path() -> None:
    assert uri_to_path("file:///tmp/Draft%20story%20v2.md") == "/tmp/Draft story v2.md"
    assert uri_to_path("file:///tmp/Notes%20%233.md") == "/tmp/Notes #3.md"
    assert uri_to_path("file:///tmp/d%27%c3%a9t%C3%A9;x.md") == "/tmp/d'été;x.md"
    assert uri_to_path("file:///tmp/d'été.md") == "/tmp/d'été.md"
    assert uri_to_path("file://localhost/tmp/a%20b.md") == "/tmp/a b.md"
    assert uri_to_path("file:/tmp/a.md") == "/tmp/a.md"
    assert uri_to_path("untitled:Untitled-1") == "untitled:Untitled-1"
    drive = "file:///c%3A/Users/Ana/Draft%20story.md"
    assert uri_to_path(drive, windows=True) == r"c:\Users\Ana\Draft story.md"
    assert uri_to_path("file:///C:/a%20b.md", windows=True) == r"C:\a b.md"
    assert uri_to_path("file://server/share/a%20b.md", windows=True) == r"\\server\share\a b.md"
    assert uri_to_path(drive, windows=False) == "/c:/Users/Ana/Draft story.md"
    # bytes that are not UTF-8 name the same bytes on disk (POSIX)
    assert os.fsencode(uri_to_path("file:///tmp/caf%E9.md", windows=False)) == b"/tmp/caf\xe9.md"


async def test_a_document_that_cannot_be_handled_is_logged(
    client: LanguageClient, tmp_path
) -> None:
    # No file can be named with a NUL character: its configuration cannot be
    # looked up. The text is still checked, with the default rules, and the
    # client is told why.
    uri = (tmp_path / "Draft story").as_uri() + "%00v2.md"
    open_uri(client, uri, "Some kiddie porn here.\n")
    diags = await wait_for_diagnostics(client, uri)
    assert [d.code for d in diags] == ["child-porn-slang"]
    (message,) = await logged_about(client, uri)
    assert message.type == types.MessageType.Warning and "default rules" in message.message

    # a code action for a document that was never opened: logged, not silent
    missing = (tmp_path / "Never opened #1.md").as_uri()
    actions = await code_actions(
        client,
        missing,
        types.Range(
            start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
        ),
    )
    assert not actions
    await logged_about(client, missing)

    # saved without being opened: nothing to check, and the client is told
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=missing))
    )
    await logged_about(client, missing, count=2)
    # a Word document opened as text: not checked here, and the client is told
    docx = (tmp_path / "Rapport final #2.docx").as_uri()
    open_uri(client, docx, "Some kiddie porn here.\n")
    (message,) = await logged_about(client, docx)
    assert "termlint check" in message.message
    assert docx not in client.diagnostics


@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (Debian package: neovim)")
def test_neovim_file_name_with_spaces_accents_and_hash(tmp_path) -> None:
    project = tmp_path / "Rapports d'été #2"
    doc = project / "Draft story v2 #3 é.md"
    project.mkdir()
    (project / "termlint.yaml").write_text("ignore: [child-pornography]\n", encoding="utf-8")
    text = "# Draft\n\nPolice found 😀 child pornography and kiddie porn.\n"
    doc.write_text(text, encoding="utf-8")
    lines = neovim_diagnostics(doc, tmp_path)
    # the configuration beside the document ignores child-pornography; Neovim
    # reports byte columns: "Police found 😀 child pornography and " is 40 bytes
    assert [line.split(":", 5)[:4] for line in lines] == [["2", "40", "1", "child-porn-slang"]]
