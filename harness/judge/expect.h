/* SPDX-License-Identifier: GPL-2.0 */
/*
 * expect.h: a stated expectation about what the kernel did with some cases,
 * independent of their annotations and goldens: what `git bisect run`
 * needs (harness/sh/bisect.sh).  `twc judge --expect-*` judges the run as
 * usual, then says for every case whether it is good, bad, or could not be
 * told (the program never reached the verifier), and exits 0 / 1 / 125.
 */
#ifndef TWC_JUDGE_EXPECT_H
#define TWC_JUDGE_EXPECT_H

#include <regex.h>
#include <stdbool.h>
#include <stdio.h>

#include "judge/result.h"

struct result;

#define EXPECT_MAX_RES 16

struct expect {
	bool any;		/* some --expect-* option was given */
	const char *verdict;	/* "accept", "reject" or NULL */
	int err;		/* the errno of a rejection (positive), 0: any */
	int n_msgs, n_nomsgs;
	const char *msg_src[EXPECT_MAX_RES], *nomsg_src[EXPECT_MAX_RES];
	regex_t msgs[EXPECT_MAX_RES], nomsgs[EXPECT_MAX_RES];
	bool pass;		/* the judge must say PASS (or XFAIL) */
};

/* Exit statuses of an expectation check, as git bisect run reads them. */
enum {
	EXPECT_GOOD = 0,
	EXPECT_BAD = 1,
	EXPECT_SKIP = 125,
};

/*
 * One --expect-* option (name without the leading dashes) into e; 0, or
 * -EINVAL with a message in *why (malloc'd) when the value is bad.
 */
int expect__add(struct expect *e, const char *name, const char *val, char **why);
void expect__free(struct expect *e);

/*
 * Check every result against e, print one "expect: <id>: good|bad|skip: ..."
 * line each to out; EXPECT_GOOD when all are good, else EXPECT_BAD when one
 * is bad, else EXPECT_SKIP (also when there is no result at all).
 */
int expect__check(const struct expect *e, const struct result *rs, int n, FILE *out);

#endif /* TWC_JUDGE_EXPECT_H */
