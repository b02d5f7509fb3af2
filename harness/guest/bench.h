/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.h: make bench's second half in the guest: veristat (the selftests'
 * verifier statistics tool, built from the pinned tree and packed as
 * /veristat) on the plan's objects at the same log level, in this boot.
 */
#ifndef TWC_GUEST_BENCH_H
#define TWC_GUEST_BENCH_H

#include <stdio.h>

/* Run veristat once on each object of plan's CASE lines (in order, each
 * once); the nanoseconds it took, and *n_objs the objects given. */
unsigned long long bench__veristat(FILE *plan, int *n_objs);

#endif /* TWC_GUEST_BENCH_H */
