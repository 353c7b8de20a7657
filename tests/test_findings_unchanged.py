"""Speed work must not change what termlint reports.

The findings of the default configuration on the real texts of ../shared
(the first corpus, each text alone, and every English development passage
in one long document, as written and with CRLF line ends) are kept in
tests/data/findings-unchanged.tsv, as the installed CLI gave them before the
engine was made faster (issue 22). A change that alters them on purpose
regenerates the file:

    TERMLINT_REGENERATE=1 python -m pytest tests/test_findings_unchanged.py

and the diff of the file shows what changed. Only positions, rule ids,
severities and a digest of each message are kept, no text of the passages.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import CORPUS, SHARED

GOLDEN = Path(__file__).parent / "data" / "findings-unchanged.tsv"
DEVCORPUS = SHARED / "devcorpus"


def inputs(tmp_path: Path) -> list[Path]:
    files = sorted(CORPUS.glob("*.txt"))
    passages = [
        p.read_text(encoding="utf-8")
        for p in sorted(DEVCORPUS.glob("*.txt"))
        if p.name[0] in "12"  # the English passages
    ]
    long = tmp_path / "devcorpus-english.txt"
    long.write_text("\n\n".join(passages), encoding="utf-8", newline="\n")
    crlf = tmp_path / "devcorpus-english-crlf.txt"
    crlf.write_bytes(long.read_bytes().replace(b"\n", b"\r\n"))
    return [*files, long, crlf]


def rows(report: str) -> list[str]:
    out = []
    for f in json.loads(report)["findings"]:
        digest = hashlib.sha256(f["message"].encode("utf-8")).hexdigest()[:12]
        out.append(
            "\t".join(
                str(x)
                for x in (
                    Path(f["path"]).name,
                    f["line"],
                    f["column"],
                    f["end_line"],
                    f["end_column"],
                    f["rule"],
                    f["severity"],
                    f["fixable"],
                    f.get("note", ""),
                    (f.get("replacements") or [""])[0],
                    digest,
                )
            )
        )
    return out


def test_findings_on_the_real_texts_are_unchanged(run, tmp_path: Path) -> None:
    if not CORPUS.is_dir() or not DEVCORPUS.is_dir():
        pytest.skip("../shared is not beside the checkout")
    files = inputs(tmp_path)
    result = run(
        "check", "--format", "json", "--fail-on", "never", "--jobs", "1",
        *(str(f) for f in files), cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 0, result.err
    found = rows(result.out)
    if os.environ.get("TERMLINT_REGENERATE"):
        GOLDEN.write_text("\n".join(found) + "\n", encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert len(found) > 1000
    missing = sorted(set(expected) - set(found))[:10]
    extra = sorted(set(found) - set(expected))[:10]
    assert found == expected, f"no longer reported: {missing}; newly reported: {extra}"
