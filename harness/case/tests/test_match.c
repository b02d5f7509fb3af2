// SPDX-License-Identifier: GPL-2.0
/* test_match.c: __msg / __not_msg matching, test_loader semantics. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "case/annot.h"
#include "unit/unit.h"

/* Messages: "+text" for __msg, "-text" for __not_msg. */
static int check(const char *log, const char *const *msgs, char **why)
{
	struct annot_prog p;
	int ret;

	annot_prog__init(&p);
	for (; *msgs; msgs++) {
		p.msgs[p.n_msgs].negative = **msgs == '-';
		p.msgs[p.n_msgs++].text = strdup(*msgs + 1);
	}
	ret = annot_msgs__check(&p, log, why);
	annot_prog__free(&p);
	return ret;
}

#define CHECK(log, why, ...) check((log), (const char *const[]){ __VA_ARGS__, NULL }, (why))

static const char log_text[] =
	"func#0 @0\n"
	"0: R1=ctx() R10=fp0\n"
	"0: (85) call bpf_timer_init#169\n"
	"R1 type=ctx expected=map_value\n"
	"processed 1 insns (limit 1000000) max_states_per_insn 0\n";

static void test_substring(void)
{
	char *why = NULL;

	EXPECT_INT(CHECK(log_text, &why, "+expected=map_value"), 0);
	EXPECT(!why);
	EXPECT_INT(CHECK(log_text, &why, "+expected=map_ptr"), 1);
	EXPECT_STR(why, "expected message not found: 'expected=map_ptr'");
	free(why);
	/* regex specials are literal outside {{ }} */
	EXPECT_INT(CHECK(log_text, &why, "+R1=ctx() R10=fp0"), 0);
	EXPECT_INT(CHECK(log_text, &why, "+R1=ctx(.) R10"), 1);
	free(why);
}

static void test_order(void)
{
	char *why = NULL;

	EXPECT_INT(CHECK(log_text, &why, "+func#0", "+call bpf_timer_init", "+processed"), 0);
	EXPECT_INT(CHECK(log_text, &why, "+processed", "+call bpf_timer_init"), 1);
	EXPECT_STR(why, "expected message not found after the previous __msg: 'call bpf_timer_init'");
	free(why);
	/* the same text twice needs two occurrences */
	EXPECT_INT(CHECK(log_text, &why, "+processed", "+processed"), 1);
	free(why);
	EXPECT_INT(CHECK(log_text, &why, "+R1 ", "+R1 "), 1);
	free(why);
	EXPECT_INT(CHECK(log_text, &why, "+R1", "+R1", "+R1"), 0);
}

static void test_regex(void)
{
	char *why = NULL, *re = NULL;

	EXPECT_INT(CHECK(log_text, &why, "+processed {{[0-9]+}} insns"), 0);
	EXPECT_INT(CHECK(log_text, &why, "+call {{bpf_(timer|wq)_init}}#{{[0-9]+}}"), 0);
	EXPECT_INT(CHECK(log_text, &why, "+processed {{[a-z]+}} insns"), 1);
	free(why);
	/* REG_NEWLINE: '.' does not cross lines, ^ and $ anchor at lines */
	EXPECT_INT(CHECK(log_text, &why, "+{{^R1 type=ctx.*$}}"), 0);
	EXPECT_INT(CHECK(log_text, &why, "+func{{.*}}R1=ctx"), 1);
	free(why);
	EXPECT_INT(annot_msg__to_regex("a.b{{[0-9]+}}(c)", &re), 0);
	EXPECT_STR(re, "a\\.b[0-9]+\\(c\\)");
	free(re);
	EXPECT_INT(annot_msg__to_regex("a{{b", &re), -EINVAL);
}

static void test_not_msg(void)
{
	char *why = NULL;

	/* no positive message: the whole log */
	EXPECT_INT(CHECK(log_text, &why, "-verifier bug"), 0);
	EXPECT_INT(CHECK(log_text, &why, "-expected=map_value"), 1);
	EXPECT_STR(why, "unexpected message 'expected=map_value' found: "
		   "'R1 type=ctx expected=map_value'");
	free(why);
	EXPECT_INT(CHECK(log_text, &why, "-{{max_states_per_insn [1-9]}}"), 0);
}

static void test_not_msg_spans(void)
{
	static const char log[] = "A\nX\nB\nY\nC\n";
	char *why = NULL;

	/* between A and B: X is there, Y is not */
	EXPECT_INT(CHECK(log, &why, "+A", "-X", "+B"), 1);
	free(why);
	EXPECT_INT(CHECK(log, &why, "+A", "-Y", "+B"), 0);
	/* before the first positive message, after the last one */
	EXPECT_INT(CHECK(log, &why, "-Y", "+B"), 0);
	EXPECT_INT(CHECK(log, &why, "-X", "+B"), 1);
	free(why);
	EXPECT_INT(CHECK(log, &why, "+B", "-X"), 0);
	EXPECT_INT(CHECK(log, &why, "+B", "-C"), 1);
	free(why);
	/* each __not_msg of a stride is checked with its own pattern */
	EXPECT_INT(CHECK(log, &why, "+A", "-Q", "-X", "+B"), 1);
	EXPECT_SUBSTR(why, "'X'");
	free(why);
}

/* __xlated: "=text" must be on the line after the previous match's,
 * "+text" anywhere after it (after an __xlated("...")). */
static int check_xlated(const char *text, const char *const *lines, char **why, size_t *at)
{
	struct annot_prog p;
	int ret;

	annot_prog__init(&p);
	for (const char *const *l = lines; *l; l++)
		p.n_xlated++;
	p.xlated = calloc(p.n_xlated, sizeof(*p.xlated));
	for (int i = 0; p.xlated && i < p.n_xlated; i++) {
		p.xlated[i].on_next_line = lines[i][0] == '=';
		p.xlated[i].text = strdup(lines[i] + 1);
	}
	ret = annot_xlated__match(&p, text, why, at);
	annot_prog__free(&p);
	return ret;
}

#define XLATED(text, why, at, ...) \
	check_xlated((text), (const char *const[]){ __VA_ARGS__, NULL }, (why), (at))

static const char xlated_text[] =
	"0: r1 = 0\n"
	"1: r0 = 1\n"
	"2: call bpf_map_lookup_elem\n"
	"3: r0 = 1\n"
	"4: exit\n";

static void test_xlated(void)
{
	char *why = NULL;
	size_t at = 0;

	/* consecutive lines; the first may be anywhere; a substring of a line */
	EXPECT_INT(XLATED(xlated_text, &why, &at, "=r0 = 1", "=call bpf_map", "=3: r0"), 0);
	EXPECT_INT(XLATED(xlated_text, &why, &at, "={{[0-9]}}: r1 = 0", "=r0 = 1"), 0);
	/* each from the end of the previous match: the r0 = 1 after call is line 3's */
	EXPECT_INT(XLATED(xlated_text, &why, &at, "=r1 = 0", "+call", "=r0 = 1", "=exit"), 0);
	EXPECT_INT(XLATED(xlated_text, &why, &at, "=r1 = 0", "=call"), 1);
	EXPECT_SUBSTR(why, "expected instruction on line 2, the line after the previous match, "
		      "found on line 3: 'call'");
	EXPECT_INT(at, strstr(xlated_text, "call") - xlated_text);
	free(why);
	/* "..." before it: further down will do */
	EXPECT_INT(XLATED(xlated_text, &why, &at, "=r1 = 0", "+call", "=r0 = 1", "+exit"), 0);
	/* two patterns on one line are not on consecutive lines */
	EXPECT_INT(XLATED(xlated_text, &why, &at, "=r0", "== 1"), 1);
	free(why);
	EXPECT_INT(XLATED(xlated_text, &why, &at, "=exit", "=r1 = 0"), 1);
	EXPECT_SUBSTR(why, "expected instruction not found after the previous __xlated: 'r1 = 0'");
	EXPECT_INT(at, strstr(xlated_text, "exit") + 4 - xlated_text);
	free(why);
	EXPECT_INT(XLATED(xlated_text, &why, &at, "={{(}}"), -EINVAL);
	free(why);
}

/* A stderr stream as the 7.3 kernel writes one (kernel/bpf/stream.c,
 * rqspinlock.c), and upstream's own stream.c patterns for it. */
static const char stderr_text[] =
	"ERROR: AA or ABBA deadlock detected for bpf_res_spin_lock\n"
	"Attempted lock   = 0xff11000003a4d000\n"
	"Total held locks = 1\n"
	"Held lock[ 0] = 0xff11000003a4d000\n"
	"CPU: 1 UID: 0 PID: 93 Comm: twc-init\n"
	"Call trace:\n"
	"bpf_stream_stage_dump_stack+0xb0/0xd0\n"
	"bpf_prog_0123456789abcdef_stream_deadlock+0x9e/0x108\n"
	"  return 1; @ stream.c:108\n"
	"\n";

static int check_stream(int which, const char *text, const char *const *lines, char **why,
			size_t *at)
{
	struct annot_lines *l;
	struct annot_prog p;
	int ret;

	annot_prog__init(&p);
	l = &p.bpf_stream[which];
	while (lines[l->n])
		l->n++;
	l->v = calloc(l->n, sizeof(*l->v));
	for (int i = 0; l->v && i < l->n; i++) {
		l->v[i].on_next_line = lines[i][0] == '=';
		l->v[i].text = strdup(lines[i] + 1);
	}
	ret = annot_stream__match(&p, which, text, why, at);
	annot_prog__free(&p);
	return ret;
}

#define STREAM(which, text, why, at, ...) \
	check_stream((which), (text), (const char *const[]){ __VA_ARGS__, NULL }, (why), (at))

/* __stderr/__stdout lines as __xlated's: in order, on the next line
 * unless "..." came before ('+'), a regex over several lines with a back
 * reference (upstream's stream_deadlock), lines counted from the match's
 * start; the reason names the key. */
static void test_stream_lines(void)
{
	char *why = NULL;
	size_t at = 0;

	EXPECT_INT(STREAM(ANNOT_STDERR, stderr_text, &why, &at,
			  "=ERROR: AA or ABBA deadlock detected for bpf_res_spin_lock",
			  "={{Attempted lock   = (0x[0-9a-fA-F]+)\n"
			  "Total held locks = 1\nHeld lock\\[ 0\\] = \\1}}",
			  "+CPU: {{[0-9]+}} UID: 0 PID: {{[0-9]+}} Comm: {{.*}}",
			  "=Call trace:\n{{([a-zA-Z_][a-zA-Z0-9_]*\\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+\n"
			  "|[ \t]+[^\n]+\n)*}}"), 0);
	/* without "...", CPU must be on line 3, after the match that starts on line 2 */
	EXPECT_INT(STREAM(ANNOT_STDERR, stderr_text, &why, &at,
			  "={{Attempted lock   = (0x[0-9a-fA-F]+)\nTotal held locks = 1}}",
			  "=CPU: {{[0-9]+}}"), 1);
	EXPECT_SUBSTR(why, "expected line on line 3, the line after the previous match, "
		      "found on line 5: 'CPU: {{[0-9]+}}'");
	free(why);
	EXPECT_INT(STREAM(ANNOT_STDOUT, "foo", &why, &at, "=xxxx"), 1);
	EXPECT_SUBSTR(why, "expected line not found: 'xxxx'");
	free(why);
	EXPECT_INT(STREAM(ANNOT_STDERR, stderr_text, &why, &at, "=Call trace:", "=Oops"), 1);
	EXPECT_SUBSTR(why, "not found after the previous __stderr: 'Oops'");
	free(why);
}

UNIT_GROUP(match,
	{ "__stderr and __stdout lines", test_stream_lines },
	{ "substring __msg", test_substring },
	{ "__msg in order", test_order },
	{ "{{regex}} islands", test_regex },
	{ "__not_msg over the whole log", test_not_msg },
	{ "__not_msg between neighbouring __msg", test_not_msg_spans },
	{ "__xlated: lines in order, each on the next line or after \"...\"", test_xlated },
);
