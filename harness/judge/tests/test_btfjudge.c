// SPDX-License-Identifier: GPL-2.0
/*
 * test_btfjudge.c: the BTF judge on the fixture cases of
 * judge/tests/fixtures/btf with the recorded run streams/btf.stream.  Every
 * fixture case is named after its result.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/corpus.h"
#include "case/plan.h"
#include "judge/judge.h"
#include "judge/result.h"
#include "stream/stream.h"
#include "unit/unit.h"

/* What each BTF fixture case must get from streams/btf.stream. */
static const struct {
	const char *id;
	enum result_code code;
	const char *reason;
} btf_codes[] = {
	{ "btf/crash-efault", RES_CRASH, "step 1 (line 9) 'map m array key=u32 value=elem "
	  "entries=1': -EFAULT, a kernel bug" },
	{ "btf/error-nogolden", RES_ERROR, "no golden 'expected/btf/error-nogolden.log'; to "
	  "write it: make bless CASES=btf/error-nogolden" },
	{ "btf/error-nostep", RES_ERROR, "malformed stream: no STEP record for step 1 (line 9)" },
	{ "btf/fail-expect", RES_FAIL, "step 1 (line 9) 'map m percpu_array key=u32 value=elem "
	  "entries=1': expected ok, got -EOPNOTSUPP" },
	{ "btf/fail-golden", RES_FAIL, "the outcome differs from the golden "
	  "'expected/btf/fail-golden.log'" },
	{ "btf/fail-msg", RES_FAIL, "step 0 (line 8) 'btf': expected message not found: "
	  "'no such {{[a-z]+}}'" },
	{ "btf/kernel", RES_PASS, NULL },
	{ "btf/malformed", RES_ERROR, "malformed BTF case 'btf/maps/malformed.case': line 7: "
	  "field 'field': unknown option: 'bits=3'" },
	{ "btf/pass", RES_PASS, NULL },
};

static void test_judge(void)
{
	const char *globs[] = { "btf/*" };
	struct corpus_filter f = { 1, globs };
	struct corpus c;
	struct plan p = {};
	struct stream s = {};
	struct judge_ctx ctx = { .plan = &p, .stream = &s,
				 .expected_dir = unit__path(unit_env.fixtures, "expected") };
	char *msg = NULL;

	EXPECT_INT(corpus__load(&c, unit__path(unit_env.fixtures, "cases"), unit_env.obj_dir, &f), 0);
	EXPECT_INT(corpus__load_btf(&c, unit__path(unit_env.fixtures, "btf"), &f), 0);
	EXPECT_INT(plan__build(&p, &c, "fixture"), 0);
	EXPECT_INT(stream__read(&s, unit__path(unit_env.fixtures, "streams/btf.stream"), p.n_cases, &msg), 0);
	if (!EXPECT_INT(c.n_cases, sizeof(btf_codes) / sizeof(btf_codes[0])))
		goto out;
	EXPECT_INT(p.n_cases, 8);
	EXPECT_STR(p.cases[6].object, "btf/kernel.case");
	EXPECT_STR(p.cases[7].object, "btf/maps/pass.case");
	for (int i = 0; i < c.n_cases; i++) {
		struct result r;

		EXPECT_STR(c.cases[i].id, btf_codes[i].id);
		if (!EXPECT_INT(judge__case(&ctx, &c.cases[i], &r), 0))
			continue;
		if (!EXPECT_STR(result_code__name(r.code), result_code__name(btf_codes[i].code)))
			printf("#     %s: %s\n", btf_codes[i].id, r.reason);
		if (btf_codes[i].reason)
			EXPECT_SUBSTR(r.reason, btf_codes[i].reason);
		else
			EXPECT(!r.reason);
		if (!strcmp(c.cases[i].id, "btf/fail-golden"))
			EXPECT_SUBSTR(r.detail.buf, "-map m array key=u32 value=elem entries=1: -EINVAL\n"
				      "+map m array key=u32 value=elem entries=1: ok\n");
		if (!strcmp(c.cases[i].id, "btf/fail-msg"))	/* the diff is shown too */
			EXPECT_SUBSTR(r.detail.buf, "-  | an older BTF log\n+  | the BTF log\n");
		result__free(&r);
	}
out:
	free(msg);
	stream__free(&s);
	plan__free(&p);
	corpus__free(&c);
}

UNIT_GROUP(btfjudge,
	{ "judge the BTF fixtures", test_judge },
);
