"""``--format html``: one self-contained HTML page for editors and authors.

No external assets: styles, script and chart are inline, so the page reads
offline. It has a summary (counts per severity, per rule and per file), an
overview chart of findings by rule (inline SVG), and each file's text with
its findings highlighted. Hovering a highlight shows its message; clicking it
(or focusing it and pressing Enter) opens the explanation: rule, severity,
message, preferred terms, rationale and sources.

Highlights come from the findings' offsets into the original text; the
reporter never reads or parses a file. Overlapping findings share one
highlight, and the explanation lists them all.

A word-processor document (DOCX, ODT), where a line is a paragraph, also gets
a table of its findings: each one's place (``footnote 2``: the part of the
document and the paragraph's number within it), an excerpt of the paragraph
with the words marked, the rule and the message.

In a run that tells languages apart (packs written for more than one
language, or ``--language``), a finding of a rule written for one language
shows that language: a small tag (``fr``, its name on hover and for screen
readers) in the explanation and the table, and a ``lang`` attribute on its
highlighted words and its excerpt, so that a screen reader reads them in
that language, not in the page's English.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from .. import __version__
from ..findings import Finding
from ..places import Excerpt, Place
from . import Report

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header,main{max-width:70rem;margin:auto;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .7rem;text-align:left;
border-bottom:1px solid #ddd}td.n{text-align:right;font-variant-numeric:tabular-nums}
pre.doc{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #ddd;
padding:1rem;font:14px/1.6 ui-monospace,monospace}
mark{cursor:pointer;border-radius:2px;padding:0 1px}
mark.error{background:#ffc9c9}mark.warning{background:#ffe3a3}
mark.suggestion{background:#cfe3ff}mark.info{background:#e3e3e3}
mark:focus,mark.active{outline:2px solid #1b1b1b}
#explain{position:fixed;right:1rem;bottom:1rem;max-width:28rem;max-height:60vh;overflow:auto;
background:#fff;border:1px solid #888;box-shadow:0 2px 12px #0003;padding:.8rem 1rem;display:none}
#explain.open{display:block}#explain h3{margin:.2rem 0;font-size:1rem}
#explain .close{float:right;border:0;background:none;font-size:1.2rem;cursor:pointer}
.sev{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
.lang{font-size:.75rem;border:1px solid #888;border-radius:3px;padding:0 .3rem;
margin-left:.4rem;text-transform:none;letter-spacing:0}
svg text{font:12px system-ui,sans-serif}
table.places td.where{white-space:nowrap}
"""

SCRIPT = """
const data = JSON.parse(document.getElementById('termlint-data').textContent);
const box = document.getElementById('explain');
const body = box.querySelector('.body');
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
function show(mark) {
  document.querySelectorAll('mark.active').forEach(m => m.classList.remove('active'));
  mark.classList.add('active');
  body.replaceChildren();
  for (const i of mark.dataset.findings.split(' ')) {
    const f = data.findings[+i];
    const rule = data.rules[f.rule] || {};
    const section = el('section');
    section.className = 'finding';
    const where = f.place ? f.place : 'line ' + f.line;
    const head = el('div', f.severity + ' \u00b7 ' + where + ', column ' + f.column, 'sev');
    if (f.language) {
      const tag = el('span', f.language, 'lang');
      tag.title = f.language_name;
      tag.setAttribute('aria-label', 'in ' + f.language_name);
      head.append(' ', tag);
    }
    section.append(el('h3', f.rule), head, el('p', f.message));
    const words = el('p', f.text, 'text');
    if (f.language) words.lang = f.language;
    section.append(words);
    if (f.excerpt) {
      const excerpt = el('p', f.excerpt, 'excerpt');
      if (f.language) excerpt.lang = f.language;
      section.append(excerpt);
    }
    if (f.note) section.append(el('p', f.note));
    if (rule.preferred && rule.preferred.length)
      section.append(el('p', 'Preferred: ' + rule.preferred.join('; '), 'preferred'));
    if (rule.rationale) section.append(el('p', rule.rationale, 'rationale'));
    if (rule.sources && rule.sources.length) {
      const list = el('ul', undefined, 'sources');
      for (const s of rule.sources) list.append(el('li', s));
      section.append(el('p', 'Sources:'), list);
    }
    body.append(section);
  }
  box.classList.add('open');
}
document.querySelectorAll('mark[data-findings]').forEach(m => {
  m.addEventListener('click', () => show(m));
  m.addEventListener('keydown', e => { if (e.key === 'Enter') show(m); });
});
box.querySelector('.close').addEventListener('click', () => box.classList.remove('open'));
"""


#: Names of the languages of termlint's packs, for a finding's language tag.
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "nl": "Dutch",
    "pt": "Portuguese",
    "it": "Italian",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _lang(language: str | None) -> str:
    """A ``lang`` attribute (with its leading space), or nothing."""
    return f' lang="{escape(language)}"' if language else ""


def _lang_tag(language: str | None) -> str:
    """The small tag that names a finding's language (after a space), or nothing."""
    if not language:
        return ""
    name = escape(language_name(language))
    return f' <span class="lang" title="{name}" aria-label="in {name}">{escape(language)}</span>'


@dataclass
class _Mark:
    start: int
    end: int
    severity: str
    indices: list[int]
    messages: list[str]
    #: The language of its findings, if they have one and the same.
    language: str | None = None


def _highlighted(text: str, findings: list[tuple[int, Finding]]) -> str:
    """``text`` escaped, with a ``<mark>`` around each finding's span;
    overlapping findings share one mark."""
    marks: list[_Mark] = []
    for i, f in sorted(findings, key=lambda x: (x[1].offset, -x[1].end_offset)):
        if marks and f.offset < marks[-1].end:
            marks[-1].end = max(marks[-1].end, f.end_offset)
            marks[-1].indices.append(i)
            marks[-1].messages.append(f.message)
            if marks[-1].language != f.language:
                marks[-1].language = None
        else:
            marks.append(_Mark(f.offset, f.end_offset, f.severity, [i], [f.message], f.language))
    out: list[str] = []
    pos = 0
    for m in marks:
        out.append(escape(text[pos : m.start]))
        ids = " ".join(map(str, m.indices))
        out.append(
            f'<mark class="{m.severity}" tabindex="0" data-findings="{ids}"{_lang(m.language)} '
            f'title="{escape(" / ".join(m.messages))}">{escape(text[m.start : m.end])}</mark>'
        )
        pos = m.end
    out.append(escape(text[pos:]))
    return "".join(out)


def _places_table(findings: list[tuple[int, Finding, tuple[Place, Excerpt] | None]]) -> str:
    """The findings of a word-processor document, one row each: the place,
    the excerpt with the span marked, the rule and the message ("" for
    other documents)."""
    rows = []
    for i, f, where in findings:
        if where is None:
            continue
        place, ex = where
        mark = (
            f'<mark class="{f.severity}" tabindex="0" data-findings="{i}" '
            f'title="{escape(f.message)}">{escape(ex.span)}</mark>'
        )
        rows.append(
            f'<tr><td class="where">{escape(place.label())}{_lang_tag(f.language)}</td>'
            f'<td class="excerpt"{_lang(f.language)}>{escape(ex.before)}{mark}'
            f"{escape(ex.after)}</td>"
            f"<td>{escape(f.rule)}</td><td>{escape(f.message)}</td></tr>"
        )
    if not rows:
        return ""
    return (
        '<table class="places"><tr><th>where</th><th>excerpt</th><th>rule</th>'
        f"<th>message</th></tr>{''.join(rows)}</table>"
    )


def _chart(by_rule: list[tuple[str, int]]) -> str:
    if not by_rule:
        return ""
    top = max(n for _, n in by_rule)
    row, label, width = 22, 230, 420
    height = row * len(by_rule) + 4
    bars = []
    for k, (rule, n) in enumerate(by_rule):
        y = k * row + 2
        w = max(2, round(width * n / top))
        bars.append(
            f'<text x="{label - 6}" y="{y + 15}" text-anchor="end">{escape(rule)}</text>'
            f'<rect x="{label}" y="{y + 3}" width="{w}" height="{row - 6}" fill="#c0392b">'
            f"<title>{escape(rule)}: {n}</title></rect>"
            f'<text x="{label + w + 5}" y="{y + 15}">{n}</text>'
        )
    return (
        f'<svg id="chart" role="img" aria-label="Findings by rule" width="{label + width + 60}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'
    )


def render(report: Report, *, color: bool = False) -> str:
    active = report.active()
    rules = report.rules or {}
    by_rule: dict[str, int] = {}
    by_file: dict[str, int] = dict.fromkeys(report.paths, 0)
    for f in active:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        by_file[f.path] = by_file.get(f.path, 0) + 1
    ranked = sorted(by_rule.items(), key=lambda x: (-x[1], x[0]))
    data_rules = {}
    for rid in by_rule:
        rule = rules.get(rid)
        data_rules[rid] = {
            "summary": rule.summary if rule else rid,
            "rationale": rule.rationale if rule else "",
            "preferred": list(rule.replacements) if rule else [],
            "sources": report.citations(rule) if rule else [],
            "severity": rule.severity if rule else "",
        }
    places = [report.place(f) for f in active]
    findings = []
    for f, where in zip(active, places, strict=True):
        item: dict[str, object] = {
            "rule": f.rule,
            "severity": f.severity,
            "message": f.message,
            "note": f.note,
            "line": f.line,
            "column": f.column,
            "text": f.text,
        }
        if f.language is not None:
            item["language"] = f.language
            item["language_name"] = language_name(f.language)
        if where is not None:
            item["place"] = where[0].label()
            item["excerpt"] = str(where[1])
        findings.append(item)
    data = {"findings": findings, "rules": data_rules}
    counts = report.counts()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>termlint report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header><h1>termlint report</h1>",
        f'<p id="totals">{len(active)} findings in {report.files_checked} files: '
        + ", ".join(f"{n} {sev}" for sev, n in counts.items())
        + f". termlint {escape(__version__)}.</p></header><main>",
        '<section id="summary"><h2>Findings by rule</h2>',
        _chart(ranked),
        '<table id="by-rule"><tr><th>rule</th><th>severity</th><th>findings</th><th>'
        "summary</th></tr>",
    ]
    for rid, n in ranked:
        info = data_rules[rid]
        parts.append(
            f"<tr><td>{escape(rid)}</td><td>{escape(info['severity'])}</td>"
            f'<td class="n">{n}</td><td>{escape(info["summary"])}</td></tr>'
        )
    parts.append(
        '</table><h2>Findings by file</h2><table id="by-file"><tr><th>file</th>'
        "<th>findings</th></tr>"
    )
    for k, path in enumerate(report.paths):
        parts.append(
            f'<tr><td><a href="#file-{k}">{escape(path)}</a></td>'
            f'<td class="n">{by_file.get(path, 0)}</td></tr>'
        )
    parts.append("</table></section>")
    per_file: dict[str, list[tuple[int, Finding]]] = {}
    for i, f in enumerate(active):
        per_file.setdefault(f.path, []).append((i, f))
    for k, path in enumerate(report.paths):
        mine = per_file.get(path, [])
        parts.append(f'<section class="file" id="file-{k}"><h2>{escape(path)}</h2>')
        parts.append(_places_table([(i, f, places[i]) for i, f in mine]))
        if path in report.texts:
            parts.append(f'<pre class="doc">{_highlighted(report.texts[path], mine)}</pre>')
        parts.append("</section>")
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    parts += [
        '</main><aside id="explain" role="dialog" aria-label="Explanation">'
        '<button class="close" aria-label="Close">\u00d7</button><div class="body"></div></aside>',
        f'<script type="application/json" id="termlint-data">{payload}</script>',
        f"<script>{SCRIPT}</script></body></html>\n",
    ]
    return "\n".join(parts)
