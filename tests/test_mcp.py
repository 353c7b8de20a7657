"""``termlint mcp``: the Model Context Protocol over stdio, driven by the
official SDK's own client (``mcp.client.stdio``), which starts the installed
``termlint mcp`` in a subprocess. The tools answer what the command line
prints: check_text the JSON of ``termlint check --format json``, fix_text
the text of ``termlint fix``."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from conftest import find_console_script
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.types import CallToolResult

# An emoji (two UTF-16 code units) before a finding, a statute's name, a
# quotation and a finding that needs a rewrite.
DRAFT = (
    "# Court report\n"
    "\n"
    "😀 The court heard he had shared child porn online.\n"
    "The Child Pornography Prevention Act of 1996 was cited.\n"
    'He told police: "it was only kiddie porn".\n'
    "The child pornographers were arrested.\n"
)

TOOLS = {"check_text", "fix_text", "explain_rule", "list_rules"}


@contextlib.asynccontextmanager
async def session(
    *args: str, cwd: Path, errlog: Path | None = None
) -> AsyncIterator[ClientSession]:
    """A client session with ``termlint mcp ARGS`` started in ``cwd``."""
    params = StdioServerParameters(command=find_console_script(), args=["mcp", *args], cwd=str(cwd))
    with open(errlog or cwd / "mcp-stderr.txt", "w", encoding="utf-8") as err:
        async with (
            stdio_client(params, errlog=err) as (read, write),
            ClientSession(read, write) as client,
        ):
            await client.initialize()
            yield client


async def call(client: ClientSession, tool: str, **arguments: Any) -> CallToolResult:
    result = await client.call_tool(tool, arguments)
    assert isinstance(result, CallToolResult)
    return result


def structured(result: CallToolResult) -> dict[str, Any]:
    """The structured content of a successful call, which is also its text."""
    assert not result.is_error, result.content
    assert result.structured_content is not None
    assert [c.type for c in result.content] == ["text"]
    assert json.loads(result.content[0].text) == result.structured_content  # type: ignore[union-attr]
    return result.structured_content


def error_text(result: CallToolResult) -> str:
    assert result.is_error
    assert result.structured_content is None
    return result.content[0].text  # type: ignore[union-attr]


async def test_lists_its_tools_with_their_schemas(tmp_path: Path) -> None:
    async with session(cwd=tmp_path) as client:
        listed = {t.name: t for t in (await client.list_tools()).tools}
    assert set(listed) == TOOLS
    for name in ("check_text", "fix_text"):
        schema = listed[name].input_schema
        assert schema["required"] == ["text"]
        assert set(schema["properties"]) == {
            "text",
            "filename",
            "format",
            "select",
            "ignore",
            "language",
        }
        assert "auto" in schema["properties"]["language"]["description"]
        # the languages served: English alone without a pack of another language
        assert "auto or one of en (ISO 639-1)" in (listed[name].description or "")
        assert schema["properties"]["select"]["anyOf"][0] == {
            "type": "array",
            "items": {"type": "string"},
        }
        assert "markdown" in schema["properties"]["format"]["description"]
    assert listed["explain_rule"].input_schema["required"] == ["rule_id"]
    assert listed["list_rules"].input_schema["properties"] == {}
    finding = listed["check_text"].output_schema["$defs"]["FindingJson"]  # type: ignore[index]
    assert finding["required"] == [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "column_utf16",
        "end_column_utf16",
        "rule",
        "severity",
        "message",
        "replacements",
        "text",
        "fixable",
    ]
    assert set(listed["fix_text"].output_schema["required"]) == {  # type: ignore[index]
        "version",
        "text",
        "fixes",
        "findings",
    }
    # written for a model: what termlint is for, the preferred terms, the exemptions
    check = listed["check_text"].description or ""
    assert "child sexual abuse and exploitation" in check
    assert "replacements" in check and "preferred terms" in check
    assert "quotations" in check and "statutes" in check
    for tool in listed.values():
        assert tool.annotations is not None and tool.annotations.read_only_hint


async def test_check_text_gives_the_findings_of_termlint_check(run, tmp_path: Path) -> None:
    async with session(cwd=tmp_path) as client:
        result = structured(await call(client, "check_text", text=DRAFT, filename="report.md"))
    cli = run("check", "--format", "json", "--stdin-filename", "report.md", "-", input=DRAFT)
    assert cli.code == 1
    assert result == json.loads(cli.out)
    found = {(f["line"], f["rule"], f["severity"]) for f in result["findings"]}
    assert found == {
        (3, "child-porn-slang", "error"),
        (5, "child-porn-slang", "info"),  # quoted
        (6, "child-pornographer", "warning"),
    }  # and not the statute on line 4
    first = result["findings"][0]
    # after the emoji, code points and UTF-16 code units differ by one
    assert (first["column"], first["end_column"]) == (33, 43)
    assert (first["column_utf16"], first["end_column_utf16"]) == (34, 44)
    assert first["text"] == "child porn" and first["path"] == "report.md"
    assert first["replacements"][0] == "child sexual abuse material"
    assert result["findings"][1]["note"] == "quotation"


async def test_check_text_options(run, tmp_path: Path) -> None:
    html = "<p>They shared child porn.</p>\n<!-- child porn in a comment -->\n"
    clean = "The report describes child sexual abuse material.\n"
    async with session(cwd=tmp_path) as client:
        as_text = structured(await call(client, "check_text", text=html))
        as_html = structured(await call(client, "check_text", text=html, format="html"))
        by_name = structured(await call(client, "check_text", text=html, filename="page.html"))
        selected = structured(
            await call(client, "check_text", text=DRAFT, select=["child-pornographer"])
        )
        ignored = structured(await call(client, "check_text", text=DRAFT, ignore=["child-porn"]))
        nothing = structured(await call(client, "check_text", text=clean))
    assert [f["line"] for f in as_text["findings"]] == [1, 2]
    assert [f["line"] for f in as_html["findings"]] == [1]
    assert as_text["findings"][0]["path"] == "draft.txt"
    assert by_name["findings"] == [{**as_html["findings"][0], "path": "page.html"}]
    assert [f["rule"] for f in selected["findings"]] == ["child-pornographer"]
    assert ignored["findings"] == []  # an id prefix: child-porn-slang and child-pornographer
    assert nothing == {"version": 1, "findings": []}
    cli = run("check", "--format", "json", "--ignore", "child-porn", "-", input=DRAFT)
    assert json.loads(cli.out)["findings"] == []


async def test_fix_text_gives_the_text_of_termlint_fix(run, tmp_path: Path) -> None:
    async with session(cwd=tmp_path) as client:
        result = structured(await call(client, "fix_text", text=DRAFT, filename="report.md"))
    fixed = run("fix", "--stdin-filename", "report.md", "-", input=DRAFT)
    assert result["text"] == fixed.out
    assert "shared child sexual abuse material online" in result["text"]
    assert "The Child Pornography Prevention Act of 1996" in result["text"]
    assert '"it was only kiddie porn"' in result["text"]
    assert result["fixes"] == [
        {
            "line": 3,
            "column": 33,
            "rule": "child-porn-slang",
            "old": "child porn",
            "new": "child sexual abuse material",
        }
    ]
    remaining = run(
        "check", "--format", "json", "--stdin-filename", "report.md", "-", input=result["text"]
    )
    assert result["findings"] == json.loads(remaining.out)["findings"]
    assert [f["rule"] for f in result["findings"]] == ["child-porn-slang", "child-pornographer"]


async def test_explain_rule_and_list_rules(run, tmp_path: Path) -> None:
    async with session(cwd=tmp_path) as client:
        rule = structured(await call(client, "explain_rule", rule_id="child-porn-slang"))
        rules = structured(await call(client, "list_rules"))
    cli = run("explain", "child-porn-slang").out
    assert rule["id"] == "child-porn-slang"
    assert rule["rationale"] and rule["rationale"] in cli
    assert rule["preferred"] == ["child sexual abuse material", "child sexual abuse images"]
    assert "Preferred: " + "; ".join(rule["preferred"]) in cli
    assert rule["sources"] and all(source in cli for source in rule["sources"])
    assert rule["examples"]["bad"] and rule["examples"]["good"]
    assert all(f"bad:  {example}" in cli for example in rule["examples"]["bad"])
    assert rules["version"] == 1
    assert rules["rules"] == json.loads(run("rules", "--format", "json").out)


async def test_errors_are_tool_errors_and_the_server_goes_on(tmp_path: Path) -> None:
    errlog = tmp_path / "stderr.txt"
    async with session("--max-bytes", "100", cwd=tmp_path, errlog=errlog) as client:
        unknown_rule = error_text(await call(client, "explain_rule", rule_id="child-pornograpy"))
        unknown_format = error_text(
            await call(client, "check_text", text="A draft.", format="docx")
        )
        unknown_select = error_text(
            await call(client, "fix_text", text="A draft.", select=["no-such-rule"])
        )
        too_large = error_text(await call(client, "check_text", text="é" * 51))
        missing = error_text(await call(client, "check_text"))
        after = structured(await call(client, "check_text", text="é" * 50))
    assert "unknown rule id 'child-pornograpy'" in unknown_rule
    assert "did you mean 'child-pornography'" in unknown_rule
    assert "unknown format 'docx'" in unknown_format and "markdown" in unknown_format
    assert "unknown rule id 'no-such-rule'" in unknown_select
    assert "102 bytes" in too_large and "limit of 100" in too_large
    assert "text" in missing
    assert after == {"version": 1, "findings": []}
    assert "Traceback" not in errlog.read_text(encoding="utf-8")


HOUSE = """\
extends: [default]
rules:
  - id: house.scandal
    kind: substitute
    severity: warning
    summary: "'sex scandal' of abuse: say what happened"
    terms: [sex scandal(s)]
    replacements: [abuse case]
    rationale: House style. A scandal is about reputations; say what happened.
    examples:
      bad: [The sex scandal at the school widened.]
      good: [The abuse case at the school widened.]
"""


async def test_config_with_a_house_style_pack(run, tmp_path: Path) -> None:
    house = tmp_path / "style"
    house.mkdir()
    (house / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (house / "termlint.yaml").write_text("extends: [./house.yaml]\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"  # where the client starts the server
    elsewhere.mkdir()
    text = "The sex scandal at the school involved child porn.\n"
    config = str(house / "termlint.yaml")
    async with session("--config", config, cwd=elsewhere) as client:
        checked = structured(await call(client, "check_text", text=text))
        rule = structured(await call(client, "explain_rule", rule_id="house.scandal"))
        rules = structured(await call(client, "list_rules"))
    async with session(cwd=elsewhere) as client:
        default = structured(await call(client, "check_text", text=text))
        unknown = error_text(await call(client, "explain_rule", rule_id="house.scandal"))
    cli = run("check", "--config", config, "--format", "json", "-", input=text, cwd=elsewhere)
    assert [f["rule"] for f in checked["findings"]] == ["house.scandal", "child-porn-slang"]
    assert checked["findings"] == [
        {**f, "path": "draft.txt"} for f in json.loads(cli.out)["findings"]
    ]
    assert checked["findings"][0]["replacements"] == ["abuse case"]
    assert rule["preferred"] == ["abuse case"] and rule["rationale"].startswith("House style.")
    assert "house.scandal" in [r["id"] for r in rules["rules"]]
    assert [f["rule"] for f in default["findings"]] == ["child-porn-slang"]
    assert "unknown rule id 'house.scandal'" in unknown


def test_stdout_carries_only_protocol_messages(tmp_path: Path) -> None:
    """Spoken to line by line: every line out is a JSON-RPC message, through
    a line that is not JSON, an unknown tool and a failing call."""
    proc = subprocess.Popen(
        [find_console_script(), "mcp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdin is not None and proc.stdout is not None

    def send(message: dict[str, Any] | str) -> None:
        line = message if isinstance(message, str) else json.dumps(message)
        proc.stdin.write(line.encode("utf-8") + b"\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]

    def response_to(request_id: int) -> dict[str, Any]:
        while True:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            assert line, "the server closed its output"
            message = json.loads(line)
            assert message["jsonrpc"] == "2.0"
            if message.get("id") == request_id:
                return message  # type: ignore[no-any-return]

    def call_tool(request_id: int, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        send(
            {
                "jsonrpc": "2.0",
                "id": request_id,
                "method": "tools/call",
                "params": {"name": name, "arguments": arguments},
            }
        )
        return response_to(request_id)

    try:
        send(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {
                    "protocolVersion": "2025-06-18",
                    "capabilities": {},
                    "clientInfo": {"name": "test", "version": "1"},
                },
            }
        )
        assert response_to(1)["result"]["serverInfo"]["name"] == "termlint"
        send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        send("this line is not JSON")
        assert call_tool(2, "no_such_tool", {})["result"]["isError"] is True
        assert call_tool(3, "explain_rule", {"rule_id": "nothing"})["result"]["isError"] is True
        found = call_tool(4, "check_text", {"text": "They shared child porn."})["result"]
        assert found["structuredContent"]["findings"][0]["rule"] == "child-porn-slang"
        assert json.loads(found["content"][0]["text"]) == found["structuredContent"]
        proc.stdin.close()
        assert proc.stdout.read() == b""
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_broken_configuration_stops_it_before_it_serves(run, write) -> None:
    write("termlint.yaml", "extends: [no-such-pack]\n")
    result = run("mcp")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("termlint: error: ")
    assert result.err.endswith("termlint.yaml:1:11: unknown pack 'no-such-pack'\n")
    assert result.err.count("\n") == 1


def test_other_commands_do_not_import_the_sdk(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from termlint.cli import main\n"
        "try:\n"
        "    main(['check', '--format', 'json', '-'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mcp', 'pydantic'}), "
        "file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        input=b"They shared child porn.\n",
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )
    assert b'"child-porn-slang"' in proc.stdout
    assert proc.stderr.decode().strip() == "[]"


# A French paragraph and an English one, each with a term of its language.
BILINGUAL = (
    "Le rapport de l'association décrit la prostitution enfantine dans trois villes "
    "portuaires du pays.\n"
    "\n"
    "The report also found child porn shared on a forum that the police had closed "
    "last year.\n"
)


async def test_the_language_of_a_text(run, tmp_path: Path) -> None:
    """check_text and fix_text take a language: auto or one of the packs in
    effect, as --language does; any other is a tool error naming those served."""
    async with session("--with", "fr", cwd=tmp_path) as client:
        listed = {t.name: t for t in (await client.list_tools()).tools}
        default = structured(await call(client, "check_text", text=BILINGUAL))
        auto = structured(await call(client, "check_text", text=BILINGUAL, language="auto"))
        french = structured(await call(client, "check_text", text=BILINGUAL, language="fr"))
        english = structured(await call(client, "check_text", text=BILINGUAL, language="EN"))
        fixed = structured(await call(client, "fix_text", text=BILINGUAL, language="fr"))
        german = error_text(await call(client, "check_text", text=BILINGUAL, language="de"))
        unknown = error_text(await call(client, "fix_text", text=BILINGUAL, language="xx"))
        after = structured(await call(client, "check_text", text=BILINGUAL))
    assert "auto or one of en, fr (ISO 639-1)" in (listed["check_text"].description or "")
    assert "auto or one of en, fr (ISO 639-1)" in (listed["fix_text"].description or "")

    def cli(*args: str) -> list[dict[str, Any]]:
        out = run(
            "check",
            "--with",
            "fr",
            "--format",
            "json",
            "--stdin-filename",
            "draft.txt",
            *args,
            "-",
            input=BILINGUAL,
        )
        return json.loads(out.out)["findings"]

    # each paragraph with the rules of its language
    found = [(f["line"], f["rule"], f["language"]) for f in auto["findings"]]
    assert found == [(1, "fr-prostitution-enfantine", "fr"), (3, "child-porn-slang", "en")]
    assert default == auto and auto["findings"] == cli("--language", "auto")
    # one language assumed for the whole text
    assert [f["rule"] for f in french["findings"]] == ["fr-prostitution-enfantine"]
    assert french["findings"] == cli("--language", "fr")
    assert [f["rule"] for f in english["findings"]] == ["child-porn-slang"]
    assert english["findings"] == cli("--language", "en")
    fix = run("fix", "--with", "fr", "--language", "fr", "-", input=BILINGUAL)
    assert fixed["text"] == fix.out
    assert "décrit l'exploitation sexuelle des enfants dans la prostitution" in fixed["text"]
    assert "found child porn shared" in fixed["text"]  # English rules did not apply
    # refused, with what is served and how to add the pack termlint has
    assert german.endswith(
        "unknown language 'de': this server checks auto, en, fr; termlint's pack for it "
        "is added with 'termlint mcp --with de'"
    )
    assert unknown.endswith("unknown language 'xx': this server checks auto, en, fr")
    assert after == auto
