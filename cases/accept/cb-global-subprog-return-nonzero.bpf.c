/* Only the async callback's own exit is range-checked: a global function
 * called from the callback may return any int, checked only as a global
 * function's scalar return.
 * Enforced by: check_global_subprog_return_code, check_return_code (frame 0 of the callback)
 * Rule: CB-RET-07
 */
#include "twc.h"

struct elem {
	u64 last;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} timer_map SEC(".maps");

__attribute__((noinline)) int global_seven(int x)
{
	return x + 7;
}

static int timer_cb(void *map, int *key, struct elem *val)
{
	val->last = global_seven(*key);
	return 0;
}

SEC("tc")
__success __rule("CB-RET-07")
__description("timer callback calls a global function that returns 7")
int cb_global_subprog_return_nonzero(struct __sk_buff *skb)
{
	int key = 0;
	struct elem *val = bpf_map_lookup_elem(&timer_map, &key);

	if (!val)
		return 0;
	bpf_timer_init(&val->t, &timer_map, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&val->t, timer_cb);
	return 0;
}
