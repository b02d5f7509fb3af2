/* SPDX-License-Identifier: GPL-2.0 */
/*
 * judge.h: judging one case, C or BTF: a pure function of (case, plan,
 * stream, goldens or a verdict table).  It never runs anything, so a saved
 * run can be judged again, and every result code has a fixture in
 * judge/tests.  `twc judge` (cli/judge.c) drives it over a whole run.
 */
#ifndef TWC_JUDGE_JUDGE_H
#define TWC_JUDGE_JUDGE_H

#include "case/corpus.h"
#include "case/plan.h"
#include "judge/result.h"
#include "judge/verdicts.h"
#include "stream/stream.h"

struct verdicts;

struct judge_ctx {
	const struct plan *plan;
	const struct stream *stream;
	const char *expected_dir;	/* goldens: <dir>/<id>.log */
	/* --reference: the reference kernel's release, which every golden's
	 * header must name; NULL: not checked */
	const char *reference;
	/* --verdicts: judge against this kernel's verdict table, not the
	 * reference kernel's annotations and goldens (verdicts.h) */
	const struct verdicts *verdicts;
	const char *kernel_name;	/* as the user named it, for hints; or NULL */
	/* the run's kernel is not the reference and has no verdict table (a
	 * patched kernel): verdict, errno and __msg are judged, a log that
	 * differs from the reference's golden is reported (log_moved), not
	 * failed */
	bool report_moves;
};

/* Judge case k; 0 or -ENOMEM (every other problem is the case's result). */
int judge__case(const struct judge_ctx *ctx, const struct corpus_case *k, struct result *r);

#endif /* TWC_JUDGE_JUDGE_H */
