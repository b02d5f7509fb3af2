#!/usr/bin/env python3
"""maptypes.py: the map-type table of the last run: map type x value.

Reads results.json of a run that judged the btf/maptype-* cases (make check
CASES='btf/maptype-*', or a whole make check) and prints, for every map
type of the reference kernel in enum order, what BPF_MAP_CREATE answered
for a plain 16-byte value (the control), a value holding a struct
bpf_timer, and one holding a struct bpf_wq: "ok" (created; for a timer or
wq a probe program also verified against it) or the errno.  A cell marked
'!' comes from a case that did not pass (its outcome differs from the
case's expectation); '?' means the run has no such case.

Exit status: 0 printed, 1 the run has no map-type results, 2 usage or I/O.
"""
import argparse
import importlib.util
import json
import os
import sys

FIELDS = ("plain", "timer", "wq")


def map_types():
    """Map type names in enum order, from the generator's table."""
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gen", "btf_maptypes.py")
    spec = importlib.util.spec_from_file_location("btf_maptypes", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return [row[0] for row in mod.TABLE]


def outcome(case):
    """'ok' or '-E...' of the case's map step; 'ok' needs the probe to pass too."""
    lines = [l for l in (case.get("log") or "").split("\n") if l and not l.startswith("  |")]
    got = next((l.rsplit(": ", 1)[1] for l in lines if l.startswith("map m ")), "?")
    probe = next((l.rsplit(": ", 1)[1] for l in lines if l.startswith("probe p ")), None)
    if got == "ok" and probe not in (None, "ok"):
        got = "ok, probe " + probe
    return got + ("" if case.get("code") == "PASS" else " !")


def table(results):
    """Rows of (map type, plain, timer, wq)."""
    by_id = {c["id"]: c for c in results.get("cases", [])}
    rows = []
    for name in map_types():
        cells = []
        for field in FIELDS:
            case = by_id.get("btf/maptype-%s-%s" % (name.replace("_", "-"), field))
            cells.append(outcome(case) if case else "?")
        rows.append(["BPF_MAP_TYPE_" + name.upper()] + cells)
    return rows


def render(rows, fmt, out):
    head = ["map type", "plain 16-byte value", "struct bpf_timer", "struct bpf_wq"]
    if fmt == "md":
        out.write("| %s |\n|%s\n" % (" | ".join(head), "---|" * len(head)))
        for r in rows:
            out.write("| %s |\n" % " | ".join("`%s`" % r[0] if i == 0 else c
                                             for i, c in enumerate(r)))
        return
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", help="results.json of the run")
    ap.add_argument("--format", choices=("text", "md"), default="text")
    args = ap.parse_args()
    try:
        with open(args.results, encoding="utf-8") as f:
            results = json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write("maptypes: %s: %s\n" % (args.results, e))
        return 2
    rows = table(results)
    if all(c == "?" for r in rows for c in r[1:]):
        sys.stderr.write("maptypes: %s has no btf/maptype-* results; run "
                         "make check CASES='btf/maptype-*' first\n" % args.results)
        return 1
    kernel = (results.get("kernel") or {}).get("release") or "unknown kernel"
    sys.stdout.write("BPF_MAP_CREATE by map type and value (%s):\n\n" % kernel)
    render(rows, args.format, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
