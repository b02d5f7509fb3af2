"""results.py: the results of one kernel, as `make matrix` leaves them.

A results directory (build/matrix/<kernel>/) holds results.json (written by
`twc judge`), the stream and console it was judged from, the plan, and a
`kernel` file of key=value lines (name, image, table) written by
harness/sh/matrix.sh.  A bare results.json (e.g. from `make check`) works too.
"""
import json
import os
import re

OUTCOMES = ("accept", "reject", "libbpf", "skip", "crash", "btf", "error")
STATS_PREFIXES = ("verification time ", "stack depth ", "processed ", "subprog ")


class ResultsError(Exception):
    """A results directory that cannot be read."""


class Kernel:
    """One kernel's results: name, release and the cases by id."""

    def __init__(self, name, where, data, meta):
        self.name = name
        self.where = where
        self.meta = meta
        kernel = data.get("kernel") or {}
        self.release = kernel.get("release") or "?"
        self.version = kernel.get("version") or ""
        self.summary = data.get("summary") or {}
        self.cases = {c["id"]: c for c in data.get("cases", [])}

    def outcome(self, case_id):
        """(outcome, errno, message) of a case, or None when not run here."""
        case = self.cases.get(case_id)
        return outcome_of(case) if case else None


def read_meta(directory):
    """The key=value lines of <directory>/kernel, as a dict."""
    meta = {}
    try:
        with open(os.path.join(directory, "kernel"), encoding="utf-8") as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition("=")
                if sep:
                    meta[key] = value
    except FileNotFoundError:
        pass
    return meta


def load(path, name=None):
    """The Kernel of a results directory (or of a results.json file)."""
    directory, json_path = path, os.path.join(path, "results.json")
    if os.path.isfile(path):
        directory, json_path = os.path.dirname(path) or ".", path
    try:
        with open(json_path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise ResultsError(f"{json_path}: {e}") from e
    if data.get("format") != "twc-results":
        raise ResultsError(f"{json_path}: not a twc results file")
    meta = read_meta(directory)
    name = name or meta.get("name") or os.path.basename(os.path.abspath(directory))
    return Kernel(name, directory, data, meta)


def first_error(log):
    """The first error line of a log, as the judge finds it: the last
    non-empty line before the 7.3 "Verification failed:" block and before
    the statistics lines."""
    diag = log.find("\n\nVerification failed:")
    lines = (log[:diag + 1] if diag >= 0 else log).split("\n")
    while lines:
        line = lines.pop()
        if line and not (diag < 0 and line.startswith(STATS_PREFIXES)):
            return line
    return None


def derive_outcome(case):
    """The outcome of a case from a results.json without outcome fields."""
    code, phase = case.get("code"), case.get("phase")
    if code in ("ERROR", "CRASH", "SKIP"):
        return code.lower(), "-", case.get("reason") or "-"
    if case["id"].startswith("btf/"):
        return "btf", "-", "-"
    if phase is None:
        return "error", "-", case.get("reason") or "-"
    if phase != "load":
        return "libbpf", case.get("errno") or "-", case.get("reason") or "-"
    if case.get("errno") == "0":
        return "accept", "0", "-"
    return "reject", case.get("errno") or "-", case.get("first_error") or "-"


def outcome_of(case):
    """(outcome, errno, message) of a results.json case."""
    if case.get("outcome"):
        return case["outcome"], case.get("outcome_errno") or "-", case.get("message") or "-"
    return derive_outcome(case)


def rule_area(rule_id):
    """The area of a rule id: the id without its last "-N" part
    (TMR-ARG-03 -> TMR-ARG, STK-01 -> STK)."""
    head, sep, tail = rule_id.rpartition("-")
    return head if sep and tail[:1].isdigit() else rule_id


def case_area(case):
    """The area a case is grouped under: its first rule's; an upstream
    program's (upstream/<file>/<prog>, no rule ids) is its file."""
    rules = case.get("rules") or []
    if rules:
        return rule_area(rules[0])
    parts = (case.get("id") or "").split("/")
    return f"upstream/{parts[1]}" if parts[0] == "upstream" and len(parts) > 2 else "(no rule)"


def version_key(name):
    """Sort key putting kernel names in version order (6.1 < 6.12 < 7.0)."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p)
            for p in re.split(r"(\d+)", name) if p]


def short_message(outcome, message):
    """The message as a cell shows it (libbpf's own prefix dropped)."""
    if message in (None, "-"):
        return ""
    return message.replace("libbpf: ", "") if outcome in ("libbpf", "skip") else message


def cap_log(text, max_lines=3000, head=2000):
    """A log of at most max_lines lines: head and tail around a marker."""
    lines = (text or "").split("\n")
    if len(lines) <= max_lines:
        return text or ""
    tail = max_lines - head
    cut = len(lines) - head - tail
    return "\n".join(lines[:head] + [f"[... {cut} lines left out; the whole log is in "
                                     "results.json ...]"] + lines[-tail:])
