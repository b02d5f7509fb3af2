/* The installer's RCU read-side section is not carried into the callback:
 * a callback installed inside bpf_rcu_read_lock() starts with no RCU lock
 * and may exit without unlocking.
 * Enforced by: push_async_cb (no locks, RCU, preempt or IRQ state inherited)
 * Rule: CB-DO-01
 */
#include "twc.h"

struct elem {
	u64 runs;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static int timer_cb(void *map, int *key, struct elem *val)
{
	val->runs++;
	return 0;
}

SEC("tc")
__success __rule("CB-DO-01")
__description("callback installed inside an RCU read-side section")
int cb_installed_under_rcu_lock(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_rcu_read_lock();
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	bpf_timer_start(&val->t, 1000, 0);
	bpf_rcu_read_unlock();
	return 0;
}
