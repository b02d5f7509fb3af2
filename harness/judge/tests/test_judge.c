// SPDX-License-Identifier: GPL-2.0
/*
 * test_judge.c: the judge on the recorded fixture run:
 * judge/tests/fixtures/{cases,plan,streams/run.stream,expected}.  Every
 * fixture case is named after the result it must get.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case/corpus.h"
#include "case/plan.h"
#include "cli/cmds.h"
#include "judge/judge.h"
#include "judge/norm.h"
#include "judge/result.h"
#include "lib/file.h"
#include "stream/stream.h"
#include "unit/unit.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define NORM_VERSION_S STR(NORM_VERSION)

static char *slurp(const char *path)
{
	size_t len;
	char *buf = NULL;

	return file__read(path, &buf, &len) ? NULL : buf;
}

/* The last line of a text, in a static buffer. */
static const char *last_line(const char *text)
{
	static char line[256];
	const char *e = text ? text + strlen(text) : NULL, *b;

	if (!e)
		return "";
	while (e > text && e[-1] == '\n')
		e--;
	for (b = e; b > text && b[-1] != '\n'; b--)
		;
	snprintf(line, sizeof(line), "%.*s", (int)(e - b), b);
	return line;
}

static int load_corpus(struct corpus *c, const struct corpus_filter *f)
{
	return corpus__load(c, unit__path(unit_env.fixtures, "cases"), unit_env.obj_dir, f);
}

/* What each fixture case must get from the fixture run. */
static const struct {
	const char *id;
	enum result_code code;
	const char *reason;
} want_codes[] = {
	{ "accept/crash-warn", RES_CRASH, "the kernel complained while loading: '[    2.000002] WARNING:" },
	{ "accept/error-annot", RES_ERROR, "unknown annotation key 'test_expect_sucess'" },
	{ "accept/error-compile", RES_ERROR, "does not compile: harness/judge/tests/fixtures/cases/accept/error-compile.bpf.c:8:9: error: use of undeclared identifier" },
	{ "accept/error-dir", RES_ERROR, "verdict directory 'accept' disagrees with __failure" },
	{ "accept/error-extern", RES_ERROR, "annotation: kfunc extern 'bpf_preempt_disable': 'test_expect_msg=not here' is not a __requires(" },
	{ "accept/error-neither", RES_ERROR, "neither __success nor __failure" },
	{ "accept/error-unreached", RES_ERROR, "the guest never reached this case" },
	{ "accept/error-unsupported", RES_ERROR, "__retval ('test_retval') is not supported by twc yet" },
	{ "accept/fail-golden", RES_FAIL, "the log differs from the golden" },
	{ "accept/fail-libbpf", RES_FAIL, "libbpf failed before the kernel saw the program (prepare): libbpf: extern (func ksym) 'bpf_timer_cancel_async': not found" },
	{ "accept/pass", RES_PASS, NULL },
	{ "accept/skip-arch", RES_SKIP, "__arch: not for x86_64" },
	/* no __requires: the strong kfunc extern of the object is one */
	{ "accept/skip-implicit", RES_SKIP, "requires kfunc:bpf_timer_cancel_async, missing from this kernel's BTF" },
	{ "accept/skip-kfunc", RES_SKIP, "requires kfunc:bpf_timer_cancel_async, missing from this kernel's BTF" },
	/* twc.h's weak pair of a renamed kfunc: neither name is there */
	{ "accept/skip-renamed", RES_SKIP, "requires kfunc:bpf_wq_set_callback or kfunc:bpf_wq_set_callback_impl, missing from this kernel's BTF" },
	{ "accept/xpass", RES_XPASS, "passed, but marked __xfail: fixed since" },
	{ "reject/crash-bug", RES_CRASH, "verifier bug: 'verifier bug: scc exit" },
	{ "reject/crash-panic", RES_CRASH, "kernel panic while the case was loading" },
	{ "reject/error-malformed", RES_ERROR, "malformed stream record: stream line 54" },
	{ "reject/error-nogolden", RES_ERROR, "no golden 'expected/reject/error-nogolden.log'; to write it: make bless CASES=reject/error-nogolden" },
	{ "reject/error-truncated", RES_ERROR, "truncated log: the kernel needed 340 bytes" },
	{ "reject/error-unresolved", RES_ERROR, "the verifier reached a kfunc call libbpf left unresolved (a weak kfunc extern this kernel lacks, and no __requires for it): 'invalid func unknown#2002000000'" },
	{ "reject/fail-errno", RES_FAIL, "expected -EINVAL, got -EACCES" },
	{ "reject/fail-msg", RES_FAIL, "expected message not found: 'R1 type=scalar expected=map_ptr'" },
	/* the older name of the renamed kfunc is there: judged */
	{ "reject/fail-renamed", RES_FAIL, "expected failure, the verifier accepted the program" },
	{ "reject/fail-verdict", RES_FAIL, "expected failure, the verifier accepted the program" },
	{ "reject/multi/multi_a", RES_PASS, NULL },
	{ "reject/multi/multi_b", RES_PASS, NULL },
	{ "reject/pass-diag", RES_PASS, NULL },
	{ "reject/xfail", RES_XFAIL, "xfail: the verifier accepts this, see TMR-ARG-11 (expected failure" },
};

struct fixture_run {
	struct corpus corpus;
	struct plan plan;
	struct stream stream;
	struct result *rs;
};

static int fixture_run__judge(struct fixture_run *fr, const char *expected)
{
	struct judge_ctx ctx = { .plan = &fr->plan, .stream = &fr->stream, .expected_dir = expected };
	char *msg = NULL;
	int err;

	err = load_corpus(&fr->corpus, NULL) ?:
	      plan__read(&fr->plan, unit__path(unit_env.fixtures, "plan"), &msg) ?:
	      stream__read(&fr->stream, unit__path(unit_env.fixtures, "streams/run.stream"),
			   fr->plan.n_cases, &msg);
	free(msg);
	if (err)
		return err;
	fr->rs = calloc(fr->corpus.n_cases, sizeof(*fr->rs));
	for (int i = 0; !err && i < fr->corpus.n_cases; i++)
		err = judge__case(&ctx, &fr->corpus.cases[i], &fr->rs[i]);
	return err;
}

static void fixture_run__free(struct fixture_run *fr)
{
	for (int i = 0; fr->rs && i < fr->corpus.n_cases; i++)
		result__free(&fr->rs[i]);
	free(fr->rs);
	corpus__free(&fr->corpus);
	plan__free(&fr->plan);
	stream__free(&fr->stream);
}

static const struct result *fixture_run__find(const struct fixture_run *fr, const char *id)
{
	for (int i = 0; i < fr->corpus.n_cases; i++)
		if (!strcmp(fr->rs[i].kase->id, id))
			return &fr->rs[i];
	return NULL;
}

static void test_result_codes(void)
{
	struct fixture_run fr = {};

	if (!EXPECT_INT(fixture_run__judge(&fr, unit__path(unit_env.fixtures, "expected")), 0))
		goto out;
	EXPECT_INT(fr.corpus.n_cases, sizeof(want_codes) / sizeof(want_codes[0]));
	for (size_t i = 0; i < sizeof(want_codes) / sizeof(want_codes[0]); i++) {
		const struct result *r = fixture_run__find(&fr, want_codes[i].id);

		if (!EXPECT(r)) {
			printf("#     no result for %s\n", want_codes[i].id);
			continue;
		}
		if (!EXPECT_STR(result_code__name(r->code), result_code__name(want_codes[i].code)))
			printf("#     %s: %s\n", want_codes[i].id, r->reason);
		if (want_codes[i].reason)
			EXPECT_SUBSTR(r->reason, want_codes[i].reason);
		else
			EXPECT(!r->reason);
	}
out:
	fixture_run__free(&fr);
}

static void test_details(void)
{
	struct fixture_run fr = {};
	const struct result *r;

	if (!EXPECT_INT(fixture_run__judge(&fr, unit__path(unit_env.fixtures, "expected")), 0))
		goto out;
	r = fixture_run__find(&fr, "accept/fail-golden");
	EXPECT_SUBSTR(r->detail.buf, "--- expected/accept/fail-golden.log\n"
				     "+++ actual (normalized)\n@@ -1,7 +1,7 @@\n func#0 @0\n");
	EXPECT_SUBSTR(r->detail.buf, "\n-0: (b7) r0 = 0                        ; R0_w=0\n"
				     "+0: (b4) w0 = 0                        ; R0_w=0\n");
	EXPECT_SUBSTR(r->detail.buf, "to accept: make bless CASES=accept/fail-golden\n");
	r = fixture_run__find(&fr, "reject/pass-diag");
	EXPECT_STR(r->first_error, "timer pointer in R1 map_uid=0 doesn't match map pointer in R2 map_uid=0");
	EXPECT_INT(r->insns, 3);
	EXPECT_INT(r->vtime_usec, 31);
	EXPECT_SUBSTR(r->log, "1: (85) call bpf_wq_init#<btf_id>\n");
	EXPECT_SUBSTR(r->log, "\nVerification failed: Invalid argument");
	r = fixture_run__find(&fr, "reject/multi/multi_a");
	EXPECT_STR(r->first_error, "invalid mem access 'scalar'");
	r = fixture_run__find(&fr, "accept/pass");
	EXPECT(!r->first_error);
	EXPECT_INT(r->vtime_usec, 12);
	EXPECT_INT(r->states, 0);
	r = fixture_run__find(&fr, "reject/crash-panic");
	EXPECT_SUBSTR(r->detail.buf, "    | [    3.100002] Kernel panic - not syncing");
out:
	fixture_run__free(&fr);
}

/* Run `twc judge` on the fixture run; out gets stdout and stderr. */
static int judge_cmd(const char *expected, const char *out, const char *extra1,
		     const char *extra2)
{
	char cases[4096], plan[4096], stream[4096];
	char *argv[20] = {
		"judge", "--cases", cases, "--obj-dir", (char *)unit_env.obj_dir,
		"--plan", plan, "--stream", stream, "--expected", (char *)expected,
		"--out-dir", (char *)unit_env.tmp, "--times", "build=1.5,run=3",
	};
	int argc = 15;

	snprintf(cases, sizeof(cases), "%s/cases", unit_env.fixtures);
	snprintf(plan, sizeof(plan), "%s/plan", unit_env.fixtures);
	snprintf(stream, sizeof(stream), "%s/streams/run.stream", unit_env.fixtures);
	if (extra1)
		argv[argc++] = (char *)extra1;
	if (extra2)
		argv[argc++] = (char *)extra2;
	return unit__captured(out, cmd_judge, argc, argv);
}

static void test_judge_cmd(void)
{
	char out[4096], *text, *ktap, *json;

	snprintf(out, sizeof(out), "%s/judge.out", unit_env.tmp);
	EXPECT_INT(judge_cmd(unit__path(unit_env.fixtures, "expected"), out, NULL, NULL), 1);
	text = slurp(out);
	EXPECT_STR(last_line(text), "5 passed, 21 failed, 4 skipped");
	EXPECT_SUBSTR(text, "\nPASS     reject/pass-diag          -EINVAL   3 insns\n");
	EXPECT_SUBSTR(text, "results: 4 PASS, 6 FAIL, 1 XFAIL, 1 XPASS, 4 SKIP, 11 ERROR, 3 CRASH\n");
	EXPECT_SUBSTR(text, "times: build 1.5s, run 3.0s, boot 2.5s, load ");
	ktap = slurp(unit__path(unit_env.tmp, "results.ktap"));
	EXPECT_SUBSTR(ktap, "KTAP version 1\n1..30\n");
	EXPECT_SUBSTR(ktap, "\nok 11 accept/pass\n");
	EXPECT_SUBSTR(ktap, "\nok 12 accept/skip-arch # SKIP __arch");
	EXPECT_SUBSTR(ktap, "\nok 30 reject/xfail # TODO xfail: the verifier accepts this");
	EXPECT_SUBSTR(ktap, "\n# FAIL: expected -EINVAL, got -EACCES\nnot ok 23 reject/fail-errno\n");
	json = slurp(unit__path(unit_env.tmp, "results.json"));
	EXPECT_SUBSTR(json, "\"summary\": {\"PASS\": 4, \"FAIL\": 6, \"XFAIL\": 1, \"XPASS\": 1, "
		      "\"SKIP\": 4, \"ERROR\": 11, \"CRASH\": 3, \"passed\": 5, \"failed\": 21, "
		      "\"skipped\": 4}");
	EXPECT_SUBSTR(json, "\"first_error\": \"timer pointer in R1 map_uid=0 doesn't match");
	EXPECT_SUBSTR(json, "\"rules\": [\"TMR-ARG-08\"]");
	EXPECT_SUBSTR(json, "\"log\": \"func#0 @0\\n0: R1=ctx() R10=fp0\\n");
	free(text);
	free(ktap);
	free(json);
	EXPECT_INT(judge_cmd("x", out, "--bogus", NULL), 2);
	EXPECT_INT(judge_cmd("x", out, "--times", "build"), 2);
}

static void test_bless(void)
{
	char out[4096], exp[4096], *text, *golden;

	snprintf(out, sizeof(out), "%s/bless.out", unit_env.tmp);
	snprintf(exp, sizeof(exp), "%s/exp", unit_env.tmp);
	EXPECT_INT(judge_cmd(exp, out, "--bless", "--reference=7.2.0-other"), 2);
	text = slurp(out);
	EXPECT_SUBSTR(text, "refusing to bless: the run is from kernel '7.3.4+deb13-cloud-amd64'");
	EXPECT(access(exp, F_OK) != 0);
	free(text);
	EXPECT_INT(judge_cmd(exp, out, "--bless", "--reference=7.3.4+deb13-cloud-amd64"), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "bless: 7 goldens written, 0 unchanged, 6 refused");
	EXPECT_SUBSTR(text, "refused (verdict, errno or __msg failed; fix the case, not the "
		      "golden): accept/fail-libbpf reject/fail-errno reject/fail-msg "
		      "reject/fail-renamed reject/fail-verdict reject/xfail\n");
	free(text);
	golden = slurp(unit__path(exp, "reject/error-nogolden.log"));
	EXPECT_SUBSTR(golden, "# twc golden: written by 'make bless' from a kernel run; do not edit.\n"
			      "# case: reject/error-nogolden\n# kernel: 7.3.4+deb13-cloud-amd64 #1 SMP");
	EXPECT_SUBSTR(golden, "\n# compiler: Debian clang version");
	EXPECT_SUBSTR(golden, "\n# log-level: 5\n# normalizer: " NORM_VERSION_S "\n# result: -EINVAL\nfunc#0 @0\n");
	EXPECT(access(unit__path(exp, "reject/fail-verdict.log"), F_OK) != 0);
	free(golden);
	/* judged again: the blessed cases pass; blessing again changes nothing */
	EXPECT_INT(judge_cmd(exp, out, NULL, NULL), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "\nPASS     accept/fail-golden");
	EXPECT_SUBSTR(text, "\nPASS     reject/error-nogolden");
	free(text);
	EXPECT_INT(judge_cmd(exp, out, "--bless", "--force"), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "bless: 0 goldens written, 7 unchanged, 6 refused");
	free(text);
}

/* twc judge --expect-*: the fixture run judged for git bisect run. */
static int expect_cmd(const char *out, const char *const *extra)
{
	char cases[4096], plan[4096], stream[4096], exp[4096];
	char *argv[40] = {
		"judge", "--cases", cases, "--obj-dir", (char *)unit_env.obj_dir,
		"--plan", plan, "--stream", stream, "--expected", exp,
		"--out-dir", (char *)unit_env.tmp,
	};
	int argc = 13;

	snprintf(cases, sizeof(cases), "%s/cases", unit_env.fixtures);
	snprintf(plan, sizeof(plan), "%s/plan", unit_env.fixtures);
	snprintf(stream, sizeof(stream), "%s/streams/run.stream", unit_env.fixtures);
	snprintf(exp, sizeof(exp), "%s/expected", unit_env.fixtures);
	while (*extra && argc < 39)
		argv[argc++] = (char *)*extra++;
	return unit__captured(out, cmd_judge, argc, argv);
}

static void test_expect(void)
{
	char out[4096], *text;

	snprintf(out, sizeof(out), "%s/expect.out", unit_env.tmp);
	/* the golden and __errno fail, the stated expectation holds */
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--filter", "reject/fail-errno",
		   "--expect", "reject", "--expect-errno", "EACCES", NULL }), 0);
	text = slurp(out);
	EXPECT_SUBSTR(text, "\nexpect: reject/fail-errno: good (");
	free(text);
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--filter", "reject/fail-errno",
		   "--expect", "accept", "--expect-no-msg", ".", "--expect-pass", NULL }), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "\nexpect: reject/fail-errno: bad: rejected -EACCES, expected accept; "
		      "a line matches /./; judged FAIL: expected -EINVAL, got -EACCES (first error: ");
	free(text);
	/* messages: extended regexes, per line */
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--filter", "accept/pass", "--expect", "accept",
		   "--expect-msg", "^0: R1=ctx\\(\\) R10=fp0$", "--expect-msg", "^func#[0-9]+ @0$",
		   NULL }), 0);
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--filter", "accept/pass",
		   "--expect-msg", "^R1=ctx", NULL }), 1);
	/* libbpf failed before the load: nothing to tell; a bad case still wins */
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--filter", "accept/fail-libbpf",
		   "--filter", "accept/pass", "--expect", "accept", NULL }), 125);
	text = slurp(out);
	EXPECT_SUBSTR(text, "\nexpect: accept/fail-libbpf: skip: never reached the verifier: ");
	EXPECT_SUBSTR(text, "\nexpect: accept/pass: good (accepted)\n");
	free(text);
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--filter", "accept/fail-libbpf",
		   "--filter", "reject/fail-errno", "--expect", "accept", NULL }), 1);
	/* a crash is bad whatever was expected; no case at all is a skip */
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--filter", "reject/crash-panic",
		   "--expect", "reject", NULL }), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "\nexpect: reject/crash-panic: bad: crash: ");
	free(text);
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--filter", "none/such",
		   "--expect", "reject", NULL }), 125);
	/* bad expectations are usage errors */
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--expect-msg", "(", NULL }), 2);
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--expect-errno", "NOPE", NULL }), 2);
	EXPECT_INT(expect_cmd(out, (const char *[]){ "--expect", "maybe", NULL }), 2);
	text = slurp(out);
	EXPECT_SUBSTR(text, "--expect accept|reject, not 'maybe'");
	free(text);
}

UNIT_GROUP(judge,
	{ "one fixture per result code", test_result_codes },
	{ "golden diff, console tail, first error line, statistics", test_details },
	{ "twc judge: output, results.json, results.ktap, exit codes", test_judge_cmd },
	{ "twc judge --bless", test_bless },
	{ "twc judge --expect-*: good, bad, skip", test_expect },
);
