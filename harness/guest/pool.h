/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pool.h: the guest's loader processes (pool.c, linked into twc-init only).
 *
 * The loader, PID 1, hands the cases of a queue one at a time to up to
 * `jobs` loader processes, each taking the next case as it finishes one:
 * with two vCPUs two cases verify at once.  PID 1 knows each process's case
 * in flight; when a process dies (a fault of libbpf or of the loader), its
 * case gets a fault and a new process goes on with the queue, so PID 1
 * never dies and the kernel never panics over a fault of the harness.
 * What the cases write is the caller's (pool_ops); the pool writes nothing.
 */
#ifndef TWC_GUEST_POOL_H
#define TWC_GUEST_POOL_H

/* The most loader processes at once (twc.jobs=). */
#define POOL_MAX_JOBS 16

struct pool_ops {
	/* PID 1, before the case goes to a process: the case is in flight. */
	void (*begin)(int idx);
	/* A loader process: run the case and write its records. */
	void (*run)(int idx);
	/* PID 1: the process running case idx died; status as waitpid's. */
	void (*fault)(int idx, int status);
};

/*
 * Run queue[0..n) in that order with up to jobs processes (1 to
 * POOL_MAX_JOBS); returns when every case has run or faulted.  When no
 * process can be started the cases run in this one.
 */
void pool__run(const int *queue, int n, int jobs, const struct pool_ops *ops);

#endif /* TWC_GUEST_POOL_H */
