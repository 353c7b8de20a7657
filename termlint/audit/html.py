"""The audit report as one self-contained HTML page: inline CSS, charts drawn
as inline SVG, no script and no address outside the page (it opens offline
and in a mail attachment alike). Every chart has a table of its numbers
beside it, and a text equivalent for screen readers."""

from __future__ import annotations

from html import escape
from typing import Any

from .. import __version__

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header,main{max-width:72rem;margin:auto;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2.2rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{background:#fff;border:1px solid #ddd;border-radius:4px;padding:.6rem .9rem;min-width:10rem}
.card b{display:block;font-size:1.35rem;font-variant-numeric:tabular-nums}
.card span{font-size:.85rem;color:#555}
.pair{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .7rem;text-align:left;
border-bottom:1px solid #ddd;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
svg{background:#fff;border:1px solid #ddd;border-radius:4px}
svg text{font:12px system-ui,sans-serif;fill:#1b1b1b}
mark{background:#ffc9c9;border-radius:2px;padding:0 1px}
td.excerpt{max-width:36rem}
.note{color:#555;font-size:.9rem}
figure{margin:.5rem 0}figcaption{font-size:.85rem;color:#555;margin-top:.2rem}
"""

#: Colours of the bars: findings, rates, shares.
RED, BLUE, GREEN = "#c0392b", "#2c6fbb", "#2e8b57"


def _n(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _r(value: float | None) -> str:
    return "–" if value is None else f"{value:,.2f}"


def _pc(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def hbars(chart_id: str, title: str, rows: list[tuple[str, float, str]], colour: str = RED) -> str:
    """Horizontal bars: (label, value, value as shown) per row."""
    if not rows:
        return ""
    top = max(v for _, v, _ in rows) or 1
    row, label, width = 24, 240, 380
    height = row * len(rows) + 8
    parts = []
    for k, (name, value, shown) in enumerate(rows):
        y = k * row + 4
        w = max(2, round(width * value / top)) if value else 0
        short = name if len(name) <= 34 else name[:33] + "…"
        parts.append(
            f'<text x="{label - 6}" y="{y + 16}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{label}" y="{y + 4}" width="{w}" height="{row - 8}" fill="{colour}">'
            f"<title>{escape(name)}: {escape(shown)}</title></rect>"
            f'<text x="{label + w + 5}" y="{y + 16}">{escape(shown)}</text>'
        )
    return _figure(
        title,
        f'<svg id="{chart_id}" role="img" aria-label="{escape(title)}" '
        f'width="{label + width + 90}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>",
    )


def vbars(
    chart_id: str, title: str, rows: list[tuple[str, float | None, str]], colour: str = BLUE
) -> str:
    """Vertical bars over time: (period, value or None, value as shown)."""
    if not rows:
        return ""
    values = [v for _, v, _ in rows if v is not None]
    top = max(values, default=0) or 1
    step = max(18, min(56, 720 // max(1, len(rows))))
    plot, left, bottom = 180, 8, 46
    width = left + step * len(rows) + 8
    height = plot + bottom + 20
    parts = [
        f'<line x1="{left}" y1="{plot + 20}" x2="{width - 4}" y2="{plot + 20}" stroke="#888"/>'
    ]
    every = max(1, len(rows) // 24)
    for k, (period, value, shown) in enumerate(rows):
        x = left + k * step
        h = round(plot * value / top) if value else 0
        parts.append(
            f'<rect x="{x + 3}" y="{plot + 20 - h}" width="{step - 6}" height="{h}" '
            f'fill="{colour}"><title>{escape(period)}: {escape(shown)}</title></rect>'
        )
        if step >= 34 and value is not None:
            parts.append(
                f'<text x="{x + step / 2}" y="{plot + 16 - h}" text-anchor="middle">'
                f"{escape(shown)}</text>"
            )
        if k % every == 0:
            parts.append(
                f'<text x="{x + step / 2}" y="{plot + 36}" text-anchor="end" '
                f'transform="rotate(-35 {x + step / 2} {plot + 36})">{escape(period)}</text>'
            )
    return _figure(
        title,
        f'<svg id="{chart_id}" role="img" aria-label="{escape(title)}" width="{max(width, 240)}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>",
    )


def _figure(title: str, svg: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(title)}</figcaption></figure>"


def _table(table_id: str, header: list[str], rows: list[list[str]], numeric: int = 1) -> str:
    """A table; columns from ``numeric`` on are right-aligned numbers."""
    head = "".join(
        f"<th{' class=n' if i >= numeric else ''}>{escape(h)}</th>" for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if i >= numeric else ''}>{cell}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f'<table id="{table_id}"><tr>{head}</tr>{body}</table>'


def _stats_rows(rows: list[dict[str, Any]], key: str) -> list[list[str]]:
    return [
        [
            escape(str(r[key])),
            _n(r["documents"]),
            _n(r["words"]),
            _n(r["findings"]),
            _r(r["rate_per_10k_words"]),
            _pc(r["preferred_only_share"]),
        ]
        for r in rows
    ]


_STATS_HEADER = ["documents", "words", "findings", "per 10,000 words", "preferred only"]


def render(report: dict[str, Any]) -> str:
    t = report["totals"]
    s = report["settings"]
    subject = (
        "documents on the subject (matching " + ", ".join(s["subject"]) + ")"
        if s["subject"]
        else "documents"
    )
    cards = [
        (_n(t["documents"]), "documents"),
        (_n(t["words"]), "words"),
        (_n(t["findings"]), f"discouraged uses ({escape(s['min_severity'])} and above)"),
        (_r(t["rate_per_10k_words"]), "per 10,000 words"),
        (_pc(t["preferred_only_share"]), f"of {escape(subject)} use only preferred terms"),
        (_n(len(report["sources"])), "sources"),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>termlint audit</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header><h1>termlint audit</h1>",
        '<div class="cards" id="totals">'
        + "".join(f'<div class="card"><b>{v}</b><span>{k}</span></div>' for v, k in cards)
        + "</div>",
        '<p class="note">A discouraged use is a finding at '
        f"{escape(s['min_severity'])} or above; {_n(t['not_counted'])} findings below it "
        "(quotations, legal and clinical uses, hints) are not counted. "
        f"{_n(t['documents_without_text'])} documents without text, "
        f"{_n(t['invalid_dates'])} with a date that could not be read, "
        f"{_n(t['errors'])} not checked. termlint {escape(__version__)}.</p>",
        "</header><main>",
    ]
    # over time
    periods = report["periods"]
    parts.append(f'<section id="over-time"><h2>Over time (by {escape(s["period"])})</h2>')
    parts.append(
        '<div class="pair">'
        + vbars(
            "chart-periods",
            "Discouraged uses per 10,000 words, by period",
            [(p["period"], p["rate_per_10k_words"], _r(p["rate_per_10k_words"])) for p in periods],
        )
        + vbars(
            "chart-preferred",
            "Share of documents using only preferred terms, by period",
            [
                (p["period"], p["preferred_only_share"], _pc(p["preferred_only_share"]))
                for p in periods
            ],
            GREEN,
        )
        + "</div>"
    )
    parts.append(_table("by-period", ["period", *_STATS_HEADER], _stats_rows(periods, "period")))
    parts.append("</section>")
    # categories and rules
    categories = report["categories"]
    parts.append('<section id="what"><h2>By category</h2>')
    parts.append(
        hbars(
            "chart-categories",
            "Discouraged uses by category",
            [(c["category"], c["findings"], _n(c["findings"])) for c in categories],
        )
    )
    parts.append(
        _table(
            "by-category",
            ["category", "findings", "documents", "per 10,000 words", "share"],
            [
                [
                    escape(c["category"]),
                    _n(c["findings"]),
                    _n(c["documents"]),
                    _r(c["rate_per_10k_words"]),
                    _pc(c["share_of_findings"]),
                ]
                for c in categories
            ],
        )
    )
    rules = report["rules"]
    parts.append("<h2>By rule</h2>")
    counted = [r for r in rules if r["findings"]]
    parts.append(
        hbars(
            "chart-rules",
            "Discouraged uses by rule",
            [(r["rule"], r["findings"], _n(r["findings"])) for r in counted[:20]],
        )
    )
    parts.append(
        _table(
            "by-rule",
            [
                "rule",
                "category",
                "severity",
                "findings",
                "documents",
                "per 10,000 words",
                "not counted",
            ],
            [
                [
                    escape(r["rule"]),
                    escape(r["category"]),
                    escape(r["severity"]),
                    _n(r["findings"]),
                    _n(r["documents"]),
                    _r(r["rate_per_10k_words"]),
                    _n(r["not_counted"]),
                ]
                for r in rules
            ],
            numeric=3,
        )
    )
    parts.append("</section>")
    # sources
    sources = sorted(report["sources"], key=lambda r: (-r["documents"], r["source"]))
    parts.append('<section id="sources"><h2>By source</h2>')
    if len(sources) > 20:
        parts.append(f'<p class="note">The 20 sources with most documents of {len(sources)}.</p>')
    parts.append(
        hbars(
            "chart-sources",
            "Discouraged uses per 10,000 words, by source",
            [
                (r["source"], r["rate_per_10k_words"] or 0, _r(r["rate_per_10k_words"]))
                for r in sources[:20]
            ],
            BLUE,
        )
    )
    parts.append(_table("by-source", ["source", *_STATS_HEADER], _stats_rows(sources, "source")))
    parts.append("</section>")
    # phrasings
    parts.append(
        '<section id="phrasings"><h2>Most frequent discouraged phrasings</h2>'
        + _table(
            "top-phrasings",
            ["phrasing", "preferred", "rule", "findings", "documents"],
            [
                [
                    escape(p["phrase"]),
                    escape(p["preferred"] or "–"),
                    escape(p["rule"]),
                    _n(p["findings"]),
                    _n(p["documents"]),
                ]
                for p in report["phrasings"]
            ],
            numeric=3,
        )
        + "</section>"
    )
    # sample
    rows = []
    for f in report["sample"]:
        where = escape(f["id"])
        if f["url"]:
            # shown, never linked: the page makes no request and opens no address
            where += f'<br><span class="note">{escape(f["url"])}</span>'
        text = " ".join(f["text"].split())
        rows.append(
            [
                where,
                escape(f["source"]),
                escape(f["date"] or f["period"]),
                f"{f['line']}:{f['column']}",
                f"{escape(f['before'])}<mark>{escape(text)}</mark>{escape(f['after'])}",
                escape(f["rule"]),
                escape(f["preferred"] or "–"),
            ]
        )
    parts.append(
        '<section id="sample"><h2>A sample of findings</h2>'
        f'<p class="note">{len(rows)} findings chosen by a stable hash of document, place and '
        "rule: the same for the same archive, however it is split.</p>"
        + _table(
            "sample-table",
            ["document", "source", "date", "line:col", "context", "rule", "preferred"],
            rows,
            numeric=99,
        )
        + "</section>"
    )
    if report["errors"]:
        parts.append(
            '<section id="errors"><h2>Documents not checked</h2><ul>'
            + "".join(f"<li>{escape(m)}</li>" for m in report["errors"])
            + "</ul></section>"
        )
    parts.append("</main></body></html>\n")
    return "".join(parts)
