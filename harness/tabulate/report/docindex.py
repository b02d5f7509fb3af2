"""docindex.py: docs/timer-usage.md, the index by question.

Each answer is made of the same findings as the area pages (evidence.py)
and links into them.  The questions are the generator's; every kernel
behaviour under them is a verdict-table row of a named case.
"""
import re

from . import docs as D
from . import evidence as E
from .markdown import code_span

OBJECTS = (("bpf_timer", "struct bpf_timer"), ("bpf_wq", "struct bpf_wq"),
           ("bpf_task_work", "struct bpf_task_work"))
CALLBACK_QUESTIONS = (
    ("cb-slp", "May a callback sleep? (timer, wq and task_work callbacks; sleepable programs)"),
    ("cb-ctx", "What may it call and hold: locks, RCU, preemption and IRQs, tail calls, "
               "LD_ABS, bpf_throw, helpers"),
    ("cb-ret", "What must it return?"),
    ("cb-arg", "What are its arguments, and what may it do with them?"),
    ("cb-rec", "May it re-arm itself or recurse?"),
    ("cb-cfg", "Which callbacks are verified at all?"),
    ("cb-do", "How hard may the verifier have to work on it?"),
)
MAP_TYPE_RE = re.compile(r"^map m ([a-z_]+) ")


# ---- which program types ----

def object_of(case):
    """The one special object a program case uses, or None."""
    used = [name for name, decl in OBJECTS if decl in case["source"]]
    return used[0] if len(used) == 1 else None


def prog_kind(section):
    """The program type of a SEC() name: its part before the first '/'."""
    return (section or "?").split("/")[0]


def prog_cases(corpus):
    """{(program type, object): case}: the accepted cases whose main rule
    is a program-type rule, one per type and object (fewest rules, then
    smallest)."""
    groups = {}
    for case in corpus.cases.values():
        main = case["rules"][0] if case["rules"] else None
        rule = corpus.rules.get(main)
        if case["kind"] != "c" or case["verdict"] != "accept" or not rule or \
                rule["area"] != "prog-type" or rule["sides"] != "accept":
            continue
        obj = object_of(case)
        if obj:
            groups.setdefault((prog_kind(case["section"]), obj), []).append(case)
    pick = {}
    for key, cases in groups.items():
        pick[key] = min(cases, key=lambda c: (len(c["rules"]), D.C.source_size(c), c["id"]))
    return dict(sorted(pick.items()))


def short_cell(row, notes):
    """A short cell of the program-type table; a refusal's message is
    numbered in notes."""
    if row is None:
        return "—"
    outcome, errno, message = row
    if outcome == "accept":
        return "✅"
    if outcome == "reject":
        if message not in notes:
            notes.append(message)
        return f"❌ {errno} [{notes.index(message) + 1}]"
    return {"libbpf": "⛔ libbpf", "skip": "⏭ skipped", "crash": "💥 crash"}.get(outcome, outcome)


def since_text(corpus, case):
    """From which kernel on the case is accepted (PREEMPT_RT kernels aside)."""
    kernels = [k for k, t in corpus.tables.items() if not t["rt"]]
    if not kernels:
        return "—"
    first, before = E.since(corpus, case, kernels)
    if first is None:
        return f"not on {kernels[-1]}"
    if first == kernels[0]:
        return f"{first} (the oldest tested)"
    if before == "reject":
        return first
    return f"{first}; not known before"


def prog_table(corpus):
    cases = prog_cases(corpus)
    ks = list(corpus.tables)
    head = ["program type", "object", "accepted since", "case"] + ks
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    notes = []
    for (kind, obj), case in cases.items():
        rule = corpus.rules[case["rules"][0]]
        cells = [f"`{kind}`", f"`{obj}`", since_text(corpus, case),
                 f"`{case['id']}` ({D.rule_link(rule)})"]
        cells += [short_cell(corpus.row(k, case["id"]), notes) for k in ks]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [""] + [f"[{i}] {code_span(m)}" + ("  " if i < len(notes) else "")
                     for i, m in enumerate(notes, 1)]
    return lines


def prog_section(corpus, areas):
    rts = [k for k, t in corpus.tables.items() if t["rt"]]
    out = ["## Which program types may use a timer or a wq, and from which kernel?", "",
           "One accepted case per program type and object: the program initialises the "
           "object, sets its callback and starts it (see the case for exactly what it does). "
           "\"Accepted since\" is the first kernel from which every newer kernel of the matrix "
           "accepts it" + (f", {', '.join(rts)} (PREEMPT_RT) aside" if rts else "") +
           "; \"not known before\" when the kernel before it never ran the program (libbpf "
           "failed first, or it was skipped). A number is a refusal's message, listed below "
           "the table.", ""]
    out += prog_table(corpus) + [""]
    out += ["The rules: " + rule_list(corpus, areas.get("prog-type", [])), ""]
    return out


# ---- lists of rules with their kernels ----

def rule_line(corpus, rule):
    words = D.rule_summary(corpus, rule)
    return f"- {D.rule_link(rule)} ({words}): {rule.get('statement') or ''}".rstrip()


def rule_list(corpus, rules):
    return ", ".join(D.rule_link(r) for r in rules) or "none"


def area_answer(corpus, area, title, rules):
    return [f"### {title}", "", f"[{area} page]({D.PAGES}/{D.page_name(area)})", ""] + \
        [rule_line(corpus, r) for r in rules] + [""]


def callback_section(corpus, areas):
    out = ["## What may a timer, wq or task_work callback do?", "",
           "A callback is verified as a program of its own, started from the call that "
           "installs it. Each line: the rule, the kernels on which its cases show it, and "
           "its statement (written from the reference kernel).", ""]
    for area, title in CALLBACK_QUESTIONS:
        if area in areas:
            out += area_answer(corpus, area, title, areas[area])
    return out


def stack_section(corpus, areas):
    if "stack" not in areas:
        return []
    return ["## How deep may the stack go with callbacks?", ""] + \
        area_answer(corpus, "stack", "Stack size, call depth and tail calls",
                    areas["stack"])[2:]


# ---- which map types ----

def maptype_cases(corpus):
    """{map type: {value kind: case}} of the btf/maptype-<type>-<kind> cases."""
    table = {}
    for cid, case in corpus.cases.items():
        m = re.match(r"^btf/maptype-(.+)-(plain|timer|wq)$", cid)
        if m:
            table.setdefault(m.group(1), {})[m.group(2)] = case
    return dict(sorted(table.items()))


def maptype_result(row):
    """A map-type case's row in a few words: ok, or the first refused step."""
    if row is None:
        return "not recorded"
    if row[0] != "btf":
        return {"crash": "crashed", "skip": "skipped"}.get(row[0], row[0])
    for step in row[2].split("; "):
        stmt, _, outcome = step.rpartition(": ")
        if outcome.startswith("-E"):
            return f"{stmt.split()[0]} {outcome}"
    return "ok"


def maptype_cell(corpus, case):
    """The results of one case over the kernels, grouped: 'ok' when every
    kernel agrees, else 'ok on a, b; map -EINVAL on c'."""
    if case is None:
        return "—"
    groups = {}
    for k in corpus.tables:
        groups.setdefault(maptype_result(corpus.row(k, case["id"])), []).append(k)
    if len(groups) == 1:
        return code_span(next(iter(groups)))
    return "; ".join(f"{code_span(r)} on {', '.join(ks)}" for r, ks in groups.items())


def maptype_name(case):
    for line in case["source"].split("\n"):
        m = MAP_TYPE_RE.match(line)
        if m:
            return "BPF_MAP_TYPE_" + m.group(1).upper()
    return "?"


def map_section(corpus, areas):
    table = maptype_cases(corpus)
    out = ["## Which map types and value layouts may hold a timer or a wq?", ""]
    if table:
        link = D.rule_link(corpus.rules["MAP-03"]) if "MAP-03" in corpus.rules else "MAP-03"
        out += ["### Map types", "",
                f"For each map type, a map whose 16-byte value is plain (two u64), holds a "
                f"`struct bpf_timer` or a `struct bpf_wq` ({link}): `ok` means the map was "
                "created and a tc program calling `bpf_timer_init` or `bpf_wq_init` on it "
                "verified; otherwise the step that was refused and its errno. Where the kernels "
                "differ, each result names its kernels.", "",
                "| map type | plain value | bpf_timer | bpf_wq |", "|---|---|---|---|"]
        for name, kinds in table.items():
            any_case = next(iter(kinds.values()))
            out.append(f"| `{maptype_name(any_case)}` | " + " | ".join(
                maptype_cell(corpus, kinds.get(k)) for k in ("plain", "timer", "wq")) + " |")
        out.append("")
    for area, title in (("btf", "Value layouts: where in the value, how many, which types"),
                        ("map", "Map flags, creation and lifetime")):
        if area in areas:
            out += area_answer(corpus, area, title, areas[area])
    return out


# ---- the rest, and the page ----

def other_section(corpus, areas, covered):
    out = ["## Everything else, by area", ""]
    for area, rules in areas.items():
        if area in covered:
            continue
        out.append(f"- [{area or 'unlisted'}]({D.PAGES}/{D.page_name(area)}): "
                   + rule_list(corpus, rules))
    return out + [""]


def kernels_lines(corpus):
    if not corpus.tables:
        return ["Kernels: none recorded yet (`make matrix-bless` writes expected/verdicts/).", ""]
    out = ["Kernels (each claim below is a case's result in its verdict table, "
           "expected/verdicts/<kernel>.tsv):", ""]
    for k, t in corpus.tables.items():
        out.append(f"- {D.kernel_label(corpus, k)}: `{t['uname'] or t['release']}`")
    return out + [""]


def render(corpus, areas):
    covered = {"prog-type", "stack", "btf", "map"} | {a for a, _ in CALLBACK_QUESTIONS}
    out = ["# Timers, workqueues and async callbacks: what the BPF verifier allows", "",
           D.GENERATED, "",
           "For BPF program authors: what the verifier lets a program do with `bpf_timer`, "
           "`bpf_wq` and `bpf_task_work` and their callbacks, answered by twc's cases on real "
           "kernels. Each answer links to a page per area, where every rule has its statement, "
           "a per-kernel table with the exact message, and the smallest allowed and refused "
           "programs in plain C.", ""]
    out += kernels_lines(corpus)
    out += [D.legend(), "",
            "- [Which program types may use a timer or a wq, and from which kernel?]"
            "(#which-program-types-may-use-a-timer-or-a-wq-and-from-which-kernel)",
            "- [What may a timer, wq or task_work callback do?]"
            "(#what-may-a-timer-wq-or-task_work-callback-do)",
            "- [How deep may the stack go with callbacks?]"
            "(#how-deep-may-the-stack-go-with-callbacks)",
            "- [Which map types and value layouts may hold a timer or a wq?]"
            "(#which-map-types-and-value-layouts-may-hold-a-timer-or-a-wq)",
            "- [Everything else, by area](#everything-else-by-area)", ""]
    out += prog_section(corpus, areas) + callback_section(corpus, areas)
    out += stack_section(corpus, areas) + map_section(corpus, areas)
    out += other_section(corpus, areas, covered)
    return D.finish(out)
