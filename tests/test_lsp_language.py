"""The language server and the languages of packs, driven by a real LSP
client over stdio (pytest-lsp): diagnostics name their finding's language
in ``data``, and the editor's ``language`` setting (initialization options,
``didChangeConfiguration``) chooses the packs as ``--language`` does."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest_lsp
from conftest import find_console_script
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from test_lsp import open_doc, wait_for_diagnostics

#: A French paragraph (a French term, and an English one quoted from other
#: papers) and an English one.
DRAFT = (
    "Le journal du matin parlait encore de pédopornographie dans son grand titre, "
    "et deux autres quotidiens ont écrit child pornography dans leurs pages.\n\n"
    "Our English desk wrote child pornography in a caption last week, and the "
    "subeditor changed it before print.\n"
)
FRENCH = (0, DRAFT.index("pédopornographie"), "fr-pedopornographie", "fr")
QUOTED = (0, DRAFT.index("child pornography"), "child-pornography", "en")
ENGLISH = (2, DRAFT.split("\n")[2].index("child pornography"), "child-pornography", "en")
SERVER = [find_console_script(), "lsp"]


def project(tmp_path: Path) -> Path:
    """A directory whose configuration extends the default pack and the French one."""
    (tmp_path / "termlint.yaml").write_text("extends: [default, fr]\n", encoding="utf-8")
    return tmp_path / "revue.md"


def found(diags: list) -> list[tuple[int, int, str, str | None]]:
    return sorted(
        (d.range.start.line, d.range.start.character, d.code, (d.data or {}).get("language"))
        for d in diags
    )


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def english(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            initialization_options={"termlint": {"language": "en"}},
        )
    )
    yield
    await lsp_client.shutdown_session()


def settings(client: LanguageClient, value: object) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"termlint": {"language": value}})
    )


async def test_diagnostics_carry_their_language(client: LanguageClient, tmp_path) -> None:
    uri = await open_doc(client, project(tmp_path), DRAFT)
    diags = await wait_for_diagnostics(client, uri, lambda d: len(d) == 2)
    # each paragraph with the pack of its language; the English words quoted
    # in the French paragraph are not reported
    assert found(diags) == [FRENCH, ENGLISH]
    french = next(d for d in diags if d.code == "fr-pedopornographie")
    assert french.data["replacements"][0] == "matériel d'abus sexuels sur enfants"
    assert (
        french.message == "Use 'matériel d'abus sexuels sur enfants' instead of 'pédopornographie'."
    )


async def test_the_language_setting_chooses_the_packs(client: LanguageClient, tmp_path) -> None:
    uri = await open_doc(client, project(tmp_path), DRAFT)
    await wait_for_diagnostics(client, uri, lambda d: found(d) == [FRENCH, ENGLISH])
    settings(client, "fr")
    await wait_for_diagnostics(client, uri, lambda d: found(d) == [FRENCH])
    settings(client, "en")
    await wait_for_diagnostics(client, uri, lambda d: found(d) == [QUOTED, ENGLISH])
    # a bad value is one line shown to the user; the setting stays as it was
    settings(client, "french")
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    [message] = client.messages
    assert message.type == types.MessageType.Error
    assert message.message == (
        "termlint: the setting termlint.language must be 'auto' or an ISO 639-1 code such as "
        "'en' or 'fr', not 'french' (did you mean 'fr'?)"
    )
    await asyncio.sleep(0.3)
    assert found(client.diagnostics[uri]) == [QUOTED, ENGLISH]
    # no value: the configuration's (auto)
    settings(client, None)
    await wait_for_diagnostics(client, uri, lambda d: found(d) == [FRENCH, ENGLISH])


async def test_the_language_in_initialization_options(english: LanguageClient, tmp_path) -> None:
    uri = await open_doc(english, project(tmp_path), DRAFT)
    diags = await wait_for_diagnostics(english, uri, lambda d: len(d) == 2)
    assert found(diags) == [QUOTED, ENGLISH]
