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


def btf_refusal(steps):
    """The first refused step of a BTF case's steps (a verdict table's
    message: 'btf: ok; map m hash ...: -EOPNOTSUPP; ...'), or None."""
    for step in (steps or "").split("; "):
        stmt, _, outcome = step.rpartition(": ")
        if outcome.startswith("-E") or outcome.startswith("retval -"):
            return stmt, outcome
    return None


def colour(outcome, errno, message):
    """(colour key, label) of a cell: a BTF case is coloured by its steps,
    green when none was refused, red with the first refusal's errno."""
    if outcome != "btf":
        return outcome, label(outcome, errno)
    refused = btf_refusal(message)
    if refused is None:
        return "btf-ok", "ok"
    err = refused[1].split("(")[-1].rstrip(")") if "(" in refused[1] else refused[1]
    return "btf-refused", err.lstrip("-")


def expected_verdict(case):
    """'accept' or 'reject': what the case's directory says the reference
    kernel must do (None for a BTF case)."""
    exp = {"success": "accept", "failure": "reject"}.get(case.get("expected"))
    return exp or {"accept": "accept", "reject": "reject"}.get(case["id"].split("/")[0])


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
    key, text = colour(outcome, errno, message)
    cell = {"o": outcome, "k": key, "e": errno, "m": message, "l": text,
            "code": case.get("code"), "reason": case.get("reason"),
            "insns": case.get("insns_processed"), "log": logs.add(log)}
    expect = expected_verdict(case)
    if expect and outcome in ("accept", "reject") and outcome != expect:
        cell["contra"] = True
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
                     "description": c.get("description"), "expect": expected_verdict(c),
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
<label>compare <select id="cmp-a"><option value="">all kernels</option></select></label>
<label>with <select id="cmp-b"><option value="">—</option></select></label>
<label><input id="differ" type="checkbox"> only cases that differ between the kernels shown</label>
<label><input id="failed" type="checkbox"> only failures against the verdict tables</label>
<span id="shown"></span>
<a id="permalink">link to this view</a>
</div>
<p id="legend"></p>
</header>
<main>
<table id="matrix"><thead></thead><tbody></tbody></table>
<aside id="detail" hidden>
<button id="close" type="button" title="close">×</button>
<h2 id="detail-title"></h2>
<p id="detail-contra" hidden></p>
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
#permalink { margin-left: 10px; }
#legend span.cell { display: inline-block; min-width: 34px; margin-right: 6px; padding: 0 4px; }
main { display: flex; align-items: flex-start; }
#matrix { border-collapse: collapse; margin: 8px 16px; }
#matrix th, #matrix td { border: 1px solid #e3e3e3; padding: 1px 4px; }
#matrix thead th { position: sticky; top: var(--head, 96px); background: #fff; font-weight: 600; z-index: 1; }
#matrix th.case { text-align: left; font-weight: normal; font-family: monospace; white-space: nowrap; }
#matrix th.case .rules { color: #888; margin-left: 6px; }
#matrix tr.area th { background: #eceff1; text-align: left; font-weight: 600; }
td.cell, span.cell { text-align: center; font: 11px monospace; cursor: pointer; color: #fff; min-width: 44px; position: relative; }
.o-accept { background: #2e7d32; }
.o-reject { background: #c62828; }
.o-libbpf { background: #6a1b9a; }
.o-skip { background: #9e9e9e; }
.o-crash { background: #111; color: #ffeb3b !important; }
.o-btf-ok { background: #66bb6a; box-shadow: inset 0 -3px 0 #1565c0; }
.o-btf-refused { background: #e57373; box-shadow: inset 0 -3px 0 #1565c0; }
.o-error { background: #ef6c00; }
.o-none { background: #fff; color: #999 !important; }
td.cell.differs::after { content: ""; position: absolute; top: 1px; right: 1px; width: 5px; height: 5px; border-radius: 50%; background: #fff; }
td.cell.contra::before { content: ""; position: absolute; top: 0; left: 0; border-style: solid; border-width: 8px 8px 0 0; border-color: #ffd600 transparent transparent transparent; }
td.cell.failed { outline: 3px solid #ff1744; outline-offset: -3px; }
td.cell.open { box-shadow: inset 0 0 0 2px #ffd600; }
.off { display: none; }
td.change, th.change { font: 11px monospace; white-space: nowrap; text-align: left; }
body:not(.comparing) .change { display: none; }
#detail { position: sticky; top: calc(var(--head, 96px) + 4px); margin: 8px 16px 8px 0; padding: 8px 12px; background: #fff; border: 1px solid #ccc; flex: 1; min-width: 420px; max-height: calc(100vh - var(--head, 96px) - 24px); overflow: auto; }
#detail h2 { font-size: 15px; margin: 0 24px 6px 0; font-family: monospace; }
#detail h3 { font-size: 13px; margin: 10px 0 4px; }
#detail-contra { margin: 4px 0 8px; padding: 4px 8px; background: #fff8e1; border-left: 4px solid #ffd600; font-weight: 600; }
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
const KEY_WORDS = { "btf-ok": "BTF case, no step refused", "btf-refused": "BTF case, a step refused" };
const FAILED = ["FAIL", "XPASS", "ERROR", "CRASH"];
let openNow = null;   // [case, kernel] of the drill-down, or null

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// "expected reject, accepted": the case's directory against this kernel's outcome.
function contraWords(c, x) {
  if (!x || !x.contra) return "";
  return "expected " + c.expect + ", " + (x.o === "accept" ? "accepted" : "rejected " + x.e);
}

function cellTitle(c, k, x) {
  if (!x) return k.name + ": not run";
  let t = k.name + ": " + (x.k.startsWith("btf") ? KEY_WORDS[x.k] : x.o) +
    (x.e !== "-" ? " " + x.e : "") + (x.m !== "-" ? "\n" + x.m : "");
  if (x.contra) t += "\n" + contraWords(c, x);
  if (FAILED.includes(x.code)) t += "\n" + x.code + ": " + (x.reason || "");
  return t;
}

function buildHead() {
  const tr = el("tr");
  tr.appendChild(el("th", {}, "case"));
  for (const k of D.kernels) {
    const th = el("th", { title: k.release + " " + k.version, "data-kernel": k.name }, k.name);
    if (k.name === D.reference) th.textContent += " (ref)";
    tr.appendChild(th);
  }
  tr.appendChild(el("th", { class: "change" }, "change"));
  document.querySelector("#matrix thead").appendChild(tr);
}

function buildCell(c, x, k) {
  const td = el("td", { class: "cell o-" + (x ? x.k : "none"), "data-kernel": k.name,
    "data-case": c.id, "data-outcome": x ? x.k : "none", title: cellTitle(c, k, x) }, x ? x.l : "—");
  if (x && x.same === false) td.classList.add("differs");
  if (x && x.contra) td.classList.add("contra");
  if (x && FAILED.includes(x.code)) td.classList.add("failed");
  td.addEventListener("click", () => { openCell(c.id, k.name, false); writeState(); });
  return td;
}

function buildBody() {
  const body = document.querySelector("#matrix tbody");
  const areaTitle = Object.fromEntries(D.areas.map((a) => [a.name, a.title]));
  let area = null;
  D.cases.forEach((c) => {
    if (c.area !== area) {
      area = c.area;
      const tr = el("tr", { class: "area", "data-area": area });
      const n = D.cases.filter((x) => x.area === area).length;
      tr.appendChild(el("th", { colspan: D.kernels.length + 2 },
        area + (areaTitle[area] ? " — " + areaTitle[area] : "") + " (" + n + ")"));
      body.appendChild(tr);
    }
    const tr = el("tr", { class: "row", "data-case": c.id, "data-area": c.area });
    const th = el("th", { class: "case", title: c.description || "" }, c.id);
    th.appendChild(el("span", { class: "rules" }, c.rules.join(" ")));
    tr.appendChild(th);
    c.cells.forEach((x, ki) => tr.appendChild(buildCell(c, x, D.kernels[ki])));
    tr.appendChild(el("td", { class: "change" }));
    body.appendChild(tr);
  });
}

// ---- the state: controls <-> URL fragment ----

function compared() {
  const a = $("cmp-a").value, b = $("cmp-b").value;
  return a && b && a !== b ? [a, b] : null;
}

function shownKernels() {
  const pair = compared();
  return D.kernels.map((k, i) => i).filter((i) => !pair || pair.includes(D.kernels[i].name));
}

function stateHash() {
  const p = new URLSearchParams();
  if ($("filter").value) p.set("filter", $("filter").value);
  if ($("area").value) p.set("area", $("area").value);
  if (compared()) { p.set("a", $("cmp-a").value); p.set("b", $("cmp-b").value); }
  if ($("differ").checked) p.set("differ", "1");
  if ($("failed").checked) p.set("failed", "1");
  if (openNow) p.set("open", openNow[0] + "@" + openNow[1]);
  const text = p.toString().replace(/%2F/g, "/").replace(/%40/g, "@");
  return text ? "#" + text : "#";
}

function writeState() {
  const want = stateHash();
  $("permalink").setAttribute("href", want);
  if (location.hash !== want && !(want === "#" && !location.hash)) history.replaceState(null, "", want);
}

function readState() {
  const p = new URLSearchParams(location.hash.slice(1));
  $("filter").value = p.get("filter") || "";
  $("area").value = p.get("area") || "";
  $("cmp-a").value = p.get("a") || "";
  $("cmp-b").value = p.get("b") || "";
  $("differ").checked = p.get("differ") === "1";
  $("failed").checked = p.get("failed") === "1";
  const open = p.get("open") || "", at = open.lastIndexOf("@");
  return at > 0 ? [open.slice(0, at), open.slice(at + 1)] : null;
}

// ---- filters and the compare view ----

function key(x) { return x ? x.o + "\t" + x.e + "\t" + x.m : "none"; }

function rowDiffers(c) {
  return new Set(shownKernels().map((i) => key(c.cells[i]))).size > 1;
}

function changeText(c, pair) {
  const [xa, xb] = pair.map((n) => c.cells[D.kernels.findIndex((k) => k.name === n)]);
  const word = (x) => !x ? "not run" : x.k.startsWith("btf") ? "btf " + (x.k === "btf-ok" ? "ok" : "refused " + x.l) :
    x.o === "accept" ? "accept" : x.o + (x.e !== "-" ? " " + x.e : "");
  if (key(xa) === key(xb)) return "";
  return word(xa) === word(xb) ? word(xa) + ", message changed" : word(xa) + " → " + word(xb);
}

function applyColumns() {
  const pair = compared();
  document.body.classList.toggle("comparing", !!pair);
  for (const e of document.querySelectorAll("#matrix [data-kernel]"))
    e.classList.toggle("off", !!pair && !pair.includes(e.dataset.kernel));
  for (const tr of document.querySelectorAll("tr.area th")) tr.colSpan = (pair ? 3 : D.kernels.length + 1) + 1;
  if (pair) {
    document.querySelector("th.change").textContent = pair[0] + " → " + pair[1];
    for (const c of D.cases)
      document.querySelector('tr.row[data-case="' + CSS.escape(c.id) + '"] td.change').textContent = changeText(c, pair);
  }
}

function rowShown(c, text, area, differ, failed) {
  const hay = (c.id + " " + c.rules.join(" ") + " " + (c.description || "") + " " +
    c.cells.map((x) => x ? x.m + " " + x.e : "").join(" ")).toLowerCase();
  return (!text || hay.includes(text)) && (!area || c.area === area) &&
    (!differ || rowDiffers(c)) && (!failed || c.cells.some((x) => x && FAILED.includes(x.code)));
}

function applyFilters() {
  applyColumns();
  const text = $("filter").value.trim().toLowerCase(), area = $("area").value;
  const differ = $("differ").checked, failed = $("failed").checked;
  const visibleAreas = new Set();
  let shown = 0;
  for (const c of D.cases) {
    const ok = rowShown(c, text, area, differ, failed) || (openNow && openNow[0] === c.id);
    document.querySelector('tr.row[data-case="' + CSS.escape(c.id) + '"]').hidden = !ok;
    if (ok) { visibleAreas.add(c.area); shown++; }
  }
  for (const tr of document.querySelectorAll("tr.area")) tr.hidden = !visibleAreas.has(tr.dataset.area);
  const pair = compared();
  $("shown").textContent = shown + " of " + D.cases.length + " cases shown" +
    (pair ? " (" + pair[0] + " compared with " + pair[1] + ")" : "");
}

// ---- the drill-down ----

function fillDiff(pre, text) {
  pre.textContent = "";
  for (const line of text.split("\n")) {
    const cls = line.startsWith("+++") || line.startsWith("---") ? "" :
      line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "";
    pre.appendChild(el("span", cls ? { class: cls } : {}, line + "\n"));
  }
}

function judgedText(k, x) {
  const table = k.name === D.reference ? "its goldens and verdict table" : k.name + "'s verdict table";
  if (FAILED.includes(x.code)) return "differs from " + table + " (" + x.code + "): " + (x.reason || "");
  if (x.code === "XFAIL") return "a known failure, recorded in " + table + (x.reason ? ": " + x.reason : "");
  return "as " + table + " records (" + x.code + ")";
}

function fillFacts(c, k, x) {
  const facts = $("detail-facts");
  facts.textContent = "";
  const add = (t, v) => { facts.appendChild(el("dt", {}, t)); facts.appendChild(el("dd", {}, v)); };
  add("kernel", k.release);
  add("expected", c.expect ? c.expect + " (the case is in " + c.expect + "/: what the reference kernel must do)"
    : "the steps of its BTF case");
  add("outcome", x ? (x.k.startsWith("btf") ? KEY_WORDS[x.k] : x.o + " (" + OUTCOME_WORDS[x.o] + ")")
    : "not run on this kernel");
  if (x) {
    add("errno", x.e);
    add(x.o === "btf" ? "steps" : "message", x.m);
    add("against", judgedText(k, x));
    if (x.insns !== null && x.insns !== undefined) add("insns processed", String(x.insns));
  }
  add("rules", c.rules.join(", ") || "-");
  if (c.description) add("description", c.description);
}

function fillLogs(kernelName, x) {
  $("detail-log").textContent = x ? D.logs[x.log] || "(no log)" : "";
  const diff = $("detail-diff");
  if (!x || x.diff === null) diff.textContent = kernelName === D.reference ?
    "(this is the reference kernel)" : "(no reference kernel in this report)";
  else if (x.diff === -1) diff.textContent = "(the same log as on the reference kernel " + D.reference + ")";
  else if (x.diff === -2) diff.textContent = "(the case did not run on the reference kernel)";
  else fillDiff(diff, D.diffs[x.diff]);
}

function openCell(caseId, kernelName, scroll) {
  const ci = D.cases.findIndex((c) => c.id === caseId);
  const ki = D.kernels.findIndex((k) => k.name === kernelName);
  if (ci < 0 || ki < 0) return false;
  const c = D.cases[ci], k = D.kernels[ki], x = c.cells[ki], d = $("detail");
  openNow = [caseId, kernelName];
  d.hidden = false;
  d.dataset.case = caseId;
  d.dataset.kernel = kernelName;
  $("detail-title").textContent = caseId + " on " + kernelName;
  $("detail-contra").hidden = !(x && x.contra);
  $("detail-contra").textContent = contraWords(c, x);
  fillFacts(c, k, x);
  fillLogs(kernelName, x);
  for (const td of document.querySelectorAll("td.cell.open")) td.classList.remove("open");
  const row = document.querySelector('tr.row[data-case="' + CSS.escape(caseId) + '"]');
  const td = row.querySelector('td.cell[data-kernel="' + CSS.escape(kernelName) + '"]');
  td.classList.add("open");
  if (row.hidden) applyFilters();
  if (scroll) td.scrollIntoView({ block: "center", inline: "nearest" });
  return true;
}

function closeCell() {
  openNow = null;
  $("detail").hidden = true;
  for (const td of document.querySelectorAll("td.cell.open")) td.classList.remove("open");
  writeState();
}

function fromHash() {
  const open = readState();
  openNow = null;
  applyFilters();
  if (open) openCell(open[0], open[1], true);
  else $("detail").hidden = true;
  writeState();
}

function fillControls() {
  const legend = $("legend");
  for (const o of ["accept", "reject", "btf-ok", "btf-refused", "libbpf", "skip", "crash", "error"])
    legend.appendChild(el("span", { class: "cell o-" + o }, o.replace("-", " ")));
  legend.appendChild(document.createTextNode(" a dot: outcome differs from the reference; " +
    "yellow corner: the opposite of the case's directory (expected reject, accepted); " +
    "red frame: differs from the kernel's verdict table"));
  for (const a of D.areas) $("area").appendChild(el("option", { value: a.name }, a.name));
  for (const k of D.kernels) {
    $("cmp-a").appendChild(el("option", { value: k.name }, k.name));
    $("cmp-b").appendChild(el("option", { value: k.name }, k.name));
  }
}

function onControl(e) {
  if ((e.target.id === "cmp-a" || e.target.id === "cmp-b") && compared()) $("differ").checked = true;
  applyFilters();
  writeState();
}

function init() {
  $("source").textContent = (D.source ? "From " + D.source + ". " : "") +
    "Reference kernel: " + (D.reference || "none") + ". Click a cell for its log and its diff " +
    "against the reference; pick two kernels to compare them; the URL keeps the view.";
  fillControls();
  buildHead();
  buildBody();
  for (const id of ["filter", "area", "differ", "failed", "cmp-a", "cmp-b"]) {
    $(id).addEventListener("input", onControl);
    $(id).addEventListener("change", onControl);
  }
  $("close").addEventListener("click", closeCell);
  window.addEventListener("hashchange", fromHash);
  // the kernel names stick below the header, however tall its controls wrap
  const header = document.querySelector("header");
  const setHead = () => document.documentElement.style.setProperty("--head", header.offsetHeight + "px");
  new ResizeObserver(setHead).observe(header);
  setHead();
  fromHash();
  document.body.dataset.ready = "1";
}

init();
"""
