// SPDX-License-Identifier: GPL-2.0
/*
 * test_order.c: the order the guest runs the cases in (case/order.c): a
 * golden's cost, the costliest first, the twc.alone= list, one boot's
 * queue and the part of it run one at a time (twc.serial=); the plan's
 * ORDER lines read, written and refused; twc plan --expected on the
 * fixture goldens, and with a verdict table that records crashes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case/order.h"
#include "case/plan.h"
#include "cli/cmds.h"
#include "lib/file.h"
#include "unit/unit.h"

static void test_golden_cost(void)
{
	EXPECT(order__golden_cost("0: (b7) r0 = 0\nprocessed 1000001 insns (limit 1000000) "
				  "max_states_per_insn 4\n") == 1000001);
	EXPECT(order__golden_cost("") == 0);
	EXPECT(order__golden_cost("no statistics\n") == 0);
	/* Only a line that starts so; the last one counts (subprogs first). */
	EXPECT(order__golden_cost("  | processed 14 insns\n") == 0);
	EXPECT(order__golden_cost("processed 3 insns\nprocessed 7 insns\n") == 7);
	EXPECT(order__golden_cost("processed x insns\nprocessed 5 states\n") == 0);
}

static void test_by_cost(void)
{
	const uint64_t cost[] = { 2, 0, 1000001, 2, 40972, 0 };
	int order[6], want[] = { 2, 4, 0, 3, 1, 5 };

	EXPECT_INT(order__by_cost(cost, 6, order), 0);
	for (int i = 0; i < 6; i++)
		EXPECT_INT(order[i], want[i]);
	EXPECT_INT(order__by_cost(cost, 0, order), 0);
}

static void test_parse_list(void)
{
	static const char *const bad[] = { "x", "1,", ",1", "1,,2", "-1", "7", "1,1", "1 2",
					   "1,2,3" };
	int out[4];

	EXPECT_INT(order__parse_list("", 7, out, 2), 0);
	EXPECT_INT(order__parse_list("-", 7, out, 2), 0);
	EXPECT_INT(order__parse_list("6", 7, out, 2), 1);
	EXPECT_INT(out[0], 6);
	EXPECT_INT(order__parse_list("3,0", 7, out, 2), 2);
	EXPECT_INT(out[0], 3);
	EXPECT_INT(out[1], 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!EXPECT_INT(order__parse_list(bad[i], 7, out, 2), -EINVAL))
			fprintf(stderr, "  accepted: '%s'\n", bad[i]);
}

static void test_queue(void)
{
	const int order[] = { 4, 0, 3, 1, 2 }, alone[] = { 3, 0 }, twice[] = { 1, 1 };
	int q[5], want_all[] = { 4, 0, 3, 1, 2 }, want[] = { 3, 0, 1, 2 };

	EXPECT_INT(order__queue(order, 5, 0, NULL, 0, q), 5);
	for (int i = 0; i < 5; i++)
		EXPECT_INT(q[i], want_all[i]);
	/* After a crash with cases 0 and 3 in flight: they run alone first. */
	EXPECT_INT(order__queue(order, 5, 3, alone, 2, q), 4);
	for (int i = 0; i < 4; i++)
		EXPECT_INT(q[i], want[i]);
	/* An alone case still ahead in the order runs once. */
	EXPECT_INT(order__queue(order, 5, 1, alone, 2, q), 4);
	EXPECT_INT(q[2], 1);
	EXPECT_INT(order__queue(NULL, 3, 1, NULL, 0, q), 2);
	EXPECT_INT(q[0], 1);
	EXPECT_INT(order__queue(order, 5, 5, NULL, 0, q), 0);
	EXPECT_INT(order__queue(order, 5, 6, NULL, 0, q), -EINVAL);
	EXPECT_INT(order__queue(order, 5, 0, twice, 2, q), -EINVAL);
}

static void test_serial(void)
{
	const int order[] = { 4, 0, 3, 1, 2 }, alone[] = { 0 };

	EXPECT_INT(order__serial(order, 5, 0, 0, NULL, 0), 0);
	EXPECT_INT(order__serial(order, 5, 0, 2, NULL, 0), 2);
	/* a boot after the first crash starts past it */
	EXPECT_INT(order__serial(order, 5, 1, 2, NULL, 0), 1);
	EXPECT_INT(order__serial(order, 5, 2, 2, NULL, 0), 0);
	EXPECT_INT(order__serial(order, 5, 4, 2, NULL, 0), 0);
	/* an alone case (queued already) is not counted twice */
	EXPECT_INT(order__serial(order, 5, 0, 3, alone, 1), 2);
	EXPECT_INT(order__serial(order, 5, 0, 9, NULL, 0), 5);
	EXPECT_INT(order__serial(NULL, 3, 0, 2, NULL, 0), 2);
}

/* ORDER lines: read back and written the same; refused unless they name
 * every case once, and come after the cases. */
static void test_plan_order(void)
{
	static const char head[] = "TWC-PLAN 5\nRUN r1\nCASE 0 a/b o b 5 0 - priv -\n"
				   "BTF 1 btf/x btf/maps/x.case\n";
	static const char *const bad[] = { "ORDER 0\n", "ORDER 0\nORDER 0\n",
		"ORDER 1\nORDER 2\n", "ORDER 1\nORDER 0\nORDER 1\n", "ORDER x\nORDER 0\n",
		"ORDER 1\nREQ preempt_rt\nORDER 0\n", "ORDER -1\nORDER 0\n" };
	char text[512], *msg = NULL, *out = NULL;
	struct plan p;
	size_t len;
	FILE *f;

	snprintf(text, sizeof(text), "%sORDER 1\nORDER 0\n", head);
	EXPECT_INT(plan__parse(&p, text, strlen(text), &msg), 0);
	if (EXPECT_INT(p.n_order, 2))
		EXPECT(p.order[0] == 1 && p.order[1] == 0);
	f = open_memstream(&out, &len);
	EXPECT_INT(plan__write(&p, f), 0);
	fclose(f);
	EXPECT_STR(out, text);
	free(out);
	plan__free(&p);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", head, bad[i]);
		if (!EXPECT_INT(plan__parse(&p, text, strlen(text), &msg), -EINVAL))
			fprintf(stderr, "  accepted: '%s'\n", bad[i]);
		EXPECT(msg != NULL);
		free(msg);
		msg = NULL;
		plan__free(&p);
	}
}

/* twc plan --expected: the fixture cases whose goldens processed most
 * come first (reject/pass-diag 3 insns, then the 2s in plan order). */
static void test_plan_cmd_expected(void)
{
	char cases[4096], expected[4096], out[4096], log_path[4096], *got = NULL;
	char *argv[] = { "plan", "--cases", cases, "--obj-dir", (char *)unit_env.obj_dir,
			 "--out", out, "--run-id", "fixture", "--expected", expected, NULL };
	size_t len;

	snprintf(cases, sizeof(cases), "%s/cases", unit_env.fixtures);
	snprintf(expected, sizeof(expected), "%s/expected", unit_env.fixtures);
	snprintf(out, sizeof(out), "%s/plan-ordered", unit_env.tmp);
	snprintf(log_path, sizeof(log_path), "%s/plan-ordered.out", unit_env.tmp);
	EXPECT_INT(unit__captured(log_path, cmd_plan, 11, argv), 0);
	EXPECT_INT(file__read(out, &got, &len), 0);
	EXPECT_SUBSTR(got, "\nORDER 21\nORDER 2\nORDER 4\nORDER 8\nORDER 19\nORDER 20\n"
			   "ORDER 0\nORDER 1\nORDER 3\n");
	free(got);
}

/* The id of case idx in a plan's text ("CASE <idx> <id> ..."), or "". */
static void plan_id(const char *plan, int idx, char *id, size_t len)
{
	char key[32];
	const char *s;

	snprintf(key, sizeof(key), "\nCASE %d ", idx);
	s = strstr(plan, key);
	*id = 0;
	if (s)
		snprintf(id, len, "%.*s", (int)strcspn(s + strlen(key), " "), s + strlen(key));
}

/* twc plan --expected with a table of DIR/verdicts/ that records cases 0
 * and 3 as crashes: they go first, in plan order, before the costliest. */
static void test_plan_cmd_crashes_first(void)
{
	char cases[4096], expected[2048], out[4096], log_path[4096], src[4096], dst[4096];
	char *argv[] = { "plan", "--cases", cases, "--obj-dir", (char *)unit_env.obj_dir,
			 "--out", out, "--run-id", "fixture", "--expected", expected, NULL };
	static const char *const parts[] = { "accept", "reject", "btf" };
	char *got = NULL, id0[256], id3[256], table[1024];
	size_t len;

	snprintf(cases, sizeof(cases), "%s/cases", unit_env.fixtures);
	snprintf(expected, sizeof(expected), "%s/crash-expected", unit_env.tmp);
	snprintf(out, sizeof(out), "%s/plan-crashes", unit_env.tmp);
	snprintf(log_path, sizeof(log_path), "%s/plan-crashes.out", unit_env.tmp);
	for (size_t i = 0; i < 3; i++) {
		snprintf(dst, sizeof(dst), "%s/expected/%s", unit_env.fixtures, parts[i]);
		if (!EXPECT(realpath(dst, src)))	/* a link's target is read from its place */
			return;
		snprintf(dst, sizeof(dst), "%s/%s", expected, parts[i]);
		dir__make_parents(dst);
		EXPECT_INT(symlink(src, dst), 0);
	}
	/* the plan as before, for the ids of cases 0 and 3 */
	EXPECT_INT(unit__captured(log_path, cmd_plan, 11, argv), 0);
	EXPECT_INT(file__read(out, &got, &len), 0);
	plan_id(got ?: "", 0, id0, sizeof(id0));
	plan_id(got ?: "", 3, id3, sizeof(id3));
	free(got);
	EXPECT(*id0 && *id3);
	snprintf(table, sizeof(table), "# twc verdicts\n%s\tcrash\t-\tkernel panic\n"
		 "%s\tcrash\t-\tkernel panic\nnot/in-plan\tcrash\t-\tx\n", id3, id0);
	snprintf(dst, sizeof(dst), "%s/verdicts/k.tsv", expected);
	EXPECT_INT(file__write(dst, table, strlen(table)), 0);
	EXPECT_INT(unit__captured(log_path, cmd_plan, 11, argv), 0);
	EXPECT_INT(file__read(out, &got, &len), 0);
	EXPECT_SUBSTR(got, "\nORDER 0\nORDER 3\nORDER 21\nORDER 2\nORDER 4\nORDER 8\n");
	free(got);
}

UNIT_GROUP(order,
	{ "a golden's cost: its last 'processed N insns'", test_golden_cost },
	{ "costliest first, ties in plan order", test_by_cost },
	{ "the twc.alone= list", test_parse_list },
	{ "one boot's queue: alone cases, then the order from start", test_queue },
	{ "the head of the order run one at a time (twc.serial=)", test_serial },
	{ "the plan's ORDER lines", test_plan_order },
	{ "twc plan --expected orders by the goldens", test_plan_cmd_expected },
	{ "twc plan --expected: a table's crashes first", test_plan_cmd_crashes_first },
);
