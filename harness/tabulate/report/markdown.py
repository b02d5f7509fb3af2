"""markdown.py: the kernel matrix as Markdown, for terminals and pull requests.

Cases x kernels; a cell is the outcome on that kernel with its errno and
first error line (or why it was skipped, crashed, or failed in libbpf).
Cases that behave the same on every kernel are listed once, apart.
"""
from . import results as R

ICON = {"accept": "✅", "reject": "❌", "libbpf": "⛔", "skip": "⏭", "crash": "💥",
        "btf": "🔎", "error": "⚠️"}
FAILED = ("FAIL", "XPASS", "ERROR", "CRASH")


def code_span(text):
    """text as a Markdown code span that survives a table cell."""
    text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def cell_text(outcome, errno, message):
    """The words of a cell, without the failure mark."""
    msg = R.short_message(outcome, message)
    words = {
        "accept": "accept",
        "reject": f"{errno} {code_span(msg)}" if msg else errno,
        "libbpf": f"libbpf {errno}: {code_span(msg)}",
        "skip": f"SKIP: {code_span(msg)}",
        "crash": f"CRASH: {code_span(msg)}",
        "btf": f"BTF: {code_span(msg)}",
        "error": f"ERROR: {code_span(msg)}",
    }[outcome]
    return f"{ICON[outcome]} {words}"


def cell(kernel, case_id):
    """One cell: the outcome, marked ⚑ when it failed against the kernel's table."""
    o = kernel.outcome(case_id)
    if o is None:
        return "—"
    failed = kernel.cases[case_id].get("code") in FAILED
    return cell_text(*o) + (" ⚑" if failed else "")


def all_case_ids(kernels):
    """Every case id of any kernel, grouped by area, then by id."""
    cases = {}
    for k in kernels:
        for cid, c in k.cases.items():
            cases.setdefault(cid, c)
    return sorted(cases, key=lambda cid: (R.case_area(cases[cid]), cid)), cases


def kernels_table(kernels, reference):
    """One line per kernel: release and counts per outcome."""
    head = ["kernel", "release", "cases"] + list(R.OUTCOMES) + ["against its table"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for k in kernels:
        counts = {o: 0 for o in R.OUTCOMES}
        for cid in k.cases:
            counts[k.outcome(cid)[0]] += 1
        s = k.summary
        judged = f"{s.get('passed', 0)} passed, {s.get('failed', 0)} failed, " \
                 f"{s.get('skipped', 0)} skipped"
        name = f"**{k.name}** (reference)" if k.name == reference else k.name
        row = [name, f"`{k.release}`", str(len(k.cases))]
        row += [str(counts[o]) for o in R.OUTCOMES] + [judged]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def differing_tables(kernels, ids, cases):
    """Per area, a table of the cases whose outcome differs between kernels."""
    lines, area = [], None
    for cid in ids:
        outs = {k.outcome(cid) for k in kernels}
        if len(outs) == 1:
            continue
        a = R.case_area(cases[cid])
        if a != area:
            area = a
            lines += ["", f"### {a}", "",
                      "| case | " + " | ".join(k.name for k in kernels) + " |",
                      "|---|" + "---|" * len(kernels)]
        lines.append(f"| `{cid}` | " + " | ".join(cell(k, cid) for k in kernels) + " |")
    return lines or ["", "No case behaves differently on any two kernels."]


def same_table(kernels, ids):
    """The cases with one outcome on every kernel, one row each."""
    lines = ["| case | on every kernel |", "|---|---|"]
    for cid in ids:
        outs = {k.outcome(cid) for k in kernels}
        if len(outs) == 1 and None not in outs:
            failed = any(k.cases[cid].get("code") in FAILED for k in kernels)
            lines.append(f"| `{cid}` | {cell_text(*outs.pop())}{' ⚑' if failed else ''} |")
    return lines


def failures(kernels, most=20):
    """The cases that failed against their kernel's verdict table (at most
    `most` per kernel)."""
    lines = []
    for k in kernels:
        bad = [(cid, c) for cid, c in sorted(k.cases.items()) if c.get("code") in FAILED]
        for cid, c in bad[:most]:
            lines.append(f"- {k.name} `{cid}`: {c.get('code')}: "
                         f"{(c.get('reason') or '').replace('|', '/')}")
        if len(bad) > most:
            lines.append(f"- {k.name}: and {len(bad) - most} more (its results.json)")
    return lines or ["Every case of every kernel is as its verdict table says."]


def render(kernels, reference, source=""):
    """The whole Markdown matrix."""
    ids, cases = all_case_ids(kernels)
    legend = ("✅ accepted · ❌ rejected: errno and the first error line · ⛔ libbpf failed "
              "before the kernel saw the program · ⏭ skipped, and why · 💥 the kernel "
              "crashed · 🔎 a BTF case: its steps' outcomes · ⚠️ the harness could not "
              "judge it · ⚑ differs from the kernel's verdict table "
              "(expected/verdicts/<kernel>.tsv)")
    out = ["# twc kernel matrix", ""]
    if source:
        out += [f"Generated by `make matrix` from {source}; do not edit.", ""]
    out += [f"{len(ids)} cases on {len(kernels)} kernels. {legend}", "", "## Kernels", ""]
    out += kernels_table(kernels, reference)
    out += ["", "## Where the kernels differ"] + differing_tables(kernels, ids, cases)
    out += ["", "## The same on every kernel", ""] + same_table(kernels, ids)
    out += ["", "## Against the verdict tables", ""] + failures(kernels)
    return "\n".join(out) + "\n"
