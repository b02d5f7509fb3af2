/* A kfunc may be called only by program types its set is registered for:
 * bpf_task_acquire is in the generic set (tracing, tc, xdp, ...), not in
 * any set a socket filter may use.
 * Enforced by: bpf_fetch_kfunc_arg_meta (btf_kfunc_is_allowed), check_kfunc_call
 * Rule: KF-GEN-03
 */
#include "twc.h"

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

SEC("socket")
__failure __msg("calling kernel function bpf_task_acquire is not allowed")
__errno(EACCES) __rule("KF-GEN-03")
__requires("kfunc:bpf_task_acquire")
__description("socket filter calls bpf_task_acquire")
int kfunc_not_in_prog_type_set(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_acquire(NULL);

	if (t)
		bpf_task_release(t);
	return 0;
}
