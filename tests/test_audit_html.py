"""``termlint audit --format html`` in a real headless Chromium (driven by
Playwright): the page loads nothing from outside, its charts are drawn (SVG
with bars of non-zero size), its tables hold the report's numbers, and a
screenshot is kept in ``test-artifacts/audit-report.png``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_audit import _many_rows, write_jsonl
from test_html_report import ARTIFACTS, chromium


def test_audit_report_in_chromium(run, tmp_path: Path) -> None:
    if os.environ.get("CI"):
        import playwright.sync_api as sync_api  # a test dependency: must be there in CI
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    rows = _many_rows(300)
    rows.append(
        {
            "id": "<b>odd & id</b>",
            "text": "The headline called her a child prostitute.",
            "date": "2016-05-01",
            "source": 'Herald <script>alert("x")</script>',
            "url": "https://news.example/odd",
        }
    )
    write_jsonl(tmp_path / "archive.jsonl", rows)
    result = run("audit", "archive.jsonl", "--format", "html", "--output", "audit.html")
    assert result.code == 0 and result.out == "", result.err
    report = json.loads(run("audit", "archive.jsonl", "--format", "json").out)
    page_text = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert "<script" not in page_text  # none of its own, and a source's is escaped
    assert "http://" not in page_text.replace("http://www.w3.org/2000/svg", "")
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.goto((tmp_path / "audit.html").as_uri())
        charts = {
            "chart-periods": len(report["periods"]),
            "chart-preferred": len(report["periods"]),
            "chart-categories": len(report["categories"]),
            "chart-rules": len([r for r in report["rules"] if r["findings"]]),
            "chart-sources": len(report["sources"]),
        }
        for chart, bars in charts.items():
            svg = page.locator(f"svg#{chart}")
            box = svg.bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 40, chart
            assert svg.locator("rect").count() == bars, chart
            sizes = svg.locator("rect").evaluate_all(
                "rs => rs.map(r => { const b = r.getBoundingClientRect(); return [b.width, b.height]; })"
            )
            assert all(w > 0 for w, _ in sizes), chart
            assert sum(1 for _, h in sizes if h > 0) >= 1, chart
        # the tallest bar of the periods chart is the period with the highest rate
        rates = [p_["rate_per_10k_words"] or 0 for p_ in report["periods"]]
        heights = page.locator("svg#chart-periods rect").evaluate_all(
            "rs => rs.map(r => r.getBoundingClientRect().height)"
        )
        assert heights.index(max(heights)) == rates.index(max(rates))
        totals = page.locator("#totals").inner_text()
        assert f"{report['totals']['documents']:,}" in totals
        assert f"{report['totals']['findings']:,}" in totals
        rows_by_period = page.locator("#by-period tr")
        assert rows_by_period.count() == len(report["periods"]) + 1
        first = report["periods"][0]
        assert rows_by_period.nth(1).inner_text().split("\t")[:4] == [
            first["period"],
            f"{first['documents']:,}",
            f"{first['words']:,}",
            f"{first['findings']:,}",
        ]
        assert page.locator("#sample-table mark").count() == len(report["sample"])
        assert page.locator("#top-phrasings tr").count() == len(report["phrasings"]) + 1
        source_cells = page.locator("#by-source td").all_inner_texts()
        assert 'Herald <script>alert("x")</script>' in source_cells  # shown as text
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "audit-report.png"), full_page=True)
        browser.close()
    assert requests == [(tmp_path / "audit.html").as_uri()], requests
    assert (ARTIFACTS / "audit-report.png").stat().st_size > 20_000
