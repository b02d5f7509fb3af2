/* SPDX-License-Identifier: GPL-2.0 */
/*
 * judge.h: judging one case (check.c) and reporting results (report.c),
 * driven by `twc judge` (judge.c).
 *
 * The judge is a pure function of (cases, objects, plan, stream, goldens):
 * it never runs anything, so a saved run can be judged again, and every
 * result code has a fixture in harness/tests.
 */
#ifndef TWC_JUDGE_H
#define TWC_JUDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "stream.h"
#include "twc.h"

enum result_code {
	RES_PASS,
	RES_FAIL,
	RES_XFAIL,	/* a FAIL of an __xfail case: counts as passed */
	RES_XPASS,	/* a PASS of an __xfail case: counts as failed */
	RES_SKIP,
	RES_ERROR,	/* the case could not be judged */
	RES_CRASH,	/* panic, hang, WARN, verifier bug */
	RES__COUNT,
};

const char *result_code__name(enum result_code code);
bool result_code__failed(enum result_code code);

struct verdict;
struct verdicts;

struct judge_ctx {
	const struct plan *plan;
	const struct stream *stream;
	const char *expected_dir;	/* goldens: <dir>/<id>.log */
	/* --verdicts: judge against this kernel's verdict table, not the
	 * reference kernel's annotations and goldens (verdicts.h) */
	const struct verdicts *verdicts;
};

/* The verdict on one case and what it was based on. */
struct result {
	const struct corpus_case *kase;
	const struct stream_case *sc;	/* NULL when never run */
	enum result_code code;
	char *reason;		/* one line; NULL for a plain PASS */
	struct sbuf detail;	/* lines shown under the reason: diff, console */
	bool loaded;		/* err, phase are the stream's */
	int err;		/* 0 or -errno of the load */
	const char *phase;
	long insns, states, peak_states, vtime_usec;	/* -1: not in the log */
	char *first_error;	/* of a rejected load, before any diagnostic block */
	char *log;		/* normalized log, NULL when there is none */
	bool checks_ok;		/* verdict, errno and __msg passed */
	bool golden_missing;
	bool golden_differs;	/* missing or different */
	bool blessed;		/* the golden was (re)written */
	struct verdict *verdict;	/* the outcome, kept once judged (verdicts.h) */
};

/* Set r's code and its one-line reason; 0 or -ENOMEM. */
__attribute__((format(printf, 3, 4)))
int result__decide(struct result *r, enum result_code code, const char *fmt, ...);
/* Judge case k; 0 or -ENOMEM (every other problem is the case's result). */
int judge__case(const struct judge_ctx *ctx, const struct corpus_case *k, struct result *r);
void result__free(struct result *r);

/* The golden file's text for r: the header and the normalized log. */
int golden__render(const struct result *r, const struct stream *s, struct sbuf *out);
/* The body of a golden file (after its "# " header lines). */
const char *golden__body(const char *text);
/* libbpf's last message that says why, not that, loading failed; malloc'd. */
char *libbpf__reason(const char *text);

struct run_times {
	char *spec;		/* owned copy of --times; keys point into it */
	int n;
	char *keys[8];
	double secs[8];		/* from --times */
	double boot, load, judge;
};

int report__json(const char *path, const struct result *rs, int n,
		 const struct stream *s, const struct run_times *t);
int report__ktap(const char *path, const struct result *rs, int n);

#endif /* TWC_JUDGE_H */
