/* SPDX-License-Identifier: GPL-2.0 */
/*
 * twc.h: what every twc case includes.
 *
 * Kernel types come from vmlinux.h, generated from the reference kernel's
 * BTF by the build.  Its kfunc prototypes are __weak, which would let a
 * program whose kfunc is missing reach the verifier with a poisoned call;
 * twc declares the timer and workqueue kfuncs itself, strong, so a kernel
 * without one never loads the program.  Every strong kfunc extern of a case
 * object is an implicit __requires("kfunc:NAME") (case/annot.c reads them
 * from the object): where NAME is missing from the kernel's BTF, the case
 * SKIPs with that reason instead of failing in libbpf.  The kfuncs that 7.0
 * renamed are weak pairs with a requirement of their own (below).
 *
 * Project annotation keys (same "comment:" tag form as bpf_misc.h):
 *   __rule(id)       rule id from the rules list, e.g. "TMR-ARG-08"; repeatable
 *   __errno(e)       expected errno of a rejected load, e.g. EINVAL
 *   __requires(r)    a kernel fact the case needs, else SKIP with the reason:
 *                    "kfunc:NAME" (NAME in the kernel's BTF), "preempt_rt",
 *                    "!preempt_rt", or alternatives "kfunc:A|kfunc:B" (one
 *                    of them); on a kfunc extern: a fact of every program
 *                    of the object that calls it
 *   __xfail(why)     a known failure: a FAIL becomes XFAIL, a PASS is XPASS
 */
#ifndef __TWC_H__
#define __TWC_H__

#define BPF_NO_KFUNC_PROTOTYPES
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bpf_misc.h"

#define __rule(id)	__test_tag("twc_rule=" id)
#define __errno(e)	__test_tag("twc_errno=" #e)
#define __requires(r)	__test_tag("twc_requires=" r)
#define __xfail(why)	__test_tag("twc_xfail=" why)

/* Clock ids for bpf_timer_init(): uapi time.h values. */
#define CLOCK_REALTIME	0
#define CLOCK_MONOTONIC	1
#define CLOCK_BOOTTIME	7

/* Timer and workqueue kfuncs (kernel/bpf/helpers.c): bpf_timer_cancel_async
 * since 7.0; bpf_wq_init and bpf_wq_start are in 6.12 and later, not 6.1. */
extern int bpf_timer_cancel_async(struct bpf_timer *timer) __ksym;
extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) __ksym;
extern int bpf_wq_start(struct bpf_wq *wq, unsigned int flags) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

/*
 * Kfuncs that 7.0 renamed.  Since 7.0, bpf_wq_set_callback(wq, cb, flags)
 * and bpf_task_work_schedule_{signal,resume}(task, tw, map, cb) are
 * KF_IMPLICIT_ARGS kfuncs: the verifier supplies the program's aux.  6.12
 * and 6.19 have bpf_wq_set_callback_impl, 6.19 also
 * bpf_task_work_schedule_{signal,resume}_impl (6.12 has no bpf_task_work),
 * with the aux as a last argument the program passes as NULL (void
 * *aux__ign in 6.12, void *aux__prog in 6.19).  7.x keeps the _impl
 * names in BTF with a struct bpf_prog_aux * argument and no kernel symbol:
 * a call to them fails in add_kfunc_call() even as dead code (KF-GEN-04).
 *
 * A case calls the 7.x name; the macro below makes the call
 *
 *	TWC_KFUNC_NEW(name) ? name(args) : name_impl___compat(args, NULL)
 *
 * Both externs are weak.  libbpf strips the ___compat flavour and resolves
 * name_impl___compat as name_impl only where the kernel's prototype ends in
 * void * (6.x); on 7.x the last argument is struct bpf_prog_aux *, the
 * prototypes are incompatible, the extern stays unresolved and libbpf
 * poisons its call.  On 6.x the 7.x name is missing and its call is the
 * poisoned one.  The condition is a constant, so the verifier never walks
 * the poisoned call: it judges the call the kernel has.
 *
 * TWC_KFUNC_NEW is CO-RE: bpf_core_enum_value_exists() on the verifier's
 * enum special_kfunc_type, which has KF_<name> exactly where the verifier
 * knows the 7.x kfunc (7.0, 7.3; 6.12 and 6.19 have KF_<name>_impl; 6.1's
 * BTF has no such enum, and no bpf_wq).  libbpf relocates it to 1 or 0: the
 * 7.3 log shows "r1 = 0x1 ;" then "goto pc+0" (7.3's const_fold makes the
 * constant branch a jump), three instruction slots before the call, and
 * the poisoned call after the function's exit (instruction numbers after it
 * move).  bpf_ksym_exists(name) would test the kfunc itself, but it loads
 * the kfunc's address: the 7.3 log shows "r1 = 0xffffffff853b33c0 ;
 * R1=rdonly_mem(sz=0)", a kernel text address that moves with KASLR on
 * every boot and that the normalizer keeps (it hides map addresses only),
 * and 7.3's diagnostics add the branch to every causal path.  The price of
 * CO-RE is leaning on an enum internal to the verifier: should a kernel
 * rename it, the condition is 0 there, the verifier reaches a poisoned call
 * ("invalid func unknown#2002000...") and the judge reports an ERROR, never
 * a verdict.
 *
 * Each extern of a pair carries __requires("kfunc:name|kfunc:name_impl"):
 * a kernel with neither SKIPs the case with that reason.
 */
#define TWC_KFUNC_NEW(name) bpf_core_enum_value_exists(enum special_kfunc_type, KF_##name)
#define __twc_renamed(name) __weak __ksym __requires("kfunc:" #name "|kfunc:" #name "_impl")

extern int bpf_wq_set_callback(struct bpf_wq *wq,
			       int (*callback_fn)(void *map, int *key, void *value),
			       unsigned int flags) __twc_renamed(bpf_wq_set_callback);
extern int bpf_wq_set_callback_impl___compat(struct bpf_wq *wq,
			       int (*callback_fn)(void *map, int *key, void *value),
			       unsigned int flags, void *aux) __twc_renamed(bpf_wq_set_callback);
#define bpf_wq_set_callback(wq, cb, flags)						\
	(__builtin_expect(TWC_KFUNC_NEW(bpf_wq_set_callback), 1) ?			\
	 bpf_wq_set_callback(wq, cb, flags) :						\
	 bpf_wq_set_callback_impl___compat(wq, cb, flags, NULL))

extern int bpf_task_work_schedule_signal(struct task_struct *task, struct bpf_task_work *tw,
					 void *map__map, bpf_task_work_callback_t callback)
	__twc_renamed(bpf_task_work_schedule_signal);
extern int bpf_task_work_schedule_signal_impl___compat(struct task_struct *task,
					 struct bpf_task_work *tw, void *map__map,
					 bpf_task_work_callback_t callback, void *aux)
	__twc_renamed(bpf_task_work_schedule_signal);
#define bpf_task_work_schedule_signal(task, tw, map, cb)				\
	(__builtin_expect(TWC_KFUNC_NEW(bpf_task_work_schedule_signal), 1) ?		\
	 bpf_task_work_schedule_signal(task, tw, map, cb) :				\
	 bpf_task_work_schedule_signal_impl___compat(task, tw, map, cb, NULL))

extern int bpf_task_work_schedule_resume(struct task_struct *task, struct bpf_task_work *tw,
					 void *map__map, bpf_task_work_callback_t callback)
	__twc_renamed(bpf_task_work_schedule_resume);
extern int bpf_task_work_schedule_resume_impl___compat(struct task_struct *task,
					 struct bpf_task_work *tw, void *map__map,
					 bpf_task_work_callback_t callback, void *aux)
	__twc_renamed(bpf_task_work_schedule_resume);
#define bpf_task_work_schedule_resume(task, tw, map, cb)				\
	(__builtin_expect(TWC_KFUNC_NEW(bpf_task_work_schedule_resume), 1) ?		\
	 bpf_task_work_schedule_resume(task, tw, map, cb) :				\
	 bpf_task_work_schedule_resume_impl___compat(task, tw, map, cb, NULL))

#ifndef TWC_NO_LICENSE
char _license[] SEC("license") = "GPL";
#endif

#endif /* __TWC_H__ */
