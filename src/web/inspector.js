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
  if (branch && row.branch !== branch) return false;
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
    for (const id of state.order) if (state.rows.get(id).branch) branches.add(state.rows.get(id).branch);
    for (const id of visibleIds()) {
      const row = state.rows.get(id);
      const groups = row.groups === undefined ? (row.payload_problem ? "not a payload" : "")
        : row.groups_passed + " passed" + (row.groups_failed ? ", " + row.groups_failed + " failed" : "");
      const forward = row.forward_status !== undefined ? String(row.forward_status) : (row.forward_error ? "error" : "");
      const tr = el("tr", { tabIndex: -1, className: (row.earlier ? "earlier " : "") + (id === state.selected ? "selected" : "") },
        el("td", { title: row.time_utc }, row.time.slice(5) + (row.earlier ? " (earlier)" : "")),
        el("td", { className: row.verdict, title: row.reason || "" }, row.verdict),
        el("td", {}, String(row.status)),
        el("td", { className: row.app === undefined && row.reason ? "muted" : "", title: row.reason || "" },
          row.app ?? (row.verdict === "rejected" || row.verdict === "refused" ? row.reason || "" : "")),
        el("td", {}, row.platform ?? ""),
        el("td", {}, row.branch ?? ""),
        el("td", { title: row.commit ?? "" }, (row.commit ?? "").slice(0, 10)),
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
    if (row.id === state.selected && state.details) showDetails(row.id);
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
  const actions = el("div", { className: "actions" }, replay,
    details.curl ? copyButton("Copy as curl", details.curl) : null,
    details.send ? copyButton("Copy as send", details.send) : null,
    details.request_line ? el("a", { href: "/api/deliveries/" + row.id + "/request.http",
      download: "delivery-" + row.id + ".http" }, "Download .http") : null);
  const parts = [
    el("h2", {}, el("span", { className: "badge " + row.verdict }, row.verdict), " ", String(row.status), " · ", row.time,
      row.earlier ? " (earlier)" : "", " · from ", row.remote),
    actions,
  ];
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
