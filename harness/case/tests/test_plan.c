// SPDX-License-Identifier: GPL-2.0
/*
 * test_plan.c: the corpus and the plan on the fixture cases of
 * judge/tests/fixtures: filters, the plan they make, `twc plan`, a plan
 * read back (BTF lines too, and from a buffer), and a malformed one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/corpus.h"
#include "case/plan.h"
#include "cli/cmds.h"
#include "lib/file.h"
#include "unit/unit.h"

static char *slurp(const char *path)
{
	size_t len;
	char *buf = NULL;

	return file__read(path, &buf, &len) ? NULL : buf;
}

static int load_corpus(struct corpus *c, const struct corpus_filter *f)
{
	return corpus__load(c, unit__path(unit_env.fixtures, "cases"), unit_env.obj_dir, f);
}

static void test_plan_build(void)
{
	struct corpus c;
	struct plan p;
	char *want = slurp(unit__path(unit_env.fixtures, "plan")), *got = NULL;
	size_t len;
	FILE *f = open_memstream(&got, &len);

	EXPECT_INT(load_corpus(&c, NULL), 0);
	EXPECT_INT(c.n_cases, 30);
	EXPECT_INT(plan__build(&p, &c, "fixture"), 0);
	EXPECT_INT(plan__write(&p, f), 0);
	fclose(f);
	EXPECT_STR(got, want);
	plan__free(&p);
	corpus__free(&c);
	free(got);
	free(want);
}

static void test_plan_cmd(void)
{
	char cases[4096], out[4096], log_path[4096], *want, *got, *log;
	char *argv[] = { "plan", "--cases", cases, "--obj-dir", (char *)unit_env.obj_dir,
			 "--out", out, "--run-id", "fixture", NULL };

	snprintf(cases, sizeof(cases), "%s/cases", unit_env.fixtures);
	snprintf(out, sizeof(out), "%s/plan", unit_env.tmp);
	snprintf(log_path, sizeof(log_path), "%s/plan.out", unit_env.tmp);
	EXPECT_INT(unit__captured(log_path, cmd_plan, 9, argv), 0);
	want = slurp(unit__path(unit_env.fixtures, "plan"));
	got = slurp(out);
	EXPECT_STR(got, want);
	log = slurp(log_path);
	EXPECT_SUBSTR(log, "twc: accept/error-compile: not planned: does not compile: ");
	EXPECT_SUBSTR(log, "23 cases planned, 6 broken, 7 facts");
	free(got);
	free(want);
	free(log);
	argv[1] = "--bogus";
	EXPECT_INT(unit__captured(log_path, cmd_plan, 9, argv), 2);
	/* a filter that matches no case is an error that names it */
	{
		char *fargv[] = { "plan", "--cases", cases, "--obj-dir", (char *)unit_env.obj_dir,
				  "--out", out, "--filter", "accept/pass", "--filter", "accept/nosuch-*",
				  NULL };

		EXPECT_INT(unit__captured(log_path, cmd_plan, 11, fargv), 2);
		log = slurp(log_path);
		EXPECT_SUBSTR(log, "plan: the filter 'accept/nosuch-*' (CASES=) matches no case");
		free(log);
		fargv[10] = "!accept/nosuch-*";
		EXPECT_INT(unit__captured(log_path, cmd_plan, 11, fargv), 0);
	}
}

static void test_plan_read(void)
{
	char bad[4096], *msg = NULL;
	struct plan p;
	const struct plan_case *pc;

	EXPECT_INT(plan__read(&p, unit__path(unit_env.fixtures, "plan"), &msg), 0);
	EXPECT_INT(p.n_cases, 23);
	/* sorted; a requirement's alternatives are facts of their own */
	EXPECT_INT(p.n_reqs, 7);
	EXPECT_STR(p.reqs[0], "kfunc:bpf_rcu_read_lock");	/* of bpf_rcu_read_lock___flavour */
	EXPECT_STR(p.reqs[1], "kfunc:bpf_task_work_schedule_resume");
	EXPECT_STR(p.reqs[2], "kfunc:bpf_task_work_schedule_resume_impl");
	EXPECT_STR(p.reqs[3], "kfunc:bpf_timer_cancel_async");
	EXPECT_STR(p.reqs[5], "kfunc:bpf_wq_set_callback_impl");
	EXPECT_STR(p.reqs[6], "preempt_rt");	/* of "!preempt_rt" */
	pc = plan__find(&p, "reject/multi/multi_b");
	if (EXPECT(pc)) {
		EXPECT_INT(pc->idx, 20);
		EXPECT_INT(pc->log_level, 2);
		EXPECT_INT(pc->prog_flags, 9);
		EXPECT_STR(pc->aux, "helper");
		EXPECT_STR(pc->object, "obj/reject/multi.bpf.o");
	}
	plan__free(&p);
	snprintf(bad, sizeof(bad), "%s/bad.plan", unit_env.tmp);
	file__write(bad, "TWC-PLAN 5\nRUN r1\nCASE 0 a/b obj/a/b.bpf.o b 5 0\n", 49);
	EXPECT_INT(plan__read(&p, bad, &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "line 3: malformed");
	free(msg);
}

static void test_filter(void)
{
	const char *globs[] = { "reject/*", "!reject/multi", "!*/crash-*" };
	struct corpus_filter f = { 1, globs };
	struct corpus c;

	EXPECT(corpus_filter__match(&f, "reject/x", "reject/x"));
	EXPECT(!corpus_filter__match(&f, "accept/x", "accept/x"));
	f.n = 3;
	EXPECT(!corpus_filter__match(&f, "reject/multi/multi_a", "reject/multi"));
	EXPECT(!corpus_filter__match(&f, "reject/crash-bug", "reject/crash-bug"));
	EXPECT(corpus_filter__match(NULL, "any", "any"));
	globs[0] = "reject/multi";
	f.n = 1;
	EXPECT_INT(load_corpus(&c, &f), 0);
	EXPECT_INT(c.n_cases, 2);
	corpus__free(&c);
}

/* The plan carries BTF lines, and reads them back. */
static void test_plan_lines(void)
{
	char path[4096], *text = NULL, *msg = NULL;
	size_t len;
	struct plan p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/btf.plan", unit_env.tmp);
	f = fopen(path, "w");
	if (!EXPECT(f))
		return;
	fputs("TWC-PLAN 5\nRUN r1\nREQ kfunc:bpf_wq_init\nBTF 0 btf/x btf/maps/x.case\n"
	      "CASE 1 accept/y obj/accept/y.bpf.o y 5 0 - priv -\n", f);
	fclose(f);
	EXPECT_INT(plan__read(&p, path, &msg), 0);
	if (EXPECT_INT(p.n_cases, 2)) {
		EXPECT(p.cases[0].btf);
		EXPECT_STR(p.cases[0].object, "btf/maps/x.case");
		EXPECT(!p.cases[1].btf);
	}
	f = open_memstream(&text, &len);
	EXPECT_INT(plan__write(&p, f), 0);
	fclose(f);
	EXPECT_SUBSTR(text, "\nBTF 0 btf/x btf/maps/x.case\nCASE 1 ");
	free(text);
	plan__free(&p);
	f = fopen(path, "w");
	fputs("TWC-PLAN 5\nRUN r1\nBTF 0 btf/x\n", f);
	fclose(f);
	EXPECT_INT(plan__read(&p, path, &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "line 3: malformed");
	free(msg);
}

/* plan__parse reads len bytes of a buffer, not up to its NUL. */
static void test_plan_parse(void)
{
	static const char text[] = "TWC-PLAN 5\nRUN r1\nCASE 0 a/b obj/a/b.bpf.o b 5 0 - priv -\n"
				   "not a plan line\n";
	char *msg = NULL;
	struct plan p;

	EXPECT_INT(plan__parse(&p, text, strlen(text) - 16, &msg), 0);
	EXPECT(!msg);
	if (EXPECT_INT(p.n_cases, 1))
		EXPECT_STR(p.cases[0].prog, "b");
	EXPECT_STR(p.run_id, "r1");
	plan__free(&p);
	EXPECT_INT(plan__parse(&p, text, strlen(text), &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "line 4: malformed: 'not a plan line'");
	EXPECT(!p.cases && !p.n_cases);
	free(msg);
}

/* Each line, third in a plan of its own, is refused as malformed. */
static void expect_malformed(const char *const *bad, size_t n)
{
	char text[256], *msg = NULL;
	struct plan p;

	for (size_t i = 0; i < n; i++) {
		snprintf(text, sizeof(text), "TWC-PLAN 5\nRUN r1\n%s\n", bad[i]);
		if (!EXPECT_INT(plan__parse(&p, text, strlen(text), &msg), -EINVAL))
			fprintf(stderr, "  accepted: '%s'\n", bad[i]);
		EXPECT_SUBSTR(msg, "line 3: malformed");
		free(msg);
		plan__free(&p);
	}
}

/* A number that does not fit its field is malformed, never wrapped: an
 * idx of 2^32 read as 0, a log level of 2^32 + 5 as 5 (found by
 * fuzz_plan.c); the largest values that fit are read as written. */
static void test_plan_numbers(void)
{
	static const char *const bad[] = {
		"CASE 4294967296 a/b o b 5 0 - priv -",
		"CASE 0 a/b o b 4294967301 0 - priv -",
		"CASE 0 a/b o b 5 4294967297 - priv -",
		"CASE 0 a/b o b 5 0 - unpriv:-1 -",
		"CASE 0 a/b o b 5 0 - unpriv:10000000000000000 -",
		"BTF 4294967296 btf/x btf/maps/x.case",
	};
	char text[256], *msg = NULL;
	struct plan p;

	expect_malformed(bad, sizeof(bad) / sizeof(bad[0]));
	snprintf(text, sizeof(text), "TWC-PLAN 5\nRUN r1\n"
		 "CASE 0 a/b o b 2147483647 4294967295 - unpriv:ffffffffffffffff -\n");
	EXPECT_INT(plan__parse(&p, text, strlen(text), &msg), 0);
	if (EXPECT_INT(p.n_cases, 1)) {
		EXPECT_INT(p.cases[0].log_level, 2147483647);
		EXPECT(p.cases[0].prog_flags == 4294967295U);
		EXPECT(p.cases[0].caps_keep == ~0ULL);
	}
	plan__free(&p);
}

/* A case's idx is its position in the plan (the stream's records and the
 * judge's table are indexed by it): an idx that starts past 0, skips or
 * repeats is malformed, a BTF line's as a CASE line's (plan__read_line). */
static void test_plan_idx(void)
{
	static const char *const bad[] = {
		"CASE 1 a/b o b 5 0 - priv -",
		"BTF 1 btf/x btf/maps/x.case",
	};
	static const char twice[] = "TWC-PLAN 5\nRUN r1\nCASE 0 a/b o b 5 0 - priv -\n"
				    "CASE 0 a/c o c 5 0 - priv -\n";
	static const char skip[] = "TWC-PLAN 5\nRUN r1\nBTF 0 btf/x btf/maps/x.case\n"
				   "CASE 2 a/c o c 5 0 - priv -\n";
	char *msg = NULL;
	struct plan p;

	expect_malformed(bad, sizeof(bad) / sizeof(bad[0]));
	EXPECT_INT(plan__parse(&p, twice, strlen(twice), &msg), -EINVAL);
	/* the whole line, though its parse split it */
	EXPECT_SUBSTR(msg, "line 4: malformed: 'CASE 0 a/c o c 5 0 - priv -'");
	free(msg);
	plan__free(&p);
	EXPECT_INT(plan__parse(&p, skip, strlen(skip), &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "line 4: malformed: 'CASE 2 a/c o c 5 0 - priv -'");
	free(msg);
	plan__free(&p);
}

/* The last field of CASE says what the guest does after a successful
 * load: read the translated program (__xlated), read the JIT image
 * (__jited), test-run the program (__retval), then read its BPF stderr
 * and stdout streams (__stderr, __stdout: only after a run), in that
 * order, or "-"; read back and written the same; anything else, or no
 * such field (a plan of version 1), is malformed. */
/* The setup records of a CASE line (upstream runs): after it, naming
 * its index; written back as read. */
static void test_plan_setup(void)
{
	static const char text[] = "TWC-PLAN 5\nRUN r1\n"
				   "CASE 0 a/b o b 0 132 - priv run\n"
				   "BTFPATH 0 obj/upstream/btf/btf__x.bpf.o\n"
				   "LINEAR 0 14\n"
				   "MAPVAL 0 map_a 00000000 1c000000\n"
				   "MAPVAL 0 m2 00 ff\n"
				   "BTF 1 btf/x btf/maps/x.case\n"
				   "CASE 2 a/c o c 0 132 - priv -\n";
	static const char *const bad[] = {
		"BTFPATH 1 obj/x", "BTFPATH 0 obj/x obj/y", "BTFPATH 0 /x",
		"BTFPATH 0 obj/x\nBTFPATH 0 obj/y", "LINEAR 0 0", "LINEAR 0 -1", "LINEAR 0 x",
		"LINEAR 0 2147483648", "LINEAR 0 1\nLINEAR 0 2", "LINEAR 0", "MAPVAL 0 m 00",
		"MAPVAL 0 m 0 00", "MAPVAL 0 m 00 0g", "MAPVAL 0 m-x 00 00", "MAPVAL 0 m 00 00 00",
		"MAPVAL 0 m 00 FF", "MAPVAL 1 m 00 00",
	};
	char buf[512], *msg = NULL, *out = NULL;
	struct plan p;
	size_t len;
	FILE *f;

	EXPECT_INT(plan__parse(&p, text, strlen(text), &msg), 0);
	if (EXPECT_INT(p.n_cases, 3)) {
		EXPECT_STR(p.cases[0].btf_path, "obj/upstream/btf/btf__x.bpf.o");
		EXPECT_INT(p.cases[0].linear_size, 14);
		EXPECT_INT(p.cases[0].n_mapvals, 2);
		EXPECT_STR(p.cases[0].mapvals[1].value, "ff");
		EXPECT(!p.cases[2].btf_path && !p.cases[2].linear_size && !p.cases[2].n_mapvals);
	}
	f = open_memstream(&out, &len);
	if (EXPECT(f)) {
		EXPECT_INT(plan__write(&p, f), 0);
		fclose(f);
		EXPECT_STR(out, text);
	}
	free(out);
	plan__free(&p);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "TWC-PLAN 5\nRUN r1\nCASE 0 a/b o b 0 0 - priv run\n%s\n",
			 bad[i]);
		if (!EXPECT_INT(plan__parse(&p, buf, strlen(buf), &msg), -EINVAL))
			fprintf(stderr, "  accepted: '%s'\n", bad[i]);
		EXPECT_SUBSTR(msg, "malformed");
		free(msg);
	}
	/* after a BTF line, or before any case: no CASE line to go with */
	for (int i = 0; i < 2; i++) {
		snprintf(buf, sizeof(buf), "TWC-PLAN 5\nRUN r1\n%sLINEAR 0 4\n",
			 i ? "BTF 0 btf/x btf/maps/x.case\n" : "");
		EXPECT_INT(plan__parse(&p, buf, strlen(buf), &msg), -EINVAL);
		free(msg);
	}
}

static void test_plan_test_run(void)
{
	static const char text[] = "TWC-PLAN 5\nRUN r1\n"
				   "CASE 0 a/b o b 0 132 - priv run\n"
				   "CASE 1 a/c o c 0 132 aux unpriv:8000000000 run\n"
				   "CASE 2 a/d o d 5 0 - priv -\n"
				   "CASE 3 a/e o e 0 132 - priv xlated\n"
				   "CASE 4 a/f o f 0 132 - unpriv:0 xlated,run\n"
				   "CASE 5 a/g o g 0 132 - priv run,stderr,stdout\n"
				   "CASE 6 a/h o h 0 132 - priv xlated,run,stdout\n"
				   "CASE 7 a/i o i 0 132 - priv jited\n"
				   "CASE 8 a/j o j 0 132 - priv xlated,jited,run\n"
				   "CASE 9 a/k o k 0 132 - priv jited,run,stderr\n";
	static const char *const bad[] = {
		"CASE 0 a/b o b 5 0 - priv", "CASE 0 a/b o b 5 0 - priv yes",
		"CASE 0 a/b o b 5 0 - priv run x", "CASE 0 a/b o b 5 0 - run priv",
		"CASE 0 a/b o b 5 0 - priv run,xlated", "CASE 0 a/b o b 5 0 - priv xlated,",
		"CASE 0 a/b o b 5 0 - priv xlated,xlated", "CASE 0 a/b o b 5 0 - priv -,run",
		"CASE 0 a/b o b 5 0 - priv stderr", "CASE 0 a/b o b 5 0 - priv xlated,stdout",
		"CASE 0 a/b o b 5 0 - priv run,stdout,stderr", "CASE 0 a/b o b 5 0 - priv run,,stderr",
		"CASE 0 a/b o b 5 0 - priv run,stdin",
		"CASE 0 a/b o b 5 0 - priv jited,xlated", "CASE 0 a/b o b 5 0 - priv run,jited",
		"CASE 0 a/b o b 5 0 - priv jit", "CASE 0 a/b o b 5 0 - priv ,jited",
		"CASE 0 a/b o b 5 0 - priv xlated,,run", "CASE 0 a/b o b 5 0 - priv stderr,jited",
	};
	char *msg = NULL, *out = NULL;
	struct plan p;
	size_t len;
	FILE *f;

	expect_malformed(bad, sizeof(bad) / sizeof(bad[0]));
	EXPECT_INT(plan__parse(&p, text, strlen(text), &msg), 0);
	if (EXPECT_INT(p.n_cases, 10)) {
		EXPECT(p.cases[0].test_run && !p.cases[0].unpriv && !p.cases[0].xlated);
		EXPECT(p.cases[1].test_run && p.cases[1].unpriv);
		EXPECT(!p.cases[2].test_run && !p.cases[2].xlated);
		EXPECT(!p.cases[3].test_run && p.cases[3].xlated);
		EXPECT(p.cases[4].test_run && p.cases[4].xlated && p.cases[4].unpriv);
		EXPECT(p.cases[5].read_stderr && p.cases[5].read_stdout && !p.cases[5].xlated);
		EXPECT(!p.cases[6].read_stderr && p.cases[6].read_stdout && p.cases[6].xlated);
		EXPECT(!p.cases[4].read_stderr && !p.cases[4].read_stdout);
		EXPECT(p.cases[7].jited && !p.cases[7].xlated && !p.cases[7].test_run);
		EXPECT(p.cases[8].jited && p.cases[8].xlated && p.cases[8].test_run);
		EXPECT(p.cases[9].jited && p.cases[9].test_run && p.cases[9].read_stderr);
		EXPECT(!p.cases[0].jited && !p.cases[4].jited && !p.cases[5].jited);
	}
	f = open_memstream(&out, &len);
	if (EXPECT(f)) {
		EXPECT_INT(plan__write(&p, f), 0);
		fclose(f);
		EXPECT_STR(out, text);
	}
	free(out);
	plan__free(&p);
}

/* A REQ line names a fact as twc plan writes it: without '!', not empty.
 * "REQ !" was read as an empty fact that the plan then wrote as "REQ ",
 * which it refused (found by fuzz_plan.c). */
static void test_plan_req(void)
{
	static const char *const bad[] = { "REQ !", "REQ !preempt_rt", "REQ ", "REQ a b",
					  "REQ kfunc:a|!kfunc:b", "REQ a|", "REQ a|b" };
	char text[256], *msg = NULL;
	struct plan p;

	expect_malformed(bad, sizeof(bad) / sizeof(bad[0]));
	snprintf(text, sizeof(text), "TWC-PLAN 5\nRUN r1\nREQ preempt_rt\nREQ kfunc:x\n");
	EXPECT_INT(plan__parse(&p, text, strlen(text), &msg), 0);
	if (EXPECT_INT(p.n_reqs, 2))
		EXPECT_STR(p.reqs[0], "preempt_rt");
	plan__free(&p);
}

/* A NUL byte ended the plan silently (the cases after it were gone), and
 * an error's line number left out the empty lines before it. */
static void test_plan_nul_lines(void)
{
	static const char nul[] = "TWC-PLAN 5\nRUN r1\nCASE 0 a/b o b 5 0 - priv -\n"
				  "\0CASE 1 a/c o c 5 0 - priv -\n";
	static const char blank[] = "TWC-PLAN 5\n\nRUN r1\n\nCASE 0 a/b o b 5 0 - priv -\nbogus\n";
	char *msg = NULL;
	struct plan p;

	EXPECT_INT(plan__parse(&p, nul, sizeof(nul) - 1, &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "line 4: malformed: a NUL byte");
	free(msg);
	plan__free(&p);
	EXPECT_INT(plan__parse(&p, blank, sizeof(blank) - 1, &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "line 6: malformed: 'bogus'");
	free(msg);
	EXPECT_INT(plan__parse(&p, blank, sizeof(blank) - 7, &msg), 0);
	EXPECT_INT(p.n_cases, 1);
	plan__free(&p);
	EXPECT_INT(plan__parse(&p, "TWC-PLAN 5\n", 11, &msg), -EINVAL);
	EXPECT_SUBSTR(msg, "no 'RUN <id>'");
	free(msg);
}

UNIT_GROUP(plan,
	{ "the plan of the fixture cases", test_plan_build },
	{ "twc plan", test_plan_cmd },
	{ "read a plan back, and a malformed one", test_plan_read },
	{ "--filter globs", test_filter },
	{ "BTF lines", test_plan_lines },
	{ "a plan from a buffer of len bytes", test_plan_parse },
	{ "numbers that do not fit are malformed", test_plan_numbers },
	{ "a case's idx is its position", test_plan_idx },
	{ "REQ lines name a fact", test_plan_req },
	{ "CASE's after-load field (__xlated, __jited, __retval, __stderr, __stdout)",
	  test_plan_test_run },
	{ "a NUL byte, and line numbers past empty lines", test_plan_nul_lines },
	{ "setup records: BTFPATH, LINEAR, MAPVAL after their CASE line", test_plan_setup },
);

