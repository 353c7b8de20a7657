"""``termlint serve`` as a LanguageTool server: a third-party LanguageTool
client from PyPI (``language_tool_python``, with its remote-server option)
and plain form posts, on texts with accents and astral characters (an emoji
counts two UTF-16 units, as LanguageTool counts), annotated text, rule and
level options, and malformed requests; and a server with the French pack
(``--with fr``): a French draft checked in French, in English and with its
paragraphs' languages identified (``auto``), the languages listed and named
as LanguageTool names them."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from servers import Server, multipart, start

TEXT = "Café 😀 notes: police seized child porn. The 🙂🙂 child pornography trade grew.\n"
#: A French paragraph (a French term, and an English one quoted from other
#: papers) and an English one.
FRENCH = (
    "Notes 😀 de la rédaction : le journal du matin parlait encore de pédopornographie dans "
    "son grand titre, et deux autres quotidiens ont écrit child pornography dans leurs pages."
    "\n\nOur English desk wrote child pornography in a caption last week, and the subeditor "
    "changed it before print.\n"
)
FRENCH_TERM = FRENCH.index("pédopornographie")
QUOTED = FRENCH.index("child pornography")
ENGLISH_TERM = FRENCH.index("child pornography", QUOTED + 1)


@pytest.fixture(scope="module")
def server(termlint_bin: str, tmp_path_factory) -> Server:
    started = start(termlint_bin, cwd=tmp_path_factory.mktemp("lt"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def french(termlint_bin: str, tmp_path_factory) -> Server:
    """A server with the default pack and the French one."""
    started = start(termlint_bin, "--with", "fr", cwd=tmp_path_factory.mktemp("lt-fr"))
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
    language = sys.argv[2] if len(sys.argv) > 2 else "en-US"
    try:
        tool = language_tool_python.LanguageTool(language, remote_server=sys.argv[1])
    except ValueError as exc:  # a language the server does not list
        print(json.dumps({"refused": str(exc)}))
        sys.exit(0)
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


def client(server: Server, text: str, language: str, cwd) -> dict[str, Any]:
    """What ``language_tool_python`` makes of ``text`` checked in ``language``."""
    pytest.importorskip("language_tool_python")
    proc = subprocess.run(
        [sys.executable, "-c", CLIENT, server.url, language],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_language_tool_python_checks_through_termlint(server: Server, tmp_path) -> None:
    result = client(server, TEXT, "en-US", tmp_path)
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


@pytest.mark.parametrize(
    ("language", "rules"),
    [
        # French: the French pack, and the English one nowhere
        ("fr", [(FRENCH_TERM, "pédopornographie", "fr-pedopornographie")]),
        ("fr-FR", [(FRENCH_TERM, "pédopornographie", "fr-pedopornographie")]),
        # English: the English pack everywhere, the French one nowhere
        (
            "en-GB",
            [
                (QUOTED, "child pornography", "child-pornography"),
                (ENGLISH_TERM, "child pornography", "child-pornography"),
            ],
        ),
        # each paragraph with the pack of its language
        (
            "auto",
            [
                (FRENCH_TERM, "pédopornographie", "fr-pedopornographie"),
                (ENGLISH_TERM, "child pornography", "child-pornography"),
            ],
        ),
    ],
)
def test_language_tool_python_checks_french_through_termlint(
    french: Server, tmp_path, language: str, rules: list[tuple[int, str, str]]
) -> None:
    result = client(french, FRENCH, language, tmp_path)
    found = result["matches"]
    assert [
        (m["offset"], FRENCH[m["offset"] : m["offset"] + m["length"]], m["rule"]) for m in found
    ] == rules
    if rules[0][2] == "fr-pedopornographie":
        first = found[0]
        assert first["replacements"][0] == "matériel d'abus sexuels sur enfants"
        assert first["category"] == "TERMINOLOGY"
        assert first["sentence"].startswith("Notes 😀 de la rédaction")
        assert result["corrected"].startswith(
            "Notes 😀 de la rédaction : le journal du matin parlait encore de matériel "
            "d'abus sexuels sur enfants dans son grand titre"
        )


def test_language_tool_python_is_told_which_languages_are_served(
    server: Server, french: Server, tmp_path
) -> None:
    # the client reads /v2/languages and refuses a language that is not there
    refused = client(server, FRENCH, "fr", tmp_path)
    assert "fr" in refused["refused"]
    assert client(french, FRENCH, "fr-CA", tmp_path)["matches"][0]["rule"] == "fr-pedopornographie"


@pytest.mark.parametrize(
    ("fields", "language", "detected", "rules"),
    [
        (
            {"language": "fr"},
            {"name": "French", "code": "fr"},
            ("French", "fr"),
            ["fr-pedopornographie"],
        ),
        (
            {"language": "fr_ca"},
            {"name": "French (Canada)", "code": "fr-CA"},
            ("French", "fr"),
            ["fr-pedopornographie"],
        ),
        # a language asked for is answered, whatever the text is in
        (
            {"language": "en-GB"},
            {"name": "English (GB)", "code": "en-GB"},
            ("French", "fr"),
            ["child-pornography", "child-pornography"],
        ),
        # auto: the language identified, named as LanguageTool names it
        (
            {"language": "auto"},
            {"name": "French", "code": "fr"},
            ("French", "fr"),
            ["fr-pedopornographie", "child-pornography"],
        ),
        (
            {"language": "auto", "preferredVariants": "en-GB,fr-BE"},
            {"name": "French (Belgium)", "code": "fr-BE"},
            ("French (Belgium)", "fr-BE"),
            ["fr-pedopornographie", "child-pornography"],
        ),
    ],
)
def test_french_in_languagetools_shape(
    french: Server,
    fields: dict[str, str],
    language: dict[str, str],
    detected: tuple[str, str],
    rules: list[str],
) -> None:
    answer = french.post_form("/v2/check", {"text": FRENCH, **fields})
    assert answer.status == 200, answer.body
    body = answer.json()
    found = body["language"].pop("detectedLanguage")
    assert body["language"] == language
    assert (found["name"], found["code"]) == detected
    assert 0.5 < found["confidence"] <= 1
    assert [m["rule"]["id"] for m in body["matches"]] == rules
    first = body["matches"][0]
    assert utf16_slice(FRENCH, first["offset"], first["length"]) in (
        "pédopornographie",
        "child pornography",
    )


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        (
            "Our reporters wrote about the trial of a man who ran a forum for abusers.",
            "English (US)",
            "en-US",
        ),
        (
            "Les enquêteurs ont entendu trois témoins au sujet du forum fermé par la police.",
            "French",
            "fr",
        ),
    ],
)
def test_auto_names_the_language_of_the_text(
    french: Server, text: str, name: str, code: str
) -> None:
    body = french.post_form("/v2/check", {"text": text, "language": "auto"}).json()
    assert (body["language"]["name"], body["language"]["code"]) == (name, code)
    assert body["language"]["detectedLanguage"]["code"] == code


def test_the_languages_of_the_packs_are_listed(french: Server, server: Server) -> None:
    listed = french.request("GET", "/v2/languages").json()
    assert {"name": "French", "code": "fr", "longCode": "fr"} in listed
    assert {"name": "French (Canada)", "code": "fr", "longCode": "fr-CA"} in listed
    assert {"name": "English (GB)", "code": "en", "longCode": "en-GB"} in listed
    assert {entry["code"] for entry in listed} == {"en", "fr"}
    assert {entry["code"] for entry in server.request("GET", "/v2/languages").json()} == {"en"}


def test_a_language_without_a_pack_is_refused_naming_the_pack(french: Server) -> None:
    answer = french.post_form("/v2/check", {"text": "Olá", "language": "pt-BR"})
    message = lt_error(answer, 400)
    assert message.startswith("'pt-BR' is not a language termlint checks on this server")
    assert "English (en, en-XX), French (fr, fr-XX)" in message
    assert "--with pt" in message


def test_the_json_api_takes_a_language(french: Server) -> None:
    def rules(**fields: str) -> list[tuple[str, str]]:
        answer = french.post_json("/api/check", {"text": FRENCH, **fields})
        assert answer.status == 200, answer.body
        return [(f["rule"], f["language"]) for f in answer.json()["findings"]]

    assert rules() == [("fr-pedopornographie", "fr"), ("child-pornography", "en")]
    assert rules(language="auto") == rules()
    assert rules(language="fr") == [("fr-pedopornographie", "fr")]
    assert rules(language="en") == [("child-pornography", "en")] * 2
    fixed = french.post_json("/api/fix", {"text": FRENCH, "language": "en"}).json()
    assert fixed["text"].count("child sexual abuse material") == 2
    assert "pédopornographie" in fixed["text"]


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
        ({"text": "x", "language": "fr"}, 400, "it checks English (en, en-XX) or auto; termlint"),
        ({"text": "x", "language": "fr"}, 400, "added with --with fr or 'extends: [default, fr]'"),
        ({"text": "x", "language": "klingon"}, 400, "'klingon' is not a language"),
        ({"text": "x", "language": "e\tn"}, 400, "'that value' is not a language"),
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
