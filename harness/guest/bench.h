/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.h: make bench's second half in the guest: veristat (the selftests'
 * verifier statistics tool, built from the pinned tree and packed as
 * /veristat) on the plan's objects, each at its case's log level, in this
 * boot.
 */
#ifndef TWC_GUEST_BENCH_H
#define TWC_GUEST_BENCH_H

#include <stdio.h>

/* What veristat did. */
struct bench_veristat {
	unsigned long long ns;		/* its wall time, all its runs */
	unsigned long long verif_us;	/* the kernel's verification time, summed */
	int objs;			/* the objects given */
	int progs;			/* the programs it reported on */
	int accepted;			/* of those, the ones the kernel took */
	int status;			/* 0, or the first run's exit status that was not
					 * (-1: a run did not end by itself) */
};

/* Run veristat on each object of plan's CASE lines (each once), in one run
 * per log level (the level of the object's first case), with a log
 * buffer of log_size bytes; what its rows say of each program. */
void bench__veristat(FILE *plan, int log_size, struct bench_veristat *r);

/* 1 if line is a row of veristat -o csv -e verdict,duration ("success,N\n"
 * or "failure,N\n"): *accepted 1 or 0, *usec its N (the kernel's
 * "verification time"); else 0. */
int bench__csv_line(const char *line, int *accepted, long *usec);

#endif /* TWC_GUEST_BENCH_H */
