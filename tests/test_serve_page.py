"""The page of ``termlint serve`` (``/``) in a real headless Chromium (Debian's
``chromium``, driven by Playwright), against a real ``termlint serve`` on
127.0.0.1: a pasted draft is highlighted word for word (an emoji before the
words included), a finding is explained on click and on keyboard focus,
"Apply" and "Apply all safe fixes" change the text as ``termlint fix`` would,
the text is downloaded, a Word document is opened and its reviewed copy
downloaded, and the controls have names a screen reader reads. Every request
the page makes goes to the server's own origin, and the page breaks no rule
of the server's Content Security Policy (a broken one shows in the console).
Screenshots are kept under ``test-artifacts/`` (``$TERMLINT_ARTIFACTS``)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import struct
import urllib.request
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import servers
from libreoffice import artifacts_dir
from wordbuild import build, para, text_run

#: How long the page may take to show what a check found (debounce included).
WAIT_MS = 15_000


def chromium() -> str:
    path = os.environ.get("TERMLINT_CHROMIUM") or shutil.which("chromium")
    if path is None:  # .ci/run installs it with apt; say so loudly if that failed
        pytest.skip("chromium is not installed: the page of termlint serve was not tested")
    return path


@pytest.fixture(scope="module")
def sync_api() -> Any:
    if os.environ.get("CI"):
        import playwright.sync_api as api  # a test dependency: must be there in CI

        return api
    return pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(termlint_bin: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``termlint serve`` on 127.0.0.1, in a folder of no configuration
    (the default rules)."""
    server = servers.start(termlint_bin, cwd=tmp_path_factory.mktemp("serve"))
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def browser(sync_api: Any) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium())
        yield browser
        browser.close()


class Visit:
    """A page of the server in a context of its own, with every request it
    made and every console error and uncaught exception."""

    def __init__(self, browser: Any, base: str, *, ready: bool = True) -> None:
        self.base = base
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(base + "/")
        if ready:  # the page asks for the rules at once: it is running
            self.page.locator("#rules-info").filter(has_text="rules").wait_for(timeout=WAIT_MS)

    @property
    def draft(self) -> Any:
        return self.page.get_by_role("textbox", name="Draft")

    def wait_count(self, text: str) -> None:
        """Wait until the live region says ``text`` (and no check is running)."""
        exact = re.compile(f"^{re.escape(text)}$")
        self.page.locator("#count").filter(has_text=exact).wait_for(timeout=WAIT_MS)
        self.page.locator("#busy").wait_for(state="hidden", timeout=WAIT_MS)

    def marks(self) -> list[str]:
        return [m.inner_text() for m in self.page.locator("#backdrop mark").all()]

    def screenshot(self, name: str) -> Path:
        path = artifacts_dir() / name
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        return path

    def close(self) -> None:
        """Check that nothing left the server's origin and nothing failed."""
        self.context.close()
        origin = urlsplit(self.base)
        for url in self.requests:
            seen = urlsplit(url.removeprefix("blob:"))
            assert (seen.scheme, seen.netloc) == (origin.scheme, origin.netloc), url
        assert self.requests
        assert self.errors == []


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Visit]:
    visit = Visit(browser, server)
    yield visit
    visit.close()


def post_json(base: str, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def get_json(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.load(response)


# ---------------------------------------------------------------- pictures


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB(A) rows of a PNG as Chromium writes them (8 bits
    a channel, not interlaced)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6)
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += body
    raw, stride = zlib.decompress(idat), width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    at = 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1 : at + 1 + stride])
        at += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def pixels_apart(one: bytes, other: bytes) -> int:
    """How many pixels of either picture differ clearly (by more than half
    the range in a channel) from the pixel at the same place in the other and
    from both its neighbours on the row: text drawn a fraction of a pixel
    apart (runs of glyphs cut at a highlight, smoothed differently) is the
    same text, a pixel or more apart is not."""
    w1, h1, rows1 = png_pixels(one)
    w2, h2, rows2 = png_pixels(other)
    assert (w1, h1) == (w2, h2)
    step = len(rows1[0]) // w1

    def alike(a: bytes, x: int, b: bytes, y: int) -> bool:
        return 0 <= y < len(b) and max(abs(a[x + k] - b[y + k]) for k in range(3)) <= 128

    apart = 0
    for r1, r2 in zip(rows1, rows2, strict=True):
        for a, b in ((r1, r2), (r2, r1)):
            for x in range(0, len(a), step):
                if not any(alike(a, x, b, x + dx) for dx in (0, -step, step)):
                    apart += 1
    return apart


# Shows the text of one layer only, in black: the mirror behind the textarea
# (its marks included), the textarea itself, or "none"; "page" puts the page
# back as it was. Styles are set through the CSSOM, which the Content
# Security Policy allows (no style attribute is written in any markup).
SHOW_LAYER = """(layer) => {
  const draft = document.getElementById("draft");
  const mirror = document.getElementById("backdrop");
  const layers = [[draft], [mirror, ...mirror.querySelectorAll("mark")]];
  for (const [i, els] of layers.entries()) {
    for (const el of els) {
      if (layer === "page") el.style.removeProperty("color");
      else el.style.color = layer === ["textarea", "mirror"][i] ? "rgb(0, 0, 0)" : "transparent";
    }
  }
  draft.style.caretColor = layer === "page" ? "" : "transparent";
}"""


# -------------------------------------------------------------------- tests


def test_paste_highlights_exactly_the_words(visit: Visit) -> None:
    page = visit.page
    text = (
        "😃😀 Our report said offenders shared child pornography online.\n"
        "Résumé: the café’s 😉 kiddie porn headline was\twithdrawn.\n"
    )
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("(text) => navigator.clipboard.writeText(text)", text)
    visit.draft.focus()
    page.keyboard.press("Control+V")
    visit.wait_count("2 findings (2 errors)")
    assert visit.draft.input_value() == text
    assert visit.marks() == ["child pornography", "kiddie porn"]
    # each mark starts after exactly the text before the words: the mirror
    # holds the text as it is, and the marks cut it at the server's offsets
    before = page.evaluate(
        """() => [...document.querySelectorAll("#backdrop mark")].map((mark) => {
             const range = document.createRange();
             range.setStart(document.getElementById("backdrop"), 0);
             range.setEndBefore(mark);
             return range.toString();
           })"""
    )
    assert before == [
        text[: text.index("child pornography")],
        text[: text.index("kiddie porn")],
    ]
    assert page.locator("#backdrop").text_content() == text
    # and the mirror is laid out as the textarea is: the same words on the
    # same pixels, so each highlight lies under its words and nothing else
    visit.draft.evaluate("(el) => { el.setSelectionRange(0, 0); el.blur(); }")
    box = page.locator("#backdrop").bounding_box()
    clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": 120}
    shots = {}
    for layer in ("mirror", "textarea", "none", "page"):
        page.evaluate(SHOW_LAYER, layer)
        shots[layer] = page.screenshot(clip=clip)
    assert pixels_apart(shots["mirror"], shots["textarea"]) == 0
    assert pixels_apart(shots["mirror"], shots["none"]) > 1000  # the text was drawn
    assert pixels_apart(shots["page"], shots["textarea"]) == 0  # and is so on the page
    geometry = page.evaluate(
        """() => {
             const t = document.getElementById("draft");
             const b = document.getElementById("backdrop");
             const r = (el) => el.getBoundingClientRect();
             return {same: [r(t).x, r(t).width] + "" === [r(b).x, r(b).width] + "",
                     scrolls: t.scrollHeight > t.clientHeight || t.scrollTop > 0};
           }"""
    )
    assert geometry == {"same": True, "scrolls": False}
    visit.screenshot("serve-page.png")


def test_highlights_follow_typing_and_checks_are_debounced(visit: Visit) -> None:
    page = visit.page
    visit.draft.click()
    sentence = "Police seized kiddie porn and child erotica in the raid."
    page.keyboard.type(sentence, delay=15)
    visit.wait_count("2 findings (1 error, 1 warning)")
    assert visit.marks() == ["kiddie porn", "child erotica"]
    checks = [u for u in visit.requests if u.endswith("/api/check")]
    assert 1 <= len(checks) < len(sentence) // 4  # not one per keystroke
    # typing before the words moves their highlights with them at once
    visit.draft.press("Home")
    page.keyboard.type("Yesterday ")
    assert visit.marks() == ["kiddie porn", "child erotica"]
    # typing inside the words drops their highlight until the check says
    visit.draft.evaluate(
        "(el) => el.setSelectionRange(el.value.indexOf('porn'), el.value.indexOf('porn'))"
    )
    page.keyboard.type("x")
    assert visit.marks() == ["child erotica"]
    visit.wait_count("1 finding (1 warning)")
    page.keyboard.press("Backspace")
    visit.wait_count("2 findings (1 error, 1 warning)")
    assert visit.marks() == ["kiddie porn", "child erotica"]
    assert visit.draft.input_value() == "Yesterday " + sentence


def test_a_finding_is_explained_on_click_and_on_keyboard_focus(visit: Visit) -> None:
    page = visit.page
    visit.draft.fill("The seized files held child pornography.\nOne folder held child erotica.\n")
    visit.wait_count("2 findings (1 error, 1 warning)")
    explain = page.get_by_role("region", name=re.compile("child pornography"))
    findings = page.locator("#findings .finding")
    assert findings.count() == 2
    assert not page.locator("#explain").is_visible()

    findings.nth(0).click()
    explain.wait_for(timeout=WAIT_MS)
    rule = get_json(visit.base, "/api/rules/child-pornography")
    page.locator("#explain-rationale").filter(has_text=rule["rationale"]).wait_for(timeout=WAIT_MS)
    text = explain.inner_text()
    assert "Line 1, column 23: “child pornography”" in text
    assert rule["preferred"][0] in text
    first_source = re.sub(r"\s*<https?://[^>]*>$", "", rule["sources"][0])
    assert first_source in text
    sources = explain.get_by_role("listitem").filter(has_text=first_source)
    assert sources.count() >= 1
    assert page.locator("#backdrop mark.active").inner_text() == "child pornography"
    visit.screenshot("serve-page-explain.png")

    # by keyboard: Tab from the draft reaches the findings, focus explains
    visit.draft.focus()
    page.keyboard.press("Escape")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('finding')") and (
            "child erotica" in page.evaluate("document.activeElement.textContent")
        ):
            break
    else:
        raise AssertionError("the second finding was not reached by Tab")
    second = page.get_by_role("region", name=re.compile("child erotica"))
    second.wait_for(timeout=WAIT_MS)
    rule = get_json(visit.base, "/api/rules/child-erotica")
    page.locator("#explain-rationale").filter(has_text=rule["rationale"]).wait_for(timeout=WAIT_MS)
    assert "Line 2, column 17: “child erotica”" in second.inner_text()
    assert page.locator("#backdrop mark.active").inner_text() == "child erotica"
    # Enter moves into the explanation; Escape closes it and goes back
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "explain-title"
    page.keyboard.press("Escape")
    assert not page.locator("#explain").is_visible()
    assert "child erotica" in page.evaluate("document.activeElement.textContent")
    # each rule was asked for once: explanations are kept
    findings.nth(0).click()
    explain.wait_for(timeout=WAIT_MS)
    asked = [u for u in visit.requests if "/api/rules/" in u]
    assert sorted(asked) == [
        visit.base + "/api/rules/child-erotica",
        visit.base + "/api/rules/child-pornography",
    ]
    # a click in the draft on highlighted words explains them too
    page.locator("#explain-close").click()
    box = page.locator("#backdrop mark").nth(1).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    second.wait_for(timeout=WAIT_MS)


def test_apply_one_apply_all_and_download(visit: Visit) -> None:
    page = visit.page
    text = (
        "Child pornography was traded on the forum.\n"
        "A KIDDIE PORN ring 😀 was named in court.\n"
        "The report called her a child prostitute.\n"
    )
    visit.draft.fill(text)
    visit.wait_count("3 findings (3 errors)")
    # the one not fixable has no Apply button
    assert page.get_by_role("button", name=re.compile("^Apply: ")).count() == 2

    page.get_by_role(
        "button", name="Apply: replace “KIDDIE PORN” with “child sexual abuse material”"
    ).click()
    visit.wait_count("2 findings (2 errors)")
    once = text.replace("KIDDIE PORN", "CHILD SEXUAL ABUSE MATERIAL")  # its case kept
    assert visit.draft.input_value() == once
    assert visit.marks() == ["Child pornography", "child prostitute"]
    replaced = "Replaced “KIDDIE PORN” with “CHILD SEXUAL ABUSE MATERIAL”."
    page.locator("#notice").filter(has_text=replaced).wait_for(timeout=WAIT_MS)

    expected = post_json(visit.base, "/api/fix", {"text": once})
    page.get_by_role("button", name="Apply all safe fixes").click()
    visit.wait_count("1 finding (1 error)")
    fixed = visit.draft.input_value()
    assert fixed == expected["text"]
    assert fixed.startswith("Child sexual abuse material was traded")
    assert visit.marks() == ["child prostitute"]
    page.locator("#notice").filter(has_text="Applied 1 safe fix.").wait_for(timeout=WAIT_MS)
    assert page.get_by_role("button", name="Apply all safe fixes").is_disabled()
    visit.screenshot("serve-page-fixed.png")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download fixed text").click()
    assert download.value.suggested_filename == "draft.txt"
    assert Path(download.value.path()).read_text(encoding="utf-8") == fixed


def test_open_a_markdown_file_and_download_it_by_its_name(visit: Visit, tmp_path: Path) -> None:
    page = visit.page
    source = tmp_path / "notes.md"
    source.write_bytes(
        "# Notes 😀\r\n\r\nThe `child porn` code is quoted; child porn is not.\r\n".encode()
    )
    page.get_by_label("Open a file").set_input_files(str(source))
    visit.wait_count("1 finding (1 error)")
    assert page.locator("#doc-name").inner_text() == "notes.md"
    assert visit.marks() == ["child porn"]
    page.get_by_role("button", name="Apply all safe fixes").click()
    visit.wait_count("No findings")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download fixed text").click()
    assert download.value.suggested_filename == "notes.md"
    assert (
        Path(download.value.path()).read_bytes()
        == (
            "# Notes 😀\r\n\r\nThe `child porn` code is quoted; child sexual abuse material is not.\r\n"
        ).encode()
    )


def test_open_a_word_document_and_download_its_reviewed_copy(visit: Visit, tmp_path: Path) -> None:
    page = visit.page
    memo = build(
        tmp_path / "memo.docx",
        [
            para(text_run("The memo called the seized files child porn.")),
            para(text_run("Nothing to change in this paragraph.")),
            para(
                text_run("Officers logged the "), text_run("kiddie", "<w:b/>"), text_run(" porn.")
            ),
        ],
        footnote="The footnote speaks of child pornography.",
    )
    page.get_by_label("Open a file").set_input_files(str(memo))
    visit.wait_count("3 findings (3 errors)")
    assert page.locator("#doc-name").inner_text() == "memo.docx"
    assert visit.draft.get_attribute("readonly") is not None
    assert visit.draft.input_value().split("\n")[:3] == [
        "The memo called the seized files child porn.",
        "Nothing to change in this paragraph.",
        "Officers logged the kiddie porn.",
    ]
    assert visit.marks() == ["child porn", "kiddie porn", "child pornography"]
    places = [p.inner_text() for p in page.locator("#findings .finding .where").all()]
    assert places == ["Paragraph 1", "Paragraph 3", "Footnote 1"]
    # a Word document is changed in its reviewed copy, not here
    assert page.get_by_role("button", name=re.compile("^Apply")).count() == 0
    page.locator("#findings .finding").nth(1).click()
    excerpt = page.locator("#explain-excerpt")
    assert excerpt.inner_text() == "Officers logged the kiddie porn."
    assert excerpt.locator("mark").inner_text() == "kiddie porn"
    visit.screenshot("serve-page-docx.png")

    page.get_by_label("Reviewer name").fill("A. Reviewer")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download reviewed copy").click()
    assert download.value.suggested_filename.endswith(".docx")
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        comments = package.read("word/comments.xml").decode()
        body = package.read("word/document.xml").decode()
    assert comments.count("<w:comment ") >= 2
    assert 'w:author="A. Reviewer"' in comments
    assert "<w:del " in body and "<w:ins " in body

    page.get_by_role("button", name="Close the document").click()
    visit.wait_count("No findings")
    assert visit.draft.get_attribute("readonly") is None
    assert page.locator("#doc-name").inner_text() == "draft.txt"


def test_controls_have_names_and_the_count_is_announced(visit: Visit) -> None:
    page = visit.page
    visit.draft.fill("The seized files held child pornography and child erotica.")
    visit.wait_count("2 findings (1 error, 1 warning)")
    page.locator("#findings .finding").first.click()
    page.locator("#explain-rationale").filter(has_text=re.compile(r"\w{4}")).wait_for()
    # every control the page shows is named (textbox, buttons, file input)
    tree = page.locator("body").aria_snapshot()
    controls = [
        line.strip()
        for line in tree.splitlines()
        if re.match(r"\s*- (button|textbox|checkbox|combobox|link)\b", line)
    ]
    assert controls and all(re.match(r'- \w+ "[^"]+"', c) for c in controls), controls
    for name in ["Apply all safe fixes", "Download fixed text", "Close the explanation"]:
        assert page.get_by_role("button", name=name).count() == 1
    assert page.get_by_role("textbox", name="Draft").count() == 1
    assert page.get_by_label("Open a file").get_attribute("type") == "file"
    # the findings carry their severity in words, not by colour alone
    rows = [r.inner_text() for r in page.locator("#findings .finding").all()]
    assert rows[0].startswith("✖ Error") and rows[1].startswith("▲ Warning")
    # the count is a polite live region
    count = page.locator("#count")
    assert count.get_attribute("role") == "status"
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == "2 findings (1 error, 1 warning)"
    visit.draft.fill("Nothing to see in this sentence.")
    visit.wait_count("No findings")
    # nothing of the text was kept in the browser's storage
    stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""]


def test_a_late_answer_never_replaces_a_newer_one(visit: Visit) -> None:
    page = visit.page
    held: list[Any] = []

    def hold_the_first(route: Any) -> None:
        if not held and "first draft" in (route.request.post_data or ""):
            held.append(route)  # answered later, or never
        else:
            route.continue_()

    page.route("**/api/check", hold_the_first)
    visit.draft.fill("A first draft about child pornography.")
    page.wait_for_function("() => document.getElementById('busy').hidden === false")
    assert held
    visit.draft.fill("A second text, and its kiddie porn.")
    visit.wait_count("1 finding (1 error)")
    assert visit.marks() == ["kiddie porn"]
    # the first answer comes now (if the page still waits for it): it changes nothing
    with contextlib.suppress(Exception):
        held[0].continue_()
    page.wait_for_timeout(500)
    assert visit.marks() == ["kiddie porn"]
    assert page.locator("#count").inner_text() == "1 finding (1 error)"
    page.unroute("**/api/check")


def test_a_server_with_a_token_is_asked_for_it(
    browser: Any, termlint_bin: str, tmp_path: Path
) -> None:
    server = servers.start(termlint_bin, "--token", "s3cret-page-token", cwd=tmp_path)
    try:
        visit = Visit(browser, server.url, ready=False)
        page = visit.page
        field = page.get_by_label("Access token")
        field.wait_for(timeout=WAIT_MS)
        assert field.get_attribute("type") == "password"
        assert page.evaluate("document.activeElement.id") == "token"
        field.fill("not-the-token")
        page.get_by_role("button", name="Use the token").click()
        page.locator("#token-help").filter(has_text="was not accepted").wait_for(timeout=WAIT_MS)
        field.fill("s3cret-page-token")
        page.get_by_role("button", name="Use the token").click()
        page.locator("#rules-info").filter(has_text="rules").wait_for(timeout=WAIT_MS)
        assert not page.locator("#token-form").is_visible()
        visit.draft.fill("Officers found child pornography.")
        visit.wait_count("1 finding (1 error)")
        stored = page.evaluate(
            "() => [localStorage.length, sessionStorage.getItem('termlint-token')]"
        )
        assert stored == [0, "s3cret-page-token"]
        visit.errors = [e for e in visit.errors if "401" not in e]  # the refused requests
        visit.close()
    finally:
        server.stop()


# A French paragraph and an English one, each with a term of its language.
BILINGUAL = (
    "Le rapport de l'association décrit la prostitution enfantine dans trois villes "
    "portuaires du pays.\n"
    "\n"
    "The report also found child porn shared on a forum that the police had closed "
    "last year.\n"
)


def test_the_language_is_chosen_and_sent_with_each_check(
    browser: Any, termlint_bin: str, tmp_path: Path
) -> None:
    """A server with the French pack: the page offers Automatic and the
    languages of /v2/languages, and sends the one chosen with each check, fix,
    opened file and reviewed copy."""
    server = servers.start(termlint_bin, "--with", "fr", cwd=tmp_path)
    try:
        visit = Visit(browser, server.url)
        page = visit.page
        sent: list[tuple[str, str]] = []
        page.on(
            "request",
            lambda r: (
                r.method == "POST"
                and sent.append((r.url, (r.post_data_buffer or b"").decode("utf-8", "replace")))
            ),
        )

        def last_sent(path: str) -> str:
            return [data for url, data in sent if url.endswith(path)][-1]

        selector = page.get_by_role("combobox", name="Language")
        options = page.locator("#language option")
        options.nth(2).wait_for(state="attached", timeout=WAIT_MS)
        offered = [(o.get_attribute("value"), o.inner_text()) for o in options.all()]
        assert offered == [
            ("auto", "Automatic (each paragraph)"),
            ("en", "English"),
            ("fr", "French"),
        ]
        served = {row["code"] for row in get_json(server.url, "/v2/languages")}
        assert {code for code, _ in offered[1:]} == served
        assert selector.input_value() == "auto"

        # automatic: each paragraph with the rules of its language
        visit.draft.fill(BILINGUAL)
        visit.wait_count("2 findings (2 errors)")
        assert visit.marks() == ["prostitution enfantine", "child porn"]
        assert json.loads(last_sent("/api/check"))["language"] == "auto"

        # French for the whole text: the English rules do not apply
        selector.select_option("fr")
        visit.wait_count("1 finding (1 error)")
        assert visit.marks() == ["prostitution enfantine"]
        assert json.loads(last_sent("/api/check"))["language"] == "fr"
        page.locator("#notice").filter(has_text="Checking in French.").wait_for(timeout=WAIT_MS)
        expected = post_json(server.url, "/api/fix", {"text": BILINGUAL, "language": "fr"})
        page.get_by_role("button", name="Apply all safe fixes").click()
        visit.wait_count("No findings")
        assert json.loads(last_sent("/api/fix"))["language"] == "fr"
        fixed = visit.draft.input_value()
        assert fixed == expected["text"]
        assert "décrit l'exploitation sexuelle des enfants dans la prostitution" in fixed
        assert "found child porn shared" in fixed

        # English for the whole text
        selector.select_option("en")
        visit.wait_count("1 finding (1 error)")
        assert visit.marks() == ["child porn"]
        assert json.loads(last_sent("/api/check"))["language"] == "en"

        # a file opened in the language chosen (automatic would find two)
        notes = tmp_path / "notes.md"
        notes.write_text(BILINGUAL, encoding="utf-8")
        page.get_by_label("Open a file").set_input_files(str(notes))
        visit.wait_count("1 finding (1 error)")
        assert visit.marks() == ["child porn"]
        # a Word document: checked again when the language changes, and
        # reviewed in the language chosen
        paragraphs = [p for p in BILINGUAL.split("\n") if p]
        memo = build(tmp_path / "memo.docx", [para(text_run(p)) for p in paragraphs])
        page.get_by_label("Open a file").set_input_files(str(memo))
        visit.wait_count("1 finding (1 error)")
        assert visit.marks() == ["child porn"]
        selector.select_option("fr")
        marked = page.locator("#backdrop mark").filter(has_text="prostitution")
        marked.wait_for(state="attached", timeout=WAIT_MS)
        visit.wait_count("1 finding (1 error)")
        assert visit.marks() == ["prostitution enfantine"]
        with page.expect_download() as download:
            page.get_by_role("button", name="Download reviewed copy").click()
        with zipfile.ZipFile(download.value.path()) as package:
            comments = package.read("word/comments.xml").decode()
            body = package.read("word/document.xml").decode()
        assert comments.count("<w:comment ") == 1 and "fr-prostitution-enfantine" in comments
        assert "exploitation sexuelle des enfants" in body and "child porn" in body
        selector.select_option("auto")
        visit.wait_count("2 findings (2 errors)")
        assert visit.marks() == ["prostitution enfantine", "child porn"]
        visit.screenshot("serve-page-language.png")
        visit.close()
    finally:
        server.stop()


def test_an_english_server_offers_english(visit: Visit) -> None:
    options = visit.page.locator("#language option")
    options.nth(1).wait_for(state="attached", timeout=WAIT_MS)
    assert [o.get_attribute("value") for o in options.all()] == ["auto", "en"]
