"""Tests of `tabulate.py same` (report/same.py): two runs judged alike
but for their times, and each kind of difference it must name: a field,
a log (with its diff), a case only one run has.
"""
import contextlib
import copy
import io
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import tabulate  # noqa: E402

FIX = os.path.join(HERE, "fixtures", "7.3-cloud", "results.json")


class SameTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        with open(FIX, encoding="utf-8") as f:
            self.a = json.load(f)
        self.b = copy.deepcopy(self.a)
        for c in self.b["cases"]:  # another run: other times
            c["verification_time_usec"] = (c.get("verification_time_usec") or 0) + 17
            c["load_ns"] = (c.get("load_ns") or 0) + 1000

    def tearDown(self):
        self.tmp.cleanup()

    def same(self, *extra):
        paths = []
        for name, data in (("a.json", self.a), ("b.json", self.b)):
            paths.append(os.path.join(self.tmp.name, name))
            with open(paths[-1], "w", encoding="utf-8") as f:
                json.dump(data, f)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            rc = tabulate.main(["same", *extra, *paths])
        return rc, out.getvalue()

    def test_same_but_times(self):
        rc, out = self.same()
        self.assertEqual(rc, 0, out)
        self.assertIn("the same but for verification_time_usec, load_ns", out)
        rc, out = self.same("--ignore", "load_ns")
        self.assertEqual(rc, 1)
        self.assertIn("differ", out.splitlines()[-1])

    def test_field_and_log(self):
        case = self.b["cases"][0]
        case["errno"] = "-E2BIG"
        case["log"] = (case.get("log") or "") + "one more line\n"
        rc, out = self.same()
        self.assertEqual(rc, 1)
        self.assertIn(f"{case['id']}: errno: ", out)
        self.assertIn("'-E2BIG' in B", out)
        self.assertIn("+one more line", out)
        self.assertTrue(out.rstrip().endswith(": 1 differ"), out)

    def test_missing_case(self):
        gone = self.b["cases"].pop()
        rc, out = self.same()
        self.assertEqual(rc, 1)
        self.assertIn(f"{gone['id']}: only in A", out)


if __name__ == "__main__":
    unittest.main()
