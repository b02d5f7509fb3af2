/* A sleepable bpf_wq callback may not return inside an RCU read-side
 * section it opened either.
 * Enforced by: process_bpf_exit_full -> check_resource_leak
 * Rule: CB-CTX-02
 */
#include "twc.h"

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
	struct elem *e = value;

	bpf_rcu_read_lock();
	e->data++;
	return 0;
}

SEC("tc")
__failure __msg("BPF_EXIT instruction in main prog cannot be used inside bpf_rcu_read_lock-ed region")
__errno(EINVAL) __rule("CB-CTX-02")
__description("wq callback returns inside bpf_rcu_read_lock")
int wq_cb_exit_holding_rcu_lock(struct __sk_buff *skb)
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
