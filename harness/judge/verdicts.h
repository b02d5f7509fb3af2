/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verdicts.h: what a case did on one kernel (its outcome), and the table
 * of what it must do there: expected/verdicts/<kernel>.tsv.
 *
 * Goldens hold the reference kernel's whole logs, and the annotations of a
 * case describe the reference kernel too.  On the other kernels of the
 * matrix, `twc judge --verdicts FILE` judges each case's outcome against
 * that kernel's table instead:
 *
 *   outcome  accept, reject, libbpf (libbpf failed before the kernel saw
 *            the program), skip, crash, btf (a BTF case), error
 *   errno    "0" or "-ESYM" for accept, reject and libbpf; "-" otherwise
 *   message  reject: the first error line; libbpf: phase and libbpf's
 *            message; skip, crash: why; btf: the steps' outcomes; accept: "-"
 *
 * The table is tab separated, one case per line, "# " header lines first;
 * it is written only by `twc judge --verdicts FILE --bless` (make
 * matrix-bless).  A missing table makes the run a recording: outcomes are
 * kept, nothing is compared.
 */
#ifndef TWC_JUDGE_VERDICTS_H
#define TWC_JUDGE_VERDICTS_H

#include <stdbool.h>

#include "case/plan.h"
#include "judge/result.h"
#include "lib/sbuf.h"

struct verdicts {
	char *path;
	bool exists;	/* false: no such file, a recording run */
	int n;
	struct verdict *rows;	/* sorted by id */
};

/* Read the table at path (a missing file is an empty, non-existing table). */
int verdicts__read(struct verdicts *v, const char *path, char **errmsg);
const struct verdict *verdicts__find(const struct verdicts *v, const char *id);
/* Does the table record case id as a crash. */
bool verdicts__crashes(const struct verdicts *v, const char *id);
/* How much of p's order runs one case at a time so that every case the
 * table records as a crash runs alone: the position past the last of them
 * (twc plan --expected puts them first), 0 for none (twc run --verdicts). */
int verdicts__crash_prefix(const struct verdicts *v, const struct plan *p);
void verdicts__free(struct verdicts *v);

/* The outcome of judged result r (any mode), into out (malloc'd fields). */
int verdict__of(const struct result *r, struct verdict *out);

/*
 * Judge r, decided by the stages of judge.c, against v: a matching
 * row makes it PASS (SKIP for a skip, XFAIL for a recorded crash), a change
 * of outcome, errno or message FAIL, a missing row ERROR.  An ERROR stays.
 */
int verdicts__judge(const struct verdicts *v, struct result *r);

/* How many rows of v name no case of rs[0..n) (cases renamed or gone). */
int verdicts__stale(const struct verdicts *v, const struct result *rs, int n);

/* What writing a table did. */
struct verdicts_stats {
	int rows;		/* in the new table */
	int changed;		/* rows new or different from the old table */
	int refused;		/* ERROR results: their old row is kept */
	struct sbuf refused_ids;	/* " id id ..." */
};

/*
 * The table for results rs[0..n) of a run whose kernel is release/version:
 * one row per result, except ERRORs (refused), whose old row is kept; with
 * keep_others (a filtered run), old rows of cases not judged are kept too.
 */
int verdicts__render(const struct verdicts *old, const struct result *rs, int n,
		     const char *release, const char *version, bool keep_others,
		     struct sbuf *out, struct verdicts_stats *st);

#endif /* TWC_JUDGE_VERDICTS_H */
