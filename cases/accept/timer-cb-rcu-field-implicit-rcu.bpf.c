/* A timer callback is non-sleepable and runs in an implicit RCU read-side
 * section: the load of the __rcu field task->real_parent, which a wq
 * callback needs bpf_rcu_read_lock for, is an RCU pointer here without it.
 * Enforced by: in_rcu_cs (!in_sleepable), check_kfunc_args (KF_RCU)
 * Rule: CB-SLP-04 (allowed side), CB-SLP-01
 */
#include "twc.h"

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

struct elem {
	struct bpf_timer t;
	u64 data;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *e)
{
	struct task_struct *t = bpf_get_current_task_btf()->real_parent, *ref;

	ref = bpf_task_acquire(t);
	if (ref)
		bpf_task_release(ref);
	return 0;
}

SEC("tc")
__success __rule("CB-SLP-04") __rule("CB-SLP-01")
__description("timer callback acquires its task's real_parent without an explicit RCU lock")
int timer_cb_rcu_field_implicit_rcu(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
