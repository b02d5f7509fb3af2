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
	{ "accept/crash-warn", RES_CRASH, "the kernel complained while loading: 'WARNING:" },
	{ "accept/error-annot", RES_ERROR, "unknown annotation key 'test_expect_sucess'" },
	{ "accept/error-compile", RES_ERROR, "does not compile: harness/judge/tests/fixtures/cases/accept/error-compile.bpf.c:8:9: error: use of undeclared identifier" },
	{ "accept/error-dir", RES_ERROR, "verdict directory 'accept' disagrees with __failure" },
	{ "accept/error-extern", RES_ERROR, "annotation: kfunc extern 'bpf_preempt_disable': 'test_expect_msg=not here' is not a __requires(" },
	{ "accept/error-neither", RES_ERROR, "neither __success nor __failure" },
	{ "accept/error-unreached", RES_ERROR, "the guest never reached this case" },
	{ "accept/error-unsupported", RES_ERROR, "__btf_func_path ('test_btf_func_path') is not supported by twc yet" },
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
	{ "reject/error-unresolved", RES_ERROR, "the verifier reached a call of bpf_preempt_disable, a kfunc libbpf left unresolved (a weak kfunc extern this kernel lacks, and no __requires for it): 'invalid func unknown#2002000000'" },
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
	/* a failed __msg says what the kernel said and where matching stopped */
	r = fixture_run__find(&fr, "reject/fail-msg");
	EXPECT_SUBSTR(r->detail.buf, "    first error: 'R1 type=ctx expected=map_value'\n"
		      "    to run it alone: make check CASES=reject/fail-msg\n"
		      "    the log around line 1 of 9:\n    |>    1: func#0 @0\n");
	EXPECT_SUBSTR(r->detail.buf, "    |     5: R1 type=ctx expected=map_value\n");
	r = fixture_run__find(&fr, "reject/fail-verdict");
	EXPECT_SUBSTR(r->detail.buf, "    to run it alone: make check CASES=reject/fail-verdict\n");
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
		"--kernel-name", "fixture",
	};
	int argc = 17;

	snprintf(cases, sizeof(cases), "%s/cases", unit_env.fixtures);
	snprintf(plan, sizeof(plan), "%s/plan", unit_env.fixtures);
	snprintf(stream, sizeof(stream), "%s/streams/run.stream", unit_env.fixtures);
	if (extra1)
		argv[argc++] = (char *)extra1;
	if (extra2)
		argv[argc++] = (char *)extra2;
	return unit__captured(out, cmd_judge, argc, argv);
}

/* The loader died on a case: the case's ERROR names the signal, and the
 * kernel is not blamed (no CRASH). */
static void test_loader_fault(void)
{
	static const char text[] = "TWC-STREAM 1\nPLAN fixture\nBEGIN 4\nLIBBPF 4 21\n"
				   "libbpf: loading pass\n\nFAULT 4 SIGSEGV\nEND 4\nBEGIN 5\n"
				   "LOAD 5 load 0 0 1 2 3\nLOG 5 1\n\n\nEND 5\nDONE\n";
	const struct corpus_case *k = NULL;
	struct fixture_run fr = {};
	struct result r;
	char *msg = NULL;

	EXPECT_INT(load_corpus(&fr.corpus, NULL), 0);
	EXPECT_INT(plan__read(&fr.plan, unit__path(unit_env.fixtures, "plan"), &msg), 0);
	EXPECT_INT(stream__parse(&fr.stream, text, strlen(text), fr.plan.n_cases, &msg), 0);
	for (int i = 0; i < fr.corpus.n_cases; i++)
		if (!strcmp(fr.corpus.cases[i].id, "accept/pass"))
			k = &fr.corpus.cases[i];
	if (EXPECT(k) && EXPECT_INT(judge__case(&(struct judge_ctx){ .plan = &fr.plan,
			.stream = &fr.stream, .expected_dir = "x" }, k, &r), 0)) {
		EXPECT_STR(result_code__name(r.code), "ERROR");
		EXPECT_SUBSTR(r.reason, "the loader died on this case (SIGSEGV): a fault of "
			      "twc-init or libbpf, not a verdict of the kernel");
		EXPECT_SUBSTR(r.detail.buf, "libbpf: loading pass");
		result__free(&r);
	}
	free(msg);
	fixture_run__free(&fr);
}

/* twc judge on a stream and a plan of the fixture run; its exit status. */
static int judge_stream(const char *stream, const char *out)
{
	char cases[4096], plan[4096];
	char *argv[] = {
		"judge", "--cases", cases, "--obj-dir", (char *)unit_env.obj_dir,
		"--plan", plan, "--stream", (char *)stream, "--expected", (char *)unit_env.tmp,
		"--out-dir", (char *)unit_env.tmp, NULL,
	};

	snprintf(cases, sizeof(cases), "%s/cases", unit_env.fixtures);
	snprintf(plan, sizeof(plan), "%s/plan", unit_env.fixtures);
	return unit__captured(out, cmd_judge, 13, argv);
}

/* A stream of another run is refused whole (exit 2), a run where no boot
 * reached the guest is no verdict at all (exit 3): never per-case results. */
static void test_judge_refuses(void)
{
	char out[4096], stream[4096], *text;

	snprintf(out, sizeof(out), "%s/refuse.out", unit_env.tmp);
	snprintf(stream, sizeof(stream), "%s/other.stream", unit_env.tmp);
	file__write(stream, "TWC-STREAM 1\nPLAN other\nBEGIN 4\nEND 4\nDONE\n", 44);
	EXPECT_INT(judge_stream(stream, out), 2);
	text = slurp(out);
	EXPECT_SUBSTR(text, "does not answer this plan: it answers plan 'other', this plan is "
		      "'fixture'; nothing judged");
	EXPECT(!strstr(text, "PASS"));
	free(text);
	file__write(stream, "TWC-STREAM 1\nPLAN fixture\nBEGIN 40\nEND 40\nDONE\n", 48);
	EXPECT_INT(judge_stream(stream, out), 2);
	text = slurp(out);
	EXPECT_SUBSTR(text, "BEGIN 40, but the plan has 23 cases");
	free(text);
	file__write(stream, "BOOT 1200\n", 10);
	EXPECT_INT(judge_stream(stream, out), 3);
	text = slurp(out);
	EXPECT_SUBSTR(text, "holds no boot that reached the guest: nothing ran");
	EXPECT(!strstr(text, "ERROR"));
	free(text);
}

static void test_judge_cmd(void)
{
	char out[4096], *text, *ktap, *json, *junit;

	snprintf(out, sizeof(out), "%s/judge.out", unit_env.tmp);
	EXPECT_INT(judge_cmd(unit__path(unit_env.fixtures, "expected"), out, NULL, NULL), 1);
	text = slurp(out);
	EXPECT_STR(last_line(text), "5 passed, 21 failed, 4 skipped");
	EXPECT_SUBSTR(text, "\nPASS     reject/pass-diag          -EINVAL   3 insns\n");
	EXPECT_SUBSTR(text, "results: 4 PASS, 6 FAIL, 1 XFAIL, 1 XPASS, 4 SKIP, 11 ERROR, 3 CRASH\n");
	EXPECT_SUBSTR(text, "times: build 1.5s, run 3.0s, boot to /init 1.2s, load ");
	ktap = slurp(unit__path(unit_env.tmp, "results.ktap"));
	EXPECT_SUBSTR(ktap, "KTAP version 1\n# kernel: fixture 7.3.4+deb13-cloud-amd64 #1 SMP "
		      "PREEMPT_DYNAMIC Debian 7.3.4-1~bpo13+1 (2026-10-01)\n1..30\n");
	EXPECT_SUBSTR(ktap, "\nok 11 accept/pass\n");
	EXPECT_SUBSTR(ktap, "\nok 12 accept/skip-arch # SKIP __arch");
	/* ktap.rst's directives: XFAIL (not TODO), ERROR, TIMEOUT */
	EXPECT_SUBSTR(ktap, "\nok 30 reject/xfail # XFAIL xfail: the verifier accepts this");
	EXPECT_SUBSTR(ktap, "\nnot ok 7 accept/error-unreached # ERROR no result in the stream");
	EXPECT_SUBSTR(ktap, "\nnot ok 18 reject/crash-panic\n");
	EXPECT_SUBSTR(ktap, "\n# FAIL: expected -EINVAL, got -EACCES\n#     first error: 'R1 type=ctx "
		      "expected=map_value'\n#     to run it alone: make check CASES=reject/fail-errno "
		      "KERNEL=fixture\n");
	EXPECT_SUBSTR(ktap, "\nnot ok 23 reject/fail-errno\n");
	json = slurp(unit__path(unit_env.tmp, "results.json"));
	EXPECT_SUBSTR(json, "\"summary\": {\"PASS\": 4, \"FAIL\": 6, \"XFAIL\": 1, \"XPASS\": 1, "
		      "\"SKIP\": 4, \"ERROR\": 11, \"CRASH\": 3, \"passed\": 5, \"failed\": 21, "
		      "\"skipped\": 4}");
	EXPECT_SUBSTR(json, "\"first_error\": \"timer pointer in R1 map_uid=0 doesn't match");
	EXPECT_SUBSTR(json, "\"rules\": [\"TMR-ARG-08\"]");
	EXPECT_SUBSTR(json, "\"version\": 2,\n  \"kernel\": {\"name\": \"fixture\", ");
	EXPECT_SUBSTR(json, "\"id\": \"reject/fail-errno\",\n      \"code\": \"FAIL\",\n"
		      "      \"class\": \"kernel\",\n      \"stage\": \"errno\",");
	EXPECT_SUBSTR(json, "\"id\": \"reject/crash-panic\",\n      \"code\": \"CRASH\",\n"
		      "      \"class\": \"kernel-crash\",\n      \"stage\": \"crash\",");
	EXPECT_SUBSTR(json, "\"id\": \"accept/error-unreached\",\n      \"code\": \"ERROR\",\n"
		      "      \"class\": \"harness\",\n      \"stage\": \"reached\",");
	junit = slurp(unit__path(unit_env.tmp, "results.junit.xml"));
	EXPECT_SUBSTR(junit, "<testsuite name=\"twc fixture 7.3.4+deb13-cloud-amd64 #1 SMP "
		      "PREEMPT_DYNAMIC Debian 7.3.4-1~bpo13+1 (2026-10-01)\" tests=\"30\" "
		      "failures=\"7\" errors=\"14\" skipped=\"4\"");
	EXPECT_SUBSTR(junit, "<testcase classname=\"reject\" name=\"reject/fail-errno\"");
	EXPECT_SUBSTR(junit, "<failure type=\"FAIL\" message=\"expected -EINVAL, got -EACCES\">");
	EXPECT_SUBSTR(junit, "<skipped type=\"SKIP\" message=\"__arch: not for x86_64");
	EXPECT_SUBSTR(junit, "<error type=\"CRASH\" message=\"kernel panic while the case");
	EXPECT_SUBSTR(junit, "<system-out>func#0 @0\n0: R1=ctx() R10=fp0\n");
	EXPECT(!strstr(junit, "&&") && !strstr(junit, "\x1b"));
	free(junit);
	EXPECT_SUBSTR(json, "\"log\": \"func#0 @0\\n0: R1=ctx() R10=fp0\\n");
	free(text);
	free(ktap);
	free(json);
	/* a kernel that is not the reference (a patched one): verdict, errno and
	 * __msg are judged; a log that moved is a report, not a FAIL */
	EXPECT_INT(judge_cmd(unit__path(unit_env.fixtures, "expected"), out,
			     "--reference=7.2.0-patched", "--filter=accept/fail-golden"), 0);
	text = slurp(out);
	EXPECT_SUBSTR(text, "PASS     accept/fail-golden");
	EXPECT_SUBSTR(text, "logs: 1 of 1 cases' logs moved against the reference's goldens");
	free(text);
	text = slurp(unit__path(unit_env.tmp, "log-moves.diff"));
	EXPECT_SUBSTR(text, "=== accept/fail-golden\n--- expected/accept/fail-golden.log\n");
	free(text);
	json = slurp(unit__path(unit_env.tmp, "results.json"));
	EXPECT_SUBSTR(json, "\"log_moved\": true");
	free(json);
	/* --quiet: the cases that did not pass, and the summary */
	EXPECT_INT(judge_cmd(unit__path(unit_env.fixtures, "expected"), out, "--quiet", NULL), 1);
	text = slurp(out);
	EXPECT(!strstr(text, "\nPASS "));
	EXPECT_SUBSTR(text, "\nFAIL     reject/fail-errno ");
	EXPECT_STR(last_line(text), "5 passed, 21 failed, 4 skipped");
	free(text);
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
	{ "twc judge refuses another plan's stream, and a run that did not run", test_judge_refuses },
	{ "a loader fault is the case's ERROR, not a kernel crash", test_loader_fault },
	{ "twc judge --bless", test_bless },
	{ "twc judge --expect-*: good, bad, skip", test_expect },
);
