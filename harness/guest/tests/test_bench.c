// SPDX-License-Identifier: GPL-2.0
/* test_bench.c: make bench's reading of veristat's rows (guest/bench.c). */
#include "guest/bench.h"
#include "unit/unit.h"

static void test_rows(void)
{
	int ok = -1;
	long us = -1;

	EXPECT(bench__csv_line("success,1234\n", &ok, &us));
	EXPECT_INT(ok, 1);
	EXPECT_INT(us, 1234);
	EXPECT(bench__csv_line("failure,0\n", &ok, &us));
	EXPECT_INT(ok, 0);
	EXPECT_INT(us, 0);
}

static void test_not_rows(void)
{
	int ok;
	long us;

	EXPECT(!bench__csv_line("verdict,duration\n", &ok, &us));	/* the header */
	EXPECT(!bench__csv_line("success,12", &ok, &us));	/* a line cut by the buffer */
	EXPECT(!bench__csv_line("success,12 x\n", &ok, &us));
	EXPECT(!bench__csv_line("failure,-5\n", &ok, &us));
	EXPECT(!bench__csv_line("success,\n", &ok, &us));
	EXPECT(!bench__csv_line("0: R1=ctx() R10=fp0\n", &ok, &us));	/* a verifier log's line */
	EXPECT(!bench__csv_line("Processing 'x.bpf.o'...\n", &ok, &us));
}

UNIT_GROUP(bench,
	{ "veristat's verdict,duration rows", test_rows },
	{ "a header, a cut line or a log line is not a row", test_not_rows },
);
