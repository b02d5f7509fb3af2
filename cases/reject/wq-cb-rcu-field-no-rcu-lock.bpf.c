/* In a sleepable wq callback there is no implicit RCU read-side section:
 * the __rcu field task->real_parent loaded outside bpf_rcu_read_lock() is
 * not an RCU pointer and bpf_task_acquire refuses it.
 * Enforced by: in_rcu_cs (false in a sleepable state), check_kfunc_args (KF_RCU)
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

static int wq_cb(void *map, int *key, void *value)
{
	struct task_struct *t = bpf_get_current_task_btf()->real_parent, *ref;

	ref = bpf_task_acquire(t);
	if (ref)
		bpf_task_release(ref);
	return 0;
}

SEC("tc")
__failure __msg("R1 must be a rcu pointer") __errno(EINVAL)
__rule("CB-SLP-04")
__description("wq callback acquires its task's real_parent without an RCU lock")
int wq_cb_rcu_field_no_rcu_lock(struct __sk_buff *skb)
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
