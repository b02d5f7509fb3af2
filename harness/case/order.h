/* SPDX-License-Identifier: GPL-2.0 */
/*
 * order.h: the order the guest runs a plan's cases in (PROTOCOL.md's
 * ORDER lines), for both sides.  `twc plan` orders the cases by what their
 * goldens say they cost, the costliest first, so that with two loaders the
 * longest case never starts last; the guest builds one boot's queue from
 * that order: the cases the host asks to run alone, then the order from a
 * position on.  Functions return 0 or a negative errno unless said.
 */
#ifndef TWC_CASE_ORDER_H
#define TWC_CASE_ORDER_H

#include <stdint.h>

/* The most cases a boot may be asked to run alone (twc.alone=). */
#define ORDER_MAX_ALONE 64

/* A case's cost as its golden log tells it: N of its last "processed N
 * insns" line (the verifier's work), 0 when it has none. */
uint64_t order__golden_cost(const char *log);

/* order[0..n) = the indexes 0..n-1, costliest first; equal costs keep
 * plan order.  -ENOMEM. */
int order__by_cost(const uint64_t *cost, int n, int *order);

/* Parse a list "3,17,250" of case indexes below n into out (at most max);
 * "" and "-" are the empty list.  Their number, or -EINVAL (not a
 * number, out of range, twice, too many). */
int order__parse_list(const char *s, int n, int *out, int max);

/*
 * One boot's queue: the alone cases in the order given, then order[start..n)
 * without them (a case never runs twice).  order NULL is plan order.
 * queue has room for n; returns its length (the first n_alone run alone),
 * or -EINVAL for a start outside 0..n or an alone case that is no index
 * below n or is there twice.
 */
int order__queue(const int *order, int n, int start, const int *alone, int n_alone,
		 int *queue);

/*
 * How many of a boot's queue, after its alone cases, run one at a time
 * too: those of order[start..serial) (twc.serial=: the head of the order
 * where a kernel's known crashes are, twc run --verdicts).  order NULL is
 * plan order.
 */
int order__serial(const int *order, int n, int start, int serial, const int *alone,
		  int n_alone);

#endif /* TWC_CASE_ORDER_H */
