"""The UNO side of ``tests/libreoffice.py``: run by the system Python (the one
that has LibreOffice's ``uno`` module, ``/usr/bin/python3`` on Debian), never
imported by the tests themselves.

    python3 lo_uno.py CONNECTION JOBS.json RESULTS.json

CONNECTION is a UNO connection string without its protocol part, as the
running ``soffice`` accepts it (``pipe,name=termlint_lo_1`` or
``socket,host=127.0.0.1,port=2002``). JOBS.json is a list of jobs, each an
object with an ``op``:

* ``{"op": "ping", "wait": 60}``: connect, retrying for up to ``wait`` seconds;
* ``{"op": "inspect", "path": ..., "accept": true, "save_as": ...}``: open the
  document, report its tracked changes, comments and text, accept every
  tracked change (``.uno:AcceptAllTrackedChanges``, as Edit > Track Changes >
  Accept All), report the text again, and save the accepted document if asked
  (the filter follows the extension: ``.docx``, ``.odt``, ``.txt``);
* ``{"op": "quit"}``: ask LibreOffice to terminate.

RESULTS.json gets one object per job, in order; a job that failed has
``"error"``. The script writes nothing else anywhere.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]  # the system Python's, from python3-uno
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

#: Export filters by extension.
FILTERS = {
    ".docx": "MS Word 2007 XML",
    ".odt": "writer8",
    ".txt": "Text (encoded)",
}


def props(**values: Any) -> tuple[Any, ...]:
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name = name
        p.Value = value
        out.append(p)
    return tuple(out)


def connect(connection: str, wait: float) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + wait
    while True:
        try:
            return resolver.resolve(f"uno:{connection};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def url(path: str) -> str:
    return uno.systemPathToFileUrl(str(Path(path).resolve()))


# --- text ---------------------------------------------------------------------


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as its portions give it, without the labels of
    footnote and endnote anchors (text a reader does not type)."""
    parts = []
    enum = paragraph.createEnumeration()
    while enum.hasMoreElements():
        portion = enum.nextElement()
        if portion.getPropertyValue("TextPortionType") != "Footnote":
            parts.append(portion.getString())
    return "".join(parts)


def paragraphs(text: Any) -> list[str]:
    """The paragraphs of a text (body, cell, note, header), in order; a
    table's cells row by row, each cell's paragraphs in turn."""
    out: list[str] = []
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append(paragraph_text(element))
        elif element.supportsService("com.sun.star.text.TextTable"):
            for name in element.getCellNames():
                out.extend(paragraphs(element.getCellByName(name)))
    return out


def tables(doc: Any) -> list[list[list[str]]]:
    """Each table's cells (row by row) as lists of paragraphs."""
    out = []
    access = doc.getTextTables()
    for i in range(access.getCount()):
        table = access.getByIndex(i)
        out.append([paragraphs(table.getCellByName(n)) for n in table.getCellNames()])
    return out


def notes(access: Any) -> list[list[str]]:
    return [paragraphs(access.getByIndex(i)) for i in range(access.getCount())]


def headers_footers(doc: Any) -> dict[str, list[list[str]]]:
    """The headers and footers that are switched on, page style by page
    style, each as paragraphs (a first-page or left-page variant counts on its
    own when it differs). Every page style counts, used or not: a document
    loaded without a view has no layout to tell which are used."""
    out: dict[str, list[list[str]]] = {"headers": [], "footers": []}
    styles = doc.getStyleFamilies().getByName("PageStyles")
    for name in styles.getElementNames():
        style = styles.getByName(name)
        for kind, key in (("headers", "Header"), ("footers", "Footer")):
            if not style.getPropertyValue(f"{key}IsOn"):
                continue
            seen: list[list[str]] = []
            for variant in ("", "First", "Left"):
                try:
                    text = style.getPropertyValue(f"{key}Text{variant}")
                except Exception:  # an older LibreOffice lacks a variant
                    continue
                if text is None:
                    continue
                paras = paragraphs(text)
                if paras not in seen:
                    seen.append(paras)
            out[kind].extend(seen)
    return out


def frames(doc: Any) -> list[list[str]]:
    access = doc.getTextFrames()
    return [paragraphs(access.getByIndex(i)) for i in range(access.getCount())]


def text_of(doc: Any) -> dict[str, Any]:
    return {
        "paragraphs": paragraphs(doc.getText()),
        "tables": tables(doc),
        "footnotes": notes(doc.getFootnotes()),
        "endnotes": notes(doc.getEndnotes()),
        "frames": frames(doc),
        **headers_footers(doc),
    }


# --- tracked changes and comments -------------------------------------------------


def when(value: Any) -> str:
    try:
        return (
            f"{value.Year:04d}-{value.Month:02d}-{value.Day:02d}"
            f"T{value.Hours:02d}:{value.Minutes:02d}:{value.Seconds:02d}"
        )
    except AttributeError:
        return ""


def range_text(start: Any, end: Any) -> str | None:
    try:
        cursor = start.getText().createTextCursorByRange(start)
        cursor.gotoRange(end, True)
        return cursor.getString()
    except Exception:  # a change that spans texts (a table, a note)
        return None


def paragraph_of(anchor: Any) -> str | None:
    """The text of the paragraph ``anchor`` starts in (as :func:`paragraph_text`)."""
    try:
        cursor = anchor.getText().createTextCursorByRange(anchor.getStart())
        return paragraph_text(cursor.getPropertyValue("TextParagraph"))
    except Exception:  # a range that is not in a paragraph
        return None


def redlines(doc: Any) -> list[dict[str, Any]]:
    out = []
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        r = enum.nextElement()
        start = r.getPropertyValue("RedlineStart")
        end = r.getPropertyValue("RedlineEnd")
        out.append(
            {
                "type": r.getPropertyValue("RedlineType"),
                "author": r.getPropertyValue("RedlineAuthor"),
                "date": when(r.getPropertyValue("RedlineDateTime")),
                "comment": r.getPropertyValue("RedlineComment"),
                "text": range_text(start, end),
                "paragraph": paragraph_of(start),
                "in_header_footer": bool(r.getPropertyValue("IsInHeaderFooter")),
            }
        )
    return out


def comments(doc: Any) -> list[dict[str, Any]]:
    out = []
    enum = doc.getTextFields().createEnumeration()
    while enum.hasMoreElements():
        f = enum.nextElement()
        if not f.supportsService("com.sun.star.text.textfield.Annotation"):
            continue
        anchor = f.getAnchor()
        info = f.getPropertySetInfo()

        def get(name: str, default: Any = None, f: Any = f, info: Any = info) -> Any:
            return f.getPropertyValue(name) if info.hasPropertyByName(name) else default

        out.append(
            {
                "author": get("Author", ""),
                "initials": get("Initials", ""),
                "date": when(get("DateTimeValue")),
                "content": get("Content", ""),
                "anchor": anchor.getString(),
                "paragraph": paragraph_of(anchor),
                "name": get("Name", ""),
                "parent": get("ParentName", ""),
                "resolved": bool(get("Resolved", False)),
            }
        )
    return out


# --- jobs -----------------------------------------------------------------------

#: Import filters by extension; other files go by LibreOffice's type detection.
IMPORT_FILTERS = {
    ".docx": "MS Word 2007 XML",
    ".odt": "writer8",
    ".fodt": "OpenDocument Text Flat XML",
}


def load_model(ctx: Any, path: str) -> Any:
    """The document as a model without a view.

    The no-GUI build of LibreOffice (Debian's ``libreoffice-writer-nogui``)
    has no dialog definitions (``.ui`` files). A view of a document with
    comments lays the comments out in the margin in windows built from
    ``annotation.ui``, and without it LibreOffice aborts. So the document is
    loaded without a view, its comments read and removed, and only then
    shown in a (hidden) view, to accept its changes as a user would.
    """
    smgr = ctx.ServiceManager
    filter_name = IMPORT_FILTERS.get(Path(path).suffix.lower())
    if filter_name is None:
        detection = smgr.createInstanceWithContext("com.sun.star.document.TypeDetection", ctx)
        kind = detection.queryTypeByURL(url(path))
        filter_name = {p.Name: p.Value for p in detection.getByName(kind)}.get("PreferredFilter")
    doc = smgr.createInstanceWithContext("com.sun.star.text.TextDocument", ctx)
    doc.load(props(URL=url(path), FilterName=filter_name or ""))
    return doc


def remove_comments(doc: Any) -> int:
    """Remove every comment (with change recording off, so that removing is
    not itself a change); how many there were."""
    doc.setPropertyValue("RecordChanges", False)
    fields = []
    enum = doc.getTextFields().createEnumeration()
    while enum.hasMoreElements():
        f = enum.nextElement()
        if f.supportsService("com.sun.star.text.textfield.Annotation"):
            fields.append(f)
    for f in fields:
        f.dispose()
    return len(fields)


def show(desktop: Any, doc: Any) -> Any:
    """Give a model loaded without a view a hidden frame; its frame."""
    desktop.loadComponentFromURL("private:object", "_blank", 0, props(Model=doc, Hidden=True))
    controller = doc.getCurrentController()
    if controller is None:
        raise RuntimeError("LibreOffice gave the document no view")
    return controller.getFrame()


def store(ctx: Any, doc: Any, target: str, comments_removed: bool) -> None:
    """Save ``doc`` to ``target`` in the format its extension names.

    A removed comment leaves its range behind in the model, and the Word
    export writes that range (``w:commentRangeStart``, ``w:commentReference``)
    with no comment to go with it: a package LibreOffice itself then refuses
    to open. The OpenDocument export leaves it out, so a document that had
    comments goes to Word by way of an ``.odt`` copy.
    """
    suffix = Path(target).suffix.lower()
    if suffix == ".docx" and comments_removed:
        between = str(Path(target).with_name(Path(target).name + ".tmp.odt"))
        store(ctx, doc, between, comments_removed)
        clean = load_model(ctx, between)
        try:
            store(ctx, clean, target, False)
        finally:
            clean.close(True)
            Path(between).unlink()
        return
    if suffix not in FILTERS:
        raise ValueError(f"no export filter for {suffix!r}")
    options: dict[str, Any] = {"FilterName": FILTERS[suffix], "Overwrite": True}
    if suffix == ".txt":
        options["FilterOptions"] = "UTF8,LF"
    doc.storeToURL(url(target), props(**options))


def inspect(ctx: Any, desktop: Any, job: dict[str, Any]) -> dict[str, Any]:
    doc = load_model(ctx, job["path"])
    try:
        result: dict[str, Any] = {
            "path": job["path"],
            "record_changes": bool(doc.getPropertyValue("RecordChanges")),
            "redlines": redlines(doc),
            "comments": comments(doc),
            "before": text_of(doc),
        }
        if job.get("accept", True):
            removed = remove_comments(doc) > 0
            frame = show(desktop, doc)
            dispatcher = ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.DispatchHelper", ctx
            )
            dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
            result["redlines_after"] = len(redlines(doc))
            result["after"] = text_of(doc)
            if job.get("save_as"):
                store(ctx, doc, job["save_as"], removed)
        return result
    finally:
        doc.close(True)


def main() -> int:
    connection, jobs_path, results_path = sys.argv[1:4]
    jobs = json.loads(Path(jobs_path).read_text(encoding="utf-8"))
    wait = max((j.get("wait", 0) for j in jobs), default=0)
    results: list[dict[str, Any]] = []
    try:
        ctx = connect(connection, wait)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    except Exception:  # reported to the caller
        results = [{"error": "no connection: " + traceback.format_exc(limit=1)} for _ in jobs]
        Path(results_path).write_text(json.dumps(results), encoding="utf-8")
        return 1
    for job in jobs:
        try:
            if job["op"] == "ping":
                results.append({"ok": True})
            elif job["op"] == "inspect":
                results.append(inspect(ctx, desktop, job))
            elif job["op"] == "quit":
                with contextlib.suppress(Exception):  # the bridge goes as LibreOffice does
                    desktop.terminate()
                results.append({"ok": True})
            else:
                results.append({"error": f"unknown op {job['op']!r}"})
        except Exception:  # reported to the caller
            results.append({"error": traceback.format_exc()})
    Path(results_path).write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
