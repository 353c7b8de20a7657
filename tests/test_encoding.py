"""Files exported from word processors in a legacy encoding: ``--encoding``
reads them (a list is tried in order), and ``fix`` writes them back in the
same encoding, byte for byte outside the fixes."""

from __future__ import annotations

import json

import pytest

# "Police seized child pornography – a “kiddie porn” trove." in Windows-1252
CP1252 = "Police seized child pornography \u2013 a \u201ckiddie porn\u201d trove.\r\n".encode(
    "cp1252"
)
LATIN1 = "Le café: child porn était partout.\n".encode("latin-1")


@pytest.mark.parametrize(
    ("data", "encoding", "columns"),
    [(CP1252, "cp1252", [15, 38]), (LATIN1, "latin-1", [10])],
)
def test_legacy_encodings_are_read(run, write, data: bytes, encoding: str, columns) -> None:
    write("doc.txt", data)
    default = run("check", "doc.txt")
    assert default.code == 2 and "not valid UTF-8" in default.err  # read as UTF-8: lossy
    result = run("check", "doc.txt", "--encoding", encoding, "--format", "json")
    assert result.code == 1, result.err
    found = json.loads(result.out)["findings"]
    assert [f["column"] for f in found] == columns  # code points, not bytes


@pytest.mark.parametrize(("data", "encoding"), [(CP1252, "cp1252"), (LATIN1, "latin-1")])
def test_fix_writes_the_same_encoding_back(run, write, data: bytes, encoding: str) -> None:
    path = write("doc.txt", data)
    result = run("fix", "doc.txt", "--encoding", f"utf-8,{encoding}")
    assert result.code == 0, result.out + result.err
    text = data.decode(encoding)
    for old in ("child pornography", "kiddie porn", "child porn"):
        text = text.replace(old, "child sexual abuse material")
    assert path.read_bytes() == text.encode(encoding)


def test_a_list_is_tried_in_order(run, write) -> None:
    write("a.txt", CP1252)
    write("b.txt", "A UTF-8 note on child porn \u2013 again.\n".encode())
    result = run("check", ".", "--encoding", "utf-8,cp1252", "--format", "json")
    assert result.code == 1 and result.err == ""
    found = {(f["path"], f["text"]) for f in json.loads(result.out)["findings"]}
    assert ("./b.txt", "child porn") in found and ("./a.txt", "kiddie porn") in found


def test_an_unknown_encoding_is_a_one_line_error(run, write) -> None:
    write("doc.txt", "text\n")
    result = run("check", "doc.txt", "--encoding", "klingon")
    assert result.code == 2
    assert result.err.strip() == "termlint: error: unknown encoding 'klingon'"
