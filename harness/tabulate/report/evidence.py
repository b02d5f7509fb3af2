"""evidence.py: what a case's result on a kernel shows about a rule.

Every claim of the docs is one of these findings: a row of a verdict table
(the case's outcome, errno and message on a named kernel) read against the
rule's message regex and against the case's directory (accept/, reject/:
the verdict the reference kernel must give).  The examples of a rule are
chosen here too, and exercises() says whether a case illustrates a rule at
all: it names the rule, and its golden (or, for a rule the reference kernel
cannot show, a verdict table) shows the side it is shown for.
"""
from . import corpus as C

ALLOWED, REFUSED = "allowed", "refused"

# kinds of finding
SHOWS = "shows"            # the rule's side, as the case's directory says
OTHER = "other-message"    # refused, with a message that is not the rule's
CONTRA = "contradicts"     # the opposite of the case's directory
BLOCKED = "blocked"        # an accept/ case refused with another rule's message
UNKNOWN = "not-known"      # never reached the verifier: libbpf, skip, error, not recorded
CRASH = "crash"            # the kernel crashed on it
SAME = "same-steps"        # a BTF case whose steps came out as on the reference
DIFFERS = "differs"        # a BTF case whose steps came out otherwise


class Finding:
    """What one case's row on one kernel shows about one rule's side."""

    def __init__(self, kind, row, note="", hints=()):
        self.kind, self.row, self.note, self.hints = kind, row, note, list(hints)

    def proves(self):
        return self.kind == SHOWS


# ---- one row ----

def rules_matching(corpus, message, but=None):
    """Ids of the rules whose message regex the message matches."""
    return [rid for rid, r in corpus.rules.items()
            if rid != but and r["rx"] is not None and message and r["rx"].search(message)]


def btf_refused(summary):
    """Whether a BTF row's steps (a verdict table's message) refused one."""
    return any(C.REFUSED_STEP_RE.match(step.rpartition(": ")[2])
               for step in summary.split("; "))


def btf_finding(corpus, case, rule, side, row):
    """A BTF case's row: its steps against the rule's regex and the
    reference's steps."""
    steps = row[2]
    rx = rule.get("rx")
    lines = steps.replace("; ", "\n")
    if side == REFUSED and rx is not None and rx.search(lines):
        return Finding(SHOWS, row, "its steps match the rule's message")
    if side == ALLOWED and not btf_refused(steps):
        return Finding(SHOWS, row, "no step refused")
    ref = corpus.goldens.get(case["id"])
    if ref is not None and ref["summary"] == steps:
        return Finding(SAME, row, "the same step outcomes as the reference kernel")
    ref_steps = set(ref["summary"].split("; ")) if ref else set()
    diff = [s for s in steps.split("; ") if s not in ref_steps]
    return Finding(DIFFERS, row, "; ".join(diff))


def c_finding(corpus, case, rule, row):
    """A C case's row against its directory and the rule's message."""
    outcome, errno, message = row
    if case["verdict"] == "accept":
        if outcome == "accept":
            return Finding(SHOWS, row)
        own = rule.get("rx") is not None and rule["rx"].search(message)
        others = [] if own else rules_matching(corpus, message, rule["id"])
        return Finding(BLOCKED if others else CONTRA, row,
                       "refused, though the case is in accept/", others)
    if outcome == "accept":
        return Finding(CONTRA, row, "accepted, though the case is in reject/")
    rx = rule.get("rx")
    if rx is not None and rx.search(message):
        return Finding(SHOWS, row, "this rule's message")
    ref = corpus.goldens.get(case["id"])
    if rx is not None and ref and ref["message"] == message and rx.search(ref["text"]):
        return Finding(SHOWS, row, "the reference kernel's last message; its log there "
                                   "shows this rule's")
    return Finding(OTHER, row, "another message, not this rule's",
                   rules_matching(corpus, message, rule["id"]))


def finding(corpus, case, rule, kernel, side=None):
    """What the case's row on the kernel shows about the rule."""
    row = corpus.row(kernel, case["id"])
    if row is None:
        return Finding(UNKNOWN, ("none", "-", "-"), "not recorded on this kernel")
    outcome = row[0]
    if outcome == "crash":
        return Finding(CRASH, row, "the kernel crashed")
    if outcome in ("libbpf", "skip", "error"):
        return Finding(UNKNOWN, row, {"libbpf": "libbpf failed before the verifier saw it",
                                      "skip": "skipped", "error": "not judged"}[outcome])
    if case["kind"] == "btf":
        return btf_finding(corpus, case, rule, side or side_of(corpus, case, rule), row)
    return c_finding(corpus, case, rule, row)


# ---- which side a case shows, and whether it illustrates a rule ----

def golden_shows(corpus, case, rule, side):
    """Whether the reference kernel's golden shows the side: accepted (C)
    or no step refused (BTF) for the allowed side; refused with the rule's
    message (C: the first error line; BTF: anywhere in its steps and logs)
    for the refused side."""
    g = corpus.goldens.get(case["id"])
    if g is None:
        return False
    if case["kind"] == "c" and case["verdict"] != ("accept" if side == ALLOWED else "reject"):
        return False
    if side == ALLOWED:
        return not g["refused"]
    rx = rule.get("rx")
    return g["refused"] and rx is not None and bool(rx.search(g["text"]))


def tables_show(corpus, case, rule, side):
    """Kernels whose verdict table shows the side for the case."""
    if case["kind"] == "c" and case["verdict"] != ("accept" if side == ALLOWED else "reject"):
        return []
    return [k for k in corpus.tables if finding(corpus, case, rule, k, side).proves()]


def side_of(corpus, case, rule):
    """The side a case shows of a rule: its directory for a C case; for a
    BTF case, refused when its golden shows the rule's refusal, allowed when
    no step of its golden was refused, else None."""
    if case["kind"] == "c" and case["verdict"] == "accept":
        return ALLOWED
    if case["kind"] == "c":
        return REFUSED if rule.get("rx") is not None else None
    for side in (REFUSED, ALLOWED):
        if golden_shows(corpus, case, rule, side):
            return side
    return None


def requires_related(case, rule):
    """The case's __requires facts that the rule does not involve (a kfunc
    the rule's statement and functions do not name, PREEMPT_RT for a rule
    that does not mention it)."""
    text = rule.get("statement", "") + " " + rule.get("function", "")
    unrelated = []
    for req in case["requires"]:
        kind, _, name = req.partition(":")
        if kind == "kfunc" and name not in text:
            unrelated.append(req)
        elif kind in ("preempt_rt", "!preempt_rt") and "PREEMPT_RT" not in text:
            unrelated.append(req)
    return unrelated


def shows_side(corpus, case, rule, side):
    """The golden shows the side; without a golden (the reference kernel
    skipped the case), some verdict table does."""
    if corpus.goldens.get(case["id"]) is not None:
        return golden_shows(corpus, case, rule, side)
    return bool(tables_show(corpus, case, rule, side))


def candidates(corpus, rule, side):
    """The cases that name the rule and show the side (a refused side needs
    the rule's message regex)."""
    if side == REFUSED and rule.get("rx") is None:
        return []
    return [c for c in corpus.naming(rule["id"]) if shows_side(corpus, c, rule, side)]


def exercises(corpus, case, rule, side):
    """Why the case does not illustrate the rule's side ([] when it does):
    it must name the rule, its golden (or a verdict table, for a rule the
    reference cannot show) must show that side, and when some case showing
    it names the rule first (its main rule), so must this one."""
    if rule["id"] not in case["rules"]:
        return [f"{case['id']} does not name {rule['id']}"]
    if not shows_side(corpus, case, rule, side):
        what = "an accepted program" if side == ALLOWED else \
            f"a refusal matching /{rule.get('message')}/"
        return [f"{case['id']}: its golden (or verdict table) does not show {what}"]
    if case["rules"][0] != rule["id"] and \
            any(c["rules"][0] == rule["id"] for c in candidates(corpus, rule, side)):
        return [f"{case['id']} names {rule['id']} only as one of {', '.join(case['rules'])}, "
                "while another case is about it first"]
    return []


def example_key(corpus, case, rule, side):
    """Which example to prefer: about the rule first, no unrelated
    requirement, shown on more kernels, fewer rules, smaller."""
    size = C.source_size(case)
    return (case["rules"][0] != rule["id"], len(requires_related(case, rule)),
            -len(tables_show(corpus, case, rule, side)), len(case["rules"]), size, case["id"])


def example(corpus, rule, side):
    """The case to show for a rule's side, or None."""
    found = [c for c in candidates(corpus, rule, side) if not exercises(corpus, c, rule, side)]
    return min(found, key=lambda c: example_key(corpus, c, rule, side)) if found else None


# ---- a rule across kernels ----

def counted(corpus, rule):
    """[(case, side)] of the cases whose results speak for the rule: those
    naming it whose side is known; of a side where some case names it
    first (is about it), only those."""
    by_side = {}
    for case in sorted(corpus.naming(rule["id"]), key=lambda c: c["id"]):
        side = side_of(corpus, case, rule)
        if side is not None:
            by_side.setdefault(side, []).append(case)
    out = []
    for side, cases in by_side.items():
        first = [c for c in cases if c["rules"][0] == rule["id"]]
        out += [(c, side) for c in (first or cases)]
    return sorted(out, key=lambda cs: cs[0]["id"])


def not_counted(corpus, rule):
    """The cases naming the rule whose results counted() leaves out."""
    kept = {c["id"] for c, _ in counted(corpus, rule)}
    return [c for c in sorted(corpus.naming(rule["id"]), key=lambda c: c["id"])
            if c["id"] not in kept]


def rule_findings(corpus, rule):
    """{kernel: [(case, side, finding)]} over the counted cases."""
    out = {k: [] for k in corpus.tables}
    for case, side in counted(corpus, rule):
        for k in corpus.tables:
            out[k].append((case, side, finding(corpus, case, rule, k, side)))
    return out


def seen_elsewhere(corpus, rule, kernel):
    """Cases not naming the rule that the kernel refused with the rule's
    message (the evidence for a rule the reference kernel cannot show)."""
    rx = rule.get("rx")
    if rx is None:
        return []
    found = []
    for cid, case in sorted(corpus.cases.items()):
        row = corpus.row(kernel, cid)
        if rule["id"] not in case["rules"] and row and row[0] == "reject" and rx.search(row[2]):
            found.append(case)
    return found


def since(corpus, case, kernels):
    """(first, before): the first kernel of `kernels` (version order) from
    which the case is accepted on it and every later one, and the finding
    kind of the kernel before it (None when it is the first)."""
    first, before = None, None
    rows = [(k, corpus.row(k, case["id"])) for k in kernels]
    for i in range(len(rows) - 1, -1, -1):
        k, row = rows[i]
        if not row or row[0] != "accept":
            before = row[0] if row else "none"
            break
        first = k
    if first is None:
        return None, None
    return first, (before if first != rows[0][0] else None)
