/* A timer callback may take and release the value's bpf_spin_lock, and
 * call a static function while holding it.
 * Enforced by: check_resource_leak, do_check (calls under a lock)
 * Rule: CB-CTX-01 (allowed side), CB-CTX-11 (allowed side)
 */
#include "twc.h"

struct elem {
	struct bpf_timer t;
	struct bpf_spin_lock lock;
	u64 data;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

static __attribute__((noinline)) void bump(struct elem *val)
{
	val->data++;
}

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_spin_lock(&val->lock);
	bump(val);
	bpf_spin_unlock(&val->lock);
	return 0;
}

SEC("tc")
__success __rule("CB-CTX-01") __rule("CB-CTX-11")
__description("timer callback locks, calls a static function, unlocks")
int timer_cb_spin_lock_balanced(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
