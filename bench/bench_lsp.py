"""Language-server latency: time from an edit of a 1 MB document to the
diagnostics that follow it (debounce included), through a real LSP client
talking to ``termlint lsp`` over stdio.

    python bench/bench_lsp.py [--size-mb 1] [--edits 5] [--suffix txt|md]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pytest_lsp import make_test_lsp_client

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"


async def main(size_mb: float, edits: int, suffix: str) -> None:
    chunk = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    text = (chunk * (int(size_mb * 1_000_000) // len(chunk) + 1))[: int(size_mb * 1_000_000)]
    exe = shutil.which("termlint", path=str(Path(sys.executable).parent)) or "termlint"
    client = make_test_lsp_client()
    await client.start_io(exe, "lsp")
    await client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    with tempfile.TemporaryDirectory() as tmp:
        uri = (Path(tmp) / f"big.{suffix}").resolve().as_uri()

        async def published(previous: object) -> None:
            # the test client stores each publication as a new object
            while client.diagnostics.get(uri) is previous:
                await asyncio.sleep(0.002)

        t0 = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="plaintext", version=1, text=text
                )
            )
        )
        await published(None)
        print(f"document: {len(text) / 1e6:.1f} MB, {len(client.diagnostics[uri])} diagnostics")
        print(f"open -> diagnostics: {(time.perf_counter() - t0) * 1000:.0f} ms")
        latencies = []
        for version in range(2, edits + 2):
            previous = client.diagnostics.get(uri)
            t0 = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(
                                start=types.Position(line=0, character=0),
                                end=types.Position(line=0, character=0),
                            ),
                            text="child porn ",
                        )
                    ],
                )
            )
            await published(previous)
            latencies.append(time.perf_counter() - t0)
        median, worst = statistics.median(latencies) * 1000, max(latencies) * 1000
        print(
            f"edit -> diagnostics ({edits} edits, debounce included): "
            f"median {median:.0f} ms, max {worst:.0f} ms"
        )
    await client.shutdown_session()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--suffix", default="txt", help="txt (plain text) or md (Markdown)")
    args = parser.parse_args()
    asyncio.run(main(args.size_mb, args.edits, args.suffix))
