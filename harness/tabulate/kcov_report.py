#!/usr/bin/env python3
"""kcov report: verifier line and branch coverage of the twc corpus.

Two steps of `make kcov` (harness/sh/kcov.sh):

  report.py split --stream RUN/stream --out RUN/stream.judge --gcda-dir DIR
      Take the GCDA records (harness/guest/gcov-init.c) out of a run's
      stream: the .gcda files go under DIR (at their path in the guest's
      debugfs, which is the build directory's path), the rest of the stream
      goes to --out for the judge.

  report.py report --gcda-dir DIR --work DIR --src TREE --targets FILE
                   [--summary FILE] [--kernel TEXT] [--corpus TEXT]
      Run gcov (gcc's, JSON format, branch counts) on each source file the
      targets name, cut out the target functions and regions, print a table
      and every unexecuted line, and write the same as Markdown to
      --summary.

Exit codes: 0 ok, 1 no coverage data or a target not found, 2 usage.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

BLOB_TAGS = {b"LOG", b"LIBBPF", b"CONSOLE", b"STEPLOG", b"XLATED", b"BPFSTREAM"}
LABEL_RE = re.compile(r"\s*(case\b.*|default\s*):")


def split_stream(data):
    """Return (stream without GCDA records, {path: bytes}, GCDA-END count, boots)."""
    out, gcda, ends, boots = [], {}, 0, 0
    pos = 0
    while pos < len(data):
        nl = data.find(b"\n", pos)
        if nl < 0:
            out.append(data[pos:])
            break
        f = data[pos:nl].split(b" ")
        if f[0] == b"GCDA" and len(f) >= 3:
            start, n = nl + 1, int(f[1])
            if start + n + 1 > len(data) or data[start + n:start + n + 1] != b"\n":
                raise ValueError("GCDA record of %s is truncated" % f[2].decode())
            gcda[b" ".join(f[2:]).decode()] = data[start:start + n]
            pos = start + n + 1
            continue
        if f[0] == b"GCDA-END":
            ends += 1
            pos = nl + 1
            continue
        end = nl + 1
        if f[0] in BLOB_TAGS and len(f) >= 3 and f[2].isdigit():
            end = nl + 1 + int(f[2]) + 1
        boots += f[0] == b"BOOT"
        out.append(data[pos:end])
        pos = end
    return b"".join(out), gcda, ends, boots


def cmd_split(args):
    with open(args.stream, "rb") as f:
        data = f.read()
    try:
        clean, gcda, ends, boots = split_stream(data)
    except ValueError as e:
        print("kcov: %s: %s" % (args.stream, e), file=sys.stderr)
        return 1
    with open(args.out, "wb") as f:
        f.write(clean)
    for path, blob in gcda.items():
        dest = os.path.join(args.gcda_dir, path.lstrip("/"))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(blob)
    if not ends:
        print("kcov: no GCDA-END in %s: the guest did not send coverage data "
              "(not a gcov kernel, or it never finished)" % args.stream, file=sys.stderr)
        return 1
    note = ""
    if boots > 1:
        note = "; %d boots: the data covers the cases of the last boot only" % boots
    print("kcov: %d .gcda files, %d bytes%s" % (len(gcda), sum(map(len, gcda.values())), note))
    return 0


def read_targets(path):
    """[(file, function, region regex or None)] from the targets file."""
    targets = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 2:
                raise ValueError("%s: bad line: %s" % (path, line))
            targets.append((parts[0], parts[1], parts[2] if len(parts) > 2 else None))
    return targets


def gcov_json(gcda_dir, work, src_file):
    """Run gcov on the .gcda of src_file (e.g. kernel/bpf/verifier.c); its JSON."""
    stem = os.path.splitext(os.path.basename(src_file))[0]
    suffix = "/" + os.path.splitext(src_file)[0] + ".gcda"
    found = [os.path.join(r, n) for r, _, ns in os.walk(gcda_dir) for n in ns
             if os.path.join(r, n).endswith(suffix)]
    if not found:
        return None
    gcda = found[0]
    objdir = "/" + os.path.relpath(os.path.dirname(gcda), gcda_dir)
    work = os.path.abspath(work)
    wdir = os.path.join(work, os.path.dirname(src_file))
    os.makedirs(wdir, exist_ok=True)
    shutil.copyfile(gcda, os.path.join(wdir, stem + ".gcda"))
    gcno = os.path.join(wdir, stem + ".gcno")
    if not os.path.exists(gcno):
        os.symlink(os.path.join(objdir, stem + ".gcno"), gcno)
    res = subprocess.run(["gcov", "-b", "-t", "--json-format", "-o", wdir, stem + ".c"],
                         cwd=work, capture_output=True, check=False)
    if res.returncode:
        raise RuntimeError("gcov failed on %s: %s" % (gcda, res.stderr.decode()[-400:]))
    return json.loads(res.stdout)


def file_lines(doc, src_file):
    """{line number: gcov line record} of src_file in a gcov JSON document."""
    for f in doc["files"]:
        if f["file"] == src_file or f["file"].endswith("/" + src_file):
            return {l["line_number"]: l for l in f["lines"]}
    return {}


def function_extent(lines, name):
    """(first, last) 0-based line indexes of function name's definition, or None."""
    head = re.compile(r"^[A-Za-z_].*\b" + re.escape(name) + r"\(")
    for i, l in enumerate(lines):
        if not head.match(l) or l.rstrip().endswith(";"):
            continue
        j = i
        while j < len(lines) and lines[j].rstrip() != "{" and not lines[j].rstrip().endswith(";"):
            j += 1
        if j < len(lines) and lines[j].rstrip() == "{":
            for k in range(j + 1, len(lines)):
                if lines[k].startswith("}"):
                    return i, k
    return None


def indent(line):
    return len(line.expandtabs(8)) - len(line.expandtabs(8).lstrip())


def code_of(line):
    """A line without strings, character literals and comments (roughly)."""
    line = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'', '""', line)
    line = re.sub(r"/\*.*?\*/", "", line)
    return re.sub(r"(//|/\*).*", "", line)


def region_at(lines, i, last):
    """Indexes of the region that starts at line i (see harness/kernels/kcov.targets)."""
    if LABEL_RE.match(lines[i]):
        ind, j = indent(lines[i]), i + 1
        while j <= last and LABEL_RE.match(lines[j]) and indent(lines[j]) == ind:
            j += 1
        while j <= last:
            l = lines[j]
            if l.strip() and indent(l) <= ind and (LABEL_RE.match(l) or l.strip().startswith("}")):
                break
            j += 1
        return range(i, j)
    depth, opened = 0, False
    for j in range(i, last + 1):
        code = code_of(lines[j])
        depth += code.count("{") - code.count("}")
        opened = opened or "{" in code
        if (opened and depth <= 0) or (not opened and code.rstrip().endswith(";")):
            return range(i, j + 1)
    return range(i, last + 1)


def target_lines(lines, name, region):
    """Line numbers (1-based) a target covers, or None if the function is missing."""
    ext = function_extent(lines, name)
    if not ext:
        return None
    first, last = ext
    if not region:
        return set(range(first + 1, last + 2))
    rx = re.compile(region)
    sel = set()
    for i in range(first, last + 1):
        if rx.search(lines[i]):
            sel.update(n + 1 for n in region_at(lines, i, last))
    return sel


def measure(target, src_lines, cov):
    """Coverage figures and unexecuted lines of one target."""
    file, name, region = target
    sel = target_lines(src_lines, name, region)
    if sel is None:
        return None
    r = {"file": file, "function": name, "region": region or "", "lines": 0, "hit": 0,
         "branches": 0, "taken": 0, "uncovered": [], "partial": [],
         "span": (min(sel), max(sel)) if sel else (0, 0)}
    for n in sorted(sel):
        rec = cov.get(n)
        if not rec:
            continue
        r["lines"] += 1
        r["hit"] += rec["count"] > 0
        br = rec.get("branches", [])
        r["branches"] += len(br)
        r["taken"] += sum(b["count"] > 0 for b in br)
        if rec["count"] == 0:
            r["uncovered"].append((n, src_lines[n - 1].strip()))
        elif any(b["count"] == 0 for b in br):
            r["partial"].append(n)
    return r


def pct(a, b):
    return "%5.1f%%" % (100.0 * a / b) if b else "    -"


def render_text(results):
    out = ["%-32s %-22s %13s %7s %13s %7s" % ("function", "file", "lines", "", "branches", "")]
    for r in results:
        out.append("%-32s %-22s %6d/%-6d %7s %6d/%-6d %7s" % (
            r["function"] + (" [part]" if r["region"] else ""), os.path.basename(r["file"]),
            r["hit"], r["lines"], pct(r["hit"], r["lines"]), r["taken"], r["branches"],
            pct(r["taken"], r["branches"])))
    t = totals(results)
    out.append("%-32s %-22s %6d/%-6d %7s %6d/%-6d %7s" % (
        "total", "", t["hit"], t["lines"], pct(t["hit"], t["lines"]), t["taken"],
        t["branches"], pct(t["taken"], t["branches"])))
    out.append("")
    for r in results:
        for n, text in r["uncovered"]:
            out.append("uncovered: %s:%d %s: %s" % (r["file"], n, r["function"], text))
    return "\n".join(out)


def totals(results):
    return {k: sum(r[k] for r in results) for k in ("lines", "hit", "branches", "taken")}


def render_markdown(results, args):
    t = totals(results)
    md = ["# Verifier coverage of the timer, workqueue, async-callback and stack-depth rules",
          "",
          "Written by `make kcov` (`harness/sh/kcov.sh`, `harness/tabulate/kcov_report.py`); do not edit.",
          "The coverage kernel is `kernel-config` plus `harness/kernels/kcov.config`, with",
          "gcov profiling of `kernel/bpf/` (gcc's gcov, line and branch counts); the targets",
          "are listed in `harness/kernels/kcov.targets`. Line numbers are those of the tree below.",
          "",
          "- kernel: %s" % (args.kernel or "?"),
          "- corpus: %s" % (args.corpus or "?"),
          "- total: lines %d/%d (%s), branches %d/%d (%s)" % (
              t["hit"], t["lines"], pct(t["hit"], t["lines"]).strip(), t["taken"],
              t["branches"], pct(t["taken"], t["branches"]).strip()),
          "",
          "| function | file | part | lines | line % | branches | branch % |",
          "|---|---|---|---:|---:|---:|---:|"]
    for r in results:
        md.append("| `%s` | %s:%d-%d | %s | %d/%d | %s | %d/%d | %s |" % (
            r["function"], r["file"], r["span"][0], r["span"][1],
            "`%s`" % r["region"].replace("|", "\\|") if r["region"] else "whole",
            r["hit"], r["lines"], pct(r["hit"], r["lines"]).strip(), r["taken"],
            r["branches"], pct(r["taken"], r["branches"]).strip()))
    md += ["", "## Unexecuted lines", "",
           "Every line of a target that no case executed, by function; then the lines",
           "that ran but have a branch no case took.", ""]
    for r in results:
        if not r["uncovered"] and not r["partial"]:
            continue
        md.append("### `%s` (%s)" % (r["function"], r["file"]))
        md.append("")
        if r["uncovered"]:
            md.append("```")
            md += ["%6d  %s" % (n, text) for n, text in r["uncovered"]]
            md.append("```")
        if r["partial"]:
            md.append("")
            md.append("A branch never taken: lines %s." % ", ".join(map(str, r["partial"])))
        md.append("")
    return "\n".join(md).rstrip() + "\n"


def cmd_report(args):
    try:
        targets = read_targets(args.targets)
    except (OSError, ValueError) as e:
        print("kcov: %s" % e, file=sys.stderr)
        return 2
    docs, results, missing = {}, [], []
    for target in targets:
        file = target[0]
        if file not in docs:
            docs[file] = gcov_json(args.gcda_dir, args.work, file)
        if docs[file] is None:
            missing.append("%s: no .gcda for it in %s" % (file, args.gcda_dir))
            continue
        with open(os.path.join(args.src, file), errors="replace") as f:
            src_lines = f.read().split("\n")
        r = measure(target, src_lines, file_lines(docs[file], file))
        if r is None:
            missing.append("%s: no function %s in this tree" % (file, target[1]))
            continue
        results.append(r)
    print(render_text(results))
    if args.summary:
        with open(args.summary, "w") as f:
            f.write(render_markdown(results, args))
        print("kcov: wrote %s" % args.summary)
    for m in missing:
        print("kcov: target not measured: %s" % m, file=sys.stderr)
    return 1 if missing else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("split", help="take GCDA records out of a run's stream")
    s.add_argument("--stream", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--gcda-dir", required=True)
    r = sub.add_parser("report", help="gcov the targets, print and write the summary")
    r.add_argument("--gcda-dir", required=True)
    r.add_argument("--work", required=True)
    r.add_argument("--src", required=True, help="the source tree the kernel was built from")
    r.add_argument("--targets", required=True)
    r.add_argument("--summary")
    r.add_argument("--kernel")
    r.add_argument("--corpus")
    args = p.parse_args()
    return cmd_split(args) if args.cmd == "split" else cmd_report(args)


if __name__ == "__main__":
    sys.exit(main())
