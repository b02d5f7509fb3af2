/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results.h: the results of a judged run, written for people (a progress
 * line per case, a summary ending "N passed, N failed, N skipped") and for
 * machines (results.json, results.ktap).  Readers only: nothing here
 * decides a result.  Functions return 0 or a negative errno.
 */
#ifndef TWC_RESULTS_RESULTS_H
#define TWC_RESULTS_RESULTS_H

#include "judge/result.h"
#include "stream/stream.h"

/* What a run was: the kernel's name and phase times, as the summary and
 * the results files show them. */
struct run_info {
	const char *kernel_name;	/* as the user named it (--kernel-name), or NULL */
	char *spec;		/* owned copy of --times; keys point into it */
	int n;
	char *keys[8];
	double secs[8];		/* from --times */
	double boot, load, judge;
};

/* How many results of each code, and the totals: passed = PASS + XFAIL,
 * failed = FAIL + XPASS + ERROR + CRASH, skipped = SKIP. */
struct results_count {
	int code[RES__COUNT];
	int passed, failed, skipped;
};

void results__count(const struct result *rs, int n, struct results_count *c);

/* One progress line, then the reason and details of anything but PASS. */
void results__print_case(const struct result *r, int id_width);
/* Counts per code, phase times; the totals line comes last, from the
 * caller (after anything it adds, e.g. what bless did). */
void results__print_summary(const struct result *rs, int n, const struct run_info *t);
void results__print_totals(const struct result *rs, int n);

int results__write_json(const char *path, const struct result *rs, int n,
			const struct stream *s, const struct run_info *t);
int results__write_ktap(const char *path, const struct result *rs, int n,
			const struct stream *s, const struct run_info *t);
/* JUnit XML: one testsuite (the kernel), one testcase per case, FAIL and
 * XPASS as failure, ERROR and CRASH as error, SKIP as skipped, the log in
 * system-out. */
int results__write_junit(const char *path, const struct result *rs, int n,
			 const struct stream *s, const struct run_info *t);
/* "<name> <release> <version>" of the run's kernel, or "unknown"; malloc'd. */
char *results__kernel(const struct stream *s, const struct run_info *t);

#endif /* TWC_RESULTS_RESULTS_H */
