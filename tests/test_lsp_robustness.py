"""The language server keeps serving through bad input and heavy use:
malformed JSON-RPC, unknown methods, a document closed while it is being
linted, and 1,000 rapid edits with bounded memory. (A broken configuration:
tests/test_lsp.py::test_configuration_reload_without_restart.)"""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

from conftest import find_console_script
from lsprotocol import types
from pytest_lsp import LanguageClient
from test_lsp import client, expected_for, open_doc, same_as, wait_for_diagnostics

__all__ = ["client"]  # the fixture, shared with test_lsp


class RawServer:
    """``termlint lsp`` over stdio, spoken to byte by byte."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [find_console_script(), "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def send_bytes(self, body: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, message: dict) -> None:
        self.send_bytes(json.dumps({"jsonrpc": "2.0", **message}).encode())

    def receive(self) -> dict:
        assert self.proc.stdout is not None
        length = None
        while True:
            line = self.proc.stdout.readline()
            assert line, "the server closed its output"
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        assert length is not None
        return json.loads(self.proc.stdout.read(length))

    def response_to(self, request_id: int) -> dict:
        while True:
            message = self.receive()
            if message.get("id") == request_id and "method" not in message:
                return message

    def close(self) -> None:
        self.send({"id": 999, "method": "shutdown"})
        self.response_to(999)
        self.send({"method": "exit"})
        self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


def test_malformed_json_rpc_and_unknown_methods(tmp_path: Path) -> None:
    server = RawServer()
    try:
        server.send_bytes(b"{this is not json")
        server.send_bytes(b"[1, 2, 3]")
        server.send_bytes(json.dumps({"jsonrpc": "2.0", "id": 7}).encode())  # no method
        server.send({"id": 1, "method": "initialize", "params": {"capabilities": {}}})
        reply = server.response_to(1)
        assert "capabilities" in reply["result"]
        server.send({"method": "initialized", "params": {}})
        server.send({"id": 2, "method": "termlint/noSuchMethod", "params": {}})
        assert server.response_to(2)["error"]["code"] == -32601  # method not found
        server.send({"method": "termlint/noSuchNotification", "params": {}})  # ignored
        server.send({"id": 3, "method": "textDocument/hover", "params": {"oops": True}})
        assert "error" in server.response_to(3)  # invalid params: an error, not a crash
        # still serving: open a document and get its diagnostics
        uri = (tmp_path / "doc.md").as_uri()
        server.send(
            {
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "markdown",
                        "version": 1,
                        "text": "child porn\n",
                    }
                },
            }
        )
        while True:
            message = server.receive()
            if message.get("method") == "textDocument/publishDiagnostics":
                break
        assert [d["code"] for d in message["params"]["diagnostics"]] == ["child-porn-slang"]
        server.close()
        assert server.proc.returncode == 0
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()


async def test_closed_while_being_linted(client: LanguageClient, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    text = "Some child porn here. " * 40_000  # about 1 MB: linting takes a while
    big.write_text(text)
    uri = big.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="plaintext", version=1, text=text
            )
        )
    )
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    # the server goes on serving other documents
    other = await open_doc(client, tmp_path / "other.md", "kiddie porn\n")
    assert len(client.diagnostics[other]) == 1
    await asyncio.sleep(3)  # long enough for the big lint to have finished
    assert not client.diagnostics.get(uri)  # nothing published for a closed document


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


async def test_a_thousand_rapid_edits_with_bounded_memory(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "doc.md"
    base = "\n\n".join(f"Paragraph {i} about child porn and the internet." for i in range(200))
    uri = await open_doc(client, path, base)
    pid = client._server.pid  # type: ignore[attr-defined]
    text = base
    version = 1

    async def storm(edits: int) -> None:
        nonlocal text, version
        for i in range(edits):
            version += 1
            line = i % 200
            at = text.index(f"Paragraph {line} ")
            insert = "kiddie porn " if i % 2 else "x"
            pos = types.Position(line=2 * line, character=0)
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(start=pos, end=pos), text=insert
                        )
                    ],
                )
            )
            text = text[:at] + insert + text[at:]
            if i % 50 == 0:
                await asyncio.sleep(0)  # let the client flush its writes

    await storm(100)
    await wait_for_diagnostics(client, uri, same_as(expected_for(text, path)), timeout=60)
    before = _rss_mb(pid)
    await storm(900)
    await wait_for_diagnostics(client, uri, same_as(expected_for(text, path)), timeout=60)
    after = _rss_mb(pid)
    assert after - before < 40, (before, after)  # no growth with the number of edits
