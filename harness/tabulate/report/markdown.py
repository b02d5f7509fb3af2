"""markdown.py: the kernel matrix as Markdown, for terminals and pull requests.

matrix.md is the index: the kernels, one line per area (how many cases,
how many behave differently on two kernels, how many failed against their
verdict table) linking to areas/<area>.md, and the failures.  An area's
page has the cases whose outcome differs between kernels as a table of
short cells (outcome and errno; a BTF case's first refused step), each
message once, numbered, below the table, wrapped; then the cases that are
the same on every kernel.  No line is long and no file holds everything.
"""
import re
import textwrap

from . import results as R

ICON = {"accept": "✅", "reject": "❌", "libbpf": "⛔", "skip": "⏭", "crash": "💥",
        "btf": "🔎", "error": "⚠️"}
FAILED = ("FAIL", "XPASS", "ERROR", "CRASH")
AREAS = "areas"
WIDTH = 100


def code_span(text):
    """text as a Markdown code span that survives a table cell."""
    text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def btf_short(message):
    """A BTF case's steps in a few words: ok, or the first refused step's
    verb and errno."""
    for step in (message or "").split("; "):
        stmt, _, outcome = step.rpartition(": ")
        if outcome.startswith("-E") or outcome.startswith("retval -"):
            return f"{stmt.split()[0] if stmt else 'step'} {outcome}"
    return "ok"


def cell_text(outcome, errno, message, note=None):
    """A short cell: the outcome and errno; note(message) numbers the
    message, which the page lists below its table."""
    msg = R.short_message(outcome, message)
    if outcome == "btf" and btf_short(message) == "ok":
        msg = ""        # every step ok: nothing more to say
    ref = f" [{note(msg)}]" if note and msg else ""
    words = {
        "accept": "accept",
        "reject": f"{errno}{ref}",
        "libbpf": f"libbpf {errno}{ref}",
        "skip": f"SKIP{ref}",
        "crash": f"CRASH{ref}",
        "btf": f"{btf_short(message)}{ref}",
        "error": f"ERROR{ref}",
    }[outcome]
    return f"{ICON[outcome]} {words}"


class Notes:
    """The messages of one page, numbered in order of first use."""

    def __init__(self):
        self.items = []

    def __call__(self, message):
        if message not in self.items:
            self.items.append(message)
        return self.items.index(message) + 1

    def lines(self):
        out = []
        for n, m in enumerate(self.items, 1):
            out += textwrap.wrap(f"- [{n}] {code_span(m)}", WIDTH, subsequent_indent="  ",
                                 break_long_words=True, break_on_hyphens=False)
        return out


def cell(kernel, case_id, note=None):
    """One cell: the outcome, marked ⚑ when it failed against the kernel's table."""
    o = kernel.outcome(case_id)
    if o is None:
        return "—"
    failed = kernel.cases[case_id].get("code") in FAILED
    return cell_text(*o, note) + (" ⚑" if failed else "")


def all_case_ids(kernels):
    """Every case id of any kernel, grouped by area, then by id."""
    cases = {}
    for k in kernels:
        for cid, c in k.cases.items():
            cases.setdefault(cid, c)
    return sorted(cases, key=lambda cid: (R.case_area(cases[cid]), cid)), cases


def by_area(kernels):
    """{area: [case id]} in area order."""
    ids, cases = all_case_ids(kernels)
    areas = {}
    for cid in ids:
        areas.setdefault(R.case_area(cases[cid]), []).append(cid)
    return areas


def differs(kernels, cid):
    return len({k.outcome(cid) for k in kernels}) > 1


def failed_on(kernels, cid):
    return any(cid in k.cases and k.cases[cid].get("code") in FAILED for k in kernels)


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


def area_file(area):
    """areas/<area>.md, the area's name made a file name."""
    return f"{AREAS}/" + "-".join(re.findall(r"[A-Za-z0-9]+", area)).lower() + ".md"


def areas_table(kernels, areas):
    lines = ["| area | cases | differ between kernels | failed against the tables |",
             "|---|---|---|---|"]
    for area, ids in areas.items():
        lines.append(f"| [{area}]({area_file(area)}) | {len(ids)} | "
                     f"{sum(differs(kernels, c) for c in ids)} | "
                     f"{sum(failed_on(kernels, c) for c in ids)} |")
    return lines


def differing_table(kernels, ids, note):
    """The cases whose outcome differs between kernels, short cells."""
    rows = [cid for cid in ids if differs(kernels, cid)]
    if not rows:
        return ["No case of this area behaves differently on any two kernels."]
    lines = ["| case | " + " | ".join(k.name for k in kernels) + " |",
             "|---|" + "---|" * len(kernels)]
    for cid in rows:
        lines.append(f"| `{cid}` | " + " | ".join(cell(k, cid, note) for k in kernels) + " |")
    return lines


def same_table(kernels, ids, note):
    """The cases with one outcome on every kernel, one row each."""
    lines = ["| case | on every kernel |", "|---|---|"]
    for cid in ids:
        outs = {k.outcome(cid) for k in kernels}
        if len(outs) == 1 and None not in outs:
            mark = " ⚑" if failed_on(kernels, cid) else ""
            lines.append(f"| `{cid}` | {cell_text(*outs.pop(), note)}{mark} |")
    return lines if len(lines) > 2 else ["None."]


def failures(kernels, most=20):
    """The cases that failed against their kernel's verdict table (at most
    `most` per kernel)."""
    lines = []
    for k in kernels:
        bad = [(cid, c) for cid, c in sorted(k.cases.items()) if c.get("code") in FAILED]
        for cid, c in bad[:most]:
            reason = (c.get("reason") or "").replace("|", "/")
            lines += textwrap.wrap(f"- {k.name} `{cid}`: {c.get('code')}: {reason}", WIDTH,
                                   subsequent_indent="  ", break_on_hyphens=False)
        if len(bad) > most:
            lines.append(f"- {k.name}: and {len(bad) - most} more (its results.json)")
    return lines or ["Every case of every kernel is as its verdict table says."]


LEGEND = ("✅ accepted · ❌ rejected, with its errno · ⛔ libbpf failed before the kernel saw the "
          "program · ⏭ skipped · 💥 the kernel crashed · 🔎 a BTF case: ok, or its first refused "
          "step · ⚠️ the harness could not judge it · [n] the message, listed below the table · "
          "⚑ differs from the kernel's verdict table (expected/verdicts/<kernel>.tsv)")


def area_page(kernels, area, ids, source=""):
    note = Notes()
    out = [f"# twc kernel matrix: {area}", ""]
    if source:
        out += textwrap.wrap(f"Generated by `make matrix` from {source}; do not edit. "
                             "[All areas](../matrix.md).", WIDTH, break_on_hyphens=False) + [""]
    out += textwrap.wrap(f"{len(ids)} cases on {len(kernels)} kernels. {LEGEND}", WIDTH)
    out += ["", "## Where the kernels differ", ""] + differing_table(kernels, ids, note)
    out += ["", "## The same on every kernel", ""] + same_table(kernels, ids, note)
    if note.items:
        out += ["", "## Messages", ""] + note.lines()
    return "\n".join(out) + "\n"


def render(kernels, reference, source=""):
    """The index: kernels, areas (linking to their pages), failures."""
    areas = by_area(kernels)
    n = sum(len(ids) for ids in areas.values())
    out = ["# twc kernel matrix", ""]
    if source:
        out += textwrap.wrap(f"Generated by `make matrix` from {source}; do not edit.", WIDTH,
                             break_on_hyphens=False) + [""]
    out += [f"{n} cases on {len(kernels)} kernels; each area's cases are on its page.", "",
            "## Kernels", ""] + kernels_table(kernels, reference)
    out += ["", "## Areas", ""] + areas_table(kernels, areas)
    out += ["", "## Against the verdict tables", ""] + failures(kernels)
    return "\n".join(out) + "\n"


def render_pages(kernels, reference, source=""):
    """{path relative to the index's directory: text}: the index
    (matrix.md) and areas/<area>.md."""
    pages = {"matrix.md": render(kernels, reference, source)}
    for area, ids in by_area(kernels).items():
        pages[area_file(area)] = area_page(kernels, area, ids, source)
    return pages
