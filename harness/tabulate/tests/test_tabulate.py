"""Tests of harness/tabulate/tabulate.py and harness/tabulate/report/ on recorded results.

fixtures/<kernel>/results.json: eight cases of a real `make matrix` run on
6.19, 7.0, 7.3 cloud (the reference) and 7.3 rt, trimmed.  The docs'
tests (fixtures/tree/) are in test_docs.py.
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
sys.path.insert(0, os.path.join(HERE, ".."))

import tabulate  # noqa: E402
from report import html, kdiff, markdown  # noqa: E402
from report import results as R  # noqa: E402

KERNELS = ("6.19-cloud", "7.0-cloud", "7.3-cloud", "7.3-rt")
PERF = "accept/prog-perf-event-timer"
STACK = "reject/timer-cancel-async-stack-timer"
ASYNC = "accept/timer-cancel-async-map-value"


def load(name):
    return R.load(os.path.join(FIX, name))


def run_main(argv):
    """tabulate.main(argv): (exit status, stdout)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        rc = tabulate.main(argv)
    return rc, out.getvalue()


class ResultsTest(unittest.TestCase):
    def test_load(self):
        k = load("7.0-cloud")
        self.assertEqual(k.name, "7.0-cloud")
        self.assertEqual(k.release, "7.0.13+deb13-cloud-amd64")
        self.assertEqual(len(k.cases), 8)

    def test_outcomes(self):
        self.assertEqual(load("6.19-cloud").outcome(PERF),
                         ("reject", "-EINVAL", "tracing progs cannot use bpf_timer yet"))
        self.assertEqual(load("7.0-cloud").outcome(STACK),
                         ("reject", "-EINVAL", "arg#0 doesn't point to a map value"))
        self.assertEqual(load("7.3-rt").outcome(PERF),
                         ("reject", "-EOPNOTSUPP", "bpf_timer cannot be used for PREEMPT_RT."))
        skip = load("6.19-cloud").outcome(ASYNC)
        self.assertEqual(skip[0], "skip")
        self.assertIn("requires kfunc:bpf_timer_cancel_async, missing from this kernel's BTF "
                      "(prepare: libbpf: extern (func ksym) 'bpf_timer_cancel_async': "
                      "not found in kernel or module BTFs)", skip[2])
        self.assertEqual(load("7.0-cloud").outcome("reject/timer-cb-tail-call-direct-path")[0],
                         "crash")
        self.assertIsNone(load("7.0-cloud").outcome("no/such-case"))

    def test_derive_outcome(self):
        """results.json files from before the outcome fields still read."""
        case = dict(load("7.0-cloud").cases[STACK])
        for key in ("outcome", "outcome_errno", "message"):
            del case[key]
        self.assertEqual(R.outcome_of(case),
                         ("reject", "-EINVAL", "arg#0 doesn't point to a map value"))

    def test_first_error(self):
        log = ("0: (85) call bpf_timer_cancel_async#<btf_id>\nR1 doesn't point to a map value\n"
               "verification time <usec> usec\nstack depth 16\nprocessed 6 insns\n")
        self.assertEqual(R.first_error(log), "R1 doesn't point to a map value")
        diag = "a\nthe message\n\nVerification failed: x\nReason: y\nprocessed 1 insns\n"
        self.assertEqual(R.first_error(diag), "the message")
        self.assertIsNone(R.first_error("processed 1 insns\n"))

    def test_areas_and_order(self):
        self.assertEqual(R.rule_area("TMR-ARG-03"), "TMR-ARG")
        self.assertEqual(R.rule_area("STK-01"), "STK")
        self.assertEqual(R.rule_area("odd"), "odd")
        names = ["7.3-rt", "6.12-cloud", "7.0-cloud", "6.1-cloud", "7.3-cloud", "6.19-cloud"]
        self.assertEqual(sorted(names, key=R.version_key),
                         ["6.1-cloud", "6.12-cloud", "6.19-cloud", "7.0-cloud", "7.3-cloud",
                          "7.3-rt"])

    def test_cap_log(self):
        log = "\n".join(str(i) for i in range(5000))
        capped = R.cap_log(log).split("\n")
        self.assertEqual(len(capped), 3001)
        self.assertEqual(capped[1999], "1999")
        self.assertIn("2000 lines left out", capped[2000])
        self.assertEqual(capped[-1], "4999")

    def test_unreadable(self):
        rc, out = run_main(["diff", os.path.join(FIX, "tree"), os.path.join(FIX, "7.0-cloud")])
        self.assertEqual(rc, 2)
        self.assertIn("tabulate: ", out)


class MarkdownTest(unittest.TestCase):
    def setUp(self):
        self.pages = markdown.render_pages([load(k) for k in KERNELS], "7.3-cloud", "fixtures")
        self.md = self.pages["matrix.md"]

    def row(self, case_id):
        for path, text in self.pages.items():
            for line in text.splitlines():
                if line.startswith(f"| `{case_id}` |"):
                    return path, line
        raise AssertionError(case_id)

    def note(self, path, n):
        """The message numbered n on a page."""
        line = next(l for l in self.pages[path].splitlines() if l.startswith(f"- [{n}] "))
        return line[len(f"- [{n}] "):]

    def test_facts(self):
        """The four facts of the kernel matrix, as short cells whose
        messages are listed once below the table."""
        path, line = self.row(PERF)
        self.assertEqual(path, "areas/pt.md")
        cells = line.split(" | ")
        self.assertRegex(cells[1], r"^❌ -EINVAL \[\d+\]$")
        self.assertEqual(cells[2:4], ["✅ accept", "✅ accept"])
        n = cells[1].split("[")[1].rstrip("]")
        self.assertEqual(self.note(path, n), "`tracing progs cannot use bpf_timer yet`")
        m = cells[4].split("[")[1].split("]")[0]
        self.assertEqual(self.note(path, m), "`bpf_timer cannot be used for PREEMPT_RT.`")
        path, line = self.row(STACK)
        cells = line.split(" | ")
        self.assertEqual(self.note(path, cells[2].split("[")[1].rstrip("]")),
                         "`arg#0 doesn't point to a map value`")
        self.assertEqual(self.note(path, cells[3].split("[")[1].rstrip("]")),
                         "`R1 doesn't point to a map value`")
        path, line = self.row(ASYNC)
        n = line.split(" | ")[1].split("[")[1].rstrip("]")
        self.assertIn("requires kfunc:bpf_timer_cancel_async, missing from this kernel's BTF "
                      "(prepare: extern (func ksym) 'bpf_timer_cancel_async': not found in",
                      " ".join(l.strip() for l in self.pages[path].splitlines()))

    def test_index(self):
        self.assertIn("| **7.3-cloud** (reference) | `7.3.4+deb13-cloud-amd64` | 8 |", self.md)
        self.assertIn("| [KF-TMR](areas/kf-tmr.md) | 2 | 2 | 0 |", self.md)
        self.assertIn("Every case of every kernel is as its verdict table says.", self.md)
        for path in self.pages:
            if path != "matrix.md":
                self.assertIn(f"]({path})", self.md)

    def test_sections(self):
        self.assertTrue(self.row("accept/prog-kprobe-wq")[1].startswith(
            "| `accept/prog-kprobe-wq` | ⛔ libbpf -EINVAL ["))
        path, line = self.row("reject/timer-cb-tail-call-direct-path")
        n = line.split(" | ")[1].split("[")[1].split("]")[0]
        self.assertIn("💥 CRASH [", line)
        self.assertTrue(self.note(path, n).startswith("`the kernel complained while loading: "
                                                      "'WARNING: "))
        self.assertIn("🔎 kernel -ENOENT [", self.row("btf/kernel")[1])
        self.assertIn("| 🔎 ok |", self.row("btf/kernel")[1])

    def test_short_lines(self):
        """No line of the matrix is long: messages are numbered and wrapped."""
        for path, text in self.pages.items():
            for line in text.splitlines():
                if not line.startswith("|"):
                    self.assertLessEqual(len(line), markdown.WIDTH, f"{path}: {line}")
                else:
                    self.assertLessEqual(len(line), 200, f"{path}: {line}")

    def test_failed_mark(self):
        k = load("7.0-cloud")
        k.cases[STACK]["code"] = "FAIL"
        k.cases[STACK]["reason"] = "message changed against 'x': was a, now b"
        pages = markdown.render_pages([load("6.19-cloud"), k], "7.0-cloud")
        self.assertRegex(pages["areas/kf-tmr.md"], r"❌ -EINVAL \[\d+\] ⚑")
        self.assertIn(f"- 7.0-cloud `{STACK}`: FAIL: message changed against 'x'", pages["matrix.md"])
        self.assertIn("| [KF-TMR](areas/kf-tmr.md) | 2 | 2 | 1 |", pages["matrix.md"])

    def test_escaping(self):
        self.assertEqual(markdown.code_span("a|b"), "`a\\|b`")
        self.assertEqual(markdown.code_span("a`b"), "`` a`b ``")


class DiffTest(unittest.TestCase):
    def test_series(self):
        """6.19 -> 7.0: the lock-free timer series' effects."""
        text, changed = kdiff.render(load("6.19-cloud"), load("7.0-cloud"))
        self.assertTrue(changed)
        self.assertIn(f"!!! REJECT→ACCEPT      {PERF}\n        A: reject -EINVAL 'tracing progs "
                      "cannot use bpf_timer yet'\n        B: accept\n", text)
        # every change of outcome is flagged, not only accept -> reject
        self.assertIn(f"!!! SKIP→REJECT        {STACK}\n", text)
        self.assertIn("== log diffs: ", text)
        self.assertIn(f"--- A/{PERF} (6.19-cloud)\n+++ B/{PERF} (7.0-cloud)\n", text)
        self.assertLess(text.index("== verdict changes"), text.index("== message changes"))
        self.assertLess(text.index("== message changes"), text.index("== log diffs"))
        self.assertLess(text.index("== log diffs"), text.index("== verification stats"))

    def test_loud(self):
        """accept -> reject comes first, flagged."""
        text, _ = kdiff.render(load("7.3-cloud"), load("7.3-rt"))
        section = text[text.index("== verdict changes"):text.index("== message changes")]
        self.assertIn("(3 accept→reject)", section)
        self.assertEqual(section.splitlines()[1], f"!!! ACCEPT→REJECT      {PERF}")

    def test_messages(self):
        text, _ = kdiff.render(load("7.0-cloud"), load("7.3-cloud"))
        self.assertIn(f"== message changes: 1\n    {STACK}\n        A: reject -EINVAL 'arg#0 "
                      "doesn't point to a map value'\n        B: reject -EINVAL 'R1 doesn't "
                      "point to a map value'\n", text)

    def test_stats_threshold(self):
        a, b = load("7.3-cloud"), load("7.3-cloud")
        b.cases[PERF] = dict(b.cases[PERF], insns_processed=a.cases[PERF]["insns_processed"] + 4)
        text, changed = kdiff.render(a, b)
        self.assertFalse(changed)   # 4 more insns: below the minimum of 5
        b.cases[PERF]["insns_processed"] = 40
        text, changed = kdiff.render(a, b, pct=10, minimum=5)
        self.assertTrue(changed)
        self.assertIn(f"    {PERF}: insns 23 → 40 (+73%)", text)

    def test_stats_need_both_loads(self):
        """No statistics for a case the verifier did not run on one side
        (a libbpf failure has no insns: '0 -> 30' said nothing)."""
        a, b = load("7.3-cloud"), load("7.3-cloud")
        a.cases[PERF] = dict(a.cases[PERF], phase="prepare", insns_processed=0)
        b.cases[PERF] = dict(b.cases[PERF], insns_processed=30)
        text, _ = kdiff.render(a, b)
        self.assertNotIn(f"    {PERF}: insns", text)

    def test_filters(self):
        """CASES= patterns and the sections asked for."""
        text, changed = kdiff.render(load("6.19-cloud"), load("7.0-cloud"),
                                     patterns=("accept/*", f"!{PERF}"))
        self.assertIn("3 cases of accept/*", text)
        self.assertNotIn(f" {PERF}\n", text)
        self.assertNotIn(f"--- A/{PERF}", text)
        text, _ = kdiff.render(load("6.19-cloud"), load("7.0-cloud"), sections=("verdicts",))
        self.assertIn("== verdict changes", text)
        self.assertNotIn("== log diffs", text)
        rc, out = run_main(["diff", "--sections", "verdicts,bogus", os.path.join(FIX, "7.0-cloud"),
                            os.path.join(FIX, "7.0-cloud")])
        self.assertEqual(rc, 2)

    def test_nothing(self):
        rc, out = run_main(["diff", os.path.join(FIX, "7.0-cloud"), os.path.join(FIX, "7.0-cloud")])
        self.assertEqual(rc, 0)
        self.assertIn("diff: 0 verdict changes (0 accept→reject), 0 message changes, "
                      "0 log diffs, 0 stat changes, 0 cases on one side only", out)
        rc, _ = run_main(["diff", os.path.join(FIX, "6.19-cloud"), os.path.join(FIX, "7.0-cloud")])
        self.assertEqual(rc, 1)


class HtmlTest(unittest.TestCase):
    def setUp(self):
        self.page = html.render([load(k) for k in KERNELS], "7.3-cloud", {"KF-TMR": "kfunc-timer"})

    def test_self_contained(self):
        lower = self.page.lower()
        for needle in ("http://", "https://", "src=", "href=", "@import", "url("):
            self.assertNotIn(needle, lower)
        self.assertIn("default-src 'none'", self.page)
        # the JSON island cannot end early
        island = self.page[self.page.index(html.ISLAND) + len(html.ISLAND):]
        self.assertLess(island.index("</script>"), island.index("<script>"))

    def test_data(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "report.html")
            with open(path, "w", encoding="utf-8") as f:
                f.write(self.page)
            data = html.read_data(path)
        self.assertEqual([k["name"] for k in data["kernels"]], list(KERNELS))
        self.assertEqual(len(data["cases"]), 8)
        self.assertEqual(data["areas"][0], {"name": "BTF", "title": ""})
        row = next(c for c in data["cases"] if c["id"] == STACK)
        self.assertEqual(row["area"], "KF-TMR")
        ref, new = row["cells"][2], row["cells"][1]
        self.assertIsNone(ref["diff"])
        self.assertFalse(new["same"])
        diff = data["diffs"][new["diff"]]
        self.assertIn("--- 7.3-cloud (reference)\n+++ 7.0-cloud\n", diff)
        self.assertIn("\n-R1 doesn't point to a map value\n+arg#0 doesn't point to a map value",
                      diff)
        self.assertEqual(new["l"], "EINVAL")
        # a log shared by several kernels is stored once
        self.assertEqual(len(data["logs"]), len(set(data["logs"])))


class CliTest(unittest.TestCase):
    def test_matrix(self):
        dirs = [os.path.join(FIX, k) for k in KERNELS]
        with tempfile.TemporaryDirectory() as tmp:
            md, page = os.path.join(tmp, "m.md"), os.path.join(tmp, "r.html")
            os.makedirs(os.path.join(tmp, "areas"))
            with open(os.path.join(tmp, "areas", "gone.md"), "w") as f:
                f.write("an area no longer in the results\n")
            rc, _ = run_main(["matrix", "--reference", "7.3-cloud", "--markdown", md,
                              "--html", page] + dirs)
            self.assertEqual(rc, 0)
            with open(md, encoding="utf-8") as f:
                self.assertIn("# twc kernel matrix", f.read())
            self.assertEqual(sorted(os.listdir(os.path.join(tmp, "areas"))),
                             ["btf.md", "cb-ctx.md", "kf-tmr.md", "pt.md", "tmr-arg.md"])
            self.assertEqual(len(html.read_data(page)["cases"]), 8)

    def test_failures(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = json.load(open(os.path.join(FIX, "7.0-cloud", "results.json")))
            data["cases"][0].update(code="FAIL", reason="verdict changed")
            os.makedirs(os.path.join(tmp, "7.0-cloud"))
            with open(os.path.join(tmp, "7.0-cloud", "results.json"), "w") as f:
                json.dump(data, f)
            rc, out = run_main(["failures", os.path.join(tmp, "7.0-cloud"),
                                os.path.join(FIX, "7.3-cloud")])
        self.assertEqual(rc, 0)
        self.assertEqual(out, f"FAILED  7.0-cloud  {data['cases'][0]['id']} (verdict table): "
                              "FAIL: verdict changed\n")


if __name__ == "__main__":
    unittest.main()
