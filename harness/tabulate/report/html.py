"""html.py: the kernel matrix as one self-contained HTML page.

A heat map of cases x kernels, grouped by rule area, filterable; a click on
a cell (or a URL fragment #open=<case>@<kernel>) opens that case's
normalized log on that kernel and its diff against the reference kernel.
No network, no external assets: the data is one JSON island in the page,
the style and the script are inline.  Logs are stored once however many
kernels share them; diffs against the reference are computed here.
"""
import difflib
import hashlib
import html
import json

from . import results as R

LABEL = {"accept": "✓", "libbpf": "lib", "skip": "skip", "crash": "CRASH", "btf": "btf",
         "error": "ERR"}
FAILED = ("FAIL", "XPASS", "ERROR", "CRASH")


class Store:
    """Texts stored once, referred to by index."""

    def __init__(self):
        self.items, self.index = [], {}

    def add(self, text):
        key = hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append(text)
        return self.index[key]


def label(outcome, errno):
    """The few characters a heat-map cell shows."""
    if outcome == "reject":
        return errno.lstrip("-") if errno not in ("-", "0") else "✗"
    return LABEL[outcome]


def diff_text(ref_log, log, ref_name, name):
    """The unified diff of a log against the reference kernel's."""
    return "\n".join(difflib.unified_diff(
        R.cap_log(ref_log).splitlines(), R.cap_log(log).splitlines(),
        f"{ref_name} (reference)", name, n=3, lineterm=""))


def cell_data(kernel, ref, cid, logs, diffs):
    """The JSON of one cell: outcome, judgement, log and diff indexes."""
    case = kernel.cases.get(cid)
    if case is None:
        return None
    outcome, errno, message = R.outcome_of(case)
    log = R.cap_log(case.get("log"))
    cell = {"o": outcome, "e": errno, "m": message, "l": label(outcome, errno),
            "code": case.get("code"), "reason": case.get("reason"),
            "insns": case.get("insns_processed"), "log": logs.add(log)}
    ref_case = ref.cases.get(cid) if ref else None
    if ref is None or kernel is ref:
        cell["diff"] = None
    elif ref_case is None:
        cell["diff"] = -2
    elif (ref_case.get("log") or "") == (case.get("log") or ""):
        cell["diff"] = -1
    else:
        cell["diff"] = diffs.add(diff_text(ref_case.get("log"), case.get("log"),
                                           ref.name, kernel.name))
    if ref_case is not None and kernel is not ref:
        cell["same"] = R.outcome_of(ref_case) == (outcome, errno, message)
    return cell


def build_data(kernels, reference, rules=None, source=""):
    """Everything the page shows, as one JSON-able dict."""
    ref = next((k for k in kernels if k.name == reference), None)
    logs, diffs, cases = Store(), Store(), {}
    for k in kernels:
        for cid, c in k.cases.items():
            cases.setdefault(cid, c)
    rows = []
    for cid in sorted(cases, key=lambda c: (R.case_area(cases[c]), c)):
        c = cases[cid]
        rows.append({"id": cid, "area": R.case_area(c), "rules": c.get("rules") or [],
                     "description": c.get("description"),
                     "cells": [cell_data(k, ref, cid, logs, diffs) for k in kernels]})
    areas = sorted({r["area"] for r in rows})
    return {"source": source, "reference": reference,
            "kernels": [{"name": k.name, "release": k.release, "version": k.version,
                         "summary": k.summary} for k in kernels],
            "areas": [{"name": a, "title": (rules or {}).get(a, "")} for a in areas],
            "cases": rows, "logs": logs.items, "diffs": diffs.items}


def json_island(data):
    """data as JSON that cannot end the <script> element holding it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")  # no "</script>" or "<!--" in the island


def read_data(path):
    """The JSON island of a report page, as a dict."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = text.index(ISLAND) + len(ISLAND)
    return json.loads(text[start:text.index("</script>", start)])


def render(kernels, reference, rules=None, source=""):
    """The whole page."""
    data = build_data(kernels, reference, rules, source)
    title = f"twc kernel matrix: {len(data['cases'])} cases on {len(kernels)} kernels"
    return (PAGE.replace("@TITLE@", html.escape(title))
                .replace("@STYLE@", STYLE).replace("@SCRIPT@", SCRIPT)
                .replace("@ISLAND@", ISLAND).replace("@DATA@", json_island(data)))


ISLAND = '<script type="application/json" id="twc-data">'
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>@TITLE@</title>
<style>@STYLE@</style>
</head>
<body>
<header>
<h1>@TITLE@</h1>
<p id="source"></p>
<div id="controls">
<label>filter <input id="filter" type="search" placeholder="case, rule or message"></label>
<label>area <select id="area"><option value="">all</option></select></label>
<label><input id="differ" type="checkbox"> only cases that differ between kernels</label>
<label><input id="failed" type="checkbox"> only failures against the verdict tables</label>
<span id="shown"></span>
</div>
<p id="legend"></p>
</header>
<main>
<table id="matrix"><thead></thead><tbody></tbody></table>
<aside id="detail" hidden>
<button id="close" type="button" title="close">×</button>
<h2 id="detail-title"></h2>
<dl id="detail-facts"></dl>
<h3>normalized log on this kernel</h3>
<pre id="detail-log"></pre>
<h3 id="detail-diff-title">diff against the reference kernel</h3>
<pre id="detail-diff"></pre>
</aside>
</main>
@ISLAND@@DATA@</script>
<script>@SCRIPT@</script>
</body>
</html>
"""

STYLE = """
body { font: 13px/1.35 system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { padding: 8px 16px; background: #fff; border-bottom: 1px solid #ddd; position: sticky; top: 0; z-index: 2; }
h1 { font-size: 17px; margin: 0 0 4px; }
#controls label { margin-right: 14px; }
#legend span.cell { display: inline-block; min-width: 34px; margin-right: 6px; }
main { display: flex; align-items: flex-start; }
#matrix { border-collapse: collapse; margin: 8px 16px; }
#matrix th, #matrix td { border: 1px solid #e3e3e3; padding: 1px 4px; }
#matrix thead th { position: sticky; top: 96px; background: #fff; font-weight: 600; }
#matrix th.case { text-align: left; font-weight: normal; font-family: monospace; white-space: nowrap; }
#matrix th.case .rules { color: #888; margin-left: 6px; }
#matrix tr.area th { background: #eceff1; text-align: left; font-weight: 600; }
td.cell, span.cell { text-align: center; font: 11px monospace; cursor: pointer; color: #fff; min-width: 44px; position: relative; }
.o-accept { background: #2e7d32; }
.o-reject { background: #c62828; }
.o-libbpf { background: #6a1b9a; }
.o-skip { background: #9e9e9e; }
.o-crash { background: #111; color: #ffeb3b !important; }
.o-btf { background: #1565c0; }
.o-error { background: #ef6c00; }
.o-none { background: #fff; color: #999 !important; }
td.cell.differs::after { content: ""; position: absolute; top: 1px; right: 1px; width: 5px; height: 5px; border-radius: 50%; background: #fff; }
td.cell.failed { outline: 3px solid #ff1744; outline-offset: -3px; }
td.cell.open { box-shadow: inset 0 0 0 2px #ffd600; }
#detail { position: sticky; top: 100px; margin: 8px 16px 8px 0; padding: 8px 12px; background: #fff; border: 1px solid #ccc; flex: 1; min-width: 420px; max-height: calc(100vh - 120px); overflow: auto; }
#detail h2 { font-size: 15px; margin: 0 24px 6px 0; font-family: monospace; }
#detail h3 { font-size: 13px; margin: 10px 0 4px; }
#detail dl { display: grid; grid-template-columns: max-content auto; gap: 2px 10px; margin: 0; }
#detail dt { color: #666; }
#detail dd { margin: 0; font-family: monospace; white-space: pre-wrap; }
#detail pre { background: #f5f5f5; padding: 6px; overflow: auto; max-height: 40vh; margin: 0; font-size: 11.5px; }
#close { position: absolute; right: 8px; top: 6px; border: 0; background: none; font-size: 18px; cursor: pointer; }
.add { color: #1b5e20; background: #e8f5e9; }
.del { color: #b71c1c; background: #ffebee; }
.hunk { color: #0d47a1; }
"""

SCRIPT = r"""
"use strict";
const D = JSON.parse(document.getElementById("twc-data").textContent);
const $ = (id) => document.getElementById(id);
const OUTCOME_WORDS = { accept: "accepted", reject: "rejected", libbpf: "libbpf failed before the kernel saw it",
  skip: "skipped", crash: "the kernel crashed", btf: "BTF case", error: "the harness could not judge it" };
const FAILED = ["FAIL", "XPASS", "ERROR", "CRASH"];

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function cellTitle(k, c) {
  if (!c) return k.name + ": not run";
  let t = k.name + ": " + c.o + (c.e !== "-" ? " " + c.e : "") + (c.m !== "-" ? "\n" + c.m : "");
  if (FAILED.includes(c.code)) t += "\n" + c.code + ": " + (c.reason || "");
  return t;
}

function buildHead() {
  const tr = el("tr");
  tr.appendChild(el("th", {}, "case"));
  for (const k of D.kernels) {
    const th = el("th", { title: k.release + " " + k.version }, k.name);
    if (k.name === D.reference) th.textContent += " (ref)";
    tr.appendChild(th);
  }
  document.querySelector("#matrix thead").appendChild(tr);
}

function buildBody() {
  const body = document.querySelector("#matrix tbody");
  const areaTitle = Object.fromEntries(D.areas.map((a) => [a.name, a.title]));
  let area = null;
  D.cases.forEach((c, ci) => {
    if (c.area !== area) {
      area = c.area;
      const tr = el("tr", { class: "area", "data-area": area });
      const n = D.cases.filter((x) => x.area === area).length;
      tr.appendChild(el("th", { colspan: D.kernels.length + 1 },
        area + (areaTitle[area] ? " — " + areaTitle[area] : "") + " (" + n + ")"));
      body.appendChild(tr);
    }
    const tr = el("tr", { class: "row", "data-case": c.id, "data-area": c.area });
    const th = el("th", { class: "case", title: c.description || "" }, c.id);
    th.appendChild(el("span", { class: "rules" }, c.rules.join(" ")));
    tr.appendChild(th);
    c.cells.forEach((x, ki) => {
      const k = D.kernels[ki];
      const td = el("td", { class: "cell o-" + (x ? x.o : "none"), "data-kernel": k.name,
        "data-case": c.id, "data-outcome": x ? x.o : "none", title: cellTitle(k, x) }, x ? x.l : "—");
      if (x && x.same === false) td.classList.add("differs");
      if (x && FAILED.includes(x.code)) td.classList.add("failed");
      td.addEventListener("click", () => openCell(c.id, k.name));
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
}

function rowDiffers(c) {
  const keys = new Set(c.cells.map((x) => x ? x.o + "\t" + x.e + "\t" + x.m : "none"));
  return keys.size > 1;
}

function applyFilters() {
  const text = $("filter").value.trim().toLowerCase();
  const area = $("area").value, differ = $("differ").checked, failed = $("failed").checked;
  const visibleAreas = new Set();
  let shown = 0;
  for (const c of D.cases) {
    const hay = (c.id + " " + c.rules.join(" ") + " " + (c.description || "") + " " +
      c.cells.map((x) => x ? x.m + " " + x.e : "").join(" ")).toLowerCase();
    const ok = (!text || hay.includes(text)) && (!area || c.area === area) &&
      (!differ || rowDiffers(c)) && (!failed || c.cells.some((x) => x && FAILED.includes(x.code)));
    document.querySelector('tr.row[data-case="' + CSS.escape(c.id) + '"]').hidden = !ok;
    if (ok) { visibleAreas.add(c.area); shown++; }
  }
  for (const tr of document.querySelectorAll("tr.area")) tr.hidden = !visibleAreas.has(tr.dataset.area);
  $("shown").textContent = shown + " of " + D.cases.length + " cases shown";
}

function fillDiff(pre, text) {
  pre.textContent = "";
  for (const line of text.split("\n")) {
    const cls = line.startsWith("+++") || line.startsWith("---") ? "" :
      line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "";
    pre.appendChild(el("span", cls ? { class: cls } : {}, line + "\n"));
  }
}

function openCell(caseId, kernelName) {
  const ci = D.cases.findIndex((c) => c.id === caseId);
  const ki = D.kernels.findIndex((k) => k.name === kernelName);
  if (ci < 0 || ki < 0) return false;
  const c = D.cases[ci], x = c.cells[ki], d = $("detail");
  d.hidden = false;
  d.dataset.case = caseId;
  d.dataset.kernel = kernelName;
  $("detail-title").textContent = caseId + " on " + kernelName;
  const facts = $("detail-facts");
  facts.textContent = "";
  const add = (k, v) => { facts.appendChild(el("dt", {}, k)); facts.appendChild(el("dd", {}, v)); };
  add("kernel", D.kernels[ki].release);
  add("outcome", x ? x.o + " (" + OUTCOME_WORDS[x.o] + ")" : "not run on this kernel");
  if (x) {
    add("errno", x.e);
    add("message", x.m);
    add("judged", x.code + (x.reason ? ": " + x.reason : ""));
    if (x.insns !== null && x.insns !== undefined) add("insns processed", String(x.insns));
  }
  add("rules", c.rules.join(", ") || "-");
  if (c.description) add("description", c.description);
  $("detail-log").textContent = x ? D.logs[x.log] || "(no log)" : "";
  const diff = $("detail-diff");
  if (!x || x.diff === null) diff.textContent = kernelName === D.reference ?
    "(this is the reference kernel)" : "(no reference kernel in this report)";
  else if (x.diff === -1) diff.textContent = "(the same log as on the reference kernel " + D.reference + ")";
  else if (x.diff === -2) diff.textContent = "(the case did not run on the reference kernel)";
  else fillDiff(diff, D.diffs[x.diff]);
  for (const td of document.querySelectorAll("td.cell.open")) td.classList.remove("open");
  const td = document.querySelector('td.cell[data-case="' + CSS.escape(caseId) + '"][data-kernel="' +
    CSS.escape(kernelName) + '"]');
  if (td) td.classList.add("open");
  const want = "#open=" + encodeURIComponent(caseId) + "@" + encodeURIComponent(kernelName);
  if (location.hash !== want) history.replaceState(null, "", want);
  return true;
}

function fromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has("filter")) $("filter").value = params.get("filter");
  if (params.has("area")) $("area").value = params.get("area");
  applyFilters();
  const open = params.get("open");
  if (open) {
    const at = open.lastIndexOf("@");
    if (at > 0) openCell(open.slice(0, at), open.slice(at + 1));
  }
}

function init() {
  $("source").textContent = (D.source ? "From " + D.source + ". " : "") +
    "Reference kernel: " + (D.reference || "none") + ". Click a cell for its log and its diff " +
    "against the reference; #open=<case>@<kernel> in the URL opens one.";
  const legend = $("legend");
  for (const o of ["accept", "reject", "libbpf", "skip", "crash", "btf", "error"]) {
    legend.appendChild(el("span", { class: "cell o-" + o }, o));
  }
  legend.appendChild(document.createTextNode(" a dot: outcome differs from the reference; " +
    "red frame: differs from the kernel's verdict table"));
  for (const a of D.areas) $("area").appendChild(el("option", { value: a.name }, a.name));
  buildHead();
  buildBody();
  for (const id of ["filter", "area", "differ", "failed"]) $(id).addEventListener("input", applyFilters);
  $("close").addEventListener("click", () => { $("detail").hidden = true; history.replaceState(null, "", "#"); });
  window.addEventListener("hashchange", fromHash);
  fromHash();
  document.body.dataset.ready = "1";
}

init();
"""
