"""kdiff.py: what changed between the results of two kernels (make diff).

In order: verdict changes (accept -> reject flagged loudly), message changes
(same verdict, other errno or first error line), a unified diff of each
case's normalized log, then verification statistics (insns processed,
states) that moved by more than a threshold.
"""
import difflib

from . import results as R

STATS = (("insns_processed", "insns"), ("total_states", "states"),
         ("peak_states", "peak states"))


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
    """Lines for the cases whose verdict differs; (lines, n, n_loud)."""
    loud, quiet = [], []
    for cid in ids:
        oa, ob = a.outcome(cid), b.outcome(cid)
        if oa is None or ob is None or oa[0] == ob[0]:
            continue
        if (oa[0], ob[0]) == ("accept", "reject"):
            loud += [f"!!! ACCEPT→REJECT  {cid}"]
            block = loud
        else:
            quiet += [f"    {oa[0] + '→' + ob[0]:<16} {cid}"]
            block = quiet
        block += [f"        A: {describe(oa)}", f"        B: {describe(ob)}"]
    return loud + quiet, (len(loud) + len(quiet)) // 3, len(loud) // 3


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


def stat_changes(a, b, ids, pct, minimum):
    """Lines for the statistics that moved beyond the threshold."""
    lines = []
    for cid in ids:
        ca, cb = a.cases.get(cid), b.cases.get(cid)
        if not ca or not cb or R.outcome_of(ca)[0] != R.outcome_of(cb)[0]:
            continue  # a verdict change says more than its statistics
        parts = []
        for key, label in STATS:
            va, vb = ca.get(key), cb.get(key)
            if moved(va, vb, pct, minimum):
                sign = "+" if vb >= va else ""
                parts.append(f"{label} {va} → {vb} ({sign}{(vb - va) * 100 // max(va, 1)}%)")
        if parts:
            lines.append(f"    {cid}: " + ", ".join(parts))
    return lines


def render(a, b, pct=10, minimum=5, context=3):
    """(text, changed): the whole diff of kernel a against kernel b."""
    ids = sorted(set(a.cases) | set(b.cases))
    only_a = [cid for cid in ids if cid not in b.cases]
    only_b = [cid for cid in ids if cid not in a.cases]
    vlines, nv, loud = verdict_changes(a, b, ids)
    mlines, nm = message_changes(a, b, ids)
    llines, nl = log_diffs(a, b, ids, context)
    slines = stat_changes(a, b, ids, pct, minimum)
    out = [f"twc diff: A = {a.name} ({a.release}), B = {b.name} ({b.release})",
           f"          results: {a.where}, {b.where}", ""]
    out += [f"== verdict changes: {nv} ({loud} accept→reject)"] + vlines + [""]
    out += [f"== message changes: {nm}"] + mlines + [""]
    out += [f"== log diffs: {nl} cases"] + llines + [""]
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
