"""``termlint audit`` through the installed CLI: every input kind (files and
directories, JSON Lines, gzipped JSON Lines, CSV, TSV, Parquet, standard
input), every output (text, JSON, CSV tables; HTML in
test_audit_html.py), counts per rule, category, source and period with the
rates checked by hand, the deterministic sample, exact merging however the
input is split, and one-line errors."""

from __future__ import annotations

import csv
import gzip
import json
import random
from pathlib import Path

import pytest

# Sentences written for these tests. Words (as the audit counts them) and
# discouraged uses are noted beside each.
ROWS = [
    # 4 words, 1 finding (child-pornography)
    {
        "id": "d1",
        "text": "Police seized child pornography.",
        "date": "2019-03-04",
        "source": "Herald",
    },
    # 7 words, 2 findings (child-porn-slang twice)
    {
        "id": "d2",
        "text": "Child porn and kiddie porn are slang.",
        "date": "2019-11-30",
        "source": "Courier",
    },
    # 8 words, no discouraged use: the term in legal syntax is info (not counted)
    {
        "id": "d3",
        "text": "He was charged with possession of child pornography.",
        "date": "2020-02",
        "source": "Herald",
    },
    # 6 words, preferred terms only
    {
        "id": "d4",
        "text": "Investigators found child sexual abuse material.",
        "date": 2020,
        "source": "Courier",
    },
    # 8 words, 1 finding (child-prostitute), undated
    {
        "id": "d5",
        "text": "The report called the girl a child prostitute.",
        "date": None,
        "source": "Herald",
    },
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: "" if v is None else v for k, v in r.items()})
    return path


def write_parquet(path: Path, rows: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({k: [str(r[k]) if r[k] is not None else None for r in rows] for k in rows[0]})
    pq.write_table(table, path)
    return path


def audit_json(run, *args: str, code: int = 0, **kw) -> dict:
    result = run("audit", "--format", "json", *args, **kw)
    assert result.code == code, result.err
    return json.loads(result.out)


def by(rows: list[dict], key: str) -> dict[str, dict]:
    return {r[key]: r for r in rows}


# --------------------------------------------------------------------------- counts


def test_counts_and_rates_by_hand(run, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "docs.jsonl", ROWS)
    report = audit_json(run, "docs.jsonl")
    t = report["totals"]
    assert t["documents"] == 5
    assert t["words"] == 4 + 7 + 8 + 6 + 8 == 33
    assert t["findings"] == 4
    assert t["rate_per_10k_words"] == round(4 * 10000 / 33, 2) == 1212.12
    assert t["findings_by_severity"] == {"error": 4, "warning": 0, "suggestion": 0, "info": 1}
    assert t["not_counted"] == 1  # the legal term: info, not a discouraged use
    assert t["documents_with_discouraged"] == 3
    assert t["documents_preferred_only"] == 2 and t["preferred_only_share"] == 0.4
    rules = by(report["rules"], "rule")
    assert rules["child-porn-slang"] == {
        "rule": "child-porn-slang",
        "category": "child-pornography",
        "severity": "error",
        "findings": 2,
        "documents": 1,
        "rate_per_10k_words": round(2 * 10000 / 33, 2),
        "not_counted": 0,
    }
    assert rules["child-pornography"]["findings"] == 1
    assert rules["child-pornography"]["not_counted"] == 1
    categories = by(report["categories"], "category")
    assert categories["child-pornography"]["findings"] == 3
    assert categories["child-pornography"]["documents"] == 2
    assert categories["child-pornography"]["share_of_findings"] == 0.75
    assert categories["child-prostitution"]["findings"] == 1

    sources = by(report["sources"], "source")
    # Herald: d1 (4 words, 1), d3 (8, 0), d5 (8, 1); Courier: d2 (7, 2), d4 (6, 0)
    assert sources["Herald"]["words"] == 20 and sources["Herald"]["findings"] == 2
    assert sources["Herald"]["rate_per_10k_words"] == 1000.0
    assert sources["Herald"]["preferred_only_share"] == round(1 / 3, 4)
    assert sources["Courier"]["words"] == 13 and sources["Courier"]["findings"] == 2
    assert sources["Courier"]["rate_per_10k_words"] == round(2 * 10000 / 13, 2)

    assert [p["period"] for p in report["periods"]] == ["2019", "2020", "undated"]
    periods = by(report["periods"], "period")
    assert periods["2019"]["documents"] == 2 and periods["2019"]["findings"] == 3
    assert periods["2019"]["rate_per_10k_words"] == round(3 * 10000 / 11, 2)
    assert periods["2020"]["words"] == 14 and periods["2020"]["findings"] == 0
    assert periods["2020"]["preferred_only_share"] == 1.0
    assert periods["undated"]["documents"] == 1
    cells = {(r["source"], r["period"]): r["findings"] for r in report["source_periods"]}
    assert cells == {
        ("Courier", "2019"): 2,
        ("Courier", "2020"): 0,
        ("Herald", "2019"): 1,
        ("Herald", "2020"): 0,
        ("Herald", "undated"): 1,
    }
    trend = {(r["period"], r["category"]): r["findings"] for r in report["period_categories"]}
    assert trend == {
        ("2019", "child-pornography"): 3,
        ("undated", "child-prostitution"): 1,
    }
    phrasings = [(p["phrase"], p["findings"], p["preferred"]) for p in report["phrasings"]]
    assert phrasings[0] == ("child porn", 1, "child sexual abuse material") or phrasings
    assert sorted(phrasings) == [
        ("child porn", 1, "child sexual abuse material"),
        ("child pornography", 1, "child sexual abuse material"),
        ("child prostitute", 1, "child exploited in prostitution"),
        ("kiddie porn", 1, "child sexual abuse material"),
    ]


def test_months_min_severity_and_subject(run, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "docs.jsonl", ROWS)
    report = audit_json(run, "docs.jsonl", "--period", "month")
    # a date of which only the year is known stays a year
    assert [p["period"] for p in report["periods"]] == [
        "2019-03",
        "2019-11",
        "2020",
        "2020-02",
        "undated",
    ]
    everything = audit_json(run, "docs.jsonl", "--min-severity", "info")
    assert everything["totals"]["findings"] == 5 and everything["totals"]["not_counted"] == 0
    # on the subject: the documents matching --subject, and those with a discouraged use
    subject = audit_json(run, "docs.jsonl", "--subject", r"sexual\s+abuse")
    t = subject["totals"]
    assert t["documents_on_subject"] == 4  # d4 matches; d1, d2 and d5 have discouraged uses
    assert t["documents_preferred_only"] == 1 and t["preferred_only_share"] == 0.25


def test_text_summary(run, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "docs.jsonl", ROWS)
    result = run("audit", "docs.jsonl")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "termlint audit: 5 documents, 33 words, 2 sources, 2019 to 2020"
    assert lines[1] == (
        "Discouraged uses (at or above suggestion): 4, 1,212.12 per 10,000 words, in 3 documents"
    )
    assert lines[2] == "Documents using only preferred terms: 2 of 5 (40.0 %)"
    assert "  child-pornography          3         909.09          2" in lines
    assert any(line.split()[:3] == ["2019", "2", "11"] for line in lines)
    assert result.err == ""  # no progress bar off a terminal


# --------------------------------------------------------------------------- inputs


def test_every_table_format_gives_the_same_report(run, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "docs.jsonl", ROWS)
    with gzip.open(tmp_path / "docs.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(r) + "\n" for r in ROWS))
    write_csv(tmp_path / "docs.csv", ROWS)
    write_csv(tmp_path / "docs.tsv", ROWS, delimiter="\t")
    write_parquet(tmp_path / "docs.parquet", ROWS)
    reference = audit_json(run, "docs.jsonl")
    for name in ("docs.jsonl.gz", "docs.csv", "docs.tsv", "docs.parquet"):
        assert audit_json(run, name) == reference, name
    stdin = (tmp_path / "docs.jsonl").read_text(encoding="utf-8")
    assert audit_json(run, "-", input=stdin) == reference


def test_parquet_dates_and_named_columns(run, tmp_path: Path) -> None:
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {
                "story": ["Police seized child pornography.", "Nothing to report today."],
                "published": [datetime.date(2018, 7, 1), None],
                "outlet": ["Gazette", None],
                "key": [101, 102],
                "link": ["https://news.example/101", None],
            }
        ),
        tmp_path / "stories.parquet",
    )
    report = audit_json(
        run,
        "stories.parquet",
        "--text-column",
        "story",
        "--date-column",
        "published",
        "--source-column",
        "outlet",
        "--id-column",
        "key",
        "--url-column",
        "link",
        "--period",
        "month",
    )
    assert [p["period"] for p in report["periods"]] == ["2018-07", "undated"]
    assert [s["source"] for s in report["sources"]] == ["(none)", "Gazette"]
    [found] = report["sample"]
    assert (found["id"], found["date"], found["url"]) == (
        "101",
        "2018-07-01",
        "https://news.example/101",
    )
    assert (found["line"], found["column"], found["end_column"]) == (1, 15, 32)


def test_files_and_directories(run, write, tmp_path: Path) -> None:
    write(
        "archive/herald/one.md",
        "---\ntitle: A story\ndate: 2021-06-01\n---\nThey sold child porn.\n",
    )
    write("archive/herald/two.txt", "The report on child sexual abuse material.\n")
    write("archive/courier/three.html", "<p>A <b>child prostitute</b>, it said.</p>\n")
    write("archive/courier/notes.bin", b"\x00\x01")  # not a document: not walked
    write("archive/.hidden/four.txt", "child porn\n")
    from test_formats import make_docx

    make_docx(tmp_path / "archive/courier/memo.docx", [("", "The memo called it kiddie porn.")])
    report = audit_json(run, "archive")
    assert report["totals"]["documents"] == 4
    sources = by(report["sources"], "source")
    assert set(sources) == {"archive/herald", "archive/courier"}
    assert sources["archive/herald"]["findings"] == 1
    # words: "A story They sold child porn" (front matter title checked, keys not)
    assert sources["archive/herald"]["words"] == 6 + 7
    periods = by(report["periods"], "period")
    assert periods["2021"]["documents"] == 1 and periods["undated"]["documents"] == 3
    # the Word file: its paragraph and its table cell ("cell with child porn")
    ids = sorted(s["id"] for s in report["sample"])
    assert ids == [
        "archive/courier/memo.docx",
        "archive/courier/memo.docx",
        "archive/courier/three.html",
        "archive/herald/one.md",
    ]
    html_finding = next(s for s in report["sample"] if s["id"].endswith(".html"))
    assert (html_finding["line"], html_finding["column"], html_finding["text"]) == (
        1,
        9,
        "child prostitute",
    )
    assert audit_json(run, "archive", "--exclude", "courier")["totals"]["documents"] == 2
    assert audit_json(run, "archive", "-j", "2") == report


def test_rows_without_text_and_ids(run, tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "docs.jsonl",
        [{"text": "They sold child porn."}, {"text": None}, {"text": "  "}, {"text": "Fine."}],
    )
    report = audit_json(run, "docs.jsonl")
    assert report["totals"]["documents"] == 2
    assert report["totals"]["documents_without_text"] == 2
    assert report["sample"][0]["id"] == "docs.jsonl:1"  # no id column: path and row
    assert report["sources"][0]["source"] == "docs.jsonl"  # no source column: the table


# --------------------------------------------------------------------------- outputs


def test_csv_tables(run, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "docs.jsonl", ROWS)
    result = run("audit", "docs.jsonl", "--format", "csv", "--output", "tables")
    assert result.code == 0, result.err
    assert result.out == ""
    names = sorted(p.name for p in (tmp_path / "tables").iterdir())
    assert names == sorted(
        f"{n}.csv"
        for n in (
            "summary categories rules sources periods source_periods period_categories "
            "source_categories phrasings sample errors"
        ).split()
    )

    def table(name: str) -> list[dict[str, str]]:
        with (tmp_path / "tables" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    summary = {r["key"]: r["value"] for r in table("summary")}
    assert summary["documents"] == "5" and summary["findings"] == "4"
    assert summary["findings_by_severity.info"] == "1"
    assert summary["setting.period"] == "year"
    periods = by(table("periods"), "period")
    assert periods["2019"]["rate_per_10k_words"] == str(round(3 * 10000 / 11, 2))
    sample = table("sample")
    assert len(sample) == 4
    d2 = [r for r in sample if r["id"] == "d2"]
    assert {r["excerpt"] for r in d2} == {
        "⟦Child porn⟧ and kiddie porn are slang.",
        "Child porn and ⟦kiddie porn⟧ are slang.",
    }
    assert table("errors") == []


def test_csv_cells_are_never_formulas(run, tmp_path: Path) -> None:
    # a document's id, source or words must not run in a spreadsheet
    write_jsonl(
        tmp_path / "docs.jsonl",
        [
            {
                "id": '=HYPERLINK("https://example.org","x")',
                "source": "@feed",
                "text": "=1+1 They sold child porn.",
            },
            {"id": "-5", "source": "+wire", "text": "They sold kiddie porn."},
        ],
    )
    result = run("audit", "docs.jsonl", "--format", "csv", "--output", "tables")
    assert result.code == 0, result.err
    cells = [
        cell
        for table in (tmp_path / "tables").iterdir()
        for row in csv.reader(table.open(encoding="utf-8", newline=""))
        for cell in row
    ]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], cells
    assert '\'=HYPERLINK("https://example.org","x")' in cells
    assert {"'@feed", "'+wire", "'-5"} <= set(cells)
    assert any(c.startswith("'=1+1 They sold") for c in cells)


def test_json_to_a_file_and_the_sample_is_stable(run, tmp_path: Path) -> None:
    rows = [
        {
            "id": f"n{i}",
            "text": f"Story {i}: officers found child porn and child pornography.",
            "source": "S",
        }
        for i in range(40)
    ]
    write_jsonl(tmp_path / "a.jsonl", rows)
    write_jsonl(tmp_path / "b.jsonl", list(reversed(rows)))
    result = run("audit", "a.jsonl", "--format", "json", "--output", "a.json", "--sample", "7")
    assert result.code == 0 and result.out == ""
    first = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert len(first["sample"]) == 7
    # the same findings, whatever the order of the documents
    assert audit_json(run, "b.jsonl", "--sample", "7")["sample"] == first["sample"]
    # and a larger sample holds the smaller one first
    assert audit_json(run, "a.jsonl", "--sample", "12")["sample"][:7] == first["sample"]
    assert audit_json(run, "a.jsonl", "--top", "1")["phrasings"] == [
        {
            "rule": "child-porn-slang",
            "category": "child-pornography",
            "phrase": "child porn",
            "preferred": "child sexual abuse material",
            "findings": 40,
            "documents": 40,
        }
    ]


# --------------------------------------------------------------------------- merging


def _many_rows(n: int) -> list[dict]:
    rng = random.Random(7)
    phrases = [
        "Police seized child pornography from the server.",
        "The paper called it kiddie porn.",
        "Charities use child sexual abuse material.",
        "The girl was called a child prostitute in the headline.",
        "He was charged with possession of child pornography.",
        "A quiet day in the council chamber.",
    ]
    sources = ["Herald", "Courier", "Gazette"]
    return [
        {
            "id": f"doc-{i}",
            "text": " ".join(rng.choice(phrases) for _ in range(rng.randint(1, 4))),
            "date": f"{rng.randint(2015, 2022)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "source": rng.choice(sources),
        }
        for i in range(n)
    ]


def test_the_same_report_however_the_input_is_split(run, tmp_path: Path) -> None:
    rows = _many_rows(600)
    write_jsonl(tmp_path / "all.jsonl", rows)
    reference = audit_json(run, "all.jsonl", "-j", "1", "--sample", "25")
    assert reference["totals"]["documents"] == 600
    # three tables of different kinds, in another order
    (tmp_path / "parts").mkdir()
    write_parquet(tmp_path / "parts" / "c.parquet", rows[400:])
    write_csv(tmp_path / "parts" / "a.csv", rows[:150])
    write_jsonl(tmp_path / "parts" / "b.jsonl", rows[150:400])
    for args in (["parts"], ["parts", "-j", "2"], ["all.jsonl", "-j", "2"]):
        assert audit_json(run, *args, "--sample", "25") == reference, args


def test_aggregates_merge_exactly_in_any_order() -> None:
    """Aggregate.merge (the public API behind --jobs and Dask): splitting
    the documents anywhere and merging the parts in any order gives the
    whole's report."""
    from termlint.audit.aggregate import Aggregate, AuditOptions
    from termlint.audit.inputs import Item
    from termlint.audit.worker import AuditSpec, audit_items
    from termlint.config import load_config

    items = [Item(r["id"], r["source"], r["date"], None, r["text"]) for r in _many_rows(120)]
    spec = AuditSpec.of(load_config(), AuditOptions(sample=9, top=5, period="month"))
    whole = audit_items(spec, items).to_dict()
    rng = random.Random(3)
    for _ in range(5):
        cuts = sorted(rng.sample(range(1, len(items)), rng.randint(1, 6)))
        parts = [items[a:b] for a, b in zip([0, *cuts], [*cuts, len(items)], strict=True)]
        aggregates = [audit_items(spec, part) for part in parts]
        rng.shuffle(aggregates)
        total = Aggregate(spec.options)
        for one in aggregates:
            total.merge(one)
        assert total.to_dict() == whole


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({}, [], "name the files, directories or tables to audit"),
        ({}, ["missing.jsonl"], "missing.jsonl: no such file or directory"),
        ({"t.jsonl": '{"body": "x"}\n'}, ["t.jsonl"], "t.jsonl: no column 'text'"),
        (
            {"t.jsonl": '{"text": "x"}\n'},
            ["t.jsonl", "--date-column", "published"],
            "t.jsonl: no column 'published'",
        ),
        ({"t.csv": "id,body\n1,x\n"}, ["t.csv", "--text-column", "bdy"], "did you mean 'body'?"),
        ({"t.jsonl": '{"text": "x"}\n{"text": \n'}, ["t.jsonl"], "t.jsonl:2: not a JSON line"),
        ({"t.jsonl": '["x"]\n'}, ["t.jsonl"], "t.jsonl:1: a JSON line must be an object"),
        ({"t.jsonl": '{"text": 3}\n'}, ["t.jsonl"], "the text is not a string but int"),
        ({"t.csv": "text,id\nx,1,2\n"}, ["t.csv"], "t.csv: row 1 has 3 fields, the header 2"),
        ({"t.parquet": "not parquet at all"}, ["t.parquet"], "t.parquet: not a Parquet table"),
        ({"t.jsonl.gz": "not gzip"}, ["t.jsonl.gz"], "t.jsonl.gz: cannot read"),
        (
            {"t.jsonl": '{"text": "x", "date": "03/04/2019"}\n'},
            ["t.jsonl"],
            "t.jsonl:1: not an ISO date: '03/04/2019'",
        ),
        (
            {"t.jsonl": '{"text": "x", "date": "2019-02-30"}\n'},
            ["t.jsonl"],
            "not an ISO date: '2019-02-30'",
        ),
        (
            {"t.jsonl": '{"text": "x"}\n'},
            ["t.jsonl", "--format", "csv"],
            "name a directory with --output",
        ),
        (
            {"t.jsonl": '{"text": "x"}\n'},
            ["t.jsonl", "--subject", "(a"],
            "--subject: invalid regular expression",
        ),
        ({"t.jsonl": '{"text": "x"}\n'}, ["t.jsonl", "--select", "child-pron"], "unknown rule id"),
        (
            {"t.jsonl": '{"text": "x"}\n'},
            ["t.jsonl", "--input-format", "word"],
            "unknown input format",
        ),
        (
            {"t.jsonl": '{"text": "x"}\n'},
            ["t.jsonl", "--scheduler", "nowhere"],
            "cannot reach the Dask scheduler at nowhere",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run, write, files, args, message) -> None:
    for name, content in files.items():
        write(name, content)
    result = run("audit", *args)
    assert result.code == 2, (result.code, result.err)
    assert result.err.count("\n") == 1 and result.err.startswith("termlint: error: "), result.err
    assert message in result.err
    assert "Traceback" not in result.err and result.out == ""


def test_unreadable_dates_counted_as_undated_when_asked(run, tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "docs.jsonl",
        [{"text": "Child porn.", "date": "last week"}, {"text": "Fine.", "date": "2020-01-01"}],
    )
    report = audit_json(run, "docs.jsonl", "--invalid-dates", "undated")
    assert report["totals"]["invalid_dates"] == 1
    assert by(report["periods"], "period")["undated"]["findings"] == 1


def test_an_unreadable_file_is_reported_and_the_rest_counted(run, write, tmp_path: Path) -> None:
    write("docs/good.txt", "They sold child porn.\n")
    write("docs/bad.txt", b"\x00\x01binary")
    result = run("audit", "docs/good.txt", "docs/bad.txt", "--format", "json")
    assert result.code == 2
    assert result.err == "termlint: error: docs/bad.txt: binary file, not text\n"
    report = json.loads(result.out)
    assert report["totals"]["documents"] == 1 and report["totals"]["errors"] == 1
    assert report["errors"] == ["docs/bad.txt: binary file, not text"]


def test_the_csv_directory_is_not_a_file(run, write, tmp_path: Path) -> None:
    write("t.jsonl", '{"text": "x"}\n')
    write("out", "keep me")
    result = run("audit", "t.jsonl", "--format", "csv", "--output", "out")
    assert result.code == 2 and "writes a directory of tables" in result.err
    assert (tmp_path / "out").read_text() == "keep me"


def test_categories_of_the_packs_agree_with_the_guides() -> None:
    """The packs' categories are those the development set scores by."""
    from devset import RULE_CATEGORY

    from termlint.config import load_config

    config = load_config().with_packs(["fr", "de", "es", "nl", "pt", "it"])
    rules = config.ruleset.rules
    for rule, category in RULE_CATEGORY.items():
        assert rules[rule].category == category, rule
    for rule in rules.values():
        if rule.id.startswith("spelling-"):
            assert rule.category == "spelling-mixed"


def test_a_bad_category_in_a_pack(run, write) -> None:
    write(
        "termlint.yaml",
        "rules:\n  - id: house-term\n    kind: substitute\n    category: House Style\n"
        "    severity: warning\n    terms: [kiddie porn]\n    replacements: [child sexual abuse material]\n"
        "    rationale: House style.\n",
    )
    write("t.txt", "Nothing here.\n")
    result = run("check", "t.txt")
    assert result.code == 2
    assert "termlint.yaml:4:15: invalid category 'House Style'" in result.err


def test_progress_bar_on_a_terminal_only(termlint_bin: str, tmp_path: Path) -> None:
    """On a terminal (standard error a pseudo-terminal) a run longer than a
    second draws a bar; the report on standard output is unchanged."""
    import os
    import pty
    import subprocess

    rows = _many_rows(12000)
    write_jsonl(tmp_path / "big.jsonl", rows)
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [termlint_bin, "audit", "big.jsonl", "--format", "json", "-j", "1"],
            stdout=subprocess.PIPE,
            stderr=follower,
            cwd=tmp_path,
        )
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            drawn += chunk
        out = proc.stdout.read()
        assert proc.wait(timeout=120) == 0
    finally:
        os.close(leader)
    bars = drawn.decode("utf-8").split("\r")
    assert any(b.startswith("termlint: audit [") and "documents" in b for b in bars), drawn[:300]
    assert drawn.endswith(b"\r\x1b[K")  # wiped at the end
    assert json.loads(out)["totals"]["documents"] == 12000


def test_check_does_not_import_the_audits_dependencies(write, tmp_path: Path) -> None:
    """The audit's command is registered at start-up, its dependencies are
    not imported: ``termlint check`` starts as fast as before."""
    import subprocess
    import sys

    write("draft.md", "# Draft\n\nThey sold child porn.\n")
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "termlint", "check", "draft.md"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "termlint.audit_command" in imported
    heavy = {"dask", "distributed", "pandas", "pyarrow", "numpy", "termlint.audit"}
    assert not heavy & imported, heavy & imported


def test_a_missing_optional_dependency_says_what_to_install(run, write, tmp_path: Path) -> None:
    """Without pyarrow or Dask (shadowed here by packages that fail to
    import), a Parquet table or --scheduler is a one-line error naming the
    extra to install; JSON Lines still work."""
    for name in ("pyarrow", "dask"):
        write(f"blocked/{name}/__init__.py", f"raise ImportError('no {name} here')\n")
    write("t.jsonl", '{"text": "They sold child porn."}\n')
    write("t.parquet", b"PAR1")
    env = {"PYTHONPATH": str(tmp_path / "blocked")}
    result = run("audit", "t.parquet", env=env)
    assert (result.code, result.err) == (
        2,
        "termlint: error: t.parquet: reading Parquet needs pyarrow: "
        "pip install 'termlint[audit]'\n",
    )
    result = run("audit", "t.jsonl", "--scheduler", "tcp://127.0.0.1:8786", env=env)
    assert (result.code, result.err) == (
        2,
        "termlint: error: --scheduler needs dask.distributed: pip install 'termlint[audit]'\n",
    )
    assert run("audit", "t.jsonl", env=env).code == 0
