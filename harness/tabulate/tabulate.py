#!/usr/bin/env python3
"""tabulate.py: turn twc results into tables, a report, a diff and docs.

  tabulate.py matrix --reference NAME [--markdown FILE] [--html FILE] DIR...
      the kernel matrix of the results directories DIR (one per kernel, in
      column order) as Markdown, an index (FILE) and one page per rule area
      (areas/<area>.md next to it; all of it on stdout without --markdown),
      and as HTML
  tabulate.py failures DIR...
      one line per case that failed on its kernel (against the kernel's
      verdict table; for the reference kernel, also against its goldens)
  tabulate.py diff [--threshold PCT] [--minimum N] A B
      what changed from results directory A to B; exit 0 when nothing
      changed, 1 when something did
  tabulate.py same [--ignore FIELDS] A B
      every case's result in results directory (or results.json) A the same
      as in B, but the fields that measure time (verification_time_usec,
      load_ns); exit 0 when they are, 1 (naming each difference) when not
  tabulate.py browser [--screenshot PNG] [--open CASE@KERNEL] REPORT
      open the HTML report in headless Chromium at a cell whose log differs
      from the reference's, check the heat map and the drill-down through
      the DOM, save a screenshot; exit 1 on a problem, 0 (saying so) when
      Chromium is missing
  tabulate.py docs [--top DIR] [--out DOCS | --check DOCS]
      DOCS/timer-usage.md (the index by question) and DOCS/timer-usage/<area>.md
      from the corpus; --check exits 1 when they are stale or when a claim in
      them is not what a case result shows (report/docverify.py)
  tabulate.py orphans [--top DIR]
      the goldens and verdict-table rows that name no case, each with the
      command that removes it; exit 1 when there is one

Exit status 2: unusable input (a results directory that cannot be read).
Python 3 standard library only.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from report import (browser, corpus, docs, docverify, html, kdiff, markdown,  # noqa: E402
                    orphans, same, upstream)
from report import results as R  # noqa: E402


def write(path, text):
    """Write text to path through a temporary name (no half-written files)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def area_titles(rules_dir):
    """{area prefix: the rule list's area name} for the report's headings."""
    titles = {}
    for rule in corpus.read_rules(rules_dir).values():
        titles.setdefault(R.rule_area(rule["id"]), rule["area"])
    return titles


def write_markdown(index, pages):
    """The matrix's index at index, its area pages under areas/ next to it
    (pages no longer generated are removed)."""
    top = os.path.dirname(os.path.abspath(index))
    old = os.path.join(top, markdown.AREAS)
    for name in os.listdir(old) if os.path.isdir(old) else []:
        if name.endswith(".md") and f"{markdown.AREAS}/{name}" not in pages:
            os.remove(os.path.join(old, name))
    for path, text in pages.items():
        write(index if path == "matrix.md" else os.path.join(top, path), text)


def cmd_matrix(args):
    kernels = [R.load(d) for d in args.dirs]
    source = args.source or ", ".join(args.dirs)
    pages = markdown.render_pages(kernels, args.reference, source)
    if args.markdown:
        write_markdown(args.markdown, pages)
    else:
        sys.stdout.write("\n".join(f"<!-- {path} -->\n{text}" for path, text in pages.items()))
    if args.html:
        write(args.html, html.render(kernels, args.reference, area_titles(args.rules), source))
    return 0


def cmd_failures(args):
    """Which case failed on which kernel, and why (at most --max per kernel)."""
    FAILED = ("FAIL", "XPASS", "ERROR", "CRASH")
    for d in args.dirs:
        for sub, what in (("", "verdict table"), ("golden", "goldens")):
            path = os.path.join(d, sub)
            if sub and not os.path.isfile(os.path.join(path, "results.json")):
                continue
            k = R.load(path, R.load(d).name if sub else None)
            bad = [(cid, c) for cid, c in sorted(k.cases.items()) if c.get("code") in FAILED]
            for cid, c in bad[:args.max]:
                print(f"FAILED  {k.name}  {cid} ({what}): {c['code']}: {c.get('reason')}")
            if len(bad) > args.max:
                print(f"FAILED  {k.name}  ... and {len(bad) - args.max} more cases: see "
                      f"{os.path.join(path, 'results.json')}")
    return 0


def cmd_diff(args):
    a, b = R.load(args.a), R.load(args.b)
    sections = [s for s in (args.sections or ",".join(kdiff.SECTIONS)).split(",") if s]
    unknown = [s for s in sections if s not in kdiff.SECTIONS]
    if unknown:
        print(f"diff: unknown section {unknown[0]!r}: want some of {','.join(kdiff.SECTIONS)}",
              file=sys.stderr)
        return 2
    text, changed = kdiff.render(a, b, args.threshold, args.minimum,
                                 patterns=args.cases or (), sections=sections)
    sys.stdout.write(text)
    return 1 if changed else 0


def cmd_same(args):
    a, b = R.load(args.a, name="A"), R.load(args.b, name="B")
    ignore = tuple(f for f in args.ignore.split(",") if f)
    lines, n = same.differences(a, b, ignore)
    for line in lines[:args.max]:
        print(line)
    if len(lines) > args.max:
        print(f"... and {len(lines) - args.max} more lines")
    what = f"{len(set(a.cases) | set(b.cases))} cases of {args.a} and {args.b}"
    print(f"same: {what}: {n} differ" if n else
          f"same: {what}: the same but for {', '.join(ignore) or 'nothing'}")
    return 1 if n else 0


def pick_cell(data):
    """(case, kernel) of a cell worth opening: its outcome and log differ
    from the reference kernel's; else its log does; else the first cell."""
    def cells():
        for c in data["cases"]:
            for k, x in zip(data["kernels"], c["cells"]):
                if x:
                    yield c, k["name"], x
    for want in (lambda x: isinstance(x["diff"], int) and x["diff"] >= 0 and not x.get("same")
                 and x["o"] in ("accept", "reject"),
                 lambda x: isinstance(x["diff"], int) and x["diff"] >= 0 and not x.get("same"),
                 lambda x: isinstance(x["diff"], int) and x["diff"] >= 0,
                 lambda x: True):
        for c, kname, x in cells():
            if want(x):
                return c, kname, x
    return None, None, None


def first_line(text, pred=lambda line: True):
    return next((l for l in text.split("\n") if l.strip() and pred(l)), None)


def cmd_browser(args):
    if not browser.chromium():
        print("browser: SKIP: chromium is not installed (harness/sh/setup.sh installs it)")
        return 0
    data = html.read_data(args.report)
    if args.open:
        cid, _, kname = args.open.rpartition("@")
        c = next(c for c in data["cases"] if c["id"] == cid)
        x = c["cells"][[k["name"] for k in data["kernels"]].index(kname)]
    else:
        c, kname, x = pick_cell(data)
        if c is None:
            print("browser: FAIL: the report has no cell")
            return 1
    want_log = first_line(data["logs"][x["log"]]) if x else None
    want_diff = None
    if x and isinstance(x["diff"], int) and x["diff"] >= 0:
        want_diff = first_line(data["diffs"][x["diff"]],
                               lambda l: l[:1] in "+-" and l[:3] not in ("+++", "---"))
    problems, dom = browser.check(args.report, c["id"], kname, want_log, want_diff,
                                  len(data["cases"]), len(data["kernels"]))
    shot = args.screenshot and browser.screenshot(args.report, c["id"], kname, args.screenshot)
    for p in problems:
        print(f"browser: FAIL: {p}")
    if not problems:
        print(f"browser: ok: {len(dom.rows)} cases x {len(dom.kernels) - 1} kernels; "
              f"#open={c['id']}@{kname} shows its log and its diff against the reference"
              + (f"; screenshot {args.screenshot}" if shot else ""))
    return 1 if problems else 0


def read_docs(out_dir):
    """{path relative to out_dir: text} of the committed timer-usage docs."""
    files = {}
    index = os.path.join(out_dir, docs.INDEX)
    if os.path.isfile(index):
        with open(index, encoding="utf-8") as f:
            files[docs.INDEX] = f.read()
    pages = os.path.join(out_dir, docs.PAGES)
    for name in sorted(os.listdir(pages)) if os.path.isdir(pages) else []:
        if name.endswith(".md"):
            with open(os.path.join(pages, name), encoding="utf-8") as f:
                files[f"{docs.PAGES}/{name}"] = f.read()
    return files


def docs_check(top, out_dir, files):
    """make docs-check: the files are what make docs writes, and every claim
    in the committed ones is a case result (docverify).  Exit status."""
    current = read_docs(out_dir)
    stale = sorted(p for p in set(files) | set(current) if files.get(p) != current.get(p))
    for path in stale:
        what = "missing" if path not in current else "not generated" if path not in files \
            else "stale"
        print(f"docs: {os.path.join(out_dir, path)} is {what}", file=sys.stderr)
    problems = docverify.verify(corpus.Corpus(top), current)
    for p in problems:
        print(f"docs: claim not shown by a case result: {p}", file=sys.stderr)
    if stale:
        print("docs: run make docs and commit the result", file=sys.stderr)
    return 1 if stale or problems else 0


def write_docs(out_dir, files):
    """Write the docs, and remove pages no longer generated."""
    for old in read_docs(out_dir):
        if old not in files:
            os.remove(os.path.join(out_dir, old))
    for path, text in files.items():
        write(os.path.join(out_dir, path), text)
    return 0


def cmd_docs(args):
    files = docs.render_all(args.top)
    if args.check:
        return docs_check(args.top, args.check, files)
    if args.out:
        return write_docs(args.out, files)
    sys.stdout.write(files[docs.INDEX])
    return 0


def cmd_orphans(args):
    n, lines, found = orphans.check(args.top, args.selftests)
    for line in lines:
        print(line, file=sys.stderr if line.startswith("orphan") else sys.stdout)
    if found:
        print(f"orphans: {found} goldens or verdict-table rows name none of the {n} cases",
              file=sys.stderr)
        return 1
    print(f"orphans: none; every golden and verdict-table row names one of the {n} cases")
    return 0


def cmd_upstream(args):
    sys.stdout.write(upstream.render(args.dirs))
    return 0


def parse(argv):
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p = argparse.ArgumentParser(prog="tabulate.py", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("matrix", help="Markdown matrix and HTML report")
    m.add_argument("--reference", required=True, help="the reference kernel's name")
    m.add_argument("--markdown", help="write the Markdown here (default: stdout)")
    m.add_argument("--html", help="write the HTML report here")
    m.add_argument("--source", help="where the results came from, for the headers")
    m.add_argument("--rules", default=os.path.join(top, "cases", "rules"),
                   help="the rule list directory (area names)")
    m.add_argument("dirs", nargs="+", help="results directories, in column order")
    f = sub.add_parser("failures", help="the failed cases of each kernel")
    f.add_argument("--max", type=int, default=20, help="cases shown per kernel (default 20)")
    f.add_argument("dirs", nargs="+", help="results directories")
    d = sub.add_parser("diff", help="kernel A against kernel B")
    d.add_argument("--threshold", type=int, default=10,
                   help="report statistics that moved by this many percent (default 10)")
    d.add_argument("--minimum", type=int, default=5,
                   help="... and by at least this much (default 5)")
    d.add_argument("--cases", nargs="*", help="case id patterns (fnmatch; '!' excludes)")
    d.add_argument("--sections", help="some of verdicts,messages,logs,stats (default: all)")
    d.add_argument("a")
    d.add_argument("b")
    s = sub.add_parser("same", help="run A judged as run B, case for case, but for times")
    s.add_argument("--ignore", default=",".join(same.TIMING),
                   help="fields that may differ (default: %(default)s)")
    s.add_argument("--max", type=int, default=60, help="difference lines shown (default 60)")
    s.add_argument("a")
    s.add_argument("b")
    b = sub.add_parser("browser", help="check the HTML report in headless Chromium")
    b.add_argument("--screenshot", help="save a screenshot here")
    b.add_argument("--open", help="the cell to open, CASE@KERNEL (default: one that differs)")
    b.add_argument("report")
    g = sub.add_parser("docs", help="docs/timer-usage.md and docs/timer-usage/*.md")
    g.add_argument("--top", default=top, help="the twc tree (default: this one)")
    out = g.add_mutually_exclusive_group()
    out.add_argument("--out", help="write into this directory (default: the index to stdout)")
    out.add_argument("--check", help="exit 1 if the docs in this directory differ from what "
                                     "would be written, or state what no case result shows")
    u = sub.add_parser("upstream", help="where each kernel differs from upstream's annotations")
    u.add_argument("dirs", nargs="+", help="kernel results directories with upstream/, in order")
    o = sub.add_parser("orphans", help="goldens and verdict-table rows that name no case")
    o.add_argument("--top", default=top, help="the twc tree (default: this one)")
    o.add_argument("--selftests", help="tools/testing/selftests/bpf of the pinned tree "
                   "(the progs files upstream goldens name)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    try:
        return {"matrix": cmd_matrix, "failures": cmd_failures, "diff": cmd_diff, "same": cmd_same,
                "browser": cmd_browser, "docs": cmd_docs,
                "orphans": cmd_orphans, "upstream": cmd_upstream}[args.cmd](args)
    except R.ResultsError as e:
        print(f"tabulate: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
