// SPDX-License-Identifier: GPL-2.0
/* test_norm.c: every normalizer rule on its own (before/after), then all. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "judge/norm.h"
#include "lib/sbuf.h"
#include "unit/unit.h"

/* One before/after pair of a rule; len -1 means strlen(before). */
static const struct {
	const char *rule;
	const char *before;
	int len;
	const char *after;
} cases[] = {
	{ "nul-bytes", "abc\0", 4, "abc" },
	{ "nul-bytes", "a\0b\0\0c", 6, "abc" },
	{ "trailing-whitespace", "a  \nb\t\r\nc ", -1, "a\nb\nc" },
	{ "trailing-whitespace", "  lead kept\n", -1, "  lead kept\n" },
	{ "kfunc-btf-id", "1: (85) call bpf_wq_init#61234\n", -1,
	  "1: (85) call bpf_wq_init#<btf_id>\n" },
	{ "kfunc-btf-id", "2: (85) call bpf_timer_init#169\n", -1,
	  "2: (85) call bpf_timer_init#169\n" },
	{ "kfunc-btf-id", "call bpf_rcu_read_lock#1000 call x#999 call pc+2", -1,
	  "call bpf_rcu_read_lock#<btf_id> call x#999 call pc+2" },
	{ "kfunc-btf-id", "recall foo#12345 | call f#0012345", -1,
	  "recall foo#12345 | call f#<btf_id>" },
	{ "kfunc-btf-id", "kfunc bpf_wq_set_callback#68739 failed callback verification\n", -1,
	  "kfunc bpf_wq_set_callback#<btf_id> failed callback verification\n" },
	{ "kfunc-btf-id", "kfunc x#12 | mykfunc y#5000 | call a#4000 kfunc b#7000", -1,
	  "kfunc x#12 | mykfunc y#5000 | call a#<btf_id> kfunc b#<btf_id>" },
	{ "verification-time", "verification time 123 usec\nstack depth max 0\n", -1,
	  "verification time <usec> usec\nstack depth max 0\n" },
	{ "verification-time", "verification time 12 msec\n", -1, "verification time 12 msec\n" },
	{ "kernel-address", "4: (18) r1 = 0xff26c91002701e00       ; R1=map_ptr(map=m,ks=4,vs=24)\n",
	  -1, "4: (18) r1 = <kaddr>       ; R1=map_ptr(map=m,ks=4,vs=24)\n" },
	{ "kernel-address", "r1 = 0xffff8880044a1c00 r2 = 0xFFFFFFFFFFFFFFF0 r3 = 0xff2\n", -1,
	  "r1 = <kaddr> r2 = 0xFFFFFFFFFFFFFFF0 r3 = 0xff2\n" },
	{ "kernel-address", "r1 = 0x0000000000000001 x0xff26c91002701e00 0xff26c91002701e001", -1,
	  "r1 = 0x0000000000000001 x0xff26c91002701e00 0xff26c91002701e001" },
	{ "source-line", "; asm volatile ( @ timer-start-null.bpf.c:15\n0: (b7) r1 = 0\n", -1,
	  "; asm volatile ( @ timer-start-null.bpf.c:<line>\n0: (b7) r1 = 0\n" },
	{ "source-line", "  timer_start_null @ timer-start-null.bpf.c:15:2\n", -1,
	  "  timer_start_null @ timer-start-null.bpf.c:<line>:2\n" },
	/* not a place: no " @ ", no number after the last ':', nothing before it */
	{ "source-line", "a@b.c:1\nx @ y.c:\nx @ :7\nx @ y.c:7a\nR1=map_value(map=m,ks=4)\n", -1,
	  "a@b.c:1\nx @ y.c:\nx @ :7\nx @ y.c:7a\nR1=map_value(map=m,ks=4)\n" },
	/* the gutter of the source context, not of the instruction context */
	{ "source-line", "  Source context:\n      9 | ...\n  >>> 10 |   f(x);\n"
	  "         |   ^-- error: here\n  Instruction context:\n  >>> 3 | (85) call f\n", -1,
	  "  Source context:\n      <line> | ...\n  >>> <line> |   f(x);\n"
	  "             |   ^-- error: here\n  Instruction context:\n  >>> 3 | (85) call f\n" },
	/* a place in the source text of a gutter line (found by fuzz_stream:
	 * the second pass normalized it) */
	{ "source-line", "Source context:\n      9 | x; /* @ f.c:9 */ @ f.c:9\n", -1,
	  "Source context:\n      <line> | x; /* @ f.c:9 */ @ f.c:<line>\n" },
	/* a number-less '|' line right after the header is not a gutter line */
	{ "source-line", "Source context:\n  >>> | x\n 5 |\n", -1,
	  "Source context:\n  >>> | x\n 5 |\n" },
	/* an address is a word of its own */
	{ "kernel-address", "0xff00000000000000kfunc _0xff26c91002701e00 0xff26c91002701e00_x", -1,
	  "0xff00000000000000kfunc _0xff26c91002701e00 0xff26c91002701e00_x" },
	{ "final-newline", "a\nb", -1, "a\nb\n" },
	{ "final-newline", "a\n\n\n", -1, "a\n" },
	{ "final-newline", "", -1, "" },
};

static void test_rules(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct norm_rule *r = norm__rule(cases[i].rule);
		size_t len = cases[i].len < 0 ? strlen(cases[i].before) : (size_t)cases[i].len;
		struct sbuf out = {};

		if (!EXPECT(r))
			continue;
		EXPECT_INT(r->apply(cases[i].before, len, &out), 0);
		if (!EXPECT_STR(sbuf__str(&out), cases[i].after))
			printf("#     rule %s, pair %zu\n", cases[i].rule, i);
		sbuf__free(&out);
	}
}

/* Every rule has at least one before/after pair above. */
static void test_rules_covered(void)
{
	int n;
	const struct norm_rule *rules = norm__rules(&n);

	for (int i = 0; i < n; i++) {
		bool found = false;

		for (size_t j = 0; j < sizeof(cases) / sizeof(cases[0]); j++)
			found |= !strcmp(cases[j].rule, rules[i].name);
		if (!EXPECT(found))
			printf("#     rule '%s' has no before/after test\n", rules[i].name);
		EXPECT(rules[i].description && *rules[i].description);
	}
}

static void test_pipeline(void)
{
	static const char raw[] = "0: (85) call bpf_wq_start#70001   \n"
				  "verification time 8 usec\n\n\0";
	char *out = NULL;

	EXPECT_INT(norm__log(raw, sizeof(raw) - 1, &out), 0);
	EXPECT_STR(out, "0: (85) call bpf_wq_start#<btf_id>\nverification time <usec> usec\n");
	free(out);
	EXPECT_INT(norm__log("", 0, &out), 0);
	EXPECT_STR(out, "");
	free(out);
}

/* Normalizing a normalized log changes nothing: every pair's before, and
 * the input that once normalized differently twice (an address glued to
 * "kfunc": the kfunc rule ran first and saw no word start, the address
 * rule then made one). */
static void test_idempotent(void)
{
	static const char glued[] = "0xff00000000000000kfunc x#1234\n";

	for (size_t i = 0; i <= sizeof(cases) / sizeof(cases[0]); i++) {
		const char *in = i < sizeof(cases) / sizeof(cases[0]) ? cases[i].before : glued;
		size_t len = i < sizeof(cases) / sizeof(cases[0]) && cases[i].len >= 0 ?
			     (size_t)cases[i].len : strlen(in);
		char *once = NULL, *twice = NULL;

		if (!EXPECT_INT(norm__log(in, len, &once), 0) ||
		    !EXPECT_INT(norm__log(once, strlen(once), &twice), 0))
			continue;
		if (!EXPECT_STR(twice, once))
			printf("#     input %zu\n", i);
		free(once);
		free(twice);
	}
}

/* Many "call " lines and no "kfunc ": every line is still normalized (the
 * search for each prefix is once over the log; it was from every match to
 * the end, 12 s for 40,000 lines). */
static void test_many_calls(void)
{
	struct sbuf in = {}, want = {};
	char *out = NULL;

	for (int i = 0; i < 20000; i++) {
		EXPECT_INT(sbuf__addf(&in, "%d: (85) call bpf_wq_start#%d\n", i, 70000 + i), 0);
		EXPECT_INT(sbuf__addf(&want, "%d: (85) call bpf_wq_start#<btf_id>\n", i), 0);
	}
	EXPECT_INT(sbuf__adds(&in, "kfunc bpf_wq_set_callback#68739 failed\n"), 0);
	EXPECT_INT(sbuf__adds(&want, "kfunc bpf_wq_set_callback#<btf_id> failed\n"), 0);
	EXPECT_INT(norm__log(in.buf, in.len, &out), 0);
	EXPECT(out && !strcmp(out, sbuf__str(&want)));
	free(out);
	sbuf__free(&in);
	sbuf__free(&want);
}

UNIT_GROUP(norm,
	{ "each rule, before and after", test_rules },
	{ "every rule has a test", test_rules_covered },
	{ "all rules in order", test_pipeline },
	{ "normalizing twice changes nothing", test_idempotent },
	{ "a log of many calls", test_many_calls },
);
