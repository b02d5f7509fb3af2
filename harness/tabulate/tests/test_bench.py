"""Tests of bench.py's figures (make bench, make bench-matrix) on streams
and results written here: BOOT records counted and blobs skipped, the
floor from one boot and the verification sum, the ratios, and an
incomplete matrix run refused rather than printed as figures.
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

import bench  # noqa: E402


def write_kernel(m, name, boots, vt_usec, seconds):
    d = os.path.join(m, name)
    os.makedirs(d)
    log = b"BOOT 1 1\nBOOT 2 2\n"  # a log's bytes that look like records: not boots
    stream = b"TWC-STREAM 1\nLOAD 0 -22 5\nLOG 0 %d\n%s\n" % (len(log), log)
    for ns, init, *how in boots:
        stream += b"BOOT %d %d%s\n" % (ns, init, b" " + how[0] if how else b"")
    with open(os.path.join(d, "stream"), "wb") as f:
        f.write(stream)
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump({"cases": [{"verification_time_usec": v} for v in vt_usec]}, f)
    with open(os.path.join(d, "seconds"), "w") as f:
        f.write(f"{seconds}\n")


def run(argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        rc = bench.main(argv)
    return rc, out.getvalue()


class BenchMatrixTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.m = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_figures(self):
        # 6.12: three boots (two reboots after crashes), the fastest 4 s to /init
        write_kernel(self.m, "6.12-cloud", [(30e9, 5e9), (20e9, 4e9), (10e9, 6e9)],
                     [2_000_000, 4_000_000, -1], 60.0)
        write_kernel(self.m, "7.3-cloud", [(25e9, 3e9)], [10_000_000], 26.0)
        with open(os.path.join(self.m, "seconds"), "w") as f:
            f.write("90.0\n")
        rc, out = run(["--matrix", self.m, "--jobs", "2", "--vms", "1", "--machine", "m"])
        self.assertEqual(rc, 0, out)
        lines = out.splitlines()
        self.assertEqual(lines[0], "bench-matrix: 2 kernels, JOBS=2, VMS=1; m")
        row = [l for l in lines if l.split()[:1] == ["6.12-cloud"]][0].split()
        # cases boots restored boot restore verif floor VM wall ratio
        self.assertEqual(row[1:], ["3", "3", "0", "4.0s", "-", "6.0s", "10.0s", "60.0s", "60.0s",
                                   "6.00"])
        row = [l for l in lines if l.split()[:1] == ["7.3-cloud"]][0].split()
        self.assertEqual(row[1:], ["1", "1", "0", "3.0s", "-", "10.0s", "13.0s", "25.0s", "26.0s",
                                   "2.00"])
        self.assertIn("matrix: wall 90.0 s, the kernels' floors 23.0 s in sum: "
                      "wall / floors = 3.91", out)

    def test_restored_boots(self):
        # one cold boot (5 s to /init), two restored from it (0.5 s, 0.7 s): the floor
        # is the cold boot's, the restore column the fastest restored one
        write_kernel(self.m, "6.12-cloud", [(30e9, 5e9), (2e9, 0.7e9, b"restored"),
                                            (3e9, 0.5e9, b"restored")], [1_000_000], 20.0)
        with open(os.path.join(self.m, "seconds"), "w") as f:
            f.write("20.0\n")
        rc, out = run(["--matrix", self.m])
        self.assertEqual(rc, 0, out)
        row = [l for l in out.splitlines() if l.split()[:1] == ["6.12-cloud"]][0].split()
        self.assertEqual(row[1:], ["1", "3", "2", "5.0s", "0.5s", "1.0s", "6.0s", "35.0s", "20.0s",
                                   "3.33"])

    def test_kernels_in_version_order(self):
        for k in ("7.3-cloud", "6.12-cloud", "6.1-cloud"):
            write_kernel(self.m, k, [(1e9, 1e9)], [1], 1.0)
        with open(os.path.join(self.m, "seconds"), "w") as f:
            f.write("3\n")
        rc, out = run(["--matrix", self.m])
        names = [l.split()[0] for l in out.splitlines() if l.strip().split()[:1]
                 and l.split()[0][0].isdigit()]
        self.assertEqual(names, ["6.1-cloud", "6.12-cloud", "7.3-cloud"])

    def test_incomplete_run(self):
        write_kernel(self.m, "7.3-cloud", [(1e9, 1e9)], [1], 1.0)
        rc, out = run(["--matrix", self.m])  # no O/matrix/seconds: the run did not end
        self.assertEqual(rc, 2)
        self.assertIn("an incomplete matrix run", out)

    def test_no_run(self):
        rc, out = run(["--matrix", self.m])
        self.assertEqual(rc, 2)
        self.assertIn("the matrix did not run", out)


class BenchTest(unittest.TestCase):
    VERISTAT = (b"BENCH veristat 40000000000\nBENCH veristat-objects 1\nBENCH veristat-programs 1\n"
                b"BENCH veristat-accepted 1\nBENCH veristat-verification 30000000000\n"
                b"BENCH veristat-status 0\n")

    def bench(self, veristat):
        with tempfile.TemporaryDirectory() as tmp:
            stream = os.path.join(tmp, "stream")
            with open(stream, "wb") as f:
                f.write(b"TWC-STREAM 1\nLOAD 0 load 0 - 10 5 3000000\n"
                        b"TIME 0 1000000 2000000 3000000 8000000\n"
                        b"BENCH loop 20000000000\n" + veristat + b"BOOT 30000000000 5000000000\n")
            results = os.path.join(tmp, "results.json")
            with open(results, "w") as f:
                json.dump({"cases": [{"verification_time_usec": 15_000_000}]}, f)
            return run(["--stream", stream, "--results", results, "--run-seconds", "70"])

    def test_one_run(self):
        rc, out = self.bench(self.VERISTAT)
        self.assertEqual(rc, 0, out)
        self.assertRegex(out, r"floor \(boot \+ verification\)\s+20\.0 s")
        self.assertRegex(out, r"wall \(boot \+ the loader's loop\)\s+25\.0 s\s+wall / floor = 1\.25")
        self.assertRegex(out, r"  verification \(the kernel's sum\)\s+30\.0 s\s+1 programs, 1 accepted "
                              r"\(twc: 1\)")
        self.assertRegex(out, r"twc's loop / veristat\s+0\.50")

    def test_veristat_that_verified_nothing(self):
        # A veristat whose every load failed before the kernel (its 1 GiB log
        # buffer refused) still took time: that is no measurement.
        for records, why in (
                (b"BENCH veristat 40000000000\nBENCH veristat-objects 1\n",
                 "reported no programs"),
                (self.VERISTAT.replace(b"programs 1", b"programs 0"), "reported 0 programs for 1 objects"),
                (self.VERISTAT.replace(b"status 0", b"status 2"), "exited with status 2")):
            rc, out = self.bench(records)
            self.assertEqual(rc, 1, out)
            self.assertIn(why, out)
            self.assertNotIn("twc's loop / veristat", out)

    def test_no_veristat(self):
        rc, out = self.bench(b"")
        self.assertEqual(rc, 0, out)
        self.assertNotIn("veristat,", out)

    def test_arguments(self):
        with self.assertRaises(SystemExit):
            run(["--stream", "x"])


if __name__ == "__main__":
    unittest.main()
