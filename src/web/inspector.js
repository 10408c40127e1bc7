// The inspector page of `autosana-webhook listen --inspect`. Everything a delivery carries is
// untrusted: it reaches the page as text (textContent, never markup), control and bidirectional
// characters are shown as visible escapes, and only http(s) links are made.
"use strict";

const token = document.querySelector('meta[name="inspector-token"]').content;
const state = { rows: new Map(), order: [], selected: null, details: null, sequence: 0, events: null };
const $ = (id) => document.getElementById(id);

// Control, bidirectional and invisible characters would reorder or hide text: show them as \u{…}.
const hidden = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
function visible(text) {
  const parts = [];
  let last = 0;
  String(text ?? "").replace(hidden, (ch, at) => {
    if (at > last) parts.push(document.createTextNode(String(text).slice(last, at)));
    const mark = document.createElement("span");
    mark.className = "escape";
    mark.textContent = "\\u{" + ch.codePointAt(0).toString(16).toUpperCase() + "}";
    parts.push(mark);
    last = at + ch.length;
    return ch;
  });
  if (last < String(text ?? "").length) parts.push(document.createTextNode(String(text).slice(last)));
  return parts;
}

// el("td", {className: "x"}, "text", node): text children are escaped, never parsed.
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    if (child instanceof Node) node.append(child);
    else node.append(...visible(child));
  }
  return node;
}

function safeUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function link(text, url) {
  const href = safeUrl(url);
  return href ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }, text) : el("span", {}, text);
}

function api(path, options = {}) {
  options.headers = Object.assign({ "X-Inspector-Token": token }, options.headers || {});
  return fetch(path, options).then((response) => {
    if (!response.ok) return response.text().then((text) => { throw new Error(response.status + " " + text); });
    return response.json();
  });
}

function size(bytes) {
  if (bytes === undefined) return "";
  if (bytes < 1024) return bytes + " B";
  if (bytes < 1048576) return (bytes / 1024).toFixed(1) + " KiB";
  return (bytes / 1048576).toFixed(1) + " MiB";
}

function notice(text) {
  let box = $("notice");
  if (!box) { box = el("div", { id: "notice", role: "status" }); document.body.append(box); }
  box.textContent = text;
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => box.remove(), 2500);
}

// ---- the list ----
function upsert(row) {
  const known = state.rows.get(row.id);
  if (known && known.version >= row.version) return;
  state.rows.set(row.id, row);
  if (!known) state.order.unshift(row.id);
}

function matches(row) {
  const text = $("filter-text").value.trim().toLowerCase();
  const verdict = $("filter-verdict").value;
  const branch = $("filter-branch").value.trim();
  const flow = $("filter-failed").value.trim().toLowerCase();
  if (verdict && row.verdict !== verdict) return false;
  // A claimed branch is a forger's word: the branch filter matches only accepted deliveries.
  if (branch && (row.claimed || row.branch !== branch)) return false;
  // "checkout / pay": a delivery where a failed flow's "group / run" name contains it.
  if (flow && !(row.failed_flows || []).some((name) => name.toLowerCase().includes(flow))) return false;
  if (!text) return true;
  return [row.app, row.branch, row.commit, row.reason, row.platform, row.verdict, row.remote, row.target, String(row.status)]
    .some((field) => String(field ?? "").toLowerCase().includes(text));
}

function visibleIds() {
  return state.order.filter((id) => matches(state.rows.get(id)));
}

let renderQueued = false;
function renderList() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    const body = el("tbody");
    const branches = new Set();
    for (const id of state.order) if (state.rows.get(id).branch && !state.rows.get(id).claimed) branches.add(state.rows.get(id).branch);
    for (const id of visibleIds()) {
      const row = state.rows.get(id);
      // A rejected row says why where its groups would be; what its body claims is marked.
      const groups = row.groups === undefined ? (row.payload_problem ? "not a payload" : (row.claimed ? row.reason : ""))
        : row.groups_passed + " passed" + (row.groups_failed ? ", " + row.groups_failed + " failed" : "");
      const forward = row.forward_status !== undefined ? String(row.forward_status) : (row.forward_error ? "error" : "");
      const tr = el("tr", { tabIndex: -1, className: (row.earlier ? "earlier " : "") + (id === state.selected ? "selected" : "") },
        el("td", { title: row.time_utc + (row.edited_from ? " · an edit of delivery " + row.edited_from : "") },
          row.time.slice(5) + (row.earlier ? " (earlier)" : "") + (row.edited_from ? " \u270e" : "")),
        el("td", { className: row.verdict, title: row.reason || "" }, row.verdict),
        el("td", { className: "when-closed" }, String(row.status)),
        row.claimed
          ? el("td", { className: "claimed", title: "what the body claims: its signature did not verify" },
            row.app, el("span", { className: "unverified-mark" }, " (unverified)"))
          : el("td", { className: row.app === undefined && row.reason ? "muted" : "", title: row.reason || "" },
            row.app ?? (row.verdict === "rejected" || row.verdict === "refused" ? row.reason || "" : "")),
        el("td", { className: "when-closed" }, row.platform ?? ""),
        el("td", {}, row.branch ?? ""),
        el("td", { className: "when-closed", title: row.commit ?? "" }, (row.commit ?? "").slice(0, 10)),
        el("td", { className: row.groups_failed ? "failed" : (row.groups ? "passed" : "") }, groups),
        el("td", {}, size(row.bytes)),
        el("td", { className: row.forward_problem ? "bad" : "", title: row.forward_problem || row.forward_error || "" },
          forward + (row.replays ? " (replay " + row.replays + ")" : "")),
        el("td", {}, row.forward_ms !== undefined ? duration(row.forward_ms) : ""));
      tr.dataset.id = id;
      tr.addEventListener("click", () => select(id, true));
      body.append(tr);
    }
    $("list").tBodies[0].replaceWith(body);
    $("empty").hidden = state.order.length > 0;
    $("branches").replaceChildren(...[...branches].map((name) => el("option", { value: name })));
  });
}

function select(id, open) {
  state.selected = id;
  const pane = $("list-pane");
  const left = pane.scrollLeft;  // choosing a row never scrolls the list sideways
  renderList();
  if (open) { document.querySelector("main").classList.add("open"); showDetails(id); }
  requestAnimationFrame(() => {
    const tr = document.querySelector('#list tr[data-id="' + id + '"]');
    if (tr) { tr.scrollIntoView({ block: "nearest", inline: "nearest" }); if (open !== "quiet") tr.focus({ preventScroll: true }); }
    pane.scrollLeft = left;
  });
}

function load() {
  return api("/api/deliveries").then((list) => {
    state.rows.clear();
    state.order = [];
    for (const row of list.deliveries.slice().reverse()) upsert(row);
    state.sequence = list.sequence;
    state.loadedAt = Date.now();
    $("endpoint").textContent = "deliveries to " + list.endpoint + (list.forward ? ", forwarded to " + list.forward : "");
    renderList();
    listen();
  });
}

function listen() {
  if (state.events) state.events.close();
  const events = new EventSource("/events?since=" + state.sequence);  // the cookie signs it
  state.events = events;
  events.onopen = () => { $("connection").textContent = "live"; $("connection").className = "badge good"; };
  events.onerror = () => { $("connection").textContent = "reconnecting"; $("connection").className = "badge warn"; };
  events.addEventListener("delivery", (event) => {
    const row = JSON.parse(event.data);
    upsert(row);
    renderList();
    // Not while an edit is open: the page would lose what the user typed.
    const editing = $("editor") && $("editor").childElementCount > 0;
    if (row.id === state.selected && state.details && !editing) showDetails(row.id);
  });
  // Too much news at once (a flood of deliveries): fetch the list again, at most once a second.
  events.addEventListener("reload", () => {
    events.close();
    const wait = Math.max(0, 1000 - (Date.now() - (state.loadedAt || 0)));
    setTimeout(() => load(), wait);
  });
}

// ---- the details ----
function section(title, ...content) {
  return el("div", { className: "section" }, el("h2", {}, title), ...content);
}

function copyButton(label, text) {
  const button = el("button", { type: "button" }, label);
  button.addEventListener("click", () => {
    const done = () => notice("copied: " + label.replace(/^copy /i, ""));
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done));
    else fallbackCopy(text, done);
  });
  return button;
}

function fallbackCopy(text, done) {
  const area = el("textarea", { value: text });
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
  done();
}

function codeBlock(text, error) {
  const pre = el("pre", { className: "body" });
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    const number = index + 1;
    pre.append(el("div", { className: "code-line" + (error && error.line === number ? " error-line" : "") }, line || " "));
    if (error && error.line === number)
      pre.append(el("div", { className: "caret" }, " ".repeat(Math.max(error.column - 1, 0)) + "^ " + error.message));
  });
  return pre;
}

function headersTable(headers) {
  return el("table", { className: "headers" },
    headers.map(([name, value]) => el("tr", {}, el("td", {}, name), el("td", {}, value))));
}

// The handler's response time as the terminal line says it: "3.2 ms", "48 ms", "1.25 s".
function duration(ms) {
  if (ms >= 1000) return (ms / 1000).toFixed(2) + " s";
  return (ms >= 10 ? ms.toFixed(0) : ms.toFixed(1)) + " ms";
}

function answer(title, exchange) {
  if (!exchange) return null;
  return el("div", { className: "answer" },
    el("h3", {}, title),
    exchange.status !== null
      ? el("p", {}, el("span", { className: "badge " + (exchange.status < 300 ? "good" : "bad") }, String(exchange.status)),
          " in " + duration(exchange.milliseconds) + ", " + exchange.time_utc)
      : el("p", { className: "bad" }, exchange.error),
    exchange.problem ? el("p", { className: "bad handler-problem" }, exchange.problem) : null,
    exchange.headers.length ? headersTable(exchange.headers) : null,
    exchange.body ? el("pre", {}, exchange.body) : null);
}

function batchView(batch) {
  const groups = batch.groups.map((group) => el("div", { className: "group" },
    el("strong", {}, link(group.name, group.url)), " ",
    el("span", { className: "badge " + (group.passed ? "passed" : "failed") }, group.status),
    el("ul", {}, group.runs.map((run) => el("li", {},
      el("span", { className: "badge " + run.status }, run.status), " ", link(run.name, run.url))))));
  return section("Batch",
    el("p", {}, link(batch.app, batch.app_url), " ", batch.platform, batch.branch ? " on " + batch.branch : "",
      batch.commit ? " at " + batch.commit.slice(0, 12) : "", ": ",
      el("span", { className: batch.passed ? "passed" : "failed" }, batch.totals)),
    ...groups);
}

function renderDetails(details) {
  const row = details.row;
  const pane = $("details");
  const replay = el("button", { type: "button", id: "replay", disabled: !details.can_replay,
    title: details.can_replay ? "send the saved request to the --forward target again (r)" : "needs listen --forward" }, "Replay");
  replay.addEventListener("click", () => doReplay(row.id));
  const edit = el("button", { type: "button", id: "edit", disabled: !details.editable,
    title: details.editable ? "edit the body and headers, then replay, signed again or as edited (e)"
      : details.can_replay ? "only a whole UTF-8 body of at most 1 MiB can be edited" : "needs listen --forward" }, "Edit and replay");
  edit.addEventListener("click", () => openEditor(details));
  const actions = el("div", { className: "actions" }, replay, edit,
    details.curl ? copyButton("Copy as curl", details.curl) : null,
    details.send ? copyButton("Copy as send", details.send) : null,
    details.request_line ? el("a", { href: "/api/deliveries/" + row.id + "/request.http",
      download: "delivery-" + row.id + ".http" }, "Download .http") : null);
  const parts = [
    el("h2", {}, el("span", { className: "badge " + row.verdict }, row.verdict), " ", String(row.status), " · ", row.time,
      row.earlier ? " (earlier)" : "", " · from ", row.remote),
    actions,
    el("div", { id: "editor" }),
  ];
  if (row.edited_from) parts.push(editedFrom(row, details.diff));
  if (details.body && details.body.batch) parts.push(batchView(details.body.batch));
  const signature = [el("p", { className: row.verdict }, row.verdict + (details.reason ? ": " + details.reason : ""))];
  if (row.explanation_pending) signature.push(el("p", { className: "muted" }, "diagnosing…"));
  else if (row.verdict === "rejected" && !details.explanation.length && details.request_line)
    signature.push(el("p", { className: "muted" }, "Start listen with --explain to see why the signature does not match."));
  for (const finding of details.explanation)
    signature.push(el("div", { className: "finding" }, el("p", {}, finding.text), finding.advice ? el("p", { className: "advice" }, finding.advice) : null));
  if (row.payload_problem) signature.push(el("p", { className: "warn" }, row.payload_problem));
  parts.push(section("Signature", ...signature));
  if (details.request_line)
    parts.push(section("Request", el("pre", {}, details.request_line), headersTable(details.headers)));
  if (details.body) {
    const body = details.body;
    const content = [];
    if (body.problem) content.push(el("p", { className: "warn" }, body.problem));
    if (body.syntax_error)
      content.push(el("p", { className: "bad" }, "JSON syntax error at line " + body.syntax_error.line + ", column " + body.syntax_error.column + ": " + body.syntax_error.message));
    if (body.pretty !== undefined) content.push(codeBlock(body.pretty));
    else if (body.text !== undefined) content.push(codeBlock(body.text, body.syntax_error));
    parts.push(section("Body (" + size(body.bytes) + ")", ...content));
  }
  if (details.raw_hex) parts.push(section("Raw bytes (" + size(details.raw_bytes) + ")", el("pre", {}, details.raw_hex)));
  if (details.forward || details.replays.length)
    parts.push(section("Forward target", el("div", { className: "answers" },
      answer("first answer", details.forward), details.replays.map((r, i) => answer("replay " + (i + 1), r)))));
  pane.replaceChildren(...parts);
}

// ---- edit and replay ----
// Where JSON text stops being JSON: {line, column, message}, or null. JSON.parse does not say
// where in every browser, so the page checks the grammar itself as the user types.
function jsonError(text) {
  let i = 0;
  const fail = (message) => { throw { at: i, message }; };
  const space = () => { while (i < text.length && " \t\n\r".includes(text[i])) i++; };
  const number = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  function string() {
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') { i++; return; }
      if (c === "\\") {
        i++;
        if (!'"\\/bfnrtu'.includes(text[i] || "x")) fail("an unknown escape");
        if (text[i] === "u" && !/^[0-9a-fA-F]{4}$/.test(text.substr(i + 1, 4))) fail("\\u needs four hex digits");
        i += text[i] === "u" ? 5 : 1;
        continue;
      }
      if (c < " ") fail("a control character in a string");
      i++;
    }
    fail("a string that does not end");
  }
  function items(close, item) {
    i++;
    space();
    if (text[i] === close) { i++; return; }
    for (;;) {
      item();
      space();
      if (text[i] === ",") { i++; continue; }
      if (text[i] === close) { i++; return; }
      fail(i >= text.length ? "the text ends inside " + (close === "}" ? "an object" : "an array")
        : "expected ',' or '" + close + "'");
    }
  }
  function value(depth) {
    if (depth > 512) fail("nested too deeply");
    space();
    const c = text[i];
    if (c === "{") return items("}", () => {
      space();
      if (text[i] !== '"') fail("expected a key in double quotes");
      string();
      space();
      if (text[i] !== ":") fail("expected ':' after the key");
      i++;
      value(depth + 1);
    });
    if (c === "[") return items("]", () => value(depth + 1));
    if (c === '"') return string();
    if (c === "-" || (c >= "0" && c <= "9")) {
      number.lastIndex = i;
      if (!number.exec(text)) fail("a number that is not one");
      i = number.lastIndex;
      return;
    }
    for (const word of ["true", "false", "null"]) if (text.startsWith(word, i)) { i += word.length; return; }
    fail(i >= text.length ? "the text ends where a value should be" : "unexpected " + JSON.stringify(c));
  }
  try {
    value(0);
    space();
    if (i < text.length) fail("more text after the JSON");
    return null;
  } catch (error) {
    if (error.at === undefined) throw error;
    const before = text.slice(0, error.at).split("\n");
    return { line: before.length, column: before[before.length - 1].length + 1, message: error.message };
  }
}

// The fields the sender works out when it sends: not offered for editing.
const workedOut = /^(host|content-length|transfer-encoding|content-encoding|connection)$/i;
const fieldName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// "Name: value" lines into [name, value] pairs, or the first line that is not one.
function parseHeaderLines(text) {
  const headers = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, "");
    if (!line.trim()) continue;
    const colon = line.indexOf(":");
    const name = colon < 0 ? "" : line.slice(0, colon);
    if (!fieldName.test(name)) return { error: "headers, line " + (n + 1) + ": expected 'Name: value'" };
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  return { headers };
}

function openEditor(details) {
  const row = details.row;
  const box = $("editor");
  if (!box || box.childElementCount) return box && box.replaceChildren();  // a second click closes it
  const headers = el("textarea", { id: "edit-headers", rows: 6, spellcheck: false,
    value: details.headers.filter(([name]) => !workedOut.test(name)).map(([n, v]) => n + ": " + v).join("\n") });
  const body = el("textarea", { id: "edit-body", rows: 16, spellcheck: false, value: details.body.text });
  const check = el("p", { id: "edit-check", role: "status" });
  const resign = el("button", { type: "button", id: "edit-resign", disabled: !details.can_resign,
    title: details.can_resign ? "replace the signature with one made with listen's secret over the edited body"
      : "listen has no secret to sign with" }, "Sign again and replay");
  const asEdited = el("button", { type: "button", id: "edit-as-is", title: "send the headers as edited, the signature too" },
    "Replay as edited");
  const format = el("button", { type: "button", id: "edit-format" }, "Format JSON");
  const update = () => {
    const fields = parseHeaderLines(headers.value);
    const error = jsonError(body.value);
    check.className = fields.error || error ? "bad" : "good";
    check.textContent = fields.error ? fields.error
      : error ? "JSON syntax error at line " + error.line + ", column " + error.column + ": " + error.message +
        " (it can still be sent, as it is)"
      : "valid JSON, " + size(new TextEncoder().encode(body.value).length);
    resign.disabled = !details.can_resign || Boolean(fields.error);
    asEdited.disabled = Boolean(fields.error);
    format.disabled = Boolean(error);
  };
  headers.addEventListener("input", update);
  body.addEventListener("input", update);
  format.addEventListener("click", () => { body.value = JSON.stringify(JSON.parse(body.value), null, 2); update(); });
  const send = (sign) => {
    const fields = parseHeaderLines(headers.value);
    if (fields.error) return;
    resign.disabled = asEdited.disabled = true;
    api("/api/deliveries/" + row.id + "/edit", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ body: body.value, headers: fields.headers, resign: sign }) }).then((edited) => {
      upsert(edited.row);
      notice("replayed the edit " + (sign ? "signed again" : "as edited"));
      select(edited.row.id, true);
    }, (error) => { notice("edit and replay failed: " + error.message); update(); });
  };
  resign.addEventListener("click", () => send(true));
  asEdited.addEventListener("click", () => send(false));
  box.replaceChildren(section("Edit and replay",
    el("label", { htmlFor: "edit-headers" }, "Headers, one 'Name: value' a line (Host, Content-Length and Content-Encoding are worked out when it is sent)"),
    headers,
    el("label", { htmlFor: "edit-body" }, "Body"),
    body, check,
    el("div", { className: "actions" }, resign, asEdited, format)));
  update();
  body.focus();
}

// An edited delivery's origin and what the edit changed in the body.
function editedFrom(row, diff) {
  const back = el("button", { type: "button", className: "link" }, "delivery " + row.edited_from);
  back.addEventListener("click", () => select(row.edited_from, true));
  const content = [el("p", {}, "An edit of ", back, ", " + (row.resigned ? "signed again with listen's secret" : "sent as edited") + ".")];
  if (diff) {
    content.push(el("p", { className: "muted" }, "Body " + diff.summary + " lines" + (diff.pretty_json ? ", as pretty-printed JSON" : "")));
    // The changed lines with three of context, as a unified diff shows them; the rest folded.
    const pre = el("pre", { className: "diff", id: "diff" });
    const changed = diff.lines.map((line) => line.kind !== " ");
    const near = (at) => changed.slice(Math.max(0, at - 3), at + 4).some(Boolean);
    let folded = 0;
    const fold = () => {
      if (folded) pre.append(el("div", { className: "muted" }, "\u2026 " + folded + " unchanged line" + (folded === 1 ? "" : "s")));
      folded = 0;
    };
    diff.lines.forEach((line, at) => {
      if (!near(at)) { folded++; return; }
      fold();
      pre.append(el("div", { className: line.kind === "-" ? "diff-removed" : line.kind === "+" ? "diff-added" : "" },
        line.kind + " " + line.text));
    });
    fold();
    content.push(pre);
  }
  return section("Edit", ...content);
}

function showDetails(id) {
  return api("/api/deliveries/" + id).then((details) => {
    if (state.selected !== id) return;
    state.details = details;
    renderDetails(details);
  }, (error) => $("details").replaceChildren(el("p", { className: "bad" }, String(error.message))));
}

function doReplay(id) {
  const button = $("replay");
  if (button) { button.disabled = true; button.textContent = "Replaying…"; }
  api("/api/deliveries/" + id + "/replay", { method: "POST" }).then((details) => {
    if (state.selected === id) { state.details = details; renderDetails(details); }
    notice("replayed");
  }, (error) => { notice("replay failed: " + error.message); if (button) { button.disabled = false; button.textContent = "Replay"; } });
}

// ---- keys ----
document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
  const ids = visibleIds();
  const at = ids.indexOf(state.selected);
  if (event.key === "j" || event.key === "ArrowDown") {
    if (ids.length) select(ids[Math.min(at + 1, ids.length - 1)], false);
  } else if (event.key === "k" || event.key === "ArrowUp") {
    if (ids.length) select(ids[Math.max(at - 1, 0)], false);
  } else if (event.key === "Enter") {
    if (state.selected !== null) select(state.selected, true);
  } else if (event.key === "Escape") {
    document.querySelector("main").classList.remove("open");  // the list takes the width again
  } else if (event.key === "e") {
    if (state.details && state.details.editable && state.details.row.id === state.selected) openEditor(state.details);
  } else if (event.key === "r") {
    if (state.details && state.details.can_replay && state.details.row.id === state.selected) doReplay(state.selected);
  } else if (event.key === "/") {
    $("filter-text").focus();
  } else {
    return;
  }
  event.preventDefault();
});

// "change" too: a select that is changed by the keyboard or a script fires only that in some browsers.
for (const id of ["filter-text", "filter-verdict", "filter-branch", "filter-failed"]) {
  $(id).addEventListener("input", renderList);
  $(id).addEventListener("change", renderList);
}
load().catch((error) => $("details").replaceChildren(el("p", { className: "bad" }, String(error.message))));
