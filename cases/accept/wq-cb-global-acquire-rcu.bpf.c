/* A global function called from a wq callback inside bpf_rcu_read_lock()
 * is verified in that protected context (as well as from the tc program)
 * and may acquire the task it loads from the __rcu field
 * task->real_parent.
 * Enforced by: check_func_call (sub_aux->called[in_sleepable_context]), do_check_subprogs
 * Rule: CB-SLP-04 (allowed side)
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
	bpf_rcu_read_lock();
	global_acquire();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("tc")
__success __rule("CB-SLP-04")
__description("wq callback calls the acquiring global inside bpf_rcu_read_lock")
int wq_cb_global_acquire_rcu(struct __sk_buff *skb)
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
