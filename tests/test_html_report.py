"""``--format html`` in a real headless Chromium (Debian's ``chromium``,
driven by Playwright): highlights, summary and chart are there, clicking a
highlight opens its explanation, and the page loads nothing from outside. A
screenshot is saved under ``test-artifacts/``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
DOC = (
    "# Report\n\nOffenders shared child pornography and kiddie porn.\n"
    "The café’s “child prostitute” headline was wrong.\n"
)


def chromium() -> str:
    path = os.environ.get("TERMLINT_CHROMIUM") or shutil.which("chromium")
    if path is None:  # .ci/run installs it with apt; say so loudly if that failed
        pytest.skip("chromium is not installed: the HTML report was not tested in a browser")
    return path


def test_html_report_in_chromium(run, write, tmp_path: Path) -> None:
    if os.environ.get("CI"):
        import playwright.sync_api as sync_api  # a test dependency: must be there in CI
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    write("report.md", DOC)
    write("clean.txt", "Nothing to see.\n")
    result = run("check", "--format", "html", "--output", "out.html", "report.md", "clean.txt")
    assert result.code == 1 and result.out == ""
    page_path = tmp_path / "out.html"
    requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium())
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_path.as_uri())
        marks = page.locator("pre.doc mark")
        assert marks.count() == 3
        assert marks.nth(0).inner_text() == "child pornography"
        assert marks.nth(2).inner_text() == "child prostitute"
        assert "3 findings in 2 files" in page.locator("#totals").inner_text()
        rows = page.locator("#by-rule tr")
        assert rows.count() == 4  # a header and three rules
        assert page.locator("#chart rect").count() == 3
        assert page.locator("#by-file tr").nth(2).inner_text().split() == ["clean.txt", "0"]
        explain = page.locator("#explain")
        assert not explain.is_visible()
        marks.nth(0).click()
        assert explain.is_visible()
        text = explain.inner_text()
        assert "child-pornography" in text
        assert "Preferred: child sexual abuse material" in text
        assert "Sources:" in text and "Luxembourg" in text
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=True)
        page.locator("#explain .close").click()
        assert not explain.is_visible()
        browser.close()
    assert requests and all(u.startswith("file:") for u in requests), requests
    assert (ARTIFACTS / "html-report.png").stat().st_size > 10_000


def test_html_report_of_a_word_document_in_chromium(run, tmp_path: Path) -> None:
    if os.environ.get("CI"):
        import playwright.sync_api as sync_api
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    from test_formats import make_docx

    make_docx(
        tmp_path / "memo.docx",
        [("", "The memo called the seized files child porn twice.")],
        header="Internal memo",
        footnote="Officers logged the kiddie porn as evidence.",
    )
    result = run("check", "--format", "html", "--output", "out.html", "memo.docx")
    assert result.code == 1
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium())
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto((tmp_path / "out.html").as_uri())
        rows = page.locator("table.places tr")
        assert rows.count() == 4  # a header and three findings (one in the table cell)
        assert rows.nth(1).locator("td").nth(0).inner_text() == "paragraph 1"
        assert rows.nth(3).locator("td").nth(0).inner_text() == "footnote 1"
        assert rows.nth(3).locator("td.excerpt").inner_text() == (
            "Officers logged the kiddie porn as evidence."
        )
        mark = rows.nth(3).locator("mark")
        assert mark.inner_text() == "kiddie porn"
        mark.click()
        text = page.locator("#explain").inner_text()
        assert "footnote 1, column 21" in text.lower()  # shown in capitals
        assert "Officers logged the ⟦kiddie porn⟧ as evidence." in text
        browser.close()


FRENCH_REPORT = (
    "# Revue de presse\n\n"
    "Le journal du matin parlait encore de pédopornographie dans son grand titre, "
    "et la rédaction a promis de corriger le mot.\n\n"
    "Our English desk wrote child pornography in a caption, and the subeditor changed it.\n"
)


def test_html_report_names_the_language_of_each_finding(run, write, tmp_path: Path) -> None:
    if os.environ.get("CI"):
        import playwright.sync_api as sync_api
    else:
        sync_api = pytest.importorskip("playwright.sync_api")
    from test_formats import make_docx

    write("revue.md", FRENCH_REPORT)
    make_docx(
        tmp_path / "memo.docx",
        [
            (
                "",
                "Selon la note interne, la police a saisi chez lui des fichiers de pédopornographie.",
            )
        ],
    )
    result = run(
        "check", "--with", "fr", "--format", "html", "--output", "out.html", "revue.md", "memo.docx"
    )
    assert result.code == 1, result.err
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium())
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto((tmp_path / "out.html").as_uri())
        assert page.locator("html").get_attribute("lang") == "en"
        marks = page.locator("#file-0 pre.doc mark")
        assert [marks.nth(i).inner_text() for i in range(marks.count())] == [
            "pédopornographie",
            "child pornography",
        ]
        # a screen reader reads the words found in their own language
        assert [marks.nth(i).get_attribute("lang") for i in range(2)] == ["fr", "en"]
        marks.nth(0).click()
        explain = page.locator("#explain")
        tag = explain.locator(".lang")
        assert (tag.inner_text(), tag.get_attribute("title")) == ("fr", "French")
        assert tag.get_attribute("aria-label") == "in French"
        words = explain.locator("p.text")
        assert (words.inner_text(), words.get_attribute("lang")) == ("pédopornographie", "fr")
        page.locator("#explain .close").click()
        # a Word document: the table tags the language and its excerpt has it
        row = page.locator("table.places tr").nth(1)
        assert row.locator("td.where").inner_text().split() == ["paragraph", "1", "fr"]
        assert row.locator("td.where .lang").get_attribute("title") == "French"
        excerpt = row.locator("td.excerpt")
        assert excerpt.get_attribute("lang") == "fr"
        assert "pédopornographie" in excerpt.inner_text()
        # the document's table cell is in English
        assert page.locator("table.places td.excerpt").nth(1).get_attribute("lang") == "en"
        row.locator("mark").click()
        assert explain.locator("p.excerpt").get_attribute("lang") == "fr"
        assert "⟦pédopornographie⟧" in explain.locator("p.excerpt").inner_text()
        browser.close()
