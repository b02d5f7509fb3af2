#!/usr/bin/env python3
"""Unit tests of harness/tabulate/kcov_report.py (no kernel, no gcov run).

  python3 harness/tabulate/tests/test_kcov_report.py      ends "N passed, N failed"
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import kcov_report as report  # noqa: E402

SOURCE = """\
static int helper(int x);

static int helper(int x)
{
	switch (x) {
	case 1:
	case 2:
		x++;
		break;
	case 3:
		x--;
		break;
	default:
		break;
	}
	if (x > 4) {
		x = 0;
	}
	if (x)
		/* a comment; */
		return x;
	return 0;
}
""".split("\n")


class SplitStream(unittest.TestCase):
    def test_gcda_records_are_taken_out(self):
        blob = b"\x00\nBEGIN 3\nLOG 1 5\n\xff"
        s = (b"TWC-STREAM 1\nBEGIN 0\nLOG 0 6\nab\ncd\n\nEND 0\nDONE\n"
             b"GCDA %d /b/kernel/bpf/verifier.gcda\n" % len(blob) + blob + b"\n"
             b"GCDA-END 1\nCONSOLE 0 3\nhi\n\nBOOT 12\n")
        clean, gcda, ends, boots = report.split_stream(s)
        self.assertEqual(clean, b"TWC-STREAM 1\nBEGIN 0\nLOG 0 6\nab\ncd\n\nEND 0\nDONE\n"
                                b"CONSOLE 0 3\nhi\n\nBOOT 12\n")
        self.assertEqual(gcda, {"/b/kernel/bpf/verifier.gcda": blob})
        self.assertEqual((ends, boots), (1, 1))

    def test_truncated_record(self):
        with self.assertRaises(ValueError):
            report.split_stream(b"DONE\nGCDA 100 /b/x.gcda\nabc")

    def test_stream_without_coverage(self):
        _, gcda, ends, _ = report.split_stream(b"TWC-STREAM 1\nDONE\nBOOT 1\n")
        self.assertEqual((gcda, ends), ({}, 0))


class Regions(unittest.TestCase):
    def test_function_extent_skips_declarations(self):
        self.assertEqual(report.function_extent(SOURCE, "helper"), (2, 22))
        self.assertIsNone(report.function_extent(SOURCE, "absent"))

    def test_case_region_takes_following_labels(self):
        self.assertEqual(report.target_lines(SOURCE, "helper", r"case 1:"), {6, 7, 8, 9})

    def test_case_region_ends_at_next_label(self):
        self.assertEqual(report.target_lines(SOURCE, "helper", r"case 3:"), {10, 11, 12})

    def test_block_region(self):
        self.assertEqual(report.target_lines(SOURCE, "helper", r"if \(x > 4\)"), {16, 17, 18})

    def test_statement_region_ignores_comment_semicolon(self):
        self.assertEqual(report.target_lines(SOURCE, "helper", r"if \(x\)$"), {19, 20, 21})

    def test_whole_function(self):
        self.assertEqual(report.target_lines(SOURCE, "helper", None), set(range(3, 24)))


class Measure(unittest.TestCase):
    def test_counts_and_unexecuted_lines(self):
        cov = {8: {"count": 2, "branches": []},
               16: {"count": 2, "branches": [{"count": 2}, {"count": 0}]},
               17: {"count": 0, "branches": []}}
        r = report.measure(("f.c", "helper", None), SOURCE, cov)
        self.assertEqual((r["lines"], r["hit"], r["branches"], r["taken"]), (3, 2, 2, 1))
        self.assertEqual(r["uncovered"], [(17, "x = 0;")])
        self.assertEqual(r["partial"], [16])


def main():
    res = unittest.main(exit=False, verbosity=1).result
    failed = len(res.failures) + len(res.errors)
    print("%d passed, %d failed" % (res.testsRun - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
