/* SPDX-License-Identifier: GPL-2.0 */
/*
 * twc.h: what every twc case includes.
 *
 * Kernel types come from vmlinux.h, generated from the reference kernel's
 * BTF by the build.  Its kfunc prototypes are __weak, which would let a
 * program whose kfunc is missing reach the verifier with a poisoned call;
 * twc declares the timer and workqueue kfuncs itself, strong, so a kernel
 * without one fails in libbpf before the kernel sees the program (recorded
 * by the loader as a libbpf failure, never as a rejection).
 *
 * Project annotation keys (same "comment:" tag form as bpf_misc.h):
 *   __rule(id)       rule id from the rules list, e.g. "TMR-ARG-08"; repeatable
 *   __errno(e)       expected errno of a rejected load, e.g. EINVAL
 *   __requires(r)    a kernel fact the case needs, else SKIP with the reason:
 *                    "kfunc:NAME" (NAME in the kernel's BTF), "preempt_rt",
 *                    "!preempt_rt"
 *   __xfail(why)     a known failure: a FAIL becomes XFAIL, a PASS is XPASS
 */
#ifndef __TWC_H__
#define __TWC_H__

#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "bpf_misc.h"

#define __rule(id)	__test_tag("twc_rule=" id)
#define __errno(e)	__test_tag("twc_errno=" #e)
#define __requires(r)	__test_tag("twc_requires=" r)
#define __xfail(why)	__test_tag("twc_xfail=" why)

/* Clock ids for bpf_timer_init(): uapi time.h values. */
#define CLOCK_REALTIME	0
#define CLOCK_MONOTONIC	1
#define CLOCK_BOOTTIME	7

/* Timer and workqueue kfuncs of Linux 7.0 and later (kernel/bpf/helpers.c). */
extern int bpf_timer_cancel_async(struct bpf_timer *timer) __ksym;
extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) __ksym;
extern int bpf_wq_start(struct bpf_wq *wq, unsigned int flags) __ksym;
extern int bpf_wq_set_callback(struct bpf_wq *wq,
			       int (*callback_fn)(void *map, int *key, void *value),
			       unsigned int flags) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

#ifndef TWC_NO_LICENSE
char _license[] SEC("license") = "GPL";
#endif

#endif /* __TWC_H__ */
