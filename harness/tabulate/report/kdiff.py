"""kdiff.py: what changed between the results of two kernels (make diff).

In order: verdict changes (every change of outcome flagged "!!!"; accept ->
reject counted apart), message changes (same outcome, other errno or first
error line), a unified diff of each case's normalized log, then
verification statistics (insns processed, states) that moved by more than a
threshold, for cases the verifier ran on both sides.  Patterns select the
cases (fnmatch, "!" excludes) and a list the sections.
"""
import difflib
import fnmatch

from . import results as R

STATS = (("insns_processed", "insns"), ("total_states", "states"),
         ("peak_states", "peak states"))
SECTIONS = ("verdicts", "messages", "logs", "stats")


def selected(cid, patterns):
    """Does a case id pass the patterns (none: all; "!p" excludes, and wins)?"""
    inc = [p for p in patterns if not p.startswith("!")]
    if any(fnmatch.fnmatchcase(cid, p[1:]) for p in patterns if p.startswith("!")):
        return False
    return not inc or any(fnmatch.fnmatchcase(cid, p) for p in inc)


def describe(o):
    """An outcome on one line: "reject -EINVAL 'message'"."""
    if o is None:
        return "(not run)"
    outcome, errno, message = o
    if outcome == "accept":
        return "accept"
    parts = [outcome] + ([errno] if errno != "-" else [])
    return " ".join(parts) + (f" '{message}'" if message != "-" else "")


def verdict_changes(a, b, ids):
    """Lines for the cases whose outcome differs (accept, reject, libbpf,
    skip, crash, ...: every change is one to see); (lines, n, n_accept_reject).
    accept -> reject come first."""
    first, rest = [], []
    for cid in ids:
        oa, ob = a.outcome(cid), b.outcome(cid)
        if oa is None or ob is None or oa[0] == ob[0]:
            continue
        block = first if (oa[0], ob[0]) == ("accept", "reject") else rest
        block += [f"!!! {(oa[0] + '→' + ob[0]).upper():<18} {cid}",
                  f"        A: {describe(oa)}", f"        B: {describe(ob)}"]
    return first + rest, (len(first) + len(rest)) // 3, len(first) // 3


def message_changes(a, b, ids):
    """Lines for the cases with the same verdict and another errno or message."""
    lines = []
    for cid in ids:
        oa, ob = a.outcome(cid), b.outcome(cid)
        if oa is None or ob is None or oa[0] != ob[0] or oa == ob:
            continue
        lines += [f"    {cid}", f"        A: {describe(oa)}", f"        B: {describe(ob)}"]
    return lines, len(lines) // 3


def log_diffs(a, b, ids, context=3, max_lines=400):
    """A unified diff of the normalized log of every case whose log differs."""
    lines, n = [], 0
    for cid in ids:
        ca, cb = a.cases.get(cid), b.cases.get(cid)
        if not ca or not cb or (ca.get("log") or "") == (cb.get("log") or ""):
            continue
        n += 1
        diff = list(difflib.unified_diff(
            R.cap_log(ca.get("log")).splitlines(), R.cap_log(cb.get("log")).splitlines(),
            f"A/{cid} ({a.name})", f"B/{cid} ({b.name})", n=context, lineterm=""))
        if len(diff) > max_lines:
            cut = len(diff) - max_lines
            diff = diff[:max_lines] + [f"[... {cut} more diff lines; the logs are in "
                                       f"{a.where}/results.json and {b.where}/results.json]"]
        lines += diff
    return lines, n


def moved(va, vb, pct, minimum):
    """Did a statistic move by at least pct percent and minimum units?"""
    if va is None or vb is None:
        return False
    delta = abs(vb - va)
    return delta >= minimum and delta * 100 >= pct * max(va, 1)


def verified(case):
    """Did the verifier run on the case (its program reached BPF_PROG_LOAD)?"""
    return case.get("phase") == "load" and R.outcome_of(case)[0] in ("accept", "reject")


def stat_changes(a, b, ids, pct, minimum):
    """Lines for the statistics that moved beyond the threshold, of cases the
    verifier ran on both sides with the same outcome."""
    lines = []
    for cid in ids:
        ca, cb = a.cases.get(cid), b.cases.get(cid)
        if not ca or not cb or not verified(ca) or not verified(cb) or \
                R.outcome_of(ca)[0] != R.outcome_of(cb)[0]:
            continue  # an outcome change says more than its statistics
        parts = []
        for key, label in STATS:
            va, vb = ca.get(key), cb.get(key)
            if moved(va, vb, pct, minimum):
                sign = "+" if vb >= va else ""
                parts.append(f"{label} {va} → {vb} ({sign}{(vb - va) * 100 // max(va, 1)}%)")
        if parts:
            lines.append(f"    {cid}: " + ", ".join(parts))
    return lines


def render(a, b, pct=10, minimum=5, context=3, patterns=(), sections=SECTIONS):
    """(text, changed): the diff of kernel a against kernel b, for the cases
    the patterns select, in the sections asked for."""
    ids = sorted(cid for cid in set(a.cases) | set(b.cases) if selected(cid, patterns))
    only_a = [cid for cid in ids if cid not in b.cases]
    only_b = [cid for cid in ids if cid not in a.cases]
    vlines, nv, loud = verdict_changes(a, b, ids)
    mlines, nm = message_changes(a, b, ids)
    llines, nl = log_diffs(a, b, ids, context) if "logs" in sections else ([], 0)
    slines = stat_changes(a, b, ids, pct, minimum)
    out = [f"twc diff: A = {a.name} ({a.release}), B = {b.name} ({b.release})",
           f"          results: {a.where}, {b.where}; {len(ids)} cases"
           + (f" of {' '.join(patterns)}" if patterns else ""), ""]
    if "verdicts" in sections:
        out += [f"== verdict changes: {nv} ({loud} accept→reject)"] + vlines + [""]
    if "messages" in sections:
        out += [f"== message changes: {nm}"] + mlines + [""]
    if "logs" in sections:
        out += [f"== log diffs: {nl} cases"] + llines + [""]
    if "stats" in sections:
        out += [f"== verification stats that moved by {pct}% and {minimum} or more: "
                f"{len(slines)}"] + slines + [""]
    if only_a or only_b:
        out += [f"== only in A: {len(only_a)}"] + [f"    {c}" for c in only_a]
        out += [f"== only in B: {len(only_b)}"] + [f"    {c}" for c in only_b] + [""]
    changed = bool(nv or nm or nl or slines or only_a or only_b)
    out.append(f"diff: {nv} verdict changes ({loud} accept→reject), {nm} message changes, "
               f"{nl} log diffs, {len(slines)} stat changes, "
               f"{len(only_a) + len(only_b)} cases on one side only")
    return "\n".join(out) + "\n", changed
