"""same.py: are two runs' results the same, case for case (tabulate.py same)?

Every field of every case's result (its code, stage, reason, outcome,
errno, statistics, normalized log, ...) must be equal in A and B, but the
fields that measure time, which two runs never share: the kernel's
verification time and the load's time (the normalized log has "verification
time <usec> usec" already).  The summary follows from the cases.  This is
how a run with two loaders is shown to judge exactly as a run with one.
"""
import difflib

TIMING = ("verification_time_usec", "load_ns")


def short(value, width=70):
    """A field's value on one line, cut to width."""
    text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."


def log_lines(cid, a, b, la, lb, max_lines=12):
    """The first lines of a unified diff of two normalized logs."""
    diff = list(difflib.unified_diff((la or "").splitlines(), (lb or "").splitlines(),
                                     f"{a.name}/{cid}", f"{b.name}/{cid}", lineterm=""))
    more = [f"    [... {len(diff) - max_lines} more diff lines]"] if len(diff) > max_lines else []
    return ["    " + line for line in diff[:max_lines]] + more


def differences(a, b, ignore=TIMING):
    """(lines naming each difference, the number of cases that differ):
    a case only one side has, a field whose values differ (a log with the
    start of its diff)."""
    lines, n = [], 0
    for cid in sorted(set(a.cases) | set(b.cases)):
        ca, cb = a.cases.get(cid), b.cases.get(cid)
        if ca is None or cb is None:
            lines.append(f"{cid}: only in {a.name if ca else b.name}")
            n += 1
            continue
        keys = [k for k in sorted(set(ca) | set(cb)) if k not in ignore and ca.get(k) != cb.get(k)]
        n += bool(keys)
        for k in keys:
            lines.append(f"{cid}: {k}: {short(ca.get(k))} in {a.name}, "
                         f"{short(cb.get(k))} in {b.name}")
            if k == "log":
                lines += log_lines(cid, a, b, ca.get(k), cb.get(k))
    return lines, n
