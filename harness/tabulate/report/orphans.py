"""orphans.py: goldens and verdict-table rows that name no case.

Case ids (harness/PROTOCOL.md "Case ids"): cases/<verdict>/<name>.bpf.c
is <verdict>/<name> when the file holds one case program, else each case
program <prog> is <verdict>/<name>/<prog>; btf/maps/<name>.case and
btf/<name>.case are btf/<name>.  A golden is expected/<id>.log, but for a
case directly in btf/, whose golden is btf/<name>.expected.

An orphan is a file under expected/ (expected/verdicts/ aside) that is not
the golden of a case (under expected/upstream/: of a test program of the
pinned tree's progs/<stem>.c), a btf/<name>.expected without its btf/<name>.case,
or a row of expected/verdicts/<kernel>.tsv whose id names no case: left
behind by a case renamed or removed, it is never judged again, so nothing
else would ever say it is stale.

The case programs of a file are read from its source, as twc's corpus
reader finds them in the object: a function defined after SEC("...") of a
code section (not ".maps", ".struct_ops", "license", ...) is a program,
and one tagged __auxiliary is not a case.  A file whose source shows no
program is one case, <verdict>/<name> (the judge makes it an ERROR), and
goldens below expected/<verdict>/<name>/ are then not called orphans:
what its programs are cannot be told.
"""
import glob
import os
import re

SEC_RE = re.compile(r'\bSEC\(\s*"([^"]*)"\s*\)')
# comments go, string and character literals stay (they may hold "//")
COMMENT_RE = re.compile(r'//[^\n]*|/\*.*?\*/|("(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\')', re.S)
TOKEN_RE = re.compile(r'\s*(?:([A-Za-z_]\w*)|("(?:\\.|[^"\\\n])*")|(.))', re.S)
DATA_SECTIONS = ("license", "version")


def strip_comments(src):
    return COMMENT_RE.sub(lambda m: m.group(1) or " ", src)


def _skip_group(src, pos):
    """The position after the parenthesized group that starts at src[pos]
    ('('), and the group's text."""
    depth, start = 0, pos
    while pos < len(src):
        m = TOKEN_RE.match(src, pos)
        if not m:
            break
        pos = m.end()
        if m.group(3) == "(":
            depth += 1
        elif m.group(3) == ")":
            depth -= 1
            if depth == 0:
                break
    return pos, src[start:pos]


def _program_at(src, pos):
    """(name, auxiliary) of the function whose definition follows a
    SEC("...") ending at pos, or None when no function follows."""
    auxiliary = False
    while pos < len(src):
        m = TOKEN_RE.match(src, pos)
        if not m or m.group(2) or m.group(3) in (";", "=", "{", "}", ","):
            return None
        pos, word = m.end(), m.group(1)
        if not word:
            continue
        paren = TOKEN_RE.match(src, pos)
        called = paren and paren.group(3) == "("
        if word.startswith("__"):   # an annotation, __naked, __attribute__((...))
            auxiliary = auxiliary or word == "__auxiliary"
            if called:
                pos, text = _skip_group(src, paren.start(3))
                auxiliary = auxiliary or '"test_auxiliary"' in text
            continue
        if not called:
            continue                # the return type
        if re.fullmatch(r"BPF_[A-Z0-9_]+", word):   # int BPF_PROG(name, ...)
            inner = TOKEN_RE.match(src, paren.end())
            return (inner.group(1), auxiliary) if inner and inner.group(1) else None
        return word, auxiliary
    return None


def programs(src):
    """[(name, auxiliary)] of the programs of a BPF C source, in order."""
    src = strip_comments(src)
    progs = []
    for m in SEC_RE.finditer(src):
        if m.group(1).startswith(".") or m.group(1) in DATA_SECTIONS:
            continue
        prog = _program_at(src, m.end())
        if prog:
            progs.append(prog)
    return progs


def case_ids(top):
    """({case id}, {file id of a file whose programs cannot be told})."""
    ids, untold = set(), set()
    cases = os.path.join(top, "cases")
    for path in glob.glob(os.path.join(cases, "**", "*.bpf.c"), recursive=True):
        fid = os.path.relpath(path, cases)[:-len(".bpf.c")].replace(os.sep, "/")
        with open(path, encoding="utf-8", errors="replace") as f:
            names = [name for name, aux in programs(f.read()) if not aux]
        if len(names) > 1:
            ids.update(f"{fid}/{name}" for name in names)
        else:
            ids.add(fid)
        if not names:
            untold.add(fid)
    for path in (glob.glob(os.path.join(top, "btf", "*.case")) +
                 glob.glob(os.path.join(top, "btf", "maps", "*.case"))):
        ids.add("btf/" + os.path.basename(path)[:-len(".case")])
    return ids, untold


def golden_of(top, case_id):
    """The golden's path of a case id, relative to top."""
    name = case_id[len("btf/"):] if case_id.startswith("btf/") else None
    if name is not None and os.path.isfile(os.path.join(top, "btf", name + ".case")):
        return f"btf/{name}.expected"
    return f"expected/{case_id}.log"


def upstream_orphans(top, selftests):
    """[(path relative to top, why)] of goldens under expected/upstream/
    (make bless UPSTREAM=...: expected/upstream/<stem>/<prog>[@unpriv].log)
    that name no test program of progs/<stem>.c of the pinned selftests."""
    found = []
    for path in sorted(glob.glob(os.path.join(top, "expected", "upstream", "**", "*"),
                                 recursive=True)):
        rel = os.path.relpath(path, top).replace(os.sep, "/")
        if os.path.isdir(path):
            continue
        parts = rel[len("expected/upstream/"):].split("/")
        if len(parts) != 2 or not parts[1].endswith(".log"):
            found.append((rel, "not a golden (upstream goldens are "
                          "expected/upstream/<stem>/<prog>.log)"))
            continue
        stem, prog = parts[0], parts[1][:-len(".log")].removesuffix("@unpriv")
        src = os.path.join(selftests, "progs", stem + ".c")
        if not os.path.isfile(src):
            found.append((rel, f"names no progs file of the pinned tree: no progs/{stem}.c"))
            continue
        with open(src, encoding="utf-8", errors="replace") as f:
            names = {name for name, aux in programs(f.read()) if not aux}
        if prog not in names:
            found.append((rel, f"names no test program of progs/{stem}.c: '{prog}'"))
    return found


def orphan_goldens(top, ids, untold):
    """[(path relative to top, why)] of files that are no case's golden
    (expected/upstream/ aside: upstream_orphans())."""
    goldens = {golden_of(top, i) for i in ids}
    found = []
    expected = os.path.join(top, "expected")
    for path in glob.glob(os.path.join(expected, "**", "*"), recursive=True):
        rel = os.path.relpath(path, top).replace(os.sep, "/")
        if (os.path.isdir(path) or rel.startswith("expected/verdicts/") or
                rel.startswith("expected/upstream/") or rel in goldens):
            continue
        stem = rel[len("expected/"):-len(".log")] if rel.endswith(".log") else None
        if stem and any(stem.startswith(f + "/") for f in untold):
            continue
        found.append((rel, "not a golden (goldens are expected/<id>.log)" if stem is None
                      else f"names no case: '{stem}'"))
    for path in glob.glob(os.path.join(top, "btf", "*.expected")):
        rel = os.path.relpath(path, top).replace(os.sep, "/")
        if rel not in goldens:
            found.append((rel, f"names no case: no btf/{os.path.basename(path)[:-9]}.case"))
    return sorted(found)


def orphan_rows(top, ids):
    """[(table relative to top, line number, id)] of verdict-table rows
    whose id names no case."""
    found = []
    for path in sorted(glob.glob(os.path.join(top, "expected", "verdicts", "*.tsv"))):
        rel = os.path.relpath(path, top).replace(os.sep, "/")
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                if line.startswith("#") or not line.strip():
                    continue
                case_id = line.split("\t", 1)[0]
                if case_id not in ids:
                    found.append((rel, n, case_id))
    return found


def check(top, selftests=None):
    """(number of cases, [report lines], number of orphans).  selftests:
    tools/testing/selftests/bpf of the pinned tree, whose progs files the
    upstream goldens name; None: those are not checked (a note says so)."""
    ids, untold = case_ids(top)
    lines = []
    goldens = orphan_goldens(top, ids, untold)
    has_upstream = bool(glob.glob(os.path.join(top, "expected", "upstream", "*")))
    if selftests and os.path.isdir(os.path.join(selftests, "progs")):
        goldens += upstream_orphans(top, selftests)
    elif has_upstream:
        lines.append("note: no pinned selftests tree given (--selftests): the goldens below "
                     "expected/upstream/ were not checked")
    rows = orphan_rows(top, ids)
    for rel, why in goldens:
        lines.append(f"orphan golden {rel}: {why}; to remove it: git rm {rel}")
    for rel, n, case_id in rows:
        kernel = os.path.basename(rel)[:-len(".tsv")]
        lines.append(f"orphan row {rel}:{n}: '{case_id}' names no case; to drop it: "
                     f"make matrix-bless KERNELS={kernel}")
    for fid in sorted(untold):
        lines.append(f"note: cases/{fid}.bpf.c shows no program in its source; goldens "
                     f"below expected/{fid}/ were not checked")
    return len(ids), lines, len(goldens) + len(rows)
