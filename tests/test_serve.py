"""``termlint serve``: the installed command started as a subprocess on a
free port, the JSON API, the page's files, the OpenAPI description and the
guards (size and time limits, token, origins, errors) tried over real HTTP
connections. (LanguageTool's API: tests/test_serve_languagetool.py.)"""

from __future__ import annotations

import http.client
import io
import json
import signal
import socket
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from jsonschema import Draft202012Validator
from servers import Server, multipart, start

EPOCH = {"SOURCE_DATE_EPOCH": "1764806400"}  # reviewed copies dated 2025-12-04
EXTENSION = "moz-extension://0b2d9c8e-4a7f-4f7e-9d3a-1c2b3d4e5f60"
# an emoji (two UTF-16 units), accents and a CJK word before the findings
DRAFT = "😀 Café notes 記事: police seized child porn.\nThe child pornography trade grew.\n"


@pytest.fixture(scope="module")
def server(termlint_bin: str, tmp_path_factory) -> Server:
    cwd = tmp_path_factory.mktemp("serve")
    started = start(termlint_bin, "--cors-origin", EXTENSION, cwd=cwd, env=EPOCH)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def spec(server: Server) -> dict[str, Any]:
    answer = server.request("GET", "/openapi.json")
    assert answer.status == 200
    return answer.json()


def conforms(spec: dict[str, Any], schema: str, value: Any) -> None:
    """``value`` is valid against the OpenAPI document's schema ``schema``."""
    root = {"$ref": f"#/components/schemas/{schema}", "components": spec["components"]}
    errors = list(Draft202012Validator(root).iter_errors(value))
    assert not errors, [e.message for e in errors]


def utf16_slice(text: str, start: int, end: int) -> str:
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * end].decode("utf-16-le")


def error_of(answer, status: int, code: str) -> str:
    assert answer.status == status, (answer.status, answer.body)
    body = answer.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code, body
    message = body["error"]["message"]
    assert "\n" not in message and "Traceback" not in message
    return message


# ------------------------------------------------------------------- command


def test_it_listens_on_localhost_and_prints_the_real_port(server: Server) -> None:
    assert server.first_line == f"termlint serve: listening on http://127.0.0.1:{server.port}"
    assert server.port != 0
    assert "warning" not in server.stderr


def test_check_answers_the_cli_json_findings_with_utf16_offsets(server: Server, spec, run) -> None:
    answer = server.post_json("/api/check", {"text": DRAFT})
    assert answer.status == 200
    body = answer.json()
    conforms(spec, "CheckResponse", body)
    cli = json.loads(run("check", "--format", "json", "-", input=DRAFT).out)["findings"]
    for finding in cli:
        finding["path"] = "draft.txt"  # the CLI names standard input "-"
    assert [{k: v for k, v in f.items() if "offset" not in k} for f in body["findings"]] == cli
    words = [utf16_slice(DRAFT, f["offset_utf16"], f["end_offset_utf16"]) for f in body["findings"]]
    assert words == ["child porn", "child pornography"]
    assert body["findings"][0]["offset_utf16"] == DRAFT.index("child porn") + 1  # the emoji


def test_filename_chooses_the_format_and_never_a_server_path(server: Server, spec) -> None:
    text = "Use `child porn` in code.\n\nBut child porn here.\n"
    answer = server.post_json("/api/check", {"text": text, "filename": "../../etc/notes.md"})
    body = answer.json()
    conforms(spec, "CheckResponse", body)
    assert [(f["path"], f["line"]) for f in body["findings"]] == [("notes.md", 3)]
    as_text = server.post_json("/api/check", {"text": text, "format": "text"}).json()
    assert [f["line"] for f in as_text["findings"]] == [1, 3]


def test_select_and_ignore_by_prefix(server: Server) -> None:
    both = {"text": DRAFT, "select": ["child-pornography"]}
    found = server.post_json("/api/check", both).json()["findings"]
    assert [f["rule"] for f in found] == ["child-pornography"]
    found = server.post_json("/api/check", {"text": DRAFT, "ignore": ["child-porn"]}).json()
    assert found["findings"] == []
    wrong = server.post_json("/api/check", {"text": DRAFT, "ignore": ["child-porn-slng"]})
    message = error_of(wrong, 422, "invalid_input")
    assert message == "ignore: unknown rule id 'child-porn-slng' (did you mean 'child-porn-slang'?)"


def test_a_language_chooses_the_packs_as_language_does(server: Server, spec, run) -> None:
    # this server has the English pack only: in English, its findings name
    # their language, as the CLI's do; in French, the English pack is out
    english = server.post_json("/api/check", {"text": DRAFT, "language": "en"}).json()
    conforms(spec, "CheckResponse", english)
    cli = run("check", "--format", "json", "--language", "en", "-", input=DRAFT).out
    assert [f["language"] for f in json.loads(cli)["findings"]] == ["en", "en"]
    assert [(f["rule"], f["language"]) for f in english["findings"]] == [
        ("child-porn-slang", "en"),
        ("child-pornography", "en"),
    ]
    french = server.post_json("/api/check", {"text": DRAFT, "language": "fr"}).json()
    assert french["findings"] == []
    fixed = server.post_json("/api/fix", {"text": DRAFT, "language": "fr"}).json()
    conforms(spec, "FixResponse", fixed)
    assert (fixed["text"], fixed["fixes"]) == (DRAFT, [])
    auto = server.post_json("/api/check", {"text": DRAFT, "language": "auto"}).json()
    assert [f["rule"] for f in auto["findings"]] == ["child-porn-slang", "child-pornography"]
    data = word_file("Police found child porn online.")
    for language, count in (("fr", 0), ("en", 1)):
        body = server.post_file("/api/file", "memo.docx", data, {"language": language}).json()
        conforms(spec, "FileResponse", body)
        assert len(body["findings"]) == count
    text_file = server.post_file("/api/file", "memo.txt", b"child porn", {"language": "fr"})
    assert text_file.json()["findings"] == []
    bad = server.post_file("/api/file", "memo.txt", b"x", {"language": "fre"})
    assert "'language' must be 'auto' or an ISO 639-1 code" in error_of(bad, 400, "bad_request")


def test_fix_answers_the_text_termlint_fix_writes(server: Server, spec, run) -> None:
    answer = server.post_json("/api/fix", {"text": DRAFT})
    body = answer.json()
    conforms(spec, "FixResponse", body)
    assert body["text"] == run("fix", "-", input=DRAFT).out
    assert [(f["line"], f["rule"], f["old"], f["new"]) for f in body["fixes"]] == [
        (1, "child-porn-slang", "child porn", "child sexual abuse material"),
        (2, "child-pornography", "child pornography", "child sexual abuse material"),
    ]
    assert body["findings"] == []
    quoted = 'He said "child porn" twice. Child porn is slang.\n'
    left = server.post_json("/api/fix", {"text": quoted}).json()
    assert left["text"] == 'He said "child porn" twice. Child sexual abuse material is slang.\n'
    [remaining] = left["findings"]
    assert remaining["severity"] == "info"
    assert utf16_slice(left["text"], remaining["offset_utf16"], remaining["end_offset_utf16"]) == (
        "child porn"
    )


def test_rules_and_one_rule(server: Server, spec, run) -> None:
    body = server.request("GET", "/api/rules").json()
    conforms(spec, "RulesResponse", body)
    assert body["rules"] == json.loads(run("rules", "--format", "json").out)
    rule = server.request("GET", "/api/rules/child-porn-slang").json()
    conforms(spec, "Explanation", rule)
    assert rule["id"] == "child-porn-slang"
    assert "child sexual abuse material" in rule["preferred"] and rule["sources"]
    missing = server.request("GET", "/api/rules/child-porn-slng")
    assert error_of(missing, 404, "unknown_rule") == (
        "unknown rule id 'child-porn-slng' (did you mean 'child-porn-slang'?)"
    )


# ---------------------------------------------------------------------- files


def word_file(*paragraphs: str) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_file_reads_word_documents_by_paragraph(server: Server, spec) -> None:
    data = word_file("A short report 😀.", "Police found child porn online.")
    body = server.post_file("/api/file", "Report 2026.docx", data).json()
    conforms(spec, "FileResponse", body)
    assert (body["filename"], body["format"]) == ("Report 2026.docx", "docx")
    assert body["text"] == "A short report 😀.\nPolice found child porn online."
    [finding] = body["findings"]
    assert (finding["part"], finding["paragraph"], finding["line"]) == ("body", 2, 2)
    assert utf16_slice(body["text"], finding["offset_utf16"], finding["end_offset_utf16"]) == (
        "child porn"
    )


def test_file_reads_text_files_as_utf8(server: Server, spec) -> None:
    text = "# Notes\n\nCafé: `child porn` in code, child porn outside.\n"
    body = server.post_file("/api/file", "notes.md", text.encode("utf-8")).json()
    conforms(spec, "FileResponse", body)
    assert (body["format"], body["text"]) == ("markdown", text)
    line = text.splitlines()[2]
    assert [(f["line"], f["column"]) for f in body["findings"]] == [
        (3, line.index("child porn outside") + 1)
    ]
    latin1 = server.post_file("/api/file", "notes.txt", "Café child porn".encode("latin-1"))
    assert error_of(latin1, 422, "invalid_input").startswith("notes.txt:1:4: not valid UTF-8")
    binary = server.post_file("/api/file", "notes.txt", b"\x00\x01\x02PK\x03\x04" * 50)
    assert error_of(binary, 422, "invalid_input") == "notes.txt: binary file, not text"


def test_a_damaged_word_file_is_a_clear_error_naming_no_server_path(server: Server) -> None:
    answer = server.post_file("/api/file", "story.docx", b"PK\x03\x04 not really a zip")
    message = error_of(answer, 422, "invalid_input")
    assert message.startswith("story.docx: not a valid DOCX file")
    assert "/tmp" not in message and "upload" not in message


def test_review_answers_the_copy_termlint_review_writes(server: Server, run, tmp_path) -> None:
    data = word_file("Police found child porn online.", "Kiddie porn is slang.")
    answer = server.post_file("/api/review", "Story é.docx", data, {"author": "A. Editor"})
    assert answer.status == 200, answer.body
    assert answer.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert answer.headers["content-disposition"] == (
        "attachment; filename=\"Story _.reviewed.docx\"; filename*=UTF-8''Story%20%C3%A9.reviewed.docx"
    )
    (tmp_path / "story.docx").write_bytes(data)
    result = run("review", "--author", "A. Editor", "story.docx", env=EPOCH)
    assert result.code == 1, result.err
    assert answer.body == (tmp_path / "story.reviewed.docx").read_bytes()
    plain = server.post_file("/api/review", "story.docx", data)
    assert plain.headers["content-disposition"] == 'attachment; filename="story.reviewed.docx"'


def test_review_of_opendocument_and_of_text(server: Server, tmp_path: Path) -> None:
    from test_odt import build

    path = build(tmp_path / "s.odt", "<text:p>Police found child porn online.</text:p>")
    data = path.read_bytes()
    answer = server.post_file("/api/review", "s.odt", data)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/vnd.oasis.opendocument.text"
    assert answer.headers["content-disposition"] == 'attachment; filename="s.reviewed.odt"'
    with zipfile.ZipFile(io.BytesIO(answer.body)) as package:
        assert b"text:tracked-changes" in package.read("content.xml")
    text = server.post_file("/api/review", "s.md", b"child porn")
    assert error_of(text, 422, "invalid_input").startswith("s.md: only Word (.docx)")
    bad_author = server.post_file("/api/review", "s.odt", data, {"author": "A\x07B"})
    assert error_of(bad_author, 400, "bad_request").startswith("'author' must be a printable")


# --------------------------------------------------------------- page, spec


def test_the_page_and_its_files(server: Server) -> None:
    page = server.request("GET", "/")
    assert page.status == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.body == (ROOT / "termlint" / "serve" / "static" / "index.html").read_bytes()
    for name in sorted(p.name for p in (ROOT / "termlint" / "serve" / "static").iterdir()):
        asset = server.request("GET", f"/static/{name}")
        assert asset.status == 200, name
        assert asset.body == (ROOT / "termlint" / "serve" / "static" / name).read_bytes()
    assert error_of(server.request("GET", "/static/../app.py"), 404, "not_found")
    assert error_of(server.request("GET", "/static/nothing.js"), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/openapi.json"),
        ("GET", "/api/rules"),
        ("GET", "/nowhere"),
        ("GET", "/api/check"),
        ("POST", "/api/check"),
        ("POST", "/v2/check"),
        ("GET", "/v2/languages"),
    ],
)
def test_every_answer_carries_the_security_headers(server: Server, method: str, path: str) -> None:
    answer = server.request(method, path, b"{" if method == "POST" else None)
    csp = answer.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_the_openapi_description_is_valid_and_lists_every_endpoint(spec) -> None:
    from openapi_spec_validator import validate

    validate(spec)
    assert set(spec["paths"]) >= {
        "/api/check",
        "/api/fix",
        "/api/rules",
        "/api/rules/{id}",
        "/api/file",
        "/api/review",
        "/v2/check",
        "/v2/languages",
    }


# --------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("body", "headers", "status", "code", "says"),
    [
        (b'{"text": "child porn"', None, 400, "invalid_json", "not valid JSON"),
        (b"[" * 100_000, None, 400, "invalid_json", "nested too deeply"),
        (b'{"text": "caf\xe9"}', None, 400, "bad_encoding", "not UTF-8 (byte 0xe9"),
        (b'{"text": "a \\ud800 b"}', None, 400, "bad_encoding", "lone surrogate (U+D800"),
        (b'["child porn"]', None, 400, "bad_request", "must be a JSON object"),
        (b'{"txt": "child porn"}', None, 400, "bad_request", "unknown field 'txt'"),
        (b'{"text": 3}', None, 400, "bad_request", "'text' is required"),
        (b'{"text": "x", "select": "child"}', None, 400, "bad_request", "list of rule ids"),
        (
            b'{"text": "x", "language": "french"}',
            None,
            400,
            "bad_request",
            "'language' must be 'auto' or an ISO 639-1 code such as 'en' or 'fr', not 'french' "
            "(did you mean 'fr'?)",
        ),
        (b'{"text": "x", "language": ["fr"]}', None, 400, "bad_request", "'language' must be"),
        (b'{"text": "x", "format": "pdf"}', None, 422, "invalid_input", "unknown format 'pdf'"),
        (b'{"text": "x", "filename": "a.docx"}', None, 422, "invalid_input", "sent as a file"),
        (
            b"text=child+porn",
            {"Content-Type": "application/x-www-form-urlencoded"},
            415,
            "unsupported_media_type",
            "Content-Type: application/json",
        ),
    ],
)
def test_bad_json_requests_are_clear_errors(
    server: Server, body: bytes, headers, status: int, code: str, says: str
) -> None:
    answer = server.request(
        "POST", "/api/check", body, headers or {"Content-Type": "application/json"}
    )
    assert says in error_of(answer, status, code)


def test_bad_uploads_are_clear_errors(server: Server) -> None:
    no_file, ctype = multipart({"author": "me"})
    answer = server.request("POST", "/api/file", no_file, {"Content-Type": ctype})
    assert "field named 'file'" in error_of(answer, 400, "bad_request")
    broken = server.request(
        "POST", "/api/file", b"--x\r\ngarbage", {"Content-Type": "multipart/form-data; boundary=x"}
    )
    assert "multipart form" in error_of(broken, 400, "bad_request")
    no_boundary = server.request(
        "POST", "/api/file", b"abc", {"Content-Type": "multipart/form-data"}
    )
    assert "no boundary" in error_of(no_boundary, 400, "bad_request")
    as_json = server.post_json("/api/file", {"file": "x"})
    assert "multipart/form-data" in error_of(as_json, 415, "unsupported_media_type")
    twice, ctype = multipart({"file": ("a.txt", b"child porn"), "author": "me"})
    twice = twice.replace(b'name="author"', b'name="file"; filename="b.txt"')
    answer = server.request("POST", "/api/file", twice, {"Content-Type": ctype})
    assert "given more than once" in error_of(answer, 400, "bad_request")
    bad_name, ctype = multipart({"file": ("caf\udce9.txt", b"x")})  # Latin-1 é
    answer = server.request("POST", "/api/file", bad_name, {"Content-Type": ctype})
    assert "file name of 'file' is not UTF-8" in error_of(answer, 400, "bad_request")


def test_unknown_pages_and_methods_are_json_errors(server: Server) -> None:
    assert error_of(server.request("GET", "/api/nothing"), 404, "not_found")
    answer = server.request("GET", "/api/check")
    assert error_of(answer, 405, "method_not_allowed") == "GET is not allowed on /api/check"


# ------------------------------------------------------------------ limits


def test_a_body_over_the_limit_by_its_content_length(server: Server) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest("POST", "/api/check")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", "5000001")
    conn.endheaders()
    conn.send(b'{"text": "')  # the rest never comes: the length alone is refused
    response = conn.getresponse()
    body = json.loads(response.read())
    conn.close()
    assert response.status == 413
    assert body["error"] == {
        "code": "too_large",
        "message": "the request body (5,000,001 bytes) is larger than this server's limit "
        "of 5,000,000 bytes",
    }


@pytest.mark.parametrize("path", ["/api/check", "/v2/check", "/api/file"])
def test_a_streamed_body_over_the_limit_is_counted(server: Server, path: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest("POST", path)
    kinds = {"/api/check": "application/json", "/v2/check": "application/x-www-form-urlencoded"}
    conn.putheader("Content-Type", kinds.get(path, "multipart/form-data; boundary=x"))
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    chunk = b"a" * 1_000_000
    for _ in range(6):
        conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    conn.send(b"0\r\n\r\n")
    response = conn.getresponse()
    body = response.read()
    conn.close()
    assert response.status == 413
    if path.startswith("/v2/"):
        assert body.decode() == (
            "Error: the request body is larger than this server's limit of 5,000,000 bytes"
        )
    else:
        assert json.loads(body)["error"]["code"] == "too_large"


def test_a_text_just_under_the_limit_is_checked(server: Server) -> None:
    ending = "😀 and child porn at the end."
    filler = "The committee met on Tuesday to read the report again. "
    text = filler * ((4_999_000 - len(ending) - 20) // len(filler)) + ending
    answer = server.post_json("/api/check", {"text": text})
    assert answer.status == 200
    [finding] = answer.json()["findings"]
    assert finding["offset_utf16"] == text.index("child porn") + 1


def test_concurrent_requests_share_the_engine_without_mixing_texts(server: Server) -> None:
    from concurrent.futures import ThreadPoolExecutor

    words = ["child porn", "kiddie porn", "child pornography", "child pornographers"]

    def draft(i: int) -> str:
        lead = "é" * (i % 7) + "😀" * (i % 3)
        return f"{lead} Report {i}: " + f"police found {words[i % 4]} again. " * (1 + i % 5)

    def ask(i: int) -> list[tuple[int, str]]:
        text = draft(i)
        if i % 2:
            found = server.post_json("/api/check", {"text": text}).json()["findings"]
            return [(f["offset_utf16"], f["text"]) for f in found]
        form = {"text": text, "language": "en-US", "level": "picky"}
        found = server.post_form("/v2/check", form).json()["matches"]
        return [
            (m["offset"], utf16_slice(text, m["offset"], m["offset"] + m["length"])) for m in found
        ]

    alone = [ask(i) for i in range(24)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        together = list(pool.map(ask, range(24)))
    assert together == alone
    assert all(len(found) == 1 + i % 5 for i, found in enumerate(alone))


# ------------------------------------------------------------------ origins


def test_origins_not_allowed_are_refused_and_logged(server: Server) -> None:
    evil = "https://pages.example.net"
    answer = server.post_json("/api/check", {"text": DRAFT}, {"Origin": evil})
    assert "'https://pages.example.net' are not allowed" in error_of(
        answer, 403, "origin_not_allowed"
    )
    assert "access-control-allow-origin" not in answer.headers
    preflight = server.request(
        "OPTIONS",
        "/api/check",
        headers={"Origin": evil, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status == 403
    lt = server.post_form("/v2/check", {"text": "x", "language": "en"}, {"Origin": evil})
    assert lt.status == 403 and lt.text.startswith("Error: requests from the web origin")
    assert (
        "termlint serve: refused a request from the web origin 'https://pages.example.net'; "
        "to allow it, start the server with --cors-origin https://pages.example.net\n"
    ) in server.stderr


def test_a_configured_origin_gets_cors_headers(server: Server) -> None:
    preflight = server.request(
        "OPTIONS",
        "/v2/check",
        headers={
            "Origin": EXTENSION,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status == 200
    assert preflight.headers["access-control-allow-origin"] == EXTENSION
    answer = server.post_form(
        "/v2/check", {"text": "child porn", "language": "en-US"}, {"Origin": EXTENSION}
    )
    assert answer.status == 200
    assert answer.headers["access-control-allow-origin"] == EXTENSION
    refused = server.post_json("/api/check", {"tx": 1}, {"Origin": EXTENSION})
    assert refused.status == 400
    assert refused.headers["access-control-allow-origin"] == EXTENSION


def test_the_servers_own_page_is_same_origin(server: Server) -> None:
    answer = server.post_json("/api/check", {"text": DRAFT}, {"Origin": server.url})
    assert answer.status == 200
    assert "access-control-allow-origin" not in answer.headers


# ----------------------------------------------------- token, time, runaway

RUNAWAY = (
    "extends: [default]\n"
    "rules:\n"
    "  - id: slow\n"
    "    kind: avoid\n"
    "    severity: warning\n"
    "    patterns: ['(?:a|aa)+b']\n"
    "    rationale: A pattern that backtracks.\n"
)


@pytest.fixture(scope="module")
def guarded(termlint_bin: str, tmp_path_factory) -> Server:
    """A server on every interface with a token, a short time limit, and a
    rule whose pattern runs away."""
    cwd = tmp_path_factory.mktemp("guarded")
    (cwd / "termlint.yaml").write_text(RUNAWAY, encoding="utf-8")
    started = start(
        termlint_bin,
        "--host",
        "0.0.0.0",
        "--timeout",
        "0.5",
        cwd=cwd,
        env={"TERMLINT_TOKEN": "s3cret-t0ken", "TERMLINT_PATTERN_SECONDS": "0.1"},
    )
    yield started
    started.stop()


def test_elsewhere_than_localhost_is_a_warning(guarded: Server) -> None:
    assert guarded.first_line.startswith("termlint serve: listening on http://0.0.0.0:")
    assert (
        "termlint serve: warning: listening on 0.0.0.0, which can be reached from other "
        "machines; texts travel unencrypted unless a TLS proxy stands in front\n"
    ) in guarded.stderr


def test_the_token_guards_the_api(guarded: Server) -> None:
    body = {"text": "Police seized child porn."}
    missing = guarded.post_json("/api/check", body)
    assert "Authorization: Bearer TOKEN" in error_of(missing, 401, "unauthorized")
    assert missing.headers["www-authenticate"] == 'Bearer realm="termlint"'
    wrong = guarded.post_json("/api/check", body, {"Authorization": "Bearer s3cret-t0kem"})
    error_of(wrong, 401, "unauthorized")
    error_of(guarded.request("GET", "/api/rules"), 401, "unauthorized")
    right = guarded.post_json("/api/check", body, {"Authorization": "Bearer s3cret-t0ken"})
    assert right.status == 200 and len(right.json()["findings"]) == 1
    assert guarded.request("GET", "/").status == 200
    assert guarded.request("GET", "/openapi.json").status == 200


def test_the_token_is_languagetools_api_key(guarded: Server) -> None:
    form = {"text": "Police seized child porn.", "language": "en-US"}
    missing = guarded.post_form("/v2/check", form)
    assert missing.status == 401
    assert missing.text.startswith("Error: this server needs its access token")
    wrong = guarded.post_form("/v2/check", {**form, "apiKey": "nope"})
    assert wrong.status == 401
    right = guarded.post_form("/v2/check", {**form, "apiKey": "s3cret-t0ken", "username": "me"})
    assert right.status == 200 and len(right.json()["matches"]) == 1
    header = guarded.post_form("/v2/check", form, {"Authorization": "Bearer s3cret-t0ken"})
    assert header.status == 200
    assert guarded.request("GET", "/v2/languages").status == 200


def test_a_runaway_pattern_is_a_clear_error(guarded: Server) -> None:
    token = {"Authorization": "Bearer s3cret-t0ken"}
    answer = guarded.post_json("/api/check", {"text": "a" * 60 + "c and child porn"}, token)
    assert error_of(answer, 422, "runaway_pattern") == (
        "rule 'slow': a pattern ran for more than 0.1 s (a runaway regular expression?); "
        "the text was not checked"
    )


def test_a_check_past_the_time_limit(guarded: Server) -> None:
    token = {"Authorization": "Bearer s3cret-t0ken"}
    text = "Police seized child porn and more. " * 140_000  # 4.9 MB
    answer = guarded.post_json("/api/check", {"text": text}, token)
    assert error_of(answer, 503, "timeout") == (
        "the check took longer than this server's limit of 0.5 s; send a shorter text"
    )
    lt = guarded.post_form("/v2/check", {"text": text, "language": "en", "apiKey": "s3cret-t0ken"})
    assert lt.status == 503 and lt.text.startswith("Error: the check took longer")
    quick = guarded.post_json("/api/check", {"text": "child porn"}, token)
    assert quick.status == 200  # the server goes on
    deadline = time.monotonic() + 30  # and the abandoned checks end
    while time.monotonic() < deadline:
        began = time.monotonic()
        guarded.post_json("/api/check", {"text": "child porn"}, token)
        if time.monotonic() - began < 0.05:
            break


# ------------------------------------------------------------ start, stop


def test_workers_share_the_port(termlint_bin: str, tmp_path: Path) -> None:
    server = start(termlint_bin, "--workers", "2", cwd=tmp_path)
    try:
        for _ in range(4):
            answer = server.post_json("/api/check", {"text": "child porn"})
            assert answer.status == 200 and len(answer.json()["findings"]) == 1
    finally:
        assert server.stop() == 0


def test_stops_quietly(termlint_bin: str, tmp_path: Path) -> None:
    server = start(termlint_bin, cwd=tmp_path)
    assert server.request("GET", "/v2/languages").status == 200
    assert server.stop() in (0, -signal.SIGTERM)  # uvicorn ends by its signal
    time.sleep(0.2)
    assert server.stderr == ""
    interrupted = start(termlint_bin, cwd=tmp_path)
    assert interrupted.request("GET", "/v2/languages").status == 200
    interrupted.proc.send_signal(signal.SIGINT)
    assert interrupted.proc.wait(15) == 130
    time.sleep(0.2)
    assert interrupted.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--config", "missing.yaml"], "termlint: error: "),
        (["--cors-origin", "example.org"], "termlint: error: --cors-origin: 'example.org' is not"),
        (["--with", "nopack"], "termlint: error: "),
    ],
)
def test_bad_options_are_one_line(run, args: list[str], message: str) -> None:
    result = run("serve", "--port", "0", *args)
    assert result.code == 2
    assert result.err.startswith(message) and result.err.count("\n") == 1, result.err
    assert result.out == ""


def test_a_port_in_use_is_one_line(run) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert result.code == 2
    assert (
        result.err
        == f"termlint: error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )


def test_the_command_is_in_the_help(run) -> None:
    result = run("serve", "--help")
    for option in (
        "--host",
        "--port",
        "--config",
        "--with",
        "--workers",
        "--token",
        "--max-bytes",
        "--timeout",
        "--cors-origin",
        "TERMLINT_TOKEN",
    ):
        assert option in result.out
