/* SPDX-License-Identifier: GPL-2.0 */
/*
 * diff.h: line diffs in unified format, for golden mismatches.
 *
 * Common leading and trailing lines are trimmed first, so a long log with
 * a small change costs little; the rest is diffed with Myers' O(ND)
 * algorithm.  When the two texts differ in more than DIFF_MAX_EDITS lines
 * the middle is shown as a whole replacement (still a valid diff).  A
 * carriage return is shown as "^M", so a CRLF line end can be seen.
 */
#ifndef TWC_LIB_DIFF_H
#define TWC_LIB_DIFF_H

#include <stddef.h>

#include "lib/sbuf.h"

#define DIFF_MAX_EDITS 2048

struct sbuf;

/* Append to out the unified diff (context lines of context) turning text a
 * into text b, under "--- label_a" / "+++ label_b".  Appends nothing when
 * the texts are equal.  Returns the number of changed lines (>= 0) or
 * -ENOMEM.
 */
int diff__unified(const char *a, const char *b, const char *label_a,
		  const char *label_b, int context, struct sbuf *out);

#endif /* TWC_LIB_DIFF_H */
