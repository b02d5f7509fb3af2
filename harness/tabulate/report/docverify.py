"""docverify.py: every claim of the generated docs, checked against the
verdict tables, the goldens and the cases.

It reads the pages back (the Markdown, not the generator's data): each
cell of a per-kernel table, each group of a rule's "Kernels:" line, each
example and each cell of the index's tables is a claim about a named case
on a named kernel, and it must be what that kernel's verdict table says.
An example must exercise its rule: name it (first, when another case that
shows the same side does), and its golden (or, without one, a verdict
table) must show the side.  The checks are written apart from the
generator so that a generator bug is caught, not repeated.

verify(corpus, files) returns the problems, one line each.
"""
import re

from . import corpus as C
from . import results as R

SPAN_RE = re.compile(r"(`+) ?(.*?) ?\1")
RULE_HEAD_RE = re.compile(r'^<a id="[^"]+"></a>\n### (\S+)$', re.M)
EXAMPLE_RE = re.compile(r"^#### (Allowed|Refused): `([^`]+)`$", re.M)
ERRNO_RE = re.compile(r"-E[A-Z0-9]+")


# ---- reading Markdown back ----

def spans(text):
    """The code spans of a cell, unescaped."""
    return [m.group(2).replace("\\|", "|") for m in SPAN_RE.finditer(text)]


def table_rows(lines):
    """The cells of each row of the first table in lines, header first."""
    rows = []
    for line in lines:
        if not line.startswith("|"):
            if rows:
                break
            continue
        if re.match(r"^\|(---\|)+$", line):
            continue
        cells = re.split(r"(?<!\\) \| ", line.strip()[2:-2])
        rows.append(cells)
    return rows


def kernel_of(cell):
    return cell.split(" (")[0]


# ---- the facts ----

def case_shows(corpus, case, rule, row):
    """Whether a row shows the rule the way the case's side means it."""
    if row is None:
        return False
    outcome, _, message = row
    if case["kind"] == "btf":
        if outcome != "btf":
            return False
        steps = message.split("; ")
        refused = any(C.REFUSED_STEP_RE.match(s.rpartition(": ")[2]) for s in steps)
        rx = rule.get("rx")
        return (rx is not None and bool(rx.search("\n".join(steps)))) or not refused
    if case["verdict"] == "accept":
        return outcome == "accept"
    return outcome == "reject" and rule_message(corpus, case, rule, message)


def rule_message(corpus, case, rule, message):
    """The message is the rule's: its regex matches it, or it is the
    reference kernel's last line for the case, whose golden log matches."""
    rx = rule.get("rx")
    if rx is None:
        return False
    if rx.search(message):
        return True
    g = corpus.goldens.get(case["id"])
    return bool(g and g.get("message") == message and rx.search(g["text"]))


def opposite(case, row):
    """The row is the opposite of the case's directory."""
    if case["kind"] != "c" or row is None:
        return False
    return (case["verdict"], row[0]) in (("accept", "reject"), ("reject", "accept"))


# ---- one cell ----

def check_c_cell(corpus, case, rule, row, text):
    """A C example's cell against its row; [] or the problem."""
    outcome, errno, message = row
    msgs = spans(text)
    if opposite(case, row) and "though in" not in text:
        return [f"says {text!r} without flagging that {row[0]} contradicts "
                f"{case['verdict']}/"]
    if "accepted" in text.split(",")[0]:
        ok = outcome == "accept" and ("though in reject/" not in text or case["verdict"] == "reject")
    elif text.startswith(("❌ refused", "⚠ refused")):
        ok = outcome == "reject" and errno in text and bool(msgs) and msgs[0] == message
        ok = ok and ("though in accept/" not in text or case["verdict"] == "accept")
        if ok and "another message" in text:
            ok = not rule_message(corpus, case, rule, message)
        elif ok and text.startswith("❌"):
            ok = rule_message(corpus, case, rule, message)
        named = re.search(r"\(([A-Z][^()]*)'s message\)", text)
        for other in re.findall(r"[A-Z][A-Z-]*-[0-9]+", named.group(1)) if named else []:
            r = corpus.rules.get(other)
            ok = ok and r is not None and r["rx"] is not None and bool(r["rx"].search(message))
    else:
        return check_unknown_cell(row, text)
    return [] if ok else [f"says {text!r}, the table says {row}"]


def check_unknown_cell(row, text):
    outcome, errno, message = row
    msgs = spans(text)
    if "libbpf failed first" in text:
        ok = outcome == "libbpf" and errno in text and msgs == [R.short_message("libbpf", message)]
    elif "skipped" in text:
        ok = outcome == "skip" and msgs == [R.short_message("skip", message)]
    elif "crashed" in text:
        ok = outcome == "crash" and msgs == [message]
    elif "not judged" in text:
        ok = outcome == "error"
    elif "not recorded" in text:
        ok = outcome == "none"
    else:
        return [f"says {text!r}, which is no outcome"]
    return [] if ok else [f"says {text!r}, the table says {row}"]


def check_btf_cell(corpus, case, rule, row, text):
    outcome, _, message = row
    steps = message.split("; ") if outcome == "btf" else []
    golden = corpus.goldens.get(case["id"])
    if text.startswith(("⛔", "⏭", "💥", "—", "⚠️")):
        return check_unknown_cell(row, text)
    if text == "✅ no step refused":
        ok = bool(steps) and not any(C.REFUSED_STEP_RE.match(s.rpartition(": ")[2])
                                     for s in steps)
    elif text == "🔎 same steps as the reference kernel":
        ok = golden is not None and golden["summary"] == message
    else:
        ok = bool(steps) and all(s in steps for s in spans(text))
        if text.startswith("❌"):
            ok = ok and rule["rx"] is not None and bool(rule["rx"].search("\n".join(spans(text))))
        elif text.startswith("🔎 steps differ"):
            ok = ok and golden is not None and golden["summary"] != message
    return [] if ok else [f"says {text!r}, the table says {row}"]


def check_cell(corpus, case, rule, kernel, text):
    row = corpus.row(kernel, case["id"]) or ("none", "-", "-")
    if case["kind"] == "btf":
        return check_btf_cell(corpus, case, rule, row, text)
    return check_c_cell(corpus, case, rule, row, text)


def check_short(corpus, case, rule, kernel, text):
    """A cell of the folded table of all cases naming a rule."""
    row = corpus.row(kernel, case["id"]) or ("none", "-", "-")
    outcome, errno, message = row
    golden = corpus.goldens.get(case["id"])
    wants = {
        "⛔ libbpf": outcome == "libbpf", "⏭ skipped": outcome == "skip",
        "💥 crashed": outcome == "crash", "⚠️ not judged": outcome == "error",
        "— not recorded": outcome == "none", "✅ accepted": outcome == "accept",
        "⚠ accepted": outcome == "accept" and case["verdict"] == "reject",
        "🔎 same steps": bool(golden) and outcome == "btf" and golden["summary"] == message,
        "🔎 steps differ": bool(golden) and outcome == "btf" and golden["summary"] != message,
        "✅ no step refused": outcome == "btf" and case_shows(corpus, case, dict(rule, rx=None),
                                                             row),
        "❌ rule's message": outcome == "btf" and rule["rx"] is not None
        and bool(rule["rx"].search(message.replace("; ", "\n"))),
    }
    if opposite(case, row) and not text.startswith("⚠"):
        ok = False
    elif text in wants:
        ok = wants[text]
    elif text.endswith("rule's message"):
        ok = outcome == "reject" and errno in text and rule_message(corpus, case, rule, message)
    elif text.endswith("other message"):
        ok = outcome == "reject" and errno in text and not rule_message(corpus, case, rule,
                                                                        message)
    elif text.startswith("⚠ refused"):
        ok = outcome == "reject" and errno in text and case["verdict"] == "accept"
    else:
        ok = False
    return [] if ok else [f"says {text!r}, the table says {row}"]


# ---- a rule section ----

def check_kernel_table(corpus, rule, lines):
    rows = table_rows(lines)
    if not rows:
        return []
    problems, cases = [], []
    for head in rows[0][1:]:
        ids = spans(head)
        cases.append(corpus.cases.get(ids[0]) if ids and head.startswith(("allowed", "refused"))
                     else None)
    for cells in rows[1:]:
        kernel = kernel_of(cells[0])
        for case, text in zip(cases, cells[1:]):
            if case is not None:
                problems += [f"{kernel} `{case['id']}`: {p}"
                             for p in check_cell(corpus, case, rule, kernel, text)]
    return problems


def check_all_cases(corpus, rule, lines):
    start = next((i for i, l in enumerate(lines) if l.startswith("<details>")), None)
    if start is None:
        return []
    rows = table_rows(lines[start:])
    kernels = rows[0][2:]
    problems = []
    for cells in rows[1:]:
        case = corpus.cases.get(spans(cells[0])[0])
        if case is None or case not in counted_apart(corpus, rule):
            problems.append(f"counts {cells[0]}, which does not speak for {rule['id']}")
            continue
        for kernel, text in zip(kernels, cells[2:]):
            problems += [f"{kernel} `{case['id']}`: {p}"
                         for p in check_short(corpus, case, rule, kernel, text)]
    return problems


def kernels_named(text):
    """Kernel names of a summary group ("a, b (`x`, `y`), c")."""
    text = re.sub(r"\([^)]*\)", "", text)
    return [k.strip() for k in text.split(",") if k.strip()]


def golden_side(corpus, case, rule):
    """'allowed', 'refused' or None: the directory of a C case; for a BTF
    case what its golden shows."""
    if case["kind"] == "c" and case["verdict"] == "accept":
        return "allowed"
    if case["kind"] == "c":
        return "refused" if rule.get("rx") is not None else None
    g = corpus.goldens.get(case["id"])
    if g is None:
        return None
    if g["refused"] and rule.get("rx") is not None and rule["rx"].search(g["text"]):
        return "refused"
    return None if g["refused"] else "allowed"


def counted_apart(corpus, rule):
    """The cases whose results speak for the rule: naming it, with a known
    side; of a side where one is about the rule first, only those."""
    sides = {}
    for c in corpus.cases.values():
        side = golden_side(corpus, c, rule) if rule["id"] in c["rules"] else None
        if side:
            sides.setdefault(side, []).append(c)
    out = []
    for cases in sides.values():
        first = [c for c in cases if c["rules"][0] == rule["id"]]
        out += first or cases
    return out


def group_holds(corpus, rule, words, kernel):
    """Whether a group of the 'Kernels:' line is true of the kernel; a
    group "allowed side X and refused side Y" holds when each side's part
    holds of that side's cases."""
    parts = re.findall(r"(allowed|refused) side (.*?)(?= and (?:allowed|refused) side |$)", words)
    if parts:
        return all(side_holds(corpus, rule, w, kernel, side) for side, w in parts)
    return side_holds(corpus, rule, words, kernel, None)


def side_holds(corpus, rule, words, kernel, side):
    naming = [c for c in counted_apart(corpus, rule)
              if side is None or golden_side(corpus, c, rule) == side]
    rows = [(c, corpus.row(kernel, c["id"])) for c in naming]
    if words == "shown":
        return any(case_shows(corpus, c, rule, r) for c, r in rows)
    if words == "nothing known":
        return not any(r and r[0] in ("accept", "reject", "btf", "crash") for _, r in rows)
    if words == "the kernel crashed":
        return any(r and r[0] == "crash" for _, r in rows)
    if words == "refused with other messages only":
        return any(r and r[0] == "reject" and c["verdict"] == "reject" and
                   not rule_message(corpus, c, rule, r[2]) for c, r in rows) and \
            not any(case_shows(corpus, c, rule, r) for c, r in rows)
    if words.startswith(("same BTF steps", "BTF steps differ")):
        same = words.startswith("same")
        return any(r and r[0] == "btf" and corpus.goldens.get(c["id"]) and
                   (corpus.goldens[c["id"]]["summary"] == r[2]) == same for c, r in rows)
    if words.startswith("its message seen"):
        return rule["rx"] is not None and any(
            r and r[0] == "reject" and rule["rx"].search(r[2])
            for r in (corpus.row(kernel, cid) for cid in corpus.cases))
    m = re.match(r"refused with (.*)'s message$", words)
    if m:
        others = [corpus.rules.get(x.strip())
                  for x in re.split(r", | or ", m.group(1)) if x.strip() != "more"]
        return any(r and c["verdict"] == "accept" and r[0] == "reject" and
                   any(o and o["rx"] is not None and o["rx"].search(r[2]) for o in others)
                   for c, r in rows)
    return False


def check_contradicted(corpus, rule, text):
    problems = []
    for m in re.finditer(r"([\w.-]+) \(([^)]*)\)", text):
        kernel = m.group(1)
        for cid in spans(m.group(2)):
            case = corpus.cases.get(cid)
            if case is None or case not in counted_apart(corpus, rule) or \
                    not opposite(case, corpus.row(kernel, cid)):
                problems.append(f"says `{cid}` contradicts its directory on {kernel}: "
                                f"the table says {corpus.row(kernel, cid)}")
    return problems


def check_summary(corpus, rule, line):
    """The 'Kernels:' line, group by group."""
    problems = []
    for part in line[len("Kernels: "):].rstrip(".").split("; "):
        words, sep, where = part.partition(" on ")
        if not sep:
            continue
        if words == "⚠ contradicted":
            problems += check_contradicted(corpus, rule, where)
            continue
        for kernel in kernels_named(where):
            if kernel not in corpus.tables or not group_holds(corpus, rule, words, kernel):
                problems.append(f"says '{words}' on {kernel}, which no case result shows")
    return problems


def shows_side_apart(corpus, case, rule, allowed):
    """The side, from the golden (or the tables when there is none)."""
    g = corpus.goldens.get(case["id"])
    if case["kind"] == "c" and case["verdict"] != ("accept" if allowed else "reject"):
        return False
    if g is not None:
        if allowed:
            return not g["refused"]
        return g["refused"] and rule.get("rx") is not None and bool(rule["rx"].search(g["text"]))
    return any(case_shows(corpus, case, rule if not allowed else dict(rule, rx=None),
                          corpus.row(k, case["id"])) for k in corpus.tables)


def check_example(corpus, rule, side, cid):
    """An example exercises its rule: it names it (first, when another case
    showing that side does) and its golden shows the side."""
    case = corpus.cases.get(cid)
    allowed = side == "Allowed"
    if case is None:
        return [f"{side.lower()} example `{cid}` is no case"]
    if rule["id"] not in case["rules"]:
        return [f"{side.lower()} example `{cid}` does not name {rule['id']}"]
    if not shows_side_apart(corpus, case, rule, allowed):
        return [f"{side.lower()} example `{cid}`: its golden does not show the "
                f"{'accepted' if allowed else 'refused'} side of {rule['id']}"]
    if case["rules"][0] != rule["id"] and any(
            c["rules"][0] == rule["id"] and shows_side_apart(corpus, c, rule, allowed)
            for c in corpus.cases.values() if c["rules"]):
        return [f"{side.lower()} example `{cid}` is not about {rule['id']} first, while "
                "another case showing that side is"]
    return []


def check_rule(corpus, rule_id, text):
    rule = corpus.rules.get(rule_id)
    if rule is None:
        rule = dict(id=rule_id, rx=None, sides="", statement="", function="")
    lines = text.split("\n")
    problems = []
    summary = next((l for l in lines if l.startswith("Kernels: ")), None)
    if summary:
        problems += check_summary(corpus, rule, summary)
    first_example = next((i for i, l in enumerate(lines) if l.startswith("#### ")), len(lines))
    problems += check_kernel_table(corpus, rule, lines[:first_example])
    problems += check_all_cases(corpus, rule, lines[:first_example])
    for m in EXAMPLE_RE.finditer(text):
        problems += check_example(corpus, rule, m.group(1), m.group(2))
    return [f"{rule_id}: {p}" for p in problems]


def check_page(corpus, text):
    problems = []
    for m in re.finditer(r"^- \[([A-Z][A-Z-]*-[0-9]+)\]\(#[^)]*\): (.*)$", text, re.M):
        rule = corpus.rules.get(m.group(1))
        if rule:
            problems += [f"{rule['id']} (contents): {p}"
                         for p in check_summary(corpus, rule, f"Kernels: {m.group(2)}")]
    heads = list(RULE_HEAD_RE.finditer(text))
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        problems += check_rule(corpus, m.group(1), text[m.start():end])
    return problems


# ---- the index ----

def check_prog_table(corpus, text):
    """The program-type table: each kernel cell and the numbered messages."""
    start = text.find("| program type |")
    if start < 0:
        return []
    lines = text[start:].split("\n")
    rows = table_rows(lines)
    notes = dict(re.findall(r"^\[(\d+)\] (.*?)\s*$", text[start:], re.M))
    kernels, problems = rows[0][4:], []
    for cells in rows[1:]:
        cid = spans(cells[3])[0]
        for kernel, cell in zip(kernels, cells[4:]):
            row = corpus.row(kernel, cid) or ("none", "-", "-")
            problems += [f"index: {kernel} `{cid}`: {p}"
                         for p in check_prog_cell(row, cell, notes)]
        problems += [f"index: `{cid}`: {p}" for p in check_since(corpus, cid, cells[2])]
    return problems


def check_prog_cell(row, cell, notes):
    outcome, errno, message = row
    if cell == "✅":
        ok = outcome == "accept"
    elif cell.startswith("❌"):
        n = re.search(r"\[(\d+)\]", cell)
        ok = outcome == "reject" and errno in cell and n is not None and \
            spans(notes.get(n.group(1), "")) == [message]
    else:
        ok = {"⛔ libbpf": "libbpf", "⏭ skipped": "skip", "💥 crash": "crash",
              "—": "none"}.get(cell) == outcome
    return [] if ok else [f"says {cell!r}, the table says {row}"]


def check_since(corpus, cid, text):
    """'accepted since K': accepted on K and every newer kernel but the
    PREEMPT_RT ones; refused on the one before unless it says 'not known'
    (or K is the oldest)."""
    ks = [k for k, t in corpus.tables.items() if not t["rt"]]
    rows = {k: corpus.row(k, cid) for k in ks}
    if text.startswith("not on "):
        return [] if not rows[ks[-1]] or rows[ks[-1]][0] != "accept" else [f"says {text!r}"]
    first = text.split(" ")[0].rstrip(";")
    if first not in ks:
        return [f"says accepted since {first!r}, no such kernel"]
    i = ks.index(first)
    ok = all(rows[k] and rows[k][0] == "accept" for k in ks[i:])
    if i == 0:
        ok = ok and "oldest" in text
    elif "not known before" in text:
        ok = ok and rows[ks[i - 1]] is not None and rows[ks[i - 1]][0] in ("libbpf", "skip",
                                                                          "error", "crash")
    else:
        ok = ok and rows[ks[i - 1]] is not None and rows[ks[i - 1]][0] == "reject"
    return [] if ok else [f"says accepted since {text!r}, the tables say "
                          + ", ".join(f"{k}: {rows[k] and rows[k][0]}" for k in ks)]


def maptype_says(row):
    if row is None:
        return "not recorded"
    for step in row[2].split("; ") if row[0] == "btf" else []:
        stmt, _, outcome = step.rpartition(": ")
        if outcome.startswith("-E"):
            return f"{stmt.split()[0]} {outcome}"
    return "ok" if row[0] == "btf" else row[0]


def check_maptype_table(corpus, text):
    start = text.find("| map type |")
    if start < 0:
        return []
    rows = table_rows(text[start:].split("\n"))
    problems = []
    for cells in rows[1:]:
        mtype = spans(cells[0])[0][len("BPF_MAP_TYPE_"):].lower().replace("_", "-")
        for kind, cell in zip(("plain", "timer", "wq"), cells[1:]):
            cid = f"btf/maptype-{mtype}-{kind}"
            if cid not in corpus.cases:
                continue
            got = {k: maptype_says(corpus.row(k, cid)) for k in corpus.tables}
            if " on " not in cell:
                said = {k: spans(cell)[0] for k in corpus.tables}
            else:
                said = {k: spans(part)[0] for part in cell.split("; ")
                        for k in kernels_named(part.split(" on ", 1)[1])}
            if said != got:
                problems.append(f"index: `{cid}` says {cell!r}, the tables say {got}")
    return problems


def check_index(corpus, text):
    problems = check_prog_table(corpus, text) + check_maptype_table(corpus, text)
    for m in re.finditer(r"^- \[([A-Z][A-Z-]*-[0-9]+)\]\([^)]*\) \((.*?)\): ", text, re.M):
        rule = corpus.rules.get(m.group(1))
        if rule:
            problems += [f"index: {rule['id']}: {p}"
                         for p in check_summary(corpus, rule, f"Kernels: {m.group(2)}.")]
    return problems


def verify(corpus, files):
    """The problems of the docs (files: {path: text}), one line each."""
    problems = []
    for path, text in sorted(files.items()):
        found = check_index(corpus, text) if "/" not in path else check_page(corpus, text)
        problems += [f"{path}: {p}" for p in found]
    return problems
