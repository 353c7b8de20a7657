"""The audit report as text (a summary for the terminal), JSON, CSV tables
(one per view, in a directory) and HTML (one self-contained page: inline CSS
and SVG charts, no script, nothing fetched)."""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Any

#: The CSV tables, each the JSON view of the same name.
TABLES = (
    "categories",
    "rules",
    "sources",
    "periods",
    "source_periods",
    "period_categories",
    "source_categories",
    "phrasings",
    "sample",
)


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- CSV


def csv_tables(report: dict[str, Any]) -> dict[str, str]:
    """Each view as a CSV table (``summary.csv``: the totals and settings,
    one ``key,value`` row each; ``errors.csv``: documents not checked)."""
    out: dict[str, str] = {}
    summary = [("version", report["version"])]
    summary += [(f"setting.{k}", _cell(v)) for k, v in report["settings"].items()]
    for key, value in report["totals"].items():
        if isinstance(value, dict):
            summary += [(f"{key}.{k}", v) for k, v in value.items()]
        else:
            summary.append((key, value))
    out["summary.csv"] = _csv(["key", "value"], [list(row) for row in summary])
    for name in TABLES:
        rows = report[name]
        if name == "sample":
            rows = [{**r, "excerpt": excerpt(r)} for r in rows]
        header = list(rows[0]) if rows else _HEADERS[name]
        out[f"{name}.csv"] = _csv(header, [[_cell(r.get(h)) for h in header] for r in rows])
    out["errors.csv"] = _csv(["message"], [[m] for m in report["errors"]])
    return out


_STATS = [
    "documents",
    "words",
    "findings",
    "rate_per_10k_words",
    "documents_with_discouraged",
    "documents_on_subject",
    "documents_preferred_only",
    "preferred_only_share",
]
_HEADERS = {
    "categories": ["category", "findings", "documents", "rate_per_10k_words", "share_of_findings"],
    "rules": [
        "rule",
        "category",
        "severity",
        "findings",
        "documents",
        "rate_per_10k_words",
        "not_counted",
    ],
    "sources": ["source", *_STATS],
    "periods": ["period", *_STATS],
    "source_periods": ["source", "period", *_STATS],
    "period_categories": ["period", "category", "findings", "rate_per_10k_words"],
    "source_categories": ["source", "category", "findings", "rate_per_10k_words"],
    "phrasings": ["rule", "category", "phrase", "preferred", "findings", "documents"],
    "sample": [
        "id",
        "source",
        "period",
        "date",
        "url",
        "rule",
        "category",
        "severity",
        "line",
        "column",
        "end_line",
        "end_column",
        "text",
        "before",
        "after",
        "preferred",
        "message",
        "excerpt",
    ],
}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return value


#: What a spreadsheet reads as the start of a formula in a cell.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (``=HYPERLINK(...)``
    in a document's id or excerpt) with a ``'`` before it, so that it is
    shown as text; numbers are left as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_inert(v) for v in row] for row in rows)
    return buffer.getvalue()


def write_csv_directory(path: str, report: dict[str, Any]) -> None:
    """The CSV tables in directory ``path`` (made if missing), each file
    written whole or not at all."""
    from ..errors import InputError
    from ..fixer import write_new_file

    if os.path.exists(path) and not os.path.isdir(path):
        raise InputError(f"{path}: --format csv writes a directory of tables, and this is a file")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot make the directory ({exc.strerror})") from None
    for name, text in csv_tables(report).items():
        write_new_file(os.path.join(path, name), text.encode("utf-8"))


def excerpt(record: dict[str, Any]) -> str:
    """A sampled finding in its context: ``…before ⟦text⟧ after…``."""
    text = " ".join(record["text"].split())
    return f"{record['before']}⟦{text}⟧{record['after']}"


# --------------------------------------------------------------------------- text


def _n(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _r(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


def _pc(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


def render_text(report: dict[str, Any], *, rows: int = 10) -> str:
    """A summary for a terminal: totals, then the largest rows of each view."""
    t = report["totals"]
    s = report["settings"]
    periods = [p["period"] for p in report["periods"] if p["period"] != "undated"]
    span = f"{periods[0]} to {periods[-1]}" if periods else "undated"
    out = [
        f"termlint audit: {_n(t['documents'])} documents, {_n(t['words'])} words, "
        f"{len(report['sources'])} sources, {span}",
        f"Discouraged uses (at or above {s['min_severity']}): {_n(t['findings'])}, "
        f"{_r(t['rate_per_10k_words'])} per 10,000 words, in {_n(t['documents_with_discouraged'])}"
        " documents",
        f"Documents using only preferred terms: {_n(t['documents_preferred_only'])} of "
        f"{_n(t['documents_on_subject'])} {'on the subject' if s['subject'] else ''}"
        f" ({_pc(t['preferred_only_share'])})".replace("  ", " "),
    ]
    if t["not_counted"]:
        out.append(
            f"Not counted: {_n(t['not_counted'])} findings below {s['min_severity']} "
            "(quotations, legal and clinical uses, hints)"
        )
    extra = []
    if t["documents_without_text"]:
        extra.append(f"{_n(t['documents_without_text'])} without text")
    if t["invalid_dates"]:
        extra.append(f"{_n(t['invalid_dates'])} with a date that could not be read (undated)")
    if t["errors"]:
        extra.append(f"{_n(t['errors'])} not checked (errors)")
    if extra:
        out.append("Documents left out or undated: " + "; ".join(extra))

    def table(
        title: str, header: list[str], body: list[list[str]], total: int, text: int = 1
    ) -> None:
        """A table whose first ``text`` columns are left-aligned, the
        others (numbers) right-aligned."""
        if not body:
            return
        widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
        out.append("")
        more = f" ({len(body)} of {total})" if total > len(body) else ""
        out.append(title + more)
        for r in [header, *body]:
            cells = [
                c.ljust(w) if i < text else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            ]
            out.append("  " + "  ".join(cells).rstrip())

    table(
        "By category",
        ["category", "findings", "per 10k words", "documents"],
        [
            [c["category"], _n(c["findings"]), _r(c["rate_per_10k_words"]), _n(c["documents"])]
            for c in report["categories"][:rows]
        ],
        len(report["categories"]),
    )
    counted = [r for r in report["rules"] if r["findings"]]
    table(
        "By rule",
        ["rule", "findings", "per 10k words", "documents"],
        [
            [r["rule"], _n(r["findings"]), _r(r["rate_per_10k_words"]), _n(r["documents"])]
            for r in counted[:rows]
        ],
        len(counted),
    )
    stat_header = ["documents", "words", "findings", "per 10k words", "preferred only"]

    def stats(row: dict[str, Any]) -> list[str]:
        return [
            _n(row["documents"]),
            _n(row["words"]),
            _n(row["findings"]),
            _r(row["rate_per_10k_words"]),
            _pc(row["preferred_only_share"]),
        ]

    table(
        f"By period ({s['period']})",
        ["period", *stat_header],
        [[p["period"], *stats(p)] for p in report["periods"]],
        len(report["periods"]),
    )
    biggest = sorted(report["sources"], key=lambda r: (-r["documents"], r["source"]))
    table(
        "By source (most documents first)",
        ["source", *stat_header],
        [[r["source"], *stats(r)] for r in biggest[:rows]],
        len(biggest),
    )
    table(
        "Most frequent discouraged phrasings",
        ["phrasing", "preferred", "findings", "documents"],
        [
            [p["phrase"], p["preferred"] or "-", _n(p["findings"]), _n(p["documents"])]
            for p in report["phrasings"][:rows]
        ],
        len(report["phrasings"]),
        text=2,
    )
    if report["sample"]:
        out.append("")
        out.append(
            f"A sample of {len(report['sample'])} findings with their context: "
            "--format json, csv or html."
        )
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- HTML


def render_html(report: dict[str, Any]) -> str:
    from .html import render

    return render(report)
