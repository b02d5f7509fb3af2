"""upstream.py: where each kernel differs from upstream's expectations
(tabulate.py upstream).

make matrix UPSTREAM=... judges each kernel's run of the upstream progs
files twice: against the kernel's verdict table (what it does, the gate)
and by the programs' own annotations, as the selftests' test_loader would
judge them on that kernel (<kernel>/upstream/results.json).  This is the
Markdown section of the second: per kernel the count of each result, then
every program that is not PASS on some kernel, with each kernel's result
and reason.
"""
import os

from . import results as R

CODES = ("PASS", "FAIL", "XPASS", "SKIP", "ERROR", "CRASH")
GOOD = ("PASS", "XFAIL")


def cell(case, width=90):
    """A case's result on one line of a Markdown table."""
    if case is None:
        return "-"
    code = case.get("code") or "?"
    if code in GOOD:
        return code
    reason = " ".join((case.get("reason") or "").split())
    if len(reason) > width:
        reason = reason[:width - 3] + "..."
    return f"{code}: {reason}".replace("|", "\\|") if reason else code


def section(kernels):
    """The Markdown lines of the section, kernels in column order."""
    names = [k.name for k in kernels]
    lines = ["## Where each kernel differs from upstream's expectations", "",
             "Each kernel's run judged by the programs' own annotations, as the "
             "selftests' test_loader would judge it on that kernel "
             "(`<kernel>/upstream/results.json`); the verdict tables "
             "(`expected/verdicts/upstream/<kernel>.tsv`) record what each kernel does.", "",
             "| result | " + " | ".join(names) + " |",
             "|---" * (len(names) + 1) + "|"]
    for code in CODES:
        counts = [sum(1 for c in k.cases.values() if c.get("code") == code) for k in kernels]
        if any(counts):
            lines.append(f"| {code} | " + " | ".join(map(str, counts)) + " |")
    ids = sorted({cid for k in kernels for cid, c in k.cases.items()
                  if c.get("code") not in GOOD})
    if not ids:
        return lines + ["", "Every program gets what its annotations expect on every kernel.", ""]
    lines += ["", f"{len(ids)} programs do not get what their annotations expect on some "
                  "kernel:", "", "| program | " + " | ".join(names) + " |",
              "|---" * (len(names) + 1) + "|"]
    for cid in ids:
        lines.append(f"| `{cid}` | " + " | ".join(cell(k.cases.get(cid)) for k in kernels) + " |")
    return lines + [""]


def render(dirs):
    """The section for these kernel results directories (each with upstream/)."""
    kernels = [R.load(os.path.join(d, "upstream"), R.load(d).name) for d in dirs]
    return "\n".join(section(kernels))
