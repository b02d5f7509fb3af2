/* Inside a timer callback, as anywhere, a global function may not be
 * called while a bpf_spin_lock is held.
 * Enforced by: check_func_call (active_locks)
 * Rule: CB-CTX-11
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

__attribute__((noinline)) int global_twice(int x)
{
	return 2 * x;
}

static int timer_cb(void *map, int *key, struct elem *val)
{
	bpf_spin_lock(&val->lock);
	val->data = global_twice(*key);
	bpf_spin_unlock(&val->lock);
	return 0;
}

SEC("tc")
__failure __msg("global function calls are not allowed while holding a lock,\nuse static function instead")
__errno(EINVAL) __rule("CB-CTX-11")
__description("timer callback calls a global function under its spin lock")
int timer_cb_global_call_under_lock(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
