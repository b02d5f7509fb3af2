"""docs.py: docs/timer-usage.md, generated from the corpus.

For every rule of the rule list (cases/rules/*.tsv): its statement, the
smallest accepted and the smallest refused program of the corpus that name
it (their source, without the header comment), the exact message of the
refusal on the reference kernel (from its golden), and the kernels on
which each holds (from the verdict tables, expected/verdicts/*.tsv).

The output depends only on files in the repository, so `make docs-check`
can compare it with the committed file without a kernel.
"""
import glob
import os
import re

from . import results as R

RULE_RE = re.compile(r'__rule\("([^"]+)"\)')
BTF_RULE_RE = re.compile(r"^# Rule: (.*)$", re.M)
BTF_FAIL_RE = re.compile(r"\bexpect -E", re.M)
HEADER_COMMENT_RE = re.compile(r"\A\s*/\*.*?\*/\s*", re.S)


# ---- inputs ----

def read_rules(rules_dir):
    """Rule rows (id, area, sides, function, message, statement) in file order."""
    rules = {}
    for path in sorted(glob.glob(os.path.join(rules_dir, "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if line.startswith("#") or len(cols) != 6 or cols[0] in rules:
                    continue
                rules[cols[0]] = dict(zip(("id", "area", "sides", "function", "message",
                                           "statement"), cols))
    return rules


def code_lines(src):
    """The source a reader sees: without the header comment and the include."""
    body = HEADER_COMMENT_RE.sub("", src, count=1)
    lines = [l for l in body.split("\n") if l.strip() != '#include "twc.h"']
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def size_of(lines):
    """How big an example is: its lines with code on them."""
    return sum(1 for l in lines if l.strip() and not l.strip().startswith(("//", "*", "/*")))


def read_cases(cases_dir):
    """{file id: {verdict, rules, lines, size}} of every C case file."""
    cases = {}
    for verdict in ("accept", "reject"):
        base = os.path.join(cases_dir, verdict)
        for path in sorted(glob.glob(os.path.join(base, "**", "*.bpf.c"), recursive=True)):
            with open(path, encoding="utf-8", errors="replace") as f:
                src = f.read()
            fid = os.path.relpath(path, cases_dir)[:-len(".bpf.c")]
            lines = code_lines(src)
            cases[fid] = dict(id=fid, verdict=verdict, rules=sorted(set(RULE_RE.findall(src))),
                              lines=lines, size=size_of(lines))
    return cases


def read_btf_cases(btf_dir, expected_dir):
    """{id: case} of the BTF cases (btf/*.case, btf/maps/*.case): refused
    when a step expects an error; the source shown is the steps."""
    cases = {}
    for path in sorted(glob.glob(os.path.join(btf_dir, "*.case")) +
                       glob.glob(os.path.join(btf_dir, "maps", "*.case"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            src = f.read()
        name = os.path.basename(path)[:-len(".case")]
        lines = src.split("\n")
        while lines and (lines[0].startswith("#") or not lines[0].strip()):
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        golden = (os.path.join(expected_dir, "btf", name + ".log") if os.sep + "maps" + os.sep
                  in path else path[:-len(".case")] + ".expected")
        rules = [r.strip() for line in BTF_RULE_RE.findall(src) for r in line.split(",")]
        cases["btf/" + name] = dict(
            id="btf/" + name, verdict="reject" if BTF_FAIL_RE.search(src) else "accept",
            rules=sorted(set(r for r in rules if r)), lines=lines, lang="text", golden=golden,
            size=sum(1 for l in lines if l.strip() and not l.startswith("#")))
    return cases


def btf_steps(body):
    """The step lines of a BTF golden: [(statement: outcome, [log lines])]."""
    steps = []
    for line in body.split("\n"):
        if line.startswith("  |"):
            if steps:
                steps[-1][1].append(line[4:])
        elif line.strip():
            steps.append((line, []))
    return steps


def read_btf_golden(path):
    """The golden of a BTF case (see golden()), or None: its error is the
    first step that failed, with that step's first error line."""
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        body = "".join(l for l in f if not l.startswith("# "))
    steps = btf_steps(body)
    g = dict(errno="0", message=None, text=body,
             summary="; ".join(line for line, _ in steps))
    for line, log in steps:
        statement, _, outcome = line.rpartition(": ")
        if outcome.startswith("-E"):
            err = R.first_error("\n".join(log) + "\n") if log else None
            g.update(errno=outcome, message=f"{statement}: {outcome}" + (f": {err}" if err else ""))
            break
    return g


def read_c_golden(expected_dir, fid):
    """The golden of a C case (see golden()), or None.  A file with several
    case programs has one golden per program; the first is taken."""
    paths = [os.path.join(expected_dir, fid + ".log")]
    paths += sorted(glob.glob(os.path.join(expected_dir, fid, "*.log")))
    for path in paths:
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            head = re.findall(r"^# result: (\S+)$", text, re.M)
            body = "".join(l for l in text.splitlines(True) if not l.startswith("# "))
            return dict(errno=head[0] if head else "?", message=R.first_error(body), text=body,
                        summary=None)
    return None


def golden(case, expected_dir):
    """What the reference kernel did with a case, from its golden: errno,
    message (the first error line), text (the whole log) and, for a BTF
    case, summary (its steps' outcomes, as verdict tables hold them)."""
    if "golden" in case:
        return read_btf_golden(case["golden"])
    return read_c_golden(expected_dir, case["id"])


def read_tables(verdicts_dir):
    """{kernel: (release, {case id: (outcome, errno, message)})}."""
    tables = {}
    for path in glob.glob(os.path.join(verdicts_dir, "*.tsv")):
        name, release, rows = os.path.basename(path)[:-4], "?", {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("# kernel: "):
                    release = line[10:].split()[0]
                cols = line.rstrip("\n").split("\t")
                if not line.startswith("#") and len(cols) == 4:
                    rows[cols[0]] = tuple(cols[1:])
        tables[name] = (release, rows)
    return dict(sorted(tables.items(), key=lambda kv: R.version_key(kv[0])))


# ---- rendering ----

def smallest(cases, rule_id, verdict):
    """The smallest case file of that verdict that names the rule."""
    found = [c for c in cases.values() if c["verdict"] == verdict and rule_id in c["rules"]]
    return min(found, key=lambda c: (c["size"], c["id"])) if found else None


def table_row(rows, fid):
    """A file's row in one table: its own id, else its first program's."""
    if fid in rows:
        return rows[fid]
    progs = sorted(k for k in rows if k.startswith(fid + "/"))
    return rows[progs[0]] if progs else None


def describe(row):
    """An outcome in a sentence fragment."""
    outcome, errno, message = row
    if outcome == "accept":
        return "accepted"
    if outcome == "reject":
        return f"refused, {errno} `{message}`"
    if outcome == "skip":
        return f"skipped: {R.short_message('skip', message)}"
    if outcome == "libbpf":
        return f"libbpf fails first ({errno}): `{R.short_message('libbpf', message)}`"
    return f"{outcome}: {message}"


def holds(tables, case, want, ref):
    """Kernels where the example does what it does on the reference, and
    what the others did.  want: the outcome; a BTF case holds where its
    steps' outcomes are the reference's, a refused C case where it gets the
    reference's message."""
    yes, other = [], []
    for name, (_, rows) in tables.items():
        row = table_row(rows, case["id"])
        if row is None:
            other.append(f"{name}: not recorded")
        elif row[0] == "btf" and ref and ref["summary"] is not None:
            if row[2] == ref["summary"]:
                yes.append(name)
            else:
                ref_steps = set(ref["summary"].split("; "))
                diff = [st for st in row[2].split("; ") if st not in ref_steps]
                other.append(f"{name}: " + "; ".join(f"`{d}`" for d in diff))
        elif row[0] == want and (want != "reject" or not ref or not ref["message"] or
                                 row[2] == ref["message"]):
            yes.append(name)
        else:
            other.append(f"{name}: {describe(row)}")
    return yes, other


def holds_text(verb, yes, other, tables):
    """"Holds on a, b; elsewhere: c: ..." or a note without tables."""
    if not tables:
        return "Kernels: none recorded yet (`make matrix-bless` writes expected/verdicts/)."
    text = f"{verb} on {', '.join(yes)}." if yes else f"{verb} on no kernel of the matrix."
    if other:
        text += " Elsewhere: " + "; ".join(other) + "."
    return text


def example_block(case):
    return ["```" + case.get("lang", "c")] + case["lines"] + ["```"]


def allowed_section(rule, cases, tables, expected_dir):
    case = smallest(cases, rule["id"], "accept")
    if case is None:
        return [f"**Allowed:** no accepted case names {rule['id']}."]
    yes, other = holds(tables, case, "accept", golden(case, expected_dir))
    return ([f"**Allowed:** `{case['id']}` ({case['size']} lines). "
             + holds_text("Accepted", yes, other, tables), ""] + example_block(case))


def forbidden_case(rule, cases, expected_dir):
    """The refused case to show, and its golden: one whose golden shows the
    rule's message (a case may name several rules), else one with a golden;
    the smallest."""
    try:
        rx = re.compile(rule["message"]) if rule.get("message", "-") != "-" else None
    except re.error:
        rx = None
    best = None
    for c in cases.values():
        if c["verdict"] != "reject" or rule["id"] not in c["rules"]:
            continue
        g = golden(c, expected_dir)
        shows = bool(g and (rx is None or rx.search(g["text"])))
        key = (not shows, g is None, c["size"], c["id"])
        if best is None or key < best[0]:
            best = (key, c, g)
    return (best[1], best[2]) if best else (None, None)


def forbidden_section(rule, cases, tables, expected_dir):
    case, g = forbidden_case(rule, cases, expected_dir)
    if case is None:
        return [f"**Forbidden:** no refused case names {rule['id']}."]
    msg = g["message"] if g else None
    if msg is None:
        head = f"**Forbidden:** `{case['id']}` ({case['size']} lines); no golden yet."
    else:
        head = (f"**Forbidden:** `{case['id']}` ({case['size']} lines), refused with "
                f"{g['errno']} and the message:")
    out = [head, ""] + (["```text", msg, "```", ""] if msg else [])
    yes, other = holds(tables, case, "reject", g)
    verb = "Refused with this message" if msg and "golden" not in case else "Refused"
    return out + [holds_text(verb, yes, other, tables), ""] + example_block(case)


def rule_section(rule, cases, tables, expected_dir):
    out = [f"### {rule['id']}", "", rule.get("statement") or "(no statement in cases/rules/)", ""]
    if rule.get("function") and rule["function"] != "-":
        out += [f"Enforced by `{rule['function']}`.", ""]
    sides = rule.get("sides", "")
    if sides.startswith("none: "):
        return out + [f"No case shows it: {sides[6:]}.", ""]
    if sides in ("accept", "both", ""):
        out += allowed_section(rule, cases, tables, expected_dir) + [""]
    if sides in ("reject", "both", ""):
        out += forbidden_section(rule, cases, tables, expected_dir) + [""]
    return out


def all_rules(rules, cases):
    """The rule list, plus the ids cases name that it lacks (at the end)."""
    extra = sorted({r for c in cases.values() for r in c["rules"]} - set(rules))
    return list(rules.values()) + [{"id": r, "area": "", "sides": ""} for r in extra]


def render(top, rules_dir=None, cases_dir=None, expected_dir=None, verdicts_dir=None,
           btf_dir=None):
    """The whole of docs/timer-usage.md."""
    rules_dir = rules_dir or os.path.join(top, "cases", "rules")
    cases_dir = cases_dir or os.path.join(top, "cases")
    expected_dir = expected_dir or os.path.join(top, "expected")
    verdicts_dir = verdicts_dir or os.path.join(expected_dir, "verdicts")
    rules, cases, tables = read_rules(rules_dir), read_cases(cases_dir), read_tables(verdicts_dir)
    cases.update(read_btf_cases(btf_dir or os.path.join(top, "btf"), expected_dir))
    listed = all_rules(rules, cases)
    out = ["# Timers, workqueues and async callbacks: what the BPF verifier allows", "",
           "<!-- Generated by `make docs` (harness/tabulate/tabulate.py docs) from cases/rules/*.tsv, "
           "the cases' source, the goldens in expected/ and the verdict tables in "
           "expected/verdicts/. Do not edit: `make docs-check` fails when it is stale. -->", "",
           "For each rule of twc's rule list: what the kernel does, the smallest program of "
           "the corpus that the verifier accepts and the smallest it refuses, the exact "
           "message of the refusal on the reference kernel, and the kernels on which each "
           "holds.", ""]
    if tables:
        out += ["Kernels: " + ", ".join(f"{n} (`{rel}`)" for n, (rel, _) in tables.items())
                + ".", ""]
    if not rules:
        out += ["The rule list (cases/rules/*.tsv) is empty: the rules below are the ids "
                "that cases name, without statements.", ""]
    areas = {}
    for rule in listed:
        areas.setdefault(R.rule_area(rule["id"]), []).append(rule)
    out += ["## Contents", ""]
    for area, rs in areas.items():
        out.append(f"- **{area}**: " + ", ".join(r["id"] for r in rs))
    for area, rs in areas.items():
        title = next((r["area"] for r in rs if r.get("area")), "")
        out += ["", f"## {area}" + (f" ({title})" if title else ""), ""]
        for rule in rs:
            out += rule_section(rule, cases, tables, expected_dir)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
