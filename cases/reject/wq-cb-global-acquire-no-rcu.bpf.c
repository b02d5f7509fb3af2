/* 7.3 verifies a global function once per context it is called from: the
 * same global that is fine from the (non-sleepable) tc program fails when
 * a sleepable wq callback calls it, as its load of the __rcu field
 * task->real_parent is not RCU protected there.
 * Enforced by: check_func_call (sub_aux->called[sleepable]), do_check_subprogs, check_kfunc_args
 * Rule: CB-SLP-04
 */
#include "twc.h"

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

struct elem {
	struct bpf_wq w;
	u64 data;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

__attribute__((noinline)) int global_acquire(void)
{
	struct task_struct *ref;

	ref = bpf_task_acquire(bpf_get_current_task_btf()->real_parent);
	if (ref)
		bpf_task_release(ref);
	return 0;
}

static int wq_cb(void *map, int *key, void *value)
{
	global_acquire();
	return 0;
}

SEC("tc")
__failure __msg("R1 must be a rcu pointer") __errno(EINVAL)
__rule("CB-SLP-04")
__description("tc program and its wq callback call a global acquiring real_parent")
int wq_cb_global_acquire_no_rcu(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val;

	global_acquire();
	val = bpf_map_lookup_elem(&wq_map, &key);
	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	return 0;
}
