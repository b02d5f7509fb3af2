/* A KF_SLEEPABLE kfunc is refused inside an RCU read-side section of a
 * sleepable wq callback.
 * Enforced by: check_kfunc_call (in_sleepable_context, non_sleepable_context_description)
 * Rule: CB-SLP-05
 */
#include "twc.h"

extern int bpf_copy_from_user_str(void *dst, u32 dst__sz, const void *unsafe_ptr__ign,
				  u64 flags) __ksym;

struct elem {
	struct bpf_wq w;
	char buf[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

static int wq_cb(void *map, int *key, void *value)
{
	struct elem *e = value;

	bpf_rcu_read_lock();
	bpf_copy_from_user_str(e->buf, sizeof(e->buf), NULL, 0);
	bpf_rcu_read_unlock();
	return 0;
}

SEC("tc")
__failure __msg("kernel func bpf_copy_from_user_str is sleepable within rcu_read_lock region")
__errno(EACCES) __rule("CB-SLP-05")
__description("wq callback calls bpf_copy_from_user_str inside bpf_rcu_read_lock")
int wq_cb_sleepable_kfunc_in_rcu(struct __sk_buff *skb)
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
