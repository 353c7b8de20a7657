// termlint serve: the page. Plain JavaScript, no build step, nothing loaded
// from elsewhere. The text stays in this page: it goes only to this server's
// own /api/ (same origin), and nothing is kept in the browser's storage but
// an access token, in sessionStorage, when the server asks for one.
//
// Offsets: the server gives each finding's span as offset_utf16 and
// end_offset_utf16, counted in UTF-16 code units from the start of the text,
// which are JavaScript string indices; text.slice(start, end) is the span,
// astral characters (emoji) included.

const CHECK_DELAY = 300; // ms after the last keystroke
const TOKEN_KEY = "termlint-token";
const PACKAGES = new Set(["docx", "odt"]);
const SEVERITIES = ["error", "warning", "suggestion", "info"];
const SEVERITY_LABEL = { error: "Error", warning: "Warning", suggestion: "Suggestion", info: "Info" };
const SEVERITY_ICON = { error: "✖", warning: "▲", suggestion: "◆", info: "●" };
const SEVERITY_NOUN = {
  error: ["error", "errors"],
  warning: ["warning", "warnings"],
  suggestion: ["suggestion", "suggestions"],
  info: ["note", "notes"],
};

const $ = (id) => document.getElementById(id);
const ui = {
  draft: $("draft"),
  backdrop: $("backdrop"),
  editor: $("editor"),
  docName: $("doc-name"),
  busy: $("busy"),
  help: $("draft-help"),
  file: $("file"),
  applyAll: $("apply-all"),
  download: $("download"),
  textActions: $("text-actions"),
  packageActions: $("package-actions"),
  author: $("author"),
  downloadReview: $("download-review"),
  closeFile: $("close-file"),
  count: $("count"),
  notice: $("notice"),
  error: $("error"),
  list: $("findings"),
  listTitle: $("findings-title"),
  explain: $("explain"),
  explainTitle: $("explain-title"),
  explainRule: $("explain-rule"),
  explainWhere: $("explain-where"),
  explainExcerpt: $("explain-excerpt"),
  explainMessage: $("explain-message"),
  explainNote: $("explain-note"),
  explainPreferred: $("explain-preferred"),
  explainRationale: $("explain-rationale"),
  explainSourcesPart: $("explain-sources-part"),
  explainSources: $("explain-sources"),
  explainShow: $("explain-show"),
  explainApply: $("explain-apply"),
  explainClose: $("explain-close"),
  tokenForm: $("token-form"),
  token: $("token"),
  rulesInfo: $("rules-info"),
  language: $("language"),
};

const state = {
  text: "", // the text the findings refer to: always ui.draft.value
  filename: "draft.txt", // names the text for the server: its extension is the format
  crlf: false, // the opened file had CRLF line breaks (given back on download)
  pkg: null, // an opened Word or OpenDocument file: {name, format, bytes}
  language: "auto", // sent with each request: auto or an ISO 639-1 code of /v2/languages
  findings: [], // [{...finding from the server, start, end, uid}], sorted by start
  active: null, // the uid of the finding explained
  token: sessionStorage.getItem(TOKEN_KEY) || "",
  retry: null, // what to do again once a token is given
};

let uids = 0;

// ------------------------------------------------------------------ API

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** A request to this server's API (a path relative to the page, so a page
 * served under a prefix still talks to its own server). */
async function api(path, { method = "GET", json, form, signal, blob = false } = {}) {
  const headers = { Accept: blob ? "*/*" : "application/json" };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form;
  }
  const response = await fetch(path, {
    method,
    headers,
    body,
    signal,
    credentials: "same-origin",
    cache: "no-store",
    referrerPolicy: "no-referrer",
  });
  if (!response.ok) {
    let code = `http_${response.status}`;
    let message = `The server answered ${response.status} ${response.statusText}.`;
    try {
      const data = await response.json();
      if (data && data.error) {
        code = data.error.code || code;
        message = data.error.message || message;
      }
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, code, message);
  }
  return blob ? response : response.json();
}

/** Run an action; on 401 ask for the token and keep the action to run again. */
async function guarded(action) {
  try {
    await action();
  } catch (error) {
    if (error.name === "AbortError") return;
    if (error instanceof ApiError && error.status === 401) {
      state.retry = action;
      askForToken(Boolean(state.token));
      return;
    }
    showError(error instanceof ApiError ? error.message : `Could not reach the termlint server (${error.message}).`);
  }
}

function askForToken(wasWrong) {
  ui.tokenForm.hidden = false;
  $("token-help").textContent = wasWrong
    ? "That access token was not accepted. Enter the token of this termlint server."
    : "This termlint server asks for an access token. It is kept in this tab only, until you close it.";
  ui.token.value = "";
  ui.token.focus();
}

ui.tokenForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const token = ui.token.value.trim();
  if (!token) return;
  state.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  ui.token.value = "";
  ui.tokenForm.hidden = true;
  ui.draft.focus();
  const retry = state.retry;
  state.retry = null;
  if (retry) guarded(retry);
  if (retry !== loadRules) guarded(loadRules);
});

// ------------------------------------------------------------- messages

function showError(message) {
  ui.error.textContent = message;
}

function clearError() {
  ui.error.textContent = "";
}

function notify(message) {
  // the same words twice are announced twice: clear first
  ui.notice.textContent = "";
  window.setTimeout(() => {
    ui.notice.textContent = message;
  }, 30);
}

function plural(n, [one, many]) {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 findings (2 errors, 1 warning)". */
function countText(findings) {
  if (findings.length === 0) return "No findings";
  const by = new Map();
  for (const f of findings) by.set(f.severity, (by.get(f.severity) || 0) + 1);
  const parts = [];
  for (const severity of [...SEVERITIES, ...[...by.keys()].filter((s) => !SEVERITIES.includes(s))]) {
    const n = by.get(severity);
    if (n) parts.push(plural(n, SEVERITY_NOUN[severity] || [severity, severity]));
  }
  return `${plural(findings.length, ["finding", "findings"])} (${parts.join(", ")})`;
}

// ---------------------------------------------------------- positions

/** UTF-16 offsets of the line starts of ``text`` (lines end at \n, \r\n, \r). */
function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The UTF-16 offset of 1-based ``line`` and code-point ``column``. */
function offsetOfCodePoints(text, starts, line, column) {
  let i = starts[Math.min(line, starts.length) - 1] ?? 0;
  for (let n = 1; n < column && i < text.length; n++) {
    i += text.codePointAt(i) > 0xffff ? 2 : 1;
  }
  return i;
}

/** Line and code-point column (both from 1) of a UTF-16 offset. */
function positionOf(text, offset) {
  const before = text.lastIndexOf("\n", offset - 1);
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  const column = [...text.slice(before + 1, offset)].length + 1;
  return { line, column };
}

/** The findings of the server with their spans as string indices. */
function withSpans(findings, text) {
  let starts = null;
  const out = [];
  for (const f of findings) {
    let start = f.offset_utf16;
    let end = f.end_offset_utf16;
    if (!Number.isInteger(start) || !Number.isInteger(end)) {
      starts = starts || lineStarts(text);
      const at = (line, col) => Math.min((starts[line - 1] ?? text.length) + col - 1, text.length);
      start = at(f.line, f.column_utf16 ?? f.column);
      end = at(f.end_line ?? f.line, f.end_column_utf16 ?? f.end_column);
    }
    start = Math.max(0, Math.min(start, text.length));
    end = Math.max(start, Math.min(end, text.length));
    out.push({ ...f, start, end, uid: ++uids });
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}

/** The findings of ``before`` moved to the same words in ``after``: those
 * before or after the edited stretch are kept (shifted), those in it dropped
 * until the next check. */
function carryOver(findings, before, after) {
  if (before === after) return findings;
  const max = Math.min(before.length, after.length);
  let head = 0;
  while (head < max && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  let tail = 0;
  while (
    tail < max - head &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) {
    tail++;
  }
  const editEnd = before.length - tail;
  const delta = after.length - before.length;
  const out = [];
  for (const f of findings) {
    if (f.end <= head) out.push(f);
    else if (f.start >= editEnd) out.push({ ...f, start: f.start + delta, end: f.end + delta });
  }
  return out;
}

// ------------------------------------------------------------ rendering

function severityOf(f) {
  return SEVERITY_LABEL[f.severity] ? f.severity : "info";
}

function placeOf(f) {
  if (f.part) {
    const label = f.part === "body" ? "Paragraph" : f.part[0].toUpperCase() + f.part.slice(1);
    return `${label} ${f.paragraph}`;
  }
  const { line, column } = positionOf(state.text, f.start);
  return `Line ${line}, column ${column}`;
}

/** The mirror of the text behind the textarea, the findings as <mark>s. */
function renderBackdrop() {
  const text = state.text;
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const f of state.findings) {
    const start = Math.max(f.start, at);
    if (f.end <= start) continue; // inside the one before
    if (start > at) fragment.append(text.slice(at, start));
    const mark = document.createElement("mark");
    mark.className = `sev-${severityOf(f)}${f.uid === state.active ? " active" : ""}`;
    mark.dataset.uid = String(f.uid);
    mark.textContent = text.slice(start, f.end);
    fragment.append(mark);
    at = f.end;
  }
  if (at < text.length) fragment.append(text.slice(at));
  // a last empty line shows in the textarea: make the mirror as tall
  fragment.append(document.createElement("br"));
  ui.backdrop.replaceChildren(fragment);
}

function canApply(f) {
  return Boolean(f.fixable) && !state.pkg && Array.isArray(f.replacements) && f.replacements.length > 0;
}

function applyLabel(f) {
  return `Apply: replace “${f.text}” with “${f.replacements[0]}”`;
}

// Focus moved by the page (not by the reader) does not open an explanation.
let quietFocus = false;
function focusQuietly(el) {
  quietFocus = true;
  try {
    el.focus();
  } finally {
    quietFocus = false;
  }
}

function renderList() {
  // keep the keyboard where it was: the same row, the same button
  const focused = document.activeElement;
  let focusRow = -1;
  let focusApply = false;
  if (focused && ui.list.contains(focused)) {
    const li = focused.closest("li");
    focusRow = [...ui.list.children].indexOf(li);
    focusApply = focused.classList.contains("apply");
  }
  const rows = state.findings.map((f) => {
    const li = document.createElement("li");
    li.className = `sev-${severityOf(f)}`;
    li.dataset.uid = String(f.uid);

    const button = document.createElement("button");
    button.type = "button";
    button.className = `finding${f.uid === state.active ? " active" : ""}`;
    button.setAttribute("aria-controls", "explain");
    const head = document.createElement("span");
    head.className = "head";
    const severity = document.createElement("span");
    severity.className = "severity";
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = `${SEVERITY_ICON[severityOf(f)]} `;
    severity.append(icon, SEVERITY_LABEL[severityOf(f)]);
    const where = document.createElement("span");
    where.className = "where";
    where.textContent = placeOf(f);
    head.append(severity, where);
    const words = document.createElement("span");
    words.className = "words";
    words.textContent = state.text.slice(f.start, f.end) || f.text;
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = f.message;
    button.append(head, words, message);
    button.addEventListener("click", () => select(f.uid, { focusPanel: true }));
    button.addEventListener("focus", () => {
      if (!quietFocus) select(f.uid);
    });
    li.append(button);

    if (canApply(f)) {
      const apply = document.createElement("button");
      apply.type = "button";
      apply.className = "apply";
      apply.textContent = "Apply";
      apply.setAttribute("aria-label", applyLabel(f));
      apply.title = `Replace with “${f.replacements[0]}”`;
      apply.addEventListener("click", () => guarded(() => applyOne(f.uid)));
      li.append(apply);
    }
    return li;
  });
  ui.list.replaceChildren(...rows);
  if (focusRow >= 0) {
    if (rows.length === 0) focusQuietly(ui.listTitle);
    else {
      const li = rows[Math.min(focusRow, rows.length - 1)];
      focusQuietly((focusApply && li.querySelector(".apply")) || li.querySelector(".finding"));
    }
  }
  const n = state.findings.length;
  ui.applyAll.disabled = Boolean(state.pkg) || !state.findings.some((f) => f.fixable);
  ui.download.disabled = state.text.length === 0;
  ui.list.hidden = n === 0;
}

function renderCount() {
  const text = countText(state.findings);
  if (ui.count.textContent !== text) ui.count.textContent = text;
}

/** Findings checked for ``text`` (the text now, or one that was typed over). */
function setFindings(findings, text) {
  let spans = withSpans(findings, text);
  if (text !== state.text) spans = carryOver(spans, text, state.text);
  const old = state.findings.find((f) => f.uid === state.active);
  state.findings = spans;
  if (old) {
    const same = spans.find((f) => f.rule === old.rule && f.start === old.start && f.end === old.end);
    state.active = same ? same.uid : null;
  }
  renderBackdrop();
  renderList();
  renderCount();
  if (state.active === null) closeExplanation({ quiet: true });
  else if (!ui.explain.hidden) showExplanation(state.findings.find((f) => f.uid === state.active));
}

// ------------------------------------------------------------- checking

let checkTimer = 0;
let checkSeq = 0;
let checkController = null;

function requestBody(text) {
  return { text, filename: state.filename, language: state.language };
}

function scheduleCheck(delay = CHECK_DELAY) {
  window.clearTimeout(checkTimer);
  checkTimer = window.setTimeout(() => guarded(check), delay);
}

/** Check the text now; a newer check cancels this one, and an answer that
 * comes after a newer one's is dropped. */
async function check() {
  window.clearTimeout(checkTimer);
  const text = state.text;
  const seq = ++checkSeq;
  if (checkController) checkController.abort();
  if (!text) {
    checkController = null;
    ui.busy.hidden = true;
    setFindings([], text);
    return;
  }
  const controller = new AbortController();
  checkController = controller;
  ui.busy.hidden = false;
  try {
    const data = await api("api/check", { method: "POST", json: requestBody(text), signal: controller.signal });
    if (seq !== checkSeq) return;
    clearError();
    setFindings(data.findings || [], text);
  } finally {
    if (seq === checkSeq) {
      ui.busy.hidden = true;
      checkController = null;
    }
  }
}

/** Replace the whole text (from a file, or after fixes). */
function setText(text) {
  ui.draft.value = text;
  // the textarea keeps \n only: give the findings the text it holds
  state.text = ui.draft.value;
}

ui.draft.addEventListener("input", () => {
  const before = state.text;
  state.text = ui.draft.value;
  state.findings = carryOver(state.findings, before, state.text);
  if (!state.findings.some((f) => f.uid === state.active)) {
    state.active = null;
    closeExplanation({ quiet: true });
  }
  renderBackdrop();
  renderList();
  scheduleCheck();
});

// A click or arrow key that puts the caret on highlighted words explains them.
function explainAtCaret() {
  const at = ui.draft.selectionStart;
  if (ui.draft.selectionEnd !== at) return;
  const f = state.findings.find((g) => g.start <= at && at <= g.end && g.end > g.start);
  if (f && f.uid !== state.active) select(f.uid);
}
ui.draft.addEventListener("click", explainAtCaret);
ui.draft.addEventListener("keyup", (event) => {
  if (event.key.startsWith("Arrow") || event.key === "Home" || event.key === "End") explainAtCaret();
});

// ---------------------------------------------------------- explanation

const ruleCache = new Map();

function ruleInfo(id) {
  if (!ruleCache.has(id)) {
    const promise = api(`api/rules/${encodeURIComponent(id)}`);
    promise.catch(() => ruleCache.delete(id)); // asked again next time
    ruleCache.set(id, promise);
  }
  return ruleCache.get(id);
}

function select(uid, { focusPanel = false } = {}) {
  const f = state.findings.find((g) => g.uid === uid);
  if (!f) return;
  state.active = uid;
  for (const el of ui.backdrop.querySelectorAll("mark.active")) el.classList.remove("active");
  for (const el of ui.list.querySelectorAll(".finding.active")) el.classList.remove("active");
  const mark = ui.backdrop.querySelector(`mark[data-uid="${uid}"]`);
  if (mark) {
    mark.classList.add("active");
    scrollIntoEditor(mark);
  }
  const row = ui.list.querySelector(`li[data-uid="${uid}"] .finding`);
  if (row) row.classList.add("active");
  showExplanation(f, { focus: focusPanel });
}

/** Scroll the editor box (only it) so that ``el`` is seen. */
function scrollIntoEditor(el) {
  const box = ui.editor.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  if (r.top < box.top) ui.editor.scrollTop -= box.top - r.top + 24;
  else if (r.bottom > box.bottom) ui.editor.scrollTop += r.bottom - box.bottom + 24;
}

function listItems(ul, items, make) {
  ul.replaceChildren(
    ...items.map((item) => {
      const li = document.createElement("li");
      make(li, item);
      return li;
    }),
  );
}

/** A source as text, its web address as a link (http and https only). */
function sourceItem(li, source) {
  const found = /^(.*?)\s*<(https?:\/\/[^\s>]+)>\s*$/.exec(source);
  if (!found) {
    li.textContent = source;
    return;
  }
  li.append(found[1] ? `${found[1]} ` : "");
  const a = document.createElement("a");
  a.href = found[2];
  a.textContent = found[2];
  a.rel = "noopener noreferrer";
  a.target = "_blank";
  li.append(a);
}

function excerptInto(el, excerpt) {
  // "…the files ⟦child porn⟧ on…": the marked words as <mark>
  const found = /^(.*?)⟦(.*?)⟧(.*)$/su.exec(excerpt);
  if (!found) {
    el.textContent = excerpt;
    return;
  }
  const mark = document.createElement("mark");
  mark.textContent = found[2];
  el.replaceChildren(found[1], mark, found[3]);
}

let explainSeq = 0;

async function showExplanation(f, { focus = false } = {}) {
  if (!f) return;
  const seq = ++explainSeq;
  ui.explain.hidden = false;
  ui.explain.dataset.rule = f.rule;
  ui.explainTitle.textContent = f.message;
  ui.explainRule.textContent = `Rule ${f.rule} · ${SEVERITY_LABEL[severityOf(f)]}`;
  ui.explainWhere.textContent = `${placeOf(f)}: “${state.text.slice(f.start, f.end) || f.text}”`;
  ui.explainExcerpt.hidden = !f.excerpt;
  if (f.excerpt) excerptInto(ui.explainExcerpt, f.excerpt);
  ui.explainMessage.textContent = "";
  ui.explainNote.hidden = !f.note;
  ui.explainNote.textContent = f.note || "";
  listItems(ui.explainPreferred, f.replacements || [], (li, term) => {
    li.textContent = term;
  });
  ui.explainRationale.textContent = "Loading…";
  ui.explainSources.replaceChildren();
  ui.explainSourcesPart.hidden = true;
  ui.explainApply.hidden = !canApply(f);
  if (canApply(f)) ui.explainApply.setAttribute("aria-label", applyLabel(f));
  ui.explainShow.hidden = false;
  if (focus) ui.explainTitle.focus();
  let rule;
  try {
    rule = await ruleInfo(f.rule);
  } catch (error) {
    if (seq !== explainSeq) return;
    if (error instanceof ApiError && error.status === 401) {
      state.retry = () => showExplanation(f);
      askForToken(Boolean(state.token));
    }
    ui.explainRationale.textContent = `The explanation could not be loaded (${error.message}).`;
    return;
  }
  if (seq !== explainSeq) return;
  ui.explainMessage.textContent = rule.summary || "";
  const preferred = rule.preferred && rule.preferred.length ? rule.preferred : f.replacements || [];
  listItems(ui.explainPreferred, preferred, (li, term) => {
    li.textContent = term;
  });
  ui.explainRationale.textContent = rule.rationale || "";
  const sources = rule.sources || [];
  ui.explainSourcesPart.hidden = sources.length === 0;
  listItems(ui.explainSources, sources, sourceItem);
}

function closeExplanation({ quiet = false } = {}) {
  const hadFocus = ui.explain.contains(document.activeElement);
  const uid = state.active;
  ui.explain.hidden = true;
  explainSeq++;
  if (!quiet) {
    state.active = null;
    for (const el of document.querySelectorAll(".active")) el.classList.remove("active");
  }
  if (hadFocus) {
    const row = ui.list.querySelector(`li[data-uid="${uid}"] .finding`) || ui.list.querySelector(".finding");
    focusQuietly(row || ui.listTitle);
  }
}

ui.explainClose.addEventListener("click", () => closeExplanation());
ui.explain.addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeExplanation();
});
ui.explainShow.addEventListener("click", () => {
  const f = state.findings.find((g) => g.uid === state.active);
  if (!f) return;
  ui.draft.focus();
  ui.draft.setSelectionRange(f.start, f.end);
  const mark = ui.backdrop.querySelector(`mark[data-uid="${f.uid}"]`);
  if (mark) scrollIntoEditor(mark);
});
ui.explainApply.addEventListener("click", () => {
  if (state.active !== null) {
    const uid = state.active;
    guarded(() => applyOne(uid));
  }
});

// --------------------------------------------------------------- fixing

/** Apply the safe fix of one finding: the server plans the fixes of the
 * text (the case of the words carried over, an article changed with them),
 * and only the one of this finding is made here. */
async function applyOne(uid) {
  const f = state.findings.find((g) => g.uid === uid);
  if (!f || state.pkg) return;
  const text = state.text;
  const data = await api("api/fix", { method: "POST", json: requestBody(text) });
  if (state.text !== text) {
    notify("The text changed meanwhile: nothing was replaced. Try again.");
    return;
  }
  const starts = lineStarts(text);
  let chosen = null;
  for (const fix of data.fixes || []) {
    const start = offsetOfCodePoints(text, starts, fix.line, fix.column);
    const end = start + fix.old.length;
    if (fix.rule === f.rule && start <= f.start && f.end <= end && text.slice(start, end) === fix.old) {
      chosen = { start, end, old: fix.old, new: fix.new };
      break;
    }
  }
  if (!chosen) {
    notify(`No safe fix for “${f.text}” here: it is left for you to change.`);
    return;
  }
  const wasInList = ui.list.contains(document.activeElement);
  const wasInPanel = ui.explain.contains(document.activeElement);
  const row = state.findings.indexOf(f);
  const after = text.slice(0, chosen.start) + chosen.new + text.slice(chosen.end);
  const selection = [ui.draft.selectionStart, ui.draft.selectionEnd];
  setText(after);
  const moved = (i) => (i >= chosen.end ? i + chosen.new.length - (chosen.end - chosen.start) : Math.min(i, chosen.start));
  ui.draft.setSelectionRange(moved(selection[0]), moved(selection[1]));
  state.findings = carryOver(state.findings, text, state.text);
  state.active = null;
  closeExplanation({ quiet: true });
  renderBackdrop();
  renderList();
  notify(`Replaced “${chosen.old}” with “${chosen.new}”.`);
  if (wasInList || wasInPanel) focusRow(row);
  await check();
}

function focusRow(index) {
  const rows = ui.list.querySelectorAll("li .finding");
  focusQuietly(rows.length === 0 ? ui.listTitle : rows[Math.min(index, rows.length - 1)]);
}

async function applyAll() {
  if (state.pkg) return;
  const text = state.text;
  if (!text) return;
  const data = await api("api/fix", { method: "POST", json: requestBody(text) });
  if (state.text !== text) {
    notify("The text changed meanwhile: nothing was replaced. Try again.");
    return;
  }
  const fixes = data.fixes || [];
  if (fixes.length === 0) {
    notify("No safe fixes to apply.");
    return;
  }
  window.clearTimeout(checkTimer);
  checkSeq++;
  if (checkController) checkController.abort();
  setText(data.text);
  state.active = null;
  setFindings(data.findings || [], data.text);
  if (state.text !== data.text) scheduleCheck(0); // the textarea changed its line breaks
  notify(`Applied ${plural(fixes.length, ["safe fix", "safe fixes"])}.`);
}
ui.applyAll.addEventListener("click", () => guarded(applyAll));

// ------------------------------------------------------------ downloads

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

ui.download.addEventListener("click", () => {
  const text = state.crlf ? state.text.replace(/\n/g, "\r\n") : state.text;
  save(new Blob([text], { type: "text/plain;charset=utf-8" }), state.filename);
  notify(`Downloaded ${state.filename}.`);
});

/** The file name of a Content-Disposition header, if it has one. */
function dispositionName(header) {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = plain && (plain[1] ?? plain[2]).trim();
  return name ? name.replace(/[\\/]/g, "_") : null;
}

function reviewedName(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)}.reviewed${name.slice(dot)}` : `${name}.reviewed`;
}

async function downloadReview() {
  const pkg = state.pkg;
  if (!pkg) return;
  const form = new FormData();
  form.append("file", new File([pkg.bytes], pkg.name));
  form.append("language", state.language);
  const author = ui.author.value.trim();
  if (author) form.append("author", author);
  ui.downloadReview.disabled = true;
  try {
    const response = await api("api/review", { method: "POST", form, blob: true });
    const blob = await response.blob();
    const name = dispositionName(response.headers.get("Content-Disposition")) || reviewedName(pkg.name);
    save(blob, name);
    clearError();
    notify(`Downloaded the reviewed copy, ${name}.`);
  } finally {
    ui.downloadReview.disabled = false;
  }
}
ui.downloadReview.addEventListener("click", () => guarded(downloadReview));

// ---------------------------------------------------------------- files

// Each file opened (or sent again in another language) is numbered: an
// answer that arrives after a later one was asked for is dropped, so that a
// slow first answer never replaces the file's state in the language chosen.
let fileSeq = 0;

async function openFile(file) {
  const mine = ++fileSeq;
  const bytes = await file.arrayBuffer(); // kept here, not on the server
  const form = new FormData();
  form.append("file", new File([bytes], file.name));
  const language = state.language;
  form.append("language", language);
  const data = await api("api/file", { method: "POST", form });
  if (mine !== fileSeq) return;
  // the language was changed while the file was on its way: send it again
  if (language !== state.language) return openFile(new File([bytes], file.name));
  clearError();
  window.clearTimeout(checkTimer);
  checkSeq++;
  if (checkController) checkController.abort();
  const format = data.format || "";
  const name = data.filename || file.name;
  state.active = null;
  closeExplanation({ quiet: true });
  if (PACKAGES.has(format)) {
    state.pkg = { name, format, bytes };
    state.filename = name;
    state.crlf = false;
    ui.draft.readOnly = true;
    ui.help.textContent =
      format === "docx"
        ? "A Word document, shown read-only: download the reviewed copy to get each safe fix as a tracked change and each finding as a comment."
        : "An OpenDocument text, shown read-only: download the reviewed copy to get each safe fix as a tracked change and each finding as a comment.";
  } else {
    state.pkg = null;
    state.filename = name;
    state.crlf = data.text.includes("\r\n");
    ui.draft.readOnly = false;
    ui.help.textContent = "Edit the text: the words to change are highlighted as you type and listed under Findings.";
  }
  ui.docName.textContent = name;
  ui.textActions.hidden = Boolean(state.pkg);
  ui.packageActions.hidden = !state.pkg;
  setText(data.text);
  ui.editor.scrollTop = 0;
  setFindings(data.findings || [], data.text);
  if (state.text !== data.text) await check(); // line breaks made \n: check what is shown
  notify(`Opened ${name}.`);
}

ui.file.addEventListener("change", () => {
  const file = ui.file.files && ui.file.files[0];
  if (!file) return;
  guarded(() => openFile(file)).finally(() => {
    ui.file.value = ""; // the same file can be opened again
  });
});

// A file dropped on the draft is opened (and not shown by the browser instead).
ui.editor.addEventListener("dragover", (event) => {
  if (event.dataTransfer && [...event.dataTransfer.types].includes("Files")) event.preventDefault();
});
ui.editor.addEventListener("drop", (event) => {
  const file = event.dataTransfer && event.dataTransfer.files[0];
  if (!file) return;
  event.preventDefault();
  guarded(() => openFile(file));
});

ui.closeFile.addEventListener("click", () => {
  state.pkg = null;
  state.filename = "draft.txt";
  state.crlf = false;
  ui.draft.readOnly = false;
  ui.docName.textContent = state.filename;
  ui.help.textContent = "Paste or type a draft: the words to change are highlighted as you type and listed under Findings.";
  ui.textActions.hidden = false;
  ui.packageActions.hidden = true;
  setText("");
  state.active = null;
  setFindings([], "");
  notify("The document was closed.");
  ui.draft.focus();
});

// ---------------------------------------------------------------- start

/** The languages this server checks (LanguageTool's /v2/languages: each
 * language's variants, its own code first), offered beside "Automatic". */
async function loadLanguages() {
  const data = await api("v2/languages");
  const names = new Map();
  for (const { name, code, longCode } of data || []) {
    if (!names.has(code) || longCode === code) names.set(code, name);
  }
  for (const [code, name] of names) {
    const option = document.createElement("option");
    option.value = code;
    option.textContent = name;
    ui.language.append(option);
  }
}

ui.language.addEventListener("change", () => {
  state.language = ui.language.value;
  if (state.pkg) {
    // a Word or OpenDocument file is checked as a file: send it again
    const { name, bytes } = state.pkg;
    guarded(() => openFile(new File([bytes], name)));
  } else {
    scheduleCheck(0);
  }
  const chosen = ui.language.selectedOptions[0];
  notify(`Checking in ${chosen ? chosen.textContent : ui.language.value}.`);
});

async function loadRules() {
  const data = await api("api/rules");
  const n = (data.rules || []).length;
  ui.rulesInfo.textContent = `${plural(n, ["rule", "rules"])} in effect on this termlint server.`;
}

ui.docName.textContent = state.filename;
state.text = ui.draft.value; // a reload may keep the textarea's text
renderBackdrop();
renderList();
renderCount();
guarded(loadRules);
guarded(loadLanguages);
if (state.text) scheduleCheck(0);
