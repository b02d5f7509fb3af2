/* SPDX-License-Identifier: GPL-2.0 */
/*
 * progress.h: what the guest reports, shown while the VM runs (private to
 * vm/): on a terminal one status line with counts and an ETA, updated as
 * cases end; otherwise one line per case as the guest reports it (its
 * errno and instruction count, libbpf's phase, a BTF case's steps, a
 * crash).  These are the guest's facts, not verdicts: twc judge decides.
 */
#ifndef TWC_VM_PROGRESS_H
#define TWC_VM_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

struct progress {
	FILE *out;		/* NULL: say nothing */
	bool tty;		/* one status line, rewritten */
	const char *label;	/* before every line (the kernel, in the matrix), or "" */
	int n;			/* cases in the plan */
	char **ids;		/* by index */
	int done;		/* cases that ended */
	unsigned long long t0;	/* when the run started, ns */
	long idx;		/* the case in flight, -1 */
	char what[96];		/* what the guest said of it so far */
};

/* The plan's case ids; out NULL for a quiet run.  0 or -errno. */
int progress__init(struct progress *p, const char *plan, FILE *out, const char *label);
/* One record line of the stream (without its bytes). */
void progress__record(struct progress *p, const char *line);
/* Case idx, which had ended, runs again: it is no longer done. */
void progress__again(struct progress *p, long idx);
/* The host recorded a crash (panic, hang, exit) of case idx. */
void progress__crash(struct progress *p, long idx, const char *kind);
void progress__free(struct progress *p);

#endif /* TWC_VM_PROGRESS_H */
