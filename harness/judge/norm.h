/* SPDX-License-Identifier: GPL-2.0 */
/*
 * norm.h: the log normalizer.  A verifier log from the same kernel and the
 * same object differs between runs and builds only where the kernel prints
 * something run- or build-specific; each such thing has a named rule that
 * rewrites it to a placeholder.  NORM_VERSION goes into every golden's
 * header and is bumped whenever a rule is added or changed, so a golden
 * says which normalizer wrote it.
 */
#ifndef TWC_JUDGE_NORM_H
#define TWC_JUDGE_NORM_H

#include <stddef.h>

#include "lib/sbuf.h"

#define NORM_VERSION 3

struct sbuf;

struct norm_rule {
	const char *name;
	const char *description;
	/* Rewrite in (len bytes) into out; 0 or -errno. */
	int (*apply)(const char *in, size_t len, struct sbuf *out);
};

/* The rules, in the order they run; *n gets their number. */
const struct norm_rule *norm__rules(int *n);
const struct norm_rule *norm__rule(const char *name);

/* Apply every rule to a raw log (which may hold NUL bytes); *out is a
 * malloc'd NUL-terminated string.  0 or -ENOMEM.
 */
int norm__log(const char *raw, size_t len, char **out);

#endif /* TWC_JUDGE_NORM_H */
