/* SPDX-License-Identifier: GPL-2.0 */
/*
 * result.h: what the judge says about one case, below every part that
 * decides or reports it: the result codes, the result itself, and the
 * outcome a verdict table records.  Both judges (judge.c for C cases,
 * btfjudge.c for BTF cases) set a result with result__decide(); the
 * writers in results/ read it.
 */
#ifndef TWC_JUDGE_RESULT_H
#define TWC_JUDGE_RESULT_H

#include <stdbool.h>

#include "case/corpus.h"
#include "lib/sbuf.h"
#include "stream/stream.h"

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

/* One row of a verdict table, or one result's outcome (verdicts.h). */
struct verdict {
	char *id;
	char *outcome;
	char *errno_s;
	char *message;	/* never NULL: "-" for none */
};

void verdict__free(struct verdict *row);

/* The verdict on one case and what it was based on. */
struct result {
	const struct corpus_case *kase;
	const struct stream_case *sc;	/* NULL when never run */
	enum result_code code;
	const char *stage;	/* the stage that decided ("verdict", "golden", ...), or NULL */
	char *reason;		/* one line; NULL for a plain PASS */
	struct sbuf detail;	/* lines shown under the reason: diff, console */
	bool loaded;		/* err, phase are the stream's */
	int err;		/* 0 or -errno of the load */
	const char *phase;
	long insns, states, peak_states, vtime_usec;	/* -1: not in the log */
	char *first_error;	/* of a rejected load, before any diagnostic block */
	char *log;		/* normalized log, NULL when there is none */
	bool checks_ok;		/* verdict, errno, __msg and __retval passed */
	bool golden_missing;
	bool golden_differs;	/* missing or different */
	bool log_moved;		/* differs, on a kernel whose moves are reported */
	bool blessed;		/* the golden was (re)written */
	struct verdict *verdict;	/* the outcome, kept once judged (verdicts.h) */
};

/* Set r's code and its one-line reason; 0 or -ENOMEM. */
__attribute__((format(printf, 3, 4)))
int result__decide(struct result *r, enum result_code code, const char *fmt, ...);
void result__free(struct result *r);
/* What kind of failure a result is, for machines: "pass", "skip", "xfail",
 * "kernel" (the kernel disagrees: FAIL, XPASS), "kernel-crash" (CRASH) or
 * "harness" (ERROR: the case could not be judged). */
const char *result__class(const struct result *r);

#endif /* TWC_JUDGE_RESULT_H */
