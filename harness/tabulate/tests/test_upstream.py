"""Tests of the matrix's upstream section (tabulate.py upstream) on results
written here: counts per kernel, only the programs that are not PASS on
some kernel listed, each kernel's reason in its cell (a '|' escaped), a
program one kernel did not run shown as '-', and a kernel directory
without upstream/ results refused with its path.
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import tabulate  # noqa: E402


def write_kernel(m, name, cases):
    d = os.path.join(m, name)
    os.makedirs(os.path.join(d, "upstream"))
    with open(os.path.join(d, "kernel"), "w") as f:
        f.write(f"name={name}\n")
    for sub in ("", "upstream"):
        with open(os.path.join(d, sub, "results.json"), "w") as f:
            json.dump({"format": "twc-results", "kernel": {"release": name},
                       "cases": [{"id": i, "code": c, "reason": r} for i, c, r in cases]}, f)
    return d


def run(argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        rc = tabulate.main(argv)
    return rc, out.getvalue()


class Upstream(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.m = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_differences_per_kernel(self):
        a = write_kernel(self.m, "6.1-cloud", [
            ("upstream/wq_failures/test_wq_init", "SKIP", "requires kfunc bpf_wq_init"),
            ("upstream/timer_failure/ok", "PASS", ""),
            ("upstream/timer_failure/bad", "FAIL", "expected a|b in the log")])
        b = write_kernel(self.m, "7.3-cloud", [
            ("upstream/wq_failures/test_wq_init", "PASS", ""),
            ("upstream/timer_failure/ok", "PASS", "")])
        rc, out = run(["upstream", a, b])
        self.assertEqual(rc, 0)
        self.assertIn("| result | 6.1-cloud | 7.3-cloud |", out)
        self.assertIn("| PASS | 1 | 2 |", out)
        self.assertIn("| FAIL | 1 | 0 |", out)
        self.assertIn("2 programs do not get what their annotations expect", out)
        self.assertIn("| `upstream/timer_failure/bad` | FAIL: expected a\\|b in the log | - |", out)
        self.assertIn("| `upstream/wq_failures/test_wq_init` | SKIP: requires kfunc bpf_wq_init "
                      "| PASS |", out)
        self.assertNotIn("`upstream/timer_failure/ok`", out)

    def test_all_pass(self):
        a = write_kernel(self.m, "7.3-cloud", [("upstream/x/y", "PASS", "")])
        rc, out = run(["upstream", a])
        self.assertEqual(rc, 0)
        self.assertIn("Every program gets what its annotations expect on every kernel.", out)

    def test_no_upstream_results(self):
        d = write_kernel(self.m, "7.3-cloud", [("upstream/x/y", "PASS", "")])
        os.remove(os.path.join(d, "upstream", "results.json"))
        rc, out = run(["upstream", d])
        self.assertEqual(rc, 2)
        self.assertIn(os.path.join(d, "upstream", "results.json"), out)


class Area(unittest.TestCase):
    def test_upstream_program_area_is_its_file(self):
        from report import results as R
        self.assertEqual(R.case_area({"id": "upstream/timer_failure/bad_cb@unpriv"}),
                         "upstream/timer_failure")
        self.assertEqual(R.case_area({"id": "reject/x", "rules": ["TMR-ARG-03"]}), "TMR-ARG")
        self.assertEqual(R.case_area({"id": "reject/x"}), "(no rule)")


if __name__ == "__main__":
    unittest.main()
