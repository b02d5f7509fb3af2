"""Tests of `tabulate.py orphans` (report/orphans.py): on a small temporary
tree with an orphan of every kind, and on the judge's fixture tree, whose
case ids the C judge's own tests list (harness/judge/tests/test_*judge.c).
"""
import contextlib
import io
import os
import re
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))

import tabulate  # noqa: E402
from report import orphans  # noqa: E402

JUDGE_TESTS = os.path.join(HERE, "..", "..", "judge", "tests")

ONE = """/* one case program; a comment that says SEC("tc") int fake(void) */
#include "twc.h"
struct { __uint(type, BPF_MAP_TYPE_ARRAY); } m SEC(".maps");
SEC("tc")
__success __msg("a (paren) and a \\" quote")
int one(struct __sk_buff *skb) { return 0; }
char _license[] SEC("license") = "GPL";
"""

MULTI = """#include "twc.h"
SEC("tc")
__auxiliary
int helper(struct __sk_buff *skb) { return 0; }

SEC("tc") __failure __msg("x(") __log_level(2)
int p1(struct __sk_buff *skb) { return 0; }

SEC("lsm/file_open") __failure
__naked int BPF_PROG(p2, struct file *file) { return 0; }
"""

FILES = {
    "cases/accept/one.bpf.c": ONE,
    "cases/reject/multi.bpf.c": MULTI,
    "cases/reject/broken.bpf.c": "int x = ;\n",
    "btf/maps/map.case": "btf expect ok\n",
    "btf/kernel.case": "kernel struct bpf_timer expect ok\n",
    "btf/kernel.expected": "# twc golden: ...\n",
    "expected/accept/one.log": "",
    "expected/reject/multi/p1.log": "",
    "expected/reject/multi/p2.log": "",
    "expected/reject/broken/p.log": "",      # broken: its programs cannot be told
    "expected/btf/map.log": "",
    # orphans
    "expected/accept/gone.log": "",          # its case was removed
    "expected/reject/multi.log": "",         # the file has two case programs now
    "expected/reject/multi/helper.log": "",  # an auxiliary program is no case
    "expected/btf/kernel.log": "",           # btf/kernel's golden is btf/kernel.expected
    "expected/accept/notes.txt": "",         # not a golden at all
    "btf/old.expected": "",                  # no btf/old.case
    "expected/verdicts/6.1-cloud.tsv": (
        "# twc verdicts: ...\n# id\toutcome\terrno\tmessage\n"
        "accept/one\taccept\t0\t-\naccept/gone\taccept\t0\t-\n"
        "btf/map\tbtf\t-\tbtf: ok\nreject/multi\treject\t-EINVAL\tx\n"
        "reject/multi/p1\treject\t-EINVAL\tx\n"),
}


def run_main(argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        rc = tabulate.main(argv)
    return rc, out.getvalue()


class OrphansTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.top = self.tmp.name
        for rel, text in FILES.items():
            os.makedirs(os.path.dirname(os.path.join(self.top, rel)), exist_ok=True)
            with open(os.path.join(self.top, rel), "w") as f:
                f.write(text)

    def tearDown(self):
        self.tmp.cleanup()

    def test_programs(self):
        self.assertEqual(orphans.programs(ONE), [("one", False)])
        self.assertEqual(orphans.programs(MULTI),
                         [("helper", True), ("p1", False), ("p2", False)])

    def test_case_ids(self):
        ids, untold = orphans.case_ids(self.top)
        self.assertEqual(sorted(ids), ["accept/one", "btf/kernel", "btf/map", "reject/broken",
                                       "reject/multi/p1", "reject/multi/p2"])
        self.assertEqual(untold, {"reject/broken"})

    def test_orphans(self):
        rc, out = run_main(["orphans", "--top", self.top])
        self.assertEqual(rc, 1)
        want = [
            "orphan golden btf/old.expected: names no case: no btf/old.case; "
            "to remove it: git rm btf/old.expected",
            "orphan golden expected/accept/gone.log: names no case: 'accept/gone'; "
            "to remove it: git rm expected/accept/gone.log",
            "orphan golden expected/accept/notes.txt: not a golden (goldens are "
            "expected/<id>.log); to remove it: git rm expected/accept/notes.txt",
            "orphan golden expected/btf/kernel.log: names no case: 'btf/kernel'; "
            "to remove it: git rm expected/btf/kernel.log",
            "orphan golden expected/reject/multi.log: names no case: 'reject/multi'; "
            "to remove it: git rm expected/reject/multi.log",
            "orphan golden expected/reject/multi/helper.log: names no case: "
            "'reject/multi/helper'; to remove it: git rm expected/reject/multi/helper.log",
            "orphan row expected/verdicts/6.1-cloud.tsv:4: 'accept/gone' names no case; "
            "to drop it: make matrix-bless KERNELS=6.1-cloud",
            "orphan row expected/verdicts/6.1-cloud.tsv:6: 'reject/multi' names no case; "
            "to drop it: make matrix-bless KERNELS=6.1-cloud",
            "note: cases/reject/broken.bpf.c shows no program in its source; goldens below "
            "expected/reject/broken/ were not checked",
            "orphans: 8 goldens or verdict-table rows name none of the 6 cases",
        ]
        self.assertEqual(out.splitlines(), want)

    def test_clean(self):
        for rel in ("expected/accept/gone.log", "expected/reject/multi.log",
                    "expected/reject/multi/helper.log", "expected/btf/kernel.log",
                    "expected/accept/notes.txt", "btf/old.expected"):
            os.unlink(os.path.join(self.top, rel))
        with open(os.path.join(self.top, "expected/verdicts/6.1-cloud.tsv"), "w") as f:
            f.write("# id\toutcome\terrno\tmessage\naccept/one\taccept\t0\t-\n")
        rc, out = run_main(["orphans", "--top", self.top])
        self.assertEqual(rc, 0, out)
        self.assertIn("orphans: none; every golden and verdict-table row names one of the 6 "
                      "cases", out)

    def test_upstream_goldens(self):
        """Goldens of upstream programs name a test program of the pinned
        tree's progs/<stem>.c; not checked (a note) without the tree."""
        st = os.path.join(self.top, "st")
        files = {
            "st/progs/up_a.c": MULTI,
            "expected/upstream/up_a/p1.log": "",
            "expected/upstream/up_a/p2@unpriv.log": "",
            "expected/upstream/up_a/helper.log": "",      # __auxiliary
            "expected/upstream/up_gone/p1.log": "",       # no progs/up_gone.c
            "expected/upstream/up_a/notes.txt": "",
        }
        for rel, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(self.top, rel)), exist_ok=True)
            with open(os.path.join(self.top, rel), "w") as f:
                f.write(text)
        rc, out = run_main(["orphans", "--top", self.top, "--selftests", st])
        self.assertEqual(rc, 1)
        self.assertIn("orphan golden expected/upstream/up_a/helper.log: names no test program "
                      "of progs/up_a.c: 'helper'", out)
        self.assertIn("orphan golden expected/upstream/up_gone/p1.log: names no progs file of "
                      "the pinned tree: no progs/up_gone.c", out)
        self.assertIn("orphan golden expected/upstream/up_a/notes.txt: not a golden", out)
        self.assertNotIn("up_a/p1.log", out)
        self.assertNotIn("p2@unpriv", out)
        rc, out = run_main(["orphans", "--top", self.top])
        self.assertIn("the goldens below expected/upstream/ were not checked", out)
        self.assertNotIn("upstream/up_gone", out)

    def test_judge_fixtures(self):
        """The ids the C judge's tests expect of their fixtures are the ids
        this reader finds there, multi-program file included."""
        want = set()
        for name in ("test_judge.c", "test_btfjudge.c"):
            with open(os.path.join(JUDGE_TESTS, name)) as f:
                want |= set(re.findall(r'\{ "((?:accept|reject|btf)/[^"]+)", RES_', f.read()))
        top = os.path.join(JUDGE_TESTS, "fixtures")
        ids, untold = orphans.case_ids(top)
        self.assertEqual(sorted(ids), sorted(want))
        self.assertIn("reject/multi/multi_b", ids)
        rc, out = run_main(["orphans", "--top", top])
        self.assertEqual(rc, 0, out)


if __name__ == "__main__":
    unittest.main()
