#!/usr/bin/env python3
"""coverage.py: which rules of the rule list the corpus shows, per area.

Reads the rule list (cases/rules/*.tsv), the cases' __rule ids and verdict
directories, and the blessed goldens (expected/).  A rule is covered when:
  - it forbids something (sides "reject" or "both"): some reject case naming
    it has a golden whose log matches the rule's message regex;
  - it has an allowed side ("accept" or "both"): some accept case names it.
Rules with sides "none: <reason>" are listed with their reason.

BTF cases (btf/*.case, btf/maps/*.case) name their rules on the header's
"# Rule:" line; their golden is expected/btf/<name>.log (btf/<name>.expected
for a case directly in btf/).  A BTF case shows a rule's forbidden side when
its golden matches the rule's message regex, and its allowed side when no
step of its golden was refused (no "-E..." outcome, no negative retval).

Exit status: 0 when every reachable rule is covered and every rule id named
by a case is in the list; 1 otherwise; 2 when the list itself is malformed.
"""
import argparse
import glob
import os
import re
import sys

RULE_RE = re.compile(r'__rule\("([^"]+)"\)')
BTF_RULE_RE = re.compile(r"^# Rule:(.*)$", re.M)
# a step line of a BTF golden whose outcome is a refusal
REFUSED_RE = re.compile(r"^[^ \n][^\n]*: (-E[A-Z0-9]+|retval -[0-9]+[^\n]*|test_run failed[^\n]*)$",
                        re.M)
SIDES = ("reject", "accept", "both")


def read_rules(rules_dir):
    """Rule rows from every .tsv under rules_dir, keyed by id, in order."""
    rules, errors = {}, []
    for path in sorted(glob.glob(os.path.join(rules_dir, "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.split("\t")
                where = f"{os.path.relpath(path)}:{n}"
                if len(cols) != 6:
                    errors.append(f"{where}: {len(cols)} columns, want 6 "
                                  "(id, area, sides, function, message, statement)")
                    continue
                rid, area, sides, func, msg, stmt = cols
                if rid in rules:
                    errors.append(f"{where}: rule {rid} listed twice")
                    continue
                if sides not in SIDES and not sides.startswith("none: "):
                    errors.append(f"{where}: {rid}: sides '{sides}' is none of "
                                  "reject, accept, both, 'none: <reason>'")
                    continue
                if sides in ("reject", "both") and msg == "-":
                    errors.append(f"{where}: {rid}: a rule with a reject side needs a message regex")
                    continue
                try:
                    rx = re.compile(msg) if msg != "-" else None
                except re.error as e:
                    errors.append(f"{where}: {rid}: bad message regex: {e}")
                    continue
                rules[rid] = dict(id=rid, area=area, sides=sides, func=func,
                                  msg=msg, rx=rx, stmt=stmt)
    return rules, errors


def read_cases(cases_dir):
    """(case id, verdict, [rule ids]) for every case source."""
    cases = []
    for path in sorted(glob.glob(os.path.join(cases_dir, "*", "**", "*.bpf.c"),
                                 recursive=True)):
        rel = os.path.relpath(path, cases_dir)
        verdict = rel.split(os.sep)[0]
        if verdict not in ("accept", "reject"):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            ids = RULE_RE.findall(f.read())
        cases.append((rel[:-len(".bpf.c")], verdict, ids))
    return cases


def read_btf_cases(btf_dir, expected_dir):
    """(case id, "btf", [rule ids], golden path) for every BTF case."""
    cases = []
    for sub in ("", "maps"):
        for path in sorted(glob.glob(os.path.join(btf_dir, sub, "*.case"))):
            name = os.path.basename(path)[:-len(".case")]
            header = []
            with open(path, encoding="utf-8", errors="replace") as f:
                for line in f:  # the leading comment block
                    if not line.startswith("#"):
                        break
                    header.append(line)
            m = BTF_RULE_RE.search("".join(header))
            ids = re.findall(r"[A-Z][A-Z-]*-[0-9]+", m.group(1)) if m else []
            golden = (os.path.join(expected_dir, "btf", name + ".log") if sub
                      else os.path.join(btf_dir, name + ".expected"))
            cases.append(("btf/" + name, "btf", ids, golden))
    return cases


def golden_body(expected_dir, case_id, path=None):
    """The golden log without its '# ' header, or None when there is none."""
    path = path or os.path.join(expected_dir, case_id + ".log")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        return "".join(l for l in f if not l.startswith("# "))


def judge(rules, cases, expected_dir):
    """Per rule: reject cases that show it, accept cases; unknown ids."""
    shown = {rid: [] for rid in rules}
    allowed = {rid: [] for rid in rules}
    unknown = []
    for cid, verdict, ids, *golden in cases:
        for rid in ids:
            if rid not in rules:
                unknown.append((cid, rid))
                continue
            if verdict == "accept":
                allowed[rid].append(cid)
                continue
            body = golden_body(expected_dir, cid, golden[0] if golden else None)
            if verdict == "btf" and body is not None and not REFUSED_RE.search(body):
                allowed[rid].append(cid)
            rx = rules[rid]["rx"]
            if body is not None and rx is not None and rx.search(body):
                shown[rid].append(cid)
    return shown, allowed, unknown


def missing_sides(rule, shown, allowed):
    """What a reachable rule still lacks: 'reject', 'accept' or both."""
    need = []
    if rule["sides"] in ("reject", "both") and not shown[rule["id"]]:
        need.append("a reject case whose golden matches /%s/" % rule["msg"])
    if rule["sides"] in ("accept", "both") and not allowed[rule["id"]]:
        need.append("an accept case")
    return need


def report(rules, shown, allowed, unknown, out):
    """Print the per-area table and the lists; return the number of problems."""
    areas = {}
    for r in rules.values():
        areas.setdefault(r["area"], []).append(r)
    out.write("%-26s %6s %8s %12s %8s\n" % ("area", "rules", "covered", "unreachable", "missing"))
    tot = [0, 0, 0, 0]
    uncovered, missing = [], []
    for area, rows in areas.items():
        cov = unr = mis = 0
        for r in rows:
            if r["sides"].startswith("none: "):
                unr += 1
                uncovered.append(r)
            elif missing_sides(r, shown, allowed):
                mis += 1
                missing.append(r)
            else:
                cov += 1
        out.write("%-26s %6d %8d %12d %8d\n" % (area, len(rows), cov, unr, mis))
        tot = [tot[0] + len(rows), tot[1] + cov, tot[2] + unr, tot[3] + mis]
    out.write("%-26s %6d %8d %12d %8d\n" % ("total", *tot))
    if uncovered:
        out.write("\nnot reachable on x86-64 with the reference kernel:\n")
        for r in uncovered:
            out.write("  %-11s %s\n" % (r["id"], r["sides"][len("none: "):]))
    for r in missing:
        out.write("MISSING %s (%s): needs %s\n" % (
            r["id"], r["area"], " and ".join(missing_sides(r, shown, allowed))))
    for cid, rid in unknown:
        out.write("UNKNOWN %s: names rule '%s', which cases/rules/*.tsv does not list\n"
                  % (cid, rid))
    return len(missing) + len(unknown)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", default="cases")
    ap.add_argument("--expected", default="expected")
    ap.add_argument("--rules", default=None, help="default: CASES/rules")
    ap.add_argument("--btf", default="btf", help="the BTF cases (default: btf)")
    args = ap.parse_args()
    rules, errors = read_rules(args.rules or os.path.join(args.cases, "rules"))
    for e in errors:
        sys.stderr.write("coverage: %s\n" % e)
    if errors:
        return 2
    cases = read_cases(args.cases) + read_btf_cases(args.btf, args.expected)
    shown, allowed, unknown = judge(rules, cases, args.expected)
    problems = report(rules, shown, allowed, unknown, sys.stdout)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
