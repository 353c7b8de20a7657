"""``termlint serve`` as a LanguageTool server: a third-party LanguageTool
client from PyPI (``language_tool_python``, with its remote-server option)
and plain form posts, on texts with accents and astral characters (an emoji
counts two UTF-16 units, as LanguageTool counts), annotated text, rule and
level options, and malformed requests."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from servers import Server, multipart, start

TEXT = "Café 😀 notes: police seized child porn. The 🙂🙂 child pornography trade grew.\n"


@pytest.fixture(scope="module")
def server(termlint_bin: str, tmp_path_factory) -> Server:
    started = start(termlint_bin, cwd=tmp_path_factory.mktemp("lt"))
    yield started
    started.stop()


def utf16_slice(text: str, start: int, length: int) -> str:
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * (start + length)].decode("utf-16-le")


def check(server: Server, **fields: str) -> dict[str, Any]:
    answer = server.post_form("/v2/check", {"language": "en-US", **fields})
    assert answer.status == 200, answer.body
    return answer.json()


def lt_error(answer, status: int) -> str:
    assert answer.status == status, (answer.status, answer.body)
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.text.startswith("Error: ") and "\n" not in answer.text
    assert "Traceback" not in answer.text
    return answer.text.removeprefix("Error: ")


# A client script run by its own interpreter, with an audit hook that fails on
# any connection or name lookup beyond this machine and on any program
# started: with a remote server, the client must not fetch or start
# LanguageTool.
CLIENT = textwrap.dedent(
    """
    import json, sys

    LOCAL = ("127.0.0.1", "::1", "localhost", None)

    def hook(event, args):
        if event == "socket.connect" and isinstance(args[1], tuple):
            if args[1][0] not in LOCAL:
                raise RuntimeError(f"connection to {args[1]}")
        if event == "socket.getaddrinfo" and args[0] not in LOCAL:
            raise RuntimeError(f"name lookup of {args[0]}")
        if event in ("subprocess.Popen", "os.exec", "os.posix_spawn", "os.system", "os.fork"):
            raise RuntimeError(f"{event}: {args[0]}")

    sys.addaudithook(hook)
    import language_tool_python

    text = sys.stdin.read()
    tool = language_tool_python.LanguageTool("en-US", remote_server=sys.argv[1])
    tool.disabled_rules = {"WHITESPACE_RULE"}
    matches = tool.check(text)
    print(json.dumps({
        "matches": [
            {
                "offset": m.offset,
                "length": m.error_length,
                "rule": m.rule_id,
                "message": m.message,
                "replacements": m.replacements,
                "category": m.category,
                "issue_type": m.rule_issue_type,
                "sentence": m.sentence,
            }
            for m in matches
        ],
        "corrected": tool.correct(text),
    }))
    tool.close()
    """
)


def test_language_tool_python_checks_through_termlint(server: Server, tmp_path) -> None:
    pytest.importorskip("language_tool_python")
    proc = subprocess.run(
        [sys.executable, "-c", CLIENT, server.url],
        input=TEXT,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    found = result["matches"]
    # the client turns LanguageTool's UTF-16 offsets into Python's
    assert [TEXT[m["offset"] : m["offset"] + m["length"]] for m in found] == [
        "child porn",
        "child pornography",
    ]
    first = found[0]
    assert first["rule"] == "child-porn-slang"
    assert first["replacements"][0] == "child sexual abuse material"
    assert (first["category"], first["issue_type"]) == ("TERMINOLOGY", "terminology")
    assert first["sentence"] == "Café 😀 notes: police seized child porn."
    assert "slang" in first["message"]
    assert result["corrected"] == (
        "Café 😀 notes: police seized child sexual abuse material. "
        "The 🙂🙂 child sexual abuse material trade grew.\n"
    )


def test_matches_in_languagetools_shape(server: Server) -> None:
    body = check(server, text=TEXT)
    assert body["software"]["name"] == "termlint" and body["software"]["apiVersion"] == 1
    assert body["language"]["code"] == "en-US"
    assert body["language"]["name"] == "English (US)"
    first, second = body["matches"]
    assert (first["offset"], first["length"]) == (TEXT.index("child porn") + 1, 10)
    assert second["offset"] == TEXT.index("child pornography") + 3  # three emoji before it
    for match in body["matches"]:
        assert utf16_slice(TEXT, match["offset"], match["length"]).startswith("child porn")
        context = match["context"]
        assert utf16_slice(context["text"], context["offset"], context["length"]) == (
            utf16_slice(TEXT, match["offset"], match["length"])
        )
    # 40 characters on each side, "..." where cut, the line break a space
    assert second["context"] == {
        "text": "...notes: police seized child porn. The 🙂🙂 child pornography trade grew. ",
        "offset": 45,
        "length": 17,
    }
    assert first["rule"] == {
        "id": "child-porn-slang",
        "description": "'child porn', 'kiddie porn' and other slang: say child sexual abuse material",
        "issueType": "terminology",
        "category": {"id": "TERMINOLOGY", "name": "Terminology (termlint)"},
    }
    assert first["message"] == (
        "'child porn' is slang that trivialises abuse; use 'child sexual abuse material'."
    )
    assert first["replacements"] == [
        {"value": "child sexual abuse material"},
        {"value": "child sexual abuse images"},
    ]
    assert second["sentence"] == "The 🙂🙂 child pornography trade grew."


def annotation(*parts: tuple[str, str] | tuple[str, str, str]) -> tuple[str, str]:
    """The ``data`` field of ``parts`` (("text", s) or ("markup", s[, interpretAs]))
    and the original string it stands for."""
    items = []
    for part in parts:
        if part[0] == "text":
            items.append({"text": part[1]})
        else:
            items.append({"markup": part[1], **({"interpretAs": part[2]} if len(part) > 2 else {})})
    return json.dumps({"annotation": items}), "".join(p[1] for p in parts)


def test_annotated_text_skips_markup_and_counts_it_in_offsets(server: Server) -> None:
    data, original = annotation(
        ("markup", "<p>", "\n\n"),
        ("text", "😀 Police seized child "),
        ("markup", '<b title="child porn">'),
        ("text", "porn"),
        ("markup", "</b>"),
        ("text", " online."),
        ("markup", "<!-- kiddie porn -->"),
        ("markup", "<br/>", "\n"),
        ("text", "The child pornography trade."),
    )
    body = check(server, data=data)
    first, second = body["matches"]
    assert utf16_slice(original, first["offset"], first["length"]) == (
        'child <b title="child porn">porn'
    )
    assert first["offset"] == original.index("child") + 1  # the emoji
    assert utf16_slice(original, second["offset"], second["length"]) == "child pornography"
    assert first["sentence"] == "😀 Police seized child porn online."
    context = first["context"]
    assert utf16_slice(context["text"], context["offset"], context["length"]) == (
        'child <b title="child porn">porn'
    )


def test_markup_read_as_nothing_joins_words(server: Server) -> None:
    data, original = annotation(
        ("text", "Kid"),
        ("markup", "<wbr>"),
        ("text", "die porn and child"),
        ("markup", "<x/>", " "),
        ("text", "porn"),
    )
    found = check(server, data=data)["matches"]
    assert [utf16_slice(original, m["offset"], m["length"]) for m in found] == [
        "Kid<wbr>die porn",
        "child<x/>porn",
    ]


@pytest.mark.parametrize(
    ("fields", "rules"),
    [
        ({}, ["child-porn-slang", "child-pornography"]),
        (
            {"disabledRules": "WHITESPACE_RULE,UPPERCASE_SENTENCE_START"},
            ["child-porn-slang", "child-pornography"],
        ),
        ({"disabledRules": "child-porn-slang,EN_QUOTES"}, ["child-pornography"]),
        ({"enabledOnly": "true", "enabledRules": "child-pornography"}, ["child-pornography"]),
        (
            {"enabledOnly": "true", "enabledCategories": "TERMINOLOGY"},
            ["child-porn-slang", "child-pornography"],
        ),
        ({"disabledCategories": "TERMINOLOGY"}, []),
        ({"enabledRules": "MORFOLOGIK_RULE_EN_US"}, ["child-porn-slang", "child-pornography"]),
    ],
)
def test_rule_options(server: Server, fields: dict[str, str], rules: list[str]) -> None:
    found = check(server, text=TEXT, **fields)["matches"]
    assert [m["rule"]["id"] for m in found] == rules


def test_level_picky_adds_accepted_uses(server: Server) -> None:
    text = 'He said "child porn" twice.'
    assert check(server, text=text)["matches"] == []
    [match] = check(server, text=text, level="picky")["matches"]
    assert match["rule"]["id"] == "child-porn-slang"


@pytest.mark.parametrize(
    ("language", "code", "name"),
    [
        ("en-GB", "en-GB", "English (GB)"),
        ("auto", "en-US", "English (US)"),
        ("en", "en", "English"),
        ("en_au", "en-AU", "English (Australian)"),
    ],
)
def test_languages(server: Server, language: str, code: str, name: str) -> None:
    body = check(server, text="child porn", language=language)
    assert (body["language"]["code"], body["language"]["name"]) == (code, name)
    assert len(body["matches"]) == 1


def test_languages_list(server: Server) -> None:
    listed = server.request("GET", "/v2/languages").json()
    assert {"name": "English (US)", "code": "en", "longCode": "en-US"} in listed
    assert all(entry["code"] == "en" for entry in listed)


@pytest.mark.parametrize(
    ("fields", "status", "says"),
    [
        ({"text": "x"}, 400, "missing 'language' parameter"),
        ({"text": "x", "language": "de-DE"}, 400, "'de-DE' is not a language termlint checks"),
        ({"language": "en"}, 400, "send either a 'text' or a 'data' field"),
        ({"text": "x", "data": "{}", "language": "en"}, 400, "not both"),
        ({"data": "{nope", "language": "en"}, 400, "'data' is not valid JSON"),
        ({"data": "[" * 100_000, "language": "en"}, 400, "nested too deeply"),
        ({"data": '{"annotation": "x"}', "language": "en"}, 400, 'an "annotation" list'),
        ({"data": '{"annotation": [{"text": 3}]}', "language": "en"}, 400, "is not a string"),
        (
            {"data": '{"annotation": [{"text": "a", "markup": "b"}]}', "language": "en"},
            400,
            "either 'text' or 'markup'",
        ),
        ({"data": '{"annotation": [7]}', "language": "en"}, 400, "part 0 is not an object"),
        (
            {"data": '{"annotation": [{"text": "a \\ud800"}]}', "language": "en"},
            400,
            "lone surrogate",
        ),
        ({"text": "x", "language": "en", "level": "strict"}, 400, "'level' must be"),
        ({"text": "x", "language": "en", "enabledOnly": "true"}, 400, "needs 'enabledRules'"),
        ({"text": "x", "language": "en", "enabledOnly": "yes"}, 400, "'enabledOnly' must be"),
    ],
)
def test_bad_requests_are_languagetool_errors(
    server: Server, fields: dict[str, str], status: int, says: str
) -> None:
    answer = server.post_form("/v2/check", fields)
    assert says in lt_error(answer, status)


@pytest.mark.parametrize(
    ("body", "ctype", "status", "says"),
    [
        (
            b"text=caf\xe9&language=en",
            "application/x-www-form-urlencoded",
            400,
            "the form is not UTF-8",
        ),
        (
            b"text=caf%E9&language=en",
            "application/x-www-form-urlencoded",
            400,
            "not UTF-8 once its %-escapes are decoded",
        ),
        (
            b"text=a&text=b&language=en",
            "application/x-www-form-urlencoded",
            400,
            "'text' is given more than once",
        ),
        (b'{"text": "child porn", "language": "en"}', "application/json", 415, "send a form"),
        (b"text=x&language=en", "", 415, "send a form"),
        (
            b"&".join(b"f%d=1" % i for i in range(100)),
            "application/x-www-form-urlencoded",
            400,
            "more than 64 fields",
        ),
    ],
)
def test_malformed_forms(server: Server, body: bytes, ctype: str, status: int, says: str) -> None:
    answer = server.request("POST", "/v2/check", body, {"Content-Type": ctype} if ctype else {})
    assert says in lt_error(answer, status)


def test_huge_annotations_are_refused(server: Server) -> None:
    parts = json.dumps({"annotation": [{"text": ""}] * 200_001}, separators=(",", ":"))
    body, ctype = multipart({"data": parts, "language": "en"})
    answer = server.request("POST", "/v2/check", body, {"Content-Type": ctype})
    assert lt_error(answer, 413) == (
        "'data' has 200,001 annotation parts; at most 200,000 are accepted"
    )
    many = json.dumps({"annotation": [{"text": "a"}, {"markup": "<i>"}] * 100_000})
    body, ctype = multipart({"data": many, "language": "en"})
    answer = server.request("POST", "/v2/check", body, {"Content-Type": ctype})
    assert answer.status == 200 and answer.json()["matches"] == []


def test_a_multipart_form_is_read_too(server: Server) -> None:
    body, ctype = multipart({"text": "Café child porn 😀", "language": "en-US"})
    answer = server.request("POST", "/v2/check", body, {"Content-Type": ctype})
    [match] = answer.json()["matches"]
    assert match["offset"] == 5


def test_other_methods_and_pages_under_v2_are_languagetool_errors(server: Server) -> None:
    assert lt_error(server.request("GET", "/v2/check"), 405) == "GET is not allowed on /v2/check"
    assert lt_error(server.request("GET", "/v2/info"), 404) == "no such page: /v2/info"
