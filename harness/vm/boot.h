/* SPDX-License-Identifier: GPL-2.0 */
/*
 * boot.h: one boot of the guest as twc run reads it (private to vm/): the
 * records of its stream, which cases began and ended, the console lines of
 * each case, and where the next boot starts.
 *
 * With more than one loader process the guest writes a case's BEGIN when
 * the case starts and its other records in one write when it ends, so the
 * cases' records arrive interleaved at case granularity; boot__write puts
 * them back in plan order, each case's records together, before they go
 * into the run's stream (PROTOCOL.md).  A case that cannot be told apart
 * from another one in flight with it (the kernel died, hung or printed
 * while both ran) is dropped from the boot and run again alone.
 */
#ifndef TWC_VM_BOOT_H
#define TWC_VM_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct progress;

/* The most cases one boot may be asked to run alone (twc.alone=). */
#define BOOT_MAX_ALONE 64

/* What a boot did with a case (struct boot_state's cases[idx]). */
enum {
	CASE_BEGUN = 1,		/* BEGIN seen */
	CASE_ENDED = 2,		/* END seen */
	CASE_SHARED = 4,	/* the console printed while it and another were in flight */
	CASE_DROPPED = 8,	/* its records are left out: it runs again alone */
};

/* One whole record of the boot's stream: its line, bytes and '\n'. */
struct boot_record {
	long idx;		/* the case it is of; -1: none (FACT, BENCH, ...) */
	size_t off, len;	/* where it is in the boot's stream file */
};

/* Where a boot starts: the plan's order from position start on, after the
 * alone cases (run one at a time). */
struct boot_start {
	long start;
	int n_alone;
	int alone[BOOT_MAX_ALONE];
};

/* What the scan of one boot's stream found. */
struct boot_state {
	int n_cases;		/* the plan's cases */
	unsigned char *cases;	/* by idx: CASE_* */
	long last_begin;	/* idx of the last BEGIN, -1 if none */
	long last_end;		/* idx of the last END, -1 if none */
	int n_begun, n_ended;	/* BEGIN and END records in this boot */
	int done;		/* DONE seen */
	bool tail;		/* from tail_off on (DONE, or no memory to keep the */
	size_t tail_off;	/* records) the records are written as they are */
	size_t complete;	/* bytes up to the end of the last whole record */
	size_t need;		/* file size that completes the pending blob */
	struct boot_record *recs;	/* the whole records before DONE, in order */
	int n_recs, cap_recs;
	struct progress *progress;	/* shown while the VM runs, or NULL */
	unsigned long long init_ns;	/* QEMU's start to the guest's first record, 0 */
	bool restored;			/* QEMU started from the saved state (snap.h) */
};

/* A fresh state for a plan of n_cases; 0 or -ENOMEM. */
int boot_state__init(struct boot_state *st, int n_cases, struct progress *progress);
void boot_state__free(struct boot_state *st);

/*
 * Walk the whole records of buf (len bytes that follow st->complete in the
 * file), note them and BEGIN, END and DONE; returns how many bytes they
 * take.  A blob still being written stops the walk, and st->need says how
 * big the file must grow before it is worth reading again.
 */
size_t boot_state__scan(struct boot_state *st, const char *buf, size_t len);

/* The cases begun and not ended, in plan order, into in_flight (room for
 * max); their number (all of them, even past max). */
int boot_state__in_flight(const struct boot_state *st, long *in_flight, int max);

/*
 * The boot's records (file: its stream's first st->complete bytes) into
 * out: those before its first case record, then each case's records
 * together in plan order without the CASE_DROPPED cases, then the others,
 * then from DONE on as they are.
 */
void boot__write(FILE *out, const char *file, const struct boot_state *st);

/*
 * Cut the boot's console into the lines of each case, by the guest's
 * markers ("twc: case <idx> ...", "twc: end <idx>"): a line is of the
 * cases in flight (at most jobs), or, when none is, of the case that
 * began last.  A line
 * of two or more cases makes them CASE_SHARED.  Writes one CONSOLE record
 * per case that has lines and is not CASE_DROPPED, in plan order.  Call it
 * twice: first with out NULL (to mark), then to write.  0 or -ENOMEM.
 */
int boot__console(FILE *out, const char *con, size_t len, int jobs, struct boot_state *st);

/*
 * Where the boot after this one starts (at is where this one started):
 * past every case of the order this boot began, after the alone cases it
 * did not begin and the CASE_DROPPED ones.  After DONE only those run
 * again.  Drops no more cases than fit in the alone list: the others keep
 * their records (and the console lines they shared).  Returns how many
 * cases the next boot runs alone.
 */
int boot__next(struct boot_start *next, const struct boot_start *at,
	       struct boot_state *st);

/* The alone list as the kernel command line's twc.alone= wants it:
 * "3,17" ("" for none). */
void boot_start__alone(const struct boot_start *b, char *buf, size_t len);

#endif /* TWC_VM_BOOT_H */
