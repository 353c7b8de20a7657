"""``termlint serve`` for tests: the installed script started as a
subprocess on a free port (``--port 0``), its address read from the line it
prints, and plain HTTP requests to it (``http.client``: exact bodies,
headers and chunked uploads)."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LISTENING = re.compile(r"^termlint serve: listening on http://[\d.]+:(\d+)$")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        assert self.headers.get("content-type", "").startswith("application/json"), self
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    first_line: str
    err_lines: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def stderr(self) -> str:
        return "".join(self.err_lines)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            data = body.encode("utf-8") if isinstance(body, str) else body
            conn.request(method, path, body=data, headers=headers or {})
            response = conn.getresponse()
            return Answer(
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            conn.close()

    def post_json(self, path: str, value: Any, headers: dict[str, str] | None = None) -> Answer:
        return self.request(
            "POST",
            path,
            json.dumps(value),
            {"Content-Type": "application/json", **(headers or {})},
        )

    def post_form(
        self, path: str, fields: dict[str, str], headers: dict[str, str] | None = None
    ) -> Answer:
        return self.request(
            "POST",
            path,
            urllib.parse.urlencode(fields),
            {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
        )

    def post_file(
        self,
        path: str,
        name: str,
        data: bytes,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        body, ctype = multipart({"file": (name, data), **(fields or {})})
        return self.request("POST", path, body, {"Content-Type": ctype, **(headers or {})})

    def stop(self) -> int:
        self.proc.terminate()
        try:
            return self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(15)


def multipart(fields: dict[str, str | tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its Content-Type: a (name, bytes)
    value is a file."""
    boundary = "termlint-test-boundary-7d1f"
    out = b""
    for key, value in fields.items():
        out += f"--{boundary}\r\n".encode()
        if isinstance(value, tuple):
            filename, data = value
            out += (
                f'Content-Disposition: form-data; name="{key}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode("utf-8", "surrogateescape")  # a surrogate escape: a byte that is not UTF-8
            out += data
        else:
            out += f'Content-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            out += value.encode("utf-8")
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def start(
    termlint_bin: str,
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Server:
    """Start ``termlint serve --port 0 ARGS`` in ``cwd`` and wait for its address."""
    full_env = {
        k: v for k, v in os.environ.items() if k not in ("TERMLINT_DEBUG", "TERMLINT_TOKEN")
    }
    full_env.update(env or {})
    proc = subprocess.Popen(
        [termlint_bin, "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=full_env,
    )
    server = Server(proc, 0, "")
    assert proc.stderr is not None and proc.stdout is not None
    threading.Thread(target=_collect, args=(proc.stderr, server.err_lines), daemon=True).start()
    first: list[str] = []
    reader = threading.Thread(target=lambda: first.append(proc.stdout.readline().decode()))
    reader.start()
    reader.join(timeout)
    line = first[0].rstrip("\n") if first else ""
    found = LISTENING.match(line)
    if not found:
        proc.kill()
        proc.wait(15)
        time.sleep(0.1)
        raise AssertionError(f"termlint serve did not start: {line!r} {server.stderr!r}")
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # drain
    server.port = int(found.group(1))
    server.first_line = line
    return server


def _collect(stream: Any, lines: list[str]) -> None:
    for raw in iter(stream.readline, b""):
        lines.append(raw.decode("utf-8", "replace"))
