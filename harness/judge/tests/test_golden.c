// SPDX-License-Identifier: GPL-2.0
/*
 * test_golden.c: goldens' headers read back and checked against the run.
 *
 * The judge-level tests take a fixture golden (judge/tests/fixtures/
 * expected/accept/pass.log, btf/pass.log), write variants of it into a
 * scratch expected directory (another case id, normalizer, log level,
 * kernel, result, no header, CRLF line ends) and judge the fixture run
 * (streams/run.stream, streams/btf.stream) against each.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/corpus.h"
#include "case/plan.h"
#include "cli/cmds.h"
#include "judge/golden.h"
#include "judge/judge.h"
#include "judge/result.h"
#include "judge/verdicts.h"
#include "lib/file.h"
#include "lib/sbuf.h"
#include "stream/stream.h"
#include "unit/unit.h"

#define REFERENCE "7.3.4+deb13-cloud-amd64"

static char *slurp(const char *path)
{
	size_t len;
	char *buf = NULL;

	return file__read(path, &buf, &len) ? NULL : buf;
}

/* text with its first occurrence of from replaced by to (malloc'd). */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out = NULL;

	if (!EXPECT(at))
		return strdup(text);
	if (asprintf(&out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from)) < 0)
		return NULL;
	return out;
}

/* text with every "\n" made "\r\n" (malloc'd). */
static char *crlf(const char *text)
{
	struct sbuf sb = {};

	for (const char *p = text; *p; p++)
		sbuf__adds(&sb, *p == '\n' ? "\r\n" : (char[2]){ *p, 0 });
	return sbuf__detach(&sb);
}

/* A golden of the fixtures, by its path below fixtures/. */
static char *fixture_golden(const char *rel)
{
	return slurp(unit__path(unit_env.fixtures, rel));
}

static void test_parse(void)
{
	char *text = fixture_golden("expected/reject/multi/multi_b.log");
	struct golden_header h;

	if (!EXPECT_INT(golden_header__parse(text, &h), 0))
		goto out;
	EXPECT(h.marker);
	EXPECT_STR(h.case_id, "reject/multi/multi_b");
	EXPECT_STR(h.release, REFERENCE);
	EXPECT_STR(h.version, "#1 SMP PREEMPT_DYNAMIC Debian 7.3.4-1~bpo13+1 (2026-10-01)");
	EXPECT_STR(h.compiler, "Debian clang version 14.0.6");
	EXPECT_STR(h.log_level, "2");
	EXPECT_STR(h.normalizer, "3");
	EXPECT_STR(h.result, "-EACCES");
	golden_header__free(&h);
	/* no header at all; a BTF header with its note; a line without a value */
	EXPECT_INT(golden_header__parse("func#0 @0\n", &h), 0);
	EXPECT(!h.marker && !h.case_id && !h.release);
	golden_header__free(&h);
	free(text);
	text = fixture_golden("btf/kernel.expected");
	EXPECT_INT(golden_header__parse(text, &h), 0);
	EXPECT_STR(h.case_id, "btf/kernel");
	EXPECT_STR(h.version, "#1 SMP");
	EXPECT(!h.compiler && !h.log_level && !h.result);
	golden_header__free(&h);
	EXPECT_INT(golden_header__parse("# twc golden: x\n# kernel: 6.1\n# case:\nbody\n", &h), 0);
	EXPECT_STR(h.release, "6.1");
	EXPECT(!h.version);
	EXPECT_STR(h.case_id, "");
	golden_header__free(&h);
out:
	free(text);
}

/* golden__check_header() of text for a C case "accept/pass" at level 5. */
static char *check(const char *text, const char *reference, const char *result)
{
	struct annot_prog prog = {};
	struct corpus_case k = { .id = "accept/pass", .log_level = 5, .prog = &prog };
	struct golden_want w = { .k = &k, .shown = "expected/accept/pass.log",
				 .reference = reference, .result = result };
	char *why = NULL;

	EXPECT_INT(golden__check_header(text, &w, &why), 0);
	return why;
}

static void test_check(void)
{
	char *good = fixture_golden("expected/accept/pass.log"), *bad, *why;

	EXPECT(!(why = check(good, REFERENCE, "0")));
	free(why);
	EXPECT(!(why = check(good, NULL, NULL)));	/* nothing to hold them to */
	free(why);
	why = check(good, "6.12.117+deb13-cloud-amd64", "0");
	EXPECT_SUBSTR(why, "the golden 'expected/accept/pass.log' says 'kernel: " REFERENCE
		      "' in its header, not 'kernel: 6.12.117+deb13-cloud-amd64' (the reference "
		      "kernel's release: blessed with FORCE=1 on another kernel?); to write it "
		      "anew: make bless CASES=accept/pass (on the reference kernel)");
	free(why);
	why = check(good, REFERENCE, "-EINVAL");
	EXPECT_SUBSTR(why, "says 'result: 0' in its header, not 'result: -EINVAL' (what the "
		      "load returned, with the same log)");
	free(why);
	bad = replaced(good, "# compiler: ", "# compilers: ");
	why = check(bad, REFERENCE, "0");
	EXPECT_SUBSTR(why, "the golden 'expected/accept/pass.log' has no 'compiler:' line in its "
		      "header (make bless writes one); to write it anew: make bless CASES=accept/pass");
	free(why);
	free(bad);
	bad = replaced(good, "# twc golden: ", "# twc goldie: ");
	why = check(bad, REFERENCE, "0");
	EXPECT_SUBSTR(why, "the golden 'expected/accept/pass.log' has no header: its first line "
		      "is not '# twc golden: ...', so make bless did not write it");
	free(why);
	free(bad);
	bad = replaced(good, "pass\n# kernel", "pass\r\n# kernel");
	why = check(bad, REFERENCE, "0");
	EXPECT_SUBSTR(why, "has carriage returns (line 2 ends in \\r\\n, shown as ^M in the diff");
	free(why);
	free(bad);
	free(good);
}

/* The fixture run of judge/tests/fixtures: its C cases, or its BTF cases. */
struct run {
	struct corpus c;
	struct plan p;
	struct stream s;
};

static int run__load(struct run *run, bool btf)
{
	const char *globs[] = { "btf/*" };
	struct corpus_filter f = { 1, globs };
	char *msg = NULL;
	int err;

	memset(run, 0, sizeof(*run));
	err = corpus__load(&run->c, unit__path(unit_env.fixtures, "cases"), unit_env.obj_dir,
			   btf ? &f : NULL);
	err = err ?: btf ? corpus__load_btf(&run->c, unit__path(unit_env.fixtures, "btf"), &f) : 0;
	err = err ?: btf ? plan__build(&run->p, &run->c, "fixture") :
	      plan__read(&run->p, unit__path(unit_env.fixtures, "plan"), &msg);
	err = err ?: stream__read(&run->s, unit__path(unit_env.fixtures, btf ? "streams/btf.stream" :
			   "streams/run.stream"), run->p.n_cases, &msg);
	free(msg);
	return err;
}

static void run__free(struct run *run)
{
	corpus__free(&run->c);
	plan__free(&run->p);
	stream__free(&run->s);
}

/* Judge case id of run against golden text, written into a scratch
 * expected directory of its own (variant); r is the caller's to free. */
static int judge_with(struct run *run, const char *id, const char *variant, const char *text,
		      const char *reference, const struct verdicts *v, struct result *r)
{
	char dir[4096], path[8192];
	struct judge_ctx ctx = { .plan = &run->p, .stream = &run->s, .expected_dir = dir,
				 .reference = reference, .verdicts = v };

	snprintf(dir, sizeof(dir), "%s/golden/%s/expected", unit_env.tmp, variant);
	snprintf(path, sizeof(path), "%s/%s.log", dir, id);
	memset(r, 0, sizeof(*r));
	if (!EXPECT_INT(file__write(path, text, strlen(text)), 0))
		return -1;
	for (int i = 0; i < run->c.n_cases; i++)
		if (!strcmp(run->c.cases[i].id, id))
			return judge__case(&ctx, &run->c.cases[i], r);
	return -1;
}

/* What judging accept/pass against a variant of its golden gives. */
static const struct {
	const char *variant, *from, *to, *reference;
	enum result_code code;
	const char *reason;
} c_variants[] = {
	{ "same", "", "", REFERENCE, RES_PASS, NULL },
	{ "no-reference", "7.3.4+deb13", "6.12.117+deb13", NULL, RES_PASS, NULL },
	{ "case", "case: accept/pass", "case: accept/xpass", REFERENCE, RES_ERROR,
	  "the golden 'expected/accept/pass.log' says 'case: accept/xpass' in its header, not "
	  "'case: accept/pass' (the case it is the golden of: a copy of another case's golden?); "
	  "to write it anew: make bless CASES=accept/pass (on the reference kernel)" },
	{ "normalizer", "normalizer: 3", "normalizer: 1", REFERENCE, RES_ERROR,
	  "says 'normalizer: 1' in its header, not 'normalizer: 3' (this judge's normalizer" },
	{ "log-level", "log-level: 5", "log-level: 2", REFERENCE, RES_ERROR,
	  "says 'log-level: 2' in its header, not 'log-level: 5' (the case's log level)" },
	{ "kernel", "7.3.4+deb13", "6.12.117+deb13", REFERENCE, RES_ERROR,
	  "says 'kernel: 6.12.117+deb13-cloud-amd64' in its header, not 'kernel: " REFERENCE
	  "' (the reference kernel's release: blessed with FORCE=1 on another kernel?)" },
	{ "result", "result: 0", "result: -EACCES", REFERENCE, RES_ERROR,
	  "says 'result: -EACCES' in its header, not 'result: 0' (what the load returned" },
	{ "no-marker", "# twc golden: ", "# golden: ", REFERENCE, RES_ERROR,
	  "the golden 'expected/accept/pass.log' has no header: its first line is not "
	  "'# twc golden: ...'" },
	{ "no-case", "# case: accept/pass\n", "", REFERENCE, RES_ERROR,
	  "has no 'case:' line in its header" },
	/* a wrong header and another body: the header is the reason, the diff shows too;
	 * another result with another body is the body's FAIL */
	{ "case-and-body", "normalizer: 3\n# result: 0\nfunc#0", "normalizer: 1\n# result: 0\n"
	  "func#1", REFERENCE, RES_ERROR, "says 'normalizer: 1' in its header" },
	{ "result-and-body", "result: 0\n", "result: -EACCES\nmore\n", REFERENCE, RES_FAIL,
	  "the log differs from the golden 'expected/accept/pass.log'" },
};

static void test_judge_c(void)
{
	char *good = fixture_golden("expected/accept/pass.log"), *text;
	struct result r;
	struct run run;

	if (!EXPECT_INT(run__load(&run, false), 0))
		goto out;
	for (size_t i = 0; i < sizeof(c_variants) / sizeof(c_variants[0]); i++) {
		text = replaced(good, c_variants[i].from, c_variants[i].to);
		if (!EXPECT_INT(judge_with(&run, "accept/pass", c_variants[i].variant, text,
					   c_variants[i].reference, NULL, &r), 0))
			printf("#     variant %s\n", c_variants[i].variant);
		if (!EXPECT_STR(result_code__name(r.code), result_code__name(c_variants[i].code)))
			printf("#     variant %s: %s\n", c_variants[i].variant, r.reason);
		if (c_variants[i].reason)
			EXPECT_SUBSTR(r.reason, c_variants[i].reason);
		if (!strcmp(c_variants[i].variant, "case-and-body"))
			EXPECT_SUBSTR(r.detail.buf, "+++ actual (normalized)\n");
		result__free(&r);
		free(text);
	}
out:
	run__free(&run);
	free(good);
}

/* A CRLF golden: an ERROR that says so, and a diff that shows the \r. */
static void test_judge_crlf(void)
{
	char *good = fixture_golden("expected/accept/pass.log"), *text = crlf(good);
	struct result r;
	struct run run;

	if (!EXPECT_INT(run__load(&run, false), 0) ||
	    !EXPECT_INT(judge_with(&run, "accept/pass", "crlf", text, REFERENCE, NULL, &r), 0))
		goto out;
	EXPECT_STR(result_code__name(r.code), "ERROR");
	EXPECT_SUBSTR(r.reason, "the golden 'expected/accept/pass.log' has carriage returns "
		      "(line 1 ends in \\r\\n, shown as ^M in the diff: CRLF line ends from an "
		      "editor or a checkout?); to write it anew: make bless CASES=accept/pass");
	EXPECT_SUBSTR(r.detail.buf, "\n-func#0 @0^M\n");
	EXPECT_SUBSTR(r.detail.buf, "\n+func#0 @0\n");
	result__free(&r);
out:
	run__free(&run);
	free(text);
	free(good);
}

/* BTF goldens: case, kernel and normalizer; no C fields; not in --verdicts runs. */
static void test_judge_btf(void)
{
	char *good = fixture_golden("expected/btf/pass.log"), *text;
	struct verdicts recording = {};
	struct result r;
	struct run run;

	if (!EXPECT_INT(run__load(&run, true), 0))
		goto out;
	EXPECT_INT(judge_with(&run, "btf/pass", "btf-same", good, REFERENCE, NULL, &r), 0);
	EXPECT_STR(result_code__name(r.code), "PASS");
	result__free(&r);
	text = replaced(good, "case: btf/pass", "case: btf/fail-msg");
	EXPECT_INT(judge_with(&run, "btf/pass", "btf-case", text, REFERENCE, NULL, &r), 0);
	EXPECT_STR(result_code__name(r.code), "ERROR");
	EXPECT_SUBSTR(r.reason, "the golden 'expected/btf/pass.log' says 'case: btf/fail-msg' in "
		      "its header, not 'case: btf/pass'");
	result__free(&r);
	/* the table judges a --verdicts run: the header is make check's */
	EXPECT_INT(judge_with(&run, "btf/pass", "btf-verdicts", text, NULL, &recording, &r), 0);
	EXPECT_STR(result_code__name(r.code), "PASS");
	result__free(&r);
	free(text);
	text = replaced(good, "# kernel: 7.3.4+deb13-cloud-amd64 #1 SMP\n", "");
	EXPECT_INT(judge_with(&run, "btf/pass", "btf-kernel", text, REFERENCE, NULL, &r), 0);
	EXPECT_SUBSTR(r.reason, "the golden 'expected/btf/pass.log' has no 'kernel:' line");
	result__free(&r);
	free(text);
out:
	run__free(&run);
	free(good);
}

/* twc judge with --expected DIR and the extra arguments; output into out. */
static int judge_cmd(const char *expected, const char *out, const char *const *extra)
{
	char cases[4096], plan[4096], stream[4096];
	char *argv[30] = {
		"judge", "--cases", cases, "--obj-dir", (char *)unit_env.obj_dir,
		"--plan", plan, "--stream", stream, "--expected", (char *)expected,
		"--out-dir", (char *)unit_env.tmp,
	};
	int argc = 13;

	snprintf(cases, sizeof(cases), "%s/cases", unit_env.fixtures);
	snprintf(plan, sizeof(plan), "%s/plan", unit_env.fixtures);
	snprintf(stream, sizeof(stream), "%s/streams/run.stream", unit_env.fixtures);
	while (*extra && argc < 29)
		argv[argc++] = (char *)*extra++;
	return unit__captured(out, cmd_judge, argc, argv);
}

/* --reference reaches the judge; bless writes a wrong header anew. */
static void test_judge_cmd(void)
{
	char out[4096], exp[4096], *good = fixture_golden("expected/accept/pass.log");
	char *text, *bad = replaced(good, "case: accept/pass", "case: accept/xpass");

	snprintf(out, sizeof(out), "%s/golden-cmd.out", unit_env.tmp);
	snprintf(exp, sizeof(exp), "%s/golden-cmd/expected", unit_env.tmp);
	EXPECT_INT(judge_cmd(unit__path(unit_env.fixtures, "expected"), out, (const char *[]){
		   "--filter", "accept/pass", "--reference=7.2.0-other", "--goldens=strict", NULL }), 1);
	text = slurp(out);
	EXPECT_SUBSTR(text, "ERROR    accept/pass");
	EXPECT_SUBSTR(text, "says 'kernel: " REFERENCE "' in its header, not 'kernel: 7.2.0-other'");
	free(text);
	EXPECT_INT(file__write(unit__path(exp, "accept/pass.log"), bad, strlen(bad)), 0);
	EXPECT_INT(judge_cmd(exp, out, (const char *[]){ "--filter", "accept/pass", "--bless",
		   "--reference=" REFERENCE, NULL }), 0);
	text = slurp(out);
	EXPECT_SUBSTR(text, "PASS     accept/pass");
	EXPECT_SUBSTR(text, "blessed: wrote '");
	EXPECT_SUBSTR(text, "bless: 1 goldens written, 0 unchanged, 0 refused");
	free(text);
	text = slurp(unit__path(exp, "accept/pass.log"));
	EXPECT_SUBSTR(text, "\n# case: accept/pass\n");
	free(text);
	free(bad);
	free(good);
}

UNIT_GROUP(golden,
	{ "header: read back", test_parse },
	{ "header: each field against the run, with what to do", test_check },
	{ "judge: a header of another case, normalizer, log level, kernel, result", test_judge_c },
	{ "judge: a CRLF golden is an ERROR, its diff shows ^M", test_judge_crlf },
	{ "judge: BTF goldens' headers; none in --verdicts runs", test_judge_btf },
	{ "twc judge --reference; --bless writes a wrong header anew", test_judge_cmd },
);
