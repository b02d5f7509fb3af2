// SPDX-License-Identifier: GPL-2.0
/*
 * test_verdicts.c: `twc judge --verdicts` on the recorded fixture run
 * (harness/judge/tests/fixtures): the outcome of each kind of case, a recording
 * run without a table, blessing a table, and judging against a table that
 * disagrees, lacks a row or is malformed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "judge/verdicts.h"
#include "lib/file.h"
#include "unit/unit.h"

static char *slurp(const char *path)
{
	size_t len;
	char *buf = NULL;

	return file__read(path, &buf, &len) ? NULL : buf;
}

/* `twc judge --verdicts table` on the fixture run, output into out. */
static int verdicts_cmd(const char *table, const char *out, const char *extra1,
			const char *extra2)
{
	char cases[4096], plan[4096], stream[4096], expected[4096];
	char *argv[20] = {
		"judge", "--cases", cases, "--obj-dir", (char *)unit_env.obj_dir,
		"--plan", plan, "--stream", stream, "--expected", expected,
		"--out-dir", (char *)unit_env.tmp, "--verdicts", (char *)table,
	};
	int argc = 15;

	snprintf(cases, sizeof(cases), "%s/cases", unit_env.fixtures);
	snprintf(plan, sizeof(plan), "%s/plan", unit_env.fixtures);
	snprintf(stream, sizeof(stream), "%s/streams/run.stream", unit_env.fixtures);
	snprintf(expected, sizeof(expected), "%s/expected", unit_env.fixtures);
	if (extra1)
		argv[argc++] = (char *)extra1;
	if (extra2)
		argv[argc++] = (char *)extra2;
	return unit__captured(out, cmd_judge, argc, argv);
}

/* The table row of id in text, in a static buffer ("" if none). */
static const char *row_of(const char *text, const char *id)
{
	static char row[1024];
	char key[256];
	const char *p;

	snprintf(key, sizeof(key), "\n%s\t", id);
	p = text ? strstr(text, key) : NULL;
	if (!p)
		return "";
	p++;
	snprintf(row, sizeof(row), "%.*s", (int)strcspn(p, "\n"), p);
	return row;
}

/* Without a table: outcomes are recorded; harness failures still fail. */
static void test_record(void)
{
	char out[4096], *text, *json;
	const char *table = unit__path(unit_env.tmp, "none.tsv");

	snprintf(out, sizeof(out), "%s/record.out", unit_env.tmp);
	EXPECT_INT(verdicts_cmd(table, out, NULL, NULL), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "no verdict table '");
	EXPECT_SUBSTR(text, "results: 13 PASS, 4 SKIP, 10 ERROR, 3 CRASH\n");
	EXPECT_SUBSTR(text, "\nPASS     reject/fail-verdict");	/* no annotations */
	EXPECT_SUBSTR(text, "\nPASS     reject/error-nogolden");	/* no goldens */
	EXPECT_SUBSTR(text, "\nPASS     reject/xfail");		/* no __xfail */
	json = slurp(unit__path(unit_env.tmp, "results.json"));
	EXPECT_SUBSTR(json, "\"outcome\": \"libbpf\",\n      \"outcome_errno\": \"-ENOENT\",\n"
		      "      \"message\": \"prepare: libbpf: extern (func ksym) "
		      "'bpf_timer_cancel_async': not found in kernel or module BTFs\"");
	EXPECT_SUBSTR(json, "\"outcome\": \"reject\",\n      \"outcome_errno\": \"-EINVAL\",\n"
		      "      \"message\": \"timer pointer in R1 map_uid=0 doesn't match");
	free(text);
	free(json);
}

/* --bless writes one row per case but ERRORs; judged again, all hold. */
static void test_bless(void)
{
	char out[4096], *text, *tsv;
	const char *table = unit__path(unit_env.tmp, "verdicts/fixture.tsv");

	snprintf(out, sizeof(out), "%s/vbless.out", unit_env.tmp);
	EXPECT_INT(verdicts_cmd(table, out, "--bless", NULL), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "verdicts: wrote '");
	EXPECT_SUBSTR(text, "': 20 cases, 20 new or changed, 10 refused (ERROR: the case says "
		      "nothing about the kernel): accept/error-annot ");
	EXPECT_SUBSTR(text, "results: 13 PASS, 3 XFAIL, 4 SKIP, 10 ERROR\n");
	free(text);
	tsv = slurp(table);
	EXPECT_SUBSTR(tsv, "# twc verdicts: written by 'make matrix-bless' from a kernel run; "
		      "do not edit.\n# kernel: 7.3.4+deb13-cloud-amd64 #1 SMP");
	EXPECT_STR(row_of(tsv, "accept/pass"), "accept/pass\taccept\t0\t-");
	EXPECT_STR(row_of(tsv, "reject/fail-errno"), "reject/fail-errno\treject\t-EACCES\t"
		   "R1 type=ctx expected=map_value");
	EXPECT_STR(row_of(tsv, "accept/skip-kfunc"), "accept/skip-kfunc\tskip\t-\trequires "
		   "kfunc:bpf_timer_cancel_async, missing from this kernel's BTF (prepare: "
		   "libbpf: extern (func ksym) 'bpf_timer_cancel_async': not found in kernel "
		   "or module BTFs)");
	/* a crash is recorded with its signature: the first alarm line and
	 * the faulting function, so only the same crash matches it later */
	EXPECT_STR(row_of(tsv, "reject/crash-panic"), "reject/crash-panic\tcrash\t-\t"
		   "kernel panic while the case was loading: 'BUG: kernel NULL pointer "
		   "dereference, address: 0000000000000008'");
	/* timestamp, CPU and PID are dropped, so the row is the same every run */
	EXPECT_STR(row_of(tsv, "accept/crash-warn"), "accept/crash-warn\tcrash\t-\tthe kernel "
		   "complained while loading: 'WARNING: at kernel/bpf/verifier.c:2345 do_check'");
	EXPECT_STR(row_of(tsv, "accept/error-annot"), "");
	free(tsv);
	EXPECT_INT(verdicts_cmd(table, out, "--bless", NULL), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "verdicts: unchanged '");
	EXPECT_SUBSTR(text, "': 20 cases, 0 new or changed, 10 refused");
	free(text);
}

/* A table that disagrees: FAIL saying what changed; no row: ERROR. */
static void test_changes(void)
{
	const char *table = unit__path(unit_env.tmp, "verdicts/changed.tsv");
	char out[4096], *text, *tsv, *p;

	snprintf(out, sizeof(out), "%s/vchanged.out", unit_env.tmp);
	tsv = slurp(unit__path(unit_env.tmp, "verdicts/fixture.tsv"));
	if (!EXPECT(tsv))
		return;
	p = strstr(tsv, "reject/fail-verdict\taccept\t0\t-");
	if (EXPECT(p))
		memcpy(p + strlen("reject/fail-verdict\t"), "reject", 6);
	p = strstr(tsv, "reject/fail-errno\treject\t-EACCES\tR1 type=ctx");
	if (EXPECT(p))
		p[strlen("reject/fail-errno\treject\t-EACCES\tR1 ")] = 'X';
	p = strstr(tsv, "reject/multi/multi_a\t");
	if (EXPECT(p))
		p[0] = 'x';
	/* a known crash of another kind: another oops in the same case */
	p = strstr(tsv, "address: 0000000000000008");
	if (EXPECT(p))
		p[strlen("address: 000000000000000")] = '9';
	file__write(table, tsv, strlen(tsv));
	free(tsv);
	EXPECT_INT(verdicts_cmd(table, out, NULL, NULL), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "\nFAIL     reject/fail-verdict ");
	EXPECT_SUBSTR(text, "verdict changed against '");
	EXPECT_SUBSTR(text, "': was reject 0 '-', now accept 0 '-'\n");
	EXPECT_SUBSTR(text, "message changed against '");
	EXPECT_SUBSTR(text, "': was reject -EACCES 'R1 Xype=ctx expected=map_value', now reject "
		      "-EACCES 'R1 type=ctx expected=map_value'\n");
	EXPECT_SUBSTR(text, "\nERROR    reject/multi/multi_a ");
	EXPECT_SUBSTR(text, "\nCRASH    reject/crash-panic\n         message changed against '");
	EXPECT_SUBSTR(text, "address: 0000000000000009'', now crash - 'kernel panic");
	EXPECT_SUBSTR(text, "twc: judge: 1 rows of '");	/* xeject/multi/multi_a */
	EXPECT_SUBSTR(text, "not in the verdict table '");
	EXPECT_SUBSTR(text, "results: 10 PASS, 2 FAIL, 2 XFAIL, 4 SKIP, 11 ERROR, 1 CRASH\n");
	free(text);
}

/* A filtered bless keeps the rows of the cases it did not judge. */
static void test_filtered_bless(void)
{
	const char *table = unit__path(unit_env.tmp, "verdicts/filtered.tsv");
	const char *head = "# a table\nzzz/other\taccept\t0\t-\n";
	char out[4096], *tsv;

	snprintf(out, sizeof(out), "%s/vfiltered.out", unit_env.tmp);
	file__write(table, head, strlen(head));
	EXPECT_INT(verdicts_cmd(table, out, "--bless", "--filter=reject/*"), 1);
	tsv = slurp(table);
	EXPECT_STR(row_of(tsv, "zzz/other"), "zzz/other\taccept\t0\t-");
	EXPECT_STR(row_of(tsv, "reject/pass-diag"), "reject/pass-diag\treject\t-EINVAL\t"
		   "timer pointer in R1 map_uid=0 doesn't match map pointer in R2 map_uid=0");
	EXPECT_STR(row_of(tsv, "accept/pass"), "");
	free(tsv);
}

/* A run where no case has an outcome (the guest never started) writes nothing. */
static void test_no_outcome(void)
{
	const char *table = unit__path(unit_env.tmp, "verdicts/empty.tsv");
	char out[4096], *text;

	snprintf(out, sizeof(out), "%s/vempty.out", unit_env.tmp);
	EXPECT_INT(verdicts_cmd(table, out, "--bless", "--filter=accept/error-*"), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "': no case has an outcome on this kernel (7 ERRORs)\n");
	EXPECT(!slurp(table));
	free(text);
}

static void test_malformed(void)
{
	const char *table = unit__path(unit_env.tmp, "verdicts/bad.tsv");
	const char *bad = "# header\naccept/pass\taccept\n";
	struct verdicts v;
	char out[4096], *text, *msg = NULL;

	snprintf(out, sizeof(out), "%s/vbad.out", unit_env.tmp);
	file__write(table, bad, strlen(bad));
	EXPECT_INT(verdicts_cmd(table, out, NULL, NULL), 2);
	text = slurp(out);
	EXPECT_SUBSTR(text, "cannot read the verdict table: '");
	EXPECT_SUBSTR(text, "': line 2: not 'id<TAB>outcome<TAB>errno<TAB>message'");
	free(text);
	EXPECT_INT(verdicts__read(&v, table, &msg), -EINVAL);
	verdicts__free(&v);
	free(msg);
	/* console timestamps go, a BTF type id stays */
	bad = "x\treject\t-EINVAL\t[   77.391822] type [45]:\tbad  \n";
	file__write(table, bad, strlen(bad));
	EXPECT_INT(verdicts__read(&v, table, &msg), 0);
	EXPECT(v.exists);
	EXPECT_STR(v.n == 1 ? v.rows[0].message : NULL, "type [45]: bad");
	verdicts__free(&v);
	EXPECT_INT(verdicts__read(&v, unit__path(unit_env.tmp, "verdicts/none"), &msg), 0);
	EXPECT(!v.exists);
	EXPECT(!verdicts__find(&v, "accept/pass"));
	verdicts__free(&v);
}

/* The head of a plan's order that runs one at a time on a kernel whose
 * table records crashes: up to the last of them (twc run --verdicts). */
static void test_crash_prefix(void)
{
	const char *table = unit__path(unit_env.tmp, "verdicts/crashes.tsv");
	const char *rows = "# t\na/one\tcrash\t-\tpanic\na/two\treject\t-EINVAL\tx\n"
			   "a/three\tcrash\t-\tWARNING\n";
	struct plan_case cases[4] = { { .id = "a/two" }, { .id = "a/one" }, { .id = "a/four" },
				      { .id = "a/three" } };
	int order[4] = { 1, 3, 0, 2 }, later[4] = { 1, 0, 2, 3 };
	struct plan p = { .n_cases = 4, .cases = cases, .n_order = 4, .order = order };
	struct verdicts v;
	char *msg = NULL;

	file__write(table, rows, strlen(rows));
	EXPECT_INT(verdicts__read(&v, table, &msg), 0);
	EXPECT(verdicts__crashes(&v, "a/one") && verdicts__crashes(&v, "a/three"));
	EXPECT(!verdicts__crashes(&v, "a/two") && !verdicts__crashes(&v, "a/none"));
	EXPECT_INT(verdicts__crash_prefix(&v, &p), 2);
	p.order = later;	/* a crash at the end of the order: all of it */
	EXPECT_INT(verdicts__crash_prefix(&v, &p), 4);
	p.order = NULL;		/* plan order */
	EXPECT_INT(verdicts__crash_prefix(&v, &p), 4);
	p.n_cases = 1;
	EXPECT_INT(verdicts__crash_prefix(&v, &p), 0);
	verdicts__free(&v);
	free(msg);
}

UNIT_GROUP(verdicts,
	{ "no table: a recording run", test_record },
	{ "--bless writes the table; judged again, it holds", test_bless },
	{ "a changed verdict, errno or message fails; a missing row is an ERROR",
	  test_changes },
	{ "a filtered --bless keeps the other rows", test_filtered_bless },
	{ "no outcome at all: no table", test_no_outcome },
	{ "a malformed table, a missing one", test_malformed },
	{ "the crashes' head of the order (twc run --verdicts)", test_crash_prefix },
);
