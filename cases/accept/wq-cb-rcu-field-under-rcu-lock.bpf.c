/* Inside an explicit bpf_rcu_read_lock() section a sleepable wq callback
 * loads the __rcu field task->real_parent as an RCU pointer and may
 * acquire it.
 * Enforced by: in_rcu_cs (active_rcu_locks), check_kfunc_args (KF_RCU)
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

static int wq_cb(void *map, int *key, void *value)
{
	struct task_struct *ref;

	bpf_rcu_read_lock();
	ref = bpf_task_acquire(bpf_get_current_task_btf()->real_parent);
	bpf_rcu_read_unlock();
	if (ref)
		bpf_task_release(ref);
	return 0;
}

SEC("tc")
__success __rule("CB-SLP-04")
__description("wq callback acquires its task's real_parent inside bpf_rcu_read_lock")
int wq_cb_rcu_field_under_rcu_lock(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&wq_map, &key);

	if (!val)
		return 0;
	if (bpf_wq_init(&val->w, &wq_map, 0))
		return 0;
	bpf_wq_set_callback(&val->w, wq_cb, 0);
	return 0;
}
