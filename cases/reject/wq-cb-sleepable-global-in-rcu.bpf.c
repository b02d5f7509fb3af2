/* A sleeping global function may not be called inside an RCU read-side
 * section of a wq callback; the message names the region.
 * Enforced by: check_func_call (non_sleepable_context_description)
 * Rule: CB-SLP-06, CB-SLP-05
 */
#include "twc.h"

struct elem {
	struct bpf_wq w;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} wq_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, u64);
} data_map SEC(".maps");

__attribute__((noinline)) int global_copy(void)
{
	int key = 0;
	u64 *d = bpf_map_lookup_elem(&data_map, &key);

	if (!d)
		return 0;
	return bpf_copy_from_user(d, sizeof(*d), NULL);
}

static int wq_cb(void *map, int *key, void *value)
{
	bpf_rcu_read_lock();
	global_copy();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("tc")
__failure __msg("sleepable global function global_copy() called in rcu_read_lock region")
__errno(EINVAL) __rule("CB-SLP-06") __rule("CB-SLP-05")
__description("wq callback calls a sleeping global function inside bpf_rcu_read_lock")
int wq_cb_sleepable_global_in_rcu(struct __sk_buff *skb)
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
