/* An async callback may not return inside an RCU read-side section it
 * opened.
 * Enforced by: process_bpf_exit_full -> check_resource_leak
 * Rule: CB-CTX-02
 */
#include "twc.h"

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

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_rcu_read_lock();
	val->data++;
	return 0;
}

SEC("tc")
__failure __msg("BPF_EXIT instruction in main prog cannot be used inside bpf_rcu_read_lock-ed region")
__errno(EINVAL) __rule("CB-CTX-02")
__description("timer callback returns inside bpf_rcu_read_lock")
int timer_cb_exit_holding_rcu_lock(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
