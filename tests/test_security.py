"""Security guarantees that can be checked (docs/security.md): no network
access, and nothing in a rule pack is executed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import make_test_lsp_client

# Runs termlint with an audit hook that records, then refuses, every attempt
# to resolve a host name or to connect or send over a socket.
GUARD = """\
import sys

MARKER = {marker!r}
EVENTS = {{"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
          "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.sendto",
          "socket.sendmsg", "http.client.connect", "urllib.Request"}}


def guard(event, args):
    if event in EVENTS:
        with open(MARKER, "a") as out:
            out.write(f"{{event}} {{args!r}}\\n")
        raise RuntimeError(f"network access refused: {{event}}")


sys.addaudithook(guard)
if sys.argv[1:] == ["--self-test"]:
    import socket
    socket.getaddrinfo("example.org", 443)
from termlint.cli import main
sys.argv = ["termlint", *sys.argv[1:]]
main()
"""


@pytest.fixture
def guarded(tmp_path: Path) -> tuple[Path, Path]:
    marker = tmp_path / "network-attempts.txt"
    script = tmp_path / "guarded_termlint.py"
    script.write_text(GUARD.format(marker=str(marker)), encoding="utf-8")
    return script, marker


def _run(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_the_guard_catches_network_access(guarded, tmp_path: Path) -> None:
    script, marker = guarded
    result = _run(script, "--self-test", cwd=tmp_path)
    assert result.returncode != 0 and "network access refused" in result.stderr
    assert "socket.getaddrinfo" in marker.read_text()


def test_no_network_access_from_the_cli(guarded, write, tmp_path: Path) -> None:
    script, marker = guarded
    write(".termlint.yaml", "extends: [default, ./house.yaml]\n")
    write("house.yaml", "rules: []\n")
    doc = write("doc.md", "See https://example.org for child porn statistics.\n")
    for args in (
        ("check", str(doc)),
        ("check", "--format", "sarif", str(doc)),
        ("fix", str(doc)),
        ("rules",),
        ("explain", "child-pornography"),
        ("test-rules", "default"),
    ):
        result = _run(script, *args, cwd=tmp_path)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        assert result.returncode in (0, 1), (args, result.stderr)
    assert not marker.exists(), marker.read_text()


async def test_no_network_access_from_the_language_server(guarded, tmp_path: Path) -> None:
    script, marker = guarded
    client = make_test_lsp_client()
    await client.start_io(sys.executable, str(script), "lsp")
    await client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    path = tmp_path / "doc.md"
    path.write_text("child porn\n", encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text="child porn\n"
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == ["child-porn-slang"]
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=2),
        )
    )
    assert hover is not None
    await client.shutdown_session()
    assert not marker.exists(), marker.read_text()


def test_nothing_in_a_pack_is_executed(run, write, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    attempts = [
        f'rules: !!python/object/apply:os.system ["touch {marker}"]\n',
        f'rules:\n  - !!python/object/new:subprocess.Popen [["touch", "{marker}"]]\n',
        "rules:\n  - id: x\n    kind: os.system\n    severity: info\n"
        f"    terms: [a]\n    rationale: '{marker}'\n",
        f"rules:\n  - id: x\n    kind: avoid\n    severity: info\n"
        f'    patterns: [\'(?{{__import__("os").system("touch {marker}")}})\']\n'
        "    rationale: R.\n",
    ]
    doc = write("doc.md", "a\n")
    for body in attempts:
        pack = write("pack.yaml", body)
        result = run("check", "--config", str(pack), str(doc))
        assert result.code == 2, result.out
        assert result.err.count("\n") == 1 and "pack.yaml:" in result.err
    assert not marker.exists()
